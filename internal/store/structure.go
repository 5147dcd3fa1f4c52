package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// The problem list of an inspection typed by hand: findings (反馈问题) and
// problems (具体问题) added, renamed, moved and deleted one at a time, in a
// use case's transaction (workflow), each change in the audit log.

// BumpInspection moves the version of the inspection with id on when
// version is current: a change to its problem list makes every page that
// showed the list stale. It returns ErrStale for an old version and a
// not-found error for a missing inspection.
func (tx *Tx) BumpInspection(ctx context.Context, id int64, version int) error {
	c := tx.c
	before, err := c.mustState(ctx, auditInspection, id, "巡察")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, "UPDATE inspections SET version = version + 1 WHERE id = ? AND version = ?", id, version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "inspections", "巡察", id); err != nil {
		return err
	}
	return c.auditChanged(ctx, ActionUpdate, auditInspection, before)
}

// CreateInspectionHead stores the header of in (its findings are ignored)
// and returns its id; not-found when the unit does not exist, EINVALID for
// bad fields.
func (tx *Tx) CreateInspectionHead(ctx context.Context, in *rectify.Inspection) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	head := *in
	head.Findings = nil
	ids, err := tx.c.createInspection(ctx, &head, tx.s.now())
	return ids.inspection, err
}

// UpdateInspection saves the header of in when in.Version is current (see
// Store.UpdateInspection); in.Version moves on.
func (tx *Tx) UpdateInspection(ctx context.Context, in *rectify.Inspection) error {
	if err := tx.c.updateInspection(ctx, in); err != nil {
		return err
	}
	in.Version++
	return nil
}

// ListFindings returns the findings of the inspection in order (by number,
// then id), without their problems.
func (tx *Tx) ListFindings(ctx context.Context, inspectionID int64) ([]*rectify.Finding, error) {
	var out []*rectify.Finding
	err := tx.c.each(ctx, "SELECT id, inspection_id, number, title FROM findings WHERE inspection_id = ? ORDER BY number, id",
		[]any{inspectionID}, func(scan func(...any) error) error {
			f := &rectify.Finding{}
			if err := scan(&f.ID, &f.InspectionID, &f.Number, &f.Title); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	return out, err
}

// GetFinding returns the finding with id without its problems, or a
// not-found error.
func (tx *Tx) GetFinding(ctx context.Context, id int64) (*rectify.Finding, error) {
	f := &rectify.Finding{}
	var found bool
	err := tx.c.each(ctx, "SELECT id, inspection_id, number, title FROM findings WHERE id = ?", []any{id},
		func(scan func(...any) error) error {
			found = true
			return scan(&f.ID, &f.InspectionID, &f.Number, &f.Title)
		})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, notFound("反馈问题", id)
	}
	return f, nil
}

// InspectionProblems returns the problems of the inspection (rows only:
// no measures, no history) in order of number, then id.
func (tx *Tx) InspectionProblems(ctx context.Context, inspectionID int64) ([]*rectify.Problem, error) {
	return tx.c.problems(ctx, "SELECT "+problemCols+" FROM problems p WHERE p.inspection_id = ? ORDER BY p.number, p.id", inspectionID)
}

// CreateFinding adds f to its inspection and returns its id; EINVALID for
// a title that is empty or too long.
func (tx *Tx) CreateFinding(ctx context.Context, f *rectify.Finding) (int64, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	return tx.c.insertAudited(ctx, auditFinding, "INSERT INTO findings (inspection_id, number, title) VALUES (?, ?, ?)",
		f.InspectionID, f.Number, f.Title)
}

// UpdateFinding saves the number and title of f; not-found when it is gone.
func (tx *Tx) UpdateFinding(ctx context.Context, f *rectify.Finding) error {
	if err := f.Validate(); err != nil {
		return err
	}
	c := tx.c
	before, err := c.mustState(ctx, auditFinding, f.ID, "反馈问题")
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "UPDATE findings SET number = ?, title = ? WHERE id = ?", f.Number, f.Title, f.ID); err != nil {
		return err
	}
	return c.auditChanged(ctx, ActionUpdate, auditFinding, before)
}

// DeleteFinding removes the finding with id, which must hold no problem
// (the caller checks; the database would delete them with it).
func (tx *Tx) DeleteFinding(ctx context.Context, id int64) error {
	c := tx.c
	before, err := c.mustState(ctx, auditFinding, id, "反馈问题")
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "DELETE FROM findings WHERE id = ?", id); err != nil {
		return err
	}
	return c.auditDeleted(ctx, auditFinding, before)
}

// CreateProblem adds p (its own fields, not its measures or history) under
// its finding and returns its id. Its status is not started.
func (tx *Tx) CreateProblem(ctx context.Context, p *rectify.Problem) (int64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	c := tx.c
	now := c.time(tx.s.now())
	id, err := c.insertAudited(ctx, auditProblem, `INSERT INTO problems (inspection_id, finding_id, number, title, description,
		track, class, leader, owner_unit, due, opened, status, version, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.InspectionID, p.FindingID, p.Number, p.Title, p.Description, p.Track, p.Class, p.Leader, p.OwnerUnit,
		p.Due, p.Opened, rectify.StatusNotStarted, now)
	if err != nil {
		return 0, err
	}
	return id, c.putSearch(ctx, searchRow{id, searchBody(p.Title, p.Description, nil, nil)})
}

// PlaceProblem puts the problem with id under findingID with number: where
// it stands in the list, not what it says, so its version stays. A problem
// already there is not written again.
func (tx *Tx) PlaceProblem(ctx context.Context, id, findingID int64, number int) error {
	c := tx.c
	before, err := c.mustState(ctx, auditProblem, id, "问题")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, "UPDATE problems SET finding_id = ?, number = ? WHERE id = ? AND (finding_id <> ? OR number <> ?)",
		findingID, number, id, findingID, number)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return c.auditChanged(ctx, ActionUpdate, auditProblem, before)
}

// CountProgress returns how many progress reports the problem has.
func (tx *Tx) CountProgress(ctx context.Context, problemID int64) (int, error) {
	var n int
	err := tx.c.queryRow(ctx, "SELECT COUNT(*) FROM progress WHERE problem_id = ?", problemID).Scan(&n)
	return n, err
}

// DeleteProblem removes the problem with id and what belongs to it alone
// (measures, status history, look-backs, progress and evidence), each
// recorded as deleted; rules, accountability records and public opinions
// that named it lose the link, recorded as changed. Whether it may go is
// for the caller to decide. Not-found when it is gone.
func (tx *Tx) DeleteProblem(ctx context.Context, id int64) error {
	c := tx.c
	const of = "problem_id = ?"
	parts := []struct {
		e     *auditEntity
		where string
	}{
		{auditRecheck, of},
		{auditQuantity, of},
		{auditEvidence, of},
		{auditProgress, of},
		{auditStatusChange, of},
		{auditMeasure, of},
		{auditProblem, "id = ?"},
	}
	deleted := make([][]rowState, len(parts))
	for i, part := range parts {
		var err error
		if deleted[i], err = c.states(ctx, part.e, part.where, id); err != nil {
			return err
		}
	}
	if len(deleted[len(parts)-1]) == 0 {
		return notFound("问题", id)
	}
	rules, err := c.states(ctx, auditRule, "id IN (SELECT rule_id FROM rule_problems WHERE problem_id = ?)", id)
	if err != nil {
		return err
	}
	acc, err := c.states(ctx, auditAccountability, of, id)
	if err != nil {
		return err
	}
	comments, err := c.states(ctx, auditComment, of, id)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "DELETE FROM problems WHERE id = ?", id); err != nil {
		return err
	}
	for i, part := range parts {
		for _, st := range deleted[i] {
			if err := c.auditDeleted(ctx, part.e, st); err != nil {
				return err
			}
		}
	}
	for _, ch := range []struct {
		e  *auditEntity
		st []rowState
	}{{auditRule, rules}, {auditAccountability, acc}, {auditComment, comments}} {
		if err := c.auditChangedAll(ctx, ActionUpdate, ch.e, ch.st); err != nil {
			return fmt.Errorf("unlink %s: %w", ch.e.name, err)
		}
	}
	if c.audit != nil {
		delete(c.audit.touched, id)
	}
	return nil
}

// FindingInspection returns the id of the inspection of the finding with
// id, or a not-found error.
func (s *Store) FindingInspection(ctx context.Context, id int64) (int64, error) {
	var in int64
	err := s.reader().queryRow(ctx, "SELECT inspection_id FROM findings WHERE id = ?", id).Scan(&in)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("反馈问题", id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: finding inspection: %w", err)
	}
	return in, nil
}
