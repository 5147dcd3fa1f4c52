package store_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/store"
)

// BenchmarkListShapes times the first page and the page after it of the
// lists a unit, an office and a commission open (searches too), beyond
// those `rectify bench` drives, on the benchmark record (demotest.Cached:
// the database RECTIFY_BENCH_DB names, for instance a 500,000-problem
// record of `rectify demo generate`):
//
//	RECTIFY_BENCH_DB=record.db go test -run '^$' -bench ListShapes ./internal/store/
//
// A list that costs what it returns takes a few milliseconds a page however
// large the record; the budget of a province's record is a p95 of 5 ms for
// the lists `rectify bench` drives.
func BenchmarkListShapes(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	ctx := context.Background()
	asOf := gen.Size.Today
	light := func(l rectify.Light) store.LightFilter {
		return store.LightFilter{Lights: []rectify.Light{l}, AsOf: asOf, WarnDays: rectify.DefaultWarnDays}
	}
	// A district (a subtree of a few percent of the record) and a bureau
	// in it.
	district, bureau := gen.DistrictPath, gen.BureauPath
	for _, sh := range []struct {
		name string
		f    store.ProblemFilter
		lf   store.LightFilter
	}{
		{"completed by status", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusCompleted}, Sort: store.SortStatus}, store.LightFilter{}},
		{"red by deadline", store.ProblemFilter{Sort: store.SortDue}, light(rectify.LightRed)},
		{"red by status", store.ProblemFilter{Sort: store.SortStatus}, light(rectify.LightRed)},
		{"red by last change", store.ProblemFilter{Sort: store.SortUpdated, Desc: true}, light(rectify.LightRed)},
		{"yellow by deadline", store.ProblemFilter{Sort: store.SortDue}, light(rectify.LightYellow)},
		{"subtree red by deadline", store.ProblemFilter{ScopePath: district, Sort: store.SortDue}, light(rectify.LightRed)},
		{"subtree red by number", store.ProblemFilter{ScopePath: district}, light(rectify.LightRed)},
		{"subtree by status", store.ProblemFilter{ScopePath: district, Sort: store.SortStatus}, store.LightFilter{}},
		{"bureau red by deadline", store.ProblemFilter{ScopePath: bureau, Sort: store.SortDue}, light(rectify.LightRed)},
		{"long-term track", store.ProblemFilter{Track: rectify.TrackLongTerm}, store.LightFilter{}},
		// 整改 is in most problems' texts; 台账 in fewer.
		{"search 整改", store.ProblemFilter{Query: "整改"}, store.LightFilter{}},
		{"search 台账 in a subtree", store.ProblemFilter{ScopePath: district, Query: "台账"}, store.LightFilter{}},
	} {
		sh.f.Limit = 50
		first, err := st.ListProblemPage(ctx, sh.f, sh.lf)
		if err != nil {
			b.Fatalf("%s: %v", sh.name, err)
		}
		b.Run(sh.name+"/first", func(b *testing.B) {
			for b.Loop() {
				if _, err := st.ListProblemPage(ctx, sh.f, sh.lf); err != nil {
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
				if _, err := st.ListProblemPage(ctx, next, sh.lf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
