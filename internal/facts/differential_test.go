package facts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// randomRecord is a county of three units with random histories stored in
// st: problems of every status, reopened, completed twice, long-term with
// milestones or none, with and without deadlines, measures done on random
// days, failed look-backs, rules and accountability.
type randomRecord struct {
	units []*rectify.Unit
	ins   []*rectify.Inspection
	r     *rand.Rand
	base  rectify.Date
}

func newRandomRecord(t *testing.T, ctx context.Context, st *store.Store, seed uint64) *randomRecord {
	t.Helper()
	rr := &randomRecord{r: rand.New(rand.NewPCG(seed, 99)), base: rectify.MustDate("2024-01-01")}
	r := rr.r
	root := &rectify.Unit{Name: "中共青石县委员会"}
	ok(t, st.CreateUnit(ctx, root))
	water := &rectify.Unit{Name: "中共青石县水务局党组", ParentID: root.ID}
	ok(t, st.CreateUnit(ctx, water))
	station := &rectify.Unit{Name: "县水文站", ParentID: water.ID}
	ok(t, st.CreateUnit(ctx, station))
	rr.units = []*rectify.Unit{root, water, station}
	day := func(span int) rectify.Date { return rr.base.AddDays(r.IntN(span)) }
	maybe := func(span int) rectify.Date {
		if r.IntN(4) == 0 {
			return rectify.Date{}
		}
		return day(span)
	}
	statuses := []rectify.Status{rectify.StatusInProgress, rectify.StatusSubmitted, rectify.StatusMostlyCompleted,
		rectify.StatusNotCompleted, rectify.StatusLongTerm, rectify.StatusCompleted}
	for i, unit := range []*rectify.Unit{water, station, water, root} {
		in := &rectify.Inspection{UnitID: unit.ID, Team: fmt.Sprintf("县委第%d巡察组", i+1), Kind: rectify.KindRegular,
			Round: 1 + i%2, Feedback: rr.base.AddDays(-10)}
		f := &rectify.Finding{Number: 1, Title: "随机问题"}
		for j := range 30 + r.IntN(20) {
			p := &rectify.Problem{Number: j + 1, Title: fmt.Sprintf("问题%d", j+1), Due: maybe(400), Opened: maybe(200),
				Leader: []string{"", "张伟", "李娜", "王强"}[r.IntN(4)], OwnerUnit: []string{"", "办公室", "财务科"}[r.IntN(3)]}
			d := day(100)
			for range r.IntN(5) {
				d = d.AddDays(1 + r.IntN(60))
				h := rectify.StatusChange{Status: statuses[r.IntN(len(statuses))], Date: d}
				if h.Status == rectify.StatusLongTerm {
					h.Class, h.NextMilestone = "I", maybe(500)
				}
				p.History = append(p.History, h)
			}
			for k := range r.IntN(4) {
				p.Measures = append(p.Measures, &rectify.Measure{Number: k + 1, Text: fmt.Sprintf("措施%d", k+1), Done: maybe(400)})
			}
			f.Problems = append(f.Problems, p)
		}
		in.Findings = []*rectify.Finding{f}
		ok(t, st.CreateInspection(ctx, in))
		for _, p := range in.Problems() {
			if r.IntN(6) == 0 {
				rc := &rectify.Recheck{ProblemID: p.ID, Due: day(300)}
				if r.IntN(2) == 0 {
					rc.Done, rc.Result, rc.Reviewer = day(400), rectify.RecheckFailed, "刘审核"
				}
				ok(t, st.CreateRecheck(ctx, rc))
			}
		}
		for range r.IntN(3) {
			ok(t, st.CreateRule(ctx, &rectify.Rule{InspectionID: in.ID, Title: "新制度", Kind: rectify.RuleNew, Date: day(400)}))
		}
		for range r.IntN(3) {
			ok(t, st.CreateAccountability(ctx, &rectify.Accountability{InspectionID: in.ID, Person: "某某", Form: "约谈",
				Date: day(400), Reason: "整改不力"}))
		}
		rr.ins = append(rr.ins, in)
	}
	return rr
}

// change makes a few random changes through the store: statuses moved on,
// measures done, an inspection's rule.
func (rr *randomRecord) change(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	r := rr.r
	for range 8 {
		in := rr.ins[r.IntN(len(rr.ins))]
		ps, _, err := st.ListProblems(ctx, store.ProblemFilter{InspectionID: in.ID})
		ok(t, err)
		p, err := st.GetProblem(ctx, ps[r.IntN(len(ps))].ID)
		ok(t, err)
		switch r.IntN(3) {
		case 0:
			h := rectify.StatusChange{Status: rectify.StatusCompleted, Date: rr.base.AddDays(300 + r.IntN(100))}
			_, err = st.AddStatusChange(ctx, p.ID, p.Version, h)
			ok(t, err)
		case 1:
			h := rectify.StatusChange{Status: rectify.StatusLongTerm, Class: "I", Date: rr.base.AddDays(300 + r.IntN(100)),
				NextMilestone: rr.base.AddDays(350 + r.IntN(100))}
			_, err = st.AddStatusChange(ctx, p.ID, p.Version, h)
			ok(t, err)
		default:
			if len(p.Measures) > 0 {
				m := *p.Measures[0]
				m.Done = rr.base.AddDays(r.IntN(400))
				ok(t, st.UpdateMeasure(ctx, &m))
			}
		}
	}
	ok(t, st.CreateRule(ctx, &rectify.Rule{InspectionID: rr.ins[0].ID, Title: "又一制度", Kind: rectify.RuleRevised, Date: rr.base.AddDays(200)}))
}

// want returns rectify.Compute over each inspection's full record as of
// asOf, and over all of them, read through the store's ordinary reads.
func want(t *testing.T, ctx context.Context, st *store.Store, asOf rectify.Date) (map[int64]rectify.Indicators, rectify.Indicators, []*rectify.Problem) {
	t.Helper()
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	ok(t, err)
	per := map[int64]rectify.Indicators{}
	var all []*rectify.Problem
	var allRc []*rectify.Recheck
	var allRules []*rectify.Rule
	var allAcc []*rectify.Accountability
	for _, in := range ins {
		full, err := st.LoadInspection(ctx, in.ID)
		ok(t, err)
		ps := full.Problems()
		var rcs []*rectify.Recheck
		for _, p := range ps {
			rc, err := st.ListRechecks(ctx, p.ID)
			ok(t, err)
			rcs = append(rcs, rc...)
		}
		rules, err := st.ListRules(ctx, store.RecordFilter{InspectionID: in.ID})
		ok(t, err)
		acc, err := st.ListAccountability(ctx, store.RecordFilter{InspectionID: in.ID})
		ok(t, err)
		per[in.ID] = rectify.Compute(asOf, ps, rcs, rules, acc)
		all, allRc = append(all, ps...), append(allRc, rcs...)
		allRules, allAcc = append(allRules, rules...), append(allAcc, acc...)
	}
	return per, rectify.Compute(asOf, all, allRc, allRules, allAcc), all
}

// check holds three answers to "what are the indicators and the lights" to
// one another on the same record: the root rule (rectify.Compute and
// rectify.LightOf over the whole record), the store's SQL (Indicators, and
// ListProblemsLit's light filter) and the facts index (figures by
// inspection and in total, the to-do count of red and yellow).
func check(t *testing.T, ctx context.Context, st *store.Store, idx *facts.Index, units []*rectify.Unit, days []rectify.Date) {
	t.Helper()
	view, err := idx.Current(ctx)
	ok(t, err)
	for _, asOf := range days {
		per, total, problems := want(t, ctx, st, asOf)
		fig, err := view.Figures(ctx, units, "", asOf, rectify.DefaultWarnDays)
		ok(t, err)
		if fig.Total != total {
			t.Errorf("as of %s: the index's total\n got %+v\nwant %+v", asOf, fig.Total, total)
		}
		sqlPer, sqlTotal, err := st.Indicators(ctx, store.IndicatorFilter{}, asOf)
		ok(t, err)
		if sqlTotal != total {
			t.Errorf("as of %s: the store's total\n got %+v\nwant %+v", asOf, sqlTotal, total)
		}
		for id, w := range per {
			if got := fig.PerInspection[id]; got != w {
				t.Errorf("as of %s: the index's inspection %d\n got %+v\nwant %+v", asOf, id, got, w)
			}
			if got := sqlPer[id]; got != w {
				t.Errorf("as of %s: the store's inspection %d\n got %+v\nwant %+v", asOf, id, got, w)
			}
		}
		for _, warn := range []int{0, 7, 30} {
			byRule := 0
			for _, p := range problems {
				switch rectify.LightOf(asOf, p.Status, p.Due, p.NextMilestone, warn) {
				case rectify.LightRed, rectify.LightYellow:
					byRule++
				}
			}
			byIndex, err := view.Late(ctx, view.InScope(units, ""), asOf, func(*store.InspectionFact) int { return warn })
			ok(t, err)
			_, bySQL, err := st.ListProblemsLit(ctx, store.ProblemFilter{Limit: 1},
				store.LightFilter{Lights: []rectify.Light{rectify.LightRed, rectify.LightYellow}, AsOf: asOf, WarnDays: warn})
			ok(t, err)
			if byIndex != byRule || bySQL != byRule {
				t.Errorf("as of %s, window %d: red and yellow by the rule %d, by the index %d, by SQL %d", asOf, warn, byRule, byIndex, bySQL)
			}
		}
	}
}

// TestIndicatorsAgreeOnRandomHistories is the differential test of the
// indicators and the lights: root rule vs the store's SQL vs the facts
// index, on random histories, as of days before, within and after them,
// then again after random changes that the index follows through the audit
// log. It runs on SQLite, and on PostgreSQL with RECTIFY_TEST_POSTGRES.
func TestIndicatorsAgreeOnRandomHistories(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			ctx := rectify.AsSystem(context.Background())
			st := testdb.Open(t)
			rr := newRandomRecord(t, ctx, st, seed)
			// One index reads the problems of the inspections it
			// counts, the other every problem, as when most are missing.
			idx, all := facts.New(st), facts.New(st)
			facts.ReadEverything(all)
			days := []rectify.Date{rr.base.AddDays(-30), rr.base, rr.base.AddDays(400), rr.base.AddDays(900)}
			for range 5 {
				days = append(days, rr.base.AddDays(rr.r.IntN(500)))
			}
			check(t, ctx, st, idx, rr.units, days)
			check(t, ctx, st, all, rr.units, days)
			rr.change(t, ctx, st)
			check(t, ctx, st, idx, rr.units, days[:5])
			check(t, ctx, st, all, rr.units, days[:5])
		})
	}
}

// TestTwoServersAgree: two stores on one database, as two servers behind a
// balancer, each with its own index; a change through one is in the
// other's figures, filters and to-do count on its next read.
func TestTwoServersAgree(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	one, err := store.Open(ctx, dsn)
	ok(t, err)
	t.Cleanup(func() { one.Close() })
	two, err := store.Open(ctx, dsn)
	ok(t, err)
	t.Cleanup(func() { two.Close() })
	rr := newRandomRecord(t, ctx, one, 5)
	idxOne, idxTwo := facts.New(one), facts.New(two)
	asOf := rr.base.AddDays(450)
	figures := func(idx *facts.Index) (*facts.View, *facts.Figures) {
		v, err := idx.Current(ctx)
		ok(t, err)
		fig, err := v.Figures(ctx, rr.units, "", asOf, rectify.DefaultWarnDays)
		ok(t, err)
		return v, fig
	}
	_, before := figures(idxTwo)
	figures(idxOne)

	// Through the first: an open problem completed, a leader renamed.
	in := rr.ins[0]
	ps, _, err := one.ListProblems(ctx, store.ProblemFilter{InspectionID: in.ID})
	ok(t, err)
	var open *rectify.Problem
	for _, p := range ps {
		if p.Status != rectify.StatusCompleted && (p.Opened.IsZero() || !p.Opened.After(asOf)) {
			open = p
			break
		}
	}
	if open == nil {
		t.Fatal("no open problem in the random record")
	}
	_, err = one.AddStatusChange(ctx, open.ID, open.Version, rectify.StatusChange{Status: rectify.StatusCompleted, Date: asOf.AddDays(-1)})
	ok(t, err)
	p, err := one.GetProblem(ctx, open.ID)
	ok(t, err)
	p.Leader = "赵新来"
	ok(t, one.UpdateProblem(ctx, p))

	v, after := figures(idxTwo)
	if after.Total.Completed != before.Total.Completed+1 || after.PerInspection[in.ID].Completed != before.PerInspection[in.ID].Completed+1 {
		t.Errorf("the second server's completed: %d then %d (inspection %d then %d), want one more",
			before.Total.Completed, after.Total.Completed, before.PerInspection[in.ID].Completed, after.PerInspection[in.ID].Completed)
	}
	_, leaders, err := v.Choices(ctx, rr.units, "")
	ok(t, err)
	found := false
	for _, l := range leaders {
		found = found || l == "赵新来"
	}
	if !found {
		t.Errorf("the second server's leaders %v lack the one the first set", leaders)
	}
	if _, mine := figures(idxOne); mine.Total != after.Total {
		t.Errorf("the two servers disagree:\n one %+v\n two %+v", mine.Total, after.Total)
	}
}

// TestUnitsAsListUnits: the view's units of every scope are the store's
// ListUnits, in the same tree order, and follow a unit added and one
// renamed through another store on the same database.
func TestUnitsAsListUnits(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	st, err := store.Open(ctx, dsn)
	ok(t, err)
	t.Cleanup(func() { st.Close() })
	other, err := store.Open(ctx, dsn)
	ok(t, err)
	t.Cleanup(func() { other.Close() })
	rr := newRandomRecord(t, ctx, st, 8)
	idx := facts.New(st)
	same := func(when string) {
		t.Helper()
		v, err := idx.Current(ctx)
		ok(t, err)
		all, err := st.ListUnits(ctx, "")
		ok(t, err)
		for _, scope := range append([]string{""}, func() []string {
			var ps []string
			for _, u := range all {
				ps = append(ps, u.Path, strings.TrimSuffix(u.Path, "/"))
			}
			return ps
		}()...) {
			want, err := st.ListUnits(ctx, scope)
			ok(t, err)
			got := v.Units(scope)
			if len(got) != len(want) {
				t.Errorf("%s, scope %q: %d units, want %d", when, scope, len(got), len(want))
				continue
			}
			for i := range want {
				if *got[i] != *want[i] {
					t.Errorf("%s, scope %q: unit %d is %+v, want %+v", when, scope, i, *got[i], *want[i])
				}
			}
		}
	}
	same("at first")
	ok(t, other.CreateUnit(ctx, &rectify.Unit{Name: "县档案馆", ParentID: rr.units[0].ID}))
	u, err := other.GetUnit(ctx, rr.units[2].ID)
	ok(t, err)
	u.Name = "县水文水资源勘测站"
	ok(t, other.UpdateUnit(ctx, u))
	same("after a unit added and one renamed")
}
