package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestLightFilterAgreesWithLightOf is the differential test of the
// deadline light (红黄绿灯): the SQL that selects problems by light
// (store.LightFilter, in ListProblemsLit) and the root rule
// (rectify.LightOf on the current status, deadline and next milestone)
// must give the same problems, for random problems of every status, with
// and without deadlines and milestones, on several days, warning windows,
// per-unit windows and windows of nested subtrees (the deepest wins, as
// store.WindowAt), and for every set of lights asked together. It
// runs on SQLite, and on PostgreSQL with the store suite.
func TestLightFilterAgreesWithLightOf(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	r := rand.New(rand.NewPCG(7, 11))
	statuses := []rectify.Status{"", rectify.StatusInProgress, rectify.StatusSubmitted, rectify.StatusMostlyCompleted,
		rectify.StatusNotCompleted, rectify.StatusLongTerm, rectify.StatusCompleted}
	base := d("2024-03-01")
	date := func() rectify.Date {
		if r.IntN(5) == 0 {
			return rectify.Date{} // none
		}
		return base.AddDays(r.IntN(41) - 20)
	}
	var all []*rectify.Problem
	unitOf := map[int64]int64{}
	paths := map[int64]string{}
	for _, unit := range []*rectify.Unit{c.water, c.station, c.transport} {
		paths[unit.ID] = unit.Path
		in := &rectify.Inspection{UnitID: unit.ID, Team: "县委第三巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10")}
		f := &rectify.Finding{Number: 1, Title: "随机问题"}
		for i := range 150 {
			p := &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d", i+1), Due: date(), Opened: d("2023-07-10")}
			if st := statuses[r.IntN(len(statuses))]; st != "" {
				h := rectify.StatusChange{Status: st, Date: d("2023-12-01")}
				if st == rectify.StatusLongTerm {
					h.Class, h.NextMilestone = "I", date()
				}
				p.History = []rectify.StatusChange{h}
			}
			f.Problems = append(f.Problems, p)
		}
		in.Findings = []*rectify.Finding{f}
		ok(t, s.CreateInspection(ctx, in))
		for _, p := range in.Problems() {
			unitOf[p.ID] = unit.ID
		}
	}
	stored, _, err := s.ListProblems(ctx, store.ProblemFilter{})
	ok(t, err)
	all = stored
	if len(all) != 450 {
		t.Fatalf("%d problems stored", len(all))
	}
	lights := []rectify.Light{rectify.LightRed, rectify.LightYellow, rectify.LightGreen, rectify.LightBlue, rectify.LightNone}
	statusSets := [][]rectify.Status{nil, {rectify.StatusLongTerm}, {rectify.StatusInProgress, rectify.StatusSubmitted},
		{rectify.StatusCompleted}, {rectify.StatusLongTerm, rectify.StatusNotCompleted}}
	cases := 0
	for _, asOf := range []rectify.Date{base, base.AddDays(-7), base.AddDays(15)} {
		for _, warn := range []int{0, 3, 10} {
			type windows struct {
				units map[int64]int
				paths []store.PathWindow
			}
			for _, own := range []windows{{}, {units: map[int64]int{c.transport.ID: warn + 5}},
				{paths: []store.PathWindow{{Path: c.water.Path, WarnDays: warn + 5}}},
				{paths: []store.PathWindow{{Path: c.water.Path, WarnDays: warn + 5}, {Path: c.station.Path, WarnDays: warn + 1},
					{Path: c.transport.Path, WarnDays: 0}}},
				// The nested window first: its place in the list does not
				// matter, its depth does.
				{paths: []store.PathWindow{{Path: c.station.Path, WarnDays: warn}, {Path: c.water.Path, WarnDays: warn + 12}}},
			} {
				for mask := 1; mask < 1<<len(lights); mask += 3 {
					var asked []rectify.Light
					for i, l := range lights {
						if mask&(1<<i) != 0 {
							asked = append(asked, l)
						}
					}
					// The statuses asked for prune the light's branches
					// that cannot match: the answer must not change.
					for _, only := range statusSets {
						var want []int64
						for _, p := range all {
							w := store.WindowAt(own.paths, paths[unitOf[p.ID]], warn)
							if wd, ok := own.units[unitOf[p.ID]]; ok {
								w = wd
							}
							if (only == nil || slices.Contains(only, p.Status)) &&
								slices.Contains(asked, rectify.LightOf(asOf, p.Status, p.Due, p.NextMilestone, w)) {
								want = append(want, p.ID)
							}
						}
						got, total, err := s.ListProblemsLit(ctx, store.ProblemFilter{Sort: store.SortNumber, Statuses: only},
							store.LightFilter{Lights: asked, AsOf: asOf, WarnDays: warn, UnitWarnDays: own.units, Windows: own.paths})
						ok(t, err)
						var ids []int64
						for _, p := range got {
							ids = append(ids, p.ID)
						}
						slices.Sort(ids)
						slices.Sort(want)
						if !slices.Equal(ids, want) || total != len(want) {
							t.Errorf("lights %v of statuses %v as of %s, window %d (own %v): SQL gives %d problems (total %d), the rule %d",
								asked, only, asOf, warn, own, len(ids), total, len(want))
						}
						cases++
					}
				}
			}
		}
	}
	t.Logf("%d questions over 450 random problems agree", cases)
}
