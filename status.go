package rectify

import (
	"strings"
)

// Status is the result of a problem or measure (整改结果) at a date. A status
// is a fact with a date and an author (see StatusChange), never free text.
type Status string

// The statuses. Imported notices use the first six; the workflow adds
// StatusSubmitted (提交销号, waiting for a reviewer).
const (
	StatusNotStarted      Status = "not_started"      // 未开始
	StatusInProgress      Status = "in_progress"      // 整改中 / 持续整改 / 正在整改
	StatusSubmitted       Status = "submitted"        // 待销号（已提交审核）
	StatusMostlyCompleted Status = "mostly_completed" // 基本完成
	StatusNotCompleted    Status = "not_completed"    // 未完成
	StatusLongTerm        Status = "long_term"        // 长期整改（有类别，如 I 类）
	StatusCompleted       Status = "completed"        // 已完成（已销号）
)

// Statuses lists every status in display order.
var Statuses = []Status{
	StatusCompleted, StatusLongTerm, StatusMostlyCompleted, StatusSubmitted,
	StatusInProgress, StatusNotCompleted, StatusNotStarted,
}

var statusLabels = map[Status]string{
	StatusNotStarted:      "未开始",
	StatusInProgress:      "整改中",
	StatusSubmitted:       "待销号",
	StatusMostlyCompleted: "基本完成",
	StatusNotCompleted:    "未完成",
	StatusLongTerm:        "长期整改",
	StatusCompleted:       "完成",
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	_, ok := statusLabels[s]
	return ok
}

// Label returns the Chinese label of s ("完成", "长期整改", …).
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// LabelWithClass returns the label as a notice writes it: "长期整改I类" for a
// long-term status of class I, the plain label otherwise.
func (s Status) LabelWithClass(class string) string {
	if s == StatusLongTerm && class != "" {
		return s.Label() + class + "类"
	}
	return s.Label()
}

// Open reports whether a problem in status s still counts as not done:
// everything but completed. Long-term items are open until cleared.
func (s Status) Open() bool { return s != StatusCompleted }

// ParseStatus reads a status as notices write it: 完成, 已完成整改, 基本完成,
// 持续整改, 正在整改, 整改中, 未完成, 未开始, 长期整改, 长期整改I, 长期整改（I类）,
// 长期整改Ⅱ类 … It returns the status, the class of a long-term item ("I",
// "II", … or "") and whether the text was understood.
func ParseStatus(text string) (Status, string, bool) {
	t := strings.TrimSpace(text)
	t = strings.Trim(t, "。.；;，, ")
	if t == "" {
		return "", "", false
	}
	if s := Status(t); s.Valid() {
		return s, "", true
	}
	// The word that starts earliest wins, the longest among those: "未完成整改"
	// is not completed, "基本完成整改" mostly completed (see StatusTerms).
	term, ok := LookupStatus(t)
	if !ok {
		return "", "", false
	}
	class := ""
	if term.Status == StatusLongTerm {
		at := strings.Index(t, term.Word)
		class = parseClass(t[at+len(term.Word):])
	}
	return term.Status, class, true
}

// parseClass reads the class after 长期整改: "I", "I类", "（I类）", "Ⅱ类",
// "(2类)", "一类", "，I类". It returns the class in Latin capitals, or "".
func parseClass(rest string) string {
	rest = strings.TrimLeft(rest, " （(【[：:，,、")
	roman := []struct{ in, out string }{
		{"III", "III"}, {"Ⅲ", "III"}, {"三", "III"}, {"3", "III"}, {"３", "III"},
		{"II", "II"}, {"Ⅱ", "II"}, {"二", "II"}, {"2", "II"}, {"２", "II"},
		{"IV", "IV"}, {"Ⅳ", "IV"}, {"四", "IV"}, {"4", "IV"},
		{"I", "I"}, {"Ⅰ", "I"}, {"一", "I"}, {"1", "I"}, {"１", "I"}, {"l", "I"}, {"Ｉ", "I"},
	}
	upper := strings.ToUpper(rest)
	for _, r := range roman {
		if strings.HasPrefix(upper, r.in) {
			return r.out
		}
	}
	return ""
}

// transition is one allowed move between statuses and who may make it.
type transition struct {
	from, to Status
	by       Actor
}

// Actor is the side that makes a status change.
type Actor string

// The sides of rectification work.
const (
	ActorUnit     Actor = "unit"     // 被巡察单位: does the work, submits
	ActorReviewer Actor = "reviewer" // 巡察办/巡察组/纪委: signs off, rejects, reopens
	ActorSystem   Actor = "system"   // imports and jobs: recorded facts, not decisions
)

// transitions is the one place where the lifecycle is written down.
// Not started → in progress → submitted → completed, or → long-term with a
// next milestone; a rejection sends a submission back; a failed look-back
// (回头看) reopens a completed problem.
var transitions = []transition{
	{StatusNotStarted, StatusInProgress, ActorUnit},
	{StatusNotStarted, StatusSubmitted, ActorUnit},
	{StatusNotStarted, StatusLongTerm, ActorUnit},
	{StatusInProgress, StatusSubmitted, ActorUnit},
	{StatusInProgress, StatusLongTerm, ActorUnit},
	{StatusInProgress, StatusMostlyCompleted, ActorUnit},
	{StatusInProgress, StatusNotCompleted, ActorUnit},
	{StatusMostlyCompleted, StatusInProgress, ActorUnit},
	{StatusMostlyCompleted, StatusSubmitted, ActorUnit},
	{StatusMostlyCompleted, StatusLongTerm, ActorUnit},
	{StatusNotCompleted, StatusInProgress, ActorUnit},
	{StatusNotCompleted, StatusSubmitted, ActorUnit},
	{StatusNotCompleted, StatusLongTerm, ActorUnit},
	{StatusLongTerm, StatusInProgress, ActorUnit},
	{StatusLongTerm, StatusSubmitted, ActorUnit},
	{StatusSubmitted, StatusCompleted, ActorReviewer},  // 销号通过
	{StatusSubmitted, StatusInProgress, ActorReviewer}, // 退回
	{StatusSubmitted, StatusLongTerm, ActorReviewer},   // 认定为长期整改
	{StatusCompleted, StatusInProgress, ActorReviewer}, // 回头看发现反弹，重新打开
}

// CanTransition reports whether by may move an item from one status to
// another. It returns nil, or an ETRANSITION *Error whose message says why not.
func CanTransition(from, to Status, by Actor) error {
	if !to.Valid() {
		return Errorf(EINVALID, "未知的整改状态“%s”", to)
	}
	if from == "" {
		from = StatusNotStarted
	}
	if by == ActorSystem {
		return nil // an import or a job records what is, it does not decide
	}
	if from == to {
		return Errorf(ETRANSITION, "状态已是“%s”，无需变更", to.Label())
	}
	allowedSide := Actor("")
	for _, t := range transitions {
		if t.from == from && t.to == to {
			allowedSide = t.by
			if t.by == by {
				return nil
			}
		}
	}
	switch {
	case allowedSide == ActorReviewer && to == StatusCompleted:
		return Errorf(ETRANSITION, "只有审核人员才能销号，整改单位请先提交销号")
	case allowedSide == ActorReviewer && from == StatusCompleted:
		return Errorf(ETRANSITION, "已销号的问题只能由审核人员在回头看中重新打开")
	case allowedSide == ActorReviewer:
		return Errorf(ETRANSITION, "待销号的问题由审核人员通过或退回")
	case to == StatusCompleted:
		return Errorf(ETRANSITION, "“%s”的问题不能直接完成，须先提交销号并经审核通过", from.Label())
	case from == StatusCompleted:
		return Errorf(ETRANSITION, "问题已销号，只能在回头看发现反弹后重新打开")
	case from == StatusSubmitted:
		return Errorf(ETRANSITION, "问题已提交销号，等待审核，不能改为“%s”", to.Label())
	case to == StatusNotStarted:
		return Errorf(ETRANSITION, "已开始整改的问题不能改回“未开始”")
	}
	return Errorf(ETRANSITION, "不能从“%s”改为“%s”", from.Label(), to.Label())
}

// NextStatuses returns the statuses by may move an item to from from, in
// display order.
func NextStatuses(from Status, by Actor) []Status {
	if from == "" {
		from = StatusNotStarted
	}
	var out []Status
	for _, s := range Statuses {
		for _, t := range transitions {
			if t.from == from && t.to == s && t.by == by {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// StatusChange is one entry of a problem's status history: the status from
// Date on, who set it and why. Text keeps the status as a notice wrote it.
type StatusChange struct {
	ID        int64  `json:"id,omitempty"`
	ProblemID int64  `json:"problem_id,omitempty"`
	Status    Status `json:"status"`
	Class     string `json:"class,omitempty"`
	Date      Date   `json:"date"`
	Author    string `json:"author,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Text      string `json:"text,omitempty"`
	// NextMilestone is the next checkpoint of a long-term item (blue light).
	NextMilestone Date `json:"next_milestone,omitempty"`
}

// StatusAsOf returns the entry of history in force on day asOf: the last one
// dated on or before it (entries of one day apply in order). ok is false when
// none was in force, i.e. the item had not started.
func StatusAsOf(history []StatusChange, asOf Date) (StatusChange, bool) {
	var cur StatusChange
	found := false
	for _, h := range history {
		if h.Date.After(asOf) {
			continue
		}
		if !found || !h.Date.Before(cur.Date) {
			cur, found = h, true
		}
	}
	return cur, found
}
