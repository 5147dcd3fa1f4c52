package rectify

import "strings"

// CountClass is the class a status word puts a problem in when a notice
// counts: the columns of a summary line (已完成, 已完成或基本完成, 基本完成, 正在推进,
// 未完成, 申请延期, 长期整改, 销号, 达到序时进度, …). It says more than Status where
// the words do: 已销号 is completed and signed off, 未完成但达到序时进度 is in
// progress and on schedule.
type CountClass string

// The count classes.
const (
	CountCompleted         CountClass = "completed"           // 已完成整改, 已整改到位, 已办结
	CountCompletedOrMostly CountClass = "completed_or_mostly" // 已完成或基本完成: kept merged
	CountMostlyCompleted   CountClass = "mostly_completed"    // 基本完成, 阶段性办结
	CountInProgress        CountClass = "in_progress"         // 正在推进, 持续推进, 正在办理
	CountNotCompleted      CountClass = "not_completed"       // 未完成
	CountNotStarted        CountClass = "not_started"         // 未开始
	CountDeferred          CountClass = "deferred"            // 申请延期整改
	CountLongTerm          CountClass = "long_term"           // 长期整改
	CountCompletedLongTerm CountClass = "completed_long_term" // 已经完成、长期坚持: done and kept up
	CountClosed            CountClass = "closed"              // 已销号: completed and signed off
	CountOnSchedule        CountClass = "on_schedule"         // 未完成但达到序时进度
	CountSubmitted         CountClass = "submitted"           // 待销号
)

// StatusTerm is one word notices use for a problem's result, with the
// status it means and its count class. LongTerm marks the compound words
// that add "kept up long-term" to their status (已经完成、长期坚持).
type StatusTerm struct {
	Word     string
	Status   Status
	Class    CountClass
	LongTerm bool
}

// StatusTerms is the vocabulary of results, the one table the notice
// reader, the summary lines and the ledger read statuses from. When words
// overlap, the one that starts earliest in a text wins, the longest among
// those ("未完成但达到序时进度" before "未完成", "已完成或基本完成" before "已完成").
var StatusTerms = []StatusTerm{
	// Completed.
	{"已完成整改", StatusCompleted, CountCompleted, false},
	{"完成整改", StatusCompleted, CountCompleted, false},
	{"整改完成", StatusCompleted, CountCompleted, false},
	{"已整改完成", StatusCompleted, CountCompleted, false},
	{"已整改到位", StatusCompleted, CountCompleted, false},
	{"整改到位", StatusCompleted, CountCompleted, false},
	{"已全部完成", StatusCompleted, CountCompleted, false},
	{"已经完成", StatusCompleted, CountCompleted, false},
	{"已完成", StatusCompleted, CountCompleted, false},
	{"完成", StatusCompleted, CountCompleted, false},
	{"已办结", StatusCompleted, CountCompleted, false},
	{"办结", StatusCompleted, CountCompleted, false},
	{"已整改", StatusCompleted, CountCompleted, false},
	// Completed and signed off.
	{"已销号", StatusCompleted, CountClosed, false},
	{"销号", StatusCompleted, CountClosed, false},
	{"完成销号", StatusCompleted, CountClosed, false},
	// Done and kept up long-term.
	{"已经完成、长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"已经完成，长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"已完成并长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"已完成，长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"已完成、长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"完成并长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	{"已完成整改并长期坚持", StatusCompleted, CountCompletedLongTerm, true},
	// Merged: done or mostly done.
	{"已完成或基本完成", StatusMostlyCompleted, CountCompletedOrMostly, false},
	{"完成或基本完成", StatusMostlyCompleted, CountCompletedOrMostly, false},
	{"已完成和基本完成", StatusMostlyCompleted, CountCompletedOrMostly, false},
	{"基本完成和完成", StatusMostlyCompleted, CountCompletedOrMostly, false},
	// Mostly completed.
	{"基本完成", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"已基本完成", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"基本整改", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"部分完成", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"部分整改", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"阶段性办结", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"阶段性完成", StatusMostlyCompleted, CountMostlyCompleted, false},
	{"取得阶段性成效", StatusMostlyCompleted, CountMostlyCompleted, false},
	// In progress.
	{"持续整改", StatusInProgress, CountInProgress, false},
	{"正在整改", StatusInProgress, CountInProgress, false},
	{"整改中", StatusInProgress, CountInProgress, false},
	{"推进中", StatusInProgress, CountInProgress, false},
	{"正在推进", StatusInProgress, CountInProgress, false},
	{"正在推进整改", StatusInProgress, CountInProgress, false},
	{"持续推进", StatusInProgress, CountInProgress, false},
	{"正在持续推进", StatusInProgress, CountInProgress, false},
	{"正在办理", StatusInProgress, CountInProgress, false},
	{"办理中", StatusInProgress, CountInProgress, false},
	{"正在落实", StatusInProgress, CountInProgress, false},
	{"有序推进", StatusInProgress, CountInProgress, false},
	{"按计划推进", StatusInProgress, CountInProgress, false},
	{"正在按计划推进", StatusInProgress, CountInProgress, false},
	// On schedule, not done.
	{"未完成但达到序时进度", StatusInProgress, CountOnSchedule, false},
	{"未完成但已达到序时进度", StatusInProgress, CountOnSchedule, false},
	{"达到序时进度", StatusInProgress, CountOnSchedule, false},
	{"按序时进度推进", StatusInProgress, CountOnSchedule, false},
	// Deferred.
	{"申请延期整改", StatusInProgress, CountDeferred, false},
	{"申请延期", StatusInProgress, CountDeferred, false},
	{"延期整改", StatusInProgress, CountDeferred, false},
	// Not completed, not started.
	{"尚未完成", StatusNotCompleted, CountNotCompleted, false},
	{"未办结", StatusNotCompleted, CountNotCompleted, false},
	{"未完成", StatusNotCompleted, CountNotCompleted, false},
	{"未整改", StatusNotCompleted, CountNotCompleted, false},
	{"尚未开始", StatusNotStarted, CountNotStarted, false},
	{"未开始", StatusNotStarted, CountNotStarted, false},
	// Waiting for sign-off.
	{"待销号", StatusSubmitted, CountSubmitted, false},
	{"提交销号", StatusSubmitted, CountSubmitted, false},
	{"申请销号", StatusSubmitted, CountSubmitted, false},
	// Long-term.
	{"长期整改", StatusLongTerm, CountLongTerm, false},
	{"长期坚持", StatusLongTerm, CountLongTerm, false},
	{"需长期坚持", StatusLongTerm, CountLongTerm, false},
	{"长期推进", StatusLongTerm, CountLongTerm, false},
}

// LookupStatus finds the status word in text: the one that starts
// earliest, the longest among those. The punctuation inside compound words
// (已经完成、长期坚持) may be any of 、，, or none. It reports false when
// text holds no status word.
func LookupStatus(text string) (StatusTerm, bool) {
	t := strings.TrimSpace(text)
	best, bestAt, bestLen := -1, len(t), 0
	for k, w := range StatusTerms {
		i := strings.Index(t, w.Word)
		if i < 0 {
			continue
		}
		if i < bestAt || (i == bestAt && len(w.Word) > bestLen) {
			best, bestAt, bestLen = k, i, len(w.Word)
		}
	}
	if best < 0 {
		return StatusTerm{}, false
	}
	term := StatusTerms[best]
	// "已完成，并长期坚持" and its kin: a completed word followed closely by
	// 长期坚持 is the compound.
	if term.Class == CountCompleted {
		rest := t[bestAt+len(term.Word):]
		rest = strings.TrimLeft(rest, "、，,；; 并且整改")
		if strings.HasPrefix(rest, "长期坚持") || strings.HasPrefix(rest, "需长期坚持") {
			term = StatusTerm{Word: t[bestAt : len(t)-len(rest)+len("长期坚持")], Status: StatusCompleted, Class: CountCompletedLongTerm, LongTerm: true}
			if strings.HasPrefix(rest, "需") {
				term.Word = t[bestAt : len(t)-len(rest)+len("需长期坚持")]
			}
		}
	}
	return term, true
}

// IsStatusPhrase reports whether text says nothing but a result: a status
// word with at most a few characters of filler around it (目前, 现已, 该问题,
// 整改, 。). A status phrase is never a measure.
func IsStatusPhrase(text string) bool {
	t := strings.Trim(strings.TrimSpace(text), "。.；;，,、 ")
	for _, p := range []string{"目前", "现已", "该问题", "此项", "整改进展", "进展"} {
		t = strings.TrimPrefix(t, p)
	}
	t = strings.Trim(t, "：:，, ")
	if t == "" {
		return false
	}
	term, ok := LookupStatus(t)
	if !ok {
		return false
	}
	i := strings.Index(t, term.Word)
	if i < 0 {
		return false
	}
	rest := strings.Trim(t[:i]+t[i+len(term.Word):], "、，,；; ")
	rest = strings.TrimPrefix(rest, "整改")
	rest = strings.TrimSuffix(rest, "整改")
	rest = strings.TrimSuffix(rest, "中")
	if rest == "" {
		return true
	}
	// A long-term class (长期整改I类, （Ⅱ类）).
	if term.Status == StatusLongTerm && parseClass(rest) != "" && len([]rune(rest)) <= 4 {
		return true
	}
	return false
}
