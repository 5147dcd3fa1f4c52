package web

import (
	"math"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// A tally is the facts of one inspection's problems laid out for counting
// them as of any day: a row of values per problem, in one slice, with the
// status histories and the done days of every row in two more. Counting
// 50,000 problems then reads a few megabytes in order, with no pointer to
// follow, no string to compare and nothing to allocate. Its count is
// rectify.Indicators.Add's, problem by problem; the tests hold it to Add on
// random histories and days (TestTallyEqualsAdd) and the overview to
// rectify.Compute on the demo's record (TestOverviewEqualsCompute).

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
	opened   int32
	due      int32
	top      int32 // the latest day of its history; noDay without one
	next     int32 // the next milestone in force from top on
	since    int32 // the start of the completion in force from top on
	measures int32
	doneMax  int32 // the latest of its measures' done days; noDay without
	failMax  int32 // the latest of its failed look-backs' days; noDay without
	hist     int32 // its history: hist[hist : hist+nHist]
	nHist    int32
	days     int32 // its done days: days[days : days+nDone], then nFail failed look-backs
	nDone    int32
	nFail    int32
	status   statusCode // in force from top on
}

// tallyEntry is one entry of a status history.
type tallyEntry struct {
	day    int32
	next   int32 // its next milestone
	status statusCode
}

// newTally lays out the facts of ps.
func newTally(ps []*store.ProblemFact) *tally {
	nh, nd := 0, 0
	for _, p := range ps {
		nh += len(p.Facts.History)
		nd += len(p.Facts.MeasuresDone) + len(p.Facts.FailedChecks)
	}
	t := &tally{rows: make([]tallyRow, len(ps)), hist: make([]tallyEntry, 0, nh), days: make([]int32, 0, nd)}
	for i, p := range ps {
		f := &p.Facts
		r := &t.rows[i]
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
func (t *tally) count(asOf rectify.Date, warn int) inspectionCount {
	c := inspectionCount{Ind: rectify.Indicators{AsOf: asOf}}
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
		case days < 7*deadlineWeeks:
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
