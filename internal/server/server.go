// Package server assembles the web application: it collects the routes of
// every surface (the pages of internal/web; the JSON API joins with one
// line in New), puts each behind authentication and the policy, and
// registers them on one http.ServeMux with the middleware every response
// passes through.
//
// A request to a route goes through, in order:
//
//  1. the body limit of the route (httpx.DefaultMaxBody unless it says);
//  2. authentication: the session cookie, or for an API route a Bearer
//     token (a bad token is refused even when a cookie is there); a route
//     that is not Public answers 401 without a user — as JSON for the API,
//     a redirect to /login?next=… for a page fetched with GET;
//  3. rectify.WithUser: the user travels in the context, so the store
//     records them as the author of the audit log's entries;
//  4. the unit: every path parameter that names a record ({problemID} and
//     the others of ScopeParams) is resolved through the store to the path
//     of the record's unit, and the route's UnitField, when given, to the
//     unit it names;
//  5. the policy: auth.Check for every unit found (or for the role alone
//     when the route names none).
//
// Not found before forbidden: a record that does not exist answers 404 to
// any signed-in user, and a record that exists outside the caller's scope
// answers 403 with a Chinese message. IDs are sequential and the workflow
// names the unit it refuses, so hiding existence would buy nothing; one
// rule everywhere keeps the route test, the pages and the API in agreement.
// Anonymous callers learn nothing: they get 401 before any lookup.
//
// A route without a valid permission, with a path parameter the server
// cannot resolve, or whose pattern clashes with another's makes New fail:
// a route cannot be registered without a rule.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/api"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/web"
)

// Deps are what the application runs on.
type Deps struct {
	Store *store.Store
	Log   *slog.Logger
	// Now is the clock of sessions, tokens and the login limiter.
	Now func() time.Time
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// requests: for a server behind a TLS-terminating proxy.
	SecureCookies bool
	// OnRender, when set, is told the name of every page rendered (tests).
	OnRender func(page string)
	// Fonts are the faces of PDF notices, found once at start (nil: none,
	// and the PDF download says so).
	Fonts *office.FontSet
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client to the login limiter, the public form's limits and the
	// request log (nil: none; the client is the connection's peer).
	TrustedProxies httpx.TrustedProxies
	// WritesPerMinute bounds the changes one account may send in a
	// minute, counted in the database across servers (DefaultWritesPerMinute
	// when 0): a script with a stolen token cannot write tens of thousands
	// of reports in minutes.
	WritesPerMinute int
}

// DefaultWritesPerMinute is what a person never reaches and a flood does
// at once: two changes a second for a minute.
const DefaultWritesPerMinute = 120

// Server is the whole web application as one http.Handler.
type Server struct {
	deps     Deps
	routes   []httpx.Route
	mux      *http.ServeMux
	api      map[string]bool // the patterns of the API's routes
	handler  http.Handler
	errs     *httpx.Errors
	sessions *auth.Sessions
	tokens   *auth.Tokens
	heads    *headsReader
	paths    *unitPathCache
}

// ScopeParams returns the path parameters that name a record, each with
// the kind of record (store.Kind…) whose unit the policy is decided on.
func ScopeParams() map[string]string {
	return map[string]string{
		"unitID":           store.KindUnit,
		"inspectionID":     store.KindInspection,
		"findingID":        store.KindFinding,
		"problemID":        store.KindProblem,
		"measureID":        store.KindMeasure,
		"progressID":       store.KindProgress,
		"evidenceID":       store.KindEvidence,
		"commentID":        store.KindComment,
		"ruleID":           store.KindRule,
		"accountabilityID": store.KindAccountability,
		"recheckID":        store.KindRecheck,
		"userID":           store.KindUser,
		"personID":         store.KindPerson,
	}
}

// OwnParams returns the path parameters that name something of an
// account's own (an API token), allowed only on Self routes, where the
// handler checks it is the caller's, and on routes that name the account
// by {userID}, whose unit the policy decides on and to which the handler
// holds the token.
func OwnParams() []string { return []string{"tokenID"} }

// New assembles the application. It returns an error when a template does
// not parse or a route breaks the rules (see the package comment).
func New(d Deps) (*Server, error) {
	if d.Store == nil {
		return nil, errors.New("server: new: no store")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Server{deps: d}
	s.sessions = auth.NewSessions(d.Store, d.Now)
	s.sessions.Secure = d.SecureCookies
	s.tokens = &auth.Tokens{Store: d.Store, Now: d.Now}
	s.heads = &headsReader{read: func(ctx context.Context) (store.Heads, error) {
		h, _, err := d.Store.ReadHeads(ctx, "", 0)
		return h, err
	}}
	s.paths = &unitPathCache{}

	// One read model of the figures for the pages and the API.
	figures := facts.New(d.Store)
	pages, err := web.New(web.Deps{Store: d.Store, Sessions: s.sessions, Limiter: auth.NewLimiter(d.Store, d.Now),
		Log: d.Log, Now: d.Now, OnRender: d.OnRender, Fonts: d.Fonts, Facts: figures})
	if err != nil {
		return nil, fmt.Errorf("server: new: %w", err)
	}
	s.errs = &httpx.Errors{Log: d.Log, Page: pages.ErrorPage, LoginPath: "/login"}

	own := []httpx.Route{
		{Pattern: "GET /healthz", Perm: auth.Public, Handler: s.healthz},
		{Pattern: "GET /static/", Perm: auth.Public, Handler: handle(pages.Static())},
		{Pattern: "/", Perm: auth.Public, Handler: s.notFound},
	}
	jsonAPI, err := api.New(api.Deps{Store: d.Store, Log: d.Log, Now: d.Now, Facts: figures})
	if err != nil {
		return nil, fmt.Errorf("server: new: %w", err)
	}
	// Every surface's routes.
	surfaces := [][]httpx.Route{own, pages.Routes(), jsonAPI.Routes()}

	mux := http.NewServeMux()
	s.mux, s.api = mux, map[string]bool{}
	for _, routes := range surfaces {
		for _, rt := range routes {
			if err := s.register(mux, rt); err != nil {
				return nil, err
			}
		}
	}
	s.handler = httpx.Chain(mux,
		httpx.ResolveClient(d.TrustedProxies),
		httpx.LogRequests(d.Log, d.Now),
		httpx.Recover(s.errs),
		httpx.SecurityHeaders,
		httpx.CrossOrigin(s.errs, s.bearerRoute),
	)
	return s, nil
}

// ServeHTTP serves the application.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns every registered route, in the order registered.
func (s *Server) Routes() []httpx.Route { return slices.Clone(s.routes) }

// register checks rt and adds it to mux behind the gate.
func (s *Server) register(mux *http.ServeMux, rt httpx.Route) (err error) {
	if !rt.Perm.Valid() {
		return fmt.Errorf("server: route %q has no permission", rt.Pattern)
	}
	if rt.Handler == nil {
		return fmt.Errorf("server: route %q has no handler", rt.Pattern)
	}
	scopes := ScopeParams()
	for _, p := range rt.Params() {
		if _, ok := scopes[p]; ok {
			continue
		}
		if slices.Contains(OwnParams(), p) && (rt.Perm == auth.Self || slices.Contains(rt.Params(), "userID")) {
			continue
		}
		return fmt.Errorf("server: route %q: path parameter {%s} names no record the policy knows; "+
			"use one of the ScopeParams, or add it there and to store.UnitPathOf", rt.Pattern, p)
	}
	defer func() {
		// ServeMux panics on a malformed or clashing pattern.
		if v := recover(); v != nil {
			err = fmt.Errorf("server: route %q: %v", rt.Pattern, v)
		}
	}()
	mux.Handle(rt.Pattern, s.gate(rt))
	s.routes = append(s.routes, rt)
	if rt.API {
		s.api[rt.Pattern] = true
	}
	return nil
}

// gate puts rt's handler behind the body limit, authentication and the
// policy.
func (s *Server) gate(rt httpx.Route) http.Handler {
	h := s.errs.Handler(rt.Handler, rt.API)
	limit := rt.MaxBody
	if limit <= 0 {
		limit = httpx.DefaultMaxBody
	}
	// The path parameters that name a record, with its kind.
	var scopes []scopeParam
	kinds := ScopeParams()
	if rt.Perm != auth.Self {
		for _, p := range rt.Params() {
			if kind, ok := kinds[p]; ok {
				scopes = append(scopes, scopeParam{p, kind})
			}
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.API {
			// Answers carry the record of a signed-in person: no cache
			// keeps them, shared or private.
			w.Header().Set("Cache-Control", "no-store")
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		ctx, first := s.readHeads(r, rt, scopes)
		u, err := s.authenticate(ctx, r, rt)
		if err != nil {
			s.errs.Write(w, r, err, rt.API)
			return
		}
		if u != nil {
			ctx = rectify.WithUser(ctx, u)
		}
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		if err := s.authorize(r, rt, u, scopes, first); err != nil {
			s.errs.Write(w, r, err, rt.API)
			return
		}
		if err := s.countWrite(r, u); err != nil {
			s.errs.Write(w, r, err, rt.API)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// scopeParam is a path parameter that names a record, with the kind of
// record (store.Kind…).
type scopeParam struct{ name, kind string }

// readHeads reads, for a signed-in request that reads, the record's heads
// (store.ReadHeads, shared with the requests that arrived together, see
// headsReader) and returns r's context carrying them, with the path of the unit of
// the record its first scope parameter names, as kept at those heads or
// else read: signing in, the policy and the caches of the answer then ask
// the database nothing more. The path is "" when none was found (a write,
// a public route, a record that does not exist, which the policy reports
// in its turn).
func (s *Server) readHeads(r *http.Request, rt httpx.Route, scopes []scopeParam) (context.Context, string) {
	ctx := r.Context()
	if rt.Perm == auth.Public || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return ctx, ""
	}
	h, err := s.heads.get(ctx)
	if err != nil {
		return ctx, ""
	}
	withHeads := store.WithHeads(ctx, h)
	if len(scopes) == 0 {
		return withHeads, ""
	}
	id, err := httpx.PathID(r, scopes[0].name)
	if err != nil {
		return withHeads, ""
	}
	kind := scopes[0].kind
	if path, ok := s.paths.get(h, kind, id); ok {
		return withHeads, path
	}
	path, err := s.deps.Store.UnitPathOf(ctx, kind, id)
	if err != nil {
		return withHeads, ""
	}
	s.paths.put(h, kind, id, path)
	return withHeads, path
}

// countWrite counts a change sent by a signed-in account and returns
// ERATELIMIT when the account sent WritesPerMinute in the last minute.
// Reads and the public's requests are not counted.
func (s *Server) countWrite(r *http.Request, u *rectify.User) error {
	if u == nil || r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
		return nil
	}
	limit := s.deps.WritesPerMinute
	if limit <= 0 {
		limit = DefaultWritesPerMinute
	}
	now := time.Now
	if s.deps.Now != nil {
		now = s.deps.Now
	}
	key := store.PublicEvent{Kind: "write", Key: strconv.FormatInt(u.ID, 10)}
	at := now()
	n, err := s.deps.Store.CountPublicEvents(r.Context(), key, at.Add(-time.Minute), limit)
	if err != nil {
		return err
	}
	if n >= limit {
		return rectify.Errorf(rectify.ERATELIMIT, "操作过于频繁：每个账号每分钟最多提交 %d 次修改，请稍后再试", limit)
	}
	return s.deps.Store.RecordPublicEvents(r.Context(), []store.PublicEvent{key}, at)
}

// bearerRoute reports whether r goes to an API route and carries a Bearer
// token, so that the token and nothing else signs it in: only then may it
// skip the cross-origin check, since a page route signs in by the session
// cookie whatever Authorization header comes with it.
func (s *Server) bearerRoute(r *http.Request) bool {
	if !auth.HasBearer(r.Header.Get("Authorization")) {
		return false
	}
	_, pattern := s.mux.Handler(r)
	return s.api[pattern]
}

// authenticate returns the caller: by Bearer token on an API route that
// carries one, else by session cookie. Without a valid credential it
// returns EUNAUTHORIZED, or no user and no error on a Public route (a bad
// Bearer token is refused even there).
func (s *Server) authenticate(ctx context.Context, r *http.Request, rt httpx.Route) (*rectify.User, error) {
	if h := r.Header.Get("Authorization"); rt.API && auth.HasBearer(h) {
		return s.tokens.User(ctx, h)
	}
	u, _, err := s.sessions.User(ctx, r)
	if rectify.ErrorCode(err) == rectify.EUNAUTHORIZED && rt.Perm == auth.Public {
		return nil, nil
	}
	return u, err
}

// authorize checks the policy for the units the request acts on; first is
// the path of the unit of the first of scopes when already read.
func (s *Server) authorize(r *http.Request, rt httpx.Route, u *rectify.User, scopes []scopeParam, first string) error {
	if rt.Perm == auth.Public {
		return nil
	}
	if u == nil {
		return rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	if first != "" && len(scopes) == 1 && rt.UnitField == "" {
		return auth.Check(u, rt.Perm, first)
	}
	paths, err := s.unitPaths(r, rt, scopes, first)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return auth.Check(u, rt.Perm, "")
	}
	for _, p := range paths {
		if err := auth.Check(u, rt.Perm, p); err != nil {
			return err
		}
	}
	return nil
}

// unitPaths returns the paths of the units the request acts on: those of
// the records its path names (scopes; first is the path of the first one's
// unit when already read), and the unit its UnitField names. A Self route
// has no scopes: the handler checks the account is the caller's own.
func (s *Server) unitPaths(r *http.Request, rt httpx.Route, scopes []scopeParam, first string) ([]string, error) {
	if rt.Perm == auth.Self {
		return nil, nil
	}
	var paths []string
	for i, p := range scopes {
		if i == 0 && first != "" {
			paths = append(paths, first)
			continue
		}
		id, err := httpx.PathID(r, p.name)
		if err != nil {
			return nil, err
		}
		path, err := s.deps.Store.UnitPathOf(r.Context(), p.kind, id)
		if err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if rt.UnitField != "" {
		path, err := s.fieldUnitPath(r, rt)
		if err != nil {
			return nil, err
		}
		if path != "" {
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// fieldUnitPath returns the path of the unit the form or JSON field names:
// "" when the field is empty (the handler reports it missing),
// auth.RootPath for "0" (every unit). A value that is not a unit's ID is
// EINVALID on the field.
func (s *Server) fieldUnitPath(r *http.Request, rt httpx.Route) (string, error) {
	field := rt.UnitField
	var v string
	var err error
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json") || (mt == "" && rt.API):
		v, err = httpx.PeekJSONField(r, field)
	case mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" || mt == "":
		v, err = httpx.FormField(r, field)
	default:
		// The handler could read the field from a body the gate cannot:
		// refuse it rather than let the unit pass unchecked.
		return "", rectify.Errorf(rectify.EINVALID, "不支持的请求体类型 %s", mt)
	}
	if err != nil || v == "" {
		return "", err
	}
	invalid := func(msg string) error {
		return &rectify.Error{Code: rectify.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	id, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil || id < 0:
		return "", invalid("请选择单位")
	case id == 0:
		return auth.RootPath, nil
	}
	path, err := s.deps.Store.UnitPathOf(r.Context(), store.KindUnit, id)
	if errors.Is(err, rectify.ErrNotFound) {
		return "", invalid("所选单位不存在")
	}
	return path, err
}

// healthz answers 200 when the database answers within two seconds.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.deps.Store.CountUsers(ctx); err != nil {
		s.deps.Log.ErrorContext(r.Context(), "health check", "err", err)
		return httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// notFound answers every path no route has: as JSON under /api/.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	s.errs.Write(w, r, rectify.Errorf(rectify.ENOTFOUND, "页面不存在：%s", r.URL.Path), httpx.IsAPI(r))
	return nil
}

// handle adapts a plain handler to the route type.
func handle(h http.Handler) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
