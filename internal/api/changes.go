package api

import (
	"net/http"
	"slices"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// changeList is a problem's change requests (变更申请), newest first.
type changeList struct {
	Items []*rectify.ChangeRequest `json:"items"`
}

// changeDecision decides a pending change request of the problem.
type changeDecision struct {
	ChangeID int64  `json:"change_id" required:"true" doc:"变更申请编号"`
	Approve  bool   `json:"approve" doc:"true 为同意（修改随即生效），false 为不同意"`
	Note     string `json:"note,omitempty" doc:"审核意见；不同意时必填"`
}

// listChanges lists the change requests of a problem.
func (a *API) listChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	items, err := a.Store.ListChangeRequests(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, changeList{Items: nonNil(items)})
}

// decideChange approves or rejects a pending change request of a problem
// and answers with the problem's requests.
func (a *API) decideChange(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	var in changeDecision
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	items, err := a.Store.ListChangeRequests(r.Context(), id)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(items, func(cr *rectify.ChangeRequest) bool { return cr.ID == in.ChangeID }) {
		return rectify.Errorf(rectify.ENOTFOUND, "未找到该问题的变更申请（编号 %d）", in.ChangeID)
	}
	if err := a.flow.DecideChange(r.Context(), in.ChangeID, in.Approve, in.Note); err != nil {
		return err
	}
	return a.listChanges(w, r)
}
