package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rectify-dev/rectify"
)

// Tx is one write transaction, for a use case that reads, checks and writes
// several things at once (a progress report with its evidence and a status
// change; a sign-off that schedules its look-back). Its reads see the
// transaction's own writes; its writes are recorded in the audit log like
// the Store's. A Tx is valid only inside the function given to Update; IDs
// and versions it sets on records are final only when Update returns nil.
type Tx struct {
	c conn
	s *Store
}

// Update runs fn in one transaction and commits it, with its audit log
// entries, when fn returns nil; otherwise nothing is stored and fn's error
// comes back wrapped with "store: op: ". On SQLite, transactions take turns
// (one writer); keep fn short and free of anything slow but the database.
func (s *Store) Update(ctx context.Context, op string, fn func(tx *Tx) error) error {
	return s.write(ctx, op, func(c conn) error {
		return fn(&Tx{c: c, s: s})
	})
}

// GetProblem returns the problem with id, its measures and its status
// history, or a not-found error.
func (tx *Tx) GetProblem(ctx context.Context, id int64) (*rectify.Problem, error) {
	return tx.c.getProblem(ctx, id)
}

// GetProblemRow returns the problem with id without its measures and
// history (its current status is in the row), or a not-found error.
func (tx *Tx) GetProblemRow(ctx context.Context, id int64) (*rectify.Problem, error) {
	p, err := scanProblem(tx.c.queryRow(ctx, "SELECT "+problemCols+" FROM problems p WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("问题", id)
	}
	return p, err
}

// GetProblemAndUnit returns the problem with id without its measures and
// history, and the unit of its inspection (the unit whose subtree a user's
// scope must hold), in one query; a not-found error when there is no such
// problem.
func (tx *Tx) GetProblemAndUnit(ctx context.Context, id int64) (*rectify.Problem, *rectify.Unit, error) {
	p, u := &rectify.Problem{}, &rectify.Unit{}
	err := tx.c.queryRow(ctx, "SELECT "+problemCols+", "+unitColsU+` FROM problems p
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE p.id = ?`, id).Scan(
		&p.ID, &p.InspectionID, &p.FindingID, &p.Number, &p.Title, &p.Description, &p.Track, &p.Class,
		&p.Leader, &p.OwnerUnit, &p.Due, &p.Opened, &p.Status, &p.StatusDate, &p.NextMilestone, &p.Version,
		&u.ID, idCol{&u.ParentID}, &u.Name, &u.Path, &u.Contact.Phone, &u.Contact.Address, &u.Contact.Mailbox, &u.Contact.Email, &u.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("问题", id)
	}
	if err != nil {
		return nil, nil, err
	}
	return p, u, nil
}

// ProblemUnit returns the unit of the inspection of the problem with id (the
// unit whose subtree a user's scope must hold), or a not-found error.
func (tx *Tx) ProblemUnit(ctx context.Context, problemID int64) (*rectify.Unit, error) {
	return tx.c.problemUnit(ctx, problemID)
}

func (c conn) problemUnit(ctx context.Context, problemID int64) (*rectify.Unit, error) {
	u, err := scanUnit(c.queryRow(ctx, "SELECT "+unitColsU+` FROM problems p
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE p.id = ?`, problemID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("问题", problemID)
	}
	return u, err
}

// unitColsU is unitCols for a units table aliased u.
const unitColsU = "u.id, u.parent_id, u.name, u.path, u.phone, u.address, u.mailbox, u.email, u.version"

// ProblemUnit returns the unit of the inspection of the problem with id, or
// a not-found error.
func (s *Store) ProblemUnit(ctx context.Context, problemID int64) (*rectify.Unit, error) {
	u, err := s.reader().problemUnit(ctx, problemID)
	if err != nil {
		return nil, fmt.Errorf("store: problem unit: %w", err)
	}
	return u, nil
}

// GetUnit returns the unit with id, or a not-found error.
func (tx *Tx) GetUnit(ctx context.Context, id int64) (*rectify.Unit, error) {
	return tx.c.getUnit(ctx, id)
}

// GetInspection returns the header of the inspection with id, or a
// not-found error.
func (tx *Tx) GetInspection(ctx context.Context, id int64) (*rectify.Inspection, error) {
	return tx.c.getInspection(ctx, id)
}

// GetMeasure returns the measure with id, or a not-found error.
func (tx *Tx) GetMeasure(ctx context.Context, id int64) (*rectify.Measure, error) {
	return tx.c.getMeasure(ctx, id)
}

// ListProgress returns the progress reports of a problem with their
// evidence metadata, oldest first.
func (tx *Tx) ListProgress(ctx context.Context, problemID int64) ([]*rectify.Progress, error) {
	return tx.c.listProgress(ctx, problemID)
}

// CountEvidence returns how many evidence files the problem's progress
// reports hold.
func (tx *Tx) CountEvidence(ctx context.Context, problemID int64) (int, error) {
	var n int
	err := tx.c.queryRow(ctx, "SELECT COUNT(*) FROM evidence WHERE problem_id = ?", problemID).Scan(&n)
	return n, err
}

// AddStatusChange appends h to the problem's history when version is its
// current version and refreshes its current status (see
// Store.AddStatusChange; the caller checks the transition). It returns the
// entry's ID; EINVALID for a change without a known status or a date,
// ErrStale for an old version, not-found for a missing problem.
func (tx *Tx) AddStatusChange(ctx context.Context, problemID int64, version int, h rectify.StatusChange) (int64, error) {
	if err := validateChange(h); err != nil {
		return 0, err
	}
	return tx.c.addStatusChange(ctx, problemID, version, h, tx.s.now())
}

// AddProgress stores a progress report with its evidence and sets p.ID,
// p.Created and p.Evidence (see Store.AddProgress for the errors).
func (tx *Tx) AddProgress(ctx context.Context, p *rectify.Progress, files []EvidenceFile) error {
	if err := validateProgress(p, files); err != nil {
		return err
	}
	now := tx.s.now()
	id, evidence, err := tx.c.addProgress(ctx, p, files, now, tx.s.objects)
	if err != nil {
		return err
	}
	p.ID, p.Created, p.Evidence = id, now, evidence
	return nil
}

// UpdateMeasure saves m when m.Version is current and moves m.Version on
// (see Store.UpdateMeasure for the errors).
func (tx *Tx) UpdateMeasure(ctx context.Context, m *rectify.Measure) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := tx.c.updateMeasure(ctx, m, tx.s.now()); err != nil {
		return err
	}
	m.Version++
	return nil
}

// GetRecheck returns the look-back with id, or a not-found error.
func (tx *Tx) GetRecheck(ctx context.Context, id int64) (*rectify.Recheck, error) {
	return tx.c.getRecheck(ctx, id)
}

// ListRechecks returns the look-backs of a problem by due date.
func (tx *Tx) ListRechecks(ctx context.Context, problemID int64) ([]*rectify.Recheck, error) {
	return tx.c.rechecks(ctx, "SELECT "+recheckCols+" FROM rechecks r WHERE r.problem_id = ? ORDER BY r.due, r.id", problemID)
}

// CreateRecheck schedules a look-back and sets r.ID (see
// Store.CreateRecheck for the errors).
func (tx *Tx) CreateRecheck(ctx context.Context, r *rectify.Recheck) error {
	if err := validateRecheck(r); err != nil {
		return err
	}
	id, err := tx.c.createRecheck(ctx, r)
	if err != nil {
		return err
	}
	r.ID = id
	return nil
}

// UpdateRecheck saves a look-back (see Store.UpdateRecheck for the errors).
func (tx *Tx) UpdateRecheck(ctx context.Context, r *rectify.Recheck) error {
	if err := validateRecheck(r); err != nil {
		return err
	}
	return tx.c.updateRecheck(ctx, r)
}

// GetComment returns the public comment with id, or a not-found error.
func (tx *Tx) GetComment(ctx context.Context, id int64) (*rectify.PublicComment, error) {
	return tx.c.getComment(ctx, id)
}

// UpdateComment saves how a comment is handled when pc.Version is current
// and moves pc.Version on (see Store.UpdateComment for the errors).
func (tx *Tx) UpdateComment(ctx context.Context, pc *rectify.PublicComment) error {
	if err := tx.c.updateComment(ctx, pc); err != nil {
		return err
	}
	pc.Version++
	return nil
}

// UpdateProblem saves the problem's own fields when p.Version is current
// (see Store.UpdateProblem); p.Version moves on when the transaction commits
// (the caller sees the stored record by reading it again).
func (tx *Tx) UpdateProblem(ctx context.Context, p *rectify.Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return tx.c.updateProblem(ctx, p, tx.s.now())
}

// CreateMeasure adds m to its problem and returns its id (see Store.CreateMeasure).
func (tx *Tx) CreateMeasure(ctx context.Context, m *rectify.Measure) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	return tx.c.createMeasure(ctx, m, tx.s.now())
}

// DeleteMeasure removes the measure with id (see Store.DeleteMeasure).
func (tx *Tx) DeleteMeasure(ctx context.Context, id int64) error {
	return tx.c.deleteMeasure(ctx, id, tx.s.now())
}
