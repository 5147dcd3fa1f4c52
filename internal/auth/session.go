package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// CookieName is the name of the session cookie.
const CookieName = "rectify_session"

// SessionStore is what Sessions keeps sessions in; *store.Store provides it.
type SessionStore interface {
	CreateSession(ctx context.Context, se *store.Session) error
	GetSession(ctx context.Context, id string, now time.Time) (*store.Session, *rectify.User, error)
	TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, id string) error
}

// Sessions are server-side sessions (会话) behind an HttpOnly, SameSite=Lax
// cookie holding a random token; the store keeps only the token's hash. A
// session ends after Idle without use, and after MaxAge however used.
type Sessions struct {
	Store SessionStore
	Now   func() time.Time
	// Idle is how long a session lives unused; MaxAge how long it lives
	// at most.
	Idle, MaxAge time.Duration
	// Secure marks the cookie Secure even on a request that did not come
	// over TLS: for a server behind a TLS-terminating proxy.
	Secure bool
	// TouchEvery is how often use of a session is written back; in
	// between, its expiry is not moved (one write a minute, not a request).
	TouchEvery time.Duration
}

// NewSessions returns sessions on st that end after 2 hours unused or 12
// hours in all, on the clock now.
func NewSessions(st SessionStore, now func() time.Time) *Sessions {
	return &Sessions{Store: st, Now: now, Idle: 2 * time.Hour, MaxAge: 12 * time.Hour, TouchEvery: time.Minute}
}

func (m *Sessions) now() time.Time { return m.Now().UTC().Truncate(time.Microsecond) }

// expiry returns when a session created at created and seen at seen ends.
func (m *Sessions) expiry(created, seen time.Time) time.Time {
	end := seen.Add(m.Idle)
	if limit := created.Add(m.MaxAge); limit.Before(end) {
		end = limit
	}
	return end
}

// Start signs u in: it ends the session the request carries, if any (a new
// session at every login, so that a token planted before login is
// worthless), stores a new one and sets its cookie. It returns the new
// session's ID (the hash, not the token).
func (m *Sessions) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, u *rectify.User) (string, error) {
	if id := m.CurrentID(r); id != "" {
		if err := m.Store.DeleteSession(ctx, id); err != nil {
			return "", fmt.Errorf("auth: start session: %w", err)
		}
	}
	token, id := NewSecret("")
	now := m.now()
	se := &store.Session{ID: id, UserID: u.ID, Created: now, LastSeen: now, Expires: m.expiry(now, now)}
	if err := m.Store.CreateSession(ctx, se); err != nil {
		return "", fmt.Errorf("auth: start session: %w", err)
	}
	http.SetCookie(w, m.cookie(r, token, 0))
	return id, nil
}

// cookie returns the session cookie with value; maxAge < 0 deletes it.
func (m *Sessions) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: CookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: m.Secure || r.TLS != nil,
	}
}

// CurrentID returns the ID of the session the request's cookie names
// (whether or not it is still valid), or "".
func (m *Sessions) CurrentID(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" || len(c.Value) > 200 {
		return ""
	}
	return HashSecret(c.Value)
}

// User returns the signed-in user of the request and the session's ID. It
// returns an EUNAUTHORIZED error without a cookie, for an unknown, expired
// or ended session and for a disabled account; other errors are the
// store's. Use moves the session's idle expiry on.
func (m *Sessions) User(ctx context.Context, r *http.Request) (*rectify.User, string, error) {
	id := m.CurrentID(r)
	if id == "" {
		return nil, "", rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	now := m.now()
	se, u, err := m.Store.GetSession(ctx, id, now)
	if errors.Is(err, rectify.ErrNotFound) {
		return nil, "", rectify.Errorf(rectify.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	if err != nil {
		return nil, "", fmt.Errorf("auth: session: %w", err)
	}
	if u.Disabled {
		return nil, "", rectify.Errorf(rectify.EUNAUTHORIZED, "账号已停用")
	}
	if now.Sub(se.LastSeen) >= m.TouchEvery {
		if err := m.Store.TouchSession(ctx, id, now, m.expiry(se.Created, now)); err != nil {
			return nil, "", fmt.Errorf("auth: session: %w", err)
		}
	}
	return u, id, nil
}

// End signs the request's session out and deletes its cookie.
func (m *Sessions) End(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, m.cookie(r, "", -1))
	if id := m.CurrentID(r); id != "" {
		if err := m.Store.DeleteSession(ctx, id); err != nil {
			return fmt.Errorf("auth: end session: %w", err)
		}
	}
	return nil
}

// TokenStore is what Tokens reads API tokens from; *store.Store provides it.
type TokenStore interface {
	// GetTokenUser returns the token of a hash with its account.
	GetTokenUser(ctx context.Context, hash string) (*store.APIToken, *rectify.User, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
}

// Tokens authenticates scripts by their API token (API 令牌).
//
// A script sends its token with every request. When Store also tells the
// version of what signing in reads (AccountsVersioner), Tokens keeps the
// tokens it read with their accounts, at most maxKeptTokens, each for as
// long as that version stays the same: the version moves in the
// transaction of every change to an account, a token (but its last use) or
// a unit's place, whichever server makes it, so a revoked token, a
// disabled account or a changed role is seen at the next request. A
// request then reads one number instead of the token and its account.
type Tokens struct {
	Store TokenStore
	Now   func() time.Time

	mu   sync.Mutex
	kept map[string]*keptToken // by the token's hash
}

// AccountsVersioner tells the version of what signing in reads;
// *store.Store provides it.
type AccountsVersioner interface {
	AccountsVersion(ctx context.Context) (int64, error)
}

// keptToken is a token and its account as read at version.
type keptToken struct {
	version int64
	tok     store.APIToken
	user    rectify.User
}

// maxKeptTokens bounds the tokens kept: past it, all are forgotten.
const maxKeptTokens = 1024

// NewToken returns a new API token for the user: the secret to show once
// and the record to store (its hash and a prefix to tell it apart).
// expires may be zero (never).
func NewToken(userID int64, name string, expires time.Time) (secret string, t *store.APIToken) {
	secret, hash := NewSecret(TokenPrefix)
	return secret, &store.APIToken{UserID: userID, Name: name, Hash: hash, Prefix: secret[:len(TokenPrefix)+8], Expires: expires}
}

// User returns the user of the token an "Authorization: Bearer rct_…"
// header holds. It returns EUNAUTHORIZED for a malformed, unknown, revoked
// or expired token and for a disabled account. Use is written back at most
// once a minute.
func (t *Tokens) User(ctx context.Context, header string) (*rectify.User, error) {
	secret := BearerToken(header)
	if secret == "" {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "令牌格式不对，应为 Authorization: Bearer %s…", TokenPrefix)
	}
	tok, u, err := t.read(ctx, HashSecret(secret))
	if errors.Is(err, rectify.ErrNotFound) {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "令牌无效或已撤销")
	}
	if err != nil {
		return nil, fmt.Errorf("auth: token: %w", err)
	}
	now := t.Now().UTC().Truncate(time.Microsecond)
	if tok.Expired(now) {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "令牌已过期")
	}
	if u.Disabled {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "账号已停用")
	}
	if tok.LastUsed.IsZero() || now.Sub(tok.LastUsed) >= time.Minute {
		if err := t.Store.TouchToken(ctx, tok.ID, now); err != nil {
			return nil, fmt.Errorf("auth: token: %w", err)
		}
		t.touched(tok.Hash, now)
	}
	return u, nil
}

// read returns the token whose hash is hash and its account: as kept when
// the accounts' version has not moved since, else as the store has them.
// The caller may change what it gets.
func (t *Tokens) read(ctx context.Context, hash string) (*store.APIToken, *rectify.User, error) {
	vs, ok := t.Store.(AccountsVersioner)
	if !ok {
		return t.Store.GetTokenUser(ctx, hash)
	}
	// The version first: what is read after it is at least as new.
	version, err := vs.AccountsVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	t.mu.Lock()
	k := t.kept[hash]
	t.mu.Unlock()
	if k != nil && k.version == version {
		tok, u := k.tok, k.user
		return &tok, &u, nil
	}
	tok, u, err := t.Store.GetTokenUser(ctx, hash)
	if err != nil {
		return nil, nil, err
	}
	t.mu.Lock()
	if t.kept == nil || len(t.kept) >= maxKeptTokens {
		t.kept = map[string]*keptToken{}
	}
	t.kept[hash] = &keptToken{version: version, tok: *tok, user: *u}
	t.mu.Unlock()
	return tok, u, nil
}

// touched notes that the kept token whose hash is hash was last used at at.
func (t *Tokens) touched(hash string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k := t.kept[hash]; k != nil {
		tok := k.tok
		tok.LastUsed = at
		t.kept[hash] = &keptToken{version: k.version, tok: tok, user: k.user}
	}
}
