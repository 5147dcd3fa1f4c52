package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func newUser(t *testing.T, st *store.Store) *rectify.User {
	t.Helper()
	unit := &rectify.Unit{Name: "中共青石县水务局党组"}
	if err := st.CreateUnit(rectify.AsSystem(context.Background()), unit); err != nil {
		t.Fatal(err)
	}
	u := &rectify.User{Login: "wang", Name: "王填报", Role: rectify.RoleEditor, UnitID: unit.ID}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// request returns a request carrying the cookies w set.
func request(target string, from *httptest.ResponseRecorder) *http.Request {
	r := httptest.NewRequest("GET", target, nil)
	for _, c := range from.Result().Cookies() {
		if c.MaxAge >= 0 {
			r.AddCookie(c)
		}
	}
	return r
}

func TestSessions(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	u := newUser(t, st)
	clock := newClock()
	m := auth.NewSessions(st, clock.now)

	w := httptest.NewRecorder()
	id, err := m.Start(ctx, w, httptest.NewRequest("POST", "/login", nil), u)
	if err != nil {
		t.Fatal(err)
	}
	c := w.Result().Cookies()[0]
	if c.Name != auth.CookieName || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("cookie %+v", c)
	}
	if auth.HashSecret(c.Value) != id {
		t.Error("the session's ID is not the hash of the cookie's token")
	}
	r := request("/", w)
	got, gotID, err := m.User(ctx, r)
	if err != nil || got.ID != u.ID || gotID != id {
		t.Fatalf("user %+v, %q, %v", got, gotID, err)
	}

	// Used every hour, the session lives to its absolute limit (12 h).
	for range 11 {
		clock.advance(time.Hour)
		if _, _, err := m.User(ctx, r); err != nil {
			t.Fatalf("an active session ended after %v: %v", clock.t.Sub(newClock().t), err)
		}
	}
	clock.advance(time.Hour)
	if _, _, err := m.User(ctx, r); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("past the absolute limit: %v", err)
	}

	// Unused for more than 2 hours, a session ends.
	w = httptest.NewRecorder()
	if _, err := m.Start(ctx, w, httptest.NewRequest("POST", "/login", nil), u); err != nil {
		t.Fatal(err)
	}
	r = request("/", w)
	clock.advance(2*time.Hour + time.Second)
	_, _, err = m.User(ctx, r)
	if rectify.ErrorMessage(err) != "登录已过期，请重新登录" {
		t.Errorf("idle session: %v", err)
	}

	// Login rotates: the session the request carried ends.
	w = httptest.NewRecorder()
	if _, err := m.Start(ctx, w, httptest.NewRequest("POST", "/login", nil), u); err != nil {
		t.Fatal(err)
	}
	old := request("/login", w)
	w2 := httptest.NewRecorder()
	if _, err := m.Start(ctx, w2, old, u); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.User(ctx, old); err == nil {
		t.Error("the session before login survived it")
	}
	cur := request("/", w2)
	if _, _, err := m.User(ctx, cur); err != nil {
		t.Errorf("new session: %v", err)
	}

	// Logout ends the session and deletes the cookie.
	w3 := httptest.NewRecorder()
	if err := m.End(ctx, w3, cur); err != nil {
		t.Fatal(err)
	}
	if del := w3.Result().Cookies()[0]; del.MaxAge >= 0 || del.Value != "" {
		t.Errorf("logout cookie %+v", del)
	}
	if _, _, err := m.User(ctx, cur); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("after logout: %v", err)
	}

	// No cookie, a forged cookie, a disabled account.
	if _, _, err := m.User(ctx, httptest.NewRequest("GET", "/", nil)); rectify.ErrorMessage(err) != "请先登录" {
		t.Errorf("no cookie: %v", err)
	}
	forged := httptest.NewRequest("GET", "/", nil)
	forged.AddCookie(&http.Cookie{Name: auth.CookieName, Value: "guess"})
	if _, _, err := m.User(ctx, forged); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("forged cookie: %v", err)
	}
	w = httptest.NewRecorder()
	if _, err := m.Start(ctx, w, httptest.NewRequest("POST", "/login", nil), u); err != nil {
		t.Fatal(err)
	}
	fresh, _ := st.GetUser(ctx, u.ID)
	fresh.Disabled = true
	if err := st.UpdateUser(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.User(ctx, request("/", w)); rectify.ErrorCode(err) != rectify.EUNAUTHORIZED {
		t.Errorf("disabled account: %v", err)
	}
}

func TestSecureCookie(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	u := newUser(t, st)
	tests := []struct {
		name   string
		flag   bool
		tls    bool
		secure bool
	}{
		{"plain HTTP", false, false, false},
		{"TLS", false, true, true},
		{"behind a TLS proxy", true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := auth.NewSessions(st, time.Now)
			m.Secure = tt.flag
			r := httptest.NewRequest("POST", "https://example.org/login", nil)
			if !tt.tls {
				r = httptest.NewRequest("POST", "http://example.org/login", nil)
			}
			w := httptest.NewRecorder()
			if _, err := m.Start(ctx, w, r, u); err != nil {
				t.Fatal(err)
			}
			if c := w.Result().Cookies()[0]; c.Secure != tt.secure {
				t.Errorf("Secure %v, want %v", c.Secure, tt.secure)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	u := newUser(t, st)
	clock := newClock()
	tokens := &auth.Tokens{Store: st, Now: clock.now}

	secret, tok := auth.NewToken(u.ID, "台账同步脚本", time.Time{})
	if tok.Prefix != secret[:12] || tok.Hash == secret {
		t.Errorf("token record %+v", tok)
	}
	if err := st.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	dated, dtok := auth.NewToken(u.ID, "临时", clock.t.Add(time.Hour))
	if err := st.CreateToken(ctx, dtok); err != nil {
		t.Fatal(err)
	}
	got, err := tokens.User(ctx, "Bearer "+secret)
	if err != nil || got.ID != u.ID {
		t.Fatalf("user %+v, %v", got, err)
	}
	if list, _ := st.ListTokens(ctx, u.ID); list[1].LastUsed.IsZero() {
		t.Error("use not recorded")
	}
	clock.advance(2 * time.Hour)
	tests := []struct {
		name, header, msg string
	}{
		{"expired", "Bearer " + dated, "令牌已过期"},
		{"unknown", "Bearer rct_0123456789abcdef", "令牌无效或已撤销"},
		{"not a token", "Bearer abc", "令牌格式不对，应为 Authorization: Bearer rct_…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tokens.User(ctx, tt.header)
			if rectify.ErrorCode(err) != rectify.EUNAUTHORIZED || rectify.ErrorMessage(err) != tt.msg {
				t.Errorf("error %v, want %q", err, tt.msg)
			}
		})
	}
	if err := st.DeleteToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.User(ctx, "Bearer "+secret); rectify.ErrorMessage(err) != "令牌无效或已撤销" {
		t.Errorf("revoked: %v", err)
	}
}

// TestTokensAcrossServers signs a script in by its token on two servers,
// each on a handle of its own of one database and each keeping the tokens
// it read, and changes on one what signing in reads: the other sees every
// change at the script's next request.
func TestTokensAcrossServers(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	open := func() *store.Store {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	here, there := open(), open()
	u := newUser(t, here)
	clock := newClock()
	tokens := &auth.Tokens{Store: here, Now: clock.now}
	secret, tok := auth.NewToken(u.ID, "台账同步脚本", time.Time{})
	if err := there.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	// signIn returns who the token signs in as, or the error's message.
	signIn := func() (*rectify.User, string) {
		got, err := tokens.User(ctx, "Bearer "+secret)
		if err != nil {
			return nil, rectify.ErrorMessage(err)
		}
		return got, ""
	}
	update := func(t *testing.T, change func(u *rectify.User)) {
		cur, err := there.GetUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		change(cur)
		if err := there.UpdateUser(ctx, cur); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func(t *testing.T)
		// the role wanted (the scope is the unit's path), or the refusal
		role    rectify.Role
		refusal string
	}{
		{"first use", func(t *testing.T) {}, rectify.RoleEditor, ""},
		{"again, as kept", func(t *testing.T) {}, rectify.RoleEditor, ""},
		{"a minute later, its use written back", func(t *testing.T) { clock.advance(2 * time.Minute) }, rectify.RoleEditor, ""},
		{"made a reviewer on the other server", func(t *testing.T) {
			update(t, func(u *rectify.User) { u.Role = rectify.RoleReviewer })
		}, rectify.RoleReviewer, ""},
		{"its unit moved under another", func(t *testing.T) {
			top := &rectify.Unit{Name: "中共青石县委员会"}
			if err := there.CreateUnit(ctx, top); err != nil {
				t.Fatal(err)
			}
			unit, err := there.GetUnit(ctx, u.UnitID)
			if err != nil {
				t.Fatal(err)
			}
			unit.ParentID = top.ID
			if err := there.UpdateUnit(ctx, unit); err != nil {
				t.Fatal(err)
			}
			u.ScopePath = unit.Path
		}, rectify.RoleReviewer, ""},
		{"disabled on the other server", func(t *testing.T) {
			update(t, func(u *rectify.User) { u.Disabled = true })
		}, "", "账号已停用"},
		{"enabled again", func(t *testing.T) {
			update(t, func(u *rectify.User) { u.Disabled = false })
		}, rectify.RoleReviewer, ""},
		{"revoked on the other server", func(t *testing.T) {
			if err := there.DeleteToken(ctx, u.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
		}, "", "令牌无效或已撤销"},
		{"a new token made on the other server", func(t *testing.T) {
			secret, tok = auth.NewToken(u.ID, "台账同步脚本", time.Time{})
			if err := there.CreateToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}, rectify.RoleReviewer, ""},
		{"its password changed on the other server", func(t *testing.T) {
			hash, err := auth.HashPassword("另一个口令-2026")
			if err != nil {
				t.Fatal(err)
			}
			if err := there.SetPassword(ctx, u.ID, hash, ""); err != nil {
				t.Fatal(err)
			}
		}, "", "令牌无效或已撤销"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			got, refusal := signIn()
			if refusal != st.refusal {
				t.Fatalf("refusal %q, want %q", refusal, st.refusal)
			}
			if got != nil && (got.ID != u.ID || got.Role != st.role || got.ScopePath != u.ScopePath) {
				t.Errorf("signed in as %+v, want role %s, scope %s", got, st.role, u.ScopePath)
			}
			if st.refusal == "" {
				list, err := there.ListTokens(ctx, u.ID)
				if err != nil || len(list) != 1 || clock.now().Sub(list[0].LastUsed) >= time.Minute {
					t.Errorf("last use %+v, %v; now %s", list, err, clock.now())
				}
			}
		})
	}
}
