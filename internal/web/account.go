package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// accountData is 我的账号: the profile, the password form, the API tokens
// and the form of a new token.
type accountData struct {
	Me        *rectify.User
	Password  *httpx.Form
	Tokens    []*store.APIToken
	NewToken  *httpx.Form
	TokenDays []tokenLife
}

type tokenLife struct {
	Days  int
	Label string
}

// tokenLives returns the lifetimes a new API token may be given.
func tokenLives() []tokenLife {
	return []tokenLife{{0, "永不过期"}, {30, "30天"}, {90, "90天"}, {365, "一年"}}
}

func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request, status int, pw, tok *httpx.Form) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	tokens, err := w.Store.ListTokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if pw == nil {
		pw = httpx.NewForm(nil)
	}
	if tok == nil {
		tok = httpx.NewForm(nil)
	}
	return w.render(rw, r, status, "account", accountData{Me: u, Password: pw, Tokens: tokens, NewToken: tok, TokenDays: tokenLives()})
}

// account shows 我的账号.
func (w *Web) account(rw http.ResponseWriter, r *http.Request) error {
	return w.accountPage(rw, r, http.StatusOK, nil, nil)
}

// changePassword changes the user's own password, given the old one, and
// ends the user's other sessions.
func (w *Web) changePassword(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	old, pw, again := r.PostFormValue("old_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password")
	for _, k := range []string{"old_password", "new_password", "confirm_password"} {
		f.Set(k, "") // passwords are never rendered back
	}
	if old == "" {
		f.AddError("old_password", "请填写原密码")
	} else if !auth.VerifyPassword(u.PasswordHash, old) {
		f.AddError("old_password", "原密码不正确")
	}
	if err := auth.CheckPassword("new_password", pw); err != nil {
		f.Fail(err)
	} else if pw == old {
		f.AddError("new_password", "新密码不能与原密码相同")
	}
	if again != pw {
		f.AddError("confirm_password", "两次输入的新密码不一致")
	}
	if !f.Valid() {
		return w.accountPage(rw, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err := auth.SetPassword(r.Context(), w.Store, u.ID, pw, w.Sessions.CurrentID(r)); err != nil {
		return err
	}
	return redirect(rw, r, "/account", "密码已修改，其他设备上的登录已退出")
}

// secretData is a page that shows a secret once: a new API token, a new
// account's or a reset password.
type secretData struct {
	Title   string
	Message string
	Label   string
	Secret  string
	Back    string
}

// createToken makes an API token and shows it once.
func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	days := f.Int("days")
	valid := false
	for _, l := range tokenLives() {
		valid = valid || l.Days == days
	}
	if !valid {
		f.AddError("days", "请选择有效期")
	}
	var expires time.Time
	if days > 0 {
		expires = w.Now().Add(time.Duration(days) * 24 * time.Hour)
	}
	var secret string
	var tok *store.APIToken
	status, err := save(f, func() error {
		var err error
		secret, tok, err = auth.CreateToken(r.Context(), w.Store, u.ID, f.Get("name"), expires)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.accountPage(rw, r, status, nil, f)
	}
	w.Log.InfoContext(r.Context(), "api token created", "login", u.Login, "token", tok.Prefix)
	return w.render(rw, r, http.StatusCreated, "secret", secretData{
		Title:   "API 令牌已创建",
		Message: "令牌“" + tok.Name + "”只显示这一次，请立即复制保存；遗失后只能撤销并重新创建。脚本调用时在请求头中写 Authorization: Bearer 加令牌。",
		Label:   "令牌", Secret: secret, Back: "/account",
	})
}

// revokeToken revokes one of the user's own API tokens.
func (w *Web) revokeToken(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
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
	return redirect(rw, r, "/account", "令牌 #"+strconv.FormatInt(id, 10)+" 已撤销")
}
