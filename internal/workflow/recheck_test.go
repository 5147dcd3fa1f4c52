package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// indicators returns the indicators of the water bureau's inspections as of day.
func (w *world) indicators(asOf rectify.Date) rectify.Indicators {
	w.t.Helper()
	_, total, err := w.s.Indicators(context.Background(), store.IndicatorFilter{UnitID: w.water.ID}, asOf)
	ok(w.t, err)
	return total
}

// A failed look-back reopens the problem, keeps its history, and the
// indicators count the rebound and one completed problem fewer; as of a
// day before the rebound they stand as they were.
func TestReboundReopensAndCounts(t *testing.T) {
	w := newWorld(t)
	unit, rev := as(w.waterEditor), as(w.reviewer)
	ok(t, w.svc.SetSetting(as(w.admin), w.water.ID, workflow.SettingRecheckMonths, "3"))
	p := w.problem(problemSpec{status: rectify.StatusInProgress, evidence: true})
	w.problem(problemSpec{status: rectify.StatusInProgress, title: "农村供水站水质检测不按频次开展"})

	ok(t, w.svc.Submit(unit, p.ID))
	rc, err := w.svc.Approve(rev, p.ID)
	ok(t, err)
	if rc.Due != d("2024-06-01") {
		t.Fatalf("look-back due %s, want three months after sign-off (the office's setting)", rc.Due)
	}
	signedOff := w.indicators(d("2024-03-01"))

	w.now = w.now.AddDate(0, 3, 5) // 2024-06-06: the look-back is due
	due, err := w.s.ListRechecksDue(context.Background(), w.today())
	ok(t, err)
	if len(due) != 1 || due[0].ID != rc.ID {
		t.Fatalf("due look-backs: %+v", due)
	}
	wantErr(t, w.svc.RecordRecheck(unit, rc.ID, rectify.RecheckFailed, "夜间采砂又出现"), rectify.EFORBIDDEN, "只有审核人员")
	wantErr(t, w.svc.RecordRecheck(rev, rc.ID, rectify.RecheckFailed, ""), rectify.EINVALID, "请填写反弹情况")
	ok(t, w.svc.RecordRecheck(rev, rc.ID, rectify.RecheckFailed, "两处采砂点夜间复采"))
	wantErr(t, w.svc.RecordRecheck(rev, rc.ID, rectify.RecheckPassed, ""), rectify.ECONFLICT, "已于2024年6月6日记录结果")

	got, err := w.s.GetProblem(context.Background(), p.ID)
	ok(t, err)
	last := got.History[len(got.History)-1]
	if got.Status != rectify.StatusInProgress || last.Reason != "回头看发现反弹：两处采砂点夜间复采" || last.Author != "刘审核" {
		t.Errorf("after the rebound: %s, last entry %+v", got.Status, last)
	}
	var statuses []rectify.Status
	for _, h := range got.History {
		statuses = append(statuses, h.Status)
	}
	same(t, "history kept", statuses, []rectify.Status{rectify.StatusInProgress, rectify.StatusSubmitted,
		rectify.StatusCompleted, rectify.StatusInProgress})

	after := w.indicators(w.today())
	before := w.indicators(d("2024-06-05"))
	for _, c := range []struct {
		name      string
		ind       rectify.Indicators
		completed int
		rebounds  int
	}{
		{"on the day of sign-off", signedOff, 1, 0},
		{"the day before the rebound", before, 1, 0},
		{"after the rebound", after, 0, 1},
	} {
		if c.ind.Completed != c.completed || c.ind.Rebounds != c.rebounds || c.ind.Total != 2 {
			t.Errorf("%s: completed %d, rebounds %d of %d; want %d, %d of 2", c.name, c.ind.Completed, c.ind.Rebounds,
				c.ind.Total, c.completed, c.rebounds)
		}
	}
	if after.CompletionRate != 0 || before.CompletionRate != 0.5 {
		t.Errorf("completion rate %.2f after, %.2f before", after.CompletionRate, before.CompletionRate)
	}

	// Reworked and signed off again: the rebound stays counted.
	ok(t, w.svc.Submit(unit, p.ID))
	_, err = w.svc.Approve(rev, p.ID)
	ok(t, err)
	again := w.indicators(w.today())
	if again.Completed != 1 || again.Rebounds != 1 {
		t.Errorf("signed off again: completed %d, rebounds %d", again.Completed, again.Rebounds)
	}
}

// A reviewer may reopen a completed problem found to have come back
// between look-backs; the rebound is recorded as a failed look-back.
func TestReopenOutsideLookBack(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusCompleted, evidence: true})
	open := w.problem(problemSpec{status: rectify.StatusSubmitted, evidence: true})
	wantErr(t, func() error { _, err := w.svc.Reopen(as(w.waterEditor), p.ID, "复采"); return err }(), rectify.EFORBIDDEN, "只有审核人员")
	wantErr(t, func() error { _, err := w.svc.Reopen(as(w.reviewer), open.ID, "复采"); return err }(), rectify.ETRANSITION, "只有已销号的问题才能因反弹重新打开")
	rc, err := w.svc.Reopen(as(w.reviewer), p.ID, "群众举报夜间复采")
	ok(t, err)
	if rc.Result != rectify.RecheckFailed || rc.Done != w.today() || rc.Note != "群众举报夜间复采" {
		t.Errorf("look-back %+v", rc)
	}
	if w.status(p.ID) != rectify.StatusInProgress || w.indicators(w.today()).Rebounds != 1 {
		t.Errorf("status %s, rebounds %d", w.status(p.ID), w.indicators(w.today()).Rebounds)
	}
}

// An office draws signed-off problems of its subtree at random; the same
// seed draws the same problems.
func TestDrawSample(t *testing.T) {
	w := newWorld(t)
	for i := range 10 {
		w.problem(problemSpec{status: rectify.StatusCompleted, title: fmt.Sprintf("水务问题%d", i+1)})
	}
	w.problem(problemSpec{unit: w.station, status: rectify.StatusCompleted, title: "水文站问题"})
	w.problem(problemSpec{status: rectify.StatusInProgress, title: "未销号的问题"})
	for i := range 4 {
		w.problem(problemSpec{unit: w.transport, status: rectify.StatusCompleted, title: fmt.Sprintf("交通问题%d", i+1)})
	}
	rev := as(w.reviewer)
	in := workflow.SampleInput{UnitID: w.water.ID, Count: 4, Seed: 20240301}
	first, total, err := w.svc.Sample(rev, in)
	ok(t, err)
	second, _, err := w.svc.Sample(rev, in)
	ok(t, err)
	if total != 11 || len(first) != 4 {
		t.Fatalf("drew %d of %d, want 4 of 11 (the water bureau's and its station's signed-off problems)", len(first), total)
	}
	ids := func(ps []*rectify.Problem) (out []int64) {
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	same(t, "the same seed draws the same", ids(second), ids(first))
	for _, p := range first {
		if p.Status != rectify.StatusCompleted || strings.HasPrefix(p.Title, "交通") {
			t.Errorf("drew %q (%s)", p.Title, p.Status)
		}
	}
	differ := false
	for seed := uint64(1); seed <= 5 && !differ; seed++ {
		other, _, err := w.svc.Sample(rev, workflow.SampleInput{UnitID: w.water.ID, Count: 4, Seed: seed})
		ok(t, err)
		differ = fmt.Sprint(ids(other)) != fmt.Sprint(ids(first))
	}
	if !differ {
		t.Error("five other seeds all drew the same problems")
	}

	rcs, err := w.svc.DrawSample(rev, in)
	ok(t, err)
	var drawn []int64
	for _, rc := range rcs {
		drawn = append(drawn, rc.ProblemID)
		if !rc.Sampled || rc.Due != d("2024-03-31") || !strings.Contains(rc.Note, "种子 20240301，从 11 个已销号问题中抽取 4 个") {
			t.Errorf("look-back %+v", rc)
		}
	}
	same(t, "the draw recorded is the preview", drawn, ids(first))

	all, _, err := w.svc.Sample(rev, workflow.SampleInput{UnitID: w.water.ID, Count: 50, Seed: 1})
	ok(t, err)
	if len(all) != 11 {
		t.Errorf("a count above the pool draws all: %d", len(all))
	}
	for _, c := range []struct {
		name string
		user *rectify.User
		in   workflow.SampleInput
		code string
	}{
		{"a unit's user", w.waterEditor, in, rectify.EFORBIDDEN},
		{"a reviewer of another bureau", w.waterReviewer, in, rectify.EFORBIDDEN},
		{"no count", w.reviewer, workflow.SampleInput{UnitID: w.water.ID}, rectify.EINVALID},
		{"no such unit", w.reviewer, workflow.SampleInput{UnitID: 9999, Count: 1}, rectify.ENOTFOUND},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.svc.DrawSample(as(c.user), c.in)
			wantErr(t, err, c.code, "")
		})
	}
}

func TestDrawIsPureAndBounded(t *testing.T) {
	var ps []*rectify.Problem
	for i := range 20 {
		ps = append(ps, &rectify.Problem{ID: int64(i + 1)})
	}
	a := workflow.Draw(ps, 5, 7)
	b := workflow.Draw(ps, 5, 7)
	if len(a) != 5 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("draws differ: %v, %v", a, b)
	}
	for i := 1; i < len(a); i++ {
		if a[i].ID <= a[i-1].ID {
			t.Errorf("not in the record's order: %d after %d", a[i].ID, a[i-1].ID)
		}
	}
	if got := workflow.Draw(ps[:3], 5, 7); len(got) != 3 {
		t.Errorf("drew %d of 3", len(got))
	}
}
