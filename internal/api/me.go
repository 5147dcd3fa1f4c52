package api

import (
	"errors"
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

// meResponse is the signed-in user: the account, the name of the unit
// whose subtree is the scope ("" for every unit) and the permissions the
// role holds within it.
type meResponse struct {
	*rectify.User
	UnitName    string            `json:"unit_name" doc:"所属单位的名称；全部单位的管理员为空"`
	Permissions []auth.Permission `json:"permissions" doc:"角色在管辖范围内所持的权限"`
}

// me answers who the caller is.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	out := meResponse{User: u, Permissions: []auth.Permission{}}
	if u.UnitID != 0 {
		unit, err := a.Store.GetUnit(r.Context(), u.UnitID)
		if err != nil && !errors.Is(err, rectify.ErrNotFound) {
			return err
		}
		if unit != nil {
			out.UnitName = unit.Name
		}
	}
	for _, p := range auth.Permissions() {
		if p != auth.Public && auth.Holds(u.Role, p) {
			out.Permissions = append(out.Permissions, p)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
