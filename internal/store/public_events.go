package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// PublicEvent is one thing the public form's limits count: Kind is
// "addr", "net", "unit", "text", "lookup" or "pow", Key what it counts by.
type PublicEvent struct {
	Kind, Key string
}

// RecordPublicEvents stores events at time at, all or none.
func (s *Store) RecordPublicEvents(ctx context.Context, events []PublicEvent, at time.Time) error {
	return s.write(ctx, "record public events", func(c conn) error {
		for _, e := range events {
			if _, err := c.exec(ctx, "INSERT INTO public_events (kind, key, at) VALUES (?, ?, ?)", e.Kind, e.Key, c.time(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// CountPublicEvents returns how many events of e's kind and key happened
// after since, counting at most limit (a limit is all a caller needs).
func (s *Store) CountPublicEvents(ctx context.Context, e PublicEvent, since time.Time, limit int) (int, error) {
	c := s.reader()
	var n int
	err := c.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM public_events WHERE kind = ? AND key = ? AND at > ? LIMIT ?) AS recent",
		e.Kind, e.Key, c.time(since), limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count public events: %w", err)
	}
	return n, nil
}

// DeletePublicEventsBefore removes the events before t and returns how
// many.
func (s *Store) DeletePublicEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, "delete old public events", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM public_events WHERE at < ?", c.time(t))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// AppSecret returns the application's secret named name, 32 random bytes
// made by the first server that asked and the same for every server on
// the database.
func (s *Store) AppSecret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("store: app secret: %w", err)
	}
	var value string
	err := s.write(ctx, "app secret", func(c conn) error {
		if _, err := c.exec(ctx, "INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
			name, hex.EncodeToString(fresh)); err != nil {
			return err
		}
		return c.queryRow(ctx, "SELECT value FROM app_secrets WHERE name = ?", name).Scan(&value)
	})
	if err != nil {
		return nil, fmt.Errorf("store: app secret: %w", err)
	}
	key, err := hex.DecodeString(value)
	if err != nil {
		return nil, fmt.Errorf("store: app secret %s: %w", name, err)
	}
	return key, nil
}
