package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// 问责和建章立制 (accountability and rules): the people held accountable and
// the rules created or revised in the user's scope, or of one inspection
// (?inspection=), as the indicators count them (问责人次, 建章立制), and the
// forms that record a new one through the workflow once an inspection is
// chosen: accountability by reviewers and admins (Review), rules by the
// unit and admins (Edit).

func (w *Web) recordRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /records", Perm: auth.Read, Handler: w.records},
		{Pattern: "POST /records/accountability", Perm: auth.Review, Handler: w.createAccountability},
		{Pattern: "POST /records/rules", Perm: auth.Edit, Handler: w.createRule},
	}
}

type recordsData struct {
	Indicators  rectify.Indicators
	Inspections []*rectify.Inspection // of the scope, for the choice
	Inspection  *rectify.Inspection   // chosen, nil for the whole scope
	Accountable []accountabilityRow
	Rules       []ruleRow
	Problems    []*rectify.Problem // of the chosen inspection, for the forms
	Forms       []string           // AccountabilityForms
	CanAccount  bool
	CanRule     bool
	AccForm     *httpx.Form
	RuleForm    *httpx.Form
}

type accountabilityRow struct {
	*rectify.Accountability
	Inspection string
	Problem    *rectify.Problem
}

type ruleRow struct {
	*rectify.Rule
	Inspection string
	Problems   []*rectify.Problem
}

// records lists the accountability records and rules of the scope or of
// the inspection chosen.
func (w *Web) records(rw http.ResponseWriter, r *http.Request) error {
	var id int64
	if s := r.URL.Query().Get("inspection"); s != "" {
		var err error
		if id, err = strconv.ParseInt(s, 10, 64); err != nil || id < 0 {
			return rectify.Errorf(rectify.ENOTFOUND, "巡察“%s”不存在", s)
		}
	}
	return w.recordsPage(rw, r, http.StatusOK, id, nil, nil)
}

// inspectionLabel names an inspection in lists: its group, kind and
// feedback date.
func inspectionLabel(in *rectify.Inspection) string {
	s := in.Team
	if in.Kind != "" || !in.Source.HasKind() {
		s += " · " + in.KindLabel() // 常规巡察, 审计
	}
	if !in.Feedback.IsZero() {
		s += "（" + in.Feedback.Chinese() + "反馈）"
	}
	return s
}

func (w *Web) recordsPage(rw http.ResponseWriter, r *http.Request, status int, inspectionID int64, acc, rule *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := rectify.DateOf(w.Now().In(w.Location))
	ins, err := w.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: me.ScopePath})
	if err != nil {
		return err
	}
	data := recordsData{Inspections: ins, Forms: rectify.AccountabilityForms, AccForm: acc, RuleForm: rule}
	labels := make(map[int64]string, len(ins))
	for _, in := range ins {
		labels[in.ID] = inspectionLabel(in)
		if in.ID == inspectionID {
			data.Inspection = in
		}
	}
	rf := store.RecordFilter{ScopePath: me.ScopePath}
	indf := store.IndicatorFilter{ScopePath: me.ScopePath}
	pf := store.ProblemFilter{ScopePath: me.ScopePath, Sort: store.SortNumber}
	if inspectionID != 0 {
		if data.Inspection == nil {
			// Not in the list: another scope's, or none at all.
			in, err := w.Store.GetInspection(ctx, inspectionID)
			if err != nil {
				return err
			}
			unit, err := w.Store.GetUnit(ctx, in.UnitID)
			if err != nil {
				return err
			}
			if err := auth.Check(me, auth.Read, unit.Path); err != nil {
				return err
			}
			data.Inspection = in
		}
		rf = store.RecordFilter{InspectionID: inspectionID}
		indf = store.IndicatorFilter{InspectionID: inspectionID}
		pf = store.ProblemFilter{InspectionID: inspectionID, Sort: store.SortNumber}
	}
	if _, data.Indicators, err = w.Store.Indicators(ctx, indf, today); err != nil {
		return err
	}
	as, err := w.Store.ListAccountability(ctx, rf)
	if err != nil {
		return err
	}
	rules, err := w.Store.ListRules(ctx, rf)
	if err != nil {
		return err
	}
	ps, _, err := w.Store.ListProblems(ctx, pf)
	if err != nil {
		return err
	}
	problems := make(map[int64]*rectify.Problem, len(ps))
	for _, p := range ps {
		problems[p.ID] = p
	}
	// The newest first.
	for _, a := range slices.Backward(as) {
		data.Accountable = append(data.Accountable, accountabilityRow{a, labels[a.InspectionID], problems[a.ProblemID]})
	}
	for _, ru := range slices.Backward(rules) {
		row := ruleRow{Rule: ru, Inspection: labels[ru.InspectionID]}
		for _, pid := range ru.ProblemIDs {
			if p := problems[pid]; p != nil {
				row.Problems = append(row.Problems, p)
			}
		}
		data.Rules = append(data.Rules, row)
	}
	if in := data.Inspection; in != nil {
		unit, err := w.Store.GetUnit(ctx, in.UnitID)
		if err != nil {
			return err
		}
		data.Problems = ps
		data.CanAccount = auth.Allowed(me, auth.Review, unit.Path) && me.Actor() == rectify.ActorReviewer
		data.CanRule = auth.Allowed(me, auth.Edit, unit.Path)
		id := strconv.FormatInt(in.ID, 10)
		if data.AccForm == nil {
			data.AccForm = httpx.NewForm(url.Values{"inspection_id": {id}, "date": {today.String()}})
		}
		if data.RuleForm == nil {
			data.RuleForm = httpx.NewForm(url.Values{"inspection_id": {id}, "issued": {today.String()}, "kind": {string(rectify.RuleNew)}})
		}
	}
	return w.render(rw, r, status, "records", data)
}

// recordInspection reads the inspection a record form names, or puts a
// message on the form.
func recordInspection(f *httpx.Form) int64 {
	id := f.Int64("inspection_id")
	if id <= 0 {
		f.AddError("inspection_id", "请选择巡察")
	}
	return id
}

// createAccountability records a person held accountable (问责).
func (w *Web) createAccountability(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	a := &rectify.Accountability{InspectionID: recordInspection(f), ProblemID: f.Int64("problem_id"),
		Person: f.Get("person"), Form: f.Get("form"), Reason: f.Get("reason")}
	if f.Get("date") == "" {
		f.AddError("date", "请填写日期")
	} else {
		a.Date = f.Date("date")
	}
	if a.Form != "" && !slices.Contains(rectify.AccountabilityForms, a.Form) {
		f.AddError("form", "请从列表中选择问责方式")
	}
	if err := a.Validate(); err != nil {
		f.Fail(err)
	}
	status, err := save(f, func() error { return w.Work.RecordAccountability(r.Context(), a) })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.recordsPage(rw, r, status, a.InspectionID, f, nil)
	}
	return redirect(rw, r, "/records?inspection="+strconv.FormatInt(a.InspectionID, 10),
		"已记录问责：“"+a.Person+"”（"+a.Form+"），计入问责人次")
}

// createRule records a rule created or revised (建章立制).
func (w *Web) createRule(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	ru := &rectify.Rule{InspectionID: recordInspection(f), Title: f.Get("title"), Kind: rectify.RuleKind(f.Get("kind"))}
	if f.Get("issued") == "" {
		f.AddError("issued", "请填写日期")
	} else {
		ru.Date = f.Date("issued")
	}
	for _, s := range f.Values["problem_ids"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			f.AddError("problem_ids", "请从列表中选择问题")
			continue
		}
		ru.ProblemIDs = append(ru.ProblemIDs, id)
	}
	if err := ru.Validate(); err != nil {
		f.Fail(renameField(err, "date", "issued"))
	}
	status, err := save(f, func() error { return renameField(w.Work.RecordRule(r.Context(), ru), "date", "issued") })
	if err != nil {
		return err
	}
	if status != 0 {
		return w.recordsPage(rw, r, status, ru.InspectionID, nil, f)
	}
	return redirect(rw, r, "/records?inspection="+strconv.FormatInt(ru.InspectionID, 10),
		"已记录制度“"+ru.Title+"”，计入建章立制")
}

// renameField returns err with its message on field from moved to field
// to: a form may name a field otherwise than the record does.
func renameField(err error, from, to string) error {
	fields := rectify.ErrorFields(err)
	msg, ok := fields[from]
	if !ok {
		return err
	}
	moved := make(map[string]string, len(fields))
	for k, v := range fields {
		moved[k] = v
	}
	delete(moved, from)
	moved[to] = msg
	return &rectify.Error{Code: rectify.ErrorCode(err), Message: rectify.ErrorMessage(err), Fields: moved}
}
