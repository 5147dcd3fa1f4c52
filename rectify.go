// Package rectify holds the domain of inspection rectification (巡察整改):
// units, inspections, findings, problems, measures, progress, statuses and
// their allowed transitions, deadline lights and the indicators officials
// count. It imports nothing of the project; every other package depends on it.
package rectify

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. The HTTP layer maps each to a status; only EINTERNAL is logged.
const (
	ECONFLICT     = "conflict"     // a stale version or a duplicate
	EINTERNAL     = "internal"     // a fault of the program or its store
	EINVALID      = "invalid"      // the input is wrong; see Fields
	ENOTFOUND     = "not_found"    // no such thing
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
	ETRANSITION   = "transition"   // a status change the rules do not allow
	ETOOLARGE     = "too_large"    // an upload or body over its limit
	ERATELIMIT    = "rate_limited" // too many attempts
)

// Error is a domain error: a code, a message for the user (in Chinese) and,
// for EINVALID, a message per field.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is the generic not-found error; stores wrap or return it.
var ErrNotFound = &Error{Code: ENOTFOUND, Message: "未找到"}

// ErrStale is returned when an edit carries a version that is no longer current.
var ErrStale = &Error{Code: ECONFLICT, Message: "已被他人修改，请刷新后重试"}

// Is lets errors.Is match two *Error values by code, so that
// errors.Is(err, ErrNotFound) holds for any not-found error.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Code == e.Code && (t.Message == e.Message || t == ErrNotFound)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of its
// *Error, or a generic sentence for internal errors (their detail is logged,
// never shown).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误，请稍后重试"
}

// ErrorFields returns the per-field messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Invalid collects per-field problems during validation. The zero value is
// ready to use; Err returns nil when nothing was added.
type Invalid struct {
	fields map[string]string
}

// Add records a problem with field; the first message for a field wins.
func (v *Invalid) Add(field, message string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = message
	}
}

// Has reports whether field already has a problem.
func (v *Invalid) Has(field string) bool {
	_, ok := v.fields[field]
	return ok
}

// Err returns an EINVALID *Error holding every field problem, or nil.
func (v *Invalid) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "输入有误，请检查标出的字段", Fields: v.fields}
}
