package httpx_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{rectify.Errorf(rectify.EINVALID, "x"), 422},
		{rectify.ErrNotFound, 404},
		{rectify.ErrStale, 409},
		{rectify.Errorf(rectify.ETRANSITION, "x"), 409},
		{rectify.Errorf(rectify.EFORBIDDEN, "x"), 403},
		{rectify.Errorf(rectify.EUNAUTHORIZED, "x"), 401},
		{rectify.Errorf(rectify.ETOOLARGE, "x"), 413},
		{rectify.Errorf(rectify.ERATELIMIT, "x"), 429},
		{rectify.Errorf(rectify.EINTERNAL, "x"), 500},
		{errors.New("disk full"), 500},
	}
	for _, tt := range tests {
		if got := httpx.Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	var logs bytes.Buffer
	errs := &httpx.Errors{
		Log:       slog.New(slog.NewTextHandler(&logs, nil)),
		LoginPath: "/login",
		Page: func(w http.ResponseWriter, r *http.Request, status int, err error) {
			w.WriteHeader(status)
			io.WriteString(w, "<p>"+rectify.ErrorMessage(err)+"</p>")
		},
	}
	invalid := &rectify.Error{Code: rectify.EINVALID, Message: "输入有误", Fields: map[string]string{"title": "请填写问题标题"}}
	tests := []struct {
		name     string
		method   string
		api      bool
		err      error
		status   int
		body     string
		location string
		logged   bool
	}{
		{"API invalid", "POST", true, invalid, 422,
			`{"error":{"code":"invalid","message":"输入有误","fields":{"title":"请填写问题标题"}}}`, "", false},
		{"API internal hides the detail", "GET", true, errors.New("database is locked"), 500,
			`{"error":{"code":"internal","message":"内部错误，请稍后重试"}}`, "", true},
		{"API unauthorized", "GET", true, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录"), 401,
			`{"error":{"code":"unauthorized","message":"请先登录"}}`, "", false},
		{"page forbidden", "GET", false, rectify.Errorf(rectify.EFORBIDDEN, "无权查看"), 403, "<p>无权查看</p>", "", false},
		{"page GET not signed in goes to login", "GET", false, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录"), 303, "",
			"/login?next=%2Fproblems%3Fstatus%3Dopen", false},
		{"page POST not signed in", "POST", false, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录"), 401, "<p>请先登录</p>", "", false},
		{"page internal", "GET", false, errors.New("boom"), 500, "<p>内部错误，请稍后重试</p>", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			h := errs.Handler(func(w http.ResponseWriter, r *http.Request) error { return tt.err }, tt.api)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(tt.method, "/problems?status=open", nil))
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if got := strings.TrimSpace(w.Body.String()); tt.body != "" && got != tt.body {
				t.Errorf("body %s\nwant %s", got, tt.body)
			}
			if loc := w.Header().Get("Location"); loc != tt.location {
				t.Errorf("location %q, want %q", loc, tt.location)
			}
			if (logs.Len() > 0) != tt.logged {
				t.Errorf("logged %q", logs.String())
			}
		})
	}
}

type problemIn struct {
	Title string       `json:"title"`
	Count int          `json:"count"`
	Due   rectify.Date `json:"due"`
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		limit             int64
		code, msg         string
		fields            map[string]string
	}{
		{"good", "application/json", `{"title":"河道采砂","count":2,"due":"2024-03-01"}`, 0, "", "", nil},
		{"empty", "application/json", ``, 0, rectify.EINVALID, "请求体为空，应为一个 JSON 对象", nil},
		{"syntax", "application/json", `{"title":}`, 0, rectify.EINVALID, "JSON 格式错误（第 10 个字节附近）", nil},
		{"truncated", "application/json", `{"title":"x"`, 0, rectify.EINVALID, "JSON 不完整", nil},
		{"unknown field", "application/json", `{"titel":"x"}`, 0, rectify.EINVALID, "未知的字段“titel”", map[string]string{"titel": "未知的字段"}},
		{"wrong type", "application/json", `{"count":"两个"}`, 0, rectify.EINVALID, "输入有误，请检查标出的字段", map[string]string{"count": "应为数字，收到string"}},
		{"bad date", "application/json", `{"due":"2024/03/01"}`, 0, rectify.EINVALID, "日期“2024/03/01”格式不对，应为 YYYY-MM-DD", nil},
		{"two values", "application/json", `{"title":"a"}{"title":"b"}`, 0, rectify.EINVALID, "请求体只能包含一个 JSON 值", nil},
		{"not JSON", "text/plain", `{}`, 0, rectify.EINVALID, "请求体应为 JSON（Content-Type: application/json），收到 text/plain", nil},
		{"too large", "application/json", `{"title":"` + strings.Repeat("长", 100) + `"}`, 64, rectify.ETOOLARGE, "请求体超过 64 字节 的上限", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.ctype)
			if tt.limit > 0 {
				r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, tt.limit)
			}
			var v problemIn
			err := httpx.DecodeJSON(r, &v)
			if got := rectify.ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			if err != nil && rectify.ErrorMessage(err) != tt.msg {
				t.Errorf("message %q, want %q", rectify.ErrorMessage(err), tt.msg)
			}
			if tt.fields != nil && !reflect.DeepEqual(rectify.ErrorFields(err), tt.fields) {
				t.Errorf("fields %v, want %v", rectify.ErrorFields(err), tt.fields)
			}
		})
	}
}

func TestPeekJSONField(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"unit_id": 12, "name": "x"}`, "12"},
		{`{"unit_id": "12"}`, "12"},
		{`{"unit_id": null}`, ""},
		{`{"name": "x"}`, ""},
		{`not json`, ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
		got, err := httpx.PeekJSONField(r, "unit_id")
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.body, got, err, tt.want)
		}
		if rest, _ := io.ReadAll(r.Body); string(rest) != tt.body {
			t.Errorf("body not restored: %q", rest)
		}
	}
}

func TestForm(t *testing.T) {
	r := httptest.NewRequest("POST", "/admin/users", strings.NewReader("login=+wang+&unit_id=abc&due=2024-13-01&disabled=on&n=7"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f, err := httpx.ParseForm(r)
	if err != nil {
		t.Fatal(err)
	}
	if f.Get("login") != "wang" || f.Value("login") != " wang " || !f.Checked("disabled") || f.Checked("other") || f.Int("n") != 7 {
		t.Errorf("values %v", f.Values)
	}
	if f.Int64("unit_id") != 0 || f.Error("unit_id") != "请填写整数" {
		t.Errorf("unit_id: %q", f.Error("unit_id"))
	}
	if !f.Date("due").IsZero() || f.Error("due") != "日期格式应为 YYYY-MM-DD" {
		t.Errorf("due: %q", f.Error("due"))
	}
	if f.Valid() || rectify.ErrorCode(f.Err()) != rectify.EINVALID {
		t.Error("a form with wrong fields is valid")
	}

	tests := []struct {
		name    string
		err     error
		handled bool
		message string
		field   string
	}{
		{"stale", rectify.ErrStale, true, "已被他人修改，请刷新后重试", ""},
		{"invalid", &rectify.Error{Code: rectify.EINVALID, Message: "输入有误", Fields: map[string]string{"name": "请填写姓名"}}, true, "", "请填写姓名"},
		{"conflict on a field", &rectify.Error{Code: rectify.ECONFLICT, Message: "登录名已被使用", Fields: map[string]string{"name": "该登录名已被使用"}}, true, "登录名已被使用", "该登录名已被使用"},
		{"forbidden", rectify.Errorf(rectify.EFORBIDDEN, "无权"), false, "", ""},
		{"internal", errors.New("disk"), false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := httpx.NewForm(nil)
			if got := f.Fail(tt.err); got != tt.handled {
				t.Fatalf("Fail = %v", got)
			}
			if f.Message != tt.message || f.Error("name") != tt.field {
				t.Errorf("message %q, field %q", f.Message, f.Error("name"))
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.SecurityHeaders(http.NotFoundHandler()).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Referrer-Policy") == "" {
		t.Errorf("headers %v", w.Header())
	}
}

func TestCrossOrigin(t *testing.T) {
	errs := &httpx.Errors{}
	// As the server says: a Bearer token signs in on the API's routes only.
	bearer := func(r *http.Request) bool {
		return strings.HasPrefix(r.URL.Path, "/api/") && strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	h := httpx.CrossOrigin(errs, bearer)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		want    int
		path    string
	}{
		{"same origin POST", "POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, 204, ""},
		{"cross-site POST", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, ""},
		{"cross-site POST by Origin", "POST", map[string]string{"Origin": "https://evil.example"}, 403, ""},
		{"cross-site GET", "GET", map[string]string{"Sec-Fetch-Site": "cross-site"}, 204, ""},
		{"script without browser headers", "POST", nil, 204, ""},
		{"cross-site with a bearer token", "POST", map[string]string{"Sec-Fetch-Site": "cross-site", "Authorization": "Bearer rct_x"}, 204, ""},
		{"cross-site to a page with a bearer header", "POST", map[string]string{"Sec-Fetch-Site": "cross-site", "Authorization": "Bearer rct_x"}, 403,
			"/admin/units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "/api/v1/problems"
			}
			r := httptest.NewRequest(tt.method, "http://rectify.example"+path, nil)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
			if w.Code == 403 && !strings.HasPrefix(path, "/api/") {
				if !strings.Contains(w.Body.String(), "拒绝来自其他网站的请求") {
					t.Errorf("body %s", w.Body)
				}
			} else if w.Code == 403 {
				var body httpx.ErrorBody
				if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error.Code != "forbidden" {
					t.Errorf("body %s", w.Body)
				}
			}
		})
	}
}

func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	errs := &httpx.Errors{Log: slog.New(slog.NewTextHandler(&logs, nil))}
	h := httpx.Recover(errs)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("nil map") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/x", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "内部错误") || !strings.Contains(logs.String(), "nil map") {
		t.Errorf("status %d, body %s, log %s", w.Code, w.Body, logs.String())
	}
}

func TestRoute(t *testing.T) {
	rt := httpx.Route{Pattern: "POST /problems/{problemID}/measures/{measureID}", Perm: auth.Edit}
	if rt.Method() != "POST" || rt.Path() != "/problems/{problemID}/measures/{measureID}" ||
		!reflect.DeepEqual(rt.Params(), []string{"problemID", "measureID"}) {
		t.Errorf("%q %q %v", rt.Method(), rt.Path(), rt.Params())
	}
	if p := (httpx.Route{Pattern: "/static/{path...}"}).Params(); !reflect.DeepEqual(p, []string{"path"}) {
		t.Errorf("params %v", p)
	}
	if p := (httpx.Route{Pattern: "GET /{$}"}).Params(); len(p) != 0 {
		t.Errorf("params of /{$}: %v", p)
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/problems?status=open", "/problems?status=open"},
		{"", "/"},
		{"//evil.example/x", "/"},
		{"https://evil.example", "/"},
		{"/\\evil.example", "/"},
		{"problems", "/"},
	}
	for _, tt := range tests {
		if got := httpx.LocalPath(tt.in, "/"); got != tt.want {
			t.Errorf("LocalPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 字节", 2048: "2 KB", 1 << 20: "1 MB", 32 << 20: "32 MB", 1536 << 10: "1.5 MB"} {
		if got := httpx.Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestWriteJSON wants an answer of any size sent whole, with its length,
// not in chunks: a client reads it in one go.
func TestWriteJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
	}{
		{"small", map[string]string{"status": "ok"}},
		{"past the server's buffer", map[string]string{"text": strings.Repeat("整改情况", 2000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = httpx.WriteJSON(w, http.StatusOK, tt.v)
			}))
			defer srv.Close()
			resp, err := http.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(tt.v)
			if string(body) != string(want)+"\n" {
				t.Errorf("body %.80q, want %.80q", body, want)
			}
			if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) > 0 {
				t.Errorf("length %d, transfer encoding %v; want %d and none", resp.ContentLength, resp.TransferEncoding, len(body))
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("content type %q", ct)
			}
		})
	}
}
