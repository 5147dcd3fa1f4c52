package workflow

import (
	"context"
	"slices"
	"strings"

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
	// Units, when the caller has read them, are units the page's problems
	// may belong to; the others are read from the store. They are only
	// looked up: the list reads the units of its page, not of its scope.
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
	Settings(ctx context.Context, unitIDs []int64) ([]store.Setting, error)
	SettingsUnder(ctx context.Context, scopePath, name string) ([]store.UnitSetting, error)
	ListProblemPage(ctx context.Context, f store.ProblemFilter, lf store.LightFilter) (*store.ProblemPage, error)
}

// ListProblems is the one problem list of the pages, the API and the
// exports: the filter, the lights selected in SQL by the rule of
// rectify.LightOf with each unit's warning window, the page, and for the
// page's problems only their units and lateness. The cost is that of the
// page, not of the scope: the warning windows come from the few units that
// set one (SubtreeWindows), deep pages are read by cursor (keyset) and a
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
	def, windows, err := SubtreeWindows(ctx, st, top)
	if err != nil {
		return nil, wrap("list problems", err)
	}
	lf := store.LightFilter{Lights: in.Lights, AsOf: asOf, WarnDays: def, Windows: windows}
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
	unitOf := pageUnits(sp.Units, in.Units)
	for _, p := range problems {
		it := ListedProblem{Problem: p, Unit: unitOf[p.InspectionID]}
		warn := def
		if it.Unit != nil {
			warn = store.WindowAt(windows, it.Unit.Path, def)
		}
		// The current status, as the SQL of the light filter reads it.
		it.Lateness = rectify.LatenessOf(asOf, p.Status, p.Due, p.NextMilestone, warn)
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// pageUnits returns the units of a page's problems by inspection ID, as
// the page read them, or the caller's copies of them where known holds
// them, so that a page shows the units as it does.
func pageUnits(unitOf map[int64]*rectify.Unit, known []*rectify.Unit) map[int64]*rectify.Unit {
	if len(known) == 0 {
		return unitOf
	}
	byID := make(map[int64]*rectify.Unit, len(known))
	for _, u := range known {
		byID[u.ID] = u
	}
	out := make(map[int64]*rectify.Unit, len(unitOf))
	for id, u := range unitOf {
		if k := byID[u.ID]; k != nil {
			u = k
		}
		out[id] = u
	}
	return out
}

// SubtreeWindows returns the warning window in force at topPath and the
// windows of the subtrees below it whose top unit sets its own (the
// deepest that holds a unit applying to it, store.WindowAt), in the order
// of their paths: read from the settings of the units that set one, not
// from every unit of the subtree. A window equal to the one around it is
// left out.
func SubtreeWindows(ctx context.Context, st ListStore, topPath string) (int, []store.PathWindow, error) {
	stored, err := st.Settings(ctx, UnitChain(topPath))
	if err != nil {
		return 0, nil, err
	}
	def := ResolveSettings(topPath, stored).WarnDays
	under, err := st.SettingsUnder(ctx, topPath, SettingWarnDays)
	if err != nil {
		return 0, nil, err
	}
	top := topPath
	if top != "" && !strings.HasSuffix(top, "/") {
		top += "/"
	}
	// Ancestors before their descendants, whatever the database's
	// collation.
	slices.SortStableFunc(under, func(a, b store.UnitSetting) int { return strings.Compare(a.Path, b.Path) })
	var windows []store.PathWindow
	for _, us := range under {
		n, ok := settingValue(us.Setting)
		if !ok || us.Path == top {
			continue // ignored, or the top's own: in def already
		}
		// The windows around this unit are already in windows.
		if store.WindowAt(windows, us.Path, def) == n {
			continue
		}
		windows = append(windows, store.PathWindow{Path: us.Path, WarnDays: n})
	}
	return def, windows, nil
}

// settingsReader reads stored settings; *store.Store provides it.
type settingsReader interface {
	Settings(ctx context.Context, unitIDs []int64) ([]store.Setting, error)
}

// WarnWindows returns the warning window in force at topPath and, for
// the units whose own differs, theirs by unit ID, for the lists that
// already hold their units (the to-do list, supervision orders). units
// should hold the subtree at topPath.
func WarnWindows(ctx context.Context, st settingsReader, units []*rectify.Unit, topPath string) (int, map[int64]int, error) {
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
