package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestProblemPageCursors walks every order of the problem list page by page
// with the cursors, forward to the end and back to the start, and checks
// that the pages hold every problem once in the order of the whole list,
// with deadlines missing, shared and distinct, and with filters.
func TestProblemPageCursors(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	r := rand.New(rand.NewPCG(3, 5))
	statuses := []rectify.Status{"", rectify.StatusInProgress, rectify.StatusSubmitted, rectify.StatusLongTerm, rectify.StatusCompleted}
	base := d("2024-03-01")
	for _, unit := range []*rectify.Unit{c.water, c.transport} {
		in := &rectify.Inspection{UnitID: unit.ID, Team: "县委第三巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10")}
		// Many share a deadline.
		f := &rectify.Finding{Number: 1, Title: "翻页问题", Problems: randomProblems(r, 60, statuses, base, 4, func() int { return r.IntN(6) })}
		in.Findings = []*rectify.Finding{f}
		ok(t, s.CreateInspection(ctx, in))
	}
	ids := func(ps []*rectify.Problem) []int64 {
		var out []int64
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	filters := []struct {
		name string
		f    store.ProblemFilter
		lf   store.LightFilter
	}{
		{"everything", store.ProblemFilter{}, store.LightFilter{}},
		{"open statuses", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusInProgress, rectify.StatusNotStarted, rectify.StatusLongTerm}}, store.LightFilter{}},
		{"one unit's subtree", store.ProblemFilter{ScopePath: c.water.Path}, store.LightFilter{}},
		{"green or blue", store.ProblemFilter{}, store.LightFilter{Lights: []rectify.Light{rectify.LightGreen, rectify.LightBlue}, AsOf: base, WarnDays: 2}},
		// Light lists are read in a branch per status group (by number)
		// or per status (by deadline) and merged.
		{"red", store.ProblemFilter{}, store.LightFilter{Lights: []rectify.Light{rectify.LightRed}, AsOf: base.AddDays(3), WarnDays: 2}},
		{"yellow", store.ProblemFilter{}, store.LightFilter{Lights: []rectify.Light{rectify.LightYellow}, AsOf: base, WarnDays: 2}},
		{"red or yellow of some statuses", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusSubmitted, rectify.StatusLongTerm, rectify.StatusInProgress}},
			store.LightFilter{Lights: []rectify.Light{rectify.LightRed, rectify.LightYellow}, AsOf: base.AddDays(2), WarnDays: 1}},
		{"yellow by subtree windows", store.ProblemFilter{}, store.LightFilter{Lights: []rectify.Light{rectify.LightYellow}, AsOf: base, WarnDays: 1,
			Windows: []store.PathWindow{{Path: c.water.Path, WarnDays: 4}}}},
	}
	for _, fc := range filters {
		for _, sort := range []store.ProblemSort{store.SortNumber, store.SortDue, store.SortStatus, store.SortUpdated} {
			for _, desc := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s by %s desc=%v", fc.name, sort, desc), func(t *testing.T) {
					f := fc.f
					f.Sort, f.Desc = sort, desc
					whole, err := s.ListProblemPage(ctx, func() store.ProblemFilter { g := f; g.Limit = 500; return g }(), fc.lf)
					ok(t, err)
					want := ids(whole.Problems)
					if whole.Total != len(want) || whole.Next != "" || whole.Prev != "" {
						t.Fatalf("the whole list: total %d of %d, next %q, prev %q", whole.Total, len(want), whole.Next, whole.Prev)
					}
					// The same list read in one query, never in branches.
					flat, n, err := s.ListProblemsLit(ctx, f, fc.lf)
					ok(t, err)
					same(t, "the list read in one query", ids(flat), want)
					if n != len(want) {
						t.Errorf("read in one query: total %d, want %d", n, len(want))
					}
					f.Limit = 7
					var got []int64
					var pages []*store.ProblemPage
					for page, n := (*store.ProblemPage)(nil), 0; n == 0 || page.Next != ""; n++ {
						g := f
						if page != nil {
							g.After = page.Next
						}
						page, err = s.ListProblemPage(ctx, g, fc.lf)
						ok(t, err)
						if page.Total != len(want) {
							t.Fatalf("page %d: total %d, want %d", n+1, page.Total, len(want))
						}
						if (n == 0) != (page.Prev == "") {
							t.Fatalf("page %d: prev %q", n+1, page.Prev)
						}
						got = append(got, ids(page.Problems)...)
						pages = append(pages, page)
						if n > 100 {
							t.Fatal("the cursors do not end")
						}
					}
					same(t, "forward", got, want)
					// Back from the last page to the first.
					var back []int64
					page := pages[len(pages)-1]
					back = ids(page.Problems)
					for page.Prev != "" {
						g := f
						g.Before = page.Prev
						page, err = s.ListProblemPage(ctx, g, fc.lf)
						ok(t, err)
						back = append(ids(page.Problems), back...)
					}
					same(t, "backward", back, want)
				})
			}
		}
	}
	_, err := s.ListProblemPage(ctx, store.ProblemFilter{After: "not-a-cursor"}, store.LightFilter{})
	wantCode(t, err, rectify.EINVALID)
}

// TestProblemPageEstimatedTotal: past store.CountExact matches the total
// is marked as an estimate, and it is near the true count.
func TestProblemPageEstimatedTotal(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := &rectify.Inspection{UnitID: c.water.ID, Team: "县委第三巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10")}
	f := &rectify.Finding{Number: 1, Title: "很多问题"}
	const n = store.CountExact + 200
	for i := range n {
		f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1)})
	}
	in.Findings = []*rectify.Finding{f}
	ok(t, s.CreateInspection(ctx, in))
	green := store.LightFilter{Lights: []rectify.Light{rectify.LightGreen}, AsOf: d("2024-03-01"), WarnDays: 3}
	for _, tc := range []struct {
		name      string
		f         store.ProblemFilter
		total     int
		estimated bool
		lf        store.LightFilter
	}{
		{"all of them, first page", store.ProblemFilter{Limit: 50}, n, true, store.LightFilter{}},
		{"a few of them", store.ProblemFilter{Limit: 50, Query: "问题12"}, 11, false, store.LightFilter{}},
		// More matches than CountExact in a branch: read in order from
		// the branch's index rather than sorted.
		{"green ones", store.ProblemFilter{Limit: 50}, n, true, green},
		{"green ones by deadline", store.ProblemFilter{Limit: 50, Sort: store.SortDue, Desc: true}, n, true, green},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListProblemPage(ctx, tc.f, tc.lf)
			ok(t, err)
			lo, hi := tc.total*9/10, tc.total*11/10
			if page.Estimated != tc.estimated || page.Total < lo || page.Total > hi {
				t.Errorf("total %d (estimated %v), want about %d (estimated %v)", page.Total, page.Estimated, tc.total, tc.estimated)
			}
			if !slices.ContainsFunc(page.Problems, func(p *rectify.Problem) bool { return p.Number > 0 }) {
				t.Error("the page is empty")
			}
			if page.Next == "" {
				return
			}
			// The page after carries the same total, estimated or not.
			f := tc.f
			f.After = page.Next
			next, err := s.ListProblemPage(ctx, f, tc.lf)
			ok(t, err)
			// Both pages as the list read in one query has them.
			g := tc.f
			g.Limit = 100
			flat, _, err := s.ListProblemsLit(ctx, g, tc.lf)
			ok(t, err)
			var got, want []int64
			for _, p := range append(page.Problems, next.Problems...) {
				got = append(got, p.ID)
			}
			for _, p := range flat {
				want = append(want, p.ID)
			}
			same(t, "two pages", got, want)
			if next.Total != page.Total || next.Estimated != page.Estimated {
				t.Errorf("next page: total %d (estimated %v), first %d (estimated %v)", next.Total, next.Estimated, page.Total, page.Estimated)
			}
		})
	}
}

// TestProblemPageEstimatedScope: the estimated total of a unit's subtree
// is near the subtree's count, whether the subtree holds one large
// inspection among many of other units or more inspections (of like
// size) than the estimate reads, their sample holding fewer matches than
// store.CountExact or more.
func TestProblemPageEstimatedScope(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	resources := &rectify.Unit{Name: "中共青石县自然资源局党组", ParentID: c.root.ID}
	ok(t, s.CreateUnit(ctx, resources))
	inspect := func(unit int64, problems int) {
		t.Helper()
		f := &rectify.Finding{Number: 1, Title: "问题"}
		for i := range problems {
			f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1)})
		}
		ok(t, s.CreateInspection(ctx, &rectify.Inspection{UnitID: unit, Team: "县委第三巡察组", Kind: rectify.KindRegular,
			Feedback: d("2023-07-10"), Findings: []*rectify.Finding{f}}))
	}
	// The transport bureau: many small inspections, before and after the
	// water bureau's large one.
	for range 20 {
		inspect(c.transport.ID, 1)
	}
	const large = store.CountExact + 200
	inspect(c.water.ID, large)
	for range 20 {
		inspect(c.transport.ID, 1)
	}
	// The natural resources bureau: more inspections than the estimate
	// reads, 15 problems each.
	const many, each = 40, 15
	for range many {
		inspect(resources.ID, each)
	}
	// The ecology bureau: as many inspections of 20 problems, so that the
	// sample alone holds more than store.CountExact.
	ecology := &rectify.Unit{Name: "中共青石县生态环境分局党组", ParentID: c.root.ID}
	ok(t, s.CreateUnit(ctx, ecology))
	const more = 20
	for range many {
		inspect(ecology.ID, more)
	}
	for _, tc := range []struct {
		name  string
		f     store.ProblemFilter
		total int
	}{
		{"the water bureau's subtree", store.ProblemFilter{Limit: 50, ScopePath: c.water.Path}, large},
		{"the water bureau's subtree by last change", store.ProblemFilter{Limit: 50, ScopePath: c.water.Path, Sort: store.SortUpdated, Desc: true}, large},
		{"a bureau of many inspections", store.ProblemFilter{Limit: 50, ScopePath: resources.Path}, many * each},
		{"its open ones by deadline", store.ProblemFilter{Limit: 50, ScopePath: resources.Path, Sort: store.SortDue,
			Statuses: []rectify.Status{rectify.StatusNotStarted, rectify.StatusInProgress}}, many * each},
		{"a bureau whose sample is large", store.ProblemFilter{Limit: 50, ScopePath: ecology.Path}, many * more},
		{"its open ones by last change", store.ProblemFilter{Limit: 50, ScopePath: ecology.Path, Sort: store.SortUpdated,
			Statuses: []rectify.Status{rectify.StatusNotStarted, rectify.StatusInProgress}}, many * more},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListProblemPage(ctx, tc.f, store.LightFilter{})
			ok(t, err)
			lo, hi := tc.total*9/10, tc.total*11/10
			if !page.Estimated || page.Total < lo || page.Total > hi {
				t.Errorf("total %d (estimated %v), want about %d (estimated)", page.Total, page.Estimated, tc.total)
			}
			if len(page.Problems) != 50 {
				t.Errorf("%d problems on the page, want 50", len(page.Problems))
			}
		})
	}
}

// TestProblemPageUnits: a page comes with the unit of each problem's
// inspection, one copy per unit, in every form of the list.
func TestProblemPageUnits(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water, station := waterInspection(c.water.ID), waterInspection(c.station.ID)
	station.UnitName = c.station.Name
	ok(t, s.CreateInspection(ctx, water))
	ok(t, s.CreateInspection(ctx, station))
	red := store.LightFilter{Lights: []rectify.Light{rectify.LightRed, rectify.LightYellow, rectify.LightGreen, rectify.LightNone},
		AsOf: d("2024-03-01"), WarnDays: 3}
	for _, tc := range []struct {
		name string
		f    store.ProblemFilter
		lf   store.LightFilter
	}{
		{"the whole list", store.ProblemFilter{}, store.LightFilter{}},
		{"read in branches", store.ProblemFilter{}, red},
		{"a subtree by last change", store.ProblemFilter{ScopePath: c.water.Path, Sort: store.SortUpdated, Desc: true}, store.LightFilter{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListProblemPage(ctx, tc.f, tc.lf)
			ok(t, err)
			if len(page.Problems) == 0 {
				t.Fatal("the page is empty")
			}
			want := map[int64]string{water.ID: c.water.Name, station.ID: c.station.Name}
			for _, p := range page.Problems {
				u := page.Units[p.InspectionID]
				if u == nil || u.Name != want[p.InspectionID] {
					t.Errorf("problem %d of inspection %d: unit %+v, want %s", p.ID, p.InspectionID, u, want[p.InspectionID])
				}
			}
			if len(page.Units) == 2 && page.Units[water.ID] == page.Units[station.ID] {
				t.Error("two units share one copy")
			}
		})
	}
}

// TestProblemPageYellowByDay: a yellow list of more than store.CountExact
// problems, read a day of its window at a time, pages through the same
// problems in the same order as the list read in one query, forward and
// in reverse.
func TestProblemPageYellowByDay(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	asOf := d("2024-03-01")
	// Deadlines before, in and after a window of four days, interleaved
	// through the numbers so that every day holds problems of every part
	// of the list.
	const n = 2 * store.CountExact // four days in seven: more than CountExact
	for k := range 2 {
		f := &rectify.Finding{Number: 1, Title: "问题"}
		for i := range n / 2 {
			f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1),
				Due: asOf.AddDays(i%7 - 1), Status: rectify.StatusInProgress})
		}
		unit := c.water.ID
		if k == 1 {
			unit = c.transport.ID
		}
		ok(t, s.CreateInspection(ctx, &rectify.Inspection{UnitID: unit, Team: "县委第三巡察组", Kind: rectify.KindRegular,
			Feedback: d("2023-07-10"), Findings: []*rectify.Finding{f}}))
	}
	yellow := store.LightFilter{Lights: []rectify.Light{rectify.LightYellow}, AsOf: asOf, WarnDays: 3}
	for _, tc := range []struct {
		name string
		f    store.ProblemFilter
	}{
		{"by number", store.ProblemFilter{Limit: 50}},
		{"by number, last first", store.ProblemFilter{Limit: 50, Desc: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, _, err := s.ExplainProblemPage(ctx, tc.f, yellow)
			ok(t, err)
			if !slices.ContainsFunc(plan, func(line string) bool { return strings.Contains(line, "read by day") }) {
				t.Errorf("the window is not read by day: %s", strings.Join(plan, "; "))
			}
			page, err := s.ListProblemPage(ctx, tc.f, yellow)
			ok(t, err)
			f := tc.f
			f.After = page.Next
			next, err := s.ListProblemPage(ctx, f, yellow)
			ok(t, err)
			g := tc.f
			g.Limit = 100
			flat, _, err := s.ListProblemsLit(ctx, g, yellow)
			ok(t, err)
			var got, want []int64
			for _, p := range append(page.Problems, next.Problems...) {
				got = append(got, p.ID)
				if p.Due.Before(asOf) || p.Due.After(asOf.AddDays(3)) {
					t.Errorf("problem %d due %s is not yellow on %s", p.Number, p.Due, asOf)
				}
			}
			for _, p := range flat {
				want = append(want, p.ID)
			}
			same(t, "two pages", got, want)
			// And back from the second page to the first.
			f.After, f.Before = "", next.Prev
			back, err := s.ListProblemPage(ctx, f, yellow)
			ok(t, err)
			var first []int64
			for _, p := range back.Problems {
				first = append(first, p.ID)
			}
			same(t, "the page before the second", first, want[:50])
		})
	}
}

// TestProblemPageLargeCursors: lists of more matches than
// store.CountExact are read another way (walking the index of their order,
// skipping the statuses that cannot match, seeking a branch's deadline,
// reading a wide scope's few matches from its inspections); walked page by
// page, forward and back, in every order, they hold what the list read in
// one query holds, in its order.
func TestProblemPageLargeCursors(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	for i := range 6 {
		ok(t, s.CreateUnit(ctx, &rectify.Unit{Name: fmt.Sprintf("青石县第%d局党组", i+1), ParentID: c.root.ID}))
	}
	r := rand.New(rand.NewPCG(7, 11))
	// In progress and past the deadline: a branch of the red list by
	// deadline of more than CountExact.
	statuses := []rectify.Status{"", rectify.StatusInProgress, rectify.StatusInProgress, rectify.StatusInProgress, rectify.StatusInProgress,
		rectify.StatusSubmitted, rectify.StatusLongTerm, rectify.StatusCompleted, rectify.StatusCompleted, rectify.StatusCompleted}
	base := d("2024-03-01")
	for _, unit := range []*rectify.Unit{c.water, c.station, c.transport} {
		in := &rectify.Inspection{UnitID: unit.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10")}
		f := &rectify.Finding{Number: 1, Title: "大量问题", Problems: randomProblems(r, 900, statuses, base, 8, func() int { return r.IntN(30) - 22 })}
		in.Findings = []*rectify.Finding{f}
		ok(t, s.CreateInspection(ctx, in))
	}
	red := store.LightFilter{Lights: []rectify.Light{rectify.LightRed}, AsOf: base, WarnDays: 3}
	for _, fc := range []struct {
		name string
		f    store.ProblemFilter
		lf   store.LightFilter
		// branches: a wide scope's light is read in branches, as in a
		// scope of more inspections than the store reads whole.
		branches bool
	}{
		{"everything", store.ProblemFilter{}, store.LightFilter{}, false},
		{"completed", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusCompleted}}, store.LightFilter{}, false},
		{"open", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusInProgress, rectify.StatusSubmitted, rectify.StatusNotStarted}}, store.LightFilter{}, false},
		{"red", store.ProblemFilter{}, red, false},
		{"a wide subtree", store.ProblemFilter{ScopePath: c.water.Path}, store.LightFilter{}, false},
		{"red in a wide subtree", store.ProblemFilter{ScopePath: c.water.Path}, red, false},
		// Its branches but one hold fewer than CountExact.
		{"red in a wide subtree, in branches", store.ProblemFilter{ScopePath: c.water.Path}, red, true},
	} {
		for _, sort := range []store.ProblemSort{store.SortNumber, store.SortDue, store.SortStatus, store.SortUpdated} {
			for _, desc := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s by %s desc=%v", fc.name, sort, desc), func(t *testing.T) {
					if fc.branches {
						defer store.SetMaxReadScope(0)()
					}
					f := fc.f
					f.Sort, f.Desc = sort, desc
					flat, _, err := s.ListProblemsLit(ctx, f, fc.lf)
					ok(t, err)
					var want []int64
					for _, p := range flat {
						want = append(want, p.ID)
					}
					if len(want) <= store.CountExact {
						t.Fatalf("%d matches: the list must hold more than store.CountExact", len(want))
					}
					f.Limit = 100
					var got []int64
					var page *store.ProblemPage
					for n := 0; n == 0 || page.Next != ""; n++ {
						g := f
						if page != nil {
							g.After = page.Next
						}
						page, err = s.ListProblemPage(ctx, g, fc.lf)
						ok(t, err)
						for _, p := range page.Problems {
							got = append(got, p.ID)
						}
						if n > 50 {
							t.Fatal("the cursors do not end")
						}
					}
					same(t, "forward", got, want)
					back := []int64{}
					for _, p := range page.Problems {
						back = append(back, p.ID)
					}
					for page.Prev != "" {
						g := f
						g.Before = page.Prev
						page, err = s.ListProblemPage(ctx, g, fc.lf)
						ok(t, err)
						var ids []int64
						for _, p := range page.Problems {
							ids = append(ids, p.ID)
						}
						back = append(ids, back...)
					}
					same(t, "backward", back, want)
				})
			}
		}
	}
}

// randomProblems returns n problems numbered from 1: one in withoutDue
// without a deadline, the others due dueDay() days after base; each in a
// status drawn from statuses ("" for none; the others since 2023-12-01), a long-term
// one with a milestone within ten days of base.
func randomProblems(r *rand.Rand, n int, statuses []rectify.Status, base rectify.Date, withoutDue int, dueDay func() int) []*rectify.Problem {
	var out []*rectify.Problem
	for i := range n {
		p := &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1), Opened: d("2023-07-10")}
		if r.IntN(withoutDue) > 0 {
			p.Due = base.AddDays(dueDay())
		}
		if st := statuses[r.IntN(len(statuses))]; st != "" {
			h := rectify.StatusChange{Status: st, Date: d("2023-12-01")}
			if st == rectify.StatusLongTerm {
				h.Class, h.NextMilestone = "I", base.AddDays(r.IntN(20)-10)
			}
			p.History = []rectify.StatusChange{h}
		}
		out = append(out, p)
	}
	return out
}

// TestListCountsFollowTheRecord: a list's count read at some heads is
// kept for the requests at the same heads, and counted again once a change
// moves them.
func TestListCountsFollowTheRecord(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	add := func(n int) {
		t.Helper()
		in := &rectify.Inspection{UnitID: c.water.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10")}
		f := &rectify.Finding{Number: 1, Title: "计数"}
		for i := range n {
			f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1)})
		}
		in.Findings = []*rectify.Finding{f}
		ok(t, s.CreateInspection(ctx, in))
	}
	total := func(ctx context.Context) int {
		t.Helper()
		page, err := s.ListProblemPage(ctx, store.ProblemFilter{Limit: 2, ScopePath: c.water.Path}, store.LightFilter{})
		ok(t, err)
		return page.Total
	}
	atHeads := func() context.Context {
		t.Helper()
		h, _, err := s.ReadHeads(ctx, "", 0)
		ok(t, err)
		return store.WithHeads(ctx, h)
	}
	add(5)
	before := atHeads()
	if got := total(before); got != 5 {
		t.Fatalf("total %d, want 5", got)
	}
	add(3)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"at the heads read before the change: as counted then", before, 5},
		{"at the heads after it", atHeads(), 8},
		{"without heads", ctx, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := total(tc.ctx); got != tc.want {
				t.Errorf("total %d, want %d", got, tc.want)
			}
		})
	}
}
