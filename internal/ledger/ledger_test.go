package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
	"github.com/xuri/excelize/v2"
)

var (
	today = rectify.MustDate("2025-09-01")
	ctx   = rectify.AsSystem(context.Background())
)

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fixture stores an invented inspection of a county forestry bureau: two
// findings, three problems (one without measures), five measures, one
// progress report.
func fixture(t *testing.T) (*store.Store, *rectify.Inspection) {
	t.Helper()
	s := testdb.Open(t)
	s.Now = func() time.Time { return time.Date(2025, 8, 1, 9, 0, 0, 0, time.UTC) }
	unit := &rectify.Unit{Name: "中共南岭县林业局党组"}
	ok(t, s.CreateUnit(ctx, unit))
	d := rectify.MustDate
	in := &rectify.Inspection{UnitID: unit.ID, UnitName: "县林业局党组", Team: "县委第一巡察组", Kind: rectify.KindRegular,
		Feedback: d("2025-05-10"), Issuer: "中共南岭县林业局党组",
		Findings: []*rectify.Finding{
			{Number: 1, Title: "森林资源保护责任落实不到位", Problems: []*rectify.Problem{
				{Number: 1, Title: "林地占用审批把关不严", Description: "个别项目未批先占。", Track: rectify.TrackDeadline,
					Leader: "陈刚", OwnerUnit: "资源管理股", Due: d("2025-08-31"), Opened: d("2025-05-10"),
					Measures: []*rectify.Measure{
						{Number: 1, Text: "逐宗核查2023年以来占用林地项目"},
						{Number: 2, Text: "对未批先占项目依法查处", Owner: "森林公安", Due: d("2025-07-31")},
					},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2025-06-01")}}},
				{Number: 2, Title: "护林员管理松散", Track: rectify.TrackLongTerm, Leader: "周丽", OwnerUnit: "护林站", Opened: d("2025-05-10"),
					Measures: []*rectify.Measure{{Number: 1, Group: "巡护记录不实", Text: "推行巡护轨迹电子打卡"}},
					History:  []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2025-07-01")}}},
			}},
			{Number: 2, Title: "作风建设有差距", Problems: []*rectify.Problem{
				{Number: 3, Title: "下乡检查走过场", Description: "检查记录雷同。", Leader: "陈刚", OwnerUnit: "办公室", Due: d("2025-10-31"), Opened: d("2025-05-10"),
					Measures: []*rectify.Measure{{Number: 1, Text: "建立检查记录抽查制度"}, {Number: 2, Text: "对雷同记录责任人约谈"}}},
				{Number: 4, Title: "公务接待不规范", Opened: d("2025-05-10")},
			}},
		}}
	ok(t, s.CreateInspection(ctx, in))
	p1 := in.Findings[0].Problems[0]
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p1.ID, MeasureID: p1.Measures[0].ID, Date: d("2025-07-20"), Text: "已核查42宗。"}, nil))
	return s, in
}

func export(t *testing.T, s *store.Store, f store.LedgerFilter) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := ledger.Export(ctx, s, &b, f, office.LedgerOptions{AsOf: today})
	ok(t, err)
	return b.Bytes()
}

// edit changes cells of a workbook.
func edit(t *testing.T, data []byte, sheet string, cells map[string]any, more ...func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	ok(t, err)
	defer f.Close()
	for cell, v := range cells {
		ok(t, f.SetCellValue(sheet, cell, v))
	}
	for _, m := range more {
		m(f)
	}
	var b bytes.Buffer
	_, err = f.WriteTo(&b)
	ok(t, err)
	return b.Bytes()
}

// snapshot is what a user would see of the record.
func snapshot(t *testing.T, s *store.Store, id int64) string {
	t.Helper()
	var b strings.Builder
	for r, err := range s.LedgerRows(ctx, store.LedgerFilter{InspectionID: id}) {
		ok(t, err)
		b.WriteString(r.Problem.Title + "|" + r.Problem.Description + "|" + string(r.Problem.Status) + r.Problem.Class + "|" + r.Problem.Leader + "|" +
			r.Problem.OwnerUnit + "|" + r.Problem.Due.String() + "|" + string(r.Problem.Track) + "|v" + itoa(r.Problem.Version))
		if r.Measure != nil {
			b.WriteString("|" + r.Measure.Group + r.Measure.Text + "|" + r.Measure.Owner + "|" + r.Measure.Due.String() + "|v" + itoa(r.Measure.Version))
		}
		if r.Progress != nil {
			b.WriteString("|" + r.Progress.Text + "@" + r.Progress.Date.String())
		}
		b.WriteString("\n")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func messages(r *ledger.Report) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Message)
	}
	return out
}

func opts() ledger.ImportOptions {
	return ledger.ImportOptions{Date: today, Author: "台账导入"}
}

// TestRoundTripChangesNothing: a ledger exported and brought back
// unchanged changes nothing.
func TestRoundTripChangesNothing(t *testing.T) {
	s, in := fixture(t)
	before := snapshot(t, s, in.ID)
	for _, f := range []store.LedgerFilter{{InspectionID: in.ID}, {}} {
		rep, err := ledger.Import(ctx, s, flowOf(s), export(t, s, f), opts())
		ok(t, err)
		if len(rep.Changes) > 0 || rep.Applied || len(rep.Errors) > 0 {
			t.Errorf("an unchanged ledger planned %v, errors %v", rep.Changes, messages(rep))
		}
		if rep.Rows != 6 || rep.Unchanged != 6 {
			t.Errorf("%d rows, %d unchanged; want 6 and 6", rep.Rows, rep.Unchanged)
		}
	}
	if after := snapshot(t, s, in.ID); after != before {
		t.Errorf("the record changed:\n%s\n%s", before, after)
	}
}

// TestImportEdits: the changes a unit makes in the exported ledger come back.
func TestImportEdits(t *testing.T) {
	s, in := fixture(t)
	data := edit(t, export(t, s, store.LedgerFilter{InspectionID: in.ID}), office.LedgerSheet, map[string]any{
		"G4":  "完成",                                         // problem 1's status, in one of its two rows
		"H7":  "吴敏",                                         // problem 3's leader
		"J5":  time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC), // measure 2 of problem 1: deadline
		"L5":  "已立案查处3起。",                                   // its progress
		"M5":  time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC),
		"E6":  "关于巡护记录不实的问题：推行巡护轨迹电子打卡，每月通报", // a measure's text
		"L9":  "已制定接待清单。",                    // problem 4 as a whole
		"A11": 9, "C11": "作风建设有差距", "D11": "会议室使用登记缺失。", "E11": "建立会议室预约登记制度", "G11": "整改中",
		"H11": "吴敏", "I11": "办公室", "J11": "2025年底前",
		"E12": "对雷同记录责任人约谈并通报", "D12": "下乡检查走过场。检查记录雷同。", "Q12": 0, // a new measure of problem 3 (no IDs)
	})
	rep, err := ledger.Import(ctx, s, flowOf(s), data, ledger.ImportOptions{Date: today, Author: "台账导入", InspectionID: in.ID})
	ok(t, err)
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %v", messages(rep))
	}
	want := store.LedgerResult{ProblemsUpdated: 1, StatusChanges: 2, MeasuresUpdated: 2, MeasuresAdded: 2, ProblemsAdded: 1, ProgressAdded: 2}
	if rep.Result != want {
		t.Errorf("result %+v, want %+v\nchanges: %v", rep.Result, want, rep.Changes)
	}
	p1, err := s.GetProblem(ctx, in.Findings[0].Problems[0].ID)
	ok(t, err)
	if p1.Status != rectify.StatusCompleted || p1.StatusDate != today || p1.History[len(p1.History)-1].Author != "台账导入" {
		t.Errorf("problem 1: %s on %s", p1.Status, p1.StatusDate)
	}
	if p1.Measures[1].Due != rectify.MustDate("2025-08-15") || p1.Measures[1].Owner != "森林公安" {
		t.Errorf("measure 2: due %s, owner %s", p1.Measures[1].Due, p1.Measures[1].Owner)
	}
	ps, err := s.ListProgress(ctx, p1.ID)
	ok(t, err)
	if len(ps) != 2 || ps[1].Text != "已立案查处3起。" || ps[1].Date != rectify.MustDate("2025-08-20") || ps[1].MeasureID != p1.Measures[1].ID {
		t.Errorf("progress: %+v", ps[len(ps)-1])
	}
	p3, err := s.GetProblem(ctx, in.Findings[1].Problems[0].ID)
	ok(t, err)
	if p3.Leader != "吴敏" || len(p3.Measures) != 3 || p3.Measures[2].Text != "对雷同记录责任人约谈并通报" {
		t.Errorf("problem 3: leader %s, %d measures", p3.Leader, len(p3.Measures))
	}
	p2, err := s.GetProblem(ctx, in.Findings[0].Problems[1].ID)
	ok(t, err)
	if p2.Measures[0].Group != "关于巡护记录不实的问题" || p2.Measures[0].Text != "推行巡护轨迹电子打卡，每月通报" {
		t.Errorf("measure text: %q %q", p2.Measures[0].Group, p2.Measures[0].Text)
	}
	found, _, err := s.ListProblems(ctx, store.ProblemFilter{InspectionID: in.ID, Query: "会议室"})
	ok(t, err)
	if len(found) != 1 || found[0].Status != rectify.StatusInProgress || found[0].Due != rectify.MustDate("2025-12-31") || found[0].Number != 9 {
		t.Fatalf("the new problem: %+v", found)
	}
	// The same workbook again: a problem's cells are merged over its
	// rows, so every row showed the edit, which the record holds now.
	rep, err = ledger.Import(ctx, s, flowOf(s), data, ledger.ImportOptions{Date: today, Author: "台账导入", InspectionID: in.ID})
	if err != nil || rep.Applied {
		t.Errorf("the same workbook again: %v, changes %v", err, rep.Changes)
	}
	// A fresh export brought back changes nothing.
	rep, err = ledger.Import(ctx, s, flowOf(s), export(t, s, store.LedgerFilter{InspectionID: in.ID}), opts())
	ok(t, err)
	if rep.Applied || rep.Unchanged != rep.Rows || rep.Rows != 8 {
		t.Errorf("a fresh export changed %v (%d of %d rows unchanged)", rep.Changes, rep.Unchanged, rep.Rows)
	}
}

// TestImportBadSheet: a bad date, an unknown status and a missing column
// give precise messages and store nothing, unless the good rows are kept.
func TestImportBadSheet(t *testing.T) {
	s, in := fixture(t)
	before := snapshot(t, s, in.ID)
	data := edit(t, export(t, s, store.LedgerFilter{InspectionID: in.ID}), office.LedgerSheet, map[string]any{
		"J5": "明年",  // a bad date
		"G7": "搞定了", // an unknown status
		"H6": "吴敏",  // a good change on another problem's row
		"E3": "备注",  // the measure column is no longer named
	})
	rep, err := ledger.Import(ctx, s, flowOf(s), data, opts())
	if !errors.Is(err, ledger.ErrBadLedger) {
		t.Fatalf("err = %v, want ErrBadLedger", err)
	}
	want := []string{
		"整改台账：缺少“整改措施”列（表头可写作“整改措施”“措施”“整改举措”“具体措施”）",
		"整改台账!J5：整改时限“明年”无法识别为日期",
		"整改台账!G7：整改状态“搞定了”无法识别，应为完成、长期整改、基本完成、待销号、整改中、未完成或未开始",
		"整改台账!G8：整改状态“搞定了”无法识别，应为完成、长期整改、基本完成、待销号、整改中、未完成或未开始", // merged over problem 3's rows
	}
	if got := messages(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
	if after := snapshot(t, s, in.ID); after != before {
		t.Error("a bad ledger changed the record")
	}

	rep, err = ledger.Import(ctx, s, flowOf(s), data, ledger.ImportOptions{Date: today, Author: "台账导入", KeepGood: true})
	ok(t, err)
	if !rep.Applied || rep.Result.ProblemsUpdated != 1 || rep.BadRows != 3 {
		t.Errorf("keep-good: applied %v, %+v, %d bad rows", rep.Applied, rep.Result, rep.BadRows)
	}
	p2, err := s.GetProblem(ctx, in.Findings[0].Problems[1].ID)
	ok(t, err)
	if p2.Leader != "吴敏" {
		t.Errorf("the good row was not applied: %s", p2.Leader)
	}
}

// TestImportConflicts: changes made in the record after the export, rows
// that contradict each other, and moves the workflow forbids.
func TestImportConflicts(t *testing.T) {
	s, in := fixture(t)
	stale := export(t, s, store.LedgerFilter{InspectionID: in.ID})
	p3 := in.Findings[1].Problems[0]
	got, err := s.GetProblem(ctx, p3.ID)
	ok(t, err)
	got.Leader = "孙浩"
	ok(t, s.UpdateProblem(ctx, got)) // someone edits problem 3 after the export
	fresh := export(t, s, store.LedgerFilter{InspectionID: in.ID})
	other := in.Findings[1].Problems[0].Measures[0].ID

	tests := []struct {
		name  string
		data  []byte
		cells map[string]any
		opt   ledger.ImportOptions
		want  []string
		more  func(f *excelize.File)
	}{
		// Both rows of problem 3 show its old leader: either may be an
		// edit, so both are refused.
		{"a stale problem", stale, map[string]any{"D7": "下乡检查流于形式。检查记录雷同。"}, opts(), []string{
			"整改台账!D7：问题3在导出台账后已被修改（版本 1 → 2），请重新导出台账后再修改",
			"整改台账!D8：问题3在导出台账后已被修改（版本 1 → 2），请重新导出台账后再修改"}, nil},
		{"two rows disagree", fresh, map[string]any{}, opts(),
			[]string{"整改台账!G5：与第4行的整改状态“完成”不一致"},
			func(f *excelize.File) {
				ok(t, f.UnmergeCell(office.LedgerSheet, "G4", "G5"))
				ok(t, f.SetCellValue(office.LedgerSheet, "G4", "完成"))
				ok(t, f.SetCellValue(office.LedgerSheet, "G5", "基本完成"))
			}}, // the status written per row
		{"a measure moved to another problem", fresh, map[string]any{"S4": other}, opts(),
			[]string{fmt.Sprintf("整改台账!E4：整改措施（编号 %d）不属于问题1或已被删除；请重新导出台账", other)}, nil},
		{"a deleted problem", fresh, map[string]any{"Q9": 999}, opts(),
			[]string{"整改台账!D9：问题（编号 999）在系统中不存在，可能已被删除；请重新导出台账"}, nil},
		{"a new row without an inspection", fresh, map[string]any{"D11": "新问题", "E11": "新措施"}, opts(),
			[]string{"整改台账!D11：这一行是新增的问题，但没有指定导入到哪次巡察（命令行请加 --inspection 巡察ID）"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, s, in.ID)
			var more []func(f *excelize.File)
			if tt.more != nil {
				more = append(more, tt.more)
			}
			rep, err := ledger.Import(ctx, s, flowOf(s), edit(t, tt.data, office.LedgerSheet, tt.cells, more...), tt.opt)
			if !errors.Is(err, ledger.ErrBadLedger) {
				t.Fatalf("err = %v, want ErrBadLedger; changes %v", err, rep.Changes)
			}
			if got := messages(rep); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
			if after := snapshot(t, s, in.ID); after != before {
				t.Error("the record changed")
			}
		})
	}
}

// TestImportUnitSheet: a unit's own sheet comes into an inspection; brought
// in again, it changes nothing.
func TestImportUnitSheet(t *testing.T) {
	s, in := fixture(t)
	f := excelize.NewFile()
	sh := "Sheet1"
	rows := [][]any{
		{"南岭县林业局巡察整改台账"},
		{"序号", "问题类别", "问题内容", "整改措施", "责任领导", "责任部门", "完成时限", "整改情况", "整改结果"},
		{1, "森林资源保护责任落实不到位", "1．林地占用审批把关不严。个别项目未批先占。", "逐宗核查2023年以来占用林地项目", "陈刚", "资源管理股", "2025-08-31", "已核查42宗。", "整改中"},
		{nil, nil, nil, "建立占用林地项目台账", nil, "资源管理股", "2025/9/30", "", nil},
		{2, "生态修复推进慢", "2．退化林修复进度滞后。", "制定修复计划", "周丽", "造林股", "2025年12月", "计划已报局党组审定", "整改中"},
		{nil, nil, nil, "分片包干推进", "周丽", "各林场", "长期", nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		ok(t, f.SetSheetRow(sh, cell, &r))
	}
	ok(t, f.MergeCell(sh, "A3", "A4"))
	ok(t, f.MergeCell(sh, "B3", "B4"))
	ok(t, f.MergeCell(sh, "C3", "C4"))
	ok(t, f.MergeCell(sh, "E3", "E4"))
	ok(t, f.MergeCell(sh, "I3", "I4"))
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	ok(t, err)

	opt := ledger.ImportOptions{Date: today, Author: "台账导入", InspectionID: in.ID}
	dry := opt
	dry.DryRun = true
	rep, err := ledger.Import(ctx, s, flowOf(s), b.Bytes(), dry)
	ok(t, err)
	if rep.Applied || len(rep.Changes) != 7 {
		t.Errorf("dry run: applied %v, changes %v", rep.Applied, rep.Changes)
	}
	rep, err = ledger.Import(ctx, s, flowOf(s), b.Bytes(), opt)
	ok(t, err)
	// Problem 1 is due when its last open measure is; its first measure
	// keeps the day it had.
	want := store.LedgerResult{ProblemsUpdated: 1, MeasuresUpdated: 1, MeasuresAdded: 3, ProblemsAdded: 1, FindingsAdded: 1, StatusChanges: 1, ProgressAdded: 1}
	if rep.Result != want || len(rep.Errors) > 0 {
		t.Errorf("result %+v, want %+v; errors %v; changes %v", rep.Result, want, messages(rep), rep.Changes)
	}
	loaded, err := s.LoadInspection(ctx, in.ID)
	ok(t, err)
	if n := len(loaded.Findings); n != 3 {
		t.Fatalf("%d findings", n)
	}
	np := loaded.Findings[2].Problems[0]
	if np.Title != "退化林修复进度滞后" || np.Number != 5 || np.Status != rectify.StatusInProgress || len(np.Measures) != 2 ||
		np.Measures[1].Owner != "各林场" || np.Due != rectify.MustDate("2025-12-31") {
		t.Errorf("new problem: %+v", np)
	}
	if p1 := loaded.Findings[0].Problems[0]; len(p1.Measures) != 3 || p1.Measures[2].Due != rectify.MustDate("2025-09-30") ||
		p1.Due != rectify.MustDate("2025-09-30") || p1.Measures[0].Due != rectify.MustDate("2025-08-31") {
		t.Errorf("problem 1 due %s, measures %d", p1.Due, len(p1.Measures))
	}
	rep, err = ledger.Import(ctx, s, flowOf(s), b.Bytes(), opt)
	ok(t, err)
	if rep.Applied || len(rep.Changes) > 0 {
		t.Errorf("the same sheet again changed %v", rep.Changes)
	}
}

func TestImportNotALedger(t *testing.T) {
	s, _ := fixture(t)
	_, err := ledger.Import(ctx, s, flowOf(s), []byte("not a workbook"), opts())
	if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), "不是 Excel 工作簿") {
		t.Errorf("err = %v", err)
	}
	_, err = ledger.Import(ctx, s, flowOf(s), export(t, s, store.LedgerFilter{}), ledger.ImportOptions{Date: today, InspectionID: 999})
	if !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("unknown inspection: %v", err)
	}
}

// TestImportScope: a user may change through a ledger only the inspections
// of their own subtree, whatever ids the sheet names.
func TestImportScope(t *testing.T) {
	s, in := fixture(t)
	other := &rectify.Unit{Name: "中共南岭县水利局党组"}
	ok(t, s.CreateUnit(ctx, other))
	unit, err := s.GetUnit(ctx, in.UnitID)
	ok(t, err)
	editor := &rectify.User{ID: 7, Login: "water", Name: "水利局填报人", Role: rectify.RoleEditor, UnitID: other.ID, ScopePath: other.Path}
	owner := &rectify.User{ID: 8, Login: "forest", Name: "林业局填报人", Role: rectify.RoleEditor, UnitID: unit.ID, ScopePath: unit.Path}
	data := edit(t, export(t, s, store.LedgerFilter{InspectionID: in.ID}), office.LedgerSheet, map[string]any{"H7": "吴敏"})
	before := snapshot(t, s, in.ID)

	tests := []struct {
		name    string
		user    *rectify.User
		opt     ledger.ImportOptions
		wantErr string // error code, or "" for success
		msg     string // a cell message the report must hold
	}{
		{"rows of another unit's inspection", editor, opts(), "", "不在您的管理范围内"},
		{"new rows into another unit's inspection", editor, ledger.ImportOptions{Date: today, Author: "x", InspectionID: in.ID}, rectify.EFORBIDDEN, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := ledger.Import(rectify.WithUser(ctx, tt.user), s, flowOf(s), data, tt.opt)
			if tt.wantErr != "" {
				if rectify.ErrorCode(err) != tt.wantErr {
					t.Fatalf("error %v, want code %s", err, tt.wantErr)
				}
			} else {
				if !errors.Is(err, ledger.ErrBadLedger) {
					t.Fatalf("error %v, want a bad ledger", err)
				}
				if !strings.Contains(strings.Join(messages(rep), "\n"), tt.msg) {
					t.Errorf("messages %v lack %q", messages(rep), tt.msg)
				}
			}
			if after := snapshot(t, s, in.ID); after != before {
				t.Errorf("the record changed:\n%s", after)
			}
		})
	}
	// The bureau's own editor may.
	rep, err := ledger.Import(rectify.WithUser(ctx, owner), s, flowOf(s), data, opts())
	ok(t, err)
	if !rep.Applied {
		t.Errorf("the owner's import was not applied: %v", messages(rep))
	}
}

// closeProblem1 finishes problem 1's measures with evidence and moves it
// to each status of to in turn, as the problem's page would.
func closeProblem1(t *testing.T, s *store.Store, in *rectify.Inspection, to ...rectify.Status) {
	t.Helper()
	d := rectify.MustDate
	p1 := in.Findings[0].Problems[0]
	for _, m := range p1.Measures {
		cur, err := s.GetMeasure(ctx, m.ID)
		ok(t, err)
		cur.Done = d("2025-08-10")
		ok(t, s.UpdateMeasure(ctx, cur))
	}
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p1.ID, Date: d("2025-08-10"), Text: "占用林地项目已全部核查处理。"},
		[]store.EvidenceFile{{Name: "查处决定书.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n")}}))
	p, err := s.GetProblem(ctx, p1.ID)
	ok(t, err)
	for _, st := range to {
		p, err = s.AddStatusChange(ctx, p.ID, p.Version, rectify.StatusChange{Status: st, Date: d("2025-08-11")})
		ok(t, err)
	}
}

// TestImportSignOffRules: a ledger cannot do what the problem's page may
// not: change a problem waiting for sign-off or signed off, or close a
// problem with a measure open or without evidence (an administrator's
// import records what the sheet says, as the import of a notice does).
func TestImportSignOffRules(t *testing.T) {
	const p1Text = "林地占用审批把关不严。个别项目未批先占。"
	tests := []struct {
		name  string
		state []rectify.Status // of problem 1, its measures done with evidence first; nil: as the fixture has it
		actor rectify.Actor
		cells map[string]any
		want  []string // the errors; none: the import applies
	}{
		{"the leader of a problem waiting for sign-off", []rectify.Status{rectify.StatusSubmitted}, rectify.ActorUnit,
			map[string]any{"H4": "吴敏"},
			[]string{"整改台账!H4：问题1：问题已提交销号，等待审核，不能修改问题；如需修改请由审核人员退回", "整改台账!H5：问题1：问题已提交销号，等待审核，不能修改问题；如需修改请由审核人员退回"}},
		{"the leader, as an administrator", []rectify.Status{rectify.StatusSubmitted}, rectify.ActorSystem,
			map[string]any{"H4": "吴敏"},
			[]string{"整改台账!H4：问题1：问题已提交销号，等待审核，不能修改问题；如需修改请由审核人员退回", "整改台账!H5：问题1：问题已提交销号，等待审核，不能修改问题；如需修改请由审核人员退回"}},
		{"a measure's deadline of a signed-off problem", []rectify.Status{rectify.StatusSubmitted, rectify.StatusCompleted}, rectify.ActorReviewer,
			map[string]any{"J5": time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
			[]string{"整改台账!J5：问题1：问题已销号，不能修改整改措施；发现反弹须由审核人员重新打开"}},
		{"a new measure of a signed-off problem", []rectify.Status{rectify.StatusSubmitted, rectify.StatusCompleted}, rectify.ActorUnit,
			map[string]any{"D10": p1Text, "E10": "开展林地执法回头看", "Q10": 0},
			[]string{"整改台账!E10：问题1：问题已销号，不能修改整改措施；发现反弹须由审核人员重新打开"}},
		{"progress on a signed-off problem is recorded", []rectify.Status{rectify.StatusSubmitted, rectify.StatusCompleted}, rectify.ActorUnit,
			map[string]any{"L4": "已对42宗项目建立长效监管台账。"}, nil},
		{"a unit submits with a measure open", nil, rectify.ActorUnit,
			map[string]any{"G4": "待销号"},
			[]string{"整改台账!G4：问题1：还有 2 项整改措施未完成，不能提交销号：①逐宗核查2023年以来占用林地项目；②对未批先占项目依法查处",
				"整改台账!G5：问题1：还有 2 项整改措施未完成，不能提交销号：①逐宗核查2023年以来占用林地项目；②对未批先占项目依法查处"}},
		{"a unit submits without evidence", nil, rectify.ActorUnit,
			map[string]any{"G9": "待销号"},
			[]string{"整改台账!G9：问题4：没有任何证明材料，不能提交销号：请在整改情况中上传照片、会议纪要、合同、票据等材料"}},
		{"a unit submits with its measures done and evidence", []rectify.Status{rectify.StatusInProgress}, rectify.ActorUnit,
			map[string]any{"G4": "待销号"}, nil},
		{"a reviewer signs off a submitted problem", []rectify.Status{rectify.StatusSubmitted}, rectify.ActorReviewer,
			map[string]any{"G4": "完成"}, nil},
		{"a measure added after the row that submits", []rectify.Status{rectify.StatusInProgress}, rectify.ActorUnit,
			map[string]any{"G4": "待销号", "D10": p1Text, "E10": "开展林地执法回头看", "Q10": 0},
			[]string{"整改台账!E10：问题1在第4行改为“待销号”，不能再新增未完成的整改措施"}},
		{"an administrator records a closure", nil, rectify.ActorSystem,
			map[string]any{"G9": "完成"}, nil},
		{"a unit sets 基本完成 on a problem not started", nil, rectify.ActorUnit,
			map[string]any{"G7": "基本完成"}, nil},
		{"a unit sets 未完成 on a problem not started", nil, rectify.ActorUnit,
			map[string]any{"G9": "未完成"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, in := fixture(t)
			if tt.state != nil {
				closeProblem1(t, s, in, tt.state...)
			}
			before := snapshot(t, s, in.ID)
			data := edit(t, export(t, s, store.LedgerFilter{InspectionID: in.ID}), office.LedgerSheet, tt.cells)
			rep, err := ledger.Import(ctx, s, flowOf(s), data, ledger.ImportOptions{Date: today, Author: "郑填报", InspectionID: in.ID, Actor: tt.actor})
			if tt.want == nil {
				ok(t, err)
				if !rep.Applied {
					t.Errorf("nothing applied: %v", rep.Changes)
				}
				return
			}
			if !errors.Is(err, ledger.ErrBadLedger) {
				t.Fatalf("err = %v, want ErrBadLedger", err)
			}
			if got := messages(rep); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
			if after := snapshot(t, s, in.ID); after != before {
				t.Errorf("a refused ledger changed the record:\n%s\n%s", before, after)
			}
		})
	}
}

// flowOf returns the use cases on s, on the day of the imports.
func flowOf(s *store.Store) *workflow.Service {
	f := workflow.New(s)
	f.Now = func() time.Time { return today.Time().Add(9 * time.Hour) }
	return f
}

// TestImportSideEffects: a problem signed off through a ledger gets its
// look-back, and one reopened through a ledger counts its rebound — the
// same assertions as the page path (testdb.WantSignedOff, WantRebound),
// for a reviewer's import and an administrator's command-line import.
func TestImportSideEffects(t *testing.T) {
	tests := []struct {
		name  string
		state []rectify.Status
		actor rectify.Actor
		to    string
		want  func(t testing.TB, s *store.Store, problemID int64, day rectify.Date)
	}{
		{"a reviewer signs off", []rectify.Status{rectify.StatusSubmitted}, rectify.ActorReviewer, "完成", testdb.WantSignedOff},
		{"an administrator records a sign-off", []rectify.Status{rectify.StatusInProgress}, rectify.ActorSystem, "完成", testdb.WantSignedOff},
		{"a reviewer reopens", []rectify.Status{rectify.StatusSubmitted, rectify.StatusCompleted}, rectify.ActorReviewer, "整改中", testdb.WantRebound},
		{"an administrator records a reopening", []rectify.Status{rectify.StatusSubmitted, rectify.StatusCompleted}, rectify.ActorSystem, "整改中", testdb.WantRebound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, in := fixture(t)
			closeProblem1(t, s, in, tt.state...)
			data := edit(t, export(t, s, store.LedgerFilter{InspectionID: in.ID}), office.LedgerSheet, map[string]any{"G4": tt.to})
			rep, err := ledger.Import(ctx, s, flowOf(s), data, ledger.ImportOptions{Date: today, Author: "郑填报", InspectionID: in.ID, Actor: tt.actor})
			ok(t, err)
			if !rep.Applied || rep.Result.StatusChanges != 1 {
				t.Fatalf("applied %v, result %+v, changes %v", rep.Applied, rep.Result, rep.Changes)
			}
			tt.want(t, s, in.Findings[0].Problems[0].ID, today)
		})
	}
}
