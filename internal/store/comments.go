package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
)

func validState(st rectify.CommentState) bool {
	switch st {
	case rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned, rectify.CommentReplied, rectify.CommentClosed:
		return true
	}
	return false
}

// CreateComment stores an opinion from the public (群众意见建议) and sets
// its ID and Version; State defaults to new and Received to now. It returns
// EINVALID for a bad comment and not-found when the unit does not exist.
func (s *Store) CreateComment(ctx context.Context, pc *rectify.PublicComment) error {
	if err := pc.Validate(); err != nil {
		return fmt.Errorf("store: create comment: %w", err)
	}
	state := pc.State
	if state == "" {
		state = rectify.CommentNew
	}
	if !validState(state) {
		return fmt.Errorf("store: create comment: %w", rectify.Errorf(rectify.EINVALID, "未知的办理状态“%s”", state))
	}
	received := pc.Received.UTC().Truncate(time.Microsecond)
	if pc.Received.IsZero() {
		received = s.now()
	}
	code := pc.ReceiptCode
	if code == "" {
		code = NewReceiptCode()
	}
	var id int64
	err := s.write(ctx, "create comment", func(c conn) error {
		if err := c.mustExist(ctx, "units", "单位", pc.UnitID, nil); err != nil {
			return err
		}
		var err error
		id, err = c.insert(ctx, `INSERT INTO public_comments (unit_id, inspection_id, problem_id, name, contact, text,
			state, assignee, reply, reply_public, received, version, receipt_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			pc.UnitID, nullID(pc.InspectionID), nullID(pc.ProblemID), pc.Name, pc.Contact, pc.Text,
			state, pc.Assignee, pc.Reply, pc.ReplyPublic, c.time(received), code)
		if err != nil {
			return err
		}
		return c.auditCreated(ctx, auditComment, id)
	})
	if err != nil {
		return err
	}
	pc.ID, pc.State, pc.Received, pc.Version, pc.ReceiptCode = id, state, received, 1, code
	return nil
}

const commentCols = `pc.id, pc.unit_id, pc.inspection_id, pc.problem_id, pc.name, pc.contact, pc.text, pc.state,
	pc.assignee, pc.reply, pc.reply_public, pc.received, pc.version, pc.receipt_code`

func (c conn) comments(ctx context.Context, q string, args ...any) (out []*rectify.PublicComment, err error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		pc := &rectify.PublicComment{}
		if err := rows.Scan(&pc.ID, &pc.UnitID, idCol{&pc.InspectionID}, idCol{&pc.ProblemID}, &pc.Name, &pc.Contact,
			&pc.Text, &pc.State, &pc.Assignee, &pc.Reply, &pc.ReplyPublic, timeCol{&pc.Received}, &pc.Version, &pc.ReceiptCode); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, pc)
	}
	return out, closeRows(rows, nil)
}

// GetComment returns the public comment with id, or a not-found error.
func (s *Store) GetComment(ctx context.Context, id int64) (*rectify.PublicComment, error) {
	pc, err := s.reader().getComment(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get comment: %w", err)
	}
	return pc, nil
}

func (c conn) getComment(ctx context.Context, id int64) (*rectify.PublicComment, error) {
	cs, err := c.comments(ctx, "SELECT "+commentCols+" FROM public_comments pc WHERE pc.id = ?", id)
	if err == nil && len(cs) == 0 {
		err = notFound("意见建议", id)
	}
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// CommentFilter selects public comments; zero fields do not filter.
type CommentFilter struct {
	ScopePath string // units in this subtree ("/1/4/")
	UnitID    int64
	States    []rectify.CommentState // any of these states
	Limit     int                    // at most this many; 0 for all
	Offset    int
}

// unitWhere returns the condition on public_comments pc of f's scope and
// unit, and its arguments.
func (f CommentFilter) unitWhere() (string, []any) {
	where, args := "1 = 1", []any(nil)
	if f.ScopePath != "" {
		lo, hi := scopeRange(f.ScopePath)
		where += " AND pc.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)"
		args = append(args, lo, hi)
	}
	if f.UnitID != 0 {
		where += " AND pc.unit_id = ?"
		args = append(args, f.UnitID)
	}
	return where, args
}

// ListComments returns one page of the comments f selects, the newest
// first, and how many f selects in all.
func (s *Store) ListComments(ctx context.Context, f CommentFilter) ([]*rectify.PublicComment, int, error) {
	where, args := f.unitWhere()
	if len(f.States) > 0 {
		where += " AND pc.state IN (" + placeholders(len(f.States)) + ")"
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	c := s.reader()
	var total int
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM public_comments pc WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count comments: %w", err)
	}
	q := "SELECT " + commentCols + " FROM public_comments pc WHERE " + where + " ORDER BY pc.received DESC, pc.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	cs, err := c.comments(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list comments: %w", err)
	}
	return cs, total, nil
}

// UpdateComment saves how the comment is handled (inspection, problem,
// state, assignee, reply and whether the reply is public; never the public's
// own words) when pc.Version is current, and sets the new Version. It returns
// EINVALID for an unknown state, ErrStale for an old version and not-found
// for a missing comment.
func (s *Store) UpdateComment(ctx context.Context, pc *rectify.PublicComment) error {
	if !validState(pc.State) {
		return fmt.Errorf("store: update comment: %w", rectify.Errorf(rectify.EINVALID, "未知的办理状态“%s”", pc.State))
	}
	err := s.write(ctx, "update comment", func(c conn) error {
		return c.updateComment(ctx, pc)
	})
	if err != nil {
		return err
	}
	pc.Version++
	return nil
}

// updateComment saves how the comment is handled when pc.Version is
// current; the caller moves pc.Version on once the transaction commits.
func (c conn) updateComment(ctx context.Context, pc *rectify.PublicComment) error {
	if !validState(pc.State) {
		return rectify.Errorf(rectify.EINVALID, "未知的办理状态“%s”", pc.State)
	}
	before, err := c.mustState(ctx, auditComment, pc.ID, "意见建议")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE public_comments SET inspection_id = ?, problem_id = ?, state = ?, assignee = ?,
		reply = ?, reply_public = ?, version = version + 1 WHERE id = ? AND version = ?`,
		nullID(pc.InspectionID), nullID(pc.ProblemID), pc.State, pc.Assignee, pc.Reply, pc.ReplyPublic, pc.ID, pc.Version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "public_comments", "意见建议", pc.ID); err != nil {
		return err
	}
	return c.auditChanged(ctx, ActionUpdate, auditComment, before)
}

// NewReceiptCode returns the secret part of a receipt number: ten
// hexadecimal digits (40 bits) from crypto/rand.
func NewReceiptCode() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b) // never fails: it panics rather than return weak bytes
	return hex.EncodeToString(b)
}
