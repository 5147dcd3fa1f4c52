package store

import (
	"context"
	"fmt"
	"time"
)

// LoginKey is one key a failed login counts under: Kind is "pair" (login
// name and address), "addr" or "name".
type LoginKey struct {
	Kind, Key string
}

// RecordLoginFailure stores a failed login at time at under each of keys.
func (s *Store) RecordLoginFailure(ctx context.Context, keys []LoginKey, at time.Time) error {
	return s.write(ctx, "record login failure", func(c conn) error {
		for _, k := range keys {
			if _, err := c.exec(ctx, "INSERT INTO login_failures (kind, key, at) VALUES (?, ?, ?)", k.Kind, k.Key, c.time(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoginFailures returns the times of the latest failed logins under key
// since the time since, newest first, at most limit of them.
func (s *Store) LoginFailures(ctx context.Context, key LoginKey, since time.Time, limit int) ([]time.Time, error) {
	c := s.reader()
	rows, err := c.query(ctx, "SELECT at FROM login_failures WHERE kind = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?",
		key.Kind, key.Key, c.time(since), limit)
	if err != nil {
		return nil, fmt.Errorf("store: login failures: %w", err)
	}
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(timeCol{&t}); err != nil {
			return nil, fmt.Errorf("store: login failures: %w", closeRows(rows, err))
		}
		out = append(out, t)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: login failures: %w", err)
	}
	return out, nil
}

// ForgetLoginFailures removes the failures under key (after a successful
// login of the pair).
func (s *Store) ForgetLoginFailures(ctx context.Context, key LoginKey) error {
	return s.write(ctx, "forget login failures", func(c conn) error {
		_, err := c.exec(ctx, "DELETE FROM login_failures WHERE kind = ? AND key = ?", key.Kind, key.Key)
		return err
	})
}

// DeleteLoginFailuresBefore removes the failures recorded before t and
// returns how many.
func (s *Store) DeleteLoginFailuresBefore(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, "delete old login failures", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM login_failures WHERE at < ?", c.time(t))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
