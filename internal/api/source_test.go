package api_test

import (
	"testing"
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
