package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// orderRoutes are the routes of the supervision order (督办单) of a unit or
// of the problems ticked in a list, and of the print of those problems.
func (w *Web) orderRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /supervision", Perm: auth.Read, Handler: w.order},
		{Pattern: "GET /supervision.docx", Perm: auth.Read, Handler: w.orderDocx},
		{Pattern: "POST /supervision/request", Perm: auth.Admin, Handler: w.orderRequest},
		{Pattern: "GET /problems/print", Perm: auth.Read, Handler: w.printProblems},
	}
}

// orderInput reads what an order covers from the query: ?unit=ID, or the
// problems ticked (?p=ID:version, repeated).
func orderInput(q url.Values) (workflow.SupervisionInput, error) {
	var in workflow.SupervisionInput
	if s := q.Get("unit"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return in, rectify.Errorf(rectify.EINVALID, "单位编号“%s”不对", s)
		}
		in.UnitID = id
	}
	targets, err := parseTargets(q["p"])
	if err != nil {
		return in, err
	}
	for _, t := range targets {
		in.Problems = append(in.Problems, t.ID)
	}
	if in.UnitID == 0 && len(in.Problems) == 0 {
		return in, rectify.Errorf(rectify.EINVALID, "请先在问题清单中勾选问题，或从单位进入督办单")
	}
	return in, nil
}

// orderData is the supervision order's page.
type orderData struct {
	*workflow.SupervisionOrder
	Doc *office.Supervision
	// Query is the order's query string, for its .docx and the form that
	// rewrites the request.
	Query    string
	DocxHref string
	// CanWrite is set for the admins who may rewrite the request.
	CanWrite bool
}

// order shows a supervision order as an A4 page to print.
func (w *Web) order(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	in, err := orderInput(r.URL.Query())
	if err != nil {
		return err
	}
	o, err := w.Work.Supervision(r.Context(), in)
	if err != nil {
		return err
	}
	data := orderData{SupervisionOrder: o, Doc: o.Document(), Query: orderQuery(in), CanWrite: u.Role == rectify.RoleAdmin}
	data.DocxHref = "/supervision.docx?" + data.Query
	return w.render(rw, r, http.StatusOK, "order", data)
}

// orderQuery writes in back as a query string.
func orderQuery(in workflow.SupervisionInput) string {
	v := url.Values{}
	if in.UnitID != 0 {
		v.Set("unit", strconv.FormatInt(in.UnitID, 10))
	}
	for _, id := range in.Problems {
		v.Add("p", strconv.FormatInt(id, 10))
	}
	return v.Encode()
}

// orderDocx sends a supervision order as .docx.
func (w *Web) orderDocx(rw http.ResponseWriter, r *http.Request) error {
	in, err := orderInput(r.URL.Query())
	if err != nil {
		return err
	}
	o, err := w.Work.Supervision(r.Context(), in)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := office.WriteSupervisionDocx(&b, o.Document()); err != nil {
		return err
	}
	name := "督办单"
	if o.Unit != nil {
		name = o.Unit.Name + "督办单"
	}
	name += "（" + o.AsOf.String() + "）.docx"
	h := rw.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	h.Set("Content-Disposition", "attachment; filename=\"supervision.docx\"; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("Cache-Control", "no-store")
	_, err = rw.Write(b.Bytes())
	return err
}

// orderRequest stores the office's request (督办要求) printed on every
// order of its units from then on, and goes back to the order.
func (w *Web) orderRequest(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	back := "/supervision?" + f.Get("query")
	if strings.ContainsAny(f.Get("query"), "\r\n#") {
		back = "/todo"
	}
	text := strings.Join(strings.Fields(f.Value("request")), " ")
	if err := w.Work.SetSetting(r.Context(), u.UnitID, workflow.SettingSupervisionRequest, text); err != nil {
		if rectify.ErrorCode(err) != rectify.EINVALID {
			return err
		}
		msg := rectify.ErrorMessage(err)
		for _, m := range rectify.ErrorFields(err) {
			msg = m
		}
		return redirect(rw, r, back, "督办要求未保存："+msg)
	}
	msg := "督办要求已保存，此后的督办单都使用它"
	if text == "" {
		msg = "已恢复默认的督办要求"
	}
	return redirect(rw, r, back, msg)
}

// printData is the print of the problems ticked in a list.
type printData struct {
	*workflow.SupervisionOrder
}

// printProblems shows the problems ticked in a list as a table to print on
// A4 landscape, every column on the page.
func (w *Web) printProblems(rw http.ResponseWriter, r *http.Request) error {
	in, err := orderInput(r.URL.Query())
	if err != nil {
		return err
	}
	in.UnitID = 0
	if len(in.Problems) == 0 {
		return rectify.Errorf(rectify.EINVALID, "请先在问题清单中勾选要打印的问题")
	}
	o, err := w.Work.Supervision(r.Context(), in)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "problems_print", printData{o})
}
