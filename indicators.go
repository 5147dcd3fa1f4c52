package rectify

// Indicators are what officials count, computed from the record as of a day
// (see domain.md, "What officials count").
type Indicators struct {
	AsOf            Date `json:"as_of"`
	Total           int  `json:"total"`            // 具体问题总数
	Completed       int  `json:"completed"`        // 已完成整改
	LongTerm        int  `json:"long_term"`        // 长期整改
	MostlyCompleted int  `json:"mostly_completed"` // 基本完成
	Submitted       int  `json:"submitted"`        // 待销号
	InProgress      int  `json:"in_progress"`      // 整改中
	NotCompleted    int  `json:"not_completed"`    // 未完成
	NotStarted      int  `json:"not_started"`      // 未开始
	// Overdue counts open problems past their deadline (long-term items count
	// when their next milestone has passed).
	Overdue int `json:"overdue"`
	// DuePassed counts problems whose deadline had passed by AsOf;
	// CompletedOnTime those of them completed on or before their deadline.
	DuePassed       int     `json:"due_passed"`
	CompletedOnTime int     `json:"completed_on_time"`
	Rebounds        int     `json:"rebounds"`        // 反弹 (failed look-backs)
	Rules           int     `json:"rules"`           // 建章立制
	Accountability  int     `json:"accountability"`  // 问责人次
	Measures        int     `json:"measures"`        // 整改措施
	MeasuresDone    int     `json:"measures_done"`   // 已落实的措施
	CompletionRate  float64 `json:"completion_rate"` // 整改完成率, 0…1
	OnTimeRate      float64 `json:"on_time_rate"`    // 按期完成率, 0…1
}

// ProblemFacts is what the indicators need of one problem: its status
// history (or its current status), deadline, next milestone and look-backs.
// A *Problem provides it through Facts; stores may build it directly from rows.
type ProblemFacts struct {
	Opened       Date
	Due          Date
	History      []StatusChange
	Measures     int
	MeasuresDone []Date // done dates of its measures
	FailedChecks []Date // done dates of failed look-backs
}

// Facts returns the indicator facts of p (its look-backs are passed separately).
func (p *Problem) Facts(rechecks []*Recheck) ProblemFacts {
	f := ProblemFacts{Opened: p.Opened, Due: p.Due, History: p.History, Measures: len(p.Measures)}
	if len(f.History) == 0 && p.Status != "" {
		f.History = []StatusChange{{Status: p.Status, Class: p.Class, Date: p.StatusDate, NextMilestone: p.NextMilestone}}
	}
	for _, m := range p.Measures {
		if !m.Done.IsZero() {
			f.MeasuresDone = append(f.MeasuresDone, m.Done)
		}
	}
	for _, r := range rechecks {
		if r.ProblemID == p.ID && r.Result == RecheckFailed {
			f.FailedChecks = append(f.FailedChecks, r.Done)
		}
	}
	return f
}

// Add counts one problem into ind as of ind.AsOf. A problem opened after
// AsOf does not count.
func (ind *Indicators) Add(f ProblemFacts) {
	asOf := ind.AsOf
	if !f.Opened.IsZero() && f.Opened.After(asOf) {
		return
	}
	ind.Total++
	st := StatusNotStarted
	var cur StatusChange
	if h, ok := StatusAsOf(f.History, asOf); ok {
		st, cur = h.Status, h
	}
	ind.CountStatus(st)
	ind.Measures += f.Measures
	for _, d := range f.MeasuresDone {
		if !d.After(asOf) {
			ind.MeasuresDone++
		}
	}
	for _, d := range f.FailedChecks {
		if !d.IsZero() && !d.After(asOf) {
			ind.Rebounds++
		}
	}
	switch {
	case st == StatusLongTerm:
		if !cur.NextMilestone.IsZero() && cur.NextMilestone.Before(asOf) {
			ind.Overdue++
		}
	case st.Open():
		if !f.Due.IsZero() && f.Due.Before(asOf) {
			ind.Overdue++
		}
	}
	if !f.Due.IsZero() && f.Due.Before(asOf) {
		ind.DuePassed++
		if st == StatusCompleted && !firstCompleted(f.History, asOf).After(f.Due) {
			ind.CompletedOnTime++
		}
	}
}

// ByStatus returns how many problems ind counts in status s; 0 for a
// status that is none of rectify's.
func (ind Indicators) ByStatus(s Status) int {
	if n := ind.counter(s); n != nil {
		return *n
	}
	return 0
}

// CountStatus counts one problem more in status s, or in not started for a
// status that is none of rectify's (Total is the caller's to count).
func (ind *Indicators) CountStatus(s Status) {
	n := ind.counter(s)
	if n == nil {
		n = &ind.NotStarted
	}
	*n++
}

// counter returns the count of ind that problems in status s add to, or
// nil for a status that is none of rectify's.
func (ind *Indicators) counter(s Status) *int {
	switch s {
	case StatusCompleted:
		return &ind.Completed
	case StatusLongTerm:
		return &ind.LongTerm
	case StatusMostlyCompleted:
		return &ind.MostlyCompleted
	case StatusSubmitted:
		return &ind.Submitted
	case StatusInProgress:
		return &ind.InProgress
	case StatusNotCompleted:
		return &ind.NotCompleted
	case StatusNotStarted:
		return &ind.NotStarted
	}
	return nil
}

// firstCompleted returns the date of the completion in force on asOf: the
// last time the problem became completed without being reopened since.
func firstCompleted(history []StatusChange, asOf Date) Date {
	var d Date
	for _, h := range history {
		if h.Date.After(asOf) {
			continue
		}
		if h.Status == StatusCompleted {
			if d.IsZero() {
				d = h.Date
			}
		} else {
			d = Date{}
		}
	}
	return d
}

// Merge adds the counts of o into ind (for roll-ups over units and rounds)
// and recomputes the rates.
func (ind *Indicators) Merge(o Indicators) {
	ind.Total += o.Total
	ind.Completed += o.Completed
	ind.LongTerm += o.LongTerm
	ind.MostlyCompleted += o.MostlyCompleted
	ind.Submitted += o.Submitted
	ind.InProgress += o.InProgress
	ind.NotCompleted += o.NotCompleted
	ind.NotStarted += o.NotStarted
	ind.Overdue += o.Overdue
	ind.DuePassed += o.DuePassed
	ind.CompletedOnTime += o.CompletedOnTime
	ind.Rebounds += o.Rebounds
	ind.Rules += o.Rules
	ind.Accountability += o.Accountability
	ind.Measures += o.Measures
	ind.MeasuresDone += o.MeasuresDone
	ind.Finish()
}

// Finish computes the rates from the counts. Rates are 0 when there is
// nothing to divide by.
func (ind *Indicators) Finish() {
	ind.CompletionRate, ind.OnTimeRate = 0, 0
	if ind.Total > 0 {
		ind.CompletionRate = float64(ind.Completed) / float64(ind.Total)
	}
	if ind.DuePassed > 0 {
		ind.OnTimeRate = float64(ind.CompletedOnTime) / float64(ind.DuePassed)
	}
}

// Open returns how many problems are not completed.
func (ind *Indicators) Open() int { return ind.Total - ind.Completed }

// CountRules returns how many of rules were in force by asOf.
func CountRules(rules []*Rule, asOf Date) int {
	n := 0
	for _, r := range rules {
		if !r.Date.After(asOf) {
			n++
		}
	}
	return n
}

// CountAccountability returns how many people were held accountable by asOf (问责人次).
func CountAccountability(as []*Accountability, asOf Date) int {
	n := 0
	for _, a := range as {
		if !a.Date.After(asOf) {
			n++
		}
	}
	return n
}

// Compute returns the indicators of problems as of asOf, with the rules and
// accountability records that belong to them.
func Compute(asOf Date, problems []*Problem, rechecks []*Recheck, rules []*Rule, acc []*Accountability) Indicators {
	ind := Indicators{AsOf: asOf}
	for _, p := range problems {
		ind.Add(p.Facts(rechecks))
	}
	ind.Rules = CountRules(rules, asOf)
	ind.Accountability = CountAccountability(acc, asOf)
	ind.Finish()
	return ind
}

// Light is a deadline light (红黄绿灯预警).
type Light string

// The lights.
const (
	LightNone   Light = ""       // completed: no light
	LightGreen  Light = "green"  // on track
	LightYellow Light = "yellow" // due within the warning window
	LightRed    Light = "red"    // overdue
	LightBlue   Light = "blue"   // long-term with a next milestone ahead
)

// Label returns the Chinese name of the light.
func (l Light) Label() string {
	switch l {
	case LightGreen:
		return "绿灯"
	case LightYellow:
		return "黄灯"
	case LightRed:
		return "红灯"
	case LightBlue:
		return "蓝灯"
	}
	return "无"
}

// DefaultWarnDays is how many days before a deadline the light turns yellow
// unless an office sets otherwise.
const DefaultWarnDays = 3

// LightOf returns the light of an item as of asOf: none when completed; for a
// long-term item, blue while its next milestone lies ahead, yellow or red as
// the milestone nears or passes; otherwise green, yellow when due within
// warnDays days, red when overdue. An item without a deadline is green.
func LightOf(asOf Date, status Status, due, nextMilestone Date, warnDays int) Light {
	if status == StatusCompleted {
		return LightNone
	}
	if status == StatusLongTerm {
		if nextMilestone.IsZero() {
			return LightBlue
		}
		switch days := asOf.DaysUntil(nextMilestone); {
		case days < 0:
			return LightRed
		case days <= warnDays:
			return LightYellow
		}
		return LightBlue
	}
	if due.IsZero() {
		return LightGreen
	}
	switch days := asOf.DaysUntil(due); {
	case days < 0:
		return LightRed
	case days <= warnDays:
		return LightYellow
	}
	return LightGreen
}

// LightAsOf returns the light of p on day asOf, from its history.
func (p *Problem) LightAsOf(asOf Date, warnDays int) Light {
	st, h := p.StatusAsOf(asOf)
	return LightOf(asOf, st, p.Due, h.NextMilestone, warnDays)
}
