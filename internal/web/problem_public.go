package web

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 公开表述: which of a problem's progress reports stands in the public
// notice as what was done (整改情况), or one sentence the unit writes for the
// public instead; by default the latest report. The problem page shows the
// choice on the reports and a form for the sentence; the notice, its A4 page
// and its documents print it (notice.Blocks).

// publicView is what the problem page shows of the public result.
type publicView struct {
	Text   string               // what the notice shows today, as written
	Source rectify.PublicSource // where it comes from
	// ShownID is the report shown (chosen, or the latest by default), 0
	// for a sentence or none.
	ShownID  int64
	Sentence string // the public sentence, "" for none
	Form     *httpx.Form
}

// newPublicView returns the public result of p (its Public loaded) as of today.
func newPublicView(p *rectify.Problem, today rectify.Date, f *httpx.Form) publicView {
	v := publicView{Sentence: p.Public.Text, Form: f}
	v.Text, v.Source = p.PublicResult(today)
	switch v.Source {
	case rectify.PublicChosen:
		v.ShownID = p.Public.ProgressID
	case rectify.PublicLatest:
		for _, r := range p.Public.Reports {
			if !r.Date.After(today) && r.Text != "" {
				v.ShownID = r.ProgressID // the last of the oldest-first list that counts
			}
		}
	}
	if v.Form == nil {
		v.Form = httpx.NewForm(nil)
		v.Form.Set("text", p.Public.Text)
	}
	return v
}

// setPublic records the unit's choice: a report (progress_id), a sentence
// (text), or neither (the default, the latest report).
func (w *Web) setPublic(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	in := workflow.PublicInput{ProblemID: id, ProgressID: f.Int64("progress_id"), Text: f.Get("text")}
	if f.Get("default") != "" {
		in.ProgressID, in.Text = 0, ""
	}
	status, err := save(f, func() error {
		_, err := w.Work.SetPublic(r.Context(), in)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.problemPage(rw, r, status, problemForms{Public: f})
	}
	msg := "公开通报将显示最新一条整改情况"
	switch {
	case in.Text != "":
		msg = "公开通报将显示填写的公开表述"
	case in.ProgressID != 0:
		msg = "公开通报将显示所选的整改情况"
	}
	return redirect(rw, r, problemURL(id, "progress"), msg)
}
