package facts

import (
	"context"
	"fmt"
	"slices"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Figures are the counts of one scope as of one day: in total, by unit
// (each with its subtree), by round and by inspection, and the deadline
// chart.
type Figures struct {
	AsOf  rectify.Date
	Total rectify.Indicators
	// ByUnit holds the figures of every unit in scope whose subtree holds
	// an inspection, its subtree's inspections included; Inspections how
	// many inspections that is.
	ByUnit      map[int64]rectify.Indicators
	Inspections map[int64]int
	// ByRound holds the figures by round (轮次; 0 when not given).
	ByRound    map[int]rectify.Indicators
	RoundCount map[int]int
	// BySource holds the figures by kind of rectification (巡察, 审计 …).
	BySource     map[rectify.Source]rectify.Indicators
	SourceCount  map[rectify.Source]int
	InspectionsN int
	// Deadlines counts the open problems by when they fall due (long-term
	// ones: their next milestone): Overdue already past, then for each of
	// the coming weeks those within the warning window (yellow) and the
	// others.
	Overdue  int
	Weeks    [DeadlineWeeks]WeekDue
	WarnDays int
	// PerInspection holds the figures of each inspection in scope.
	PerInspection map[int64]rectify.Indicators
}

// WeekDue counts the open problems that fall due in one week.
type WeekDue struct {
	Start, End    rectify.Date
	Yellow, Other int
}

// Figures returns the figures of the inspections of units in scope ("" for
// all) as of asOf, rolled up the tree of units, with a warning window of
// warnDays for the deadline chart; kept until the record changes. units
// must hold every unit of scope with its path. Read them, don't change
// them: later calls share them. It returns an error when the store cannot
// be read.
func (v *View) Figures(ctx context.Context, units []*rectify.Unit, scope string, asOf rectify.Date, warnDays int) (*Figures, error) {
	return v.FiguresOf(ctx, units, scope, asOf, warnDays, "")
}

// FiguresOf is Figures of the inspections of one kind of rectification
// (审计, 生态环境督察 …); every kind when source is zero.
func (v *View) FiguresOf(ctx context.Context, units []*rectify.Unit, scope string, asOf rectify.Date, warnDays int, source rectify.Source) (*Figures, error) {
	key := func(seq int64) string {
		return fmt.Sprintf("%s|%s|%d|%d|%d|%s", scope, asOf, warnDays, len(units), seq, source)
	}
	figs := v.x.figs.Load()
	if fig := figs.get(key(v.seq)); fig != nil {
		return fig, nil
	}
	ins := v.InScope(units, scope)
	if source != "" {
		ins = slices.DeleteFunc(ins, func(in *store.InspectionFact) bool { return in.Source != source })
	}
	counts, seq, err := v.Counts(ctx, ins, asOf, warnDays)
	if err != nil {
		return nil, err
	}
	fig := computeFigures(units, ins, counts, asOf, warnDays)
	if seq == v.seq {
		figs.put(key(seq), fig)
	}
	return fig, nil
}

// computeFigures adds up the counts of ins, the inspections of units in
// scope, as of asOf, rolled up the tree of units.
func computeFigures(units []*rectify.Unit, ins []*store.InspectionFact, counts []Count, asOf rectify.Date, warnDays int) *Figures {
	fig := &Figures{AsOf: asOf, Total: rectify.Indicators{AsOf: asOf}, ByUnit: map[int64]rectify.Indicators{},
		Inspections: map[int64]int{}, ByRound: map[int]rectify.Indicators{}, RoundCount: map[int]int{},
		BySource: map[rectify.Source]rectify.Indicators{}, SourceCount: map[rectify.Source]int{},
		PerInspection: make(map[int64]rectify.Indicators, len(ins)), WarnDays: warnDays}
	for i := range fig.Weeks {
		fig.Weeks[i].Start = asOf.AddDays(7 * i)
		fig.Weeks[i].End = asOf.AddDays(7*i + 6)
	}
	// The units by their place in units, each with the places of the
	// units of its path (itself and its ancestors) found when first met.
	at := make(map[int64]int, len(units))
	for i, u := range units {
		at[u.ID] = i
	}
	up := make([][]int, len(units))
	byUnit := make([]rectify.Indicators, len(units))
	inspections := make([]int, len(units))
	for i, in := range ins {
		c := counts[i]
		ind := c.Ind
		fig.PerInspection[in.ID] = ind
		fig.InspectionsN++
		fig.Total.Merge(ind)
		r := fig.ByRound[in.Round]
		if r.AsOf.IsZero() {
			r.AsOf = asOf
		}
		r.Merge(ind)
		fig.ByRound[in.Round] = r
		fig.RoundCount[in.Round]++
		k := fig.BySource[in.Source]
		if k.AsOf.IsZero() {
			k.AsOf = asOf
		}
		k.Merge(ind)
		fig.BySource[in.Source] = k
		fig.SourceCount[in.Source]++
		// Into the unit and every ancestor in scope.
		u := at[in.UnitID]
		if up[u] == nil {
			up[u] = []int{}
			for _, id := range rectify.PathIDs(units[u].Path) {
				if j, ok := at[id]; ok {
					up[u] = append(up[u], j)
				}
			}
		}
		for _, j := range up[u] {
			byUnit[j].Merge(ind)
			inspections[j]++
		}
		fig.Overdue += c.Overdue
		for i, w := range c.Weeks {
			fig.Weeks[i].Yellow += w[0]
			fig.Weeks[i].Other += w[1]
		}
	}
	for j, n := range inspections {
		if n > 0 {
			byUnit[j].AsOf = asOf
			fig.ByUnit[units[j].ID] = byUnit[j]
			fig.Inspections[units[j].ID] = n
		}
	}
	fig.Total.Finish()
	return fig
}
