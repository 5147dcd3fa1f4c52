package api_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestPublic: which report stands in the public notice for a problem, or
// one public sentence, read and set through the API.
func TestPublic(t *testing.T) {
	f := newFixture(t)
	ctx := rectify.AsSystem(context.Background())
	report := &rectify.Progress{ProblemID: f.overdue.ID, Date: rectify.MustDate("2024-04-20"), Text: "清查备案台账312户，补录47户"}
	if err := f.st.AddProgress(ctx, report, nil); err != nil {
		t.Fatal(err)
	}
	otherReport := &rectify.Progress{ProblemID: f.due.ID, Date: rectify.MustDate("2024-04-21"), Text: "另一个问题的整改情况"}
	if err := f.st.AddProgress(ctx, otherReport, nil); err != nil {
		t.Fatal(err)
	}
	p := "/api/v1/problems/" + id(f.overdue.ID) + "/public"
	run(t, f, []tc{
		{name: "the latest by default", c: call{method: "GET", path: p, as: viewer}, status: 200,
			see: []string{`"source":"latest"`, `"shown":"清查备案台账312户，补录47户"`, `"progress_id":0`}},
		{name: "a viewer may not choose", c: call{method: "POST", path: p, as: viewer, json: map[string]any{"progress_id": report.ID}},
			status: 403},
		{name: "another problem's report", c: call{method: "POST", path: p, as: editor, json: map[string]any{"progress_id": otherReport.ID}},
			status: 422, fields: []string{"progress_id"}},
		{name: "a report chosen", c: call{method: "POST", path: p, as: editor, json: map[string]any{"progress_id": report.ID}},
			status: 200, see: []string{`"source":"chosen"`, `"progress_id":` + id(report.ID)}},
		{name: "a public sentence", c: call{method: "POST", path: p, as: editor, json: map[string]any{"text": "备案台账全部补齐。"}},
			status: 200, see: []string{`"source":"sentence"`, `"shown":"备案台账全部补齐。"`}},
		{name: "in the notice", c: call{method: "GET", path: "/api/v1/inspections/" + id(f.in.ID) + "/notice", as: viewer},
			status: 200, see: []string{"整改情况：备案台账全部补齐。"}},
		{name: "back to the default", c: call{method: "POST", path: p, as: editor, json: map[string]any{}},
			status: 200, see: []string{`"source":"latest"`, `"text":""`}},
		{name: "out of scope", c: call{method: "GET", path: "/api/v1/problems/" + id(f.other.ID) + "/public", as: viewer},
			status: 403},
	})
}
