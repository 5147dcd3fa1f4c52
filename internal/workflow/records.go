package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
)

// RecordAccountability records a person held accountable (问责): person,
// form (约谈, 通报, 诫勉, 处分 …), date, reason and, optionally, the problem
// of the inspection it concerns; it counts in the indicators (问责人次) from
// its date. It sets a.ID and returns EFORBIDDEN (viewer, out of scope),
// ENOTFOUND, EINVALID (missing fields, a date after today, a problem of
// another inspection).
func (s *Service) RecordAccountability(ctx context.Context, a *rectify.Accountability) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("record accountability", err)
	}
	if err := s.inspectionInScope(ctx, u, a.InspectionID); err != nil {
		return wrap("record accountability", err)
	}
	if a.Date.After(s.today()) {
		var v rectify.Invalid
		v.Add("date", "问责日期不能晚于今天")
		return wrap("record accountability", v.Err())
	}
	return wrap("record accountability", s.Store.CreateAccountability(ctx, a))
}

// RecordRule records a rule created or revised because of the
// rectification (建章立制): title, new or revised, date and the problems it
// answers; it counts in the indicators from its date. It sets r.ID and
// returns the errors of RecordAccountability.
func (s *Service) RecordRule(ctx context.Context, r *rectify.Rule) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("record rule", err)
	}
	if err := s.inspectionInScope(ctx, u, r.InspectionID); err != nil {
		return wrap("record rule", err)
	}
	if r.Date.After(s.today()) {
		var v rectify.Invalid
		v.Add("date", "制度印发日期不能晚于今天")
		return wrap("record rule", v.Err())
	}
	return wrap("record rule", s.Store.CreateRule(ctx, r))
}

// inspectionInScope returns EFORBIDDEN unless the inspection's unit lies
// in the user's scope.
func (s *Service) inspectionInScope(ctx context.Context, u *rectify.User, inspectionID int64) error {
	in, err := s.Store.GetInspection(ctx, inspectionID)
	if err != nil {
		return err
	}
	unit, err := s.Store.GetUnit(ctx, in.UnitID)
	if err != nil {
		return err
	}
	return inScope(u, unit)
}
