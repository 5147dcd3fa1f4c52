package store

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// RecheckFilter selects look-backs (回头看) for a list; zero fields do not
// filter.
type RecheckFilter struct {
	ScopePath string // of problems of units in this subtree ("/1/4/")
	// Pending keeps the look-backs not done yet, DueBy those of them due
	// on or before the day.
	Pending bool
	DueBy   rectify.Date
	// DoneSince keeps the look-backs done on or after the day.
	DoneSince rectify.Date
	Limit     int // at most this many; 0 for all
}

// RecheckRow is a look-back with what a list shows of its problem.
type RecheckRow struct {
	Recheck *rectify.Recheck
	// Problem holds the problem's ID, inspection, number, title and
	// current status.
	Problem  *rectify.Problem
	UnitID   int64
	UnitName string
	Team     string // the inspection group
}

// ListRechecksIn returns the look-backs f selects with their problems:
// pending ones by due date, the earliest first, done ones the latest
// first.
func (s *Store) ListRechecksIn(ctx context.Context, f RecheckFilter) ([]RecheckRow, error) {
	where, args := "1 = 1", []any(nil)
	if f.ScopePath != "" {
		lo, hi := scopeRange(f.ScopePath)
		where += " AND u.path >= ? AND u.path < ?"
		args = append(args, lo, hi)
	}
	order := " ORDER BY r.due, r.id"
	if f.Pending {
		where += " AND r.done IS NULL"
	}
	if !f.DueBy.IsZero() {
		where += " AND r.due <= ?"
		args = append(args, f.DueBy)
	}
	if !f.DoneSince.IsZero() {
		where += " AND r.done >= ?"
		args = append(args, f.DoneSince)
		order = " ORDER BY r.done DESC, r.id DESC"
	}
	q := "SELECT " + recheckCols + `, p.inspection_id, p.number, p.title, p.status, u.id, u.name, i.team
		FROM rechecks r JOIN problems p ON p.id = r.problem_id JOIN inspections i ON i.id = p.inspection_id
		JOIN units u ON u.id = i.unit_id WHERE ` + where + order
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list rechecks: %w", err)
	}
	var out []RecheckRow
	for rows.Next() {
		r, p := &rectify.Recheck{}, &rectify.Problem{}
		row := RecheckRow{Recheck: r, Problem: p}
		if err := rows.Scan(&r.ID, &r.ProblemID, &r.Due, &r.Done, &r.Result, &r.Reviewer, &r.Note, &r.Sampled,
			&p.InspectionID, &p.Number, &p.Title, &p.Status, &row.UnitID, &row.UnitName, &row.Team); err != nil {
			return nil, fmt.Errorf("store: list rechecks: %w", closeRows(rows, err))
		}
		p.ID = r.ProblemID
		out = append(out, row)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list rechecks: %w", err)
	}
	return out, nil
}
