package notice

import (
	"strings"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
)

// ckind is what a line of a problem section is.
type ckind int

const (
	kPlain    ckind = iota
	kFinding        // （一）反馈问题：…
	kStatus         // 整改结果：…
	kProgress       // 整改情况：…
	kNumbered       // 1．… （1）… ① …
	kMeta           // 责任领导：… 整改时限：…
)

// cline is a classified line.
type cline struct {
	line
	kind  ckind
	style numStyle
	n     int
	rest  string // after the number, or the value after the label
}

// classify says what a line of a problem section is.
func classify(l line) cline {
	t := l.text
	c := cline{line: l, rest: t}
	if _, v, ok := labelled(t, statusLabels); ok {
		c.kind, c.rest = kStatus, v
		return c
	}
	if _, v, ok := labelled(t, progressLabels); ok {
		c.kind, c.rest = kProgress, v
		return c
	}
	if k, v, ok := labelled(t, metaLabels); ok {
		c.kind, c.rest, c.n = kMeta, v, k
		return c
	}
	if _, v, ok := labelled(t, ambiguousLabels); ok {
		c.rest = v
		c.kind = kProgress
		if first, _ := cutSentence(v); runeLen(first) <= 12 {
			if _, _, ok := rectify.ParseStatus(first); ok {
				c.kind = kStatus
			}
		}
		return c
	}
	st, n, rest := splitNumber(t)
	if title, ok := findingTitle(rest); ok {
		c.kind, c.style, c.n, c.rest = kFinding, st, n, title
		return c
	}
	switch st {
	case styleNone:
		return c
	case styleCNParen, styleSection:
		c.kind, c.style, c.n, c.rest = kFinding, st, n, trimEndPunct(rest)
		return c
	}
	c.kind, c.style, c.n, c.rest = kNumbered, st, n, rest
	return c
}

// findingTitle reads "反馈问题：title" (also 反馈问题一：, 巡察反馈问题：, and
// the words of the other kinds: 审计发现问题：, 督查发现问题：, 督察交办件：)
// and returns the title without its final punctuation.
func findingTitle(s string) (string, bool) {
	for _, l := range []string{"巡察反馈问题", "巡视反馈问题", "反馈问题", "问题类别", "审计发现问题", "督查发现问题", "发现问题", "督察交办件"} {
		if !strings.HasPrefix(s, l) {
			continue
		}
		rest := s[len(l):]
		if n, k, _ := readNumber(rest, 2); n > 0 {
			rest = rest[k:]
		}
		if j, ok := hasColonAt(rest, 0); ok {
			return trimEndPunct(rest[j:]), true
		}
	}
	return "", false
}

// allLabels are the labels a line is split at when several share a line
// ("整改结果：完成。整改情况：①…").
var allLabels = func() []string {
	var ls []string
	ls = append(ls, statusLabels...)
	ls = append(ls, progressLabels...)
	ls = append(ls, metaLabels...)
	return append(ls, ambiguousLabels...)
}()

// splitInline splits a line before each label that follows a sentence.
func splitInline(t string) []string {
	var parts []string
	from := 0
	for _, c := range colons(t) {
		start, k := labelBefore(t, c, allLabels)
		if k < 0 || start <= from || !labelStarts(t, start) {
			continue
		}
		if head := strings.TrimSpace(t[from:start]); head != "" {
			parts = append(parts, head)
		}
		from = start
	}
	return append(parts, t[from:])
}

// labelStarts reports whether a label at t[i:] starts a new item: it
// follows the end of a sentence, a space or a closing bracket.
func labelStarts(t string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return strings.ContainsRune("。；; ）)】", r)
}

// resultAheadLines reports whether a result or measures line follows
// lines[i] before the next numbered or finding line.
func resultAheadLines(ls []line, i int) bool {
	for j := i + 1; j < len(ls) && j <= i+10; j++ {
		switch classify(ls[j]).kind {
		case kStatus, kProgress:
			return true
		case kFinding, kNumbered:
			return false
		}
	}
	return false
}

// pmode is where the reader stands inside a problem.
type pmode int

const (
	mNone     pmode = iota // no problem yet (after a finding heading)
	mHead                  // after the problem's heading: description
	mStatus                // after 整改结果
	mProgress              // after 整改情况: measures
)

// sectionReader reads one section of problems.
type sectionReader struct {
	p       *parser
	cls     []cline
	cur     *findBuilder
	prob    *probBuilder
	mode    pmode
	pending []line // text seen before the first problem of a finding
}

// readProblems reads a section of findings, problems, results and measures.
func (p *parser) readProblems(ls []line) {
	var cls []cline
	for _, l := range ls {
		for _, part := range splitInline(l.text) {
			cls = append(cls, classify(line{no: l.no, text: part}))
		}
	}
	if ps := problemStyle(cls); ps != styleNone {
		for i := range cls {
			c := &cls[i]
			if c.style != ps || c.kind != kFinding || isFindingHeading(*c) {
				continue
			}
			_, _, rest := splitNumber(c.text)
			c.kind, c.rest = kNumbered, rest
		}
		if k := organisationRun(cls, ps); k > 0 {
			var work []line
			for _, c := range cls[:k] {
				if len(work) == 0 || work[len(work)-1].no != c.no {
					work = append(work, c.line)
				} else {
					work[len(work)-1].text += c.text
				}
			}
			p.readWork(work)
			cls = cls[k:]
		}
	}
	s := &sectionReader{p: p, cls: cls}
	if len(p.finds) > 0 {
		s.cur = p.finds[len(p.finds)-1]
	}
	for i := range cls {
		s.step(i)
	}
	s.placePending()
}

// headingStyle reports whether a classified line is a heading that may
// open a problem, and its style.
func headingStyle(c cline) (numStyle, bool) {
	if c.kind != kFinding && c.kind != kNumbered {
		return styleNone, false
	}
	switch c.style {
	case styleSection, styleCNParen, styleArabic, styleArabicParen:
		return c.style, true
	}
	return styleNone, false
}

// isFindingHeading reports whether a line is headed as a finding in words:
// （一）反馈问题：…
func isFindingHeading(c cline) bool {
	_, _, rest := splitNumber(c.text)
	_, ok := findingTitle(rest)
	return ok
}

// resultLine reports whether a line gives a problem's result: a result
// label, a measures label, or a sentence that says nothing but a status.
func resultLine(c cline) bool {
	switch c.kind {
	case kStatus, kProgress:
		return true
	case kPlain:
		for _, sent := range strings.FieldsFunc(c.text, func(r rune) bool { return r == '。' || r == '；' }) {
			if runeLen(sent) <= 16 && rectify.IsStatusPhrase(sent) {
				return true
			}
			if st, _, ok := leadingStatus(sent); ok && st != "" {
				return true
			}
		}
	}
	return false
}

// problemStyle finds the numbering of the problems in a section: the
// heading style that most often stands right above a result (within three
// lines, with only text between). The styles above it are findings, those
// below it measures. It returns styleNone when no heading stands above a
// result.
func problemStyle(cls []cline) numStyle {
	votes := map[numStyle]int{}
	for i, c := range cls {
		st, ok := headingStyle(c)
		if !ok {
			continue
		}
		if isFindingHeading(c) {
			continue
		}
		if st == styleArabicParen && i > 0 && (cls[i-1].kind == kProgress || cls[i-1].style == styleArabicParen) {
			continue // a measure: （1）… under 整改情况
		}
		for j := i + 1; j < len(cls) && j <= i+3; j++ {
			if resultLine(cls[j]) {
				votes[st]++
				break
			}
			if _, h := headingStyle(cls[j]); h {
				break
			}
		}
	}
	best, bestN := styleNone, 0
	for _, st := range []numStyle{styleArabic, styleArabicParen, styleCNParen, styleSection} {
		if votes[st] > bestN {
			best, bestN = st, votes[st]
		}
	}
	return best
}

// organisationRun finds the paragraphs on organising the work that a
// section numbers like its problems ("1.提高政治站位…2.完善整改方案…" before
// "1.关于…的问题" and its result): headings of the problems' style with no
// result in their blocks, followed by a heading numbered 1 again whose
// block has one. It returns how many lines they take, or 0.
func organisationRun(cls []cline, ps numStyle) int {
	var heads []int
	for i, c := range cls {
		if c.kind == kNumbered && c.style == ps {
			heads = append(heads, i)
		}
	}
	if len(heads) < 2 {
		return 0
	}
	for h, at := range heads {
		end := len(cls)
		if h+1 < len(heads) {
			end = heads[h+1]
		}
		has := false
		for j := at + 1; j < end; j++ {
			if resultLine(cls[j]) {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		if h == 0 || cls[at].n != 1 {
			return 0
		}
		return at
	}
	return 0
}

func (s *sectionReader) step(i int) {
	c := s.cls[i]
	switch c.kind {
	case kFinding:
		s.placePending()
		s.startFinding(c)
	case kStatus:
		s.status(c)
	case kProgress:
		s.progress(c)
	case kNumbered:
		s.numbered(i)
	case kMeta:
		s.meta(c)
	default:
		s.plain(i)
	}
}

// resultAhead reports whether a result or measures line follows cls[i]
// before the next numbered line or finding.
func (s *sectionReader) resultAhead(i int) bool {
	for j := i + 1; j < len(s.cls) && j <= i+10; j++ {
		switch s.cls[j].kind {
		case kStatus, kProgress:
			return true
		case kFinding, kNumbered:
			return false
		}
	}
	return false
}

func (s *sectionReader) startFinding(c cline) {
	p := s.p
	fb := &findBuilder{f: Finding{Title: c.rest, Line: c.no, Numbered: c.style != styleNone, Problems: []Problem{}}}
	fb.f.Number = len(p.finds) + 1
	if c.style != styleNone {
		fb.written = c.n
		if c.n != fb.f.Number {
			if p.written[c.n] {
				p.warn(c.no, "numbering-repeat", "反馈问题序号“%s”与前面重复（按顺序应为第%d个）", rectify.HanNumeral(c.n), fb.f.Number)
			} else {
				p.warn(c.no, "numbering-gap", "反馈问题序号“%s”不连续（按顺序应为第%d个）", rectify.HanNumeral(c.n), fb.f.Number)
			}
		}
	}
	if c.style != styleNone {
		if p.written == nil {
			p.written = map[int]bool{}
		}
		p.written[c.n] = true
	}
	p.finds = append(p.finds, fb)
	s.cur, s.prob, s.mode = fb, nil, mNone
}

// newProblem starts a problem at c: a numbered heading, or a plain line
// that a result follows (a heading whose number is missing).
func (s *sectionReader) newProblem(c cline, numbered bool) {
	p := s.p
	if s.cur == nil {
		fb := &findBuilder{f: Finding{Number: len(p.finds) + 1, Line: c.no, Problems: []Problem{}}}
		p.finds = append(p.finds, fb)
		s.cur = fb
		if !p.noFindOK {
			p.noFindOK = true
			p.warn(c.no, "no-finding", "第%d行的问题前没有反馈问题标题（如“（一）反馈问题：…”）", c.no)
		}
	}
	text := c.text
	if numbered {
		text = c.rest
	}
	text, headStatus := headingStatus(text)
	title, desc := cutSentence(text)
	pb := &probBuilder{Problem: Problem{Title: title, Line: c.no, Measures: []Measure{}}, desc: []string{desc}}
	if numbered {
		pb.Number = c.n
		if p.pstyle == styleNone {
			p.pstyle = c.style
		}
		p.lastNum = c.n
	} else {
		p.lastNum++
	}
	if len(s.pending) > 0 {
		var texts []string
		for _, l := range s.pending {
			texts = append(texts, l.text)
			p.warn(l.no, "unplaced-text", "“%s”不属于任何问题，已并入下面问题%s的描述", clip(l.text), problemRef(&pb.Problem))
		}
		pb.desc = append(texts, pb.desc...)
		s.pending = nil
	}
	if headStatus != "" {
		pb.StatusText, pb.StatusLine = headStatus, c.no
		pb.Status, pb.StatusClass, _ = rectify.ParseStatus(headStatus)
	}
	s.cur.probs = append(s.cur.probs, pb)
	s.prob, s.mode = pb, mHead
}

// placePending puts text that preceded no problem into the last problem's
// description, or into the work section when there is none.
func (s *sectionReader) placePending() {
	if len(s.pending) == 0 {
		return
	}
	p := s.p
	var last *probBuilder
	for k := len(p.finds) - 1; k >= 0 && last == nil; k-- {
		if n := len(p.finds[k].probs); n > 0 {
			last = p.finds[k].probs[n-1]
		}
	}
	for _, l := range s.pending {
		if last != nil {
			last.desc = append(last.desc, l.text)
			p.warn(l.no, "unplaced-text", "“%s”不属于任何问题，已并入问题%s的描述", clip(l.text), problemRef(&last.Problem))
		} else {
			p.doc.Work = append(p.doc.Work, l.text)
			p.warn(l.no, "unplaced-text", "“%s”不属于任何问题，已放入组织整改落实情况", clip(l.text))
		}
	}
	s.pending = nil
}

// meta reads 责任领导, 责任单位 or 整改时限 of the current problem; before any
// problem it is text that fits nowhere.
func (s *sectionReader) meta(c cline) {
	pr := s.prob
	if pr == nil {
		s.pending = append(s.pending, c.line)
		return
	}
	v := trimEndPunct(c.rest)
	switch metaField(metaLabels[c.n]) {
	case 'L':
		pr.Leader = joinValue(pr.Leader, v)
	case 'U':
		pr.OwnerUnit = joinValue(pr.OwnerUnit, v)
	case 'D':
		pr.DueText = joinValue(pr.DueText, v)
	}
}

func joinValue(old, v string) string {
	switch {
	case v == "" || old == v:
		return old
	case old == "":
		return v
	}
	return old + "；" + v
}

// headingStatus takes a result written at the end of a problem's heading,
// "1．标题。（已完成）", and returns the heading without it.
func headingStatus(text string) (string, string) {
	t := strings.TrimRight(text, "。 ")
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}} {
		if !strings.HasSuffix(t, br[1]) {
			continue
		}
		open := strings.LastIndex(t, br[0])
		if open < 0 {
			continue
		}
		inner := t[open+len(br[0]) : len(t)-len(br[1])]
		if runeLen(inner) > 10 {
			continue
		}
		if st, _, ok := rectify.ParseStatus(inner); ok && st != "" {
			return strings.TrimSpace(t[:open]), inner
		}
	}
	return text, ""
}

// statusPhrases are the clauses that say nothing but a result.
var statusPhrases = map[string]bool{
	"完成": true, "已完成": true, "已完成整改": true, "完成整改": true, "整改完成": true, "已整改完成": true,
	"已整改": true, "已整改到位": true, "整改到位": true, "已销号": true, "已全部完成": true, "已全部完成整改": true,
	"基本完成": true, "基本完成整改": true, "已基本完成": true, "已基本完成整改": true,
	"正在整改": true, "持续整改": true, "整改中": true, "持续推进": true, "正在推进": true, "持续推进中": true,
	"长期坚持": true, "长期整改": true, "未完成": true, "尚未完成": true, "未完成整改": true,
}

// leadingStatus reads a result that opens a text ("已完成整改。…",
// "目前正在整改，…", "长期整改I类；…") and returns it and the rest.
func leadingStatus(text string) (string, string, bool) {
	i := strings.IndexFunc(text, func(r rune) bool { return strings.ContainsRune("。；;，,", r) })
	clause, rest := text, ""
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		clause, rest = text[:i], strings.TrimSpace(text[i+size:])
	}
	clause = strings.TrimSpace(clause)
	for _, p := range []string{"目前", "现已", "该问题", "此项", "该项", "截至目前"} {
		clause = strings.TrimPrefix(clause, p)
	}
	if clause == "现" {
		return "", "", false
	}
	ok := statusPhrases[clause] || (runeLen(clause) <= 14 && rectify.IsStatusPhrase(clause))
	if !ok && strings.HasPrefix(clause, "长期整改") && runeLen(clause) <= 9 {
		_, class, _ := rectify.ParseStatus(clause)
		ok = class != ""
	}
	if !ok {
		return "", "", false
	}
	return clause, rest, true
}

// orphanProblem starts an untitled problem for a result or measures line
// that no heading precedes.
func (s *sectionReader) orphanProblem(c cline) {
	s.p.warn(c.no, "missing-heading", "第%d行的“%s”前没有问题标题", c.no, clip(c.text))
	s.newProblem(cline{line: line{no: c.no}}, false)
}

func (s *sectionReader) status(c cline) {
	if s.prob == nil {
		s.orphanProblem(c)
	}
	pr := s.prob
	if pr.StatusLine != 0 {
		s.p.warn(c.no, "repeated-status", "问题%s已有整改结果“%s”，第二个“%s”未采用", problemRef(&pr.Problem), pr.StatusText, clip(c.rest))
		if s.mode != mProgress {
			s.mode = mStatus
		}
		return
	}
	text, more := cutSentence(c.rest)
	text = trimEndPunct(text)
	pr.StatusText, pr.StatusLine = text, c.no
	if st, class, ok := rectify.ParseStatus(text); ok {
		pr.Status, pr.StatusClass = st, class
	}
	if s.mode != mProgress {
		s.mode = mStatus
	}
	if more != "" {
		pr.acc.feed(&pr.Problem, more, c.no)
	}
}

func (s *sectionReader) progress(c cline) {
	if s.prob == nil {
		s.orphanProblem(c)
	}
	s.mode = mProgress
	if pr := s.prob; pr.StatusLine == 0 {
		// "整改情况：已完成整改。局党组…": the result opens the measures.
		if st, rest, ok := leadingStatus(c.rest); ok {
			pr.StatusText, pr.StatusLine = st, c.no
			pr.Status, pr.StatusClass, _ = rectify.ParseStatus(st)
			c.rest = rest
		}
	}
	if c.rest != "" {
		s.prob.acc.feed(&s.prob.Problem, c.rest, c.no)
	}
}

// numbered decides whether a numbered line starts a problem, is a measure
// or continues the text before it.
func (s *sectionReader) numbered(i int) {
	c := s.cls[i]
	p := s.p
	pr := s.prob
	if pr == nil {
		s.newProblem(c, true)
		return
	}
	strong := s.resultAhead(i)
	styleOK := p.pstyle == styleNone || c.style == p.pstyle
	numOK := c.n == p.lastNum+1 || (len(s.cur.probs) == 0 && c.n == 1) || (c.n > p.lastNum && c.n <= p.lastNum+3)
	isProblem := styleOK && (numOK || strong)
	switch s.mode {
	case mHead:
		if isProblem && numOK {
			s.newProblem(c, true)
			return
		}
		pr.desc = append(pr.desc, c.text)
	default:
		measureish := pr.acc.accepts(c.style, c.n)
		switch {
		case isProblem && measureish:
			if strong {
				s.newProblem(c, true)
				return
			}
			s.measure(c)
		case isProblem:
			s.newProblem(c, true)
		case measureish || isMeasureStyle(c.style):
			s.measure(c)
		default:
			pr.acc.feed(&pr.Problem, c.text, c.no)
		}
	}
}

// measure adds a numbered measure line.
func (s *sectionReader) measure(c cline) {
	a := &s.prob.acc
	if a.style == styleNone || a.style == c.style {
		a.style = c.style
		a.next = c.n
	}
	a.feed(&s.prob.Problem, c.text, c.no)
	s.mode = mProgress
}

func (s *sectionReader) plain(i int) {
	c := s.cls[i]
	p := s.p
	pr := s.prob
	strong := s.resultAhead(i)
	if !strong && s.mode != mHead && isContactLine(c.text) && readContact(c.text, &p.doc.Contact) {
		p.contact = true
		return
	}
	switch {
	case pr == nil:
		if p.takeSummary(c.line) {
			return
		}
		if strong {
			s.newProblem(c, false)
			return
		}
		s.pending = append(s.pending, c.line)
	case s.statusInText(c):
		return
	case s.mode == mHead && startsMeasures(c.text):
		pr.acc.feed(&pr.Problem, c.text, c.no)
		s.mode = mProgress
	case s.mode == mHead:
		pr.desc = append(pr.desc, c.text)
	case s.mode == mStatus:
		if strong {
			s.newProblem(c, false)
			return
		}
		pr.acc.feed(&pr.Problem, c.text, c.no)
		s.mode = mProgress
	default:
		if strong && pr.StatusLine != 0 {
			s.newProblem(c, false)
			return
		}
		pr.acc.feed(&pr.Problem, c.text, c.no)
	}
}

// startsMeasures reports whether a line opens a list of measures: 一是…,
// ①…
func startsMeasures(t string) bool {
	if strings.HasPrefix(t, "一是") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t)
	return circledValue(r) == 1
}

// statusInText reads a result that a problem's text states in a sentence
// of its own: the whole line (该问题已整改到位。), its first sentence (目前已完成
// 整改。…) or its last (…已完成整改。), wherever it stands in the block. The
// rest of the line is measures. A status sentence is never a measure: when
// the problem has its result already, a second one is warned about and
// dropped. It reports whether it took the line.
func (s *sectionReader) statusInText(c cline) bool {
	pr := s.prob
	if pr == nil || !hasHan(c.text) {
		return false
	}
	sents := splitSentences(c.text)
	set := func(st string) {
		st = trimEndPunct(st)
		if pr.StatusLine != 0 {
			s.p.warn(c.no, "repeated-status", "问题%s已有整改结果“%s”，第二个“%s”未采用", problemRef(&pr.Problem), pr.StatusText, clip(st))
			return
		}
		pr.StatusText, pr.StatusLine = st, c.no
		pr.Status, pr.StatusClass, _ = rectify.ParseStatus(st)
		if term, ok := rectify.LookupStatus(st); ok && term.LongTerm {
			pr.LongTermKept = true
		}
	}
	isStatus := func(sent string) bool {
		t := trimEndPunct(sent)
		if runeLen(t) <= 16 && rectify.IsStatusPhrase(t) {
			return true
		}
		st, rest, ok := leadingStatus(t)
		return ok && st != "" && (rest == "" || noteAfterStatus(rest))
	}
	rest := ""
	switch {
	case isStatus(c.text):
		set(c.text)
	case len(sents) > 1 && isStatus(sents[0]):
		set(sents[0])
		rest = strings.Join(sents[1:], "")
	case len(sents) > 1 && isStatus(sents[len(sents)-1]):
		set(sents[len(sents)-1])
		rest = strings.Join(sents[:len(sents)-1], "")
	default:
		return false
	}
	if strings.TrimSpace(rest) != "" {
		pr.acc.feed(&pr.Problem, rest, c.no)
		s.mode = mProgress
	} else if s.mode == mHead {
		s.mode = mStatus
	}
	return true
}

// noteAfterStatus reports whether the text after a status clause only
// dates it: 预计2024年6月底前完成, 将于年底前完成.
func noteAfterStatus(rest string) bool {
	for _, w := range []string{"预计", "计划", "将于", "力争", "确保", "拟于"} {
		if strings.HasPrefix(rest, w) && runeLen(rest) <= 30 {
			return true
		}
	}
	return false
}

// styleShi numbers measures as 一是…二是….
const styleShi numStyle = 100

func isMeasureStyle(st numStyle) bool {
	return st == styleCircled || st == styleArabicParen || st == styleArabic
}

// measureAcc splits the text of 整改情况 into measures as it comes, line by
// line: ①②③, （1）（2）, 1．2．, 一是二是, with group headings "关于…的问题：".
type measureAcc struct {
	style numStyle   // the numbering of the list, once seen
	next  int        // the number of the next marker
	group string     // the current group heading
	open  bool       // the last measure takes more text
	frags [][]string // the text of each measure, in pieces (joined at the end)
}

// newMeasure starts a measure.
func (a *measureAcc) newMeasure(p *Problem, text string, no int) {
	p.Measures = append(p.Measures, Measure{Group: a.group, Line: no})
	a.frags = append(a.frags, []string{text})
	a.open = true
}

// texts returns the text of each measure.
func (a *measureAcc) texts() []string {
	out := make([]string, len(a.frags))
	for i, f := range a.frags {
		out[i] = strings.Join(f, "")
	}
	return out
}

// accepts reports whether a numbered line continues the list of measures.
func (a *measureAcc) accepts(st numStyle, n int) bool {
	if !isMeasureStyle(st) {
		return false
	}
	if a.style == styleNone {
		return n == 1
	}
	return st == a.style && (n == a.next || n == 1)
}

// feed adds text of 整改情况 read on line no.
func (a *measureAcc) feed(p *Problem, text string, no int) {
	pos := 0
	lineStart := true
	c := &searchCache{markers: map[[2]int][2]int{}, group: [2]int{-2, -2}}
	for pos <= len(text) {
		mpos, mend, mst, mn := a.findMarker(c, text, pos, lineStart)
		gpos, gend, gname := c.findGroup(text, pos)
		lineStart = false
		if gpos >= 0 && (mpos < 0 || gpos <= mpos) {
			a.addText(p, text[pos:gpos], no)
			a.group, a.next, a.open = gname, 1, false
			pos = gend
			continue
		}
		if mpos < 0 {
			a.addText(p, text[pos:], no)
			return
		}
		a.addText(p, text[pos:mpos], no)
		if a.style == styleNone {
			a.style = mst
		}
		a.newMeasure(p, "", no)
		a.next = mn + 1
		pos = mend
	}
}

// addText appends text to the last measure, or starts an unnumbered one.
func (a *measureAcc) addText(p *Problem, s string, no int) {
	s = strings.TrimSpace(s)
	if strings.Trim(s, "。；;，,、 ") == "" {
		return
	}
	if a.open && len(a.frags) > 0 {
		a.frags[len(a.frags)-1] = append(a.frags[len(a.frags)-1], s)
		return
	}
	a.newMeasure(p, s, no)
}

// findMarker finds the next list marker in text from pos: the one numbered
// a.next in the list's style, or number 1 in any style before the style is
// known. A list may start again at 1 at the start of a line.
func (a *measureAcc) findMarker(c *searchCache, text string, pos int, lineStart bool) (start, end int, st numStyle, n int) {
	best := -1
	try := func(style numStyle, num int) {
		s, e := c.markerAt(text, pos, style, num)
		if s >= 0 && (best < 0 || s < best) {
			best, start, end, st, n = s, s, e, style, num
		}
	}
	if a.style == styleNone || a.next < 1 {
		for _, style := range []numStyle{styleCircled, styleArabicParen, styleArabic, styleShi} {
			try(style, 1)
		}
	} else {
		try(a.style, a.next)
		if a.style == styleCircled && circled(a.next) == 0 || a.next > 20 {
			try(styleArabicParen, a.next) // past ⑳ lists go on with (21)
		}
		if lineStart && a.next > 1 {
			if s, e := c.markerAt(text, pos, a.style, 1); s == pos {
				return s, e, a.style, 1
			}
		}
	}
	if best < 0 {
		return -1, -1, styleNone, 0
	}
	return start, end, st, n
}

// searchCache remembers, within one text, where the next marker of each
// kind and the next group heading were found, so that a long line is
// searched once and not again for every item in it. A search from pos
// stays right for any later pos up to the place found; "none" stays none.
type searchCache struct {
	markers map[[2]int][2]int // (style, number) → start and end, start -1 for none
	group   [2]int            // start and end of the next group heading; -1 none, -2 not searched
	name    string
}

func (c *searchCache) markerAt(text string, pos int, style numStyle, num int) (int, int) {
	k := [2]int{int(style), num}
	if v, ok := c.markers[k]; ok && (v[0] < 0 || v[0] >= pos) {
		return v[0], v[1]
	}
	s, e := markerAt(text, pos, style, num)
	c.markers[k] = [2]int{s, e}
	return s, e
}

func (c *searchCache) findGroup(text string, pos int) (int, int, string) {
	if c.group[0] == -1 || c.group[0] >= pos {
		return c.group[0], c.group[1], c.name
	}
	s, e, name := findGroup(text, pos)
	c.group, c.name = [2]int{s, e}, name
	return s, e, name
}

// markerAt finds the marker numbered num in style at or after pos. Markers
// other than circled digits must start the text or follow a separator.
func markerAt(text string, pos int, style numStyle, num int) (int, int) {
	var forms []string
	switch style {
	case styleCircled:
		r := circled(num)
		if r == 0 {
			return -1, -1
		}
		forms = []string{string(r)}
	case styleArabicParen:
		d := itoa(num)
		forms = []string{"（" + d + "）", "(" + d + ")"}
	case styleArabic:
		d := itoa(num)
		forms = []string{d + "．", d + ".", d + "、"}
	case styleShi:
		if num < 1 || num > 99 {
			return -1, -1
		}
		forms = []string{rectify.HanNumeral(num) + "是"}
	default:
		return -1, -1
	}
	best, bestEnd := -1, -1
	for _, f := range forms {
		for from := pos; from < len(text); {
			i := strings.Index(text[from:], f)
			if i < 0 {
				break
			}
			i += from
			e := i + len(f)
			ok := style == styleCircled || i == pos && pos == 0 || precededBySep(text, i)
			if ok && style == styleArabic {
				if r, _ := utf8.DecodeRuneInString(text[e:]); isDigit(r) {
					ok = false
				}
			}
			if ok {
				if best < 0 || i < best {
					best, bestEnd = i, e
				}
				break
			}
			from = e
		}
	}
	return best, bestEnd
}

func itoa(n int) string {
	if n <= 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 && i > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// precededBySep reports whether text[i:] follows a separator or starts text.
func precededBySep(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return strings.ContainsRune("。；;，,：: ）)】", r)
}

// findGroup finds a group heading "关于…的问题：" (or 针对…) at or after pos
// that starts the text or follows a separator. It returns its start, the
// index after its colon and the heading without the colon.
func findGroup(text string, pos int) (int, int, string) {
	best, bestEnd, name := -1, -1, ""
	for _, w := range []string{"关于", "针对"} {
		for from := pos; from < len(text); {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			if i != 0 && !precededBySep(text, i) {
				continue
			}
			rest := text[i:]
			limit := len(rest)
			if limit > 180 {
				limit = 180
			}
			stop := strings.IndexAny(rest[:limit], "。；;")
			if stop >= 0 {
				limit = stop
			}
			found := false
			for _, q := range []string{"问题", "方面"} {
				k := strings.Index(rest[:limit], q)
				if k < 0 {
					continue
				}
				if j, ok := hasColonAt(rest, k+len(q)); ok {
					if best < 0 || i < best {
						best, bestEnd, name = i, i+j, rest[:k+len(q)]
					}
					found = true
				}
				break
			}
			if found {
				break
			}
		}
	}
	return best, bestEnd, name
}
