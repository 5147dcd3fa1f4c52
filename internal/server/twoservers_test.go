package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// twoServers are two servers, each on a store handle of its own, on one
// database: what a balancer in front of two machines gives.
type twoServers struct {
	t      *testing.T
	a, b   *httptest.Server
	st     *store.Store // one of the handles, for setting up
	now    atomic.Int64 // the servers' clock, in Unix nanoseconds
	client *http.Client
}

func newTwoServers(t *testing.T) *twoServers {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	ts := &twoServers{t: t, client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ts.now.Store(time.Now().UnixNano())
	clock := func() time.Time { return time.Unix(0, ts.now.Load()).UTC() }
	var servers []*httptest.Server
	for range 2 {
		st, err := store.Open(ctx, dsn)
		must(t, err)
		t.Cleanup(func() { st.Close() })
		srv, err := New(Deps{Store: st, Now: clock})
		must(t, err)
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		servers = append(servers, hs)
		ts.st = st
	}
	ts.a, ts.b = servers[0], servers[1]
	return ts
}

// advance moves the servers' clock on.
func (ts *twoServers) advance(d time.Duration) { ts.now.Add(int64(d)) }

// send sends a request to srv with the session cookie (nil: none) and
// returns the status, the body and the response.
func (ts *twoServers) send(srv *httptest.Server, method, path, contentType string, body io.Reader, cookie *http.Cookie) (int, string, *http.Response) {
	ts.t.Helper()
	r, err := http.NewRequest(method, srv.URL+path, body)
	must(ts.t, err)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	res, err := ts.client.Do(r)
	must(ts.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(ts.t, err)
	return res.StatusCode, string(b), res
}

func (ts *twoServers) post(srv *httptest.Server, path string, form url.Values, cookie *http.Cookie) (int, string, *http.Response) {
	ts.t.Helper()
	return ts.send(srv, "POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), cookie)
}

// upload posts fields and a file as a multipart form.
func (ts *twoServers) upload(srv *httptest.Server, path string, fields url.Values, name string, data []byte, cookie *http.Cookie) (int, string) {
	ts.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			must(ts.t, mw.WriteField(k, v))
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	must(ts.t, err)
	_, err = fw.Write(data)
	must(ts.t, err)
	must(ts.t, mw.Close())
	code, body, _ := ts.send(srv, "POST", path, mw.FormDataContentType(), &b, cookie)
	return code, body
}

// login signs in on srv and returns the session cookie.
func (ts *twoServers) login(srv *httptest.Server, login, password string) *http.Cookie {
	ts.t.Helper()
	code, body, res := ts.post(srv, "/login", url.Values{"login": {login}, "password": {password}}, nil)
	if code != http.StatusSeeOther {
		ts.t.Fatalf("login %s: %d %s", login, code, brief(body))
	}
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	ts.t.Fatalf("login %s: no session cookie", login)
	return nil
}

var (
	draftRE    = regexp.MustCompile(`name="draft" value="([0-9a-f]+)"`)
	formTimeRE = regexp.MustCompile(`name="t" value="([^"]+)"`)
)

func firstMatch(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s on the page: %s", re, brief(body))
	}
	return m[1]
}

// TestTwoServers runs two servers on one database — on PostgreSQL with
// RECTIFY_TEST_POSTGRES, else on one SQLite file — as behind a balancer
// that sends each request to either: a session made on one signs in on
// the other, a notice and a ledger previewed on one are confirmed on the
// other (and only once), failed logins on both together lock the
// account, and the public form's limits count the opinions sent to both.
func TestTwoServers(t *testing.T) {
	ts := newTwoServers(t)
	ctx := rectify.AsSystem(context.Background())
	city := &rectify.Unit{Name: "临江市"}
	must(t, ts.st.CreateUnit(ctx, city))
	bureau := &rectify.Unit{Name: "临江市水务局党组", ParentID: city.ID}
	must(t, ts.st.CreateUnit(ctx, bureau))
	const password = "临江市巡察办2024"
	hash, err := auth.HashPassword(password)
	must(t, err)
	admin := &rectify.User{Login: "banshi", Name: "李主任", Role: rectify.RoleAdmin, PasswordHash: hash}
	for _, u := range []*rectify.User{
		admin,
		{Login: "chakan", Name: "赵查看", Role: rectify.RoleViewer, UnitID: bureau.ID, PasswordHash: hash},
	} {
		must(t, ts.st.CreateUser(ctx, u))
	}
	session := ts.login(ts.a, "banshi", password)

	t.Run("a notice previewed on A is imported on B, once", func(t *testing.T) {
		notice, err := os.ReadFile("../web/testdata/notice_water.txt")
		must(t, err)
		unit := strconv.FormatInt(bureau.ID, 10)
		code, body := ts.upload(ts.a, "/import", url.Values{"unit_id": {unit}}, "通报.txt", notice, session)
		if code != http.StatusOK || !strings.Contains(body, "核对导入内容") {
			t.Fatalf("preview on A: %d %s", code, brief(body))
		}
		confirm := url.Values{"draft": {firstMatch(t, draftRE, body)}, "unit_id": {unit}}
		code, body, res := ts.post(ts.b, "/import/confirm", confirm, session)
		loc := res.Header.Get("Location")
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/inspections/") {
			t.Fatalf("confirm on B: %d %s", code, brief(body))
		}
		if code, body, _ := ts.post(ts.a, "/import/confirm", confirm, session); code != http.StatusConflict || !strings.Contains(body, "导入草稿已失效") {
			t.Errorf("a second confirmation on A: %d %s", code, brief(body))
		}
		code, body, _ = ts.send(ts.a, "GET", loc, "", nil, session)
		if code != http.StatusOK || !strings.Contains(body, "共 6 个问题") {
			t.Errorf("the inspection on A: %d %s", code, brief(body))
		}
		ins, err := ts.st.ListInspections(ctx, store.InspectionFilter{UnitID: bureau.ID})
		must(t, err)
		if len(ins) != 1 {
			t.Errorf("%d inspections stored", len(ins))
		}

		// The ledger of that inspection, with a leader changed.
		code, body, _ = ts.send(ts.b, "GET", loc+"/ledger.xlsx", "", nil, session)
		if code != http.StatusOK {
			t.Fatalf("ledger on B: %d", code)
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		must(t, err)
		must(t, x.SetCellValue(office.LedgerSheet, "H7", "张副局长"))
		var edited bytes.Buffer
		_, err = x.WriteTo(&edited)
		must(t, err)
		x.Close()
		code, body = ts.upload(ts.a, "/ledger/import", nil, "台账.xlsx", edited.Bytes(), session)
		if code != http.StatusOK || !strings.Contains(body, "“张副局长”") {
			t.Fatalf("ledger preview on A: %d %s", code, brief(body))
		}
		ledger := url.Values{"draft": {firstMatch(t, draftRE, body)}}
		if code, body, _ := ts.post(ts.b, "/ledger/import/confirm", ledger, session); code != http.StatusOK || !strings.Contains(body, "台账已导入") {
			t.Fatalf("ledger confirm on B: %d %s", code, brief(body))
		}
		if code, body, _ := ts.post(ts.a, "/ledger/import/confirm", ledger, session); code != http.StatusNotFound || !strings.Contains(body, "台账预览已过期") {
			t.Errorf("a second ledger confirmation on A: %d %s", code, brief(body))
		}
		tree, err := ts.st.LoadInspection(ctx, ins[0].ID)
		must(t, err)
		if got := tree.Findings[0].Problems[1].Leader; got != "张副局长" {
			t.Errorf("leader %q after the ledger import", got)
		}
	})

	t.Run("a script reads a problem on A after changes on B", func(t *testing.T) {
		secret, tok, err := auth.CreateToken(ctx, ts.st, admin.ID, "台账同步脚本", time.Time{})
		must(t, err)
		list, _, err := ts.st.ListProblems(ctx, store.ProblemFilter{Limit: 1})
		must(t, err)
		if len(list) == 0 {
			t.Fatal("no problem imported")
		}
		item := "/api/v1/problems/" + strconv.FormatInt(list[0].ID, 10)
		send := func(srv *httptest.Server, method, path, body string) (int, string) {
			t.Helper()
			r, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			must(t, err)
			r.Header.Set("Authorization", "Bearer "+secret)
			if body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			res, err := ts.client.Do(r)
			must(t, err)
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			must(t, err)
			return res.StatusCode, string(b)
		}
		for range 2 { // the second from what A keeps
			if code, body := send(ts.a, "GET", item, ""); code != http.StatusOK || !strings.Contains(body, list[0].Title) {
				t.Fatalf("the problem on A: %d %s", code, brief(body))
			}
		}
		const report = "已召开专题会议，完成河道巡查台账整改。"
		if code, body := send(ts.b, "POST", item+"/progress", `{"text":"`+report+`"}`); code != http.StatusCreated {
			t.Fatalf("a progress report on B: %d %s", code, brief(body))
		}
		if code, body := send(ts.a, "GET", item, ""); code != http.StatusOK || !strings.Contains(body, report) {
			t.Errorf("the problem on A after the report on B: %d %s", code, brief(body))
		}
		must(t, ts.st.DeleteToken(ctx, admin.ID, tok.ID))
		if code, body := send(ts.a, "GET", item, ""); code != http.StatusUnauthorized {
			t.Errorf("the problem on A with the token revoked on B: %d %s", code, brief(body))
		}
	})

	t.Run("failed logins on A and B together lock", func(t *testing.T) {
		for i := range 5 {
			srv := []*httptest.Server{ts.a, ts.b}[i%2]
			if code, body, _ := ts.post(srv, "/login", url.Values{"login": {"chakan"}, "password": {"wrong"}}, nil); code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d %s", i+1, code, brief(body))
			}
		}
		for _, srv := range []*httptest.Server{ts.b, ts.a} {
			code, body, _ := ts.post(srv, "/login", url.Values{"login": {"chakan"}, "password": {password}}, nil)
			if code != http.StatusTooManyRequests {
				t.Errorf("the right password after five failures across both: %d %s", code, brief(body))
			}
		}
	})

	t.Run("the public form's limits count across A and B", func(t *testing.T) {
		pub := &rectify.Inspection{UnitID: bureau.ID, Team: "市委第二巡察组", Kind: rectify.KindRegular, Published: true,
			Feedback: rectify.MustDate("2024-01-10"), NoticeDate: rectify.MustDate("2024-06-01"),
			Findings: []*rectify.Finding{{Number: 1, Title: "作风建设有差距", Problems: []*rectify.Problem{{Number: 1, Title: "会议过多"}}}}}
		must(t, ts.st.CreateInspection(ctx, pub))
		page := "/public/inspections/" + strconv.FormatInt(pub.ID, 10)
		code, body, _ := ts.send(ts.b, "GET", page, "", nil, nil)
		if code != http.StatusOK {
			t.Fatalf("public page on B: %d %s", code, brief(body))
		}
		shown := firstMatch(t, formTimeRE, body)
		ts.advance(20 * time.Second) // as long as a person takes to type
		for i, srv := range []*httptest.Server{ts.a, ts.b, ts.a, ts.b} {
			form := url.Values{"t": {shown}, "contact": {"13800001111"}, "text": {fmt.Sprintf("第%d条意见：河道垃圾未清理。", i+1)}}
			code, body, _ := ts.post(srv, page+"/comments", form, nil)
			want := http.StatusSeeOther
			if i == 3 {
				want = http.StatusTooManyRequests
			}
			if code != want {
				t.Fatalf("opinion %d: %d, want %d: %s", i+1, code, want, brief(body))
			}
			if i == 3 && !strings.Contains(body, "每分钟最多提交 3 条意见") {
				t.Errorf("the fourth opinion on B does not say why: %s", brief(body))
			}
		}
	})
}
