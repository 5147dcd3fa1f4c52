package notice

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns positioned lines of text — what pdftotext -bbox-layout
// finds on the pages of a PDF, or what Tesseract reads off a scan — into
// the lines of a notice: page furniture (running headers and footers, page
// numbers) removed, two-column pages read left column first, and the lines
// that the page width broke joined back into paragraphs. It is pure: the
// programs run elsewhere.

// boxWord is a word and its box; y grows downwards.
type boxWord struct {
	x0, y0, x1, y1 float64
	text           string
	conf           float64 // OCR confidence 0–100; -1 when not read by OCR
}

// boxLine is a line of text on a page and its box.
type boxLine struct {
	x0, y0, x1, y1 float64
	text           string
	low            []string // words that OCR read with little confidence
	col            int      // 0 or 1 in two columns, -1 across them
	gapped         bool     // pieces set apart by a wide gap: a table row, a form
}

func (l boxLine) height() float64 { return l.y1 - l.y0 }

// boxPage is a page of positioned lines; w and h are its size (points for a
// PDF, pixels for a scan).
type boxPage struct {
	w, h  float64
	lines []boxLine
	ocr   bool // the page was read by OCR
}

// layoutLine is a line of the notice as Parse reads it.
type layoutLine struct {
	text string
	page int // 1-based
	ocr  bool
	low  []string
}

// Limits of the layout, against hostile input.
const (
	maxLayoutLines = 200_000
	maxLineRunes   = 20_000
)

// layoutText orders, cleans and joins the lines of the pages.
func layoutText(pages []boxPage) []layoutLine {
	pages = dropFurniture(pages)
	var seq []placedLine
	total := 0
	for pi, pg := range pages {
		for _, l := range orderColumns(pg.lines) {
			if total >= maxLayoutLines {
				break
			}
			total++
			seq = append(seq, placedLine{boxLine: l, page: pi, ocr: pg.ocr})
		}
	}
	return joinParagraphs(seq)
}

// placedLine is a line with the page it is on.
type placedLine struct {
	boxLine
	page int
	ocr  bool
}

// joinWords makes the text of a line from its words: no space between
// Chinese characters or between Chinese and Latin (pdftotext and Tesseract
// both split "2023年7月" into pieces), a space between Latin words that
// stand apart.
func joinWords(words []boxWord) string {
	var b strings.Builder
	for i, w := range words {
		t := strings.TrimSpace(w.text)
		if t == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			prev := words[i-1]
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(t)
			h := math.Max(prev.y1-prev.y0, w.y1-w.y0)
			if !wideRune(last) && !wideRune(first) && w.x0-prev.x1 > 0.15*h {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// wideRune reports whether r is a Chinese character or punctuation set
// without spaces around it.
func wideRune(r rune) bool {
	switch {
	case unicode.Is(unicode.Han, r):
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0x2460 && r <= 0x24FF, r >= 0x3200 && r <= 0x32FF:
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotation marks, ellipsis
		return true
	}
	return false
}

// pageNumberRE matches a page number standing alone: "3", "- 3 -", "— 3 —",
// "第3页", "第 3 页 共 5 页", "共5页 第3页", "3/5", "Page 3 of 5".
var pageNumberRE = regexp.MustCompile(`^(?:[-—–－一_·.\s]*\d{1,4}[-—–－一_·.\s]*|第\s*\d{1,4}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?)$`)

// isPageNumber reports whether t is nothing but a page number.
func isPageNumber(t string) bool {
	t = strings.TrimSpace(t)
	return t != "" && len(t) <= 64 && pageNumberRE.MatchString(t)
}

// furnitureKey is the text of a line with its digits and spaces folded, so
// that "第1页 青禾县…" and "第2页 青禾县…" match.
func furnitureKey(t string) string {
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			if !strings.HasSuffix(b.String(), "#") {
				b.WriteByte('#')
			}
		case unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropFurniture removes running headers and footers and page numbers: a
// line among the first or last lines of a page, in its top or bottom band,
// that is a page number, or whose text (digits aside) stands at the same
// height on other pages too.
func dropFurniture(pages []boxPage) []boxPage {
	type cand struct {
		page, idx int
		key       string
		y         float64 // relative height of the line on its page
	}
	var cands []cand
	for pi := range pages {
		pg := &pages[pi]
		sort.SliceStable(pg.lines, func(i, j int) bool {
			if math.Abs(pg.lines[i].y0-pg.lines[j].y0) > 0.3*pg.lines[i].height() {
				return pg.lines[i].y0 < pg.lines[j].y0
			}
			return pg.lines[i].x0 < pg.lines[j].x0
		})
		n := len(pg.lines)
		for i, l := range pg.lines {
			if i >= 3 && i < n-3 {
				continue
			}
			y := 0.5
			if pg.h > 0 {
				y = (l.y0 + l.y1) / 2 / pg.h
			}
			top := i < 3 && (pg.h <= 0 || y < 0.16)
			bottom := i >= n-3 && (pg.h <= 0 || y > 0.84)
			if !top && !bottom {
				continue
			}
			cands = append(cands, cand{page: pi, idx: i, key: furnitureKey(l.text), y: y})
		}
	}
	drop := map[[2]int]bool{}
	for i, c := range cands {
		if isPageNumber(pages[c.page].lines[c.idx].text) {
			drop[[2]int{c.page, c.idx}] = true
			continue
		}
		if len(pages) < 2 || c.key == "" {
			continue
		}
		onPages := map[int]bool{c.page: true}
		for j, d := range cands {
			if i != j && d.page != c.page && d.key == c.key && math.Abs(d.y-c.y) < 0.03 {
				onPages[d.page] = true
			}
		}
		if len(onPages) >= 2 && 2*len(onPages) >= len(pages) {
			drop[[2]int{c.page, c.idx}] = true
		}
	}
	if len(drop) == 0 {
		return pages
	}
	out := make([]boxPage, len(pages))
	for pi, pg := range pages {
		out[pi] = pg
		out[pi].lines = nil
		for i, l := range pg.lines {
			if !drop[[2]int{pi, i}] {
				out[pi].lines = append(out[pi].lines, l)
			}
		}
	}
	return out
}

// orderColumns returns the lines of a page in reading order. On a page set
// in two columns — a vertical gutter near the middle that few lines cross,
// with lines on both sides at the same heights — the lines of the left
// column come before those of the right one, band by band between the
// lines that span both (a title over the columns). Lines are marked with
// their column.
func orderColumns(lines []boxLine) []boxLine {
	out := append([]boxLine(nil), lines...)
	sort.SliceStable(out, func(i, j int) bool {
		if math.Abs(out[i].y0-out[j].y0) > 0.3*out[i].height() {
			return out[i].y0 < out[j].y0
		}
		return out[i].x0 < out[j].x0
	})
	for i := range out {
		out[i].col = 0
	}
	g, ok := findGutter(out)
	if !ok {
		return mergeBaselines(out)
	}
	ordered := make([]boxLine, 0, len(out))
	var left, right []boxLine
	flush := func() {
		ordered = append(ordered, left...)
		ordered = append(ordered, right...)
		left, right = left[:0:0], right[:0:0]
	}
	for _, l := range out {
		switch {
		case l.x1 <= g:
			l.col = 0
			left = append(left, l)
		case l.x0 >= g:
			l.col = 1
			right = append(right, l)
		default:
			flush()
			l.col = -1
			ordered = append(ordered, l)
		}
	}
	flush()
	return mergeBaselines(ordered)
}

// mergeBaselines joins the pieces of one line that the PDF's layout
// analysis cut apart at a wide gap (a tab after "整改结果：", spaced-out
// justification): consecutive lines of the same column on the same
// baseline, the second to the right of the first. A gap wider than a
// character becomes one space.
func mergeBaselines(lines []boxLine) []boxLine {
	if len(lines) < 2 {
		return lines
	}
	out := lines[:1]
	for _, l := range lines[1:] {
		p := &out[len(out)-1]
		h := math.Max(p.height(), l.height())
		if p.col != l.col || math.Abs(p.y0-l.y0) > 0.3*h || math.Abs(p.y1-l.y1) > 0.3*h || l.x0 < p.x1-0.3*h ||
			utf8.RuneCountInString(p.text) >= maxLineRunes {
			out = append(out, l)
			continue
		}
		if l.x0-p.x1 > h {
			p.text += " "
			p.gapped = true
		}
		p.text += l.text
		p.x1 = math.Max(p.x1, l.x1)
		p.y0, p.y1 = math.Min(p.y0, l.y0), math.Max(p.y1, l.y1)
		p.low = append(p.low, l.low...)
	}
	return out
}

// findGutter returns the x of the gap between two columns, if the lines
// are set in two. A table of three columns or more is no two columns: its
// rows must be read across.
func findGutter(lines []boxLine) (float64, bool) {
	g, left, right, ok := gutter(lines)
	if !ok {
		return 0, false
	}
	if _, _, _, inner := gutter(left); inner {
		return 0, false
	}
	if _, _, _, inner := gutter(right); inner {
		return 0, false
	}
	return g, true
}

// gutter finds the gap of two columns and the lines on each side.
func gutter(lines []boxLine) (float64, []boxLine, []boxLine, bool) {
	if len(lines) < 8 {
		return 0, nil, nil, false
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		xmin = math.Min(xmin, l.x0)
		xmax = math.Max(xmax, l.x1)
	}
	width := xmax - xmin
	if !(width > 0) || math.IsInf(width, 0) {
		return 0, nil, nil, false
	}
	// Candidate gutters between 30% and 70% of the width, in 200 steps.
	best, bestCross := 0.0, len(lines)+1
	runStart, runEnd := -1, -1
	for s := 0; s <= 200; s++ {
		g := xmin + width*(0.3+0.4*float64(s)/200)
		cross := 0
		for _, l := range lines {
			if l.x0 < g && l.x1 > g {
				cross++
			}
		}
		switch {
		case cross < bestCross:
			bestCross, runStart, runEnd = cross, s, s
		case cross == bestCross && runEnd == s-1:
			runEnd = s
		}
	}
	best = xmin + width*(0.3+0.4*float64(runStart+runEnd)/2/200)
	if bestCross > max(2, len(lines)/10) {
		return 0, nil, nil, false
	}
	var left, right []boxLine
	for _, l := range lines {
		switch {
		case l.x1 <= best:
			left = append(left, l)
		case l.x0 >= best:
			right = append(right, l)
		}
	}
	if len(left) < 4 || len(right) < 4 {
		return 0, nil, nil, false
	}
	side := 0
	for _, a := range left {
		for _, b := range right {
			if a.y0 < b.y1 && b.y0 < a.y1 {
				side++
				break
			}
		}
	}
	if side < 3 || side*3 < min(len(left), len(right)) {
		return 0, nil, nil, false
	}
	return best, left, right, true
}

// colKey names a column of a page.
type colKey struct{ page, col int }

// colStats are the margins of a column: where its lines start (left) and
// end (right), how high a line is and how far apart lines are.
type colStats struct {
	left, right, height, pitch float64
	indented                   bool // paragraphs start with an indent
}

func columnStats(seq []placedLine) map[colKey]colStats {
	groups := map[colKey][]placedLine{}
	for _, l := range seq {
		k := colKey{l.page, l.col}
		groups[k] = append(groups[k], l)
	}
	stats := make(map[colKey]colStats, len(groups))
	indents := 0
	for k, ls := range groups {
		hs := make([]float64, 0, len(ls))
		for _, l := range ls {
			hs = append(hs, l.height())
		}
		h := median(hs)
		if !(h > 0) {
			h = 1
		}
		// The left margin: the leftmost x0 shared (within half a
		// character) by at least two lines, else the leftmost.
		x0s := make([]float64, 0, len(ls))
		right := math.Inf(-1)
		for _, l := range ls {
			x0s = append(x0s, l.x0)
			right = math.Max(right, l.x1)
		}
		sort.Float64s(x0s)
		left := x0s[0]
		for i := 0; i+1 < len(x0s); i++ {
			if x0s[i+1]-x0s[i] <= h/2 {
				left = x0s[i]
				break
			}
		}
		var gaps []float64
		indent := 0
		for i, l := range ls {
			if i > 0 && l.y0 > ls[i-1].y0 {
				gaps = append(gaps, l.y0-ls[i-1].y0)
			}
			if d := l.x0 - left; d > 1.2*h && d < 3.5*h {
				indent++
			}
		}
		stats[k] = colStats{left: left, right: right, height: h, pitch: median(gaps)}
		indents += indent
	}
	// Indents are a habit of the whole document: the last page may hold a
	// single paragraph.
	for k, s := range stats {
		s.indented = indents >= 2
		stats[k] = s
	}
	return stats
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// joinParagraphs joins each line that the width of its column broke off
// to the line before it: the line before reaches the right margin, this one
// starts at the left margin, and it does not open a numbered item or a
// labelled part ("整改结果：").
func joinParagraphs(seq []placedLine) []layoutLine {
	stats := columnStats(seq)
	var out []layoutLine
	for i, l := range seq {
		text := strings.TrimSpace(l.text)
		if text == "" {
			continue
		}
		if i > 0 && len(out) > 0 && continues(seq[i-1], l, stats) {
			last := &out[len(out)-1]
			if utf8.RuneCountInString(last.text) < maxLineRunes {
				prev, _ := utf8.DecodeLastRuneInString(last.text)
				first, _ := utf8.DecodeRuneInString(text)
				if isLatin(prev) && isLatin(first) {
					last.text += " "
				}
				last.text += text
				last.ocr = last.ocr || l.ocr
				last.low = append(last.low, l.low...)
				continue
			}
		}
		out = append(out, layoutLine{text: text, page: l.page + 1, ocr: l.ocr, low: l.low})
	}
	return out
}

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r))
}

// continues reports whether next carries on the paragraph of prev.
func continues(prev, next placedLine, stats map[colKey]colStats) bool {
	if prev.col < 0 || next.col < 0 || prev.gapped || next.gapped || strings.TrimSpace(prev.text) == "" {
		return false
	}
	ps, ns := stats[colKey{prev.page, prev.col}], stats[colKey{next.page, next.col}]
	if prev.x1 < ps.right-1.5*ps.height {
		return false // prev ends short of the margin: its paragraph ends there
	}
	if prev.x0 > ps.left+3.5*ps.height {
		return false // prev is centred or set right: a title, a signature
	}
	if math.Abs(next.x0-ns.left) > 0.6*ns.height {
		return false // next is indented: a paragraph of its own
	}
	if opensBlock(next.text) {
		return false
	}
	sameCol := prev.page == next.page && prev.col == next.col
	if sameCol && ps.pitch > 0 && next.y0-prev.y0 > 1.6*ps.pitch {
		return false // a gap between paragraphs
	}
	if sameCol && next.y0 <= prev.y0 {
		return false
	}
	if !ps.indented {
		// Without first-line indents a full line that ends a sentence
		// may as well end its paragraph.
		last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(prev.text))
		if strings.ContainsRune("。！？；：!?;:", last) {
			return false
		}
	}
	return true
}

// opensBlockRE matches the start of a numbered item or a labelled part.
var opensBlockRE = regexp.MustCompile(`^(?:[一二三四五六七八九十]+\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,3}\s*[、．.]\s*[^\d\s]|[①-⑳]|第[一二三四五六七八九十\d]+[条章节部分]|(?:整改结果|整改情况|整改措施|整改进展|整改成效|责任领导|责任单位|责任部门|责任人|整改时限|完成时限|附件)\s*[:：])`)

func opensBlock(t string) bool {
	return opensBlockRE.MatchString(strings.TrimSpace(t))
}
