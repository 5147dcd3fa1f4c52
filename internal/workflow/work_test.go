package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// One report carries out the last measure, brings its evidence and submits
// the problem: the closure rules see all of it, in one transaction.
func TestProgressDoneAndSubmittedAtOnce(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1})
	unit := as(w.waterEditor)
	pr, err := w.svc.AddProgress(unit, workflow.ProgressInput{ProblemID: p.ID, MeasureID: p.Measures[1].ID, MeasureDone: true,
		Text:   "1至2月抽查巡查记录46份，通报不合格记录5份，相关人员已约谈。",
		Files:  []store.EvidenceFile{{Name: "抽查通报.pdf", Data: []byte("%PDF")}},
		Status: workflow.StatusInput{To: rectify.StatusSubmitted}})
	ok(t, err)
	if pr.ID == 0 || pr.Author != "张伟" || pr.Date != w.today() || len(pr.Evidence) != 1 {
		t.Errorf("report %+v", pr)
	}
	got, err := w.s.GetProblem(context.Background(), p.ID)
	ok(t, err)
	if got.Status != rectify.StatusSubmitted || got.Measures[1].Done != w.today() {
		t.Errorf("status %s, measure done %s", got.Status, got.Measures[1].Done)
	}
}

// A refused status change stores nothing of the report either.
func TestProgressAllOrNothing(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, open: 2})
	_, err := w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Text: "已完成全部整改。",
		Files: []store.EvidenceFile{{Name: "照片.jpg", Data: []byte("jpeg")}}, Status: workflow.StatusInput{To: rectify.StatusSubmitted}})
	wantErr(t, err, rectify.ETRANSITION, "还有 2 项整改措施未完成")
	reports, err := w.s.ListProgress(context.Background(), p.ID)
	ok(t, err)
	if len(reports) != 0 {
		t.Errorf("%d reports stored by a refused change", len(reports))
	}
}

func TestProgressRules(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress})
	other := w.problem(problemSpec{status: rectify.StatusInProgress, title: "农村供水站水质检测不按频次开展"})
	submitted := w.problem(problemSpec{status: rectify.StatusSubmitted, evidence: true, title: "公务用车管理不规范"})
	tests := []struct {
		name string
		user *rectify.User
		in   workflow.ProgressInput
		code string
		msg  string
	}{
		{"empty text", w.waterEditor, workflow.ProgressInput{ProblemID: p.ID}, rectify.EINVALID, "请填写整改情况"},
		{"tomorrow", w.waterEditor, workflow.ProgressInput{ProblemID: p.ID, Text: "x", Date: d("2024-03-02")}, rectify.EINVALID, "发生日期（2024年3月2日）不能晚于今天"},
		{"measure of another problem", w.waterEditor, workflow.ProgressInput{ProblemID: p.ID, MeasureID: other.Measures[0].ID, Text: "x"},
			rectify.EINVALID, "整改措施不属于该问题"},
		{"file without a name", w.waterEditor, workflow.ProgressInput{ProblemID: p.ID, Text: "x", Files: []store.EvidenceFile{{Data: []byte("x")}}},
			rectify.EINVALID, "证明材料缺少文件名"},
		{"viewer", w.viewer, workflow.ProgressInput{ProblemID: p.ID, Text: "x"}, rectify.EFORBIDDEN, ""},
		{"another bureau", w.transportEditor, workflow.ProgressInput{ProblemID: p.ID, Text: "x"}, rectify.EFORBIDDEN, ""},
		{"measure of a submitted problem", w.waterEditor, workflow.ProgressInput{ProblemID: submitted.ID, MeasureID: submitted.Measures[0].ID,
			MeasureDone: true, Text: "x"}, rectify.ETRANSITION, "问题已提交销号"},
		{"more on a submitted problem", w.waterEditor, workflow.ProgressInput{ProblemID: submitted.ID, Text: "补充现场照片。"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.svc.AddProgress(as(tt.user), tt.in)
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

// Work recorded on a problem not started starts it: no one need say so.
func TestWorkStartsAProblem(t *testing.T) {
	w := newWorld(t)
	unit := as(w.waterEditor)
	a := w.problem(problemSpec{open: 2})
	ok(t, w.svc.MarkMeasureDone(unit, a.Measures[0].ID, rectify.Date{}))
	b := w.problem(problemSpec{open: 2, title: "农村供水站水质检测不按频次开展"})
	_, err := w.svc.AddProgress(unit, workflow.ProgressInput{ProblemID: b.ID, Text: "对12个乡镇供水站开展水质抽检。"})
	ok(t, err)
	c := w.problem(problemSpec{open: 2, title: "公务用车管理不规范"})
	_, err = w.svc.AddProgress(as(w.reviewer), workflow.ProgressInput{ProblemID: c.ID, Text: "巡察办现场督导。"})
	ok(t, err)
	for _, x := range []struct {
		name string
		id   int64
		want rectify.Status
	}{{"a measure done", a.ID, rectify.StatusInProgress}, {"a report", b.ID, rectify.StatusInProgress},
		{"a reviewer's note starts nothing", c.ID, rectify.StatusNotStarted}} {
		if got := w.status(x.id); got != x.want {
			t.Errorf("%s: %s, want %s", x.name, got, x.want)
		}
	}
	wantErr(t, w.svc.MarkMeasureDone(unit, a.Measures[1].ID, d("2024-03-05")), rectify.EINVALID, "完成日期（2024年3月5日）不能晚于今天")
	ok(t, w.svc.ReopenMeasure(unit, a.Measures[0].ID))
	m, err := w.s.GetMeasure(context.Background(), a.Measures[0].ID)
	ok(t, err)
	if !m.Done.IsZero() {
		t.Errorf("reopened measure done %s", m.Done)
	}
}

// Accountability and rules are recorded in scope and counted.
func TestAccountabilityAndRules(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress})
	before := w.indicators(w.today())
	a := &rectify.Accountability{InspectionID: p.InspectionID, ProblemID: p.ID, Person: "李某", Form: "约谈", Date: d("2024-02-20"),
		Reason: "河道巡查记录弄虚作假"}
	ok(t, w.svc.RecordAccountability(as(w.reviewer), a))
	r := &rectify.Rule{InspectionID: p.InspectionID, Title: "青石县河道采砂巡查管理办法", Kind: rectify.RuleNew, Date: d("2024-02-25"),
		ProblemIDs: []int64{p.ID}}
	ok(t, w.svc.RecordRule(as(w.waterEditor), r))
	after := w.indicators(w.today())
	if after.Accountability != before.Accountability+1 || after.Rules != before.Rules+1 {
		t.Errorf("accountability %d → %d, rules %d → %d", before.Accountability, after.Accountability, before.Rules, after.Rules)
	}
	if early := w.indicators(d("2024-02-21")); early.Accountability != 1 || early.Rules != 0 {
		t.Errorf("as of 2024-02-21: accountability %d, rules %d", early.Accountability, early.Rules)
	}
	for _, c := range []struct {
		name string
		err  error
		code string
	}{
		{"viewer", w.svc.RecordRule(as(w.viewer), &rectify.Rule{InspectionID: p.InspectionID, Title: "x", Kind: rectify.RuleNew, Date: d("2024-02-01")}), rectify.EFORBIDDEN},
		{"another bureau", w.svc.RecordAccountability(as(w.transportEditor), &rectify.Accountability{InspectionID: p.InspectionID,
			Person: "x", Form: "通报", Date: d("2024-02-01"), Reason: "x"}), rectify.EFORBIDDEN},
		{"missing form", w.svc.RecordAccountability(as(w.reviewer), &rectify.Accountability{InspectionID: p.InspectionID,
			Person: "x", Date: d("2024-02-01"), Reason: "x"}), rectify.EINVALID},
		{"future rule", w.svc.RecordRule(as(w.waterEditor), &rectify.Rule{InspectionID: p.InspectionID, Title: "x", Kind: rectify.RuleRevised,
			Date: d("2024-04-01")}), rectify.EINVALID},
		{"no such inspection", w.svc.RecordRule(as(w.waterEditor), &rectify.Rule{InspectionID: 9999, Title: "x", Kind: rectify.RuleNew,
			Date: d("2024-02-01")}), rectify.ENOTFOUND},
	} {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.err, c.code, "") })
	}
}

// The problem's page shows who changed what, when, before and after.
func TestHistory(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1})
	unit, rev := as(w.waterEditor), as(w.reviewer)
	_, err := w.svc.AddProgress(unit, workflow.ProgressInput{ProblemID: p.ID, MeasureID: p.Measures[1].ID, MeasureDone: true,
		Text: "抽查巡查记录46份。", Files: []store.EvidenceFile{{Name: "抽查表.xlsx", Data: []byte("x")}},
		Status: workflow.StatusInput{To: rectify.StatusSubmitted}})
	ok(t, err)
	ok(t, w.svc.Reject(rev, p.ID, "抽查比例偏低"))
	hist, err := w.svc.History(unit, p.ID)
	ok(t, err)
	var lines []string
	for _, it := range hist {
		if it.Actor != "系统" {
			lines = append(lines, it.Actor+"："+it.Summary)
		}
	}
	same(t, "history", lines, []string{
		"张伟：填报整改情况：抽查巡查记录46份。",
		"张伟：上传证明材料“抽查表.xlsx”",
		"张伟：记录整改数字：抽查巡查记录 46 份",
		"张伟：整改措施已完成（2024-03-01）",
		"张伟：状态改为“待销号”",
		"张伟：问题的当前状态随之更新",
		"刘审核：状态改为“整改中”：退回：抽查比例偏低",
		"刘审核：问题的当前状态随之更新",
	})
	last := hist[len(hist)-1]
	var status workflow.Change
	for _, c := range last.Changes {
		if c.Field == "status" {
			status = c
		}
	}
	if status.Label != "状态" || status.Before != "待销号" || status.After != "整改中" {
		t.Errorf("status change shown as %+v", status)
	}
	if !strings.Contains(hist[0].Summary, "新建问题") || hist[0].Actor != "系统" {
		t.Errorf("first item %+v", hist[0])
	}
	_, err = w.svc.History(as(w.transportEditor), p.ID)
	wantErr(t, err, rectify.EFORBIDDEN, "")
}

// TestEvidenceQuota: a unit's evidence may take its office's quota
// (证明材料容量上限) and no more; a report past it is refused with the sizes
// named and nothing stored; another unit is not held by it.
func TestEvidenceQuota(t *testing.T) {
	w := newWorld(t)
	ctx := as(w.admin)
	ok(t, w.svc.SetSetting(ctx, w.water.ID, workflow.SettingEvidenceQuota, "1"))
	p := w.problem(problemSpec{status: rectify.StatusInProgress})
	file := func(kb int) []store.EvidenceFile {
		return []store.EvidenceFile{{Name: "现场照片.png", ContentType: "image/png", Data: make([]byte, kb<<10)}}
	}
	_, err := w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Text: "已清理河道。", Files: file(600)})
	ok(t, err)
	_, err = w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Text: "又清理一段。", Files: file(600)})
	msg := rectify.ErrorFields(err)["files"]
	if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(msg, "将超过上限 1.0 MB") || !strings.Contains(msg, "已有 0.6 MB") {
		t.Fatalf("a report past the quota: %v (%q)", err, msg)
	}
	reports, err := w.s.ListProgress(context.Background(), p.ID)
	ok(t, err)
	if len(reports) != 1 {
		t.Errorf("%d reports stored, want the first only", len(reports))
	}
	// A report without files is not held by the quota.
	_, err = w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Text: "完成验收。"})
	ok(t, err)
	// Another unit has its own (the default).
	q := w.problem(problemSpec{unit: w.transport, status: rectify.StatusInProgress})
	_, err = w.svc.AddProgress(as(w.transportEditor), workflow.ProgressInput{ProblemID: q.ID, Text: "已整改。", Files: file(600)})
	ok(t, err)
}
