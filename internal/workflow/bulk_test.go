package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func TestBulk(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	target := func(p *rectify.Problem) workflow.BulkTarget { return workflow.BulkTarget{ID: p.ID, Version: p.Version} }
	tests := []struct {
		name string
		user func(w *world) *rectify.User
		// make returns the problems of the request; those it stores are
		// in the water bureau unless said otherwise.
		make    func(w *world) []workflow.BulkTarget
		in      workflow.BulkInput
		code    string
		refused []string // what the error says of each problem refused
		check   func(t *testing.T, w *world, ts []workflow.BulkTarget)
	}{
		{name: "a new leader, unit and deadline for two problems",
			user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget {
				return []workflow.BulkTarget{target(w.problem(problemSpec{status: rectify.StatusInProgress, open: 1})),
					target(w.problem(problemSpec{title: "水质检测不按频次开展"}))}
			},
			in: workflow.BulkInput{SetOwnerUnit: true, OwnerUnit: "河湖管理股", SetLeader: true, Leader: "李明", SetDue: true, Due: d("2024-06-30")},
			check: func(t *testing.T, w *world, ts []workflow.BulkTarget) {
				for _, tg := range ts {
					p, err := w.s.GetProblem(ctx, tg.ID)
					ok(t, err)
					if p.OwnerUnit != "河湖管理股" || p.Leader != "李明" || p.Due != d("2024-06-30") || p.Version != tg.Version+1 {
						t.Errorf("problem %d: %s %s %s v%d", p.ID, p.OwnerUnit, p.Leader, p.Due, p.Version)
					}
					if p.Title == "" || p.Description == "" {
						t.Errorf("problem %d lost its facts: %+v", p.ID, p)
					}
				}
			}},
		{name: "open measures done on one past day; a problem not started starts",
			user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget {
				return []workflow.BulkTarget{target(w.problem(problemSpec{status: rectify.StatusInProgress, open: 2})),
					target(w.problem(problemSpec{open: 1, title: "水质检测不按频次开展"}))}
			},
			in: workflow.BulkInput{MeasuresDone: true, DoneOn: d("2024-02-20")},
			check: func(t *testing.T, w *world, ts []workflow.BulkTarget) {
				for _, tg := range ts {
					p, err := w.s.GetProblem(ctx, tg.ID)
					ok(t, err)
					if open := p.OpenMeasures(w.today()); len(open) != 0 {
						t.Errorf("problem %d: %d measures open", p.ID, len(open))
					}
					if p.Measures[1].Done != d("2024-02-20") {
						t.Errorf("problem %d: done %s", p.ID, p.Measures[1].Done)
					}
					if p.Status != rectify.StatusInProgress {
						t.Errorf("problem %d: %s", p.ID, p.Status)
					}
				}
			}},
		{name: "one signed off and one changed since: nothing saved, both named",
			user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget {
				done := w.problem(problemSpec{status: rectify.StatusCompleted, title: "财务报销审核把关不严"})
				stale := target(w.problem(problemSpec{status: rectify.StatusInProgress, title: "公务用车管理不规范"}))
				stale.Version--
				return []workflow.BulkTarget{target(w.problem(problemSpec{status: rectify.StatusInProgress, open: 1})), target(done), stale}
			},
			in:      workflow.BulkInput{SetLeader: true, Leader: "李明"},
			code:    rectify.EINVALID,
			refused: []string{"", "问题1“财务报销审核把关不严”：", "问题1“公务用车管理不规范”：已被他人修改"},
			check: func(t *testing.T, w *world, ts []workflow.BulkTarget) {
				p, err := w.s.GetProblem(ctx, ts[0].ID)
				ok(t, err)
				if p.Leader != "" || p.Version != ts[0].Version {
					t.Errorf("the good one was saved: %q v%d", p.Leader, p.Version)
				}
			}},
		{name: "a problem of another unit",
			user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget {
				return []workflow.BulkTarget{target(w.problem(problemSpec{unit: w.transport, title: "道路养护资金使用不规范"}))}
			},
			in: workflow.BulkInput{SetDue: true, Due: d("2024-06-30")}, code: rectify.EINVALID,
			refused: []string{"无权处理“中共青石县交通运输局党组”的记录"}},
		{name: "a done day before the feedback",
			user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget {
				return []workflow.BulkTarget{target(w.problem(problemSpec{status: rectify.StatusInProgress, open: 1}))}
			},
			in: workflow.BulkInput{MeasuresDone: true, DoneOn: d("2023-01-01")}, code: rectify.EINVALID,
			refused: []string{"不能早于巡察反馈日期"}},
		{name: "a viewer", user: func(w *world) *rectify.User { return w.viewer },
			make: func(w *world) []workflow.BulkTarget { return []workflow.BulkTarget{target(w.problem(problemSpec{}))} },
			in:   workflow.BulkInput{SetLeader: true, Leader: "李明"}, code: rectify.EFORBIDDEN},
		{name: "nothing asked", user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget { return []workflow.BulkTarget{target(w.problem(problemSpec{}))} },
			code: rectify.EINVALID},
		{name: "no problem", user: func(w *world) *rectify.User { return w.waterEditor },
			make: func(w *world) []workflow.BulkTarget { return nil },
			in:   workflow.BulkInput{SetLeader: true}, code: rectify.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			ts := tt.make(w)
			in := tt.in
			in.Problems = ts
			_, err := w.svc.Bulk(as(tt.user(w)), in)
			if got := rectify.ErrorCode(err); (err == nil) != (tt.code == "") || (err != nil && got != tt.code) {
				t.Fatalf("error %v (%s), want %q", err, got, tt.code)
			}
			fields := rectify.ErrorFields(err)
			for i, want := range tt.refused {
				msg := fields[workflow.BulkField(ts[i].ID)]
				if want == "" && msg != "" {
					t.Errorf("problem %d refused: %s", i, msg)
				}
				if !strings.Contains(msg, want) {
					t.Errorf("problem %d: %q does not say %q", i, msg, want)
				}
			}
			if tt.check != nil {
				tt.check(t, w, ts)
			}
		})
	}
}
