package office

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// PDFOptions tunes the notice as PDF.
type PDFOptions struct {
	// AsOf is the day whose statuses the notice reports (see NoticeOptions).
	AsOf rectify.Date
	// Fonts are the faces to set it in; nil looks for them among the
	// system's fonts (FindFonts on SystemFontDirs).
	Fonts *FontSet
	// Getenv reads HOME and the like when Fonts is nil; nil reads nothing
	// and searches the system folders only.
	Getenv func(string) string
}

// The PDF is a small writer of this package's own, not a library: the
// notice needs one thing done well — Chinese text in embedded faces
// (TrueType, or the OpenType/CFF of Noto CJK) on the official page — and
// the libraries at hand either take one TrueType face from a file of its
// own (no .ttc, no CFF), break lines only at spaces, or are no longer kept
// up. Here every role of the layout has its
// face (小标宋, 仿宋, 黑体, 楷体 or their stand-ins), lines break as Chinese
// typesetting wants (no line starts with a closing mark, none ends with an
// opening one, a number or an address stays whole), lines are justified to
// the same grid as the .docx (22 lines of 28 characters in the same area),
// and the output is the same bytes for the same record.

// The page in points (1/72 inch): the twips of layout.go divided by 20.
const (
	ptPageWidth  = pageWidth / 20.0
	ptPageHeight = pageHeight / 20.0
	ptLeft       = marginLeft / 20.0
	ptRight      = marginRight / 20.0
	ptTop        = marginTop / 20.0
	ptBottom     = marginBottom / 20.0
	ptTextWidth  = textWidth / 20.0
	ptLinePitch  = linePitch / 20.0
	ptTracking   = charSpacing / 20.0 // −0.25 pt after every character of 3号 type
	// centreRise is how far above the baseline the middle of a Chinese
	// character sits, in ems: the line's middle is put there.
	centreRise = 0.38
)

// WriteNoticePDF writes the notice of in as PDF (A4, the page, grid and
// fonts of the official layout, page numbers "— N —" outside), with its
// Chinese faces embedded. It returns ErrNoFont when opt.Fonts is nil and the
// system has no Chinese face, an EINVALID error when in is nil, and
// w's error when writing fails.
func WriteNoticePDF(w io.Writer, in *rectify.Inspection, opt PDFOptions) error {
	blocks, err := notice.Blocks(in, notice.RenderOptions{AsOf: opt.AsOf})
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	fonts := opt.Fonts
	if fonts == nil {
		getenv := opt.Getenv
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		if fonts, err = FindFonts(SystemFontDirs(getenv)); err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
	}
	if fonts.Body == nil {
		return fmt.Errorf("pdf: %w", ErrNoFont)
	}
	var date rectify.Date
	for _, b := range blocks {
		if b.Kind == notice.BlockDate {
			date = dateOfChinese(b.Text)
		}
	}
	doc := newPDFLayout(fonts)
	doc.setBlocks(blocks)
	data, err := doc.write(noticeTitle(blocks), in.Issuer, date)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// dateOfChinese reads 2023年11月28日, or gives the zero Date.
func dateOfChinese(s string) rectify.Date {
	var y, m, d int
	if _, err := fmt.Sscanf(s, "%d年%d月%d日", &y, &m, &d); err != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return rectify.Date{}
	}
	return rectify.NewDate(y, time.Month(m), d)
}

// pdfLayout sets blocks into lines and lines into pages.
type pdfLayout struct {
	fonts   *FontSet
	faces   map[*Font]*pdfFont
	order   []*pdfFont
	lines   []pdfLine // the whole text, line by line, before paging
	pageNo  *Font
	pageSet []pageOfLines
}

// pdfLine is one line of text, or a blank line.
type pdfLine struct {
	runs     []pdfRun
	x        float64 // where the line starts
	size     float64
	tc       float64 // character spacing
	keepNext bool    // a heading: not the last line of a page
	blank    bool
}

// pdfRun is a stretch of a line in one face.
type pdfRun struct {
	font   *pdfFont
	glyphs []uint16
	width  float64 // sum of the advances, without spacing
	skip   float64 // blank space before the run, in points
}

type pageOfLines []pdfLine

func newPDFLayout(fonts *FontSet) *pdfLayout {
	l := &pdfLayout{fonts: fonts, faces: map[*Font]*pdfFont{}}
	l.pageNo = fonts.Title
	if l.pageNo == nil {
		l.pageNo = fonts.Body
	}
	return l
}

// font returns the document's use of face, adding it on first use.
func (l *pdfLayout) font(face *Font) *pdfFont {
	if f, ok := l.faces[face]; ok {
		return f
	}
	f := &pdfFont{face: face, res: "F" + strconv.Itoa(len(l.order)+1), used: map[uint16]bool{}, unicode: map[uint16][]rune{}}
	l.faces[face] = f
	l.order = append(l.order, f)
	return f
}

// faceFor returns the face that draws r: the role's, else any face of the
// set that has it, else the role's (which shows its .notdef box).
func (l *pdfLayout) faceFor(role *Font, r rune) *Font {
	if role.has(r) || unicode.IsSpace(r) {
		return role
	}
	for _, f := range []*Font{l.fonts.Body, l.fonts.Title, l.fonts.Heading1, l.fonts.Heading2} {
		if f != nil && f.has(r) {
			return f
		}
	}
	return role
}

// paraStyle is how a block is set.
type paraStyle struct {
	size        float64
	align       byte // 'j' justified, 'c' centred, 'r' right
	firstIndent float64
	rightIndent float64
	before      int // blank lines before
	after       int // blank lines after
	keepNext    bool
}

func (l *pdfLayout) setBlocks(blocks []notice.Block) {
	sig := signatureIndents(blocks)
	charW := float64(bodySize) + ptTracking
	for i, b := range blocks {
		st := paraStyle{size: bodySize, align: 'j', firstIndent: 2 * charW}
		switch b.Kind {
		case notice.BlockIssuer, notice.BlockTitle:
			st = paraStyle{size: titleSize, align: 'c', keepNext: true}
			if b.Kind == notice.BlockTitle && (i+1 >= len(blocks) || blocks[i+1].Kind != notice.BlockTitle) {
				st.after = 1
			}
		case notice.BlockHeading1, notice.BlockHeading2:
			st.keepNext = true
		case notice.BlockSignature, notice.BlockDate:
			st = paraStyle{size: bodySize, align: 'r', rightIndent: float64(sig[b.Kind]) * charW / 100}
			if b.Kind == notice.BlockSignature {
				st.before = 1
				st.keepNext = true
			}
		}
		face := l.fonts.face(b.Kind)
		for range st.before {
			l.lines = append(l.lines, pdfLine{blank: true})
		}
		lines := strings.Split(b.Text, "\n")
		if b.Kind == notice.BlockIssuer || b.Kind == notice.BlockTitle {
			lines = titleLines(b.Text)
		}
		for _, text := range lines {
			l.setParagraph(face, text, st)
		}
		for range st.after {
			l.lines = append(l.lines, pdfLine{blank: true})
		}
	}
}

// token is a piece of text that stays on one line: a Chinese character or
// mark, a run of Latin letters and digits (a number, an email address), or
// a space.
type token struct {
	text  []rune
	width float64
	space bool
}

// Marks that may not start a line (行首禁则) and may not end one (行尾禁则).
const (
	noLineStart = "，。、；：？！）】》」』〉〕”’…—·％%,.;:!?)]}～"
	noLineEnd   = "（【《「『〈〔“‘([{"
)

// wordRune reports whether r belongs to a run that is not broken: Latin
// letters, digits and the marks inside numbers, dates and addresses.
func wordRune(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("@._-/:%+#&=~", r))
}

func (l *pdfLayout) tokens(face *Font, size float64, text string) []token {
	width := func(r rune) float64 {
		f := l.faceFor(face, r)
		return f.advance(f.glyph(r))*size/1000 + ptTracking*size/bodySize
	}
	var out []token
	rs := []rune(text)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\u3000':
			out = append(out, token{text: []rune{' '}, width: width(' '), space: true})
			i++
		case wordRune(r):
			j := i
			var w float64
			for j < len(rs) && wordRune(rs[j]) {
				w += width(rs[j])
				j++
			}
			out = append(out, token{text: rs[i:j], width: w})
			i = j
		default:
			out = append(out, token{text: []rune{r}, width: width(r)})
			i++
		}
	}
	return out
}

// setParagraph breaks one paragraph into lines.
func (l *pdfLayout) setParagraph(face *Font, text string, st paraStyle) {
	toks := l.tokens(face, st.size, strings.TrimSpace(text))
	avail := func(first bool) float64 {
		w := ptTextWidth - st.rightIndent
		if first {
			w -= st.firstIndent
		}
		return w
	}
	var lines [][]token
	var cur []token
	curW := 0.0
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.space && len(cur) == 0 {
			continue
		}
		room := avail(len(lines) == 0)
		if curW+t.width <= room+0.01 {
			cur = append(cur, t)
			curW += t.width
			continue
		}
		if len(t.text) > 1 && t.width > avail(false) {
			// A word longer than a line: break it by characters.
			var parts []token
			for _, r := range t.text {
				parts = append(parts, token{text: []rune{r}, width: t.width / float64(len(t.text))})
			}
			toks = append(toks[:k], append(parts, toks[k+1:]...)...)
			k--
			continue
		}
		var carry []token
		if len(cur) > 1 && strings.ContainsRune(noLineStart, t.text[0]) {
			carry = append(carry, cur[len(cur)-1])
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 1 && strings.ContainsRune(noLineEnd, lastRune(cur)) {
			carry = append([]token{cur[len(cur)-1]}, carry...)
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, trimSpaces(cur))
		cur = carry
		curW = 0
		for _, c := range cur {
			curW += c.width
		}
		if !t.space || len(cur) > 0 {
			cur = append(cur, t)
			curW += t.width
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, trimSpaces(cur))
	}
	for i, toks := range lines {
		last := i == len(lines)-1
		room := avail(i == 0)
		var natural, spaced float64
		n := 0
		for _, t := range toks {
			spaced += t.width
			n += len(t.text)
		}
		natural = spaced - ptTracking*st.size/bodySize*float64(n)
		tc := ptTracking * st.size / bodySize
		x := ptLeft
		if i == 0 {
			x += st.firstIndent
		}
		switch {
		case st.align == 'c':
			x = ptLeft + (ptTextWidth-spaced)/2
		case st.align == 'r':
			x = ptLeft + ptTextWidth - st.rightIndent - spaced
		case st.align == 'j' && !last && n > 1:
			tc = (room - natural) / float64(n-1)
		}
		line := pdfLine{x: x, size: st.size, tc: tc, keepNext: st.keepNext && last}
		for _, t := range toks {
			for _, r := range t.text {
				f := l.faceFor(face, r)
				pf := l.font(f)
				g := f.glyph(r)
				pf.use(g, r)
				if len(line.runs) == 0 || line.runs[len(line.runs)-1].font != pf {
					line.runs = append(line.runs, pdfRun{font: pf})
				}
				run := &line.runs[len(line.runs)-1]
				run.glyphs = append(run.glyphs, g)
				run.width += f.advance(g) * st.size / 1000
			}
		}
		l.lines = append(l.lines, line)
	}
}

func lastRune(ts []token) rune {
	t := ts[len(ts)-1].text
	return t[len(t)-1]
}

func trimSpaces(ts []token) []token {
	for len(ts) > 0 && ts[len(ts)-1].space {
		ts = ts[:len(ts)-1]
	}
	return ts
}

// paginate puts the lines on pages of linesPerPage lines: no page starts
// with a blank line, and a heading is not the last line of a page.
func (l *pdfLayout) paginate() {
	var page pageOfLines
	for i := 0; i < len(l.lines); i++ {
		ln := l.lines[i]
		if ln.blank && len(page) == 0 {
			continue
		}
		if len(page) == linesPerPage-1 && ln.keepNext && i+1 < len(l.lines) {
			// The heading goes to the next page with what follows it.
			l.pageSet = append(l.pageSet, page)
			page = nil
		}
		page = append(page, ln)
		if len(page) == linesPerPage {
			l.pageSet = append(l.pageSet, page)
			page = nil
		}
	}
	if len(page) > 0 || len(l.pageSet) == 0 {
		l.pageSet = append(l.pageSet, page)
	}
}

// write lays the lines out on pages and returns the PDF.
func (l *pdfLayout) write(title, author string, date rectify.Date) ([]byte, error) {
	l.paginate()
	p := newPDFFile()
	catalog, pages, info := p.alloc(), p.alloc(), p.alloc()
	// The page numbers' glyphs are known before the fonts are written.
	numbers := make([][]pdfRun, len(l.pageSet))
	for i := range l.pageSet {
		numbers[i] = l.pageNumber(i + 1)
	}
	var kids []string
	pageObjs := make([]int, len(l.pageSet))
	contents := make([]int, len(l.pageSet))
	for i := range l.pageSet {
		pageObjs[i], contents[i] = p.alloc(), p.alloc()
		kids = append(kids, fmt.Sprintf("%d 0 R", pageObjs[i]))
	}
	var fontRes strings.Builder
	fontRes.WriteString("<<")
	for k, f := range l.order {
		n, err := f.write(p, subsetTag(k))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&fontRes, " /%s %d 0 R", f.res, n)
	}
	fontRes.WriteString(" >>")
	for i, page := range l.pageSet {
		var c bytes.Buffer
		top := ptPageHeight - ptTop
		for k, ln := range page {
			if ln.blank {
				continue
			}
			baseline := top - float64(k)*ptLinePitch - ptLinePitch/2 - centreRise*ln.size
			writeRuns(&c, ln.runs, ln.x, baseline, ln.size, ln.tc)
		}
		// The page number: 4号 type, its line's top 7 mm below the text
		// area, one character in from the outer edge.
		runs := numbers[i]
		size := float64(pageNoSize)
		w := 0.0
		for _, r := range runs {
			w += r.skip + r.width
		}
		x := ptLeft + size
		if (i+1)%2 == 1 {
			x = ptPageWidth - ptRight - size - w
		}
		baseline := ptBottom - 7*72/25.4 - 0.88*size
		writeRuns(&c, runs, x, baseline, size, 0)
		p.stream(contents[i], "", c.Bytes())
		p.obj(pageObjs[i], fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font %s >> /Contents %d 0 R >>",
			pages, pdfNum(ptPageWidth), pdfNum(ptPageHeight), fontRes.String(), contents[i]))
	}
	p.obj(pages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	p.obj(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Lang (zh-CN) >>", pages))
	infoDict := fmt.Sprintf("<< /Title %s /Author %s /Creator (rectify) /Producer (rectify)", pdfText(title), pdfText(author))
	if !date.IsZero() {
		infoDict += fmt.Sprintf(" /CreationDate (D:%04d%02d%02d000000+08'00')", date.Year, int(date.Month), date.Day)
	}
	p.obj(info, infoDict+" >>")
	return p.finish(catalog, info), nil
}

// pageNumber returns the runs of "— n —": the dashes half an em from the
// number, as in the .docx, whatever the width of the face's space.
func (l *pdfLayout) pageNumber(n int) []pdfRun {
	var runs []pdfRun
	for i, part := range []string{"—", strconv.Itoa(n), "—"} {
		run := pdfRun{}
		if i > 0 {
			run.skip = pageNoSize / 2
		}
		for _, r := range part {
			f := l.faceFor(l.pageNo, r)
			pf := l.font(f)
			g := f.glyph(r)
			pf.use(g, r)
			if run.font != nil && run.font != pf {
				runs = append(runs, run)
				run = pdfRun{}
			}
			run.font = pf
			run.glyphs = append(run.glyphs, g)
			run.width += f.advance(g) * pageNoSize / 1000
		}
		runs = append(runs, run)
	}
	return runs
}

// writeRuns writes the text operators of one line.
func writeRuns(c *bytes.Buffer, runs []pdfRun, x, y, size, tc float64) {
	for _, r := range runs {
		x += r.skip
		fmt.Fprintf(c, "BT /%s %s Tf %s Tc %s %s Td <", r.font.res, pdfNum(size), pdfNum(tc), pdfNum(x), pdfNum(y))
		for _, g := range r.glyphs {
			fmt.Fprintf(c, "%04X", r.font.face.code(g))
		}
		c.WriteString("> Tj ET\n")
		x += r.width + tc*float64(len(r.glyphs))
	}
}
