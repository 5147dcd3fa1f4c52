package store

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// IndicatorFilter selects the inspections whose problems are counted; zero
// fields do not filter.
type IndicatorFilter struct {
	ScopePath    string // inspections of units in this subtree ("/1/4/")
	InspectionID int64
	UnitID       int64 // inspections of this unit
}

// Indicators returns what officials count (rectify.Indicators) as of asOf,
// for each inspection f selects (by inspection ID; an inspection without
// problems has zero counts) and for all of them together. It reads compact
// facts (dates and statuses) with a few set-based queries, whatever the
// number of problems.
func (s *Store) Indicators(ctx context.Context, f IndicatorFilter, asOf rectify.Date) (map[int64]rectify.Indicators, rectify.Indicators, error) {
	per, _, err := s.reader().indicators(ctx, f, asOf)
	if err != nil {
		return nil, rectify.Indicators{}, fmt.Errorf("store: indicators: %w", err)
	}
	total := rectify.Indicators{AsOf: asOf}
	for _, ind := range per {
		total.Merge(ind)
	}
	total.Finish()
	return per, total, nil
}

// IndicatorsByUnit returns the indicators as of asOf of every unit in the
// subtree at scopePath ("" for all units), by unit ID. A unit's figures
// include those of its whole subtree.
func (s *Store) IndicatorsByUnit(ctx context.Context, scopePath string, asOf rectify.Date) (map[int64]rectify.Indicators, error) {
	c := s.reader()
	per, unitOf, err := c.indicators(ctx, IndicatorFilter{ScopePath: scopePath}, asOf)
	if err != nil {
		return nil, fmt.Errorf("store: indicators by unit: %w", err)
	}
	q, args := "SELECT "+unitCols+" FROM units", []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q, args = q+" WHERE path >= ? AND path < ?", []any{lo, hi}
	}
	units, err := c.units(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: indicators by unit: %w", err)
	}
	out := make(map[int64]rectify.Indicators, len(units))
	paths := make(map[int64]string, len(units))
	for _, u := range units {
		out[u.ID] = rectify.Indicators{AsOf: asOf}
		paths[u.ID] = u.Path
	}
	for inspectionID, ind := range per {
		// Count the inspection into its unit and every ancestor in scope.
		for _, id := range rectify.PathIDs(paths[unitOf[inspectionID]]) {
			if cur, ok := out[id]; ok {
				cur.Merge(ind)
				out[id] = cur
			}
		}
	}
	for id, ind := range out {
		ind.Finish()
		out[id] = ind
	}
	return out, nil
}

// indicators computes the indicators of each inspection f selects and
// returns them with the unit of each inspection.
func (c conn) indicators(ctx context.Context, f IndicatorFilter, asOf rectify.Date) (map[int64]rectify.Indicators, map[int64]int64, error) {
	iw, iargs := inspectionWhere("i.id", f.ScopePath, f.InspectionID, f.UnitID)
	pw, pargs := inspectionWhere("p.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)

	per := map[int64]rectify.Indicators{}
	unitOf := map[int64]int64{}
	err := c.each(ctx, "SELECT i.id, i.unit_id FROM inspections i WHERE "+iw, iargs, func(scan func(...any) error) error {
		var id, unitID int64
		if err := scan(&id, &unitID); err != nil {
			return err
		}
		per[id] = rectify.Indicators{AsOf: asOf}
		unitOf[id] = unitID
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("inspections: %w", err)
	}
	if len(per) == 0 {
		return per, unitOf, nil
	}

	// Each problem with its measures counted (all, and done by asOf): the
	// dates of the measures matter only against asOf, so SQL compares them.
	var problems []*rectify.Problem
	measures := map[int64][2]int{}
	byID := map[int64]*rectify.Problem{}
	err = c.each(ctx, `SELECT p.id, p.inspection_id, p.opened, p.due, p.status, p.status_date, p.class, p.next_milestone,
		(SELECT COUNT(*) FROM measures m WHERE m.problem_id = p.id),
		(SELECT COUNT(*) FROM measures m WHERE m.problem_id = p.id AND m.done <= ?)
		FROM problems p WHERE `+pw+" ORDER BY p.id", append([]any{asOf}, pargs...), func(scan func(...any) error) error {
		p := &rectify.Problem{}
		var n [2]int
		if err := scan(&p.ID, &p.InspectionID, &p.Opened, &p.Due, &p.Status, &p.StatusDate, &p.Class, &p.NextMilestone,
			&n[0], &n[1]); err != nil {
			return err
		}
		problems = append(problems, p)
		byID[p.ID] = p
		measures[p.ID] = n
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("problems: %w", err)
	}
	err = c.each(ctx, `SELECT h.problem_id, h.status, h.class, h.date, h.next_milestone
		FROM status_changes h JOIN problems p ON p.id = h.problem_id WHERE `+pw+" ORDER BY h.problem_id, h.date, h.id",
		pargs, func(scan func(...any) error) error {
			var h rectify.StatusChange
			if err := scan(&h.ProblemID, &h.Status, &h.Class, &h.Date, &h.NextMilestone); err != nil {
				return err
			}
			if p := byID[h.ProblemID]; p != nil {
				p.History = append(p.History, h)
			}
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	failed := map[int64][]*rectify.Recheck{}
	err = c.each(ctx, `SELECT r.problem_id, r.done FROM rechecks r JOIN problems p ON p.id = r.problem_id
		WHERE r.result = 'failed' AND `+pw, pargs, func(scan func(...any) error) error {
		r := &rectify.Recheck{Result: rectify.RecheckFailed}
		if err := scan(&r.ProblemID, &r.Done); err != nil {
			return err
		}
		failed[r.ProblemID] = append(failed[r.ProblemID], r)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rechecks: %w", err)
	}

	for _, p := range problems {
		f := p.Facts(failed[p.ID])
		n := measures[p.ID]
		f.Measures, f.MeasuresDone = n[0], make([]rectify.Date, n[1])
		for i := range f.MeasuresDone {
			f.MeasuresDone[i] = asOf // done by asOf: the day itself stands for it
		}
		ind := per[p.InspectionID]
		ind.Add(f)
		per[p.InspectionID] = ind
	}

	rw, rargs := inspectionWhere("r.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)
	err = c.each(ctx, "SELECT r.inspection_id, r.date FROM rules r WHERE "+rw, rargs, func(scan func(...any) error) error {
		var id int64
		var d rectify.Date
		if err := scan(&id, &d); err != nil {
			return err
		}
		if ind, ok := per[id]; ok && !d.After(asOf) {
			ind.Rules++
			per[id] = ind
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	aw, aargs := inspectionWhere("a.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)
	err = c.each(ctx, "SELECT a.inspection_id, a.date FROM accountability a WHERE "+aw, aargs, func(scan func(...any) error) error {
		var id int64
		var d rectify.Date
		if err := scan(&id, &d); err != nil {
			return err
		}
		if ind, ok := per[id]; ok && !d.After(asOf) {
			ind.Accountability++
			per[id] = ind
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("accountability: %w", err)
	}
	for id, ind := range per {
		ind.Finish()
		per[id] = ind
	}
	return per, unitOf, nil
}

// each runs q and calls fn for every row with the row's Scan.
func (c conn) each(ctx context.Context, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return closeRows(rows, err)
		}
	}
	return closeRows(rows, nil)
}
