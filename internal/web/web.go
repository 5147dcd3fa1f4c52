// Package web is the server-rendered pages of rectify, in Chinese: the
// layout and its navigation, the template and static-file machinery, the
// pages of accounts (登录, 退出, 我的账号, 账号管理, 单位管理), of the daily
// work (总览, 巡察, 问题, 导入, 通报: see overview.go) and of supervision.
// Pages are html/template files embedded in the program and parsed at
// start (a broken template stops the start); static files are embedded too
// and served with content-hashed URLs, with htmx and ECharts vendored (no
// CDN).
//
// Adding a page: write its handler as an httpx.HandlerFunc in a file of its
// resource, declare it in Routes with the permission it needs, put its
// template in templates/pages/NAME.html (defining "title" and "content"),
// render it with w.render(rw, r, status, "NAME", data), and add a case to
// the table of TestTemplates, which fails for a template no case renders.
// In a template, .Data is what the handler passed; .User, .Scope (the name
// of the user's scope), .Nav and .Flash are the layout's; the helpers are
// in funcs (date, datetime, statusClass, lightClass, percent, asset, can,
// dict, treeName, depthClass) and the form partials in
// templates/layout/forms.html. A page that needs ECharts defines "head"
// with <script src="{{asset "vendor/echarts/echarts.min.js"}}" defer>; no
// inline script or style anywhere (the content security policy refuses
// them, and TestNoInlineCode too).
// The signed-in user is rectify.UserFrom(r.Context()); the server has
// already checked the route's permission on the unit of the path's record.
package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Deps are what the pages need.
type Deps struct {
	// Store is the record: the pages read it directly and change it
	// through Work.
	Store *store.Store
	// Work is the use cases every change of the record goes through;
	// New makes one on Store when nil.
	Work     *workflow.Service
	Sessions *auth.Sessions
	Limiter  *auth.Limiter
	Log      *slog.Logger
	// Now is the clock; Location the zone dates and times are shown in
	// (China Standard Time when nil).
	Now      func() time.Time
	Location *time.Location
	// OnRender, when set, is called with the name of every page rendered
	// (tests collect them).
	OnRender func(page string)
	// Fonts are the faces of PDF notices, found once at start; nil when
	// the system has none (the PDF download then says so).
	Fonts *office.FontSet
	// Facts is the read model of the figures, shared with the API; New
	// makes one on Store when nil.
	Facts *facts.Index
}

// Web is the pages: their routes, templates and static files.
type Web struct {
	Deps
	pages  map[string]*template.Template
	static *staticFiles
	// dummyHash is verified against for a login that does not exist, so
	// that it takes as long as a wrong password.
	dummyHash string
	// flood holds back floods of the public opinion form.
	flood *floodGuard
}

// New parses the templates and indexes the static files. It returns an
// error when a template does not parse or a dependency is missing.
func New(d Deps) (*Web, error) {
	if d.Store == nil || d.Sessions == nil || d.Limiter == nil {
		return nil, fmt.Errorf("web: new: store, sessions and limiter are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.FixedZone("CST", 8*3600)
	}
	if d.Work == nil {
		// Its days are the days the pages show: the clock in their zone,
		// whatever the server's own zone (a container's is often UTC).
		now, loc := d.Now, d.Location
		d.Work = &workflow.Service{Store: d.Store, Now: func() time.Time { return now().In(loc) }}
	}
	st, err := newStaticFiles()
	if err != nil {
		return nil, err
	}
	if d.Facts == nil {
		d.Facts = facts.New(d.Store)
	}
	w := &Web{Deps: d, static: st}
	if w.flood, err = newFloodGuard(context.Background(), d.Store, d.Now); err != nil {
		return nil, err
	}
	if w.pages, err = w.parseTemplates(); err != nil {
		return nil, err
	}
	if w.dummyHash, err = auth.HashPassword(auth.RandomPassword()); err != nil {
		return nil, fmt.Errorf("web: new: %w", err)
	}
	return w, nil
}

// Routes returns the routes of the pages. The server adds authentication
// and the policy check around each.
func (w *Web) Routes() []httpx.Route {
	routes := []httpx.Route{
		{Pattern: "GET /{$}", Perm: auth.Public, Handler: w.home},
		{Pattern: "GET /login", Perm: auth.Public, Handler: w.loginForm},
		{Pattern: "POST /login", Perm: auth.Public, Handler: w.login},
		{Pattern: "POST /logout", Perm: auth.Public, Handler: w.logout},

		{Pattern: "GET /account", Perm: auth.Self, Handler: w.account},
		{Pattern: "POST /account/password", Perm: auth.Self, Handler: w.changePassword},
		{Pattern: "POST /account/tokens", Perm: auth.Self, Handler: w.createToken},
		{Pattern: "POST /account/tokens/{tokenID}/revoke", Perm: auth.Self, Handler: w.revokeToken},

		{Pattern: "GET /admin/users", Perm: auth.Admin, Handler: w.users},
		{Pattern: "GET /admin/users/new", Perm: auth.Admin, Handler: w.newUser},
		{Pattern: "POST /admin/users", Perm: auth.Admin, UnitField: "unit_id", Handler: w.createUser},
		{Pattern: "GET /admin/users/{userID}", Perm: auth.Admin, Handler: w.editUser},
		{Pattern: "POST /admin/users/{userID}", Perm: auth.Admin, UnitField: "unit_id", Handler: w.updateUser},
		{Pattern: "POST /admin/users/{userID}/password", Perm: auth.Admin, Handler: w.resetPassword},
		{Pattern: "POST /admin/users/{userID}/tokens/{tokenID}/revoke", Perm: auth.Admin, Handler: w.revokeUserToken},

		{Pattern: "GET /admin/units", Perm: auth.Admin, Handler: w.units},
		{Pattern: "POST /admin/units", Perm: auth.Admin, UnitField: "parent_id", Handler: w.createUnit},
		{Pattern: "GET /admin/units/{unitID}", Perm: auth.Admin, Handler: w.editUnit},
		{Pattern: "POST /admin/units/{unitID}", Perm: auth.Admin, Handler: w.updateUnit},
	}
	// The public page and its opinion channel, the inbox, look-backs,
	// accountability and rules, settings and ledger import, each declared
	// in its resource's file.
	for _, more := range [][]httpx.Route{w.publicRoutes(), w.inboxRoutes(), w.recheckRoutes(),
		w.recordRoutes(), w.settingRoutes(), w.ledgerImportRoutes(), w.workspaceRoutes(), w.peopleRoutes(),
		w.todoRoutes(), w.inspectionRoutes(), w.orderRoutes(), w.qualityRoutes()} {
		routes = append(routes, more...)
	}
	return routes
}

// home sends the browser to the to-do list (待办), the first page of
// every signed-in person.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) error {
	http.Redirect(rw, r, "/todo", http.StatusFound)
	return nil
}

// Static returns the handler of the embedded static files, to be mounted
// at /static/.
func (w *Web) Static() http.Handler { return w.static }

// currentUser returns the signed-in user, or EUNAUTHORIZED (a route behind
// Self or stronger always has one).
func currentUser(r *http.Request) (*rectify.User, error) {
	u := rectify.UserFrom(r.Context())
	if u == nil {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	return u, nil
}
