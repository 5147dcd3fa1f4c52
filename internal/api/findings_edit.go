package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// An inspection typed by hand: the office creates it, changes its facts
// and keeps its problem list (findings and problems added, renamed, moved,
// deleted). Every change of the list carries the inspection's version and
// moves it on; the list is numbered again after each.

// inspectionCreate is a new inspection as the office types it.
type inspectionCreate struct {
	UnitID   int64                  `json:"unit_id" required:"true" doc:"被巡察单位，须在管辖范围内"`
	UnitName string                 `json:"unit_name" doc:"通报中被巡察党组织的名称；不给则用单位名称"`
	Team     string                 `json:"team" required:"true" doc:"巡察组，如 县委第三巡察组；审计组、督察组……"`
	Source   rectify.Source         `json:"source" doc:"整改来源：xuncha 巡察（默认），xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
	Kind     rectify.InspectionKind `json:"kind" doc:"巡察、巡视的类型（常规巡察、专项巡察……）；其他来源留空"`
	Round    int                    `json:"round" doc:"轮次，0 为未填"`
	Start    rectify.Date           `json:"start"`
	End      rectify.Date           `json:"end"`
	Feedback rectify.Date           `json:"feedback" doc:"反馈日期，手工录入的问题以此为交办日期"`
}

// inspectionHeader replaces the office's facts of an inspection.
type inspectionHeader struct {
	inspectionCreate
	Version int `json:"version" required:"true"`
}

// titleInput is the title of a finding with the inspection's version.
type titleInput struct {
	Title   string `json:"title" required:"true" doc:"反馈问题，如 落实党中央决策部署有差距"`
	Version int    `json:"version" required:"true" doc:"巡察的版本"`
}

// moveInput moves a finding or a problem one place.
type moveInput struct {
	Direction string `json:"direction" required:"true" doc:"up 上移一位，down 下移一位；具体问题越过所在反馈问题的首尾时移入相邻的反馈问题"`
	Version   int    `json:"version" required:"true" doc:"巡察的版本"`
}

// problemCreate is a problem typed by hand under a finding.
type problemCreate struct {
	Title       string        `json:"title" required:"true"`
	Description string        `json:"description"`
	Track       rectify.Track `json:"track"`
	Leader      string        `json:"leader" doc:"责任领导"`
	OwnerUnit   string        `json:"owner_unit" doc:"责任单位"`
	Due         rectify.Date  `json:"due" doc:"整改时限"`
	Version     int           `json:"version" required:"true" doc:"巡察的版本"`
}

// findingCreated is a finding just added and the inspection's new version.
type findingCreated struct {
	Finding           *rectify.Finding `json:"finding"`
	InspectionVersion int              `json:"inspection_version" doc:"修改后巡察的版本，下次修改问题清单时使用"`
}

// problemCreated is a problem just added and the inspection's new version.
type problemCreated struct {
	Problem           *rectify.Problem `json:"problem"`
	InspectionVersion int              `json:"inspection_version" doc:"修改后巡察的版本，下次修改问题清单时使用"`
}

func (c inspectionCreate) header() workflow.InspectionHeader {
	return workflow.InspectionHeader{UnitID: c.UnitID, UnitName: c.UnitName, Team: c.Team, Source: c.Source, Kind: c.Kind, Round: c.Round,
		Start: c.Start, End: c.End, Feedback: c.Feedback}
}

// createInspection records a new inspection without problems.
func (a *API) createInspection(w http.ResponseWriter, r *http.Request) error {
	var in inspectionCreate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	saved, err := a.flow.CreateInspection(r.Context(), in.header())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, saved)
}

// putInspectionHeader replaces the office's facts of an inspection.
func (a *API) putInspectionHeader(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	var in inspectionHeader
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	saved, err := a.flow.EditInspection(r.Context(), id, in.Version, in.header())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

// inspectionTree answers with the inspection whose list changed, whole.
func (a *API) inspectionTree(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	in, err := a.Store.LoadInspection(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, status, in)
}

// versionOf returns the inspection's version now.
func (a *API) versionOf(r *http.Request, id int64) (int, error) {
	in, err := a.Store.GetInspection(r.Context(), id)
	if err != nil {
		return 0, err
	}
	return in.Version, nil
}

// addFinding adds a finding at the end of an inspection's list.
func (a *API) addFinding(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	var in titleInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	f, err := a.flow.AddFinding(r.Context(), id, in.Version, in.Title)
	if err != nil {
		return err
	}
	v, err := a.versionOf(r, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, findingCreated{Finding: f, InspectionVersion: v})
}

// findingPath returns the finding of the path and its inspection's id.
func (a *API) findingPath(r *http.Request) (int64, int64, error) {
	fid, err := httpx.PathID(r, "findingID")
	if err != nil {
		return 0, 0, err
	}
	in, err := a.Store.FindingInspection(r.Context(), fid)
	return fid, in, err
}

// renameFinding changes a finding's title.
func (a *API) renameFinding(w http.ResponseWriter, r *http.Request) error {
	fid, in, err := a.findingPath(r)
	if err != nil {
		return err
	}
	var body titleInput
	if err := httpx.DecodeJSON(r, &body); err != nil {
		return err
	}
	if err := requireVersion(body.Version); err != nil {
		return err
	}
	if err := a.flow.EditFinding(r.Context(), fid, body.Version, body.Title); err != nil {
		return err
	}
	return a.inspectionTree(w, r, in, http.StatusOK)
}

// readMove reads a move's body.
func readMove(r *http.Request) (moveInput, int, error) {
	var in moveInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return in, 0, err
	}
	var v rectify.Invalid
	steps := 0
	switch in.Direction {
	case "up":
		steps = -1
	case "down":
		steps = 1
	default:
		v.Add("direction", "direction 应为 up 或 down")
	}
	if in.Version <= 0 {
		v.Add("version", "请填写版本号 version（取自读取时的记录），以免覆盖他人的修改")
	}
	return in, steps, v.Err()
}

// moveFinding moves a finding one place with its problems.
func (a *API) moveFinding(w http.ResponseWriter, r *http.Request) error {
	fid, in, err := a.findingPath(r)
	if err != nil {
		return err
	}
	body, steps, err := readMove(r)
	if err != nil {
		return err
	}
	if err := a.flow.MoveFinding(r.Context(), fid, body.Version, steps); err != nil {
		return err
	}
	return a.inspectionTree(w, r, in, http.StatusOK)
}

// queryVersion reads the version a DELETE carries in its query.
func queryVersion(r *http.Request) (int, error) {
	q := newQuery(r)
	v := q.num("version", 0, 1, 1<<30)
	if err := q.err(); err != nil {
		return 0, err
	}
	return v, requireVersion(v)
}

// deleteFinding deletes an empty finding.
func (a *API) deleteFinding(w http.ResponseWriter, r *http.Request) error {
	fid, in, err := a.findingPath(r)
	if err != nil {
		return err
	}
	v, err := queryVersion(r)
	if err != nil {
		return err
	}
	if err := a.flow.DeleteFinding(r.Context(), fid, v); err != nil {
		return err
	}
	return a.inspectionTree(w, r, in, http.StatusOK)
}

// addProblem adds a problem at the end of a finding.
func (a *API) addProblem(w http.ResponseWriter, r *http.Request) error {
	fid, in, err := a.findingPath(r)
	if err != nil {
		return err
	}
	var body problemCreate
	if err := httpx.DecodeJSON(r, &body); err != nil {
		return err
	}
	if err := requireVersion(body.Version); err != nil {
		return err
	}
	p, err := a.flow.AddProblem(r.Context(), workflow.NewProblem{FindingID: fid, Version: body.Version, Title: body.Title,
		Description: body.Description, Track: body.Track, Leader: body.Leader, OwnerUnit: body.OwnerUnit, Due: body.Due})
	if err != nil {
		return err
	}
	v, err := a.versionOf(r, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, problemCreated{Problem: p, InspectionVersion: v})
}

// problemInspection returns the problem of the path and its inspection's id.
func (a *API) problemInspection(r *http.Request) (int64, int64, error) {
	pid, err := httpx.PathID(r, "problemID")
	if err != nil {
		return 0, 0, err
	}
	p, err := a.Store.GetProblem(r.Context(), pid)
	if err != nil {
		return 0, 0, err
	}
	return pid, p.InspectionID, nil
}

// moveProblem moves a problem one place in its inspection's list.
func (a *API) moveProblem(w http.ResponseWriter, r *http.Request) error {
	pid, in, err := a.problemInspection(r)
	if err != nil {
		return err
	}
	body, steps, err := readMove(r)
	if err != nil {
		return err
	}
	if err := a.flow.MoveProblem(r.Context(), pid, body.Version, steps); err != nil {
		return err
	}
	return a.inspectionTree(w, r, in, http.StatusOK)
}

// deleteProblem deletes a problem entered by mistake.
func (a *API) deleteProblem(w http.ResponseWriter, r *http.Request) error {
	pid, in, err := a.problemInspection(r)
	if err != nil {
		return err
	}
	v, err := queryVersion(r)
	if err != nil {
		return err
	}
	if err := a.flow.DeleteProblem(r.Context(), pid, v); err != nil {
		return err
	}
	return a.inspectionTree(w, r, in, http.StatusOK)
}
