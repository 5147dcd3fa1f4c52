package workflow

import (
	"context"
	"slices"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Inspections typed by hand (巡察): the office creates an inspection and
// keeps its problem list (反馈问题, 具体问题); the unit and the office keep
// the texts of its notice. Who may do what:
//
//   - The office — admins and reviewers whose scope holds the unit —
//     creates an inspection, changes its facts (unit, team, kind, round,
//     period, feedback date), and adds, renames, moves and deletes its
//     findings and problems: the list is what the inspection group handed
//     over, and a unit does not rewrite the charges it answers.
//   - A unit's editor changes, within its scope, what the unit answers for:
//     each problem's own facts (EditProblem: wording, track, leader,
//     responsible unit, deadline), its measures, and the notice's texts
//     (issuer, title, opening, the organisation and closing sections, the
//     public contacts) — the notice is the unit's to publish. Admins may do
//     all of that too; a viewer nothing.
//   - A problem with progress reports, or that waits for sign-off, is or
//     was signed off, is never deleted: its record stays. A finding is
//     deleted only when empty.
//
// Changes to the list carry the inspection's version as the user saw it
// and move it on, so that a page showing an older list gets ECONFLICT;
// findings and problems stay numbered 1…n in order after every change.

// InspectionHeader is what the office records of an inspection.
type InspectionHeader struct {
	UnitID   int64
	UnitName string // the inspected Party organisation as the notice names it; the unit's name when empty
	Team     string
	Source   rectify.Source // 整改来源; not given (zero): as it was, 巡察 for a new inspection
	Kind     rectify.InspectionKind
	Round    int
	Start    rectify.Date
	End      rectify.Date
	Feedback rectify.Date
}

// NoticeTexts are the texts of an inspection's notice, typed once and used
// by every notice generated from then on.
type NoticeTexts struct {
	Issuer     string
	Title      string
	NoticeDate rectify.Date
	Deployer   string
	Opening    string
	Work       []string
	NextSteps  []string
	Contact    rectify.Contact
}

// TextsOf returns the notice texts of in.
func TextsOf(in *rectify.Inspection) NoticeTexts {
	return NoticeTexts{Issuer: in.Issuer, Title: in.Title, NoticeDate: in.NoticeDate, Deployer: in.Deployer,
		Opening: in.Opening, Work: in.Work, NextSteps: in.NextSteps, Contact: in.Contact}
}

// HeaderOf returns the header of in.
func HeaderOf(in *rectify.Inspection) InspectionHeader {
	return InspectionHeader{UnitID: in.UnitID, UnitName: in.UnitName, Team: in.Team, Source: in.Source.Or(), Kind: in.Kind,
		Round: in.Round, Start: in.Start, End: in.End, Feedback: in.Feedback}
}

// apply sets the header's fields on in.
func (h InspectionHeader) apply(in *rectify.Inspection) {
	in.UnitID, in.UnitName, in.Team, in.Kind, in.Round = h.UnitID, strings.TrimSpace(h.UnitName), strings.TrimSpace(h.Team), h.Kind, h.Round
	if h.Source != "" { // not given: as it was (巡察 for a new one)
		in.Source = h.Source
	}
	in.Source = in.Source.Or()
	if in.Source.Valid() && !in.Source.HasKind() {
		in.Kind = "" // a sub-kind (常规、专项 …) is a 巡察's or 巡视's only
	}
	in.Start, in.End, in.Feedback = h.Start, h.End, h.Feedback
}

// apply sets the texts on in, each paragraph trimmed and blank ones dropped.
func (t NoticeTexts) apply(in *rectify.Inspection) {
	in.Issuer, in.Title, in.NoticeDate = strings.TrimSpace(t.Issuer), strings.TrimSpace(t.Title), t.NoticeDate
	in.Deployer, in.Opening = strings.TrimSpace(t.Deployer), strings.TrimSpace(t.Opening)
	in.Work, in.NextSteps = cleanParagraphs(t.Work), cleanParagraphs(t.NextSteps)
	c := t.Contact
	in.Contact = rectify.Contact{Phone: strings.TrimSpace(c.Phone), Address: strings.TrimSpace(c.Address),
		Mailbox: strings.TrimSpace(c.Mailbox), Email: strings.TrimSpace(c.Email)}
}

// cleanParagraphs trims ps and drops the blank ones; nil when none is left.
func cleanParagraphs(ps []string) []string {
	var out []string
	for _, p := range ps {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SplitParagraphs splits text typed in a box into paragraphs: one per
// line, blank lines dropped.
func SplitParagraphs(text string) []string {
	return cleanParagraphs(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"))
}

// kindOf returns the kind as the record keeps it, or EINVALID.
func kindOf(k rectify.InspectionKind) (rectify.InspectionKind, error) {
	if strings.TrimSpace(string(k)) == "" {
		return "", nil
	}
	kind, ok := rectify.ParseInspectionKind(string(k))
	if !ok {
		var v rectify.Invalid
		v.Add("kind", rectify.InspectionKindMessage)
		return "", v.Err()
	}
	return kind, nil
}

// CreateInspection records an inspection of the unit h.UnitID typed by
// hand, without problems yet, and returns it as stored. It returns
// EUNAUTHORIZED; EFORBIDDEN for anyone but the office (admins, reviewers)
// or a unit out of scope; EINVALID (per field) for a missing unit or team,
// an unknown kind, dates out of order; ENOTFOUND never: a unit that does not
// exist is a field error.
func (s *Service) CreateInspection(ctx context.Context, h InspectionHeader) (*rectify.Inspection, error) {
	u, err := reviewer(ctx, "新建巡察")
	if err != nil {
		return nil, wrap("create inspection", err)
	}
	if h.Kind, err = kindOf(h.Kind); err != nil {
		return nil, wrap("create inspection", err)
	}
	in := &rectify.Inspection{}
	h.apply(in)
	var id int64
	err = s.Store.Update(ctx, "create inspection", func(tx *store.Tx) error {
		unit, err := s.unitField(ctx, tx, u, h.UnitID)
		if err != nil {
			return err
		}
		if in.UnitName == "" {
			in.UnitName = unit.Name
		}
		id, err = tx.CreateInspectionHead(ctx, in)
		return err
	})
	if err != nil {
		return nil, wrap("create inspection", err)
	}
	out, err := s.Store.GetInspection(ctx, id)
	return out, wrap("create inspection", err)
}

// unitField returns the unit with id for a form's unit field: EINVALID
// when none is chosen or it does not exist, EFORBIDDEN out of u's scope.
func (s *Service) unitField(ctx context.Context, tx *store.Tx, u *rectify.User, id int64) (*rectify.Unit, error) {
	var v rectify.Invalid
	if id == 0 {
		v.Add("unit_id", "请选择被巡察单位")
		return nil, v.Err()
	}
	unit, err := tx.GetUnit(ctx, id)
	if rectify.ErrorCode(err) == rectify.ENOTFOUND {
		v.Add("unit_id", "所选单位不存在")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	return unit, inScope(u, unit)
}

// InspectionUpdate changes an inspection: its header (the office's), the
// texts of its notice and whether the notice is public; a nil part stays as
// it is. Version is the inspection's version as the user saw it.
type InspectionUpdate struct {
	ID        int64
	Version   int
	Header    *InspectionHeader
	Texts     *NoticeTexts
	Published *bool
}

// UpdateInspection saves what up carries in one transaction and returns the
// inspection as stored. A header that changes anything needs the office
// (admins, reviewers) in the scope of the unit, and of the new unit when it
// moves; the texts and publication any writer in scope. Errors: EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND, EINVALID per field, ECONFLICT for an old version.
func (s *Service) UpdateInspection(ctx context.Context, up InspectionUpdate) (*rectify.Inspection, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, wrap("update inspection", err)
	}
	if up.Header != nil {
		if up.Header.Kind, err = kindOf(up.Header.Kind); err != nil {
			return nil, wrap("update inspection", err)
		}
	}
	err = s.Store.Update(ctx, "update inspection", func(tx *store.Tx) error {
		cur, _, err := s.inspectionInTx(ctx, tx, u, up.ID)
		if err != nil {
			return err
		}
		next := *cur
		if up.Header != nil {
			up.Header.apply(&next)
			if next.UnitName == "" { // not given: as it was
				next.UnitName = cur.UnitName
			}
		}
		if up.Texts != nil {
			up.Texts.apply(&next)
		}
		if up.Published != nil {
			next.Published = *up.Published
		}
		// Bad input is reported first, whoever sends it.
		if err := next.Validate(); err != nil {
			return err
		}
		if up.Header != nil {
			if HeaderOf(&next) != HeaderOf(cur) {
				if u.Actor() != rectify.ActorReviewer {
					return rectify.Errorf(rectify.EFORBIDDEN, "巡察的基本信息（被巡察单位、巡察组、类型、轮次、时间、反馈日期）由巡察办填写，被巡察单位不能修改")
				}
				if next.UnitID != cur.UnitID {
					if _, err := s.unitField(ctx, tx, u, next.UnitID); err != nil {
						return err
					}
				}
			}
		}
		next.Version = up.Version
		return tx.UpdateInspection(ctx, &next)
	})
	if err != nil {
		return nil, wrap("update inspection", err)
	}
	out, err := s.Store.GetInspection(ctx, up.ID)
	return out, wrap("update inspection", err)
}

// EditNoticeTexts saves the texts of an inspection's notice (see
// UpdateInspection).
func (s *Service) EditNoticeTexts(ctx context.Context, id int64, version int, t NoticeTexts) (*rectify.Inspection, error) {
	return s.UpdateInspection(ctx, InspectionUpdate{ID: id, Version: version, Texts: &t})
}

// EditInspection saves the header of an inspection (see UpdateInspection).
func (s *Service) EditInspection(ctx context.Context, id int64, version int, h InspectionHeader) (*rectify.Inspection, error) {
	return s.UpdateInspection(ctx, InspectionUpdate{ID: id, Version: version, Header: &h})
}

// inspectionInTx returns the inspection with id, read in tx, and its
// unit when u's scope holds it.
func (s *Service) inspectionInTx(ctx context.Context, tx *store.Tx, u *rectify.User, id int64) (*rectify.Inspection, *rectify.Unit, error) {
	in, err := tx.GetInspection(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	unit, err := tx.GetUnit(ctx, in.UnitID)
	if err != nil {
		return nil, nil, err
	}
	return in, unit, inScope(u, unit)
}

// list is an inspection's problem list as read in a transaction: its
// findings in order, each with its problems in order.
type list struct {
	in       *rectify.Inspection
	findings []*rectify.Finding
}

// editList runs change on the problem list of the inspection that locate
// finds, for the office, when version is current, then numbers
// the list again and moves the inspection's version on, all in one
// transaction.
func (s *Service) editList(ctx context.Context, op string, version int, locate func(tx *store.Tx) (int64, error), change func(tx *store.Tx, l *list) error) error {
	u, err := reviewer(ctx, "修改问题清单")
	if err != nil {
		return wrap(op, err)
	}
	err = s.Store.Update(ctx, op, func(tx *store.Tx) error {
		id, err := locate(tx)
		if err != nil {
			return err
		}
		in, _, err := s.inspectionInTx(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if in.Version != version {
			return rectify.ErrStale
		}
		l, err := readList(ctx, tx, in)
		if err != nil {
			return err
		}
		perFinding := l.numberedPerFinding()
		if err := change(tx, l); err != nil {
			return err
		}
		if err := l.renumber(ctx, tx, perFinding); err != nil {
			return err
		}
		return tx.BumpInspection(ctx, in.ID, version)
	})
	return wrap(op, err)
}

// readList reads the problem list of in.
func readList(ctx context.Context, tx *store.Tx, in *rectify.Inspection) (*list, error) {
	fs, err := tx.ListFindings(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	ps, err := tx.InspectionProblems(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*rectify.Finding{}
	for _, f := range fs {
		byID[f.ID] = f
	}
	for _, p := range ps {
		if f := byID[p.FindingID]; f != nil {
			f.Problems = append(f.Problems, p)
		}
	}
	return &list{in: in, findings: fs}, nil
}

// numberedPerFinding reports whether the list numbers its problems anew in
// each finding (1, 2 | 1, 2, 3), as some notices do, rather than through
// the whole list; renumbering keeps the list's own way.
func (l *list) numberedPerFinding() bool {
	restarts, withProblems := 0, 0
	for _, f := range l.findings {
		if len(f.Problems) == 0 {
			continue
		}
		withProblems++
		if f.Problems[0].Number == 1 {
			restarts++
		}
	}
	return withProblems > 1 && restarts == withProblems
}

// renumber numbers the findings 1…n and their problems 1…m in list order
// (anew in each finding when perFinding), writing only what changed.
func (l *list) renumber(ctx context.Context, tx *store.Tx, perFinding bool) error {
	n := 0
	for i, f := range l.findings {
		if f.Number != i+1 {
			f.Number = i + 1
			if err := tx.UpdateFinding(ctx, f); err != nil {
				return err
			}
		}
		if perFinding {
			n = 0
		}
		for _, p := range f.Problems {
			n++
			if p.Number == n && p.FindingID == f.ID {
				continue // in place already: not read or written again
			}
			if err := tx.PlaceProblem(ctx, p.ID, f.ID, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// finding returns the finding with id in the list and its index, or
// ENOTFOUND.
func (l *list) finding(id int64) (*rectify.Finding, int, error) {
	for i, f := range l.findings {
		if f.ID == id {
			return f, i, nil
		}
	}
	return nil, -1, rectify.Errorf(rectify.ENOTFOUND, "未找到反馈问题（编号 %d）", id)
}

// problem returns the finding holding the problem with id, and the
// problem's index in it, or ENOTFOUND.
func (l *list) problem(id int64) (*rectify.Finding, int, error) {
	for _, f := range l.findings {
		for j, p := range f.Problems {
			if p.ID == id {
				return f, j, nil
			}
		}
	}
	return nil, -1, rectify.Errorf(rectify.ENOTFOUND, "未找到问题（编号 %d）", id)
}

// AddFinding adds a finding (反馈问题) with title at the end of the
// inspection's list and returns it. Errors: EUNAUTHORIZED; EFORBIDDEN for
// anyone but the office in scope; ENOTFOUND; EINVALID for a blank or long
// title; ECONFLICT when version is not the inspection's.
func (s *Service) AddFinding(ctx context.Context, inspectionID int64, version int, title string) (*rectify.Finding, error) {
	f := &rectify.Finding{InspectionID: inspectionID, Title: strings.TrimSpace(title)}
	if err := f.Validate(); err != nil {
		return nil, wrap("add finding", err)
	}
	err := s.editList(ctx, "add finding", version, func(*store.Tx) (int64, error) { return inspectionID, nil }, func(tx *store.Tx, l *list) error {
		f.Number = len(l.findings) + 1
		id, err := tx.CreateFinding(ctx, f)
		f.ID = id
		l.findings = append(l.findings, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// findingEdit runs change on the finding with id within its list.
func (s *Service) findingEdit(ctx context.Context, op string, id int64, version int, change func(tx *store.Tx, l *list, f *rectify.Finding, i int) error) error {
	locate := func(tx *store.Tx) (int64, error) {
		f, err := tx.GetFinding(ctx, id)
		if err != nil {
			return 0, err
		}
		return f.InspectionID, nil
	}
	return s.editList(ctx, op, version, locate, func(tx *store.Tx, l *list) error {
		f, i, err := l.finding(id)
		if err != nil {
			return err
		}
		return change(tx, l, f, i)
	})
}

// EditFinding renames a finding. Errors as AddFinding's.
func (s *Service) EditFinding(ctx context.Context, findingID int64, version int, title string) error {
	title = strings.TrimSpace(title)
	if err := (&rectify.Finding{Title: title}).Validate(); err != nil {
		return wrap("edit finding", err)
	}
	return s.findingEdit(ctx, "edit finding", findingID, version, func(tx *store.Tx, _ *list, f *rectify.Finding, _ int) error {
		if f.Title == title {
			return nil
		}
		f.Title = title
		return tx.UpdateFinding(ctx, f)
	})
}

// MoveFinding moves a finding by steps places (-1 up, 1 down) with its
// problems; a move past either end stops there. Errors as AddFinding's.
func (s *Service) MoveFinding(ctx context.Context, findingID int64, version int, steps int) error {
	return s.findingEdit(ctx, "move finding", findingID, version, func(_ *store.Tx, l *list, f *rectify.Finding, i int) error {
		to := min(max(i+steps, 0), len(l.findings)-1)
		l.findings = slices.Insert(slices.Delete(l.findings, i, i+1), to, f)
		return nil
	})
}

// DeleteFinding deletes an empty finding. It returns ETRANSITION while the
// finding holds problems, besides AddFinding's errors.
func (s *Service) DeleteFinding(ctx context.Context, findingID int64, version int) error {
	return s.findingEdit(ctx, "delete finding", findingID, version, func(tx *store.Tx, l *list, f *rectify.Finding, i int) error {
		if n := len(f.Problems); n > 0 {
			return rectify.Errorf(rectify.ETRANSITION, "反馈问题“%s”下还有 %d 个具体问题，不能删除：请先删除或移走这些问题", clip(f.Title, 30), n)
		}
		l.findings = slices.Delete(l.findings, i, i+1)
		return tx.DeleteFinding(ctx, f.ID)
	})
}

// NewProblem is a problem (具体问题) typed by hand under a finding.
type NewProblem struct {
	FindingID   int64
	Version     int // the inspection's
	Title       string
	Description string
	Track       rectify.Track
	Leader      string
	OwnerUnit   string
	Due         rectify.Date
}

// AddProblem adds a problem at the end of its finding, not started, opened
// on the inspection's feedback date, and numbers the list again. It returns
// the problem as stored; errors as AddFinding's (EINVALID per field).
func (s *Service) AddProblem(ctx context.Context, np NewProblem) (*rectify.Problem, error) {
	p := &rectify.Problem{FindingID: np.FindingID, Title: strings.TrimSpace(np.Title), Description: strings.TrimSpace(np.Description),
		Track: np.Track, Leader: strings.TrimSpace(np.Leader), OwnerUnit: strings.TrimSpace(np.OwnerUnit), Due: np.Due}
	if err := p.Validate(); err != nil {
		return nil, wrap("add problem", err)
	}
	err := s.findingEdit(ctx, "add problem", np.FindingID, np.Version, func(tx *store.Tx, l *list, f *rectify.Finding, _ int) error {
		p.InspectionID, p.Opened = l.in.ID, l.in.Feedback
		p.Number = 1
		for _, g := range l.findings {
			p.Number += len(g.Problems)
		}
		id, err := tx.CreateProblem(ctx, p)
		p.ID = id
		f.Problems = append(f.Problems, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	out, err := s.Store.GetProblem(ctx, p.ID)
	return out, wrap("add problem", err)
}

// problemEdit runs change on the problem with id within its inspection's
// list.
func (s *Service) problemEdit(ctx context.Context, op string, id int64, version int, change func(tx *store.Tx, l *list, f *rectify.Finding, j int) error) error {
	locate := func(tx *store.Tx) (int64, error) {
		p, err := tx.GetProblemRow(ctx, id)
		if err != nil {
			return 0, err
		}
		return p.InspectionID, nil
	}
	return s.editList(ctx, op, version, locate, func(tx *store.Tx, l *list) error {
		f, j, err := l.problem(id)
		if err != nil {
			return err
		}
		return change(tx, l, f, j)
	})
}

// MoveProblem moves a problem by steps places (-1 up, 1 down) in the list:
// past the first or last problem of its finding it goes to the end of the
// finding before or the start of the one after; past either end of the
// list it stops there. Errors as AddFinding's.
func (s *Service) MoveProblem(ctx context.Context, problemID int64, version int, steps int) error {
	return s.problemEdit(ctx, "move problem", problemID, version, func(_ *store.Tx, l *list, f *rectify.Finding, j int) error {
		for ; steps != 0; steps -= sign(steps) {
			f, j = l.step(f, j, sign(steps))
		}
		return nil
	})
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// step moves the problem at index j of f one place by dir and returns
// where it now stands.
func (l *list) step(f *rectify.Finding, j, dir int) (*rectify.Finding, int) {
	p := f.Problems[j]
	to := j + dir
	if to >= 0 && to < len(f.Problems) {
		f.Problems[j], f.Problems[to] = f.Problems[to], p
		return f, to
	}
	_, i, _ := l.finding(f.ID)
	if i+dir < 0 || i+dir >= len(l.findings) {
		return f, j
	}
	g := l.findings[i+dir]
	f.Problems = slices.Delete(f.Problems, j, j+1)
	if dir < 0 {
		g.Problems = append(g.Problems, p)
		return g, len(g.Problems) - 1
	}
	g.Problems = slices.Insert(g.Problems, 0, p)
	return g, 0
}

// DeleteProblem deletes a problem entered by mistake, with its measures and
// status history, and numbers the list again. A problem with progress
// reports, or that waits for sign-off, is or was signed off, is refused with
// ETRANSITION saying why; otherwise errors as AddFinding's.
func (s *Service) DeleteProblem(ctx context.Context, problemID int64, version int) error {
	return s.problemEdit(ctx, "delete problem", problemID, version, func(tx *store.Tx, _ *list, f *rectify.Finding, j int) error {
		p, err := tx.GetProblem(ctx, problemID)
		if err != nil {
			return err
		}
		if why := deleteRefusal(p); why != "" {
			return rectify.Errorf(rectify.ETRANSITION, "%s", why)
		}
		n, err := tx.CountProgress(ctx, problemID)
		if err != nil {
			return err
		}
		if n > 0 {
			return rectify.Errorf(rectify.ETRANSITION, "问题“%s”已填报 %d 条整改情况，不能删除：整改记录须保留", clip(p.Title, 30), n)
		}
		f.Problems = slices.Delete(f.Problems, j, j+1)
		return tx.DeleteProblem(ctx, problemID)
	})
}

// deleteRefusal says why p may not be deleted for its status, or "".
func deleteRefusal(p *rectify.Problem) string {
	switch p.Status {
	case rectify.StatusSubmitted:
		return "问题“" + clip(p.Title, 30) + "”已提交销号，不能删除"
	case rectify.StatusCompleted:
		return "问题“" + clip(p.Title, 30) + "”已销号，不能删除"
	}
	for _, h := range p.History {
		if h.Status == rectify.StatusCompleted {
			return "问题“" + clip(p.Title, 30) + "”曾于" + h.Date.Chinese() + "销号，不能删除：销号记录须保留"
		}
	}
	return ""
}
