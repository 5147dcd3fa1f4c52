package demo

import (
	"math/rand/v2"
	"strings"

	"github.com/rectify-dev/rectify"
)

// fate is where a problem's rectification has got to by today, and how.
type fate int

const (
	fateCompleted    fate = iota // in progress → submitted → completed, by its deadline
	fateLate                     // the same, completed after its deadline
	fateLongTerm                 // in progress (→ submitted) → long-term with a next milestone
	fateMostly                   // in progress → mostly completed
	fateSubmitted                // in progress → submitted, waiting for sign-off
	fateInProgress               // in progress
	fateRejected                 // in progress → submitted → sent back to in progress
	fateNotCompleted             // in progress → not completed after its deadline
	fateNotStarted               // nothing recorded yet
	fateRebound                  // completed, then reopened by a failed look-back
)

// fateWeights give, by the age of the feedback in days, how likely each
// fate is: old inspections are mostly done, young ones mostly under way.
var fateWeights = []struct {
	minAge  int
	weights [fateRebound]int // indexed by fate; rebounds are only planted
}{
	{540, [fateRebound]int{70, 8, 15, 5, 0, 2, 0, 0, 0}},
	{360, [fateRebound]int{58, 8, 15, 7, 3, 4, 1, 4, 0}},
	{200, [fateRebound]int{45, 8, 14, 8, 8, 9, 2, 6, 0}},
	{60, [fateRebound]int{24, 3, 12, 5, 12, 25, 5, 6, 8}},
	{0, [fateRebound]int{8, 0, 4, 1, 4, 40, 0, 0, 43}},
}

// randomFate draws the fate of a problem whose feedback is age days old.
func randomFate(r *rand.Rand, age int) fate {
	for _, fw := range fateWeights {
		if age < fw.minAge {
			continue
		}
		total := 0
		for _, w := range fw.weights {
			total += w
		}
		n := r.IntN(total)
		for f, w := range fw.weights {
			if n < w {
				return fate(f)
			}
			n -= w
		}
	}
	return fateNotStarted
}

// plan is what a problem is to become. Zero fields are drawn.
type plan struct {
	fate      fate
	track     rectify.Track
	due       rectify.Date
	milestone rectify.Date // of a long-term item
	class     string       // of a long-term item
	reopen    rectify.Date // of a rebound
	tmplKey   string       // the template to write it from
	plant     plant        // a failure mode to plant in its progress
}

// plant is a failure mode the checks should find (see Planted).
type plant int

const (
	plantNone        plant = iota
	plantCopied            // its last progress text is copied from a problem of another unit
	plantMeetingOnly       // completed on the strength of a meeting notice alone
	plantReusedPhoto       // its photo is the photo of another problem
)

// built is a problem as planned, with the dates its history came to.
type built struct {
	p                         *rectify.Problem
	tmpl                      *template
	vars                      vars
	plan                      plan
	unit                      *unitSpec
	sec                       *sector
	dept                      string       // the department that owns it
	start, submitted, settled rectify.Date // settled: completed, long-term, mostly or not completed
}

// builder writes problems with histories that make sense as of today.
type builder struct {
	r     *rand.Rand
	today rectify.Date
	// vary, when set, wraps measures in clauses of their own (see vary.go).
	vary *varier
}

// between returns a random day in [a, b], and false when b is before a.
func (b *builder) between(a, c rectify.Date) (rectify.Date, bool) {
	n := a.DaysUntil(c)
	if n < 0 {
		return rectify.Date{}, false
	}
	return a.AddDays(b.r.IntN(n + 1)), true
}

func minDate(a, b rectify.Date) rectify.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// staff are the people of one unit a problem's texts name.
type staff struct {
	chief    string   // 王志刚（党组书记、局长）
	deputies []string // 李明（副局长）
	heads    []string // one per department of the sector, in its order
	clerks   []string // people who file progress
	reviewer string   // 陈静（市委巡察办）
}

func newStaff(r *rand.Rand, u *unitSpec, sec *sector, reviewer string) *staff {
	s := &staff{chief: personName(r) + "（" + u.chief + "）", reviewer: reviewer}
	for range 3 + r.IntN(2) {
		s.deputies = append(s.deputies, personName(r)+"（"+u.deputy+"）")
	}
	for range sec.depts {
		s.heads = append(s.heads, personName(r))
	}
	for range 4 {
		s.clerks = append(s.clerks, personName(r))
	}
	return s
}

// deptFor returns the index of the department that owns a problem of the
// topic: the party office for party work, finance for money, else a
// department of the business.
func deptFor(r *rand.Rand, topicKey string, sec *sector) int {
	var want []string
	switch topicKey {
	case "party", "organization", "ideology", "political":
		want = []string{"党", "人事", "办公室"}
	case "style":
		want = []string{"办公室"}
	case "finance":
		want = []string{"财"}
	case "projects":
		want = []string{"建设", "工程", "规划", "总务", "设备", "养护"}
	case "safety":
		want = []string{"安全", "总务", "应急"}
	}
	var hits []int
	for i, d := range sec.depts {
		for _, w := range want {
			if strings.Contains(d, w) {
				hits = append(hits, i)
				break
			}
		}
	}
	if len(hits) > 0 {
		return hits[r.IntN(len(hits))]
	}
	// A business department: not the office, personnel, finance or Party.
	for range 8 {
		i := r.IntN(len(sec.depts))
		d := sec.depts[i]
		if !strings.Contains(d, "办公室") && !strings.Contains(d, "人事") && !strings.Contains(d, "财") && !strings.Contains(d, "党") {
			return i
		}
	}
	return r.IntN(len(sec.depts))
}

// problem writes problem number n of an inspection of u from template t,
// to become what pl says; topicKey names the finding it stands under.
func (b *builder) problem(u *unitSpec, sec *sector, st *staff, topicKey string, t *template, n int,
	feedback rectify.Date, pl plan) *built {
	r := b.r
	v := newVars(r, u, sec, feedback)
	dept := deptFor(r, topicKey, sec)
	x := &built{tmpl: t, vars: v, plan: pl, unit: u, sec: sec, dept: sec.depts[dept]}
	leader := st.chief
	if topicKey != "party" && topicKey != "political" || r.IntN(3) == 0 {
		leader = pick(r, st.deputies)
	}
	p := &rectify.Problem{
		Number:      n,
		Title:       v.expand(t.title),
		Description: v.expand(pick(r, t.desc)),
		Leader:      leader,
		OwnerUnit:   sec.depts[dept],
		Opened:      feedback,
	}
	x.p = p
	b.settle(x, feedback)

	// Measures: two to four of the template's, in order, now and then one
	// of the common ones after them.
	picked := pickInOrder(r, t.measures, 2+r.IntN(3))
	if len(picked) < 4 && r.IntN(5) == 0 {
		picked = append(picked, pick(r, genericMeasures))
	}
	for i, text := range picked {
		text = v.expand(text)
		if b.vary != nil {
			text = b.vary.measure(text, &textCtx{u: u, sec: sec, st: st, dept: sec.depts[dept], feedback: feedback, due: p.Due, v: &v})
		}
		owner := st.heads[dept]
		if i > 0 && r.IntN(3) == 0 {
			owner = pick(r, st.heads)
		}
		m := &rectify.Measure{Number: i + 1, Text: text, Owner: owner, Due: p.Due}
		if p.Track == rectify.TrackLongTerm && i < len(picked)-1 && p.Due.After(feedback.AddDays(120)) {
			// Steps of a long-term item fall due one after the other.
			m.Due = feedback.AddDays(90 * (i + 1))
		}
		p.Measures = append(p.Measures, m)
	}
	b.measuresDone(x)
	b.history(x, st)
	return x
}

// pickInOrder returns n of xs (all when fewer), keeping their order.
func pickInOrder(r *rand.Rand, xs []string, n int) []string {
	if n >= len(xs) {
		return append([]string(nil), xs...)
	}
	keep := r.Perm(len(xs))[:n]
	mark := make([]bool, len(xs))
	for _, k := range keep {
		mark[k] = true
	}
	out := make([]string, 0, n)
	for i, x := range xs {
		if mark[i] {
			out = append(out, x)
		}
	}
	return out
}

// settle fixes the track, deadline and key dates of x, downgrading its fate
// when today leaves no room for it (a deadline not yet passed cannot be
// missed).
func (b *builder) settle(x *built, feedback rectify.Date) {
	r, T := b.r, b.today
	last := T.AddDays(-1)
	pl := &x.plan
	p := x.p
	if !feedback.Before(last) && pl.fate != fateNotStarted {
		pl.fate = fateNotStarted
	}
	if pl.track == "" {
		switch n := r.IntN(100); {
		case pl.fate == fateLongTerm:
			pl.track = rectify.TrackLongTerm
		case n < 30:
			pl.track = rectify.TrackImmediate
		case n < 92:
			pl.track = rectify.TrackDeadline
		default:
			pl.track = rectify.TrackLongTerm
		}
	}
	if pl.fate == fateLongTerm {
		pl.track = rectify.TrackLongTerm
	}
	if pl.due.IsZero() {
		switch pl.track {
		case rectify.TrackImmediate:
			pl.due = feedback.AddDays(15 + r.IntN(16))
		case rectify.TrackDeadline:
			pl.due = feedback.AddDays(45 + r.IntN(156))
		default:
			pl.due = rectify.NewDate(feedback.Year+1+r.IntN(2), 12, 31)
		}
		// A deadline that must have passed: between feedback+15 and a
		// week ago.
		if pl.fate == fateLate || pl.fate == fateNotCompleted {
			if d, ok := b.between(feedback.AddDays(15), T.AddDays(-8)); ok {
				if pl.due.After(T.AddDays(-8)) {
					pl.due = d
				}
			} else {
				pl.fate = fateInProgress
			}
		}
	}
	p.Track, p.Due = pl.track, pl.due

	if pl.fate == fateNotStarted {
		return
	}
	x.start, _ = b.between(feedback.AddDays(1), minDate(feedback.AddDays(10), last))
	s0 := x.start
	switch pl.fate {
	case fateCompleted, fateRebound:
		c, ok := b.between(s0.AddDays(3), minDate(pl.due, last))
		if !ok {
			if pl.due.Before(last) {
				pl.fate = fateLate
				b.settleLate(x)
				return
			}
			pl.fate = fateInProgress
			return
		}
		x.settled = c
		x.submitted, _ = b.between(maxDate(s0.AddDays(1), c.AddDays(-20)), c.AddDays(-1))
		if pl.fate == fateRebound {
			if pl.reopen.IsZero() {
				pl.reopen, ok = b.between(c.AddDays(60), last)
			} else {
				ok = c.Before(pl.reopen) && !pl.reopen.After(last)
			}
			if !ok {
				pl.fate = fateCompleted
			}
		}
	case fateLate:
		b.settleLate(x)
	case fateLongTerm:
		lt, ok := b.between(s0.AddDays(10), minDate(s0.AddDays(120), last))
		if !ok {
			lt, ok = b.between(s0.AddDays(1), last)
		}
		if !ok {
			pl.fate = fateInProgress
			return
		}
		x.settled = lt
		if r.IntN(10) < 3 {
			x.submitted, _ = b.between(s0.AddDays(1), lt.AddDays(-1))
			if x.submitted.IsZero() || !x.submitted.After(s0) {
				x.submitted = rectify.Date{}
			}
		}
		if pl.class == "" {
			pl.class = "I"
			if r.IntN(4) == 0 {
				pl.class = "II"
			}
		}
		if pl.milestone.IsZero() {
			if r.IntN(12) == 0 {
				pl.milestone = T.AddDays(-1 - r.IntN(30))
			} else {
				pl.milestone = T.AddDays(15 + r.IntN(136))
			}
		}
	case fateMostly:
		md, ok := b.between(s0.AddDays(20), last)
		if !ok {
			md, ok = b.between(s0.AddDays(1), last)
		}
		if !ok {
			pl.fate = fateInProgress
			return
		}
		x.settled = md
	case fateSubmitted:
		sub, ok := b.between(maxDate(s0.AddDays(1), T.AddDays(-25)), last)
		if !ok {
			pl.fate = fateInProgress
			return
		}
		x.submitted = sub
	case fateRejected:
		sub, ok := b.between(s0.AddDays(3), T.AddDays(-8))
		if !ok {
			pl.fate = fateInProgress
			return
		}
		x.submitted = sub
		x.settled, _ = b.between(sub.AddDays(1), minDate(sub.AddDays(10), last))
	case fateNotCompleted:
		nc, ok := b.between(maxDate(pl.due.AddDays(1), s0.AddDays(1)), minDate(pl.due.AddDays(15), last))
		if !ok {
			pl.fate = fateInProgress
			return
		}
		x.settled = nc
	}
}

// settleLate sets the dates of a problem completed after its deadline.
func (b *builder) settleLate(x *built) {
	last := b.today.AddDays(-1)
	s0, due := x.start, x.plan.due
	c, ok := b.between(maxDate(due.AddDays(1), s0.AddDays(3)), minDate(due.AddDays(120), last))
	if !ok {
		x.plan.fate = fateInProgress
		return
	}
	x.settled = c
	x.submitted, _ = b.between(maxDate(s0.AddDays(1), c.AddDays(-20)), c.AddDays(-1))
}

func maxDate(a, b rectify.Date) rectify.Date { return rectify.MaxDate(a, b) }

// measuresDone marks the measures carried out, each by a day that fits the
// problem's history.
func (b *builder) measuresDone(x *built) {
	ms := x.p.Measures
	s0 := x.start
	var by rectify.Date // all done by this day
	done := 0
	switch x.plan.fate {
	case fateNotStarted:
		return
	case fateCompleted, fateLate, fateRebound, fateSubmitted:
		by, done = x.submitted, len(ms)
	case fateMostly:
		by, done = x.settled, len(ms)-1
	case fateLongTerm:
		by, done = x.settled, len(ms)/2
	default:
		by, done = b.today.AddDays(-1), b.r.IntN(len(ms))
	}
	if by.IsZero() || !by.After(s0) {
		by = s0
	}
	for i := range done {
		d, _ := b.between(s0, by)
		ms[i].Done = d
	}
	// Earlier measures are done first.
	for i := 1; i < done; i++ {
		if ms[i].Done.Before(ms[i-1].Done) {
			ms[i].Done = ms[i-1].Done
		}
	}
}

// Reasons written with status changes.
const (
	reasonStart    = "制定整改措施，启动整改"
	reasonSubmit   = "整改措施已全部落实，申请销号"
	reasonSignOff  = "经审核，整改材料齐全，同意销号"
	reasonReject   = "证明材料不足，退回补充"
	reasonLongTerm = "需长期坚持，按阶段目标推进"
	reasonLTReview = "经审核，认定为长期整改事项"
	reasonMostly   = "主体工作已完成，个别措施仍在推进"
	reasonNotDone  = "未在整改时限内完成"
)

// ReasonRebound is the reason written with the status change that reopens a
// completed problem after a failed look-back (回头看).
const ReasonRebound = "回头看发现反弹"

// history writes x's status history from its dates: every step an allowed
// move (rectify.CanTransition) by the side that makes it, dates strictly
// increasing, none after yesterday.
func (b *builder) history(x *built, st *staff) {
	p, pl := x.p, x.plan
	if pl.fate == fateNotStarted {
		return
	}
	clerk := pick(b.r, st.clerks)
	add := func(s rectify.Status, d rectify.Date, author, reason string) *rectify.StatusChange {
		p.History = append(p.History, rectify.StatusChange{Status: s, Date: d, Author: author, Reason: reason})
		return &p.History[len(p.History)-1]
	}
	add(rectify.StatusInProgress, x.start, clerk, reasonStart)
	switch pl.fate {
	case fateCompleted, fateLate, fateRebound:
		add(rectify.StatusSubmitted, x.submitted, clerk, reasonSubmit)
		add(rectify.StatusCompleted, x.settled, st.reviewer, reasonSignOff)
		if pl.fate == fateRebound {
			add(rectify.StatusInProgress, pl.reopen, st.reviewer, ReasonRebound)
		}
	case fateLongTerm:
		var h *rectify.StatusChange
		if !x.submitted.IsZero() {
			add(rectify.StatusSubmitted, x.submitted, clerk, reasonSubmit)
			h = add(rectify.StatusLongTerm, x.settled, st.reviewer, reasonLTReview)
		} else {
			h = add(rectify.StatusLongTerm, x.settled, clerk, reasonLongTerm)
		}
		h.Class, h.NextMilestone = pl.class, pl.milestone
	case fateMostly:
		add(rectify.StatusMostlyCompleted, x.settled, clerk, reasonMostly)
	case fateSubmitted:
		add(rectify.StatusSubmitted, x.submitted, clerk, reasonSubmit)
	case fateRejected:
		add(rectify.StatusSubmitted, x.submitted, clerk, reasonSubmit)
		add(rectify.StatusInProgress, x.settled, st.reviewer, reasonReject)
	case fateNotCompleted:
		add(rectify.StatusNotCompleted, x.settled, clerk, reasonNotDone)
	}
	last := p.History[len(p.History)-1]
	p.Status, p.StatusDate, p.Class, p.NextMilestone = last.Status, last.Date, last.Class, last.NextMilestone
}
