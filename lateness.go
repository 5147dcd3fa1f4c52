package rectify

import "fmt"

// Lateness says how late an item is, by the rule of its light (LightOf):
// the light, and the days from the day asked about to the date the light
// counts to — the deadline, or for a long-term item its next milestone.
type Lateness struct {
	Light Light `json:"light"`
	// Days is how many days are left until the date the light counts to,
	// negative when it has passed; meaningful only when Dated.
	Days  int  `json:"days"`
	Dated bool `json:"dated"`
	// Milestone is set when the date is a long-term item's next
	// milestone rather than a deadline.
	Milestone bool `json:"milestone,omitempty"`
	// Done is set for a completed item (no light).
	Done bool `json:"done,omitempty"`
}

// LatenessOf returns how late an item is as of asOf, with the arguments
// and the rule of LightOf: a completed item is done; a long-term item counts
// to its next milestone (undated without one); any other item to its
// deadline (undated without one).
func LatenessOf(asOf Date, status Status, due, nextMilestone Date, warnDays int) Lateness {
	l := Lateness{Light: LightOf(asOf, status, due, nextMilestone, warnDays)}
	to := due
	switch status {
	case StatusCompleted:
		l.Done = true
		return l
	case StatusLongTerm:
		to, l.Milestone = nextMilestone, true
	}
	if !to.IsZero() {
		l.Dated, l.Days = true, asOf.DaysUntil(to)
	}
	return l
}

// LatenessAsOf returns how late p is on day asOf, from its history: the
// status and milestone in force that day, as LightAsOf counts them.
func (p *Problem) LatenessAsOf(asOf Date, warnDays int) Lateness {
	st, h := p.StatusAsOf(asOf)
	return LatenessOf(asOf, st, p.Due, h.NextMilestone, warnDays)
}

// MeasureLateness returns how late a measure is on day asOf: done once
// done by then, else counted to its deadline as a problem in progress.
func MeasureLateness(m *Measure, asOf Date, warnDays int) Lateness {
	if m.IsDone(asOf) {
		return Lateness{Done: true}
	}
	return LatenessOf(asOf, StatusInProgress, m.Due, Date{}, warnDays)
}

// Text says in a few words how late the item is, beside its light:
// "逾期 12 天", "今天到期", "还有 3 天"; for a long-term item "节点逾期 5 天",
// "距节点还有 30 天" or "长期整改" without a milestone; "已完成" when done,
// "未定时限" without a deadline.
func (l Lateness) Text() string {
	switch {
	case l.Done:
		return "已完成"
	case !l.Dated && l.Milestone:
		return "长期整改"
	case !l.Dated:
		return "未定时限"
	case l.Milestone:
		switch {
		case l.Days < 0:
			return fmt.Sprintf("节点逾期 %d 天", -l.Days)
		case l.Days == 0:
			return "今天到节点"
		}
		return fmt.Sprintf("距节点还有 %d 天", l.Days)
	}
	return DaysText(l.Days)
}

// Overdue returns the days past the date the light counts to, 0 when it
// has not passed (or there is none).
func (l Lateness) Overdue() int {
	if l.Done || !l.Dated || l.Days >= 0 {
		return 0
	}
	return -l.Days
}

// DaysText says how far a deadline is, given the days left until it
// (negative when passed): "逾期 12 天", "今天到期", "还有 3 天".
func DaysText(days int) string {
	switch {
	case days < 0:
		return fmt.Sprintf("逾期 %d 天", -days)
	case days == 0:
		return "今天到期"
	}
	return fmt.Sprintf("还有 %d 天", days)
}
