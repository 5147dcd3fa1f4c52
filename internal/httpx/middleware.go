package httpx

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies mws to h, the first outermost.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Recover turns a panic in a handler into a logged 500, written by errs
// (JSON under /api/, a page elsewhere). http.ErrAbortHandler passes on.
func Recover(errs *Errors) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tw := &trackingWriter{ResponseWriter: w}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
				if tw.wrote {
					errs.log(r, err, "panic after the response started")
					return
				}
				errs.Write(w, r, err, IsAPI(r))
			}()
			next.ServeHTTP(tw, r)
		})
	}
}

// LogRequests logs every request once it is answered: method, path,
// status, bytes and duration, at Info (static files and health checks at
// Debug).
func LogRequests(log *slog.Logger, now func() time.Time) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := now()
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			level := slog.LevelInfo
			if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
				level = slog.LevelDebug
			}
			log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
				slog.Duration("duration", now().Sub(start)), slog.String("ip", ClientIP(r)))
		})
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ContentSecurityPolicy allows scripts, styles, fonts and images from this
// site only — no inline script or style, no other origin — and no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries: the content
// security policy, no MIME sniffing, no framing, no referrer to other
// sites, and HSTS on a request that came over TLS.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// One array holds the values (the names are canonical already).
		v := [...]string{ContentSecurityPolicy, "nosniff", "DENY", "same-origin", "same-origin"}
		h["Content-Security-Policy"] = v[0:1:1]
		h["X-Content-Type-Options"] = v[1:2:2]
		h["X-Frame-Options"] = v[2:3:3]
		h["Referrer-Policy"] = v[3:4:4]
		h["Cross-Origin-Opener-Policy"] = v[4:5:5]
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// CrossOrigin refuses state-changing requests that a browser sends from
// another site (the protection against cross-site request forgery, by the
// standard library's http.CrossOriginProtection: Sec-Fetch-Site, else
// Origin against Host), answering 403 through errs. Requests for which
// bearer reports true are let through: signed in by a Bearer token alone,
// they carry no ambient credential another site could ride on.
func CrossOrigin(errs *Errors, bearer func(*http.Request) bool) Middleware {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errs.Write(w, r, rectify.Errorf(rectify.EFORBIDDEN, "拒绝来自其他网站的请求"), IsAPI(r))
	}))
	return func(next http.Handler) http.Handler {
		protected := cop.Handler(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				// Changes nothing: the protection lets it through, and
				// asking bearer would route it a second time.
				next.ServeHTTP(w, r)
				return
			}
			if bearer != nil && bearer(r) {
				next.ServeHTTP(w, r)
				return
			}
			protected.ServeHTTP(w, r)
		})
	}
}

// LimitBody bounds the request body to n bytes; reading past it fails with
// an *http.MaxBytesError, which the decoders report as ETOOLARGE.
func LimitBody(n int64) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}
