package httpx

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
)

// Status returns the HTTP status of err by its rectify error code:
//
//	EINVALID 422, ENOTFOUND 404, ECONFLICT 409, ETRANSITION 409,
//	EFORBIDDEN 403, EUNAUTHORIZED 401, ETOOLARGE 413, ERATELIMIT 429,
//	anything else 500.
func Status(err error) int {
	switch rectify.ErrorCode(err) {
	case "":
		return http.StatusOK
	case rectify.EINVALID:
		return http.StatusUnprocessableEntity
	case rectify.ENOTFOUND:
		return http.StatusNotFound
	case rectify.ECONFLICT, rectify.ETRANSITION:
		return http.StatusConflict
	case rectify.EFORBIDDEN:
		return http.StatusForbidden
	case rectify.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case rectify.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case rectify.ERATELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON body of an API error:
// {"error":{"code":"invalid","message":"…","fields":{"title":"…"}}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is what an API error says: its code (rectify's codes:
// invalid, not_found, conflict, transition, forbidden, unauthorized,
// too_large, rate_limited, internal), a message for the user in Chinese and,
// for invalid input, a message per field.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Errors writes handler errors, once for the whole program: JSON for API
// routes, an HTML page otherwise (a sign-in redirect for a page that needs
// one). Only 5xx errors are logged, with the request; the user sees a
// generic message for them.
type Errors struct {
	Log *slog.Logger
	// Page writes the HTML error page with status; nil writes plain text.
	Page func(w http.ResponseWriter, r *http.Request, status int, err error)
	// LoginPath is where a page that needs a signed-in user sends the
	// browser, with ?next=; "" answers 401 instead.
	LoginPath string
}

// Handler adapts h: an error it returns is written by e.Write, unless h
// already started its response (then it is only logged).
func (e *Errors) Handler(h HandlerFunc, api bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackingWriter{ResponseWriter: w}
		err := h(tw, r)
		if err == nil {
			return
		}
		if tw.wrote {
			e.log(r, err, "error after the response started")
			return
		}
		e.Write(w, r, err, api)
	})
}

// Write writes err as the response to r: as JSON when api, else as a page.
// A GET of a page by someone not signed in is sent to the login page.
func (e *Errors) Write(w http.ResponseWriter, r *http.Request, err error, api bool) {
	status := Status(err)
	if status >= 500 {
		e.log(r, err, "internal error")
	}
	if api {
		WriteJSON(w, status, ErrorBody{ErrorDetail{
			Code: errorCode(err), Message: rectify.ErrorMessage(err), Fields: rectify.ErrorFields(err),
		}})
		return
	}
	if status == http.StatusUnauthorized && e.LoginPath != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, e.LoginPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if e.Page != nil {
		e.Page(w, r, status, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write([]byte(rectify.ErrorMessage(err) + "\n"))
}

func errorCode(err error) string {
	code := rectify.ErrorCode(err)
	if Status(err) == http.StatusInternalServerError {
		return rectify.EINTERNAL
	}
	return code
}

func (e *Errors) log(r *http.Request, err error, msg string) {
	if e.Log == nil {
		return
	}
	e.Log.ErrorContext(r.Context(), msg, "method", r.Method, "path", r.URL.Path, "err", err)
}

// WriteJSON writes v as JSON with status. Chinese is written as is, not
// escaped.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return WriteJSONBytes(w, status, b)
}

// WriteJSONBytes writes parts, one after the other a JSON value, with
// status as WriteJSON does: with its length, so that the answer is not
// sent in chunks, and a newline.
func WriteJSONBytes(w http.ResponseWriter, status int, parts ...[]byte) error {
	n := 1
	for _, b := range parts {
		n += len(b)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	for _, b := range parts {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := w.Write(newline)
	return err
}

var newline = []byte{'\n'}

// trackingWriter notes whether a response was started.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(status int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// isMaxBytes reports whether err comes from a body over its limit.
func isMaxBytes(err error) (*http.MaxBytesError, bool) {
	var mb *http.MaxBytesError
	ok := errors.As(err, &mb)
	return mb, ok
}
