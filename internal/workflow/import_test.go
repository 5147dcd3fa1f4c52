package workflow_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// importTree is a document read as a tree: findings of (number, title,
// status) problems with one measure each, statuses dated on.
func importTree(on string, findings ...[]importItem) *rectify.Inspection {
	in := &rectify.Inspection{Team: "县委第一巡察组", Kind: rectify.KindRegular, Feedback: d("2024-01-10")}
	for i, f := range findings {
		fd := &rectify.Finding{Number: i + 1, Title: "反馈问题" + string(rune('甲'+i))}
		for _, it := range f {
			p := &rectify.Problem{Number: it.n, Title: it.title, Opened: in.Feedback,
				Measures: []*rectify.Measure{{Number: 1, Text: it.measure}}}
			if it.status != "" {
				p.History = []rectify.StatusChange{{Status: it.status, Date: d(on), Author: "通报导入"}}
			}
			fd.Problems = append(fd.Problems, p)
		}
		in.Findings = append(in.Findings, fd)
	}
	return in
}

type importItem struct {
	n       int
	title   string
	status  rectify.Status
	measure string
}

func TestImportInspection(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	first := []importItem{
		{1, "河道巡查不到位", "", "建立巡河台账"},
		{2, "防汛物资管理不规范", "", "盘点防汛物资"},
	}
	tests := []struct {
		name   string
		again  *rectify.Inspection
		as     func(w *world) *rectify.User
		update bool
		// what the second import gives
		code        string
		problems    int
		changes     int
		measures    int // of problem 1 after the second import
		status1     rectify.Status
		rechecks    int // of problem 1
		summaryHas  string
		inspections int
	}{
		{name: "same document twice is refused", again: importTree("2024-02-01", first), update: false,
			code: rectify.ECONFLICT, problems: 2, inspections: 1, measures: 1, status1: rectify.StatusInProgress},
		{name: "same document with update changes nothing", again: importTree("2024-02-01", first), update: true,
			problems: 2, inspections: 1, measures: 1, status1: rectify.StatusInProgress, summaryHas: "不会改动"},
		{name: "notice with results updates statuses and adds a problem", update: true,
			again: importTree("2024-03-05", []importItem{
				{1, "河道巡查不到位。", rectify.StatusCompleted, "落实巡河制度"},
				{2, "防汛物资管理不规范", rectify.StatusInProgress, "盘点防汛物资"},
			}, []importItem{{3, "工程质量检测走过场", rectify.StatusNotStarted, "委托第三方抽检"}}),
			problems: 3, inspections: 1, measures: 2, status1: rectify.StatusCompleted, rechecks: 1, changes: 2,
			summaryHas: "新增 1 个问题"},
		{name: "a status older than the record's is not taken", update: true,
			again:    importTree("2024-02-20", []importItem{{1, "河道巡查不到位", rectify.StatusNotStarted, "建立巡河台账"}}),
			problems: 2, inspections: 1, measures: 1, status1: rectify.StatusInProgress},
		{name: "a problem renumbered keeps its record by title", update: true,
			again: importTree("2024-02-01", []importItem{
				{7, "河道巡查不到位", "", "建立巡河台账"},
				{2, "防汛物资管理不规范", "", "盘点防汛物资"},
			}),
			problems: 2, inspections: 1, measures: 1, status1: rectify.StatusInProgress},
		{name: "a viewer may not import", again: importTree("2024-02-01", first), update: true,
			as: func(w *world) *rectify.User { return w.viewer }, code: rectify.EFORBIDDEN, problems: 2, inspections: 1,
			measures: 1, status1: rectify.StatusInProgress},
		{name: "another unit's editor may not update", again: importTree("2024-02-01", first), update: true,
			as: func(w *world) *rectify.User { return w.transportEditor }, code: rectify.EFORBIDDEN, problems: 2,
			inspections: 1, measures: 1, status1: rectify.StatusInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			res, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: importTree("2024-02-01", first), UnitID: w.water.ID})
			ok(t, err)
			if res.Updated || res.Unit.ID != w.water.ID || len(res.Inspection.Problems()) != 2 {
				t.Fatalf("first import: updated %v, unit %d, %d problems", res.Updated, res.Unit.ID, len(res.Inspection.Problems()))
			}
			p1 := res.Inspection.Problems()[0]
			// Work done on problem 1 between the two imports.
			ok(t, w.svc.StartWork(as(w.waterEditor), p1.ID))
			_, err = w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p1.ID, Text: "已补齐巡河记录120条"})
			ok(t, err)

			u := w.waterEditor
			if tt.as != nil {
				u = tt.as(w)
			}
			res2, err := w.svc.ImportInspection(ctx, u, workflow.ImportInput{Inspection: tt.again, UnitID: w.water.ID, Update: tt.update})
			if rectify.ErrorCode(err) != tt.code {
				t.Fatalf("second import: error %v, want code %q", err, tt.code)
			}
			if tt.code == rectify.ECONFLICT && !strings.Contains(rectify.ErrorMessage(err), "巡察 #") {
				t.Errorf("the refusal does not name the inspection: %q", rectify.ErrorMessage(err))
			}
			list, err := w.s.ListInspections(ctx, store.InspectionFilter{})
			ok(t, err)
			if len(list) != tt.inspections {
				t.Errorf("%d inspections, want %d", len(list), tt.inspections)
			}
			in, err := w.s.LoadInspection(ctx, res.Inspection.ID)
			ok(t, err)
			if n := len(in.Problems()); n != tt.problems {
				t.Errorf("%d problems, want %d", n, tt.problems)
			}
			got, err := w.s.GetProblem(ctx, p1.ID)
			ok(t, err)
			if got.Status != tt.status1 || len(got.Measures) != tt.measures {
				t.Errorf("problem 1: status %q with %d measures, want %q with %d", got.Status, len(got.Measures), tt.status1, tt.measures)
			}
			progress, err := w.s.ListProgress(ctx, p1.ID)
			ok(t, err)
			if len(progress) != 1 {
				t.Errorf("problem 1 has %d progress reports, want its one kept", len(progress))
			}
			rcs, err := w.s.ListRechecks(ctx, p1.ID)
			ok(t, err)
			if len(rcs) != tt.rechecks {
				t.Errorf("problem 1 has %d look-backs, want %d", len(rcs), tt.rechecks)
			}
			if tt.code != "" {
				return
			}
			if !res2.Updated || res2.Inspection.ID != res.Inspection.ID {
				t.Errorf("second import: updated %v inspection %d, want an update of %d", res2.Updated, res2.Inspection.ID, res.Inspection.ID)
			}
			if len(res2.Plan.StatusChanges) != tt.changes {
				t.Errorf("plan: %d status changes, want %d: %+v", len(res2.Plan.StatusChanges), tt.changes, res2.Plan.StatusChanges)
			}
			if !strings.Contains(res2.Plan.Summary(), tt.summaryHas) {
				t.Errorf("plan summary %q lacks %q", res2.Plan.Summary(), tt.summaryHas)
			}
		})
	}
}

func TestImportIntoInspection(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	// An inspection created by hand, without problems.
	empty := &rectify.Inspection{UnitID: w.water.ID, Team: "县委第一巡察组", Feedback: d("2024-01-10")}
	ok(t, w.s.CreateInspection(ctx, empty))
	doc := importTree("2024-02-01", []importItem{{1, "河道巡查不到位", "", "建立巡河台账"}}, []importItem{{2, "防汛物资管理不规范", "", "盘点防汛物资"}})
	plan, err := w.svc.PlanImport(ctx, w.waterEditor, empty.ID, doc)
	ok(t, err)
	if len(plan.NewProblems) != 2 || len(plan.NewFindings) != 2 || plan.Matched != 0 {
		t.Errorf("plan %+v", plan)
	}
	res, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: doc, Into: empty.ID})
	ok(t, err)
	if !res.Updated || res.Inspection.ID != empty.ID || len(res.Inspection.Findings) != 2 || len(res.Inspection.Problems()) != 2 {
		t.Errorf("into: updated %v, inspection %d, %d findings, %d problems", res.Updated, res.Inspection.ID,
			len(res.Inspection.Findings), len(res.Inspection.Problems()))
	}
	if _, err := w.svc.ImportInspection(ctx, w.transportEditor, workflow.ImportInput{Inspection: doc, Into: empty.ID}); rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		t.Errorf("another unit's editor: %v, want EFORBIDDEN", err)
	}
	matches, err := w.svc.ImportMatches(ctx, w.waterEditor, w.water.ID, "", doc)
	ok(t, err)
	if len(matches) != 1 || matches[0].ID != empty.ID {
		t.Errorf("matches %v", matches)
	}
	if m, err := w.svc.ImportMatches(ctx, w.transportEditor, w.water.ID, "", doc); err != nil || len(m) != 0 {
		t.Errorf("matches out of scope: %v, %v", m, err)
	}
	// The audit log names the acting user for what the import added.
	h, err := w.s.ProblemHistory(ctx, res.Inspection.Problems()[0].ID)
	ok(t, err)
	if len(h) == 0 || h[0].ActorName != w.waterEditor.Name {
		t.Errorf("history %+v, want entries by %s", h, w.waterEditor.Name)
	}
}

func TestImportNewUnit(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	doc := importTree("2024-02-01", []importItem{{1, "河道巡查不到位", "", "建立巡河台账"}})
	if _, err := w.svc.ImportInspection(ctx, w.reviewer, workflow.ImportInput{Inspection: doc, UnitName: "青石县林业局"}); rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		t.Errorf("a reviewer of a subtree creating a unit: %v, want EFORBIDDEN", err)
	}
	res, err := w.svc.ImportInspection(ctx, w.admin, workflow.ImportInput{Inspection: doc, UnitName: "青石县林业局"})
	ok(t, err)
	if res.Unit.Name != "青石县林业局" || res.Unit.ParentID != 0 {
		t.Errorf("unit %+v", res.Unit)
	}
	if _, err := w.svc.ImportInspection(ctx, nil, workflow.ImportInput{Inspection: doc, UnitID: w.water.ID}); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("nobody: %v, want EUNAUTHORIZED", err)
	}
}

// TestImportAtOnce: the same document imported twice at the same moment is
// stored once; the other import is refused as a copy.
func TestImportAtOnce(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{
				Inspection: importTree("2024-02-01", []importItem{{1, "河道巡查不到位", "", "建立巡河台账"}}), UnitID: w.water.ID})
			errs <- err
		}()
	}
	codes := map[string]int{}
	for range 2 {
		codes[rectify.ErrorCode(<-errs)]++
	}
	if codes[""] != 1 || codes[rectify.ECONFLICT] != 1 {
		t.Errorf("outcomes %v, want one stored and one refused", codes)
	}
	list, err := w.s.ListInspections(ctx, store.InspectionFilter{UnitID: w.water.ID})
	ok(t, err)
	if len(list) != 1 {
		t.Errorf("%d inspections, want 1", len(list))
	}
}

func TestSimilarTitlesMatch(t *testing.T) {
	existing := importTree("2024-02-01", []importItem{
		{1, "河道巡查不到位", "", "a"},
		{2, "防汛物资管理不规范", "", "b"},
	})
	for _, p := range existing.Problems() {
		p.ID = int64(p.Number)
	}
	tests := []struct {
		name    string
		doc     []importItem
		matched int
		added   int
	}{
		{"the same titles", []importItem{{1, "河道巡查不到位", "", "a"}, {2, "防汛物资管理不规范", "", "b"}}, 2, 0},
		{"renumbered", []importItem{{5, "防汛物资管理不规范", "", "b"}}, 1, 0},
		{"reworded under the same number", []importItem{{2, "防汛物资管理不够规范", "", "b"}}, 1, 0},
		{"another problem under the same number", []importItem{{1, "公务用车管理混乱", "", "c"}, {2, "干部轮岗交流不够", "", "d"}}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := workflow.PlanUpdate(existing, importTree("2024-02-01", tt.doc))
			if plan.Matched != tt.matched || len(plan.NewProblems) != tt.added {
				t.Errorf("matched %d, added %d; want %d, %d", plan.Matched, len(plan.NewProblems), tt.matched, tt.added)
			}
		})
	}
}

// TestImportFillsHeader: a notice imported into the inspection its feedback
// made fills the notice's own fields the record left empty, and replaces
// nothing typed.
func TestImportFillsHeader(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	items := []importItem{{1, "河道巡查不到位", "", "建立巡河台账"}}
	first := importTree("2024-02-01", items)
	first.Title = "单位自拟的通报标题"
	res, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: first, UnitID: w.water.ID})
	ok(t, err)
	doc := importTree("2024-03-05", items)
	doc.Issuer, doc.Title, doc.NoticeDate = "中共青石县水务局党组", "关于巡察整改进展情况的通报", d("2024-03-10")
	doc.Work, doc.Contact = []string{"局党组专题研究整改。"}, rectify.Contact{Phone: "0730-1234567"}
	res2, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: doc, UnitID: w.water.ID, Update: true})
	ok(t, err)
	if got := strings.Join(res2.Plan.Filled, "、"); got != "发布单位、通报日期、组织整改落实情况、联系电话" {
		t.Errorf("filled %q", got)
	}
	in, err := w.s.GetInspection(ctx, res.Inspection.ID)
	ok(t, err)
	if in.Issuer != doc.Issuer || in.Title != "单位自拟的通报标题" || in.NoticeDate != doc.NoticeDate || len(in.Work) != 1 || in.Contact.Phone != "0730-1234567" {
		t.Errorf("inspection after the update: %+v", in)
	}
}

// TestImportFillsSource: an audit's report imported into an inspection
// recorded with the default kind (巡察) makes it an audit; a kind chosen
// otherwise stays.
func TestImportFillsSource(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	items := []importItem{{1, "项目支出未按预算执行", "", "补办调整手续"}}
	res, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: importTree("2024-02-01", items), UnitID: w.water.ID})
	ok(t, err)
	doc := importTree("2024-03-05", items)
	doc.Source = rectify.SourceAudit
	res2, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: doc, UnitID: w.water.ID, Update: true})
	ok(t, err)
	if !slices.Contains(res2.Plan.Filled, "整改来源") {
		t.Errorf("filled %q", res2.Plan.Filled)
	}
	in, err := w.s.GetInspection(ctx, res.Inspection.ID)
	ok(t, err)
	if in.Source != rectify.SourceAudit || in.Kind != "" {
		t.Errorf("after the update: %q/%q, want an audit", in.Source, in.Kind)
	}
	doc.Source = rectify.SourceEnvironment
	res3, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: doc, UnitID: w.water.ID, Update: true})
	ok(t, err)
	if slices.Contains(res3.Plan.Filled, "整改来源") {
		t.Errorf("an audit became %q", res3.Plan.Filled)
	}
}

// TestImportUnitByNameInScope: a unit named like another's, made in a
// subtree to catch imports, never receives one. An import without a unit
// finds the unit by name only within the importer's scope and only when
// one unit there has the name; otherwise it names the candidates by their
// paths and stores nothing. The result names the unit by its path.
func TestImportUnitByNameInScope(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	// The transport bureau's admin makes a unit named like the water
	// bureau's station, under the transport bureau.
	squat := &rectify.Unit{Name: w.station.Name, ParentID: w.transport.ID}
	ok(t, w.s.CreateUnit(ctx, squat))
	doc := func() *rectify.Inspection {
		return importTree("2024-02-01", []importItem{{1, "水文监测数据上报不及时", "", "建立数据报送台账"}})
	}

	// The county's reviewer sees both: told to choose, nothing stored.
	_, err := w.svc.ImportInspection(ctx, w.reviewer, workflow.ImportInput{Inspection: doc(), UnitName: w.station.Name})
	msg := rectify.ErrorFields(err)["unit_id"]
	if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(msg, "有 2 个单位名为“青石县水文站党支部”") ||
		!strings.Contains(msg, "中共青石县委员会 › 中共青石县水务局党组 › 青石县水文站党支部") ||
		!strings.Contains(msg, "中共青石县委员会 › 中共青石县交通运输局党组 › 青石县水文站党支部") {
		t.Fatalf("an import by a name two units share: %v (%q)", err, msg)
	}
	// So does an admin of every unit (the command line's actor).
	if _, err := w.svc.ImportInspection(ctx, w.admin, workflow.ImportInput{Inspection: doc(), UnitName: w.station.Name}); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("an admin of every unit: %v, want the candidates", err)
	}
	for _, unit := range []*rectify.Unit{w.station, squat} {
		list, err := w.s.ListInspections(ctx, store.InspectionFilter{UnitID: unit.ID})
		ok(t, err)
		if len(list) != 0 {
			t.Errorf("%d inspections stored under unit %d", len(list), unit.ID)
		}
	}
	matches, err := w.svc.ImportMatches(ctx, w.reviewer, 0, w.station.Name, doc())
	if err != nil || len(matches) != 0 {
		t.Errorf("preview matches by an ambiguous name: %v, %v", matches, err)
	}

	// The water bureau's editor sees only the real one: it lands there.
	res, err := w.svc.ImportInspection(ctx, w.waterEditor, workflow.ImportInput{Inspection: doc(), UnitName: w.station.Name})
	ok(t, err)
	if res.Unit.ID != w.station.ID || res.UnitPath != "中共青石县委员会 › 中共青石县水务局党组 › 青石县水文站党支部" {
		t.Errorf("landed in unit %d (%s), want the station %d", res.Unit.ID, res.UnitPath, w.station.ID)
	}
	// The squatter's own editor, by the same name, gets its own unit
	// only: never the water bureau's.
	squatEditor := &rectify.User{ID: 9, Name: "冒名者", Role: rectify.RoleEditor, UnitID: w.transport.ID, ScopePath: w.transport.Path}
	res, err = w.svc.ImportInspection(ctx, squatEditor, workflow.ImportInput{Inspection: doc(), UnitName: w.station.Name})
	ok(t, err)
	if res.Unit.ID != squat.ID {
		t.Errorf("the squatter's import landed in unit %d, want its own %d", res.Unit.ID, squat.ID)
	}
}
