package notifytest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Post is a request a robot endpoint received.
type Post struct {
	Path        string     // the URL path, e.g. /robot/send
	Query       url.Values // access_token, key, timestamp, sign, …
	ContentType string
	Body        []byte
	// JSON is Body decoded into generic values (maps, slices, strings,
	// float64, bool), nil when it is not JSON.
	JSON map[string]any
}

// RobotServer stands in for the webhooks of DingTalk and WeCom: it keeps
// every POST and answers {"errcode":0,"errmsg":"ok"}, or the error set with
// Fail.
type RobotServer struct {
	// URL is the server's base URL, http://127.0.0.1:port.
	URL string

	mu    sync.Mutex
	posts []Post
	fail  map[string]int // path → how many requests to fail
}

// NewRobotServer starts a robot endpoint, stopped when t ends.
func NewRobotServer(t testing.TB) *RobotServer {
	t.Helper()
	r := &RobotServer{fail: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

func (r *RobotServer) serve(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p := Post{Path: req.URL.Path, Query: req.URL.Query(), ContentType: req.Header.Get("Content-Type"), Body: body}
	if json.Unmarshal(body, &p.JSON) != nil {
		p.JSON = nil
	}
	r.mu.Lock()
	n := r.fail[req.URL.Path]
	if n > 0 {
		r.fail[req.URL.Path] = n - 1
	} else {
		r.posts = append(r.posts, p)
	}
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if n > 0 {
		// What DingTalk answers a robot sending too fast.
		fmt.Fprint(w, `{"errcode":410100,"errmsg":"send too fast, exceed 20 times per minute"}`)
		return
	}
	fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
}

// Fail makes the next n requests to path fail with a non-zero errcode
// (those are not kept).
func (r *RobotServer) Fail(path string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail[path] = n
}

// Posts returns the requests received so far.
func (r *RobotServer) Posts() []Post {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Post(nil), r.posts...)
}
