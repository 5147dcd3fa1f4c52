package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// peopleTemplates renders the people list and its forms, and the pickers
// of a problem's page, on the harness of TestTemplates.
func peopleTemplates(t *testing.T, hs *harness) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	in := &rectify.Inspection{UnitID: hs.station.ID, Team: "县委第三巡察组", Kind: rectify.KindRegular, Feedback: rectify.MustDate("2023-09-01"),
		Findings: []*rectify.Finding{{Number: 1, Title: "水文监测责任落实不到位", Problems: []*rectify.Problem{{
			Number: 1, Title: "雨量站巡检记录缺失", Leader: "周站长", Due: rectify.MustDate("2024-06-30"),
			Measures: []*rectify.Measure{{Number: 1, Text: "补齐巡检记录。"}},
		}}}}}
	must(t, hs.st.CreateInspection(ctx, in))
	p := in.Findings[0].Problems[0]
	id := func(v int64) string { return fmt.Sprint(v) }
	unit := id(hs.bureau.ID)
	tianbao := id(hs.users["tianbao"].ID)
	runPageCases(t, hs, []pageCase{
		{name: "people: an empty list", login: "banshi", method: "GET", path: "/admin/people", status: 200, page: "admin_people",
			see: []string{"人员名单", "各单位人员", "添加人员", "关联账号", "（无账号）", `aria-describedby="h-name"`}},
		{name: "people: a post typed into the name", login: "banshi", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {unit}, "name": {"林春燕（副局长）"}}, status: 422, page: "admin_people",
			see: []string{"姓名中不要带括号或空格", "林春燕（副局长）"}},
		{name: "people: added with an account", login: "banshi", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {unit}, "name": {"王填报"}, "post": {"办公室主任"}, "user_id": {tianbao}}, status: 303,
			location: "/admin/people"},
		{name: "people: added", login: "banshi", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {unit}, "name": {"林春燕"}, "post": {"副局长"}}, status: 303, location: "/admin/people"},
		{name: "people: a stored script", login: "banshi", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {unit}, "name": {"钱<b>七</b>"}, "post": {`<script>alert("post")</script>`}}, status: 303,
			location: "/admin/people"},
		{name: "people: the stored script is text", login: "banshi", method: "GET", path: "/admin/people", status: 200,
			page: "admin_people", see: []string{"钱&lt;b&gt;七&lt;/b&gt;", "&lt;script&gt;alert(&#34;post&#34;)&lt;/script&gt;"},
			hide: []string{`<script>alert("post")`, "<b>七</b>"}},
		{name: "problem: the stored script is text in the pickers", login: "tianbao", method: "GET", path: "/problems/" + id(p.ID),
			status: 200, page: "problem", see: []string{"钱&lt;b&gt;七&lt;/b&gt;"}, hide: []string{`<script>alert("post")`, "<b>七</b>"}},
		{name: "people: added twice", login: "banshi", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {unit}, "name": {"林春燕"}}, status: 422, page: "admin_people",
			see: []string{"本单位名单中已有“林春燕”"}},
		{name: "people: a unit out of the admin's scope", login: "shuiwu-admin", method: "POST", path: "/admin/people",
			form: url.Values{"unit_id": {id(hs.other.ID)}, "name": {"吴局长"}}, status: 403},
		{name: "people: listed by pinyin with their accounts", login: "banshi", method: "GET", path: "/admin/people", status: 200,
			page: "admin_people", see: []string{"林春燕 副局长", "王填报 办公室主任", "王填报（tianbao）", `编辑<span class="visually-hidden">林春燕</span>`}},
		{name: "problem: the pickers suggest the list and the units", login: "tianbao", method: "GET", path: "/problems/" + id(p.ID),
			status: 200, page: "problem",
			see: []string{`list="people-list"`, `list="unit-list"`, `<option value="林春燕">林春燕 · 副局长 · `,
				`<option value="青石县水文站党支部">`, `aria-describedby="h-leader"`}},
		{name: "problem: a new leader typed", login: "tianbao", method: "POST", path: "/problems/" + id(p.ID),
			form: url.Values{"title": {p.Title}, "track": {"deadline"}, "leader": {"林春燕（副局长）、赵新（站长）"}, "due": {"2024-06-30"},
				"version": {id(int64(p.Version))}}, status: 303, location: "/problems/"},
		{name: "problem: the new name is marked", login: "tianbao", method: "GET", path: "/problems/" + id(p.ID),
			status: 200, page: "problem", see: []string{"林春燕（副局长）、赵新（站长）", "赵新：新提议", "赵新 · 青石县水文站党支部（新提议）"}},
		{name: "people: only the proposals", login: "banshi", method: "GET", path: "/admin/people?proposed=1", status: 200,
			page: "admin_people", see: []string{"赵新 新提议"}, hide: []string{`<td data-label="关联账号">王填报（tianbao）</td>`}},
		{name: "people: of a unit's subtree", login: "banshi", method: "GET", path: "/admin/people?unit=" + id(hs.station.ID), status: 200,
			page: "admin_people", see: []string{"赵新", "清除条件"}, hide: []string{`<td data-label="关联账号">王填报（tianbao）</td>`}},
		{name: "people: a filter that finds no one", login: "banshi", method: "GET", path: "/admin/people?unit=" + id(hs.other.ID) + "&proposed=1",
			status: 200, page: "admin_people", see: []string{"没有符合条件的人员"}},
		{name: "people: the proposal waits for the admin", login: "banshi", method: "GET", path: "/admin/people", status: 200,
			page: "admin_people", see: []string{"人待确认）", "赵新 新提议", `确认<span class="visually-hidden">赵新</span>`}},
	})
	var proposal *rectify.Person
	people, err := hs.st.ListPeople(ctx, "")
	must(t, err)
	var names []string
	for _, pe := range people {
		names = append(names, pe.Name)
		if pe.Name == "赵新" {
			proposal = pe
		}
	}
	if proposal == nil || !proposal.Proposed || proposal.UnitID != hs.station.ID {
		t.Fatalf("the typed leader was not proposed on the problem's unit: %v", names)
	}
	pid := "/admin/people/" + id(proposal.ID)
	runPageCases(t, hs, []pageCase{
		{name: "people: an editor may not confirm", login: "tianbao", method: "POST", path: pid + "/confirm", status: 403},
		{name: "people: the form of a proposal", login: "banshi", method: "GET", path: pid, status: 200, page: "admin_person",
			see: []string{"编辑人员", "新提议", "确认并保存", "从名单中删除"}},
		{name: "people: confirmed with a post", login: "banshi", method: "POST", path: pid,
			form:   url.Values{"unit_id": {id(hs.station.ID)}, "name": {"赵新"}, "post": {"站长"}, "user_id": {"0"}, "version": {id(int64(proposal.Version))}},
			status: 303, location: "/admin/people"},
		{name: "people: saved from an old version", login: "banshi", method: "POST", path: pid,
			form:   url.Values{"unit_id": {id(hs.station.ID)}, "name": {"赵新"}, "version": {id(int64(proposal.Version))}},
			status: 409, page: "admin_person"},
		{name: "people: confirmed, no longer marked", login: "tianbao", method: "GET", path: "/problems/" + id(p.ID),
			status: 200, page: "problem", see: []string{"赵新 · 站长 · 青石县水文站党支部</option>"}, hide: []string{"赵新：新提议"}},
		{name: "people: deleted", login: "banshi", method: "POST", path: pid + "/delete", status: 303, location: "/admin/people"},
	})
	if _, err := hs.st.GetPerson(ctx, proposal.ID); err == nil {
		t.Error("the entry was not deleted")
	}
	got, err := hs.st.GetProblem(ctx, p.ID)
	must(t, err)
	if !strings.Contains(got.Leader, "赵新") {
		t.Errorf("deleting the entry changed the problem's leader: %q", got.Leader)
	}
}
