package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func TestToDo(t *testing.T) {
	w := newWorld(t)
	ctx := rectify.AsSystem(context.Background())
	// Today is 2024-03-01.
	red := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-02-19"), title: "河道采砂整治推进迟缓"})
	w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-03-03"), title: "水质检测不按频次开展"})
	w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-05-01"), title: "防汛物资台账不全"})
	other := w.problem(problemSpec{unit: w.transport, status: rectify.StatusInProgress, open: 1, due: d("2024-02-01"), title: "道路养护资金使用不规范"})
	submitted := w.problem(problemSpec{status: rectify.StatusInProgress, evidence: true, due: d("2024-04-01"), title: "财务报销审核把关不严"})
	sentBack := w.problem(problemSpec{status: rectify.StatusInProgress, evidence: true, due: d("2024-04-01"), title: "公务用车管理不规范"})
	ok(t, w.svc.Submit(as(w.waterEditor), submitted.ID))
	ok(t, w.svc.Submit(as(w.waterEditor), sentBack.ID))
	ok(t, w.svc.Reject(as(w.reviewer), sentBack.ID, "缺少用车登记簿照片"))
	// Problem "red" is led by the water editor.
	p, err := w.s.GetProblem(ctx, red.ID)
	ok(t, err)
	_, err = w.svc.EditProblem(as(w.waterEditor), workflow.ProblemEdit{ID: p.ID, Version: p.Version, Title: p.Title,
		Description: p.Description, Track: p.Track, Leader: "张伟（副局长）", Due: p.Due, Opened: p.Opened})
	ok(t, err)
	ok(t, w.s.CreateComment(ctx, &rectify.PublicComment{UnitID: w.water.ID, Contact: "13800000000", Text: "河道仍有夜间采砂", State: rectify.CommentNew}))
	assigned := &rectify.PublicComment{UnitID: w.water.ID, Contact: "13900000000", Text: "供水站水质请公开", State: rectify.CommentNew}
	ok(t, w.s.CreateComment(ctx, assigned))
	assigned.State, assigned.Assignee = rectify.CommentAssigned, "农村水利股"
	ok(t, w.s.UpdateComment(ctx, assigned))
	ok(t, w.s.CreateRecheck(ctx, &rectify.Recheck{ProblemID: other.ID, Due: d("2024-02-27")}))
	k := store.ReminderKey{Kind: "due", ItemID: red.ID, Recipient: "user:3", Day: d("2024-02-29")}
	for range 3 {
		got, err := w.s.ClaimReminders(ctx, []store.ReminderKey{k}, "p", store.ClaimPolicy{MaxAttempts: 3})
		ok(t, err)
		ok(t, w.s.FinishReminders(ctx, got, "p", "550 mailbox unavailable"))
	}

	tests := []struct {
		name        string
		user        *rectify.User
		late        []string
		mine        []bool
		sentBack    []string
		signOff     []string
		comments    []string
		rechecks    int
		undelivered []string
	}{
		{"the water bureau's editor", w.waterEditor,
			[]string{"河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"}, []bool{true, false},
			[]string{"公务用车管理不规范：缺少用车登记簿照片"}, nil, []string{"供水站水质请公开"}, 0, nil},
		{"a viewer of the water bureau", w.viewer,
			[]string{"河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"}, []bool{false, false},
			[]string{"公务用车管理不规范：缺少用车登记簿照片"}, nil, nil, 0, nil},
		{"the county's reviewer", w.reviewer,
			[]string{"道路养护资金使用不规范 逾期 29 天", "河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"}, []bool{false, false, false},
			nil, []string{"财务报销审核把关不严"}, []string{"河道仍有夜间采砂"}, 1, []string{"due user:3 河道采砂整治推进迟缓"}},
		{"the transport bureau's reviewer", w.waterReviewer,
			[]string{"道路养护资金使用不规范 逾期 29 天"}, []bool{false}, nil, nil, nil, 1, nil},
		{"the admin", w.admin,
			[]string{"道路养护资金使用不规范 逾期 29 天", "河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"}, []bool{false, false, false},
			[]string{"公务用车管理不规范：缺少用车登记簿照片"}, []string{"财务报销审核把关不严"},
			[]string{"供水站水质请公开", "河道仍有夜间采砂"}, 1, []string{"due user:3 河道采砂整治推进迟缓"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			td, err := w.svc.ToDo(as(tt.user), 20)
			ok(t, err)
			var late, sb, so, cs, ud []string
			var mine []bool
			for _, it := range td.Late {
				late = append(late, it.Problem.Title+" "+it.Lateness.Text())
				mine = append(mine, it.Mine)
			}
			for _, it := range td.SentBack {
				sb = append(sb, it.Problem.Title+"："+it.Reason)
			}
			for _, it := range td.SignOff {
				so = append(so, it.Problem.Title)
			}
			for _, c := range td.Comments {
				cs = append(cs, c.Text)
			}
			for _, u := range td.Undelivered {
				ud = append(ud, u.Kind+" "+u.Recipient+" "+u.Problem.Title)
			}
			same(t, "late", late, tt.late)
			same(t, "mine", mine, tt.mine)
			same(t, "sent back", sb, tt.sentBack)
			same(t, "sign-off", so, tt.signOff)
			same(t, "comments", cs, tt.comments)
			if len(td.Rechecks) != tt.rechecks {
				t.Errorf("rechecks: got %d, want %d", len(td.Rechecks), tt.rechecks)
			}
			same(t, "undelivered", ud, tt.undelivered)

			counts, err := w.svc.ToDo(as(tt.user), 0)
			ok(t, err)
			if counts.Total() != td.Total() || len(counts.Late)+len(counts.SignOff)+len(counts.Comments) != 0 {
				t.Errorf("counts %+v, list %+v", counts, td)
			}
			if td.Total() != len(tt.late)+len(tt.sentBack)+len(tt.signOff)+len(tt.comments)+tt.rechecks+len(tt.undelivered) {
				t.Errorf("total %d", td.Total())
			}
		})
	}
	if _, err := w.svc.ToDo(context.Background(), 20); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("nobody: got %v", err)
	}
}
