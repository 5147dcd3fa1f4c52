package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// templates/layout holds the layout and the partials every page may use;
// templates/pages one file per page, defining "title" and "content".
//
//go:embed templates
var templateFiles embed.FS

// parseTemplates parses the layout once and each page on a copy of it.
func (w *Web) parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(w.funcs()).ParseFS(templateFiles, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	files, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := make(map[string]*template.Template, len(files))
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		if t, err = t.ParseFS(templateFiles, f); err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		for _, need := range []string{"title", "content"} {
			if t.Lookup(need) == nil {
				return nil, fmt.Errorf("web: template %s defines no %q", f, need)
			}
		}
		pages[name] = t
	}
	return pages, nil
}

// view is what the layout renders: the page's data in Data, and what
// every page shows around it.
type view struct {
	Page  string        // the page's name
	User  *rectify.User // nil on the login page
	Scope string        // the name of the user's scope: a unit, or 全部单位
	Nav   []navItem
	Flash string
	Path  string // the request's path, for the active navigation item
	Data  any
}

type navItem struct {
	Label, Href string
	Active      bool
	// Count is shown beside the label (the entries of the to-do list).
	Count int
}

// navigation lists the sections of the application (the pages engineer's
// sections included), those the role may use.
func navigation(u *rectify.User, current string) []navItem {
	if u == nil {
		return nil
	}
	items := []struct {
		label, href string
		perm        auth.Permission
	}{
		{"待办", "/todo", auth.Read},
		{"总览", "/overview", auth.Read},
		{"巡察", "/inspections", auth.Read},
		{"问题", "/problems", auth.Read},
		{"导入", "/import", auth.Import},
		{"群众意见", "/comments", auth.Read},
		{"回头看与问责", "/rechecks", auth.Read},
		{"质量分析", "/quality", auth.Review},
		{"公开页面", "/public", auth.Read},
		{"设置", "/settings", auth.Admin},
		{"账号", "/account", auth.Self},
	}
	var out []navItem
	for _, it := range items {
		href := it.href
		if it.href == "/account" && u.Role == rectify.RoleAdmin {
			href = "/admin/users"
		}
		if !auth.Holds(u.Role, it.perm) {
			continue
		}
		active := current == href || strings.HasPrefix(current, href+"/") ||
			(it.href == "/account" && (strings.HasPrefix(current, "/account") || strings.HasPrefix(current, "/admin/")))
		out = append(out, navItem{Label: it.label, Href: href, Active: active})
	}
	return out
}

// countToDo puts the number of entries of the user's to-do list beside its
// item of the navigation. A failure to count leaves the number out (and is
// logged): it must not cost the page.
func (w *Web) countToDo(r *http.Request, nav []navItem) {
	for i := range nav {
		if nav[i].Href != "/todo" {
			continue
		}
		td, err := w.Work.ToDoActions(r.Context())
		var late int
		if err == nil {
			late, err = w.lateCount(r.Context())
		}
		if err != nil {
			if !errors.Is(r.Context().Err(), context.Canceled) {
				w.Log.WarnContext(r.Context(), "count to-do", "err", err)
			}
			return
		}
		nav[i].Count = td.Total() + late
	}
}

// render writes the page name with data inside the layout, with status.
// The page is executed into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	if _, ok := w.pages[name]; !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	u := rectify.UserFrom(r.Context())
	v := view{Page: name, User: u, Nav: navigation(u, r.URL.Path), Path: r.URL.Path, Data: data}
	if u != nil {
		v.Scope = w.scopeName(r, u)
		w.countToDo(r, v.Nav)
	}
	v.Flash = takeFlash(rw, r)
	return w.renderPart(rw, status, name, "layout", v)
}

// renderPart writes the template part of page with data, with status:
// "layout" or "public-layout" for a whole page, another part for a piece
// of it (htmx swaps). It executes into a buffer first, so that a template
// error gives a clean 500 instead of half a page.
func (w *Web) renderPart(rw http.ResponseWriter, status int, page, part string, data any) error {
	t, ok := w.pages[page]
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, part, data); err != nil {
		return fmt.Errorf("web: render %s/%s: %w", page, part, err)
	}
	if w.OnRender != nil {
		w.OnRender(page)
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	_, err := rw.Write(buf.Bytes())
	return err
}

// scopeName returns the name of the unit at the top of u's scope, or
// 全部单位.
func (w *Web) scopeName(r *http.Request, u *rectify.User) string {
	if u.UnitID == 0 {
		return "全部单位"
	}
	unit, err := w.Store.GetUnit(r.Context(), u.UnitID)
	if err != nil {
		return ""
	}
	return unit.Name
}

// ErrorPage writes the error page for err with status (the httpx.Errors
// page writer).
func (w *Web) ErrorPage(rw http.ResponseWriter, r *http.Request, status int, err error) {
	data := struct {
		Status  int
		Title   string
		Message string
		Fields  map[string]string
	}{status, http.StatusText(status), rectify.ErrorMessage(err), rectify.ErrorFields(err)}
	switch status {
	case http.StatusNotFound:
		data.Title = "页面或记录不存在"
	case http.StatusForbidden:
		data.Title = "无权访问"
	case http.StatusUnauthorized:
		data.Title = "请先登录"
	case http.StatusTooManyRequests:
		data.Title = "请求过于频繁"
	case http.StatusRequestEntityTooLarge:
		data.Title = "提交的内容过大"
	case http.StatusConflict:
		data.Title = "操作未完成"
	case http.StatusUnprocessableEntity:
		data.Title = "输入有误"
	default:
		if status >= 500 {
			data.Title = "系统出错"
		}
	}
	if rerr := w.render(rw, r, status, "error", data); rerr != nil {
		w.Log.ErrorContext(r.Context(), "render error page", "err", errors.Join(rerr, err))
		http.Error(rw, data.Message, status)
	}
}

// funcs are the helpers templates call.
func (w *Web) funcs() template.FuncMap {
	return template.FuncMap{
		// date writes a rectify.Date or time.Time as 2023年11月28日.
		"date": func(v any) string {
			switch d := v.(type) {
			case rectify.Date:
				return d.Chinese()
			case time.Time:
				if d.IsZero() {
					return ""
				}
				return rectify.DateOf(d.In(w.Location)).Chinese()
			}
			return fmt.Sprint(v)
		},
		// datetime writes a time as 2023年11月28日 14:05 in the shown zone.
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			t = t.In(w.Location)
			return rectify.DateOf(t).Chinese() + t.Format(" 15:04")
		},
		// statusClass is the CSS class of a status badge.
		"statusClass": func(s rectify.Status) string { return "status status-" + strings.ReplaceAll(string(s), "_", "-") },
		// lightClass is the CSS class of a deadline light.
		"lightClass": func(l rectify.Light) string {
			if l == rectify.LightNone {
				return "light light-none"
			}
			return "light light-" + string(l)
		},
		// percent writes a ratio (0.72) as 72.0%.
		"percent": func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		// reportedRate writes a rate a notice stated, as it stated it
		// (94.65%), or — when it stated none.
		"reportedRate": func(f *float64) string {
			if f == nil {
				return "—"
			}
			return strconv.FormatFloat(*f, 'f', -1, 64) + "%"
		},
		// asset is the content-hashed URL of a static file.
		"asset": w.static.url,
		// can reports whether the user's role holds a permission.
		"can": func(u *rectify.User, p string) bool { return u != nil && auth.Holds(u.Role, auth.Permission(p)) },
		// dict builds a map for a partial: dict "Form" .Form "Name" "login".
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		// depthClass is the CSS class that indents a unit in a tree (no
		// inline style: the content security policy forbids it).
		"depthClass": func(u *rectify.Unit) string { return fmt.Sprintf("depth-%d", min(u.Depth(), 8)) },
		// treeName is a unit's name indented for a <select>.
		"treeName": func(u *rectify.Unit) string { return strings.Repeat("\u3000", u.Depth()) + u.Name },
		// unitLabels are the names of units for a choice among them (see
		// unitLabels).
		"unitLabels": unitLabels,
		"roles":      func() []rectify.Role { return rectify.Roles },
		"str":        func(v any) string { return fmt.Sprint(v) },
		"han":        rectify.HanNumeral,
		// add adds: the row numbers of a list ({{add $i 1}}).
		"add": func(a, b int) int { return a + b },
	}
}

// flashCookie carries a message to the next page shown (after a redirect).
const flashCookie = "rectify_flash"

// setFlash leaves msg for the next page.
func setFlash(rw http.ResponseWriter, msg string) {
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/",
		MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the message left for this page, and clears it.
func takeFlash(rw http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > 500 {
		return ""
	}
	return msg
}

// redirect answers a successful form with 303 See Other to target,
// leaving flash for it.
func redirect(rw http.ResponseWriter, r *http.Request, target, flash string) error {
	if flash != "" {
		setFlash(rw, flash)
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
	return nil
}

// save runs fn when the form is valid. An error the user can fix (invalid
// input, a stale version, a duplicate) goes on the form; save then returns
// the status to show the form again with. It returns 0 when fn succeeded,
// and fn's other errors as they are.
func save(f *httpx.Form, fn func() error) (int, error) {
	if !f.Valid() {
		return http.StatusUnprocessableEntity, nil
	}
	if err := fn(); err != nil {
		if !f.Fail(err) {
			return 0, err
		}
		return httpx.Status(err), nil
	}
	return 0, nil
}

// unitLabels returns the label of each of units in a choice among them,
// by ID: the name indented as a tree, and for a name that more than one of
// them has, the path of units above it as far as units reach ("某局（某市 ›
// 某区）"), so that a unit made with the name of another elsewhere is never
// taken for it once chosen. Units of one parent with one name are told by
// their numbers.
func unitLabels(units []*rectify.Unit) map[int64]string {
	byID := make(map[int64]*rectify.Unit, len(units))
	named := make(map[string]int, len(units))
	for _, u := range units {
		byID[u.ID] = u
		named[u.Name]++
	}
	out := make(map[int64]string, len(units))
	above := map[int64]string{}
	seen := map[string]int{}
	for _, u := range units {
		if named[u.Name] < 2 {
			continue
		}
		var parts []string
		for _, id := range rectify.PathIDs(u.Path) {
			if a := byID[id]; a != nil && id != u.ID {
				parts = append(parts, a.Name)
			}
		}
		above[u.ID] = strings.Join(parts, " › ")
		seen[u.Name+"\x00"+above[u.ID]]++
	}
	for _, u := range units {
		label := strings.Repeat("\u3000", u.Depth()) + u.Name
		if p, ok := above[u.ID]; ok {
			var note []string
			if p != "" {
				note = append(note, p)
			}
			if p == "" || seen[u.Name+"\x00"+p] > 1 {
				note = append(note, fmt.Sprintf("编号 %d", u.ID))
			}
			label += "（" + strings.Join(note, " › ") + "）"
		}
		out[u.ID] = label
	}
	return out
}
