package office

import (
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/xuri/excelize/v2"
)

// LedgerSheet is the name of the ledger's worksheet.
const LedgerSheet = "整改台账"

// LedgerOptions tunes WriteLedger.
type LedgerOptions struct {
	// AsOf is the day the lights (预警) are computed for, normally the
	// export date. The zero Date leaves the lights out.
	AsOf rectify.Date
	// WarnDays is how many days before a deadline the light turns yellow;
	// 0 means rectify.DefaultWarnDays.
	WarnDays int
	// TmpDir is where the spreadsheet library spills rows past 16 MB; ""
	// is the system's temporary folder.
	TmpDir string
	// Unit names whose ledger it is, in the title and under it; "" for a
	// ledger of several units (全部单位).
	Unit string
}

// The ledger's first rows: its title, the unit and the as-of day, then
// the header; the data start below.
const (
	ledgerTitleRow  = 1
	ledgerInfoRow   = 2
	ledgerHeaderRow = 3
	ledgerDataRow   = 4
)

// ledgerMerged are the columns of a problem's own facts, merged over the
// rows of its measures (the hidden IDs repeat in every row).
var ledgerMerged = []LedgerField{FieldNumber, FieldInspection, FieldFinding, FieldProblem, FieldTrack, FieldStatus, FieldLeader}

// WriteLedger writes rows as an Excel workbook (.xlsx) with one sheet,
// 整改台账: a title, the unit and the as-of day, a styled header frozen
// with filters on, one row per measure (a problem without measures gets
// one row) with the problem's own facts merged over its measures' rows,
// printed across A4 with the header on every page, widths that fit
// Chinese text, deadlines and dates as real dates, the lights coloured, and
// hidden columns with the IDs and versions that ReadLedger uses to bring
// changes back. Rows are written as they come and spill to a temporary
// file, so a ledger of 100,000 rows takes little memory. It returns the
// number of data rows written; the first error of rows, or w's error.
func WriteLedger(w io.Writer, rows iter.Seq2[*LedgerRow, error], opt LedgerOptions) (int, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: opt.TmpDir})
	defer f.Close()
	n, err := writeLedgerSheet(f, rows, opt)
	if err != nil {
		return 0, fmt.Errorf("ledger: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return 0, fmt.Errorf("ledger: %w", err)
	}
	return n, nil
}

// ledgerStyles are the cell styles of the ledger.
type ledgerStyles struct {
	title, info, header, text, center, date, number int
	lights                                          map[rectify.Light]int
}

func newLedgerStyles(f *excelize.File) (ledgerStyles, error) {
	var s ledgerStyles
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	dateFmt := "yyyy-mm-dd"
	defs := []struct {
		dst   *int
		style *excelize.Style
	}{
		{&s.title, &excelize.Style{Font: &excelize.Font{Family: "方正小标宋简体", Size: 18},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.info, &excelize.Style{Font: &excelize.Font{Family: "楷体", Size: 12}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&s.header, &excelize.Style{Border: border, Font: &excelize.Font{Family: "黑体", Size: 11, Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, &excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.center, &excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}}},
		{&s.date, &excelize.Style{Border: border, Font: font, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.number, &excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.style)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	s.lights = map[rectify.Light]int{}
	for light, colors := range map[rectify.Light][2]string{
		rectify.LightRed:    {"FFC7CE", "9C0006"},
		rectify.LightYellow: {"FFEB9C", "9C5700"},
		rectify.LightGreen:  {"C6EFCE", "006100"},
		rectify.LightBlue:   {"DDEBF7", "1F4E78"},
	} {
		id, err := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Family: "宋体", Size: 11, Color: colors[1]},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[0]}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
		if err != nil {
			return s, err
		}
		s.lights[light] = id
	}
	return s, nil
}

func writeLedgerSheet(f *excelize.File, rows iter.Seq2[*LedgerRow, error], opt LedgerOptions) (int, error) {
	if err := f.SetSheetName("Sheet1", LedgerSheet); err != nil {
		return 0, err
	}
	st, err := newLedgerStyles(f)
	if err != nil {
		return 0, err
	}
	// Printed on A4 across, one page wide, the header on every page.
	yes, a4, across, oneWide, anyTall := true, 9, "landscape", 1, 0
	if err := f.SetSheetProps(LedgerSheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return 0, err
	}
	if err := f.SetPageLayout(LedgerSheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &across, FitToWidth: &oneWide, FitToHeight: &anyTall}); err != nil {
		return 0, err
	}
	header := strconv.Itoa(ledgerHeaderRow)
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + LedgerSheet + "'!$" + header + ":$" + header, Scope: LedgerSheet}); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(LedgerSheet)
	if err != nil {
		return 0, err
	}
	if err := sw.SetColVisible(int(FieldInspectionID)+1, int(numLedgerFields), false); err != nil {
		return 0, err
	}
	// The library puts each column it sets first in the list, and Excel
	// wants the list in order: set them from the last to the first.
	for c := numLedgerFields - 1; c >= 0; c-- {
		if err := sw.SetColWidth(int(c)+1, int(c)+1, ledgerColumns[c].width); err != nil {
			return 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: ledgerHeaderRow, TopLeftCell: "A" + strconv.Itoa(ledgerDataRow), ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	lastVisible, err := excelize.ColumnNumberToName(int(FieldSource) + 1)
	if err != nil {
		return 0, err
	}
	unit := opt.Unit
	if unit == "" {
		unit = "全部单位"
	}
	title := strings.TrimSpace(opt.Unit + "巡察整改台账")
	info := "单位：" + unit
	if !opt.AsOf.IsZero() {
		info += "　　截至：" + opt.AsOf.Chinese()
	}
	for _, line := range []struct {
		row    int
		text   string
		style  int
		height float64
	}{{ledgerTitleRow, title, st.title, 36}, {ledgerInfoRow, info, st.info, 22}} {
		r := strconv.Itoa(line.row)
		if err := sw.SetRow("A"+r, []any{excelize.Cell{StyleID: line.style, Value: line.text}}, excelize.RowOpts{Height: line.height}); err != nil {
			return 0, err
		}
		if err := sw.MergeCell("A"+r, lastVisible+r); err != nil {
			return 0, err
		}
	}
	headerCells := make([]any, numLedgerFields)
	for c := range numLedgerFields {
		headerCells[c] = excelize.Cell{StyleID: st.header, Value: ledgerColumns[c].header}
	}
	if err := sw.SetRow("A"+header, headerCells, excelize.RowOpts{Height: 30}); err != nil {
		return 0, err
	}
	warn := opt.WarnDays
	if warn == 0 {
		warn = rectify.DefaultWarnDays
	}
	cells := make([]any, numLedgerFields)
	n := 0
	// A problem's rows, merged when the next problem begins.
	var problemID int64
	first := 0
	merge := func(end int) error {
		if first == 0 || end <= first {
			return nil
		}
		for _, c := range ledgerMerged {
			col, err := excelize.ColumnNumberToName(int(c) + 1)
			if err != nil {
				return err
			}
			if err := sw.MergeCell(col+strconv.Itoa(first), col+strconv.Itoa(end)); err != nil {
				return err
			}
		}
		return nil
	}
	for r, err := range rows {
		if err != nil {
			return 0, err
		}
		ledgerCells(cells, r, st, opt.AsOf, warn)
		row := ledgerDataRow + n
		n++
		if r.Problem.ID != problemID || r.Problem.ID == 0 {
			if err := merge(row - 1); err != nil {
				return 0, err
			}
			problemID, first = r.Problem.ID, row
		}
		if err := sw.SetRow("A"+strconv.Itoa(row), cells, excelize.RowOpts{Height: rowHeight(r)}); err != nil {
			return 0, err
		}
	}
	if n > 0 {
		if err := merge(ledgerDataRow + n - 1); err != nil {
			return 0, err
		}
	}
	last := strconv.Itoa(ledgerDataRow + max(n, 1) - 1)
	if err := f.AutoFilter(LedgerSheet, "A"+header+":"+lastVisible+last, nil); err != nil {
		return 0, err
	}
	// Drop-down lists for the columns with a closed set of values.
	for _, dl := range []struct {
		field LedgerField
		keys  []string
	}{
		{FieldStatus, []string{"完成", "长期整改", "基本完成", "待销号", "整改中", "未完成", "未开始"}},
		{FieldTrack, []string{"立行立改", "限期整改", "长期整改"}},
	} {
		col, err := excelize.ColumnNumberToName(int(dl.field) + 1)
		if err != nil {
			return 0, err
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(col + strconv.Itoa(ledgerDataRow) + ":" + col + strconv.Itoa(max(ledgerDataRow+n, 1000)))
		if err := dv.SetDropList(dl.keys); err != nil {
			return 0, err
		}
		dv.ShowErrorMessage = false // a class such as 长期整改I类 is welcome too
		if err := f.AddDataValidation(LedgerSheet, dv); err != nil {
			return 0, err
		}
	}
	if err := sw.Flush(); err != nil {
		return 0, err
	}
	return n, nil
}

// ledgerCells fills cells with the row's values and styles.
func ledgerCells(cells []any, r *LedgerRow, st ledgerStyles, asOf rectify.Date, warnDays int) {
	p, m := r.Problem, r.Measure
	text := func(s string) excelize.Cell { return excelize.Cell{StyleID: st.text, Value: s} }
	center := func(s string) excelize.Cell { return excelize.Cell{StyleID: st.center, Value: s} }
	number := func(v int64) excelize.Cell { return excelize.Cell{StyleID: st.number, Value: v} }
	date := func(d rectify.Date) excelize.Cell {
		if d.IsZero() {
			return excelize.Cell{StyleID: st.date}
		}
		return excelize.Cell{StyleID: st.date, Value: d.Time()}
	}
	cells[FieldNumber] = number(int64(p.Number))
	cells[FieldInspection] = text(inspectionLabel(r.Inspection))
	cells[FieldSource] = center(sourceText(r.Inspection))
	cells[FieldFinding] = text("")
	if r.Finding != nil {
		cells[FieldFinding] = text(r.Finding.Title)
	}
	cells[FieldProblem] = text(ProblemText(p))
	cells[FieldMeasure] = text("")
	cells[FieldTrack] = center(trackText(p.Track))
	cells[FieldStatus] = center(p.Status.LabelWithClass(p.Class))
	cells[FieldLeader] = center(p.Leader)
	cells[FieldOwnerUnit] = center(RowOwner(p, m))
	if due := RowDue(p, m); due.IsZero() && p.Track == rectify.TrackLongTerm {
		cells[FieldDue] = center(dueLongTerm)
	} else {
		cells[FieldDue] = date(due)
	}
	cells[FieldLight] = center("")
	if !asOf.IsZero() {
		if l := lightOf(r, asOf, warnDays); l != rectify.LightNone {
			cells[FieldLight] = excelize.Cell{StyleID: st.lights[l], Value: l.Label()}
		}
	}
	cells[FieldProgress] = text("")
	cells[FieldProgressDate] = date(rectify.Date{})
	if r.Progress != nil {
		cells[FieldProgress] = text(r.Progress.Text)
		cells[FieldProgressDate] = date(r.Progress.Date)
	}
	cells[FieldEvidence] = number(int64(r.Evidence))
	cells[FieldInspectionID] = number(p.InspectionID)
	cells[FieldProblemID] = number(p.ID)
	cells[FieldProblemVersion] = number(int64(p.Version))
	cells[FieldMeasureID] = number(0)
	cells[FieldMeasureVersion] = number(0)
	if m != nil {
		cells[FieldMeasure] = text(MeasureText(m))
		cells[FieldMeasureID] = number(m.ID)
		cells[FieldMeasureVersion] = number(int64(m.Version))
	} else {
		cells[FieldMeasureID] = excelize.Cell{StyleID: st.number}
		cells[FieldMeasureVersion] = excelize.Cell{StyleID: st.number}
	}
}

// rowHeight returns the height in points that shows a row's wrapped text
// whole: spreadsheet programs do not all grow a row to fit its text when
// they open a file, so the ledger says how tall each row is.
func rowHeight(r *LedgerRow) float64 {
	lines := 1
	fit := func(f LedgerField, text string) {
		usable := ledgerColumns[f].width - 1.5
		n := 0
		for _, part := range strings.Split(text, "\n") {
			units := 0.0
			for _, c := range part {
				if c >= 0x2E80 {
					units += 2.1 // a Chinese character is about two digits wide
				} else {
					units += 1.1
				}
			}
			n += max(1, int(math.Ceil(units/usable)))
		}
		lines = max(lines, n)
	}
	fit(FieldInspection, inspectionLabel(r.Inspection))
	if r.Finding != nil {
		fit(FieldFinding, r.Finding.Title)
	}
	fit(FieldProblem, ProblemText(r.Problem))
	if r.Measure != nil {
		fit(FieldMeasure, MeasureText(r.Measure))
	}
	if r.Progress != nil {
		fit(FieldProgress, r.Progress.Text)
	}
	fit(FieldOwnerUnit, RowOwner(r.Problem, r.Measure))
	return min(float64(lines)*14.5+4, 409) // Excel's tallest row is 409 pt
}
