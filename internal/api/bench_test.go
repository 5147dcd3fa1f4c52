package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/api"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// BenchmarkProblemList reads pages of the problem list of the benchmark
// record (50,000 problems) as an admin of every unit and as a district's
// reviewer, the way a script pages through it:
//
//	go test -run '^$' -bench ProblemList -benchtime 50x ./internal/api/
//
// The handlers run without the server's gate (which only adds a lookup of
// the token), so that nothing is written to the shared record.
func BenchmarkProblemList(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	a, err := api.New(api.Deps{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	errs := &httpx.Errors{}
	for _, rt := range a.Routes() {
		mux.Handle(rt.Pattern, errs.Handler(rt.Handler, true))
	}
	all := &rectify.User{ID: 1, Login: "admin", Name: "admin", Role: rectify.RoleAdmin}
	district := &rectify.User{ID: 2, Login: "district", Name: "district", Role: rectify.RoleReviewer,
		UnitID: gen.District, ScopePath: gen.DistrictPath}
	asOf := gen.Size.Today.String()
	for _, bc := range []struct {
		name string
		user *rectify.User
		url  string
	}{
		{"every unit, first page", all, "/api/v1/problems?limit=100"},
		{"every unit, a deep page by deadline", all, "/api/v1/problems?sort=due&limit=500&offset=20000"},
		{"every unit, overdue", all, "/api/v1/problems?overdue=true&as_of=" + asOf + "&limit=100"},
		{"every unit, red lights", all, "/api/v1/problems?light=red&as_of=" + asOf + "&limit=100"},
		{"every unit, a search", all, "/api/v1/problems?q=公务用车&limit=100"},
		{"a district, by status", district, "/api/v1/problems?status=in_progress&limit=100"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				r := httptest.NewRequest("GET", bc.url, nil)
				r = r.WithContext(rectify.WithUser(r.Context(), bc.user))
				w := httptest.NewRecorder()
				mux.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
