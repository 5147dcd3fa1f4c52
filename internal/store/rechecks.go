package store

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
)

func validateRecheck(r *rectify.Recheck) error {
	var v rectify.Invalid
	if r.Due.IsZero() {
		v.Add("due", "请填写回头看日期")
	}
	switch r.Result {
	case rectify.RecheckPending, rectify.RecheckPassed, rectify.RecheckFailed:
	default:
		v.Add("result", "回头看结果应为巩固或反弹")
	}
	if r.Result != rectify.RecheckPending && r.Done.IsZero() {
		v.Add("done", "请填写回头看完成日期")
	}
	return v.Err()
}

// CreateRecheck schedules a look-back (回头看) of problem r.ProblemID and
// sets its ID. It returns EINVALID for a look-back without a due date, or
// with a result but no done date, and not-found when the problem does not
// exist.
func (s *Store) CreateRecheck(ctx context.Context, r *rectify.Recheck) error {
	if err := validateRecheck(r); err != nil {
		return fmt.Errorf("store: create recheck: %w", err)
	}
	var id int64
	err := s.write(ctx, "create recheck", func(c conn) error {
		var err error
		id, err = c.createRecheck(ctx, r)
		return err
	})
	if err != nil {
		return err
	}
	r.ID = id
	return nil
}

func (c conn) createRecheck(ctx context.Context, r *rectify.Recheck) (int64, error) {
	if err := c.mustExist(ctx, "problems", "问题", r.ProblemID, nil); err != nil {
		return 0, err
	}
	id, err := c.insert(ctx, `INSERT INTO rechecks (problem_id, due, done, result, reviewer, note, sampled)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ProblemID, r.Due, r.Done, r.Result, r.Reviewer, r.Note, r.Sampled)
	if err != nil {
		return 0, err
	}
	return id, c.auditCreated(ctx, auditRecheck, id)
}

const recheckCols = "r.id, r.problem_id, r.due, r.done, r.result, r.reviewer, r.note, r.sampled"

func (c conn) rechecks(ctx context.Context, q string, args ...any) (out []*rectify.Recheck, err error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		r := &rectify.Recheck{}
		if err := rows.Scan(&r.ID, &r.ProblemID, &r.Due, &r.Done, &r.Result, &r.Reviewer, &r.Note, &r.Sampled); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, r)
	}
	return out, closeRows(rows, nil)
}

// GetRecheck returns the look-back with id, or a not-found error.
func (s *Store) GetRecheck(ctx context.Context, id int64) (*rectify.Recheck, error) {
	r, err := s.reader().getRecheck(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get recheck: %w", err)
	}
	return r, nil
}

func (c conn) getRecheck(ctx context.Context, id int64) (*rectify.Recheck, error) {
	rs, err := c.rechecks(ctx, "SELECT "+recheckCols+" FROM rechecks r WHERE r.id = ?", id)
	if err == nil && len(rs) == 0 {
		err = notFound("回头看", id)
	}
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// ListRechecks returns the look-backs of the problem with problemID by due date.
func (s *Store) ListRechecks(ctx context.Context, problemID int64) ([]*rectify.Recheck, error) {
	rs, err := s.reader().rechecks(ctx, "SELECT "+recheckCols+" FROM rechecks r WHERE r.problem_id = ? ORDER BY r.due, r.id", problemID)
	if err != nil {
		return nil, fmt.Errorf("store: list rechecks: %w", err)
	}
	return rs, nil
}

// ListRechecksDue returns the look-backs not yet done that are due on or
// before by, the earliest first.
func (s *Store) ListRechecksDue(ctx context.Context, by rectify.Date) ([]*rectify.Recheck, error) {
	rs, err := s.reader().rechecks(ctx, "SELECT "+recheckCols+
		" FROM rechecks r WHERE r.done IS NULL AND r.due <= ? ORDER BY r.due, r.id", by)
	if err != nil {
		return nil, fmt.Errorf("store: list rechecks due: %w", err)
	}
	return rs, nil
}

// UpdateRecheck saves the due and done dates, result, reviewer, note and
// sampling of r. Reopening a problem after a failed look-back is a status
// change the caller makes (AddStatusChange). It returns EINVALID for a bad
// look-back and not-found for a missing one.
func (s *Store) UpdateRecheck(ctx context.Context, r *rectify.Recheck) error {
	if err := validateRecheck(r); err != nil {
		return fmt.Errorf("store: update recheck: %w", err)
	}
	return s.write(ctx, "update recheck", func(c conn) error {
		return c.updateRecheck(ctx, r)
	})
}

func (c conn) updateRecheck(ctx context.Context, r *rectify.Recheck) error {
	before, err := c.mustState(ctx, auditRecheck, r.ID, "回头看")
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE rechecks SET due = ?, done = ?, result = ?, reviewer = ?, note = ?, sampled = ?
		WHERE id = ?`, r.Due, r.Done, r.Result, r.Reviewer, r.Note, r.Sampled, r.ID)
	if err != nil {
		return err
	}
	r.ProblemID = before.problemID
	return c.auditChanged(ctx, ActionUpdate, auditRecheck, before)
}
