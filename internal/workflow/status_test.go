package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Every move between statuses, by each side, is allowed or refused as the
// lifecycle says; the lifecycle is written out here once more, on its own,
// so that a change to the rules shows up as a failing case.
func TestEveryTransition(t *testing.T) {
	S := struct{ NS, IP, SU, MC, NC, LT, CO rectify.Status }{rectify.StatusNotStarted, rectify.StatusInProgress,
		rectify.StatusSubmitted, rectify.StatusMostlyCompleted, rectify.StatusNotCompleted, rectify.StatusLongTerm,
		rectify.StatusCompleted}
	allowed := map[string]bool{}
	for _, m := range []struct {
		from, to rectify.Status
		by       string
	}{
		{S.NS, S.IP, "unit"}, {S.NS, S.SU, "unit"}, {S.NS, S.LT, "unit"},
		{S.IP, S.SU, "unit"}, {S.IP, S.LT, "unit"}, {S.IP, S.MC, "unit"}, {S.IP, S.NC, "unit"},
		{S.MC, S.IP, "unit"}, {S.MC, S.SU, "unit"}, {S.MC, S.LT, "unit"},
		{S.NC, S.IP, "unit"}, {S.NC, S.SU, "unit"}, {S.NC, S.LT, "unit"},
		{S.LT, S.IP, "unit"}, {S.LT, S.SU, "unit"},
		{S.SU, S.CO, "reviewer"}, {S.SU, S.IP, "reviewer"}, {S.SU, S.LT, "reviewer"},
		{S.CO, S.IP, "reviewer"},
	} {
		allowed[fmt.Sprint(m.from, m.to, m.by)] = true
	}
	w := newWorld(t)
	sides := []struct {
		name string
		user *rectify.User
	}{{"unit", w.waterEditor}, {"reviewer", w.reviewer}}
	for _, from := range rectify.Statuses {
		for _, to := range rectify.Statuses {
			for _, side := range sides {
				name := fmt.Sprintf("%s %s to %s", side.name, from, to)
				t.Run(name, func(t *testing.T) {
					p := w.problem(problemSpec{status: from, evidence: true})
					in := workflow.StatusInput{To: to, Reason: "理由写明", NextMilestone: d("2024-09-30")}
					rc, err := w.svc.ChangeStatus(as(side.user), p.ID, in)
					if !allowed[fmt.Sprint(from, to, side.name)] {
						wantErr(t, err, rectify.ETRANSITION, "")
						if got := w.status(p.ID); got != from {
							t.Errorf("refused, yet the status moved to %s", got)
						}
						return
					}
					ok(t, err)
					if got := w.status(p.ID); got != to {
						t.Errorf("status %s, want %s", got, to)
					}
					switch {
					case to == rectify.StatusCompleted && (rc == nil || rc.Due != d("2024-09-01")):
						t.Errorf("sign-off scheduled look-back %+v, want one due 2024-09-01", rc)
					case from == rectify.StatusCompleted && (rc == nil || rc.Result != rectify.RecheckFailed):
						t.Errorf("reopening recorded %+v, want a failed look-back", rc)
					}
				})
			}
		}
	}
}

// The rules beyond the table: who may act where, what a change needs.
func TestStatusRules(t *testing.T) {
	tests := []struct {
		name string
		spec problemSpec
		user func(w *world) *rectify.User
		in   workflow.StatusInput
		code string
		msg  string
	}{
		{"nobody signed in", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return nil },
			workflow.StatusInput{To: rectify.StatusLongTerm}, rectify.EUNAUTHORIZED, "请先登录"},
		{"viewer", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.viewer },
			workflow.StatusInput{To: rectify.StatusNotCompleted}, rectify.EFORBIDDEN, "查看人员不能修改记录"},
		{"editor of another bureau", problemSpec{status: rectify.StatusNotStarted}, func(w *world) *rectify.User { return w.transportEditor },
			workflow.StatusInput{To: rectify.StatusInProgress}, rectify.EFORBIDDEN, "无权处理“中共青石县水务局党组”的记录"},
		{"reviewer of another bureau", problemSpec{status: rectify.StatusSubmitted, evidence: true}, func(w *world) *rectify.User { return w.waterReviewer },
			workflow.StatusInput{To: rectify.StatusCompleted}, rectify.EFORBIDDEN, "无权处理"},
		{"unit completes", problemSpec{status: rectify.StatusInProgress, evidence: true}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusCompleted}, rectify.ETRANSITION, "须先提交销号并经审核通过"},
		{"unit approves its own submission", problemSpec{status: rectify.StatusSubmitted, evidence: true}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusCompleted}, rectify.ETRANSITION, "只有审核人员才能销号"},
		{"submit with an open measure", problemSpec{status: rectify.StatusInProgress, open: 1, evidence: true}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusSubmitted}, rectify.ETRANSITION, "还有 1 项整改措施未完成，不能提交销号：②对巡查记录逐月抽查并通报结果。"},
		{"submit with two open measures", problemSpec{status: rectify.StatusInProgress, open: 2, evidence: true}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusSubmitted}, rectify.ETRANSITION, "还有 2 项整改措施未完成，不能提交销号：①开展河道采砂专项清理行动，建立日常巡查台账。；②"},
		{"submit without evidence", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusSubmitted}, rectify.ETRANSITION, "没有任何证明材料，不能提交销号"},
		{"approve with an open measure", problemSpec{status: rectify.StatusSubmitted, open: 1, evidence: true}, func(w *world) *rectify.User { return w.reviewer },
			workflow.StatusInput{To: rectify.StatusCompleted}, rectify.ETRANSITION, "还有 1 项整改措施未完成，不能销号"},
		{"approve without evidence", problemSpec{status: rectify.StatusSubmitted}, func(w *world) *rectify.User { return w.reviewer },
			workflow.StatusInput{To: rectify.StatusCompleted}, rectify.ETRANSITION, "没有任何证明材料，不能销号"},
		{"reject without a reason", problemSpec{status: rectify.StatusSubmitted, evidence: true}, func(w *world) *rectify.User { return w.reviewer },
			workflow.StatusInput{To: rectify.StatusInProgress, Reason: "  "}, rectify.EINVALID, "请填写退回理由"},
		{"long-term without a milestone", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusLongTerm}, rectify.EINVALID, "长期整改须填写下一个节点日期"},
		{"long-term with a past milestone", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusLongTerm, NextMilestone: d("2024-02-28")}, rectify.EINVALID, "下一个节点日期不能早于今天"},
		{"reopen without saying what came back", problemSpec{status: rectify.StatusCompleted, evidence: true}, func(w *world) *rectify.User { return w.reviewer },
			workflow.StatusInput{To: rectify.StatusInProgress}, rectify.EINVALID, "请填写反弹情况"},
		{"unknown status", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: "finished"}, rectify.EINVALID, "未知的整改状态"},
		{"back to not started", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusNotStarted}, rectify.ETRANSITION, "不能改回“未开始”"},
		{"no such problem", problemSpec{}, func(w *world) *rectify.User { return w.waterEditor },
			workflow.StatusInput{To: rectify.StatusInProgress}, rectify.ENOTFOUND, "未找到问题"},
		{"administrator of everything approves", problemSpec{status: rectify.StatusSubmitted, evidence: true}, func(w *world) *rectify.User { return w.admin },
			workflow.StatusInput{To: rectify.StatusCompleted}, "", ""},
	}
	w := newWorld(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := w.problem(tt.spec)
			id := p.ID
			if tt.code == rectify.ENOTFOUND {
				id = 999999
			}
			_, err := w.svc.ChangeStatus(as(tt.user(w)), id, tt.in)
			wantErr(t, err, tt.code, tt.msg)
			if tt.code != "" && w.status(p.ID) != p.Status {
				t.Errorf("refused, yet the status moved to %s", w.status(p.ID))
			}
		})
	}
}

// The two steps of sign-off, a rejection with its reason, and the history
// each leaves.
func TestSignOffInTwoSteps(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, evidence: true})
	unit, rev := as(w.waterEditor), as(w.reviewer)

	ok(t, w.svc.Submit(unit, p.ID))
	ok(t, w.svc.Reject(rev, p.ID, "照片不能说明采砂点已清理"))
	ok(t, w.svc.Submit(unit, p.ID))
	rc, err := w.svc.Approve(rev, p.ID)
	ok(t, err)
	if rc.Due != d("2024-09-01") || rc.ProblemID != p.ID {
		t.Errorf("look-back %+v", rc)
	}
	got, err := w.s.GetProblem(context.Background(), p.ID)
	ok(t, err)
	var steps []string
	for _, h := range got.History {
		steps = append(steps, fmt.Sprintf("%s %s %s %s", h.Date, h.Status.Label(), h.Author, h.Reason))
	}
	same(t, "history", steps, []string{
		"2024-02-01 整改中  ",
		"2024-03-01 待销号 张伟 ",
		"2024-03-01 整改中 刘审核 退回：照片不能说明采砂点已清理",
		"2024-03-01 待销号 张伟 ",
		"2024-03-01 完成 刘审核 ",
	})
	view, err := w.svc.SignOffView(unit, p.ID)
	ok(t, err)
	if view.Refusal != "" || view.Evidence != 1 || view.Light != rectify.LightNone || len(view.Rechecks) != 1 {
		t.Errorf("sign-off view: refusal %q, evidence %d, light %q, rechecks %d", view.Refusal, view.Evidence, view.Light, len(view.Rechecks))
	}
	// Signed off: the unit can no longer change its measures.
	wantErr(t, w.svc.ReopenMeasure(unit, p.Measures[0].ID), rectify.ETRANSITION, "问题已销号，不能修改整改措施")
}

// A long-term item moves on with its milestones, each a history entry, so
// that past lights stay as they were.
func TestLongTermMilestones(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, due: d("2024-03-31")})
	unit := as(w.waterEditor)
	ok(t, w.svc.MarkLongTerm(unit, p.ID, "I", d("2024-06-30"), "需跨年度推进管网改造"))
	wantErr(t, w.svc.SetNextMilestone(unit, p.ID, rectify.Date{}, ""), rectify.EINVALID, "下一个节点日期")
	w.now = w.now.AddDate(0, 4, 0) // 2024-07-01
	ok(t, w.svc.SetNextMilestone(unit, p.ID, d("2024-12-31"), "一期工程完工"))
	got, err := w.s.GetProblem(context.Background(), p.ID)
	ok(t, err)
	if got.Status != rectify.StatusLongTerm || got.Class != "I" || got.NextMilestone != d("2024-12-31") {
		t.Errorf("problem: %s %s %s", got.Status, got.Class, got.NextMilestone)
	}
	set := workflow.DefaultSettings()
	for _, c := range []struct {
		asOf  string
		light rectify.Light
	}{{"2024-03-15", rectify.LightBlue}, {"2024-06-28", rectify.LightYellow}, {"2024-07-01", rectify.LightBlue}, {"2025-01-02", rectify.LightRed}} {
		if l := set.Light(got, d(c.asOf)); l != c.light {
			t.Errorf("light on %s: %s, want %s", c.asOf, l, c.light)
		}
	}
	other := w.problem(problemSpec{status: rectify.StatusInProgress})
	wantErr(t, w.svc.SetNextMilestone(unit, other.ID, d("2024-12-31"), ""), rectify.ETRANSITION, "只有长期整改的问题才有下一个节点")
}

// same fails t unless got equals want.
func same[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d items %v, want %d %v", what, len(got), got, len(want), want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d]: got %v, want %v", what, i, got[i], want[i])
		}
	}
}

var _ workflow.Store = (*store.Store)(nil)
