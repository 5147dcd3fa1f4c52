package web

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

// The overview counts 50,000 problems in a few milliseconds because it
// does not read them for every request. factsIndex keeps the compact facts
// of every problem (store.ProblemFact: status history, deadline, measures'
// done dates, failed look-backs) and of every inspection in memory, read
// once, and follows the record through the audit log: every change appends
// to it in its own transaction, whichever process makes it, so its head
// (store.Generation) says whether anything changed, and the entries after
// the head the index has name the problems and inspections to read again.
// A request checks the head (one indexed read) and, when it moved, reads
// only what changed; the overview then counts the facts of each inspection
// as rectify's own Indicators.Add counts them, from a layout made for it
// (overview_tally.go), for any as-of date, past or future.

// factsIndex is the record's facts as of a generation. Its views are
// immutable and replaced whole; refresh takes turns.
type factsIndex struct {
	st   factsStore
	mu   sync.Mutex // one refresh at a time
	view atomic.Pointer[factsView]
	// problems holds every problem's facts by ID, for refreshes (under mu).
	problems map[int64]*store.ProblemFact
	// memo keeps each inspection's counts as of a day across views: a
	// change counts again only the inspections it touched.
	memo *figureMemo
}

// factsView is the facts of the record at one generation. Read it, don't
// change it.
type factsView struct {
	seq          int64
	inspections  map[int64]*store.InspectionFact
	byID         []*store.InspectionFact        // the inspections ordered by ID
	byInspection map[int64][]*store.ProblemFact // ordered by number
	// tallies holds the same facts by inspection, laid out for counting.
	tallies map[int64]*tally
	memo    *figureMemo
	// choiceMemo keeps the filter choices of a scope (a choiceSet by
	// scope path) for this generation.
	choiceMemo *sync.Map
}

// factsStore is what the index reads; *store.Store provides it.
type factsStore interface {
	Generation(ctx context.Context) (int64, error)
	ReadFacts(ctx context.Context, afterSeq int64) (*store.FactsDelta, error)
}

func newFactsIndex(st factsStore) *factsIndex { return &factsIndex{st: st, memo: newFigureMemo()} }

// current returns the facts of the record as it is now, reading what
// changed since the last call. It returns an error when the store cannot
// be read.
func (x *factsIndex) current(ctx context.Context) (*factsView, error) {
	seq, err := x.st.Generation(ctx)
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
	d, err := x.st.ReadFacts(ctx, after)
	if err != nil {
		return nil, err
	}
	nv := x.apply(v, d)
	x.view.Store(nv)
	return nv, nil
}

// apply returns the view after d, sharing what d does not change with v,
// and moves the memo on: the inspections d touched are counted again.
func (x *factsIndex) apply(v *factsView, d *store.FactsDelta) *factsView {
	nv := &factsView{seq: d.Seq, memo: x.memo, choiceMemo: &sync.Map{}}
	touched := map[int64]bool{}
	if d.Full || v == nil {
		x.problems = make(map[int64]*store.ProblemFact, len(d.Problems))
		nv.byInspection = map[int64][]*store.ProblemFact{}
		for _, p := range d.Problems {
			x.problems[p.ID] = p
			nv.byInspection[p.InspectionID] = append(nv.byInspection[p.InspectionID], p)
		}
		nv.tallies = make(map[int64]*tally, len(nv.byInspection))
		for id, ps := range nv.byInspection {
			sortFacts(ps)
			nv.tallies[id] = newTally(ps)
		}
	} else {
		nv.byInspection = maps.Clone(v.byInspection)
		nv.tallies = maps.Clone(v.tallies)
		for _, id := range d.Gone {
			if old := x.problems[id]; old != nil {
				touched[old.InspectionID] = true
				delete(x.problems, id)
			}
		}
		fresh := map[int64][]*store.ProblemFact{}
		for _, p := range d.Problems {
			if old := x.problems[p.ID]; old != nil {
				touched[old.InspectionID] = true
			}
			touched[p.InspectionID] = true
			x.problems[p.ID] = p
			fresh[p.InspectionID] = append(fresh[p.InspectionID], p)
		}
		for id := range touched {
			var ps []*store.ProblemFact
			for _, p := range v.byInspection[id] {
				if x.problems[p.ID] == p { // unchanged
					ps = append(ps, p)
				}
			}
			ps = append(ps, fresh[id]...)
			if len(ps) == 0 {
				delete(nv.byInspection, id)
				delete(nv.tallies, id)
				continue
			}
			sortFacts(ps)
			nv.byInspection[id] = ps
			nv.tallies[id] = newTally(ps)
		}
	}
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
	return nv
}

// sameInspection reports whether a and b count alike.
func sameInspection(a, b *store.InspectionFact) bool {
	return a != nil && b != nil && a.UnitID == b.UnitID && a.Round == b.Round &&
		slices.Equal(a.Rules, b.Rules) && slices.Equal(a.Accountability, b.Accountability)
}

func sortFacts(ps []*store.ProblemFact) {
	slices.SortFunc(ps, func(a, b *store.ProblemFact) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
}

// inspectionCount is what the overview counts of one inspection as of a
// day: its indicators and its open problems by when they fall due.
type inspectionCount struct {
	Ind     rectify.Indicators
	Overdue int
	Weeks   [deadlineWeeks][2]int // yellow, other
}

// count returns the counts of in as of asOf with a warning window of warn
// days, from the memo when this generation counted them already.
func (v *factsView) count(in *store.InspectionFact, asOf rectify.Date, warn int) inspectionCount {
	return *v.counts([]*store.InspectionFact{in}, asOf, warn)[0]
}

// counts returns the counts of each of ins as of asOf with a warning window
// of warn days, from the memo where this generation counted them already.
// Read them, don't change them: the memo shares them.
func (v *factsView) counts(ins []*store.InspectionFact, asOf rectify.Date, warn int) []*inspectionCount {
	key := memoKey{asOf, warn}
	out := make([]*inspectionCount, len(ins))
	missing := v.memo.get(v.seq, key, ins, out)
	if missing == 0 {
		return out
	}
	fresh := make([]inspectionCount, 0, missing) // never grown: out points into it
	for i, in := range ins {
		if out[i] != nil {
			continue
		}
		c := inspectionCount{Ind: rectify.Indicators{AsOf: asOf}}
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

// indicators returns the indicators of one inspection as of asOf, as
// rectify.Compute gives them for its problems, rules and accountability.
func (v *factsView) indicators(in *store.InspectionFact, asOf rectify.Date) rectify.Indicators {
	return v.count(in, asOf, rectify.DefaultWarnDays).Ind
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
	count map[memoKey]map[int64]*inspectionCount
}

func newFigureMemo() *figureMemo {
	return &figureMemo{count: map[memoKey]map[int64]*inspectionCount{}}
}

// get puts the counts of ins as of k that generation seq has into out,
// and returns how many it has not.
func (m *figureMemo) get(seq int64, k memoKey, ins []*store.InspectionFact, out []*inspectionCount) (missing int) {
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
func (m *figureMemo) put(seq int64, k memoKey, ins []*store.InspectionFact, cs []*inspectionCount) {
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
		day = make(map[int64]*inspectionCount, len(ins))
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
		m.count, m.days = map[memoKey]map[int64]*inspectionCount{}, nil
		return
	}
	for _, day := range m.count {
		for id := range touched {
			delete(day, id)
		}
	}
}

// unitSet returns the IDs of units as a set.
func unitSet(units []*rectify.Unit) map[int64]*rectify.Unit {
	m := make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		m[u.ID] = u
	}
	return m
}

// inScope returns the inspections of the units whose path lies under
// scope ("" for all) among units, ordered by ID.
func (v *factsView) inScope(units []*rectify.Unit, scope string) []*store.InspectionFact {
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

// maxChoices bounds the owner units and leaders a filter offers.
const maxChoices = 300

// choiceSet is the owner units and leaders a list may be filtered by.
type choiceSet struct{ owners, leaders []string }

// choices returns the owner units (责任单位) and leaders (责任领导) of the
// problems of the inspections in scope, sorted, at most maxChoices each;
// worked out once a generation.
func (v *factsView) choices(units []*rectify.Unit, scope string) (owners, leaders []string) {
	if c, ok := v.choiceMemo.Load(scope); ok {
		cs := c.(choiceSet)
		return cs.owners, cs.leaders
	}
	os, ls := map[string]bool{}, map[string]bool{}
	for _, in := range v.inScope(units, scope) {
		for _, p := range v.byInspection[in.ID] {
			if p.OwnerUnit != "" {
				os[p.OwnerUnit] = true
			}
			if p.Leader != "" {
				ls[p.Leader] = true
			}
		}
	}
	cs := choiceSet{firstSorted(os), firstSorted(ls)}
	v.choiceMemo.Store(scope, cs)
	return cs.owners, cs.leaders
}

// firstSorted returns the names in set by pinyin, at most maxChoices.
func firstSorted(set map[string]bool) []string {
	out := slices.Collect(maps.Keys(set))
	zhsort.Strings(out)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out
}
