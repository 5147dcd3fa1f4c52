package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/zhsort"
)

// 人员名单: the people list of each unit of the admin's scope (name, post,
// account), from which leaders and owners are picked; names typed on a
// problem's page that no list held arrive here as proposals (新提议) for
// the admin to confirm, edit or delete. The server has checked the person
// ({personID}) or the unit (unit_id).

func (w *Web) peopleRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /admin/people", Perm: auth.Admin, Handler: w.people},
		{Pattern: "POST /admin/people", Perm: auth.Admin, UnitField: "unit_id", Handler: w.createPerson},
		{Pattern: "GET /admin/people/{personID}", Perm: auth.Admin, Handler: w.editPerson},
		{Pattern: "POST /admin/people/{personID}", Perm: auth.Admin, UnitField: "unit_id", Handler: w.updatePerson},
		{Pattern: "POST /admin/people/{personID}/confirm", Perm: auth.Admin, Handler: w.confirmPerson},
		{Pattern: "POST /admin/people/{personID}/delete", Perm: auth.Admin, Handler: w.deletePerson},
	}
}

type personRow struct {
	*rectify.Person
	Account string // the linked account's name and login, "" for none
}

type peopleData struct {
	Rows     []personRow
	Proposed int // how many entries of the scope are proposals
	// Unit and OnlyProposed are the filter: the list of a unit's subtree
	// (0: the scope), only the proposals.
	Unit         int64
	OnlyProposed bool
	Units        []*rectify.Unit
	Users        []*rectify.User
	Form         *httpx.Form // of a new person
}

// peopleChoices returns the units and the accounts of me's scope, the
// accounts by pinyin of their names.
func (w *Web) peopleChoices(r *http.Request, me *rectify.User) ([]*rectify.Unit, []*rectify.User, error) {
	units, err := w.Store.ListUnits(r.Context(), me.ScopePath)
	if err != nil {
		return nil, nil, err
	}
	users, err := w.Store.ListUsers(r.Context(), me.ScopePath)
	if err != nil {
		return nil, nil, err
	}
	zhsort.SortFunc(users, func(u *rectify.User) string { return u.Name })
	return units, users, nil
}

func (w *Web) peoplePage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	units, users, err := w.peopleChoices(r, me)
	if err != nil {
		return err
	}
	people, err := w.Store.ListPeople(r.Context(), me.ScopePath)
	if err != nil {
		return err
	}
	// Proposals first, then by unit in tree order, by pinyin within a unit.
	order := make(map[int64]int, len(units))
	for i, u := range units {
		order[u.ID] = i
	}
	zhsort.SortFunc(people, func(p *rectify.Person) string { return p.Name })
	byUnit := make(map[int64][]*rectify.Person)
	for _, p := range people {
		byUnit[p.UnitID] = append(byUnit[p.UnitID], p)
	}
	accounts := make(map[int64]string, len(users))
	for _, u := range users {
		accounts[u.ID] = u.Name + "（" + u.Login + "）"
	}
	data := peopleData{Units: units, Users: users, Form: f}
	q := r.URL.Query()
	data.OnlyProposed = q.Get("proposed") == "1"
	within := ""
	if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil {
		for _, u := range units {
			if u.ID == id {
				data.Unit, within = id, u.Path
			}
		}
	}
	for _, proposed := range []bool{true, false} {
		if data.OnlyProposed && !proposed {
			continue
		}
		for _, u := range units {
			if within != "" && !rectify.Within(u.Path, within) {
				continue
			}
			for _, p := range byUnit[u.ID] {
				if p.Proposed == proposed {
					data.Rows = append(data.Rows, personRow{p, accounts[p.UserID]})
				}
			}
		}
	}
	for _, p := range people {
		if p.Proposed {
			data.Proposed++
		}
	}
	if data.Form == nil {
		data.Form = httpx.NewForm(nil)
		if me.UnitID != 0 {
			data.Form.Set("unit_id", strconv.FormatInt(me.UnitID, 10))
		}
	}
	return w.render(rw, r, status, "admin_people", data)
}

// people shows the people lists of the admin's scope with the form of a
// new entry.
func (w *Web) people(rw http.ResponseWriter, r *http.Request) error {
	return w.peoplePage(rw, r, http.StatusOK, nil)
}

// personFrom reads a person's fields from f.
func personFrom(f *httpx.Form) *rectify.Person {
	return &rectify.Person{UnitID: f.Int64("unit_id"), Name: f.Get("name"), Post: f.Get("post"), UserID: f.Int64("user_id")}
}

// createPerson adds a confirmed entry to a unit's list.
func (w *Web) createPerson(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	p := personFrom(f)
	if err := p.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Work.AddPerson(r.Context(), p) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.peoplePage(rw, r, status, f)
	}
	return redirect(rw, r, "/admin/people", "已添加“"+p.Name+"”")
}

type personFormData struct {
	Person *rectify.Person
	Units  []*rectify.Unit
	Users  []*rectify.User
	Form   *httpx.Form
}

func (w *Web) pathPerson(r *http.Request) (*rectify.Person, error) {
	id, err := httpx.PathID(r, "personID")
	if err != nil {
		return nil, err
	}
	return w.Store.GetPerson(r.Context(), id)
}

func (w *Web) personForm(rw http.ResponseWriter, r *http.Request, status int, p *rectify.Person, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	units, users, err := w.peopleChoices(r, me)
	if err != nil {
		return err
	}
	return w.render(rw, r, status, "admin_person", personFormData{p, units, users, f})
}

// editPerson shows the form of an entry.
func (w *Web) editPerson(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.pathPerson(r)
	if err != nil {
		return err
	}
	f := httpx.NewForm(url.Values{
		"unit_id": {strconv.FormatInt(p.UnitID, 10)}, "name": {p.Name}, "post": {p.Post},
		"user_id": {strconv.FormatInt(p.UserID, 10)}, "version": {strconv.Itoa(p.Version)},
	})
	return w.personForm(rw, r, http.StatusOK, p, f)
}

// updatePerson saves an entry; saving a proposal confirms it.
func (w *Web) updatePerson(rw http.ResponseWriter, r *http.Request) error {
	cur, err := w.pathPerson(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	p := personFrom(f)
	p.ID, p.Version = cur.ID, f.Int("version")
	if err := p.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Work.EditPerson(r.Context(), p) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.personForm(rw, r, status, cur, f)
	}
	return redirect(rw, r, "/admin/people", "已保存“"+p.Name+"”")
}

// confirmPerson takes a proposal into the list as it stands.
func (w *Web) confirmPerson(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.pathPerson(r)
	if err != nil {
		return err
	}
	p.Proposed = false
	if err := w.Work.EditPerson(r.Context(), p); err != nil {
		return err
	}
	return redirect(rw, r, "/admin/people", "已确认“"+p.Name+"”")
}

// deletePerson removes an entry; what problems wrote stays as written.
func (w *Web) deletePerson(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.pathPerson(r)
	if err != nil {
		return err
	}
	if err := w.Work.DeletePerson(r.Context(), p.ID); err != nil {
		return err
	}
	return redirect(rw, r, "/admin/people", "已从名单中删除“"+p.Name+"”")
}
