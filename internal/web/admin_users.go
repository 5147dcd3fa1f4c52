package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// 账号管理: the accounts of the admin's scope. The server has checked that
// the caller is an admin whose scope holds the account ({userID}) and the
// unit chosen (unit_id); what is left here is what the form itself says.

type usersData struct {
	Users []userRow
}

type userRow struct {
	*rectify.User
	UnitName string
}

// users lists the accounts of the admin's scope.
func (w *Web) users(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	users, err := w.Store.ListUsers(r.Context(), me.ScopePath)
	if err != nil {
		return err
	}
	names, err := w.unitNames(r, me)
	if err != nil {
		return err
	}
	rows := make([]userRow, 0, len(users))
	for _, u := range users {
		name := names[u.UnitID]
		if u.UnitID == 0 {
			name = "全部单位"
		}
		rows = append(rows, userRow{u, name})
	}
	return w.render(rw, r, http.StatusOK, "admin_users", usersData{rows})
}

// unitNames returns the names of the units of me's scope by ID.
func (w *Web) unitNames(r *http.Request, me *rectify.User) (map[int64]string, error) {
	units, err := w.Store.ListUnits(r.Context(), me.ScopePath)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
	}
	return names, nil
}

// userFormData is the form of a new or an existing account.
type userFormData struct {
	Form  *httpx.Form
	User  *rectify.User // nil for a new account
	Units []*rectify.Unit
	// AllUnits says whether the caller may choose 全部单位 (an admin of
	// every unit may make another).
	AllUnits bool
	Self     bool              // the account is the caller's own
	Tokens   []*store.APIToken // the account's API tokens, for an admin to revoke
}

func (w *Web) userForm(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form, u *rectify.User) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(r.Context(), me.ScopePath)
	if err != nil {
		return err
	}
	data := userFormData{Form: f, User: u, Units: units, AllUnits: auth.Allowed(me, auth.Admin, auth.RootPath)}
	data.Self = u != nil && u.ID == me.ID
	page := "admin_user_new"
	if u != nil {
		page = "admin_user_edit"
		if data.Tokens, err = w.Store.ListTokens(r.Context(), u.ID); err != nil {
			return err
		}
	}
	return w.render(rw, r, status, page, data)
}

// newUser shows the form of a new account.
func (w *Web) newUser(rw http.ResponseWriter, r *http.Request) error {
	f := httpx.NewForm(url.Values{"role": {string(rectify.RoleEditor)}})
	return w.userForm(rw, r, http.StatusOK, f, nil)
}

// userFromForm reads the fields of an account; a unit of 0 (全部单位) is
// refused unless the caller may choose it and the role is admin.
func userFromForm(f *httpx.Form, me *rectify.User) *rectify.User {
	u := &rectify.User{
		Login:    f.Get("login"),
		Name:     f.Get("name"),
		Role:     rectify.Role(f.Get("role")),
		UnitID:   f.Int64("unit_id"),
		Email:    f.Get("email"),
		Phone:    f.Get("phone"),
		Disabled: f.Checked("disabled"),
		Version:  f.Int("version"),
	}
	if u.UnitID == 0 && (u.Role != rectify.RoleAdmin || !auth.Allowed(me, auth.Admin, auth.RootPath)) {
		f.AddError("unit_id", "请选择所属单位")
	}
	return u
}

// createUser stores a new account; its password is typed or, left empty,
// generated and shown once.
func (w *Web) createUser(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	u := userFromForm(f, me)
	password := r.PostFormValue("password")
	f.Set("password", "")
	generated := password == ""
	if generated {
		password = auth.RandomPassword()
	} else if err := auth.CheckPassword("password", password); err != nil {
		f.Fail(err)
	}
	if err := u.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error {
		var err error
		if u.PasswordHash, err = auth.HashPassword(password); err != nil {
			return err
		}
		return w.Store.CreateUser(r.Context(), u)
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.userForm(rw, r, status, f, nil)
	}
	w.Log.InfoContext(r.Context(), "account created", "login", u.Login, "role", u.Role, "by", me.Login)
	if !generated {
		return redirect(rw, r, "/admin/users", "已创建账号“"+u.Login+"”")
	}
	return w.render(rw, r, http.StatusCreated, "secret", secretData{
		Title:   "账号已创建",
		Message: "账号“" + u.Login + "”（" + u.Name + "，" + u.Role.Label() + "）的初始密码只显示这一次，请转交本人，并提醒登录后在“我的账号”中修改。",
		Label:   "初始密码", Secret: password, Back: "/admin/users",
	})
}

// editUser shows the form of an account.
func (w *Web) editUser(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.pathUser(r)
	if err != nil {
		return err
	}
	f := httpx.NewForm(url.Values{
		"login": {u.Login}, "name": {u.Name}, "role": {string(u.Role)},
		"unit_id": {strconv.FormatInt(u.UnitID, 10)}, "email": {u.Email}, "phone": {u.Phone},
		"version": {strconv.Itoa(u.Version)},
	})
	if u.Disabled {
		f.Set("disabled", "on")
	}
	return w.userForm(rw, r, http.StatusOK, f, u)
}

func (w *Web) pathUser(r *http.Request) (*rectify.User, error) {
	id, err := httpx.PathID(r, "userID")
	if err != nil {
		return nil, err
	}
	return w.Store.GetUser(r.Context(), id)
}

// updateUser saves an account when the version the form was made from is
// still current ("已被他人修改" otherwise, the input kept). An admin cannot
// disable, demote or move their own account: they would lock themselves
// out.
func (w *Web) updateUser(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	target, err := w.pathUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	u := userFromForm(f, me)
	u.ID = target.ID
	if target.ID == me.ID {
		switch {
		case u.Disabled:
			f.AddError("disabled", "不能停用自己的账号")
		case u.Role != me.Role:
			f.AddError("role", "不能修改自己的角色")
		case u.UnitID != me.UnitID:
			f.AddError("unit_id", "不能修改自己的所属单位")
		}
	}
	if err := u.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Store.UpdateUser(r.Context(), u) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.userForm(rw, r, status, f, target)
	}
	w.Log.InfoContext(r.Context(), "account updated", "login", u.Login, "role", u.Role, "disabled", u.Disabled, "by", me.Login)
	msg := "已保存账号“" + u.Login + "”"
	if u.Disabled && !target.Disabled {
		msg = "已停用账号“" + u.Login + "”，其登录已全部退出"
	}
	return redirect(rw, r, "/admin/users", msg)
}

// resetPassword gives an account a new random password, shown once, and
// ends its sessions.
func (w *Web) resetPassword(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	u, err := w.pathUser(r)
	if err != nil {
		return err
	}
	if u.ID == me.ID {
		return rectify.Errorf(rectify.EINVALID, "请在“我的账号”中修改自己的密码")
	}
	password := auth.RandomPassword()
	if err := auth.SetPassword(r.Context(), w.Store, u.ID, password, ""); err != nil {
		return err
	}
	w.Log.InfoContext(r.Context(), "password reset", "login", u.Login, "by", me.Login)
	return w.render(rw, r, http.StatusOK, "secret", secretData{
		Title:   "密码已重置",
		Message: "账号“" + u.Login + "”（" + u.Name + "）的新密码只显示这一次，请转交本人；其原有登录已全部退出。",
		Label:   "新密码", Secret: password, Back: "/admin/users/" + strconv.FormatInt(u.ID, 10),
	})
}

// revokeUserToken revokes an API token of an account in the admin's scope
// (the account's own page shows them).
func (w *Web) revokeUserToken(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.pathUser(r)
	if err != nil {
		return err
	}
	id, err := httpx.PathID(r, "tokenID")
	if err != nil {
		return err
	}
	if err := w.Store.DeleteToken(r.Context(), u.ID, id); err != nil {
		return err
	}
	w.Log.InfoContext(r.Context(), "api token revoked by an admin", "login", u.Login, "token", id)
	return redirect(rw, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "已撤销“"+u.Login+"”的令牌 #"+strconv.FormatInt(id, 10))
}
