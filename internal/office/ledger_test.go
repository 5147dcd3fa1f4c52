package office

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/xuri/excelize/v2"
)

// fixtureRows returns the ledger rows of landBureau as a store would give
// them: IDs and versions set, a status for every problem, one report.
func fixtureRows() []*LedgerRow {
	in := landBureau()
	var rows []*LedgerRow
	for _, f := range in.Findings {
		for _, p := range f.Problems {
			p.InspectionID, p.Version = in.ID, 2
			if p.Status == "" {
				p.Status = rectify.StatusNotStarted
			}
			if len(p.Measures) == 0 {
				rows = append(rows, &LedgerRow{Inspection: in, Finding: f, Problem: p})
			}
			for _, m := range p.Measures {
				m.ID, m.ProblemID, m.Version = p.ID*10+int64(m.Number), p.ID, 1
				rows = append(rows, &LedgerRow{Inspection: in, Finding: f, Problem: p, Measure: m})
			}
		}
	}
	rows[0].Measure.Owner, rows[0].Measure.Due = "执法监察大队", rectify.MustDate("2025-06-15")
	rows[1].Progress = &rectify.Progress{Date: rectify.MustDate("2025-08-01"), Text: "已恢复种植条件11宗。"}
	rows[1].Evidence = 3
	return rows
}

func seqOf(rows []*LedgerRow) iter.Seq2[*LedgerRow, error] {
	return func(yield func(*LedgerRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func ledgerBytes(t testing.TB, rows []*LedgerRow, opt LedgerOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := WriteLedger(&b, seqOf(rows), opt)
	if err != nil {
		t.Fatalf("WriteLedger: %v", err)
	}
	if n != len(rows) {
		t.Fatalf("wrote %d rows, want %d", n, len(rows))
	}
	return b.Bytes()
}

// TestWriteLedger opens the workbook and checks what a user sees.
func TestWriteLedger(t *testing.T) {
	data := ledgerBytes(t, fixtureRows(), LedgerOptions{AsOf: rectify.MustDate("2025-06-01")})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	same := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	same("sheets", f.GetSheetList(), []string{LedgerSheet})
	rows, err := f.GetRows(LedgerSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < int(numLedgerFields) {
			rows[i] = append(rows[i], "") // trailing empty cells are left out
		}
	}
	same("title", rows[0][0], "巡察整改台账")
	same("unit and day", rows[1][0], "单位：全部单位　　截至：2025年6月1日")
	rows = rows[2:] // from the header on
	same("header", rows[0][:15], []string{"序号", "巡察", "反馈问题", "具体问题", "整改措施", "整改类型", "整改状态", "责任领导", "责任单位", "整改时限", "预警", "最新进展", "进展日期", "证明材料（件）", "整改来源"})
	same("rows", len(rows), 1+8)
	same("first row", rows[1][:15], []string{"1", "县自然资源局党组 县委第三巡察组专项巡察", "耕地保护责任落实不到位",
		"违法占用耕地问题整治不彻底。部分图斑整改后又出现复耕不到位、“大棚房”反弹等情况。", "对2024年以来卫片图斑逐宗复核，建立整改台账",
		"限期整改", "完成", "王建国", "执法监察大队", "2025-06-15", "", "", "", "0", "巡察"})
	same("ids", rows[1][15:], []string{"7", "701", "2", "7011", "1"})
	same("a measure with its progress", []string{rows[2][8], rows[2][9], rows[2][11], rows[2][12], rows[2][13]},
		[]string{"耕地保护股", "2025-07-31", "已恢复种植条件11宗。", "2025-08-01", "3"})
	same("long-term without a date", []string{rows[4][6], rows[4][9], rows[4][10]}, []string{"长期整改I类", "长期", "蓝灯"})
	same("grouped measure", rows[6][4], "关于办件时限长的问题：推行“一窗受理、集成服务”，压缩办理时限至3个工作日")
	same("overdue", rows[6][10], "红灯")
	same("problem without measures", []string{rows[8][3], rows[8][4], rows[8][6], rows[8][10], rows[8][18]},
		[]string{"矿产资源出让监管存在薄弱环节 <待核实> & 跟踪", "", "未开始", "绿灯", ""})

	// Dates are numbers formatted as dates, not text.
	typ, err := f.GetCellType(LedgerSheet, "J4")
	if err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeDate && typ != excelize.CellTypeUnset {
		t.Errorf("the deadline cell is of type %v (%v)", typ, err)
	}
	raw, _ := f.GetCellValue(LedgerSheet, "J4", excelize.Options{RawCellValue: true})
	same("deadline as a serial day", raw, "45823")
	panes, err := f.GetPanes(LedgerSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	for col, want := range map[string]bool{"N": true, "O": true, "P": false, "T": false} {
		if v, _ := f.GetColVisible(LedgerSheet, col); v != want {
			t.Errorf("column %s visible = %v, want %v", col, v, want)
		}
	}
	if w, _ := f.GetColWidth(LedgerSheet, "D"); w < 40 {
		t.Errorf("the problem column is %.0f wide", w)
	}
	defined := map[string]string{}
	for _, n := range f.GetDefinedName() {
		defined[n.Name] = n.RefersTo
	}
	if !strings.HasSuffix(defined["_xlnm._FilterDatabase"], "$A$3:$O$11") || !strings.HasSuffix(defined["_xlnm.Print_Titles"], "$3:$3") {
		t.Errorf("filters or print titles not set: %v", defined)
	}
	if h, _ := f.GetRowHeight(LedgerSheet, 4); h < 30 { // two lines of 11 pt type
		t.Errorf("row 4 is %.0f pt high: its problem text does not show whole", h)
	}
	if layout, _ := f.GetPageLayout(LedgerSheet); layout.Orientation == nil || *layout.Orientation != "landscape" {
		t.Errorf("not printed across the page: %+v", layout)
	}
	// The title and the unit line span the visible columns; a problem's
	// own facts are merged over its measures' rows, its measures are not.
	merged := map[string]bool{}
	mcs, err := f.GetMergeCells(LedgerSheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, mc := range mcs {
		merged[mc.GetStartAxis()+":"+mc.GetEndAxis()] = true
	}
	for _, want := range []string{"A1:O1", "A2:O2", "A4:A6", "D4:D6", "G4:G6", "H4:H6", "D7:D8", "D9:D10"} {
		if !merged[want] {
			t.Errorf("%s not merged: %v", want, merged)
		}
	}
	for _, not := range []string{"E4:E6", "I4:I6", "O4:O6", "Q4:Q6", "D11:D11"} {
		if merged[not] {
			t.Errorf("%s merged", not)
		}
	}
	sheet := string(zipParts(t, data)["xl/worksheets/sheet1.xml"])
	cols := strings.Index(sheet, `<col min="1"`)
	if cols < 0 || cols > strings.Index(sheet, `<col min="2"`) {
		t.Error("the column list is not in order")
	}
}

// TestLedgerRoundTrip reads the written workbook back: every row as written.
func TestLedgerRoundTrip(t *testing.T) {
	rows := fixtureRows()
	l, err := ReadLedger(ledgerBytes(t, rows, LedgerOptions{AsOf: rectify.MustDate("2025-06-01")}))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) > 0 {
		t.Fatalf("errors reading our own ledger: %v", l.Errors)
	}
	if len(l.Entries) != len(rows) {
		t.Fatalf("%d entries, want %d", len(l.Entries), len(rows))
	}
	for i, e := range l.Entries {
		r := rows[i]
		want := LedgerEntry{Sheet: LedgerSheet, Row: i + ledgerDataRow, Number: r.Problem.Number, Inspection: inspectionLabel(r.Inspection),
			Source: r.Inspection.Source.Or(), SourceText: r.Inspection.Source.Or().Label(),
			Finding: r.Finding.Title, Problem: ProblemText(r.Problem), Track: r.Problem.Track, TrackText: trackText(r.Problem.Track),
			Status: r.Problem.Status, Class: r.Problem.Class, StatusText: r.Problem.Status.LabelWithClass(r.Problem.Class),
			Leader: r.Problem.Leader, OwnerUnit: RowOwner(r.Problem, r.Measure), Due: RowDue(r.Problem, r.Measure),
			InspectionID: r.Problem.InspectionID, ProblemID: r.Problem.ID, ProblemVersion: r.Problem.Version, cols: e.cols}
		if !want.Due.IsZero() {
			want.DueKind, want.DueText = DueDate, fmt.Sprint(excelSerial(want.Due))
		} else if r.Problem.Track == rectify.TrackLongTerm {
			want.DueKind, want.DueText = DueLongTerm, dueLongTerm
		}
		if r.Measure != nil {
			want.Measure, want.MeasureID, want.MeasureVersion = MeasureText(r.Measure), r.Measure.ID, r.Measure.Version
		}
		if r.Progress != nil {
			want.Progress, want.ProgressDate = r.Progress.Text, r.Progress.Date
		}
		if !reflect.DeepEqual(*e, want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i+ledgerDataRow, *e, want)
		}
	}
}

func excelSerial(d rectify.Date) int {
	return int(d.Time().Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// unitSheet builds a unit's own workbook: a title row, headers in their
// own words and order, a finding and a problem merged over their rows.
func unitSheet(t testing.TB, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "东川县自然资源局巡察整改台账")
	f.MergeCell(s, "A1", "H1")
	for i, h := range []string{"序号", "问题类别", "问题内容", "整改措施", "责任\n领导", "责任部门", "完成时限", "进展情况"} {
		set(string(rune('A'+i))+"2", h)
	}
	// Problem 1: two measures, the number, finding and problem merged.
	set("A3", 1)
	set("B3", "耕地保护责任落实不到位")
	set("C3", "1．违法占用耕地问题整治不彻底。部分图斑复耕不到位。")
	f.MergeCell(s, "A3", "A4")
	f.MergeCell(s, "B3", "B5")
	f.MergeCell(s, "C3", "C4")
	set("D3", "①逐宗复核卫片图斑")
	set("E3", "王建国")
	set("F3", "耕地保护股")
	set("G3", time.Date(2025, 7, 31, 0, 0, 0, 0, time.UTC))
	set("H3", "已复核86宗")
	set("D4", "②督促恢复种植条件")
	set("E4", "王建国")
	set("F4", "执法监察大队")
	set("G4", "2025年底前")
	// Problem 2 under the same finding, its deadline as text.
	set("A5", 2)
	set("C5", "耕地占补平衡项目验收把关不严")
	set("D5", "委托第三方复核已验收项目")
	set("E5", "李红梅")
	set("G5", "长期")
	set("A7", "注：本表由局办公室汇总。")
	if edit != nil {
		edit(f)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadUnitSheet(t *testing.T) {
	l, err := ReadLedger(unitSheet(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Errors) > 0 {
		t.Fatalf("errors: %v", l.Errors)
	}
	type row struct {
		Row                                           int
		Number                                        int
		Finding, Problem, Measure, Leader, Owner, Due string
		Kind                                          DueKind
		Progress                                      string
	}
	var got []row
	for _, e := range l.Entries {
		got = append(got, row{e.Row, e.Number, e.Finding, e.Problem, e.Measure, e.Leader, e.OwnerUnit, e.Due.String(), e.DueKind, e.Progress})
	}
	want := []row{
		{3, 1, "耕地保护责任落实不到位", "1．违法占用耕地问题整治不彻底。部分图斑复耕不到位。", "①逐宗复核卫片图斑", "王建国", "耕地保护股", "2025-07-31", DueDate, "已复核86宗"},
		{4, 1, "耕地保护责任落实不到位", "1．违法占用耕地问题整治不彻底。部分图斑复耕不到位。", "②督促恢复种植条件", "王建国", "执法监察大队", "2025-12-31", DueDate, ""},
		{5, 2, "耕地保护责任落实不到位", "耕地占补平衡项目验收把关不严", "委托第三方复核已验收项目", "李红梅", "", "", DueLongTerm, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\n got %+v\nwant %+v", got, want)
	}
	if l.Entries[0].Has(FieldStatus) || !l.Entries[0].Has(FieldProgress) {
		t.Error("Has does not follow the sheet's columns")
	}
	if c := l.Entries[0].Cell(FieldDue); c != "Sheet1!G3" {
		t.Errorf("Cell = %s", c)
	}
}

// TestReadLedgerErrors: every bad cell is named by sheet, row and column,
// with its value and why; a missing column by its name.
func TestReadLedgerErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *excelize.File)
		want []string
		bad  []int // rows marked bad
	}{
		{"bad date, unknown status, missing column", func(f *excelize.File) {
			f.SetCellValue("Sheet1", "G5", "明年")
			f.SetCellValue("Sheet1", "I2", "整改状态")
			f.SetCellValue("Sheet1", "I3", "搞定了")
			f.SetCellValue("Sheet1", "D2", "备注")
		}, []string{
			"Sheet1：缺少“整改措施”列（表头可写作“整改措施”“措施”“整改举措”“具体措施”）",
			"Sheet1!I3：整改状态“搞定了”无法识别，应为完成、长期整改、基本完成、待销号、整改中、未完成或未开始",
			"Sheet1!G5：整改时限“明年”无法识别为日期",
		}, []int{3, 5}},
		{"a date without its year", func(f *excelize.File) { f.SetCellValue("Sheet1", "G4", "12月底前") },
			[]string{"Sheet1!G4：整改时限“12月底前”缺少年份，请写成如 2024年5月31日"}, []int{4}},
		{"an impossible day", func(f *excelize.File) { f.SetCellValue("Sheet1", "G4", "2025-02-30") },
			[]string{"Sheet1!G4：整改时限“2025-02-30”不是有效的日期"}, []int{4}},
		{"an unknown track", func(f *excelize.File) {
			f.SetCellValue("Sheet1", "J2", "整改类型")
			f.SetCellValue("Sheet1", "J5", "慢慢改")
		}, []string{"Sheet1!J5：整改类型“慢慢改”无法识别，应为立行立改、限期整改或长期整改"}, []int{5}},
		{"an unknown kind of rectification", func(f *excelize.File) {
			f.SetCellValue("Sheet1", "J2", "整改来源")
			f.SetCellValue("Sheet1", "J3", "审计")
			f.SetCellValue("Sheet1", "J4", "彩票")
			f.SetCellValue("Sheet1", "J5", "省生态环境保护督察")
		}, []string{"Sheet1!J4：整改来源“彩票”无法识别，应为巡察、巡视、审计、生态环境督察、督查或其他"}, []int{4}},
		{"an ID that was edited", func(f *excelize.File) {
			f.SetCellValue("Sheet1", "K2", "问题ID")
			f.SetCellValue("Sheet1", "K3", "七〇一")
		}, []string{"Sheet1!K3：问题ID“七〇一”不是有效的编号（隐藏的编号列请勿修改）"}, []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ReadLedger(unitSheet(t, tt.edit))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range l.Errors {
				got = append(got, e.Message)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
			var bad []int
			for _, e := range l.Entries {
				if e.Bad {
					bad = append(bad, e.Row)
				}
			}
			if !reflect.DeepEqual(bad, tt.bad) {
				t.Errorf("bad rows %v, want %v", bad, tt.bad)
			}
		})
	}
}

func TestReadLedgerBrokenFiles(t *testing.T) {
	good := ledgerBytes(t, fixtureRows(), LedgerOptions{})
	docx := docxBytes(t, landBureau(), NoticeOptions{})
	empty := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetCellValue("Sheet1", "A1", "这张表没有台账")
		var b bytes.Buffer
		f.WriteTo(&b)
		return b.Bytes()
	}()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty file", nil, "文件是空的"},
		{"text", []byte("序号,具体问题,整改措施\n1,a,b\n"), "不是 Excel 工作簿（.xlsx）：文件不是 zip 格式"},
		{"truncated", good[:len(good)/2], "已损坏或不完整"},
		{"old .xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "旧版 Excel 文件（.xls）"},
		{"a Word document", docx, "这是 Word 文档（.docx），不是台账"},
		{"no ledger in it", empty, "工作簿中没有找到台账"},
		{"too large", make([]byte, MaxLedgerSize+1), "超过台账导入的上限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLedger(tt.data)
			if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), tt.want) {
				t.Errorf("ReadLedger: %v, want a message with %q", err, tt.want)
			}
		})
	}
}

func TestParseLedgerDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		kind DueKind
		why  string
	}{
		{"2024-05-31", "2024-05-31", DueDate, ""},
		{"2024/5/31", "2024-05-31", DueDate, ""},
		{"2024.5.31", "2024-05-31", DueDate, ""},
		{"2024年5月31日", "2024-05-31", DueDate, ""},
		{"２０２４年５月３１日前", "2024-05-31", DueDate, ""},
		{"2024-05-31 00:00:00", "2024-05-31", DueDate, ""},
		{"2024年5月", "2024-05-31", DueDate, ""},
		{"2024年2月底", "2024-02-29", DueDate, ""},
		{"2024年6月中旬", "2024-06-20", DueDate, ""},
		{"2024年底前", "2024-12-31", DueDate, ""},
		{"2024年", "2024-12-31", DueDate, ""},
		{"2024年上半年", "2024-06-30", DueDate, ""},
		{"2024年第三季度", "2024-09-30", DueDate, ""},
		{"2024年3季度", "2024-09-30", DueDate, ""},
		{"45443", "2024-05-31", DueDate, ""},
		{"45443.5", "2024-05-31", DueDate, ""},
		{"20240531", "2024-05-31", DueDate, ""},
		{"2024", "2024-12-31", DueDate, ""},
		{"2024.5", "2024-05-31", DueDate, ""},
		{"长期", "", DueLongTerm, ""},
		{"长期坚持", "", DueLongTerm, ""},
		{"立行立改", "", DueImmediate, ""},
		{"", "", DueNone, ""},
		{"明年", "", DueNone, "无法识别为日期"},
		{"12月底前", "", DueNone, "缺少年份，请写成如 2024年5月31日"},
		{"2024-13-01", "", DueNone, "不是有效的日期"},
		{"2023年2月29日", "", DueNone, "不是有效的日期"},
		{"1", "", DueNone, "无法识别为日期"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, kind, why := parseLedgerDate(tt.in)
			if d.String() != tt.want || kind != tt.kind || why != tt.why {
				t.Errorf("parseLedgerDate(%q) = %s %v %q, want %s %v %q", tt.in, d, kind, why, tt.want, tt.kind, tt.why)
			}
		})
	}
}

func TestProblemAndMeasureText(t *testing.T) {
	tests := []struct {
		cell, title, desc string
	}{
		{"河长制推进不力。巡河记录缺失。", "河长制推进不力", "巡河记录缺失。"},
		{"1．河长制推进不力。巡河记录缺失。", "河长制推进不力", "巡河记录缺失。"},
		{"（3）河长制推进不力", "河长制推进不力", ""},
		{"2、河长制推进不力", "河长制推进不力", ""},
	}
	for _, tt := range tests {
		if title, desc := SplitProblemText(tt.cell); title != tt.title || desc != tt.desc {
			t.Errorf("SplitProblemText(%q) = %q, %q", tt.cell, title, desc)
		}
	}
	if g, text := SplitMeasureText("关于办件时限长的问题：推行一窗受理"); g != "关于办件时限长的问题" || text != "推行一窗受理" {
		t.Errorf("splitMeasureText: %q %q", g, text)
	}
	if g, text := SplitMeasureText("①逐宗复核"); g != "" || text != "逐宗复核" {
		t.Errorf("splitMeasureText: %q %q", g, text)
	}
}

// FuzzReadLedger: the reader takes files from users; whatever they hold,
// it answers with entries or an EINVALID error, never a panic.
func FuzzReadLedger(f *testing.F) {
	f.Add(ledgerBytes(f, fixtureRows()[:2], LedgerOptions{}))
	f.Add(unitSheet(f, nil))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("序号,具体问题"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadLedger(data)
		if err != nil {
			if rectify.ErrorCode(err) != rectify.EINVALID {
				t.Fatalf("not a user error: %v", err)
			}
			return
		}
		for _, e := range l.Errors {
			if e.Message == "" || e.Sheet == "" {
				t.Fatalf("an error without a place or a message: %+v", e)
			}
		}
	})
}

// rowsN returns a synthetic ledger of n measure rows.
func rowsN(n int) iter.Seq2[*LedgerRow, error] {
	in := landBureau()
	f := in.Findings[0]
	return func(yield func(*LedgerRow, error) bool) {
		var p *rectify.Problem
		for i := range n {
			if i%4 == 0 {
				p = &rectify.Problem{ID: int64(i/4 + 1), InspectionID: in.ID, Number: i/4 + 1, Version: 1,
					Title:       "违法占用耕地问题整治不彻底第" + fmt.Sprint(i/4+1) + "项",
					Description: "部分图斑整改后又出现复耕不到位、“大棚房”反弹等情况，巡查记录流于形式。", Track: rectify.TrackDeadline,
					Status: rectify.StatusInProgress, Leader: "王建国", OwnerUnit: "耕地保护股", Due: rectify.MustDate("2025-07-31")}
			}
			m := &rectify.Measure{ID: int64(i + 1), ProblemID: p.ID, Number: i%4 + 1, Version: 1,
				Text: "对2024年以来卫片图斑逐宗复核，建立整改台账，逐月通报进度。", Due: rectify.MustDate("2025-06-30")}
			r := &LedgerRow{Inspection: in, Finding: f, Problem: p, Measure: m, Evidence: i % 3}
			if i%2 == 0 {
				r.Progress = &rectify.Progress{Date: rectify.MustDate("2025-05-20"), Text: "已完成复核86宗，整改到位71宗。"}
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// BenchmarkLedgerExport100k writes 100,000 measure rows (goal: ≤ 5 s, ≤ 150
// MB peak memory). The peak is measured in a process of its own, which
// does one export and reads its high-water mark of resident memory (VmHWM
// of /proc/self/status): reported as peak-RSS-MB, on Linux.
func BenchmarkLedgerExport100k(b *testing.B) {
	for b.Loop() {
		n, err := WriteLedger(io.Discard, rowsN(100_000), LedgerOptions{AsOf: rectify.MustDate("2025-06-01"), TmpDir: b.TempDir()})
		if err != nil || n != 100_000 {
			b.Fatalf("%d rows: %v", n, err)
		}
	}
	if runtime.GOOS != "linux" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLedgerExportChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "RECTIFY_LEDGER_EXPORT_CHILD=1")
	out, err := cmd.CombinedOutput()
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(out)
	if err != nil || m == nil {
		b.Fatalf("measuring the peak: %v\n%s", err, out)
	}
	kb, _ := strconv.Atoi(string(m[1]))
	b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
}

// TestLedgerExportChild is the process BenchmarkLedgerExport100k measures:
// one export of 100,000 rows, then its peak resident memory.
func TestLedgerExportChild(t *testing.T) {
	if os.Getenv("RECTIFY_LEDGER_EXPORT_CHILD") == "" {
		t.Skip("run by BenchmarkLedgerExport100k")
	}
	n, err := WriteLedger(io.Discard, rowsN(100_000), LedgerOptions{AsOf: rectify.MustDate("2025-06-01"), TmpDir: t.TempDir()})
	if err != nil || n != 100_000 {
		t.Fatalf("%d rows: %v", n, err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(regexp.MustCompile(`VmHWM:\s+\d+ kB`).FindString(string(status)))
}
