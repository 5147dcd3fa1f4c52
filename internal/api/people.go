package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/zhsort"
)

// The people lists (人员名单) of units: who may be named leader or owner.

// personList is people by pinyin of their names.
type personList struct {
	Items []*rectify.Person `json:"items"`
}

// personCreate is a new entry of a unit's list.
type personCreate struct {
	UnitID int64  `json:"unit_id" required:"true" doc:"所在单位，须在管辖范围内"`
	Name   string `json:"name" required:"true" doc:"只填姓名，不带职务和括号"`
	Post   string `json:"post" doc:"职务，如 副局长"`
	UserID int64  `json:"user_id" doc:"关联的账号，0 为无；只有管理员可以关联"`
}

// personUpdate replaces an entry; proposed false confirms a proposal.
type personUpdate struct {
	UnitID   int64  `json:"unit_id" required:"true"`
	Name     string `json:"name" required:"true"`
	Post     string `json:"post"`
	UserID   int64  `json:"user_id" doc:"关联的账号，0 为无"`
	Proposed bool   `json:"proposed" doc:"仍为待确认的新提议；false 即确认进入名单"`
	Version  int    `json:"version" required:"true"`
}

// listPeople lists the people lists of the caller's scope, or with
// unit_id those a problem of that unit may name (its own, the units' above
// and below it), by pinyin.
func (a *API) listPeople(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	unitID := q.id("unit_id")
	if err := q.err(); err != nil {
		return err
	}
	var people []*rectify.Person
	if unitID != 0 {
		unit, err := a.Store.GetUnit(r.Context(), unitID)
		if err != nil {
			return err
		}
		if !u.InScope(unit.Path) {
			return rectify.Errorf(rectify.EFORBIDDEN, "无权查看“%s”的人员名单", unit.Name)
		}
		people, err = a.Store.PeopleNear(r.Context(), unit.Path)
		if err != nil {
			return err
		}
	} else {
		scope, err := scopeOf(u)
		if err != nil {
			return err
		}
		if people, err = a.Store.ListPeople(r.Context(), scope); err != nil {
			return err
		}
	}
	zhsort.SortFunc(people, func(p *rectify.Person) string { return p.Name })
	if people == nil {
		people = []*rectify.Person{}
	}
	return writeJSON(w, http.StatusOK, personList{Items: people})
}

// createPerson adds an entry: an admin's confirmed, anyone else's a
// proposal without an account (the server checked unit_id is in scope).
func (a *API) createPerson(w http.ResponseWriter, r *http.Request) error {
	var in personCreate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	p := &rectify.Person{UnitID: in.UnitID, Name: in.Name, Post: in.Post, UserID: in.UserID}
	if err := a.flow.AddPerson(r.Context(), p); err != nil {
		return err
	}
	return a.writePerson(w, r, http.StatusCreated, p.ID)
}

func (a *API) writePerson(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	p, err := a.Store.GetPerson(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, status, p)
}

func (a *API) pathPerson(r *http.Request) (*rectify.Person, error) {
	id, err := httpx.PathID(r, "personID")
	if err != nil {
		return nil, err
	}
	return a.Store.GetPerson(r.Context(), id)
}

// getPerson shows an entry.
func (a *API) getPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := a.pathPerson(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// updatePerson replaces an entry when version is current.
func (a *API) updatePerson(w http.ResponseWriter, r *http.Request) error {
	cur, err := a.pathPerson(r)
	if err != nil {
		return err
	}
	var in personUpdate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	p := &rectify.Person{ID: cur.ID, UnitID: in.UnitID, Name: in.Name, Post: in.Post, UserID: in.UserID,
		Proposed: in.Proposed, Version: in.Version}
	if err := a.flow.EditPerson(r.Context(), p); err != nil {
		return err
	}
	return a.writePerson(w, r, http.StatusOK, p.ID)
}

// deletePerson removes an entry; what problems wrote stays as written.
func (a *API) deletePerson(w http.ResponseWriter, r *http.Request) error {
	p, err := a.pathPerson(r)
	if err != nil {
		return err
	}
	if err := a.flow.DeletePerson(r.Context(), p.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
