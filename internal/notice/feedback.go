package notice

import (
	"context"
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// Kind is the kind of document read: a published notice of progress
// (通报), the inspection group's feedback (巡察反馈意见), or a problem list
// (问题清单) the unit builds from it.
type Kind string

// The kinds of document.
const (
	KindNotice      Kind = "notice"
	KindFeedback    Kind = "feedback"
	KindProblemList Kind = "problem_list"
)

// CodeBadCell is a cell of a workbook that could not be read.
const CodeBadCell = "bad-cell"

// Label returns the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindNotice:
		return "通报"
	case KindFeedback:
		return "反馈意见"
	case KindProblemList:
		return "问题清单"
	}
	return "文件"
}

// Reading is a document read by ReadDocument: its structure, its kind and
// the numbers of its findings and problems as the document writes them
// (「（一）」, 「1．」), for previews that show the document as it is.
type Reading struct {
	Doc  *Document
	Kind Kind
	// FindingMarks[i] is how finding i is numbered ("" when it is not);
	// ProblemMarks[i][j] how problem j of finding i is.
	FindingMarks []string
	ProblemMarks [][]string
}

// ReadDocument reads a notice (as Parse does), a feedback document or a
// problem list as text, .docx or a saved web page, and says which it is. A
// document with results (整改结果) or a summary line is a notice; one that
// lists problems without them is the feedback, or a problem list when its
// title says so. It returns an EINVALID *rectify.Error when data holds no
// problem at all, as Parse does.
func ReadDocument(data []byte) (*Reading, error) {
	return ReadDocumentContext(context.Background(), data)
}

// ReadDocumentContext is ReadDocument under ctx, which bounds the programs
// that read PDFs, scans and .doc/.wps files (see ParseContext).
func ReadDocumentContext(ctx context.Context, data []byte) (*Reading, error) {
	dec, err := decode(ctx, data, defaultLimits)
	if err != nil {
		return nil, err
	}
	doc, perr := parseLines(dec)
	if perr == nil && isNotice(doc) {
		return mark(dec, doc, KindNotice), nil
	}
	fb := parseFeedback(dec)
	if countProblems(fb) > 0 && (perr != nil || countProblems(fb) >= countProblems(doc)) {
		return mark(dec, fb, feedbackKind(fb)), nil
	}
	if perr != nil {
		return nil, rectify.Errorf(rectify.EINVALID, "没有找到任何具体问题（如“1．问题标题。”或“（一）问题标题。”），这不像一份通报、反馈意见或问题清单")
	}
	doc.Warnings = withoutResultWarnings(doc.Warnings)
	return mark(dec, doc, feedbackKind(doc)), nil
}

// isNotice reports whether d reports results: a problem with a status, or
// a summary line.
func isNotice(d *Document) bool {
	if d.Summary.Line > 0 {
		return true
	}
	for _, f := range d.Findings {
		for _, p := range f.Problems {
			if p.Status != "" {
				return true
			}
		}
	}
	return false
}

// feedbackKind tells a problem list from the feedback by the title.
func feedbackKind(d *Document) Kind {
	if strings.Contains(d.Title, "清单") || strings.Contains(d.Title, "台账") {
		return KindProblemList
	}
	return KindFeedback
}

// resultCodes are the warnings that concern what only a notice has:
// results, the summary, the notice's date, issuer and title.
var resultCodes = map[string]bool{
	CodeNoResult: true, CodeNoMeasures: true, CodeNoSummary: true, CodeSummaryMismatch: true,
	CodeSummaryAfterNotice: true, CodeNoDate: true, CodeNoIssuer: true, CodeNoTitle: true,
	CodeRepeatedStatus: true, CodeFutureDeadline: true, CodeNoFinding: true,
}

// LintFeedback checks a feedback document or a problem list: Lint without
// what concerns results, the summary and the notice's own fields, which such
// a document does not have.
func LintFeedback(d *Document) []Warning {
	return withoutResultWarnings(Lint(d))
}

func withoutResultWarnings(ws []Warning) []Warning {
	out := ws[:0:0]
	for _, w := range ws {
		if !resultCodes[w.Code] {
			out = append(out, w)
		}
	}
	return out
}

// mark fills the marks of r from the lines the findings and problems were
// read on.
func mark(dec decoded, d *Document, k Kind) *Reading {
	r := &Reading{Doc: d, Kind: k}
	if d.Inspection.Source == "" {
		d.Inspection.Source = detectSource(d)
	}
	text := func(no int) string {
		if no < 1 || no > len(dec.lines) {
			return ""
		}
		return normLine(dec.lines[no-1])
	}
	for _, f := range d.Findings {
		fm := ""
		if f.Numbered {
			fm = leadingMark(text(f.Line))
		}
		r.FindingMarks = append(r.FindingMarks, fm)
		var pm []string
		for _, p := range f.Problems {
			pm = append(pm, leadingMark(text(p.Line)))
		}
		r.ProblemMarks = append(r.ProblemMarks, pm)
	}
	return r
}

// leadingMark returns the number a line starts with as written: 「（一）」,
// 「1．」, 「一、」; "" when it starts with none.
func leadingMark(s string) string {
	s = strings.TrimSpace(s)
	st, _, rest := splitNumber(s)
	if st == styleNone {
		return ""
	}
	return strings.TrimSpace(strings.TrimSuffix(s, rest))
}

// parseFeedback reads the lines of a feedback document or a problem list:
// a title and an opening, then findings and problems numbered in two levels
// of 一、（一）1．(1) — the two deepest levels the document uses, the
// problems numbered 1．when it has them — each problem's first sentence its
// title and the rest, with unnumbered paragraphs after it, its description;
// measures when a problem has 整改措施. Closing paragraphs (请…, 整改情况…报送)
// end the list; a date on a line of its own is the feedback date when the
// opening gives none.
func parseFeedback(dec decoded) *Document {
	d := &Document{Findings: []Finding{}, Warnings: append([]Warning{}, dec.warnings...)}
	var ls []line
	for i, raw := range dec.lines {
		if t := normLine(raw); strings.Trim(t, "\uFFFD ") != "" {
			ls = append(ls, line{no: i + 1, text: t})
		}
	}
	// The levels of numbering used, from the top.
	order := []numStyle{styleSection, styleCNParen, styleArabic, styleArabicParen}
	used := map[numStyle]bool{}
	for _, l := range ls {
		if st, _, _ := splitNumber(l.text); st != styleNone {
			used[st] = true
		}
	}
	var levels []numStyle
	for _, st := range order {
		if used[st] {
			levels = append(levels, st)
		}
	}
	probStyle, findStyle := styleNone, styleNone
	switch {
	case used[styleArabic] && (used[styleSection] || used[styleCNParen]):
		probStyle = styleArabic
		findStyle = styleCNParen
		if !used[styleCNParen] {
			findStyle = styleSection
		}
	case len(levels) >= 2:
		findStyle, probStyle = levels[0], levels[1]
	case len(levels) == 1:
		probStyle = levels[0]
	default:
		return d
	}
	var (
		cur       *Finding
		pb        *probBuilder
		desc      []string
		inMeasure bool
		started   bool
		head      []line
	)
	finishProblem := func() {
		if pb == nil {
			return
		}
		pb.Description = strings.TrimSpace(strings.Join(append([]string{pb.Description}, desc...), ""))
		for i, t := range pb.acc.texts() {
			pb.Measures[i].Text = trimEndPunct(t)
		}
		ms := pb.Measures[:0]
		for _, m := range pb.Measures {
			if m.Text != "" {
				ms = append(ms, m)
			}
		}
		pb.Measures = ms
		if cur == nil {
			d.Findings = append(d.Findings, Finding{Number: 1, Line: pb.Line})
			cur = &d.Findings[len(d.Findings)-1]
		}
		cur.Problems = append(cur.Problems, pb.Problem)
		pb, desc, inMeasure = nil, nil, false
	}
	newFinding := func(l line, rest string) {
		finishProblem()
		d.Findings = append(d.Findings, Finding{Number: len(d.Findings) + 1, Numbered: true,
			Title: trimEndPunct(strings.TrimPrefix(rest, "反馈问题：")), Line: l.no})
		cur = &d.Findings[len(d.Findings)-1]
	}
	number := 0
	done := false
	for _, l := range ls {
		if done {
			if dt, ok := dateLine(l.text); ok && d.Inspection.Feedback.IsZero() {
				d.Inspection.Feedback = dt
			}
			continue
		}
		st, n, rest := splitNumber(l.text)
		switch {
		case st == findStyle && findStyle != styleNone && (!inMeasure || !isMeasureStyle(st)):
			started = true
			newFinding(l, rest)
		case st == probStyle && !inMeasure || st == probStyle && inMeasure && !pb.acc.accepts(st, n):
			started = true
			finishProblem()
			number++
			title, more := cutSentence(rest)
			pb = &probBuilder{Problem: Problem{Number: number, Title: title, Description: more, Line: l.no, Measures: []Measure{}}}
		case !started:
			head = append(head, l)
		case pb == nil:
			// Text under a finding before its first problem, or a
			// heading above the findings: not part of a problem.
		default:
			if i, v, ok := labelled(l.text, measureLabels); ok && i == 0 {
				inMeasure = true
				pb.acc.feed(&pb.Problem, v, l.no)
				continue
			}
			if _, _, ok := labelled(l.text, []string{"责任领导", "责任单位", "整改时限", "完成时限"}); ok {
				readProblemMeta(&pb.Problem, l.text)
				inMeasure = false
				continue
			}
			if inMeasure {
				pb.acc.feed(&pb.Problem, l.text, l.no)
				continue
			}
			if closingLine(l.text) {
				finishProblem()
				done = true
				continue
			}
			if dt, ok := dateLine(l.text); ok {
				if d.Inspection.Feedback.IsZero() {
					d.Inspection.Feedback = dt
				}
				continue
			}
			desc = append(desc, l.text)
		}
	}
	finishProblem()
	readFeedbackHead(d, head)
	for fi := range d.Findings {
		for pi := range d.Findings[fi].Problems {
			p := &d.Findings[fi].Problems[pi]
			if p.DueText != "" {
				p.Due = dueDate(p.DueText, d.Inspection.Feedback, rectify.Date{})
			}
		}
	}
	return d
}

// measureLabels start the measures of a problem in a problem list.
var measureLabels = []string{"整改措施", "整改举措", "具体措施"}

// readProblemMeta reads 责任领导：…；责任单位：…；整改时限：… on a line.
func readProblemMeta(p *Problem, s string) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' || r == '\u3000' }) {
		k, v, ok := strings.Cut(strings.ReplaceAll(part, ":", "："), "：")
		if !ok {
			continue
		}
		v = trimEndPunct(v)
		switch strings.TrimSpace(k) {
		case "责任领导":
			p.Leader = v
		case "责任单位":
			p.OwnerUnit = v
		case "整改时限", "完成时限":
			p.DueText = v
		}
	}
}

// closingLine reports whether s closes a feedback document: the request to
// rectify and report (请…, …报送…), not a problem's text.
func closingLine(s string) bool {
	if strings.HasPrefix(s, "请") || strings.HasPrefix(s, "以上") {
		return true
	}
	return strings.Contains(s, "整改方案") && (strings.Contains(s, "报送") || strings.Contains(s, "报告"))
}

// readFeedbackHead takes the title and the opening's facts from the lines
// before the first finding.
func readFeedbackHead(d *Document, head []line) {
	var opening []string
	for _, l := range head {
		switch {
		case d.Title == "" && !strings.Contains(l.text, "。") && runeLen(l.text) <= 80 &&
			(strings.Contains(l.text, "反馈") || strings.Contains(l.text, "清单") || strings.Contains(l.text, "巡察")):
			d.Title = trimEndPunct(l.text)
		case isOrgLine(l.text) && d.Issuer == "" && len(opening) == 0:
			d.Issuer = l.text
		default:
			opening = append(opening, l.text)
		}
	}
	d.Opening = strings.Join(opening, "\n")
	in := &d.Inspection
	readOpening(strings.Join(append([]string{d.Title}, opening...), "。"), in, &openingExtra{})
	if in.Team == "" {
		in.Team = findTeam(d.Title)
	}
	// 关于巡察青溪县交通运输局党组的反馈意见: the title names the unit in
	// full where the opening shortens it.
	for _, pre := range []string{"关于巡察", "对"} {
		i := strings.Index(d.Title, pre)
		j := strings.Index(d.Title, "的反馈")
		if i < 0 || j <= i+len(pre) {
			continue
		}
		full := strings.TrimSpace(d.Title[i+len(pre) : j])
		if in.UnitName == "" || strings.HasSuffix(full, in.UnitName) {
			in.UnitName = full
		}
		break
	}
}
