package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Batch runs several use cases as one change of the record, in one
// transaction: a ledger import brings status changes, sign-offs,
// reopenings, progress and measure edits for many problems at once, and
// each goes through the same rules and side effects (look-back on
// sign-off, rebound on reopening, start on first work) as on the pages.
// A Batch is valid only inside the function given to Service.Batch.
type Batch struct {
	s   *Service
	ctx context.Context
	tx  *store.Tx
	u   *rectify.User
}

// Batch runs fn as the user in ctx in one transaction: everything fn does
// is stored, or nothing when fn (or any use case in it) fails. It returns
// EUNAUTHORIZED or EFORBIDDEN (a viewer) before fn runs, and fn's error.
func (s *Service) Batch(ctx context.Context, op string, fn func(b *Batch) error) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap(op, err)
	}
	err = s.Store.Update(ctx, op, func(tx *store.Tx) error {
		return fn(&Batch{s: s, ctx: ctx, tx: tx, u: u})
	})
	return wrap(op, err)
}

// Tx is the batch's transaction, for the writes no use case covers yet
// (the problems a ledger adds to an inspection).
func (b *Batch) Tx() *store.Tx { return b.tx }

// ChangeStatus is Service.ChangeStatus within the batch.
func (b *Batch) ChangeStatus(problemID int64, in StatusInput) (*rectify.Recheck, error) {
	p, err := b.s.problemInScope(b.ctx, b.tx, b.u, problemID)
	if err != nil {
		return nil, err
	}
	return b.s.applyStatus(b.ctx, b.tx, b.u, p, in, nil)
}

// AddProgress is Service.AddProgress within the batch (without files).
func (b *Batch) AddProgress(in ProgressInput) (*rectify.Progress, error) {
	return b.s.addProgress(b.ctx, b.tx, b.u, in)
}

// MarkMeasureDone is Service.MarkMeasureDone within the batch.
func (b *Batch) MarkMeasureDone(measureID int64, done rectify.Date) error {
	return b.s.markMeasureDone(b.ctx, b.tx, b.u, measureID, done)
}

// EditProblem is Service.EditProblem within the batch.
func (b *Batch) EditProblem(e ProblemEdit) error {
	return b.s.editProblem(b.ctx, b.tx, b.u, e)
}

// EditMeasure is Service.EditMeasure within the batch; m.Version moves on.
func (b *Batch) EditMeasure(m *rectify.Measure) error {
	if err := b.s.editMeasure(b.ctx, b.tx, b.u, m); err != nil {
		return err
	}
	m.Version++
	return nil
}

// AddMeasure is Service.AddMeasure within the batch.
func (b *Batch) AddMeasure(m *rectify.Measure) error {
	return b.s.addMeasure(b.ctx, b.tx, b.u, m)
}
