package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// recheckList is a list of look-backs by due date.
type recheckList struct {
	Items []*rectify.Recheck `json:"items"`
}

// recheckInput is the result of a look-back.
type recheckInput struct {
	Result rectify.RecheckResult `json:"result" required:"true" doc:"passed 巩固，failed 反弹"`
	Note   string                `json:"note,omitempty" doc:"说明；反弹时必填，写明反弹情况"`
}

// sampleInput asks for a random sample of signed-off problems.
type sampleInput struct {
	UnitID int64        `json:"unit_id" required:"true" doc:"从该单位及其下级单位已销号的问题中抽取"`
	Count  int          `json:"count" required:"true" doc:"抽取数量"`
	Seed   uint64       `json:"seed" doc:"随机种子：同一种子在同一记录上抽出相同的问题，可供复核"`
	Due    rectify.Date `json:"due,omitempty" doc:"回头看的到期日，默认 30 天后"`
	DryRun bool         `json:"dry_run,omitempty" doc:"true：只抽取预览，不安排回头看"`
}

// sampleResult is a drawn sample: the problems, and the look-backs
// scheduled for them unless it was a dry run.
type sampleResult struct {
	DryRun   bool               `json:"dry_run"`
	Problems []*rectify.Problem `json:"problems" doc:"抽中的问题（仅预览时给出）"`
	Rechecks []*rectify.Recheck `json:"rechecks" doc:"安排的回头看（预览时为空）"`
}

// listRechecks lists a problem's look-backs, or those of the scope due
// and not done.
func (a *API) listRechecks(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	problemID, dueBy := q.id("problem_id"), q.date("due_by")
	if err := q.err(); err != nil {
		return err
	}
	ctx := r.Context()
	if problemID != 0 {
		if err := a.checkRecord(ctx, u, "problem_id", store.KindProblem, problemID); err != nil {
			return err
		}
		rs, err := a.Store.ListRechecks(ctx, problemID)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, recheckList{Items: nonNil(rs)})
	}
	if dueBy.IsZero() {
		dueBy = rectify.NewDate(9999, 12, 31)
	}
	due, err := a.Store.ListRechecksDue(ctx, dueBy)
	if err != nil {
		return err
	}
	scope, err := scopeOf(u)
	if err != nil {
		return err
	}
	out := recheckList{Items: make([]*rectify.Recheck, 0, len(due))}
	inScope := map[int64]bool{}
	for _, rc := range due {
		ok, seen := inScope[rc.ProblemID]
		if !seen {
			path, err := a.Store.UnitPathOf(ctx, store.KindProblem, rc.ProblemID)
			if err != nil {
				return err
			}
			ok = scope == "" || u.InScope(path)
			inScope[rc.ProblemID] = ok
		}
		if ok {
			out.Items = append(out.Items, rc)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// recordRecheck records the result of a look-back.
func (a *API) recordRecheck(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "recheckID")
	if err != nil {
		return err
	}
	var in recheckInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.flow.RecordRecheck(r.Context(), id, in.Result, in.Note); err != nil {
		return err
	}
	rc, err := a.Store.GetRecheck(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rc)
}

// sampleRechecks draws a random sample of signed-off problems of a unit's
// subtree (the server checked the unit) and schedules their look-backs.
func (a *API) sampleRechecks(w http.ResponseWriter, r *http.Request) error {
	var in sampleInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.UnitID <= 0 {
		return invalid("unit_id", "请选择单位")
	}
	s := workflow.SampleInput{UnitID: in.UnitID, Count: in.Count, Seed: in.Seed, Due: in.Due}
	out := sampleResult{DryRun: in.DryRun, Problems: []*rectify.Problem{}, Rechecks: []*rectify.Recheck{}}
	if in.DryRun {
		picked, _, err := a.flow.Sample(r.Context(), s)
		if err != nil {
			return err
		}
		out.Problems = nonNil(picked)
		return writeJSON(w, http.StatusOK, out)
	}
	rs, err := a.flow.DrawSample(r.Context(), s)
	if err != nil {
		return err
	}
	out.Rechecks = nonNil(rs)
	return writeJSON(w, http.StatusCreated, out)
}
