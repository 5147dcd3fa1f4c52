package api_test

import (
	"testing"

	"github.com/rectify-dev/rectify"
)

func TestToDo(t *testing.T) {
	f := newFixture(t)
	// Today is 2024-05-01.
	run(t, f, []tc{
		{name: "an editor's lights", c: call{method: "GET", path: "/api/v1/todo", as: editor}, status: 200,
			see: []string{`"late_total":2`, `"title":"种子经营备案台账不全"`, `"days":-31`, `"title":"抽检样品保管不规范"`, `"days":2`,
				`"sign_off_total":0`, `"comments_total":0`, `"undelivered":[]`}},
		{name: "a reviewer's opinions to triage", c: call{method: "GET", path: "/api/v1/todo", as: reviewer}, status: 200,
			see: []string{`"late_total":2`, `"comments_total":1`, `"text":"种子站的样品柜还没有买。"`}},
		{name: "counts only", c: call{method: "GET", path: "/api/v1/todo?limit=0", as: admin}, status: 200,
			see: []string{`"late_total":3`, `"late":[]`, `"comments_total":1`, `"comments":[]`}},
		{name: "another unit", c: call{method: "GET", path: "/api/v1/todo", as: waterEditor}, status: 200,
			see: []string{`"late_total":1`, `"title":"水库除险加固工程台账缺失"`, `"days":-1`}, notSee: []string{"种子经营备案台账不全"}},
		{name: "a limit out of range", c: call{method: "GET", path: "/api/v1/todo?limit=500", as: editor}, status: 422,
			fields: []string{"limit"}},
	})
}

func TestBulkProblems(t *testing.T) {
	f := newFixture(t)
	target := func(p *rectify.Problem) map[string]any { return map[string]any{"id": p.ID, "version": p.Version} }
	run(t, f, []tc{
		{name: "a new leader and deadline for two problems", c: call{method: "POST", path: "/api/v1/problems/bulk", as: editor,
			json: map[string]any{"problems": []any{target(f.overdue), target(f.due)}, "set_leader": true, "leader": "周局长",
				"set_due": true, "due": "2024-06-30"}}, status: 200, see: []string{`"problems":2`, `"measures":0`}},
		{name: "one signed off: nothing saved, that one named", c: call{method: "POST", path: "/api/v1/problems/bulk", as: editor,
			json: map[string]any{"problems": []any{target(f.longTerm), target(f.done)}, "set_owner_unit": true, "owner_unit": "办公室"}},
			status: 422, code: rectify.EINVALID, fields: []string{"problem." + id(f.done.ID)}, see: []string{"有1个问题不能修改"}},
		{name: "a viewer", c: call{method: "POST", path: "/api/v1/problems/bulk", as: viewer,
			json: map[string]any{"problems": []any{target(f.longTerm)}, "set_leader": true}}, status: 403, code: rectify.EFORBIDDEN},
	})
}
