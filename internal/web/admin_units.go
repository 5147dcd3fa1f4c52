package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// 单位管理: the unit tree of the admin's scope, a child unit added under
// any of its units, a unit renamed and its public contact block edited.
// The server has checked the unit ({unitID}) or the parent (parent_id).

type unitsData struct {
	Units []*rectify.Unit
	Form  *httpx.Form // of a new unit
	// Root says whether a unit may be added at the top of the tree (by
	// an admin of every unit).
	Root bool
}

func (w *Web) unitsPage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(r.Context(), me.ScopePath)
	if err != nil {
		return err
	}
	if f == nil {
		f = httpx.NewForm(nil)
		if me.UnitID != 0 {
			f.Set("parent_id", strconv.FormatInt(me.UnitID, 10))
		}
	}
	return w.render(rw, r, status, "admin_units", unitsData{Units: units, Form: f, Root: auth.Allowed(me, auth.Admin, auth.RootPath)})
}

// units shows the unit tree with the form of a new unit.
func (w *Web) units(rw http.ResponseWriter, r *http.Request) error {
	return w.unitsPage(rw, r, http.StatusOK, nil)
}

// createUnit adds a unit under parent_id (at the top when 0, for an admin
// of every unit).
func (w *Web) createUnit(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	u := &rectify.Unit{
		ParentID: f.Int64("parent_id"),
		Name:     f.Get("name"),
		Contact:  rectify.Contact{Phone: f.Get("phone"), Address: f.Get("address"), Mailbox: f.Get("mailbox"), Email: f.Get("email")},
	}
	if u.ParentID == 0 && !auth.Allowed(me, auth.Admin, auth.RootPath) {
		f.AddError("parent_id", "请选择上级单位")
	}
	if err := u.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Store.CreateUnit(r.Context(), u) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.unitsPage(rw, r, status, f)
	}
	return redirect(rw, r, "/admin/units", "已添加单位“"+u.Name+"”")
}

type unitFormData struct {
	Unit *rectify.Unit
	Form *httpx.Form
}

// editUnit shows the form of a unit: its name and public contact block.
func (w *Web) editUnit(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.pathUnit(r)
	if err != nil {
		return err
	}
	f := httpx.NewForm(url.Values{
		"name": {u.Name}, "phone": {u.Contact.Phone}, "address": {u.Contact.Address}, "mailbox": {u.Contact.Mailbox}, "email": {u.Contact.Email},
		"version": {strconv.Itoa(u.Version)},
	})
	return w.render(rw, r, http.StatusOK, "admin_unit", unitFormData{u, f})
}

func (w *Web) pathUnit(r *http.Request) (*rectify.Unit, error) {
	id, err := httpx.PathID(r, "unitID")
	if err != nil {
		return nil, err
	}
	return w.Store.GetUnit(r.Context(), id)
}

// updateUnit saves a unit's name and contact block when the version the
// form was made from is still current.
func (w *Web) updateUnit(rw http.ResponseWriter, r *http.Request) error {
	cur, err := w.pathUnit(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	u := *cur
	u.Name = f.Get("name")
	u.Contact = rectify.Contact{Phone: f.Get("phone"), Address: f.Get("address"), Mailbox: f.Get("mailbox"), Email: f.Get("email")}
	u.Version = f.Int("version")
	if err := u.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Store.UpdateUnit(r.Context(), &u) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.render(rw, r, status, "admin_unit", unitFormData{cur, f})
	}
	return redirect(rw, r, "/admin/units", "已保存单位“"+u.Name+"”")
}
