package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func TestEditProblem(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name   string
		status rectify.Status
		user   func(w *world) *rectify.User
		stale  bool
		title  string
		code   string
	}{
		{"the unit edits its problem", rectify.StatusInProgress, func(w *world) *rectify.User { return w.waterEditor }, false, "河道采砂整治推进迟缓（已细化）", ""},
		{"a blank title", rectify.StatusInProgress, func(w *world) *rectify.User { return w.waterEditor }, false, " ", rectify.EINVALID},
		{"a stale version", rectify.StatusInProgress, func(w *world) *rectify.User { return w.waterEditor }, true, "改标题", rectify.ECONFLICT},
		{"another unit", rectify.StatusInProgress, func(w *world) *rectify.User { return w.transportEditor }, false, "改标题", rectify.EFORBIDDEN},
		{"a viewer", rectify.StatusInProgress, func(w *world) *rectify.User { return w.viewer }, false, "改标题", rectify.EFORBIDDEN},
		{"waiting for sign-off", rectify.StatusSubmitted, func(w *world) *rectify.User { return w.waterEditor }, false, "改标题", rectify.ETRANSITION},
		{"signed off", rectify.StatusCompleted, func(w *world) *rectify.User { return w.admin }, false, "改标题", rectify.ETRANSITION},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := w.problem(problemSpec{status: tt.status})
			e := workflow.ProblemEdit{ID: p.ID, Version: p.Version, Title: tt.title, Description: p.Description,
				Leader: "李副局长", OwnerUnit: "河湖科", Due: d("2024-06-30"), Opened: p.Opened, Track: rectify.TrackDeadline}
			if tt.stale {
				e.Version--
			}
			got, err := w.svc.EditProblem(as(tt.user(w)), e)
			if rectify.ErrorCode(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			stored, err2 := w.s.GetProblem(context.Background(), p.ID)
			ok(t, err2)
			if tt.code != "" {
				if stored.Title != p.Title || stored.Version != p.Version {
					t.Errorf("a refused edit changed the problem: %q v%d", stored.Title, stored.Version)
				}
				return
			}
			if got.Title != tt.title || got.Leader != "李副局长" || got.Due != d("2024-06-30") || got.Version != p.Version+1 || got.Status != tt.status {
				t.Errorf("after the edit: %+v", got)
			}
		})
	}
}

func TestMeasureEdits(t *testing.T) {
	w := newWorld(t)
	ctx := as(w.waterEditor)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1})

	m := &rectify.Measure{ProblemID: p.ID, Text: "聘请第三方评估采砂整治成效。", Owner: "河湖科"}
	ok(t, w.svc.AddMeasure(ctx, m))
	if m.Number != 3 || m.ID == 0 || m.Version != 1 {
		t.Errorf("added measure %+v, want number 3", m)
	}
	m.Text = "聘请第三方机构评估采砂整治成效。"
	ok(t, w.svc.EditMeasure(ctx, m))
	stale := *m
	stale.Version = 1
	stale.Text = "旧版本的修改"
	if err := w.svc.EditMeasure(ctx, &stale); rectify.ErrorCode(err) != rectify.ECONFLICT {
		t.Errorf("stale edit: %v", err)
	}
	if err := w.svc.AddMeasure(ctx, &rectify.Measure{ProblemID: p.ID, Text: ""}); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("blank measure: %v", err)
	}
	if err := w.svc.AddMeasure(as(w.transportEditor), &rectify.Measure{ProblemID: p.ID, Text: "越权"}); rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		t.Errorf("another unit's measure: %v", err)
	}
	// Marking done is kept when the text is edited.
	ok(t, w.svc.MarkMeasureDone(ctx, m.ID, w.today()))
	cur, err := w.s.GetMeasure(context.Background(), m.ID)
	ok(t, err)
	cur.Owner = "规划科"
	ok(t, w.svc.EditMeasure(ctx, cur))
	again, err := w.s.GetMeasure(context.Background(), m.ID)
	ok(t, err)
	if again.Done != w.today() || again.Owner != "规划科" || again.Text != "聘请第三方机构评估采砂整治成效。" {
		t.Errorf("after edits: %+v", again)
	}
	ok(t, w.svc.DeleteMeasure(ctx, m.ID))
	if _, err := w.s.GetMeasure(context.Background(), m.ID); rectify.ErrorCode(err) != rectify.ENOTFOUND {
		t.Errorf("deleted measure: %v", err)
	}

	signed := w.problem(problemSpec{status: rectify.StatusCompleted, evidence: true})
	for name, err := range map[string]error{
		"add":    w.svc.AddMeasure(as(w.admin), &rectify.Measure{ProblemID: signed.ID, Text: "补充措施"}),
		"edit":   w.svc.EditMeasure(as(w.admin), signed.Measures[0]),
		"delete": w.svc.DeleteMeasure(as(w.admin), signed.Measures[0].ID),
	} {
		if rectify.ErrorCode(err) != rectify.ETRANSITION {
			t.Errorf("%s on a signed-off problem: %v", name, err)
		}
	}
}
