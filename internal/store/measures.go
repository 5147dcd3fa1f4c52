package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
)

func (c conn) insertMeasure(ctx context.Context, problemID int64, m *rectify.Measure) (int64, error) {
	return c.insert(ctx, `INSERT INTO measures (problem_id, number, grp, text, owner, due, done, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
		problemID, m.Number, m.Group, m.Text, m.Owner, m.Due, m.Done)
}

// CreateMeasure adds m to the problem m.ProblemID and sets its ID and
// Version. It returns EINVALID for a bad measure and not-found when the
// problem does not exist.
func (s *Store) CreateMeasure(ctx context.Context, m *rectify.Measure) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("store: create measure: %w", err)
	}
	var id int64
	err := s.write(ctx, "create measure", func(c conn) error {
		var err error
		id, err = c.createMeasure(ctx, m, s.now())
		return err
	})
	if err != nil {
		return err
	}
	m.ID, m.Version = id, 1
	return nil
}

// createMeasure inserts m under its problem and returns its id; the caller
// sets m.ID and m.Version once the transaction commits.
func (c conn) createMeasure(ctx context.Context, m *rectify.Measure, now time.Time) (int64, error) {
	if err := c.mustExist(ctx, "problems", "问题", m.ProblemID, nil); err != nil {
		return 0, err
	}
	id, err := c.insertMeasure(ctx, m.ProblemID, m)
	if err != nil {
		return 0, err
	}
	if err := c.auditCreated(ctx, auditMeasure, id); err != nil {
		return 0, err
	}
	return id, c.touchProblem(ctx, m.ProblemID, c.time(now))
}

// GetMeasure returns the measure with id, or a not-found error.
func (s *Store) GetMeasure(ctx context.Context, id int64) (*rectify.Measure, error) {
	m, err := s.reader().getMeasure(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get measure: %w", err)
	}
	return m, nil
}

func (c conn) getMeasure(ctx context.Context, id int64) (*rectify.Measure, error) {
	m, err := scanMeasure(c.queryRow(ctx, "SELECT "+measureCols+" FROM measures m WHERE m.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("整改措施", id)
	}
	return m, err
}

// UpdateMeasure saves the number, group, text, owner, due and done date of m
// when m.Version is current, and sets the new Version. It returns EINVALID
// for a bad measure, ErrStale for an old version and not-found for a missing
// measure.
func (s *Store) UpdateMeasure(ctx context.Context, m *rectify.Measure) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("store: update measure: %w", err)
	}
	err := s.write(ctx, "update measure", func(c conn) error {
		return c.updateMeasure(ctx, m, s.now())
	})
	if err != nil {
		return err
	}
	m.Version++
	return nil
}

// updateMeasure saves m when m.Version is current and sets m.ProblemID;
// the caller moves m.Version on once the transaction commits.
func (c conn) updateMeasure(ctx context.Context, m *rectify.Measure, now time.Time) error {
	before, err := c.mustState(ctx, auditMeasure, m.ID, "整改措施")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE measures SET number = ?, grp = ?, text = ?, owner = ?, due = ?, done = ?,
		version = version + 1 WHERE id = ? AND version = ?`,
		m.Number, m.Group, m.Text, m.Owner, m.Due, m.Done, m.ID, m.Version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "measures", "整改措施", m.ID); err != nil {
		return err
	}
	if err := c.auditChanged(ctx, ActionUpdate, auditMeasure, before); err != nil {
		return err
	}
	m.ProblemID = before.problemID
	return c.touchProblem(ctx, m.ProblemID, c.time(now))
}

// DeleteMeasure deletes the measure with id; progress reports that named it
// stay with the problem. It returns a not-found error when there is no such
// measure.
func (s *Store) DeleteMeasure(ctx context.Context, id int64) error {
	return s.write(ctx, "delete measure", func(c conn) error {
		return c.deleteMeasure(ctx, id, s.now())
	})
}

func (c conn) deleteMeasure(ctx context.Context, id int64, now time.Time) error {
	before, err := c.mustState(ctx, auditMeasure, id, "整改措施")
	if err != nil {
		return err
	}
	progress, err := c.states(ctx, auditProgress, "measure_id = ?", id)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "DELETE FROM measures WHERE id = ?", id); err != nil {
		return err
	}
	if err := c.auditDeleted(ctx, auditMeasure, before); err != nil {
		return err
	}
	// Their reports lose the link (ON DELETE SET NULL).
	if err := c.auditChangedAll(ctx, ActionUpdate, auditProgress, progress); err != nil {
		return err
	}
	return c.touchProblem(ctx, before.problemID, c.time(now))
}
