package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/template/parse"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// harness runs the pages on a real store, with a stand-in for the
// server's authentication: the header X-Test-Login names the signed-in
// user. (The server's own tests cover authentication and the policy.)
type harness struct {
	t        *testing.T
	st       *store.Store
	w        *Web
	h        http.Handler
	rendered map[string]int
	password string // of every account

	city, bureau, station, other *rectify.Unit
	users                        map[string]*rectify.User // by login
}

var clock = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	st.Now = func() time.Time { return clock }
	hs := &harness{t: t, st: st, rendered: map[string]int{}, password: "青石县巡察办2024", users: map[string]*rectify.User{}}
	hs.city = &rectify.Unit{Name: "中共青石县委员会"}
	must(t, st.CreateUnit(ctx, hs.city))
	hs.bureau = &rectify.Unit{Name: "中共青石县水务局党组", ParentID: hs.city.ID, Contact: rectify.Contact{Phone: "0731-1234567", Address: "青石县滨河路8号", Email: "slj@example.org"}}
	must(t, st.CreateUnit(ctx, hs.bureau))
	hs.station = &rectify.Unit{Name: "青石县水文站党支部", ParentID: hs.bureau.ID}
	must(t, st.CreateUnit(ctx, hs.station))
	hs.other = &rectify.Unit{Name: "中共青石县交通运输局党组", ParentID: hs.city.ID}
	must(t, st.CreateUnit(ctx, hs.other))
	hash, err := auth.HashPassword(hs.password)
	must(t, err)
	for _, u := range []*rectify.User{
		{Login: "banshi", Name: "李主任", Role: rectify.RoleAdmin, Email: "xcb@example.org"},
		{Login: "shuiwu-admin", Name: "水务局管理员", Role: rectify.RoleAdmin, UnitID: hs.bureau.ID},
		{Login: "tianbao", Name: "王填报", Role: rectify.RoleEditor, UnitID: hs.bureau.ID, Phone: "13800000000"},
		{Login: "chakan", Name: "赵查看", Role: rectify.RoleViewer, UnitID: hs.station.ID},
		{Login: "tingyong", Name: "已停用", Role: rectify.RoleViewer, UnitID: hs.other.ID, Disabled: true},
	} {
		u.PasswordHash = hash
		must(t, st.CreateUser(ctx, u))
		hs.users[u.Login] = u
	}
	w, err := New(Deps{Store: st, Sessions: auth.NewSessions(st, func() time.Time { return clock }),
		Limiter: auth.NewLimiter(st, func() time.Time { return clock }), Now: func() time.Time { return clock },
		OnRender: func(page string) { hs.rendered[page]++ }})
	must(t, err)
	hs.w = w
	errs := &httpx.Errors{Page: w.ErrorPage, LoginPath: "/login"}
	mux := http.NewServeMux()
	for _, rt := range w.Routes() {
		h := errs.Handler(rt.Handler, rt.API)
		mux.Handle(rt.Pattern, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if login := r.Header.Get("X-Test-Login"); login != "" {
				u, err := st.GetUserByLogin(r.Context(), login)
				must(t, err)
				r = r.WithContext(rectify.WithUser(r.Context(), u))
			}
			h.ServeHTTP(rw, r)
		}))
	}
	hs.h = mux
	return hs
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a request as login ("" for nobody) with form values (POST) and
// cookies.
func (hs *harness) do(login, method, target string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	var r *http.Request
	if method == http.MethodPost {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.RemoteAddr = "10.1.2.3:5555"
	if login != "" {
		r.Header.Set("X-Test-Login", login)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	hs.h.ServeHTTP(w, r)
	return w
}

func (hs *harness) id(login string) string { return fmt.Sprint(hs.users[login].ID) }

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text returns the page without its tags, whitespace collapsed, to look
// for what a user reads.
func text(html string) string {
	// A title's lines (<span class="n-line">) read on as one title.
	html = strings.ReplaceAll(html, `</span><span class="n-line">`, "")
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

// TestTemplates renders every page with realistic data through its
// handler, checks what a user would see, and fails when a template exists
// that no case rendered (pages directly, partials by being reached from a
// rendered page). A new page adds its cases here.
func TestTemplates(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	secretRE := regexp.MustCompile(`id="secret" class="mono" type="text" readonly value="([^"]+)"`)

	tests := []struct {
		name     string
		login    string
		method   string
		path     string
		form     url.Values
		status   int
		page     string   // the page rendered, "" for none
		see      []string // in the text of the page
		location string   // of a redirect
	}{
		{name: "home goes to the to-do list", login: "tianbao", method: "GET", path: "/", status: 302, location: "/todo"},
		{name: "login form", method: "GET", path: "/login?next=/problems", status: 200, page: "login",
			see: []string{"登录", "登录名", "密码", "连续输错 5 次将锁定 15 分钟"}},
		{name: "signed in already", login: "tianbao", method: "GET", path: "/login?next=/problems", status: 303, location: "/problems"},
		{name: "login with nothing typed", method: "POST", path: "/login", form: url.Values{}, status: 422, page: "login",
			see: []string{"请填写登录名", "请填写密码"}},
		{name: "login with a wrong password", method: "POST", path: "/login",
			form: url.Values{"login": {"tianbao"}, "password": {"wrong-password"}}, status: 401, page: "login",
			see: []string{"登录名或密码不正确"}},
		{name: "login of an unknown account", method: "POST", path: "/login",
			form: url.Values{"login": {"nobody"}, "password": {"wrong-password"}}, status: 401, page: "login",
			see: []string{"登录名或密码不正确"}},
		{name: "login of a disabled account", method: "POST", path: "/login",
			form: url.Values{"login": {"tingyong"}, "password": {hs.password}}, status: 403, page: "login",
			see: []string{"账号已停用"}},
		{name: "login", method: "POST", path: "/login",
			form: url.Values{"login": {"tianbao"}, "password": {hs.password}, "next": {"/problems?status=open"}}, status: 303,
			location: "/problems?status=open"},
		{name: "login does not send the user off site", method: "POST", path: "/login",
			form: url.Values{"login": {"chakan"}, "password": {hs.password}, "next": {"//evil.example/"}}, status: 303, location: "/"},
		{name: "logout", login: "tianbao", method: "POST", path: "/logout", status: 303, location: "/login"},

		{name: "my account", login: "tianbao", method: "GET", path: "/account", status: 200, page: "account",
			see: []string{"我的账号", "王填报", "整改单位填报人", "中共青石县水务局党组", "修改密码", "还没有 API 令牌", "问题", "导入"}},
		{name: "a viewer's navigation has no import", login: "chakan", method: "GET", path: "/account", status: 200, page: "account",
			see: []string{"总览 巡察 问题 群众意见 回头看与问责 公开页面 账号"}},
		{name: "password change with a wrong old one", login: "tianbao", method: "POST", path: "/account/password",
			form: url.Values{"old_password": {"nope"}, "new_password": {"short"}, "confirm_password": {"other"}}, status: 422, page: "account",
			see: []string{"原密码不正确", "密码至少需要8个字符", "两次输入的新密码不一致"}},
		{name: "token without a name", login: "tianbao", method: "POST", path: "/account/tokens",
			form: url.Values{"name": {" "}, "days": {"30"}}, status: 422, page: "account", see: []string{"请填写令牌名称"}},
		{name: "token", login: "tianbao", method: "POST", path: "/account/tokens",
			form: url.Values{"name": {"台账同步脚本"}, "days": {"90"}}, status: 201, page: "secret",
			see: []string{"API 令牌已创建", "只显示这一次", "离开本页后将无法再次查看"}},
		{name: "tokens listed", login: "tianbao", method: "GET", path: "/account", status: 200, page: "account",
			see: []string{"台账同步脚本", "从未使用", "2024年5月30日", "撤销"}},

		{name: "accounts of every unit", login: "banshi", method: "GET", path: "/admin/users", status: 200, page: "admin_users",
			see: []string{"账号管理", "banshi", "全部单位", "shuiwu-admin", "tianbao", "中共青石县水务局党组", "chakan", "青石县水文站党支部", "已停用"}},
		{name: "accounts of a bureau's admin", login: "shuiwu-admin", method: "GET", path: "/admin/users", status: 200, page: "admin_users",
			see: []string{"tianbao", "chakan"}},
		{name: "new account form", login: "banshi", method: "GET", path: "/admin/users/new", status: 200, page: "admin_user_new",
			see: []string{"新增账号", "全部单位（仅限管理员）", "中共青石县交通运输局党组", "留空则自动生成"}},
		{name: "new account with mistakes keeps the input", login: "banshi", method: "POST", path: "/admin/users",
			form: url.Values{"login": {"a b"}, "name": {"孙填报"}, "role": {"editor"}, "unit_id": {""}, "email": {"sun"}}, status: 422,
			page: "admin_user_new", see: []string{"输入有误", "登录名不能包含空格、斜杠或冒号", "请选择所属单位", "电子邮箱格式不对"}},
		{name: "a taken login", login: "banshi", method: "POST", path: "/admin/users",
			form: url.Values{"login": {"TIANBAO"}, "name": {"孙填报"}, "role": {"editor"}, "unit_id": {fmt.Sprint(hs.bureau.ID)}}, status: 409,
			page: "admin_user_new", see: []string{"登录名“TIANBAO”已被使用", "该登录名已被使用"}},
		{name: "a bureau's admin cannot make an admin of every unit", login: "shuiwu-admin", method: "POST", path: "/admin/users",
			form: url.Values{"login": {"sun"}, "name": {"孙管理"}, "role": {"admin"}, "unit_id": {""}}, status: 422,
			page: "admin_user_new", see: []string{"请选择所属单位"}},
		{name: "new account", login: "banshi", method: "POST", path: "/admin/users",
			form: url.Values{"login": {"sun"}, "name": {"孙填报"}, "role": {"editor"}, "unit_id": {fmt.Sprint(hs.station.ID)}}, status: 201,
			page: "secret", see: []string{"账号已创建", "孙填报", "初始密码只显示这一次"}},
		{name: "account form", login: "banshi", method: "GET", path: "/admin/users/" + hs.id("chakan"), status: 200, page: "admin_user_edit",
			see: []string{"编辑账号 chakan", "赵查看", "停用此账号", "重置密码"}},
		{name: "stale account edit keeps the input", login: "banshi", method: "POST", path: "/admin/users/" + hs.id("chakan"),
			form:   url.Values{"login": {"chakan"}, "name": {"赵查看（改）"}, "role": {"viewer"}, "unit_id": {fmt.Sprint(hs.station.ID)}, "version": {"7"}},
			status: 409, page: "admin_user_edit", see: []string{"已被他人修改，请刷新后重试", `value="赵查看（改）"`}},
		{name: "an admin cannot disable their own account", login: "banshi", method: "POST", path: "/admin/users/" + hs.id("banshi"),
			form:   url.Values{"login": {"banshi"}, "name": {"李主任"}, "role": {"admin"}, "unit_id": {"0"}, "disabled": {"on"}, "version": {"1"}},
			status: 422, page: "admin_user_edit", see: []string{"不能停用自己的账号"}},
		{name: "account edit", login: "banshi", method: "POST", path: "/admin/users/" + hs.id("chakan"),
			form:   url.Values{"login": {"chakan"}, "name": {"赵查看"}, "role": {"viewer"}, "unit_id": {fmt.Sprint(hs.bureau.ID)}, "disabled": {"on"}, "version": {"1"}},
			status: 303, location: "/admin/users"},
		{name: "password reset", login: "banshi", method: "POST", path: "/admin/users/" + hs.id("tianbao") + "/password", status: 200,
			page: "secret", see: []string{"密码已重置", "王填报", "原有登录已全部退出"}},
		{name: "no such account", login: "banshi", method: "GET", path: "/admin/users/99999", status: 404, page: "error",
			see: []string{"页面或记录不存在", "未找到账号（编号 99999）"}},

		{name: "unit tree", login: "banshi", method: "GET", path: "/admin/units", status: 200, page: "admin_units",
			see: []string{"单位管理", "中共青石县委员会", "青石县水文站党支部", "0731-1234567", "（无，作为顶级单位）"}},
		{name: "unit tree of a bureau's admin", login: "shuiwu-admin", method: "GET", path: "/admin/units", status: 200, page: "admin_units",
			see: []string{"中共青石县水务局党组", "青石县水文站党支部"}},
		{name: "new unit without a name", login: "shuiwu-admin", method: "POST", path: "/admin/units",
			form: url.Values{"parent_id": {fmt.Sprint(hs.bureau.ID)}, "name": {""}, "email": {"x"}}, status: 422, page: "admin_units",
			see: []string{"请填写单位名称", "电子邮箱格式不对"}},
		{name: "new unit", login: "shuiwu-admin", method: "POST", path: "/admin/units",
			form: url.Values{"parent_id": {fmt.Sprint(hs.bureau.ID)}, "name": {"青石县河道管理所党支部"}}, status: 303, location: "/admin/units"},
		{name: "unit form", login: "banshi", method: "GET", path: "/admin/units/" + fmt.Sprint(hs.bureau.ID), status: 200, page: "admin_unit",
			see: []string{"编辑单位", "滨河路8号", "联系方式将印在本单位通报末尾"}},
		{name: "stale unit edit keeps the input", login: "banshi", method: "POST", path: "/admin/units/" + fmt.Sprint(hs.bureau.ID),
			form: url.Values{"name": {"中共青石县水利局党组"}, "version": {"9"}}, status: 409, page: "admin_unit",
			see: []string{"已被他人修改", `value="中共青石县水利局党组"`}},
		{name: "unit edit", login: "banshi", method: "POST", path: "/admin/units/" + fmt.Sprint(hs.bureau.ID),
			form: url.Values{"name": {"中共青石县水利局党组"}, "phone": {"0731-7654321"}, "version": {"1"}}, status: 303, location: "/admin/units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := hs.rendered[tt.page]
			w := hs.do(tt.login, tt.method, tt.path, tt.form)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, tt.status, text(w.Body.String()))
			}
			if tt.page != "" && hs.rendered[tt.page] != before+1 {
				t.Errorf("page %q not rendered", tt.page)
			}
			body := w.Body.String()
			for _, s := range tt.see {
				if !strings.Contains(text(body), s) && !strings.Contains(body, s) {
					t.Errorf("page does not show %q:\n%s", s, text(body))
				}
			}
			if loc := w.Header().Get("Location"); loc != tt.location {
				t.Errorf("location %q, want %q", loc, tt.location)
			}
			if tt.page != "" && !strings.Contains(body, `<html lang="zh-CN">`) {
				t.Error("not in the layout")
			}
			if strings.Contains(body, hs.password) || strings.Contains(body, `name="password" type="password" value=`) {
				t.Error("a password is rendered back")
			}
		})
	}

	// The account made above signs in with the password shown once.
	w := hs.do("banshi", "POST", "/admin/users", url.Values{"login": {"qian"}, "name": {"钱审核"}, "role": {"reviewer"}, "unit_id": {fmt.Sprint(hs.city.ID)}})
	m := secretRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no password shown: %s", text(w.Body.String()))
	}
	qian, err := hs.st.GetUserByLogin(ctx, "qian")
	must(t, err)
	if !auth.VerifyPassword(qian.PasswordHash, m[1]) || qian.ScopePath != hs.city.Path || qian.Role != rectify.RoleReviewer {
		t.Errorf("the new account %+v does not take the password shown", qian)
	}
	if edited, _ := hs.st.GetUser(ctx, hs.users["chakan"].ID); !edited.Disabled || edited.UnitID != hs.bureau.ID {
		t.Errorf("the account edit was not saved: %+v", edited)
	}
	// The pages of public supervision, look-backs, records, settings and
	// ledger import render their cases on the same harness.
	supervisionTemplates(t, hs)
	// The pages of the daily work (overview, inspections, problems,
	// import, notice) too.
	workspaceTemplates(t, hs)
	// The people lists and the pickers of names and units.
	peopleTemplates(t, hs)
	// An inspection typed by hand: its problem list and notice texts.
	inspectionTemplates(t, hs)
	// The office's page of copied texts (质量分析) and the flags.
	qualityTemplates(t, hs)
	checkCoverage(t, hs)
}

// checkCoverage fails for a page no case rendered, and for a partial that
// no rendered page reaches.
func checkCoverage(t *testing.T, hs *harness) {
	t.Helper()
	var pages []string
	for name := range hs.w.pages {
		pages = append(pages, name)
	}
	sort.Strings(pages)
	reached := map[string]bool{}
	for _, name := range pages {
		if hs.rendered[name] == 0 {
			t.Errorf("template pages/%s.html is never rendered by a test: add a case to TestTemplates", name)
			continue
		}
		seen := map[string]bool{} // names are per page: every page has its own "content"
		reach(hs.w.pages[name], "layout", seen)
		reach(hs.w.pages[name], "public-layout", seen)
		for n := range seen {
			reached[n] = true
		}
	}
	base := hs.w.pages[pages[0]]
	for _, tmpl := range base.Templates() {
		name := tmpl.Name()
		if name == "" || strings.HasSuffix(name, ".html") || name == "title" || name == "content" || name == "head" {
			continue
		}
		if !reached[name] {
			t.Errorf("template %q is defined but no rendered page uses it", name)
		}
	}
}

// reach marks name and every template it invokes, transitively.
func reach(t *template.Template, name string, seen map[string]bool) {
	if seen[name] {
		return
	}
	seen[name] = true
	tmpl := t.Lookup(name)
	if tmpl == nil || tmpl.Tree == nil {
		return
	}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			reach(t, n.Name, seen)
		}
	}
	walk(tmpl.Tree.Root)
}

func TestFlash(t *testing.T) {
	hs := newHarness(t)
	w := hs.do("banshi", "POST", "/admin/units", url.Values{"parent_id": {fmt.Sprint(hs.city.ID)}, "name": {"中共青石县财政局党组"}})
	if w.Code != 303 {
		t.Fatalf("status %d", w.Code)
	}
	var flash *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == flashCookie {
			flash = c
		}
	}
	if flash == nil || !flash.HttpOnly {
		t.Fatalf("no flash cookie: %v", w.Result().Cookies())
	}
	page := hs.do("banshi", "GET", "/admin/units", nil, flash)
	if !strings.Contains(text(page.Body.String()), "已添加单位“中共青石县财政局党组”") {
		t.Errorf("flash not shown: %s", text(page.Body.String()))
	}
	cleared := false
	for _, c := range page.Result().Cookies() {
		cleared = cleared || (c.Name == flashCookie && c.MaxAge < 0)
	}
	if !cleared {
		t.Error("the flash is not cleared once shown")
	}
}

func TestPasswordChange(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	w := hs.do("tianbao", "POST", "/account/password",
		url.Values{"old_password": {hs.password}, "new_password": {"新的密码2024abc"}, "confirm_password": {"新的密码2024abc"}})
	if w.Code != 303 || w.Header().Get("Location") != "/account" {
		t.Fatalf("status %d %s", w.Code, text(w.Body.String()))
	}
	u, err := hs.st.GetUserByLogin(ctx, "tianbao")
	must(t, err)
	if !auth.VerifyPassword(u.PasswordHash, "新的密码2024abc") {
		t.Error("the new password does not work")
	}
}

func TestLoginLimit(t *testing.T) {
	hs := newHarness(t)
	for range 5 {
		hs.do("", "POST", "/login", url.Values{"login": {"tianbao"}, "password": {"guess-guess"}})
	}
	w := hs.do("", "POST", "/login", url.Values{"login": {"tianbao"}, "password": {hs.password}})
	if w.Code != 429 || !strings.Contains(text(w.Body.String()), "登录失败次数过多，请15分钟后再试") {
		t.Errorf("status %d: %s", w.Code, text(w.Body.String()))
	}
}

func TestLoginSetsSession(t *testing.T) {
	hs := newHarness(t)
	w := hs.do("", "POST", "/login", url.Values{"login": {"TianBao"}, "password": {hs.password}})
	if w.Code != 303 {
		t.Fatalf("status %d", w.Code)
	}
	var c *http.Cookie
	for _, k := range w.Result().Cookies() {
		if k.Name == auth.CookieName {
			c = k
		}
	}
	if c == nil || !c.HttpOnly {
		t.Fatalf("no session cookie: %v", w.Result().Cookies())
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(c)
	u, _, err := hs.w.Sessions.User(context.Background(), r)
	if err != nil || u.Login != "tianbao" {
		t.Errorf("session of %v: %v", u, err)
	}
}

func TestStatic(t *testing.T) {
	hs := newHarness(t)
	for _, name := range []string{"css/app.css", "css/print.css", "js/app.js", "vendor/htmx/htmx.min.js", "vendor/echarts/echarts.min.js"} {
		t.Run(name, func(t *testing.T) {
			u, err := hs.w.static.url(name)
			must(t, err)
			w := httptest.NewRecorder()
			hs.w.Static().ServeHTTP(w, httptest.NewRequest("GET", u, nil))
			if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || w.Body.Len() == 0 {
				t.Errorf("%s: %d %v", u, w.Code, w.Header())
			}
			etag := w.Header().Get("ETag")
			r := httptest.NewRequest("GET", "/static/"+name, nil)
			r.Header.Set("If-None-Match", etag)
			w = httptest.NewRecorder()
			hs.w.Static().ServeHTTP(w, r)
			if w.Code != http.StatusNotModified || w.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("revalidation: %d %v", w.Code, w.Header())
			}
		})
	}
	w := httptest.NewRecorder()
	hs.w.Static().ServeHTTP(w, httptest.NewRequest("GET", "/static/nope.js", nil))
	if w.Code != 404 {
		t.Errorf("missing file: %d", w.Code)
	}
	if _, err := hs.w.static.url("nope.js"); err == nil {
		t.Error("a link to a missing file is allowed")
	}
}

// TestNoInlineCode keeps the templates within the content security
// policy: no inline script, style or event handler.
func TestNoInlineCode(t *testing.T) {
	bad := regexp.MustCompile(`(?i)<script>|<script[^>]*>[^<]|<style|\sstyle=|\son[a-z]+=|javascript:`)
	files, err := templateFiles.ReadDir("templates/pages")
	must(t, err)
	layouts, err := templateFiles.ReadDir("templates/layout")
	must(t, err)
	for _, dir := range []struct {
		path  string
		files int
	}{{"templates/pages", len(files)}, {"templates/layout", len(layouts)}} {
		entries, _ := templateFiles.ReadDir(dir.path)
		for _, e := range entries {
			b, err := templateFiles.ReadFile(dir.path + "/" + e.Name())
			must(t, err)
			if m := bad.Find(b); m != nil {
				t.Errorf("%s/%s: inline code %q breaks the content security policy", dir.path, e.Name(), m)
			}
		}
	}
}

func TestFuncs(t *testing.T) {
	hs := newHarness(t)
	f := hs.w.funcs()
	date := f["date"].(func(any) string)
	datetime := f["datetime"].(func(time.Time) string)
	tests := []struct{ got, want string }{
		{date(rectify.MustDate("2023-11-28")), "2023年11月28日"},
		{date(rectify.Date{}), ""},
		{date(time.Date(2023, 11, 27, 17, 0, 0, 0, time.UTC)), "2023年11月28日"}, // 01:00 in Beijing
		{datetime(time.Date(2023, 11, 28, 6, 5, 0, 0, time.UTC)), "2023年11月28日 14:05"},
		{datetime(time.Time{}), ""},
		{f["statusClass"].(func(rectify.Status) string)(rectify.StatusLongTerm), "status status-long-term"},
		{f["lightClass"].(func(rectify.Light) string)(rectify.LightRed), "light light-red"},
		{f["lightClass"].(func(rectify.Light) string)(rectify.LightNone), "light light-none"},
		{f["percent"].(func(float64) string)(0.72), "72.0%"},
		{f["treeName"].(func(*rectify.Unit) string)(hs.station), "\u3000\u3000青石县水文站党支部"},
		{f["depthClass"].(func(*rectify.Unit) string)(hs.station), "depth-2"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: %q, want %q", i, tt.got, tt.want)
		}
	}
	// Every status has a colour in the CSS.
	css, err := staticFS.ReadFile("static/css/app.css")
	must(t, err)
	statusClass := f["statusClass"].(func(rectify.Status) string)
	for _, s := range rectify.Statuses {
		class := strings.TrimPrefix(statusClass(s), "status ")
		if !strings.Contains(string(css), "."+class+" ") {
			t.Errorf("no CSS for %s", class)
		}
	}
	for _, l := range []rectify.Light{rectify.LightGreen, rectify.LightYellow, rectify.LightRed, rectify.LightBlue, rectify.LightNone} {
		class := strings.TrimPrefix(f["lightClass"].(func(rectify.Light) string)(l), "light ")
		if !strings.Contains(string(css), "."+class+"::before") {
			t.Errorf("no CSS for %s", class)
		}
	}
}

func TestNavigation(t *testing.T) {
	labels := func(items []navItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Label+" "+it.Href)
		}
		return out
	}
	admin := navigation(&rectify.User{Role: rectify.RoleAdmin}, "/admin/units")
	if !slices.Contains(labels(admin), "账号 /admin/users") || !admin[len(admin)-1].Active {
		t.Errorf("admin navigation %v", admin)
	}
	viewer := labels(navigation(&rectify.User{Role: rectify.RoleViewer}, "/problems/3"))
	if slices.Contains(viewer, "导入 /import") || !slices.Contains(viewer, "账号 /account") {
		t.Errorf("viewer navigation %v", viewer)
	}
	if navigation(nil, "/") != nil {
		t.Error("navigation without a user")
	}
}
