package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/api"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/server"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// The fixture is invented: a county (青禾县) whose inspection office
// oversees the agriculture bureau, with its seed station under it, and the
// water bureau. The station's inspection has four problems as of the
// fixture's today, 2024-05-01: one in progress and overdue, one not
// started and due in two days, one long-term, one signed off.

func d(s string) rectify.Date { return rectify.MustDate(s) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type fixture struct {
	st  *store.Store
	srv *server.Server
	now time.Time

	county, bureau, station, water *rectify.Unit
	in, otherIn                    *rectify.Inspection
	// overdue (in progress, past due), due (not started, due in two
	// days), longTerm, done (signed off); other is the water bureau's.
	overdue, due, longTerm, done, other *rectify.Problem
	comment                             *rectify.PublicComment
	recheck                             *rectify.Recheck

	users  map[string]*rectify.User
	tokens map[string]string // API token by user name

	doc *openapi3.T
	ops map[string]*routers.Route // by ServeMux pattern
	mux *http.ServeMux            // the document's patterns
}

// The users of the fixture, by name.
const (
	admin       = "admin"        // every unit
	bureauAdmin = "bureau admin" // the agriculture bureau's subtree
	reviewer    = "reviewer"
	editor      = "editor"
	viewer      = "viewer"
	waterEditor = "water editor" // the water bureau's subtree
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	f := &fixture{st: testdb.Open(t), now: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC),
		users: map[string]*rectify.User{}, tokens: map[string]string{}}
	f.st.Now = func() time.Time { return f.now }
	unit := func(name string, parent *rectify.Unit) *rectify.Unit {
		u := &rectify.Unit{Name: name, Contact: rectify.Contact{Phone: "0730-7700000"}}
		if parent != nil {
			u.ParentID = parent.ID
		}
		must(t, f.st.CreateUnit(ctx, u))
		return u
	}
	f.county = unit("中共青禾县委员会", nil)
	f.bureau = unit("中共青禾县农业农村局党组", f.county)
	f.station = unit("青禾县种子站党支部", f.bureau)
	f.water = unit("中共青禾县水利局党组", f.county)

	change := func(st rectify.Status, date string) []rectify.StatusChange {
		return []rectify.StatusChange{{Status: st, Date: d(date), Author: "导入"}}
	}
	f.in = &rectify.Inspection{UnitID: f.station.ID, Team: "县委第二巡察组", Kind: rectify.KindSpecial, Round: 3,
		Start: d("2023-10-09"), End: d("2023-12-01"), Feedback: d("2024-01-10"),
		Findings: []*rectify.Finding{{Number: 1, Title: "种子市场监管不到位", Problems: []*rectify.Problem{
			{Number: 1, Title: "种子经营备案台账不全", Track: rectify.TrackDeadline, Leader: "李明", OwnerUnit: "市场股",
				Due: d("2024-03-31"), Opened: d("2024-01-10"), History: change(rectify.StatusInProgress, "2024-01-20"),
				Measures: []*rectify.Measure{
					{Number: 1, Text: "逐户核对经营门店备案信息。", Done: d("2024-02-01")},
					{Number: 2, Text: "建立备案台账月度更新制度。"},
				}},
			{Number: 2, Title: "抽检样品保管不规范", Track: rectify.TrackImmediate, Leader: "王芳", OwnerUnit: "检验室",
				Due: d("2024-05-03"), Opened: d("2024-01-10"),
				Measures: []*rectify.Measure{{Number: 1, Text: "购置样品柜并落实专人保管。"}}},
		}}, {Number: 2, Title: "制种基地管理粗放", Problems: []*rectify.Problem{
			{Number: 3, Title: "制种基地灌溉设施老化", Track: rectify.TrackLongTerm, Leader: "李明", OwnerUnit: "基地办",
				Opened: d("2024-01-10"), History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I",
					Date: d("2024-03-01"), NextMilestone: d("2024-09-30"), Author: "导入"}},
				Measures: []*rectify.Measure{{Number: 1, Text: "分三年改造灌溉渠系。"}}},
			{Number: 4, Title: "种子检验报告签发不及时", Track: rectify.TrackDeadline, Leader: "王芳", OwnerUnit: "检验室",
				Due: d("2024-03-15"), Opened: d("2024-01-10"), History: change(rectify.StatusCompleted, "2024-03-10"),
				Measures: []*rectify.Measure{{Number: 1, Text: "实行检验报告限时签发。", Done: d("2024-03-01")}}},
		}}}}
	must(t, f.st.CreateInspection(ctx, f.in))
	ps := f.in.Problems()
	f.overdue, f.due, f.longTerm, f.done = ps[0], ps[1], ps[2], ps[3]
	f.otherIn = &rectify.Inspection{UnitID: f.water.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular, Round: 3,
		Feedback: d("2024-02-01"), Findings: []*rectify.Finding{{Number: 1, Title: "工程项目管理不规范", Problems: []*rectify.Problem{
			{Number: 1, Title: "水库除险加固工程台账缺失", Due: d("2024-04-30"), Opened: d("2024-02-01"),
				Measures: []*rectify.Measure{{Number: 1, Text: "补建工程台账。"}}},
		}}}}
	must(t, f.st.CreateInspection(ctx, f.otherIn))
	f.other = f.otherIn.Problems()[0]
	f.comment = &rectify.PublicComment{UnitID: f.station.ID, Contact: "13800000000", Text: "种子站的样品柜还没有买。"}
	must(t, f.st.CreateComment(ctx, f.comment))
	f.recheck = &rectify.Recheck{ProblemID: f.done.ID, Due: d("2024-06-10")}
	must(t, f.st.CreateRecheck(ctx, f.recheck))

	for _, a := range []struct {
		name string
		role rectify.Role
		unit *rectify.Unit
	}{
		{admin, rectify.RoleAdmin, nil},
		{bureauAdmin, rectify.RoleAdmin, f.bureau},
		{reviewer, rectify.RoleReviewer, f.bureau},
		{editor, rectify.RoleEditor, f.bureau},
		{viewer, rectify.RoleViewer, f.bureau},
		{waterEditor, rectify.RoleEditor, f.water},
	} {
		u := &rectify.User{Login: strings.ReplaceAll(a.name, " ", "-"), Name: a.name, Role: a.role}
		if a.unit != nil {
			u.UnitID = a.unit.ID
		}
		must(t, f.st.CreateUser(ctx, u))
		secret, tok := auth.NewToken(u.ID, "测试脚本", time.Time{})
		must(t, f.st.CreateToken(ctx, tok))
		f.users[a.name], f.tokens[a.name] = u, secret
	}
	srv, err := server.New(server.Deps{Store: f.st, Now: func() time.Time { return f.now }})
	must(t, err)
	f.srv = srv
	f.loadDocument(t)
	return f
}

func init() {
	// The notice in Markdown is text to the validator, as text/plain is.
	openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.PlainBodyDecoder)
}

// loadDocument loads the OpenAPI document and indexes its operations by
// the ServeMux pattern they stand for.
func (f *fixture) loadDocument(t *testing.T) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	must(t, err)
	f.doc, f.ops, f.mux = doc, map[string]*routers.Route{}, http.NewServeMux()
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			pattern := method + " " + path
			f.ops[pattern] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
			f.mux.Handle(pattern, http.NotFoundHandler())
		}
	}
}

// call is one request of a test.
type call struct {
	method, path string
	as           string // user name; "" for none
	token        string // a raw Authorization value instead of the user's token
	json         any    // a body to send as JSON
	body         string // a raw body
	ctype        string
}

// do sends c to the server and checks the answer against the document:
// every response must match its operation's schema, and a request the
// server accepted must match the document's request schema (JSON bodies).
func (f *fixture) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	body := []byte(c.body)
	ctype := c.ctype
	if c.json != nil {
		var err error
		body, err = json.Marshal(c.json)
		must(t, err)
		if ctype == "" {
			ctype = "application/json"
		}
	}
	r := httptest.NewRequest(c.method, c.path, bytes.NewReader(body))
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	switch {
	case c.token != "":
		r.Header.Set("Authorization", c.token)
	case c.as != "":
		tok, ok := f.tokens[c.as]
		if !ok {
			t.Fatalf("no user %q", c.as)
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	f.validate(t, r, body, w)
	return w
}

// validate checks a response, and the request when it succeeded, against
// the document.
func (f *fixture) validate(t *testing.T, r *http.Request, body []byte, w *httptest.ResponseRecorder) {
	t.Helper()
	_, pattern := f.mux.Handler(r)
	route := f.ops[pattern]
	if route == nil {
		if strings.HasPrefix(r.URL.Path, "/api/v1/") && w.Code != http.StatusNotFound {
			t.Errorf("%s %s: no operation in the document", r.Method, r.URL.Path)
		}
		return
	}
	ctx := rectify.AsSystem(context.Background())
	req := r.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(body))
	params := map[string]string{}
	for _, p := range route.Operation.Parameters {
		if p.Value.In == "path" {
			params[p.Value.Name] = pathValue(route.Path, r.URL.Path, p.Value.Name)
		}
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	if w.Code < 300 && strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("%s %s: the request the server accepted does not match the document: %v", r.Method, r.URL, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.Code, Header: w.Header(),
		Body: io.NopCloser(bytes.NewReader(w.Body.Bytes())), Options: &openapi3filter.Options{MultiError: true}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s %s: %d response does not match the document: %v\n%s", r.Method, r.URL, w.Code, err, brief(w.Body.String()))
	}
}

// pathValue returns the segment of path standing where {name} stands in
// template.
func pathValue(template, path, name string) string {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	for i, s := range ts {
		if s == "{"+name+"}" && i < len(ps) {
			return ps[i]
		}
	}
	return ""
}

func brief(s string) string {
	if r := []rune(s); len(r) > 600 {
		return string(r[:600]) + "…"
	}
	return s
}

// multipartBody returns a multipart form of fields and files (name →
// content) and its content type.
func multipartBody(t *testing.T, fields map[string]string, fileField string, files map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		must(t, mw.WriteField(k, v))
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile(fileField, name)
		must(t, err)
		_, err = fw.Write([]byte(content))
		must(t, err)
	}
	must(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

// decode decodes a JSON response into v.
func decode(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, brief(w.Body.String()))
	}
}

// errorBody is the JSON of an error response.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}
