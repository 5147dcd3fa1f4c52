package facts

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// expectedByUnit returns, for every unit, rectify.Compute over the whole
// record of the inspections of its subtree, read in full through the
// store's ordinary reads: what the overview must equal.
func expectedByUnit(t *testing.T, st *store.Store, asOf rectify.Date) (map[int64]rectify.Indicators, map[int64]rectify.Indicators, rectify.Indicators) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	units, err := st.ListUnits(ctx, "")
	must(t, err)
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	must(t, err)
	type record struct {
		problems []*rectify.Problem
		rechecks []*rectify.Recheck
		rules    []*rectify.Rule
		acc      []*rectify.Accountability
	}
	byIns := map[int64]*record{}
	unitOf := map[int64]*rectify.Unit{}
	for _, u := range units {
		unitOf[u.ID] = u
	}
	all := &record{}
	perIns := map[int64]rectify.Indicators{}
	for _, in := range ins {
		full, err := st.LoadInspection(ctx, in.ID)
		must(t, err)
		rec := &record{problems: full.Problems()}
		for _, p := range rec.problems {
			rc, err := st.ListRechecks(ctx, p.ID)
			must(t, err)
			rec.rechecks = append(rec.rechecks, rc...)
		}
		rec.rules, err = st.ListRules(ctx, store.RecordFilter{InspectionID: in.ID})
		must(t, err)
		rec.acc, err = st.ListAccountability(ctx, store.RecordFilter{InspectionID: in.ID})
		must(t, err)
		byIns[in.ID] = rec
		perIns[in.ID] = rectify.Compute(asOf, rec.problems, rec.rechecks, rec.rules, rec.acc)
		all.problems = append(all.problems, rec.problems...)
		all.rechecks = append(all.rechecks, rec.rechecks...)
		all.rules = append(all.rules, rec.rules...)
		all.acc = append(all.acc, rec.acc...)
	}
	out := map[int64]rectify.Indicators{}
	for _, u := range units {
		sub := &record{}
		n := 0
		for _, in := range ins {
			if rectify.Within(unitOf[in.UnitID].Path, u.Path) {
				rec := byIns[in.ID]
				sub.problems = append(sub.problems, rec.problems...)
				sub.rechecks = append(sub.rechecks, rec.rechecks...)
				sub.rules = append(sub.rules, rec.rules...)
				sub.acc = append(sub.acc, rec.acc...)
				n++
			}
		}
		if n > 0 {
			out[u.ID] = rectify.Compute(asOf, sub.problems, sub.rechecks, sub.rules, sub.acc)
		}
	}
	return out, perIns, rectify.Compute(asOf, all.problems, all.rechecks, all.rules, all.acc)
}

// checkFigures compares the overview's figures as of asOf with
// rectify.Compute on the full record.
func checkFigures(t *testing.T, st *store.Store, idx *Index, asOf rectify.Date) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	view, err := idx.Current(ctx)
	must(t, err)
	units, err := st.ListUnits(ctx, "")
	must(t, err)
	fig, err := view.Figures(ctx, units, "", asOf, rectify.DefaultWarnDays)
	must(t, err)
	byUnit, perIns, total := expectedByUnit(t, st, asOf)
	if fig.Total != total {
		t.Errorf("as of %s: total\n got %+v\nwant %+v", asOf, fig.Total, total)
	}
	for id, want := range byUnit {
		if got := fig.ByUnit[id]; got != want {
			t.Errorf("as of %s: unit %d\n got %+v\nwant %+v", asOf, id, got, want)
		}
	}
	for id := range fig.ByUnit {
		if _, ok := byUnit[id]; !ok {
			t.Errorf("as of %s: unit %d has figures but no inspection", asOf, id)
		}
	}
	for id, want := range perIns {
		if got := fig.PerInspection[id]; got != want {
			t.Errorf("as of %s: inspection %d\n got %+v\nwant %+v", asOf, id, got, want)
		}
	}
}

// TestIndexEqualsCompute checks the overview's figures against
// rectify.Compute on the full record of the demo, for every unit and
// inspection, as of today, of days spread over the record's two years and
// of days to come; then again after changes of every kind, which the
// index follows through the audit log.
func TestIndexEqualsCompute(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	today := rectify.MustDate("2024-06-15")
	st.Now = func() time.Time { return today.Time().Add(10 * time.Hour) }
	sum, err := demo.Fill(ctx, st, today, demo.Options{})
	must(t, err)
	idx := New(st)
	r := rand.New(rand.NewPCG(1, 2))
	days := []rectify.Date{today, today.AddDays(-1), today.AddDays(45), rectify.MustDate("2022-01-01")}
	for range 12 {
		days = append(days, today.AddDays(-r.IntN(800)))
	}
	for _, d := range days {
		checkFigures(t, st, idx, d)
	}

	// Changes through the use cases, each followed by the index.
	admin := &rectify.User{ID: 1, Login: "banshi", Name: "巡察办", Role: rectify.RoleAdmin}
	unitUser := &rectify.User{ID: 2, Login: "danwei", Name: "单位填报", Role: rectify.RoleEditor, UnitID: sum.Bureau}
	bureau, err := st.GetUnit(ctx, sum.Bureau)
	must(t, err)
	unitUser.ScopePath = bureau.Path
	work := &workflow.Service{Store: st, Now: st.Now}
	actx, uctx := rectify.WithUser(ctx, admin), rectify.WithUser(ctx, unitUser)
	ps, _, err := st.ListProblems(ctx, store.ProblemFilter{InspectionID: sum.Showcase})
	must(t, err)
	var started, submitted bool
	for _, p := range ps {
		switch {
		case p.Status == rectify.StatusNotStarted && !started:
			must(t, work.StartWork(uctx, p.ID))
			started = true
		case p.Status == rectify.StatusSubmitted && !submitted:
			_, err := work.Approve(actx, p.ID)
			must(t, err)
			submitted = true
		case p.Status == rectify.StatusInProgress:
			full, err := st.GetProblem(ctx, p.ID)
			must(t, err)
			for _, m := range full.Measures {
				if m.Done.IsZero() {
					must(t, work.MarkMeasureDone(uctx, m.ID, today))
					break
				}
			}
		}
	}
	must(t, work.AddMeasure(uctx, &rectify.Measure{ProblemID: ps[0].ID, Text: "补充一项措施"}))
	must(t, st.CreateRule(ctx, &rectify.Rule{InspectionID: sum.Showcase, Title: "新制度", Kind: rectify.RuleNew, Date: today}))
	checkFigures(t, st, idx, today)
	checkFigures(t, st, idx, today.AddDays(-30))

	// An inspection added and one deleted.
	extra := &rectify.Inspection{UnitID: sum.Bureau, Team: "市委第九巡察组", Feedback: today.AddDays(-10),
		Findings: []*rectify.Finding{{Number: 1, Title: "新问题", Problems: []*rectify.Problem{
			{Number: 1, Title: "新增问题一", Due: today.AddDays(-1), Opened: today.AddDays(-10)},
			{Number: 2, Title: "新增问题二", Opened: today.AddDays(-10),
				History: []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: today.AddDays(-2)}}}}}}}
	must(t, st.CreateInspection(ctx, extra))
	must(t, st.DeleteInspection(ctx, sum.Inspections[0]))
	checkFigures(t, st, idx, today)
	checkFigures(t, st, idx, today.AddDays(-5))
	v, err := idx.Current(ctx)
	must(t, err)
	if n, err := v.Problems(ctx, sum.Inspections[0]); err != nil || v.Inspection(sum.Inspections[0]) != nil || n > 0 {
		t.Errorf("a deleted inspection stays in the index (%d problems, %v)", n, err)
	}
	if n, err := v.Problems(ctx, extra.ID); err != nil || n != 2 {
		t.Errorf("the inspection added has %d problems (%v), want 2", n, err)
	}
}

// TestTallyEqualsAdd holds the overview's count of problems to
// rectify.Indicators.Add, and its deadline chart to the status in force
// and the days until the deadline, on random histories (reopened,
// completed twice, long-term with milestones, none at all, several on a
// day, out of order, of a status none of rectify's, opened late) and
// random days, a few problems to a tally.
func TestTallyEqualsAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	base := rectify.MustDate("2023-01-01")
	day := func() rectify.Date { return base.AddDays(r.IntN(700)) }
	maybe := func() rectify.Date {
		if r.IntN(4) == 0 {
			return rectify.Date{}
		}
		return day()
	}
	statuses := append(slices.Clone(rectify.Statuses), "unheard_of")
	for i := range 2000 {
		var ps []*store.ProblemFact
		for j := range r.IntN(6) {
			p := &rectify.Problem{ID: int64(10*i + j + 1), Opened: maybe(), Due: maybe(), Status: rectify.StatusNotStarted}
			n := r.IntN(5)
			d := day()
			for range n {
				d = d.AddDays(r.IntN(60))
				h := rectify.StatusChange{Status: statuses[r.IntN(len(statuses))], Date: d}
				if h.Status == rectify.StatusLongTerm {
					h.NextMilestone = maybe()
				}
				p.History = append(p.History, h)
			}
			if r.IntN(8) == 0 {
				r.Shuffle(n, func(a, b int) { p.History[a], p.History[b] = p.History[b], p.History[a] })
			}
			if n > 0 {
				last := p.History[n-1]
				p.Status, p.StatusDate, p.NextMilestone = last.Status, last.Date, last.NextMilestone
			} else if r.IntN(2) == 0 {
				p.Status, p.StatusDate = statuses[r.IntN(len(statuses))], maybe()
			}
			for range r.IntN(4) {
				p.Measures = append(p.Measures, &rectify.Measure{Done: maybe()})
			}
			var rechecks []*rectify.Recheck
			for range r.IntN(3) {
				rechecks = append(rechecks, &rectify.Recheck{ProblemID: p.ID, Result: rectify.RecheckFailed, Done: maybe()})
			}
			ps = append(ps, &store.ProblemFact{ID: p.ID, Facts: p.Facts(rechecks)})
		}
		tl := New(nil).newTally(nil, nil, ps)
		for range 6 {
			asOf, warn := day(), r.IntN(10)
			want := Count{Ind: rectify.Indicators{AsOf: asOf}}
			for _, p := range ps {
				want.Ind.Add(p.Facts)
				if !p.Facts.Opened.IsZero() && p.Facts.Opened.After(asOf) {
					continue
				}
				h, _ := rectify.StatusAsOf(p.Facts.History, asOf)
				due := p.Facts.Due
				if h.Status == rectify.StatusLongTerm {
					due = h.NextMilestone
				}
				if h.Status == rectify.StatusCompleted || due.IsZero() {
					continue
				}
				switch days := asOf.DaysUntil(due); {
				case days < 0:
					want.Overdue++
				case days < 7*DeadlineWeeks && days <= warn:
					want.Weeks[days/7][0]++
				case days < 7*DeadlineWeeks:
					want.Weeks[days/7][1]++
				}
			}
			if got := tl.count(asOf, warn); got != want {
				for _, p := range ps {
					t.Logf("%+v", p.Facts)
				}
				t.Fatalf("as of %s, warning %d days:\n got %+v\nwant %+v", asOf, warn, got, want)
			}
		}
	}
}

// TestStatusCodes checks that a tally counts every status where
// rectify.Indicators.CountStatus counts it.
func TestStatusCodes(t *testing.T) {
	for _, s := range append(slices.Clone(rectify.Statuses), "", "unheard_of") {
		var want, got rectify.Indicators
		want.CountStatus(s)
		var n [numCodes]int
		n[codeOf(s)]++
		setStatusCounts(&got, &n)
		if got != want {
			t.Errorf("%q:\n got %+v\nwant %+v", s, got, want)
		}
		if (codeOf(s) == codeCompleted) != !s.Open() || (codeOf(s) == codeLongTerm) != (s == rectify.StatusLongTerm) {
			t.Errorf("%q: code %d, open %v", s, codeOf(s), s.Open())
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fakeSource is a record that says its head and hands out what changed
// after a generation and the problems of the inspections asked for,
// counting the reads.
type fakeSource struct {
	seq   int64
	err   error
	asked []int64   // the afterSeq of each read
	read  [][]int64 // the inspections whose problems each read handed out (nil: all)
	// deltas are what changed after a generation; problems the record's
	// problems at each generation.
	deltas   map[int64]*store.FactsDelta
	problems map[int64][]*store.ProblemFact
}

func (f *fakeSource) Generation(context.Context) (int64, error) { return f.seq, f.err }

func (f *fakeSource) ReadFactsEach(_ context.Context, after int64, of func(*store.FactsDelta) ([]int64, bool),
	each func(*store.FactsDelta, []*store.ProblemFact) error) (*store.FactsDelta, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.asked = append(f.asked, after)
	d := store.FactsDelta{Seq: after} // nothing changed since
	if after != f.seq {
		d = *f.deltas[after]
	}
	ids, all := of(&d)
	var ps []*store.ProblemFact
	for _, p := range f.problems[d.Seq] {
		if all || slices.Contains(ids, p.InspectionID) {
			ps = append(ps, p)
		}
	}
	if all {
		ids = nil
	}
	if len(ids) > 0 || all {
		f.read = append(f.read, ids)
	}
	// In chunks of two, an inspection's problems split.
	for len(ps) > 0 {
		n := min(len(ps), 2)
		if err := each(&d, ps[:n]); err != nil {
			return nil, err
		}
		ps = ps[n:]
	}
	return &d, nil
}

// TestCurrentReadsOnlyWhenTheHeadMoves: a request whose head is the
// index's reads nothing; a head that moved reads what came after the
// index's own, and counts again only the inspections it touched; a problem
// that goes is no longer counted.
func TestCurrentReadsOnlyWhenTheHeadMoves(t *testing.T) {
	ctx := context.Background()
	asOf := rectify.MustDate("2024-06-01")
	open := func(id, ins int64, n int) *store.ProblemFact {
		return &store.ProblemFact{ID: id, InspectionID: ins, Number: n, Status: rectify.StatusInProgress,
			Facts: rectify.ProblemFacts{History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: asOf.AddDays(-9)}}}}
	}
	done := open(2, 10, 2)
	done.Status = rectify.StatusCompleted
	done.Facts.History = append(done.Facts.History, rectify.StatusChange{Status: rectify.StatusCompleted, Date: asOf.AddDays(-1)})
	inspections := []*store.InspectionFact{{ID: 10, UnitID: 1}, {ID: 11, UnitID: 1}, {ID: 12, UnitID: 1}}
	src := &fakeSource{seq: 5,
		deltas: map[int64]*store.FactsDelta{
			0: {Seq: 5, Full: true, InspectionsRead: true, Inspections: inspections},
			5: {Seq: 7, Touched: []int64{10}},
		},
		problems: map[int64][]*store.ProblemFact{
			5: {open(1, 10, 1), open(2, 10, 2), open(3, 10, 3), open(4, 11, 1), open(5, 12, 1)},
			7: {open(1, 10, 1), done, open(4, 11, 1), open(5, 12, 1)},
		}}
	idx := New(src)
	counts := func() (ten, eleven rectify.Indicators) {
		t.Helper()
		v, err := idx.Current(ctx)
		must(t, err)
		cs, _, err := v.Counts(ctx, []*store.InspectionFact{v.Inspection(10), v.Inspection(11)}, asOf, rectify.DefaultWarnDays)
		must(t, err)
		return cs[0].Ind, cs[1].Ind
	}
	ten, eleven := counts()
	counts()
	if len(src.asked) != 2 || ten.Total != 3 || eleven.Total != 1 {
		t.Fatalf("first reads %v, inspection 10 %d problems, 11 %d; want two reads (the inspections, then the problems), 3 and 1",
			src.asked, ten.Total, eleven.Total)
	}
	src.seq = 7
	ten, eleven = counts()
	if len(src.asked) != 4 || src.asked[2] != 5 || src.asked[3] != 7 {
		t.Fatalf("reads %v, want the third after 5 (what changed), the fourth after 7 (what to count again)", src.asked)
	}
	if got := src.read[len(src.read)-1]; !slices.Equal(got, []int64{10}) {
		t.Errorf("after the change read the problems of %v, want those of 10 alone", got)
	}
	if ten.Total != 2 || ten.Completed != 1 || eleven.Total != 1 || eleven.InProgress != 1 {
		t.Errorf("after the change: inspection 10 %+v, 11 %+v; want 10: two, one completed, 11: one in progress", ten, eleven)
	}
	src.err = errors.New("database gone")
	src.seq = 8
	if _, err := idx.Current(ctx); !errors.Is(err, src.err) {
		t.Errorf("err = %v, want the source's", err)
	}
}
