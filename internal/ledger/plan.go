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
	if !p.datesValid(e, pr.InspectionID) {
		return
	}
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
	if !byID && (ms != nil || nm != nil) && e.OwnerUnit != "" && pr.OwnerUnit == "" {
		// A unit's sheet gives the unit on each measure: the first one is
		// the problem's (牵头单位) when the record has none.
		if _, ok := plan.fields["owner_unit"]; !ok {
			propose("owner_unit", office.FieldOwnerUnit, pr.OwnerUnit, e.OwnerUnit, func() { plan.owner = e.OwnerUnit })
		}
	}
	if ms == nil && nm == nil {
		// A row of the problem alone: its unit and deadline are the problem's.
		if e.OwnerUnit != "" && e.OwnerUnit != pr.OwnerUnit {
			propose("owner_unit", office.FieldOwnerUnit, pr.OwnerUnit, e.OwnerUnit, func() { plan.owner = e.OwnerUnit })
		}
		if e.DueKind == office.DueDate && e.Due != pr.Due && !p.requested(e, pr, e.Due) {
			propose("due", office.FieldDue, pr.Due.String(), e.Due.String(), func() { plan.due = e.Due })
		}
	}
	day := p.rowDay(e, byID)
	to := e.Status
	if to == rectify.StatusCompleted && p.opt.Actor == rectify.ActorUnit && pr.Status == rectify.StatusSubmitted {
		to = "" // submitted already: it waits for the reviewer
	}
	if to == rectify.StatusCompleted && p.opt.Actor == rectify.ActorUnit && pr.Status != rectify.StatusCompleted {
		// The unit's sheet says done: only a reviewer signs off, so the
		// unit's import submits it (提交销号) when the closure rules allow,
		// and says why not otherwise.
		if why := p.closureRefusalOn(cp, nm, rectify.StatusSubmitted, e); why != "" {
			local = append(local, func() {
				p.change(e, "note", "问题%d：表中为“%s”，销号须经审核；%s。暂不提交销号，整改情况和措施完成情况照常记录", pr.Number, e.StatusText, why)
			})
			to = ""
		} else {
			to = rectify.StatusSubmitted
		}
	}
	if to != "" && (to != pr.Status || to == rectify.StatusLongTerm && e.Class != "" && e.Class != pr.Class) {
		class := e.Class
		if to == rectify.StatusLongTerm && class == "" {
			class = pr.Class
		}
		switch {
		case plan.status != nil && (plan.status.Status != to || plan.status.Class != class):
			p.bad(e, office.FieldStatus, "与第%d行的整改状态“%s”不一致", plan.statusEntry.Row, plan.status.Text)
		case plan.status != nil:
		default:
			if err := canSet(pr.Status, to, p.opt.Actor); err != nil {
				p.bad(e, office.FieldStatus, "整改状态不能从“%s”改为“%s”：%s", pr.Status.LabelWithClass(pr.Class), e.StatusText, rectify.ErrorMessage(err))
				break
			}
			if why := p.closureRefusalOn(cp, nm, to, e); why != "" {
				p.bad(e, office.FieldStatus, "问题%d：%s", pr.Number, why)
				break
			}
			if !p.milestoneGiven(e, to) {
				break
			}
			local = append(local, func() {
				plan.status = &rectify.StatusChange{Status: to, Class: class, Date: day, Author: p.opt.Author,
					Reason: "台账导入", Text: e.StatusText, NextMilestone: p.milestone(e, to)}
				plan.statusEntry = e
				why := ""
				if startsFirst(pr.Status, to, p.opt.Actor) {
					why = "（问题尚未开始，先记为“整改中”）"
				}
				if to != e.Status {
					why += "（表中为“" + e.StatusText + "”，销号须经审核，作为提交销号等待审核）"
				}
				p.change(e, "status", "问题%d：整改状态 “%s” → “%s”%s", pr.Number, pr.Status.LabelWithClass(pr.Class), to.LabelWithClass(class), why+onDay(day, p.opt.Date))
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

	// 完成时间 on a measure's row: the measure was carried out that day.
	if !e.Done.IsZero() && (ms != nil && ms.row.Measure.Done.IsZero() || nm != nil) {
		if measureFacts == nil {
			f := office.FieldDone
			measureFacts = &f
		}
		local = append(local, func() {
			if ms != nil {
				p.markDone(ms.row.Measure, e.Done)
				p.change(e, "measure", "问题%d的措施%d：记为已完成（%s）", pr.Number, ms.row.Measure.Number, e.Done)
			} else {
				p.markDone(nm.m, e.Done)
				p.change(e, "measure", "问题%d的新增措施“%s”：记为已完成（%s）", pr.Number, clip(nm.m.Text), e.Done)
			}
		})
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
			date := day
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
	if !byID && cp.sheetRow == nil {
		cp.sheetRow = e
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

// datesValid reports whether the days a row says things happened (完成时间,
// 进展日期) lie between the inspection's feedback and the import's day,
// and marks the cells that do not.
func (p *planner) datesValid(e *office.LedgerEntry, insp int64) bool {
	var feedback rectify.Date
	if in := p.inspections[insp]; in != nil {
		feedback = in.Feedback
	}
	good := true
	for _, c := range []struct {
		f   office.LedgerField
		day rectify.Date
	}{{office.FieldDone, e.Done}, {office.FieldProgressDate, e.ProgressDate}} {
		if c.f == office.FieldProgressDate && e.ProblemID != 0 {
			continue // an exported row shows the date of a report already in the record
		}
		switch {
		case c.day.IsZero():
		case c.day.After(p.opt.Date):
			p.bad(e, c.f, "%s（%s）不能晚于%s", c.f.Header(), c.day.Chinese(), p.opt.Date.Chinese())
			good = false
		case !feedback.IsZero() && c.day.Before(feedback):
			p.bad(e, c.f, "%s（%s）不能早于巡察反馈日期（%s）", c.f.Header(), c.day.Chinese(), feedback.Chinese())
			good = false
		}
	}
	return good
}

// rowDay is the day a row's status change happened: its 完成时间, else,
// in a unit's own sheet, its progress date, else the import's day.
func (p *planner) rowDay(e *office.LedgerEntry, byID bool) rectify.Date {
	switch {
	case !e.Done.IsZero():
		return e.Done
	case !byID && !e.ProgressDate.IsZero():
		return e.ProgressDate
	}
	return p.opt.Date
}

// onDay says on which day a change is recorded, when not the import's.
func onDay(day, importDay rectify.Date) string {
	if day == importDay {
		return ""
	}
	return "，记为" + day.Chinese()
}

// milestone is the next milestone of a move to long-term: the row's
// deadline when it is a day not past.
func (p *planner) milestone(e *office.LedgerEntry, to rectify.Status) rectify.Date {
	if to != rectify.StatusLongTerm || e.DueKind != office.DueDate || e.Due.Before(p.opt.Date) {
		return rectify.Date{}
	}
	return e.Due
}

// milestoneGiven reports whether a move to long-term has its next
// milestone (the row's deadline, not past), which the pages ask of a unit
// or a reviewer; an administrator's import records the status without one.
// It marks the row otherwise.
func (p *planner) milestoneGiven(e *office.LedgerEntry, to rectify.Status) bool {
	if to != rectify.StatusLongTerm || p.opt.Actor == rectify.ActorSystem || !p.milestone(e, to).IsZero() {
		return true
	}
	p.bad(e, office.FieldDue, "转为长期整改须写明下一个节点：请在整改时限一栏填写不早于%s的日期", p.opt.Date.Chinese())
	return false
}

// closureRefusalOn is closureRefusal for a row: in a unit's own sheet
// (rows without IDs) a problem said closed has its open measures carried
// out on day by the same import, so only the evidence counts; an
// exported row is held to every rule.
func (p *planner) closureRefusalOn(cp *currentProblem, nm *newMeasure, to rectify.Status, e *office.LedgerEntry) string {
	if e.ProblemID != 0 || (to != rectify.StatusSubmitted && to != rectify.StatusCompleted) || p.opt.Actor == rectify.ActorSystem {
		return p.closureRefusal(cp, nm, to)
	}
	evidence := 0
	for _, r := range cp.rows {
		evidence += r.Evidence
	}
	if evidence == 0 {
		return "没有任何证明材料，不能提交销号：请在整改情况中上传照片、会议纪要、合同、票据等材料"
	}
	return ""
}

// markDone plans m carried out on day, once.
func (p *planner) markDone(m *rectify.Measure, day rectify.Date) {
	if p.doneSeen == nil {
		p.doneSeen = map[*rectify.Measure]bool{}
	}
	if p.doneSeen[m] || !m.Done.IsZero() {
		return
	}
	p.doneSeen[m] = true
	p.done = append(p.done, plannedDone{m: m, day: day})
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
	if !p.datesValid(e, insp) {
		return
	}
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
		to := e.Status
		if p.opt.Actor == rectify.ActorUnit && (to == rectify.StatusCompleted || to == rectify.StatusSubmitted) {
			// A problem the sheet adds has no evidence yet: it is recorded
			// in progress, and the preview says why it is not submitted.
			p.change(e, "note", "新增问题“%s”：表中为“%s”，销号须经审核；没有任何证明材料，不能提交销号，先记为“整改中”：请上传证明材料后提交销号", clip(title), e.StatusText)
			to = rectify.StatusInProgress
		}
		if to != "" && to != rectify.StatusNotStarted {
			if err := canSet(rectify.StatusNotStarted, to, p.opt.Actor); err != nil {
				p.bad(e, office.FieldStatus, "新增问题的整改状态不能是“%s”：%s", e.StatusText, rectify.ErrorMessage(err))
				return
			}
			if !p.milestoneGiven(e, to) {
				return
			}
			pr.History = []rectify.StatusChange{{Status: to, Class: e.Class, Date: p.rowDay(e, false), Author: p.opt.Author, Reason: "台账导入",
				Text: e.StatusText, NextMilestone: p.milestone(e, to)}}
			pr.Status, pr.Class = to, e.Class
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
	if m != nil && !e.Done.IsZero() && !p.doneSeen[m] {
		p.markDone(m, e.Done)
		p.change(e, "measure", "新增问题“%s”：措施%d记为已完成（%s）", clip(pr.Title), m.Number, e.Done)
	}
	if e.Progress != "" {
		date := p.rowDay(e, false)
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
		if cp.sheetRow != nil {
			p.sheetProblem(cp)
		}
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

// sheetProblem completes the plan of a problem a unit's own sheet names:
// a problem it closes has its open measures carried out on that day, and
// its deadline is the latest of its measures still open (a sheet gives
// deadlines per measure), so that its light and the overdue count follow
// the sheet.
func (p *planner) sheetProblem(cp *currentProblem) {
	pl, pr, e := cp.plan, cp.p, cp.sheetRow
	if pr.FrozenRefusal("问题") != "" {
		return
	}
	var measures []*rectify.Measure
	due := map[*rectify.Measure]rectify.Date{}
	for _, r := range cp.rows {
		if r.Measure == nil {
			continue
		}
		measures = append(measures, r.Measure)
		due[r.Measure] = r.Measure.Due
		if ms := p.measures[r.Measure.ID]; ms != nil && ms.plan != nil {
			if _, ok := ms.plan.fields["due"]; ok {
				due[r.Measure] = ms.plan.due
			}
		}
	}
	for _, nm := range cp.newOrder {
		measures = append(measures, nm.m)
		due[nm.m] = nm.m.Due
	}
	if st := pl.status; st != nil && (st.Status == rectify.StatusSubmitted || st.Status == rectify.StatusCompleted) {
		n := 0
		for _, m := range measures {
			if m.Done.IsZero() && !p.doneSeen[m] {
				p.markDone(m, st.Date)
				n++
			}
		}
		if n > 0 {
			p.change(pl.statusEntry, "measure", "问题%d：表中为“%s”，其余%d项未完成的措施一并记为完成（%s）", pr.Number, pl.statusEntry.StatusText, n, st.Date)
		}
		return
	}
	if _, ok := pl.fields["due"]; ok {
		return // the sheet gives the problem's own deadline
	}
	var latest rectify.Date
	for _, m := range measures {
		if m.Done.IsZero() && !p.doneSeen[m] && due[m].After(latest) {
			latest = due[m]
		}
	}
	if latest.IsZero() || latest == pr.Due || p.requested(e, pr, latest) {
		return
	}
	// The open measures that took the problem's deadline keep the day the
	// sheet gave them.
	for _, r := range cp.rows {
		if r.Measure == nil {
			continue
		}
		ms := p.measures[r.Measure.ID]
		if r.Measure.Done.IsZero() && due[r.Measure].IsZero() && !pr.Due.IsZero() && ms != nil {
			if ms.plan == nil {
				ms.plan = &measurePlan{fields: map[string]proposal{}}
			}
			ms.plan.fields["due"] = proposal{value: pr.Due.String(), entry: e, field: office.FieldDue}
			ms.plan.due = pr.Due
			p.change(e, "measure", "问题%d的措施%d：整改时限保持“%s”（原与问题相同）", pr.Number, r.Measure.Number, pr.Due)
		}
	}
	for _, nm := range cp.newOrder {
		if nm.m.Due.IsZero() {
			nm.m.Due = pr.Due
		}
	}
	pl.fields["due"] = proposal{value: latest.String(), entry: e, field: office.FieldDue}
	pl.due = latest
	p.change(e, "problem", "问题%d：整改时限 “%s” → “%s”（取未完成措施中最晚的整改时限）", pr.Number, pr.Due, latest)
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
