package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
)

type loginData struct {
	Form *httpx.Form
}

// loginForm shows the sign-in form (登录), or sends a signed-in user on.
func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) error {
	next := httpx.LocalPath(r.URL.Query().Get("next"), "/")
	if rectify.UserFrom(r.Context()) != nil {
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return nil
	}
	return w.render(rw, r, http.StatusOK, "login", loginData{httpx.NewForm(url.Values{"next": {next}})})
}

// login signs a user in: at most 5 failures in 15 minutes per login and
// address, the same answer for an unknown login and a wrong password (and
// as slow), a new session at every login.
func (w *Web) login(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	f.Set("password", "") // never rendered back
	login, password := f.Get("login"), r.PostFormValue("password")
	if login == "" {
		f.AddError("login", "请填写登录名")
	}
	if password == "" {
		f.AddError("password", "请填写密码")
	}
	if !f.Valid() {
		return w.render(rw, r, http.StatusUnprocessableEntity, "login", loginData{f})
	}
	ip := httpx.ClientIP(r)
	if err := w.Limiter.Check(r.Context(), login, ip); err != nil {
		if rectify.ErrorCode(err) != rectify.ERATELIMIT {
			return err
		}
		f.Message = rectify.ErrorMessage(err)
		return w.render(rw, r, http.StatusTooManyRequests, "login", loginData{f})
	}
	u, err := w.Store.GetUserByLogin(r.Context(), login)
	if err != nil && !errors.Is(err, rectify.ErrNotFound) {
		return err
	}
	hash := w.dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	match, err := w.Limiter.Verify(r.Context(), hash, password)
	if err != nil {
		f.Message = rectify.ErrorMessage(err)
		return w.render(rw, r, http.StatusTooManyRequests, "login", loginData{f})
	}
	if !match || u == nil {
		if err := w.Limiter.Fail(r.Context(), login, ip); err != nil {
			return err
		}
		w.Log.InfoContext(r.Context(), "login failed", "login", login, "ip", ip)
		f.Message = "登录名或密码不正确"
		return w.render(rw, r, http.StatusUnauthorized, "login", loginData{f})
	}
	if u.Disabled {
		f.Message = "账号已停用，请联系巡察办管理员"
		return w.render(rw, r, http.StatusForbidden, "login", loginData{f})
	}
	if err := w.Limiter.Succeed(r.Context(), login, ip); err != nil {
		return err
	}
	if _, err := w.Sessions.Start(r.Context(), rw, r, u); err != nil {
		return err
	}
	w.Log.InfoContext(r.Context(), "login", "login", u.Login, "ip", ip)
	http.Redirect(rw, r, httpx.LocalPath(f.Get("next"), "/"), http.StatusSeeOther)
	return nil
}

// logout ends the session (退出).
func (w *Web) logout(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Sessions.End(r.Context(), rw, r); err != nil {
		return err
	}
	return redirect(rw, r, "/login", "已退出登录")
}
