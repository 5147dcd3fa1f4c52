package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// inspectionTemplates renders the pages of an inspection typed by hand
// (TestTemplates calls it on its harness): the office creates it and
// keeps its problem list, the unit types the notice's texts once, and the
// notice generated afterwards carries them.
func inspectionTemplates(t *testing.T, hs *harness) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	bureau := id(hs.bureau.ID)
	var base string // /inspections/N once created
	v := func() string {
		t.Helper()
		n, err := strconv64(base)
		must(t, err)
		in, err := hs.st.GetInspection(ctx, n)
		must(t, err)
		return id(int64(in.Version))
	}
	editRE := regexp.MustCompile(`^/inspections/(\d+)/edit$`)
	tests := []struct {
		name     string
		login    string
		method   string
		path     func() string
		form     func() url.Values
		status   int
		page     string
		see      []string
		location string // a pattern
	}{
		{name: "the form of a new inspection", login: "banshi", method: "GET", path: func() string { return "/inspections/new" },
			status: 200, page: "inspection_new", see: []string{"新建巡察", "被巡察单位", "巡察组", "反馈日期", "常规巡察"}},
		{name: "a new inspection without a team", login: "banshi", method: "POST", path: func() string { return "/inspections" },
			form:   func() url.Values { return url.Values{"unit_id": {bureau}, "team": {" "}, "round": {"x"}} },
			status: 422, page: "inspection_new", see: []string{"请填写巡察组", "轮次应为 0 到 1000 的整数"}},
		{name: "a new inspection", login: "banshi", method: "POST", path: func() string { return "/inspections" },
			form: func() url.Values {
				return url.Values{"unit_id": {bureau}, "team": {"县委第三巡察组"}, "kind": {"专项巡察"}, "round": {"6"},
					"start": {"2024-01-08"}, "end": {"2024-03-01"}, "feedback": {"2024-04-02"}}
			}, status: 303, location: `^/inspections/\d+/edit$`},
		{name: "the empty problem list", login: "banshi", method: "GET", path: func() string { return base + "/edit" },
			status: 200, page: "inspection_edit", see: []string{"编辑巡察和问题清单", "还没有反馈问题", "县委第三巡察组 · 专项巡察"}},
		{name: "the new inspection's page before any problem", login: "banshi", method: "GET", path: func() string { return base },
			status: 200, page: "inspection", see: []string{"县委第三巡察组", "编辑问题清单", "通报文字", "0.0%"}},
		{name: "its notice before any problem", login: "tianbao", method: "GET", path: func() string { return base + "/notice" },
			status: 200, page: "notice", see: []string{"关于县委第三巡察组专项巡察反馈意见整改进展情况的通报", "巡察反馈的0个具体问题"}},
		{name: "a blank finding", login: "banshi", method: "POST", path: func() string { return base + "/findings" },
			form: func() url.Values { return url.Values{"title": {""}, "version": {v()}} }, status: 422, page: "inspection_edit",
			see: []string{"请填写反馈问题"}},
		{name: "a finding", login: "banshi", method: "POST", path: func() string { return base + "/findings" },
			form: func() url.Values {
				return url.Values{"title": {"水资源管理责任落实不到位"}, "version": {v()}}
			}, status: 303,
			location: `^/inspections/\d+/edit#finding-\d+$`},
		{name: "a problem from a stale page", login: "banshi", method: "POST", path: func() string { return "/findings/" + firstFinding(t, hs, base) + "/problems" },
			form:   func() url.Values { return url.Values{"title": {"取水许可审批把关不严"}, "version": {"1"}} },
			status: 409, page: "inspection_edit", see: []string{"已被他人修改", `value="取水许可审批把关不严"`}},
		{name: "a problem", login: "banshi", method: "POST", path: func() string { return "/findings/" + firstFinding(t, hs, base) + "/problems" },
			form: func() url.Values {
				return url.Values{"title": {"取水许可审批把关不严"}, "description": {"个别项目未经论证即批准取水。"}, "version": {v()}}
			},
			status: 303, location: `^/inspections/\d+/edit#problem-\d+$`},
		{name: "the list with its problem", login: "banshi", method: "GET", path: func() string { return base + "/edit" },
			status: 200, page: "inspection_edit", see: []string{"（一）水资源管理责任落实不到位", "1 取水许可审批把关不严 未开始", "1 个反馈问题，1 个具体问题"}},
		{name: "a finding that holds a problem is kept", login: "banshi", method: "POST", path: func() string { return "/findings/" + firstFinding(t, hs, base) + "/delete" },
			form: func() url.Values { return url.Values{"version": {v()}} }, status: 409, page: "inspection_edit",
			see: []string{"还有 1 个具体问题，不能删除"}},
		{name: "the unit may not change the team", login: "tianbao", method: "POST", path: func() string { return base },
			form: func() url.Values {
				return url.Values{"unit_id": {bureau}, "team": {"县委第一巡察组"}, "kind": {"专项巡察"}, "feedback": {"2024-04-02"}, "version": {v()}}
			}, status: 403},
		{name: "the notice's texts with a bad email", login: "tianbao", method: "POST", path: func() string { return base + "/texts" },
			form: func() url.Values {
				return url.Values{"issuer": {"中共青石县水务局党组"}, "email": {"slj"}, "version": {v()}}
			},
			status: 422, page: "inspection", see: []string{"电子邮箱格式不对", `value="中共青石县水务局党组"`}},
		{name: "the notice's texts", login: "tianbao", method: "POST", path: func() string { return base + "/texts" },
			form: func() url.Values {
				return url.Values{"issuer": {"中共青石县水务局党组"}, "opening": {"县委第三巡察组专项巡察反馈意见后，局党组立即部署整改。"},
					"work": {"成立整改工作领导小组。\r\n\r\n建立问题清单和责任清单。"}, "next_steps": {"持续推进取水许可规范化。"},
					"phone": {"0731-1230000"}, "address": {"青石县滨河路8号"}, "mailbox": {"青石县邮政66号信箱"}, "email": {"slj@example.org"},
					"version": {v()}}
			}, status: 303, location: `^/inspections/\d+#texts$`},
		{name: "the notice's texts from a stale page", login: "tianbao", method: "POST", path: func() string { return base + "/texts" },
			form: func() url.Values {
				return url.Values{"issuer": {"中共青石县水务局党组（旧页面）"}, "version": {"1"}}
			},
			status: 409, page: "inspection", see: []string{"已被他人修改", `value="中共青石县水务局党组（旧页面）"`}},
		{name: "the office's header from a stale page", login: "banshi", method: "POST", path: func() string { return base },
			form: func() url.Values {
				return url.Values{"unit_id": {bureau}, "team": {"县委第九巡察组"}, "feedback": {"2024-04-02"}, "version": {"1"}}
			}, status: 409, page: "inspection_edit", see: []string{"已被他人修改", `value="县委第九巡察组"`}},
		{name: "the inspection page keeps the texts", login: "tianbao", method: "GET", path: func() string { return base },
			status: 200, page: "inspection", see: []string{"通报文字", "青石县邮政66号信箱", "成立整改工作领导小组。\n建立问题清单和责任清单。"}},
		{name: "the office's header", login: "banshi", method: "POST", path: func() string { return base },
			form: func() url.Values {
				return url.Values{"unit_id": {bureau}, "team": {"县委第三巡察组"}, "kind": {"专项巡察"}, "round": {"6"},
					"start": {"2024-01-08"}, "end": {"2024-03-01"}, "feedback": {"2024-04-03"}, "version": {v()}}
			}, status: 303, location: `^/inspections/\d+/edit$`},
		{name: "the notice carries what was typed once", login: "tianbao", method: "GET", path: func() string { return base + "/notice" },
			status: 200, page: "notice", see: []string{"中共青石县水务局党组", "关于县委第三巡察组专项巡察反馈意见整改进展情况的通报",
				"局党组立即部署整改", "建立问题清单和责任清单", "下一步整改工作安排", "邮政信箱：青石县邮政66号信箱", "2024年4月3日"}},
		{name: "a problem deleted", login: "banshi", method: "POST", path: func() string { return "/problems/" + firstProblem(t, hs, base) + "/delete" },
			form: func() url.Values { return url.Values{"version": {v()}} }, status: 303, location: `^/inspections/\d+/edit#list$`},
	}
	for _, tt := range tests {
		t.Run("inspection by hand: "+tt.name, func(t *testing.T) {
			before := hs.rendered[tt.page]
			var form url.Values
			if tt.form != nil {
				form = tt.form()
			}
			w := hs.do(tt.login, tt.method, tt.path(), form)
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
			loc := w.Header().Get("Location")
			if tt.location != "" && !regexp.MustCompile(tt.location).MatchString(loc) {
				t.Errorf("location %q, want %s", loc, tt.location)
			}
			if m := editRE.FindStringSubmatch(loc); m != nil && base == "" {
				base = "/inspections/" + m[1]
			}
		})
	}
}

// strconv64 reads the id at the end of a path.
func strconv64(path string) (int64, error) {
	return strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
}

// firstFinding returns the id of the first finding of the inspection at base.
func firstFinding(t *testing.T, hs *harness, base string) string {
	t.Helper()
	n, err := strconv64(base)
	must(t, err)
	fs, err := hs.st.ListFindings(context.Background(), n)
	must(t, err)
	if len(fs) == 0 {
		t.Fatal("no finding")
	}
	return id(fs[0].ID)
}

// firstProblem returns the id of the first problem of the inspection at base.
func firstProblem(t *testing.T, hs *harness, base string) string {
	t.Helper()
	n, err := strconv64(base)
	must(t, err)
	in, err := hs.st.LoadInspection(context.Background(), n)
	must(t, err)
	ps := in.Problems()
	if len(ps) == 0 {
		t.Fatal("no problem")
	}
	return id(ps[0].ID)
}
