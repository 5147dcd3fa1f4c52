package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
	"github.com/rectify-dev/rectify/internal/zhsort"
)

// 问题: one problem with its facts, measures, progress and evidence, the
// status actions the user may take now, the sign-off view for reviewers,
// its status history and its audit history; and the forms that change it.
// Every change goes through a use case of workflow or a version-checked
// store call, answers with a redirect and a flash message, and on a
// mistake shows the page again with the input kept and a message on each
// field at fault.

// problemForms are the forms of the problem page: empty (or with their
// defaults) when the page is shown, one of them with the input and its
// messages when a submission is shown again.
type problemForms struct {
	Edit      *httpx.Form // the problem's own fields
	Status    *httpx.Form // the unit's status change
	Review    *httpx.Form // the reviewer's decision
	Milestone *httpx.Form // the next milestone of a long-term problem
	Progress  *httpx.Form // a progress report with evidence
	Measure   *httpx.Form // a new measure
	// MeasureEdit is the edit form of the measure MeasureID; MeasureAction
	// its refused done or reopen.
	MeasureEdit   *httpx.Form
	MeasureAction *httpx.Form
	MeasureID     int64
	// Public is the choice of what the public notice shows was done.
	Public *httpx.Form
	// Theirs is the problem as someone else saved it, when an edit was
	// stale.
	Theirs *rectify.Problem
	// Figures are the figures of the progress form as the unit left them.
	Figures *figuresView
}

// problemData is the problem page.
type problemData struct {
	P        *rectify.Problem
	In       *rectify.Inspection
	Unit     *rectify.Unit
	Finding  *rectify.Finding
	Sign     *workflow.SignOff
	Today    rectify.Date
	Progress []progressItem // the latest first
	History  []workflow.HistoryItem
	Measures []measureItem
	// MeasuresDone counts the measures done by today.
	MeasuresDone int
	Forms        problemForms
	// UnitActions are the status changes the unit may make now,
	// ReviewActions the reviewer's.
	UnitActions   []statusAction
	ReviewActions []statusAction
	// StatusBox and ReviewBox are the forms of those changes.
	StatusBox *statusBox
	ReviewBox *statusBox
	// Changes are the change requests waiting for a reviewer (变更申请).
	Changes []*rectify.ChangeRequest
	// OpenMeasures are the measures not done by today (the sign-off view).
	OpenMeasures  []measureItem
	CanEdit       bool
	CanReview     bool
	Frozen        string // why measures cannot change now, "" when they can
	FrozenProblem string // why the problem's facts cannot change now
	Tracks        []choice
	Classes       []string
	MaxFile       string
	MaxFiles      string
	MaxCount      int
	Back          string // the list the user came from
	// People are the names a leader or owner field suggests (the people
	// lists near the unit), UnitNames the units a responsible-unit field
	// suggests, both by pinyin; NewNames are the leader's names that are
	// proposals in the list, not confirmed yet.
	People    []*rectify.Person
	UnitNames []string
	NewNames  []string
	// Public is what the public notice shows was done (公开表述).
	Public publicView
	// Copies are the flags of its texts that the last analysis found
	// copied (照搬照抄).
	Copies []copyFlag
}

type progressItem struct {
	*rectify.Progress
	Measure string // the measure it carries out, "①…"
	Flag    string // why it looks like paper rectification, "" when it does not
	Files   []evidenceItem
}

// evidenceItem is an evidence file as the page lists it.
type evidenceItem struct {
	*rectify.Evidence
	Image bool   // stored as an image: the page shows a thumbnail
	Size  string // for people: 12 KB
}

type measureItem struct {
	*rectify.Measure
	Light rectify.Light
	Late  rectify.Lateness
	Mark  string // ①
}

// statusBox is a form of status changes: its fields and its buttons.
type statusBox struct {
	Form        *httpx.Form
	Actions     []statusAction
	Milestone   bool // a button moves to long-term: ask for the milestone
	ReasonLabel string
	Classes     []string
	Prefix      string // of the ids and test ids: s (the unit's), review
	Today       rectify.Date
}

func newStatusBox(f *httpx.Form, actions []statusAction, prefix, reason string, today rectify.Date) *statusBox {
	b := &statusBox{Form: f, Actions: actions, ReasonLabel: reason, Classes: []string{"I", "II", "III"}, Prefix: prefix, Today: today}
	for _, a := range actions {
		b.Milestone = b.Milestone || a.NeedsMilestone
	}
	return b
}

// statusAction is a button of a status form.
type statusAction struct {
	To             rectify.Status
	Label          string
	Hint           string
	NeedsReason    bool
	NeedsMilestone bool
	Primary        bool
	Danger         bool
}

// unitAction returns the button of a move the unit makes from status.
func unitAction(from, to rectify.Status) statusAction {
	a := statusAction{To: to}
	switch to {
	case rectify.StatusInProgress:
		a.Label = "改为整改中"
		if from == rectify.StatusNotStarted {
			a.Label, a.Primary = "开始整改", true
		}
	case rectify.StatusSubmitted:
		a.Label, a.Primary, a.Hint = "提交销号", true, "措施全部完成并有证明材料后，提交审核人员销号"
	case rectify.StatusLongTerm:
		a.Label, a.NeedsMilestone, a.Hint = "转为长期整改", true, "须填写下一个节点日期"
	case rectify.StatusMostlyCompleted:
		a.Label = "标记基本完成"
	case rectify.StatusNotCompleted:
		a.Label, a.Danger = "标记未完成", true
	default:
		a.Label = "改为“" + to.Label() + "”"
	}
	return a
}

// reviewAction returns the button of a reviewer's decision from status.
func reviewAction(from, to rectify.Status) statusAction {
	a := statusAction{To: to}
	switch {
	case to == rectify.StatusCompleted:
		a.Label, a.Primary, a.Hint = "销号通过", true, "确认整改到位，予以销号；销号后按设置安排回头看"
	case from == rectify.StatusSubmitted && to == rectify.StatusInProgress:
		a.Label, a.NeedsReason, a.Danger, a.Hint = "退回", true, true, "须填写退回理由"
	case from == rectify.StatusCompleted && to == rectify.StatusInProgress:
		a.Label, a.NeedsReason, a.Danger, a.Hint = "重新打开（回头看发现反弹）", true, true, "须填写反弹情况"
	case to == rectify.StatusLongTerm:
		a.Label, a.NeedsMilestone, a.Hint = "认定为长期整改", true, "须填写下一个节点日期"
	default:
		a.Label = "改为“" + to.Label() + "”"
	}
	return a
}

// The limits of evidence uploads.
const (
	maxEvidenceFile  = 20 << 20 // one file
	maxEvidenceTotal = 50 << 20 // the files of one report
	maxEvidenceCount = 20
	// maxProgressBody bounds a report's request: its files and its
	// fields.
	maxProgressBody = maxEvidenceTotal + 1<<20
)

// problemPage shows the problem of the path with status and forms.
func (w *Web) problemPage(rw http.ResponseWriter, r *http.Request, status int, fs problemForms) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	sign, err := w.Work.SignOffView(ctx, id)
	if err != nil {
		return err
	}
	p := sign.Problem
	in, err := w.Store.GetInspection(ctx, p.InspectionID)
	if err != nil {
		return err
	}
	history, err := w.Work.History(ctx, id)
	if err != nil {
		return err
	}
	today := w.today()
	if p.Public, err = w.Store.ProblemPublic(ctx, id); err != nil {
		return err
	}
	copies, err := w.copyFlags(ctx, id)
	if err != nil {
		return err
	}
	changes, err := w.Store.ListChangeRequests(ctx, id)
	if err != nil {
		return err
	}
	data := &problemData{P: p, In: in, Unit: sign.Unit, Sign: sign, Today: today, History: history, Forms: fs, Copies: copies,
		Public:  newPublicView(p, today, fs.Public),
		Classes: []string{"I", "II", "III"}, MaxFile: httpx.Size(maxEvidenceFile), MaxFiles: httpx.Size(maxEvidenceTotal),
		MaxCount: maxEvidenceCount, Back: "/inspections/" + strconv.FormatInt(in.ID, 10)}
	for _, cr := range changes {
		if cr.State == rectify.ChangePending {
			data.Changes = append(data.Changes, cr)
		}
	}
	slices.Reverse(history)
	findings, err := w.Store.ListFindings(ctx, in.ID)
	if err != nil {
		return err
	}
	for _, f := range findings {
		if f.ID == p.FindingID {
			data.Finding = f
		}
	}
	marks := map[int64]string{}
	for _, m := range p.Measures {
		it := measureItem{Measure: m, Light: sign.Settings.MeasureLight(m, today),
			Late: rectify.MeasureLateness(m, today, sign.Settings.WarnDays), Mark: rectify.CircledNumber(m.Number)}
		marks[m.ID] = it.Mark
		if m.IsDone(today) {
			data.MeasuresDone++
		} else {
			data.OpenMeasures = append(data.OpenMeasures, it)
		}
		data.Measures = append(data.Measures, it)
	}
	flags := map[int64]string{}
	for _, f := range sign.Flags {
		flags[f.ProgressID] = f.Reason
	}
	for i := len(sign.Progress) - 1; i >= 0; i-- {
		pr := sign.Progress[i]
		it := progressItem{Progress: pr, Measure: marks[pr.MeasureID], Flag: flags[pr.ID]}
		for _, e := range pr.Evidence {
			it.Files = append(it.Files, evidenceItem{Evidence: e, Image: isImage(e), Size: sizeText(e.Size)})
		}
		data.Progress = append(data.Progress, it)
	}
	if err := w.pickers(r, data); err != nil {
		return err
	}
	data.CanEdit = auth.Allowed(u, auth.Edit, sign.Unit.Path)
	data.CanReview = auth.Allowed(u, auth.Review, sign.Unit.Path)
	if data.CanEdit && u.Actor() == rectify.ActorUnit {
		for _, to := range rectify.NextStatuses(p.Status, rectify.ActorUnit) {
			data.UnitActions = append(data.UnitActions, unitAction(p.Status, to))
		}
	}
	if data.CanReview {
		for _, to := range rectify.NextStatuses(p.Status, rectify.ActorReviewer) {
			data.ReviewActions = append(data.ReviewActions, reviewAction(p.Status, to))
		}
	}
	data.Frozen = frozenMeasures(p)
	if data.Frozen != "" {
		data.FrozenProblem = "问题已提交销号或已销号，问题信息不能修改。"
	}
	for _, t := range rectify.Tracks {
		data.Tracks = append(data.Tracks, choice{Value: string(t), Label: t.Label()})
	}
	f := &data.Forms
	if f.Edit == nil {
		f.Edit = problemForm(p)
	}
	for _, form := range []**httpx.Form{&f.Status, &f.Review, &f.Milestone, &f.Measure} {
		if *form == nil {
			*form = httpx.NewForm(nil)
		}
	}
	if f.Progress == nil {
		f.Progress = httpx.NewForm(url.Values{"date": {today.String()}})
	}
	data.StatusBox = newStatusBox(f.Status, data.UnitActions, "status", "说明（可不填）", today)
	data.ReviewBox = newStatusBox(f.Review, data.ReviewActions, "review", "审核意见（退回、重新打开时必填）", today)
	return w.render(rw, r, status, "problem", data)
}

// problemForm returns the edit form of p's own fields.
func problemForm(p *rectify.Problem) *httpx.Form {
	return httpx.NewForm(url.Values{
		"title": {p.Title}, "description": {p.Description}, "track": {string(p.Track)}, "class": {p.Class},
		"leader": {p.Leader}, "owner_unit": {p.OwnerUnit}, "due": {p.Due.String()}, "opened": {p.Opened.String()},
		"version": {strconv.Itoa(p.Version)},
	})
}

// frozenMeasures says why p's measures cannot change now, or "".
func frozenMeasures(p *rectify.Problem) string {
	switch p.Status {
	case rectify.StatusSubmitted:
		return "问题已提交销号，等待审核，整改措施不能修改；如需修改请由审核人员退回。"
	case rectify.StatusCompleted:
		return "问题已销号，整改措施不能修改；发现反弹须由审核人员重新打开。"
	}
	return ""
}

// problem shows the problem page.
func (w *Web) problem(rw http.ResponseWriter, r *http.Request) error {
	return w.problemPage(rw, r, http.StatusOK, problemForms{})
}

// problemURL returns the page of the problem with id, at anchor ("" for
// the top).
func problemURL(id int64, anchor string) string {
	u := "/problems/" + strconv.FormatInt(id, 10)
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// updateProblem saves the problem's own fields when the version the form
// was made from is still current. A stale edit keeps what the user typed
// and shows what the other person saved beside it; saving again then
// overwrites it knowingly.
func (w *Web) updateProblem(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	e := workflow.ProblemEdit{ID: id, Title: f.Get("title"), Description: f.Get("description"),
		Leader: f.Get("leader"), OwnerUnit: f.Get("owner_unit"), Class: f.Get("class"),
		Due: f.Date("due"), Opened: f.Date("opened"), Version: f.Int("version"), Reason: f.Get("change_reason")}
	track, ok := rectify.ParseTrack(f.Get("track"))
	if !ok {
		f.AddError("track", "整改类型应为立行立改、限期整改或长期整改")
	}
	e.Track = track
	check := rectify.Problem{Title: e.Title, Description: e.Description, Leader: e.Leader, OwnerUnit: e.OwnerUnit, Track: e.Track}
	if err := check.Validate(); err != nil {
		f.Fail(err)
	}
	before, err := w.Store.GetProblem(ctx, id)
	if err != nil {
		return err
	}
	status, err := save(f, func() error {
		_, err := w.Work.EditProblem(ctx, e)
		return err
	})
	if err != nil {
		return err
	}
	if status == 0 {
		msg := "已保存问题信息"
		if u, _ := currentUser(r); u != nil && u.Actor() == rectify.ActorUnit &&
			rectify.MovesIndicators(before, e.Title, e.Description, e.Track, e.Due) {
			msg = "已保存；标题、描述或已定的整改时限、类型的修改已作为变更申请提交巡察办审核，同意后生效"
		}
		return redirect(rw, r, problemURL(id, "changes"), msg)
	}
	fs := problemForms{Edit: f}
	if status == http.StatusConflict && errorIsStale(f) {
		theirs, err := w.Store.GetProblem(ctx, id)
		if err != nil {
			return err
		}
		fs.Theirs = theirs
		f.Set("version", strconv.Itoa(theirs.Version))
		f.Message = "已被他人修改：下面列出了他人保存的内容，您填写的内容仍在表单中。核对后再次保存，将以您填写的内容为准。"
	}
	return w.problemPage(rw, r, status, fs)
}

// errorIsStale reports whether the form was refused for a stale version
// (not for a refused transition, which is a conflict too).
func errorIsStale(f *httpx.Form) bool { return f.Message == rectify.ErrStale.Message }

// statusInput reads a status change from f; to is required.
func statusInput(f *httpx.Form) workflow.StatusInput {
	to := rectify.Status(f.Get("to"))
	if !to.Valid() {
		f.AddError("to", "请选择要变更的状态")
	}
	return workflow.StatusInput{To: to, Class: f.Get("class"), NextMilestone: f.Date("next_milestone"), Reason: f.Get("reason"),
		On: f.Date("on")}
}

// changeStatus makes the unit's status change (开始整改, 提交销号, 转为长期整改, …).
func (w *Web) changeStatus(rw http.ResponseWriter, r *http.Request) error {
	return w.statusChange(rw, r, false)
}

// reviewProblem makes the reviewer's decision (销号通过, 退回, 认定为长期整改,
// 重新打开), after the sign-off view the page shows.
func (w *Web) reviewProblem(rw http.ResponseWriter, r *http.Request) error {
	return w.statusChange(rw, r, true)
}

func (w *Web) statusChange(rw http.ResponseWriter, r *http.Request, review bool) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	in := statusInput(f)
	status, err := save(f, func() error {
		_, err := w.Work.ChangeStatus(r.Context(), id, in)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		if review {
			return w.problemPage(rw, r, status, problemForms{Review: f})
		}
		return w.problemPage(rw, r, status, problemForms{Status: f})
	}
	msg := "状态已改为“" + in.To.Label() + "”"
	switch {
	case review && in.To == rectify.StatusCompleted:
		msg = "已销号：问题状态改为“完成”，并已安排回头看"
	case review && in.To == rectify.StatusInProgress:
		msg = "已退回整改单位：问题状态改为“整改中”"
	case in.To == rectify.StatusSubmitted:
		msg = "已提交销号，等待审核"
	}
	return redirect(rw, r, problemURL(id, "status"), msg)
}

// setMilestone records the next milestone of a long-term problem.
func (w *Web) setMilestone(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	next := f.Date("next_milestone")
	status, err := save(f, func() error { return w.Work.SetNextMilestone(r.Context(), id, next, f.Get("reason")) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.problemPage(rw, r, status, problemForms{Milestone: f})
	}
	return redirect(rw, r, problemURL(id, "status"), "已更新下一个节点："+next.Chinese())
}

// measureFromForm reads a measure's fields into m.
func measureFromForm(f *httpx.Form, m *rectify.Measure) {
	m.Text, m.Group, m.Owner = f.Get("text"), f.Get("group"), f.Get("owner")
	m.Due = f.Date("due")
	if err := m.Validate(); err != nil {
		f.Fail(err)
	}
}

// createMeasure adds a measure to the problem, numbered after the last.
func (w *Web) createMeasure(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	m := &rectify.Measure{ProblemID: id}
	measureFromForm(f, m)
	status, err := save(f, func() error { return w.Work.AddMeasure(r.Context(), m) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.problemPage(rw, r, status, problemForms{Measure: f})
	}
	return redirect(rw, r, problemURL(id, "measures"), "已添加整改措施"+rectify.CircledNumber(m.Number))
}

// pathMeasure returns the measure of the path and its problem.
func (w *Web) pathMeasure(r *http.Request) (*rectify.Measure, *rectify.Problem, error) {
	id, err := httpx.PathID(r, "measureID")
	if err != nil {
		return nil, nil, err
	}
	m, err := w.Store.GetMeasure(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	p, err := w.Store.GetProblem(r.Context(), m.ProblemID)
	if err != nil {
		return nil, nil, err
	}
	return m, p, nil
}

// measurePage shows the page of the measure's problem with the measure's
// edit form, or with action the form of its done or reopen.
func (w *Web) measurePage(rw http.ResponseWriter, r *http.Request, status int, m *rectify.Measure, edit, action *httpx.Form) error {
	r.SetPathValue("problemID", strconv.FormatInt(m.ProblemID, 10))
	return w.problemPage(rw, r, status, problemForms{MeasureEdit: edit, MeasureAction: action, MeasureID: m.ID})
}

// updateMeasure saves a measure's text, group, owner and deadline when
// the version the form was made from is still current.
func (w *Web) updateMeasure(rw http.ResponseWriter, r *http.Request) error {
	cur, _, err := w.pathMeasure(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	m := *cur
	measureFromForm(f, &m)
	m.Version = f.Int("version")
	status, err := save(f, func() error { return w.Work.EditMeasure(r.Context(), &m) })
	if err != nil {
		return err
	}
	if status != 0 {
		if status == http.StatusConflict && errorIsStale(f) {
			if now, err := w.Store.GetMeasure(r.Context(), m.ID); err == nil {
				f.Set("version", strconv.Itoa(now.Version))
				f.Message = "已被他人修改：他人保存的措施为“" + now.Text + "”。您填写的内容仍在表单中，再次保存将以您填写的为准。"
			}
		}
		return w.measurePage(rw, r, status, cur, f, nil)
	}
	return redirect(rw, r, problemURL(m.ProblemID, "measures"), "已保存整改措施"+rectify.CircledNumber(m.Number))
}

// measureDone marks a measure done on the day given (today when empty).
func (w *Web) measureDone(rw http.ResponseWriter, r *http.Request) error {
	return w.measureAction(rw, r, func(f *httpx.Form, m *rectify.Measure) (string, error) {
		return "整改措施" + rectify.CircledNumber(m.Number) + "已完成", w.Work.MarkMeasureDone(r.Context(), m.ID, f.Date("done"))
	})
}

// measureReopen marks a measure not done again.
func (w *Web) measureReopen(rw http.ResponseWriter, r *http.Request) error {
	return w.measureAction(rw, r, func(_ *httpx.Form, m *rectify.Measure) (string, error) {
		return "整改措施" + rectify.CircledNumber(m.Number) + "已重新打开", w.Work.ReopenMeasure(r.Context(), m.ID)
	})
}

// deleteMeasure removes a measure entered by mistake; its reports stay
// with the problem as a whole, and the history keeps what it said.
func (w *Web) deleteMeasure(rw http.ResponseWriter, r *http.Request) error {
	return w.measureAction(rw, r, func(_ *httpx.Form, m *rectify.Measure) (string, error) {
		return "已删除整改措施" + rectify.CircledNumber(m.Number) + "，已填报的整改情况保留在问题下", w.Work.DeleteMeasure(r.Context(), m.ID)
	})
}

// measureAction runs one of a measure's buttons: do changes the measure
// named in the path and returns the flash of its success. A refusal shows
// the problem's page again with the message beside the measure.
func (w *Web) measureAction(rw http.ResponseWriter, r *http.Request, do func(f *httpx.Form, m *rectify.Measure) (string, error)) error {
	m, _, err := w.pathMeasure(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	var flash string
	status, err := save(f, func() error {
		var err error
		flash, err = do(f, m)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.measurePage(rw, r, status, m, nil, f)
	}
	return redirect(rw, r, problemURL(m.ProblemID, "measures"), flash)
}

// pickers fills the suggestions of the leader, owner and responsible-unit
// fields of a problem's page, and which of its leader's names are proposals.
func (w *Web) pickers(r *http.Request, data *problemData) error {
	people, err := w.Store.PeopleNear(r.Context(), data.Unit.Path)
	if err != nil {
		return err
	}
	zhsort.SortFunc(people, func(p *rectify.Person) string { return p.Name })
	data.People = people
	proposed := map[string]bool{}
	for _, p := range people {
		if p.Proposed {
			proposed[p.Name] = true
		}
	}
	for _, n := range rectify.PersonNames(data.P.Leader) {
		if proposed[n] {
			data.NewNames = append(data.NewNames, n)
		}
	}
	units, err := w.Store.ListUnits(r.Context(), data.Unit.Path)
	if err != nil {
		return err
	}
	for _, u := range units {
		data.UnitNames = append(data.UnitNames, u.Name)
	}
	zhsort.Strings(data.UnitNames)
	return nil
}

// decideChange approves or rejects a change request of the problem
// (form fields change_id, decision approve|reject, note).
func (w *Web) decideChange(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	approve := f.Get("decision") == "approve"
	changes, err := w.Store.ListChangeRequests(r.Context(), id)
	if err != nil {
		return err
	}
	changeID := f.Int64("change_id")
	if !slices.ContainsFunc(changes, func(cr *rectify.ChangeRequest) bool { return cr.ID == changeID }) {
		return rectify.Errorf(rectify.ENOTFOUND, "未找到该问题的变更申请（编号 %d）", changeID)
	}
	if err := w.Work.DecideChange(r.Context(), changeID, approve, f.Get("note")); err != nil {
		if code := rectify.ErrorCode(err); code == rectify.EINVALID || code == rectify.ETRANSITION {
			return redirect(rw, r, problemURL(id, "changes"), "未处理："+rectify.ErrorMessage(err))
		}
		return err
	}
	msg := "已同意变更申请，修改已生效"
	if !approve {
		msg = "已不同意变更申请，问题信息未改变"
	}
	return redirect(rw, r, problemURL(id, "changes"), msg)
}
