package facts

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// A tally is the facts of some of one inspection's problems (a chunk of a
// read) laid out for counting them as of any day: a row of values per problem, in one slice, with the
// status histories and the done days of every row in two more. Counting
// 50,000 problems then reads a few megabytes in order, with no pointer to
// follow, no string to compare and nothing to allocate. Its count is
// rectify.Indicators.Add's, problem by problem; the tests hold it to Add on
// random histories and days (TestTallyEqualsAdd), and the index to
// rectify.Compute on random histories stored on both dialects
// (TestIndexEqualsCompute).

// noDay stands for an unset date that counts from the start: before every
// day.
const noDay = math.MinInt32

// dayNum returns d as days since 1970-01-01 (which compare and subtract at
// once), noDay for the zero Date.
func dayNum(d rectify.Date) int32 {
	if d.IsZero() {
		return noDay
	}
	return int32(d.Time().Unix() / 86400)
}

// never stands for an unset deadline or milestone: after every day, so
// that it is neither passed nor due within any window.
const never = math.MaxInt32

// dayOrNever returns d's day number, never for the zero Date.
func dayOrNever(d rectify.Date) int32 {
	if d.IsZero() {
		return never
	}
	return dayNum(d)
}

// statusCode is a status as the index of its count in a tally's counts.
// A status none of rectify's counts as not started and is open, as
// rectify.Indicators.Add has it, so it takes not started's code.
type statusCode uint8

const (
	codeNotStarted statusCode = iota
	codeInProgress
	codeSubmitted
	codeMostlyCompleted
	codeNotCompleted
	codeLongTerm
	codeCompleted
	numCodes
)

func codeOf(s rectify.Status) statusCode {
	switch s {
	case rectify.StatusInProgress:
		return codeInProgress
	case rectify.StatusSubmitted:
		return codeSubmitted
	case rectify.StatusMostlyCompleted:
		return codeMostlyCompleted
	case rectify.StatusNotCompleted:
		return codeNotCompleted
	case rectify.StatusLongTerm:
		return codeLongTerm
	case rectify.StatusCompleted:
		return codeCompleted
	}
	return codeNotStarted
}

// statusOfCode is a status of each code, as rectify.LightOf tells them
// apart (completed, long-term, or open with a deadline).
var statusOfCode = [numCodes]rectify.Status{
	codeNotStarted: rectify.StatusNotStarted, codeInProgress: rectify.StatusInProgress,
	codeSubmitted: rectify.StatusSubmitted, codeMostlyCompleted: rectify.StatusMostlyCompleted,
	codeNotCompleted: rectify.StatusNotCompleted, codeLongTerm: rectify.StatusLongTerm,
	codeCompleted: rectify.StatusCompleted,
}

// setStatusCounts puts the counts by code into ind's counts by status.
func setStatusCounts(ind *rectify.Indicators, n *[numCodes]int) {
	ind.NotStarted = n[codeNotStarted]
	ind.InProgress = n[codeInProgress]
	ind.Submitted = n[codeSubmitted]
	ind.MostlyCompleted = n[codeMostlyCompleted]
	ind.NotCompleted = n[codeNotCompleted]
	ind.LongTerm = n[codeLongTerm]
	ind.Completed = n[codeCompleted]
}

type tally struct {
	rows []tallyRow
	hist []tallyEntry // the rows' status histories, each row's in a run
	days []int32      // the rows' done days of measures, then of failed look-backs, each row's in a run
}

// tallyRow is one problem. Dates are day numbers: opened and the history's
// days noDay when unset (before every day), due and milestones never.
// From its history's latest day on (top), the entry in force is the same
// on every day, and worked out once: status, next milestone and since.
type tallyRow struct {
	id       int64
	number   int32
	owner    uint32 // the index's number of its owner unit (责任单位); 0 none
	leader   uint32 // and of its leader (责任领导)
	opened   int32
	due      int32
	top      int32 // the latest day of its history; noDay without one
	next     int32 // the next milestone in force from top on
	since    int32 // the start of the completion in force from top on
	curNext  int32 // the problem's current next milestone (its row's)
	measures int32
	doneMax  int32 // the latest of its measures' done days; noDay without
	failMax  int32 // the latest of its failed look-backs' days; noDay without
	hist     int32 // its history: hist[hist : hist+nHist]
	nHist    int32
	days     int32 // its done days: days[days : days+nDone], then nFail failed look-backs
	nDone    int32
	nFail    int32
	status   statusCode // in force from top on
	cur      statusCode // the problem's current status (its row's)
}

// tallyEntry is one entry of a status history.
type tallyEntry struct {
	day    int32
	next   int32 // its next milestone
	status statusCode
}

// newTally lays out the problems of one inspection: the rows of old whose
// problems are not in changed, and fresh, ordered by number. Owners and
// leaders are interned in x (under x.mu).
func (x *Index) newTally(old *tally, changed map[int64]bool, fresh []*store.ProblemFact) *tally {
	type src struct {
		row *tallyRow          // kept from old
		p   *store.ProblemFact // or read afresh
		id  int64
		num int32
	}
	var srcs []src
	nh, nd := 0, 0
	if old != nil {
		for i := range old.rows {
			r := &old.rows[i]
			if changed[r.id] {
				continue
			}
			srcs = append(srcs, src{row: r, id: r.id, num: r.number})
			nh += int(r.nHist)
			nd += int(r.nDone + r.nFail)
		}
	}
	for _, p := range fresh {
		srcs = append(srcs, src{p: p, id: p.ID, num: int32(p.Number)})
		nh += len(p.Facts.History)
		nd += len(p.Facts.MeasuresDone) + len(p.Facts.FailedChecks)
	}
	slices.SortFunc(srcs, func(a, b src) int { return cmp.Or(cmp.Compare(a.num, b.num), cmp.Compare(a.id, b.id)) })
	t := &tally{rows: make([]tallyRow, len(srcs)), hist: make([]tallyEntry, 0, nh), days: make([]int32, 0, nd)}
	for i, sc := range srcs {
		r := &t.rows[i]
		if sc.row != nil {
			*r = *sc.row
			h := old.hist[sc.row.hist : sc.row.hist+sc.row.nHist]
			d := old.days[sc.row.days : sc.row.days+sc.row.nDone+sc.row.nFail]
			r.hist, r.days = int32(len(t.hist)), int32(len(t.days))
			t.hist = append(t.hist, h...)
			t.days = append(t.days, d...)
			continue
		}
		p := sc.p
		f := &p.Facts
		r.id, r.number = p.ID, int32(p.Number)
		r.owner, r.leader = x.intern(p.OwnerUnit), x.intern(p.Leader)
		r.cur, r.curNext = codeOf(p.Status), dayOrNever(p.NextMilestone)
		r.opened, r.due, r.measures = dayNum(f.Opened), dayOrNever(f.Due), int32(f.Measures)
		r.hist, r.top = int32(len(t.hist)), noDay
		for _, h := range f.History {
			e := tallyEntry{day: dayNum(h.Date), next: dayOrNever(h.NextMilestone), status: codeOf(h.Status)}
			t.hist = append(t.hist, e)
			r.top = max(r.top, e.day)
		}
		r.nHist = int32(len(f.History))
		r.status, r.next, r.since = t.inForce(r, never)
		r.days, r.doneMax, r.failMax = int32(len(t.days)), noDay, noDay
		for _, d := range f.MeasuresDone {
			t.days = append(t.days, dayNum(d))
			r.doneMax = max(r.doneMax, dayNum(d))
		}
		r.nDone = int32(len(f.MeasuresDone))
		for _, d := range f.FailedChecks {
			if !d.IsZero() { // not done yet
				t.days = append(t.days, dayNum(d))
				r.failMax = max(r.failMax, dayNum(d))
				r.nFail++
			}
		}
	}
	return t
}

// dateOf returns the Date of day number n, the zero Date for noDay and
// never.
func dateOf(n int32) rectify.Date {
	if n == noDay || n == never {
		return rectify.Date{}
	}
	return rectify.DateOf(time.Unix(int64(n)*86400, 0).UTC())
}

// late returns how many of t's problems are red or yellow on today with a
// warning window of warn days, by rectify.LightOf on each problem's
// current status, deadline and next milestone.
func (t *tally) late(today rectify.Date, warn int) int {
	n := 0
	for i := range t.rows {
		r := &t.rows[i]
		switch rectify.LightOf(today, statusOfCode[r.cur], dateOf(r.due), dateOf(r.curNext), warn) {
		case rectify.LightRed, rectify.LightYellow:
			n++
		}
	}
	return n
}

// inForce returns the status of r on day, with the next milestone and the
// start of the completion in force then (noDay when none), as
// rectify.StatusAsOf and Indicators.Add find them: of the entries on or
// before day the latest (the last of those of one day), and the first of
// the entries completed since the last that was not.
func (t *tally) inForce(r *tallyRow, day int32) (st statusCode, next, since int32) {
	st, next, since = codeNotStarted, never, noDay
	found, cur := false, int32(0)
	for _, h := range t.hist[r.hist : r.hist+r.nHist] {
		if h.day > day {
			continue
		}
		if !found || h.day >= cur {
			st, next, cur, found = h.status, h.next, h.day, true
		}
		switch {
		case h.status != codeCompleted:
			since = noDay
		case since == noDay:
			since = h.day
		}
	}
	return st, next, since
}

// count returns the counts of the problems as of asOf with a warning
// window of warn days: the indicators but the rules and accountability,
// with the rates left to Finish, and the open problems by when they fall
// due.
func (t *tally) count(asOf rectify.Date, warn int) Count {
	c := Count{Ind: rectify.Indicators{AsOf: asOf}}
	day := dayNum(asOf)
	var byCode [numCodes]int
	var total, measures, done, fails, overdue, duePassed, onTime int
	for i := range t.rows {
		r := &t.rows[i]
		if r.opened > day {
			continue
		}
		st, next, since := r.status, r.next, r.since
		if r.top > day { // its status changed after the day
			st, next, since = t.inForce(r, day)
		}
		total++
		byCode[st]++
		measures += int(r.measures)
		if r.doneMax <= day {
			done += int(r.nDone)
		} else {
			for _, d := range t.days[r.days : r.days+r.nDone] {
				if d <= day {
					done++
				}
			}
		}
		if r.failMax <= day {
			fails += int(r.nFail)
		} else {
			for _, d := range t.days[r.days+r.nDone : r.days+r.nDone+r.nFail] {
				if d <= day {
					fails++
				}
			}
		}
		if r.due < day {
			duePassed++
			if st == codeCompleted && since <= r.due {
				onTime++
			}
		}
		if st == codeCompleted {
			continue
		}
		// Open: overdue (Indicators.Overdue) or by when it falls due; a
		// long-term one by its next milestone.
		due := r.due
		if st == codeLongTerm {
			due = next
		}
		switch days := int(due) - int(day); {
		case days < 0:
			overdue++
		case days < 7*DeadlineWeeks:
			if days <= warn {
				c.Weeks[days/7][0]++
			} else {
				c.Weeks[days/7][1]++
			}
		}
	}
	ind := &c.Ind
	ind.Total, ind.Measures, ind.MeasuresDone, ind.Rebounds = total, measures, done, fails
	ind.Overdue, ind.DuePassed, ind.CompletedOnTime = overdue, duePassed, onTime
	setStatusCounts(ind, &byCode)
	c.Overdue = overdue
	return c
}
