package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// commentList is one page of public opinions, the newest first.
type commentList struct {
	Items  []*rectify.PublicComment `json:"items"`
	Total  int                      `json:"total"`
	Limit  int                      `json:"limit"`
	Offset int                      `json:"offset"`
}

// commentResult is an opinion after a step of its handling, with the
// look-back a link to a signed-off problem scheduled, if any.
type commentResult struct {
	Comment *rectify.PublicComment `json:"comment"`
	Recheck *rectify.Recheck       `json:"recheck,omitempty" doc:"关联已销号的问题时安排的回头看"`
}

type triageInput struct {
	InspectionID int64 `json:"inspection_id,omitempty" doc:"归入该巡察（须为意见所反映单位或其下级单位的巡察）"`
}

type linkInput struct {
	ProblemID int64 `json:"problem_id" required:"true"`
}

type assignInput struct {
	Assignee string `json:"assignee" required:"true" doc:"承办单位、部门或承办人"`
}

type replyInput struct {
	Reply  string `json:"reply" required:"true"`
	Public bool   `json:"public" doc:"true：在公开页面显示答复"`
}

type closeInput struct {
	Note string `json:"note,omitempty" doc:"办结说明：未答复的意见必填，写明无需办理的理由"`
}

// listComments lists the opinions received by units of the scope.
func (a *API) listComments(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	var f store.CommentFilter
	for _, s := range q.strs("state") {
		switch st := rectify.CommentState(s); st {
		case rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned, rectify.CommentReplied, rectify.CommentClosed:
			f.States = append(f.States, st)
		default:
			q.add("state", "办理状态应为 new、triaged、assigned、replied 或 closed")
		}
	}
	unitID := q.id("unit_id")
	f.Limit, f.Offset = q.page()
	if err := q.err(); err != nil {
		return err
	}
	if f.ScopePath, err = a.subtree(r.Context(), u, "unit_id", unitID); err != nil {
		return err
	}
	items, total, err := a.Store.ListComments(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, commentList{Items: nonNil(items), Total: total, Limit: f.Limit, Offset: f.Offset})
}

// getComment shows an opinion.
func (a *API) getComment(w http.ResponseWriter, r *http.Request) error {
	return a.answerComment(w, r, nil)
}

// answerComment answers the opinion of the path as it is now.
func (a *API) answerComment(w http.ResponseWriter, r *http.Request, rc *rectify.Recheck) error {
	id, err := httpx.PathID(r, "commentID")
	if err != nil {
		return err
	}
	pc, err := a.Store.GetComment(r.Context(), id)
	if err != nil {
		return err
	}
	if r.Method == http.MethodGet {
		return writeJSON(w, http.StatusOK, pc)
	}
	return writeJSON(w, http.StatusOK, commentResult{Comment: pc, Recheck: rc})
}

// commentStep decodes the body of a step into in and runs it.
func commentStep[T any](a *API, w http.ResponseWriter, r *http.Request, in *T, step func(id int64) (*rectify.Recheck, error)) error {
	id, err := httpx.PathID(r, "commentID")
	if err != nil {
		return err
	}
	if err := decodeOptional(r, in); err != nil {
		return err
	}
	rc, err := step(id)
	if err != nil {
		return err
	}
	return a.answerComment(w, r, rc)
}

func (a *API) triageComment(w http.ResponseWriter, r *http.Request) error {
	var in triageInput
	return commentStep(a, w, r, &in, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Triage(r.Context(), id, in.InspectionID)
	})
}

func (a *API) linkComment(w http.ResponseWriter, r *http.Request) error {
	var in linkInput
	return commentStep(a, w, r, &in, func(id int64) (*rectify.Recheck, error) {
		if in.ProblemID <= 0 {
			return nil, invalid("problem_id", "请选择意见所反映的问题")
		}
		return a.flow.LinkToProblem(r.Context(), id, in.ProblemID)
	})
}

func (a *API) assignComment(w http.ResponseWriter, r *http.Request) error {
	var in assignInput
	return commentStep(a, w, r, &in, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Assign(r.Context(), id, in.Assignee)
	})
}

func (a *API) replyComment(w http.ResponseWriter, r *http.Request) error {
	var in replyInput
	return commentStep(a, w, r, &in, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Reply(r.Context(), id, in.Reply, in.Public)
	})
}

func (a *API) closeComment(w http.ResponseWriter, r *http.Request) error {
	var in closeInput
	return commentStep(a, w, r, &in, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Close(r.Context(), id, in.Note)
	})
}
