package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// ruleList is a list of rules by date.
type ruleList struct {
	Items []*rectify.Rule `json:"items"`
}

// accountabilityList is a list of accountability records by date.
type accountabilityList struct {
	Items []*rectify.Accountability `json:"items"`
}

// ruleInput is a rule created or revised because of the rectification.
type ruleInput struct {
	InspectionID int64            `json:"inspection_id" required:"true"`
	Title        string           `json:"title" required:"true" doc:"制度名称"`
	Kind         rectify.RuleKind `json:"kind" required:"true" doc:"new 新建，revised 修订"`
	Date         rectify.Date     `json:"date" required:"true" doc:"印发日期，不晚于今天"`
	ProblemIDs   []int64          `json:"problem_ids,omitempty" doc:"所针对的问题（须属于该巡察）"`
}

// accountabilityInput is a person held accountable.
type accountabilityInput struct {
	InspectionID int64        `json:"inspection_id" required:"true"`
	ProblemID    int64        `json:"problem_id,omitempty" doc:"所涉及的问题（须属于该巡察）"`
	Person       string       `json:"person" required:"true" doc:"被问责人"`
	Form         string       `json:"form" required:"true" doc:"问责方式：谈话提醒、约谈、批评教育、责令检查、通报、诫勉、组织调整、党纪处分、政务处分等"`
	Date         rectify.Date `json:"date" required:"true" doc:"不晚于今天"`
	Reason       string       `json:"reason" required:"true" doc:"问责事由"`
}

// recordFilter reads the filter of a list of rules or accountability.
func (a *API) recordFilter(r *http.Request) (store.RecordFilter, error) {
	u, err := currentUser(r)
	if err != nil {
		return store.RecordFilter{}, err
	}
	q := newQuery(r)
	f := store.RecordFilter{InspectionID: q.id("inspection_id")}
	unitID := q.id("unit_id")
	if err := q.err(); err != nil {
		return f, err
	}
	if f.ScopePath, err = a.subtree(r.Context(), u, "unit_id", unitID); err != nil {
		return f, err
	}
	if f.InspectionID != 0 {
		err = a.checkRecord(r.Context(), u, "inspection_id", store.KindInspection, f.InspectionID)
	}
	return f, err
}

func (a *API) listRules(w http.ResponseWriter, r *http.Request) error {
	f, err := a.recordFilter(r)
	if err != nil {
		return err
	}
	rules, err := a.Store.ListRules(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ruleList{Items: nonNil(rules)})
}

// createRule records a rule through the workflow, which checks the
// inspection lies in the caller's scope.
func (a *API) createRule(w http.ResponseWriter, r *http.Request) error {
	var in ruleInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.InspectionID <= 0 {
		return invalid("inspection_id", "请选择巡察")
	}
	rule := &rectify.Rule{InspectionID: in.InspectionID, Title: in.Title, Kind: in.Kind, Date: in.Date, ProblemIDs: in.ProblemIDs}
	if err := rule.Validate(); err != nil {
		return err
	}
	if err := a.flow.RecordRule(r.Context(), rule); err != nil {
		return err
	}
	saved, err := a.Store.GetRule(r.Context(), rule.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, saved)
}

func (a *API) getRule(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "ruleID")
	if err != nil {
		return err
	}
	rule, err := a.Store.GetRule(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rule)
}

func (a *API) listAccountability(w http.ResponseWriter, r *http.Request) error {
	f, err := a.recordFilter(r)
	if err != nil {
		return err
	}
	as, err := a.Store.ListAccountability(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, accountabilityList{Items: nonNil(as)})
}

// createAccountability records a person held accountable through the
// workflow, which checks the inspection lies in the caller's scope.
func (a *API) createAccountability(w http.ResponseWriter, r *http.Request) error {
	var in accountabilityInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.InspectionID <= 0 {
		return invalid("inspection_id", "请选择巡察")
	}
	acc := &rectify.Accountability{InspectionID: in.InspectionID, ProblemID: in.ProblemID, Person: in.Person,
		Form: in.Form, Date: in.Date, Reason: in.Reason}
	if err := acc.Validate(); err != nil {
		return err
	}
	if err := a.flow.RecordAccountability(r.Context(), acc); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, acc)
}

func (a *API) getAccountability(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "accountabilityID")
	if err != nil {
		return err
	}
	acc, err := a.Store.GetAccountability(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, acc)
}
