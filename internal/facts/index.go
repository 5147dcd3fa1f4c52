// Package facts is the read model of the record's figures: the indicators
// of every inspection as of any day, rolled up the tree of units, the
// deadline chart, the red and yellow problems of today and the owners and
// leaders lists filter on — for the overview (总览), the API's stats, the
// command line's stats and the to-do count alike, counted by one rule
// (rectify.Indicators.Add's, held to it by the tests).
//
// The overview counts 50,000 problems in a few milliseconds because it does
// not read them for every request. An Index keeps the facts of every
// problem laid out for counting (a tally per inspection: fixed-size rows
// of day numbers, no pointer, no string) and of every inspection, read
// once, and follows the record through the audit log: every change appends
// to it in its own transaction, whichever process makes it, so its head
// (store.Generation) says whether anything changed, and the entries after
// the head the index has name the problems and inspections to read again.
// A request checks the head (one indexed read) and, when it moved, reads
// only what changed. Several servers on one database each keep an index
// and each sees every write of the others on its next request.
//
// Memory: about 170 bytes a problem (its row, its status history and done
// days as int32 day numbers, its place in a map for refreshes) and a few
// hundred an inspection; names of owners and leaders are kept once each.
// The first read takes the store's facts in chunks (store.ReadFactsEach),
// so that it never holds more than a chunk of them besides the tallies. The counts of a few days are
// memoised per inspection, and the figures of a few scopes.
package facts

import (
	"cmp"
	"context"
	"maps"
	"slices"
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
	// ReadFactsEach hands the facts changed after afterSeq (all with 0) to
	// each, in chunks when it reads everything.
	ReadFactsEach(ctx context.Context, afterSeq int64, each func(d *store.FactsDelta, ps []*store.ProblemFact) error) (*store.FactsDelta, error)
}

// Index is the record's facts as of a generation. Its views are immutable
// and replaced whole; refreshes take turns. It is safe for concurrent use.
type Index struct {
	src  Source
	mu   sync.Mutex // one refresh at a time
	view atomic.Pointer[View]
	// where holds the inspection of every problem, for refreshes (under mu).
	where map[int64]int64
	// names interns owners and leaders (under mu; views share a prefix).
	names   []string
	nameIdx map[string]uint32
	// memo keeps each inspection's counts as of a day across views: a
	// change counts again only the inspections it touched.
	memo *figureMemo
	figs *figureCache
}

// View is the facts of the record at one generation. Read it, don't
// change it.
type View struct {
	seq         int64
	inspections map[int64]*store.InspectionFact
	byID        []*store.InspectionFact // the inspections ordered by ID
	// tallies holds the problems' facts by inspection, laid out for
	// counting.
	tallies map[int64]*tally
	names   []string
	memo    *figureMemo
	figs    *figureCache
	// choiceMemo keeps the filter choices of a scope (a choiceSet by
	// scope path) and lateMemo the red and yellow counts of an inspection
	// (by lateKey) for this generation.
	choiceMemo *sync.Map
	lateMemo   *sync.Map
}

// New returns an index that reads src on its first use.
func New(src Source) *Index {
	return &Index{src: src, memo: newFigureMemo(), figs: newFigureCache(64), names: []string{""}, nameIdx: map[string]uint32{"": 0}}
}

// Current returns the facts of the record as it is now, reading what
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
	v := x.view.Load()
	if v != nil && v.seq >= seq {
		return v, nil // another request read it meanwhile
	}
	var after int64
	if v != nil {
		after = v.seq
	}
	nv, err := x.read(ctx, v, after)
	if err != nil {
		return nil, err
	}
	x.view.Store(nv)
	return nv, nil
}

// Forget drops every count remembered, so that the next request counts
// from the facts: for benchmarks of the counting itself.
func (x *Index) Forget() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.figs = newFigureCache(64)
	v := x.view.Load()
	if v == nil {
		x.memo = newFigureMemo()
		return
	}
	x.memo = newFigureMemo()
	x.memo.seq = v.seq
	fresh := *v
	fresh.memo, fresh.figs = x.memo, x.figs
	fresh.choiceMemo, fresh.lateMemo = &sync.Map{}, &sync.Map{}
	x.view.Store(&fresh)
}

// Rewind makes the index believe it is n entries of the log behind, so
// that the next request reads them again, as after a change made
// meanwhile: for benchmarks of the refresh.
func (x *Index) Rewind(n int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.figs = newFigureCache(64)
	if v := x.view.Load(); v != nil {
		back := *v
		back.seq -= n
		back.figs = x.figs
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

// read returns the view after what changed since after, sharing what did
// not change with v, and moves the memo on: the inspections touched are
// counted again. A full read is laid out chunk by chunk, so that it never
// holds more than a chunk of the store's facts (under mu).
func (x *Index) read(ctx context.Context, v *View, after int64) (*View, error) {
	var tallies map[int64]*tally
	touched := map[int64]bool{}
	start := func(d *store.FactsDelta) {
		if tallies != nil {
			return
		}
		if d.Full || v == nil {
			x.where = map[int64]int64{}
			tallies = map[int64]*tally{}
		} else {
			tallies = maps.Clone(v.tallies)
		}
	}
	d, err := x.src.ReadFactsEach(ctx, after, func(d *store.FactsDelta, ps []*store.ProblemFact) error {
		start(d)
		if d.Full || v == nil {
			byInspection := map[int64][]*store.ProblemFact{}
			for _, p := range ps {
				x.where[p.ID] = p.InspectionID
				byInspection[p.InspectionID] = append(byInspection[p.InspectionID], p)
			}
			for id, ps := range byInspection {
				// An inspection whose problems span chunks grows.
				tallies[id] = x.newTally(tallies[id], nil, ps)
			}
			return nil
		}
		x.applyDelta(v, tallies, touched, d, ps)
		return nil
	})
	if err != nil {
		return nil, err
	}
	start(d)
	nv := &View{seq: d.Seq, tallies: tallies, memo: x.memo, figs: x.figs, choiceMemo: &sync.Map{}, lateMemo: &sync.Map{}}
	nv.names = x.names
	switch {
	case d.InspectionsRead:
		nv.inspections = make(map[int64]*store.InspectionFact, len(d.Inspections))
		for _, in := range d.Inspections {
			nv.inspections[in.ID] = in
			// An inspection new or changed (its rules, accountability,
			// unit or round) is counted again.
			if v != nil && !sameInspection(v.inspections[in.ID], in) {
				touched[in.ID] = true
			}
		}
		if v != nil {
			for id := range v.inspections {
				if nv.inspections[id] == nil {
					touched[id] = true
				}
			}
		}
		nv.byID = slices.SortedFunc(maps.Values(nv.inspections), func(a, b *store.InspectionFact) int { return cmp.Compare(a.ID, b.ID) })
	case v != nil:
		nv.inspections, nv.byID = v.inspections, v.byID
	default:
		nv.inspections = map[int64]*store.InspectionFact{}
	}
	x.memo.advance(d.Seq, touched, d.Full || v == nil)
	return nv, nil
}

// applyDelta lays out again the inspections that the problems ps read
// after a change and the problems gone (d.Gone) touched, into tallies.
func (x *Index) applyDelta(v *View, tallies map[int64]*tally, touched map[int64]bool, d *store.FactsDelta, ps []*store.ProblemFact) {
	changed := make(map[int64]bool, len(ps)+len(d.Gone))
	for _, id := range d.Gone {
		if old, ok := x.where[id]; ok {
			touched[old] = true
			changed[id] = true
			delete(x.where, id)
		}
	}
	fresh := map[int64][]*store.ProblemFact{}
	for _, p := range ps {
		if old, ok := x.where[p.ID]; ok {
			touched[old] = true
		}
		changed[p.ID] = true
		touched[p.InspectionID] = true
		x.where[p.ID] = p.InspectionID
		fresh[p.InspectionID] = append(fresh[p.InspectionID], p)
	}
	for id := range touched {
		t := x.newTally(v.tallies[id], changed, fresh[id])
		if len(t.rows) == 0 {
			delete(tallies, id)
			continue
		}
		tallies[id] = t
	}
}

// sameInspection reports whether a and b count alike.
func sameInspection(a, b *store.InspectionFact) bool {
	return a != nil && b != nil && a.UnitID == b.UnitID && a.Round == b.Round &&
		slices.Equal(a.Rules, b.Rules) && slices.Equal(a.Accountability, b.Accountability)
}

// Seq returns the generation (the head of the audit log) the view is of.
func (v *View) Seq() int64 { return v.seq }

// Inspection returns the facts of inspection id, or nil.
func (v *View) Inspection(id int64) *store.InspectionFact { return v.inspections[id] }

// Problems returns how many problems inspection id has.
func (v *View) Problems(id int64) int {
	if t := v.tallies[id]; t != nil {
		return len(t.rows)
	}
	return 0
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
// of warn days, from the memo where this generation counted them already.
// Read them, don't change them: the memo shares them.
func (v *View) Counts(ins []*store.InspectionFact, asOf rectify.Date, warn int) []*Count {
	key := memoKey{asOf, warn}
	out := make([]*Count, len(ins))
	missing := v.memo.get(v.seq, key, ins, out)
	if missing == 0 {
		return out
	}
	fresh := make([]Count, 0, missing) // never grown: out points into it
	for i, in := range ins {
		if out[i] != nil {
			continue
		}
		c := Count{Ind: rectify.Indicators{AsOf: asOf}}
		if t := v.tallies[in.ID]; t != nil {
			c = t.count(asOf, warn)
		}
		c.Ind.Rules = countDates(in.Rules, asOf)
		c.Ind.Accountability = countDates(in.Accountability, asOf)
		c.Ind.Finish()
		fresh = append(fresh, c)
		out[i] = &fresh[len(fresh)-1]
	}
	v.memo.put(v.seq, key, ins, out)
	return out
}

// Indicators returns the indicators of one inspection as of asOf, as
// rectify.Compute gives them for its problems, rules and accountability.
func (v *View) Indicators(in *store.InspectionFact, asOf rectify.Date) rectify.Indicators {
	return v.Counts([]*store.InspectionFact{in}, asOf, rectify.DefaultWarnDays)[0].Ind
}

type lateKey struct {
	id    int64
	today rectify.Date
	warn  int
}

// Late returns how many problems of inspection id are red or yellow on
// today with a warning window of warn days (rectify.LightOf on each
// problem's current status, deadline and next milestone).
func (v *View) Late(id int64, today rectify.Date, warn int) int {
	k := lateKey{id, today, warn}
	if n, ok := v.lateMemo.Load(k); ok {
		return n.(int)
	}
	n := 0
	if t := v.tallies[id]; t != nil {
		n = t.late(today, warn)
	}
	v.lateMemo.Store(k, n)
	return n
}

// memoKey is a day counted as of, with the warning window of the deadline
// chart.
type memoKey struct {
	asOf rectify.Date
	warn int
}

// maxMemoDays is how many days the memo keeps counts of.
const maxMemoDays = 8

// figureMemo keeps the counts of inspections as of a few days for one
// generation, moved on to the next with only the touched inspections
// dropped. A count made on an older generation is refused. It is safe for
// concurrent use.
type figureMemo struct {
	mu    sync.Mutex
	seq   int64
	days  []memoKey // the least recently used first
	count map[memoKey]map[int64]*Count
}

func newFigureMemo() *figureMemo {
	return &figureMemo{count: map[memoKey]map[int64]*Count{}}
}

// get puts the counts of ins as of k that generation seq has into out,
// and returns how many it has not.
func (m *figureMemo) get(seq int64, k memoKey, ins []*store.InspectionFact, out []*Count) (missing int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	day := m.count[k]
	if seq != m.seq || day == nil {
		return len(ins)
	}
	for i, in := range ins {
		if out[i] = day[in.ID]; out[i] == nil {
			missing++
		}
	}
	return missing
}

// put keeps cs, the counts of ins as of k on generation seq.
func (m *figureMemo) put(seq int64, k memoKey, ins []*store.InspectionFact, cs []*Count) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if seq != m.seq {
		return
	}
	day, ok := m.count[k]
	if !ok {
		if len(m.days) >= maxMemoDays {
			delete(m.count, m.days[0])
			m.days = m.days[1:]
		}
		day = make(map[int64]*Count, len(ins))
		m.count[k] = day
		m.days = append(m.days, k)
	} else if i := slices.Index(m.days, k); i >= 0 && i < len(m.days)-1 {
		m.days = append(append(m.days[:i:i], m.days[i+1:]...), k)
	}
	for i, in := range ins {
		day[in.ID] = cs[i]
	}
}

// advance moves the memo to generation seq, dropping the counts of the
// touched inspections, or every count when all.
func (m *figureMemo) advance(seq int64, touched map[int64]bool, all bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq = seq
	if all {
		m.count, m.days = map[memoKey]map[int64]*Count{}, nil
		return
	}
	for _, day := range m.count {
		for id := range touched {
			delete(day, id)
		}
	}
}

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
// MaxChoices each; worked out once a generation.
func (v *View) Choices(units []*rectify.Unit, scope string) (owners, leaders []string) {
	if c, ok := v.choiceMemo.Load(scope); ok {
		cs := c.(choiceSet)
		return cs.owners, cs.leaders
	}
	os, ls := map[uint32]bool{}, map[uint32]bool{}
	for _, in := range v.InScope(units, scope) {
		v.tallies[in.ID].names(os, ls)
	}
	cs := choiceSet{v.firstSorted(os), v.firstSorted(ls)}
	v.choiceMemo.Store(scope, cs)
	return cs.owners, cs.leaders
}

// InspectionChoices returns the owner units and leaders of the problems of
// inspection id, as Choices does for a scope.
func (v *View) InspectionChoices(id int64) (owners, leaders []string) {
	os, ls := map[uint32]bool{}, map[uint32]bool{}
	v.tallies[id].names(os, ls)
	return v.firstSorted(os), v.firstSorted(ls)
}

// firstSorted returns the names numbered in set by pinyin, at most
// MaxChoices.
func (v *View) firstSorted(set map[uint32]bool) []string {
	out := make([]string, 0, len(set))
	for i := range set {
		if i != 0 {
			out = append(out, v.names[i])
		}
	}
	zhsort.Strings(out)
	if len(out) > MaxChoices {
		out = out[:MaxChoices]
	}
	return out
}
