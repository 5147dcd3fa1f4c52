package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Every move of a public opinion, by each side, is allowed or refused as
// written down here once more.
func TestCommentStateMachine(t *testing.T) {
	N, T, A, R, C := rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned, rectify.CommentReplied, rectify.CommentClosed
	office, unit := rectify.ActorReviewer, rectify.ActorUnit
	allowed := map[string]bool{}
	for _, m := range []struct {
		from, to rectify.CommentState
		by       rectify.Actor
	}{
		{N, T, office}, {N, A, office}, {T, A, office}, {A, A, office},
		{T, R, office}, {A, R, office}, {A, R, unit}, {R, R, office}, {R, R, unit},
		{R, C, office}, {N, C, office}, {T, C, office},
	} {
		allowed[fmt.Sprint(m.from, m.to, m.by)] = true
	}
	states := []rectify.CommentState{N, T, A, R, C}
	for _, from := range states {
		for _, to := range states {
			for _, by := range []rectify.Actor{office, unit} {
				err := workflow.CanMoveComment(from, to, by)
				want := allowed[fmt.Sprint(from, to, by)]
				if (err == nil) != want {
					t.Errorf("%s → %s by %s: allowed %v, want %v (%v)", from, to, by, err == nil, want, err)
				}
				if err != nil && rectify.ErrorCode(err) != rectify.ETRANSITION {
					t.Errorf("%s → %s by %s: %v", from, to, by, err)
				}
			}
		}
	}
	for _, c := range []struct {
		from, to rectify.CommentState
		by       rectify.Actor
		msg      string
	}{
		{C, R, office, "意见建议已办结，不能再改动"},
		{N, T, unit, "意见建议由巡察办分办、交办和办结"},
		{T, R, unit, "须先由巡察办交办"},
		{A, C, office, "已交办的意见建议须先答复，才能办结"},
	} {
		wantErr(t, workflow.CanMoveComment(c.from, c.to, c.by), rectify.ETRANSITION, c.msg)
	}
}

// An opinion goes from the public page to its answer, the office and the
// unit each doing their part.
func TestCommentHandling(t *testing.T) {
	w := newWorld(t)
	ctx := rectify.AsSystem(context.Background())
	office, unit := as(w.reviewer), as(w.waterEditor)
	done := w.problem(problemSpec{status: rectify.StatusCompleted, evidence: true, title: "河道采砂整治推进迟缓"})
	pc := &rectify.PublicComment{UnitID: w.water.ID, Contact: "139****2233", Text: "青石河下游最近晚上又有采砂船作业。"}
	ok(t, w.s.CreateComment(ctx, pc))

	wantErr(t, w.svc.Triage(unit, pc.ID, 0), rectify.ETRANSITION, "由巡察办分办")
	wantErr(t, w.svc.Triage(as(w.transportEditor), pc.ID, 0), rectify.EFORBIDDEN, "无权处理")
	rc, err := w.svc.LinkToProblem(office, pc.ID, done.ID)
	ok(t, err)
	if rc == nil || rc.Due != d("2024-03-08") || rc.ProblemID != done.ID || rc.Sampled {
		t.Fatalf("proposed look-back %+v, want one due in 7 days", rc)
	}
	again, err := w.svc.LinkToProblem(office, pc.ID, done.ID)
	ok(t, err)
	if again != nil {
		t.Errorf("a second look-back was proposed while one is pending: %+v", again)
	}
	got, err := w.s.GetComment(ctx, pc.ID)
	ok(t, err)
	if got.State != rectify.CommentTriaged || got.ProblemID != done.ID || got.InspectionID != done.InspectionID {
		t.Errorf("linked comment: %+v", got)
	}

	wantErr(t, w.svc.Reply(unit, pc.ID, "已安排夜间巡查。", true), rectify.ETRANSITION, "须先由巡察办交办")
	wantErr(t, w.svc.Assign(office, pc.ID, " "), rectify.EINVALID, "请填写承办单位或承办人")
	ok(t, w.svc.Assign(office, pc.ID, "青石县水务局河湖管理股"))
	wantErr(t, w.svc.Close(office, pc.ID, "已处理"), rectify.ETRANSITION, "须先答复")
	ok(t, w.svc.Reply(unit, pc.ID, "经核查，下游两处采砂点夜间复采属实，已会同公安查扣采砂船2艘。", true))
	ok(t, w.svc.Close(office, pc.ID, ""))
	got, err = w.s.GetComment(ctx, pc.ID)
	ok(t, err)
	if got.State != rectify.CommentClosed || !got.ReplyPublic || got.Assignee != "青石县水务局河湖管理股" {
		t.Errorf("closed comment: %+v", got)
	}
	wantErr(t, w.svc.Reply(unit, pc.ID, "补充", false), rectify.ETRANSITION, "已办结")

	// An opinion that needs no action is closed with a note, kept unpublished.
	spam := &rectify.PublicComment{UnitID: w.water.ID, Contact: "000", Text: "与整改无关的广告。"}
	ok(t, w.s.CreateComment(ctx, spam))
	wantErr(t, w.svc.Close(office, spam.ID, ""), rectify.EINVALID, "请填写办结说明")
	ok(t, w.svc.Close(office, spam.ID, "与巡察整改无关，不予办理"))
	got, err = w.s.GetComment(ctx, spam.ID)
	ok(t, err)
	if got.Reply != "与巡察整改无关，不予办理" || got.ReplyPublic {
		t.Errorf("closed without action: %+v", got)
	}

	// An opinion about a problem still open proposes nothing.
	openP := w.problem(problemSpec{status: rectify.StatusInProgress, title: "农村供水站水质检测不按频次开展"})
	pc2 := &rectify.PublicComment{UnitID: w.water.ID, Contact: "138", Text: "村里的水还是浑的。"}
	ok(t, w.s.CreateComment(ctx, pc2))
	rc, err = w.svc.LinkToProblem(office, pc2.ID, openP.ID)
	ok(t, err)
	if rc != nil {
		t.Errorf("look-back proposed for an open problem: %+v", rc)
	}
	// A problem of another unit's subtree is not the opinion's.
	other := w.problem(problemSpec{unit: w.transport, status: rectify.StatusCompleted, title: "道路养护资金使用不规范"})
	_, err = w.svc.LinkToProblem(office, pc2.ID, other.ID)
	wantErr(t, err, rectify.EINVALID, "该问题不属于意见所反映的单位")
}
