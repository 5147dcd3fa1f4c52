package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended); got:\n%s", path, clipText(string(got), 3000))
	}
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// docxBody returns the main part of a .docx.
func docxBody(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			out, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}

// TestKindsEndToEnd: an audit's rectification announcement and an
// environmental inspection's list of cases, written for the project in
// their published layouts, are imported as what they are; the unit works
// on them and the office signs off, as for any inspection; the problem
// list and the indicators count them with the inspections; and the
// notices written again from the record speak each kind's words, as
// text and as Word (golden files, -update).
func TestKindsEndToEnd(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	flow := workflow.New(st)
	county := &rectify.Unit{Name: "青溪县"}
	if err := st.CreateUnit(ctx, county); err != nil {
		t.Fatal(err)
	}
	admin := &rectify.User{ID: 1, Login: "admin", Name: "县委巡察办", Role: rectify.RoleAdmin}
	reviewer := &rectify.User{ID: 2, Login: "shenji", Name: "审计科", Role: rectify.RoleReviewer, UnitID: county.ID, ScopePath: county.Path}
	editor := &rectify.User{ID: 3, Login: "nongye", Name: "刘晓", Role: rectify.RoleEditor, UnitID: county.ID, ScopePath: county.Path}

	imports := []struct {
		file   string
		source rectify.Source
		total  int
		words  []string
	}{
		{"audit_announcement", rectify.SourceAudit, 5, []string{"审计整改情况的公告", "二、审计发现问题的整改情况", "（一）预算管理方面\n",
			"整改情况：", "整改结果：", "审计发现的5个问题"}},
		{"environment_cases", rectify.SourceEnvironment, 6, []string{"交办件办理情况的公示", "二、督察交办件办理情况",
			"督察组交办的6件交办件，已办结", "责任单位：", "办理情况：", "办理结果：已办结"}},
	}
	ids := map[rectify.Source]int64{}
	for _, im := range imports {
		data, err := os.ReadFile(filepath.Join("..", "notice", "testdata", "corpus", im.file+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := importer.Import(ctx, flow, admin, data, importer.Options{UnitID: county.ID})
		if err != nil {
			t.Fatalf("%s: %v", im.file, err)
		}
		in, err := st.GetInspection(ctx, res.InspectionID)
		if err != nil {
			t.Fatal(err)
		}
		if in.Source != im.source || in.Kind != "" || res.Problems != im.total {
			t.Errorf("%s imported as %q/%q with %d problems, want %q with %d", im.file, in.Source, in.Kind, res.Problems, im.source, im.total)
		}
		ids[im.source] = res.InspectionID
	}
	// A 巡察 beside them, typed by hand.
	xc := &rectify.Inspection{UnitID: county.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular,
		Findings: []*rectify.Finding{{Number: 1, Title: "落实主体责任不到位", Problems: []*rectify.Problem{
			{Number: 1, Title: "党组会议研究整改不及时", Status: rectify.StatusInProgress}}}}}
	if err := st.CreateInspection(ctx, xc); err != nil {
		t.Fatal(err)
	}

	// The unit finishes the audit's fifth problem, reporting each measure
	// with evidence, and submits it; the office signs it off.
	audit, err := st.LoadInspection(ctx, ids[rectify.SourceAudit])
	if err != nil {
		t.Fatal(err)
	}
	p5 := audit.Findings[2].Problems[0]
	if p5.Number != 5 || p5.Status != rectify.StatusInProgress || len(p5.Measures) != 2 {
		t.Fatalf("problem 5: %+v", p5)
	}
	unitCtx := rectify.WithUser(context.Background(), editor)
	for i, m := range p5.Measures {
		in := workflow.ProgressInput{ProblemID: p5.ID, MeasureID: m.ID, MeasureDone: true, Date: rectify.MustDate("2025-09-10"),
			Text:  []string{"完成资产清查，盘亏农机具3台已查明原因", "县财政局批复同意报废核销，已调整账目"}[i],
			Files: []store.EvidenceFile{{Name: "核销批复.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 批复")}}}
		if i == len(p5.Measures)-1 {
			in.Status = workflow.StatusInput{To: rectify.StatusSubmitted}
		}
		if _, err := flow.AddProgress(unitCtx, in); err != nil {
			t.Fatalf("progress %d: %v", i+1, err)
		}
	}
	if _, err := flow.ChangeStatus(rectify.WithUser(context.Background(), reviewer), p5.ID,
		workflow.StatusInput{To: rectify.StatusCompleted, On: rectify.MustDate("2025-09-20")}); err != nil {
		t.Fatalf("sign-off: %v", err)
	}

	// The lists: each kind apart, and all together.
	for _, c := range []struct {
		source rectify.Source
		want   int
	}{{"", 12}, {rectify.SourceAudit, 5}, {rectify.SourceEnvironment, 6}, {rectify.SourceXuncha, 1}} {
		page, err := workflow.ListProblems(ctx, st, workflow.ListInput{Filter: store.ProblemFilter{Source: c.source}})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != c.want {
			t.Errorf("problems of %q: %d, want %d", c.source, page.Total, c.want)
		}
	}
	asOf := rectify.MustDate("2025-09-30")
	per, total, err := st.Indicators(ctx, store.IndicatorFilter{}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if total.Total != 12 || per[ids[rectify.SourceAudit]].Completed != 4 || per[ids[rectify.SourceEnvironment]].Completed != 4 {
		t.Errorf("indicators: total %d, audit completed %d, environment completed %d; want 12, 4, 4",
			total.Total, per[ids[rectify.SourceAudit]].Completed, per[ids[rectify.SourceEnvironment]].Completed)
	}

	for _, im := range imports {
		t.Run(im.file, func(t *testing.T) {
			in, err := st.LoadInspection(ctx, ids[im.source])
			if err != nil {
				t.Fatal(err)
			}
			var txt bytes.Buffer
			if err := notice.Render(&txt, in, notice.RenderOptions{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
			for _, w := range im.words {
				if !strings.Contains(txt.String(), w) {
					t.Errorf("the notice does not say %q", w)
				}
			}
			golden(t, "kinds_"+im.file+".txt.golden", txt.Bytes())
			var docx bytes.Buffer
			if err := office.WriteNoticeDocx(&docx, in, office.NoticeOptions{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
			golden(t, "kinds_"+im.file+".document.xml.golden", docxBody(t, docx.Bytes()))
		})
	}
	audit, err = st.LoadInspection(ctx, ids[rectify.SourceAudit])
	if err != nil {
		t.Fatal(err)
	}
	var txt bytes.Buffer
	if err := notice.Render(&txt, audit, notice.RenderOptions{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "审计发现的5个问题，已完成整改4个，基本完成1个。") ||
		!strings.Contains(txt.String(), "整改情况：县财政局批复同意报废核销，已调整账目。\n\n整改结果：已完成整改") {
		t.Errorf("the audit's announcement does not carry the unit's work:\n%s", txt.String())
	}
}
