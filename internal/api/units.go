package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// unitItem is a unit with its depth in the tree (a root is 0).
type unitItem struct {
	*rectify.Unit
	Depth int `json:"depth" doc:"在整棵单位树中的层级，根为 0"`
}

// unitList is the unit tree of the scope, each unit before its children.
type unitList struct {
	Items []unitItem `json:"items"`
}

// unitCreate is a new unit.
type unitCreate struct {
	ParentID int64           `json:"parent_id" doc:"上级单位；0 为根单位（只有全部单位的管理员可以）" required:"true"`
	Name     string          `json:"name" required:"true"`
	Contact  rectify.Contact `json:"contact" doc:"公开的联系方式，印在通报末尾"`
}

// unitUpdate replaces a unit's name and contact block, and moves it when
// ParentID is given.
type unitUpdate struct {
	ParentID *int64          `json:"parent_id,omitempty" doc:"移到该单位之下；不给则不移动，0 为移为根单位"`
	Name     string          `json:"name" required:"true"`
	Contact  rectify.Contact `json:"contact"`
	Version  int             `json:"version" required:"true"`
}

func itemOf(u *rectify.Unit) unitItem { return unitItem{Unit: u, Depth: u.Depth()} }

// listUnits lists the units of the caller's scope in tree order.
func (a *API) listUnits(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	scope, err := scopeOf(u)
	if err != nil {
		return err
	}
	units, err := a.Store.ListUnits(r.Context(), scope)
	if err != nil {
		return err
	}
	out := unitList{Items: make([]unitItem, 0, len(units))}
	for _, unit := range units {
		out.Items = append(out.Items, itemOf(unit))
	}
	return writeJSON(w, http.StatusOK, out)
}

// pathUnit returns the unit the path names.
func (a *API) pathUnit(r *http.Request) (*rectify.Unit, error) {
	id, err := httpx.PathID(r, "unitID")
	if err != nil {
		return nil, err
	}
	return a.Store.GetUnit(r.Context(), id)
}

// getUnit shows a unit.
func (a *API) getUnit(w http.ResponseWriter, r *http.Request) error {
	unit, err := a.pathUnit(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemOf(unit))
}

// createUnit adds a unit under parent_id (the server checked it is in
// scope; 0 only for an admin of every unit).
func (a *API) createUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	var in unitCreate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.ParentID == 0 && !auth.Allowed(u, auth.Admin, auth.RootPath) {
		return invalid("parent_id", "请选择上级单位")
	}
	unit := &rectify.Unit{ParentID: in.ParentID, Name: in.Name, Contact: in.Contact}
	if err := unit.Validate(); err != nil {
		return renameFields(err, contactFields)
	}
	if err := a.Store.CreateUnit(r.Context(), unit); err != nil {
		return renameFields(err, contactFields)
	}
	return writeJSON(w, http.StatusCreated, itemOf(unit))
}

// updateUnit saves a unit's name and contact block, and moves it under
// parent_id when given (the server checked the new parent is in scope).
func (a *API) updateUnit(w http.ResponseWriter, r *http.Request) error {
	cur, err := a.pathUnit(r)
	if err != nil {
		return err
	}
	var in unitUpdate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	unit := *cur
	unit.Name, unit.Contact, unit.Version = in.Name, in.Contact, in.Version
	if in.ParentID != nil {
		unit.ParentID = *in.ParentID
	}
	if err := unit.Validate(); err != nil {
		return renameFields(err, contactFields)
	}
	if err := a.Store.UpdateUnit(r.Context(), &unit); err != nil {
		return renameFields(err, contactFields)
	}
	return writeJSON(w, http.StatusOK, itemOf(&unit))
}
