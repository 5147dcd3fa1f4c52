package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// side is one of two sibling subtrees of the fixture, holding one record
// of every kind; IDs gives the value of every path parameter there.
type side struct {
	name string
	top  *rectify.Unit // the subtree's top
	unit *rectify.Unit // a unit inside it, which holds the records
	IDs  map[string]int64
}

// actor is a signed-in user of the route test.
type actor struct {
	name  string
	user  *rectify.User
	token string // API token
}

type fixture struct {
	st      *store.Store
	srv     *Server
	inside  *side
	outside *side
	actors  []*actor
}

// newFixture builds the store of the route test: a city with two bureaus
// (inside, outside), each with a subordinate unit holding an inspection
// with a finding, a problem, a measure, a progress report with evidence, a
// rule, an accountability record, a look-back, a public comment, an
// account and its API token; and a user of every role scoped to the inside
// bureau, plus an admin of every unit.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	f := &fixture{st: st}
	city := &rectify.Unit{Name: "临江市"}
	must(t, st.CreateUnit(ctx, city))
	mk := func(name string) *side {
		s := &side{name: name, IDs: map[string]int64{}}
		s.top = &rectify.Unit{Name: name + "局党组", ParentID: city.ID}
		must(t, st.CreateUnit(ctx, s.top))
		s.unit = &rectify.Unit{Name: name + "局下属所党支部", ParentID: s.top.ID}
		must(t, st.CreateUnit(ctx, s.unit))
		in := &rectify.Inspection{UnitID: s.unit.ID, Team: "市委第一巡察组", Kind: rectify.KindRegular,
			Findings: []*rectify.Finding{{Number: 1, Title: "落实主体责任不到位", Problems: []*rectify.Problem{{
				Number: 1, Title: "台账管理不规范", Due: rectify.MustDate("2024-06-30"),
				Measures: []*rectify.Measure{{Number: 1, Text: "建立台账管理制度。"}},
			}}}}}
		must(t, st.CreateInspection(ctx, in))
		p := in.Findings[0].Problems[0]
		pg := &rectify.Progress{ProblemID: p.ID, Date: rectify.MustDate("2024-03-01"), Text: "已建立制度。", Author: "王某"}
		must(t, st.AddProgress(ctx, pg, []store.EvidenceFile{{Name: "制度.txt", ContentType: "text/plain", Data: []byte("制度全文")}}))
		rule := &rectify.Rule{InspectionID: in.ID, Title: "台账管理办法", Kind: rectify.RuleNew, Date: rectify.MustDate("2024-03-01")}
		must(t, st.CreateRule(ctx, rule))
		acc := &rectify.Accountability{InspectionID: in.ID, ProblemID: p.ID, Person: "某某", Form: "约谈",
			Date: rectify.MustDate("2024-03-01"), Reason: "台账弄虚作假"}
		must(t, st.CreateAccountability(ctx, acc))
		rc := &rectify.Recheck{ProblemID: p.ID, Due: rectify.MustDate("2024-09-01")}
		must(t, st.CreateRecheck(ctx, rc))
		pc := &rectify.PublicComment{UnitID: s.unit.ID, Contact: "13900000000", Text: "请公开整改进展。"}
		must(t, st.CreateComment(ctx, pc))
		owner := &rectify.User{Login: name + "-viewer", Name: name + "查看", Role: rectify.RoleViewer, UnitID: s.top.ID}
		must(t, st.CreateUser(ctx, owner))
		_, tok := auth.NewToken(owner.ID, "脚本", time.Time{})
		must(t, st.CreateToken(ctx, tok))
		person := &rectify.Person{UnitID: s.unit.ID, Name: name + "领导", Post: "书记"}
		must(t, st.Update(ctx, "add person", func(tx *store.Tx) error { return tx.CreatePerson(ctx, person) }))
		for param, id := range map[string]int64{
			"unitID": s.unit.ID, "inspectionID": in.ID, "findingID": in.Findings[0].ID, "problemID": p.ID,
			"measureID": p.Measures[0].ID, "progressID": pg.ID, "evidenceID": pg.Evidence[0].ID, "commentID": pc.ID,
			"ruleID": rule.ID, "accountabilityID": acc.ID, "recheckID": rc.ID, "userID": owner.ID, "tokenID": tok.ID,
			"personID": person.ID,
		} {
			s.IDs[param] = id
		}
		return s
	}
	f.inside, f.outside = mk("inside"), mk("outside")

	hash, err := auth.HashPassword("route-test-password")
	must(t, err)
	for _, a := range []struct {
		name   string
		role   rectify.Role
		unitID int64
	}{
		{"admin of every unit", rectify.RoleAdmin, 0},
		{"admin", rectify.RoleAdmin, f.inside.top.ID},
		{"reviewer", rectify.RoleReviewer, f.inside.top.ID},
		{"editor", rectify.RoleEditor, f.inside.top.ID},
		{"viewer", rectify.RoleViewer, f.inside.top.ID},
	} {
		u := &rectify.User{Login: strings.ReplaceAll(a.name, " ", "-"), Name: a.name, Role: a.role, UnitID: a.unitID, PasswordHash: hash}
		must(t, st.CreateUser(ctx, u))
		secret, tok := auth.NewToken(u.ID, "route test", time.Time{})
		must(t, st.CreateToken(ctx, tok))
		f.actors = append(f.actors, &actor{name: a.name, user: u, token: secret})
	}
	srv, err := New(Deps{Store: st})
	must(t, err)
	f.srv = srv
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var paramRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// target returns the method and URL of a request to rt on side s, or an
// error naming a path parameter the fixture does not know.
func target(rt httpx.Route, s *side) (string, string, error) {
	method := rt.Method()
	if method == "" {
		method = http.MethodGet
	}
	var missing string
	path := strings.ReplaceAll(rt.Path(), "{$}", "")
	path = paramRE.ReplaceAllStringFunc(path, func(m string) string {
		name := paramRE.FindStringSubmatch(m)[1]
		id, ok := s.IDs[name]
		if !ok {
			missing = name
		}
		return fmt.Sprint(id)
	})
	if missing != "" {
		return "", "", fmt.Errorf("the route test does not know the path parameter {%s}: add a record of it to newFixture", missing)
	}
	return method, path, nil
}

// request builds the request of a to rt on side s: a fresh session for a
// page (so that a logout or a password change does not end the next
// request's), the actor's API token for the API, the side's unit in the
// route's UnitField, an otherwise empty body.
func (f *fixture) request(t *testing.T, rt httpx.Route, a *actor, s *side) *http.Request {
	t.Helper()
	method, path, err := target(rt, s)
	if err != nil {
		t.Fatalf("route %q: %v", rt.Pattern, err)
	}
	var r *http.Request
	switch {
	case method == http.MethodGet || method == http.MethodHead:
		r = httptest.NewRequest(method, path, nil)
	case rt.API:
		body := "{}"
		if rt.UnitField != "" {
			body = fmt.Sprintf(`{%q: %d}`, rt.UnitField, s.IDs["unitID"])
		}
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	default:
		form := url.Values{}
		if rt.UnitField != "" {
			form.Set(rt.UnitField, fmt.Sprint(s.IDs["unitID"]))
		}
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	if a == nil {
		return r
	}
	if rt.API {
		r.Header.Set("Authorization", "Bearer "+a.token)
		return r
	}
	token, id := auth.NewSecret("")
	now := time.Now().UTC()
	must(t, f.st.CreateSession(context.Background(), &store.Session{ID: id, UserID: a.user.ID, Created: now, LastSeen: now, Expires: now.Add(time.Hour)}))
	r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: token})
	return r
}

// TestRoutePolicy walks every registered route with every role, on a
// record inside and one outside the role's scope, and anonymously, and
// checks exactly the outcome the policy table gives: allowed → anything but
// 401 and 403 (a 422 for an empty form still proves the gate let it
// through); denied → 403; anonymous on a route that is not Public → 401,
// or for a page fetched with GET a redirect to the login page. It reads
// the route table, so it covers every route added later; a route with a
// path parameter the fixture lacks fails it.
//
// The requests that the policy denies run first, then the allowed ones,
// reads before writes, deletions last: an allowed request may change the
// fixture (delete a record), and a denied one must still find it.
func TestRoutePolicy(t *testing.T) {
	f := newFixture(t)
	routes := f.srv.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	type check struct {
		rt    httpx.Route
		actor *actor // nil: anonymous
		side  *side
		allow bool
	}
	var denied, allowed []check
	for _, rt := range routes {
		for _, s := range []*side{f.inside, f.outside} {
			denied = append(denied, check{rt, nil, s, rt.Perm == auth.Public})
			for _, a := range f.actors {
				path := ""
				if hasScope(rt) {
					path = s.top.Path
				}
				c := check{rt, a, s, auth.Allowed(a.user, rt.Perm, path)}
				if c.allow {
					allowed = append(allowed, c)
				} else {
					denied = append(denied, c)
				}
			}
		}
	}
	order := func(m string) int {
		switch m {
		case "", http.MethodGet, http.MethodHead:
			return 0
		case http.MethodDelete:
			return 2
		}
		return 1
	}
	sort.SliceStable(allowed, func(i, j int) bool { return order(allowed[i].rt.Method()) < order(allowed[j].rt.Method()) })

	for _, c := range append(denied, allowed...) {
		who := "anonymous"
		if c.actor != nil {
			who = c.actor.name
		}
		name := fmt.Sprintf("%s/%s/%s", c.rt.Pattern, who, c.side.name)
		r := f.request(t, c.rt, c.actor, c.side)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		got := w.Code
		switch {
		case c.actor == nil && !c.allow:
			login := got == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/login?next=")
			if got != http.StatusUnauthorized && !(login && !c.rt.API && r.Method == http.MethodGet) {
				t.Errorf("%s: %d %s, want 401 (or a redirect to the login page)", name, got, w.Header().Get("Location"))
			}
		case c.allow:
			if got == http.StatusUnauthorized || got == http.StatusForbidden || got >= 500 {
				t.Errorf("%s: allowed by the policy, got %d: %s", name, got, brief(w.Body.String()))
			}
		default:
			if got != http.StatusForbidden {
				t.Errorf("%s: denied by the policy, got %d, want 403: %s", name, got, brief(w.Body.String()))
			}
		}
	}
}

// hasScope reports whether rt acts on a unit the request names.
func hasScope(rt httpx.Route) bool {
	if rt.UnitField != "" {
		return true
	}
	scopes := ScopeParams()
	for _, p := range rt.Params() {
		if _, ok := scopes[p]; ok {
			return true
		}
	}
	return false
}

func brief(s string) string {
	s = strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// TestRouteRules checks that a route cannot be registered without a rule.
func TestRouteRules(t *testing.T) {
	f := newFixture(t)
	ok := func(w http.ResponseWriter, r *http.Request) error { return nil }
	tests := []struct {
		name string
		rt   httpx.Route
		want string
	}{
		{"no permission", httpx.Route{Pattern: "GET /x", Handler: ok}, "has no permission"},
		{"unknown permission", httpx.Route{Pattern: "GET /x", Perm: "owner", Handler: ok}, "has no permission"},
		{"no handler", httpx.Route{Pattern: "GET /x", Perm: auth.Read}, "has no handler"},
		{"unknown parameter", httpx.Route{Pattern: "GET /reports/{reportID}", Perm: auth.Read, Handler: ok}, "{reportID} names no record"},
		{"token of another route than Self", httpx.Route{Pattern: "GET /tokens/{tokenID}", Perm: auth.Admin, Handler: ok}, "{tokenID}"},
		{"clash", httpx.Route{Pattern: "GET /login", Perm: auth.Public, Handler: ok}, "conflicts"},
		{"bad pattern", httpx.Route{Pattern: "GET /x/{", Perm: auth.Read, Handler: ok}, "GET /x/{"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("GET /login", http.NotFoundHandler())
			err := f.srv.register(mux, tt.rt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if err := f.srv.register(http.NewServeMux(), httpx.Route{Pattern: "GET /account/tokens/{tokenID}", Perm: auth.Self, Handler: ok}); err != nil {
		t.Errorf("a Self route with {tokenID}: %v", err)
	}
	for _, p := range f.srv.Routes() {
		for _, name := range p.Params() {
			if _, known := ScopeParams()[name]; !known && name != "tokenID" {
				t.Errorf("registered route %q has parameter {%s}", p.Pattern, name)
			}
		}
	}
	kinds := map[string]bool{}
	for _, k := range store.UnitPathKinds() {
		kinds[k] = true
	}
	for p, k := range ScopeParams() {
		if !kinds[k] {
			t.Errorf("{%s}: the store cannot find the unit of a %q", p, k)
		}
	}
}
