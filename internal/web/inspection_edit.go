package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 新建巡察, 编辑问题清单, 通报文字: an inspection typed by hand. The office
// creates it, corrects its facts and keeps its problem list (findings and
// problems added, renamed, moved, deleted) on one page; the unit types the
// texts of its notice once, in one form on the inspection's page. Every
// change goes through workflow and answers with a redirect and a flash
// message; a mistake shows the page again with the input kept.

// inspectionNewData is the form of a new inspection.
type inspectionNewData struct {
	Form    *httpx.Form
	Units   []*rectify.Unit
	Sources []rectify.Source
	Kinds   []rectify.InspectionKind
}

// inspectionEditData is the page of an inspection's facts and problem list.
type inspectionEditData struct {
	In      *rectify.Inspection // with its findings and problems
	Unit    *rectify.Unit
	Units   []*rectify.Unit
	Sources []rectify.Source
	Kinds   []rectify.InspectionKind
	Header  *httpx.Form
	// List carries a refusal of a change to the list (a move, a rename, a
	// deletion): its message shows above the list.
	List       *httpx.Form
	NewFinding *httpx.Form
	NewProblem *httpx.Form
	// ProblemFinding is the finding whose add-problem form is NewProblem.
	ProblemFinding int64
}

// inspectionRoutes are the routes of this file.
func (w *Web) inspectionRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /inspections/new", Perm: auth.Review, Handler: w.newInspection},
		{Pattern: "POST /inspections", Perm: auth.Review, UnitField: "unit_id", Handler: w.createInspection},
		{Pattern: "GET /inspections/{inspectionID}/edit", Perm: auth.Review, Handler: w.editInspection},
		{Pattern: "POST /inspections/{inspectionID}", Perm: auth.Review, UnitField: "unit_id", Handler: w.saveInspection},
		{Pattern: "POST /inspections/{inspectionID}/texts", Perm: auth.Edit, Handler: w.saveNoticeTexts},
		{Pattern: "POST /inspections/{inspectionID}/findings", Perm: auth.Review, Handler: w.addFinding},
		{Pattern: "POST /findings/{findingID}", Perm: auth.Review, Handler: w.renameFinding},
		{Pattern: "POST /findings/{findingID}/move", Perm: auth.Review, Handler: w.moveFinding},
		{Pattern: "POST /findings/{findingID}/delete", Perm: auth.Review, Handler: w.deleteFinding},
		{Pattern: "POST /findings/{findingID}/problems", Perm: auth.Review, Handler: w.addProblem},
		{Pattern: "POST /problems/{problemID}/move", Perm: auth.Review, Handler: w.moveProblem},
		{Pattern: "POST /problems/{problemID}/delete", Perm: auth.Review, Handler: w.deleteProblem},
	}
}

// headerForm returns the form of in's facts.
func headerForm(in *rectify.Inspection) *httpx.Form {
	v := url.Values{"unit_id": {strconv.FormatInt(in.UnitID, 10)}, "unit_name": {in.UnitName}, "team": {in.Team},
		"source": {string(in.Source.Or())}, "kind": {string(in.Kind)}, "start": {dateValue(in.Start)}, "end": {dateValue(in.End)}, "feedback": {dateValue(in.Feedback)},
		"version": {strconv.Itoa(in.Version)}}
	if in.Round > 0 {
		v.Set("round", strconv.Itoa(in.Round))
	}
	return httpx.NewForm(v)
}

// textsForm returns the form of the texts of in's notice.
func textsForm(in *rectify.Inspection) *httpx.Form {
	return httpx.NewForm(url.Values{"issuer": {in.Issuer}, "title": {in.Title}, "opening": {in.Opening},
		"work": {strings.Join(in.Work, "\n")}, "next_steps": {strings.Join(in.NextSteps, "\n")},
		"phone": {in.Contact.Phone}, "address": {in.Contact.Address}, "mailbox": {in.Contact.Mailbox}, "email": {in.Contact.Email},
		"version": {strconv.Itoa(in.Version)}})
}

func dateValue(d rectify.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// readHeader reads an inspection's facts from f, marking bad fields.
func readHeader(f *httpx.Form) workflow.InspectionHeader {
	h := workflow.InspectionHeader{UnitID: f.Int64("unit_id"), UnitName: f.Get("unit_name"), Team: f.Get("team"),
		Source: rectify.Source(f.Get("source")), Kind: rectify.InspectionKind(f.Get("kind")), Start: f.Date("start"), End: f.Date("end"), Feedback: f.Date("feedback")}
	if s := f.Get("round"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 1000 {
			f.AddError("round", "轮次应为 0 到 1000 的整数")
		}
		h.Round = n
	}
	if !h.Source.HasKind() {
		h.Kind = "" // a sub-kind is a 巡察's or 巡视's only; the select may still show one
	}
	check := rectify.Inspection{UnitName: h.UnitName, Team: h.Team, Source: h.Source, Kind: h.Kind, Start: h.Start, End: h.End, Feedback: h.Feedback}
	if err := check.Validate(); err != nil {
		f.Fail(err)
	}
	if h.UnitID == 0 {
		f.AddError("unit_id", "请选择被巡察单位")
	}
	return h
}

// newInspection shows the form of a new inspection.
func (w *Web) newInspection(rw http.ResponseWriter, r *http.Request) error {
	f := httpx.NewForm(url.Values{"source": {string(rectify.SourceXuncha)}, "kind": {string(rectify.KindRegular)}})
	if id := r.URL.Query().Get("unit"); id != "" {
		f.Set("unit_id", id)
	}
	return w.newInspectionPage(rw, r, http.StatusOK, f)
}

func (w *Web) newInspectionPage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(r.Context(), u.ScopePath)
	if err != nil {
		return err
	}
	return w.render(rw, r, status, "inspection_new", &inspectionNewData{Form: f, Units: units, Sources: rectify.Sources, Kinds: rectify.InspectionKinds})
}

// createInspection records a new inspection and opens its problem list.
func (w *Web) createInspection(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	h := readHeader(f)
	var in *rectify.Inspection
	status, err := save(f, func() error {
		in, err = w.Work.CreateInspection(r.Context(), h)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.newInspectionPage(rw, r, status, f)
	}
	return redirect(rw, r, editURL(in.ID, ""), "已新建巡察：请录入反馈问题和具体问题")
}

// editURL is the address of an inspection's edit page, at anchor.
func editURL(id int64, anchor string) string {
	u := "/inspections/" + strconv.FormatInt(id, 10) + "/edit"
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// editForms are the forms of the edit page, one of them with a submission
// shown again.
type editForms struct {
	Header, List, NewFinding, NewProblem *httpx.Form
	ProblemFinding                       int64
}

// editInspection shows an inspection's facts and problem list for the
// office.
func (w *Web) editInspection(rw http.ResponseWriter, r *http.Request) error {
	return w.editPage(rw, r, http.StatusOK, editForms{})
}

func (w *Web) editPage(rw http.ResponseWriter, r *http.Request, status int, fs editForms) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	in, err := w.Store.LoadInspection(ctx, id)
	if err != nil {
		return err
	}
	unit, err := w.Store.GetUnit(ctx, in.UnitID)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(ctx, u.ScopePath)
	if err != nil {
		return err
	}
	data := &inspectionEditData{In: in, Unit: unit, Units: units, Sources: rectify.Sources, Kinds: rectify.InspectionKinds,
		Header: fs.Header, List: fs.List, NewFinding: fs.NewFinding, NewProblem: fs.NewProblem, ProblemFinding: fs.ProblemFinding}
	version := url.Values{"version": {strconv.Itoa(in.Version)}}
	if data.Header == nil {
		data.Header = headerForm(in)
	}
	if data.List == nil {
		data.List = httpx.NewForm(version)
	}
	if data.NewFinding == nil {
		data.NewFinding = httpx.NewForm(version)
	}
	if data.NewProblem == nil {
		data.NewProblem = httpx.NewForm(version)
	}
	// Every form posts the version the page shows: a form shown again
	// after a conflict carries the current one.
	for _, f := range []*httpx.Form{data.Header, data.List, data.NewFinding, data.NewProblem} {
		f.Set("version", strconv.Itoa(in.Version))
	}
	return w.render(rw, r, status, "inspection_edit", data)
}

// saveInspection saves the office's facts of an inspection.
func (w *Web) saveInspection(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	h := readHeader(f)
	status, err := save(f, func() error {
		_, err := w.Work.EditInspection(r.Context(), id, f.Int("version"), h)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		staleMessage(f)
		return w.editPage(rw, r, status, editForms{Header: f})
	}
	return redirect(rw, r, editURL(id, ""), "已保存巡察信息")
}

// staleMessage says what to do when the page was stale.
func staleMessage(f *httpx.Form) {
	if errorIsStale(f) {
		f.Message = "已被他人修改：页面已按最新内容显示，请核对后重试。"
	}
}

// listChange runs a change of the problem list posted from the edit page
// of inspection id and answers with the page at anchor, or with the page
// and the refusal above the list.
func (w *Web) listChange(rw http.ResponseWriter, r *http.Request, id int64, anchor, flash string, fn func(f *httpx.Form) error) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	status, err := save(f, func() error { return fn(f) })
	if err != nil {
		return err
	}
	if status != 0 {
		staleMessage(f)
		if f.Message == "" {
			f.Message = strings.Join(mapValues(f.Errors), "；")
		}
		r.SetPathValue("inspectionID", strconv.FormatInt(id, 10))
		return w.editPage(rw, r, status, editForms{List: f})
	}
	return redirect(rw, r, editURL(id, anchor), flash)
}

// mapValues returns the values of m.
func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// addFinding adds a finding at the end of the list.
func (w *Web) addFinding(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	var fd *rectify.Finding
	status, err := save(f, func() error {
		fd, err = w.Work.AddFinding(r.Context(), id, f.Int("version"), f.Get("title"))
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		staleMessage(f)
		return w.editPage(rw, r, status, editForms{NewFinding: f})
	}
	return redirect(rw, r, editURL(id, "finding-"+strconv.FormatInt(fd.ID, 10)), "已添加反馈问题")
}

// findingOf returns the finding of the path and its inspection's id.
func (w *Web) findingOf(r *http.Request) (int64, int64, error) {
	fid, err := httpx.PathID(r, "findingID")
	if err != nil {
		return 0, 0, err
	}
	in, err := w.Store.FindingInspection(r.Context(), fid)
	return fid, in, err
}

// renameFinding saves a finding's title.
func (w *Web) renameFinding(rw http.ResponseWriter, r *http.Request) error {
	fid, id, err := w.findingOf(r)
	if err != nil {
		return err
	}
	return w.listChange(rw, r, id, "finding-"+strconv.FormatInt(fid, 10), "已修改反馈问题", func(f *httpx.Form) error {
		return w.Work.EditFinding(r.Context(), fid, f.Int("version"), f.Get("title"))
	})
}

// steps reads the direction of a move: up is -1, down 1.
func steps(f *httpx.Form) int {
	if f.Get("dir") == "up" {
		return -1
	}
	return 1
}

// moveFinding moves a finding up or down with its problems.
func (w *Web) moveFinding(rw http.ResponseWriter, r *http.Request) error {
	fid, id, err := w.findingOf(r)
	if err != nil {
		return err
	}
	return w.listChange(rw, r, id, "finding-"+strconv.FormatInt(fid, 10), "已调整顺序，编号已重排", func(f *httpx.Form) error {
		return w.Work.MoveFinding(r.Context(), fid, f.Int("version"), steps(f))
	})
}

// deleteFinding deletes an empty finding.
func (w *Web) deleteFinding(rw http.ResponseWriter, r *http.Request) error {
	fid, id, err := w.findingOf(r)
	if err != nil {
		return err
	}
	return w.listChange(rw, r, id, "list", "已删除反馈问题，编号已重排", func(f *httpx.Form) error {
		return w.Work.DeleteFinding(r.Context(), fid, f.Int("version"))
	})
}

// addProblem adds a problem at the end of a finding.
func (w *Web) addProblem(rw http.ResponseWriter, r *http.Request) error {
	fid, id, err := w.findingOf(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	np := workflow.NewProblem{FindingID: fid, Version: f.Int("version"), Title: f.Get("title"), Description: f.Get("description")}
	var p *rectify.Problem
	status, err := save(f, func() error {
		p, err = w.Work.AddProblem(r.Context(), np)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		staleMessage(f)
		r.SetPathValue("inspectionID", strconv.FormatInt(id, 10))
		return w.editPage(rw, r, status, editForms{NewProblem: f, ProblemFinding: fid})
	}
	return redirect(rw, r, editURL(id, "problem-"+strconv.FormatInt(p.ID, 10)),
		"已添加第 "+strconv.Itoa(p.Number)+" 个问题：整改措施、责任领导和时限在问题页面填写")
}

// problemOf returns the problem of the path and its inspection's id.
func (w *Web) problemOf(r *http.Request) (int64, int64, error) {
	pid, err := httpx.PathID(r, "problemID")
	if err != nil {
		return 0, 0, err
	}
	p, err := w.Store.GetProblem(r.Context(), pid)
	if err != nil {
		return 0, 0, err
	}
	return pid, p.InspectionID, nil
}

// moveProblem moves a problem up or down the list.
func (w *Web) moveProblem(rw http.ResponseWriter, r *http.Request) error {
	pid, id, err := w.problemOf(r)
	if err != nil {
		return err
	}
	return w.listChange(rw, r, id, "problem-"+strconv.FormatInt(pid, 10), "已调整顺序，编号已重排", func(f *httpx.Form) error {
		return w.Work.MoveProblem(r.Context(), pid, f.Int("version"), steps(f))
	})
}

// deleteProblem deletes a problem entered by mistake.
func (w *Web) deleteProblem(rw http.ResponseWriter, r *http.Request) error {
	pid, id, err := w.problemOf(r)
	if err != nil {
		return err
	}
	return w.listChange(rw, r, id, "list", "已删除问题，编号已重排", func(f *httpx.Form) error {
		return w.Work.DeleteProblem(r.Context(), pid, f.Int("version"))
	})
}

// readTexts reads the texts of a notice from f.
func readTexts(f *httpx.Form) workflow.NoticeTexts {
	return workflow.NoticeTexts{Issuer: f.Get("issuer"), Title: f.Get("title"), Opening: f.Get("opening"),
		Work: workflow.SplitParagraphs(f.Value("work")), NextSteps: workflow.SplitParagraphs(f.Value("next_steps")),
		Contact: rectify.Contact{Phone: f.Get("phone"), Address: f.Get("address"), Mailbox: f.Get("mailbox"), Email: f.Get("email")}}
}

// saveNoticeTexts saves the texts of an inspection's notice.
func (w *Web) saveNoticeTexts(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	cur, err := w.Store.GetInspection(r.Context(), id)
	if err != nil {
		return err
	}
	t := readTexts(f)
	t.NoticeDate, t.Deployer = cur.NoticeDate, cur.Deployer
	status, err := save(f, func() error {
		_, err := w.Work.EditNoticeTexts(r.Context(), id, f.Int("version"), t)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		if errorIsStale(f) {
			f.Message = "已被他人修改：您填写的内容仍在表单中，核对后再次保存，将以您填写的内容为准。"
			f.Set("version", strconv.Itoa(cur.Version))
		}
		return w.inspectionPage(rw, r, status, f)
	}
	return redirect(rw, r, "/inspections/"+strconv.FormatInt(id, 10)+"#texts", "已保存通报文字：此后生成的通报、Word 和 PDF 均使用这些内容")
}
