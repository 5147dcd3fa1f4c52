// Package facts is the read model of the record's figures: the indicators
// of every inspection as of any day, rolled up the tree of units, the
// deadline chart, the red and yellow problems of today and the owners and
// leaders lists filter on — for the overview (总览), the API's stats, the
// command line's stats and the to-do count alike, counted by one rule
// (rectify.Indicators.Add's, held to it by the tests).
//
// An Index keeps what it counted of each inspection, not its problems:
// the counts as of a few days (rectify.Indicators and the deadline chart's
// weeks), the red and yellow problems of a few days, how many problems it
// has and the owners and leaders they name — a few hundred bytes an
// inspection and a day, whatever the number of problems. What it has not
// counted it reads from the store: the problems' facts of the inspections
// asked for (store.ReadFactsEach), laid out for counting one chunk at a
// time (a tally: fixed-size rows of day numbers), counted and let go. So
// the memory it holds grows with the inspections and the days asked for,
// never with the problems, and the first count of a day reads the record
// once.
//
// It follows the record through the audit log: every change appends to it
// in its own transaction, whichever process makes it, so its head
// (store.Generation) says whether anything changed, and the entries after
// the head the index has name the inspections whose counts to forget. A
// request checks the head (one indexed read) and, when it moved, reads
// which inspections changed and counts those again. Several servers on one
// database each keep an index and each sees every write of the others on
// its next request.
package facts

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/zhsort"
)

// Source is what an Index reads; *store.Store provides it.
type Source interface {
	// Generation returns the head of the audit log.
	Generation(ctx context.Context) (int64, error)
	// ReadFactsEach reads, in one snapshot, what changed after afterSeq
	// (everything with 0), asks of which inspections' problems to read
	// (all when all), and hands their facts to each, in chunks.
	ReadFactsEach(ctx context.Context, afterSeq int64, of func(d *store.FactsDelta) (ids []int64, all bool),
		each func(d *store.FactsDelta, ps []*store.ProblemFact) error) (*store.FactsDelta, error)
}

// Index is the record's inspections as of a generation, with what was
// counted of them. It is safe for concurrent use.
type Index struct {
	src  Source
	mu   sync.Mutex // one read of the store at a time; guards what follows
	view atomic.Pointer[View]
	// seq is the generation the memo is of (the latest view's).
	seq  int64
	memo map[int64]*entry // by inspection
	// days and lates are the days (with a warning window) counted and
	// the days whose red and yellow problems are, the least recently used
	// first; at most maxMemoDays each.
	days, lates []memoKey
	// names interns owners and leaders.
	names   []string
	nameIdx map[string]uint32
	// figs keeps the figures of a few scopes, each of one generation.
	figs atomic.Pointer[figureCache]
	// everything makes every read take every problem: for the tests of
	// that way of reading.
	everything bool
}

// entry is what an index counted of one inspection.
type entry struct {
	read            bool // problems, owners and leaders are known
	problems        int
	owners, leaders []uint32 // sorted, each once
	counts          []dayCount
	late            []dayLate
}

type dayCount struct {
	k memoKey
	c *Count
}

type dayLate struct {
	k memoKey
	n int
}

func (e *entry) count(k memoKey) *Count {
	for _, dc := range e.counts {
		if dc.k == k {
			return dc.c
		}
	}
	return nil
}

func (e *entry) lateOf(k memoKey) (int, bool) {
	for _, dl := range e.late {
		if dl.k == k {
			return dl.n, true
		}
	}
	return 0, false
}

// has reports whether e holds everything n asks of an inspection.
func (e *entry) has(n *need) bool {
	if e == nil || !e.read {
		return false
	}
	for _, k := range n.counts {
		if e.count(k) == nil {
			return false
		}
	}
	for _, k := range n.lates {
		if _, ok := e.lateOf(k); !ok {
			return false
		}
	}
	return true
}

// View is the record's inspections at one generation, and the way to
// their counts. Read it, don't change it.
type View struct {
	x           *Index
	seq         int64
	inspections map[int64]*store.InspectionFact
	byID        []*store.InspectionFact // the inspections ordered by ID
	units       []*rectify.Unit         // every unit, in tree order
	// choiceMemo keeps the filter choices of a scope (a choiceSet by
	// scope path) for this generation.
	choiceMemo *sync.Map
}

// New returns an index that reads src on its first use.
func New(src Source) *Index {
	x := &Index{src: src, memo: map[int64]*entry{}, names: []string{""}, nameIdx: map[string]uint32{"": 0}}
	x.figs.Store(newFigureCache(maxFigures))
	return x
}

// maxFigures is how many scopes' figures an index keeps.
const maxFigures = 8

// Current returns the record's inspections as they are now, reading what
// changed since the last call. It returns an error when the store cannot
// be read.
func (x *Index) Current(ctx context.Context) (*View, error) {
	seq, err := x.src.Generation(ctx)
	if err != nil {
		return nil, err
	}
	if v := x.view.Load(); v != nil && v.seq == seq {
		return v, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if v := x.view.Load(); v != nil && v.seq >= seq {
		return v, nil // another request read it meanwhile
	}
	if err := x.read(ctx, nil); err != nil {
		return nil, err
	}
	return x.view.Load(), nil
}

// Forget drops every count remembered, so that the next request counts
// from the facts: for benchmarks of the counting itself.
func (x *Index) Forget() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.figs.Store(newFigureCache(maxFigures))
	x.memo, x.days, x.lates = map[int64]*entry{}, nil, nil
	if v := x.view.Load(); v != nil {
		fresh := *v
		fresh.choiceMemo = &sync.Map{}
		x.view.Store(&fresh)
	}
}

// Rewind makes the index believe it is n entries of the log behind, so
// that the next request reads them again, as after a change made
// meanwhile: for benchmarks of the refresh.
func (x *Index) Rewind(n int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.figs.Store(newFigureCache(maxFigures))
	if v := x.view.Load(); v != nil {
		back := *v
		back.seq -= n
		x.seq = back.seq
		x.view.Store(&back)
	}
}

// intern returns the number of name (under mu).
func (x *Index) intern(name string) uint32 {
	if i, ok := x.nameIdx[name]; ok {
		return i
	}
	i := uint32(len(x.names))
	x.names = append(x.names, name)
	x.nameIdx[name] = i
	return i
}

// need is what a request asks of some inspections: that they be read (how
// many problems, which owners and leaders), and their counts as of the
// days of counts, their red and yellow problems of the days of lates.
type need struct {
	ids    []int64
	counts []memoKey
	lates  []memoKey
}

// alongside adds to n the red and yellow problems of the days it counts
// and the counts of the days whose red and yellow problems it asks for:
// when every problem is read, the overview's figures and the to-do
// count's lights of today cost little more than either.
func (n *need) alongside() {
	counts, lates := n.counts, n.lates
	for _, k := range counts {
		if !slices.Contains(n.lates, k) {
			n.lates = append(n.lates, k)
		}
	}
	for _, k := range lates {
		if !slices.Contains(n.counts, k) {
			n.counts = append(n.counts, k)
		}
	}
}

// partial is what the chunks read so far counted of one inspection.
type partial struct {
	problems        int
	owners, leaders []uint32
	counts          []Count // as of need.counts
	lates           []int   // as of need.lates
}

// readAll is the share of an index's inspections missing from the memo
// past which a read takes every problem in order rather than those of the
// inspections missing.
const readAll = 4

// read moves the index to the store's generation (the inspections a change
// touched forgotten) and, with n, counts what n asks and the memo lacks,
// all in one snapshot (under mu).
func (x *Index) read(ctx context.Context, n *need) error {
	base := x.view.Load()
	after := x.seq
	if base == nil {
		after = 0
	}
	var nv *View
	var drop map[int64]bool
	dropAll := false
	var wanted map[int64]bool // the inspections counted, or every one
	acc := map[int64]*partial{}
	d, err := x.src.ReadFactsEach(ctx, after, func(d *store.FactsDelta) ([]int64, bool) {
		nv, drop, dropAll = x.advance(base, d)
		if n == nil {
			return nil, false
		}
		var ids []int64
		for _, id := range n.ids {
			if nv.inspections[id] == nil {
				continue
			}
			if dropAll || drop[id] || !x.memo[id].has(n) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 && x.everything || len(ids) > 64 && len(ids)*readAll > len(nv.byID) {
			n.alongside()
			return nil, true
		}
		wanted = make(map[int64]bool, len(ids))
		for _, id := range ids {
			wanted[id] = true
		}
		return ids, false
	}, func(d *store.FactsDelta, ps []*store.ProblemFact) error {
		if n == nil {
			return nil
		}
		byInspection := map[int64][]*store.ProblemFact{}
		for _, p := range ps {
			byInspection[p.InspectionID] = append(byInspection[p.InspectionID], p)
		}
		for id, ps := range byInspection {
			// An inspection whose problems span chunks adds up.
			p := acc[id]
			if p == nil {
				p = &partial{counts: make([]Count, len(n.counts)), lates: make([]int, len(n.lates))}
				acc[id] = p
			}
			x.tallyInto(p, n, x.newTally(nil, nil, ps))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if nv == nil { // a source that asked nothing
		nv, drop, dropAll = x.advance(base, d)
	}
	// What changed is forgotten; the view moves on.
	switch {
	case dropAll:
		x.memo = map[int64]*entry{}
		x.days, x.lates = nil, nil
	default:
		for id := range drop {
			delete(x.memo, id)
		}
	}
	x.seq = d.Seq
	x.view.Store(nv)
	if n == nil {
		return nil
	}
	for _, k := range n.counts {
		x.days = x.remember(x.days, k, func(e *entry, old memoKey) {
			e.counts = slices.DeleteFunc(e.counts, func(dc dayCount) bool { return dc.k == old })
		})
	}
	for _, k := range n.lates {
		x.lates = x.remember(x.lates, k, func(e *entry, old memoKey) {
			e.late = slices.DeleteFunc(e.late, func(dl dayLate) bool { return dl.k == old })
		})
	}
	for _, in := range nv.byID {
		if wanted != nil && !wanted[in.ID] {
			continue
		}
		x.keep(in, n, acc[in.ID])
	}
	return nil
}

// remember puts k last in keys, the most recently used, and when keys are
// more than maxMemoDays drops the first from every entry with forget.
func (x *Index) remember(keys []memoKey, k memoKey, forget func(e *entry, old memoKey)) []memoKey {
	if i := slices.Index(keys, k); i >= 0 {
		keys = slices.Delete(keys, i, i+1)
	}
	keys = append(keys, k)
	for len(keys) > maxMemoDays {
		old := keys[0]
		for _, e := range x.memo {
			forget(e, old)
		}
		keys = keys[1:]
	}
	return keys
}

// keep puts what p counted of inspection in (nothing: no problems) into
// its entry, finishing the counts with its rules and accountability.
func (x *Index) keep(in *store.InspectionFact, n *need, p *partial) {
	if p == nil {
		p = &partial{counts: make([]Count, len(n.counts)), lates: make([]int, len(n.lates))}
	}
	e := x.memo[in.ID]
	if e == nil {
		e = &entry{}
		x.memo[in.ID] = e
	}
	e.read, e.problems = true, p.problems
	e.owners, e.leaders = sortedSet(p.owners), sortedSet(p.leaders)
	for i, k := range n.counts {
		c := p.counts[i]
		c.Ind.AsOf = k.asOf
		c.Ind.Rules = countDates(in.Rules, k.asOf)
		c.Ind.Accountability = countDates(in.Accountability, k.asOf)
		c.Ind.Finish()
		if old := e.count(k); old != nil {
			*old = c
		} else {
			e.counts = append(e.counts, dayCount{k, &c})
		}
	}
	for i, k := range n.lates {
		e.late = slices.DeleteFunc(e.late, func(dl dayLate) bool { return dl.k == k })
		e.late = append(e.late, dayLate{k, p.lates[i]})
	}
}

// sortedSet returns ns sorted, each once.
func sortedSet(ns []uint32) []uint32 {
	slices.Sort(ns)
	return slices.Clip(slices.Compact(ns))
}

// tallyInto adds what t counts, as n asks, to p.
func (x *Index) tallyInto(p *partial, n *need, t *tally) {
	p.problems += len(t.rows)
	for i := range t.rows {
		p.owners = append(p.owners, t.rows[i].owner)
		p.leaders = append(p.leaders, t.rows[i].leader)
	}
	p.owners, p.leaders = sortedSet(p.owners), sortedSet(p.leaders)
	for i, k := range n.counts {
		p.counts[i].add(t.count(k.asOf, k.warn))
	}
	for i, k := range n.lates {
		p.lates[i] += t.late(k.asOf, k.warn)
	}
}

// add adds the counts of o to c.
func (c *Count) add(o Count) {
	c.Ind.Merge(o.Ind)
	c.Overdue += o.Overdue
	for i := range c.Weeks {
		c.Weeks[i][0] += o.Weeks[i][0]
		c.Weeks[i][1] += o.Weeks[i][1]
	}
}

// advance returns the view after d, and the inspections whose counts d
// makes stale (every one when all), without changing the index (under
// mu).
func (x *Index) advance(v *View, d *store.FactsDelta) (nv *View, drop map[int64]bool, all bool) {
	nv = &View{x: x, seq: d.Seq, choiceMemo: &sync.Map{}}
	all = d.Full || v == nil
	drop = make(map[int64]bool, len(d.Touched))
	for _, id := range d.Touched {
		drop[id] = true
	}
	switch {
	case d.InspectionsRead:
		nv.inspections = make(map[int64]*store.InspectionFact, len(d.Inspections))
		for _, in := range d.Inspections {
			nv.inspections[in.ID] = in
			// An inspection new or changed (its rules, accountability,
			// unit or round) is counted again.
			if v != nil && !sameInspection(v.inspections[in.ID], in) {
				drop[in.ID] = true
			}
		}
		if v != nil {
			for id := range v.inspections {
				if nv.inspections[id] == nil {
					drop[id] = true
				}
			}
		}
		nv.byID = slices.SortedFunc(maps.Values(nv.inspections), func(a, b *store.InspectionFact) int { return cmp.Compare(a.ID, b.ID) })
		nv.units = d.Units
	case v != nil:
		nv.inspections, nv.byID, nv.units = v.inspections, v.byID, v.units
	default:
		nv.inspections = map[int64]*store.InspectionFact{}
	}
	return nv, drop, all
}

// sameInspection reports whether a and b count alike.
func sameInspection(a, b *store.InspectionFact) bool {
	return a != nil && b != nil && a.UnitID == b.UnitID && a.Round == b.Round && a.Source == b.Source &&
		slices.Equal(a.Rules, b.Rules) && slices.Equal(a.Accountability, b.Accountability)
}

// ensure makes the memo hold what n asks of its inspections, reading the
// store when it does not, and returns the generation the memo is of
// (under mu).
func (x *Index) ensure(ctx context.Context, v *View, n *need) error {
	if x.seq >= v.seq {
		missing := false
		for _, id := range n.ids {
			if !x.memo[id].has(n) && x.view.Load().inspections[id] != nil {
				missing = true
				break
			}
		}
		if !missing {
			return nil
		}
	}
	return x.read(ctx, n)
}

// Seq returns the generation (the head of the audit log) the view is of.
func (v *View) Seq() int64 { return v.seq }

// Units returns the units whose path lies under scope ("" for all) in
// tree order, as store.ListUnits gives them, of the view's generation.
// Read them, don't change them: the view shares them.
func (v *View) Units(scope string) []*rectify.Unit {
	if scope == "" {
		return v.units
	}
	if !strings.HasSuffix(scope, "/") {
		scope += "/"
	}
	var out []*rectify.Unit
	for _, u := range v.units {
		if rectify.Within(u.Path, scope) {
			out = append(out, u)
		}
	}
	return out
}

// Inspection returns the facts of inspection id, or nil.
func (v *View) Inspection(id int64) *store.InspectionFact { return v.inspections[id] }

// Problems returns how many problems inspection id has. It returns an
// error when the store cannot be read.
func (v *View) Problems(ctx context.Context, id int64) (int, error) {
	x := v.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.ensure(ctx, v, &need{ids: []int64{id}}); err != nil {
		return 0, err
	}
	if e := x.memo[id]; e != nil {
		return e.problems, nil
	}
	return 0, nil
}

// Count is what is counted of one inspection as of a day: its indicators
// and its open problems by when they fall due.
type Count struct {
	Ind     rectify.Indicators
	Overdue int
	Weeks   [DeadlineWeeks][2]int // yellow, other
}

// DeadlineWeeks is how many weeks ahead the deadline chart looks.
const DeadlineWeeks = 8

// Counts returns the counts of each of ins as of asOf with a warning window
// of warn days, counting what the index has not, with the generation they
// are of (the view's, or a later one when the record changed meanwhile).
// Read them, don't change them: the index shares them. It returns an error
// when the store cannot be read.
func (v *View) Counts(ctx context.Context, ins []*store.InspectionFact, asOf rectify.Date, warn int) ([]Count, int64, error) {
	key := memoKey{asOf, warn}
	ids := make([]int64, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	x := v.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.ensure(ctx, v, &need{ids: ids, counts: []memoKey{key}}); err != nil {
		return nil, 0, err
	}
	out := make([]Count, len(ins))
	for i, in := range ins {
		if e := x.memo[in.ID]; e != nil {
			if c := e.count(key); c != nil {
				out[i] = *c
				continue
			}
		}
		// Gone meanwhile: nothing to count.
		out[i] = Count{Ind: rectify.Indicators{AsOf: asOf}}
	}
	return out, x.seq, nil
}

// Indicators returns the indicators of one inspection as of asOf, as
// rectify.Compute gives them for its problems, rules and accountability.
// It returns an error when the store cannot be read.
func (v *View) Indicators(ctx context.Context, in *store.InspectionFact, asOf rectify.Date) (rectify.Indicators, error) {
	cs, _, err := v.Counts(ctx, []*store.InspectionFact{in}, asOf, rectify.DefaultWarnDays)
	if err != nil {
		return rectify.Indicators{}, err
	}
	return cs[0].Ind, nil
}

// Late returns how many problems of the inspections ins are red or yellow
// on today, each inspection's with the warning window warn gives it
// (rectify.LightOf on each problem's current status, deadline and next
// milestone). It returns an error when the store cannot be read.
func (v *View) Late(ctx context.Context, ins []*store.InspectionFact, today rectify.Date, warn func(in *store.InspectionFact) int) (int, error) {
	var keys []memoKey
	byKey := map[memoKey][]int64{}
	for _, in := range ins {
		k := memoKey{today, warn(in)}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], in.ID)
	}
	x := v.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(keys) > maxMemoDays {
		// More windows than the memo keeps: one window at a time.
		total := 0
		for _, k := range keys {
			if err := x.ensure(ctx, v, &need{ids: byKey[k], lates: []memoKey{k}}); err != nil {
				return 0, err
			}
			total += x.sumLate(byKey[k], k)
		}
		return total, nil
	}
	var ids []int64
	for _, k := range keys {
		ids = append(ids, byKey[k]...)
	}
	if err := x.ensure(ctx, v, &need{ids: ids, lates: keys}); err != nil {
		return 0, err
	}
	total := 0
	for _, k := range keys {
		total += x.sumLate(byKey[k], k)
	}
	return total, nil
}

// sumLate returns the red and yellow problems of ids on day k (under mu).
func (x *Index) sumLate(ids []int64, k memoKey) int {
	n := 0
	for _, id := range ids {
		if e := x.memo[id]; e != nil {
			l, _ := e.lateOf(k)
			n += l
		}
	}
	return n
}

// memoKey is a day counted as of, with the warning window of the deadline
// chart (or of the lights).
type memoKey struct {
	asOf rectify.Date
	warn int
}

// maxMemoDays is how many days the memo keeps counts of.
const maxMemoDays = 8

// unitSet returns the units by ID.
func unitSet(units []*rectify.Unit) map[int64]*rectify.Unit {
	m := make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		m[u.ID] = u
	}
	return m
}

// InScope returns the inspections of the units whose path lies under
// scope ("" for all) among units, ordered by ID.
func (v *View) InScope(units []*rectify.Unit, scope string) []*store.InspectionFact {
	set := unitSet(units)
	var out []*store.InspectionFact
	for _, in := range v.byID {
		if u := set[in.UnitID]; u != nil && (scope == "" || rectify.Within(u.Path, scope)) {
			out = append(out, in)
		}
	}
	return out
}

// countDates returns how many of ds are on or before asOf.
func countDates(ds []rectify.Date, asOf rectify.Date) int {
	n := 0
	for _, d := range ds {
		if !d.After(asOf) {
			n++
		}
	}
	return n
}

// MaxChoices bounds the owner units and leaders a filter offers.
const MaxChoices = 300

// choiceSet is the owner units and leaders a list may be filtered by.
type choiceSet struct{ owners, leaders []string }

// Choices returns the owner units (责任单位) and leaders (责任领导) of the
// problems of the inspections in scope, sorted by pinyin, at most
// MaxChoices each; worked out once a generation. It returns an error when
// the store cannot be read.
func (v *View) Choices(ctx context.Context, units []*rectify.Unit, scope string) (owners, leaders []string, err error) {
	if c, ok := v.choiceMemo.Load(scope); ok {
		cs := c.(choiceSet)
		return cs.owners, cs.leaders, nil
	}
	cs, err := v.choices(ctx, v.InScope(units, scope))
	if err != nil {
		return nil, nil, err
	}
	v.choiceMemo.Store(scope, cs)
	return cs.owners, cs.leaders, nil
}

// InspectionChoices returns the owner units and leaders of the problems of
// inspection id, as Choices does for a scope.
func (v *View) InspectionChoices(ctx context.Context, id int64) (owners, leaders []string, err error) {
	in := v.inspections[id]
	if in == nil {
		return nil, nil, nil
	}
	cs, err := v.choices(ctx, []*store.InspectionFact{in})
	return cs.owners, cs.leaders, err
}

// choices returns the owners and leaders of the problems of ins.
func (v *View) choices(ctx context.Context, ins []*store.InspectionFact) (choiceSet, error) {
	ids := make([]int64, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	x := v.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.ensure(ctx, v, &need{ids: ids}); err != nil {
		return choiceSet{}, err
	}
	os, ls := map[uint32]bool{}, map[uint32]bool{}
	for _, id := range ids {
		if e := x.memo[id]; e != nil {
			for _, o := range e.owners {
				os[o] = true
			}
			for _, l := range e.leaders {
				ls[l] = true
			}
		}
	}
	return choiceSet{x.firstSorted(os), x.firstSorted(ls)}, nil
}

// firstSorted returns the names numbered in set by pinyin, at most
// MaxChoices (under mu).
func (x *Index) firstSorted(set map[uint32]bool) []string {
	out := make([]string, 0, len(set))
	for i := range set {
		if i != 0 {
			out = append(out, x.names[i])
		}
	}
	zhsort.Strings(out)
	if len(out) > MaxChoices {
		out = out[:MaxChoices]
	}
	return out
}
