package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// happenedOn returns the day a change of p happened (发生日期): on, or
// today when on is zero. The day of what happened is kept beside the time
// it was recorded (the audit log's), so that a unit catching up records
// last year's work on last year's dates and the indicators count it then.
// It returns EINVALID, naming field and its label, for a day after today or before the
// inspection's feedback (反馈日期; the problem's handing-over day when the
// inspection has none).
func (s *Service) happenedOn(ctx context.Context, tx *store.Tx, p *rectify.Problem, on rectify.Date, field, label string) (rectify.Date, error) {
	today := s.today()
	if on.IsZero() {
		return today, nil
	}
	var v rectify.Invalid
	if on.After(today) {
		v.Add(field, label+"（"+on.Chinese()+"）不能晚于今天")
		return rectify.Date{}, v.Err()
	}
	start, what := p.Opened, "问题交办日期"
	if p.InspectionID != 0 {
		in, err := tx.GetInspection(ctx, p.InspectionID)
		if err != nil {
			return rectify.Date{}, err
		}
		if !in.Feedback.IsZero() {
			start, what = in.Feedback, "巡察反馈日期"
		}
	}
	if !start.IsZero() && on.Before(start) {
		v.Add(field, label+"（"+on.Chinese()+"）不能早于"+what+"（"+start.Chinese()+"）")
		return rectify.Date{}, v.Err()
	}
	return on, nil
}
