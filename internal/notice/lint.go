package notice

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
)

// The codes of warnings and lint findings. They are stable: tools and tests
// match on them.
const (
	CodeMissingNumber      = "missing-number"       // a finding or problem heading without its number
	CodeNumberingGap       = "numbering-gap"        // a number skipped or out of order
	CodeNumberingRepeat    = "numbering-repeat"     // a number used twice
	CodeNoResult           = "no-result"            // a problem without 整改结果
	CodeUnknownStatus      = "unknown-status"       // 整改结果 text that is no known status
	CodeNoMeasures         = "no-measures"          // a problem without 整改情况
	CodeSummaryMismatch    = "summary-mismatch"     // the summary line disagrees with the problems
	CodeNoSummary          = "no-summary"           // no summary line
	CodeSummaryAfterNotice = "summary-after-notice" // figures dated after the notice
	CodeDuplicateProblem   = "duplicate-problem"    // the same problem listed twice
	CodeFutureDeadline     = "future-deadline"      // a measure names a date after the notice
	CodeDatedBeforeFB      = "dated-before-feedback"
	CodePeriodOrder        = "period-order"       // inspection period or feedback out of order
	CodeSummaryParts       = "summary-parts"      // a summary line's parts do not add up to its total
	CodeSummaryOverTotal   = "summary-over-total" // a part of a summary line larger than its total
	CodeSummaryRate        = "summary-rate"       // a stated rate that its counts do not give
	// Reading warnings (Parse only).
	CodeUnplacedText   = "unplaced-text"
	CodeMissingHeading = "missing-heading"
	CodeRepeatedStatus = "repeated-status"
	CodeNoFinding      = "no-finding"
	CodeNoTitle        = "no-title"
	CodeNoDate         = "no-date"
	CodeNoIssuer       = "no-issuer"
	CodeMissingInfo    = "missing-inspection-info"
	CodeUnknownSection = "unknown-section"
	CodeEmptyMeasure   = "empty-measure"
	CodeEncoding       = "encoding"
	CodeDamagedInput   = "damaged-input"
)

// Lint checks a notice the way a reviewer does by hand and returns what it
// finds, sorted by line, together with the warnings Parse left in d: summary
// counts that disagree with the problems, numbers skipped, repeated or
// missing, the same problem listed twice, problems without a result or
// measures, measures that name a date after the notice (a deadline, not
// work done), a notice dated before its feedback. It needs no clock: dates
// are judged against the notice's own date. A nil d gives nil.
func Lint(d *Document) []Warning {
	if d == nil {
		return nil
	}
	ws := append([]Warning(nil), d.Warnings...)
	ws = append(ws, checkStructure(d)...)
	ws = append(ws, checkSummary(d)...)
	ws = append(ws, checkDuplicates(d)...)
	ws = append(ws, checkDates(d)...)
	return mergeWarnings(ws)
}

// checkStructure finds headings without numbers, numbering gaps and
// repeats, problems without a result or measures. Parse runs it too.
func checkStructure(d *Document) []Warning {
	var ws []Warning
	add := func(line int, code, format string, args ...any) {
		ws = append(ws, Warning{Line: line, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	for i, f := range d.Findings {
		if !f.Numbered && f.Title != "" {
			add(f.Line, CodeMissingNumber, "反馈问题“%s”没有序号（按顺序应为“（%s）”）", clip(f.Title), rectify.HanNumeral(i+1))
		}
	}
	// Problem numbers run through the notice, or start again in each
	// finding when every finding's first problem is 1.
	restart := true
	withProblems := 0
	for _, f := range d.Findings {
		if len(f.Problems) > 0 {
			withProblems++
			if f.Problems[0].Number != 1 {
				restart = false
			}
		}
	}
	restart = restart && withProblems > 1
	prev := 0
	used := map[int]int{} // number → line
	for _, f := range d.Findings {
		if restart {
			prev = 0
			used = map[int]int{}
		}
		for k := range f.Problems {
			pr := &f.Problems[k]
			switch {
			case pr.Number == 0:
				add(pr.Line, CodeMissingNumber, "问题“%s”没有序号（按顺序应为%d）", clip(pr.Title), prev+1)
				prev++
			case used[pr.Number] != 0:
				add(pr.Line, CodeNumberingRepeat, "问题序号%d重复（第%d行已用过）", pr.Number, used[pr.Number])
				prev = pr.Number
			case pr.Number > prev+1:
				if pr.Number == prev+2 {
					add(pr.Line, CodeNumberingGap, "问题序号从%d跳到%d，缺少%d", prev, pr.Number, prev+1)
				} else {
					add(pr.Line, CodeNumberingGap, "问题序号从%d跳到%d，缺少%d至%d", prev, pr.Number, prev+1, pr.Number-1)
				}
				prev = pr.Number
			case pr.Number < prev+1:
				add(pr.Line, CodeNumberingGap, "问题序号%d排在%d之后，顺序不对", pr.Number, prev)
				prev = pr.Number
			default:
				prev = pr.Number
			}
			if pr.Number > 0 && used[pr.Number] == 0 {
				used[pr.Number] = pr.Line
			}
			switch {
			case pr.Status == "" && pr.StatusText == "":
				add(pr.Line, CodeNoResult, "问题%s没有整改结果（应有“整改结果：完成”之类的一行）", problemRef(pr))
			case pr.Status == "" || !pr.Status.Valid():
				line := pr.StatusLine
				if line == 0 {
					line = pr.Line
				}
				add(line, CodeUnknownStatus, "问题%s的整改结果“%s”无法识别（应为完成、基本完成、持续整改、长期整改、未完成等）", problemRef(pr), clip(pr.StatusText))
			}
			if len(pr.Measures) == 0 {
				add(pr.Line, CodeNoMeasures, "问题%s没有整改情况（整改措施）", problemRef(pr))
			}
		}
	}
	return ws
}

// statusCount is one status as the summary states it and as the problems
// have it.
type statusCount struct {
	status rectify.Status
	stated int
	given  bool
	actual []int // problem numbers (or lines when unnumbered)
}

// checkSummary compares the summary line with the problems listed.
func checkSummary(d *Document) []Warning {
	var ws []Warning
	for _, l := range d.SummaryLines {
		ws = append(ws, checkSummaryLine(l)...)
	}
	s := d.Summary
	if s.Line > 0 && countProblems(d) == 0 {
		// Counts only: nothing listed to check them against.
		return ws
	}
	if s.Line > 0 && summaryMerged(d, s.Line) {
		// 已完成或基本完成: the line cannot be held against each status.
		return ws
	}
	if s.Line == 0 && len(d.SummaryLines) > 0 {
		return ws
	}
	if s.Line == 0 {
		return []Warning{{Line: 0, Code: CodeNoSummary, Message: "没有找到汇总句（如“截至…，巡察反馈的N个具体问题，已完成整改M个…”），无法核对整改数字"}}
	}
	add := func(format string, args ...any) {
		ws = append(ws, Warning{Line: s.Line, Code: CodeSummaryMismatch, Message: fmt.Sprintf(format, args...)})
	}
	deref := func(p *int) (int, bool) {
		if p == nil {
			return 0, false
		}
		return *p, true
	}
	counts := []*statusCount{
		{status: rectify.StatusCompleted, stated: s.Completed, given: true},
		{status: rectify.StatusLongTerm, stated: s.LongTerm, given: true},
	}
	for _, x := range []struct {
		st rectify.Status
		p  *int
	}{
		{rectify.StatusMostlyCompleted, s.MostlyCompleted}, {rectify.StatusInProgress, s.InProgress},
		{rectify.StatusNotCompleted, s.NotCompleted}, {rectify.StatusNotStarted, s.NotStarted},
		{rectify.StatusSubmitted, s.Submitted},
	} {
		n, ok := deref(x.p)
		counts = append(counts, &statusCount{status: x.st, stated: n, given: ok})
	}
	total := 0
	for _, f := range d.Findings {
		for k := range f.Problems {
			pr := &f.Problems[k]
			total++
			id := pr.Number
			for _, c := range counts {
				if c.status == pr.Status {
					c.actual = append(c.actual, id)
				}
			}
		}
	}
	if s.Total != total {
		add("汇总句说巡察反馈%d个具体问题，正文列出%d个", s.Total, total)
	}
	// The parts of the line against its total: checkSummaryLine.
	for _, c := range counts {
		if c.stated == len(c.actual) {
			continue
		}
		label := c.status.Label()
		if c.status == rectify.StatusCompleted {
			label = "已完成整改"
		}
		if c.status == rectify.StatusLongTerm && s.LongTermClass != "" {
			label = c.status.LabelWithClass(s.LongTermClass)
		}
		switch {
		case !c.given || (c.stated == 0 && c.status != rectify.StatusCompleted):
			add("汇总句没有提到“%s”，但正文中有%d个问题的整改结果为“%s”（问题%s）", label, len(c.actual), c.status.Label(), numberList(c.actual))
		case len(c.actual) == 0:
			add("汇总句说%s%d个，正文中没有整改结果为“%s”的问题", label, c.stated, c.status.Label())
		default:
			add("汇总句说%s%d个，正文中整改结果为“%s”的有%d个（问题%s）", label, c.stated, c.status.Label(), len(c.actual), numberList(c.actual))
		}
	}
	if !s.AsOf.IsZero() && !d.Date.IsZero() && s.AsOf.After(d.Date) {
		ws = append(ws, Warning{Line: s.Line, Code: CodeSummaryAfterNotice,
			Message: fmt.Sprintf("汇总句的截止日期%s晚于通报日期%s", s.AsOf.Chinese(), d.Date.Chinese())})
	}
	return ws
}

// numberList writes problem numbers as "4、6、7"; more than 12 are cut.
func numberList(ns []int) string {
	var parts []string
	for i, n := range ns {
		if i == 12 {
			parts = append(parts, "等")
			break
		}
		if n == 0 {
			parts = append(parts, "（无序号）")
			continue
		}
		parts = append(parts, itoa(n))
	}
	return strings.Join(parts, "、")
}

// checkDates checks the order of the inspection's dates and finds measures
// that name a date after the notice.
func checkDates(d *Document) []Warning {
	var ws []Warning
	in := d.Inspection
	if !d.Date.IsZero() && !in.Feedback.IsZero() && d.Date.Before(in.Feedback) {
		ws = append(ws, Warning{Code: CodeDatedBeforeFB,
			Message: fmt.Sprintf("通报日期%s早于巡察反馈日期%s", d.Date.Chinese(), in.Feedback.Chinese())})
	}
	if !in.Start.IsZero() && !in.End.IsZero() && in.End.Before(in.Start) {
		ws = append(ws, Warning{Code: CodePeriodOrder,
			Message: fmt.Sprintf("巡察结束日期%s早于开始日期%s", in.End.Chinese(), in.Start.Chinese())})
	}
	if !in.End.IsZero() && !in.Feedback.IsZero() && in.Feedback.Before(in.End) {
		ws = append(ws, Warning{Code: CodePeriodOrder,
			Message: fmt.Sprintf("巡察反馈日期%s早于巡察结束日期%s", in.Feedback.Chinese(), in.End.Chinese())})
	}
	if d.Date.IsZero() {
		return ws
	}
	for _, f := range d.Findings {
		for k := range f.Problems {
			pr := &f.Problems[k]
			for mi, m := range pr.Measures {
				for _, e := range futureDates(m.Text, d.Date) {
					line := m.Line
					if line == 0 {
						line = pr.Line
					}
					msg := fmt.Sprintf("问题%s的%s写有“%s”（最早为%s），晚于通报日期%s：这是尚未到来的时限，不是已经完成的整改",
						problemRef(pr), measureRef(pr, mi), e.text, e.earliest.Chinese(), d.Date.Chinese())
					if pr.Status == rectify.StatusCompleted {
						msg += "，问题却标为“完成”"
					}
					ws = append(ws, Warning{Line: line, Code: CodeFutureDeadline, Message: msg})
				}
			}
		}
	}
	return ws
}

// measureRef names measure i of a problem: 整改措施② (within its group).
func measureRef(pr *Problem, i int) string {
	if len(pr.Measures) == 1 {
		return "整改情况"
	}
	k := 0
	for j := 0; j <= i; j++ {
		if pr.Measures[j].Group == pr.Measures[i].Group {
			k++
		}
	}
	ref := "整改措施"
	if r := circled(k); r != 0 {
		ref += string(r)
	} else {
		ref += fmt.Sprintf("第%d条", k)
	}
	if g := pr.Measures[i].Group; g != "" {
		ref = "“" + clip(g) + "”下的" + ref
	}
	return ref
}

// futureDate is a date expression in a measure and its earliest day.
type futureDate struct {
	text     string
	earliest rectify.Date
}

// futureDates finds the date expressions in text whose earliest possible
// day is after the notice's date: 2023年底前, 年底, 12月份, 2023年12月,
// 12月底, 明年, 下半年. A month without a year takes the notice's year; a
// cut-off (截至2023年11月) is no deadline.
func futureDates(text string, notice rectify.Date) []futureDate {
	var out []futureDate
	add := func(start, end int, day rectify.Date) {
		if day.After(notice) {
			out = append(out, futureDate{text: text[start:end], earliest: day})
		}
	}
	for _, e := range scanDates(text, true) {
		pre := text[:e.start]
		if strings.HasSuffix(pre, "截至") || strings.HasSuffix(pre, "截止") || strings.HasSuffix(pre, "截止到") ||
			strings.HasSuffix(pre, "截至到") || strings.HasSuffix(pre, "去年") {
			continue
		}
		after := text[e.end:]
		suffix := ""
		for _, s := range []string{"上半年", "下半年", "年底", "年末", "份", "底", "末", "初", "上旬", "中旬", "下旬"} {
			if strings.HasPrefix(after, s) {
				suffix = s
				break
			}
		}
		if e.cn && e.y == 0 && suffix == "" {
			continue // 一月一学习: not a date
		}
		end := e.end + len(suffix)
		if strings.HasPrefix(text[end:], "前") {
			end += len("前")
		}
		y := e.y
		if y == 0 {
			y = notice.Year
		}
		var day rectify.Date
		switch {
		case e.m == 0: // a year
			switch suffix {
			case "底", "末", "年底", "年末":
				day = rectify.NewDate(y, time.December, 1)
			case "下半年":
				day = rectify.NewDate(y, time.July, 1)
			default:
				day = rectify.NewDate(y, time.January, 1)
			}
		case e.d == 0: // a month
			dd := 1
			switch suffix {
			case "底", "末", "下旬":
				dd = 21
			case "中旬":
				dd = 11
			}
			day = rectify.NewDate(y, time.Month(e.m), dd)
		default:
			var ok bool
			if day, ok = e.date(y); !ok {
				continue
			}
		}
		add(e.start, end, day)
	}
	// Relative words: 年底 without a year, 明年, 下半年, 下个月.
	for _, w := range []struct {
		word string
		day  func() rectify.Date
	}{
		{"年底", func() rectify.Date { return rectify.NewDate(notice.Year, time.December, 1) }},
		{"年末", func() rectify.Date { return rectify.NewDate(notice.Year, time.December, 1) }},
		{"明年", func() rectify.Date { return rectify.NewDate(notice.Year+1, time.January, 1) }},
		{"下一年度", func() rectify.Date { return rectify.NewDate(notice.Year+1, time.January, 1) }},
		{"下半年", func() rectify.Date { return rectify.NewDate(notice.Year, time.July, 1) }},
		{"下个月", func() rectify.Date { return rectify.NewDate(notice.Year, notice.Month+1, 1) }},
		{"下月", func() rectify.Date { return rectify.NewDate(notice.Year, notice.Month+1, 1) }},
	} {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], w.word)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w.word)
			r, _ := utf8.DecodeLastRuneInString(text[:i])
			if isDigit(r) || cnDigit(r) >= 0 || strings.ContainsRune("每去前往历当", r) || (w.word != "明年" && r == '年') {
				continue // part of a dated expression, recurring, or past
			}
			if r == '明' && (w.word == "年底" || w.word == "年末") {
				continue // 明年底: reported as 明年
			}
			end := from
			if strings.HasPrefix(text[end:], "前") {
				end += len("前")
			}
			add(i, end, w.day())
		}
	}
	return out
}

// summaryMerged reports whether the summary line on line no merges
// categories (已完成或基本完成).
func summaryMerged(d *Document, no int) bool {
	for _, l := range d.SummaryLines {
		if l.Line == no && l.CompletedOrMostly != nil {
			return true
		}
	}
	return false
}

// checkSummaryLine checks a summary line against itself: its parts add up
// to its total (long-term and 销号 counts may be parts of the others, as
// notices write "其中…"), no part is larger than the total, and the stated
// rate is what its counts give.
func checkSummaryLine(l SummaryLine) []Warning {
	var ws []Warning
	add := func(code, format string, args ...any) {
		ws = append(ws, Warning{Line: l.Line, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	v := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	if l.Total == nil {
		return nil
	}
	total := *l.Total
	parts := []struct {
		label string
		n     *int
	}{
		{"已完成", l.Completed}, {"已完成或基本完成", l.CompletedOrMostly}, {"基本完成", l.MostlyCompleted},
		{"正在整改", l.InProgress}, {"未完成", l.NotCompleted}, {"未开始", l.NotStarted}, {"申请延期", l.Deferred},
		{"达到序时进度", l.OnSchedule}, {"待销号", l.Submitted}, {"长期整改", l.LongTerm}, {"已销号", l.Closed},
	}
	for _, p := range parts {
		if p.n != nil && *p.n > total {
			add(CodeSummaryOverTotal, "汇总句说%s%d个，多于总数%d个", p.label, *p.n, total)
		}
	}
	base := v(l.Completed) + v(l.CompletedOrMostly) + v(l.MostlyCompleted) + v(l.InProgress) + v(l.NotCompleted) +
		v(l.NotStarted) + v(l.Deferred) + v(l.OnSchedule) + v(l.Submitted)
	givenParts := 0
	for _, p := range parts[:10] {
		if p.n != nil {
			givenParts++
		}
	}
	lt, closed := v(l.LongTerm), v(l.Closed)
	fits := false
	for _, sum := range []int{base, base + lt, base + closed, base + lt + closed} {
		if sum == total {
			fits = true
		}
	}
	// A line that gives one part only ("已完成整改18个") says nothing of the rest.
	if !fits && givenParts >= 2 && base+lt <= total+total {
		add(CodeSummaryParts, "汇总句各项之和为%d个，与总数%d个不符", base+lt, total)
	}
	if l.Rate != nil && total > 0 {
		decimals := 0
		if i := strings.IndexByte(l.RateText, '.'); i >= 0 {
			decimals = len(strings.TrimSuffix(l.RateText[i+1:], "%"))
		}
		tol := 0.5
		for range decimals {
			tol /= 10
		}
		tol += 1e-9
		ok := false
		for _, num := range []int{v(l.Completed), v(l.CompletedOrMostly), v(l.Completed) + v(l.MostlyCompleted), v(l.Completed) + v(l.Closed)} {
			r := float64(num) * 100 / float64(total)
			if r-*l.Rate <= tol && *l.Rate-r <= tol {
				ok = true
			}
		}
		if !ok && (l.Completed != nil || l.CompletedOrMostly != nil) {
			want := float64(v(l.Completed)+v(l.CompletedOrMostly)) * 100 / float64(total)
			add(CodeSummaryRate, "汇总句说完成率%s，按%d/%d算应为%.*f%%", l.RateText, v(l.Completed)+v(l.CompletedOrMostly), total, decimals, want)
		}
	}
	return ws
}
