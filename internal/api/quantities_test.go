package api_test

import (
	"testing"
)

// A script reads the figures of a text, files a report with them as it
// checked them (or lets them be read from the text), and reads them back
// with the reports.
func TestQuantities(t *testing.T) {
	f := newFixture(t)
	p := "/api/v1/problems/" + id(f.overdue.ID)
	form, formType := multipartBody(t, map[string]string{"text": "完成。", "date": "2024-04-23",
		"quantities": `[{"kind":"rule","meaning":"修订","value":2,"unit":"项"}]`}, "", nil)
	badForm, badType := multipartBody(t, map[string]string{"text": "完成。", "date": "2024-04-23", "quantities": "两项"}, "", nil)
	run(t, f, []tc{
		{name: "the figures of a text", c: call{method: "POST", path: "/api/v1/quantities", as: viewer,
			json: map[string]any{"text": "追回资金12.5万元，其中清退2万元，修订制度3项，问责4人次。"}}, status: 200,
			see: []string{`"kind":"money","meaning":"追回","value":125000,"unit":"元"`, `"part":true`,
				`"recovered":125000`, `"rules_made":3`, `"accountable":4`}},
		{name: "a text without figures", c: call{method: "POST", path: "/api/v1/quantities", as: viewer,
			json: map[string]any{"text": "召开专题会议研究部署。"}}, status: 200, see: []string{`"items":[]`}},
		{name: "figures read from the text", c: call{method: "POST", path: p + "/progress", as: editor,
			json: map[string]any{"text": "清退多发补贴3.2万元。", "date": "2024-04-20"}}, status: 201,
			see: []string{`"quantities":[{`, `"meaning":"清退","value":32000`}},
		{name: "figures as the script checked them", c: call{method: "POST", path: p + "/progress", as: editor,
			json: map[string]any{"text": "追回资金约3万元，召开会议2次。", "date": "2024-04-21",
				"quantities": []map[string]any{{"kind": "money", "meaning": "追回", "value": 31500, "unit": "元"}}}},
			status: 201, see: []string{`"meaning":"追回","value":31500`}, notSee: []string{`"unit":"次"`}},
		{name: "no figures, as the script says", c: call{method: "POST", path: p + "/progress", as: editor,
			json: map[string]any{"text": "追回资金1万元。", "date": "2024-04-22", "quantities": []any{}}},
			status: 201, notSee: []string{`"quantities"`}},
		{name: "a bad figure", c: call{method: "POST", path: p + "/progress", as: editor,
			json: map[string]any{"text": "完成。", "date": "2024-04-22",
				"quantities": []map[string]any{{"kind": "weight", "value": 1, "unit": "吨"}}}},
			status: 422, fields: []string{"quantities"}},
		{name: "a figure as a form field", c: call{method: "POST", path: p + "/progress", as: editor,
			body: form, ctype: formType}, status: 201, see: []string{`"kind":"rule","meaning":"修订","value":2`}},
		{name: "a form field that is no JSON", c: call{method: "POST", path: p + "/progress", as: editor,
			body: badForm, ctype: badType}, status: 422, fields: []string{"quantities"}},
		{name: "the reports carry their figures", c: call{method: "GET", path: p + "/progress", as: viewer}, status: 200,
			see: []string{`"value":32000`, `"value":31500`, `"kind":"rule"`}},
	})
}
