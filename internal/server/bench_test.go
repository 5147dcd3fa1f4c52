package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/api"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/web"
)

// BenchmarkLightLists asks the pages and the API the same question — the
// problems of every unit with a yellow (or red) light, 100 to a page — on
// the benchmark record (demo.BenchSize: 50,000 problems), in one run, and
// states the budget: the API's yellow list within 1.5× of its red list and
// of the page's yellow list, because all three are one query of the one
// problem list (workflow.ListProblems):
//
//	go test -run '^$' -bench LightLists -benchtime 100x ./internal/server/
//
// Each case reports the mean (ns/op) and the 95th percentile (p95-ms); the
// last reports the ratios of the means (yellow/red, api/page) and fails
// past the budget, on figures measured in this run only.
func BenchmarkLightLists(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	now := gen.Size.Today.Time().Add(2 * time.Hour)
	clock := func() time.Time { return now }
	a, err := api.New(api.Deps{Store: st, Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	w, err := web.New(web.Deps{Store: st, Sessions: auth.NewSessions(st, clock), Limiter: auth.NewLimiter(st, clock), Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	errs := &httpx.Errors{Page: w.ErrorPage}
	for _, rt := range append(a.Routes(), w.Routes()...) {
		mux.Handle(rt.Pattern, errs.Handler(rt.Handler, rt.API))
	}
	admin := &rectify.User{ID: 1, Login: "admin", Name: "巡察办", Role: rectify.RoleAdmin}
	get := func(b *testing.B, target string) time.Duration {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		r = r.WithContext(rectify.WithUser(r.Context(), admin))
		rec := httptest.NewRecorder()
		start := time.Now()
		mux.ServeHTTP(rec, r)
		d := time.Since(start)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", target, rec.Code)
		}
		return d
	}
	means := map[string]float64{}
	cases := []struct{ name, url string }{
		{"api red", "/api/v1/problems?light=red&limit=100"},
		{"api yellow", "/api/v1/problems?light=yellow&limit=100"},
		{"page yellow", "/problems?light=yellow"},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			get(b, bc.url) // warm the statement cache
			var times []time.Duration
			for b.Loop() {
				times = append(times, get(b, bc.url))
			}
			slices.Sort(times)
			var sum time.Duration
			for _, t := range times {
				sum += t
			}
			means[bc.name] = float64(sum) / float64(len(times))
			b.ReportMetric(float64(times[(len(times)*95+99)/100-1].Microseconds())/1000, "p95-ms")
		})
	}
	const budget = 1.5
	b.Run("ratios", func(b *testing.B) {
		for b.Loop() {
		}
		if means["api red"] == 0 || means["page yellow"] == 0 {
			b.Skip("run the three cases first")
		}
		vsRed := means["api yellow"] / means["api red"]
		vsPage := means["api yellow"] / means["page yellow"]
		b.ReportMetric(vsRed, "yellow/red")
		b.ReportMetric(vsPage, "api/page")
		if vsRed > budget || vsPage > budget {
			b.Errorf("the API's yellow list takes %.2f× its red list and %.2f× the page's (budget %.1f×)", vsRed, vsPage, budget)
		}
	})
}

// BenchmarkListPlans asks the store for the query plan of every kind of
// problem list — by light, status, deadline, unit subtree, search, each
// order, a deep page by cursor — on the benchmark record (demo.BenchSize:
// 50,000 problems), prints it (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
// PostgreSQL with RECTIFY_TEST_POSTGRES) with the time of the page, and on
// SQLite fails when a list whose order an index gives sorts its matches
// instead:
//
//	go test -run '^$' -bench ListPlans -benchtime 20x -v ./internal/server/
func BenchmarkListPlans(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	ctx := b.Context()
	asOf := gen.Size.Today
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	var sub string // a unit below the top with its subtree
	for _, u := range units {
		if u.ParentID != 0 && strings.Count(u.Path, "/") == 3 {
			sub = u.Path
			break
		}
	}
	light := func(l ...rectify.Light) store.LightFilter {
		return store.LightFilter{Lights: l, AsOf: asOf, WarnDays: 7}
	}
	deep, err := st.ListProblemPage(ctx, store.ProblemFilter{Sort: store.SortDue, Limit: 50, Offset: 5000}, store.LightFilter{})
	if err != nil {
		b.Fatal(err)
	}
	open := []rectify.Status{rectify.StatusInProgress, rectify.StatusNotStarted}
	cases := []struct {
		name string
		f    store.ProblemFilter
		lf   store.LightFilter
		// sorted: an index gives the order, so no sort of every match.
		sorted bool
	}{
		{"red", store.ProblemFilter{Limit: 50}, light(rectify.LightRed), true},
		{"yellow", store.ProblemFilter{Limit: 50}, light(rectify.LightYellow), true},
		{"red and yellow", store.ProblemFilter{Limit: 50}, light(rectify.LightRed, rectify.LightYellow), true},
		{"green", store.ProblemFilter{Limit: 50}, light(rectify.LightGreen), true},
		{"red by deadline", store.ProblemFilter{Limit: 50, Sort: store.SortDue}, light(rectify.LightRed), true},
		{"yellow by deadline, a page on", store.ProblemFilter{Limit: 50, Sort: store.SortDue, Offset: 50}, light(rectify.LightYellow), true},
		{"open by deadline", store.ProblemFilter{Limit: 50, Statuses: open, Sort: store.SortDue}, store.LightFilter{}, true},
		{"one status by deadline", store.ProblemFilter{Limit: 50, Statuses: open[:1], Sort: store.SortDue}, store.LightFilter{}, true},
		{"by deadline", store.ProblemFilter{Limit: 50, Sort: store.SortDue}, store.LightFilter{}, true},
		{"by status", store.ProblemFilter{Limit: 50, Sort: store.SortStatus}, store.LightFilter{}, true},
		{"latest first", store.ProblemFilter{Limit: 50, Sort: store.SortUpdated, Desc: true}, store.LightFilter{}, true},
		{"unit subtree", store.ProblemFilter{Limit: 50, ScopePath: sub}, store.LightFilter{}, true},
		{"unit subtree, latest first", store.ProblemFilter{Limit: 50, ScopePath: sub, Sort: store.SortUpdated, Desc: true}, store.LightFilter{}, true},
		{"unit subtree, red", store.ProblemFilter{Limit: 50, ScopePath: sub}, light(rectify.LightRed), true},
		{"overdue long-term", store.ProblemFilter{Limit: 50, Overdue: true, AsOf: asOf, Statuses: []rectify.Status{rectify.StatusLongTerm}}, store.LightFilter{}, false},
		{"search", store.ProblemFilter{Limit: 50, Query: "整改"}, store.LightFilter{}, true},
		{"deep page", store.ProblemFilter{Limit: 50, Sort: store.SortDue, After: deep.Next}, store.LightFilter{}, true},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			page, count, err := st.ExplainProblemPage(ctx, bc.f, bc.lf)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("page:\n\t%s\ncount:\n\t%s", strings.Join(page, "\n\t"), strings.Join(count, "\n\t"))
			if bc.sorted && st.Dialect() == store.SQLite {
				// The page's rows are read by id and sorted (one sort of
				// the page); a list read in branches merges them (one
				// sort of a page per branch) and sorts the branches that
				// hold few matches (at most store.CountExact). Any other
				// sort is of every match.
				sorts, allowed := 0, 1
				for _, line := range page {
					switch {
					case strings.Contains(line, "USE TEMP B-TREE FOR ORDER BY"):
						sorts++
					case strings.HasPrefix(line, "COMPOUND QUERY"),
						strings.HasPrefix(line, "branch ") && strings.HasSuffix(line, " and sorted"):
						allowed++
					}
				}
				if sorts > allowed {
					b.Errorf("the page sorts every match: %s", strings.Join(page, "; "))
				}
				// The page's rows are found by their ids, not by an
				// index of the order seeking each id in its values.
				if !slices.ContainsFunc(page, func(line string) bool { return strings.HasPrefix(line, "SEARCH p USING INTEGER PRIMARY KEY") }) {
					b.Errorf("the page's rows are not read by id: %s", strings.Join(page, "; "))
				}
			}
			for b.Loop() {
				if _, err := st.ListProblemPage(ctx, bc.f, bc.lf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProblemItem reads single problems (GET /api/v1/problems/{id},
// the sign-off view) through the whole server — the API token's
// authentication, the scope check of the path, the view, its JSON — on the
// benchmark record (demo.BenchSize: 50,000 problems), as a script holding
// an admin's token reads them, and reports what one answer costs the
// server in CPU time and allocations:
//
//	go test -run '^$' -bench ProblemItem -benchtime 5000x ./internal/server/
//
// rectify bench measures the same path over HTTP against a bare handler;
// this one is for profiles (-cpuprofile, -memprofile) of the server alone.
func BenchmarkProblemItem(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	ctx := b.Context()
	now := gen.Size.Today.Time().Add(2 * time.Hour)
	clock := func() time.Time { return now }
	srv, err := New(Deps{Store: st, Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	token := benchToken(b, st)
	page, err := st.ListProblemPage(ctx, store.ProblemFilter{Sort: store.SortDue, Limit: 200}, store.LightFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var urls []string
	for _, p := range page.Problems {
		urls = append(urls, "/api/v1/problems/"+strconv.FormatInt(p.ID, 10))
	}
	get := func(b *testing.B, target string) int {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		r.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		return rec.Body.Len()
	}
	size := 0
	for _, u := range urls {
		size += get(b, u) // warm the caches of statements and answers
	}
	b.Run("one client", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			get(b, urls[i%len(urls)])
			i++
		}
		b.ReportMetric(float64(size)/float64(len(urls)), "bytes/answer")
	})
	b.Run("8 clients", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				get(b, urls[int(n.Add(1))%len(urls)])
			}
		})
	})
}

// benchToken returns the secret of an API token of an admin of every unit
// (the account "bench-server", made when missing); the token is revoked
// when b ends.
func benchToken(b *testing.B, st *store.Store) string {
	b.Helper()
	ctx := context.Background()
	u, err := st.GetUserByLogin(ctx, "bench-server")
	if rectify.ErrorCode(err) == rectify.ENOTFOUND {
		hash, herr := auth.HashPassword(auth.RandomPassword())
		if herr != nil {
			b.Fatal(herr)
		}
		u = &rectify.User{Login: "bench-server", Name: "性能测试", Role: rectify.RoleAdmin, PasswordHash: hash}
		err = st.CreateUser(ctx, u)
	}
	if err != nil {
		b.Fatal(err)
	}
	secret, tok, err := auth.CreateToken(ctx, st, u.ID, "benchmark", time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.DeleteToken(ctx, u.ID, tok.ID) })
	return secret
}
