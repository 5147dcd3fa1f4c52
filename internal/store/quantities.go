package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/rectify-dev/rectify"
)

// The figures of progress reports (整改成效的数字, progress_quantities):
// stored with their report by the workflow, audited like the record, summed
// for the overview and the notice.

// EntityQuantity is the audit log's name of a figure of a progress report.
const EntityQuantity = "quantity"

var auditQuantity = newAuditEntity(EntityQuantity, "progress_quantities", "整改数字", "problem_id",
	"progress_id", "problem_id", "kind", "meaning", "value", "unit", "approx:bool", "part:bool", "text")

// quantityValue is the canonical text of a figure's value: the same bytes
// on both databases and in the audit log.
func quantityValue(v float64) string { return rectify.FormatQuantityValue(v) }

// SetQuantities replaces the figures of the progress report with
// progressID by qs (none is a valid answer: the report counts nothing) and
// marks the report's figures as read. It returns not-found when there is no
// such report and EINVALID for a bad figure.
func (tx *Tx) SetQuantities(ctx context.Context, progressID int64, qs []rectify.Quantity) error {
	for i := range qs {
		if err := qs[i].Validate(); err != nil {
			return err
		}
	}
	c := tx.c
	var problemID int64
	if err := c.queryRow(ctx, "SELECT problem_id FROM progress WHERE id = ?", progressID).Scan(&problemID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("整改情况", progressID)
		}
		return err
	}
	// Marking the report first takes its row, so that two servers reading
	// the same report's figures take turns and never store them twice.
	if _, err := c.exec(ctx, "UPDATE progress SET quantified = ? WHERE id = ?", true, progressID); err != nil {
		return err
	}
	return c.replaceQuantities(ctx, progressID, problemID, qs)
}

// SetPendingQuantities stores qs as the figures of the progress report
// with progressID only when its figures were never read, and reports
// whether it did: a report another server read meanwhile, or the unit
// confirmed, is left as it is.
func (tx *Tx) SetPendingQuantities(ctx context.Context, progressID int64, qs []rectify.Quantity) (bool, error) {
	for i := range qs {
		if err := qs[i].Validate(); err != nil {
			return false, err
		}
	}
	c := tx.c
	var problemID int64
	if err := c.queryRow(ctx, "SELECT problem_id FROM progress WHERE id = ?", progressID).Scan(&problemID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, notFound("整改情况", progressID)
		}
		return false, err
	}
	res, err := c.exec(ctx, "UPDATE progress SET quantified = ? WHERE id = ? AND quantified = ?", true, progressID, false)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, c.replaceQuantities(ctx, progressID, problemID, qs)
}

// replaceQuantities replaces the figures of a report by qs, in the audit
// log too.
func (c conn) replaceQuantities(ctx context.Context, progressID, problemID int64, qs []rectify.Quantity) error {
	before, err := c.states(ctx, auditQuantity, "progress_id = ?", progressID)
	if err != nil {
		return err
	}
	if len(before) > 0 {
		if _, err := c.exec(ctx, "DELETE FROM progress_quantities WHERE progress_id = ?", progressID); err != nil {
			return err
		}
		for _, st := range before {
			if err := c.auditDeleted(ctx, auditQuantity, st); err != nil {
				return err
			}
		}
	}
	for i := range qs {
		q := &qs[i]
		q.ProgressID, q.ProblemID = progressID, problemID
		q.Value, _ = strconv.ParseFloat(quantityValue(q.Value), 64)
		var err error
		q.ID, err = c.insertAudited(ctx, auditQuantity, `INSERT INTO progress_quantities (progress_id, problem_id, kind,
			meaning, value, unit, approx, part, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, progressID, problemID,
			string(q.Kind), q.Meaning, quantityValue(q.Value), q.Unit, q.Approx, q.Part, q.Text)
		if err != nil {
			return fmt.Errorf("quantity %d: %w", i+1, err)
		}
	}
	return nil
}

// UnquantifiedProgress is a progress report whose figures were never read.
type UnquantifiedProgress struct {
	ID   int64
	Text string
}

// ListUnquantified returns up to limit progress reports whose figures were
// never read (reports older than the figures, imported or planted by the
// demo), oldest first.
func (s *Store) ListUnquantified(ctx context.Context, limit int) ([]UnquantifiedProgress, error) {
	c := s.reader()
	where := "quantified = 0"
	if c.dialect == Postgres {
		where = "NOT quantified"
	}
	rows, err := c.query(ctx, "SELECT id, text FROM progress WHERE "+where+" ORDER BY id LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("store: unquantified progress: %w", err)
	}
	var out []UnquantifiedProgress
	for rows.Next() {
		var p UnquantifiedProgress
		if err := rows.Scan(&p.ID, &p.Text); err != nil {
			return nil, fmt.Errorf("store: unquantified progress: %w", closeRows(rows, err))
		}
		out = append(out, p)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: unquantified progress: %w", err)
	}
	return out, nil
}

const quantityCols = "q.id, q.progress_id, q.problem_id, q.kind, q.meaning, q.value, q.unit, q.approx, q.part, q.text"

// scanQuantities reads rows of quantityCols.
func scanQuantities(rows rowsScanner) ([]rectify.Quantity, error) {
	var out []rectify.Quantity
	for rows.Next() {
		var q rectify.Quantity
		var kind, value string
		if err := rows.Scan(&q.ID, &q.ProgressID, &q.ProblemID, &kind, &q.Meaning, &value, &q.Unit, &q.Approx,
			&q.Part, &q.Text); err != nil {
			return nil, err
		}
		q.Kind = rectify.QuantityKind(kind)
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return nil, fmt.Errorf("quantity %d: value %q: %w", q.ID, value, err)
		}
		q.Value = v
		out = append(out, q)
	}
	return out, nil
}

type rowsScanner interface {
	Next() bool
	Scan(...any) error
}

// ListQuantities returns the figures of the progress reports of the
// problem with problemID, by report and in the order they were read.
func (s *Store) ListQuantities(ctx context.Context, problemID int64) ([]rectify.Quantity, error) {
	rows, err := s.reader().query(ctx, "SELECT "+quantityCols+" FROM progress_quantities q WHERE q.problem_id = ? ORDER BY q.progress_id, q.id", problemID)
	if err != nil {
		return nil, fmt.Errorf("store: list quantities: %w", err)
	}
	out, err := scanQuantities(rows)
	if err := closeRows(rows, err); err != nil {
		return nil, fmt.Errorf("store: list quantities: %w", err)
	}
	return out, nil
}

// loadReportQuantities attaches the stored figures to the reports of the
// problems of the inspection with id.
func (c conn) loadReportQuantities(ctx context.Context, id int64, problems []*rectify.Problem) error {
	rows, err := c.query(ctx, "SELECT "+quantityCols+` FROM progress_quantities q
		WHERE q.problem_id IN (SELECT id FROM problems WHERE inspection_id = ?) ORDER BY q.progress_id, q.id`, id)
	if err != nil {
		return err
	}
	qs, err := scanQuantities(rows)
	if err := closeRows(rows, err); err != nil {
		return err
	}
	if len(qs) == 0 {
		return nil
	}
	byProgress := map[int64][]rectify.Quantity{}
	for _, q := range qs {
		byProgress[q.ProgressID] = append(byProgress[q.ProgressID], q)
	}
	for _, p := range problems {
		for i := range p.Public.Reports {
			r := &p.Public.Reports[i]
			r.Quantities = byProgress[r.ProgressID]
		}
	}
	return nil
}

// QuantitySum is a sum of figures of one inspection: of one kind, meaning,
// unit and approximation, breakdowns (其中) left out.
type QuantitySum struct {
	InspectionID int64
	UnitID       int64
	Round        int
	// Source is the inspection's kind of rectification (巡察 for the
	// zero source).
	Source rectify.Source
	rectify.QuantityLine
}

// SumQuantities returns the figures of the progress reports made by asOf
// in the inspections of units in the subtree at scopePath ("" for all),
// summed by inspection, kind, meaning, unit and approximation.
func (s *Store) SumQuantities(ctx context.Context, scopePath string, asOf rectify.Date) ([]QuantitySum, error) {
	q := `SELECT i.id, i.unit_id, i.round, i.source, q.kind, q.meaning, q.unit, q.approx,
		SUM(CAST(q.value AS DOUBLE PRECISION)), COUNT(*)
		FROM progress_quantities q JOIN progress g ON g.id = q.progress_id
		JOIN problems p ON p.id = q.problem_id JOIN inspections i ON i.id = p.inspection_id
		WHERE q.part = ? AND g.date <= ?`
	args := []any{false, asOf}
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q += " AND i.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)"
		args = append(args, lo, hi)
	}
	q += " GROUP BY i.id, i.unit_id, i.round, i.source, q.kind, q.meaning, q.unit, q.approx ORDER BY i.id, q.kind, q.meaning, q.unit, q.approx"
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sum quantities: %w", err)
	}
	var out []QuantitySum
	for rows.Next() {
		var r QuantitySum
		var kind, source string
		var round *int64
		if err := rows.Scan(&r.InspectionID, &r.UnitID, &round, &source, &kind, &r.Meaning, &r.Unit, &r.Approx, &r.Value, &r.Count); err != nil {
			return nil, fmt.Errorf("store: sum quantities: %w", closeRows(rows, err))
		}
		if round != nil {
			r.Round = int(*round)
		}
		r.Source = rectify.Source(source).Or()
		r.Kind = rectify.QuantityKind(kind)
		out = append(out, r)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: sum quantities: %w", err)
	}
	return out, nil
}

// SumAccountability returns the accountability records (问责记录) dated by
// asOf of the inspections of units in the subtree at scopePath ("" for
// all), counted by inspection and form as figures of people: one 人次 per
// record (Kind rectify.QuantityPerson, Meaning the form, Unit 人次, Value
// and Count the number of records).
func (s *Store) SumAccountability(ctx context.Context, scopePath string, asOf rectify.Date) ([]QuantitySum, error) {
	q := `SELECT i.id, i.unit_id, i.round, i.source, a.form, COUNT(*)
		FROM accountability a JOIN inspections i ON i.id = a.inspection_id
		WHERE a.date <= ?`
	args := []any{asOf}
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q += " AND i.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)"
		args = append(args, lo, hi)
	}
	q += " GROUP BY i.id, i.unit_id, i.round, i.source, a.form ORDER BY i.id, a.form"
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sum accountability: %w", err)
	}
	var out []QuantitySum
	for rows.Next() {
		var r QuantitySum
		var source string
		var round *int64
		if err := rows.Scan(&r.InspectionID, &r.UnitID, &round, &source, &r.Meaning, &r.Count); err != nil {
			return nil, fmt.Errorf("store: sum accountability: %w", closeRows(rows, err))
		}
		if round != nil {
			r.Round = int(*round)
		}
		r.Source = rectify.Source(source).Or()
		r.Kind, r.Unit, r.Value = rectify.QuantityPerson, "人次", float64(r.Count)
		out = append(out, r)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: sum accountability: %w", err)
	}
	return out, nil
}

// attachQuantities puts the figures of the problem's reports into them.
func (c conn) attachQuantities(ctx context.Context, problemID int64, byID map[int64]*rectify.Progress) error {
	rows, err := c.query(ctx, "SELECT "+quantityCols+" FROM progress_quantities q WHERE q.problem_id = ? ORDER BY q.progress_id, q.id", problemID)
	if err != nil {
		return err
	}
	qs, err := scanQuantities(rows)
	if err := closeRows(rows, err); err != nil {
		return err
	}
	for _, q := range qs {
		if p := byID[q.ProgressID]; p != nil {
			p.Quantities = append(p.Quantities, q)
		}
	}
	return nil
}
