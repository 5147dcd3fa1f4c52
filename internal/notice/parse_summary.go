package notice

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
)

// A summary line is read count by count. Each count ("318个", "87项",
// "二十五个") is labelled by what stands around it in its clause: a total
// (共反馈问题318个, 巡察反馈的25个具体问题, 整改任务128项), a count of areas (涉及4个
// 方面), a status class (已完成整改301个, 已完成或基本完成87项, 其中已销号280个) or
// nothing of the summary (召开会议38次, 完善制度12项, 29个单位). A second total
// starts a new line: the batches of one text are never added together.

// measureWords end a count.
var measureWords = []string{"个", "项", "件", "条"}

// countedNouns are what a total counts when they stand next to it.
var countedNouns = []string{"具体问题", "整改问题", "问题", "整改事项", "事项", "整改任务", "任务", "反馈意见", "意见", "交办件", "件"}

// otherNouns after a count make it no count of the summary: 29个单位.
func otherNounAfter(after string) bool {
	r, _ := utf8.DecodeRuneInString(after)
	if r == utf8.RuneError || isClauseSep(r) || strings.ContainsRune("（()）”“ 、和及与中已均全", r) {
		return false
	}
	for _, n := range countedNouns {
		if strings.HasPrefix(after, n) {
			return false
		}
	}
	for _, w := range []string{"方面", "领域", "整改", "完成", "基本", "正在", "持续", "未", "长期", "销号", "办结", "其中", "涉及", "共"} {
		if strings.HasPrefix(after, w) {
			return false
		}
	}
	return hasHan(string(r))
}

// sumCount is one count of a summary line being read.
type sumCount struct {
	countAt
	word string // the measure word
}

// findSummaryCounts finds "N个", "N项", "N件", "N条" (N in digits, up to
// nine of them, or Chinese numerals).
func findSummaryCounts(s string) []sumCount {
	var out []sumCount
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(isDigit(r) || cnDigit(r) >= 0 || cnUnit(r) > 0) {
			i += size
			continue
		}
		// A digit inside a longer number or a date is no count.
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if isDigit(prev) || prev == '.' {
				i += size
				continue
			}
		}
		n, k, _ := readNumber(s[i:], 9)
		if n < 0 || k == 0 {
			i += size
			continue
		}
		after := s[i+k:]
		found := false
		for _, w := range measureWords {
			if strings.HasPrefix(after, w) {
				out = append(out, sumCount{countAt: countAt{n: n, start: i, end: i + k + len(w)}, word: w})
				found = true
				break
			}
		}
		if found {
			i = out[len(out)-1].end
		} else {
			i += k
		}
	}
	return out
}

// rateAt finds a stated completion rate ("整改完成率94.65%", "完成率达100%",
// "总体完成率98.71%") in s and returns it in percent, as written.
func rateAt(s string) (float64, string, bool) {
	for _, w := range []string{"完成率", "整改率", "办结率", "销号率", "整改到位率"} {
		from := 0
		for {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			i += from
			j := i + len(w)
			for _, fill := range []string{"已达到", "达到", "已达", "达", "为", "是", "：", ":", " "} {
				j += len(fill) * boolInt(strings.HasPrefix(s[j:], fill))
			}
			k := j
			for k < len(s) && (isDigit(rune(s[k])) || s[k] == '.') {
				k++
			}
			num := s[j:k]
			rest := s[k:]
			if num != "" && (strings.HasPrefix(rest, "%") || strings.HasPrefix(rest, "％")) {
				if v, err := strconv.ParseFloat(num, 64); err == nil && v <= 1000 {
					return v, num + "%", true
				}
			}
			from = j
		}
	}
	return 0, "", false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// readSummaryLines reads the summary lines of one paragraph, numbered no.
func readSummaryLines(text string, no int) []SummaryLine {
	if !strings.ContainsAny(text, "个项件条") {
		return nil
	}
	var out []SummaryLine
	var cur *SummaryLine
	curHasStatus := false
	sent := ""
	touched := false     // cur holds the text of sent
	contributed := false // sent gave cur a count or a rate
	flush := func() {
		if cur != nil && cur.Total != nil && (curHasStatus || cur.Rate != nil) {
			if !touched && contributed {
				cur.Text += sent
			}
			out = append(out, *cur)
		}
		cur, curHasStatus, touched, contributed = nil, false, false, false
	}
	for _, sent = range splitSentences(text) {
		touched, contributed = false, false
		counts := findSummaryCounts(sent)
		prevEnd := 0
		for k, c := range counts {
			nextStart := len(sent)
			if k+1 < len(counts) {
				nextStart = counts[k+1].start
			}
			after := sent[c.end:nextStart]
			if i := strings.IndexFunc(after, isClauseSep); i >= 0 {
				after = after[:i]
			}
			before := lastClause(sent[prevEnd:c.start])
			prevEnd = c.end
			at := strings.TrimLeft(after, " ")
			if strings.HasPrefix(at, "方面") || strings.HasPrefix(at, "领域") {
				if cur == nil || cur.Total != nil {
					flush()
					cur = &SummaryLine{}
				}
				cur.Areas = intp(c.n)
				contributed = true
				continue
			}
			if otherNounAfter(at) && !strings.HasPrefix(at, "整改") {
				continue
			}
			noun := nounNear(before, at)
			class, ltClass, okStatus := countClass(before, at)
			if rem := remainder(before); rem && cur != nil && cur.Total != nil {
				// 剩余12个问题正在按计划推进: what is left of the total.
				class, okStatus = rectify.CountNotCompleted, true
				if term, ok := rectify.LookupStatus(at); ok {
					class = term.Class
				}
			}
			if okStatus {
				if cur == nil {
					// Status counts with no total before them: the start
					// of a line whose total follows, or none.
					cur = &SummaryLine{}
				}
				addClass(cur, class, c.n)
				contributed = true
				if ltClass != "" {
					cur.LongTermClass = ltClass
				}
				curHasStatus = true
				continue
			}
			if isTotalClause(before, at, noun) {
				var areas *int
				if cur != nil && (cur.Total != nil || curHasStatus) {
					if cur.Total == nil {
						// 已完成18个…共25个: the total closes the line.
						contributed = true
						cur.Total = intp(c.n)
						cur.Unit = countUnit(c.word, noun)
						continue
					}
					if !curHasStatus && cur.Rate == nil {
						// "3个方面12个问题，细化形成整改任务71项": the areas
						// go with the line that reports.
						areas = cur.Areas
					}
					flush()
				}
				if cur == nil {
					cur = &SummaryLine{Areas: areas}
				}
				cur.Total = intp(c.n)
				cur.Unit = countUnit(c.word, noun)
				contributed = true
				// "25个问题已全部完成整改", "反馈的12个问题均已整改到位".
				if strings.Contains(at, "全部") || strings.Contains(at, "均已") || strings.Contains(at, "均") {
					if term, ok := rectify.LookupStatus(at); ok {
						addClass(cur, term.Class, c.n)
						curHasStatus = true
					}
				}
			}
		}
		if cur != nil {
			if v, txt, ok := rateAt(sent); ok && cur.Rate == nil {
				cur.Rate, cur.RateText = &v, txt
				contributed = true
			}
			if !touched && contributed {
				cur.Text += sent
				touched = true
			}
			if cur.AsOf.IsZero() {
				cur.AsOf = summaryAsOf(sent)
			}
		}
	}
	flush()
	for i := range out {
		out[i].Line = no
		out[i].Text = strings.TrimSpace(out[i].Text)
	}
	return out
}

func intp(n int) *int { return &n }

// splitSentences splits a paragraph at 。；; and keeps each piece with its
// mark.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '。' || r == '；' || r == ';' {
			end := i + utf8.RuneLen(r)
			out = append(out, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// remainder reports whether the text before a count speaks of what is
// left (剩余, 其余, 尚有): a part of the total, never a new total.
func remainder(before string) bool {
	t := strings.TrimSpace(before)
	for _, w := range []string{"剩余", "其余", "尚余", "余下", "还有", "尚有", "仍有"} {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}

// nounNear returns the counted noun right before or after a count.
func nounNear(before, after string) string {
	for _, n := range countedNouns {
		if strings.HasPrefix(after, n) {
			return n
		}
	}
	for _, n := range countedNouns {
		if strings.HasSuffix(strings.TrimSpace(before), n) || strings.HasSuffix(strings.TrimSpace(before), n+"共") {
			return n
		}
	}
	for _, n := range countedNouns {
		if strings.Contains(before, n) {
			return n
		}
	}
	return ""
}

// countUnit names what a total counts: 问题, 项, 件, 条 or 任务.
func countUnit(word, noun string) string {
	switch {
	case strings.Contains(noun, "任务"):
		return "任务"
	case word == "个":
		return "问题"
	}
	return word
}

// isTotalClause reports whether a count is the total of a line.
func isTotalClause(before, after, noun string) bool {
	if noun == "" {
		return false
	}
	if strings.Contains(after, "问题") || strings.Contains(after, "任务") || strings.Contains(after, "事项") {
		return true
	}
	for _, w := range []string{"共", "反馈", "交办", "梳理", "涉及", "合计", "总计", "明确", "细化", "问题", "任务", "事项", "意见"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// countClass reads the status class of a count from its clause: the status
// word before the count, or right after it ("问题4个已完成" is rare but
// "18个已完成整改" is not).
func countClass(before, after string) (rectify.CountClass, string, bool) {
	var texts []string
	if statusEndsClause(before) {
		texts = append(texts, before)
	}
	if nounNear("", after) == "" {
		texts = append(texts, after)
	}
	for _, t := range texts {
		term, ok := rectify.LookupStatus(t)
		if !ok || (t == after && strings.Index(after, term.Word) > 12) {
			continue
		}
		class := ""
		if term.Status == rectify.StatusLongTerm {
			_, class, _ = rectify.ParseStatus(t[strings.Index(t, term.Word):])
		}
		return term.Class, class, true
	}
	return "", "", false
}

// statusEndsClause reports whether the text before a count ends as a
// status count does: with a status word, a counted noun, a long-term class
// or a filler (的, 为, 共, 达) after them — not with another noun (整改中新建和
// 修订制度78项 counts rules, not problems in progress).
func statusEndsClause(before string) bool {
	t := strings.TrimSpace(before)
	for {
		u := strings.TrimRight(t, " ")
		for _, f := range []string{"的", "为", "共", "达", "了", "有", "计", "合计", "共计"} {
			u = strings.TrimSuffix(u, f)
		}
		if u == t {
			break
		}
		t = u
	}
	if t == "" {
		return false
	}
	for _, n := range countedNouns {
		if strings.HasSuffix(t, n) {
			return true
		}
	}
	for _, w := range []string{"整改", "推进", "类", "I", "Ⅰ", "Ⅱ", "II", "Ⅲ", "（含部分整改）"} {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	for _, term := range rectify.StatusTerms {
		if strings.HasSuffix(t, term.Word) {
			return true
		}
	}
	return false
}

// addClass adds n to the count of class c in l.
func addClass(l *SummaryLine, c rectify.CountClass, n int) {
	add := func(p **int) { *p = addCount(*p, n) }
	switch c {
	case rectify.CountCompleted, rectify.CountCompletedLongTerm:
		add(&l.Completed)
	case rectify.CountCompletedOrMostly:
		add(&l.CompletedOrMostly)
	case rectify.CountMostlyCompleted:
		add(&l.MostlyCompleted)
	case rectify.CountInProgress:
		add(&l.InProgress)
	case rectify.CountNotCompleted:
		add(&l.NotCompleted)
	case rectify.CountNotStarted:
		add(&l.NotStarted)
	case rectify.CountDeferred:
		add(&l.Deferred)
	case rectify.CountLongTerm:
		add(&l.LongTerm)
	case rectify.CountClosed:
		add(&l.Closed)
	case rectify.CountOnSchedule:
		add(&l.OnSchedule)
	case rectify.CountSubmitted:
		add(&l.Submitted)
	}
}

// summaryAsOf reads the day of the figures: the first date after 截至 /
// 截止, else the first date of the sentence. Its year may be 0.
func summaryAsOf(s string) rectify.Date {
	ds := scanDates(s, true)
	for _, e := range ds {
		if e.m == 0 {
			continue
		}
		pre := s[:e.start]
		for _, w := range []string{"截至", "截止", "截止到", "截至到", "到"} {
			if strings.HasSuffix(pre, w) {
				return rectify.Date{Year: e.y, Month: time.Month(e.m), Day: e.d}
			}
		}
	}
	if len(ds) > 0 && ds[0].m > 0 && strings.Contains(s[:ds[0].start], "截") {
		return rectify.Date{Year: ds[0].y, Month: time.Month(ds[0].m), Day: ds[0].d}
	}
	return rectify.Date{}
}

// firstSummary returns the main summary line in the first shape of Summary:
// the first line with a total.
func firstSummary(lines []SummaryLine) (Summary, bool) {
	for _, l := range lines {
		if l.Total == nil {
			continue
		}
		s := Summary{AsOf: l.AsOf, Total: *l.Total, Line: l.Line, LongTermClass: l.LongTermClass}
		if l.Completed != nil {
			s.Completed = *l.Completed
		}
		if l.LongTerm != nil {
			s.LongTerm = *l.LongTerm
		}
		if l.Completed == nil && l.Closed != nil {
			s.Completed = *l.Closed // 已销号5个: done and signed off
		}
		s.MostlyCompleted, s.NotCompleted, s.NotStarted, s.Submitted =
			l.MostlyCompleted, l.NotCompleted, l.NotStarted, l.Submitted
		// In this shape on schedule and deferred are in progress, as
		// their problems' statuses are.
		for _, p := range []*int{l.InProgress, l.OnSchedule, l.Deferred} {
			if p != nil {
				s.InProgress = addCount(s.InProgress, *p)
			}
		}
		return s, true
	}
	return Summary{}, false
}
