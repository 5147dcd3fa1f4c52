package ledger_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/xuri/excelize/v2"
)

// unitSheet writes a unit's own ledger as units keep it: a title, then
// 序号/问题/整改措施/责任单位/责任领导/整改时限/整改类型/整改状态/完成时间/
// 整改情况 in that order, the problem's cells merged over its measures
// (merge: pairs of cells).
func unitSheet(t *testing.T, rows [][]any, merge ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"县林业局巡察整改工作台账"},
		{"序号", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "整改类型", "整改状态", "完成时间", "整改情况"}}, rows...)
	for i, r := range all {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		ok(t, err)
		ok(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	for i := 0; i+1 < len(merge); i += 2 {
		ok(t, f.MergeCell("Sheet1", merge[i], merge[i+1]))
	}
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	ok(t, err)
	return b.Bytes()
}

// TestUnitSheet: a unit's own sheet sets what its columns say at the level
// of the problem, dates statuses and completions on the sheet's days, and
// turns a 已完成 the unit may not set into a submission (or says why not).
// Today is 2025-09-01; the feedback was on 2025-05-10. Problem 1 is in
// progress since 2025-06-01, problems 3 and 4 have not started.
func TestUnitSheet(t *testing.T) {
	d := rectify.MustDate
	const p1, p3, p4 = "林地占用审批把关不严", "下乡检查走过场", "公务接待不规范"
	problem := func(t *testing.T, s *store.Store, in *rectify.Inspection, title string) *rectify.Problem {
		t.Helper()
		loaded, err := s.LoadInspection(ctx, in.ID)
		ok(t, err)
		for _, f := range loaded.Findings {
			for _, p := range f.Problems {
				if p.Title == title {
					return p
				}
			}
		}
		t.Fatalf("no problem %q", title)
		return nil
	}
	changed := func(rep *ledger.Report, kind, text string) bool {
		for _, c := range rep.Changes {
			if c.Kind == kind && strings.Contains(c.Text, text) {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name   string
		closed bool // problem 1's measures done with evidence first
		actor  rectify.Actor
		rows   [][]any
		merge  []string
		errors []string // the bad cells; none: the import applies
		check  func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report)
	}{
		{name: "已完成 with evidence is a submission on its day", closed: true, actor: rectify.ActorUnit,
			rows: [][]any{{1, p1, "逐宗核查2023年以来占用林地项目", "资源管理股", "陈刚", "2025-08-31", "限期整改", "已完成", "2025-08-20", "已全部核查处理。"}},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, p1)
				if p.Status != rectify.StatusSubmitted || p.StatusDate != d("2025-08-20") {
					t.Errorf("status %s on %s, want submitted on 2025-08-20", p.Status, p.StatusDate)
				}
				if !changed(rep, "status", "作为提交销号等待审核") {
					t.Errorf("the preview does not say why: %v", rep.Changes)
				}
			}},
		{name: "已完成 without evidence records the work and says why", actor: rectify.ActorUnit,
			rows: [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "2025-10-31", "限期整改", "已完成", "2025-08-15", "已印发抽查制度。"},
				{nil, nil, "对雷同记录责任人约谈", "办公室", nil, "2025-10-31", nil, nil, nil, nil}},
			merge: []string{"A3", "A4", "B3", "B4", "E3", "E4", "G3", "G4", "H3", "H4", "I3", "I4"},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, p3)
				if p.Status != rectify.StatusInProgress || p.StatusDate != d("2025-08-15") {
					t.Errorf("status %s on %s, want in progress since 2025-08-15", p.Status, p.StatusDate)
				}
				for _, m := range p.Measures {
					if m.Done != d("2025-08-15") {
						t.Errorf("measure %d done %s, want 2025-08-15", m.Number, m.Done)
					}
				}
				if !changed(rep, "note", "没有任何证明材料") {
					t.Errorf("the preview does not say why it is not submitted: %v", rep.Changes)
				}
			}},
		{name: "基本完成 from 未开始, with the problem's unit and leader", actor: rectify.ActorUnit,
			rows: [][]any{{4, p4, nil, "综合股", "李明", nil, nil, "基本完成", nil, nil}},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, p4)
				if p.Status != rectify.StatusMostlyCompleted || p.OwnerUnit != "综合股" || p.Leader != "李明" {
					t.Errorf("status %s, unit %q, leader %q", p.Status, p.OwnerUnit, p.Leader)
				}
				if !changed(rep, "status", "先记为“整改中”") {
					t.Errorf("the preview does not say the problem is started first: %v", rep.Changes)
				}
			}},
		{name: "deadlines per measure make the problem's: the latest still open", actor: rectify.ActorUnit,
			rows: [][]any{{4, p4, "制定公务接待清单", "综合股", "李明", "2025-07-31", "限期整改", "整改中", nil, nil},
				{nil, nil, "开展接待费用自查", "财务股", nil, "2025-08-20", nil, nil, nil, nil}},
			merge: []string{"A3", "A4", "B3", "B4", "E3", "E4", "G3", "G4", "H3", "H4"},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, p4)
				if p.Due != d("2025-08-20") || p.OwnerUnit != "综合股" || p.Track != rectify.TrackDeadline || len(p.Measures) != 2 {
					t.Errorf("due %s, unit %q, track %q, %d measures", p.Due, p.OwnerUnit, p.Track, len(p.Measures))
				}
				if p.Measures[1].Owner != "财务股" || p.Measures[0].Due != d("2025-07-31") {
					t.Errorf("measures %+v %+v", p.Measures[0], p.Measures[1])
				}
				if l := rectify.LightOf(d("2025-09-01"), p.Status, p.Due, p.NextMilestone, rectify.DefaultWarnDays); l != rectify.LightRed {
					t.Errorf("light %s, want red", l)
				}
			}},
		{name: "an administrator's 已完成 is recorded and its look-back scheduled", actor: rectify.ActorSystem,
			rows: [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "2025-10-31", "限期整改", "已完成", "2025-08-15", "已印发抽查制度。"},
				{nil, nil, "对雷同记录责任人约谈", "办公室", nil, "2025-10-31", nil, nil, nil, nil}},
			merge: []string{"A3", "A4", "B3", "B4", "E3", "E4", "G3", "G4", "H3", "H4", "I3", "I4"},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				testdb.WantSignedOff(t, s, problem(t, s, in, p3).ID, d("2025-08-15"))
			}},
		{name: "a new problem said done is recorded in progress, and the preview says why", actor: rectify.ActorUnit,
			rows: [][]any{{5, "会议室使用登记缺失", "建立会议室预约登记制度", "办公室", "吴敏", "2025-08-31", "立行立改", "已完成", "2025-08-28", "制度已印发。"}},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, "会议室使用登记缺失")
				if p.Status != rectify.StatusInProgress || p.StatusDate != d("2025-08-28") || p.Measures[0].Done != d("2025-08-28") {
					t.Errorf("status %s on %s, measure done %s", p.Status, p.StatusDate, p.Measures[0].Done)
				}
				if !changed(rep, "note", "先记为“整改中”") {
					t.Errorf("the preview does not say why: %v", rep.Changes)
				}
			}},
		{name: "长期整改 with its deadline as the next milestone", actor: rectify.ActorUnit,
			rows: [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "2025-12-31", "长期整改", "长期整改", nil, nil}},
			check: func(t *testing.T, s *store.Store, in *rectify.Inspection, rep *ledger.Report) {
				p := problem(t, s, in, p3)
				if p.Status != rectify.StatusLongTerm || p.NextMilestone != d("2025-12-31") {
					t.Errorf("status %s, next milestone %s", p.Status, p.NextMilestone)
				}
			}},
		{name: "长期整改 without a next milestone", actor: rectify.ActorUnit,
			rows:   [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "长期", "长期整改", "长期整改", nil, nil}},
			errors: []string{"Sheet1!F3：转为长期整改须写明下一个节点：请在整改时限一栏填写不早于2025年9月1日的日期"}},
		{name: "完成时间 before the feedback", actor: rectify.ActorUnit,
			rows:   [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "2025-10-31", "限期整改", "已完成", "2025-05-01", nil}},
			errors: []string{"Sheet1!I3：完成时间（2025年5月1日）不能早于巡察反馈日期（2025年5月10日）"}},
		{name: "完成时间 after today", actor: rectify.ActorUnit,
			rows:   [][]any{{3, p3, "建立检查记录抽查制度", "办公室", "陈刚", "2025-10-31", "限期整改", "整改中", "2025-09-02", nil}},
			errors: []string{"Sheet1!I3：完成时间（2025年9月2日）不能晚于2025年9月1日"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, in := fixture(t)
			if tt.closed {
				closeProblem1(t, s, in)
			}
			before := snapshot(t, s, in.ID)
			rep, err := ledger.Import(ctx, s, flowOf(s), unitSheet(t, tt.rows, tt.merge...),
				ledger.ImportOptions{Date: today, Author: "郑填报", InspectionID: in.ID, Actor: tt.actor})
			if tt.errors != nil {
				if !errors.Is(err, ledger.ErrBadLedger) {
					t.Fatalf("err = %v, want ErrBadLedger", err)
				}
				if got := messages(rep); !reflect.DeepEqual(got, tt.errors) {
					t.Errorf("errors:\n got %q\nwant %q", got, tt.errors)
				}
				if after := snapshot(t, s, in.ID); after != before {
					t.Errorf("a refused sheet changed the record")
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %q", err, messages(rep))
			}
			if !rep.Applied {
				t.Fatalf("nothing applied: %v %v", rep.Changes, messages(rep))
			}
			tt.check(t, s, in, rep)
			// The same sheet again changes nothing.
			again, err := ledger.Import(ctx, s, flowOf(s), unitSheet(t, tt.rows, tt.merge...),
				ledger.ImportOptions{Date: today, Author: "郑填报", InspectionID: in.ID, Actor: tt.actor, DryRun: true})
			ok(t, err)
			for _, c := range again.Changes {
				if c.Kind != "note" {
					t.Errorf("the same sheet again would change: %v", again.Changes)
					break
				}
			}
		})
	}
}
