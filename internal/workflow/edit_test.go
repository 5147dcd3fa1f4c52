package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
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
		{"the office edits the problem", rectify.StatusInProgress, func(w *world) *rectify.User { return w.reviewer }, false, "河道采砂整治推进迟缓（已细化）", ""},
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

// TestChangeRequests: a unit's change to the title, description, or a
// deadline or track already set of its problem waits for a reviewer; the
// rest of its edit is saved at once; the reviewer approves (the change is
// applied) or rejects with a reason (nothing changes); the history shows
// the request and the decision.
func TestChangeRequests(t *testing.T) {
	w := newWorld(t)
	ctx := rectify.AsSystem(context.Background())
	p := w.problem(problemSpec{status: rectify.StatusInProgress, due: d("2024-03-31")})
	edit := func(title string, due rectify.Date, leader, reason string) workflow.ProblemEdit {
		return workflow.ProblemEdit{ID: p.ID, Version: p.Version, Title: title, Description: p.Description, Leader: leader,
			OwnerUnit: p.OwnerUnit, Due: due, Opened: p.Opened, Track: p.Track, Reason: reason}
	}
	pending := func() []*rectify.ChangeRequest {
		t.Helper()
		all, err := w.s.ListChangeRequests(ctx, p.ID)
		ok(t, err)
		var out []*rectify.ChangeRequest
		for _, cr := range all {
			if cr.State == rectify.ChangePending {
				out = append(out, cr)
			}
		}
		return out
	}

	// Pushing its red deadline back: requested, not applied; the leader,
	// which does not move the indicators, is saved.
	got, err := w.svc.EditProblem(as(w.waterEditor), edit(p.Title, d("2024-12-31"), "李副局长", "汛期施工受限"))
	ok(t, err)
	if got.Due != d("2024-03-31") || got.Leader != "李副局长" {
		t.Fatalf("after the unit's edit: due %s, leader %q; want the deadline kept and the leader saved", got.Due, got.Leader)
	}
	reqs := pending()
	if len(reqs) != 1 || reqs[0].Due != d("2024-12-31") || reqs[0].Reason != "汛期施工受限" || reqs[0].RequestedBy != w.waterEditor.Name {
		t.Fatalf("pending requests %+v", reqs)
	}
	// The reviewer finds it in the to-do list.
	todo, err := w.svc.ToDo(as(w.reviewer), 20)
	ok(t, err)
	if todo.ChangesTotal != 1 || len(todo.Changes) != 1 || todo.Changes[0].Request.ID != reqs[0].ID || todo.Changes[0].Title != p.Title {
		t.Errorf("the reviewer's to-do lists %d changes: %+v", todo.ChangesTotal, todo.Changes)
	}
	// A unit cannot decide its own request.
	if err := w.svc.DecideChange(as(w.waterEditor), reqs[0].ID, true, ""); rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		t.Errorf("the unit approving its own request: %v", err)
	}
	// A rejection needs its reason.
	if err := w.svc.DecideChange(as(w.reviewer), reqs[0].ID, false, " "); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("a rejection without a reason: %v", err)
	}
	ok(t, w.svc.DecideChange(as(w.reviewer), reqs[0].ID, false, "汛期前应完成，不同意延期"))
	if got, _ := w.s.GetProblem(ctx, p.ID); got.Due != d("2024-03-31") {
		t.Errorf("a rejected request changed the deadline to %s", got.Due)
	}
	if err := w.svc.DecideChange(as(w.reviewer), reqs[0].ID, true, ""); rectify.ErrorCode(err) != rectify.ETRANSITION {
		t.Errorf("deciding a decided request again: %v", err)
	}

	// A new title: requested, then approved and applied.
	p, err = w.s.GetProblem(ctx, p.ID)
	ok(t, err)
	_, err = w.svc.EditProblem(as(w.waterEditor), edit("河道采砂整治推进迟缓（细化）", p.Due, p.Leader, ""))
	ok(t, err)
	reqs = pending()
	if len(reqs) != 1 {
		t.Fatalf("pending %+v", reqs)
	}
	ok(t, w.svc.DecideChange(as(w.reviewer), reqs[0].ID, true, "同意"))
	if got, _ := w.s.GetProblem(ctx, p.ID); got.Title != "河道采砂整治推进迟缓（细化）" {
		t.Errorf("an approved title was not applied: %q", got.Title)
	}

	// The office's own edit applies at once.
	p, err = w.s.GetProblem(ctx, p.ID)
	ok(t, err)
	got, err = w.svc.EditProblem(as(w.reviewer), edit(p.Title, d("2024-05-31"), p.Leader, ""))
	ok(t, err)
	if got.Due != d("2024-05-31") || len(pending()) != 0 {
		t.Errorf("the office's edit: due %s, %d pending", got.Due, len(pending()))
	}

	// The history shows the requests and the decisions, by whom.
	h, err := w.svc.History(as(w.reviewer), p.ID)
	ok(t, err)
	var seen []string
	for _, e := range h {
		if e.Entity == store.EntityChange {
			seen = append(seen, e.Action+" "+e.Actor)
		}
	}
	if len(seen) < 4 {
		t.Errorf("history of the change requests: %v", seen)
	}

	// A unit setting a deadline for the first time plans, freely.
	q := w.problem(problemSpec{status: rectify.StatusInProgress})
	e := workflow.ProblemEdit{ID: q.ID, Version: q.Version, Title: q.Title, Description: q.Description, Due: d("2024-09-30"),
		Opened: q.Opened, Track: rectify.TrackDeadline}
	if got, err := w.svc.EditProblem(as(w.waterEditor), e); err != nil || got.Due != d("2024-09-30") || got.Track != rectify.TrackDeadline {
		t.Errorf("a first deadline and track: %v %+v", err, got)
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
