package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/api"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/httpx"
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
