package store

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// ListPublished returns the headers of the published inspections (those
// whose notice is on the public page), of the unit with unitID only when
// it is not 0, the latest notice first.
func (s *Store) ListPublished(ctx context.Context, unitID int64) (out []*rectify.Inspection, err error) {
	where, args := "i.published = ?", []any{true}
	if unitID != 0 {
		where += " AND i.unit_id = ?"
		args = append(args, unitID)
	}
	rows, err := s.reader().query(ctx, "SELECT "+inspectionCols+" FROM inspections i WHERE "+where+
		" ORDER BY i.notice_date IS NULL, i.notice_date DESC, i.feedback DESC, i.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list published: %w", err)
	}
	for rows.Next() {
		in, err := scanInspection(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list published: %w", closeRows(rows, err))
		}
		out = append(out, in)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list published: %w", err)
	}
	return out, nil
}

// ListPublicReplies returns the opinions filed under the inspection with
// inspectionID whose reply the unit published (答复已公开), the newest
// first. Only what a public page may show is read: the reply, the day it
// was received, the state and the problem it concerns, never the name,
// contact or words of the person who wrote it.
func (s *Store) ListPublicReplies(ctx context.Context, inspectionID int64) ([]*rectify.PublicComment, error) {
	rows, err := s.reader().query(ctx, `SELECT pc.id, pc.unit_id, pc.inspection_id, pc.problem_id, pc.state, pc.reply,
		pc.received FROM public_comments pc WHERE pc.inspection_id = ? AND pc.reply_public = ? AND pc.reply <> ''
		AND pc.state IN (?, ?) ORDER BY pc.received DESC, pc.id DESC`,
		inspectionID, true, rectify.CommentReplied, rectify.CommentClosed)
	if err != nil {
		return nil, fmt.Errorf("store: list public replies: %w", err)
	}
	var out []*rectify.PublicComment
	for rows.Next() {
		pc := &rectify.PublicComment{ReplyPublic: true}
		if err := rows.Scan(&pc.ID, &pc.UnitID, idCol{&pc.InspectionID}, idCol{&pc.ProblemID}, &pc.State, &pc.Reply,
			timeCol{&pc.Received}); err != nil {
			return nil, fmt.Errorf("store: list public replies: %w", closeRows(rows, err))
		}
		out = append(out, pc)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list public replies: %w", err)
	}
	return out, nil
}
