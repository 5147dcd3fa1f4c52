package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// header is an inspection of the water bureau as the office types it.
func (w *world) header() workflow.InspectionHeader {
	return workflow.InspectionHeader{UnitID: w.water.ID, Team: "县委第三巡察组", Kind: "常规", Round: 5,
		Start: d("2023-09-01"), End: d("2023-10-31"), Feedback: d("2023-12-05")}
}

// problemList returns the problem list of an inspection as "finding: 1 title, 2 title | …".
func (w *world) problemList(id int64) string {
	w.t.Helper()
	in, err := w.s.LoadInspection(context.Background(), id)
	ok(w.t, err)
	var parts []string
	for _, f := range in.Findings {
		s := fmt.Sprintf("%d%s:", f.Number, f.Title)
		for _, p := range f.Problems {
			s += fmt.Sprintf(" %d%s", p.Number, p.Title)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " | ")
}

func (w *world) auditClean() {
	w.t.Helper()
	rep, err := w.s.VerifyAudit(context.Background())
	ok(w.t, err)
	if !rep.OK() {
		w.t.Fatalf("the audit log disagrees with the record: %+v", rep.Issues)
	}
}

func TestCreateInspection(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name string
		user func(w *world) *rectify.User
		edit func(h *workflow.InspectionHeader)
		code string
		msg  string
	}{
		{"the office's admin", func(w *world) *rectify.User { return w.admin }, nil, "", ""},
		{"a reviewer of the county", func(w *world) *rectify.User { return w.reviewer }, nil, "", ""},
		{"a reviewer of another unit", func(w *world) *rectify.User { return w.waterReviewer }, nil, rectify.EFORBIDDEN, "无权处理"},
		{"the unit's editor", func(w *world) *rectify.User { return w.waterEditor }, nil, rectify.EFORBIDDEN, "只有审核人员"},
		{"a viewer", func(w *world) *rectify.User { return w.viewer }, nil, rectify.EFORBIDDEN, "查看人员"},
		{"nobody signed in", func(w *world) *rectify.User { return nil }, nil, rectify.EUNAUTHORIZED, "请先登录"},
		{"no unit", func(w *world) *rectify.User { return w.admin }, func(h *workflow.InspectionHeader) { h.UnitID = 0 }, rectify.EINVALID, "请选择被巡察单位"},
		{"a unit that does not exist", func(w *world) *rectify.User { return w.admin }, func(h *workflow.InspectionHeader) { h.UnitID = 999 }, rectify.EINVALID, "所选单位不存在"},
		{"no team", func(w *world) *rectify.User { return w.admin }, func(h *workflow.InspectionHeader) { h.Team = " " }, rectify.EINVALID, "请填写巡察组"},
		{"an unknown kind", func(w *world) *rectify.User { return w.admin }, func(h *workflow.InspectionHeader) { h.Kind = "突击" }, rectify.EINVALID, "巡察类型"},
		{"feedback before the end", func(w *world) *rectify.User { return w.admin }, func(h *workflow.InspectionHeader) { h.Feedback = d("2023-10-01") }, rectify.EINVALID, "反馈日期早于巡察结束日期"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := w.header()
			if tt.edit != nil {
				tt.edit(&h)
			}
			in, err := w.svc.CreateInspection(as(tt.user(w)), h)
			wantErr(t, err, tt.code, tt.msg)
			if tt.code != "" {
				return
			}
			if in.Kind != rectify.KindRegular || in.UnitName != w.water.Name || in.Team != "县委第三巡察组" || in.Version != 1 || in.Round != 5 {
				t.Errorf("stored %+v", in)
			}
		})
	}
	w.auditClean()
}

func TestUpdateInspection(t *testing.T) {
	w := newWorld(t)
	texts := workflow.NoticeTexts{Issuer: "中共青石县水务局党组", Opening: "按照县委统一部署，现将整改进展情况通报如下。",
		Work: []string{" 成立整改工作领导小组。", "", "逐项制定整改措施。"}, NextSteps: []string{"持续巩固整改成果。"},
		Contact: rectify.Contact{Phone: "0000-1234567", Address: "青石县河滨路1号", Mailbox: "青石县邮政101信箱", Email: "sw@example.cn"}}
	tests := []struct {
		name   string
		user   func(w *world) *rectify.User
		header func(w *world, h *workflow.InspectionHeader)
		texts  bool
		stale  bool
		code   string
		msg    string
	}{
		{"the unit writes its notice's texts", func(w *world) *rectify.User { return w.waterEditor }, nil, true, false, "", ""},
		{"the unit sends the header unchanged with its texts", func(w *world) *rectify.User { return w.waterEditor },
			func(*world, *workflow.InspectionHeader) {}, true, false, "", ""},
		{"the unit may not change the team", func(w *world) *rectify.User { return w.waterEditor },
			func(_ *world, h *workflow.InspectionHeader) { h.Team = "县委第一巡察组" }, true, false, rectify.EFORBIDDEN, "由巡察办填写"},
		{"the office changes the team", func(w *world) *rectify.User { return w.reviewer },
			func(_ *world, h *workflow.InspectionHeader) { h.Team = "县委第一巡察组" }, false, false, "", ""},
		{"the office moves it to a unit out of its scope", func(w *world) *rectify.User { return w.waterReviewer },
			func(w *world, h *workflow.InspectionHeader) { h.UnitID = w.transport.ID }, false, false, rectify.EFORBIDDEN, "无权处理"},
		{"another unit", func(w *world) *rectify.User { return w.transportEditor }, nil, true, false, rectify.EFORBIDDEN, "无权处理"},
		{"a viewer", func(w *world) *rectify.User { return w.viewer }, nil, true, false, rectify.EFORBIDDEN, "查看人员"},
		{"a stale version", func(w *world) *rectify.User { return w.waterEditor }, nil, true, true, rectify.ECONFLICT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := w.svc.CreateInspection(as(w.admin), w.header())
			ok(t, err)
			up := workflow.InspectionUpdate{ID: in.ID, Version: in.Version}
			if tt.header != nil {
				h := workflow.HeaderOf(in)
				tt.header(w, &h)
				up.Header = &h
			}
			if tt.texts {
				tx := texts
				up.Texts = &tx
			}
			if tt.stale {
				up.Version--
			}
			got, err := w.svc.UpdateInspection(as(tt.user(w)), up)
			wantErr(t, err, tt.code, tt.msg)
			stored, err2 := w.s.GetInspection(context.Background(), in.ID)
			ok(t, err2)
			if tt.code != "" {
				if stored.Version != in.Version || stored.Issuer != "" || stored.Team != in.Team {
					t.Errorf("a refused update changed the inspection: %+v", stored)
				}
				return
			}
			if got.Version != in.Version+1 {
				t.Errorf("version %d, want %d", got.Version, in.Version+1)
			}
			if tt.texts && (got.Issuer != texts.Issuer || got.Opening != texts.Opening || got.Contact != texts.Contact ||
				strings.Join(got.Work, "/") != "成立整改工作领导小组。/逐项制定整改措施。" || len(got.NextSteps) != 1) {
				t.Errorf("texts stored as %+v", got)
			}
		})
	}
	t.Run("a bad email", func(t *testing.T) {
		in, err := w.svc.CreateInspection(as(w.admin), w.header())
		ok(t, err)
		_, err = w.svc.EditNoticeTexts(as(w.waterEditor), in.ID, in.Version, workflow.NoticeTexts{Contact: rectify.Contact{Email: "不是邮箱"}})
		wantErr(t, err, rectify.EINVALID, "电子邮箱格式不对")
	})
	w.auditClean()
}

func TestProblemListByHand(t *testing.T) {
	w := newWorld(t)
	office := as(w.reviewer)
	in, err := w.svc.CreateInspection(office, w.header())
	ok(t, err)
	v := in.Version
	next := func() int { v++; return v - 1 }
	fa, err := w.svc.AddFinding(office, in.ID, next(), "甲")
	ok(t, err)
	fb, err := w.svc.AddFinding(office, in.ID, next(), "乙")
	ok(t, err)
	add := func(f *rectify.Finding, title string) *rectify.Problem {
		t.Helper()
		p, err := w.svc.AddProblem(office, workflow.NewProblem{FindingID: f.ID, Version: next(), Title: title})
		ok(t, err)
		return p
	}
	a1, a2, b1 := add(fa, "a"), add(fa, "b"), add(fb, "c")
	a3 := add(fa, "d") // added after c: numbered before it
	want := func(step, s string) {
		t.Helper()
		if got := w.problemList(in.ID); got != s {
			t.Fatalf("%s: list %q, want %q", step, got, s)
		}
	}
	want("added", "1甲: 1a 2b 3d | 2乙: 4c")
	if a3.Opened != in.Feedback || a3.Status != rectify.StatusNotStarted {
		t.Errorf("a problem typed by hand: opened %s, status %s", a3.Opened, a3.Status)
	}

	ok(t, w.svc.MoveProblem(office, a3.ID, next(), 1)) // past the end of 甲: first of 乙
	want("moved down across findings", "1甲: 1a 2b | 2乙: 3d 4c")
	ok(t, w.svc.MoveProblem(office, a1.ID, next(), -1)) // already first: stays
	want("moved up at the top", "1甲: 1a 2b | 2乙: 3d 4c")
	ok(t, w.svc.MoveFinding(office, fb.ID, next(), -1))
	want("finding moved up", "1乙: 1d 2c | 2甲: 3a 4b")
	ok(t, w.svc.EditFinding(office, fa.ID, next(), "甲（改）"))
	ok(t, w.svc.DeleteProblem(office, b1.ID, next()))
	want("deleted", "1乙: 1d | 2甲（改）: 2a 3b")

	tests := []struct {
		name string
		ctx  context.Context
		do   func(ctx context.Context, version int) error
		code string
		msg  string
	}{
		{"a stale list", office, func(ctx context.Context, _ int) error { return w.svc.MoveProblem(ctx, a2.ID, v-1, -1) }, rectify.ECONFLICT, ""},
		{"the unit's editor may not add a finding", as(w.waterEditor), func(ctx context.Context, v int) error {
			_, err := w.svc.AddFinding(ctx, in.ID, v, "丙")
			return err
		}, rectify.EFORBIDDEN, "只有审核人员"},
		{"a reviewer of another unit", as(w.waterReviewer), func(ctx context.Context, v int) error { return w.svc.MoveFinding(ctx, fa.ID, v, 1) }, rectify.EFORBIDDEN, "无权处理"},
		{"a viewer", as(w.viewer), func(ctx context.Context, v int) error { return w.svc.DeleteProblem(ctx, a2.ID, v) }, rectify.EFORBIDDEN, "查看人员"},
		{"a blank finding", office, func(ctx context.Context, v int) error {
			_, err := w.svc.AddFinding(ctx, in.ID, v, "  ")
			return err
		}, rectify.EINVALID, "请填写反馈问题"},
		{"a blank problem", office, func(ctx context.Context, v int) error {
			_, err := w.svc.AddProblem(ctx, workflow.NewProblem{FindingID: fa.ID, Version: v})
			return err
		}, rectify.EINVALID, "请填写问题标题"},
		{"a finding that still holds problems", office, func(ctx context.Context, v int) error { return w.svc.DeleteFinding(ctx, fa.ID, v) }, rectify.ETRANSITION, "还有 2 个具体问题"},
		{"a problem that does not exist", office, func(ctx context.Context, v int) error { return w.svc.DeleteProblem(ctx, 9999, v) }, rectify.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.do(tt.ctx, v), tt.code, tt.msg)
			want("after a refusal", "1乙: 1d | 2甲（改）: 2a 3b")
		})
	}

	ok(t, w.svc.MoveProblem(office, a3.ID, next(), 1))
	ok(t, w.svc.DeleteFinding(office, fb.ID, next()))
	want("emptied finding deleted", "1甲（改）: 1d 2a 3b")
	w.auditClean()
}

func TestProblemListNumberedPerFinding(t *testing.T) {
	w := newWorld(t)
	ctx := rectify.AsSystem(context.Background())
	in := &rectify.Inspection{UnitID: w.water.ID, Team: "县委第一巡察组", Findings: []*rectify.Finding{
		{Number: 1, Title: "甲", Problems: []*rectify.Problem{{Number: 1, Title: "a"}, {Number: 2, Title: "b"}}},
		{Number: 2, Title: "乙", Problems: []*rectify.Problem{{Number: 1, Title: "c"}}},
	}}
	ok(t, w.s.CreateInspection(ctx, in))
	ok(t, w.svc.MoveProblem(as(w.admin), in.Findings[0].Problems[1].ID, in.Version, 1))
	if got := w.problemList(in.ID); got != "1甲: 1a | 2乙: 1b 2c" {
		t.Errorf("list %q: the notice numbered per finding", got)
	}
}

func TestDeleteProblemRefused(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name string
		spec problemSpec
		then func(w *world, p *rectify.Problem)
		code string
		msg  string
	}{
		{"not started", problemSpec{}, nil, "", ""},
		{"in progress without reports", problemSpec{status: rectify.StatusInProgress}, nil, "", ""},
		{"with a progress report", problemSpec{status: rectify.StatusInProgress, evidence: true}, nil, rectify.ETRANSITION, "已填报 1 条整改情况"},
		{"waiting for sign-off", problemSpec{status: rectify.StatusSubmitted}, nil, rectify.ETRANSITION, "已提交销号"},
		{"signed off", problemSpec{status: rectify.StatusCompleted}, nil, rectify.ETRANSITION, "已销号"},
		{"signed off once, reopened", problemSpec{status: rectify.StatusCompleted}, func(w *world, p *rectify.Problem) {
			_, err := w.svc.ChangeStatus(as(w.reviewer), p.ID, workflow.StatusInput{To: rectify.StatusInProgress, Reason: "回头看发现反弹"})
			ok(w.t, err)
		}, rectify.ETRANSITION, "曾于2024年2月1日销号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := w.problem(tt.spec)
			if tt.then != nil {
				tt.then(w, p)
			}
			in, err := w.s.GetInspection(context.Background(), p.InspectionID)
			ok(t, err)
			err = w.svc.DeleteProblem(as(w.admin), p.ID, in.Version)
			wantErr(t, err, tt.code, tt.msg)
			_, err = w.s.GetProblem(context.Background(), p.ID)
			if gone := rectify.ErrorCode(err) == rectify.ENOTFOUND; gone != (tt.code == "") {
				t.Errorf("problem gone: %v, want %v", gone, tt.code == "")
			}
		})
	}
	w.auditClean()
}

// TestDeleteProblemUnlinks: a problem deleted by mistake takes its
// measures and history with it; the rule, the accountability record and
// the public opinion that named it stay, without the link, and the audit
// log agrees with every row.
func TestDeleteProblemUnlinks(t *testing.T) {
	w := newWorld(t)
	ctx := rectify.AsSystem(context.Background())
	p := w.problem(problemSpec{status: rectify.StatusInProgress})
	rule := &rectify.Rule{InspectionID: p.InspectionID, Title: "河道巡查管理办法", Kind: rectify.RuleNew, Date: d("2024-02-01"), ProblemIDs: []int64{p.ID}}
	ok(t, w.s.CreateRule(ctx, rule))
	acc := &rectify.Accountability{InspectionID: p.InspectionID, ProblemID: p.ID, Person: "某某", Form: "约谈", Date: d("2024-02-02"), Reason: "巡查不实"}
	ok(t, w.s.CreateAccountability(ctx, acc))
	pc := &rectify.PublicComment{UnitID: w.water.ID, InspectionID: p.InspectionID, ProblemID: p.ID, Contact: "13800000000", Text: "河道还有采砂船。"}
	ok(t, w.s.CreateComment(ctx, pc))
	in, err := w.s.GetInspection(ctx, p.InspectionID)
	ok(t, err)
	ok(t, w.svc.DeleteProblem(as(w.admin), p.ID, in.Version))
	got, err := w.s.GetRule(ctx, rule.ID)
	ok(t, err)
	if len(got.ProblemIDs) != 0 {
		t.Errorf("the rule still names the problem: %v", got.ProblemIDs)
	}
	c, err := w.s.GetComment(ctx, pc.ID)
	ok(t, err)
	if c.ProblemID != 0 || c.InspectionID != p.InspectionID {
		t.Errorf("the opinion's links: problem %d, inspection %d", c.ProblemID, c.InspectionID)
	}
	if list := w.problemList(p.InspectionID); list != "1贯彻落实上级决策部署有差距:" {
		t.Errorf("list %q", list)
	}
	w.auditClean()
}
