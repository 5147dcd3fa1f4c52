package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// recheckList is a list of look-backs.
type recheckList struct {
	Items []recheckItem `json:"items"`
}

// recheckItem is a look-back with what a list shows of its problem.
type recheckItem struct {
	*rectify.Recheck
	InspectionID  int64          `json:"inspection_id"`
	ProblemNumber int            `json:"problem_number"`
	ProblemTitle  string         `json:"problem_title"`
	ProblemStatus rectify.Status `json:"problem_status" doc:"问题的当前状态"`
	UnitID        int64          `json:"unit_id"`
	UnitName      string         `json:"unit_name"`
	Team          string         `json:"team" doc:"巡察组"`
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

// listRechecks lists the look-backs of the scope: pending ones due by a
// day, or those done since a day, or all of one problem.
func (a *API) listRechecks(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	problemID, unitID := q.id("problem_id"), q.id("unit_id")
	f := store.RecheckFilter{DueBy: q.date("due_by"), DoneSince: q.date("done_since")}
	limit := q.num("limit", 0, 1, 10000)
	if !f.DueBy.IsZero() && !f.DoneSince.IsZero() {
		q.add("done_since", "due_by 和 done_since 只能给一个")
	}
	if err := q.err(); err != nil {
		return err
	}
	f.Pending, f.Limit = f.DoneSince.IsZero() && problemID == 0, limit
	if f.ScopePath, err = a.subtree(r.Context(), u, "unit_id", unitID); err != nil {
		return err
	}
	if problemID != 0 {
		if err := a.checkRecord(r.Context(), u, "problem_id", store.KindProblem, problemID); err != nil {
			return err
		}
		f.Limit = 0
	}
	rows, err := a.Store.ListRechecksIn(r.Context(), f)
	if err != nil {
		return err
	}
	out := recheckList{Items: make([]recheckItem, 0, len(rows))}
	for _, row := range rows {
		if problemID != 0 && row.Recheck.ProblemID != problemID {
			continue
		}
		out.Items = append(out.Items, recheckItem{Recheck: row.Recheck, InspectionID: row.Problem.InspectionID,
			ProblemNumber: row.Problem.Number, ProblemTitle: row.Problem.Title, ProblemStatus: row.Problem.Status,
			UnitID: row.UnitID, UnitName: row.UnitName, Team: row.Team})
		if limit > 0 && len(out.Items) == limit {
			break
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
