package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// signIn returns the session cookie of a fresh session of the actor.
func (f *fixture) signIn(t *testing.T, a *actor) *http.Cookie {
	t.Helper()
	token, id := auth.NewSecret("")
	now := time.Now().UTC()
	must(t, f.st.CreateSession(context.Background(), &store.Session{ID: id, UserID: a.user.ID, Created: now, LastSeen: now, Expires: now.Add(time.Hour)}))
	return &http.Cookie{Name: auth.CookieName, Value: token}
}

func (f *fixture) actor(name string) *actor {
	for _, a := range f.actors {
		if a.name == name {
			return a
		}
	}
	panic("no actor " + name)
}

func TestServer(t *testing.T) {
	f := newFixture(t)
	viewer := f.signIn(t, f.actor("viewer"))
	admin := f.signIn(t, f.actor("admin"))
	id := func(s *side, p string) string { return strconv.FormatInt(s.IDs[p], 10) }
	tests := []struct {
		name     string
		method   string
		path     string
		cookie   *http.Cookie
		headers  map[string]string
		body     string
		status   int
		see      string
		location string
		header   map[string]string // response headers expected
	}{
		{name: "health", method: "GET", path: "/healthz", status: 200, see: `{"status":"ok"}`},
		{name: "home", method: "GET", path: "/", cookie: viewer, status: 302, location: "/todo"},
		{name: "a page needs a session", method: "GET", path: "/account?tab=tokens", status: 303,
			location: "/login?next=%2Faccount%3Ftab%3Dtokens"},
		{name: "a form needs a session", method: "POST", path: "/account/tokens", status: 401, see: "请先登录"},
		{name: "an expired or forged session", method: "GET", path: "/account", cookie: &http.Cookie{Name: auth.CookieName, Value: "forged"},
			status: 303, location: "/login?next=%2Faccount"},
		{name: "signed in", method: "GET", path: "/account", cookie: viewer, status: 200, see: "我的账号"},
		{name: "out of scope answers 403", method: "GET", path: "/admin/units/" + id(f.outside, "unitID"), cookie: admin, status: 403,
			see: "无权管理本单位范围以外的记录"},
		{name: "a role without the permission answers 403", method: "GET", path: "/admin/users", cookie: viewer, status: 403,
			see: "只有巡察办管理员才能进行此操作"},
		{name: "not found before forbidden", method: "GET", path: "/admin/units/99999", cookie: viewer, status: 404, see: "未找到单位（编号 99999）"},
		{name: "not a number", method: "GET", path: "/admin/units/abc", cookie: admin, status: 404},
		{name: "a unit field out of scope", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			body:    "parent_id=" + id(f.outside, "unitID") + "&name=x", status: 403},
		{name: "a unit field naming no unit", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			body:    "parent_id=99999&name=x", status: 422, see: "所选单位不存在"},
		{name: "every unit is only for admins of every unit", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			body:    "parent_id=0&name=x", status: 403, see: "只有全部单位的管理员才能进行此操作"},
		{name: "cross-site form refused", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"},
			body:    "parent_id=" + id(f.inside, "unitID") + "&name=x", status: 403, see: "拒绝来自其他网站的请求"},
		{name: "cross-site form with a made-up bearer header refused", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site",
				"Authorization": "Bearer rct_0000"},
			body: "parent_id=" + id(f.inside, "unitID") + "&name=x", status: 403, see: "拒绝来自其他网站的请求"},
		{name: "API answers are not cached", method: "GET", path: "/api/v1/me", cookie: viewer, status: 200, see: `"login":"viewer"`,
			header: map[string]string{"Cache-Control": "no-store"}},
		{name: "a body over the limit", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			body:    "name=" + strings.Repeat("x", httpx.DefaultMaxBody), status: 413, see: "请求体超过 1 MB 的上限"},
		{name: "a unit field in a body the gate cannot read", method: "POST", path: "/admin/units", cookie: admin,
			headers: map[string]string{"Content-Type": "text/plain"},
			body:    "parent_id=" + id(f.outside, "unitID"), status: 422, see: "不支持的请求体类型 text/plain"},
		{name: "logout without a session", method: "POST", path: "/logout", status: 303, location: "/login"},
		{name: "unknown page", method: "GET", path: "/no/such/page", cookie: viewer, status: 404, see: "页面不存在"},
		{name: "unknown API path answers JSON", method: "GET", path: "/api/v1/nothing", status: 404,
			see: `{"error":{"code":"not_found","message":"页面不存在：/api/v1/nothing"}}`},
		{name: "static file", method: "GET", path: "/static/css/app.css", status: 200, see: "--red"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			if tt.cookie != nil {
				r.AddCookie(tt.cookie)
			}
			w := httptest.NewRecorder()
			f.srv.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, brief(w.Body.String()))
			}
			if !strings.Contains(w.Body.String(), tt.see) {
				t.Errorf("body does not say %q: %s", tt.see, brief(w.Body.String()))
			}
			if loc := w.Header().Get("Location"); loc != tt.location {
				t.Errorf("location %q, want %q", loc, tt.location)
			}
			for k, v := range tt.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("no content security policy: %q", csp)
			}
		})
	}
}

// TestAPIAuthentication checks, on a route of the API's kind, that a
// Bearer token and a session both sign in, and that a bad token is refused
// even with a good session.
func TestAPIAuthentication(t *testing.T) {
	f := newFixture(t)
	a := f.actor("viewer")
	mux := http.NewServeMux()
	rt := httpx.Route{Pattern: "GET /api/v1/me", Perm: auth.Self, API: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		return httpx.WriteJSON(w, 200, map[string]string{"login": userLogin(r)})
	}}
	must(t, f.srv.register(mux, rt))
	tests := []struct {
		name   string
		auth   string
		cookie bool
		status int
		see    string
	}{
		{"token", "Bearer " + a.token, false, 200, `"login":"viewer"`},
		{"session", "", true, 200, `"login":"viewer"`},
		{"nothing", "", false, 401, `"code":"unauthorized"`},
		{"bad token beats a good session", "Bearer rct_0000", true, 401, "令牌无效或已撤销"},
		{"not a token", "Bearer abc", false, 401, "令牌格式不对"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/me", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			if tt.cookie {
				r.AddCookie(f.signIn(t, a))
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.see) {
				t.Errorf("%d %s, want %d %s", w.Code, w.Body, tt.status, tt.see)
			}
		})
	}
}

func userLogin(r *http.Request) string {
	if u := rectify.UserFrom(r.Context()); u != nil {
		return u.Login
	}
	return ""
}

// TestAPIUnitField checks the unit named in a JSON body, with and without
// a Content-Type.
func TestAPIUnitField(t *testing.T) {
	f := newFixture(t)
	a := f.actor("admin")
	mux := http.NewServeMux()
	must(t, f.srv.register(mux, httpx.Route{Pattern: "POST /api/v1/units", Perm: auth.Admin, API: true, UnitField: "parent_id",
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			var in struct {
				ParentID int64  `json:"parent_id"`
				Name     string `json:"name"`
			}
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
			return httpx.WriteJSON(w, 201, in)
		}}))
	tests := []struct {
		name, ctype, body string
		status            int
	}{
		{"inside", "application/json", `{"parent_id": ` + strconv.FormatInt(f.inside.IDs["unitID"], 10) + `, "name": "x"}`, 201},
		{"outside", "application/json", `{"parent_id": ` + strconv.FormatInt(f.outside.IDs["unitID"], 10) + `, "name": "x"}`, 403},
		{"outside without a content type", "", `{"parent_id": ` + strconv.FormatInt(f.outside.IDs["unitID"], 10) + `}`, 403},
		{"outside as a string", "application/json", `{"parent_id": "` + strconv.FormatInt(f.outside.IDs["unitID"], 10) + `"}`, 403},
		{"every unit", "application/json", `{"parent_id": 0}`, 403},
		{"missing: left to the handler", "application/json", `{"name": "x"}`, 201},
		{"not JSON", "application/json", `{"parent_id": `, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/units", strings.NewReader(tt.body))
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			r.Header.Set("Authorization", "Bearer "+a.token)
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
		})
	}
}

// TestLoginLimiterBehindProxy: behind a trusted proxy the login limiter
// counts each client by the address the proxy forwards, so one client's
// failures lock out neither the others nor the proxy; a peer that is not
// trusted is counted by its own address whatever X-Forwarded-For it sends.
func TestLoginLimiterBehindProxy(t *testing.T) {
	f := newFixture(t)
	tp, err := httpx.ParseTrustedProxies("192.0.2.0/24")
	must(t, err)
	srv, err := New(Deps{Store: f.st, TrustedProxies: tp})
	must(t, err)
	tests := []struct {
		name   string
		peer   string
		xff    string
		status int
	}{
		{"client A, failure 1", "192.0.2.10", "198.51.100.1", 401},
		{"client A, failure 2", "192.0.2.10", "198.51.100.1", 401},
		{"client A, failure 3", "192.0.2.10", "198.51.100.1", 401},
		{"client A, failure 4", "192.0.2.10", "198.51.100.1", 401},
		{"client A, failure 5", "192.0.2.10", "198.51.100.1", 401},
		{"client A locked out", "192.0.2.10", "198.51.100.1", 429},
		{"client A through another proxy, still locked out", "192.0.2.11", "198.51.100.1", 429},
		{"client B behind the same proxy", "192.0.2.10", "198.51.100.2", 401},
		{"client B naming A on the left, still B", "192.0.2.10", "198.51.100.1, 198.51.100.2", 401},
		{"an untrusted peer, failure 1", "203.0.113.9", "198.51.100.11", 401},
		{"an untrusted peer, failure 2", "203.0.113.9", "198.51.100.12", 401},
		{"an untrusted peer, failure 3", "203.0.113.9", "198.51.100.13", 401},
		{"an untrusted peer, failure 4", "203.0.113.9", "198.51.100.14", 401},
		{"an untrusted peer, failure 5", "203.0.113.9", "198.51.100.15", 401},
		{"an untrusted peer locked out whatever it forwards", "203.0.113.9", "198.51.100.16", 429},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/login", strings.NewReader("login=viewer&password=wrong"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = tt.peer + ":40000"
		r.Header.Set("X-Forwarded-For", tt.xff)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != tt.status {
			t.Fatalf("%s: status %d, want %d: %s", tt.name, w.Code, tt.status, brief(w.Body.String()))
		}
	}
}

// TestWriteLimit: an account's changes are counted across servers on one
// database, and past the limit in a minute they are refused with 429 and
// a message, while reads go on and another account is not held.
func TestWriteLimit(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var servers []*Server
	for range 2 {
		srv, err := New(Deps{Store: f.st, Now: clock, WritesPerMinute: 3})
		must(t, err)
		servers = append(servers, srv)
	}
	admin, other := f.actor("admin"), f.actor("admin of every unit")
	unit := fmt.Sprintf(`{"parent_id":%d,"name":"新设单位"}`, f.inside.top.ID)
	do := func(srv *Server, a *actor, method, path, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+a.token)
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	write := func(srv *Server, a *actor) int {
		return do(srv, a, "POST", "/api/v1/units", unit).Code
	}
	for i := range 3 {
		if code := write(servers[i%2], admin); code >= 400 {
			t.Fatalf("write %d: %d", i+1, code)
		}
	}
	w := do(servers[1], admin, "POST", "/api/v1/units", unit)
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "每个账号每分钟最多提交 3 次修改") {
		t.Fatalf("the fourth write in a minute on the other server: %d %s", w.Code, brief(w.Body.String()))
	}
	if code := do(servers[0], admin, "GET", "/api/v1/me", "").Code; code != http.StatusOK {
		t.Errorf("a read past the limit: %d", code)
	}
	if code := write(servers[0], other); code >= 400 {
		t.Errorf("another account's write: %d", code)
	}
	now = now.Add(61 * time.Second)
	if code := write(servers[0], admin); code >= 400 {
		t.Errorf("a write a minute later: %d", code)
	}
}
