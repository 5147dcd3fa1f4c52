// Package api is the JSON API of rectify under /api/v1: units, inspections
// and their notices, findings, problems with their measures, progress and
// evidence, status changes, statistics and the ledger, public opinions,
// look-backs, rules and accountability, office settings, for scripts holding an API token (Authorization:
// Bearer rct_…) as well as for a signed-in browser.
//
// Every route is one row of the table in routes.go, which carries what the
// server needs (pattern, permission, unit field, body limit) and what the
// OpenAPI document says of it (summary, query parameters, request and
// response types). The document, openapi.json, is generated from that
// table and the Go types by `go test ./internal/api -run TestOpenAPIFile
// -update`, embedded, and served at /api/v1/openapi.json; a test fails
// when the committed file differs from what the code describes.
//
// Handlers read like the pages': decode, validate, call the workflow (every
// change of the record goes through it) or the store, respond. Bodies are
// JSON in snake_case, dates YYYY-MM-DD; PUT and PATCH carry the version
// they were made from, and a stale one answers 409 "conflict". Errors are
// {"error":{"code","message","fields"}} with the status of their code
// (internal/httpx). The server has already checked the permission of the
// route on the unit of every record the path names; lists are filtered to
// the caller's scope here.
package api

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// DefaultMaxUpload bounds the body of a notice import or a progress report
// with its evidence files, unless Deps says otherwise.
const DefaultMaxUpload = 32 << 20

// Deps are what the API needs.
type Deps struct {
	// Store is the record: the API reads it directly and changes it
	// through the workflow.
	Store *store.Store
	Log   *slog.Logger
	// Now is the clock: "today" for lists, lights, statistics and the
	// use cases.
	Now func() time.Time
	// MaxUpload bounds the body of an upload (a notice, a progress report
	// with its files); DefaultMaxUpload when 0.
	MaxUpload int64
	// Facts is the read model of the figures, shared with the pages; New
	// makes one on Store when nil.
	Facts *facts.Index
}

// API is the JSON API: its routes and handlers.
type API struct {
	Deps
	flow *workflow.Service
}

// New returns the API on d. It returns an error when the store is missing.
func New(d Deps) (*API, error) {
	if d.Store == nil {
		return nil, errors.New("api: new: no store")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.MaxUpload <= 0 {
		d.MaxUpload = DefaultMaxUpload
	}
	if d.Facts == nil {
		d.Facts = facts.New(d.Store)
	}
	flow := workflow.New(d.Store)
	flow.Now = d.Now
	return &API{Deps: d, flow: flow}, nil
}

// today returns the day by the API's clock.
func (a *API) today() rectify.Date { return rectify.DateOf(a.Now()) }

// currentUser returns the signed-in user, or EUNAUTHORIZED (every route
// but the document's has one).
func currentUser(r *http.Request) (*rectify.User, error) {
	u := rectify.UserFrom(r.Context())
	if u == nil {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	return u, nil
}

// scopeOf returns the path of the subtree the user sees: "" for every unit
// (an admin without a unit).
func scopeOf(u *rectify.User) (string, error) {
	if u.Role == rectify.RoleAdmin && u.UnitID == 0 {
		return "", nil
	}
	if u.ScopePath == "" {
		return "", rectify.Errorf(rectify.EFORBIDDEN, "账号没有所属单位，无权查看记录")
	}
	return u.ScopePath, nil
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	return httpx.WriteJSON(w, status, v)
}

// invalid returns an EINVALID error with one message on field.
func invalid(field, message string) error {
	return &rectify.Error{Code: rectify.EINVALID, Message: message, Fields: map[string]string{field: message}}
}

// renameFields returns err with its field names renamed by names (a
// domain type's "phone" is the API's "contact.phone").
func renameFields(err error, names map[string]string) error {
	fields := rectify.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return &rectify.Error{Code: rectify.ErrorCode(err), Message: rectify.ErrorMessage(err), Fields: out}
}

// contactFields names the fields of a contact block inside a body.
var contactFields = map[string]string{"phone": "contact.phone", "address": "contact.address", "mailbox": "contact.mailbox", "email": "contact.email"}

// requireVersion returns EINVALID on "version" when an edit carries none.
func requireVersion(v int) error {
	if v <= 0 {
		return invalid("version", "请填写版本号 version（取自读取时的记录），以免覆盖他人的修改")
	}
	return nil
}
