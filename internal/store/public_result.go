package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rectify-dev/rectify"
)

// The public result of a problem (what the notice shows was done): the
// report marked public or a public sentence, kept on the problem's row, and
// the reports the notice may show, loaded with an inspection's tree.

// SetPublic saves the public choice of the problem with id when version is
// current: the report progressID (0: none marked) and the public sentence
// text ("" for none). Whether the report is the problem's own is for the
// caller to check. It returns ErrStale for an old version and not-found for
// a missing problem.
func (tx *Tx) SetPublic(ctx context.Context, id int64, version int, progressID int64, text string) error {
	c := tx.c
	before, err := c.mustState(ctx, auditProblem, id, "问题")
	if err != nil {
		return err
	}
	var pid any
	if progressID != 0 {
		pid = progressID
	}
	res, err := c.exec(ctx, `UPDATE problems SET public_progress_id = ?, public_text = ?, version = version + 1, updated = ?
		WHERE id = ? AND version = ?`, pid, strings.TrimSpace(text), c.time(tx.s.now()), id, version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "problems", "问题", id); err != nil {
		return err
	}
	c.markUpdated(id)
	return c.auditChanged(ctx, ActionUpdate, auditProblem, before)
}

// ProblemPublic returns the public choice of the problem with id and its
// reports (the reports oldest first), or a not-found error.
func (s *Store) ProblemPublic(ctx context.Context, id int64) (rectify.Public, error) {
	c := s.reader()
	var pub rectify.Public
	var pid sql.NullInt64
	err := c.queryRow(ctx, "SELECT public_progress_id, public_text FROM problems WHERE id = ?", id).Scan(&pid, &pub.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return pub, fmt.Errorf("store: problem public: %w", notFound("问题", id))
	}
	if err != nil {
		return pub, fmt.Errorf("store: problem public: %w", err)
	}
	pub.ProgressID = pid.Int64
	reports, err := c.reports(ctx, "problem_id = ?", id)
	if err != nil {
		return pub, fmt.Errorf("store: problem public: %w", err)
	}
	pub.Reports = reports[id]
	return pub, nil
}

// reports returns the progress reports that where selects, by problem,
// oldest first.
func (c conn) reports(ctx context.Context, where string, args ...any) (map[int64][]rectify.Report, error) {
	rows, err := c.query(ctx, "SELECT id, problem_id, measure_id, date, text FROM progress WHERE "+where+
		" ORDER BY problem_id, date, id", args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]rectify.Report{}
	for rows.Next() {
		var r rectify.Report
		var problemID int64
		var measureID sql.NullInt64
		if err := rows.Scan(&r.ProgressID, &problemID, &measureID, &r.Date, &r.Text); err != nil {
			return nil, closeRows(rows, err)
		}
		r.MeasureID = measureID.Int64
		out[problemID] = append(out[problemID], r)
	}
	return out, closeRows(rows, nil)
}

// loadPublic fills the public choice and the reports of the problems of the
// inspection with id.
func (c conn) loadPublic(ctx context.Context, id int64, problems []*rectify.Problem) error {
	if len(problems) == 0 {
		return nil
	}
	byID := make(map[int64]*rectify.Problem, len(problems))
	for _, p := range problems {
		byID[p.ID] = p
	}
	rows, err := c.query(ctx, `SELECT id, public_progress_id, public_text FROM problems
		WHERE inspection_id = ? AND (public_progress_id IS NOT NULL OR public_text <> '')`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var pid int64
		var progress sql.NullInt64
		var text string
		if err := rows.Scan(&pid, &progress, &text); err != nil {
			return closeRows(rows, err)
		}
		if p := byID[pid]; p != nil {
			p.Public.ProgressID, p.Public.Text = progress.Int64, text
		}
	}
	if err := closeRows(rows, nil); err != nil {
		return err
	}
	reports, err := c.reports(ctx, "problem_id IN (SELECT id FROM problems WHERE inspection_id = ?)", id)
	if err != nil {
		return err
	}
	for pid, rs := range reports {
		if p := byID[pid]; p != nil {
			p.Public.Reports = rs
		}
	}
	return c.loadReportQuantities(ctx, id, problems)
}
