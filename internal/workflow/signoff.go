package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
)

// SignOff is what a reviewer sees before signing a problem off (销号审核):
// the problem, its work and evidence, what still blocks closure, and the
// reports that only say a meeting was held or a document issued.
type SignOff struct {
	Problem  *rectify.Problem    `json:"problem"` // with measures and history
	Unit     *rectify.Unit       `json:"unit"`
	Progress []*rectify.Progress `json:"progress"` // with evidence metadata, oldest first
	Evidence int                 `json:"evidence"` // evidence files in all
	// OpenMeasures are the measures not done yet: closure waits for them.
	OpenMeasures []*rectify.Measure `json:"open_measures"`
	// Flags are the reports that look like paper rectification (文字整改);
	// AllFlagged is set when every report is one.
	Flags      []EvidenceFlag `json:"flags"`
	AllFlagged bool           `json:"all_flagged"`
	// Refusal says why the problem cannot be signed off now ("" when it can
	// be, as far as measures and evidence go).
	Refusal string        `json:"refusal,omitempty"`
	Light   rectify.Light `json:"light"`
	// Lateness says how late the problem is, by the light's rule.
	Lateness rectify.Lateness   `json:"lateness"`
	Settings Settings           `json:"settings"`
	Rechecks []*rectify.Recheck `json:"rechecks"`
	// Next are the statuses the user may move the problem to.
	Next []rectify.Status `json:"next"`
}

// SignOffView returns the sign-off view of a problem as of today for any
// user whose scope holds it. It returns EUNAUTHORIZED, EFORBIDDEN or
// ENOTFOUND.
func (s *Service) SignOffView(ctx context.Context, problemID int64) (*SignOff, error) {
	return s.signOffView(ctx, problemID, s.today())
}

// signOffView is SignOffView as of the day today.
func (s *Service) signOffView(ctx context.Context, problemID int64, today rectify.Date) (*SignOff, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, wrap("sign-off view", err)
	}
	unit, err := s.Store.ProblemUnit(ctx, problemID)
	if err != nil {
		return nil, wrap("sign-off view", err)
	}
	if err := inScope(u, unit); err != nil {
		return nil, wrap("sign-off view", err)
	}
	p, err := s.Store.GetProblem(ctx, problemID)
	if err != nil {
		return nil, wrap("sign-off view", err)
	}
	progress, err := s.Store.ListProgress(ctx, problemID)
	if err != nil {
		return nil, wrap("sign-off view", err)
	}
	rechecks, err := s.Store.ListRechecks(ctx, problemID)
	if err != nil {
		return nil, wrap("sign-off view", err)
	}
	set, err := s.Settings(ctx, unit.Path)
	if err != nil {
		return nil, err
	}
	v := &SignOff{Problem: p, Unit: unit, Progress: progress, OpenMeasures: p.OpenMeasures(today),
		Flags: FlagProgress(progress), Light: set.Light(p, today), Lateness: p.LatenessAsOf(today, set.WarnDays), Settings: set, Rechecks: rechecks}
	for _, pr := range progress {
		v.Evidence += len(pr.Evidence)
	}
	v.AllFlagged = len(progress) > 0 && len(v.Flags) == len(progress)
	v.Refusal = p.ClosureRefusal(v.Evidence, today, "销号")
	if u.Role != rectify.RoleViewer {
		v.Next = rectify.NextStatuses(p.Status, u.Actor())
	}
	return v, nil
}
