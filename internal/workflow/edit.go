package workflow

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// ProblemEdit is what a unit may change of a problem's own facts; Version
// is the version the user saw. Statuses change through ChangeStatus and its
// kin, never here.
type ProblemEdit struct {
	ID          int64
	Version     int
	Title       string
	Description string
	Track       rectify.Track
	Class       string
	Leader      string
	OwnerUnit   string
	Due         rectify.Date
	Opened      rectify.Date
	// Reason says why a unit changes what moves the indicators (a change
	// request's 变更理由, for the reviewer); ignored otherwise.
	Reason string
}

// EditProblem saves the facts of a problem. A unit's change to what moves
// the indicators of a problem already assigned (its title, description,
// or a deadline or track already set; see rectify.MovesIndicators) is not
// applied: it becomes a change request (变更申请) that a reviewer decides
// with DecideChange, while the rest of the edit is saved; an office's edit
// applies at once. It returns the problem as stored and: EUNAUTHORIZED,
// EFORBIDDEN (a viewer, out of scope), ENOTFOUND;
// EINVALID with a message per field; ETRANSITION while the problem waits
// for sign-off or is signed off; ECONFLICT when e.Version is not current.
func (s *Service) EditProblem(ctx context.Context, e ProblemEdit) (*rectify.Problem, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, wrap("edit problem", err)
	}
	err = s.Store.Update(ctx, "edit problem", func(tx *store.Tx) error {
		return s.editProblem(ctx, tx, u, e)
	})
	if err != nil {
		return nil, wrap("edit problem", err)
	}
	p, err := s.Store.GetProblem(ctx, e.ID)
	return p, wrap("edit problem", err)
}

// editProblem is EditProblem in tx.
func (s *Service) editProblem(ctx context.Context, tx *store.Tx, u *rectify.User, e ProblemEdit) error {
	return func() error {
		p, err := s.problemInScope(ctx, tx, u, e.ID)
		if err != nil {
			return err
		}
		if err := frozen(p, "问题"); err != nil {
			return err
		}
		oldLeader := p.Leader
		if u.Actor() == rectify.ActorUnit && rectify.MovesIndicators(p, e.Title, e.Description, e.Track, e.Due) {
			if err := s.requestChange(ctx, tx, u, p, &e); err != nil {
				return err
			}
		}
		p.Title, p.Description, p.Track, p.Class = e.Title, e.Description, e.Track, e.Class
		p.Leader, p.OwnerUnit, p.Due, p.Opened, p.Version = e.Leader, e.OwnerUnit, e.Due, e.Opened, e.Version
		if err := tx.UpdateProblem(ctx, p); err != nil {
			return err
		}
		if p.Leader == oldLeader {
			return nil
		}
		return s.proposeFor(ctx, tx, u, p.ID, p.Leader)
	}()
}

// AddMeasure adds a measure to its problem, numbered after the last when
// m.Number is 0, and sets m.ID and m.Version. Errors as EditProblem's.
func (s *Service) AddMeasure(ctx context.Context, m *rectify.Measure) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("add measure", err)
	}
	if m.Number < 0 {
		var v rectify.Invalid
		v.Add("number", "序号不能为负数")
		return wrap("add measure", v.Err())
	}
	err = s.Store.Update(ctx, "add measure", func(tx *store.Tx) error {
		return s.addMeasure(ctx, tx, u, m)
	})
	if err != nil {
		return wrap("add measure", err)
	}
	return nil
}

// addMeasure is AddMeasure in tx; it sets m's number, ID and version.
func (s *Service) addMeasure(ctx context.Context, tx *store.Tx, u *rectify.User, m *rectify.Measure) error {
	var id int64
	err := func() error {
		p, err := s.problemInScope(ctx, tx, u, m.ProblemID)
		if err != nil {
			return err
		}
		if err := measuresFrozen(p); err != nil {
			return err
		}
		n := m.Number
		if n == 0 {
			full, err := tx.GetProblem(ctx, p.ID) // with its measures
			if err != nil {
				return err
			}
			for _, o := range full.Measures {
				n = max(n, o.Number)
			}
			n++
		}
		add := *m
		add.Number, add.Done = n, rectify.Date{}
		if id, err = tx.CreateMeasure(ctx, &add); err != nil {
			return err
		}
		m.Number = n
		return s.proposeFor(ctx, tx, u, p.ID, m.Owner)
	}()
	if err != nil {
		return err
	}
	m.ID, m.Version, m.Done = id, 1, rectify.Date{}
	return nil
}

// EditMeasure saves a measure's number, group, text, owner and deadline
// when m.Version is current (whether it is done changes through
// MarkMeasureDone and ReopenMeasure). Errors as EditProblem's.
func (s *Service) EditMeasure(ctx context.Context, m *rectify.Measure) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("edit measure", err)
	}
	err = s.Store.Update(ctx, "edit measure", func(tx *store.Tx) error {
		return s.editMeasure(ctx, tx, u, m)
	})
	if err != nil {
		return wrap("edit measure", err)
	}
	m.Version++
	return nil
}

// editMeasure is EditMeasure in tx, without moving m.Version on.
func (s *Service) editMeasure(ctx context.Context, tx *store.Tx, u *rectify.User, m *rectify.Measure) error {
	cur, err := s.changeableMeasure(ctx, tx, u, m.ID)
	if err != nil {
		return err
	}
	save := *m
	save.ProblemID, save.Done = cur.ProblemID, cur.Done
	if err := tx.UpdateMeasure(ctx, &save); err != nil {
		return err
	}
	if save.Owner == cur.Owner {
		return nil
	}
	return s.proposeFor(ctx, tx, u, cur.ProblemID, save.Owner)
}

// DeleteMeasure removes a measure; the progress reports that carried it out
// stay, unlinked. Errors as EditProblem's.
func (s *Service) DeleteMeasure(ctx context.Context, measureID int64) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("delete measure", err)
	}
	err = s.Store.Update(ctx, "delete measure", func(tx *store.Tx) error {
		if _, err := s.changeableMeasure(ctx, tx, u, measureID); err != nil {
			return err
		}
		return tx.DeleteMeasure(ctx, measureID)
	})
	return wrap("delete measure", err)
}

// changeableMeasure returns the measure with id, read in tx, when u may
// change it now: its problem is in u's scope and neither waits for
// sign-off nor is signed off. Errors as EditProblem's.
func (s *Service) changeableMeasure(ctx context.Context, tx *store.Tx, u *rectify.User, id int64) (*rectify.Measure, error) {
	m, err := tx.GetMeasure(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.problemInScope(ctx, tx, u, m.ProblemID)
	if err != nil {
		return nil, err
	}
	if err := measuresFrozen(p); err != nil {
		return nil, err
	}
	return m, nil
}

// proposeFor proposes the names in field (a leader's, an owner's) that the
// people lists near the problem's unit do not hold (see proposeNames).
func (s *Service) proposeFor(ctx context.Context, tx *store.Tx, u *rectify.User, problemID int64, field string) error {
	if len(rectify.PersonNames(field)) == 0 {
		return nil
	}
	unit, err := tx.ProblemUnit(ctx, problemID)
	if err != nil {
		return err
	}
	return proposeNames(ctx, tx, u, unit, field)
}

// requestChange records a unit's edit e of p that moves the indicators as
// a change request, and takes out of e what waits for the reviewer: a new
// title or description, a deadline or track that replaces one already set.
// A deadline or track set for the first time stays in e (the unit's plan).
// The same request twice is one request.
func (s *Service) requestChange(ctx context.Context, tx *store.Tx, u *rectify.User, p *rectify.Problem, e *ProblemEdit) error {
	if utf8.RuneCountInString(e.Reason) > 1000 {
		var v rectify.Invalid
		v.Add("reason", "变更理由不能超过1000个字")
		return v.Err()
	}
	probe := *p
	probe.Title, probe.Description, probe.Track, probe.Due = e.Title, e.Description, e.Track, e.Due
	if err := probe.Validate(); err != nil {
		return err
	}
	cr := &rectify.ChangeRequest{ProblemID: p.ID, Title: e.Title, Description: e.Description, Track: e.Track,
		Due: e.Due, Reason: strings.TrimSpace(e.Reason), RequestedBy: authorName(u)}
	// What waits; the rest of the edit is the unit's to make now.
	e.Title, e.Description = p.Title, p.Description
	if !p.Due.IsZero() {
		e.Due = p.Due
	}
	if p.Track != "" {
		e.Track = p.Track
	}
	pending, err := tx.PendingChangeRequest(ctx, p.ID)
	if err != nil {
		return err
	}
	if pending != nil && pending.Title == cr.Title && pending.Description == cr.Description &&
		pending.Track == cr.Track && pending.Due == cr.Due {
		return nil
	}
	return tx.CreateChangeRequest(ctx, cr)
}

// DecideChange approves or rejects the pending change request with id,
// with the reviewer's note (required when rejecting): an approved request
// is applied to its problem as the office's own edit. It returns
// EUNAUTHORIZED, EFORBIDDEN (not a reviewer, out of scope), ENOTFOUND,
// EINVALID without a note to a rejection, ETRANSITION when the request was
// decided already or the problem waits for sign-off or is signed off.
func (s *Service) DecideChange(ctx context.Context, id int64, approve bool, note string) error {
	u, err := reviewer(ctx, "审核变更申请")
	if err != nil {
		return wrap("decide change", err)
	}
	if !approve {
		if err := required("note", "不同意的理由", note, 1000); err != nil {
			return wrap("decide change", err)
		}
	}
	err = s.Store.Update(ctx, "decide change", func(tx *store.Tx) error {
		cr, err := tx.GetChangeRequest(ctx, id)
		if err != nil {
			return err
		}
		p, err := s.problemInScope(ctx, tx, u, cr.ProblemID)
		if err != nil {
			return err
		}
		state := rectify.ChangeRejected
		if approve {
			if err := frozen(p, "问题"); err != nil {
				return err
			}
			state = rectify.ChangeApproved
			p.Title, p.Description, p.Track, p.Due = cr.Title, cr.Description, cr.Track, cr.Due
			if err := tx.UpdateProblem(ctx, p); err != nil {
				return err
			}
		}
		return tx.DecideChangeRequest(ctx, id, state, authorName(u), strings.TrimSpace(note))
	})
	return wrap("decide change", err)
}
