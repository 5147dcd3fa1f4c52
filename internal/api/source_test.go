package api_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestInspectionSource: the office records an audit through the API; the
// inspection and problem lists filter by the kind of rectification, and an
// unknown kind is refused with its field named.
func TestInspectionSource(t *testing.T) {
	f := newFixture(t)
	create := map[string]any{"unit_id": f.station.ID, "team": "县审计局审计组", "source": "audit",
		"start": "2024-01-15", "end": "2024-02-28", "feedback": "2024-03-20"}
	run(t, f, []tc{
		{name: "an audit is created", c: call{method: "POST", path: "/api/v1/inspections", as: reviewer, json: create},
			status: 201, see: []string{`"source":"audit"`, `"kind":""`}},
		{name: "an unknown source", c: call{method: "POST", path: "/api/v1/inspections", as: reviewer,
			json: map[string]any{"unit_id": f.station.ID, "team": "某组", "source": "lottery"}}, status: 422, fields: []string{"source"}},
		{name: "the list of audits", c: call{method: "GET", path: "/api/v1/inspections?source=audit", as: reviewer},
			status: 200, see: []string{"县审计局审计组"}, notSee: []string{`"source":"xuncha"`}},
		{name: "the list of 巡察 leaves the audit out", c: call{method: "GET", path: "/api/v1/inspections?source=xuncha", as: reviewer},
			status: 200, notSee: []string{"县审计局审计组"}},
		{name: "problems of audits: none yet", c: call{method: "GET", path: "/api/v1/problems?source=audit", as: reviewer},
			status: 200, see: []string{`"total":0`}},
		{name: "problems of an unknown source", c: call{method: "GET", path: "/api/v1/problems?source=rumour", as: reviewer},
			status: 422, fields: []string{"source"}},
	})
}

// TestToDoSource: the to-do list through the API holds every kind of
// rectification, each entry naming its kind, and narrows to one.
func TestToDoSource(t *testing.T) {
	f := newFixture(t)
	ctx := rectify.AsSystem(context.Background())
	audit := &rectify.Inspection{UnitID: f.station.ID, Source: rectify.SourceAudit, Team: "县审计局审计组", Feedback: d("2024-02-20"),
		Findings: []*rectify.Finding{{Number: 1, Title: "预算管理方面", Problems: []*rectify.Problem{
			{Number: 1, Title: "良种补贴资金未按期拨付", Due: d("2024-04-15"), Opened: d("2024-02-20"),
				History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-03-01"), Author: "导入"}}}}}}}
	must(t, f.st.CreateInspection(ctx, audit))
	auditEntry := `"title":"良种补贴资金未按期拨付"`
	run(t, f, []tc{
		{name: "every kind, each entry with its kind", c: call{method: "GET", path: "/api/v1/todo", as: editor}, status: 200,
			see: []string{`"late_total":3`, `"source":"xuncha"`, `"source":"audit"`, auditEntry}},
		{name: "the audits only", c: call{method: "GET", path: "/api/v1/todo?source=audit", as: editor}, status: 200,
			see: []string{`"late_total":1`, `"source":"audit"`, auditEntry}, notSee: []string{`"source":"xuncha"`, "种子经营备案台账不全"}},
		{name: "the 巡察 only", c: call{method: "GET", path: "/api/v1/todo?source=xuncha", as: editor}, status: 200,
			see: []string{`"late_total":2`, "种子经营备案台账不全"}, notSee: []string{auditEntry, `"source":"audit"`}},
		{name: "an unknown kind", c: call{method: "GET", path: "/api/v1/todo?source=lottery", as: editor}, status: 422,
			fields: []string{"source"}},
	})
}
