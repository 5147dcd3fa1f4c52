package workflow

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// ProgressInput is a progress report (整改情况) as a unit files it: what was
// done, when, the evidence, and optionally the measure it carries out and a
// status change, all stored at once.
type ProgressInput struct {
	ProblemID int64                `json:"problem_id"`
	MeasureID int64                `json:"measure_id,omitempty"`
	Date      rectify.Date         `json:"date,omitempty"` // the day the work was done (发生日期); today when zero
	Text      string               `json:"text"`
	Files     []store.EvidenceFile `json:"-"`
	// MeasureDone marks the measure MeasureID done on Date.
	MeasureDone bool `json:"measure_done,omitempty"`
	// Quantities are the report's figures as the unit confirmed or
	// corrected them in its form (pre-filled from Text); with
	// QuantitiesConfirmed false they are read from Text.
	Quantities          []rectify.Quantity `json:"quantities,omitempty"`
	QuantitiesConfirmed bool               `json:"quantities_confirmed,omitempty"`
	// Status, when To is set, is applied after the report, so that the
	// report's evidence counts for a submission; it happened on the
	// report's date unless Status.On says otherwise.
	Status StatusInput `json:"status,omitempty"`
}

// AddProgress stores a progress report with its evidence files and, in the
// same transaction, marks its measure done and changes the problem's status
// when asked. A problem not started moves to in progress when its unit
// reports work on it. It returns the report as stored (IDs, evidence
// metadata) and: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND; EINVALID for an
// empty text, a date after today or before the inspection's feedback, a measure of another problem, a file
// without a name; ETRANSITION for a status change the rules refuse, or a
// measure changed on a problem submitted or signed off; ECONFLICT.
func (s *Service) AddProgress(ctx context.Context, in ProgressInput) (*rectify.Progress, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, wrap("add progress", err)
	}
	var out *rectify.Progress
	err = s.Store.Update(ctx, "add progress", func(tx *store.Tx) error {
		var err error
		out, err = s.addProgress(ctx, tx, u, in)
		return err
	})
	if err != nil {
		return nil, wrap("add progress", err)
	}
	return out, nil
}

// addProgress is AddProgress in tx.
func (s *Service) addProgress(ctx context.Context, tx *store.Tx, u *rectify.User, in ProgressInput) (*rectify.Progress, error) {
	var out *rectify.Progress
	err := func() error {
		p, err := s.problemInScope(ctx, tx, u, in.ProblemID)
		if err != nil {
			return err
		}
		date, err := s.happenedOn(ctx, tx, p, in.Date, "date", "发生日期")
		if err != nil {
			return err
		}
		if err := s.withinQuota(ctx, tx, p.ID, in.Files); err != nil {
			return err
		}
		pr := &rectify.Progress{ProblemID: p.ID, MeasureID: in.MeasureID, Date: date, Text: in.Text, Author: authorName(u)}
		if err := tx.AddProgress(ctx, pr, in.Files); err != nil {
			return err
		}
		if err := s.storeQuantities(ctx, tx, pr, in); err != nil {
			return err
		}
		if in.MeasureDone && in.MeasureID != 0 {
			if err := s.setMeasureDone(ctx, tx, p, in.MeasureID, date); err != nil {
				return err
			}
		}
		switch {
		case in.Status.To != "":
			st := in.Status
			if st.On.IsZero() { // the change asked with a report happened with it
				st.On = rectify.MaxDate(date, p.StatusDate)
			}
			if _, err := s.applyStatus(ctx, tx, u, p, st, nil); err != nil {
				return err
			}
		case p.Status == rectify.StatusNotStarted && u.Actor() == rectify.ActorUnit:
			if err := s.autoStart(ctx, tx, u, p, date); err != nil {
				return err
			}
		}
		out = pr
		return nil
	}()
	return out, err
}

// withinQuota returns EINVALID (field "files") when files would take the
// evidence of the problem's unit past its quota (证明材料容量上限, a setting
// of the office, 20 GB when none is set).
func (s *Service) withinQuota(ctx context.Context, tx *store.Tx, problemID int64, files []store.EvidenceFile) error {
	var add int64
	for _, f := range files {
		add += int64(len(f.Data))
	}
	if add == 0 {
		return nil
	}
	unit, err := tx.ProblemUnit(ctx, problemID)
	if err != nil {
		return err
	}
	stored, err := tx.Settings(ctx, UnitChain(unit.Path))
	if err != nil {
		return err
	}
	quota := int64(ResolveSettings(unit.Path, stored).EvidenceQuotaMB) << 20
	used, err := tx.EvidenceBytes(ctx, unit.ID)
	if err != nil {
		return err
	}
	if used+add > quota {
		var v rectify.Invalid
		v.Add("files", fmt.Sprintf("%s的证明材料已有 %s，再加这些文件（%s）将超过上限 %s：请删减文件，或请巡察办在设置中调整“证明材料容量上限”",
			unit.Name, megabytes(used), megabytes(add), megabytes(quota)))
		return v.Err()
	}
	return nil
}

// megabytes writes a size in MB (GB from 10 GB on).
func megabytes(n int64) string {
	if n >= 10<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// MarkMeasureDone records the measure as carried out on done (the day it
// happened; today when zero). A problem not started moves to in progress.
// It returns EINVALID for a date after today or before the inspection's
// feedback, and ETRANSITION when the problem is submitted or
// signed off, besides the usual errors.
func (s *Service) MarkMeasureDone(ctx context.Context, measureID int64, done rectify.Date) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("mark measure done", err)
	}
	err = s.Store.Update(ctx, "mark measure done", func(tx *store.Tx) error {
		return s.markMeasureDone(ctx, tx, u, measureID, done)
	})
	return wrap("mark measure done", err)
}

// markMeasureDone is MarkMeasureDone in tx.
func (s *Service) markMeasureDone(ctx context.Context, tx *store.Tx, u *rectify.User, measureID int64, done rectify.Date) error {
	return func() error {
		m, err := tx.GetMeasure(ctx, measureID)
		if err != nil {
			return err
		}
		p, err := s.problemInScope(ctx, tx, u, m.ProblemID)
		if err != nil {
			return err
		}
		day, err := s.happenedOn(ctx, tx, p, done, "done", "完成日期")
		if err != nil {
			return err
		}
		if err := s.setMeasureDone(ctx, tx, p, measureID, day); err != nil {
			return err
		}
		if p.Status == rectify.StatusNotStarted && u.Actor() == rectify.ActorUnit {
			return s.autoStart(ctx, tx, u, p, day)
		}
		return nil
	}()
}

// ReopenMeasure marks a measure as not done again. It returns ETRANSITION
// when the problem is submitted or signed off, besides the usual errors.
func (s *Service) ReopenMeasure(ctx context.Context, measureID int64) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("reopen measure", err)
	}
	err = s.Store.Update(ctx, "reopen measure", func(tx *store.Tx) error {
		m, err := s.changeableMeasure(ctx, tx, u, measureID)
		if err != nil {
			return err
		}
		if m.Done.IsZero() {
			return nil
		}
		m.Done = rectify.Date{}
		return tx.UpdateMeasure(ctx, m)
	})
	return wrap("reopen measure", err)
}

// setMeasureDone marks the measure of p done on date.
func (s *Service) setMeasureDone(ctx context.Context, tx *store.Tx, p *rectify.Problem, measureID int64, date rectify.Date) error {
	if err := measuresFrozen(p); err != nil {
		return err
	}
	m, err := tx.GetMeasure(ctx, measureID)
	if err != nil {
		return err
	}
	if m.ProblemID != p.ID {
		return rectify.Errorf(rectify.EINVALID, "整改措施不属于该问题")
	}
	if m.Done == date {
		return nil
	}
	m.Done = date
	return tx.UpdateMeasure(ctx, m)
}

// measuresFrozen returns ETRANSITION when p's measures may not change: it
// waits for sign-off or is signed off.
func measuresFrozen(p *rectify.Problem) error { return frozen(p, "整改措施") }

// frozen returns ETRANSITION when what belongs to p and p may not change:
// what a reviewer signs off (or is about to) stays as signed off.
func frozen(p *rectify.Problem, what string) error {
	if why := p.FrozenRefusal(what); why != "" {
		return rectify.Errorf(rectify.ETRANSITION, "%s", why)
	}
	return nil
}

// autoStart moves a problem not started to in progress when its unit
// records work on it, on the day of the work (or of the status in force,
// when later): the work says it has started, no one need say it again.
func (s *Service) autoStart(ctx context.Context, tx *store.Tx, u *rectify.User, p *rectify.Problem, day rectify.Date) error {
	p, err := tx.GetProblemRow(ctx, p.ID) // the version may have moved in this transaction
	if err != nil {
		return err
	}
	_, err = s.applyStatus(ctx, tx, u, p, StatusInput{To: rectify.StatusInProgress, Reason: "填报整改情况，开始整改",
		On: rectify.MaxDate(day, p.StatusDate)}, nil)
	return err
}
