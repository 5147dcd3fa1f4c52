package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
)

// Drafts of imports: an uploaded file waiting between its preview and its
// confirmation, kept in the database rather than in a server's memory so
// that every server behind a balancer finds the draft another made. They
// are not part of the record (no audit entry): a draft is its uploader's
// working copy, bounded in number and bytes, and swept when it expires.
//
// Why rows and not a signed, self-contained token sent back through the
// browser: a notice may be 10 MB and a ledger 20 MB, and what is applied
// must be the very file that was previewed; sending it back and forth
// would double every upload and let the browser hold the only copy. A row
// costs one write at the preview and one at the confirmation.

// Kinds of draft.
const (
	DraftNotice = "notice" // a notice, feedback document or problem list
	DraftLedger = "ledger" // a ledger workbook
)

// Draft is an uploaded file waiting for its confirmation.
type Draft struct {
	ID     string // random, 32 hex digits; set by PutDraft when empty
	UserID int64  // its uploader, the only one who may use it
	Kind   string // DraftNotice or DraftLedger
	Name   string // the file's name as uploaded
	Data   []byte // the file
	Meta   []byte // what the preview decided, as its surface writes it
	// Created and Expires are set by PutDraft (Created kept when set).
	Created, Expires time.Time
}

// DraftLimits bound the drafts of a kind: PerUser drafts for each user
// (the oldest go), MaxBytes of data and meta for all users together (the
// oldest of anyone's go), each living TTL.
type DraftLimits struct {
	PerUser  int
	MaxBytes int64
	TTL      time.Duration
}

// ErrDraftGone is the error of a draft that is not there: never made,
// expired, used, replaced, or another user's.
var ErrDraftGone = rectify.Errorf(rectify.ENOTFOUND, "导入草稿不存在或已过期")

// PutDraft stores d at time now, under lim: it removes expired drafts,
// then the user's oldest of d's kind beyond lim.PerUser and the oldest of
// the kind beyond lim.MaxBytes. It sets d.ID when empty (a draft put back
// keeps its ID) and d.Expires. EINVALID for a draft bigger than
// lim.MaxBytes on its own.
func (s *Store) PutDraft(ctx context.Context, d *Draft, lim DraftLimits, now time.Time) error {
	if d.Kind != DraftNotice && d.Kind != DraftLedger {
		return fmt.Errorf("store: put draft: unknown kind %q", d.Kind)
	}
	if d.Data == nil {
		d.Data = []byte{}
	}
	if d.Meta == nil {
		d.Meta = []byte{}
	}
	size := int64(len(d.Data) + len(d.Meta))
	if size > lim.MaxBytes {
		return rectify.Errorf(rectify.ETOOLARGE, "文件过大，无法保留预览")
	}
	if d.ID == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("store: put draft: %w", err)
		}
		d.ID = hex.EncodeToString(b[:])
	}
	if d.Created.IsZero() {
		d.Created = now
	}
	d.Expires = d.Created.Add(lim.TTL)
	return s.write(ctx, "put draft", func(c conn) error {
		if _, err := c.exec(ctx, "DELETE FROM import_drafts WHERE expires <= ?", c.time(now)); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO import_drafts (id, user_id, kind, name, data, meta, size, created, expires)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.UserID, d.Kind, d.Name, d.Data, d.Meta, size,
			c.time(d.Created), c.time(d.Expires)); err != nil {
			return err
		}
		// The user's newest lim.PerUser stay (this one among them).
		if _, err := c.exec(ctx, `DELETE FROM import_drafts WHERE user_id = ? AND kind = ? AND id NOT IN
			(SELECT id FROM import_drafts WHERE user_id = ? AND kind = ? ORDER BY created DESC, id = ? DESC, id DESC LIMIT ?)`,
			d.UserID, d.Kind, d.UserID, d.Kind, d.ID, lim.PerUser); err != nil {
			return err
		}
		// Then the oldest of anyone's while the kind holds too much.
		rows, err := c.query(ctx, "SELECT id, size FROM import_drafts WHERE kind = ? ORDER BY created DESC, id = ? DESC, id DESC",
			d.Kind, d.ID)
		if err != nil {
			return err
		}
		var total int64
		var drop []string
		for rows.Next() {
			var id string
			var n int64
			if err := rows.Scan(&id, &n); err != nil {
				return closeRows(rows, err)
			}
			if total+n > lim.MaxBytes {
				drop = append(drop, id)
				continue
			}
			total += n
		}
		if err := closeRows(rows, nil); err != nil {
			return err
		}
		for _, id := range drop {
			if _, err := c.exec(ctx, "DELETE FROM import_drafts WHERE id = ?", id); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetDraft returns the draft id of kind made by userID, when it has not
// expired at now; ErrDraftGone otherwise.
func (s *Store) GetDraft(ctx context.Context, kind string, userID int64, id string, now time.Time) (*Draft, error) {
	c := s.reader()
	d := &Draft{}
	err := c.queryRow(ctx, `SELECT id, user_id, kind, name, data, meta, created, expires FROM import_drafts
		WHERE id = ? AND kind = ? AND user_id = ? AND expires > ?`, id, kind, userID, c.time(now)).
		Scan(&d.ID, &d.UserID, &d.Kind, &d.Name, &d.Data, &d.Meta, timeCol{&d.Created}, timeCol{&d.Expires})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrDraftGone
	}
	if err != nil {
		return nil, fmt.Errorf("store: get draft: %w", err)
	}
	return d, nil
}

// TakeDraft returns the draft as GetDraft does and removes it, at once:
// of two confirmations of one draft, on one server or two, only one gets
// it. ErrDraftGone for the other.
func (s *Store) TakeDraft(ctx context.Context, kind string, userID int64, id string, now time.Time) (*Draft, error) {
	d := &Draft{}
	err := s.write(ctx, "take draft", func(c conn) error {
		return c.queryRow(ctx, `DELETE FROM import_drafts WHERE id = ? AND kind = ? AND user_id = ? AND expires > ?
			RETURNING id, user_id, kind, name, data, meta, created, expires`, id, kind, userID, c.time(now)).
			Scan(&d.ID, &d.UserID, &d.Kind, &d.Name, &d.Data, &d.Meta, timeCol{&d.Created}, timeCol{&d.Expires})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrDraftGone
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// SetDraftMeta replaces the meta of the draft id (a preview shown again
// after the record changed). Nothing happens to a draft that is gone.
func (s *Store) SetDraftMeta(ctx context.Context, id string, meta []byte) error {
	return s.write(ctx, "set draft meta", func(c conn) error {
		_, err := c.exec(ctx, "UPDATE import_drafts SET meta = ?, size = length(data) + ? WHERE id = ?", meta, len(meta), id)
		return err
	})
}

// DeleteDraft removes the draft id (after it was used).
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	return s.write(ctx, "delete draft", func(c conn) error {
		_, err := c.exec(ctx, "DELETE FROM import_drafts WHERE id = ?", id)
		return err
	})
}

// DeleteExpiredDrafts removes the drafts expired at now and returns how
// many.
func (s *Store) DeleteExpiredDrafts(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, "delete expired drafts", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM import_drafts WHERE expires <= ?", c.time(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// DraftBytes returns how many bytes the drafts of kind hold (tests and
// the limits).
func (s *Store) DraftBytes(ctx context.Context, kind string) (int64, error) {
	var n int64
	if err := s.reader().queryRow(ctx, "SELECT COALESCE(SUM(size), 0) FROM import_drafts WHERE kind = ?", kind).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: draft bytes: %w", err)
	}
	return n, nil
}
