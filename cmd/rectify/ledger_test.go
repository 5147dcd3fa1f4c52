package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/xuri/excelize/v2"
)

// importSample stores the sample notice and returns the environment and
// the inspection's ID.
func importSample(t *testing.T) (map[string]string, string) {
	t.Helper()
	env := map[string]string{"RECTIFY_DB": testdb.DSN(t)}
	r := rectifyCmd(t, env, "", "import", sample)
	if r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	var imp struct {
		InspectionID int64 `json:"inspection_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &imp); err != nil {
		t.Fatal(err)
	}
	return env, jsonNumber(imp.InspectionID)
}

func TestLedgerUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no subcommand", []string{"ledger"}, "需要子命令 export 或 import"},
		{"unknown subcommand", []string{"ledger", "print"}, "未知的子命令"},
		{"two filters", []string{"ledger", "export", "--inspection", "1", "--unit", "2"}, "只能给一个"},
		{"import without a file", []string{"ledger", "import"}, "需要一个文件参数"},
		{"font for a docx", []string{"notice", "--inspection", "1", "--format", "docx", "--font", "x.ttf"}, "--font 只用于 --format pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.stderr)
			}
		})
	}
}

// TestBinaryToTerminal: a .docx, PDF or .xlsx is not written to a terminal.
func TestBinaryToTerminal(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0) // a character device, as a terminal is
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	env, id := importSample(t)
	for _, args := range [][]string{
		{"notice", "--inspection", id, "--format", "docx"},
		{"ledger", "export"},
	} {
		var errb bytes.Buffer
		code := Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), tty, &errb)
		if code != 2 || !strings.Contains(errb.String(), "请用 -o 文件名 指定输出文件") {
			t.Errorf("%v: exit %d, %s", args, code, errb.String())
		}
	}
	// Text goes to a terminal as before.
	var errb bytes.Buffer
	if code := Main(context.Background(), []string{"notice", "--inspection", id}, func(k string) string { return env[k] }, strings.NewReader(""), tty, &errb); code != 0 {
		t.Errorf("text notice to a terminal: exit %d, %s", code, errb.String())
	}
}

func TestNoticeDocxAndPDF(t *testing.T) {
	env, id := importSample(t)
	dir := t.TempDir()

	docx := filepath.Join(dir, "通报.docx")
	r := rectifyCmd(t, env, "", "notice", "--inspection", id, "--format", "docx", "-o", docx)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("docx: exit %d, stdout %d bytes, %s", r.code, len(r.stdout), r.stderr)
	}
	data, err := os.ReadFile(docx)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := notice.Parse(data)
	if err != nil {
		t.Fatalf("the .docx does not read back: %v", err)
	}
	text := rectifyCmd(t, env, "", "notice", "--inspection", id)
	back, _ := notice.Parse([]byte(text.stdout))
	if !structEqual(doc.Structure(), back.Structure()) {
		t.Error("the .docx says something else than the text notice")
	}
	// To standard output when it is not a terminal.
	r = rectifyCmd(t, env, "", "notice", "--inspection", id, "--format", "docx")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "PK") {
		t.Errorf("docx to a pipe: exit %d, %s", r.code, r.stderr)
	}

	r = rectifyCmd(t, env, "", "notice", "--inspection", id, "--format", "pdf", "--font", filepath.Join(dir, "none.ttf"))
	if r.code != 2 || !strings.Contains(r.stderr, "none.ttf 不存在") {
		t.Errorf("missing font: exit %d, %s", r.code, r.stderr)
	}
	if _, err := office.SystemFonts(os.Getenv); err != nil {
		if os.Getenv("RECTIFY_REQUIRE_SOFFICE") == "1" {
			t.Fatal("no Chinese font, and RECTIFY_REQUIRE_SOFFICE=1 requires one")
		}
		t.Skip("no Chinese font on this machine")
	}
	pdf := filepath.Join(dir, "通报.pdf")
	r = rectifyCmd(t, map[string]string{"RECTIFY_DB": env["RECTIFY_DB"], "HOME": os.Getenv("HOME")}, "",
		"notice", "--inspection", id, "--format", "pdf", "-o", pdf)
	if r.code != 0 {
		t.Fatalf("pdf: exit %d: %s", r.code, r.stderr)
	}
	if data, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("not a PDF: %v", err)
	}
}

type importReport struct {
	Rows      int  `json:"rows"`
	Unchanged int  `json:"unchanged"`
	Applied   bool `json:"applied"`
	Errors    []struct {
		Message string `json:"Message"`
	} `json:"errors"`
	Changes []struct {
		Text string `json:"text"`
	} `json:"changes"`
	Result struct {
		StatusChanges int `json:"status_changes"`
	} `json:"result"`
}

func TestLedgerExportImport(t *testing.T) {
	env, id := importSample(t)
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "台账.xlsx")
	r := rectifyCmd(t, env, "", "ledger", "export", "--inspection", id, "-o", xlsx, "--as-of", "2024-10-10")
	if r.code != 0 || !strings.Contains(r.stderr, "整改台账 14 行，已写入") {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	all := rectifyCmd(t, env, "", "ledger", "export")
	if all.code != 0 || !strings.HasPrefix(all.stdout, "PK") {
		t.Errorf("export of everything: exit %d: %s", all.code, all.stderr)
	}

	report := func(r result) importReport {
		t.Helper()
		var rep importReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("not a report: %v\n%s\n%s", err, r.stdout, r.stderr)
		}
		return rep
	}
	r = rectifyCmd(t, env, "", "ledger", "import", xlsx)
	if rep := report(r); r.code != 0 || rep.Applied || rep.Rows != 14 || rep.Unchanged != 14 {
		t.Errorf("unchanged ledger: exit %d, %+v, %s", r.code, rep, r.stderr)
	}

	// A unit closes problem 5 in the sheet.
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(office.LedgerSheet)
	cell := ""
	for i, row := range rows {
		if len(row) > 3 && strings.HasPrefix(row[3], "年轻干部培养力度不够") {
			cell = "G" + jsonNumber(int64(i+1)) // the first of its rows: the status is merged over them
			break
		}
	}
	if cell == "" {
		t.Fatal("problem 5 is not in the ledger")
	}
	f.SetCellValue(office.LedgerSheet, cell, "完成")
	edited := filepath.Join(dir, "改过的台账.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()

	r = rectifyCmd(t, env, "", "ledger", "import", edited, "--dry-run")
	if rep := report(r); r.code != 0 || rep.Applied || len(rep.Changes) != 1 || !strings.Contains(rep.Changes[0].Text, "“未开始” → “完成”") {
		t.Errorf("dry run: exit %d, %+v", r.code, rep)
	}
	r = rectifyCmd(t, env, "", "ledger", "import", edited, "--date", "2024-10-12")
	if rep := report(r); r.code != 0 || !rep.Applied || rep.Result.StatusChanges != 1 {
		t.Errorf("import: exit %d, %+v, %s", r.code, rep, r.stderr)
	}
	r = rectifyCmd(t, env, "", "notice", "--inspection", id, "--as-of", "2024-10-12")
	if !strings.Contains(r.stdout, "已完成整改2个") {
		t.Errorf("the notice does not count the closed problem:\n%s", r.stdout)
	}

	// A sheet with a bad date stores nothing and says where.
	if r := rectifyCmd(t, env, "", "ledger", "export", "--inspection", id, "-o", xlsx); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	f, _ = excelize.OpenFile(xlsx)
	f.SetCellValue(office.LedgerSheet, "J4", "明年")
	// A good change beside it: the leader of a problem still open (a
	// closed one's may not change).
	rows, _ = f.GetRows(office.LedgerSheet)
	good := ""
	for i, row := range rows[4:] { // past the title, the unit, the header and the bad row's problem
		if len(row) > 6 && row[6] != "完成" && row[6] != "待销号" && row[3] != rows[3][3] {
			good = "H" + jsonNumber(int64(i+5))
			break
		}
	}
	if good == "" {
		t.Fatal("no open problem in the ledger")
	}
	f.SetCellValue(office.LedgerSheet, good, "另一位领导")
	bad := filepath.Join(dir, "错误的台账.xlsx")
	f.SaveAs(bad)
	f.Close()
	r = rectifyCmd(t, env, "", "ledger", "import", bad)
	if rep := report(r); r.code != 1 || rep.Applied || !strings.Contains(r.stderr, "整改台账!J4：整改时限“明年”无法识别为日期") ||
		!strings.Contains(r.stderr, "未保存任何数据") {
		t.Errorf("bad sheet: exit %d, %+v\n%s", r.code, rep, r.stderr)
	}
	r = rectifyCmd(t, env, "", "ledger", "import", bad, "--keep-good")
	if rep := report(r); r.code != 0 || !rep.Applied || !strings.Contains(r.stderr, "跳过了 1 个有错误的行") {
		t.Errorf("keep good: exit %d, %+v\n%s", r.code, rep, r.stderr)
	}

	// Not a workbook.
	notes := filepath.Join(dir, "notes.xlsx")
	os.WriteFile(notes, []byte("这不是表格"), 0o644)
	r = rectifyCmd(t, env, "", "ledger", "import", notes)
	if r.code != 2 || !strings.Contains(r.stderr, "notes.xlsx: 不是 Excel 工作簿") {
		t.Errorf("not a workbook: exit %d, %s", r.code, r.stderr)
	}
}

// TestLedgerImportUnitSheet: a unit's own sheet, imported on the command
// line, gives a problem not started its measures' deadlines: one measure
// past its deadline and still open, the other done (its later deadline no
// longer counts). The problem turns red and `stats` counts it overdue;
// the progress the sheet reports is what the notice says was done.
func TestLedgerImportUnitSheet(t *testing.T) {
	env, id := importSample(t)
	dir := t.TempDir()
	overdue := func() int {
		t.Helper()
		r := rectifyCmd(t, env, "", "stats", "--as-of", "2024-10-15", "--json")
		var stats struct {
			Total struct {
				Overdue int `json:"overdue"`
			} `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil || r.code != 0 {
			t.Fatalf("stats: exit %d, %v\n%s", r.code, err, r.stderr)
		}
		return stats.Total.Overdue
	}
	before := overdue()

	// The unit's sheet: its own columns and order, the problem merged over
	// its two measures, a deadline per measure.
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"县水利局巡察整改台账"},
		{"序号", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "整改类型", "整改状态", "完成时间", "整改情况"},
		{5, "年轻干部培养力度不够", "制定年轻干部培养三年计划", "人事股", "李副局长", "2024-09-30", "限期整改", "整改中", nil, "培养计划已起草，待党组会审定"},
		{nil, nil, "安排年轻干部到基层水管站轮岗锻炼", "人事股", nil, "2024-12-31", nil, nil, "2024-10-08", nil},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"E3", "E4"}, {"G3", "G4"}, {"H3", "H4"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	sheet := filepath.Join(dir, "本单位台账.xlsx")
	if err := f.SaveAs(sheet); err != nil {
		t.Fatal(err)
	}
	f.Close()

	r := rectifyCmd(t, env, "", "ledger", "import", sheet, "--inspection", id, "--date", "2024-10-12")
	var rep importReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || !rep.Applied {
		t.Fatalf("import: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if got := overdue(); got != before+1 {
		t.Errorf("overdue %d after the import, want %d", got, before+1)
	}
	// The progress the sheet brought is what the notice says was done.
	r = rectifyCmd(t, env, "", "notice", "--inspection", id, "--as-of", "2024-10-15", "--format", "txt")
	if r.code != 0 || !strings.Contains(r.stdout, "培养计划已起草，待党组会审定") {
		t.Errorf("the notice does not show the progress recorded through the ledger: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	xlsx := filepath.Join(dir, "导出.xlsx")
	if r := rectifyCmd(t, env, "", "ledger", "export", "--inspection", id, "--as-of", "2024-10-15", "-o", xlsx); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	out, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	rows, _ := out.GetRows(office.LedgerSheet)
	lights := ""
	for _, row := range rows {
		if len(row) > int(office.FieldLight) && strings.HasPrefix(row[office.FieldProblem], "年轻干部培养力度不够") {
			lights += row[office.FieldLight] + " "
		}
	}
	if !strings.Contains(lights, "红灯") {
		t.Errorf("problem 5's lights %q, want 红灯", lights)
	}
}
