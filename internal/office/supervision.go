package office

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// Supervision is a supervision order (督办单) as a document: the office
// that sends it, the unit it goes to, the red and yellow problems (or those
// chosen) with how late each is, the office's request, and the blocks for
// the signatures and dates of who sends and who receives it.
type Supervision struct {
	Title   string       // 巡察整改督办单
	To      string       // 督办对象: the unit, or 所选问题的责任单位
	Office  string       // 督办单位: the office that sends it
	AsOf    rectify.Date // the day the lights are counted on
	Summary string       // 截至…，…个问题亮红灯…
	Items   []SupervisionItem
	Request string // 督办要求
}

// SupervisionItem is one problem of a supervision order.
type SupervisionItem struct {
	Number    int    // the problem's number in its inspection
	Title     string // the problem
	Unit      string // the inspected unit, when the order spans several
	OwnerUnit string // 责任单位
	Leader    string // 责任领导
	Due       rectify.Date
	Late      string // 逾期 12 天, 还有 3 天
	Status    string
}

// The columns of the order's table, in twips; they add up to the text
// width of the official page (textWidth).
var supervisionColumns = []struct {
	head  string
	width int
}{
	{"序号", 450}, {"问题", 2785}, {"责任单位及责任领导", 1600}, {"整改时限", 1550}, {"逾期或剩余", 1460}, {"状态", 1000},
}

// tableSize is the type size of the table, in half-points: 五号 (10.5 pt),
// so that a date (2024年12月31日) and a lateness (逾期 30 天) keep to one
// line of their cells.
const tableSize = 21

// WriteSupervisionDocx writes s as a Word document (.docx) in the layout of
// the notice (GB/T 9704-2012: A4, margins, 仿宋 body, 小标宋 title, page
// numbers outside): the title, to whom, the summary, a table of the problems
// whose head repeats on every page, the request, and the signature and
// date blocks. It returns an EINVALID error for a nil s and w's error when
// writing fails.
func WriteSupervisionDocx(w io.Writer, s *Supervision) error {
	if s == nil {
		return fmt.Errorf("docx: %w", rectify.Errorf(rectify.EINVALID, "没有督办单"))
	}
	parts, err := docxPackage(supervisionDocument(s), docxMeta{Title: s.Title, Creator: s.Office})
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	if err := writeZip(w, parts); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// supervisionDocument returns word/document.xml of s.
func supervisionDocument(s *Supervision) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` + "\n")
	para := func(style, props, text string) {
		b.WriteString("<w:p>")
		if style != "" || props != "" {
			b.WriteString("<w:pPr>")
			if style != "" {
				b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
			}
			b.WriteString(props)
			b.WriteString("</w:pPr>")
		}
		for k, line := range strings.Split(text, "\n") {
			b.WriteString("<w:r>")
			if k > 0 {
				b.WriteString("<w:br/>")
			}
			b.WriteString(`<w:t xml:space="preserve">`)
			xmlText(&b, line)
			b.WriteString("</w:t></w:r>")
		}
		b.WriteString("</w:p>\n")
	}
	noIndent := `<w:ind w:firstLineChars="0" w:firstLine="0"/>`
	para("NoticeTitle", fmt.Sprintf(`<w:spacing w:after="%d"/>`, linePitch), s.Title)
	para("", noIndent, "督办对象："+s.To)
	para("", "", s.Summary)
	supervisionTable(&b, s.Items)
	para("", fmt.Sprintf(`<w:spacing w:before="%d"/>`, linePitch/2), "督办要求："+s.Request)
	sig := "督办单位（盖章）：" + s.Office
	para("", fmt.Sprintf(`<w:spacing w:before="%d"/>`, linePitch)+noIndent, sig)
	para("", noIndent, "经办人：＿＿＿＿＿＿　　日期："+s.AsOf.Chinese())
	para("", fmt.Sprintf(`<w:spacing w:before="%d"/>`, linePitch)+noIndent, "签收单位负责人（签字）：＿＿＿＿＿＿")
	para("", noIndent, "签收日期：＿＿＿＿年＿＿月＿＿日")
	endDocument(&b)
	return []byte(b.String())
}

// supervisionTable writes the table of the problems: single lines around
// every cell, the head in 黑体 repeated on every page, rows not split
// across pages.
func supervisionTable(b *strings.Builder, items []SupervisionItem) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, c := range supervisionColumns {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(c.width) + `"/>`)
	}
	b.WriteString("</w:tblGrid>\n")
	cell := func(width int, text string, head bool, align string) {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, width)
		for _, line := range strings.Split(text, "\n") {
			b.WriteString(`<w:p><w:pPr><w:spacing w:line="320" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="` + align + `"/></w:pPr><w:r><w:rPr>`)
			if head {
				b.WriteString(`<w:rFonts w:ascii="` + fontHeading1 + `" w:eastAsia="` + fontHeading1 + `" w:hAnsi="` + fontHeading1 + `"/>`)
			}
			fmt.Fprintf(b, `<w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">`, tableSize, tableSize)
			xmlText(b, line)
			b.WriteString("</w:t></w:r></w:p>")
		}
		b.WriteString("</w:tc>")
	}
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
	for _, c := range supervisionColumns {
		cell(c.width, c.head, true, "center")
	}
	b.WriteString("</w:tr>\n")
	for i, it := range items {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		title := fmt.Sprintf("问题%d\n%s", it.Number, it.Title)
		if it.Unit != "" {
			title = it.Unit + " " + title
		}
		who := strings.TrimSpace(it.OwnerUnit + "\n" + it.Leader)
		due := "未定"
		if !it.Due.IsZero() {
			due = it.Due.Chinese()
		}
		vals := []string{strconv.Itoa(i + 1), title, who, due, it.Late, it.Status}
		for k, c := range supervisionColumns {
			align := "left"
			if k == 0 || k >= 3 {
				align = "center"
			}
			cell(c.width, vals[k], false, align)
		}
		b.WriteString("</w:tr>\n")
	}
	if len(items) == 0 {
		b.WriteString(`<w:tr>`)
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:gridSpan w:val="%d"/></w:tcPr>`, textWidth, len(supervisionColumns))
		b.WriteString(`<w:p><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:t>没有红灯、黄灯问题</w:t></w:r></w:p></w:tc></w:tr>`)
	}
	b.WriteString("</w:tbl>\n")
}
