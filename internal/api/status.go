package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// statusInput is a status change asked for.
type statusInput struct {
	To            rectify.Status `json:"to" required:"true" doc:"目标状态"`
	Class         string         `json:"class,omitempty" doc:"长期整改的类别，如 I；不给则沿用"`
	NextMilestone rectify.Date   `json:"next_milestone,omitempty" doc:"长期整改的下一个节点，不早于今天（长期整改必填）"`
	Reason        string         `json:"reason,omitempty" doc:"理由：退回和重新打开必填"`
	On            rectify.Date   `json:"on,omitempty" doc:"发生日期：变更实际发生的日期，不晚于今天、不早于巡察反馈日期和当前状态的日期；不给则为今天"`
}

// reasonInput is why a reviewer rejects or reopens.
type reasonInput struct {
	Reason string `json:"reason" required:"true"`
}

// milestoneInput is the next milestone of a long-term problem.
type milestoneInput struct {
	NextMilestone rectify.Date `json:"next_milestone" required:"true" doc:"不早于今天"`
	Reason        string       `json:"reason,omitempty"`
}

// statusResult is a problem after a status change, with the look-back
// the change scheduled or recorded, if any.
type statusResult struct {
	Problem *rectify.Problem `json:"problem" doc:"变更后的问题，含措施和状态历史"`
	Recheck *rectify.Recheck `json:"recheck,omitempty" doc:"销号后安排的回头看，或重新打开时记录的反弹"`
}

// decodeStatus reads a status change and checks its target.
func decodeStatus(r *http.Request) (workflow.StatusInput, error) {
	var in statusInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return workflow.StatusInput{}, err
	}
	switch {
	case in.To == "":
		return workflow.StatusInput{}, invalid("to", "请选择目标状态")
	case !in.To.Valid():
		return workflow.StatusInput{}, invalid("to", "未知的整改状态“"+string(in.To)+"”")
	}
	return workflow.StatusInput{To: in.To, Class: in.Class, NextMilestone: in.NextMilestone, Reason: in.Reason, On: in.On}, nil
}

// changeStatus is a status change on the unit's side (the workflow
// decides by the caller's role which moves are theirs).
func (a *API) changeStatus(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeStatus(r)
	if err != nil {
		return err
	}
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return a.flow.ChangeStatus(r.Context(), id, in)
	})
}

// review is a status change on the reviewer's side.
func (a *API) review(w http.ResponseWriter, r *http.Request) error {
	return a.changeStatus(w, r)
}

// submit submits the problem for sign-off.
func (a *API) submit(w http.ResponseWriter, r *http.Request) error {
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Submit(r.Context(), id)
	})
}

// approve signs the problem off.
func (a *API) approve(w http.ResponseWriter, r *http.Request) error {
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return a.flow.Approve(r.Context(), id)
	})
}

// reject sends a submission back.
func (a *API) reject(w http.ResponseWriter, r *http.Request) error {
	var in reasonInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.Reject(r.Context(), id, in.Reason)
	})
}

// reopen reopens a signed-off problem that came back.
func (a *API) reopen(w http.ResponseWriter, r *http.Request) error {
	var in reasonInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return a.flow.Reopen(r.Context(), id, in.Reason)
	})
}

// setMilestone records the next milestone of a long-term problem.
func (a *API) setMilestone(w http.ResponseWriter, r *http.Request) error {
	var in milestoneInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	return a.applyStatus(w, r, func(id int64) (*rectify.Recheck, error) {
		return nil, a.flow.SetNextMilestone(r.Context(), id, in.NextMilestone, in.Reason)
	})
}

// applyStatus runs a status use case on the problem of the path and
// answers the problem as it is then.
func (a *API) applyStatus(w http.ResponseWriter, r *http.Request, change func(id int64) (*rectify.Recheck, error)) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	rc, err := change(id)
	if err != nil {
		return err
	}
	p, err := a.Store.GetProblem(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, statusResult{Problem: p, Recheck: rc})
}
