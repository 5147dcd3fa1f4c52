package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// filler stores the demo record.
type filler struct {
	st    *store.Store
	today rectify.Date
	r     *rand.Rand
	b     *builder
	sum   *Summary

	units     map[string]*rectify.Unit
	specs     map[string]*unitSpec
	staff     map[string]*staff
	reviewers []string // people of the inspection office who sign off

	inspections []*inspectionRecord
	photoSeed   uint64 // the photo planted twice
	// copies are the copied texts planted so far (Planted.Copies), the
	// one measure of several units first; copied the reports of
	// Planted.Copied, pastResult the result a later round repeats.
	copies     []*copiedTexts
	copied     []*rectify.Progress
	pastResult *rectify.Progress
	// fileEvery, when above 1, attaches evidence to one in so many of the
	// reports that would have it (the large synthetic records).
	fileEvery int
}

// inspectionRecord is an inspection as stored, with its problems as built.
type inspectionRecord struct {
	spec  inspectionSpec
	in    *rectify.Inspection
	unit  *unitSpec
	staff *staff
	built []*built
}

func newFiller(st *store.Store, today rectify.Date, seed uint64) *filler {
	r := rand.New(rand.NewPCG(seed, 0x6c696e6a69616e67)) // "linjiang"
	f := &filler{
		st:    st,
		today: today,
		r:     r,
		b:     &builder{r: r, today: today},
		sum: &Summary{Today: today, Seed: seed, Units: map[string]int64{},
			Counts: Counts{ByStatus: map[rectify.Status]int{}, ByTrack: map[rectify.Track]int{}}},
		units:     map[string]*rectify.Unit{},
		specs:     map[string]*unitSpec{},
		staff:     map[string]*staff{},
		photoSeed: r.Uint64(),
	}
	// Measures and reports are written around their templates' phrases
	// with clauses of their own, as in the large records, so that only the
	// copies planted on purpose read as copies (照搬照抄). The clauses are
	// drawn from a source of their own: the record's units, problems,
	// dates and statuses are those of the seed whatever the texts say. They
	// name no date, which the notices would print as deadlines to come.
	f.b.vary = &varier{r: rand.New(rand.NewPCG(seed, 0x7465787473)), undated: true} // "texts"
	for range 3 {
		f.reviewers = append(f.reviewers, personName(r))
	}
	return f
}

func (f *filler) fill(ctx context.Context) error {
	if err := f.createUnits(ctx); err != nil {
		return err
	}
	for _, spec := range inspectionSpecs(f.today) {
		if err := f.inspection(ctx, spec); err != nil {
			return fmt.Errorf("inspection of %s, round %d: %w", spec.unit, spec.round, err)
		}
	}
	if err := f.rechecks(ctx); err != nil {
		return err
	}
	if err := f.accountability(ctx); err != nil {
		return err
	}
	if err := f.comments(ctx); err != nil {
		return err
	}
	f.accounts()
	f.sum.Planted.Copies = f.plantedCopies()
	return nil
}

func (f *filler) createUnits(ctx context.Context) error {
	for i := range unitSpecs {
		spec := &unitSpecs[i]
		u := &rectify.Unit{Name: spec.name, Contact: spec.contact(i)}
		if spec.parent != "" {
			u.ParentID = f.units[spec.parent].ID
		}
		if err := f.st.CreateUnit(ctx, u); err != nil {
			return fmt.Errorf("unit %s: %w", spec.name, err)
		}
		f.units[spec.name] = u
		f.specs[spec.name] = spec
		f.sum.Units[spec.name] = u.ID
		f.sum.Counts.Units++
	}
	f.sum.City = f.units[cityName].ID
	f.sum.Office = f.units[officeName].ID
	f.sum.Bureau = f.units[bureauName].ID
	f.sum.BureauChild = f.units[bureauChild].ID
	bureau := f.units[bureauName]
	for i := range unitSpecs {
		if u := f.units[unitSpecs[i].name]; rectify.Within(u.Path, bureau.Path) {
			f.sum.BureauUnits = append(f.sum.BureauUnits, u.ID)
		}
	}
	return nil
}

// staffOf returns the people of unit u, the same for all its inspections.
func (f *filler) staffOf(u *unitSpec) *staff {
	if s, ok := f.staff[u.name]; ok {
		return s
	}
	sec := sectors[u.sector]
	s := newStaff(f.r, u, &sec, pick(f.r, f.reviewers)+"（市委巡察办）")
	f.staff[u.name] = s
	return s
}

// slot is the place of one problem: the finding it stands under and the
// template it is written from.
type slot struct {
	finding int
	topic   string
	tmpl    *template
}

// slots lays out the findings of an inspection of a unit of sector sec:
// each topic of spec one finding, the problems spread over them (the unit's
// own business gets the most), each written from a different template.
// The templates pins ask for are among them.
func (f *filler) slots(spec inspectionSpec, sec *sector) ([]slot, []string) {
	r := f.r
	pools := make([][]*template, len(spec.topics))
	titles := make([]string, len(spec.topics))
	for i, key := range spec.topics {
		var pool []template
		if key == "duty" {
			pool = append(append(pool, sec.duty...), commonDuty...)
			titles[i] = pick(r, dutyFindings)
		} else {
			t := topicByKey(key)
			pool = t.tmpls
			titles[i] = pick(r, t.findings)
		}
		for _, k := range r.Perm(len(pool)) {
			if usable(&pool[k], sec) {
				pools[i] = append(pools[i], &pool[k])
			}
		}
	}
	// Templates asked for by a pin come first in their pool.
	for _, pin := range spec.pins {
		if pin.tmplKey == "" {
			continue
		}
		for _, pool := range pools {
			for k, t := range pool {
				if t.key == pin.tmplKey {
					pool[0], pool[k] = pool[k], pool[0]
				}
			}
		}
	}
	counts := make([]int, len(pools))
	capacity := 0
	n := 0
	for i, pool := range pools {
		counts[i] = min(1, len(pool))
		n += counts[i]
		capacity += len(pool)
	}
	for n < min(spec.problems, capacity) {
		i := r.IntN(len(pools))
		if spec.topics[i] != "duty" && r.IntN(3) == 0 {
			continue // the unit's business gets more than the rest
		}
		if counts[i] < len(pools[i]) {
			counts[i]++
			n++
		}
	}
	var out []slot
	for i, pool := range pools {
		for _, t := range pool[:counts[i]] {
			out = append(out, slot{finding: i, topic: spec.topics[i], tmpl: t})
		}
	}
	return out, titles
}

// topicByKey returns the topic with key, of topics or of kindTopics; the
// political topic for a key that names none.
func topicByKey(key string) *topic {
	for i := range topics {
		if topics[i].key == key {
			return &topics[i]
		}
	}
	for i := range kindTopics {
		if kindTopics[i].key == key {
			return &kindTopics[i]
		}
	}
	return &topics[0]
}

// plans returns the plan of each slot: pins naming a template at its slot,
// other pins at random slots, fates drawn by age for the rest.
func (f *filler) plans(spec inspectionSpec, slots []slot) []plan {
	r := f.r
	out := make([]plan, len(slots))
	set := make([]bool, len(slots))
	for _, pin := range spec.pins {
		if pin.tmplKey == "" {
			continue
		}
		for i, s := range slots {
			if !set[i] && s.tmpl.key == pin.tmplKey {
				out[i], set[i] = pin, true
				break
			}
		}
	}
	free := r.Perm(len(slots))
	k := 0
	for _, pin := range spec.pins {
		if pin.tmplKey != "" {
			continue
		}
		for k < len(free) && set[free[k]] {
			k++
		}
		if k == len(free) {
			break
		}
		out[free[k]], set[free[k]] = pin, true
	}
	for i := range out {
		if !set[i] {
			out[i] = plan{fate: randomFate(r, spec.ago)}
		}
	}
	return out
}

// inspection builds and stores one inspection with its progress and rules.
func (f *filler) inspection(ctx context.Context, spec inspectionSpec) error {
	r := f.r
	u := f.specs[spec.unit]
	sec := sectors[u.sector]
	st := f.staffOf(u)
	feedback := f.today.AddDays(-spec.ago)
	end := feedback.AddDays(-18 - r.IntN(13))
	start := end.AddDays(-40 - r.IntN(21))

	slots, titles := f.slots(spec, &sec)
	plans := f.plans(spec, slots)
	rec := &inspectionRecord{spec: spec, unit: u, staff: st}
	in := &rectify.Inspection{
		UnitID:    f.units[spec.unit].ID,
		UnitName:  u.org,
		Team:      spec.team,
		Kind:      spec.kind,
		Round:     spec.round,
		Start:     start,
		End:       end,
		Feedback:  feedback,
		Deployer:  "市委",
		Issuer:    u.org,
		Title:     "关于" + spec.team + kindWords(spec.kind) + "反馈意见整改进展情况的通报",
		Contact:   f.units[spec.unit].Contact,
		Published: spec.published,
	}
	work, next := workParagraphs, nextSteps
	if spec.source != "" {
		asKind(in, spec.source, spec.unit)
		if t, ok := kindTexts[spec.source]; ok {
			work, next = t.work, t.next
		}
	}
	v := newVars(r, u, &sec, feedback)
	tc := &textCtx{u: u, sec: &sec, st: st, feedback: feedback, v: &v}
	for _, group := range work {
		in.Work = append(in.Work, f.b.vary.paragraph(v.expand(pick(r, group)), tc))
	}
	for i, group := range next {
		if i == 1 || r.IntN(4) > 0 {
			in.NextSteps = append(in.NextSteps, f.b.vary.paragraph(v.expand(pick(r, group)), tc))
		}
	}
	if spec.published {
		in.NoticeDate = minDate(feedback.AddDays(75+r.IntN(21)), f.today.AddDays(-1))
	}
	var finding *rectify.Finding
	for i, s := range slots {
		if i == 0 || s.finding != slots[i-1].finding {
			finding = &rectify.Finding{Number: len(in.Findings) + 1, Title: titles[s.finding]}
			in.Findings = append(in.Findings, finding)
		}
		x := f.b.problem(u, &sec, st, s.topic, s.tmpl, i+1, feedback, plans[i])
		finding.Problems = append(finding.Problems, x.p)
		rec.built = append(rec.built, x)
	}
	f.plantMeasures(spec, rec)
	if err := f.st.CreateInspection(ctx, in); err != nil {
		return err
	}
	rec.in = in
	f.inspections = append(f.inspections, rec)
	f.count(rec)
	if spec.unit == bureauName && spec.round == 4 {
		f.sum.Showcase = in.ID
	}
	for _, x := range rec.built {
		if err := f.progress(ctx, x, st, spec); err != nil {
			return fmt.Errorf("progress of problem %d: %w", x.p.Number, err)
		}
		f.notePlanted(x)
	}
	return f.rules(ctx, rec)
}

// copiedTexts are texts planted as copies of one another.
type copiedTexts struct {
	kind     string
	measures []*rectify.Measure
	problems []*rectify.Problem
	progress []*rectify.Progress
}

// The units whose texts are copied (besides Planted.Copied): one measure
// in three units, a measure restating its problem, a result of the first
// round repeated in the look-back of the third.
var (
	sameMeasureUnits = []string{"临江市卫生健康委员会", "临江市人民医院", "临江市第一中学"}
	restatingUnit    = "临江市文化旅游广电局"
	repeatingUnit    = "临江市教育局"
)

// plain reports whether x is free for a planted copy: no case of its own
// planted, its fate drawn, done and reported.
func plain(x *built) bool {
	return x.plan.plant == plantNone && x.plan.tmplKey == "" && x.plan.fate == fateCompleted && len(x.p.Measures) >= 2
}

// plantMeasures copies measures into the problems of an inspection before
// it is stored: the last measure of its first plain problem, in the
// inspections of sameMeasureUnits, copied from the first of them with a
// small edit; in restatingUnit's the first measure of its first plain
// problem restating the problem.
func (f *filler) plantMeasures(spec inspectionSpec, rec *inspectionRecord) {
	w := f.b.vary
	if !slices.Contains(sameMeasureUnits, spec.unit) && spec.unit != restatingUnit {
		return
	}
	for _, x := range rec.built {
		if !plain(x) {
			continue
		}
		if spec.unit == restatingUnit {
			m := x.p.Measures[0]
			m.Text = w.restate(x.p)
			f.copies = append(f.copies, &copiedTexts{kind: PlantRestatesProblem, measures: []*rectify.Measure{m},
				problems: []*rectify.Problem{x.p}})
			return
		}
		m := x.p.Measures[len(x.p.Measures)-1]
		c := f.plantedCopy(PlantSameMeasure)
		if c == nil {
			c = &copiedTexts{kind: PlantSameMeasure}
			f.copies = append(f.copies, c)
		} else {
			m.Text = w.copyOf(c.measures[0].Text)
		}
		c.measures = append(c.measures, m)
		c.problems = append(c.problems, x.p)
		return
	}
}

// asKind makes in an inspection of another kind of rectification than
// 巡察: no sub-kind and no round of 巡察, the report's own title
// (关于…审计整改情况的公告) where it has a title, who deployed it, and the
// unit itself (named as a body of government, not as its Party group) as
// the issuer of the public report.
func asKind(in *rectify.Inspection, source rectify.Source, unit string) {
	in.Source = source
	if source.HasKind() {
		return
	}
	in.Kind, in.Round = "", 0
	if in.Title != "" {
		in.Title = "关于" + in.Team + source.Words().Report
	}
	in.Issuer = unit
	switch source {
	case rectify.SourceAudit:
		in.Deployer = "市政府"
	case rectify.SourceEnvironment:
		in.Deployer = "省委、省政府"
	case rectify.SourceSupervision:
		in.Deployer = "市政府"
	}
}

// kindWords names the inspection in a notice's title.
func kindWords(k rectify.InspectionKind) string {
	switch k {
	case rectify.KindRegular:
		return "巡察"
	case rectify.KindFollowUp:
		return "巡察“回头看”"
	}
	return string(k)
}

func (f *filler) count(rec *inspectionRecord) {
	c := &f.sum.Counts
	f.sum.Inspections = append(f.sum.Inspections, rec.in.ID)
	c.Inspections++
	if rec.in.Published {
		c.Published++
	}
	c.Findings += len(rec.in.Findings)
	for _, x := range rec.built {
		p := x.p
		c.Problems++
		c.ByStatus[p.Status]++
		c.ByTrack[p.Track]++
		c.Measures += len(p.Measures)
		c.StatusChanges += len(p.History)
		for _, m := range p.Measures {
			if !m.Done.IsZero() {
				c.MeasuresDone++
			}
		}
	}
}

// notePlanted records in the summary where x carries a planted case.
func (f *filler) notePlanted(x *built) {
	pl, p, T := &f.sum.Planted, x.p, f.today
	switch {
	case x.plan.fate == fateRebound:
		pl.Rebound = p.ID
	case x.plan.plant == plantMeetingOnly:
		pl.MeetingOnly = p.ID
	case x.plan.plant == plantCopied:
		pl.Copied[0], pl.Copied[1] = pl.Copied[1], p.ID
	case x.plan.plant == plantReusedPhoto:
		pl.ReusedPhoto[0], pl.ReusedPhoto[1] = pl.ReusedPhoto[1], p.ID
	case x.plan.fate == fateLate && !x.plan.due.IsZero() && pl.Late == 0 && x.plan.tmplKey != "":
		pl.Late = p.ID
	}
	if x.p.Status == rectify.StatusInProgress && p.Due.Before(T) && pl.Overdue == 0 && x.plan.due == T.AddDays(-12) {
		pl.Overdue = p.ID
	}
	if x.p.Status == rectify.StatusInProgress && p.Due == T.AddDays(2) {
		pl.DueSoon = p.ID
	}
}

// copiedProgress is the text two units report word for word (照搬照抄): a
// paragraph of general words that fits any problem and proves none.
const copiedProgress = "对照巡察反馈问题，我单位高度重视，立即召开专题会议，对公务接待工作进行全面自查，建立健全公务接待管理制度，" +
	"严格执行公务接待标准，杜绝超标准接待，整改工作取得明显成效。"

// meetingOnlyProgress is the one report of the problem closed on a meeting notice.
const meetingOnlyProgress = "召开专题会议，传达巡察反馈意见，研究部署整改工作，明确了责任分工。"

// reboundProgress is what a unit reports after a look-back reopened its problem.
const reboundProgress = "针对回头看发现的反弹问题，已重新制定整改措施，举一反三开展再排查，整改完成前每周报告一次进展。"

// report is a progress report to store.
type report struct {
	date    rectify.Date
	text    string
	measure int // index into the problem's measures, -1 for none
	files   []store.EvidenceFile
}

// reports plans the progress reports of x: early ones while work goes on,
// a last one with evidence when it was submitted or settled.
func (f *filler) reports(x *built, st *staff) []report {
	r, T := f.r, f.today
	last := T.AddDays(-1)
	pl := x.plan
	if pl.fate == fateNotStarted {
		return nil
	}
	final := x.vars.expand(pick(r, x.tmpl.progress))
	early := func(until rectify.Date) report {
		d, ok := f.b.between(x.start.AddDays(2), until.AddDays(-1))
		if !ok {
			d = x.start
		}
		// An early report names its problem: the notice prints it as the
		// problem's 整改情况, and two problems of one notice saying the
		// same words would read as one problem listed twice.
		return report{date: d, text: "针对“" + x.p.Title + "”，" + x.vars.expand(pick(r, earlyProgress)), measure: 0}
	}
	lastMeasure := len(x.p.Measures) - 1
	withEvidence := func(rep report, chance int, d rectify.Date) report {
		if r.IntN(100) < chance && (f.fileEvery <= 1 || r.IntN(f.fileEvery) == 0) {
			rep.files = append(rep.files, evidenceFile(evidenceKind(r.IntN(3)), x, st, d, rep.text, r.Uint64()))
			if r.IntN(5) == 0 {
				rep.files = append(rep.files, evidenceFile(evidencePhoto, x, st, d, rep.text, r.Uint64()))
			}
		}
		return rep
	}
	switch pl.plant {
	case plantMeetingOnly:
		return []report{{date: x.submitted, text: meetingOnlyProgress, measure: -1,
			files: []store.EvidenceFile{{Name: "专题会议通知.txt", ContentType: "text/plain; charset=utf-8",
				Data: noticeOfMeetingTXT(x.unit, x.submitted)}}}}
	case plantCopied:
		final = copiedProgress
	}
	var out []report
	switch pl.fate {
	case fateInProgress, fateNotCompleted:
		if r.IntN(4) > 0 {
			until := last
			if pl.fate == fateNotCompleted {
				until = x.settled
			}
			out = append(out, withEvidence(early(until), 25, until))
		}
	case fateRejected:
		// What was sent for sign-off, without the evidence that would have
		// carried it.
		out = append(out, report{date: x.submitted, text: final, measure: lastMeasure})
	case fateSubmitted, fateCompleted, fateLate, fateRebound:
		if r.IntN(100) < 40 {
			out = append(out, early(x.submitted))
		}
		rep := withEvidence(report{date: x.submitted, text: final, measure: lastMeasure}, 80, x.submitted)
		if pl.plant == plantReusedPhoto {
			rep.files = []store.EvidenceFile{{Name: "整改现场照片.png", ContentType: "image/png", Data: photoPNG(f.photoSeed)}}
		}
		out = append(out, rep)
		if pl.fate == fateRebound {
			if d, ok := f.b.between(pl.reopen.AddDays(1), minDate(pl.reopen.AddDays(7), last)); ok {
				out = append(out, report{date: d, text: reboundProgress, measure: 0})
			}
		}
	case fateMostly, fateLongTerm:
		if r.IntN(2) == 0 {
			out = append(out, early(x.settled))
		}
		out = append(out, withEvidence(report{date: x.settled, text: final, measure: max(lastMeasure-1, 0)}, 50, x.settled))
	}
	return out
}

// reworded returns the reports of x, wrapped in clauses of their own when
// the builder varies its texts. The texts planted for the checks stay as
// they are: the report two units copy word for word, the one of the
// problem closed on a meeting and the one after a rebound.
func (f *filler) reworded(x *built, st *staff) []report {
	out := f.reports(x, st)
	if w := f.b.vary; w != nil {
		c := &textCtx{u: x.unit, sec: x.sec, st: st, dept: x.dept, feedback: x.p.Opened, due: x.p.Due, v: &x.vars}
		for i := range out {
			switch out[i].text {
			case copiedProgress, meetingOnlyProgress, reboundProgress:
				continue
			}
			out[i].text = w.progress(out[i].text, c, out[i].date)
		}
	}
	return out
}

// progress stores the progress reports of x, a problem of the inspection
// of spec. In repeatingUnit's first round the result of its first plain
// problem is kept, and its look-back repeats it in its first plain
// problem, with a small edit.
func (f *filler) progress(ctx context.Context, x *built, st *staff, spec inspectionSpec) error {
	reps := f.reworded(x, st)
	remember, repeat := false, false
	if spec.unit == repeatingUnit && plain(x) && len(reps) > 0 {
		switch {
		case f.pastResult == nil && spec.round == 1:
			remember = true
		case f.pastResult != nil && spec.round > 1 && f.plantedCopy(PlantRepeatedResult) == nil:
			repeat = true
			reps[len(reps)-1].text = f.b.vary.copyOf(f.pastResult.Text)
		}
	}
	for k, rep := range reps {
		p := &rectify.Progress{ProblemID: x.p.ID, Date: rep.date, Text: rep.text, Author: pick(f.r, st.clerks)}
		if rep.measure >= 0 && rep.measure < len(x.p.Measures) {
			p.MeasureID = x.p.Measures[rep.measure].ID
		}
		if err := f.st.AddProgress(ctx, p, rep.files); err != nil {
			return err
		}
		f.sum.Counts.Progress++
		f.sum.Counts.Evidence += len(p.Evidence)
		if k < len(reps)-1 {
			continue
		}
		switch {
		case remember:
			f.pastResult = p
		case repeat:
			f.copies = append(f.copies, &copiedTexts{kind: PlantRepeatedResult, progress: []*rectify.Progress{f.pastResult, p}})
		case x.plan.plant == plantCopied:
			f.copied = append(f.copied, p)
		}
	}
	return nil
}

// plantedCopy returns the copies of the kind planted so far, nil when
// none is.
func (f *filler) plantedCopy(kind string) *copiedTexts {
	for _, c := range f.copies {
		if c.kind == kind {
			return c
		}
	}
	return nil
}

// plantedCopies returns the clusters of Planted.Copies, with their IDs.
func (f *filler) plantedCopies() []PlantedCluster {
	out := []PlantedCluster{}
	all := f.copies
	if len(f.copied) == 2 {
		all = append(all, &copiedTexts{kind: PlantReusedProgress, progress: f.copied})
	}
	for _, c := range all {
		pc := PlantedCluster{Kind: c.kind, ProblemIDs: []int64{}}
		for _, m := range c.measures {
			pc.MeasureIDs = append(pc.MeasureIDs, m.ID)
		}
		for _, p := range c.problems {
			pc.ProblemIDs = append(pc.ProblemIDs, p.ID)
		}
		for _, p := range c.progress {
			pc.ProgressIDs = append(pc.ProgressIDs, p.ID)
			pc.ProblemIDs = append(pc.ProblemIDs, p.ProblemID)
		}
		slices.Sort(pc.MeasureIDs)
		slices.Sort(pc.ProblemIDs)
		slices.Sort(pc.ProgressIDs)
		out = append(out, pc)
	}
	return out
}

// rules stores the rules (建章立制) an inspection's problems led to: one per
// distinct title, dated when the first of its problems got there.
func (f *filler) rules(ctx context.Context, rec *inspectionRecord) error {
	var rules []*rectify.Rule
	byTitle := map[string]*rectify.Rule{}
	for _, x := range rec.built {
		if x.tmpl.rule == "" {
			continue
		}
		var d rectify.Date
		switch x.plan.fate {
		case fateCompleted, fateLate, fateRebound, fateSubmitted:
			d = x.submitted
		case fateMostly, fateLongTerm:
			d = x.settled
		default:
			continue
		}
		title, kind := x.vars.expand(x.tmpl.rule), rectify.RuleNew
		if t, ok := strings.CutSuffix(title, "（修订）"); ok {
			title, kind = t, rectify.RuleRevised
		}
		if rule, ok := byTitle[title]; ok {
			rule.ProblemIDs = append(rule.ProblemIDs, x.p.ID)
			continue
		}
		rule := &rectify.Rule{InspectionID: rec.in.ID, Title: title, Kind: kind, Date: d, ProblemIDs: []int64{x.p.ID}}
		byTitle[title] = rule
		rules = append(rules, rule)
	}
	for _, rule := range rules {
		if err := f.st.CreateRule(ctx, rule); err != nil {
			return fmt.Errorf("rule %s: %w", rule.Title, err)
		}
		f.sum.Counts.Rules++
	}
	return nil
}

// accounts suggests one demo account per role.
func (f *filler) accounts() {
	f.sum.Accounts = []Account{
		{Login: "admin", Name: "巡察办管理员", Role: rectify.RoleAdmin, UnitID: f.sum.City},
		{Login: "reviewer", Name: f.reviewers[0], Role: rectify.RoleReviewer, UnitID: f.sum.City},
		{Login: "shuili", Name: "市水利局填报人", Role: rectify.RoleEditor, UnitID: f.sum.Bureau},
		{Login: "hedao", Name: "市河道管理处填报人", Role: rectify.RoleEditor, UnitID: f.sum.BureauChild},
		{Login: "viewer", Name: "市纪委监委查看人员", Role: rectify.RoleViewer, UnitID: f.sum.City},
	}
}
