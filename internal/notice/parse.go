package notice

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// MaxInputSize is the largest notice file read, by the command line and
// the web alike: a notice is tens of kilobytes; 10 MB leaves room for a
// .docx with pictures or a page with its scripts.
const MaxInputSize = 10 << 20

// ErrTooLarge returns the ETOOLARGE error for a notice file of size bytes
// (0 when unknown) over MaxInputSize; name is the file's name, or "". Every
// surface says it in these words.
func ErrTooLarge(name string, size int64) error {
	what := "文件"
	if name != "" {
		what = "“" + name + "”"
	}
	if size > 0 {
		what += "有 " + sizeText(size) + "，"
	}
	return rectify.Errorf(rectify.ETOOLARGE, "%s超过 %s 的上限，不像是一份通报，未读取", what, sizeText(MaxInputSize))
}

// sizeText writes a size as people read it: 10 MB, 12.5 MB, 300 KB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// Parse reads a published notice of rectification progress and returns it
// as structure, with Warnings for everything odd it met on the way.
//
// The format is detected from the content: plain text in UTF-8 (with or
// without a byte order mark), UTF-16 with a byte order mark or GB18030/GBK,
// with LF, CRLF or CR line ends, possibly with Markdown markup; a .docx
// (paragraphs of the body and its tables, automatic list numbers); a saved
// web page (its article, without the site's navigation, header, footer and
// sidebars; GBK pages are honoured); a PDF (its text layer without page
// furniture, columns in reading order, broken lines joined; pages without
// a text layer read by OCR), a PNG or JPEG scan (OCR), a .doc, .wps or
// .rtf (converted by LibreOffice) — see ParseContext. Line numbers in the Document and its
// warnings count the lines of a text file; for a .docx they count the
// paragraphs (a line break inside a paragraph starts a new one), for a web
// page the lines of the extracted article text.
//
// Parse never panics. It returns an EINVALID *rectify.Error, whose message
// says why in Chinese, only when the input is not a notice at all: empty,
// binary, a damaged zip or one that is not a Word document, a page without
// an article, a text without any problem. Everything else gives a Document.
func Parse(data []byte) (*Document, error) {
	return ParseContext(context.Background(), data)
}

// ParseContext is Parse with a context, which bounds the external programs
// that read PDFs, scans and .doc/.wps files: pdftotext and pdftoppm
// (poppler-utils), tesseract with its simplified-Chinese model
// (tesseract-ocr, tesseract-ocr-chi-sim) and soffice (LibreOffice), each
// under its own deadline and size limits as well. A missing program is an
// EINVALID *rectify.Error naming the Debian package to install; a file over
// the limits of pages or time an ETOOLARGE one; ctx's error when ctx ends.
// Every line read by OCR carries a warning with CodeOCR.
func ParseContext(ctx context.Context, data []byte) (*Document, error) {
	dec, err := decode(ctx, data, defaultLimits)
	if err != nil {
		return nil, err
	}
	return parseLines(dec)
}

// ParseReader reads all of r (at most MaxInputSize bytes) and parses it as
// Parse does. It returns an ETOOLARGE *rectify.Error for a larger input and
// the read error, wrapped, when r fails.
func ParseReader(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("notice: read: %w", err)
	}
	if len(data) > MaxInputSize {
		return nil, ErrTooLarge("", 0)
	}
	return Parse(data)
}

// line is one non-blank line of the input, normalised.
type line struct {
	no   int // 1-based
	text string
}

// parser holds the state of one Parse.
type parser struct {
	doc      *Document
	finds    []*findBuilder
	pstyle   numStyle // how problems are numbered, once seen
	lastNum  int      // the number of the last problem
	summary  bool     // the summary line was found
	noFindOK bool     // the missing finding was warned about
	contact  bool     // a contact paragraph was read
	// summaryAt marks the lines whose summary lines were read.
	summaryAt map[int]bool
	// What the page's metadata rows said (see readPageMeta).
	meta                  *pageMeta
	metaIssuer, metaTitle string
	// sigMonth and sigDay are a signature date written without a year.
	sigMonth, sigDay int
	opening          openingExtra
	written          map[int]bool // finding numbers written so far
}

func (p *parser) warn(no int, code, format string, args ...any) {
	p.doc.Warnings = append(p.doc.Warnings, Warning{Line: no, Code: code, Message: fmt.Sprintf(format, args...)})
}

// findBuilder is a finding being read.
type findBuilder struct {
	f       Finding
	written int // the number as written, 0 when missing
	probs   []*probBuilder
}

// probBuilder is a problem being read.
type probBuilder struct {
	Problem
	acc  measureAcc
	desc []string // the description, in pieces (joined at the end)
}

// section is a top-level part of the notice (一、二、三、).
type section struct {
	head  line
	title string
	lines []line
}

func parseLines(dec decoded) (*Document, error) {
	d := &Document{Findings: []Finding{}, Warnings: []Warning{}, SummaryLines: []SummaryLine{}}
	d.Warnings = append(d.Warnings, dec.warnings...)
	p := &parser{doc: d}
	var ls []line
	for i, raw := range dec.lines {
		if t := normLine(raw); strings.Trim(t, "\uFFFD ") != "" {
			ls = append(ls, line{no: i + 1, text: t})
		}
	}
	// A copy in traditional characters is read folded to simplified ones
	// and given back as written.
	var unfold unfolder
	if texts := lineTexts(ls); isTraditionalText(texts) {
		folded := make([]string, len(ls))
		for i := range ls {
			ls[i].text, _ = foldTraditional(ls[i].text)
			folded[i] = ls[i].text
		}
		unfold = newUnfolder(texts, folded)
	}
	if len(ls) == 0 {
		return nil, rectify.Errorf(rectify.EINVALID, "通报内容为空")
	}
	ls = p.readPageMeta(ls)
	if len(ls) == 0 {
		return nil, rectify.Errorf(rectify.EINVALID, "通报内容为空")
	}
	ls = p.readTail(ls)
	ls = p.readHead(ls)
	p.readBody(ls)
	p.finish()
	d.Inspection.Source = detectSource(d)
	if countProblems(d) == 0 && len(d.SummaryLines) == 0 && !noticeWords(d, ls) {
		return nil, rectify.Errorf(rectify.EINVALID, "没有找到任何具体问题、统计数字或通报标题，这不像一份巡察整改进展情况的通报")
	}
	p.cover()
	unfold.doc(d)
	return d, nil
}

func lineTexts(ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return out
}

// noticeWords reports whether a text without problems or counts still
// reads as a rectification notice: a title like one, and the words of the
// work in its body.
func noticeWords(d *Document, ls []line) bool {
	if d.Title == "" || !strings.Contains(d.Title, "整改") {
		return false
	}
	n := 0
	for _, l := range ls {
		if strings.Contains(l.text, "整改") {
			n++
		}
	}
	return n >= 2
}

// cover fills Coverage: what was read, and what was not.
func (p *parser) cover() {
	d := p.doc
	c := Coverage{SummaryLines: len(d.SummaryLines), Missing: []Gap{}}
	for _, f := range d.Findings {
		for _, pr := range f.Problems {
			c.Problems++
			if pr.Status != "" || pr.StatusText != "" {
				c.WithStatus++
			}
			if len(pr.Measures) > 0 {
				c.WithMeasures++
			}
		}
	}
	gap := func(code, msg string, args ...any) {
		c.Missing = append(c.Missing, Gap{Code: code, Message: fmt.Sprintf(msg, args...)})
	}
	switch {
	case c.Problems == 0 && c.SummaryLines > 0:
		c.CountsOnly = true
		gap("no-problem-list", "通报只有统计数字，没有列出具体问题（问题清单可能在附件中）")
	case c.Problems == 0:
		gap("no-problem-list", "没有找到具体问题的清单")
	case c.WithStatus == 0:
		gap("no-statuses", "列出了%d个问题，但都没有写明整改结果", c.Problems)
	case c.WithStatus < c.Problems:
		gap("some-statuses", "%d个问题中有%d个没有写明整改结果", c.Problems, c.Problems-c.WithStatus)
	}
	if c.Problems > 0 && c.WithMeasures == 0 {
		gap("no-measures", "问题下没有写整改措施")
	}
	if c.SummaryLines == 0 {
		gap("no-summary", "没有找到统计数字（如“共反馈问题N个，已完成整改N个”）")
	}
	if d.Title == "" {
		gap("no-title", "没有找到通报标题")
	}
	if d.Date.IsZero() {
		gap("no-date", "没有找到通报日期")
	}
	if d.Issuer == "" {
		gap("no-issuer", "没有找到发文单位")
	}
	if d.Inspection.Team == "" && d.Inspection.Start.IsZero() && d.Inspection.Feedback.IsZero() {
		gap("no-inspection", "没有找到巡察（巡视、审计）的组别、时间或反馈日期")
	}
	d.Coverage = c
}

func countProblems(d *Document) int {
	n := 0
	for _, f := range d.Findings {
		n += len(f.Problems)
	}
	return n
}

// readTail takes the date line and the signature from the end of the
// notice and returns the lines before them.
func (p *parser) readTail(ls []line) []line {
	end := len(ls)
	var sig []string
	for k := 0; k < 4 && end > 1; k++ {
		t := ls[end-1].text
		if dt, ok := dateLine(t); ok {
			if p.doc.Date.IsZero() {
				p.doc.Date, p.doc.DateSource = dt, "signature"
			}
			end--
			continue
		}
		if m, dd, ok := dateLineNoYear(t); ok && p.sigMonth == 0 {
			p.sigMonth, p.sigDay = m, dd
			end--
			continue
		}
		if isOrgLine(t) && len(sig) < 2 {
			sig = append([]string{t}, sig...)
			end--
			continue
		}
		break
	}
	if len(sig) > 0 {
		p.doc.Issuer, p.doc.IssuerSource = strings.Join(sig, " "), "signature"
	}
	return ls[:end]
}

// readHead takes the issuer and the title from the start of the notice and
// returns the lines after them.
func (p *parser) readHead(ls []line) []line {
	d := p.doc
	ti := -1
	for i := 0; i < len(ls) && i < 6; i++ {
		t := ls[i].text
		if strings.HasPrefix(t, "根据") {
			break
		}
		if st, _, _ := splitNumber(t); st != styleNone {
			break
		}
		if titleLike(t) {
			ti = i
			break
		}
	}
	if ti < 0 {
		// No title: an organisation's name on the first line is the issuer.
		if len(ls) > 1 && isOrgLine(ls[0].text) {
			if d.Issuer == "" {
				d.Issuer, d.IssuerSource = ls[0].text, "heading"
			}
			p.warn(ls[0].no, "no-title", "没有找到通报标题（如“关于…的通报”）")
			return ls[1:]
		}
		p.warn(ls[0].no, "no-title", "没有找到通报标题（如“关于…的通报”）")
		return ls
	}
	title := ls[ti].text
	next := ti + 1
	if !titleEnds(title) && next < len(ls) && runeLen(ls[next].text) <= 40 && titleEnds(ls[next].text) &&
		!strings.Contains(ls[next].text, "。") {
		title += ls[next].text
		next++
	}
	if k := strings.Index(title, "关于"); k > 0 && isOrgLine(title[:k]) {
		if d.Issuer == "" || d.Issuer == title[:k] {
			d.Issuer, d.IssuerSource = title[:k], "title"
		}
		title = title[k:]
	}
	d.Title = title
	// A date under the title ("（2024年9月1日）") when none closes the notice.
	if next < len(ls) {
		if dt, ok := dateLine(ls[next].text); ok {
			if d.Date.IsZero() {
				d.Date, d.DateSource = dt, "heading"
			}
			next++
		}
	}
	var before []string
	for _, l := range ls[:ti] {
		if isOrgLine(l.text) {
			before = append(before, l.text)
			continue
		}
		p.warn(l.no, "unplaced-text", "标题前的“%s”不是发文单位，已放入开头段落", clip(l.text))
		d.Opening = joinPara(d.Opening, l.text)
	}
	if len(before) > 0 {
		// The heading names the issuer; the signature may abbreviate it.
		d.Issuer, d.IssuerSource = strings.Join(before, ""), "heading"
	}
	return ls[next:]
}

// clip shortens s for a warning message.
func clip(s string) string {
	const max = 30
	if runeLen(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// joinPara adds a paragraph to text, one paragraph per line.
func joinPara(text, para string) string {
	if text == "" {
		return para
	}
	return text + "\n" + para
}

// isSectionHead reports whether l opens top-level section number want
// (一、组织整改落实情况).
func isSectionHead(t string, want int) (string, bool) {
	st, n, rest := splitNumber(t)
	if st != styleSection || n != want || runeLen(rest) > 60 || strings.Contains(rest, "。") {
		return "", false
	}
	if _, ok := findingTitle(rest); ok {
		return "", false
	}
	return rest, true
}

// readBody splits the body into the opening and the sections, and reads
// each by its kind.
func (p *parser) readBody(ls []line) {
	d := p.doc
	var pre []line
	var secs []*section
	want := 1
	innerRestart := false // a section numbers its findings 一、二、 too
	for _, l := range ls {
		if title, ok := isSectionHead(l.text, want); ok && (!innerRestart || sectionWords(title)) {
			secs = append(secs, &section{head: l, title: title})
			want++
			innerRestart = false
			continue
		}
		if len(secs) > 0 {
			if _, ok := isSectionHead(l.text, 1); ok {
				innerRestart = true
			}
		}
		if len(secs) == 0 {
			pre = append(pre, l)
		} else {
			secs[len(secs)-1].lines = append(secs[len(secs)-1].lines, l)
		}
	}
	if len(secs) == 0 {
		// No sections: the opening is what precedes the first finding or
		// problem, the rest is read as problems.
		k := 0
		for k < len(pre) && classify(pre[k]).kind == kPlain && !resultAheadLines(pre, k) {
			k++
		}
		if k == len(pre) && k > 1 {
			k = 1
		}
		secs = []*section{{title: "", lines: pre[k:]}}
		pre = pre[:k]
	}
	var opening []string
	for _, l := range pre {
		p.takeSummary(l)
		opening = append(opening, l.text)
	}
	if len(opening) > 0 {
		d.Opening = joinPara(d.Opening, strings.Join(opening, "\n"))
		readOpening(strings.Join(opening, ""), &d.Inspection, &p.opening) // a hard-wrapped sentence joins up
	}
	seenProblems := false
	for _, s := range secs {
		kind := sectionKind(s)
		switch {
		case kind == "next":
			p.readNext(s.lines)
		case kind == "problems":
			seenProblems = true
			p.readProblems(s.withHead())
		case !seenProblems:
			p.readWork(s.lines)
		default:
			if s.head.no > 0 {
				p.warn(s.head.no, "unknown-section", "不认识的部分“%s”，其内容已放入下一步工作安排", clip(s.title))
			}
			p.readNext(s.lines)
		}
	}
	if !seenProblems && len(secs) > 0 && slices.ContainsFunc(secs, listsProblems) {
		// Sections without any result line: the problems may still be
		// there, listed without results. A section that lists none keeps
		// its paragraphs as the organisation text.
		d.Work = nil
		for _, s := range secs {
			switch {
			case sectionKind(s) == "next":
			case listsProblems(s):
				p.readProblems(s.withHead())
			default:
				p.readWork(s.lines)
			}
		}
	}
}

// listsProblems reports whether a section without results holds a list of
// problems: numbered headings that name a problem (…的问题, 关于…, 反馈问题：).
func listsProblems(s *section) bool {
	for _, l := range s.lines {
		c := classify(l)
		if _, ok := headingStyle(c); !ok {
			continue
		}
		if strings.Contains(c.text, "问题") || strings.Contains(c.rest, "关于") {
			return true
		}
	}
	return false
}

// withHead returns the lines of a section of problems, with its heading
// when the heading names a finding or a problem (一、关于“…”的问题) rather than
// a part of the notice (二、巡察反馈问题整改情况).
func (s *section) withHead() []line {
	t := strings.TrimRight(s.title, "。：:")
	if s.head.no == 0 || !(strings.Contains(t, "关于") || strings.HasSuffix(t, "问题") || strings.HasSuffix(t, "方面")) {
		return s.lines
	}
	for _, w := range []string{"整改情况", "落实情况", "进展情况", "整改工作", "下一步", "整改事项"} {
		if strings.Contains(t, w) {
			return s.lines
		}
	}
	return append([]line{s.head}, s.lines...)
}

// sectionWords reports whether a heading names a part of a notice rather
// than a finding: 下一步, 工作打算, 整改落实情况 …
func sectionWords(title string) bool {
	for _, w := range []string{"下一步", "下步", "下阶段", "今后", "打算", "工作安排", "整改情况", "落实情况", "进展情况", "组织", "整改工作"} {
		if strings.Contains(title, w) {
			return true
		}
	}
	return false
}

// sectionKind classifies a section as "work", "problems" or "next".
func sectionKind(s *section) string {
	for _, w := range []string{"下一步", "下步", "下阶段", "下一阶段", "今后", "工作打算", "努力方向"} {
		if strings.Contains(s.title, w) {
			return "next"
		}
	}
	for _, l := range s.lines {
		c := classify(l)
		if c.kind == kStatus || c.kind == kProgress || (c.kind == kFinding && strings.Contains(l.text, "反馈问题")) {
			return "problems"
		}
	}
	return "work"
}

// takeSummary reads the summary lines of paragraph l (a notice may give
// several, one per batch). It reports whether l held nothing else (and so
// is consumed); a paragraph with more to say keeps its place as well.
func (p *parser) takeSummary(l line) bool {
	if p.summaryAt[l.no] {
		return false
	}
	lines := readSummaryLines(l.text, l.no)
	if len(lines) == 0 {
		return false
	}
	if p.summaryAt == nil {
		p.summaryAt = map[int]bool{}
	}
	p.summaryAt[l.no] = true
	p.doc.SummaryLines = append(p.doc.SummaryLines, lines...)
	if !p.summary {
		if s, ok := firstSummary(lines); ok {
			p.setSummary(s, l.no)
		}
	}
	for _, sentence := range strings.Split(l.text, "。") {
		if runeLen(strings.TrimSpace(sentence)) > 6 && len(readSummaryLines(sentence, l.no)) == 0 {
			return false
		}
	}
	return true
}

func (p *parser) setSummary(s Summary, no int) {
	s.Line = no
	p.doc.Summary = s
	p.summary = true
}

// readWork reads the section on organising the work: its paragraphs as
// written, except the summary line.
func (p *parser) readWork(ls []line) {
	for _, l := range ls {
		if p.takeSummary(l) {
			continue
		}
		if isContactLine(l.text) && readContact(l.text, &p.doc.Contact) {
			p.contact = true
			continue
		}
		p.doc.Work = append(p.doc.Work, l.text)
	}
}

// readNext reads the section on next steps: its paragraphs, except the
// contact paragraph (and a welcome sentence standing just before it).
func (p *parser) readNext(ls []line) {
	for i, l := range ls {
		if isContactLine(l.text) && readContact(l.text, &p.doc.Contact) {
			p.contact = true
			continue
		}
		if strings.Contains(l.text, "欢迎") && strings.Contains(l.text, "监督") && i+1 < len(ls) && isContactLine(ls[i+1].text) {
			continue
		}
		if p.takeSummary(l) {
			continue
		}
		p.doc.NextSteps = append(p.doc.NextSteps, l.text)
	}
}

// finish fills what can only be known at the end: years of dates written
// without one, the findings and problems, the checks of their structure.
func (p *parser) finish() {
	d := p.doc
	p.resolveYears()
	p.applyPageMeta()
	for _, fb := range p.finds {
		f := fb.f
		f.Problems = make([]Problem, 0, len(fb.probs))
		for _, pb := range fb.probs {
			f.Problems = append(f.Problems, p.finishProblem(pb))
		}
		d.Findings = append(d.Findings, f)
	}
	if s := &d.Summary; s.Line > 0 && s.AsOf.Month != 0 {
		s.AsOf = resolveAsOf(s.AsOf, d.Date, d.Inspection.Feedback)
	}
	inferredAsOf := false
	for i := range d.SummaryLines {
		if s := &d.SummaryLines[i]; s.AsOf.Month != 0 {
			if s.AsOf.Year == 0 {
				inferredAsOf = true
			}
			s.AsOf = resolveAsOf(s.AsOf, d.Date, d.Inspection.Feedback)
		}
	}
	if inferredAsOf {
		d.Inferred = append(d.Inferred, "summary.as_of")
	}
	if d.Date.IsZero() {
		p.warn(0, "no-date", "没有找到通报的落款日期")
	}
	if d.Issuer == "" {
		p.warn(0, "no-issuer", "没有找到发文单位（标题前或落款处）")
	}
	in := d.Inspection
	var missing []string
	if in.Team == "" {
		missing = append(missing, "巡察组")
	}
	if in.Start.IsZero() {
		missing = append(missing, "巡察时间")
	}
	if in.Feedback.IsZero() {
		missing = append(missing, "反馈日期")
	}
	if len(missing) > 0 {
		p.warn(0, "missing-inspection-info", "开头段落中没有找到%s", strings.Join(missing, "、"))
	}
	d.Warnings = append(d.Warnings, checkStructure(d)...)
	d.Warnings = mergeWarnings(d.Warnings)
}

// resolveYears gives a year to the dates written without one that nothing
// in the opening could date: the signature's (after the feedback and the
// period, in the year of the figures when they have one) and the
// feedback's (before the notice). Each is named in Document.Inferred.
func (p *parser) resolveYears() {
	d := p.doc
	in := &d.Inspection
	if d.Date.IsZero() && p.sigMonth > 0 {
		y := 0
		switch {
		case d.Summary.AsOf.Year != 0:
			y = d.Summary.AsOf.Year
			if p.sigMonth < int(d.Summary.AsOf.Month) {
				y++
			}
		case !in.Feedback.IsZero():
			y = in.Feedback.Year
			if p.sigMonth < int(in.Feedback.Month) {
				y++
			}
		case !in.End.IsZero():
			y = in.End.Year
			if p.sigMonth < int(in.End.Month) {
				y++
			}
		}
		if y != 0 {
			d.Date, d.DateSource = rectify.NewDate(y, time.Month(p.sigMonth), p.sigDay), "signature"
			d.Inferred = append(d.Inferred, "date")
		}
	}
	ex := &p.opening
	if in.Feedback.IsZero() && ex.fbMonth > 0 && !d.Date.IsZero() {
		day := max(ex.fbDay, 1)
		y := d.Date.Year
		if rectify.NewDate(y, time.Month(ex.fbMonth), day).After(d.Date) {
			y--
		}
		in.Feedback = rectify.NewDate(y, time.Month(ex.fbMonth), day)
		if ex.fbDay == 0 {
			in.FeedbackPrecision = "month"
		}
		ex.inferred |= inferFeedback
	}
	for _, f := range []struct {
		bit  uint8
		name string
	}{{inferStart, "inspection.start"}, {inferEnd, "inspection.end"}, {inferFeedback, "inspection.feedback"}} {
		if ex.inferred&f.bit != 0 {
			d.Inferred = append(d.Inferred, f.name)
		}
	}
}

// finishProblem trims the measures of a problem and drops empty ones.
func (p *parser) finishProblem(pb *probBuilder) Problem {
	pr := pb.Problem
	texts := pb.acc.texts()
	ms := make([]Measure, 0, len(pr.Measures))
	for i, m := range pr.Measures {
		if i < len(texts) {
			m.Text = texts[i]
		}
		m.Text = trimEndPunct(m.Text)
		if m.Text == "" {
			p.warn(m.Line, "empty-measure", "问题%s的整改情况中有一个编号后没有内容", problemRef(&pr))
			continue
		}
		ms = append(ms, m)
	}
	pr.Measures = ms
	pr.Description = strings.TrimSpace(strings.Join(pb.desc, ""))
	if term, ok := rectify.LookupStatus(pr.StatusText); ok && term.LongTerm {
		pr.LongTermKept = true // 已经完成、长期坚持
	}
	if pr.DueText != "" {
		pr.Due = dueDate(pr.DueText, p.doc.Inspection.Feedback, p.doc.Date)
	}
	return pr
}

// dueDate reads the day an 整改时限 names: the day itself, or the last day
// of the month or year it names ("2024年6月底前", "2024年底"). A date without
// a year is taken to fall after the feedback (or in the notice's year).
// It returns the zero Date for "长期坚持", "立行立改" and the like.
func dueDate(text string, feedback, notice rectify.Date) rectify.Date {
	ds := scanDates(text, true)
	if len(ds) == 0 {
		return rectify.Date{}
	}
	e := ds[len(ds)-1]
	if e.cn && e.y == 0 && !strings.HasPrefix(text[e.end:], "底") && !strings.HasPrefix(text[e.end:], "份") &&
		!strings.HasPrefix(text[e.end:], "前") && e.end != len(text) {
		return rectify.Date{}
	}
	y := e.y
	if y == 0 {
		switch {
		case !feedback.IsZero():
			y = feedback.Year
			m, d := e.m, max(e.d, 1)
			if m > 0 && rectify.NewDate(y, time.Month(m), d).Before(feedback) {
				y++
			}
		case !notice.IsZero():
			y = notice.Year
		default:
			return rectify.Date{}
		}
	}
	switch {
	case e.m == 0:
		return rectify.NewDate(y, time.December, 31)
	case e.d == 0:
		return rectify.NewDate(y, time.Month(e.m)+1, 0)
	}
	if d, ok := e.date(y); ok {
		return d
	}
	return rectify.Date{}
}

// problemRef names a problem in a message: its number, or its title when it
// has none.
func problemRef(pr *Problem) string {
	if pr.Number > 0 {
		return fmt.Sprint(pr.Number)
	}
	if pr.Title != "" {
		return "“" + clip(pr.Title) + "”"
	}
	return fmt.Sprintf("（第%d行）", pr.Line)
}

// mergeWarnings sorts warnings by line (keeping the order of equal lines)
// and drops exact repeats.
func mergeWarnings(ws []Warning) []Warning {
	seen := map[Warning]bool{}
	out := make([]Warning, 0, len(ws))
	for _, w := range ws {
		k := w
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, w)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// resolveAsOf completes the date of the summary line: a missing year comes
// from the notice's date (the figures cannot be of a later day) or, without
// one, from the feedback date (they cannot be of an earlier day); a missing
// day means the end of the month.
func resolveAsOf(a, notice, feedback rectify.Date) rectify.Date {
	day := a.Day
	if day == 0 {
		day = 1
	}
	y := a.Year
	switch {
	case y != 0:
	case !notice.IsZero():
		y = yearFor(int(a.Month), day, notice)
	case !feedback.IsZero():
		y = feedback.Year
		if rectify.NewDate(y, a.Month, day).Before(feedback) {
			y++
		}
	default:
		return rectify.Date{}
	}
	if a.Day == 0 {
		return rectify.NewDate(y, a.Month+1, 0)
	}
	return rectify.NewDate(y, time.Month(a.Month), a.Day)
}
