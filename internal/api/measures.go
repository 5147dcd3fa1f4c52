package api

import (
	"bytes"
	"io"
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// measureInput is a new measure.
type measureInput struct {
	Number int          `json:"number,omitempty" doc:"序号（①为 1）；不给则排在最后"`
	Group  string       `json:"group,omitempty" doc:"分组标题，如 关于…的问题"`
	Text   string       `json:"text" required:"true"`
	Owner  string       `json:"owner,omitempty" doc:"责任人"`
	Due    rectify.Date `json:"due,omitempty" doc:"完成时限"`
}

// measurePatch changes the fields it gives (absent or null: unchanged).
type measurePatch struct {
	Number  *int          `json:"number,omitempty"`
	Group   *string       `json:"group,omitempty"`
	Text    *string       `json:"text,omitempty"`
	Owner   *string       `json:"owner,omitempty"`
	Due     *rectify.Date `json:"due,omitempty" doc:"空字符串为清除"`
	Version int           `json:"version" required:"true"`
}

// doneInput is the day a measure was carried out.
type doneInput struct {
	Done rectify.Date `json:"done,omitempty" doc:"完成日期（发生日期），不晚于今天、不早于巡察反馈日期；不给则为今天"`
}

// createMeasure adds a measure to the problem of the path.
func (a *API) createMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	var in measureInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	m := &rectify.Measure{ProblemID: id, Number: in.Number, Group: in.Group, Text: in.Text, Owner: in.Owner, Due: in.Due}
	if err := a.flow.AddMeasure(r.Context(), m); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

// pathMeasure returns the measure the path names.
func (a *API) pathMeasure(r *http.Request) (*rectify.Measure, error) {
	id, err := httpx.PathID(r, "measureID")
	if err != nil {
		return nil, err
	}
	return a.Store.GetMeasure(r.Context(), id)
}

// getMeasure shows a measure.
func (a *API) getMeasure(w http.ResponseWriter, r *http.Request) error {
	m, err := a.pathMeasure(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// patchMeasure saves the fields given.
func (a *API) patchMeasure(w http.ResponseWriter, r *http.Request) error {
	m, err := a.pathMeasure(r)
	if err != nil {
		return err
	}
	var in measurePatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	set(&m.Number, in.Number)
	set(&m.Group, in.Group)
	set(&m.Text, in.Text)
	set(&m.Owner, in.Owner)
	set(&m.Due, in.Due)
	if m.Number < 0 {
		return invalid("number", "序号不能为负数")
	}
	m.Version = in.Version
	if err := a.flow.EditMeasure(r.Context(), m); err != nil {
		return err
	}
	return a.getMeasure(w, r)
}

// measureDone marks a measure done.
func (a *API) measureDone(w http.ResponseWriter, r *http.Request) error {
	m, err := a.pathMeasure(r)
	if err != nil {
		return err
	}
	var in doneInput
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	if err := a.flow.MarkMeasureDone(r.Context(), m.ID, in.Done); err != nil {
		return err
	}
	return a.getMeasure(w, r)
}

// reopenMeasure marks a measure not done again.
func (a *API) reopenMeasure(w http.ResponseWriter, r *http.Request) error {
	m, err := a.pathMeasure(r)
	if err != nil {
		return err
	}
	if err := a.flow.ReopenMeasure(r.Context(), m.ID); err != nil {
		return err
	}
	return a.getMeasure(w, r)
}

// deleteMeasure deletes a measure of a problem still being worked on.
func (a *API) deleteMeasure(w http.ResponseWriter, r *http.Request) error {
	m, err := a.pathMeasure(r)
	if err != nil {
		return err
	}
	if err := a.flow.DeleteMeasure(r.Context(), m.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// decodeOptional decodes a JSON body into v, leaving v as it is when the
// body is empty.
func decodeOptional(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return readError(err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return httpx.DecodeJSON(r, v)
}
