package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// ListInput is a question to the problem list: which problems (Filter,
// with its paging), which lights as of Filter.AsOf, and what the caller
// already holds.
type ListInput struct {
	Filter store.ProblemFilter
	// Lights keeps the problems whose light (红黄绿灯) is one of these; all
	// when empty.
	Lights []rectify.Light
	// Top is the unit path whose settings give the warning window of the
	// units that have none of their own; Filter.ScopePath when empty.
	Top string
	// Units are the units the problems may belong to, with their paths;
	// read from the store (the subtree of Top) when nil.
	Units []*rectify.Unit
}

// ListedProblem is a problem in a list: its own fields and current status
// (no measures or history), the unit of its inspection, and how late it is
// as of the list's day by the warning window of that unit.
type ListedProblem struct {
	*rectify.Problem
	Unit     *rectify.Unit
	Lateness rectify.Lateness
}

// ProblemPage is one page of a problem list and the number of problems
// that match in all.
type ProblemPage struct {
	Items []ListedProblem
	// Total is how many problems match: exact up to store.CountExact,
	// past it an estimate (Estimated: shown as 约).
	Total     int
	Estimated bool
	// Next and Prev are the cursors of the pages after and before this
	// one (Filter.After, Filter.Before); "" when there is none.
	Next, Prev string
	// WarnDays is the warning window of Top, the one of most units.
	WarnDays int
}

// ListStore is what the problem list reads; *store.Store provides it.
type ListStore interface {
	ListUnits(ctx context.Context, scopePath string) ([]*rectify.Unit, error)
	Settings(ctx context.Context, unitIDs []int64) ([]store.Setting, error)
	ListProblemPage(ctx context.Context, f store.ProblemFilter, lf store.LightFilter) (*store.ProblemPage, error)
	InspectionUnits(ctx context.Context, ids []int64) (map[int64]int64, error)
}

// ListProblems is the one problem list of the pages, the API and the
// exports: the filter, the lights selected in SQL by the rule of
// rectify.LightOf with each unit's warning window, the page, and for the
// page's problems only their units and lateness. The cost is that of the
// page, not of the scope: deep pages are read by cursor (keyset) and a
// large total is estimated. It returns EINVALID for an unknown sort or a
// cursor the list did not make.
//
// Reading is not a change of the record, so no user is checked here: the
// caller has put the user's scope into the filter.
func ListProblems(ctx context.Context, st ListStore, in ListInput) (*ProblemPage, error) {
	top := in.Top
	if top == "" {
		top = in.Filter.ScopePath
	}
	asOf := in.Filter.AsOf
	units := in.Units
	if units == nil {
		var err error
		if units, err = st.ListUnits(ctx, top); err != nil {
			return nil, wrap("list problems", err)
		}
	}
	def, own, err := WarnWindows(ctx, st, units, top)
	if err != nil {
		return nil, wrap("list problems", err)
	}
	lf := store.LightFilter{Lights: in.Lights, AsOf: asOf, WarnDays: def, UnitWarnDays: own}
	sp, err := st.ListProblemPage(ctx, in.Filter, lf)
	if err != nil {
		return nil, wrap("list problems", err)
	}
	problems := sp.Problems
	page := &ProblemPage{Total: sp.Total, Estimated: sp.Estimated, Next: sp.Next, Prev: sp.Prev, WarnDays: def,
		Items: make([]ListedProblem, 0, len(problems))}
	if len(problems) == 0 {
		return page, nil
	}
	ids := make([]int64, 0, 4)
	seen := map[int64]bool{}
	for _, p := range problems {
		if !seen[p.InspectionID] {
			seen[p.InspectionID] = true
			ids = append(ids, p.InspectionID)
		}
	}
	unitOf, err := st.InspectionUnits(ctx, ids)
	if err != nil {
		return nil, wrap("list problems", err)
	}
	byID := make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	for _, p := range problems {
		it := ListedProblem{Problem: p, Unit: byID[unitOf[p.InspectionID]]}
		warn := def
		if it.Unit != nil {
			if wd, ok := own[it.Unit.ID]; ok {
				warn = wd
			}
		}
		// The current status, as the SQL of the light filter reads it.
		it.Lateness = rectify.LatenessOf(asOf, p.Status, p.Due, p.NextMilestone, warn)
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// WarnWindows returns the warning window in force at topPath and, for
// the units whose own differs, theirs by unit ID, as the problem list and
// its light filter use them. units should hold the subtree at topPath.
func WarnWindows(ctx context.Context, st ListStore, units []*rectify.Unit, topPath string) (int, map[int64]int, error) {
	ids := UnitChain(topPath)
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	stored, err := st.Settings(ctx, ids)
	if err != nil {
		return 0, nil, err
	}
	def := ResolveSettings(topPath, stored).WarnDays
	own := map[int64]int{}
	for _, u := range units {
		if wd := ResolveSettings(u.Path, stored).WarnDays; wd != def {
			own[u.ID] = wd
		}
	}
	return def, own, nil
}
