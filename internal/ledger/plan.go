package ledger

import (
	"fmt"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// An empty cell never clears what the record holds: people leave cells
// empty for "no news", and a unit's sheet has only some of the columns.

// existingRow compares a row with the problem (and measure) it names and
// plans what differs.
func (p *planner) existingRow(e *office.LedgerEntry, cp *currentProblem) {
	pr := cp.p
	// Which measure, if any.
	var ms *measureState
	var nm *newMeasure
	switch {
	case e.MeasureID != 0:
		ms = p.measures[e.MeasureID]
		if ms == nil || ms.problem != cp {
			p.bad(e, office.FieldMeasure, "整改措施（编号 %d）不属于问题%d或已被删除；请重新导出台账", e.MeasureID, pr.Number)
			return
		}
	case e.Measure != "":
		for _, r := range cp.rows {
			if r.Measure != nil && (norm(office.MeasureText(r.Measure)) == norm(e.Measure) || norm(r.Measure.Text) == norm(e.Measure)) {
				ms = p.measures[r.Measure.ID]
				break
			}
		}
		if ms == nil {
			nm = p.newMeasureOf(e, cp)
			if nm == nil {
				return
			}
		}
	}
	byID := e.ProblemID != 0
	var local []func() // the row's changes, kept only when the row is good
	errs := len(p.report.Errors)

	// The problem's own fields.
	plan := cp.plan
	if plan == nil {
		plan = &problemPlan{fields: map[string]proposal{}}
	}
	// The first field of the row that changes what the problem says, or
	// its measures: refused while the problem waits for sign-off or is
	// signed off, as on the problem's page.
	var facts, measureFacts *office.LedgerField
	propose := func(name string, f office.LedgerField, old, value string, apply func()) {
		if facts == nil {
			facts = &f
		}
		if prev, ok := plan.fields[name]; ok && prev.value != value {
			p.bad(e, f, "与第%d行的%s“%s”不一致", prev.entry.Row, f.Header(), clip(prev.value))
			return
		}
		if _, ok := plan.fields[name]; ok {
			return // the same change from another row
		}
		local = append(local, func() {
			plan.fields[name] = proposal{value: value, entry: e, field: f}
			apply()
			p.change(e, "problem", "问题%d：%s “%s” → “%s”", pr.Number, f.Header(), clip(old), clip(value))
		})
	}
	if byID && !e.Inherited && e.Problem != "" && norm(e.Problem) != norm(office.ProblemText(pr)) {
		title, desc := office.SplitProblemText(e.Problem)
		propose("title", office.FieldProblem, office.ProblemText(pr), e.Problem, func() { plan.title, plan.desc = title, desc })
	}
	// The track comes from its column only: a deadline of 长期 says that
	// a measure has no date, not how the problem is classed (a new
	// problem's first row is read so when the sheet has no track).
	if track := e.Track; e.TrackText != "" && track != pr.Track {
		propose("track", office.FieldTrack, trackLabel(pr.Track), trackLabel(track), func() { plan.track = track })
	}
	if e.Leader != "" && e.Leader != pr.Leader {
		propose("leader", office.FieldLeader, pr.Leader, e.Leader, func() { plan.leader = e.Leader })
	}
	if ms == nil && nm == nil {
		// A row of the problem alone: its unit and deadline are the problem's.
		if e.OwnerUnit != "" && e.OwnerUnit != pr.OwnerUnit {
			propose("owner_unit", office.FieldOwnerUnit, pr.OwnerUnit, e.OwnerUnit, func() { plan.owner = e.OwnerUnit })
		}
		if e.DueKind == office.DueDate && e.Due != pr.Due {
			propose("due", office.FieldDue, pr.Due.String(), e.Due.String(), func() { plan.due = e.Due })
		}
	}
	if e.Status != "" && (e.Status != pr.Status || e.Status == rectify.StatusLongTerm && e.Class != "" && e.Class != pr.Class) {
		class := e.Class
		if e.Status == rectify.StatusLongTerm && class == "" {
			class = pr.Class
		}
		switch {
		case plan.status != nil && (plan.status.Status != e.Status || plan.status.Class != class):
			p.bad(e, office.FieldStatus, "与第%d行的整改状态“%s”不一致", plan.statusEntry.Row, plan.status.Text)
		case plan.status != nil:
		default:
			if err := canSet(pr.Status, e.Status, p.opt.Actor); err != nil {
				p.bad(e, office.FieldStatus, "整改状态不能从“%s”改为“%s”：%s", pr.Status.LabelWithClass(pr.Class), e.StatusText, rectify.ErrorMessage(err))
				break
			}
			if why := p.closureRefusal(cp, nm, e.Status); why != "" {
				p.bad(e, office.FieldStatus, "问题%d：%s", pr.Number, why)
				break
			}
			local = append(local, func() {
				plan.status = &rectify.StatusChange{Status: e.Status, Class: class, Date: p.opt.Date, Author: p.opt.Author,
					Reason: "台账导入", Text: e.StatusText}
				plan.statusEntry = e
				why := ""
				if startsFirst(pr.Status, e.Status, p.opt.Actor) {
					why = "（问题尚未开始，先记为“整改中”）"
				}
				p.change(e, "status", "问题%d：整改状态 “%s” → “%s”%s", pr.Number, pr.Status.LabelWithClass(pr.Class), e.Status.LabelWithClass(class), why)
			})
		}
	}
	if len(local) > 0 && e.ProblemVersion != 0 && e.ProblemVersion != pr.Version {
		p.bad(e, office.FieldProblem, "问题%d在导出台账后已被修改（版本 %d → %d），请重新导出台账后再修改", pr.Number, e.ProblemVersion, pr.Version)
	}

	// The measure's fields.
	if ms != nil {
		m := ms.row.Measure
		mp := ms.plan
		if mp == nil {
			mp = &measurePlan{fields: map[string]proposal{}}
		}
		var mlocal []func()
		mpropose := func(name string, f office.LedgerField, old, value string, apply func()) {
			if measureFacts == nil {
				measureFacts = &f
			}
			if prev, ok := mp.fields[name]; ok {
				if prev.value != value {
					p.bad(e, f, "与第%d行的%s“%s”不一致", prev.entry.Row, f.Header(), clip(prev.value))
				}
				return
			}
			mlocal = append(mlocal, func() {
				mp.fields[name] = proposal{value: value, entry: e, field: f}
				apply()
				p.change(e, "measure", "问题%d的措施%d：%s “%s” → “%s”", pr.Number, m.Number, f.Header(), clip(old), clip(value))
			})
		}
		if e.MeasureID != 0 && e.Measure != "" && norm(e.Measure) != norm(office.MeasureText(m)) {
			group, text := office.SplitMeasureText(e.Measure)
			mpropose("text", office.FieldMeasure, office.MeasureText(m), e.Measure, func() { mp.group, mp.text = group, text })
		}
		if e.OwnerUnit != "" && e.OwnerUnit != office.RowOwner(pr, m) {
			mpropose("owner", office.FieldOwnerUnit, office.RowOwner(pr, m), e.OwnerUnit, func() { mp.owner = e.OwnerUnit })
		}
		if e.DueKind == office.DueDate && e.Due != office.RowDue(pr, m) {
			mpropose("due", office.FieldDue, office.RowDue(pr, m).String(), e.Due.String(), func() { mp.due = e.Due })
		}
		if len(mlocal) > 0 && e.MeasureVersion != 0 && e.MeasureVersion != m.Version {
			p.bad(e, office.FieldMeasure, "问题%d的措施%d在导出台账后已被修改（版本 %d → %d），请重新导出台账后再修改", pr.Number, m.Number, e.MeasureVersion, m.Version)
		}
		local = append(local, mlocal...)
		local = append(local, func() { ms.plan = mp })
	}

	if nm != nil && measureFacts == nil {
		f := office.FieldMeasure
		measureFacts = &f
	}
	// Frozen is judged on the status before the import: a sheet that
	// closes a problem may also bring its last changes. But a measure
	// added after another row closed the problem would be open in a
	// closed problem (the other order is refused by the closure rules).
	if facts != nil {
		if why := pr.FrozenRefusal("问题"); why != "" {
			p.bad(e, *facts, "问题%d：%s", pr.Number, why)
		}
	}
	if measureFacts != nil {
		if why := pr.FrozenRefusal("整改措施"); why != "" {
			p.bad(e, *measureFacts, "问题%d：%s", pr.Number, why)
		} else if nm != nil && !nm.added && plan.status != nil && p.closureRefusal(cp, nm, plan.status.Status) != "" {
			p.bad(e, office.FieldMeasure, "问题%d在第%d行改为“%s”，不能再新增未完成的整改措施", pr.Number, plan.statusEntry.Row, plan.status.Status.Label())
		}
	}

	// Progress: text that is not the latest report shown for this row.
	if e.Progress != "" {
		var shown *rectify.Progress
		switch {
		case ms != nil:
			shown = ms.row.Progress
		case nm == nil:
			shown = cp.whole
		}
		if shown == nil || norm(shown.Text) != norm(e.Progress) {
			date := p.opt.Date
			if !e.ProgressDate.IsZero() && (shown == nil || e.ProgressDate != shown.Date) {
				date = e.ProgressDate
			}
			lp := store.LedgerProgress{Progress: &rectify.Progress{ProblemID: pr.ID, Date: date, Text: e.Progress, Author: p.opt.Author}}
			switch {
			case ms != nil:
				lp.MeasureID = ms.row.Measure.ID
			case nm != nil:
				lp.NewMeasure = nm.m
			}
			key := fmt.Sprintf("%d/%d/%p/%s", pr.ID, lp.MeasureID, lp.NewMeasure, norm(e.Progress))
			if !p.seen(key) {
				local = append(local, func() {
					p.progress = append(p.progress, lp)
					p.change(e, "progress", "问题%d：新增整改进展“%s”（%s）", pr.Number, clip(e.Progress), date)
				})
			}
		}
	}

	if len(p.report.Errors) > errs {
		return // the row is bad: none of its changes
	}
	if len(local) > 0 {
		if cp.plan == nil {
			cp.plan = plan
			p.touched = append(p.touched, cp)
		}
	}
	for _, f := range local {
		f()
	}
	if nm != nil && !nm.added {
		nm.added = true
		cp.newOrder = append(cp.newOrder, nm)
		if cp.plan == nil {
			cp.plan = plan
			p.touched = append(p.touched, cp)
		}
		p.change(e, "new-measure", "问题%d：新增措施“%s”", pr.Number, clip(nm.m.Text))
	}
}

// closureRefusal says why the row's status change to closes a problem
// may not be made, or "": the rules of the problem's page (every measure
// done by the import's day, evidence behind the progress), for a unit's or
// a reviewer's import. An administrator's import (rectify.ActorSystem)
// records what the sheet says, as the import of a notice does. nm is a
// measure the row adds; measures the sheet adds are open.
func (p *planner) closureRefusal(cp *currentProblem, nm *newMeasure, to rectify.Status) string {
	var verb string
	switch {
	case p.opt.Actor == rectify.ActorSystem:
		return ""
	case to == rectify.StatusSubmitted:
		verb = "提交销号"
	case to == rectify.StatusCompleted:
		verb = "销号"
	default:
		return ""
	}
	probe := &rectify.Problem{}
	evidence := 0
	for _, r := range cp.rows {
		if r.Measure != nil {
			probe.Measures = append(probe.Measures, r.Measure)
		}
		evidence += r.Evidence // counted more than once, but zero only when there is none
	}
	for _, m := range cp.newOrder {
		probe.Measures = append(probe.Measures, m.m)
	}
	if nm != nil && !nm.added {
		probe.Measures = append(probe.Measures, nm.m)
	}
	return probe.ClosureRefusal(evidence, p.opt.Date, verb)
}

// canSet returns why a sheet may not move a problem from from to to, or
// nil: the allowed transitions of by's side, where a unit's sheet may give
// a problem not started any status the unit may set once work has started
// (基本完成, 未完成): the import starts it first (startsFirst).
func canSet(from, to rectify.Status, by rectify.Actor) error {
	err := rectify.CanTransition(from, to, by)
	if err != nil && startsFirst(from, to, by) {
		return nil
	}
	return err
}

// startsFirst reports whether a unit's move from from to to goes through
// in progress: a problem not started, to a status only a started problem
// may take.
func startsFirst(from, to rectify.Status, by rectify.Actor) bool {
	if by != rectify.ActorUnit || (from != "" && from != rectify.StatusNotStarted) || to == rectify.StatusInProgress {
		return false
	}
	return rectify.CanTransition(rectify.StatusNotStarted, to, by) != nil && rectify.CanTransition(rectify.StatusInProgress, to, by) == nil
}

// trackLabel is a track's Chinese term, "" when not classed.
func trackLabel(t rectify.Track) string {
	if t == "" {
		return ""
	}
	return t.Label()
}

// seen reports whether key was seen before, and records it.
func (p *planner) seen(key string) bool {
	if p.progSeen == nil {
		p.progSeen = map[string]bool{}
	}
	if p.progSeen[key] {
		return true
	}
	p.progSeen[key] = true
	return false
}

// newMeasureOf returns the new measure a row adds to an existing problem,
// the same one for rows with the same text.
func (p *planner) newMeasureOf(e *office.LedgerEntry, cp *currentProblem) *newMeasure {
	key := norm(e.Measure)
	if nm, ok := cp.newMeas[key]; ok {
		return nm
	}
	group, text := office.SplitMeasureText(e.Measure)
	m := &rectify.Measure{ProblemID: cp.p.ID, Number: cp.maxMeas + len(cp.newMeas) + 1, Group: group, Text: text}
	if e.OwnerUnit != cp.p.OwnerUnit {
		m.Owner = e.OwnerUnit
	}
	if e.DueKind == office.DueDate && e.Due != cp.p.Due {
		m.Due = e.Due
	}
	if !p.valid(e, m.Validate(), map[string]office.LedgerField{"text": office.FieldMeasure, "owner": office.FieldOwnerUnit, "group": office.FieldMeasure}) {
		return nil
	}
	nm := &newMeasure{m: m, entry: e}
	cp.newMeas[key] = nm
	return nm
}

// valid reports whether err is nil, else puts its field messages on the
// row's cells.
func (p *planner) valid(e *office.LedgerEntry, err error, cells map[string]office.LedgerField) bool {
	if err == nil {
		return true
	}
	fields := rectify.ErrorFields(err)
	if len(fields) == 0 {
		p.bad(e, office.FieldProblem, "%s", rectify.ErrorMessage(err))
		return false
	}
	for _, k := range sortedKeys(fields) {
		f, ok := cells[k]
		if !ok {
			f = office.FieldProblem
		}
		p.bad(e, f, "%s", fields[k])
	}
	return false
}

// newProblemRow plans a problem the record does not have yet: the first
// row of its text makes it, later rows add measures.
func (p *planner) newProblemRow(e *office.LedgerEntry, insp int64) {
	key := strconv.FormatInt(insp, 10) + "\x00" + norm(e.Problem)
	np := p.newProblems[key]
	errs := len(p.report.Errors)
	if np == nil {
		title, desc := office.SplitProblemText(e.Problem)
		track := e.Track
		if e.TrackText == "" {
			switch e.DueKind {
			case office.DueLongTerm:
				track = rectify.TrackLongTerm
			case office.DueImmediate:
				track = rectify.TrackImmediate
			}
		}
		number := e.Number
		if p.numberTaken(insp, number) {
			number = 0 // numbered after the inspection's last problem
		}
		pr := &rectify.Problem{InspectionID: insp, Number: number, Title: title, Description: desc, Track: track,
			Leader: e.Leader, OwnerUnit: e.OwnerUnit, Opened: p.inspections[insp].Feedback}
		if pr.Opened.IsZero() {
			pr.Opened = p.opt.Date
		}
		if e.Status != "" {
			if err := canSet(rectify.StatusNotStarted, e.Status, p.opt.Actor); err != nil && e.Status != rectify.StatusNotStarted {
				p.bad(e, office.FieldStatus, "新增问题的整改状态不能是“%s”：%s", e.StatusText, rectify.ErrorMessage(err))
				return
			}
			pr.History = []rectify.StatusChange{{Status: e.Status, Class: e.Class, Date: p.opt.Date, Author: p.opt.Author, Reason: "台账导入", Text: e.StatusText}}
			pr.Status, pr.Class = e.Status, e.Class
		}
		if !p.valid(e, pr.Validate(), map[string]office.LedgerField{"title": office.FieldProblem, "description": office.FieldProblem,
			"leader": office.FieldLeader, "owner_unit": office.FieldOwnerUnit, "track": office.FieldTrack, "status": office.FieldStatus}) {
			return
		}
		finding := e.Finding
		if finding == "" {
			finding = defaultFinding
		}
		np = &newProblem{key: key, entry: e, insp: insp, finding: finding, problem: pr, measures: map[string]*rectify.Measure{}}
	} else if e.Status != "" && (e.Status != np.problem.Status || e.Class != np.problem.Class) {
		p.bad(e, office.FieldStatus, "与第%d行的整改状态“%s”不一致", np.entry.Row, np.entry.StatusText)
		return
	}
	pr := np.problem
	var m *rectify.Measure
	if e.Measure != "" {
		mkey := norm(e.Measure)
		m = np.measures[mkey]
		if m == nil {
			group, text := office.SplitMeasureText(e.Measure)
			m = &rectify.Measure{Number: len(pr.Measures) + 1, Group: group, Text: text}
			if e.OwnerUnit != pr.OwnerUnit {
				m.Owner = e.OwnerUnit
			}
			if e.DueKind == office.DueDate {
				m.Due = e.Due
			}
			if !p.valid(e, m.Validate(), map[string]office.LedgerField{"text": office.FieldMeasure, "owner": office.FieldOwnerUnit, "group": office.FieldMeasure}) {
				return
			}
		}
	}
	if len(p.report.Errors) > errs {
		return
	}
	if p.newProblems[key] == nil {
		p.newProblems[key] = np
		p.newOrder = append(p.newOrder, np)
		p.change(e, "new-problem", "新增问题“%s”（反馈问题：%s）", clip(pr.Title), clip(np.finding))
	}
	if m != nil && np.measures[norm(e.Measure)] == nil {
		np.measures[norm(e.Measure)] = m
		pr.Measures = append(pr.Measures, m)
		p.change(e, "new-measure", "新增问题“%s”：措施%d“%s”", clip(pr.Title), m.Number, clip(m.Text))
		// The problem is due when its last measure is.
		if m.Due.After(pr.Due) {
			pr.Due = m.Due
		}
	} else if m == nil && e.DueKind == office.DueDate && pr.Due.IsZero() {
		pr.Due = e.Due
	}
	if e.Progress != "" {
		date := p.opt.Date
		if !e.ProgressDate.IsZero() {
			date = e.ProgressDate
		}
		lp := store.LedgerProgress{Progress: &rectify.Progress{Date: date, Text: e.Progress, Author: p.opt.Author}}
		if m != nil {
			lp.NewMeasure = m
		} else {
			lp.NewProblem = pr
		}
		if !p.seen(fmt.Sprintf("new/%p/%p/%s", pr, m, norm(e.Progress))) {
			p.progress = append(p.progress, lp)
			p.change(e, "progress", "新增问题“%s”：整改进展“%s”（%s）", clip(pr.Title), clip(e.Progress), date)
		}
	}
}

// numberTaken reports whether a problem of the inspection, or one the
// ledger adds to it, has number n already.
func (p *planner) numberTaken(insp int64, n int) bool {
	if n <= 0 {
		return true
	}
	for _, cp := range p.problems {
		if cp.p.InspectionID == insp && cp.p.Number == n {
			return true
		}
	}
	for _, np := range p.newOrder {
		if np.insp == insp && np.problem.Number == n {
			return true
		}
	}
	return false
}

// changes assembles the store's change set from the plans.
func (p *planner) changes() *store.LedgerChanges {
	ch := &store.LedgerChanges{Progress: p.progress}
	for _, cp := range p.touched {
		pl, pr := cp.plan, cp.p
		if len(pl.fields) > 0 || pl.status != nil {
			pc := store.LedgerProblemChange{ID: pr.ID, Version: pr.Version, Status: pl.status}
			if len(pl.fields) > 0 {
				f := *pr
				if _, ok := pl.fields["title"]; ok {
					f.Title, f.Description = pl.title, pl.desc
				}
				if _, ok := pl.fields["track"]; ok {
					f.Track = pl.track
				}
				if _, ok := pl.fields["leader"]; ok {
					f.Leader = pl.leader
				}
				if _, ok := pl.fields["owner_unit"]; ok {
					f.OwnerUnit = pl.owner
				}
				if _, ok := pl.fields["due"]; ok {
					f.Due = pl.due
				}
				pc.Fields = &f
			}
			ch.Problems = append(ch.Problems, pc)
		}
		for _, r := range cp.rows {
			if r.Measure == nil {
				continue
			}
			ms := p.measures[r.Measure.ID]
			if ms.plan == nil || len(ms.plan.fields) == 0 {
				continue
			}
			m := *r.Measure
			if _, ok := ms.plan.fields["text"]; ok {
				m.Group, m.Text = ms.plan.group, ms.plan.text
			}
			if _, ok := ms.plan.fields["owner"]; ok {
				m.Owner = ms.plan.owner
			}
			if _, ok := ms.plan.fields["due"]; ok {
				m.Due = ms.plan.due
			}
			ch.Measures = append(ch.Measures, &m)
		}
		for _, nm := range cp.newOrder {
			ch.NewMeasures = append(ch.NewMeasures, nm.m)
		}
	}
	for _, np := range p.newOrder {
		ch.NewProblems = append(ch.NewProblems, store.LedgerNewProblem{InspectionID: np.insp, FindingTitle: np.finding, Problem: np.problem})
	}
	return ch
}

// clip shortens a value for a message.
func clip(s string) string {
	const n = 30
	rs := []rune(strings.TrimSpace(s))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n]) + "…"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
