package office

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
	"github.com/xuri/excelize/v2"
)

// Limits of what ReadLedger takes in.
const (
	// MaxLedgerSize is the largest workbook read: a ledger of 100,000
	// rows written by WriteLedger takes about 8 MB.
	MaxLedgerSize = 20 << 20
	// maxLedgerRows is the most rows read of one sheet, counted by the
	// row numbers the sheet gives: the first row past it stops the reading.
	maxLedgerRows = 200_000
	// maxLedgerCells is the most cells read of the whole workbook, the gaps
	// a row leaves before a cell included (16,384 columns in a row at most).
	maxLedgerCells = 4_000_000
	// maxUnzipped bounds what the workbook's parts may inflate to in all,
	// maxRatio how much more than its compressed size a part may declare
	// (spreadsheet XML deflates 10 to 50 times).
	maxUnzipped = 512 << 20
	maxRatio    = 250
	// maxSheetPart bounds the worksheets' XML, all sheets together (what
	// the rows are read from); maxSharedStrings the
	// shared strings table, which is held in memory whole; maxOtherParts
	// every other part together (styles, the workbook, pictures), also
	// held in memory. A ledger of 100,000 rows written by WriteLedger
	// inflates to about 130 MB.
	maxSheetPart     = 256 << 20
	maxSharedStrings = 64 << 20
	maxOtherParts    = 64 << 20
	// maxSharedCount is the most strings in the shared strings table,
	// which the library holds as objects of their own, some 400 bytes
	// each: 250,000 take about 100 MB. (WriteLedger writes its texts in
	// the cells, without this table.)
	maxSharedCount = 250_000
	// maxIndexPart bounds the workbook's index parts (xl/workbook.xml,
	// its relationships, the content types), each decoded whole.
	maxIndexPart = 4 << 20
	// headerRows is how many rows are searched for the header: a title
	// ("XX单位巡察整改台账") and notes often stand above it.
	headerRows = 30
)

// Ledger is a workbook read as a ledger: its rows, typed, and every cell
// that could not be understood.
type Ledger struct {
	Entries []*LedgerEntry
	// Errors lists the bad cells and the sheets that lack a column, in the
	// order of the sheets and rows.
	Errors []CellError
	// Sheets are the sheets read as ledgers; Skipped those without a
	// ledger's header (a note, a summary).
	Sheets  []string
	Skipped []string
}

// LedgerEntry is one data row of a ledger sheet. Text is trimmed; a column
// the sheet does not have is empty (see Has).
type LedgerEntry struct {
	Sheet string
	Row   int  // 1-based, as the spreadsheet shows it
	Bad   bool // a cell of the row could not be read; see Ledger.Errors

	Number     int // 序号, 0 when none
	Inspection string
	// Source is the kind of rectification the row names (整改来源), ""
	// when the cell is empty; SourceText the cell as written.
	Source     rectify.Source
	SourceText string
	Finding    string
	Problem    string // the problem's text, as written (title and description)
	Measure    string
	Track      rectify.Track
	TrackText  string
	Status     rectify.Status // "" when the cell is empty
	Class      string         // of a long-term status
	StatusText string
	Leader     string
	OwnerUnit  string
	Due        rectify.Date
	DueKind    DueKind
	DueText    string
	Progress   string
	// ProgressDate is the date written beside the progress, if any.
	ProgressDate rectify.Date
	// Done is the day the row's measure (or its problem) was carried out
	// (完成时间), zero when the sheet does not say.
	Done rectify.Date

	InspectionID, ProblemID, MeasureID int64
	ProblemVersion, MeasureVersion     int
	// Inherited is set when the row left the problem empty and takes the
	// one above (a measure under the problem of the previous row).
	Inherited bool

	cols *sheetColumns
}

// DueKind says what a deadline cell held.
type DueKind int

// The kinds of deadline.
const (
	DueNone      DueKind = iota // empty
	DueDate                     // a day (or a month or year, taken at its end)
	DueLongTerm                 // 长期, 长期坚持: no date
	DueImmediate                // 立行立改: no date
)

// Has reports whether the entry's sheet has the column f.
func (e *LedgerEntry) Has(f LedgerField) bool { return e.cols != nil && e.cols.index[f] >= 0 }

// Cell returns where the entry's value of f stands, "Sheet1!C7", or the
// row, "Sheet1 第7行", when the sheet lacks that column.
func (e *LedgerEntry) Cell(f LedgerField) string {
	if e.Has(f) {
		return e.Sheet + "!" + columnName(e.cols.index[f]) + strconv.Itoa(e.Row)
	}
	return fmt.Sprintf("%s 第%d行", e.Sheet, e.Row)
}

// CellError is a cell, row or sheet that could not be read.
type CellError struct {
	Sheet string
	Row   int    // 0: the sheet as a whole
	Cell  string // "C7"; "" for a row or a sheet
	// Message says where and why, in Chinese: "Sheet1!C7：整改时限“明年”无法识别为日期".
	Message string
}

func (e CellError) Error() string { return e.Message }

// sheetColumns maps fields to the columns of one sheet (0-based, −1 absent).
type sheetColumns struct {
	index  [numReadFields]int
	header int // 0-based row of the header
}

// ReadLedger reads a workbook (.xlsx) as a ledger: the sheet written by
// WriteLedger, or a unit's own sheet with the usual column names (问题内容,
// 整改措施, 责任领导, 责任单位, 整改时限, 整改进展, … in any order, under a
// title row or not, with merged cells). Every cell it cannot understand is
// in Ledger.Errors, by sheet, row and column, and its row is marked Bad.
// It returns an EINVALID error when data is not a workbook it can open (not
// a zip, truncated, an old .xls, too large) or holds no ledger sheet.
func ReadLedger(data []byte) (l *Ledger, err error) {
	if len(data) > MaxLedgerSize {
		return nil, rectify.Errorf(rectify.EINVALID, "文件有 %.1f MB，超过台账导入的上限 %d MB；请按单位或巡察拆分后再导入",
			float64(len(data))/(1<<20), MaxLedgerSize>>20)
	}
	zr, err := sniffWorkbook(data)
	if err != nil {
		return nil, err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return nil, err
	}
	if err := checkParts(zr, parts); err != nil {
		return nil, err
	}
	// Each visible sheet's rows and cells are counted from its bytes
	// before the spreadsheet library unpacks anything, stopping at the
	// first row past a limit: a workbook that inflates to hundreds of
	// megabytes is refused in a fraction of a second.
	if err := countSharedStrings(zr); err != nil {
		return nil, err
	}
	merges := map[string][]mergeRange{}
	cells := 0
	for _, s := range sheetOrder(zr) {
		m, err := scanSheet(parts[s], s, &cells)
		if err != nil {
			return nil, err
		}
		merges[s] = m
	}
	defer func() {
		// The spreadsheet library must not bring the program down on a
		// file it cannot make sense of.
		if r := recover(); r != nil {
			l, err = nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）已损坏，无法读取")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, workbookError(err)
	}
	defer f.Close()
	l = &Ledger{}
	read := 0 // cells read so far, over all sheets
	for _, sheet := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
			continue
		}
		rows, err := readRows(f, sheet, &read)
		if err != nil {
			return nil, err
		}
		fillMerged(rows, merges[sheet])
		cols, ok := findHeader(rows)
		if !ok {
			l.Skipped = append(l.Skipped, sheet)
			continue
		}
		l.Sheets = append(l.Sheets, sheet)
		l.readSheet(sheet, rows, cols)
	}
	if len(l.Sheets) == 0 {
		return nil, rectify.Errorf(rectify.EINVALID, "工作簿中没有找到台账：需要一行表头，写有“具体问题”（或“问题内容”）、“整改措施”等列名")
	}
	return l, nil
}

// sniffWorkbook refuses, with a reason, what is plainly not an .xlsx, and
// returns its parts.
func sniffWorkbook(data []byte) (*zip.Reader, error) {
	switch {
	case len(data) == 0:
		return nil, rectify.Errorf(rectify.EINVALID, "文件是空的")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, rectify.Errorf(rectify.EINVALID, "这是旧版 Excel 文件（.xls）或加密的工作簿：请在 Excel 或 WPS 中另存为 .xlsx（不设密码）后再导入")
	case !bytes.HasPrefix(data, []byte("PK")):
		return nil, rectify.Errorf(rectify.EINVALID, "不是 Excel 工作簿（.xlsx）：文件不是 zip 格式")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）已损坏或不完整，无法读取")
	}
	names := map[string]bool{}
	var total uint64
	for _, f := range zr.File {
		names[strings.TrimPrefix(f.Name, "/")] = true
		// The reader sets aside memory for each part's declared size: a
		// small file declaring huge parts must not get that far. (A part
		// that inflates past its declared size fails as corrupt while it
		// is read.)
		total += f.UncompressedSize64
		switch name := strings.TrimPrefix(f.Name, "/"); name {
		case "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml":
			// Decoded whole, here and by the library: a few hundred KB
			// even with thousands of sheets and names.
			if f.UncompressedSize64 > maxIndexPart {
				return nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿的 %s 解压后有 %.1f MB，超过台账导入的上限 %d MB，不是正常保存的文件",
					name, float64(f.UncompressedSize64)/(1<<20), maxIndexPart>>20)
			}
		}
		if total > maxUnzipped {
			return nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）解压后超过台账导入的上限 %d MB，无法导入；请按单位或巡察拆分后再导入", maxUnzipped>>20)
		}
	}
	switch {
	case names["xl/workbook.xml"]:
		return zr, nil
	case names["word/document.xml"]:
		return nil, rectify.Errorf(rectify.EINVALID, "这是 Word 文档（.docx），不是台账；通报请用 rectify import 导入")
	case names["content.xml"]:
		return nil, rectify.Errorf(rectify.EINVALID, "不支持 OpenDocument 表格（.ods），请另存为 .xlsx 后再导入")
	}
	return nil, rectify.Errorf(rectify.EINVALID, "压缩包中没有 xl/workbook.xml，不是 Excel 工作簿（.xlsx）")
}

// sheetParts returns the part of each sheet by the sheet's name, as
// xl/workbook.xml and its relationships say; sheets it cannot place are
// left out. An index part that is there but cannot be decoded (broken,
// or nested past maxXMLDepth) refuses the workbook.
func sheetParts(zr *zip.Reader) (map[string]*zip.File, error) {
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, part := range []struct {
		name string
		v    any
	}{{"xl/workbook.xml", &wb}, {"xl/_rels/workbook.xml.rels", &rels}} {
		if f := files[part.name]; f != nil && readXMLPart(f, part.v) != nil {
			return nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿的目录（%s）已损坏，无法读取", part.name)
		}
		if files[part.name] == nil {
			return nil, nil
		}
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]*zip.File{}
	for _, s := range wb.Sheets {
		if f := files[targets[s.ID]]; f != nil {
			out[s.Name] = f
		}
	}
	return out, nil
}

// sheetOrder returns the names of the visible sheets, in the workbook's
// order, as xl/workbook.xml lists them.
func sheetOrder(zr *zip.Reader) []string {
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
		} `xml:"sheets>sheet"`
	}
	for _, f := range zr.File {
		if strings.TrimPrefix(f.Name, "/") == "xl/workbook.xml" {
			if readXMLPart(f, &wb) != nil {
				return nil
			}
		}
	}
	var out []string
	for _, s := range wb.Sheets {
		if s.State != "hidden" && s.State != "veryHidden" {
			out = append(out, s.Name)
		}
	}
	return out
}

// checkParts refuses a workbook one of whose parts would inflate past its
// limit, naming the part and the limit.
func checkParts(zr *zip.Reader, sheets map[string]*zip.File) error {
	isSheet := map[*zip.File]bool{}
	for _, f := range sheets {
		isSheet[f] = true
	}
	var other, sheetBytes uint64
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		size := f.UncompressedSize64
		switch {
		case isSheet[f] || strings.HasPrefix(strings.ToLower(name), "xl/worksheets/"):
			if sheetBytes += size; sheetBytes > maxSheetPart {
				return rectify.Errorf(rectify.EINVALID, "Excel 工作簿的工作表解压后共超过台账导入的上限 %d MB（到 %s 为止）；请按单位或巡察拆分后再导入",
					maxSheetPart>>20, clipText(name, 60))
			}
		case strings.EqualFold(name, "xl/sharedStrings.xml"):
			if size > maxSharedStrings {
				return rectify.Errorf(rectify.EINVALID, "Excel 工作簿的共享字符串表（xl/sharedStrings.xml）解压后有 %.1f MB，超过台账导入的上限 %d MB；请删去无关的工作表或按单位拆分后再导入",
					float64(size)/(1<<20), maxSharedStrings>>20)
			}
		default:
			if other += size; other > maxOtherParts {
				return rectify.Errorf(rectify.EINVALID, "Excel 工作簿中工作表以外的内容（样式、图片等）解压后超过台账导入的上限 %d MB（%s）；请删去图片等内容后再导入",
					maxOtherParts>>20, clipText(name, 60))
			}
		}
		if size > maxRatio*max(f.CompressedSize64, 4096) {
			return rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）的压缩数据异常（%s 解压后是压缩时的 %d 倍以上），已损坏或不是正常保存的文件",
				clipText(name, 60), maxRatio)
		}
	}
	return nil
}

// countSharedStrings counts the strings (<si> elements) of the shared
// strings table from its bytes, refusing the table at the first one past
// maxSharedCount.
func countSharedStrings(zr *zip.Reader) error {
	for _, f := range zr.File {
		if !strings.EqualFold(strings.TrimPrefix(f.Name, "/"), "xl/sharedStrings.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return workbookError(err)
		}
		defer rc.Close()
		br := bufio.NewReaderSize(io.LimitReader(rc, maxSharedStrings+1), 64<<10)
		n := 0
		for {
			if _, err := br.ReadSlice('<'); err != nil {
				if errors.Is(err, bufio.ErrBufferFull) {
					continue
				}
				if errors.Is(err, io.EOF) {
					break
				}
				return workbookError(err)
			}
			head, _ := br.Peek(3)
			if len(head) == 3 && head[0] == 's' && head[1] == 'i' && (head[2] == '>' || head[2] == ' ' || head[2] == '/') {
				if n++; n > maxSharedCount {
					return rectify.Errorf(rectify.EINVALID, "Excel 工作簿的共享字符串表（xl/sharedStrings.xml）有超过 %d 个不同的文字，超过台账导入的上限；请删去无关的工作表或按单位拆分后再导入", maxSharedCount)
				}
			}
		}
	}
	return nil
}

// readRows reads a sheet's rows through the library's row iterator, as
// GetRows would but stopping at the first row or cell past the limits;
// *cells counts the cells read over all sheets.
func readRows(f *excelize.File, sheet string, cells *int) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, workbookError(err)
	}
	defer it.Close()
	rows, cur, last := make([][]string, 0, 64), 0, 0
	for it.Next() {
		cur++
		if cur > maxLedgerRows {
			return nil, rowLimitError(sheet, cur)
		}
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			break
		}
		if *cells += len(row); *cells > maxLedgerCells {
			return nil, cellLimitError(sheet, cur)
		}
		if len(row) > 0 {
			if empty := cur - last - 1; empty > 0 {
				rows = append(rows, make([][]string, empty)...)
			}
			rows = append(rows, row)
			last = cur
		}
	}
	if err := it.Error(); err != nil {
		return nil, workbookError(err)
	}
	return rows[:last], nil
}

func rowLimitError(sheet string, row int) error {
	return rectify.Errorf(rectify.EINVALID, "工作表“%s”第 %d 行超过台账导入的上限 %d 行；请按单位或巡察拆分后再导入", sheet, row, maxLedgerRows)
}

func cellLimitError(sheet string, row int) error {
	return rectify.Errorf(rectify.EINVALID, "工作簿的单元格读到工作表“%s”第 %d 行时超过台账导入的上限 %d 个；请删去无关的列或工作表后再导入", sheet, row, maxLedgerCells)
}

// readXMLPart decodes a small part of the package.
func readXMLPart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing part")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewTokenDecoder(&depthGuard{dec: xml.NewDecoder(io.LimitReader(rc, maxIndexPart))}).Decode(v)
}

// maxXMLDepth is the deepest an index part's elements may nest; a
// workbook.xml nests 4 levels.
const maxXMLDepth = 64

// depthGuard passes an XML part's tokens on until an element nests past
// maxXMLDepth, so that a part of nested elements does not grow the
// decoder's stack.
type depthGuard struct {
	dec   *xml.Decoder
	depth int
}

func (g *depthGuard) Token() (xml.Token, error) {
	tok, err := g.dec.Token()
	switch tok.(type) {
	case xml.StartElement:
		if g.depth++; g.depth > maxXMLDepth {
			return nil, errors.New("xml: elements nested too deep")
		}
	case xml.EndElement:
		g.depth--
	}
	return tok, err
}

// mergeRange is a merged range of cells, 1-based.
type mergeRange struct{ c1, r1, c2, r2 int }

// scanSheet returns the merged ranges of a sheet's part (its <mergeCell
// ref="A1:B2"/> elements), reading the part as a stream of bytes: a sheet
// of 100,000 rows is not decoded for them. On the way it counts the rows,
// by their numbers, and the cells (adding them to *cells), and stops with
// an error at the first row or cell past the limits, or when the part
// inflates past maxSheetPart whatever it declared.
func scanSheet(f *zip.File, sheet string, cells *int) ([]mergeRange, error) {
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, workbookError(err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxSheetPart + 1}
	br := bufio.NewReaderSize(lr, 64<<10)
	var out []mergeRange
	row, width := 0, 0
	defer func() { *cells += width }()
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if lr.N <= 0 {
				return nil, rectify.Errorf(rectify.EINVALID, "Excel 工作簿中的工作表“%s”解压后超过台账导入的上限 %d MB；请按单位或巡察拆分后再导入", sheet, maxSheetPart>>20)
			}
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, workbookError(err)
		}
		head, _ := br.Peek(24)
		name := head
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch string(name) {
		case "c":
			// A cell counts with the empty cells before it in its row,
			// as the rows are read: <c r="XFD1"> is 16,384 cells.
			tag, _ := br.ReadSlice('>')
			width = max(width+1, cellColumn(tag))
			if *cells+width > maxLedgerCells {
				return nil, cellLimitError(sheet, max(row, 1))
			}
			continue
		case "row":
			*cells += width
			width = 0
			row++
			tag, err := br.ReadSlice('>')
			if m := reRowNumber.FindSubmatch(tag); err == nil && m != nil {
				n, err := strconv.Atoi(string(m[1]))
				if err != nil || n > maxLedgerRows {
					return nil, rowLimitError(sheet, max(n, maxLedgerRows+1))
				}
				row = max(row, n)
			}
			if row > maxLedgerRows {
				return nil, rowLimitError(sheet, row)
			}
			continue
		case "mergeCell":
		default:
			continue
		}
		tag, err := br.ReadSlice('>')
		if err != nil {
			continue
		}
		m := reMergeRef.FindSubmatch(tag)
		if m == nil {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(string(m[1]))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(m[2]))
		if err1 == nil && err2 == nil && len(out) <= maxLedgerRows {
			out = append(out, mergeRange{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)})
		}
	}
}

// cellColumn returns the 1-based column of a cell's start tag, from its r
// attribute ("XFD7": 16384), or 0.
func cellColumn(tag []byte) int {
	i := bytes.Index(tag, []byte(` r="`))
	if i < 0 {
		i = bytes.Index(tag, []byte(` r='`))
	}
	if i < 0 {
		return 0
	}
	col := 0
	for _, b := range tag[i+4:] {
		switch {
		case b >= 'A' && b <= 'Z':
			col = col*26 + int(b-'A'+1)
		case b >= 'a' && b <= 'z':
			col = col*26 + int(b-'a'+1)
		default:
			return col
		}
		if col > 16384 {
			return 16384
		}
	}
	return col
}

var reRowNumber = regexp.MustCompile(`\sr\s*=\s*["']([0-9]+)["']`)

var reMergeRef = regexp.MustCompile(`ref\s*=\s*["']([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)["']`)

// workbookError turns the spreadsheet library's error into a message.
func workbookError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "size exceeds") || strings.Contains(msg, "unzip size"):
		return rectify.Errorf(rectify.EINVALID, "Excel 工作簿解压后超过 %d MB，无法导入", maxUnzipped>>20)
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm):
		return rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）已损坏或不完整，无法读取")
	}
	return rectify.Errorf(rectify.EINVALID, "Excel 工作簿（.xlsx）无法读取（%s）", clipText(msg, 80))
}

// fillMerged gives every cell of a merged range the value of its top-left
// cell, as a reader of the sheet sees it; only within the rows and columns
// that hold data.
func fillMerged(rows [][]string, merges []mergeRange) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for _, m := range merges {
		if m.r1 < 1 || m.r1 > len(rows) || m.c1 < 1 || m.c1-1 >= len(rows[m.r1-1]) {
			continue
		}
		v := rows[m.r1-1][m.c1-1]
		r2, c2 := min(m.r2, len(rows)), min(m.c2, width)
		for r := m.r1; r <= r2; r++ {
			for c := m.c1; c <= c2; c++ {
				if r == m.r1 && c == m.c1 {
					continue
				}
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
}

// normHeader reduces a header to what is compared: no spaces or line
// breaks, no trailing colon, an ASCII form of full-width letters.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000':
			continue
		case r >= 'ａ' && r <= 'ｚ', r >= 'Ａ' && r <= 'Ｚ', r >= '０' && r <= '９':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), ":：*＊")
	return strings.ToUpper(out)
}

// maxHeaderLen is the longest cell taken for a header, in bytes: a header
// is a few words, a row of data is not.
const maxHeaderLen = 90

// headerField returns the field a header names, or −1. The names in
// ledgerColumns are written as normHeader leaves them.
func headerField(cell string) LedgerField {
	if len(cell) > maxHeaderLen {
		return -1
	}
	h := normHeader(cell)
	if h == "" {
		return -1
	}
	for f := range numReadFields {
		if h == ledgerColumns[f].header {
			return f
		}
		for _, s := range ledgerColumns[f].synonyms {
			if h == s {
				return f
			}
		}
	}
	// A longer header that starts with a name of three characters or more:
	// 问题内容（具体表现）, 整改时限（完成时间）.
	prefixed := func(s string) bool { return utf8.RuneCountInString(s) >= 3 && strings.HasPrefix(h, s) }
	for f := range numReadFields {
		if prefixed(ledgerColumns[f].header) {
			return f
		}
		for _, s := range ledgerColumns[f].synonyms {
			if prefixed(s) {
				return f
			}
		}
	}
	return -1
}

// findHeader returns the columns of the header row: of the first rows, the
// first that names the most fields, at least two.
func findHeader(rows [][]string) (*sheetColumns, bool) {
	best, bestScore := -1, 1
	var bestCols *sheetColumns
	for r := 0; r < len(rows) && r < headerRows; r++ {
		cols := &sheetColumns{header: r}
		for i := range cols.index {
			cols.index[i] = -1
		}
		score := 0
		for c, cell := range rows[r] {
			f := headerField(cell)
			if f < 0 || cols.index[f] >= 0 {
				continue
			}
			cols.index[f] = c
			score++
		}
		if score > bestScore {
			best, bestScore, bestCols = r, score, cols
		}
	}
	return bestCols, best >= 0
}

// requiredFields are the columns a ledger sheet must have.
var requiredFields = []LedgerField{FieldProblem, FieldMeasure}

// readSheet reads the data rows under the header.
func (l *Ledger) readSheet(sheet string, rows [][]string, cols *sheetColumns) {
	for _, f := range requiredFields {
		if cols.index[f] < 0 {
			names := "“" + strings.Join(append([]string{ledgerColumns[f].header}, ledgerColumns[f].synonyms...), "”“") + "”"
			l.Errors = append(l.Errors, CellError{Sheet: sheet, Message: fmt.Sprintf("%s：缺少“%s”列（表头可写作%s）", sheet, ledgerColumns[f].header, names)})
		}
	}
	var prev *LedgerEntry
	lastFinding := ""
	for r := cols.header + 1; r < len(rows); r++ {
		row := rows[r]
		get := func(f LedgerField) string {
			i := cols.index[f]
			if i < 0 || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		if isBlankRow(row) || isHeaderRepeat(row, cols) {
			continue
		}
		e := &LedgerEntry{Sheet: sheet, Row: r + 1, cols: cols}
		bad := func(f LedgerField, format string, args ...any) {
			e.Bad = true
			cell := columnName(cols.index[f]) + strconv.Itoa(e.Row)
			l.Errors = append(l.Errors, CellError{Sheet: sheet, Row: e.Row, Cell: cell,
				Message: sheet + "!" + cell + "：" + fmt.Sprintf(format, args...)})
		}
		e.Inspection = get(FieldInspection)
		e.Finding = get(FieldFinding)
		e.Problem = get(FieldProblem)
		e.Measure = get(FieldMeasure)
		e.Leader = get(FieldLeader)
		e.OwnerUnit = get(FieldOwnerUnit)
		e.Progress = get(FieldProgress)
		e.Number = leadingInt(get(FieldNumber))
		for _, id := range []struct {
			f   LedgerField
			dst *int64
		}{{FieldInspectionID, &e.InspectionID}, {FieldProblemID, &e.ProblemID}, {FieldMeasureID, &e.MeasureID}} {
			v, ok := parseID(get(id.f))
			if !ok {
				bad(id.f, "%s“%s”不是有效的编号（隐藏的编号列请勿修改）", ledgerColumns[id.f].header, clipText(get(id.f), 20))
			}
			*id.dst = v
		}
		for _, ver := range []struct {
			f   LedgerField
			dst *int
		}{{FieldProblemVersion, &e.ProblemVersion}, {FieldMeasureVersion, &e.MeasureVersion}} {
			v, ok := parseID(get(ver.f))
			if !ok || v > math.MaxInt32 {
				bad(ver.f, "%s“%s”不是有效的版本号（隐藏的编号列请勿修改）", ledgerColumns[ver.f].header, clipText(get(ver.f), 20))
			}
			*ver.dst = int(v)
		}
		if t := get(FieldSource); t != "" {
			e.SourceText = t
			src, ok := rectify.ParseSource(t)
			if !ok {
				bad(FieldSource, "整改来源“%s”无法识别，应为巡察、巡视、审计、生态环境督察、督查或其他", clipText(t, 30))
			}
			e.Source = src
		}
		if t := get(FieldTrack); t != "" {
			e.TrackText = t
			if t != "未分类" {
				tr, ok := rectify.ParseTrack(t)
				if !ok {
					bad(FieldTrack, "整改类型“%s”无法识别，应为立行立改、限期整改或长期整改", clipText(t, 30))
				}
				e.Track = tr
			}
		}
		if s := get(FieldStatus); s != "" {
			e.StatusText = s
			st, class, ok := rectify.ParseStatus(s)
			if !ok {
				bad(FieldStatus, "整改状态“%s”无法识别，应为完成、长期整改、基本完成、待销号、整改中、未完成或未开始", clipText(s, 30))
			}
			e.Status, e.Class = st, class
		}
		if s := get(FieldDue); s != "" {
			e.DueText = s
			d, kind, why := parseLedgerDate(s)
			if why != "" {
				bad(FieldDue, "整改时限“%s”%s", clipText(s, 30), why)
			}
			e.Due, e.DueKind = d, kind
		}
		if s := get(FieldDone); s != "" {
			d, kind, why := parseLedgerDate(s)
			if why == "" && kind != DueDate {
				why = "不是日期"
			}
			if why != "" {
				bad(FieldDone, "完成时间“%s”%s", clipText(s, 30), why)
			}
			e.Done = d
		}
		if s := get(FieldProgressDate); s != "" {
			d, kind, why := parseLedgerDate(s)
			if why == "" && kind != DueDate {
				why = "不是日期"
			}
			if why != "" {
				bad(FieldProgressDate, "进展日期“%s”%s", clipText(s, 30), why)
			}
			e.ProgressDate = d
		}
		// A row that leaves the finding or the problem empty continues the
		// one above (people write a finding once over its problems, a
		// problem once over its measures, without merging the cells).
		if e.Finding == "" && e.ProblemID == 0 {
			e.Finding = lastFinding
		}
		if e.Problem == "" && e.ProblemID == 0 && e.Measure != "" && prev != nil {
			e.Problem, e.Number, e.Inherited = prev.Problem, prev.Number, true
			e.InspectionID, e.ProblemID, e.ProblemVersion = prev.InspectionID, prev.ProblemID, prev.ProblemVersion
			if e.Finding == "" {
				e.Finding = prev.Finding
			}
		}
		if e.Problem == "" && e.Measure == "" && e.ProblemID == 0 && e.MeasureID == 0 {
			continue // a note or a total under the table
		}
		if e.Problem == "" && e.ProblemID == 0 && cols.index[FieldProblem] >= 0 {
			bad(FieldProblem, "具体问题为空")
		}
		if e.Finding != "" {
			lastFinding = e.Finding
		}
		l.Entries = append(l.Entries, e)
		prev = e
	}
}

func isBlankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// isHeaderRepeat reports whether row repeats the header (a table printed
// in pieces, each with its header).
func isHeaderRepeat(row []string, cols *sheetColumns) bool {
	n := 0
	for f, i := range cols.index {
		if i >= 0 && i < len(row) && headerField(row[i]) == LedgerField(f) {
			n++
		}
	}
	return n >= 2
}

// parseID reads a whole number ≥ 0 ("701", "701.0"); "" is 0.
func parseID(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, v >= 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v != math.Trunc(v) || v > 1<<53 {
		return 0, false
	}
	return int64(v), true
}

// leadingInt returns the number a cell starts with ("3", "3.", "3-1"), or 0.
func leadingInt(s string) int {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1_000_000 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n
}

// columnName returns the letters of the 0-based column i.
func columnName(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return "?"
	}
	return name
}

// clipText shortens s for a message.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

var (
	reFullDate  = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:T?\d{1,2}:\d{2}(?::\d{2})?)?$`)
	reYearMonth = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})月?(底|末|份|上旬|中旬|下旬)?$`)
	reYear      = regexp.MustCompile(`^(\d{4})年?(年底|年末|底|末|全年)?$`)
	reHalf      = regexp.MustCompile(`^(\d{4})年?(上半年|下半年)$`)
	reQuarter   = regexp.MustCompile(`^(\d{4})年?第?([一二三四1-4])季度(末|底)?$`)
	reNoYear    = regexp.MustCompile(`^\d{1,2}月(\d{1,2}日|底|末|份|上旬|中旬|下旬)?$`)
)

// dateWords normalises the ways a date is written: full-width digits and
// marks in ASCII, no spaces, no "前/以前/之前" after it.
var dateWords = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"－", "-", "／", "/", "．", ".", "。", ".", " ", "", "\u3000", "")

// parseLedgerDate reads a deadline as ledgers write it: an Excel date
// (a serial number), 2024-05-31, 2024/5/31, 2024.5.31, 2024年5月31日, a
// month or year meaning its last day (2024年5月, 2024年底前), a half or a
// quarter, 长期 (long-term) or 立行立改 (at once). why is "" when it was
// understood, else the reason in Chinese.
func parseLedgerDate(s string) (d rectify.Date, kind DueKind, why string) {
	t := dateWords.Replace(strings.TrimSpace(s))
	for _, suffix := range []string{"以前", "之前", "前", "止", "完成"} {
		t = strings.TrimSuffix(t, suffix)
	}
	switch t {
	case "":
		return rectify.Date{}, DueNone, ""
	case "长期", "长期坚持", "长期整改", "持续推进", "持续整改", "常态化", "长期推进":
		return rectify.Date{}, DueLongTerm, ""
	case "立行立改", "立即整改", "即知即改", "立即":
		return rectify.Date{}, DueImmediate, ""
	}
	if v, err := strconv.ParseFloat(t, 64); err == nil {
		return excelDate(v, t)
	}
	day := func(y, m, dd string) (rectify.Date, DueKind, string) {
		yi, _ := strconv.Atoi(y)
		mi, _ := strconv.Atoi(m)
		di, _ := strconv.Atoi(dd)
		if yi < 1990 || yi > 2100 || mi < 1 || mi > 12 || di < 1 || di > daysIn(yi, mi) {
			return rectify.Date{}, DueNone, "不是有效的日期"
		}
		return rectify.NewDate(yi, time.Month(mi), di), DueDate, ""
	}
	if m := reFullDate.FindStringSubmatch(t); m != nil {
		return day(m[1], m[2], m[3])
	}
	if m := reYearMonth.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return rectify.Date{}, DueNone, "不是有效的日期"
		}
		dd := daysIn(y, mo)
		switch m[3] {
		case "上旬":
			dd = 10
		case "中旬":
			dd = 20
		}
		return day(m[1], m[2], strconv.Itoa(dd))
	}
	if m := reYear.FindStringSubmatch(t); m != nil {
		return day(m[1], "12", "31")
	}
	if m := reHalf.FindStringSubmatch(t); m != nil {
		if m[2] == "上半年" {
			return day(m[1], "6", "30")
		}
		return day(m[1], "12", "31")
	}
	if m := reQuarter.FindStringSubmatch(t); m != nil {
		q, err := strconv.Atoi(m[2])
		if err != nil {
			q = strings.Index("一二三四", m[2])/len("一") + 1
		}
		months := map[int]string{1: "3", 2: "6", 3: "9", 4: "12"}
		days := map[int]string{1: "31", 2: "30", 3: "30", 4: "31"}
		return day(m[1], months[q], days[q])
	}
	if reNoYear.MatchString(t) {
		return rectify.Date{}, DueNone, "缺少年份，请写成如 2024年5月31日"
	}
	return rectify.Date{}, DueNone, "无法识别为日期"
}

// excelDate reads a number in a date cell: Excel's serial day number
// (45443 is 2024-05-31), or digits typed as a number (20240531, 2024, 2024.5).
func excelDate(v float64, text string) (rectify.Date, DueKind, string) {
	switch {
	case v >= 20000 && v < 80000: // 1954 to 2119 as serial numbers
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return rectify.Date{}, DueNone, "无法识别为日期"
		}
		return rectify.DateOf(t), DueDate, ""
	case v == math.Trunc(v) && v >= 19900101 && v <= 21001231:
		n := int(v)
		y, m, d := n/10000, n/100%100, n%100
		if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return rectify.NewDate(y, time.Month(m), d), DueDate, ""
		}
	case v == math.Trunc(v) && v >= 1990 && v <= 2100:
		return rectify.NewDate(int(v), time.December, 31), DueDate, ""
	case v >= 1990 && v < 2101:
		// 2024.5: a year and a month typed as a number.
		if i := strings.IndexByte(text, '.'); i > 0 {
			y, _ := strconv.Atoi(text[:i])
			m, err := strconv.Atoi(text[i+1:])
			if err == nil && m >= 1 && m <= 12 {
				return rectify.NewDate(y, time.Month(m), daysIn(y, m)), DueDate, ""
			}
		}
	}
	return rectify.Date{}, DueNone, "无法识别为日期"
}

// daysIn returns the number of days of month m of year y.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
