package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/rectify-dev/rectify"
)

// EvidenceStore is where the content of evidence files (证明材料) lives,
// named by the SHA-256 of the content (64 lower-case hex digits): the
// database (DatabaseEvidence, the embedded default) or an S3-compatible
// object store (package objstore). The metadata of every file (name, type,
// size, sum, report) is always in the database.
type EvidenceStore interface {
	// Put stores size bytes of r as the content whose SHA-256 is sum;
	// content already stored is not stored again.
	Put(ctx context.Context, sum string, size int64, r io.Reader) error
	// Open returns the content whose SHA-256 is sum and its size, or an
	// error wrapping rectify.ErrNotFound.
	Open(ctx context.Context, sum string) (io.ReadSeekCloser, int64, error)
	// Delete removes the content whose SHA-256 is sum; removing what is
	// not there is no error.
	Delete(ctx context.Context, sum string) error
	// String names the store for messages (without keys).
	String() string
}

// SetEvidenceStore makes the store keep the content of evidence files
// uploaded from now on in es (an object store) instead of the database,
// and read there the files that are not in the database. Call it right
// after Open, before the store is shared; nil keeps them in the database.
func (s *Store) SetEvidenceStore(es EvidenceStore) { s.objects = es }

// EvidenceStore returns the object store set by SetEvidenceStore, or nil
// when evidence is kept in the database.
func (s *Store) EvidenceStore() EvidenceStore { return s.objects }

// DatabaseEvidence returns the database as an EvidenceStore: the content is
// held per evidence file (table evidence_content), so Put stores it for
// every file with that SHA-256 that lacks it, Open reads the first one, and
// Delete removes it from them all.
func (s *Store) DatabaseEvidence() EvidenceStore { return dbEvidence{s} }

type dbEvidence struct{ s *Store }

var _ EvidenceStore = dbEvidence{}

func (dbEvidence) String() string { return "数据库" }

// Put reads the content (at most size bytes), checks it against sum and
// stores it for the evidence files with that sum whose content is not in
// the database.
func (d dbEvidence) Put(ctx context.Context, sum string, size int64, r io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return fmt.Errorf("store: put evidence %s: %w", sum, err)
	}
	if int64(len(data)) != size {
		return fmt.Errorf("store: put evidence %s: %d bytes, want %d", sum, len(data), size)
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
		return fmt.Errorf("store: put evidence %s: the content's SHA-256 is %x", sum, got)
	}
	return d.s.write(ctx, "put evidence", func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO evidence_content (evidence_id, data)
			SELECT e.id, ? FROM evidence e WHERE e.sha256 = ?
			AND NOT EXISTS (SELECT 1 FROM evidence_content c WHERE c.evidence_id = e.id)`, data, sum)
		return err
	})
}

func (d dbEvidence) Open(ctx context.Context, sum string) (io.ReadSeekCloser, int64, error) {
	var data []byte
	err := d.s.reader().queryRow(ctx, `SELECT c.data FROM evidence e JOIN evidence_content c ON c.evidence_id = e.id
		WHERE e.sha256 = ? LIMIT 1`, sum).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, rectify.Errorf(rectify.ENOTFOUND, "数据库中没有内容 %s", sum)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: open evidence %s: %w", sum, err)
	}
	return nopCloser{bytes.NewReader(data)}, int64(len(data)), nil
}

func (d dbEvidence) Delete(ctx context.Context, sum string) error {
	return d.s.write(ctx, "delete evidence content", func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM evidence_content WHERE evidence_id IN (SELECT id FROM evidence WHERE sha256 = ?)`, sum)
		return err
	})
}

// nopCloser is a ReadSeeker with a Close that does nothing.
type nopCloser struct{ io.ReadSeeker }

func (nopCloser) Close() error { return nil }

// GetEvidence returns the metadata of the evidence file with id (not its
// content), or a not-found error.
func (s *Store) GetEvidence(ctx context.Context, id int64) (*rectify.Evidence, error) {
	e, err := scanEvidence(s.reader().queryRow(ctx, "SELECT "+evidenceCols+" FROM evidence e WHERE e.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		err = notFound("证明材料", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get evidence: %w", err)
	}
	return e, nil
}

// StreamEvidence returns the metadata and the content of the evidence file
// with id, or a not-found error. The content comes from the database when
// it is there, else from the object store, fetched as it is read (the
// caller closes it); a file whose content is in neither is an internal
// error.
func (s *Store) StreamEvidence(ctx context.Context, id int64) (*rectify.Evidence, io.ReadSeekCloser, error) {
	e, err := s.GetEvidence(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	content, err := s.evidenceContent(ctx, e)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open evidence %d: %w", id, err)
	}
	return e, content, nil
}

// OpenEvidence returns the metadata and the whole content of the evidence
// file with id (see StreamEvidence), or a not-found error.
func (s *Store) OpenEvidence(ctx context.Context, id int64) (*rectify.Evidence, []byte, error) {
	e, content, err := s.StreamEvidence(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	defer content.Close()
	data, err := io.ReadAll(io.LimitReader(content, e.Size+1))
	if err != nil {
		return nil, nil, fmt.Errorf("store: open evidence %d: %w", id, err)
	}
	return e, data, nil
}

// evidenceContent opens the content of e: in the database, else in the
// object store, else (moved back meanwhile) in the database again.
func (s *Store) evidenceContent(ctx context.Context, e *rectify.Evidence) (io.ReadSeekCloser, error) {
	if r, ok, err := s.dbContent(ctx, e.ID); ok || err != nil {
		return r, err
	}
	if s.objects == nil {
		return nil, fmt.Errorf("the content (SHA-256 %s) is not in the database: it is in an object store, "+
			"and this program was not given one (--evidence)", e.SHA256)
	}
	r, _, err := s.objects.Open(ctx, e.SHA256)
	if errors.Is(err, rectify.ErrNotFound) {
		// A move back to the database may have taken it meanwhile.
		if r, ok, err := s.dbContent(ctx, e.ID); ok || err != nil {
			return r, err
		}
		return nil, fmt.Errorf("the content (SHA-256 %s) is neither in the database nor in %s", e.SHA256, s.objects)
	}
	return r, err
}

// dbContent returns the content of the evidence file with id from the
// database, and false when it is not there.
func (s *Store) dbContent(ctx context.Context, id int64) (io.ReadSeekCloser, bool, error) {
	var data []byte
	err := s.reader().queryRow(ctx, "SELECT data FROM evidence_content WHERE evidence_id = ?", id).Scan(&data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return nopCloser{bytes.NewReader(data)}, true, nil
}

// EvidenceMove is how far MoveEvidence got: contents (one per SHA-256,
// however many files share it) and their bytes.
type EvidenceMove struct {
	To        string `json:"to"`
	Total     int    `json:"total"`      // contents to move when the move started
	Moved     int    `json:"moved"`      // copied, checked and removed from where they were
	Bytes     int64  `json:"bytes"`      // of Total
	MovedSize int64  `json:"moved_size"` // of Moved
	// Missing are the sums of contents not found where they should have
	// been; Damaged those whose content no longer gives its SHA-256. Both
	// stay where they are.
	Missing []string `json:"missing"`
	Damaged []string `json:"damaged"`
}

// moveBatch is how many contents MoveEvidence reads the sums of at a time.
const moveBatch = 500

// MoveEvidence moves the content of evidence files from the database into
// the object store es (toObjects), or from es back into the database. Each
// content is copied, checked (its SHA-256 and size) and only then removed
// from where it was, so a move that is interrupted (ctx) loses nothing, and
// the next run goes on with what is left. report, when not nil, is called
// after each content. It returns how far it got, and the first error that
// stopped it; contents missing or damaged are listed, not errors.
func (s *Store) MoveEvidence(ctx context.Context, es EvidenceStore, toObjects bool, report func(EvidenceMove)) (EvidenceMove, error) {
	var m EvidenceMove
	m.To = "数据库"
	if toObjects {
		m.To = es.String()
	}
	// Where the content is: the database (a row in evidence_content) or,
	// without one, the object store.
	where := "NOT EXISTS (SELECT 1 FROM evidence_content c WHERE c.evidence_id = e.id)"
	if toObjects {
		where = "EXISTS (SELECT 1 FROM evidence_content c WHERE c.evidence_id = e.id)"
	}
	c := s.reader()
	err := c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(size), 0) FROM (SELECT e.sha256, MAX(e.size) AS size
		FROM evidence e WHERE `+where+` GROUP BY e.sha256) t`).Scan(&m.Total, &m.Bytes)
	if err != nil {
		return m, fmt.Errorf("store: move evidence: %w", err)
	}
	type item struct {
		sum  string
		size int64
	}
	after := ""
	for {
		rows, err := c.query(ctx, `SELECT e.sha256, MAX(e.size) FROM evidence e WHERE `+where+` AND e.sha256 > ?
			GROUP BY e.sha256 ORDER BY e.sha256 LIMIT `+fmt.Sprint(moveBatch), after)
		if err != nil {
			return m, fmt.Errorf("store: move evidence: %w", err)
		}
		var batch []item
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.sum, &it.size); err != nil {
				return m, fmt.Errorf("store: move evidence: %w", closeRows(rows, err))
			}
			batch = append(batch, it)
		}
		if err := closeRows(rows, nil); err != nil {
			return m, fmt.Errorf("store: move evidence: %w", err)
		}
		if len(batch) == 0 {
			return m, nil
		}
		for _, it := range batch {
			if err := ctx.Err(); err != nil {
				return m, err
			}
			after = it.sum
			var err error
			if toObjects {
				err = s.moveOne(ctx, &m, dbEvidence{s}, es, it.sum, it.size)
			} else {
				err = s.moveOne(ctx, &m, es, dbEvidence{s}, it.sum, it.size)
			}
			if err != nil {
				return m, fmt.Errorf("store: move evidence %s to %s: %w", it.sum, m.To, err)
			}
			if report != nil {
				report(m)
			}
		}
	}
}

// moveOne copies the content sum of size bytes from one store to the
// other, checks it there, and removes it from where it was.
func (s *Store) moveOne(ctx context.Context, m *EvidenceMove, from, to EvidenceStore, sum string, size int64) error {
	r, _, err := from.Open(ctx, sum)
	if errors.Is(err, rectify.ErrNotFound) {
		m.Missing = append(m.Missing, sum)
		return nil
	}
	if err != nil {
		return err
	}
	// Evidence files are bounded by the upload's limits: one is read
	// whole, checked, then stored.
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	r.Close()
	if err != nil {
		return err
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum || int64(len(data)) != size {
		m.Damaged = append(m.Damaged, sum)
		return nil
	}
	if err := to.Put(ctx, sum, size, bytes.NewReader(data)); err != nil {
		return err
	}
	// Read it back before removing the original.
	back, n, err := to.Open(ctx, sum)
	if err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	h := sha256.New()
	_, err = io.Copy(h, back)
	back.Close()
	if err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("the copy in %s does not match (size %d, want %d)", to, n, size)
	}
	if err := from.Delete(ctx, sum); err != nil {
		return err
	}
	if _, ok := to.(dbEvidence); ok {
		// A server still writing to the object store may have added a
		// file with this content meanwhile: give it its content too.
		if err := to.Put(ctx, sum, size, bytes.NewReader(data)); err != nil {
			return err
		}
	}
	m.Moved++
	m.MovedSize += size
	return nil
}

// EvidenceNeeded reports whether an evidence file needs the content whose
// SHA-256 is sum from the object store: a file with that sum whose content
// is not in the database.
func (s *Store) EvidenceNeeded(ctx context.Context, sum string) (bool, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM evidence e WHERE e.sha256 = ?
		AND NOT EXISTS (SELECT 1 FROM evidence_content c WHERE c.evidence_id = e.id) LIMIT 1) t`, sum).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: evidence needed: %w", err)
	}
	return n > 0, nil
}
