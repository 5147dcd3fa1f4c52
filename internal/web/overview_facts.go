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
// only what changed; the overview then runs rectify's own Indicators.Add
// over the facts, so that its figures are rectify.Compute's by
// construction, for any as-of date, past or future.

// factsIndex is the record's facts as of a generation. Its views are
// immutable and replaced whole; refresh takes turns.
type factsIndex struct {
	st   factsStore
	mu   sync.Mutex // one refresh at a time
	view atomic.Pointer[factsView]
	// problems holds every problem's facts by ID, for refreshes (under mu).
	problems map[int64]*store.ProblemFact
}

// factsView is the facts of the record at one generation. Read it, don't
// change it.
type factsView struct {
	seq          int64
	inspections  map[int64]*store.InspectionFact
	byInspection map[int64][]*store.ProblemFact // ordered by number
}

// factsStore is what the index reads; *store.Store provides it.
type factsStore interface {
	Generation(ctx context.Context) (int64, error)
	ReadFacts(ctx context.Context, afterSeq int64) (*store.FactsDelta, error)
}

func newFactsIndex(st factsStore) *factsIndex { return &factsIndex{st: st} }

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

// apply returns the view after d, sharing what d does not change with v.
func (x *factsIndex) apply(v *factsView, d *store.FactsDelta) *factsView {
	nv := &factsView{seq: d.Seq}
	if d.Full || v == nil {
		x.problems = make(map[int64]*store.ProblemFact, len(d.Problems))
		nv.byInspection = map[int64][]*store.ProblemFact{}
		for _, p := range d.Problems {
			x.problems[p.ID] = p
			nv.byInspection[p.InspectionID] = append(nv.byInspection[p.InspectionID], p)
		}
		for id, ps := range nv.byInspection {
			sortFacts(ps)
			nv.byInspection[id] = ps
		}
	} else {
		nv.byInspection = maps.Clone(v.byInspection)
		touched := map[int64]bool{}
		for _, id := range d.Gone {
			if old := x.problems[id]; old != nil {
				touched[old.InspectionID] = true
				delete(x.problems, id)
			}
		}
		for _, p := range d.Problems {
			if old := x.problems[p.ID]; old != nil {
				touched[old.InspectionID] = true
			}
			touched[p.InspectionID] = true
			x.problems[p.ID] = p
		}
		for id := range touched {
			var ps []*store.ProblemFact
			for _, p := range v.byInspection[id] {
				if cur := x.problems[p.ID]; cur != nil && cur.InspectionID == id && cur == p {
					ps = append(ps, p)
				}
			}
			for _, p := range d.Problems {
				if p.InspectionID == id {
					ps = append(ps, p)
				}
			}
			if len(ps) == 0 {
				delete(nv.byInspection, id)
				continue
			}
			sortFacts(ps)
			nv.byInspection[id] = ps
		}
	}
	switch {
	case d.InspectionsRead:
		nv.inspections = make(map[int64]*store.InspectionFact, len(d.Inspections))
		for _, in := range d.Inspections {
			nv.inspections[in.ID] = in
		}
	case v != nil:
		nv.inspections = v.inspections
	default:
		nv.inspections = map[int64]*store.InspectionFact{}
	}
	return nv
}

func sortFacts(ps []*store.ProblemFact) {
	slices.SortFunc(ps, func(a, b *store.ProblemFact) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
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
	for _, in := range v.inspections {
		if u := set[in.UnitID]; u != nil && (scope == "" || rectify.Within(u.Path, scope)) {
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b *store.InspectionFact) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// indicators returns the indicators of one inspection as of asOf, as
// rectify.Compute gives them for its problems, rules and accountability.
func (v *factsView) indicators(in *store.InspectionFact, asOf rectify.Date) rectify.Indicators {
	ind := rectify.Indicators{AsOf: asOf}
	for _, p := range v.byInspection[in.ID] {
		ind.Add(p.Facts)
	}
	ind.Rules = countDates(in.Rules, asOf)
	ind.Accountability = countDates(in.Accountability, asOf)
	ind.Finish()
	return ind
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

// choices returns the owner units (责任单位) and leaders (责任领导) of the
// problems of the inspections in scope, sorted, at most maxChoices each.
func (v *factsView) choices(units []*rectify.Unit, scope string) (owners, leaders []string) {
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
	return firstSorted(os), firstSorted(ls)
}

func firstSorted(set map[string]bool) []string {
	out := slices.Sorted(maps.Keys(set))
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out
}
