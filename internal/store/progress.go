package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// EvidenceFile is an uploaded file behind a progress report.
type EvidenceFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// AddProgress stores the progress report p of problem p.ProblemID with its
// evidence files, and sets the IDs, Created and p.Evidence (name, type, size
// and SHA-256 of each file). It returns EINVALID for a bad report, a file
// without a name, or a measure of another problem, and not-found when the
// problem or measure does not exist.
func (s *Store) AddProgress(ctx context.Context, p *rectify.Progress, files []EvidenceFile) error {
	if err := validateProgress(p, files); err != nil {
		return fmt.Errorf("store: add progress: %w", err)
	}
	now := s.now()
	var id int64
	var evidence []*rectify.Evidence
	err := s.write(ctx, "add progress", func(c conn) error {
		var err error
		id, evidence, err = c.addProgress(ctx, p, files, now, s.objects)
		return err
	})
	if err != nil {
		return err
	}
	p.ID, p.Created, p.Evidence = id, now, evidence
	return nil
}

// validateProgress checks a report and its files.
func validateProgress(p *rectify.Progress, files []EvidenceFile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for _, f := range files {
		if strings.TrimSpace(f.Name) == "" {
			return rectify.Errorf(rectify.EINVALID, "证明材料缺少文件名")
		}
	}
	return nil
}

// addProgress inserts a report and its evidence and returns the report's
// ID and the evidence's metadata. With an object store the content goes
// there (once per SHA-256) before the rows are written, else into the
// database with them.
func (c conn) addProgress(ctx context.Context, p *rectify.Progress, files []EvidenceFile, now time.Time,
	objects EvidenceStore) (int64, []*rectify.Evidence, error) {
	id, err := c.insertProgress(ctx, p, now)
	if err != nil {
		return 0, nil, err
	}
	var evidence []*rectify.Evidence
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		e := &rectify.Evidence{ProgressID: id, ProblemID: p.ProblemID, Name: f.Name, ContentType: f.ContentType,
			Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:]), Created: now}
		e.ID, err = c.insertAudited(ctx, auditEvidence, `INSERT INTO evidence (progress_id, problem_id, name, content_type,
			size, sha256, created) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p.ProblemID, e.Name, e.ContentType, e.Size, e.SHA256, c.time(now))
		if err != nil {
			return 0, nil, fmt.Errorf("evidence %s: %w", f.Name, err)
		}
		if objects != nil {
			if err := objects.Put(ctx, e.SHA256, e.Size, bytes.NewReader(f.Data)); err != nil {
				return 0, nil, fmt.Errorf("evidence %s: %w", f.Name, err)
			}
			evidence = append(evidence, e)
			continue
		}
		data := f.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := c.exec(ctx, "INSERT INTO evidence_content (evidence_id, data) VALUES (?, ?)", e.ID, data); err != nil {
			return 0, nil, fmt.Errorf("evidence %s: %w", f.Name, err)
		}
		evidence = append(evidence, e)
	}
	return id, evidence, c.touchProblem(ctx, p.ProblemID, c.time(now))
}

// insertProgress inserts the report p, created at now, with its entry in
// the audit log, and returns its ID; p is not changed. It returns
// not-found when p's problem or measure does not exist and EINVALID when
// the measure is another problem's.
func (c conn) insertProgress(ctx context.Context, p *rectify.Progress, now time.Time) (int64, error) {
	if err := c.mustExist(ctx, "problems", "问题", p.ProblemID, nil); err != nil {
		return 0, err
	}
	if p.MeasureID != 0 {
		var owner int64
		err := c.queryRow(ctx, "SELECT problem_id FROM measures WHERE id = ?", p.MeasureID).Scan(&owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return 0, notFound("整改措施", p.MeasureID)
		case err != nil:
			return 0, err
		case owner != p.ProblemID:
			return 0, rectify.Errorf(rectify.EINVALID, "整改措施不属于该问题")
		}
	}
	return c.insertAudited(ctx, auditProgress, `INSERT INTO progress (problem_id, measure_id, date, text, author, created)
		VALUES (?, ?, ?, ?, ?, ?)`, p.ProblemID, nullID(p.MeasureID), p.Date, p.Text, p.Author, c.time(now))
}

const evidenceCols = "e.id, e.progress_id, e.problem_id, e.name, e.content_type, e.size, e.sha256, e.created"

func scanEvidence(row interface{ Scan(...any) error }) (*rectify.Evidence, error) {
	e := &rectify.Evidence{}
	err := row.Scan(&e.ID, &e.ProgressID, &e.ProblemID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, timeCol{&e.Created})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// ListProgress returns the progress reports of the problem with problemID,
// oldest first, each with its evidence metadata (not the files' content). A
// problem without reports, or no such problem, gives an empty list.
func (s *Store) ListProgress(ctx context.Context, problemID int64) ([]*rectify.Progress, error) {
	out, err := s.reader().listProgress(ctx, problemID)
	if err != nil {
		return nil, fmt.Errorf("store: list progress: %w", err)
	}
	return out, nil
}

func (c conn) listProgress(ctx context.Context, problemID int64) (out []*rectify.Progress, err error) {
	rows, err := c.query(ctx, `SELECT id, problem_id, measure_id, date, text, author, created
		FROM progress WHERE problem_id = ? ORDER BY date, id`, problemID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*rectify.Progress{}
	for rows.Next() {
		p := &rectify.Progress{}
		if err := rows.Scan(&p.ID, &p.ProblemID, idCol{&p.MeasureID}, &p.Date, &p.Text, &p.Author, timeCol{&p.Created}); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = c.query(ctx, "SELECT "+evidenceCols+" FROM evidence e WHERE e.problem_id = ? ORDER BY e.id", problemID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		if p := byID[e.ProgressID]; p != nil {
			p.Evidence = append(p.Evidence, e)
		}
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, err
	}
	return out, c.attachQuantities(ctx, problemID, byID)
}

// EvidenceBytes returns how many bytes the evidence files of the problems
// of the unit with unitID's inspections take.
func (tx *Tx) EvidenceBytes(ctx context.Context, unitID int64) (int64, error) {
	var n int64
	err := tx.c.queryRow(ctx, `SELECT COALESCE(SUM(e.size), 0) FROM evidence e
		JOIN problems p ON p.id = e.problem_id JOIN inspections i ON i.id = p.inspection_id
		WHERE i.unit_id = ?`, unitID).Scan(&n)
	return n, err
}
