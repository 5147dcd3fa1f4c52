package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// problemItem is a problem in a list: its own fields and current status
// (no measures or history), the unit of its inspection and its light.
type problemItem struct {
	*rectify.Problem
	UnitID   int64            `json:"unit_id" doc:"被巡察单位"`
	UnitName string           `json:"unit_name"`
	Light    rectify.Light    `json:"light" doc:"as_of 日的预警灯（按当前状态）"`
	Lateness rectify.Lateness `json:"lateness" doc:"as_of 日离整改时限（长期整改为下一节点）还有或已逾期几天，按预警灯的规则"`
}

// problemList is one page of a problem list.
type problemList struct {
	Items          []problemItem `json:"items"`
	Total          int           `json:"total" doc:"符合条件的问题总数；超过 1000 时为估计数（total_estimated）"`
	TotalEstimated bool          `json:"total_estimated" doc:"true：total 是按抽样估计的约数"`
	Limit          int           `json:"limit"`
	Offset         int           `json:"offset"`
	Next           string        `json:"next,omitempty" doc:"下一页的翻页位置，作为 after 传入；没有下一页时不给"`
	Prev           string        `json:"prev,omitempty" doc:"上一页的翻页位置，作为 before 传入；没有上一页时不给"`
}

// listProblems lists the problems of the caller's scope, filtered,
// searched, sorted and paged.
func (a *API) listProblems(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := store.ProblemFilter{Query: q.str("q"), OwnerUnit: q.str("owner_unit"), Leader: q.str("leader"),
		Overdue: q.flag("overdue"), AsOf: q.date("as_of"), InspectionID: q.id("inspection_id"), Source: q.source("source")}
	for _, s := range q.strs("status") {
		if !rectify.Status(s).Valid() {
			q.add("status", "未知的整改状态“"+s+"”")
			continue
		}
		f.Statuses = append(f.Statuses, rectify.Status(s))
	}
	if t := rectify.Track(q.str("track")); t.Valid() {
		f.Track = t
	} else {
		q.add("track", "整改类型应为 immediate、deadline 或 long_term")
	}
	var lights []rectify.Light
	for _, s := range q.strs("light") {
		l, ok := parseLight(s)
		if !ok {
			q.add("light", "预警灯应为 red、yellow、green、blue 或 none")
			continue
		}
		lights = append(lights, l)
	}
	switch s := q.str("sort"); s {
	case "", "number", "due", "status", "updated":
		f.Sort = store.ProblemSort(s)
	default:
		q.add("sort", "排序应为 number、due、status 或 updated")
	}
	switch q.str("order") {
	case "", "asc":
	case "desc":
		f.Desc = true
	default:
		q.add("order", "应为 asc 或 desc")
	}
	unitID := q.id("unit_id")
	limit, offset := q.page()
	f.After, f.Before = q.str("after"), q.str("before")
	if f.After != "" && f.Before != "" {
		q.add("before", "after 和 before 只能给一个")
	}
	if err := q.err(); err != nil {
		return err
	}
	if f.AsOf.IsZero() {
		f.AsOf = a.today()
	}
	if f.ScopePath, err = a.subtree(r.Context(), u, "unit_id", unitID); err != nil {
		return err
	}
	if f.InspectionID != 0 {
		if err := a.checkRecord(r.Context(), u, "inspection_id", store.KindInspection, f.InspectionID); err != nil {
			return err
		}
	}
	f.Limit, f.Offset = limit, offset
	page, err := workflow.ListProblems(r.Context(), a.Store, workflow.ListInput{Filter: f, Lights: lights})
	if err != nil {
		return err
	}
	items := make([]problemItem, 0, len(page.Items))
	for _, it := range page.Items {
		item := problemItem{Problem: it.Problem, Light: it.Lateness.Light, Lateness: it.Lateness}
		if it.Unit != nil {
			item.UnitID, item.UnitName = it.Unit.ID, it.Unit.Name
		}
		items = append(items, item)
	}
	if f.After != "" || f.Before != "" {
		offset = 0
	}
	return writeJSON(w, http.StatusOK, problemList{Items: items, Total: page.Total, TotalEstimated: page.Estimated,
		Limit: limit, Offset: offset, Next: page.Next, Prev: page.Prev})
}

func parseLight(s string) (rectify.Light, bool) {
	switch l := rectify.Light(s); l {
	case rectify.LightRed, rectify.LightYellow, rectify.LightGreen, rectify.LightBlue:
		return l, true
	case "none":
		return rectify.LightNone, true
	}
	return "", false
}

// getProblem shows a problem as its page and the sign-off see it: with
// measures, history, progress, evidence, light, what blocks closure and
// the statuses the caller may move it to.
func (a *API) getProblem(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	head, tail, err := a.flow.SignOffJSONParts(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSONBytes(w, http.StatusOK, head, tail)
}

// problemPatch changes the fields it gives (absent or null: unchanged).
type problemPatch struct {
	Title       *string        `json:"title,omitempty"`
	Description *string        `json:"description,omitempty"`
	Track       *rectify.Track `json:"track,omitempty"`
	Class       *string        `json:"class,omitempty" doc:"长期整改的类别，如 I"`
	Leader      *string        `json:"leader,omitempty" doc:"责任领导"`
	OwnerUnit   *string        `json:"owner_unit,omitempty" doc:"责任单位"`
	Due         *rectify.Date  `json:"due,omitempty" doc:"整改时限；空字符串为清除"`
	Opened      *rectify.Date  `json:"opened,omitempty" doc:"交办日期"`
	// ChangeReason goes with a unit's change that waits for a reviewer.
	ChangeReason string `json:"change_reason,omitempty" doc:"变更理由：单位修改标题、描述或已定的整改时限、类型时，这些修改作为变更申请待审核，其余修改随即生效"`
	Version      int    `json:"version" required:"true"`
}

// patchProblem saves the fields given.
func (a *API) patchProblem(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	p, err := a.Store.GetProblem(r.Context(), id)
	if err != nil {
		return err
	}
	var in problemPatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	set(&p.Title, in.Title)
	set(&p.Description, in.Description)
	set(&p.Class, in.Class)
	set(&p.Leader, in.Leader)
	set(&p.OwnerUnit, in.OwnerUnit)
	set(&p.Due, in.Due)
	set(&p.Opened, in.Opened)
	if in.Track != nil {
		t, ok := rectify.ParseTrack(string(*in.Track))
		if !ok {
			return invalid("track", "整改类型应为 immediate、deadline 或 long_term")
		}
		p.Track = t
	}
	saved, err := a.flow.EditProblem(r.Context(), workflow.ProblemEdit{ID: p.ID, Version: in.Version,
		Title: p.Title, Description: p.Description, Track: p.Track, Class: p.Class,
		Leader: p.Leader, OwnerUnit: p.OwnerUnit, Due: p.Due, Opened: p.Opened, Reason: in.ChangeReason})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

// set copies *v into *dst when v is given.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// problemHistory lists every change to a problem from the audit log.
func (a *API) problemHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	items, err := a.flow.History(r.Context(), id)
	if err != nil {
		return err
	}
	for i := range items {
		items[i].Changes = nonNil(items[i].Changes)
	}
	return writeJSON(w, http.StatusOK, historyList{Items: nonNil(items)})
}

// historyList is a problem's history, oldest first.
type historyList struct {
	Items []workflow.HistoryItem `json:"items"`
}
