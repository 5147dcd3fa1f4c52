package ledger

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// ImportOptions says where a ledger's new problems go and whose changes
// they are.
type ImportOptions struct {
	// InspectionID is the inspection that rows without IDs belong to (a
	// unit's own sheet). Zero: such rows are refused.
	InspectionID int64
	// KeepGood applies the rows that are right when others are not; by
	// default nothing is stored when any row is bad.
	KeepGood bool
	// DryRun reads and compares without storing: the report lists what
	// would change (the web's preview).
	DryRun bool
	// Date is the day recorded for the status changes and progress the
	// ledger brings (a progress with its own date in the sheet keeps it).
	Date rectify.Date
	// Author is recorded as their author.
	Author string
	// Actor is whose status changes they are, checked against the allowed
	// transitions; "" is rectify.ActorSystem, which records what the sheet
	// says (an administrator's import).
	Actor rectify.Actor
}

// Change is one change a ledger brings, for a preview.
type Change struct {
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	Kind  string `json:"kind"` // problem, status, measure, new-problem, new-measure, progress
	Text  string `json:"text"` // what changes, in Chinese
}

// Report is what an import found and did.
type Report struct {
	Sheets        []string           `json:"sheets"`
	SkippedSheets []string           `json:"skipped_sheets,omitempty"`
	Rows          int                `json:"rows"`      // data rows read
	Unchanged     int                `json:"unchanged"` // rows that change nothing
	BadRows       int                `json:"bad_rows"`  // rows with an error (left out under KeepGood)
	Errors        []office.CellError `json:"errors"`
	Changes       []Change           `json:"changes"`
	Applied       bool               `json:"applied"`
	Result        store.LedgerResult `json:"result"`
}

// ErrBadLedger is returned when a ledger has bad cells and nothing was
// stored; the report lists them.
var ErrBadLedger = &rectify.Error{Code: rectify.EINVALID, Message: "台账中有无法识别或相互矛盾的内容，未保存任何数据"}

// defaultFinding is the finding that new problems go under when the sheet
// names none.
const defaultFinding = "未归类问题"

// Import reads a ledger workbook and brings its changes into the record:
// problems and measures updated by ID (or, in a unit's own sheet, matched by
// their text), new ones added under opt.InspectionID, status changes
// (checked against the allowed transitions for opt.Actor) and progress
// recorded on opt.Date. A ledger exported and brought back unchanged
// changes nothing. It returns the report and: an EINVALID error when data
// is not a ledger; ErrBadLedger, with the report listing every bad cell by
// sheet, row and column, when rows are bad and opt.KeepGood is not set (or
// no good row is left); the store's error when applying fails (then nothing
// is stored either). The changes go through flow's use cases in one
// transaction, so that they have the side effects they have on the pages.
func Import(ctx context.Context, st *store.Store, flow Flow, data []byte, opt ImportOptions) (*Report, error) {
	l, err := office.ReadLedger(data)
	if err != nil {
		return nil, err
	}
	if opt.Actor == "" {
		opt.Actor = rectify.ActorSystem
	}
	if opt.Date.IsZero() {
		return nil, fmt.Errorf("import ledger: no date given")
	}
	p := &planner{ctx: ctx, st: st, opt: opt, report: &Report{Sheets: l.Sheets, SkippedSheets: l.Skipped, Errors: append([]office.CellError(nil), l.Errors...)},
		problems: map[int64]*currentProblem{}, measures: map[int64]*measureState{}, loaded: map[int64]bool{},
		byText: map[int64]map[string]int64{}, inspections: map[int64]*rectify.Inspection{},
		newProblems: map[string]*newProblem{}}
	if opt.InspectionID != 0 {
		if _, err := p.inspection(opt.InspectionID); err != nil {
			return nil, fmt.Errorf("import ledger: %w", err)
		}
	}
	for _, e := range l.Entries {
		p.report.Rows++
		if e.Bad {
			p.report.BadRows++
			continue
		}
		if err := p.entry(e); err != nil {
			return nil, fmt.Errorf("import ledger: %w", err)
		}
	}
	ch := p.changes()
	sortErrors(p.report.Errors)
	if len(p.report.Errors) > 0 && (!opt.KeepGood || p.report.BadRows >= p.report.Rows) {
		return p.report, ErrBadLedger
	}
	if opt.DryRun || empty(ch) {
		return p.report, nil
	}
	res, err := apply(ctx, flow, ch, p.done, opt)
	if err != nil {
		return p.report, fmt.Errorf("import ledger: %w", err)
	}
	p.report.Applied, p.report.Result = true, res
	return p.report, nil
}

func empty(ch *store.LedgerChanges) bool {
	return len(ch.Problems)+len(ch.Measures)+len(ch.NewMeasures)+len(ch.NewProblems)+len(ch.Progress) == 0
}

// sortErrors orders errors by sheet (as first met), row and cell.
func sortErrors(errs []office.CellError) {
	order := map[string]int{}
	for _, e := range errs {
		if _, ok := order[e.Sheet]; !ok {
			order[e.Sheet] = len(order)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if order[a.Sheet] != order[b.Sheet] {
			return order[a.Sheet] < order[b.Sheet]
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return len(a.Cell) < len(b.Cell) || len(a.Cell) == len(b.Cell) && a.Cell < b.Cell
	})
}

// currentProblem is a problem of the record as the ledger shows it.
type currentProblem struct {
	p        *rectify.Problem
	rows     []*store.LedgerRow // its rows: its measures, or the problem alone
	whole    *rectify.Progress  // the latest report on the whole problem
	maxMeas  int                // highest measure number
	plan     *problemPlan
	newMeas  map[string]*newMeasure
	newOrder []*newMeasure
	// sheetRow is the first row of a unit's own sheet (no IDs) naming the
	// problem: the problem's deadline follows its open measures'.
	sheetRow *office.LedgerEntry
}

// measureState is a measure of the record with what the ledger plans for it.
type measureState struct {
	row     *store.LedgerRow
	problem *currentProblem
	plan    *measurePlan
}

// proposal is a new value for one field, and the row that asked for it.
type proposal struct {
	value string
	entry *office.LedgerEntry
	field office.LedgerField
}

// problemPlan gathers the changes to one problem.
type problemPlan struct {
	fields      map[string]proposal // title, track, leader, owner_unit, due
	title       string
	desc        string
	track       rectify.Track
	leader      string
	owner       string
	due         rectify.Date
	status      *rectify.StatusChange
	statusEntry *office.LedgerEntry
}

type measurePlan struct {
	fields map[string]proposal
	group  string
	text   string
	owner  string
	due    rectify.Date
}

type newProblem struct {
	key      string
	entry    *office.LedgerEntry
	insp     int64
	finding  string
	problem  *rectify.Problem
	measures map[string]*rectify.Measure
}

type newMeasure struct {
	m     *rectify.Measure
	entry *office.LedgerEntry
	added bool // in its problem's newOrder
}

type planner struct {
	ctx    context.Context
	st     *store.Store
	opt    ImportOptions
	report *Report

	problems    map[int64]*currentProblem
	measures    map[int64]*measureState
	loaded      map[int64]bool
	byText      map[int64]map[string]int64 // inspection → problem text or title → problem
	inspections map[int64]*rectify.Inspection

	newProblems map[string]*newProblem
	newOrder    []*newProblem
	progress    []store.LedgerProgress
	progSeen    map[string]bool
	touched     []*currentProblem
	done        []plannedDone
	doneSeen    map[*rectify.Measure]bool
}

// plannedDone is a measure the import marks carried out on a day.
type plannedDone struct {
	m   *rectify.Measure // of the record, or one the import adds (ID known once added)
	day rectify.Date
}

// inspection returns the header of an inspection and loads its ledger.
func (p *planner) inspection(id int64) (*rectify.Inspection, error) {
	if in, ok := p.inspections[id]; ok {
		return in, nil
	}
	in, err := p.st.GetInspection(p.ctx, id)
	if err != nil {
		return nil, err
	}
	if err := p.inScope(in); err != nil {
		return nil, err
	}
	p.inspections[id] = in
	return in, p.load(id)
}

// inScope refuses an inspection outside the scope of the user the import
// runs for (rectify.UserFrom; none or the system: a command-line import, unlimited). A
// sheet may name any id, so every row is checked, not just the first.
func (p *planner) inScope(in *rectify.Inspection) error {
	u := rectify.UserFrom(p.ctx)
	if u == nil || u.IsSystem() {
		return nil
	}
	unit, err := p.st.GetUnit(p.ctx, in.UnitID)
	if err != nil {
		return err
	}
	if !u.InScope(unit.Path) {
		return rectify.Errorf(rectify.EFORBIDDEN, "巡察（编号 %d）属于%s，不在您的管理范围内", in.ID, unit.Name)
	}
	return nil
}

// outOfScope reports a row whose problem or inspection the user may not
// change, and whether err was that refusal.
func (p *planner) outOfScope(e *office.LedgerEntry, f office.LedgerField, err error) bool {
	if rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		return false
	}
	p.bad(e, f, "%s，不能通过台账修改", rectify.ErrorMessage(err))
	return true
}

// load reads the current ledger rows of an inspection.
func (p *planner) load(inspectionID int64) error {
	if p.loaded[inspectionID] {
		return nil
	}
	p.loaded[inspectionID] = true
	texts := map[string]int64{}
	p.byText[inspectionID] = texts
	for r, err := range p.st.LedgerRows(p.ctx, store.LedgerFilter{InspectionID: inspectionID}) {
		if err != nil {
			return err
		}
		cp := p.problems[r.Problem.ID]
		if cp == nil {
			cp = &currentProblem{p: r.Problem, newMeas: map[string]*newMeasure{}}
			p.problems[r.Problem.ID] = cp
			for _, k := range []string{norm(office.ProblemText(r.Problem)), norm(r.Problem.Title)} {
				if _, ok := texts[k]; !ok {
					texts[k] = r.Problem.ID
				}
			}
		}
		cp.rows = append(cp.rows, r)
		if r.Measure != nil {
			p.measures[r.Measure.ID] = &measureState{row: r, problem: cp}
			cp.maxMeas = max(cp.maxMeas, r.Measure.Number)
			if r.Progress != nil && r.Progress.MeasureID == 0 {
				cp.whole = r.Progress
			}
		} else if r.Progress != nil {
			cp.whole = r.Progress
		}
	}
	return nil
}

// norm is a text as compared: without spaces, a leading number or a final stop.
func norm(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = office.StripNumbering(s)
	return strings.TrimRight(s, "。.；;")
}

// bad records an error at an entry's cell and marks the entry bad.
func (p *planner) bad(e *office.LedgerEntry, f office.LedgerField, format string, args ...any) {
	if !e.Bad {
		p.report.BadRows++
	}
	e.Bad = true
	where := e.Cell(f)
	_, cell, ok := strings.Cut(where, "!")
	if !ok {
		cell = ""
	}
	p.report.Errors = append(p.report.Errors, office.CellError{Sheet: e.Sheet, Row: e.Row, Cell: cell,
		Message: where + "：" + fmt.Sprintf(format, args...)})
}

func (p *planner) change(e *office.LedgerEntry, kind, format string, args ...any) {
	p.report.Changes = append(p.report.Changes, Change{Sheet: e.Sheet, Row: e.Row, Kind: kind, Text: fmt.Sprintf(format, args...)})
}

// requested reports whether a unit's change of pr's deadline to due
// waits already as a pending change request (变更申请), and says so in
// the report: the same sheet again asks nothing new.
func (p *planner) requested(e *office.LedgerEntry, pr *rectify.Problem, due rectify.Date) bool {
	if p.opt.Actor != rectify.ActorUnit || pr.Due.IsZero() || due == pr.Due {
		return false
	}
	reqs, err := p.st.ListChangeRequests(p.ctx, pr.ID)
	if err != nil || len(reqs) == 0 || reqs[0].State != rectify.ChangePending || reqs[0].Due != due {
		return false
	}
	p.change(e, "note", "问题%d：整改时限改为“%s”的变更申请已提交，待巡察办审核", pr.Number, due)
	return true
}

// entry plans the changes of one row.
func (p *planner) entry(e *office.LedgerEntry) error {
	var cp *currentProblem
	switch {
	case e.ProblemID != 0:
		var err error
		if cp, err = p.problemByID(e); err != nil || cp == nil {
			return err
		}
	default:
		insp := e.InspectionID
		if insp == 0 {
			insp = p.opt.InspectionID
		}
		if insp == 0 {
			p.bad(e, office.FieldProblem, "这一行是新增的问题，但没有指定导入到哪次巡察（命令行请加 --inspection 巡察ID）")
			return nil
		}
		if _, err := p.inspection(insp); err != nil {
			if errors.Is(err, rectify.ErrNotFound) {
				p.bad(e, office.FieldInspectionID, "巡察（编号 %d）不存在", insp)
				return nil
			}
			if p.outOfScope(e, office.FieldInspectionID, err) {
				return nil
			}
			return err
		}
		if !p.sourceAgrees(e, p.inspections[insp]) {
			return nil
		}
		if id, ok := p.byText[insp][norm(e.Problem)]; ok {
			cp = p.problems[id]
		} else {
			p.newProblemRow(e, insp)
			return nil
		}
	}
	if !p.sourceAgrees(e, p.inspections[cp.p.InspectionID]) {
		return nil
	}
	before := len(p.report.Changes)
	errs := len(p.report.Errors)
	p.existingRow(e, cp)
	if len(p.report.Changes) == before && len(p.report.Errors) == errs {
		p.report.Unchanged++
	}
	return nil
}

// sourceAgrees reports whether the kind of rectification the row names
// (整改来源), if any, is that of the inspection it belongs to, and refuses
// the row with the cell named when not: a ledger does not move problems
// between kinds, and an inspection's kind is changed on its page.
func (p *planner) sourceAgrees(e *office.LedgerEntry, in *rectify.Inspection) bool {
	if e.SourceText == "" || in == nil || e.Source == in.Source.Or() {
		return true
	}
	name := strings.TrimSpace(in.Team)
	if name == "" {
		name = fmt.Sprintf("编号 %d", in.ID)
	}
	p.bad(e, office.FieldSource, "整改来源“%s”与这一行所属的“%s”（%s）不符；整改来源请在其页面修改，台账不改变问题的来源",
		clip(e.SourceText), name, in.Source.Or().Label())
	return false
}

// problemByID finds the problem a row names by ID, loading its inspection.
func (p *planner) problemByID(e *office.LedgerEntry) (*currentProblem, error) {
	if cp := p.problems[e.ProblemID]; cp != nil {
		return cp, nil
	}
	if e.InspectionID != 0 && !p.loaded[e.InspectionID] {
		if _, err := p.inspection(e.InspectionID); err != nil && !errors.Is(err, rectify.ErrNotFound) {
			if p.outOfScope(e, office.FieldInspectionID, err) {
				return nil, nil
			}
			return nil, err
		}
		if cp := p.problems[e.ProblemID]; cp != nil {
			return cp, nil
		}
	}
	pr, err := p.st.GetProblem(p.ctx, e.ProblemID)
	switch {
	case errors.Is(err, rectify.ErrNotFound):
		p.bad(e, office.FieldProblem, "问题（编号 %d）在系统中不存在，可能已被删除；请重新导出台账", e.ProblemID)
		return nil, nil
	case err != nil:
		return nil, err
	}
	if _, err := p.inspection(pr.InspectionID); err != nil {
		if p.outOfScope(e, office.FieldProblem, err) {
			return nil, nil
		}
		return nil, err
	}
	return p.problems[e.ProblemID], nil
}
