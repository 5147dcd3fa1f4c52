package importer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func readSample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/notice-qingxi-water.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUnitName(t *testing.T) {
	tests := []struct {
		name, inspected, issuer, want string
	}{
		{"committee and party committee agree", "某市园艺中心党委", "中共某市园艺中心委员会", "某市园艺中心"},
		{"opening shortens the issuer's name", "县水利局党组", "中共青溪县水利局党组", "青溪县水利局"},
		{"only the issuer", "", "中共青溪县林业局党组", "青溪县林业局"},
		{"only the opening", "青溪县第一中学党总支", "", "青溪县第一中学"},
		{"different bodies: the inspected one", "青溪县人民医院党委", "中共青溪县卫生健康局党组", "青溪县人民医院"},
		{"nothing", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &notice.Document{Issuer: tt.issuer, Inspection: notice.InspectionInfo{UnitName: tt.inspected}}
			if got := importer.UnitName(d); got != tt.want {
				t.Errorf("UnitName = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestImport(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	data := readSample(t)

	flow := workflow.New(st)
	admin := &rectify.User{Login: "admin", Name: "巡察办", Role: rectify.RoleAdmin}
	res, err := importer.Import(ctx, flow, admin, data, importer.Options{Author: "李明"})
	if err != nil {
		t.Fatal(err)
	}
	if res.UnitName != "青溪县水利局" || res.Findings != 3 || res.Problems != 6 || res.Counts.Total != 6 || res.Counts.Completed != 1 {
		t.Errorf("result %+v", res)
	}
	in, err := st.LoadInspection(ctx, res.InspectionID)
	if err != nil {
		t.Fatal(err)
	}
	p := in.Findings[0].Problems[0]
	if len(p.History) != 1 || p.History[0].Author != "李明" || p.Status != rectify.StatusCompleted {
		t.Errorf("first problem: status %q, history %+v", p.Status, p.History)
	}

	// The same notice again, into a unit chosen by id.
	child := &rectify.Unit{Name: "青溪县水利局河道站", ParentID: res.UnitID}
	if err := st.CreateUnit(ctx, child); err != nil {
		t.Fatal(err)
	}
	res2, err := importer.Import(ctx, flow, admin, data, importer.Options{UnitID: child.ID})
	if err != nil {
		t.Fatal(err)
	}
	if res2.UnitID != child.ID {
		t.Errorf("imported into unit %d, want %d", res2.UnitID, child.ID)
	}
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 {
		t.Errorf("%d units, want 2", len(units))
	}
}

func TestImportRefused(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	tests := []struct {
		name string
		data []byte
		opt  importer.Options
		code string
	}{
		{"not a notice", []byte("会议纪要\n今天天气很好。\n"), importer.Options{}, rectify.EINVALID},
		{"unit that does not exist", readSample(t), importer.Options{UnitID: 77}, rectify.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := testdb.Open(t)
			_, err := importer.Import(ctx, workflow.New(st), &rectify.User{Name: "巡察办", Role: rectify.RoleAdmin}, tt.data, tt.opt)
			if rectify.ErrorCode(err) != tt.code {
				t.Fatalf("error %v (code %q), want code %q", err, rectify.ErrorCode(err), tt.code)
			}
			list, err := st.ListInspections(ctx, store.InspectionFilter{})
			if err != nil || len(list) != 0 {
				t.Errorf("stored %d inspections (%v)", len(list), err)
			}
			if _, err := st.FindUnitByName(ctx, "青溪县水利局"); !errors.Is(err, rectify.ErrNotFound) {
				t.Errorf("a unit was stored: %v", err)
			}
		})
	}
}

func TestReadPreview(t *testing.T) {
	p, err := importer.Read(readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.UnitName != "青溪县水利局" || p.Counts.Total != 6 || p.Counts.AsOf.String() != "2024-10-10" {
		t.Errorf("preview unit %q, counts %+v", p.UnitName, p.Counts)
	}
	found := false
	for _, w := range p.Lint {
		if w.Code == notice.CodeFutureDeadline {
			found = true
		}
	}
	if !found {
		t.Errorf("the preview lacks the lint finding of the sample's future deadline: %+v", p.Lint)
	}
}

// problemListSheet writes a unit's problem list as a workbook: a title
// row, then 序号/反馈问题/具体问题/整改措施/责任单位/整改时限, a problem
// written once over its measures.
func problemListSheet(t *testing.T) []byte { return problemListSheetBytes(t) }

func problemListSheetBytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"青溪县交通运输局巡察反馈问题清单"},
		{"序号", "反馈问题", "具体问题", "整改措施", "责任单位", "整改时限"},
		{1, "贯彻落实上级决策部署不够到位", "农村公路养护责任落实不到位。部分乡道路面破损长期未修复。", "开展乡道路面排查", "公路养护中心", "2024年9月"},
		{nil, nil, nil, "制定养护经费使用计划", "财务股", "2024-10-31"},
		{2, "落实全面从严治党责任有差距", "公务用车管理不规范", "修订公务用车管理办法", "办公室", "2024-07-31"},
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadKinds(t *testing.T) {
	feedback, err := os.ReadFile("testdata/feedback-transport.txt")
	if err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile("testdata/problem-list.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                         string
		data                         []byte
		kind                         notice.Kind
		unit                         string
		findings, problems, measures int
		firstMark                    string
		lastDue                      string // of the first problem
	}{
		{"a published notice", readSample(t), notice.KindNotice, "青溪县水利局", 3, 6, 14, "1．", ""},
		{"a feedback document", feedback, notice.KindFeedback, "青溪县交通运输局", 3, 5, 0, "（一）", ""},
		{"a problem list as text", list, notice.KindProblemList, "县交通运输局", 2, 2, 4, "1．", "2024-09-30"},
		{"a problem list as a workbook", problemListSheet(t), notice.KindProblemList, "", 2, 2, 3, "1", "2024-10-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := importer.Read(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tt.kind || p.UnitName != tt.unit || p.Findings != tt.findings || p.Problems != tt.problems || p.Measures != tt.measures {
				t.Errorf("read %s of %q: %d findings, %d problems, %d measures", p.Kind, p.UnitName, p.Findings, p.Problems, p.Measures)
			}
			if p.ProblemMarks[0][0] != tt.firstMark {
				t.Errorf("first problem numbered %q, want %q as written", p.ProblemMarks[0][0], tt.firstMark)
			}
			if tt.lastDue != "" && p.Document.Findings[0].Problems[0].Due.String() != tt.lastDue {
				t.Errorf("first problem due %s, want %s", p.Document.Findings[0].Problems[0].Due, tt.lastDue)
			}
			if tt.kind == notice.KindNotice {
				return
			}
			for _, w := range p.Lint {
				if w.Code == notice.CodeNoResult || w.Code == notice.CodeNoMeasures || w.Code == notice.CodeNoSummary {
					t.Errorf("a %s is warned about missing results: %s", tt.kind.Label(), w.Message)
				}
			}
			in := p.Inspection("李明")
			for _, pr := range in.Problems() {
				if pr.Status != "" || len(pr.History) != 0 {
					t.Errorf("problem %d of a %s has status %q", pr.Number, tt.kind.Label(), pr.Status)
				}
			}
			if in.Title != "" || in.Issuer != "" || in.Opening != "" {
				t.Errorf("a %s filled the notice's title %q, issuer %q or opening %q", tt.kind.Label(), in.Title, in.Issuer, in.Opening)
			}
		})
	}
}

// TestImportFeedbackThenNotice is the journey's start: the feedback makes
// the problem list; the unit works; the notice published later updates the
// same inspection instead of adding a copy.
func TestImportFeedbackThenNotice(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	flow := workflow.New(st)
	unit := &rectify.Unit{Name: "青溪县交通运输局"}
	if err := st.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	editor := &rectify.User{ID: 9, Login: "zhou", Name: "周敏", Role: rectify.RoleEditor, UnitID: unit.ID, ScopePath: unit.Path}
	feedback, err := os.ReadFile("testdata/feedback-transport.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Import(ctx, flow, editor, feedback, importer.Options{UnitID: unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != notice.KindFeedback || res.Problems != 5 || res.Updated {
		t.Fatalf("feedback import %+v", res)
	}
	// The same feedback again is refused, naming the inspection.
	_, err = importer.Import(ctx, flow, editor, feedback, importer.Options{UnitID: unit.ID})
	if rectify.ErrorCode(err) != rectify.ECONFLICT || !strings.Contains(rectify.ErrorMessage(err), "#"+strconv.FormatInt(res.InspectionID, 10)) {
		t.Fatalf("second import: %v", err)
	}
	p, err := importer.Read(feedback)
	if err != nil {
		t.Fatal(err)
	}
	matches, err := p.Matches(ctx, flow, editor, unit.ID)
	if err != nil || len(matches) != 1 || matches[0].ID != res.InspectionID {
		t.Fatalf("matches %v, %v", matches, err)
	}
	plan, err := p.Plan(ctx, flow, editor, res.InspectionID)
	if err != nil || !plan.IsEmpty() || plan.Matched != 5 {
		t.Fatalf("plan of the same document: %+v, %v", plan, err)
	}
	list, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("%d inspections (%v), want 1", len(list), err)
	}
}
