package rectify

// ReportedCounts is a summary line of a notice as its unit reported it
// ("共反馈问题318个，已完成整改301个，…，整改完成率94.65%"): counts stated in the
// notice, not computed from problems of the record. A notice that gives
// counts only (a round over many units, a report whose problem list is an
// attachment) is kept as an inspection with these and no problems; pages
// show them apart from the counts computed from problems, marked as
// reported. An inspection with problems has none: its counts are computed. Counts not stated are nil; merged categories stay merged.
type ReportedCounts struct {
	Text string `json:"text"`
	// Unit is what the line counts: 问题, 项, 件, 条, 任务.
	Unit              string   `json:"unit"`
	AsOf              Date     `json:"as_of,omitzero"`
	Total             *int     `json:"total,omitempty"`
	Areas             *int     `json:"areas,omitempty"`
	Completed         *int     `json:"completed,omitempty"`
	CompletedOrMostly *int     `json:"completed_or_mostly,omitempty"`
	MostlyCompleted   *int     `json:"mostly_completed,omitempty"`
	InProgress        *int     `json:"in_progress,omitempty"`
	NotCompleted      *int     `json:"not_completed,omitempty"`
	NotStarted        *int     `json:"not_started,omitempty"`
	Deferred          *int     `json:"deferred,omitempty"`
	LongTerm          *int     `json:"long_term,omitempty"`
	Closed            *int     `json:"closed,omitempty"`
	OnSchedule        *int     `json:"on_schedule,omitempty"`
	Submitted         *int     `json:"submitted,omitempty"`
	Rate              *float64 `json:"rate,omitempty"` // stated completion rate, percent
}

// Parts returns the counts of r that it states, as label and number, in
// display order: 共, 已完成, 已完成或基本完成, 基本完成, 正在整改, …
func (r ReportedCounts) Parts() []ReportedPart {
	var out []ReportedPart
	for _, p := range []struct {
		label string
		n     *int
	}{
		{"共", r.Total}, {"已完成", r.Completed}, {"其中已销号", r.Closed}, {"已完成或基本完成", r.CompletedOrMostly},
		{"基本完成", r.MostlyCompleted}, {"正在整改", r.InProgress}, {"达到序时进度", r.OnSchedule},
		{"申请延期", r.Deferred}, {"长期整改", r.LongTerm}, {"未完成", r.NotCompleted}, {"未开始", r.NotStarted},
		{"待销号", r.Submitted},
	} {
		if p.n != nil {
			out = append(out, ReportedPart{Label: p.label, N: *p.n})
		}
	}
	return out
}

// ReportedPart is one count of a reported summary line.
type ReportedPart struct {
	Label string
	N     int
}
