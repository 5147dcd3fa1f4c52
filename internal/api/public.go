package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// publicInput is a unit's choice of what the public notice shows was done.
type publicInput struct {
	ProgressID int64  `json:"progress_id,omitempty" doc:"用于公开通报的一条整改情况（该问题自己的）；0 为不选定"`
	Text       string `json:"text,omitempty" doc:"公开表述：原样用于公开通报的一句话，优先于所选的整改情况；最多1000字"`
}

// publicResult is what the public notice shows was done for a problem.
type publicResult struct {
	ProgressID int64            `json:"progress_id" doc:"选定的整改情况；0 为未选定（默认最新一条）"`
	Text       string           `json:"text" doc:"公开表述；空为未填写"`
	Shown      string           `json:"shown" doc:"公开通报现在显示的整改情况，原样"`
	Source     string           `json:"source" doc:"sentence（公开表述）、chosen（选定的一条）、latest（默认最新一条）或空（没有整改情况，通报列出整改措施）"`
	Reports    []rectify.Report `json:"reports" doc:"该问题的整改情况，早的在前"`
}

// getPublic answers what the public notice shows was done for a problem.
func (a *API) getPublic(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	pub, err := a.Store.ProblemPublic(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.publicResult(pub))
}

// setPublic records which report, or which sentence, stands in the public
// notice for a problem; neither returns to the latest report.
func (a *API) setPublic(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	var in publicInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	pub, err := a.flow.SetPublic(r.Context(), workflow.PublicInput{ProblemID: id, ProgressID: in.ProgressID, Text: in.Text})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.publicResult(pub))
}

func (a *API) publicResult(pub rectify.Public) publicResult {
	p := &rectify.Problem{Public: pub}
	shown, src := p.PublicResult(a.today())
	return publicResult{ProgressID: pub.ProgressID, Text: pub.Text, Shown: shown, Source: string(src), Reports: nonNil(pub.Reports)}
}
