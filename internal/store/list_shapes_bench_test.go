package store

import (
	"context"
	"os"
	"testing"

	"github.com/rectify-dev/rectify"
)

// BenchmarkListShapes times the first page and the page after it of the
// lists a unit, an office and a commission open (searches too), beyond
// those `rectify bench` drives, on a record made by `rectify demo generate`:
//
//	RECTIFY_BENCH_DB=record.db go test -run '^$' -bench ListShapes ./internal/store/
//
// (or a postgres:// address). A list that costs what it returns takes a
// few milliseconds a page however large the record; the budget of a
// province's record is a p95 of 5 ms for the lists `rectify bench`
// drives. It is skipped without RECTIFY_BENCH_DB.
func BenchmarkListShapes(b *testing.B) {
	dsn := os.Getenv("RECTIFY_BENCH_DB")
	if dsn == "" {
		b.Skip("RECTIFY_BENCH_DB names no record")
	}
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	units, err := s.ListUnits(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	// A child of the top unit (a subtree of a few percent of the
	// record), and the last unit made (a leaf).
	var top, leaf *rectify.Unit
	for _, u := range units {
		if u.ParentID != 0 && top == nil && childOfRoot(units, u) {
			top = u
		}
		leaf = u
	}
	if top == nil {
		b.Skip("the record has no unit under its top")
	}
	today := rectify.DateOf(s.now())
	light := func(l rectify.Light) LightFilter {
		return LightFilter{Lights: []rectify.Light{l}, AsOf: today, WarnDays: rectify.DefaultWarnDays}
	}
	for _, sh := range []struct {
		name string
		f    ProblemFilter
		lf   LightFilter
	}{
		{"completed by status", ProblemFilter{Statuses: []rectify.Status{rectify.StatusCompleted}, Sort: SortStatus}, LightFilter{}},
		{"red by deadline", ProblemFilter{Sort: SortDue}, light(rectify.LightRed)},
		{"red by status", ProblemFilter{Sort: SortStatus}, light(rectify.LightRed)},
		{"red by last change", ProblemFilter{Sort: SortUpdated, Desc: true}, light(rectify.LightRed)},
		{"yellow by deadline", ProblemFilter{Sort: SortDue}, light(rectify.LightYellow)},
		{"subtree red by deadline", ProblemFilter{ScopePath: top.Path, Sort: SortDue}, light(rectify.LightRed)},
		{"subtree red by number", ProblemFilter{ScopePath: top.Path}, light(rectify.LightRed)},
		{"subtree by status", ProblemFilter{ScopePath: top.Path, Sort: SortStatus}, LightFilter{}},
		{"leaf unit red by deadline", ProblemFilter{ScopePath: leaf.Path, Sort: SortDue}, light(rectify.LightRed)},
		{"long-term track", ProblemFilter{Track: rectify.TrackLongTerm}, LightFilter{}},
		// 整改 is in most problems' texts; 台账 in fewer.
		{"search 整改", ProblemFilter{Query: "整改"}, LightFilter{}},
		{"search 台账 in a subtree", ProblemFilter{ScopePath: top.Path, Query: "台账"}, LightFilter{}},
	} {
		sh.f.Limit = 50
		first, err := s.ListProblemPage(ctx, sh.f, sh.lf)
		if err != nil {
			b.Fatalf("%s: %v", sh.name, err)
		}
		b.Run(sh.name+"/first", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ListProblemPage(ctx, sh.f, sh.lf); err != nil {
					b.Fatal(err)
				}
			}
		})
		if first.Next == "" {
			continue
		}
		next := sh.f
		next.After = first.Next
		b.Run(sh.name+"/next", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ListProblemPage(ctx, next, sh.lf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// childOfRoot reports whether u's parent is a unit without a parent.
func childOfRoot(units []*rectify.Unit, u *rectify.Unit) bool {
	for _, p := range units {
		if p.ID == u.ParentID {
			return p.ParentID == 0
		}
	}
	return false
}
