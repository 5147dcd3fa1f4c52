package api_test

import "testing"

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
