// Package httpx is the HTTP plumbing every surface shares: the route type
// that pages and the JSON API declare (Route), handlers that return an
// error (HandlerFunc) adapted once (Errors), the table from rectify's error
// codes to HTTP statuses (Status), JSON and form decoding with clear
// Chinese messages, the client's address behind trusted reverse proxies
// (ClientIP), and middleware: panic recovery, request logs, security
// headers, cross-origin protection, body limits.
package httpx

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

// HandlerFunc is a handler that returns its error instead of writing it:
// the adapter (Errors.Handler) writes the page or JSON for it, with the
// status its code maps to, and logs it when it is the program's fault.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// DefaultMaxBody is how large a request body may be unless a route says
// otherwise: ample for forms and JSON, not for uploads.
const DefaultMaxBody = 1 << 20

// Route is one route of a surface (the pages, the JSON API). The server
// registers it behind authentication and the policy: a route is reached
// only by a caller who holds Perm on the unit it acts on.
//
// The unit is found from the path parameters by convention: {unitID},
// {inspectionID}, {findingID}, {problemID}, {measureID}, {progressID},
// {evidenceID}, {commentID}, {ruleID}, {accountabilityID}, {recheckID} and
// {userID} name a record, and the policy is decided on that record's unit
// (every such parameter must pass). A route without one either acts on the
// caller's own scope (a list, a dashboard: the handler filters by
// u.ScopePath) or names its unit in a form or JSON field: UnitField. Self
// routes may also take {tokenID}, which the handler checks is the
// caller's own. Any other parameter is refused at start.
type Route struct {
	// Pattern is a ServeMux pattern with a method:
	// "POST /problems/{problemID}/status".
	Pattern string
	// Perm is what the caller must hold; the zero Permission is refused
	// at start.
	Perm auth.Permission
	// Handler does the work once the caller is let through.
	Handler HandlerFunc
	// API marks a JSON API route: errors as JSON, Bearer tokens accepted.
	// Page routes take only the session cookie and show errors as pages.
	API bool
	// UnitField names the form or JSON field holding the ID of the unit
	// the route acts on ("unit_id", "parent_id"), checked before the
	// handler runs: a unit out of scope answers 403 and an unknown one
	// 422. An empty field is left to the handler (which reports it
	// missing); "0" stands for every unit (auth.RootPath). The body must
	// be a form or JSON (an API route's body without a Content-Type is
	// read as JSON); the gate refuses any other, which it cannot read.
	UnitField string
	// MaxBody bounds the request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
}

// Method returns the method of the pattern, "" for any.
func (rt Route) Method() string {
	if m, _, ok := strings.Cut(rt.Pattern, " "); ok {
		return m
	}
	return ""
}

// Path returns the path part of the pattern.
func (rt Route) Path() string {
	if _, p, ok := strings.Cut(rt.Pattern, " "); ok {
		return strings.TrimSpace(p)
	}
	return rt.Pattern
}

var wildcard = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// Params returns the names of the path's wildcards in order ({$} aside).
func (rt Route) Params() []string {
	var out []string
	for _, m := range wildcard.FindAllStringSubmatch(rt.Path(), -1) {
		out = append(out, m[1])
	}
	return out
}

// PathID returns the integer path parameter name of r. A value that is not
// a positive integer gives a not-found error: no record has that ID.
func PathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, rectify.Errorf(rectify.ENOTFOUND, "编号“%s”不存在", s)
	}
	return id, nil
}

// IsAPI reports whether r is addressed to the JSON API (under /api/).
func IsAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// LocalPath returns next when it is a path on this site ("/problems?x=1"),
// fallback otherwise: never another host ("//evil.example", "https://…",
// "/\evil"), so that a login link cannot send the user elsewhere.
func LocalPath(next, fallback string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	return next
}
