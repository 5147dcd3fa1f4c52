package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// StatusInput is a status change asked for.
type StatusInput struct {
	To rectify.Status `json:"to"`
	// Class is the class of a long-term item ("I", "II", …); empty keeps
	// the problem's.
	Class string `json:"class,omitempty"`
	// NextMilestone is the next checkpoint of a long-term item (required
	// for it, not before today).
	NextMilestone rectify.Date `json:"next_milestone,omitempty"`
	// Reason says why: required to reject a submission (退回理由) and to
	// reopen a completed problem (反弹情况); optional otherwise.
	Reason string `json:"reason,omitempty"`
	// On is the day the change happened (发生日期), kept beside the time it
	// was recorded; zero means today. It may not be after today, before
	// the inspection's feedback, or before the day of the status in force.
	On rectify.Date `json:"on,omitempty"`
}

// ChangeStatus moves the problem to in.To as the user in ctx, under the
// rules: the transition must be allowed for the user's side
// (rectify.CanTransition); submitting and completing need every measure
// done and at least one evidence file; completing schedules the look-back;
// a rejection needs a reason; long-term needs a next milestone; reopening a
// completed problem needs a reason and records a rebound (a failed
// look-back). The named use cases below are this with fixed targets. It
// returns the look-back it scheduled or recorded, if any, and:
// EUNAUTHORIZED, EFORBIDDEN (viewer, out of scope), ENOTFOUND, EINVALID
// (missing reason or milestone), ETRANSITION (a move the rules refuse,
// open measures, no evidence), ECONFLICT (changed meanwhile).
func (s *Service) ChangeStatus(ctx context.Context, problemID int64, in StatusInput) (*rectify.Recheck, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, wrap("change status", err)
	}
	var rc *rectify.Recheck
	err = s.Store.Update(ctx, "change status", func(tx *store.Tx) error {
		p, err := s.problemInScope(ctx, tx, u, problemID)
		if err != nil {
			return err
		}
		rc, err = s.applyStatus(ctx, tx, u, p, in, nil)
		return err
	})
	if err != nil {
		return nil, wrap("change status", err)
	}
	return rc, nil
}

// StartWork moves a problem that has not started to in progress (unit).
func (s *Service) StartWork(ctx context.Context, problemID int64) error {
	_, err := s.ChangeStatus(ctx, problemID, StatusInput{To: rectify.StatusInProgress})
	return err
}

// Submit submits the problem for sign-off (提交销号, unit). It is refused
// with ETRANSITION while a measure is open (the message names them) or no
// evidence file backs the work.
func (s *Service) Submit(ctx context.Context, problemID int64) error {
	_, err := s.ChangeStatus(ctx, problemID, StatusInput{To: rectify.StatusSubmitted})
	return err
}

// Approve signs the submitted problem off (销号通过, reviewer) and
// schedules its look-back the office's recheck months later, which it
// returns. The closure rules are checked again.
func (s *Service) Approve(ctx context.Context, problemID int64) (*rectify.Recheck, error) {
	return s.ChangeStatus(ctx, problemID, StatusInput{To: rectify.StatusCompleted})
}

// Reject sends the submitted problem back to in progress (退回, reviewer);
// reason is required.
func (s *Service) Reject(ctx context.Context, problemID int64, reason string) error {
	_, err := s.ChangeStatus(ctx, problemID, StatusInput{To: rectify.StatusInProgress, Reason: reason})
	return err
}

// MarkLongTerm classes the problem as long-term (长期整改) with its next
// milestone (required); the unit does it, or a reviewer for a submitted
// problem (认定为长期整改).
func (s *Service) MarkLongTerm(ctx context.Context, problemID int64, class string, next rectify.Date, reason string) error {
	_, err := s.ChangeStatus(ctx, problemID, StatusInput{To: rectify.StatusLongTerm, Class: class, NextMilestone: next, Reason: reason})
	return err
}

// SetNextMilestone records the next milestone of a long-term problem
// (unit or reviewer), as a new entry of its history so that past lights
// stay as they were. It returns ETRANSITION for a problem not long-term and
// EINVALID for a missing or past date.
func (s *Service) SetNextMilestone(ctx context.Context, problemID int64, next rectify.Date, reason string) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("set next milestone", err)
	}
	err = s.Store.Update(ctx, "set next milestone", func(tx *store.Tx) error {
		p, err := s.problemInScope(ctx, tx, u, problemID)
		if err != nil {
			return err
		}
		if p.Status != rectify.StatusLongTerm {
			return rectify.Errorf(rectify.ETRANSITION, "只有长期整改的问题才有下一个节点，该问题现为“%s”", p.Status.Label())
		}
		today := s.today()
		if err := checkMilestone(next, today); err != nil {
			return err
		}
		_, err = tx.AddStatusChange(ctx, p.ID, p.Version, rectify.StatusChange{Status: rectify.StatusLongTerm, Class: p.Class,
			Date: rectify.MaxDate(today, p.StatusDate), Author: authorName(u), Reason: reason, NextMilestone: next})
		return err
	})
	return wrap("set next milestone", err)
}

// problemInScope returns the problem's row (not its measures or history)
// once its unit is known to lie in the user's scope.
func (s *Service) problemInScope(ctx context.Context, tx *store.Tx, u *rectify.User, problemID int64) (*rectify.Problem, error) {
	p, unit, err := tx.GetProblemAndUnit(ctx, problemID)
	if err != nil {
		return nil, err
	}
	if err := inScope(u, unit); err != nil {
		return nil, err
	}
	return p, nil
}

func checkMilestone(next, today rectify.Date) error {
	var v rectify.Invalid
	switch {
	case next.IsZero():
		v.Add("next_milestone", "长期整改须填写下一个节点日期")
	case next.Before(today):
		v.Add("next_milestone", "下一个节点日期不能早于今天")
	}
	return v.Err()
}

// applyStatus checks and records a status change of p (its row, read in
// tx) by u. rebound, when not nil, is the failed look-back behind the
// reopening of a completed problem; otherwise one is recorded. It returns
// the look-back scheduled or recorded, if any.
func (s *Service) applyStatus(ctx context.Context, tx *store.Tx, u *rectify.User, p *rectify.Problem, in StatusInput, rebound *rectify.Recheck) (*rectify.Recheck, error) {
	from := p.Status
	if from == "" {
		from = rectify.StatusNotStarted
	}
	if err := rectify.CanTransition(from, in.To, u.Actor()); err != nil {
		return nil, err
	}
	today := s.today()
	date, err := s.statusDay(ctx, tx, p, in.On)
	if err != nil {
		return nil, err
	}
	h := rectify.StatusChange{Status: in.To, Date: date, Author: authorName(u), Reason: strings.TrimSpace(in.Reason)}
	var rc *rectify.Recheck
	switch {
	case in.To == rectify.StatusLongTerm:
		if err := checkMilestone(in.NextMilestone, today); err != nil {
			return nil, err
		}
		h.Class, h.NextMilestone = in.Class, in.NextMilestone
		if h.Class == "" {
			h.Class = p.Class
		}
	case (in.To == rectify.StatusSubmitted || in.To == rectify.StatusCompleted) && u.Actor() == rectify.ActorSystem:
		// A recorder records what its file says, as the import of a
		// published notice does; the look-back is scheduled all the same.
		if in.To == rectify.StatusCompleted {
			var err error
			if rc, err = s.scheduleLookBack(ctx, tx, p.ID, h.Date); err != nil {
				return nil, err
			}
		}
	case in.To == rectify.StatusSubmitted || in.To == rectify.StatusCompleted:
		verb := "提交销号"
		if in.To == rectify.StatusCompleted {
			verb = "销号"
		}
		if err := s.checkClosure(ctx, tx, p.ID, h.Date, verb); err != nil {
			return nil, err
		}
		if in.To == rectify.StatusCompleted {
			var err error
			if rc, err = s.scheduleLookBack(ctx, tx, p.ID, h.Date); err != nil {
				return nil, err
			}
		}
	case from == rectify.StatusSubmitted && in.To == rectify.StatusInProgress:
		if err := required("reason", "退回理由", in.Reason, 2000); err != nil {
			return nil, err
		}
		h.Reason = store.RejectPrefix + h.Reason
	case from == rectify.StatusCompleted:
		if err := required("reason", "反弹情况", in.Reason, 2000); err != nil {
			return nil, err
		}
		rc = rebound
		if rc == nil {
			rc = &rectify.Recheck{ProblemID: p.ID, Due: h.Date, Done: h.Date, Result: rectify.RecheckFailed,
				Reviewer: authorName(u), Note: h.Reason}
			if err := tx.CreateRecheck(ctx, rc); err != nil {
				return nil, err
			}
		}
		h.Reason = "回头看发现反弹：" + h.Reason
	}
	if _, err := tx.AddStatusChange(ctx, p.ID, p.Version, h); err != nil {
		return nil, err
	}
	return rc, nil
}

// scheduleLookBack schedules the look-back of a problem signed off on day,
// the office's months later.
func (s *Service) scheduleLookBack(ctx context.Context, tx *store.Tx, problemID int64, day rectify.Date) (*rectify.Recheck, error) {
	set, err := s.settingsIn(ctx, tx, problemID)
	if err != nil {
		return nil, err
	}
	rc := &rectify.Recheck{ProblemID: problemID, Due: day.AddMonths(set.RecheckMonths),
		Note: fmt.Sprintf("销号后%d个月回头看", set.RecheckMonths)}
	if err := tx.CreateRecheck(ctx, rc); err != nil {
		return nil, err
	}
	return rc, nil
}

// statusDay returns the day a status change of p happened: on (today when
// zero, or the day of the status in force when that is later). It returns
// EINVALID for a day after today, before the feedback, or before the day
// of the status in force (a change dated before it would not take effect).
func (s *Service) statusDay(ctx context.Context, tx *store.Tx, p *rectify.Problem, on rectify.Date) (rectify.Date, error) {
	if on.IsZero() {
		return rectify.MaxDate(s.today(), p.StatusDate), nil
	}
	day, err := s.happenedOn(ctx, tx, p, on, "on", "发生日期")
	if err != nil {
		return rectify.Date{}, err
	}
	if day.Before(p.StatusDate) {
		var v rectify.Invalid
		v.Add("on", fmt.Sprintf("发生日期（%s）不能早于该问题当前状态“%s”的日期（%s）", day.Chinese(), p.Status.Label(), p.StatusDate.Chinese()))
		return rectify.Date{}, v.Err()
	}
	return day, nil
}

// checkClosure returns ETRANSITION when the problem may not be closed on
// day: a measure not done by then, or no evidence file behind its progress.
func (s *Service) checkClosure(ctx context.Context, tx *store.Tx, problemID int64, day rectify.Date, verb string) error {
	p, err := tx.GetProblem(ctx, problemID)
	if err != nil {
		return err
	}
	evidence, err := tx.CountEvidence(ctx, problemID)
	if err != nil {
		return err
	}
	if why := p.ClosureRefusal(evidence, day, verb); why != "" {
		return rectify.Errorf(rectify.ETRANSITION, "%s", why)
	}
	return nil
}
