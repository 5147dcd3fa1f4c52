package api_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/xuri/excelize/v2"
)

// tc is a request and what its answer must show.
type tc struct {
	name   string
	c      call
	status int
	code   string   // the error's code
	fields []string // the error's fields, all of them
	see    []string // in the body
	notSee []string
}

// run sends the cases in order on one fixture (a case may change it for
// the next).
func run(t *testing.T, f *fixture, cases []tc) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(t, tt.c)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, brief(w.Body.String()))
			}
			body := w.Body.String()
			for _, s := range tt.see {
				if !strings.Contains(body, s) {
					t.Errorf("body does not say %q: %s", s, brief(body))
				}
			}
			for _, s := range tt.notSee {
				if strings.Contains(body, s) {
					t.Errorf("body says %q: %s", s, brief(body))
				}
			}
			if tt.code == "" && tt.fields == nil {
				return
			}
			var e errorBody
			decode(t, w, &e)
			if tt.code != "" && e.Error.Code != tt.code {
				t.Errorf("code %q, want %q (%s)", e.Error.Code, tt.code, e.Error.Message)
			}
			if tt.fields != nil {
				var got []string
				for k := range e.Error.Fields {
					got = append(got, k)
				}
				sort.Strings(got)
				want := slices.Clone(tt.fields)
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("fields %v, want %v (%v)", got, want, e.Error.Fields)
				}
			}
		})
	}
}

func id(n int64) string { return fmt.Sprint(n) }

func TestAuthentication(t *testing.T) {
	f := newFixture(t)
	run(t, f, []tc{
		{name: "a token signs in", c: call{method: "GET", path: "/api/v1/me", as: editor}, status: 200,
			see:    []string{`"login":"editor"`, `"unit_name":"中共青禾县农业农村局党组"`, `"permissions":["self","read","import","edit"]`},
			notSee: []string{"password"}},
		{name: "an admin of every unit", c: call{method: "GET", path: "/api/v1/me", as: admin}, status: 200,
			see: []string{`"role":"admin"`, `"permissions":["self","read","import","edit","review","admin"]`}},
		{name: "no credential", c: call{method: "GET", path: "/api/v1/problems"}, status: 401, code: rectify.EUNAUTHORIZED,
			see: []string{"请先登录"}},
		{name: "not a token", c: call{method: "GET", path: "/api/v1/me", token: "Bearer abc"}, status: 401,
			code: rectify.EUNAUTHORIZED, see: []string{"令牌格式不对"}},
		{name: "an unknown token", c: call{method: "GET", path: "/api/v1/me", token: "Bearer rct_" + strings.Repeat("0", 64)},
			status: 401, code: rectify.EUNAUTHORIZED, see: []string{"令牌无效或已撤销"}},
		{name: "a role without the permission", c: call{method: "POST", path: "/api/v1/units", as: viewer,
			json: map[string]any{"parent_id": f.station.ID, "name": "新单位"}}, status: 403, code: rectify.EFORBIDDEN,
			see: []string{"只有巡察办管理员才能进行此操作"}},
		{name: "a record out of scope", c: call{method: "GET", path: "/api/v1/problems/" + id(f.other.ID), as: editor},
			status: 403, code: rectify.EFORBIDDEN, see: []string{"无权查看本单位范围以外的记录"}},
		{name: "not found before forbidden", c: call{method: "GET", path: "/api/v1/problems/99999", as: editor},
			status: 404, code: rectify.ENOTFOUND},
		{name: "an unknown path", c: call{method: "GET", path: "/api/v1/nothing", as: editor}, status: 404,
			code: rectify.ENOTFOUND},
	})
}

// TestRevokedToken checks that a token stops working once revoked.
func TestRevokedToken(t *testing.T) {
	f := newFixture(t)
	ctx := rectify.AsSystem(context.Background())
	run(t, f, []tc{{name: "before", c: call{method: "GET", path: "/api/v1/me", as: viewer}, status: 200}})
	u := f.users[viewer]
	tokens, err := f.st.ListTokens(ctx, u.ID)
	must(t, err)
	for _, tok := range tokens {
		must(t, f.st.DeleteToken(ctx, u.ID, tok.ID))
	}
	run(t, f, []tc{{name: "after", c: call{method: "GET", path: "/api/v1/me", as: viewer}, status: 401,
		code: rectify.EUNAUTHORIZED, see: []string{"令牌无效或已撤销"}}})
}

func TestUnits(t *testing.T) {
	f := newFixture(t)
	station := "/api/v1/units/" + id(f.station.ID)
	run(t, f, []tc{
		{name: "the tree of the scope", c: call{method: "GET", path: "/api/v1/units", as: editor}, status: 200,
			see:    []string{`"name":"中共青禾县农业农村局党组"`, `"name":"青禾县种子站党支部","path":"` + f.station.Path, `"depth":2`},
			notSee: []string{"水利局", "中共青禾县委员会"}},
		{name: "every unit", c: call{method: "GET", path: "/api/v1/units", as: admin}, status: 200,
			see: []string{"水利局", `"name":"中共青禾县委员会"`, `"depth":0`}},
		{name: "a unit", c: call{method: "GET", path: station, as: viewer}, status: 200, see: []string{`"version":1`}},
		{name: "a unit out of scope", c: call{method: "GET", path: "/api/v1/units/" + id(f.water.ID), as: viewer}, status: 403},
		{name: "create", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.station.ID, "name": "种子检验室", "contact": map[string]string{"phone": "0730-7700001"}}},
			status: 201, see: []string{`"name":"种子检验室"`, `"depth":3`, `"phone":"0730-7700001"`}},
		{name: "create without a name", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.station.ID}}, status: 422, code: rectify.EINVALID, fields: []string{"name"}},
		{name: "create with a bad email", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.station.ID, "name": "x", "contact": map[string]string{"email": "no-at"}}},
			status: 422, fields: []string{"contact.email"}, see: []string{"电子邮箱格式不对"}},
		{name: "an unknown field", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.station.ID, "name": "x", "nmae": "y"}}, status: 422, code: rectify.EINVALID,
			fields: []string{"nmae"}, see: []string{"未知的字段“nmae”"}},
		{name: "a field of the wrong type", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.station.ID, "name": 7}}, status: 422, fields: []string{"name"}},
		{name: "without a parent", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"name": "x"}}, status: 422, fields: []string{"parent_id"}},
		{name: "at the top: only for an admin of every unit", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": 0, "name": "x"}}, status: 403, see: []string{"只有全部单位的管理员才能进行此操作"}},
		{name: "under a unit out of scope", c: call{method: "POST", path: "/api/v1/units", as: bureauAdmin,
			json: map[string]any{"parent_id": f.water.ID, "name": "x"}}, status: 403},
		{name: "rename", c: call{method: "PUT", path: station, as: bureauAdmin,
			json: map[string]any{"name": "青禾县种子管理站党支部", "contact": map[string]string{"phone": "0730-7700002"}, "version": 1}},
			status: 200, see: []string{`"name":"青禾县种子管理站党支部"`, `"version":2`}},
		{name: "a stale version", c: call{method: "PUT", path: station, as: bureauAdmin,
			json: map[string]any{"name": "又一个名字", "version": 1}}, status: 409, code: rectify.ECONFLICT,
			see: []string{"已被他人修改，请刷新后重试"}},
		{name: "no version", c: call{method: "PUT", path: station, as: bureauAdmin,
			json: map[string]any{"name": "又一个名字"}}, status: 422, fields: []string{"version"}},
		{name: "move out of scope", c: call{method: "PUT", path: station, as: bureauAdmin,
			json: map[string]any{"name": "x", "parent_id": f.water.ID, "version": 2}}, status: 403},
		{name: "move under itself", c: call{method: "PUT", path: "/api/v1/units/" + id(f.bureau.ID), as: bureauAdmin,
			json: map[string]any{"name": "x", "parent_id": f.station.ID, "version": 1}}, status: 422,
			see: []string{"不能把单位移到它自己或其下级单位之下"}},
	})
}

func TestInspections(t *testing.T) {
	f := newFixture(t)
	notice, err := os.ReadFile("testdata/notice_qinghe.txt")
	must(t, err)
	in := "/api/v1/inspections/" + id(f.in.ID)
	form, formType := multipartBody(t, map[string]string{"unit_id": id(f.station.ID)}, "file", map[string]string{"通报.txt": string(notice)})
	// An invented feedback document: findings 一、 over problems （一）,
	// no results.
	feedbackDoc := "县委第五巡察组关于巡察青禾县种子站党支部的反馈意见\n\n" +
		"县委第五巡察组于2024年5月6日至6月28日对县种子站党支部开展了常规巡察，并于2024年7月10日反馈了巡察意见。\n\n" +
		"一、落实主体责任不到位\n\n（一）种子抽检记录不全。部分批次缺少抽检记录。\n\n" +
		"二、制度执行不严格\n\n（二）财务报销审核不严。个别票据审核签字缺失。\n"
	update := map[string]any{"team": "县委第二巡察组", "kind": "专项巡察", "round": 3, "start": "2023-10-09", "end": "2023-12-01",
		"feedback": "2024-01-10", "issuer": "中共青禾县种子站支部委员会", "title": "关于巡察整改进展情况的通报",
		"notice_date": "2024-04-30", "work": []string{"支部每周调度一次。"}, "published": true, "version": 1}
	run(t, f, []tc{
		{name: "the scope's", c: call{method: "GET", path: "/api/v1/inspections", as: viewer}, status: 200,
			see: []string{"县委第二巡察组"}, notSee: []string{"县委第一巡察组", `"findings"`}},
		{name: "every unit's", c: call{method: "GET", path: "/api/v1/inspections?round=3", as: admin}, status: 200,
			see: []string{"县委第二巡察组", "县委第一巡察组"}},
		{name: "by kind", c: call{method: "GET", path: "/api/v1/inspections?kind=常规巡察", as: admin}, status: 200,
			see: []string{"县委第一巡察组"}, notSee: []string{"县委第二巡察组"}},
		{name: "an unknown kind", c: call{method: "GET", path: "/api/v1/inspections?kind=突击", as: admin}, status: 422,
			fields: []string{"kind"}},
		{name: "a unit out of scope", c: call{method: "GET", path: "/api/v1/inspections?unit_id=" + id(f.water.ID), as: viewer},
			status: 403},
		{name: "one with its problems", c: call{method: "GET", path: in, as: viewer}, status: 200,
			see: []string{"种子经营备案台账不全", "逐户核对经营门店备案信息", `"status":"long_term","class":"I"`}},
		{name: "a finding", c: call{method: "GET", path: "/api/v1/findings/" + id(f.in.Findings[1].ID), as: viewer}, status: 200,
			see: []string{"制种基地管理粗放", "制种基地灌溉设施老化"}, notSee: []string{"种子经营备案台账不全"}},
		{name: "publish", c: call{method: "PUT", path: in, as: editor, json: update}, status: 200,
			see: []string{`"published":true`, `"version":2`, "中共青禾县种子站支部委员会"}},
		{name: "publish again with the old version", c: call{method: "PUT", path: in, as: editor, json: update}, status: 409,
			code: rectify.ECONFLICT, see: []string{"已被他人修改，请刷新后重试"}},
		{name: "dates out of order", c: call{method: "PUT", path: in, as: editor,
			json: map[string]any{"team": "县委第二巡察组", "start": "2024-01-01", "end": "2023-01-01", "version": 2}}, status: 422,
			fields: []string{"end"}},
		{name: "a reviewer may not edit", c: call{method: "PUT", path: in, as: reviewer, json: update}, status: 403},
		{name: "the notice as text", c: call{method: "GET", path: in + "/notice?as_of=2024-04-30", as: viewer}, status: 200,
			see: []string{"县委第二巡察组", "种子经营备案台账不全"}},
		{name: "the notice as Markdown", c: call{method: "GET", path: in + "/notice?format=md", as: viewer}, status: 200,
			see: []string{"# "}},
		{name: "an unknown format", c: call{method: "GET", path: in + "/notice?format=pdf", as: viewer}, status: 422,
			fields: []string{"format"}},
		{name: "import: a dry run", c: call{method: "POST", path: "/api/v1/inspections/import", as: editor,
			json: map[string]any{"unit_id": f.station.ID, "text": string(notice), "dry_run": true}}, status: 200,
			see: []string{`"dry_run":true`, `"inspection_id":0`, `"problems":3`, `"measures":6`, `"completed":2`, `"document":`}},
		{name: "import: the raw body", c: call{method: "POST", path: "/api/v1/inspections/import?unit_id=" + id(f.station.ID),
			as: editor, body: string(notice), ctype: "text/plain; charset=utf-8"}, status: 201,
			see: []string{`"dry_run":false`, `"problems":3`, `"unit_name":"青禾县种子站党支部"`, `"warnings":[]`}},
		{name: "import: the same notice again is refused", c: call{method: "POST", path: "/api/v1/inspections/import", as: editor, body: form, ctype: formType},
			status: 409, code: rectify.ECONFLICT, see: []string{"记录中已有这次巡察：巡察 #"}},
		{name: "import: a dry run names the inspection it matches", c: call{method: "POST", path: "/api/v1/inspections/import", as: editor,
			json: map[string]any{"unit_id": f.station.ID, "text": string(notice), "dry_run": true, "update": true}}, status: 200,
			see: []string{`"matches":[{"id":`, `"plan":{`, `"matched":3`, "不会改动任何内容"}},
		{name: "import: the same notice as an update", c: call{method: "POST", path: "/api/v1/inspections/import?update=true", as: editor, body: form, ctype: formType},
			status: 200, see: []string{`"findings":2`, `"updated":true`, `"kind":"notice"`, `"kind_label":"通报"`}},
		{name: "import: a dry run into an inspection of the record", c: call{method: "POST",
			path: "/api/v1/inspections/import?dry_run=true&into=" + id(f.in.ID), as: editor, body: feedbackDoc, ctype: "text/plain"},
			status: 200, see: []string{`"plan":{"inspection_id":` + id(f.in.ID), `"new_problems":[{`, "种子抽检记录不全", "新增 2 个问题"}},
		{name: "import: into an inspection out of scope", c: call{method: "POST",
			path: "/api/v1/inspections/import?into=" + id(f.otherIn.ID), as: editor, body: feedbackDoc, ctype: "text/plain"},
			status: 403},
		{name: "import: a feedback document", c: call{method: "POST", path: "/api/v1/inspections/import?unit_id=" + id(f.station.ID),
			as: editor, body: feedbackDoc, ctype: "text/plain"}, status: 201,
			see: []string{`"kind":"feedback"`, `"kind_label":"反馈意见"`, `"problems":2`, `"warnings":[]`}},
		{name: "import: no unit", c: call{method: "POST", path: "/api/v1/inspections/import", as: editor,
			json: map[string]any{"text": string(notice)}}, status: 422, fields: []string{"unit_id"}},
		{name: "import: a unit out of scope", c: call{method: "POST", path: "/api/v1/inspections/import?unit_id=" + id(f.water.ID),
			as: editor, body: string(notice), ctype: "text/plain"}, status: 403},
		{name: "import: not a notice", c: call{method: "POST", path: "/api/v1/inspections/import?unit_id=" + id(f.station.ID),
			as: editor, body: "这不是通报。", ctype: "text/plain"}, status: 422, code: rectify.EINVALID},
		{name: "import: nothing", c: call{method: "POST", path: "/api/v1/inspections/import", as: editor,
			json: map[string]any{"unit_id": f.station.ID}}, status: 422, fields: []string{"text"}},
		{name: "import: a viewer may not", c: call{method: "POST", path: "/api/v1/inspections/import?unit_id=" + id(f.station.ID),
			as: viewer, body: string(notice), ctype: "text/plain"}, status: 403},
	})
}

func TestProblemList(t *testing.T) {
	f := newFixture(t)
	list := "/api/v1/problems"
	run(t, f, []tc{
		{name: "the scope", c: call{method: "GET", path: list, as: viewer}, status: 200,
			see:    []string{`"total":4`, `"limit":100`, `"offset":0`, `"unit_name":"青禾县种子站党支部"`},
			notSee: []string{"水库除险加固工程台账缺失"}},
		{name: "every unit", c: call{method: "GET", path: list, as: admin}, status: 200, see: []string{`"total":5`}},
		{name: "by status", c: call{method: "GET", path: list + "?status=completed&status=long_term", as: viewer}, status: 200,
			see: []string{`"total":2`, "种子检验报告签发不及时", "制种基地灌溉设施老化"}},
		{name: "statuses separated by commas", c: call{method: "GET", path: list + "?status=completed,long_term", as: viewer},
			status: 200, see: []string{`"total":2`}},
		{name: "an unknown status", c: call{method: "GET", path: list + "?status=done", as: viewer}, status: 422,
			code: rectify.EINVALID, fields: []string{"status"}},
		{name: "by track", c: call{method: "GET", path: list + "?track=immediate", as: viewer}, status: 200,
			see: []string{`"total":1`, "抽检样品保管不规范"}},
		{name: "overdue", c: call{method: "GET", path: list + "?overdue=true", as: viewer}, status: 200,
			see: []string{`"total":1`, "种子经营备案台账不全", `"light":"red"`}},
		{name: "overdue across units", c: call{method: "GET", path: list + "?overdue=true", as: admin}, status: 200,
			see: []string{`"total":2`}},
		{name: "overdue as of a day before", c: call{method: "GET", path: list + "?overdue=true&as_of=2024-03-01", as: viewer},
			status: 200, see: []string{`"total":0`, `"items":[]`}},
		{name: "a red light is overdue", c: call{method: "GET", path: list + "?light=red", as: admin}, status: 200,
			see: []string{`"total":2`, "种子经营备案台账不全", "水库除险加固工程台账缺失"}},
		{name: "a yellow light", c: call{method: "GET", path: list + "?light=yellow", as: viewer}, status: 200,
			see: []string{`"total":1`, "抽检样品保管不规范"}},
		{name: "blue or none", c: call{method: "GET", path: list + "?light=blue&light=none", as: viewer}, status: 200,
			see: []string{`"total":2`, `"light":"blue"`, `"light":""`}},
		{name: "lights paged", c: call{method: "GET", path: list + "?light=blue,none,red&limit=1&offset=1", as: viewer}, status: 200,
			see: []string{`"total":3`, `"limit":1`, `"offset":1`}},
		{name: "an unknown light", c: call{method: "GET", path: list + "?light=purple", as: viewer}, status: 422, fields: []string{"light"}},
		{name: "search", c: call{method: "GET", path: list + "?q=样品", as: viewer}, status: 200,
			see: []string{`"total":1`, "抽检样品保管不规范"}},
		{name: "search the measures", c: call{method: "GET", path: list + "?q=灌溉渠系", as: viewer}, status: 200,
			see: []string{`"total":1`, "制种基地灌溉设施老化"}},
		{name: "by leader and owner unit", c: call{method: "GET", path: list + "?leader=王芳&owner_unit=检验室", as: viewer}, status: 200,
			see: []string{`"total":2`}},
		{name: "by inspection", c: call{method: "GET", path: list + "?inspection_id=" + id(f.otherIn.ID), as: admin}, status: 200,
			see: []string{`"total":1`, "水库除险加固工程台账缺失"}},
		{name: "an inspection out of scope", c: call{method: "GET", path: list + "?inspection_id=" + id(f.otherIn.ID), as: viewer},
			status: 403},
		{name: "a unit's subtree", c: call{method: "GET", path: list + "?unit_id=" + id(f.water.ID), as: admin}, status: 200,
			see: []string{`"total":1`}},
		{name: "a unit out of scope", c: call{method: "GET", path: list + "?unit_id=" + id(f.water.ID), as: viewer}, status: 403},
		{name: "a unit that does not exist", c: call{method: "GET", path: list + "?unit_id=99999", as: viewer}, status: 422,
			fields: []string{"unit_id"}},
		{name: "a page", c: call{method: "GET", path: list + "?sort=due&order=desc&limit=2&offset=1", as: viewer}, status: 200,
			see: []string{`"total":4`, `"limit":2`, `"offset":1`}},
		{name: "too long a page", c: call{method: "GET", path: list + "?limit=501", as: viewer}, status: 422,
			fields: []string{"limit"}, see: []string{"不能超过 500"}},
		{name: "bad paging and sorting", c: call{method: "GET", path: list + "?limit=x&offset=-1&sort=size&order=up&overdue=maybe&as_of=May", as: viewer},
			status: 422, fields: []string{"limit", "offset", "sort", "order", "overdue", "as_of"}},
		{name: "an unknown parameter", c: call{method: "GET", path: list + "?stauts=completed", as: viewer}, status: 422,
			fields: []string{"stauts"}, see: []string{"未知的查询参数"}},
		{name: "a parameter twice", c: call{method: "GET", path: list + "?limit=1&limit=2", as: viewer}, status: 422,
			fields: []string{"limit"}},
	})
}

// TestProblemOrder checks the order of a sorted list.
func TestProblemOrder(t *testing.T) {
	f := newFixture(t)
	var got struct {
		Items []struct {
			Number int    `json:"number"`
			Due    string `json:"due"`
		} `json:"items"`
	}
	decode(t, f.do(t, call{method: "GET", path: "/api/v1/problems?sort=due&order=desc", as: viewer}), &got)
	var numbers []int
	for _, it := range got.Items {
		numbers = append(numbers, it.Number)
	}
	// Due 05-03, 03-31, 03-15, then none (last in either order).
	if want := []int{2, 1, 4, 3}; !slices.Equal(numbers, want) {
		t.Errorf("order %v, want %v", numbers, want)
	}
}

func TestProblemEdits(t *testing.T) {
	f := newFixture(t)
	p := "/api/v1/problems/" + id(f.overdue.ID)
	run(t, f, []tc{
		{name: "one problem", c: call{method: "GET", path: p, as: viewer}, status: 200,
			see: []string{`"problem":{`, `"measures":[`, `"history":[`, `"light":"red"`, `"open_measures":[{`,
				`"refusal":"还有 1 项整改措施未完成`, `"next":[]`, `"unit":{`}},
		{name: "the statuses an editor may choose", c: call{method: "GET", path: p, as: editor}, status: 200,
			see: []string{`"next":["long_term","mostly_completed","submitted","not_completed"]`}},
		{name: "edit: the leader at once, a deadline pushed back waits for the office", c: call{method: "PATCH", path: p, as: editor,
			json: map[string]any{"leader": "赵强", "due": "2024-06-30", "change_reason": "汛期停工", "version": f.overdue.Version}}, status: 200,
			see: []string{`"leader":"赵强"`, `"due":"2024-03-31"`, `"owner_unit":"市场股"`, `"version":` + fmt.Sprint(f.overdue.Version+1)}},
		{name: "the change request", c: call{method: "GET", path: p + "/changes", as: viewer}, status: 200,
			see: []string{`"due":"2024-06-30"`, `"reason":"汛期停工"`, `"state":"pending"`, `"requested_by":"editor"`}},
		{name: "a unit cannot decide it", c: call{method: "POST", path: p + "/changes", as: editor,
			json: map[string]any{"change_id": 1, "approve": true}}, status: 403, code: rectify.EFORBIDDEN},
		{name: "a rejection needs its reason", c: call{method: "POST", path: p + "/changes", as: reviewer,
			json: map[string]any{"change_id": 1, "approve": false}}, status: 422, code: rectify.EINVALID},
		{name: "another problem's request", c: call{method: "POST", path: "/api/v1/problems/" + id(f.done.ID) + "/changes", as: reviewer,
			json: map[string]any{"change_id": 1, "approve": true}}, status: 404, code: rectify.ENOTFOUND},
		{name: "the office approves", c: call{method: "POST", path: p + "/changes", as: reviewer,
			json: map[string]any{"change_id": 1, "approve": true, "note": "同意"}}, status: 200,
			see: []string{`"state":"approved"`, `"decided_by":"reviewer"`}},
		{name: "the deadline moved", c: call{method: "GET", path: p, as: viewer}, status: 200, see: []string{`"due":"2024-06-30"`}},
		{name: "a stale version", c: call{method: "PATCH", path: p, as: editor,
			json: map[string]any{"leader": "钱七", "version": f.overdue.Version}}, status: 409, code: rectify.ECONFLICT,
			see: []string{"已被他人修改，请刷新后重试"}},
		{name: "no version", c: call{method: "PATCH", path: p, as: editor, json: map[string]any{"leader": "钱七"}}, status: 422,
			fields: []string{"version"}},
		{name: "an empty title", c: call{method: "PATCH", path: p, as: editor,
			json: map[string]any{"title": " ", "version": f.overdue.Version + 1}}, status: 422, fields: []string{"title"}},
		{name: "an unknown track", c: call{method: "PATCH", path: p, as: editor,
			json: map[string]any{"track": "soon", "version": f.overdue.Version + 1}}, status: 422, fields: []string{"track"}},
		{name: "a signed-off problem", c: call{method: "PATCH", path: "/api/v1/problems/" + id(f.done.ID), as: editor,
			json: map[string]any{"due": "2024-04-30", "version": f.done.Version}}, status: 409, code: rectify.ETRANSITION,
			see: []string{"问题已销号，不能修改"}},
		{name: "a viewer may not", c: call{method: "PATCH", path: p, as: viewer,
			json: map[string]any{"leader": "钱七", "version": f.overdue.Version + 1}}, status: 403},
		{name: "a status change without a target", c: call{method: "POST", path: p + "/status", as: editor, json: map[string]any{}},
			status: 422, fields: []string{"to"}},
		{name: "an unknown status", c: call{method: "POST", path: p + "/status", as: editor, json: map[string]any{"to": "finished"}},
			status: 422, fields: []string{"to"}},
		{name: "submitting with a measure open", c: call{method: "POST", path: p + "/submit", as: editor}, status: 409,
			code: rectify.ETRANSITION, see: []string{"还有 1 项整改措施未完成，不能提交销号"}},
		{name: "straight to completed", c: call{method: "POST", path: p + "/status", as: editor, json: map[string]any{"to": "completed"}},
			status: 409, code: rectify.ETRANSITION, see: []string{"不能直接完成，须先提交销号并经审核通过"}},
		{name: "a status change dated tomorrow", c: call{method: "POST", path: p + "/status", as: editor,
			json: map[string]any{"to": "not_completed", "on": "2024-05-02"}}, status: 422, fields: []string{"on"},
			see: []string{"发生日期（2024年5月2日）不能晚于今天"}},
		{name: "a status change dated before the feedback", c: call{method: "POST", path: p + "/status", as: editor,
			json: map[string]any{"to": "not_completed", "on": "2020-05-02"}}, status: 422, fields: []string{"on"},
			see: []string{"不能早于巡察反馈日期"}},
		{name: "long-term without a milestone", c: call{method: "POST", path: p + "/status", as: editor,
			json: map[string]any{"to": "long_term"}}, status: 422, fields: []string{"next_milestone"}},
		{name: "long-term", c: call{method: "POST", path: p + "/status", as: editor,
			json: map[string]any{"to": "long_term", "class": "I", "next_milestone": "2024-12-31", "reason": "需跨年度推进"}},
			status: 200, see: []string{`"status":"long_term"`, `"next_milestone":"2024-12-31"`, "需跨年度推进"}},
		{name: "the next milestone", c: call{method: "POST", path: p + "/milestone", as: editor,
			json: map[string]any{"next_milestone": "2024-10-31"}}, status: 200, see: []string{`"next_milestone":"2024-10-31"`}},
		{name: "approving what was not submitted", c: call{method: "POST", path: p + "/approve", as: reviewer}, status: 409,
			code: rectify.ETRANSITION, see: []string{"不能直接完成"}},
		{name: "an editor may not approve", c: call{method: "POST", path: p + "/approve", as: editor}, status: 403,
			see: []string{"只有审核人员或巡察办管理员才能进行此操作"}},
		{name: "a reviewer may not change as the unit", c: call{method: "POST", path: p + "/status", as: reviewer,
			json: map[string]any{"to": "in_progress"}}, status: 403},
		{name: "a viewer may not change", c: call{method: "POST", path: p + "/status", as: viewer,
			json: map[string]any{"to": "in_progress"}}, status: 403},
		{name: "reopen without a reason", c: call{method: "POST", path: "/api/v1/problems/" + id(f.done.ID) + "/reopen", as: reviewer,
			json: map[string]any{"reason": ""}}, status: 422, fields: []string{"reason"}},
		{name: "reopen", c: call{method: "POST", path: "/api/v1/problems/" + id(f.done.ID) + "/reopen", as: reviewer,
			json: map[string]any{"reason": "检验报告又出现超期签发"}}, status: 200,
			see: []string{`"status":"in_progress"`, `"recheck":{`, `"result":"failed"`}},
		{name: "the history", c: call{method: "GET", path: p + "/history", as: viewer}, status: 200,
			see: []string{`"items":[`, `"actor":"editor"`, "责任领导", "赵强", "状态改为“长期整改”"}},
	})
}

func TestMeasures(t *testing.T) {
	f := newFixture(t)
	open := f.overdue.Measures[1]
	m := "/api/v1/measures/" + id(open.ID)
	run(t, f, []tc{
		{name: "add", c: call{method: "POST", path: "/api/v1/problems/" + id(f.due.ID) + "/measures", as: editor,
			json: map[string]any{"text": "建立样品出入库登记簿。", "owner": "王芳", "due": "2024-05-20"}}, status: 201,
			see: []string{`"number":2`, `"owner":"王芳"`, `"version":1`}},
		{name: "add without text", c: call{method: "POST", path: "/api/v1/problems/" + id(f.due.ID) + "/measures", as: editor,
			json: map[string]any{"owner": "王芳"}}, status: 422, fields: []string{"text"}},
		{name: "add a bad date", c: call{method: "POST", path: "/api/v1/problems/" + id(f.due.ID) + "/measures", as: editor,
			json: map[string]any{"text": "x", "due": "5月20日"}}, status: 422, see: []string{"格式不对"}},
		{name: "add to a signed-off problem", c: call{method: "POST", path: "/api/v1/problems/" + id(f.done.ID) + "/measures",
			as: editor, json: map[string]any{"text": "再补一条。"}}, status: 409, code: rectify.ETRANSITION},
		{name: "one", c: call{method: "GET", path: m, as: viewer}, status: 200, see: []string{"建立备案台账月度更新制度"}},
		{name: "edit", c: call{method: "PATCH", path: m, as: editor, json: map[string]any{"due": "2024-05-15", "version": 1}},
			status: 200, see: []string{`"due":"2024-05-15"`, `"version":2`, "建立备案台账月度更新制度"}},
		{name: "edit with a stale version", c: call{method: "PATCH", path: m, as: editor, json: map[string]any{"owner": "x", "version": 1}},
			status: 409, code: rectify.ECONFLICT, see: []string{"已被他人修改，请刷新后重试"}},
		{name: "done only through its own call", c: call{method: "PATCH", path: m, as: editor,
			json: map[string]any{"done": "2024-04-01", "version": 2}}, status: 422, fields: []string{"done"}},
		{name: "done in the future", c: call{method: "POST", path: m + "/done", as: editor, json: map[string]any{"done": "2024-06-01"}},
			status: 422, fields: []string{"done"}},
		{name: "done today", c: call{method: "POST", path: m + "/done", as: editor}, status: 200, see: []string{`"done":"2024-05-01"`}},
		{name: "reopen", c: call{method: "POST", path: m + "/reopen", as: editor}, status: 200, see: []string{`"done":""`}},
		{name: "done on a day", c: call{method: "POST", path: m + "/done", as: editor, json: map[string]any{"done": "2024-04-20"}},
			status: 200, see: []string{`"done":"2024-04-20"`}},
		{name: "a viewer may not", c: call{method: "DELETE", path: m, as: viewer}, status: 403},
		{name: "delete", c: call{method: "DELETE", path: m, as: editor}, status: 204},
		{name: "gone", c: call{method: "GET", path: m, as: viewer}, status: 404},
		{name: "delete from a signed-off problem", c: call{method: "DELETE", path: "/api/v1/measures/" + id(f.done.Measures[0].ID),
			as: editor}, status: 409, code: rectify.ETRANSITION},
	})
}

// TestProgressAndSignOff follows a problem from its first report with
// evidence to its sign-off and look-back.
func TestProgressAndSignOff(t *testing.T) {
	f := newFixture(t)
	p := "/api/v1/problems/" + id(f.due.ID)
	measure := f.due.Measures[0]
	form, formType := multipartBody(t, map[string]string{"text": "购置样品柜2台，落实专人保管，建立出入库登记。",
		"date": "2024-04-30", "measure_id": id(measure.ID), "measure_done": "true", "status": "submitted"},
		"files", map[string]string{"样品柜验收单.txt": "验收合格", "出入库登记簿.txt": "2024年4月登记12次"})
	big := strings.Repeat("x", 33<<20)
	bigForm, bigType := multipartBody(t, map[string]string{"text": "x"}, "files", map[string]string{"大文件.bin": big})
	run(t, f, []tc{
		{name: "no reports yet", c: call{method: "GET", path: p + "/progress", as: viewer}, status: 200,
			see: []string{`"items":[]`, `"flags":[]`}},
		{name: "a report without text", c: call{method: "POST", path: p + "/progress", as: editor, json: map[string]any{"date": "2024-04-30"}},
			status: 422, fields: []string{"text"}},
		{name: "a report dated tomorrow", c: call{method: "POST", path: p + "/progress", as: editor,
			json: map[string]any{"text": "x", "date": "2024-05-02"}}, status: 422, fields: []string{"date"}},
		{name: "an unknown form field", c: call{method: "POST", path: p + "/progress", as: editor,
			body: "text=x&colour=red", ctype: "application/x-www-form-urlencoded"}, status: 422},
		{name: "an upload over the limit", c: call{method: "POST", path: p + "/progress", as: editor, body: bigForm, ctype: bigType},
			status: 413, code: rectify.ETOOLARGE, see: []string{"请求体超过 32 MB 的上限"}},
		{name: "a JSON body over the limit", c: call{method: "PATCH", path: p, as: editor,
			body: `{"title":"` + strings.Repeat("x", httpx.DefaultMaxBody) + `"}`, ctype: "application/json"},
			status: 413, code: rectify.ETOOLARGE, see: []string{"请求体超过 1 MB 的上限"}},
		{name: "a viewer may not report", c: call{method: "POST", path: p + "/progress", as: viewer, body: form, ctype: formType},
			status: 403},
		{name: "a report with evidence, the measure done and a submission", c: call{method: "POST", path: p + "/progress", as: editor,
			body: form, ctype: formType}, status: 201,
			see: []string{`"name":"样品柜验收单.txt"`, `"size":12`, `"status":"submitted"`, `"done":"2024-04-30"`}},
		{name: "the report", c: call{method: "GET", path: p + "/progress", as: viewer}, status: 200,
			see: []string{"购置样品柜2台", `"sha256":"`}},
		{name: "measures are frozen once submitted", c: call{method: "POST", path: p + "/measures", as: editor,
			json: map[string]any{"text": "x"}}, status: 409, code: rectify.ETRANSITION, see: []string{"问题已提交销号"}},
		{name: "reject without a reason", c: call{method: "POST", path: p + "/reject", as: reviewer, json: map[string]any{}},
			status: 422, fields: []string{"reason"}},
		{name: "approve", c: call{method: "POST", path: p + "/approve", as: reviewer}, status: 200,
			see: []string{`"status":"completed"`, `"recheck":{`, `"due":"2024-11-01"`}},
		{name: "approve twice", c: call{method: "POST", path: p + "/approve", as: reviewer}, status: 409, code: rectify.ETRANSITION},
		{name: "the look-backs of the problem", c: call{method: "GET", path: "/api/v1/rechecks?problem_id=" + id(f.due.ID), as: viewer},
			status: 200, see: []string{`"due":"2024-11-01"`}},
	})
	var reports struct {
		Items []*rectify.Progress `json:"items"`
	}
	decode(t, f.do(t, call{method: "GET", path: p + "/progress", as: viewer}), &reports)
	if len(reports.Items) != 1 || len(reports.Items[0].Evidence) != 2 {
		t.Fatalf("reports %+v", reports.Items)
	}
	var ev *rectify.Evidence
	for _, e := range reports.Items[0].Evidence {
		if e.Name == "出入库登记簿.txt" {
			ev = e
		}
	}
	if ev == nil {
		t.Fatal("no evidence named 出入库登记簿.txt")
	}
	e := "/api/v1/evidence/" + id(ev.ID)
	run(t, f, []tc{
		{name: "evidence", c: call{method: "GET", path: e, as: viewer}, status: 200, see: []string{`"name":"出入库登记簿.txt"`}},
		{name: "evidence out of scope", c: call{method: "GET", path: e, as: waterEditor}, status: 403},
		{name: "its file", c: call{method: "GET", path: e + "/content", as: viewer}, status: 200, see: []string{"2024年4月登记12次"}},
	})
	w := f.do(t, call{method: "GET", path: e + "/content", as: viewer})
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename*=UTF-8''") {
		t.Errorf("content disposition %q", cd)
	}
}

func TestStats(t *testing.T) {
	f := newFixture(t)
	run(t, f, []tc{
		{name: "the scope", c: call{method: "GET", path: "/api/v1/stats", as: viewer}, status: 200,
			see: []string{`"as_of":"2024-05-01"`, `"total":{"as_of":"2024-05-01","total":4,"completed":1,"long_term":1`,
				`"overdue":1`, `"completion_rate":0.25`, `"team":"县委第二巡察组"`, `"name":"青禾县种子站党支部"`},
			notSee: []string{"水利局"}},
		{name: "every unit", c: call{method: "GET", path: "/api/v1/stats", as: admin}, status: 200,
			see: []string{`"total":5`, `"overdue":2`, `"name":"中共青禾县委员会","depth":0`}},
		{name: "as of a day", c: call{method: "GET", path: "/api/v1/stats?as_of=2024-03-05", as: viewer}, status: 200,
			see: []string{`"completed":0`}},
		{name: "one inspection", c: call{method: "GET", path: "/api/v1/stats?inspection_id=" + id(f.in.ID), as: viewer}, status: 200,
			see: []string{`"inspection_id":` + id(f.in.ID), `"units":[]`}},
		{name: "a unit out of scope", c: call{method: "GET", path: "/api/v1/stats?unit_id=" + id(f.water.ID), as: viewer}, status: 403},
		{name: "a bad date", c: call{method: "GET", path: "/api/v1/stats?as_of=2024-13-01", as: viewer}, status: 422,
			fields: []string{"as_of"}},
		{name: "the ledger", c: call{method: "GET", path: "/api/v1/ledger?as_of=2024-05-01", as: viewer}, status: 200,
			see: []string{"PK"}},
		{name: "the ledger of a unit out of scope", c: call{method: "GET", path: "/api/v1/ledger?unit_id=" + id(f.water.ID), as: viewer},
			status: 403},
	})
}

func TestComments(t *testing.T) {
	f := newFixture(t)
	c := "/api/v1/comments/" + id(f.comment.ID)
	run(t, f, []tc{
		{name: "the scope's", c: call{method: "GET", path: "/api/v1/comments", as: viewer}, status: 200,
			see: []string{`"total":1`, "样品柜还没有买", `"state":"new"`}},
		{name: "by state", c: call{method: "GET", path: "/api/v1/comments?state=closed", as: viewer}, status: 200,
			see: []string{`"total":0`, `"items":[]`}},
		{name: "an unknown state", c: call{method: "GET", path: "/api/v1/comments?state=open", as: viewer}, status: 422,
			fields: []string{"state"}},
		{name: "another unit's", c: call{method: "GET", path: "/api/v1/comments", as: waterEditor}, status: 200,
			see: []string{`"total":0`}},
		{name: "one out of scope", c: call{method: "GET", path: c, as: waterEditor}, status: 403},
		{name: "a reply before it is assigned", c: call{method: "POST", path: c + "/reply", as: editor,
			json: map[string]any{"reply": "已购置。"}}, status: 409, code: rectify.ETRANSITION, see: []string{"须先由巡察办交办"}},
		{name: "an editor may not triage", c: call{method: "POST", path: c + "/triage", as: editor}, status: 403},
		{name: "triage", c: call{method: "POST", path: c + "/triage", as: reviewer, json: map[string]any{"inspection_id": f.in.ID}},
			status: 200, see: []string{`"state":"triaged"`, `"inspection_id":` + id(f.in.ID)}},
		{name: "link", c: call{method: "POST", path: c + "/link", as: reviewer, json: map[string]any{"problem_id": f.due.ID}},
			status: 200, see: []string{`"problem_id":` + id(f.due.ID)}, notSee: []string{`"recheck"`}},
		{name: "link to another unit's problem", c: call{method: "POST", path: c + "/link", as: admin,
			json: map[string]any{"problem_id": f.other.ID}}, status: 422},
		{name: "assign without an assignee", c: call{method: "POST", path: c + "/assign", as: reviewer}, status: 422,
			fields: []string{"assignee"}},
		{name: "assign", c: call{method: "POST", path: c + "/assign", as: reviewer, json: map[string]any{"assignee": "种子站"}},
			status: 200, see: []string{`"state":"assigned"`, `"assignee":"种子站"`}},
		{name: "reply", c: call{method: "POST", path: c + "/reply", as: editor,
			json: map[string]any{"reply": "样品柜已于4月30日购置到位。", "public": true}}, status: 200,
			see: []string{`"state":"replied"`, `"reply_public":true`}},
		{name: "close", c: call{method: "POST", path: c + "/close", as: reviewer}, status: 200, see: []string{`"state":"closed"`}},
		{name: "closed for good", c: call{method: "POST", path: c + "/reply", as: editor, json: map[string]any{"reply": "补充。"}},
			status: 409, code: rectify.ETRANSITION, see: []string{"已办结"}},
	})
}

func TestRechecksAndRecords(t *testing.T) {
	f := newFixture(t)
	rc := "/api/v1/rechecks/" + id(f.recheck.ID) + "/result"
	run(t, f, []tc{
		{name: "look-backs due", c: call{method: "GET", path: "/api/v1/rechecks", as: viewer}, status: 200,
			see: []string{`"problem_id":` + id(f.done.ID), `"due":"2024-06-10"`}},
		{name: "look-backs due by a day before", c: call{method: "GET", path: "/api/v1/rechecks?due_by=2024-06-01", as: viewer},
			status: 200, see: []string{`"items":[]`}},
		{name: "look-backs of another scope", c: call{method: "GET", path: "/api/v1/rechecks", as: waterEditor}, status: 200,
			see: []string{`"items":[]`}},
		{name: "a problem out of scope", c: call{method: "GET", path: "/api/v1/rechecks?problem_id=" + id(f.other.ID), as: viewer},
			status: 403},
		{name: "an editor may not record", c: call{method: "POST", path: rc, as: editor, json: map[string]any{"result": "passed"}},
			status: 403},
		{name: "an unknown result", c: call{method: "POST", path: rc, as: reviewer, json: map[string]any{"result": "good"}},
			status: 422, fields: []string{"result"}},
		{name: "passed", c: call{method: "POST", path: rc, as: reviewer, json: map[string]any{"result": "passed", "note": "现场核查巩固"}},
			status: 200, see: []string{`"result":"passed"`, `"done":"2024-05-01"`, `"reviewer":"reviewer"`}},
		{name: "done since", c: call{method: "GET", path: "/api/v1/rechecks?done_since=2024-05-01", as: viewer}, status: 200,
			see: []string{`"result":"passed"`, `"problem_title":"种子检验报告签发不及时"`, `"unit_name":"青禾县种子站党支部"`}},
		{name: "due by and done since", c: call{method: "GET", path: "/api/v1/rechecks?done_since=2024-05-01&due_by=2024-06-01",
			as: viewer}, status: 422, fields: []string{"done_since"}},
		{name: "recorded once", c: call{method: "POST", path: rc, as: reviewer, json: map[string]any{"result": "failed", "note": "x"}},
			status: 409, code: rectify.ECONFLICT},
		{name: "a sample, previewed", c: call{method: "POST", path: "/api/v1/rechecks/sample", as: reviewer,
			json: map[string]any{"unit_id": f.bureau.ID, "count": 1, "seed": 7, "dry_run": true}}, status: 200,
			see: []string{`"dry_run":true`, "种子检验报告签发不及时", `"rechecks":[]`}},
		{name: "a sample", c: call{method: "POST", path: "/api/v1/rechecks/sample", as: reviewer,
			json: map[string]any{"unit_id": f.bureau.ID, "count": 1, "seed": 7}}, status: 201,
			see: []string{`"sampled":true`, `"problems":[]`}},
		{name: "a sample of nothing", c: call{method: "POST", path: "/api/v1/rechecks/sample", as: reviewer,
			json: map[string]any{"unit_id": f.bureau.ID}}, status: 422, fields: []string{"count"}},
		{name: "a sample out of scope", c: call{method: "POST", path: "/api/v1/rechecks/sample", as: reviewer,
			json: map[string]any{"unit_id": f.water.ID, "count": 1}}, status: 403},
		{name: "a rule", c: call{method: "POST", path: "/api/v1/rules", as: editor, json: map[string]any{"inspection_id": f.in.ID,
			"title": "种子经营备案管理办法", "kind": "new", "date": "2024-04-15", "problem_ids": []int64{f.overdue.ID}}}, status: 201,
			see: []string{`"title":"种子经营备案管理办法"`, `"problem_ids":[` + id(f.overdue.ID) + `]`}},
		{name: "a rule without its fields", c: call{method: "POST", path: "/api/v1/rules", as: editor,
			json: map[string]any{"inspection_id": f.in.ID}}, status: 422, fields: []string{"title", "kind", "date"}},
		{name: "a rule of another unit", c: call{method: "POST", path: "/api/v1/rules", as: editor, json: map[string]any{
			"inspection_id": f.otherIn.ID, "title": "x", "kind": "new", "date": "2024-04-15"}}, status: 403},
		{name: "a rule answering another inspection's problem", c: call{method: "POST", path: "/api/v1/rules", as: admin,
			json: map[string]any{"inspection_id": f.in.ID, "title": "x", "kind": "revised", "date": "2024-04-15",
				"problem_ids": []int64{f.other.ID}}}, status: 422},
		{name: "the rules", c: call{method: "GET", path: "/api/v1/rules?inspection_id=" + id(f.in.ID), as: viewer}, status: 200,
			see: []string{"种子经营备案管理办法"}},
		{name: "the rules of another scope", c: call{method: "GET", path: "/api/v1/rules", as: waterEditor}, status: 200,
			see: []string{`"items":[]`}},
		{name: "an editor may not hold accountable", c: call{method: "POST", path: "/api/v1/accountability", as: editor,
			json: map[string]any{"inspection_id": f.in.ID}}, status: 403},
		{name: "accountability", c: call{method: "POST", path: "/api/v1/accountability", as: reviewer, json: map[string]any{
			"inspection_id": f.in.ID, "problem_id": f.overdue.ID, "person": "某股长", "form": "约谈", "date": "2024-04-20",
			"reason": "备案台账长期不更新"}}, status: 201, see: []string{`"person":"某股长"`}},
		{name: "accountability in the future", c: call{method: "POST", path: "/api/v1/accountability", as: reviewer, json: map[string]any{
			"inspection_id": f.in.ID, "person": "某股长", "form": "约谈", "date": "2024-06-20", "reason": "x"}}, status: 422,
			fields: []string{"date"}},
		{name: "the accountability", c: call{method: "GET", path: "/api/v1/accountability", as: viewer}, status: 200,
			see: []string{"备案台账长期不更新"}},
		{name: "counted", c: call{method: "GET", path: "/api/v1/stats", as: viewer}, status: 200,
			see: []string{`"rules":1`, `"accountability":1`}},
	})
}

func TestSettings(t *testing.T) {
	f := newFixture(t)
	bureau := "/api/v1/units/" + id(f.bureau.ID) + "/settings"
	station := "/api/v1/units/" + id(f.station.ID) + "/settings"
	run(t, f, []tc{
		{name: "the defaults", c: call{method: "GET", path: station, as: viewer}, status: 200,
			see: []string{`"settings":{"warn_days":3,"recheck_months":6,"escalation_days":7,"evidence_quota_mb":20480}`, `"own":{}`}},
		{name: "set on the bureau", c: call{method: "PUT", path: bureau, as: bureauAdmin,
			json: map[string]any{"warn_days": 30, "recheck_months": 12}}, status: 200,
			see: []string{`"warn_days":30`, `"own":{"warn_days":30,"recheck_months":12}`}},
		{name: "inherited by the station", c: call{method: "GET", path: station, as: viewer}, status: 200,
			see: []string{`"settings":{"warn_days":30,"recheck_months":12,"escalation_days":7,"evidence_quota_mb":20480}`, `"own":{}`}},
		{name: "lights follow the office's window", c: call{method: "GET", path: "/api/v1/problems?light=yellow", as: viewer},
			status: 200, see: []string{`"total":1`, "抽检样品保管不规范"}},
		{name: "out of range", c: call{method: "PUT", path: bureau, as: bureauAdmin, json: map[string]any{"warn_days": 99}},
			status: 422, fields: []string{"warn_days"}},
		{name: "an unknown setting", c: call{method: "PUT", path: bureau, as: bureauAdmin, json: map[string]any{"warn_hours": 9}},
			status: 422, fields: []string{"warn_hours"}},
		{name: "an editor may not", c: call{method: "PUT", path: bureau, as: editor, json: map[string]any{"warn_days": 5}},
			status: 403},
		{name: "another scope", c: call{method: "GET", path: "/api/v1/units/" + id(f.water.ID) + "/settings", as: viewer},
			status: 403},
		{name: "removed", c: call{method: "PUT", path: bureau, as: bureauAdmin}, status: 200,
			see: []string{`"settings":{"warn_days":3,"recheck_months":6,"escalation_days":7,"evidence_quota_mb":20480}`, `"own":{}`}},
	})
}

// TestLedger reads the exported workbook back: the scope's measures, and
// nothing of another unit.
func TestLedger(t *testing.T) {
	f := newFixture(t)
	w := f.do(t, call{method: "GET", path: "/api/v1/ledger", as: viewer})
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, brief(w.Body.String()))
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, ".xlsx") {
		t.Errorf("content disposition %q", cd)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	must(t, err)
	defer wb.Close()
	rows, err := wb.GetRows(wb.GetSheetList()[0])
	must(t, err)
	text := fmt.Sprint(rows)
	for _, want := range []string{"种子经营备案台账不全", "建立备案台账月度更新制度", "分三年改造灌溉渠系"} {
		if !strings.Contains(text, want) {
			t.Errorf("the ledger has no %q", want)
		}
	}
	if strings.Contains(text, "水库除险加固工程台账缺失") {
		t.Error("the ledger has another unit's problem")
	}
}
