package api_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
)

func TestPeople(t *testing.T) {
	f := newFixture(t)
	station, water := id(f.station.ID), id(f.water.ID)
	first := func() string {
		ps, err := f.st.ListPeople(context.Background(), "")
		must(t, err)
		for _, p := range ps {
			if p.Name == "王芳" {
				return id(p.ID)
			}
		}
		t.Fatal("王芳 is not on the list")
		return ""
	}
	run(t, f, []tc{
		{name: "an empty list", c: call{method: "GET", path: "/api/v1/people", as: viewer}, status: 200, see: []string{`"items":[]`}},
		{name: "an admin adds with an account", c: call{method: "POST", path: "/api/v1/people", as: bureauAdmin,
			json: map[string]any{"unit_id": f.station.ID, "name": "王芳", "post": "站长", "user_id": f.users[viewer].ID}},
			status: 201, see: []string{`"name":"王芳"`, `"post":"站长"`, `"user_id":` + id(f.users[viewer].ID), `"version":1`}, notSee: []string{`"proposed"`}},
		{name: "an editor proposes, without an account", c: call{method: "POST", path: "/api/v1/people", as: editor,
			json: map[string]any{"unit_id": f.station.ID, "name": "李明", "user_id": f.users[viewer].ID}},
			status: 201, see: []string{`"name":"李明"`, `"proposed":true`}, notSee: []string{`"user_id"`}},
		{name: "a post in the name", c: call{method: "POST", path: "/api/v1/people", as: bureauAdmin,
			json: map[string]any{"unit_id": f.station.ID, "name": "赵强（副站长）"}}, status: 422, fields: []string{"name"}},
		{name: "a name the unit's list holds", c: call{method: "POST", path: "/api/v1/people", as: bureauAdmin,
			json: map[string]any{"unit_id": f.station.ID, "name": "王芳"}}, status: 422, fields: []string{"name"}},
		{name: "a unit out of scope", c: call{method: "POST", path: "/api/v1/people", as: editor,
			json: map[string]any{"unit_id": f.water.ID, "name": "赵强"}}, status: 403},
		{name: "a viewer may not add", c: call{method: "POST", path: "/api/v1/people", as: viewer,
			json: map[string]any{"unit_id": f.station.ID, "name": "赵强"}}, status: 403},
		{name: "the list by pinyin", c: call{method: "GET", path: "/api/v1/people", as: viewer}, status: 200,
			see: []string{`"name":"李明"`, `"name":"王芳"`}},
		{name: "the names a problem of the station may take", c: call{method: "GET", path: "/api/v1/people?unit_id=" + station, as: editor},
			status: 200, see: []string{`"name":"王芳"`, `"unit_name":"` + f.station.Name + `"`}},
		{name: "the names of a unit out of scope", c: call{method: "GET", path: "/api/v1/people?unit_id=" + water, as: editor}, status: 403},
		{name: "a bad unit_id", c: call{method: "GET", path: "/api/v1/people?unit_id=x", as: editor}, status: 422, fields: []string{"unit_id"}},
	})
	wang := "/api/v1/people/" + first()
	run(t, f, []tc{
		{name: "one", c: call{method: "GET", path: wang, as: viewer}, status: 200, see: []string{`"name":"王芳"`}},
		{name: "an editor may not edit", c: call{method: "PUT", path: wang, as: editor,
			json: map[string]any{"unit_id": f.station.ID, "name": "王芳", "version": 1}}, status: 403},
		{name: "edited", c: call{method: "PUT", path: wang, as: bureauAdmin,
			json: map[string]any{"unit_id": f.station.ID, "name": "王芳", "post": "副站长", "version": 1}},
			status: 200, see: []string{`"post":"副站长"`, `"version":2`}, notSee: []string{`"user_id"`}},
		{name: "a stale version", c: call{method: "PUT", path: wang, as: bureauAdmin,
			json: map[string]any{"unit_id": f.station.ID, "name": "王芳", "version": 1}}, status: 409, code: rectify.ECONFLICT},
		{name: "deleted", c: call{method: "DELETE", path: wang, as: bureauAdmin}, status: 204},
		{name: "gone", c: call{method: "GET", path: wang, as: viewer}, status: 404},
	})
}
