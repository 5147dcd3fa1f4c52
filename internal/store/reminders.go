package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// ReminderKey names one reminder (督办提醒): an item of a kind, for a
// recipient, on a day. At most one reminder with a key is ever delivered.
type ReminderKey struct {
	Kind      string       `json:"kind"`      // due, escalation, recheck
	ItemID    int64        `json:"item_id"`   // a problem, or a look-back for recheck
	Recipient string       `json:"recipient"` // user:12, dingtalk:unit:4, …
	Day       rectify.Date `json:"day"`       // the day in the server's time zone
}

// The states of a reminder.
const (
	ReminderSending = "sending" // claimed by a process that is sending it
	ReminderSent    = "sent"
	ReminderFailed  = "failed" // the send failed; Error says why
)

// Reminder is the record of a reminder claimed for sending.
type Reminder struct {
	ReminderKey
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	ClaimedBy string    `json:"claimed_by"`
	ClaimedAt time.Time `json:"claimed_at"`
	Finished  time.Time `json:"finished,omitzero"`
	Error     string    `json:"error,omitempty"`
}

// ClaimPolicy says when a reminder claimed before may be claimed again on
// its day: when it failed, or when it is still being sent Lease after its
// claim (its process died, or hangs), as long as it has been tried fewer
// than MaxAttempts times. A sent reminder is never claimed again.
type ClaimPolicy struct {
	MaxAttempts int
	Lease       time.Duration
}

func compareKeys(a, b ReminderKey) int {
	return cmp.Or(strings.Compare(a.Kind, b.Kind), cmp.Compare(a.ItemID, b.ItemID),
		strings.Compare(a.Recipient, b.Recipient), a.Day.Compare(b.Day))
}

func validateKeys(keys []ReminderKey) error {
	for _, k := range keys {
		if k.Kind == "" || k.Recipient == "" || k.Day.IsZero() || k.ItemID <= 0 ||
			len(k.Kind) > 32 || utf8.RuneCountInString(k.Recipient) > 200 {
			return rectify.Errorf(rectify.EINVALID, "提醒缺少类别、事项、接收人或日期")
		}
	}
	return nil
}

// ClaimReminders claims, in one transaction, those of keys that no process
// has claimed yet, and those a policy allows to be claimed again, for the
// process by; it returns the keys it claimed (in a fixed order), now marked
// as being sent by by. Only those may be sent: a key it does not return was
// sent, or is being sent, by another run. Several processes may claim the
// same keys at once, on SQLite and on PostgreSQL: each key goes to one.
// It returns EINVALID for a key without a kind, item, recipient or day.
func (s *Store) ClaimReminders(ctx context.Context, keys []ReminderKey, by string, p ClaimPolicy) ([]ReminderKey, error) {
	if err := validateKeys(keys); err != nil {
		return nil, fmt.Errorf("store: claim reminders: %w", err)
	}
	// The same order in every process: two claims of overlapping keys wait
	// for each other on PostgreSQL instead of deadlocking.
	keys = slices.Clone(keys)
	slices.SortFunc(keys, compareKeys)
	keys = slices.CompactFunc(keys, func(a, b ReminderKey) bool { return compareKeys(a, b) == 0 })
	now := s.now()
	var claimed []ReminderKey
	err := s.write(ctx, "claim reminders", func(c conn) error {
		claimed = claimed[:0]
		for _, k := range keys {
			res, err := c.exec(ctx, `INSERT INTO reminders (kind, item_id, recipient, day, state, attempts, claimed_by, claimed_at)
				VALUES (?, ?, ?, ?, 'sending', 1, ?, ?) ON CONFLICT (kind, item_id, recipient, day) DO NOTHING`,
				k.Kind, k.ItemID, k.Recipient, k.Day, by, c.time(now))
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				// Claimed before: take it again only when the policy allows.
				// On PostgreSQL a concurrent claim of the same row makes this
				// wait for it and then see its outcome, so only one wins.
				res, err = c.exec(ctx, `UPDATE reminders SET state = 'sending', attempts = attempts + 1,
					claimed_by = ?, claimed_at = ?, finished_at = NULL
					WHERE kind = ? AND item_id = ? AND recipient = ? AND day = ? AND attempts < ?
					AND (state = 'failed' OR (state = 'sending' AND claimed_at < ?))`,
					by, c.time(now), k.Kind, k.ItemID, k.Recipient, k.Day, p.MaxAttempts, c.time(now.Add(-p.Lease)))
				if err != nil {
					return err
				}
				if n, err = res.RowsAffected(); err != nil {
					return err
				}
			}
			if n > 0 {
				claimed = append(claimed, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return claimed, nil
}

// FinishReminders records the outcome of sending the reminders of keys
// that the process by claimed: sent when sendErr is "", failed with that
// message otherwise. A reminder another process has taken over since (its
// lease ran out) is left alone.
func (s *Store) FinishReminders(ctx context.Context, keys []ReminderKey, by string, sendErr string) error {
	if err := validateKeys(keys); err != nil {
		return fmt.Errorf("store: finish reminders: %w", err)
	}
	state := ReminderSent
	if sendErr != "" {
		state = ReminderFailed
		if r := []rune(sendErr); len(r) > 1000 {
			sendErr = string(r[:1000]) + "…"
		}
	}
	now := s.now()
	return s.write(ctx, "finish reminders", func(c conn) error {
		for _, k := range keys {
			if _, err := c.exec(ctx, `UPDATE reminders SET state = ?, error = ?, finished_at = ?
				WHERE kind = ? AND item_id = ? AND recipient = ? AND day = ? AND claimed_by = ? AND state = 'sending'`,
				state, sendErr, c.time(now), k.Kind, k.ItemID, k.Recipient, k.Day, by); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListReminders returns the reminders of day, by kind, item and recipient.
func (s *Store) ListReminders(ctx context.Context, day rectify.Date) ([]*Reminder, error) {
	rows, err := s.reader().query(ctx, `SELECT kind, item_id, recipient, day, state, attempts, claimed_by,
		claimed_at, finished_at, error FROM reminders WHERE day = ? ORDER BY kind, item_id, recipient`, day)
	if err != nil {
		return nil, fmt.Errorf("store: list reminders: %w", err)
	}
	var out []*Reminder
	for rows.Next() {
		r := &Reminder{}
		if err := rows.Scan(&r.Kind, &r.ItemID, &r.Recipient, &r.Day, &r.State, &r.Attempts, &r.ClaimedBy,
			timeCol{&r.ClaimedAt}, timeCol{&r.Finished}, &r.Error); err != nil {
			return nil, fmt.Errorf("store: list reminders: %w", closeRows(rows, err))
		}
		out = append(out, r)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list reminders: %w", err)
	}
	return out, nil
}

// DeleteRemindersBefore removes the records of reminders of days before
// day and returns how many (housekeeping: a job keeps some months of them,
// to show who was reminded of what when).
func (s *Store) DeleteRemindersBefore(ctx context.Context, day rectify.Date) (int64, error) {
	var n int64
	err := s.write(ctx, "delete reminders", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM reminders WHERE day < ?", day)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// GetProblems returns the problems with ids that exist, with their measures
// and status histories, in the order of ids: what a reminder run needs of
// the items it reminds of, read a few hundred at a time rather than one by
// one.
func (s *Store) GetProblems(ctx context.Context, ids []int64) ([]*rectify.Problem, error) {
	c := s.reader()
	byID := make(map[int64]*rectify.Problem, len(ids))
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		cond := "p.id IN (" + placeholders(len(part)) + ")"
		ps, err := c.problems(ctx, "SELECT "+problemCols+" FROM problems p WHERE "+cond, args...)
		if err == nil {
			err = c.loadDetails(ctx, ps, cond, args...)
		}
		if err != nil {
			return nil, fmt.Errorf("store: get problems: %w", err)
		}
		for _, p := range ps {
			byID[p.ID] = p
		}
	}
	out := make([]*rectify.Problem, 0, len(byID))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
			delete(byID, id) // an ID given twice comes back once
		}
	}
	return out, nil
}
