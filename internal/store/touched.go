package store

import (
	"context"
	"fmt"
)

// Touch is what one entry of the audit log changed, as a cache of the
// record needs it: the entity and the problem it concerns (0 for none).
type Touch struct {
	Seq       int64
	Entity    string
	ProblemID int64
}

// Touched returns what the entries of the audit log after afterSeq up to
// and including toSeq changed, oldest first, at most limit of them (a
// cache that is told of more than it cares to read forgets everything
// instead). Every change to the record appends to the log in its own
// transaction, whichever process makes it, and the entries commit in the
// order of their numbers (the chain's head is locked until the commit), so
// a cache that has seen the entries up to Generation has seen every change
// before it. It returns an error when the log cannot be read.
func (s *Store) Touched(ctx context.Context, afterSeq, toSeq int64, limit int) ([]Touch, error) {
	var out []Touch
	err := s.reader().each(ctx, "SELECT seq, entity, problem_id FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
		[]any{afterSeq, toSeq, limit}, func(scan func(...any) error) error {
			var t Touch
			if err := scan(&t.Seq, &t.Entity, idCol{&t.ProblemID}); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: touched: %w", err)
	}
	return out, nil
}
