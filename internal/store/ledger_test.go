package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// ledgerRow is what a test reads of a ledger row.
type ledgerRow struct {
	Problem  string
	Measure  string
	Progress string
	Evidence int
}

func readLedger(t *testing.T, s *store.Store, f store.LedgerFilter) ([]ledgerRow, []*store.LedgerRow) {
	t.Helper()
	var out []ledgerRow
	var raw []*store.LedgerRow
	for r, err := range s.LedgerRows(context.Background(), f) {
		ok(t, err)
		lr := ledgerRow{Problem: r.Problem.Title, Evidence: r.Evidence}
		if r.Measure != nil {
			lr.Measure = r.Measure.Text
		}
		if r.Progress != nil {
			lr.Progress = r.Progress.Text
		}
		out = append(out, lr)
		raw = append(raw, r)
	}
	return out, raw
}

// ledgerFixture stores the county's two inspections, a problem without
// measures, and progress on a measure and on a whole problem.
func ledgerFixture(t *testing.T) (*store.Store, county, *rectify.Inspection, *rectify.Inspection) {
	t.Helper()
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	water.Findings[2].Problems = append(water.Findings[2].Problems,
		&rectify.Problem{Number: 6, Title: "党员发展程序不严谨", Opened: d("2023-07-10")})
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))

	p1 := water.Findings[0].Problems[0]
	// On measure ①: two reports, the later one wins; on the whole problem: one.
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p1.ID, MeasureID: p1.Measures[0].ID, Date: d("2023-08-10"), Text: "已清理砂场3处。"},
		[]store.EvidenceFile{{Name: "现场照片.jpg", Data: []byte("jpg")}}))
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p1.ID, MeasureID: p1.Measures[0].ID, Date: d("2023-09-01"), Text: "巡查台账已建立。"},
		[]store.EvidenceFile{{Name: "台账.xlsx", Data: []byte("x")}, {Name: "通知.pdf", Data: []byte("p")}}))
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p1.ID, Date: d("2023-08-20"), Text: "召开专题会议部署整治。"},
		[]store.EvidenceFile{{Name: "会议纪要.docx", Data: []byte("d")}}))
	return s, c, water, transport
}

func TestLedgerRows(t *testing.T) {
	s, c, water, transport := ledgerFixture(t)
	all, raw := readLedger(t, s, store.LedgerFilter{})
	if len(all) != 11+2 {
		t.Fatalf("%d rows, want 13 (10 measures and a problem without measures, then 2 measures)", len(all))
	}
	same(t, "the first problem's rows", all[:2], []ledgerRow{
		// measure ①: its own latest report is later than the problem's;
		// its evidence: its two reports (3 files) and the problem's (1).
		{"河道采砂整治推进迟缓", "开展河道采砂专项清理行动，建立日常巡查台账。", "巡查台账已建立。", 4},
		// measure ②: only the report on the whole problem concerns it.
		{"河道采砂整治推进迟缓", "对巡查记录逐月抽查并通报结果。", "召开专题会议部署整治。", 1},
	})
	same(t, "the problem without measures", all[10], ledgerRow{Problem: "党员发展程序不严谨"})
	same(t, "the other inspection last", all[11].Problem, "道路养护资金使用不规范")

	first := raw[0]
	same(t, "inspection", []any{first.Inspection.ID, first.Inspection.Team, first.Inspection.UnitName}, []any{water.ID, "县委第二巡察组", "中共青石县水务局党组"})
	same(t, "finding", []any{first.Finding.Number, first.Finding.Title}, []any{1, "贯彻落实上级决策部署有差距"})
	same(t, "problem", []any{first.Problem.Status, first.Problem.Leader, first.Problem.OwnerUnit, first.Problem.Due, first.Problem.Version},
		[]any{rectify.StatusCompleted, "李明", "河湖管理股", d("2023-10-31"), 1})
	same(t, "measure", []any{first.Measure.ID, first.Measure.Owner, first.Measure.Due, first.Measure.Version},
		[]any{water.Findings[0].Problems[0].Measures[0].ID, "张伟", d("2023-09-30"), 1})
	if raw[0].Problem != raw[1].Problem || raw[0].Inspection != raw[12].Inspection && raw[0].Inspection.ID == raw[12].Inspection.ID {
		t.Error("rows of one problem do not share it")
	}

	tests := []struct {
		name string
		f    store.LedgerFilter
		want int
	}{
		{"one inspection", store.LedgerFilter{InspectionID: transport.ID}, 2},
		{"one unit", store.LedgerFilter{UnitID: c.water.ID}, 11},
		{"a subtree", store.LedgerFilter{ScopePath: c.water.Path}, 11},
		{"the whole county", store.LedgerFilter{ScopePath: c.root.Path}, 13},
		{"a unit without inspections", store.LedgerFilter{UnitID: c.station.ID}, 0},
		{"no such inspection", store.LedgerFilter{InspectionID: 999}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _ := readLedger(t, s, tt.f)
			if len(rows) != tt.want {
				t.Errorf("%d rows, want %d", len(rows), tt.want)
			}
		})
	}

	// A loop that stops early ends the read cleanly.
	n := 0
	for _, err := range s.LedgerRows(context.Background(), store.LedgerFilter{}) {
		ok(t, err)
		if n++; n == 3 {
			break
		}
	}
	ok(t, s.CreateMeasure(rectify.AsSystem(context.Background()), &rectify.Measure{ProblemID: water.Findings[0].Problems[0].ID, Number: 3, Text: "读取结束后仍可写入。"}))
}

func TestApplyLedger(t *testing.T) {
	s, _, water, _ := ledgerFixture(t)
	ctx := rectify.AsSystem(context.Background())
	p1 := water.Findings[0].Problems[0] // completed, 2 measures
	p4 := water.Findings[1].Problems[1] // not started, no history
	fields := *p4
	fields.Leader, fields.Due = "钱进", d("2024-01-31")
	newMeasure := &rectify.Measure{ProblemID: p4.ID, Number: 3, Text: "车辆加装定位设备。", Due: d("2023-12-31")}
	newProblem := &rectify.Problem{Title: "防汛物资储备不足", Description: "部分仓库物资过期未更新。", Track: rectify.TrackDeadline,
		Measures: []*rectify.Measure{{Number: 1, Text: "全面清点防汛物资。"}, {Number: 2, Text: "补充采购过期物资。"}},
		History:  []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-01-15"), Author: "台账导入"}}}
	m := *p1.Measures[1]
	m.Text = "对巡查记录每月抽查，结果在局内通报。"
	res, err := s.ApplyLedger(ctx, &store.LedgerChanges{
		Problems: []store.LedgerProblemChange{
			{ID: p4.ID, Version: p4.Version, Fields: &fields,
				Status: &rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-01-15"), Author: "台账导入", Text: "整改中"}},
		},
		Measures:    []*rectify.Measure{&m},
		NewMeasures: []*rectify.Measure{newMeasure},
		NewProblems: []store.LedgerNewProblem{
			{InspectionID: water.ID, FindingTitle: "安全生产责任落实不到位", Problem: newProblem},
			{InspectionID: water.ID, FindingID: water.Findings[0].ID, Problem: &rectify.Problem{Title: "水资源费征收不到位"}},
		},
		Progress: []store.LedgerProgress{
			{Progress: &rectify.Progress{ProblemID: p4.ID, MeasureID: p4.Measures[0].ID, Date: d("2024-01-15"), Text: "登记制度已印发。", Author: "台账导入"}},
			{Progress: &rectify.Progress{Date: d("2024-01-16"), Text: "定位设备已采购。"}, NewMeasure: newMeasure},
			{Progress: &rectify.Progress{Date: d("2024-01-16"), Text: "物资已清点完毕。"}, NewMeasure: newProblem.Measures[0]},
			{Progress: &rectify.Progress{Date: d("2024-01-17"), Text: "专题会议已部署。"}, NewProblem: newProblem},
		},
	})
	ok(t, err)
	same(t, "result", res, store.LedgerResult{ProblemsUpdated: 1, StatusChanges: 1, MeasuresUpdated: 1, MeasuresAdded: 3,
		ProblemsAdded: 2, FindingsAdded: 1, ProgressAdded: 4})
	if newMeasure.ID == 0 || newProblem.ID == 0 || newProblem.Measures[1].ID == 0 || newProblem.Number != 7 {
		t.Errorf("IDs not set: measure %d, problem %d (number %d)", newMeasure.ID, newProblem.ID, newProblem.Number)
	}

	got, err := s.GetProblem(ctx, p4.ID)
	ok(t, err)
	same(t, "problem 4", []any{got.Leader, got.Due, got.Status, got.StatusDate, got.Version, len(got.Measures), len(got.History)},
		[]any{"钱进", d("2024-01-31"), rectify.StatusInProgress, d("2024-01-15"), p4.Version + 1, 3, 1})
	mm, err := s.GetMeasure(ctx, m.ID)
	ok(t, err)
	same(t, "measure", []any{mm.Text, mm.Version}, []any{"对巡查记录每月抽查，结果在局内通报。", 2})
	in, err := s.LoadInspection(ctx, water.ID)
	ok(t, err)
	same(t, "findings", len(in.Findings), 4)
	same(t, "new finding", []any{in.Findings[3].Number, in.Findings[3].Title, len(in.Findings[3].Problems)}, []any{4, "安全生产责任落实不到位", 1})
	np := in.Findings[3].Problems[0]
	same(t, "new problem", []any{np.Status, np.StatusDate, len(np.Measures), np.Number}, []any{rectify.StatusInProgress, d("2024-01-15"), 2, 7})
	same(t, "under an existing finding", in.Findings[0].Problems[2].Title, "水资源费征收不到位")
	ps, err := s.ListProgress(ctx, p4.ID)
	ok(t, err)
	same(t, "progress", []any{len(ps), ps[0].Text, ps[0].MeasureID, ps[1].Text, ps[1].MeasureID},
		[]any{2, "登记制度已印发。", p4.Measures[0].ID, "定位设备已采购。", newMeasure.ID})
	ps, err = s.ListProgress(ctx, newProblem.ID)
	ok(t, err)
	same(t, "progress of the new problem", []any{len(ps), ps[0].MeasureID, ps[1].MeasureID, ps[1].Text},
		[]any{2, newProblem.Measures[0].ID, int64(0), "专题会议已部署。"})
	// The search finds the new texts.
	found, _, err := s.ListProblems(ctx, store.ProblemFilter{Query: "防汛物资"})
	ok(t, err)
	same(t, "search new problem", titles(found), []string{"防汛物资储备不足"})
	found, _, err = s.ListProblems(ctx, store.ProblemFilter{Query: "定位设备"})
	ok(t, err)
	same(t, "search new measure", titles(found), []string{"公务用车管理不规范"})

	empty, err := s.ApplyLedger(ctx, &store.LedgerChanges{})
	ok(t, err)
	if !empty.Empty() {
		t.Errorf("no changes gave %+v", empty)
	}
}

// TestApplyLedgerAllOrNothing: a stale version, a bad field or a missing
// record anywhere stores nothing, with a message naming it.
func TestApplyLedgerAllOrNothing(t *testing.T) {
	s, _, water, _ := ledgerFixture(t)
	ctx := rectify.AsSystem(context.Background())
	p1, p4 := water.Findings[0].Problems[0], water.Findings[1].Problems[1]
	rename := func(p *rectify.Problem, title string) *rectify.Problem {
		c := *p
		c.Title = title
		return &c
	}
	good := store.LedgerProblemChange{ID: p1.ID, Version: p1.Version, Fields: rename(p1, "改过的标题")}
	tests := []struct {
		name string
		ch   store.LedgerChanges
		code string
		msg  string
	}{
		{"stale problem", store.LedgerChanges{Problems: []store.LedgerProblemChange{good,
			{ID: p4.ID, Version: p4.Version + 5, Fields: rename(p4, "新标题")}}},
			rectify.ECONFLICT, fmt.Sprintf("问题（编号 %d）已被他人修改", p4.ID)},
		{"stale measure", store.LedgerChanges{Problems: []store.LedgerProblemChange{good},
			Measures: []*rectify.Measure{{ID: p4.Measures[0].ID, Version: 9, Text: "x"}}},
			rectify.ECONFLICT, fmt.Sprintf("整改措施（编号 %d）已被他人修改", p4.Measures[0].ID)},
		{"empty title", store.LedgerChanges{Problems: []store.LedgerProblemChange{good,
			{ID: p4.ID, Version: p4.Version, Fields: rename(p4, " ")}}},
			rectify.EINVALID, "problems[1].title: 请填写问题标题"},
		{"unknown status", store.LedgerChanges{Problems: []store.LedgerProblemChange{good,
			{ID: p4.ID, Version: p4.Version, Status: &rectify.StatusChange{Status: "done", Date: d("2024-01-01")}}}},
			rectify.EINVALID, "problems[1].status.status: 未知的整改状态"},
		{"new problem in no inspection", store.LedgerChanges{Problems: []store.LedgerProblemChange{good},
			NewProblems: []store.LedgerNewProblem{{InspectionID: 999, FindingTitle: "x", Problem: &rectify.Problem{Title: "y"}}}},
			rectify.ENOTFOUND, "未找到巡察（编号 999）"},
		{"measure of a missing problem", store.LedgerChanges{Problems: []store.LedgerProblemChange{good},
			NewMeasures: []*rectify.Measure{{ProblemID: 999, Text: "x"}}},
			rectify.ENOTFOUND, "未找到问题（编号 999）"},
		{"progress on another problem's measure", store.LedgerChanges{Problems: []store.LedgerProblemChange{good},
			Progress: []store.LedgerProgress{{Progress: &rectify.Progress{ProblemID: p1.ID, MeasureID: p4.Measures[0].ID, Date: d("2024-01-01"), Text: "x"}}}},
			rectify.EINVALID, "整改措施不属于该问题"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ApplyLedger(ctx, &tt.ch)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			got, err := s.GetProblem(ctx, p1.ID)
			ok(t, err)
			if got.Title != p1.Title || got.Version != p1.Version {
				t.Errorf("the good change was stored: %q version %d", got.Title, got.Version)
			}
		})
	}
}
