package workflow_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// listed returns the people near the water bureau as "name(post)[*]" by
// name, * marking a proposal.
func (w *world) listed() string {
	w.t.Helper()
	ps, err := w.s.PeopleNear(context.Background(), w.water.Path)
	ok(w.t, err)
	var out []string
	for _, p := range ps {
		s := p.Name
		if p.Post != "" {
			s += "(" + p.Post + ")"
		}
		if p.Proposed {
			s += "*"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestPeopleList(t *testing.T) {
	tests := []struct {
		name       string
		user       func(*world) *rectify.User
		person     rectify.Person // UnitID 0: the water bureau
		code, want string
	}{
		{"an admin adds a confirmed entry", func(w *world) *rectify.User { return w.admin },
			rectify.Person{Name: "林春燕", Post: "副局长"}, "", "林春燕(副局长)"},
		{"an editor's entry is a proposal", func(w *world) *rectify.User { return w.waterEditor },
			rectify.Person{Name: "林春燕", Post: "副局长"}, "", "林春燕(副局长)*"},
		{"an editor may not add out of scope", func(w *world) *rectify.User { return w.transportEditor },
			rectify.Person{Name: "林春燕"}, rectify.EFORBIDDEN, ""},
		{"a viewer may not", func(w *world) *rectify.User { return w.viewer },
			rectify.Person{Name: "林春燕"}, rectify.EFORBIDDEN, ""},
		{"a post in the name is refused", func(w *world) *rectify.User { return w.admin },
			rectify.Person{Name: "林春燕（副局长）"}, rectify.EINVALID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			p := tt.person
			p.UnitID = w.water.ID
			err := w.svc.AddPerson(as(tt.user(w)), &p)
			wantErr(t, err, tt.code, "")
			if got := w.listed(); got != tt.want {
				t.Errorf("list: %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConfirmAndDeletePerson(t *testing.T) {
	w := newWorld(t)
	p := &rectify.Person{UnitID: w.water.ID, Name: "林春燕"}
	ok(t, w.svc.AddPerson(as(w.waterEditor), p))
	conf := *p
	conf.Proposed, conf.Post = false, "副局长"
	wantErr(t, w.svc.EditPerson(as(w.waterEditor), &conf), rectify.EFORBIDDEN, "管理员")
	ok(t, w.svc.EditPerson(as(w.admin), &conf))
	if got := w.listed(); got != "林春燕(副局长)" {
		t.Errorf("after confirming: %q", got)
	}
	wantErr(t, w.svc.EditPerson(as(w.admin), p), rectify.ECONFLICT, "")
	wantErr(t, w.svc.DeletePerson(as(w.waterEditor), p.ID), rectify.EFORBIDDEN, "")
	ok(t, w.svc.DeletePerson(as(w.admin), p.ID))
	if got := w.listed(); got != "" {
		t.Errorf("after deleting: %q", got)
	}
}

// A leader or owner typed that no list near the unit holds is proposed,
// once, without its post; a known name is not proposed again.
func TestTypedNamesProposed(t *testing.T) {
	w := newWorld(t)
	ok(t, w.svc.AddPerson(as(w.admin), &rectify.Person{UnitID: w.root.ID, Name: "周县长", Post: "副县长"}))
	p := w.problem(problemSpec{open: 1})
	e := workflow.ProblemEdit{ID: p.ID, Version: p.Version, Title: p.Title, Description: p.Description,
		Track: rectify.TrackDeadline, Leader: "林春燕（副局长）、周县长", Due: d("2024-06-30"), Opened: p.Opened}
	got, err := w.svc.EditProblem(as(w.waterEditor), e)
	ok(t, err)
	if want := "周县长(副县长) 林春燕*"; w.listed() != want {
		t.Errorf("after the leader: %q, want %q", w.listed(), want)
	}
	m := &rectify.Measure{ProblemID: p.ID, Text: "建立巡查台账。", Owner: "赵站长、林春燕"}
	ok(t, w.svc.AddMeasure(as(w.waterEditor), m))
	if want := "周县长(副县长) 林春燕* 赵站长*"; w.listed() != want {
		t.Errorf("after the owner: %q, want %q", w.listed(), want)
	}
	e.Version = got.Version
	e.Title = "河道采砂整治推进迟缓问题"
	_, err = w.svc.EditProblem(as(w.waterEditor), e)
	ok(t, err)
	if want := "周县长(副县长) 林春燕* 赵站长*"; w.listed() != want {
		t.Errorf("after saving again: %q, want %q", w.listed(), want)
	}
}
