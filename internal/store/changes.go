package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rectify-dev/rectify"
)

const changeRequestCols = "id, problem_id, title, description, track, due, reason, requested_by, requested, state, decided_by, decided, note"

func scanChangeRequest(row interface{ Scan(...any) error }) (*rectify.ChangeRequest, error) {
	cr := &rectify.ChangeRequest{}
	var track, state string
	err := row.Scan(&cr.ID, &cr.ProblemID, &cr.Title, &cr.Description, &track, &cr.Due, &cr.Reason,
		&cr.RequestedBy, timeCol{&cr.Requested}, &state, &cr.DecidedBy, timeCol{&cr.Decided}, &cr.Note)
	cr.Track, cr.State = rectify.Track(track), rectify.ChangeState(state)
	return cr, err
}

// CreateChangeRequest stores a pending change request of its problem,
// superseding any pending one of the same problem, and sets cr.ID.
func (tx *Tx) CreateChangeRequest(ctx context.Context, cr *rectify.ChangeRequest) error {
	c := tx.c
	now := tx.s.now()
	before, err := c.states(ctx, auditChange, "problem_id = ? AND state = 'pending'", cr.ProblemID)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "UPDATE change_requests SET state = 'superseded', decided = ? WHERE problem_id = ? AND state = 'pending'",
		c.time(now), cr.ProblemID); err != nil {
		return err
	}
	if err := c.auditChangedAll(ctx, ActionUpdate, auditChange, before); err != nil {
		return err
	}
	cr.Requested, cr.State = now, rectify.ChangePending
	cr.ID, err = c.insertAudited(ctx, auditChange, `INSERT INTO change_requests (problem_id, title, description, track, due,
		reason, requested_by, requested, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cr.ProblemID, cr.Title, cr.Description, string(cr.Track), cr.Due, cr.Reason, cr.RequestedBy, c.time(now), string(cr.State))
	return err
}

// GetChangeRequest returns the change request with id, or not-found.
func (tx *Tx) GetChangeRequest(ctx context.Context, id int64) (*rectify.ChangeRequest, error) {
	cr, err := scanChangeRequest(tx.c.queryRow(ctx, "SELECT "+changeRequestCols+" FROM change_requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("变更申请", id)
	}
	return cr, err
}

// PendingChangeRequest returns the pending change request of the problem
// with problemID, or nil.
func (tx *Tx) PendingChangeRequest(ctx context.Context, problemID int64) (*rectify.ChangeRequest, error) {
	cr, err := scanChangeRequest(tx.c.queryRow(ctx, "SELECT "+changeRequestCols+
		" FROM change_requests WHERE problem_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1", problemID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return cr, err
}

// DecideChangeRequest records the decision of the pending request with
// id: approved or rejected, by whom and why. It returns ETRANSITION when
// the request is no longer pending.
func (tx *Tx) DecideChangeRequest(ctx context.Context, id int64, state rectify.ChangeState, by, note string) error {
	c := tx.c
	before, ok, err := c.state(ctx, auditChange, id)
	if err != nil {
		return err
	}
	if !ok {
		return notFound("变更申请", id)
	}
	res, err := c.exec(ctx, "UPDATE change_requests SET state = ?, decided_by = ?, decided = ?, note = ? WHERE id = ? AND state = 'pending'",
		string(state), by, c.time(tx.s.now()), note, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return rectify.Errorf(rectify.ETRANSITION, "该变更申请已经处理过")
	}
	return c.auditChanged(ctx, ActionUpdate, auditChange, before)
}

// ListChangeRequests returns the change requests of the problem with
// problemID, newest first.
func (s *Store) ListChangeRequests(ctx context.Context, problemID int64) ([]*rectify.ChangeRequest, error) {
	c := s.reader()
	rows, err := c.query(ctx, "SELECT "+changeRequestCols+" FROM change_requests WHERE problem_id = ? ORDER BY id DESC", problemID)
	if err != nil {
		return nil, fmt.Errorf("store: list change requests: %w", err)
	}
	var out []*rectify.ChangeRequest
	for rows.Next() {
		cr, err := scanChangeRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list change requests: %w", closeRows(rows, err))
		}
		out = append(out, cr)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list change requests: %w", err)
	}
	return out, nil
}

// PendingChange is a change request waiting for a reviewer, with its
// problem's number and title (for the to-do list).
type PendingChange struct {
	Request *rectify.ChangeRequest
	Number  int
	Title   string
}

// ListPendingChanges returns the pending change requests of the problems
// of the units in the subtree at scopePath (every unit when ""), oldest
// first, at most limit (all when 0, none when negative: the count only),
// and how many there are.
func (s *Store) ListPendingChanges(ctx context.Context, scopePath string, limit int) ([]PendingChange, int, error) {
	c := s.reader()
	where, args := "cr.state = 'pending'", []any{}
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		where += ` AND p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u ON u.id = i.unit_id
			WHERE u.path >= ? AND u.path < ?)`
		args = append(args, lo, hi)
	}
	from := " FROM change_requests cr JOIN problems p ON p.id = cr.problem_id WHERE " + where
	var n int
	if err := c.queryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: list pending changes: %w", err)
	}
	if limit < 0 {
		return nil, n, nil
	}
	q := "SELECT cr." + strings.ReplaceAll(changeRequestCols, ", ", ", cr.") + ", p.number, p.title" + from + " ORDER BY cr.id"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list pending changes: %w", err)
	}
	var out []PendingChange
	for rows.Next() {
		var pc PendingChange
		cr := &rectify.ChangeRequest{}
		var track, state string
		if err := rows.Scan(&cr.ID, &cr.ProblemID, &cr.Title, &cr.Description, &track, &cr.Due, &cr.Reason,
			&cr.RequestedBy, timeCol{&cr.Requested}, &state, &cr.DecidedBy, timeCol{&cr.Decided}, &cr.Note,
			&pc.Number, &pc.Title); err != nil {
			return nil, 0, fmt.Errorf("store: list pending changes: %w", closeRows(rows, err))
		}
		cr.Track, cr.State = rectify.Track(track), rectify.ChangeState(state)
		pc.Request = cr
		out = append(out, pc)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, 0, fmt.Errorf("store: list pending changes: %w", err)
	}
	return out, n, nil
}
