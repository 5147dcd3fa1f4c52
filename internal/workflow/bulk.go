package workflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// MaxBulk is how many problems one bulk change may touch.
const MaxBulk = 200

// BulkTarget is a problem of a bulk change and the version the user saw.
type BulkTarget struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
}

// BulkInput is one change made to many problems at once (批量处理): any of
// a new responsible unit, leader or deadline, and marking every open
// measure done on one day.
type BulkInput struct {
	Problems []BulkTarget `json:"problems"`
	// SetOwnerUnit, SetLeader and SetDue say which facts change; an empty
	// value clears the fact.
	SetOwnerUnit bool         `json:"set_owner_unit,omitempty"`
	OwnerUnit    string       `json:"owner_unit,omitempty" doc:"责任单位"`
	SetLeader    bool         `json:"set_leader,omitempty"`
	Leader       string       `json:"leader,omitempty" doc:"责任领导"`
	SetDue       bool         `json:"set_due,omitempty"`
	Due          rectify.Date `json:"due,omitempty" doc:"整改时限"`
	// MeasuresDone marks every measure not done yet as done on DoneOn
	// (the day the work was finished; today when empty).
	MeasuresDone bool         `json:"measures_done,omitempty"`
	DoneOn       rectify.Date `json:"done_on,omitempty" doc:"措施完成日期，默认今天"`
}

// BulkResult says what a bulk change did.
type BulkResult struct {
	Problems int `json:"problems" doc:"修改的问题数"`
	Measures int `json:"measures" doc:"标为完成的整改措施数"`
}

// BulkField is the field of the error of a bulk change that names a
// problem refused: problem.12.
func BulkField(id int64) string { return "problem." + strconv.FormatInt(id, 10) }

// Bulk makes one change to many problems, each through the use case a
// single change goes through (EditProblem, MarkMeasureDone), all or
// nothing: when any problem refuses (signed off or waiting for sign-off,
// out of scope, changed since it was read, not found, a bad date), nothing
// is stored and the EINVALID error names every problem refused, by the
// field BulkField(id), with the reason in words (问题3：…). It also returns
// EINVALID for no problem, too many, or no change asked for, and
// EUNAUTHORIZED or EFORBIDDEN for the user.
func (s *Service) Bulk(ctx context.Context, in BulkInput) (*BulkResult, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, wrap("bulk", err)
	}
	var v rectify.Invalid
	switch {
	case len(in.Problems) == 0:
		v.Add("problems", "请先勾选要处理的问题")
	case len(in.Problems) > MaxBulk:
		v.Add("problems", fmt.Sprintf("一次最多处理%d个问题，已勾选%d个", MaxBulk, len(in.Problems)))
	}
	if !in.SetOwnerUnit && !in.SetLeader && !in.SetDue && !in.MeasuresDone {
		v.Add("change", "请选择要修改的内容：责任单位、责任领导、整改时限或措施完成")
	}
	in.OwnerUnit, in.Leader = strings.TrimSpace(in.OwnerUnit), strings.TrimSpace(in.Leader)
	if in.SetOwnerUnit && utf8.RuneCountInString(in.OwnerUnit) > 200 {
		v.Add("owner_unit", "责任单位不能超过200个字")
	}
	if in.SetLeader && utf8.RuneCountInString(in.Leader) > 200 {
		v.Add("leader", "责任领导不能超过200个字")
	}
	if err := v.Err(); err != nil {
		return nil, wrap("bulk", err)
	}
	res := &BulkResult{}
	refused := map[string]string{}
	var order []string
	err = s.Store.Update(ctx, "bulk", func(tx *store.Tx) error {
		seen := map[int64]bool{}
		for _, t := range in.Problems {
			if seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			n, err := s.bulkOne(ctx, tx, u, t, in)
			if err == nil {
				res.Problems++
				res.Measures += n
				continue
			}
			code := rectify.ErrorCode(err)
			if code == rectify.EINTERNAL || code == rectify.EUNAUTHORIZED {
				return err
			}
			label := "问题（编号 " + strconv.FormatInt(t.ID, 10) + "）"
			if p, perr := tx.GetProblemRow(ctx, t.ID); perr == nil {
				label = fmt.Sprintf("问题%d“%s”", p.Number, clip(p.Title, 20))
			}
			why := rectify.ErrorMessage(err)
			for _, m := range rectify.ErrorFields(err) {
				why = m // the field's message says more than "输入有误"
				break
			}
			field := BulkField(t.ID)
			refused[field] = label + "：" + why
			order = append(order, field)
		}
		if len(refused) > 0 {
			return &rectify.Error{Code: rectify.EINVALID, Fields: refused,
				Message: fmt.Sprintf("有%d个问题不能修改，本次全部未保存：%s", len(refused), refused[order[0]])}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("bulk", err)
	}
	return res, nil
}

// bulkOne applies in to the problem t in tx and returns how many measures
// it marked done.
func (s *Service) bulkOne(ctx context.Context, tx *store.Tx, u *rectify.User, t BulkTarget, in BulkInput) (int, error) {
	p, err := s.problemInScope(ctx, tx, u, t.ID)
	if err != nil {
		return 0, err
	}
	if p.Version != t.Version {
		return 0, rectify.ErrStale
	}
	if in.SetOwnerUnit || in.SetLeader || in.SetDue {
		e := ProblemEdit{ID: p.ID, Version: p.Version, Title: p.Title, Description: p.Description, Track: p.Track,
			Class: p.Class, Leader: p.Leader, OwnerUnit: p.OwnerUnit, Due: p.Due, Opened: p.Opened}
		if in.SetOwnerUnit {
			e.OwnerUnit = in.OwnerUnit
		}
		if in.SetLeader {
			e.Leader = in.Leader
		}
		if in.SetDue {
			e.Due = in.Due
		}
		if err := s.editProblem(ctx, tx, u, e); err != nil {
			return 0, err
		}
	}
	if !in.MeasuresDone {
		return 0, nil
	}
	full, err := tx.GetProblem(ctx, p.ID)
	if err != nil {
		return 0, err
	}
	if err := measuresFrozen(full); err != nil {
		return 0, err
	}
	n := 0
	for _, m := range full.Measures {
		if !m.Done.IsZero() {
			continue
		}
		if err := s.markMeasureDone(ctx, tx, u, m.ID, in.DoneOn); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
