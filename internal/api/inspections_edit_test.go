package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestInspectionByHand: the office creates an inspection and types its
// problem list; the unit types the notice's texts, which the notice then
// carries; every answer is checked against the OpenAPI document.
func TestInspectionByHand(t *testing.T) {
	f := newFixture(t)
	ctx := rectify.AsSystem(context.Background())
	create := map[string]any{"unit_id": f.station.ID, "team": "县委第四巡察组", "kind": "延伸巡察", "round": 4,
		"start": "2024-01-15", "end": "2024-02-28", "feedback": "2024-03-20"}
	w := f.do(t, call{method: "POST", path: "/api/v1/inspections", as: reviewer, json: create})
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, brief(w.Body.String()))
	}
	var in rectify.Inspection
	decode(t, w, &in)
	base := "/api/v1/inspections/" + id(in.ID)
	version := func() int {
		t.Helper()
		cur, err := f.st.GetInspection(ctx, in.ID)
		must(t, err)
		return cur.Version
	}
	var finding int64
	var problem int64
	run(t, f, []tc{
		{name: "the unit may not create one", c: call{method: "POST", path: "/api/v1/inspections", as: editor, json: create}, status: 403},
		{name: "nor in another unit", c: call{method: "POST", path: "/api/v1/inspections", as: reviewer,
			json: map[string]any{"unit_id": f.water.ID, "team": "县委第四巡察组"}}, status: 403},
		{name: "without a team", c: call{method: "POST", path: "/api/v1/inspections", as: reviewer,
			json: map[string]any{"unit_id": f.station.ID, "team": " ", "feedback": "2024-01-01", "end": "2024-02-01"}}, status: 422,
			fields: []string{"team", "feedback"}},
		{name: "a stale finding", c: call{method: "POST", path: base + "/findings", as: reviewer,
			json: map[string]any{"title": "种子质量监管有漏洞", "version": 9}}, status: 409, code: rectify.ECONFLICT},
		{name: "a blank finding", c: call{method: "POST", path: base + "/findings", as: reviewer,
			json: map[string]any{"title": "", "version": 1}}, status: 422, fields: []string{"title"}},
		{name: "the unit may not add a finding", c: call{method: "POST", path: base + "/findings", as: editor,
			json: map[string]any{"title": "种子质量监管有漏洞", "version": 1}}, status: 403},
	})
	w = f.do(t, call{method: "POST", path: base + "/findings", as: reviewer, json: map[string]any{"title": "种子质量监管有漏洞", "version": 1}})
	if w.Code != 201 {
		t.Fatalf("finding: %d %s", w.Code, brief(w.Body.String()))
	}
	var fc struct {
		Finding           rectify.Finding `json:"finding"`
		InspectionVersion int             `json:"inspection_version"`
	}
	decode(t, w, &fc)
	finding = fc.Finding.ID
	if fc.InspectionVersion != 2 || fc.Finding.Number != 1 {
		t.Errorf("finding added: %+v", fc)
	}
	fp := "/api/v1/findings/" + id(finding)
	for _, title := range []string{"抽检计划未覆盖乡镇门店", "不合格种子处置记录缺失"} {
		w = f.do(t, call{method: "POST", path: fp + "/problems", as: reviewer,
			json: map[string]any{"title": title, "track": "deadline", "due": "2024-06-30", "version": version()}})
		if w.Code != 201 {
			t.Fatalf("problem: %d %s", w.Code, brief(w.Body.String()))
		}
		var pc struct {
			Problem           rectify.Problem `json:"problem"`
			InspectionVersion int             `json:"inspection_version"`
		}
		decode(t, w, &pc)
		problem = pc.Problem.ID
		if pc.Problem.Opened != d("2024-03-20") || pc.InspectionVersion != version() {
			t.Errorf("problem added: %+v", pc)
		}
	}
	pp := "/api/v1/problems/" + id(problem)
	texts := map[string]any{"unit_name": "", "team": "县委第四巡察组", "kind": "延伸巡察", "round": 4,
		"start": "2024-01-15", "end": "2024-02-28", "feedback": "2024-03-20",
		"issuer": "中共青禾县种子站支部委员会", "opening": "县委第四巡察组延伸巡察反馈意见后，支部委员会逐条认领。",
		"work": []string{"支部书记牵头，每周调度。"}, "next_steps": []string{"巩固抽检全覆盖。"},
		"contact": map[string]any{"phone": "0730-7711111", "address": "青禾县种业路1号", "mailbox": "青禾县邮政18号信箱", "email": "zzz@example.cn"}}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range m {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	// Each case reads the inspection's version when it runs.
	for _, mk := range []func() tc{
		func() tc {
			return tc{name: "a problem moved up", c: call{method: "POST", path: pp + "/move", as: reviewer,
				json: map[string]any{"direction": "up", "version": version()}}, status: 200,
				see: []string{`"number":1,"title":"不合格种子处置记录缺失"`, `"number":2,"title":"抽检计划未覆盖乡镇门店"`}}
		},
		func() tc {
			return tc{name: "a move without a direction", c: call{method: "POST", path: pp + "/move", as: reviewer,
				json: map[string]any{"direction": "left", "version": version()}}, status: 422, fields: []string{"direction"}}
		},
		func() tc {
			return tc{name: "a finding renamed", c: call{method: "PATCH", path: fp, as: admin,
				json: map[string]any{"title": "种子质量监管存在漏洞", "version": version()}}, status: 200, see: []string{"种子质量监管存在漏洞"}}
		},
		func() tc {
			return tc{name: "a finding that holds problems is kept", c: call{method: "DELETE", path: fp + "?version=" + id(int64(version())), as: reviewer},
				status: 409, code: rectify.ETRANSITION}
		},
		func() tc {
			return tc{name: "a delete without a version", c: call{method: "DELETE", path: pp, as: reviewer}, status: 422, fields: []string{"version"}}
		},
		func() tc {
			return tc{name: "the unit's header change is refused", c: call{method: "PUT", path: base, as: editor,
				json: with(with(texts, "team", "县委第一巡察组"), "version", version())}, status: 403}
		},
		func() tc {
			return tc{name: "the unit's notice texts", c: call{method: "PUT", path: base, as: editor, json: with(texts, "version", version())},
				status: 200, see: []string{`"opening":"县委第四巡察组延伸巡察反馈意见后`, `"mailbox":"青禾县邮政18号信箱"`}}
		},
		func() tc {
			return tc{name: "a bad email", c: call{method: "PUT", path: base, as: editor,
				json: with(with(texts, "contact", map[string]any{"email": "不是邮箱"}), "version", version())}, status: 422,
				fields: []string{"contact.email"}}
		},
		func() tc {
			return tc{name: "the office's header", c: call{method: "PUT", path: base + "/header", as: reviewer,
				json: with(create, "version", version())}, status: 200}
		},
		func() tc {
			return tc{name: "the notice carries the texts", c: call{method: "GET", path: base + "/notice", as: viewer}, status: 200,
				see: []string{"中共青禾县种子站支部委员会", "关于县委第四巡察组延伸巡察反馈意见整改进展情况的通报", "支部委员会逐条认领",
					"支部书记牵头，每周调度。", "巩固抽检全覆盖。", "邮政信箱：青禾县邮政18号信箱", "1．不合格种子处置记录缺失"}}
		},
		func() tc {
			return tc{name: "a problem deleted", c: call{method: "DELETE", path: pp + "?version=" + id(int64(version())), as: reviewer},
				status: 200, see: []string{`"number":1,"title":"抽检计划未覆盖乡镇门店"`}, notSee: []string{"不合格种子处置记录缺失"}}
		},
		func() tc {
			return tc{name: "a signed-off problem is kept", c: call{method: "DELETE", path: "/api/v1/problems/" + id(f.done.ID) + "?version=1", as: admin},
				status: 409, code: rectify.ETRANSITION}
		},
	} {
		run(t, f, []tc{mk()})
	}
	// What the unit typed stays with the inspection.
	got, err := f.st.GetInspection(ctx, in.ID)
	must(t, err)
	b, _ := json.Marshal(got.Contact)
	if got.Issuer != "中共青禾县种子站支部委员会" || got.Contact.Mailbox != "青禾县邮政18号信箱" {
		t.Errorf("stored %s %s", got.Issuer, b)
	}
}
