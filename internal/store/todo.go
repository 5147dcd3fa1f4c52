package store

import (
	"context"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
)

// RejectPrefix starts the reason of a status change that sent a submitted
// problem back to its unit (退回); the reviewer's own words follow.
const RejectPrefix = "退回："

// SentBack is a problem a reviewer sent back (退回) that its unit has not
// submitted again: its current status is in progress and its latest status
// change is the rejection.
type SentBack struct {
	Problem  *rectify.Problem // ID, inspection, number, title, leader, owner unit, due, status
	UnitID   int64
	UnitName string
	Date     rectify.Date // of the rejection
	By       string       // the reviewer
	Reason   string       // the reviewer's words, without RejectPrefix
}

// ListSentBack returns the problems of units in the subtree scopePath that
// were sent back and wait for their unit, the latest rejection first, at
// most limit of them (all with 0), and how many there are in all.
func (s *Store) ListSentBack(ctx context.Context, scopePath string, limit int) ([]SentBack, int, error) {
	lo, hi := scopeRange(scopePath)
	// Driven from the rejections (the partial index
	// status_changes_rejections, whose condition is written out the same),
	// each kept while no status change followed it.
	from := ` FROM status_changes sc JOIN problems p ON p.id = sc.problem_id
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id
		WHERE sc.reason LIKE '` + RejectPrefix + `%' AND p.status = 'in_progress' AND u.path >= ? AND u.path < ?
		AND NOT EXISTS (SELECT 1 FROM status_changes s2 WHERE s2.problem_id = sc.problem_id
			AND (s2.date > sc.date OR (s2.date = sc.date AND s2.id > sc.id)))`
	args := []any{lo, hi}
	c := s.reader()
	var total int
	if err := c.queryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: list sent back: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	q := `SELECT p.id, p.inspection_id, p.number, p.title, p.leader, p.owner_unit, p.due, p.status,
		u.id, u.name, sc.date, sc.author, sc.reason` + from + " ORDER BY sc.date DESC, p.id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list sent back: %w", err)
	}
	var out []SentBack
	for rows.Next() {
		p := &rectify.Problem{}
		sb := SentBack{Problem: p}
		if err := rows.Scan(&p.ID, &p.InspectionID, &p.Number, &p.Title, &p.Leader, &p.OwnerUnit, &p.Due, &p.Status,
			&sb.UnitID, &sb.UnitName, &sb.Date, &sb.By, &sb.Reason); err != nil {
			return nil, 0, fmt.Errorf("store: list sent back: %w", closeRows(rows, err))
		}
		sb.Reason = sb.Reason[len(RejectPrefix):]
		out = append(out, sb)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, 0, fmt.Errorf("store: list sent back: %w", err)
	}
	return out, total, nil
}

// Undelivered is a reminder given up after its last try of its day, with
// the problem it is about.
type Undelivered struct {
	Reminder
	Problem  *rectify.Problem // ID, inspection, number, title
	UnitID   int64
	UnitName string
}

// UndeliveredFilter selects the reminders given up: failed at least
// Attempts times on a day on or after Since, about a problem (or a
// look-back of one) of a unit in the subtree ScopePath, and not delivered
// to the same recipient on a later day since.
type UndeliveredFilter struct {
	ScopePath string
	Since     rectify.Date
	Attempts  int
	Limit     int // at most this many; 0 for all
}

// ListUndelivered returns the reminders f selects, the latest day first,
// and how many there are in all.
func (s *Store) ListUndelivered(ctx context.Context, f UndeliveredFilter) ([]Undelivered, int, error) {
	lo, hi := scopeRange(f.ScopePath)
	from := ` FROM reminders r LEFT JOIN rechecks rc ON r.kind = 'recheck' AND rc.id = r.item_id
		JOIN problems p ON p.id = CASE WHEN r.kind = 'recheck' THEN rc.problem_id ELSE r.item_id END
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id
		WHERE r.state = 'failed' AND r.day >= ? AND r.attempts >= ? AND u.path >= ? AND u.path < ?
		AND NOT EXISTS (SELECT 1 FROM reminders r2 WHERE r2.kind = r.kind AND r2.item_id = r.item_id
			AND r2.recipient = r.recipient AND r2.day > r.day AND r2.state = 'sent')`
	args := []any{f.Since, max(f.Attempts, 1), lo, hi}
	c := s.reader()
	var total int
	if err := c.queryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: list undelivered: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	q := `SELECT r.kind, r.item_id, r.recipient, r.day, r.state, r.attempts, r.claimed_by, r.claimed_at,
		r.finished_at, r.error, p.id, p.inspection_id, p.number, p.title, u.id, u.name` + from +
		" ORDER BY r.day DESC, r.kind, r.item_id, r.recipient"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list undelivered: %w", err)
	}
	var out []Undelivered
	for rows.Next() {
		p := &rectify.Problem{}
		ud := Undelivered{Problem: p}
		r := &ud.Reminder
		var claimed, finished time.Time
		if err := rows.Scan(&r.Kind, &r.ItemID, &r.Recipient, &r.Day, &r.State, &r.Attempts, &r.ClaimedBy,
			timeCol{&claimed}, timeCol{&finished}, &r.Error, &p.ID, &p.InspectionID, &p.Number, &p.Title,
			&ud.UnitID, &ud.UnitName); err != nil {
			return nil, 0, fmt.Errorf("store: list undelivered: %w", closeRows(rows, err))
		}
		r.ClaimedAt, r.Finished = claimed, finished
		out = append(out, ud)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, 0, fmt.Errorf("store: list undelivered: %w", err)
	}
	return out, total, nil
}
