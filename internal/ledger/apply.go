package ledger

import (
	"context"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Flow is the use cases an import applies its changes through, as the
// pages do; *workflow.Service provides it.
type Flow interface {
	// Batch runs fn in one transaction as the user in ctx.
	Batch(ctx context.Context, op string, fn func(b *workflow.Batch) error) error
}

var _ Flow = (*workflow.Service)(nil)

// actingUser returns the user an import acts as: the one in ctx, or, for
// the command line (no one signed in, or the system: rectify.AsSystem),
// opt.Author on opt.Actor's side over every unit: an administrator
// recording what the sheet says (rectify.ActorSystem), a reviewer, or the
// unit.
func actingUser(ctx context.Context, opt ImportOptions) *rectify.User {
	if u := rectify.UserFrom(ctx); u != nil && !u.IsSystem() {
		return u
	}
	name := opt.Author
	if name == "" {
		name = "台账导入"
	}
	u := &rectify.User{Login: "ledger-import", Name: name, Role: rectify.RoleAdmin, Recorder: opt.Actor == rectify.ActorSystem}
	if opt.Actor == rectify.ActorUnit {
		u.Role, u.ScopePath = rectify.RoleEditor, "/"
	}
	return u
}

// apply makes the planned changes through the workflow's use cases, in one
// transaction: the problems' facts, the measures' edits, the new measures,
// the measures carried out (完成时间), the progress (either starts a
// problem not started, on its day), then the status
// changes (a sign-off schedules its look-back, a reopening counts its
// rebound). The problems a sheet adds are stored first, without a status,
// and then take their status through the same use case.
func apply(ctx context.Context, flow Flow, ch *store.LedgerChanges, done []plannedDone, opt ImportOptions) (store.LedgerResult, error) {
	var res store.LedgerResult
	ctx = rectify.WithUser(ctx, actingUser(ctx, opt))
	err := flow.Batch(ctx, "ledger import", func(b *workflow.Batch) error {
		res = store.LedgerResult{}
		type pending struct {
			p *rectify.Problem
			h rectify.StatusChange
		}
		var statuses []pending
		for _, np := range ch.NewProblems {
			if len(np.Problem.History) > 0 {
				statuses = append(statuses, pending{np.Problem, np.Problem.History[len(np.Problem.History)-1]})
				np.Problem.History, np.Problem.Status, np.Problem.Class = nil, "", ""
			}
		}
		if len(ch.NewProblems) > 0 {
			r, err := b.Tx().ApplyLedger(ctx, &store.LedgerChanges{NewProblems: ch.NewProblems})
			if err != nil {
				return err
			}
			res.ProblemsAdded, res.FindingsAdded, res.MeasuresAdded = r.ProblemsAdded, r.FindingsAdded, r.MeasuresAdded
		}
		for _, pc := range ch.Problems {
			if f := pc.Fields; f != nil {
				if err := b.EditProblem(workflow.ProblemEdit{ID: pc.ID, Version: pc.Version, Title: f.Title, Description: f.Description,
					Track: f.Track, Class: f.Class, Leader: f.Leader, OwnerUnit: f.OwnerUnit, Due: f.Due, Opened: f.Opened}); err != nil {
					return err
				}
				res.ProblemsUpdated++
			}
		}
		for _, m := range ch.Measures {
			if err := b.EditMeasure(m); err != nil {
				return err
			}
			res.MeasuresUpdated++
		}
		for _, m := range ch.NewMeasures {
			if err := b.AddMeasure(m); err != nil {
				return err
			}
			res.MeasuresAdded++
		}
		for _, d := range done { // before the reports, so that a problem starts on the day of its work
			if err := b.MarkMeasureDone(d.m.ID, d.day); err != nil {
				return err
			}
			res.MeasuresUpdated++
		}
		for _, lp := range ch.Progress {
			in := workflow.ProgressInput{ProblemID: lp.ProblemID, MeasureID: lp.MeasureID, Date: lp.Date, Text: lp.Text}
			if lp.NewProblem != nil {
				in.ProblemID = lp.NewProblem.ID
			}
			if lp.NewMeasure != nil {
				in.MeasureID, in.ProblemID = lp.NewMeasure.ID, lp.NewMeasure.ProblemID
			}
			if _, err := b.AddProgress(in); err != nil {
				return err
			}
			res.ProgressAdded++
		}
		for _, pc := range ch.Problems {
			if pc.Status != nil {
				statuses = append(statuses, pending{&rectify.Problem{ID: pc.ID}, *pc.Status})
			}
		}
		for _, st := range statuses {
			changed, err := changeStatus(ctx, b, st.p.ID, st.h, rectify.UserFrom(ctx).Actor())
			if err != nil {
				return err
			}
			if changed {
				res.StatusChanges++
			}
		}
		return nil
	})
	if err != nil {
		return store.LedgerResult{}, err
	}
	return res, nil
}

// changeStatus moves a problem to the status h, on h's day, through the
// status use case; a problem already there (started by the progress of the
// same sheet) is left as it is; a unit's problem not started is started
// first when the status needs it (startsFirst). It reports whether it changed the status.
func changeStatus(ctx context.Context, b *workflow.Batch, problemID int64, h rectify.StatusChange, by rectify.Actor) (bool, error) {
	cur, err := b.Tx().GetProblemRow(ctx, problemID)
	if err != nil {
		return false, err
	}
	if cur.Status == h.Status && (h.Status != rectify.StatusLongTerm || h.Class == "" || h.Class == cur.Class) {
		return false, nil
	}
	on := h.Date
	if on.Before(cur.StatusDate) {
		on = cur.StatusDate // after a start the same sheet brought on a later day
	}
	if startsFirst(cur.Status, h.Status, by) {
		if _, err := b.ChangeStatus(problemID, workflow.StatusInput{To: rectify.StatusInProgress, Reason: "台账导入：开始整改", On: on}); err != nil {
			return false, err
		}
	}
	_, err = b.ChangeStatus(problemID, workflow.StatusInput{To: h.Status, Class: h.Class, NextMilestone: h.NextMilestone,
		Reason: h.Reason, On: on})
	if err != nil {
		return false, err
	}
	return true, nil
}
