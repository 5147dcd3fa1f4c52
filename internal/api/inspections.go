package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// inspectionList is a list of inspections without their findings.
type inspectionList struct {
	Items []*rectify.Inspection `json:"items"`
}

// inspectionUpdate replaces the header of an inspection and of its notice.
type inspectionUpdate struct {
	UnitName   string                 `json:"unit_name" doc:"通报中被巡察党组织的名称"`
	Team       string                 `json:"team" required:"true" doc:"巡察组，如 市委第一巡察组"`
	Source     rectify.Source         `json:"source" doc:"整改来源：xuncha 巡察（默认），xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
	Kind       rectify.InspectionKind `json:"kind" doc:"巡察、巡视的类型（常规巡察、专项巡察……）；其他来源留空"`
	Round      int                    `json:"round" doc:"轮次，0 为未填"`
	Start      rectify.Date           `json:"start"`
	End        rectify.Date           `json:"end"`
	Feedback   rectify.Date           `json:"feedback" doc:"反馈日期"`
	Issuer     string                 `json:"issuer" doc:"通报的发布单位"`
	Title      string                 `json:"title" doc:"通报标题"`
	NoticeDate rectify.Date           `json:"notice_date"`
	Deployer   string                 `json:"deployer" doc:"根据“市委”统一部署中的部署机关"`
	Opening    string                 `json:"opening" doc:"通报开头段；空则按巡察信息生成"`
	Work       []string               `json:"work" doc:"组织整改落实情况，按段"`
	NextSteps  []string               `json:"next_steps" doc:"下一步整改工作安排，按段"`
	Contact    rectify.Contact        `json:"contact"`
	Published  bool                   `json:"published" doc:"true：在公开页面发布通报"`
	Version    int                    `json:"version" required:"true"`
}

// listInspections lists the inspections of the scope (or of a unit's
// subtree), filtered by kind and round.
func (a *API) listInspections(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	unitID := q.id("unit_id")
	var kind rectify.InspectionKind
	if s := q.str("kind"); s != "" {
		k, ok := rectify.ParseInspectionKind(s)
		if !ok {
			q.add("kind", rectify.InspectionKindMessage)
		}
		kind = k
	}
	round := q.num("round", 0, 1, 1000)
	source := q.source("source")
	if err := q.err(); err != nil {
		return err
	}
	scope, err := a.subtree(r.Context(), u, "unit_id", unitID)
	if err != nil {
		return err
	}
	all, err := a.Store.ListInspections(r.Context(), store.InspectionFilter{ScopePath: scope})
	if err != nil {
		return err
	}
	out := inspectionList{Items: make([]*rectify.Inspection, 0, len(all))}
	for _, in := range all {
		if (kind == "" || in.Kind == kind) && (round == 0 || in.Round == round) && (source == "" || in.Source.Or() == source) {
			out.Items = append(out.Items, in)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// getInspection shows an inspection with its whole tree.
func (a *API) getInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	in, err := a.Store.LoadInspection(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

// updateInspection saves the header of an inspection and its notice.
func (a *API) updateInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	var in inspectionUpdate
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	cur, err := a.Store.GetInspection(r.Context(), id)
	if err != nil {
		return err
	}
	h := workflow.InspectionHeader{UnitID: cur.UnitID, UnitName: in.UnitName, Team: in.Team, Source: in.Source, Kind: in.Kind, Round: in.Round,
		Start: in.Start, End: in.End, Feedback: in.Feedback}
	t := workflow.NoticeTexts{Issuer: in.Issuer, Title: in.Title, NoticeDate: in.NoticeDate, Deployer: in.Deployer,
		Opening: in.Opening, Work: in.Work, NextSteps: in.NextSteps, Contact: in.Contact}
	saved, err := a.flow.UpdateInspection(r.Context(), workflow.InspectionUpdate{ID: id, Version: in.Version,
		Header: &h, Texts: &t, Published: &in.Published})
	if err != nil {
		return renameFields(err, contactFields)
	}
	return writeJSON(w, http.StatusOK, saved)
}

// noticeText writes the notice of an inspection from the record.
func (a *API) noticeText(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	q := newQuery(r)
	format, err := notice.ParseFormat(q.str("format"))
	if err != nil {
		q.add("format", "应为 txt 或 md")
	}
	asOf := q.date("as_of")
	if err := q.err(); err != nil {
		return err
	}
	in, err := a.Store.LoadInspection(r.Context(), id)
	if err != nil {
		return err
	}
	unit, err := a.Store.GetUnit(r.Context(), in.UnitID)
	if err != nil {
		return err
	}
	in.FillFromUnit(unit)
	var buf bytes.Buffer
	if err := notice.Render(&buf, in, notice.RenderOptions{AsOf: asOf, Format: format}); err != nil {
		return err
	}
	ct := "text/plain; charset=utf-8"
	if format == notice.FormatMarkdown {
		ct = "text/markdown; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	_, err = w.Write(buf.Bytes())
	return err
}

// importJSON is a document sent as JSON text.
type importJSON struct {
	UnitID int64  `json:"unit_id" doc:"所属单位"`
	Text   string `json:"text" required:"true" doc:"通报、反馈意见或问题清单的全文"`
	DryRun bool   `json:"dry_run" doc:"true：只预览，不保存"`
	Update bool   `json:"update" doc:"true：更新记录中已有的同一巡察"`
	Into   int64  `json:"into" doc:"导入到这次已有的巡察"`
}

// importForm is a document sent as a file in a multipart form.
type importForm struct {
	UnitID int64  `json:"unit_id" doc:"所属单位"`
	DryRun bool   `json:"dry_run" doc:"true：只预览，不保存"`
	Update bool   `json:"update" doc:"true：更新记录中已有的同一巡察"`
	Into   int64  `json:"into" doc:"导入到这次已有的巡察"`
	File   upload `json:"file" required:"true" doc:"文件：txt（UTF-8 或 GB18030）、docx、doc、wps、PDF（含扫描件，由文字识别读出）、扫描图片（png、jpg）、保存的网页或 xlsx；格式按内容识别"`
}

// importResponse is what an import stored, or for a dry run what it read.
type importResponse struct {
	DryRun       bool                     `json:"dry_run"`
	Kind         notice.Kind              `json:"kind" doc:"读到的文件：notice（通报）、feedback（反馈意见）或 problem_list（问题清单）"`
	KindLabel    string                   `json:"kind_label" doc:"文件类型的中文名称"`
	InspectionID int64                    `json:"inspection_id" doc:"新建或更新的巡察；预览时为 0"`
	Updated      bool                     `json:"updated" doc:"true：更新了记录中已有的巡察"`
	UnitID       int64                    `json:"unit_id" doc:"所属单位；预览且未指定单位时为 0"`
	UnitName     string                   `json:"unit_name"`
	Findings     int                      `json:"findings"`
	Problems     int                      `json:"problems"`
	Measures     int                      `json:"measures"`
	Counts       rectify.Indicators       `json:"counts" doc:"通报所述的统计数，截至其统计日期"`
	Reported     []rectify.ReportedCounts `json:"reported" doc:"通报汇总句所报的数字（按原文，不由问题计算）；只有统计数字的通报以此入库"`
	Warnings     []importWarning          `json:"warnings" doc:"读取和一致性检查发现的问题，按行"`
	Matches      []importMatch            `json:"matches" doc:"记录中已有的同一巡察（同一单位、巡察组和反馈日期）；导入时须 update=true"`
	Plan         *importPlan              `json:"plan,omitempty" doc:"更新已有巡察时改动的内容"`
	Document     *notice.Document         `json:"document,omitempty" doc:"解析结果（仅预览）"`
}

// importWarning is a warning of the reader with its Chinese label.
type importWarning struct {
	Line    int    `json:"line" doc:"行号（表格为行号）；0 为全文"`
	Code    string `json:"code" doc:"提示的代码，供脚本识别"`
	Label   string `json:"label" doc:"提示的类别"`
	Message string `json:"message"`
}

// importMatch is an inspection of the record that an import would duplicate.
type importMatch struct {
	ID       int64        `json:"id"`
	Team     string       `json:"team"`
	Feedback rectify.Date `json:"feedback"`
	Message  string       `json:"message"`
}

// importPlan is what an update of an inspection changes.
type importPlan struct {
	InspectionID  int64                     `json:"inspection_id"`
	Summary       string                    `json:"summary"`
	Matched       int                       `json:"matched"`
	NewFindings   []workflow.PlannedFinding `json:"new_findings"`
	NewProblems   []workflow.PlannedProblem `json:"new_problems"`
	NewMeasures   []workflow.PlannedMeasure `json:"new_measures"`
	StatusChanges []workflow.PlannedStatus  `json:"status_changes"`
	Missing       []workflow.PlannedProblem `json:"missing"`
	Filled        []string                  `json:"filled" doc:"记录中为空、由文件补充的巡察信息（发布单位、通报日期等）；已填写的不会被替换"`
}

func planResponse(p *workflow.ImportPlan) *importPlan {
	if p == nil {
		return nil
	}
	out := &importPlan{Summary: p.Summary(), Matched: p.Matched, NewFindings: nonNil(p.NewFindings),
		NewProblems: nonNil(p.NewProblems), NewMeasures: nonNil(p.NewMeasures),
		StatusChanges: nonNil(p.StatusChanges), Missing: nonNil(p.Missing), Filled: nonNil(p.Filled)}
	if p.Into != nil {
		out.InspectionID = p.Into.ID
	}
	return out
}

func warningsResponse(ws []notice.Warning) []importWarning {
	out := make([]importWarning, 0, len(ws))
	for _, w := range ws {
		out = append(out, importWarning{Line: w.Line, Code: w.Code, Label: notice.CodeLabel(w.Code), Message: w.Message})
	}
	return out
}

// importOptions is what a request asks of an import beside its document.
type importOptions struct {
	unitID, into   int64
	dryRun, update bool
}

// importNotice reads a document (a multipart file, JSON text or the raw
// body), checks it and, unless it is a dry run, stores it under unit_id
// through the workflow: a match already in the record is refused (409)
// unless update=true.
func (a *API) importNotice(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	opt := importOptions{unitID: q.id("unit_id"), dryRun: q.flag("dry_run"), update: q.flag("update"), into: q.id("into")}
	if err := q.err(); err != nil {
		return err
	}
	data, field, err := a.readNotice(r, &opt)
	if err != nil {
		return err
	}
	var unit *rectify.Unit
	if opt.unitID != 0 {
		unit, err = a.Store.GetUnit(r.Context(), opt.unitID)
		if errors.Is(err, rectify.ErrNotFound) {
			return invalid("unit_id", "所选单位不存在")
		}
		if err != nil {
			return err
		}
		if err := auth.Check(u, auth.Edit, unit.Path); err != nil {
			return err
		}
	} else if opt.into == 0 && !auth.Allowed(u, auth.Edit, auth.RootPath) {
		return invalid("unit_id", "请选择所属单位")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return invalid(field, "请上传文件")
	}
	preview, err := importer.ReadContext(r.Context(), data)
	if err != nil {
		return err
	}
	if opt.dryRun {
		out := previewResponse(preview)
		if unit != nil {
			out.UnitID, out.UnitName = unit.ID, unit.Name
		}
		matches, err := preview.Matches(r.Context(), a.flow, u, opt.unitID)
		if err != nil {
			return err
		}
		for _, m := range matches {
			out.Matches = append(out.Matches, importMatch{ID: m.ID, Team: m.Team, Feedback: m.Feedback, Message: workflow.DuplicateMessage(m)})
		}
		target := opt.into
		if target == 0 && opt.update && len(matches) > 0 {
			target = matches[0].ID
		}
		if target != 0 {
			plan, err := preview.Plan(r.Context(), a.flow, u, target)
			if err != nil {
				return err
			}
			out.Plan = planResponse(plan)
		}
		return writeJSON(w, http.StatusOK, out)
	}
	res, err := preview.Store(r.Context(), a.flow, u, importer.Options{UnitID: opt.unitID, Into: opt.into, Update: opt.update})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Updated {
		status = http.StatusOK
	}
	return writeJSON(w, status, importResponse{
		Kind: res.Kind, KindLabel: res.Kind.Label(),
		InspectionID: res.InspectionID, Updated: res.Updated, UnitID: res.UnitID, UnitName: res.UnitName,
		Findings: res.Findings, Problems: res.Problems, Measures: res.Measures,
		Counts: res.Counts, Reported: reportedResponse(res.Reported), Warnings: warningsResponse(res.Warnings), Matches: []importMatch{}, Plan: planResponse(res.Plan),
	})
}

// reportedResponse is the reported counts, [] for none.
func reportedResponse(r []rectify.ReportedCounts) []rectify.ReportedCounts {
	if r == nil {
		return []rectify.ReportedCounts{}
	}
	return r
}

// previewResponse is what a dry run answers.
func previewResponse(p *importer.Preview) importResponse {
	return importResponse{DryRun: true, Kind: p.Kind, KindLabel: p.Kind.Label(), UnitName: p.UnitName, Counts: p.Counts,
		Reported: reportedResponse(p.Inspection("").Reported),
		Warnings: warningsResponse(p.Lint), Matches: []importMatch{}, Document: p.Document,
		Findings: p.Findings, Problems: p.Problems, Measures: p.Measures}
}

// readNotice returns the notice a request carries and the name of the
// field it came in; unit_id and dry_run in a form or JSON body override
// those of the query.
func (a *API) readNotice(r *http.Request, opt *importOptions) ([]byte, string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		f, err := httpx.ParseForm(r)
		if err != nil {
			return nil, "file", err
		}
		defer r.MultipartForm.RemoveAll()
		if id := f.Int64("unit_id"); id != 0 {
			opt.unitID = id
		}
		if id := f.Int64("into"); id != 0 {
			opt.into = id
		}
		if f.Has("dry_run") {
			opt.dryRun = f.Checked("dry_run")
		}
		if f.Has("update") {
			opt.update = f.Checked("update")
		}
		if err := f.Err(); err != nil {
			return nil, "file", err
		}
		file, _, err := r.FormFile("file")
		if err != nil {
			return nil, "file", invalid("file", "请上传通报文件（表单字段 file）")
		}
		defer file.Close()
		data, err := io.ReadAll(file)
		return data, "file", err
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		var in importJSON
		if err := httpx.DecodeJSON(r, &in); err != nil {
			return nil, "text", err
		}
		if in.UnitID != 0 {
			opt.unitID = in.UnitID
		}
		if in.Into != 0 {
			opt.into = in.Into
		}
		opt.dryRun = opt.dryRun || in.DryRun
		opt.update = opt.update || in.Update
		return []byte(in.Text), "text", nil
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, "file", readError(err)
	}
	return data, "file", nil
}

// readError reports a body that could not be read: ETOOLARGE over the
// route's limit.
func readError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return rectify.Errorf(rectify.ETOOLARGE, "请求体超过 %s 的上限", httpx.Size(mb.Limit))
	}
	return rectify.Errorf(rectify.EINVALID, "请求体无法读取：%v", err)
}

// nonNil returns s, or an empty slice for nil (a list is [], never null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
