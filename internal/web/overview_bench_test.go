package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// The benchmarks of the overview and the problem lists run on the
// benchmark record (demo.BenchSize: 50,000 problems in 2,000 inspections
// of 100 units, built once and kept), through the pages' handlers as the
// server registers them — the error adapter, the handler, the store, the
// templates — with the user in the context instead of a session (the
// server's gate adds one indexed session read, and nothing is written to
// the shared record):
//
//	go test -run '^$' -bench 'Overview|ProblemList' -benchtime 200x ./internal/web/
//
// Each reports the mean (ns/op) and the 95th percentile of the requests'
// durations (p95-ms).

// benchPages returns the pages' routes on the benchmark record, and the
// record.
func benchPages(b *testing.B) (*Web, http.Handler, *demo.Generated) {
	b.Helper()
	st, gen := demotest.Cached(b, demo.BenchSize())
	now := gen.Size.Today.Time().Add(2 * time.Hour) // 10:00 in Beijing
	w, err := New(Deps{Store: st, Sessions: auth.NewSessions(st, func() time.Time { return now }),
		Limiter: auth.NewLimiter(st, func() time.Time { return now }), Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	errs := &httpx.Errors{Page: w.ErrorPage}
	for _, rt := range w.Routes() {
		mux.Handle(rt.Pattern, errs.Handler(rt.Handler, rt.API))
	}
	return w, mux, gen
}

// benchRequest runs one GET of target as u and fails on anything but 200.
func benchRequest(b *testing.B, h http.Handler, u *rectify.User, target string) time.Duration {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r = r.WithContext(rectify.WithUser(r.Context(), u))
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, r)
	d := time.Since(start)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", target, rec.Code, text(rec.Body.String()))
	}
	return d
}

// reportP95 reports the 95th percentile of times in milliseconds.
func reportP95(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	p95 := times[(len(times)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}

func benchUsers(gen *demo.Generated) (all, district *rectify.User) {
	all = &rectify.User{ID: 1, Login: "admin", Name: "巡察办", Role: rectify.RoleAdmin}
	district = &rectify.User{ID: 2, Login: "district", Name: "区巡察办", Role: rectify.RoleAdmin,
		UnitID: gen.District, ScopePath: gen.DistrictPath}
	return all, district
}

// BenchmarkOverview measures 总览: as of today and a past day, for every
// unit and for a district; with its figures cached (the record unchanged
// since the last request); counted from the facts index with nothing
// remembered (a day asked for the first time); after a change of ten
// entries of the log (the index reads what they touched, and only the
// inspections touched are counted again); and with the index read whole
// (the first request after a start). Every case but the first request is
// meant to stay within 20 ms at the 95th percentile on two CPUs; counting
// from the facts is most of the way there, so a change that makes it
// slower shows here first.
func BenchmarkOverview(b *testing.B) {
	w, h, gen := benchPages(b)
	all, district := benchUsers(gen)
	past := gen.Size.Today.AddDays(-200).String()
	// recount forgets every count: the figures and each inspection's.
	recount := w.Facts.Forget
	cases := []struct {
		name   string
		user   *rectify.User
		target string
		before func()
	}{
		{"every unit, today", all, "/overview", nil},
		{"every unit, by round", all, "/overview?view=round", nil},
		{"a district, today", district, "/overview", nil},
		{"every unit, a past day", all, "/overview?as_of=" + past, nil},
		{"every unit, counted from the facts", all, "/overview", recount},
		{"every unit, counted from the facts as of a past day", all, "/overview?as_of=" + past, recount},
		{"every unit, after a change", all, "/overview", func() {
			// The index goes back ten entries of the log, and reads what
			// they touched again, as after a change made meanwhile.
			w.Facts.Rewind(10)
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			benchRequest(b, h, bc.user, bc.target) // the index read once
			var times []time.Duration
			for b.Loop() {
				if bc.before != nil {
					bc.before()
				}
				times = append(times, benchRequest(b, h, bc.user, bc.target))
			}
			reportP95(b, times)
		})
	}
	b.Run("first request after a start", func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			w.Facts = facts.New(w.Store)
			times = append(times, benchRequest(b, h, all, "/overview"))
		}
		reportP95(b, times)
	})
}

// BenchmarkProblemList measures the problem lists: a district's open
// problems past their deadline, a search over the whole record and within
// a district, yellow lights, and one inspection's page.
func BenchmarkProblemList(b *testing.B) {
	w, h, gen := benchPages(b)
	all, district := benchUsers(gen)
	open := url.Values{"status": {"not_started", "in_progress", "submitted", "mostly_completed", "not_completed", "long_term"},
		"overdue": {"1"}, "unit": {strconv.FormatInt(gen.District, 10)}}
	st := h
	bureau, err := w.Store.ListInspections(b.Context(), store.InspectionFilter{UnitID: gen.Bureau})
	if err != nil || len(bureau) == 0 {
		b.Fatalf("no inspection of the bureau: %v", err)
	}
	ins := bureau[0].ID
	for _, bc := range []struct {
		name   string
		user   *rectify.User
		target string
	}{
		{"a district, open and overdue", all, "/problems?" + open.Encode()},
		{"a district, open and overdue, by deadline", all, "/problems?" + open.Encode() + "&sort=due"},
		{"every unit, a search of two characters", all, "/problems?q=" + url.QueryEscape("台账")},
		{"every unit, a search of four characters", all, "/problems?q=" + url.QueryEscape("公务用车")},
		{"a district's user, a search", district, "/problems?q=" + url.QueryEscape("台账")},
		{"every unit, yellow lights", all, "/problems?light=yellow"},
		{"every unit, page 100", all, "/problems?page=100"},
		{"an inspection", all, "/inspections/" + strconv.FormatInt(ins, 10)},
		{"the inspections", all, "/inspections"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			benchRequest(b, st, bc.user, bc.target)
			var times []time.Duration
			for b.Loop() {
				times = append(times, benchRequest(b, st, bc.user, bc.target))
			}
			reportP95(b, times)
		})
	}
}
