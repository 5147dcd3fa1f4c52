package store

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// CountComments returns how many public opinions f selects in each state
// (f.States, Limit and Offset are ignored); a state without any is absent.
func (s *Store) CountComments(ctx context.Context, f CommentFilter) (map[rectify.CommentState]int, error) {
	where, args := f.unitWhere()
	rows, err := s.reader().query(ctx, "SELECT pc.state, COUNT(*) FROM public_comments pc WHERE "+where+
		" GROUP BY pc.state", args...)
	if err != nil {
		return nil, fmt.Errorf("store: count comments: %w", err)
	}
	out := map[rectify.CommentState]int{}
	for rows.Next() {
		var st rectify.CommentState
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count comments: %w", closeRows(rows, err))
		}
		out[st] = n
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: count comments: %w", err)
	}
	return out, nil
}
