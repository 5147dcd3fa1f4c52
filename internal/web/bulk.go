package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// bulkState is what a problem list shows after a bulk change was refused:
// the message, the reason of each problem refused, the problems ticked and
// what was typed, so that nothing is lost.
type bulkState struct {
	Message  string
	Problems map[int64]string // problem → why it was refused
	Others   []string         // refusals not of one problem (no change chosen, …)
	Checked  map[int64]bool
	Form     url.Values
}

type bulkKey struct{}

// Value returns what was typed in the bulk form's field name.
func (b *bulkState) Value(name string) string {
	if b == nil {
		return ""
	}
	return b.Form.Get(name)
}

// On reports whether the bulk form's checkbox name was ticked.
func (b *bulkState) On(name string) bool { return b != nil && b.Form.Get(name) != "" }

// Refused returns why the problem id was refused, "" when it was not.
func (b *bulkState) Refused(id int64) string {
	if b == nil {
		return ""
	}
	return b.Problems[id]
}

// IsChecked reports whether the problem id was ticked.
func (b *bulkState) IsChecked(id int64) bool { return b != nil && b.Checked[id] }

// parseTargets reads the problems ticked: values "ID:version" (or "ID").
// It returns EINVALID for a value that is neither.
func parseTargets(values []string) ([]workflow.BulkTarget, error) {
	var out []workflow.BulkTarget
	for _, v := range values {
		idText, verText, _ := strings.Cut(v, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			return nil, rectify.Errorf(rectify.EINVALID, "勾选的问题编号“%s”不对", v)
		}
		ver := 0
		if verText != "" {
			if ver, err = strconv.Atoi(verText); err != nil {
				return nil, rectify.Errorf(rectify.EINVALID, "勾选的问题编号“%s”不对", v)
			}
		}
		out = append(out, workflow.BulkTarget{ID: id, Version: ver})
	}
	return out, nil
}

// listBack returns the list page a bulk form came from: a problem list
// (/problems…, /inspections/N…), else /problems.
func listBack(back string) *url.URL {
	back = httpx.LocalPath(back, "/problems")
	u, err := url.Parse(back)
	if err != nil || !(u.Path == "/problems" || strings.HasPrefix(u.Path, "/inspections/")) {
		u, _ = url.Parse("/problems")
	}
	return u
}

// bulkProblems makes one change to the problems ticked in a list (批量处理:
// responsible unit, leader, deadline, measures done on one day) through
// the workflow, all or nothing, and goes back to the list; when a problem
// refuses, the list is shown again with the reason beside each refused
// problem and nothing lost.
func (w *Web) bulkProblems(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	back := listBack(f.Get("back"))
	targets, err := parseTargets(f.Values["p"])
	if err != nil {
		return err
	}
	in := workflow.BulkInput{Problems: targets,
		SetOwnerUnit: f.Checked("set_owner_unit"), OwnerUnit: f.Get("owner_unit"),
		SetLeader: f.Checked("set_leader"), Leader: f.Get("leader"),
		SetDue: f.Checked("set_due"), Due: f.Date("due"),
		MeasuresDone: f.Checked("measures_done"), DoneOn: f.Date("done_on")}
	if !f.Valid() { // a date that does not parse
		st := &bulkState{Message: "输入有误，请检查填写的日期", Checked: map[int64]bool{}, Form: f.Values}
		for _, m := range f.Errors {
			st.Others = append(st.Others, m)
		}
		for _, t := range targets {
			st.Checked[t.ID] = true
		}
		return w.showBulk(rw, r, back, st)
	}
	res, err := w.Work.Bulk(r.Context(), in)
	if err != nil {
		if rectify.ErrorCode(err) != rectify.EINVALID {
			return err
		}
		st := &bulkState{Message: rectify.ErrorMessage(err), Problems: map[int64]string{}, Checked: map[int64]bool{}, Form: f.Values}
		for _, t := range targets {
			st.Checked[t.ID] = true
		}
		for field, msg := range rectify.ErrorFields(err) {
			if idText, ok := strings.CutPrefix(field, "problem."); ok {
				id, _ := strconv.ParseInt(idText, 10, 64)
				st.Problems[id] = msg
			} else {
				st.Others = append(st.Others, msg)
			}
		}
		slices.Sort(st.Others)
		return w.showBulk(rw, r, back, st)
	}
	msg := fmt.Sprintf("已修改 %d 个问题", res.Problems)
	if in.MeasuresDone {
		msg += fmt.Sprintf("，%d 项整改措施标为完成", res.Measures)
	}
	return redirect(rw, r, back.RequestURI(), msg)
}

// showBulk shows the list at back again with st, as a refused form is
// shown (422).
func (w *Web) showBulk(rw http.ResponseWriter, r *http.Request, back *url.URL, st *bulkState) error {
	r2 := r.Clone(context.WithValue(r.Context(), bulkKey{}, st))
	r2.Method, r2.URL, r2.RequestURI = http.MethodGet, back, back.RequestURI()
	r2.Header.Del("HX-Request")
	if idText, ok := strings.CutPrefix(back.Path, "/inspections/"); ok {
		id, _ := strconv.ParseInt(idText, 10, 64)
		if in, err := w.Store.GetInspection(r.Context(), id); err == nil {
			if unit, err := w.Store.GetUnit(r.Context(), in.UnitID); err == nil {
				if u := rectify.UserFrom(r.Context()); u != nil && auth.Allowed(u, auth.Read, unit.Path) {
					r2.SetPathValue("inspectionID", idText)
					return w.inspection(rw, r2)
				}
			}
		}
		r2.URL, _ = url.Parse("/problems")
	}
	return w.problems(rw, r2)
}
