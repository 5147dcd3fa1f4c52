package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Importing a document (a published notice, a feedback document or a
// problem list) into the record. The document arrives as an inspection tree
// read by internal/importer; this use case decides whether it is a new
// inspection or one already in the record (same unit, same team, same
// feedback date: "the same notice imported twice"), and either stores the
// tree or updates the inspection it matches — never a silent copy.

// ImportInput is a document read as an inspection tree, and where it goes.
type ImportInput struct {
	// Inspection is the tree the document gives. Its UnitID is ignored:
	// UnitID or UnitName says where it goes. The use case sets the IDs of
	// what it stores.
	Inspection *rectify.Inspection
	// UnitID is the unit of the inspection; 0: the unit named UnitName,
	// created as a root when missing (only an administrator of every unit).
	UnitID   int64
	UnitName string
	// Into is an inspection already in the record that the document's
	// problem list goes into (a feedback document for an inspection created
	// by hand); 0: the inspection of the unit that matches the document.
	Into int64
	// Update allows updating the inspection the document matches. Without
	// it a match is refused with ECONFLICT, naming the inspection.
	Update bool
}

// ImportResult is what an import stored.
type ImportResult struct {
	// Inspection is the inspection as stored, with its whole tree.
	Inspection *rectify.Inspection
	Unit       *rectify.Unit
	// UnitPath names the unit from the root down ("青石县 › 水务局"), so
	// that the person sees where the import went.
	UnitPath string
	// Updated is true when an inspection already in the record was updated
	// (Plan says how); false when a new one was created.
	Updated bool
	Plan    *ImportPlan
}

// ImportPlan is what an import would change in an inspection already in the
// record: problems are matched by number and title; a matched problem keeps
// its ID, progress and history, gets the measures it lacks and the
// document's status when that is newer; the others are added.
type ImportPlan struct {
	Into          *rectify.Inspection `json:"-"`
	Matched       int                 `json:"matched"`
	NewFindings   []PlannedFinding    `json:"new_findings"`
	NewProblems   []PlannedProblem    `json:"new_problems"`
	NewMeasures   []PlannedMeasure    `json:"new_measures"`
	StatusChanges []PlannedStatus     `json:"status_changes"`
	// Missing are problems of the record that the document does not list;
	// they are kept as they are.
	Missing []PlannedProblem `json:"missing"`
	// Filled names the inspection's own fields the record left empty and
	// the document fills (发布单位, 通报日期, …); nothing typed is replaced.
	Filled []string `json:"filled"`
}

// PlannedFinding is a finding the import adds.
type PlannedFinding struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// PlannedProblem is a problem the import adds (ID 0), or one of the record
// it leaves alone.
type PlannedProblem struct {
	ID      int64  `json:"id,omitempty"`
	Number  int    `json:"number"`
	Title   string `json:"title"`
	Finding string `json:"finding"`
}

// PlannedMeasure is a measure the import adds to a problem of the record.
type PlannedMeasure struct {
	ProblemID int64  `json:"problem_id"`
	Number    int    `json:"number"`
	Text      string `json:"text"`
}

// PlannedStatus is a status change the import records on a problem of the
// record, as the document gives it.
type PlannedStatus struct {
	ProblemID int64          `json:"problem_id"`
	Number    int            `json:"number"`
	Title     string         `json:"title"`
	From      rectify.Status `json:"from"`
	To        rectify.Status `json:"to"`
	Date      rectify.Date   `json:"date"`
}

// IsEmpty reports whether the plan changes nothing.
func (p *ImportPlan) IsEmpty() bool {
	return len(p.NewFindings) == 0 && len(p.NewProblems) == 0 && len(p.NewMeasures) == 0 && len(p.StatusChanges) == 0 &&
		len(p.Filled) == 0
}

// Summary is the plan in one Chinese sentence.
func (p *ImportPlan) Summary() string {
	if p.IsEmpty() {
		return fmt.Sprintf("与已有记录一致（%d 个问题对上），不会改动任何内容", p.Matched)
	}
	parts := []string{fmt.Sprintf("%d 个问题对上已有记录", p.Matched)}
	if n := len(p.NewProblems); n > 0 {
		parts = append(parts, fmt.Sprintf("新增 %d 个问题", n))
	}
	if n := len(p.NewFindings); n > 0 {
		parts = append(parts, fmt.Sprintf("新增 %d 个反馈问题", n))
	}
	if n := len(p.NewMeasures); n > 0 {
		parts = append(parts, fmt.Sprintf("补充 %d 条整改措施", n))
	}
	if n := len(p.StatusChanges); n > 0 {
		parts = append(parts, fmt.Sprintf("%d 个问题的整改状态按文件更新", n))
	}
	if n := len(p.Missing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d 个已有问题文件中没有，保持不变", n))
	}
	if len(p.Filled) > 0 {
		parts = append(parts, "补充巡察的"+strings.Join(p.Filled, "、"))
	}
	return strings.Join(parts, "，")
}

// DuplicateMessage is the refusal of an import that matches in, an
// inspection already in the record.
func DuplicateMessage(in *rectify.Inspection) string {
	return fmt.Sprintf("记录中已有这次巡察：巡察 #%d（%s，%s反馈），导入会重复一份；请改为更新该巡察",
		in.ID, in.Team, feedbackText(in.Feedback))
}

func feedbackText(d rectify.Date) string {
	if d.IsZero() {
		return "反馈日期未填，"
	}
	return d.Chinese()
}

// ImportMatches returns the inspections of the record that the document in
// would duplicate: those of the unit (unitID, or the unit named unitName
// when 0) with the same team and feedback date, within u's scope. It reads
// only.
func (s *Service) ImportMatches(ctx context.Context, u *rectify.User, unitID int64, unitName string, in *rectify.Inspection) ([]*rectify.Inspection, error) {
	if err := canRead(u); err != nil {
		return nil, wrap("import matches", err)
	}
	var unit *rectify.Unit
	var err error
	if unitID != 0 {
		unit, err = s.Store.GetUnit(ctx, unitID)
	} else if strings.TrimSpace(unitName) != "" {
		// Only a unit of that name in u's scope, and only one: otherwise
		// the import asks which (see importUnit).
		units, ferr := s.Store.FindUnitsByName(ctx, unitName, u.ScopePath)
		if ferr != nil || len(units) != 1 {
			return nil, wrap("import matches", ferr)
		}
		unit = units[0]
	}
	if err != nil {
		return nil, wrap("import matches", err)
	}
	if unit == nil || !u.InScope(unit.Path) {
		return nil, nil
	}
	out, err := s.Store.SameInspections(ctx, unit.ID, in.Team, in.Feedback)
	return out, wrap("import matches", err)
}

// PlanImport returns what importing in into the inspection with id would
// change, without changing anything. EFORBIDDEN outside the user's scope,
// ENOTFOUND.
func (s *Service) PlanImport(ctx context.Context, u *rectify.User, id int64, in *rectify.Inspection) (*ImportPlan, error) {
	if err := canRead(u); err != nil {
		return nil, wrap("plan import", err)
	}
	existing, err := s.Store.LoadInspection(ctx, id)
	if err != nil {
		return nil, wrap("plan import", err)
	}
	unit, err := s.Store.GetUnit(ctx, existing.UnitID)
	if err != nil {
		return nil, wrap("plan import", err)
	}
	if err := inScope(u, unit); err != nil {
		return nil, wrap("plan import", err)
	}
	return PlanUpdate(existing, in), nil
}

// ImportInspection stores a document read as an inspection tree, acting as
// u: a new inspection, or, when in.Into names one or the unit already has
// the same inspection and in.Update allows it, an update of that inspection
// (PlanUpdate). Everything in one transaction with its audit entries, or
// nothing. It returns EUNAUTHORIZED without a user, EFORBIDDEN for a viewer
// or a unit outside u's scope (a new unit: only an administrator of every
// unit), ENOTFOUND, EINVALID for a tree the domain's rules refuse, and
// ECONFLICT (DuplicateMessage) for a match without in.Update.
func (s *Service) ImportInspection(ctx context.Context, u *rectify.User, in ImportInput) (*ImportResult, error) {
	if err := canWrite(u); err != nil {
		return nil, wrap("import", err)
	}
	if in.Inspection == nil {
		return nil, wrap("import", rectify.Errorf(rectify.EINVALID, "文件中没有可导入的内容"))
	}
	ctx = rectify.WithUser(ctx, u)
	res := &ImportResult{}
	batched := false // a large new inspection: its problems follow in batches
	err := s.Store.Update(ctx, "import", func(tx *store.Tx) (err error) {
		defer func() {
			if err == nil && res.Unit != nil {
				res.UnitPath, err = tx.UnitPathName(ctx, res.Unit)
			}
		}()
		var into *rectify.Inspection
		if in.Into != 0 {
			var err error
			if into, err = s.importTarget(ctx, tx, u, in.Into); err != nil {
				return err
			}
			if res.Unit, err = tx.GetUnit(ctx, into.UnitID); err != nil {
				return err
			}
		} else {
			unit, err := importUnit(ctx, tx, u, in.UnitID, in.UnitName, true)
			if err != nil {
				return err
			}
			if unit.ID != 0 {
				if err := inScope(u, unit); err != nil {
					return err
				}
				same, err := tx.SameInspections(ctx, unit.ID, in.Inspection.Team, in.Inspection.Feedback)
				if err != nil {
					return err
				}
				if len(same) > 0 {
					if !in.Update {
						return rectify.Errorf(rectify.ECONFLICT, "%s", DuplicateMessage(same[0]))
					}
					if into, err = tx.LoadInspection(ctx, same[0].ID); err != nil {
						return err
					}
				}
			} else if u.Role != rectify.RoleAdmin || u.UnitID != 0 {
				return rectify.Errorf(rectify.EFORBIDDEN, "只有管理全部单位的管理员才能新建单位“%s”，请选择所属单位", unit.Name)
			}
			if into == nil {
				if unit.ID == 0 {
					if unit, err = tx.EnsureRootUnit(ctx, unit.Name); err != nil {
						return err
					}
				}
				res.Unit = unit
				tree := in.Inspection
				tree.UnitID = unit.ID
				if countProblems(tree) > ImportBatchAt {
					batched = true
					return tx.BeginImport(ctx, tree)
				}
				if err := tx.CreateInspectionTree(ctx, tree); err != nil {
					return err
				}
				loaded, err := tx.LoadInspection(ctx, tree.ID)
				res.Inspection = loaded
				return err
			}
			res.Unit = unit
		}
		if importing, err := tx.Importing(ctx, into.ID); err != nil {
			return err
		} else if importing {
			return rectify.Errorf(rectify.ECONFLICT, "巡察 #%d 正在导入中，请导入完成后再更新", into.ID)
		}
		plan := PlanUpdate(into, in.Inspection)
		if err := s.applyPlan(ctx, tx, u, into, in.Inspection, plan); err != nil {
			return err
		}
		res.Updated, res.Plan = true, plan
		loaded, err := tx.LoadInspection(ctx, into.ID)
		res.Inspection = loaded
		return err
	})
	if err != nil {
		return nil, wrap("import", err)
	}
	if batched {
		if res.Inspection, err = s.importBatches(ctx, in.Inspection); err != nil {
			return nil, wrap("import", err)
		}
	}
	return res, nil
}

// A document with more than ImportBatchAt problems is imported in batches
// of ImportBatch problems, each its own short transaction, so that other
// writers wait at most one batch (about a tenth of a second on SQLite)
// instead of the whole import: the inspection and its findings first,
// marked 导入中 (store.Tx.BeginImport), then the problems, then the mark is
// cleared. A failure removes what was stored, so the import is still all
// or nothing, only not at one instant: meanwhile the inspection is shown
// as being imported. Smaller documents go in one transaction.
const (
	ImportBatchAt = 500
	ImportBatch   = 100
)

// importBatches stores the problems of tree, whose inspection and findings
// BeginImport stored, in batches, then clears the mark and returns the
// inspection as stored; on failure it removes the inspection again.
func (s *Service) importBatches(ctx context.Context, tree *rectify.Inspection) (_ *rectify.Inspection, err error) {
	defer func() {
		if err != nil {
			// Removed even when ctx was cancelled (the request went away).
			if aerr := s.Store.AbandonImport(context.WithoutCancel(ctx), tree.ID); aerr != nil {
				err = errors.Join(err, aerr)
			}
		}
	}()
	batch := make([]*rectify.Problem, 0, ImportBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := s.Store.Update(ctx, "import batch", func(tx *store.Tx) error {
			return tx.ImportProblems(ctx, tree.ID, batch)
		})
		batch = batch[:0]
		return err
	}
	for _, f := range tree.Findings {
		for _, p := range f.Problems {
			p.FindingID = f.ID
			if batch = append(batch, p); len(batch) == ImportBatch {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := s.Store.Update(ctx, "import finish", func(tx *store.Tx) error {
		return tx.FinishImport(ctx, tree.ID)
	}); err != nil {
		return nil, err
	}
	return s.Store.LoadInspection(ctx, tree.ID)
}

// AbandonStaleImports removes the inspections whose import in batches
// stopped (no batch for an hour at now: its server went down), each row
// recorded as deleted, and returns how many.
func (s *Service) AbandonStaleImports(ctx context.Context, now time.Time) (int, error) {
	ids, err := s.Store.StaleImports(ctx, now.Add(-time.Hour))
	if err != nil {
		return 0, wrap("abandon stale imports", err)
	}
	for _, id := range ids {
		if err := s.Store.AbandonImport(ctx, id); err != nil {
			return 0, wrap("abandon stale imports", err)
		}
	}
	return len(ids), nil
}

func countProblems(in *rectify.Inspection) int {
	n := 0
	for _, f := range in.Findings {
		n += len(f.Problems)
	}
	return n
}

// importUnit returns the unit with id, or the unit named name within u's
// scope — never one of another subtree, where a unit of the same name
// could have been made to catch the import. A unit with ID 0 and the name
// when none in scope has it (create: the caller creates it) or nil (read
// only); EINVALID naming each candidate by its path when several in scope
// have it, so that the person chooses.
func importUnit(ctx context.Context, tx *store.Tx, u *rectify.User, id int64, name string, create bool) (*rectify.Unit, error) {
	if id != 0 {
		return tx.GetUnit(ctx, id)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		var v rectify.Invalid
		v.Add("unit_id", "文件中没有找到被巡察单位的名称，请选择所属单位")
		return nil, v.Err()
	}
	units, err := tx.FindUnitsByName(ctx, name, u.ScopePath)
	if err != nil {
		return nil, err
	}
	switch len(units) {
	case 0:
		if !create {
			return nil, nil
		}
		return &rectify.Unit{Name: name}, nil
	case 1:
		return units[0], nil
	}
	var names []string
	for _, c := range units {
		p, err := tx.UnitPathName(ctx, c)
		if err != nil {
			return nil, err
		}
		names = append(names, fmt.Sprintf("%s（编号 %d）", p, c.ID))
	}
	var v rectify.Invalid
	v.Add("unit_id", fmt.Sprintf("有 %d 个单位名为“%s”：%s；请选择所属单位", len(units), name, strings.Join(names, "、")))
	return nil, v.Err()
}

// importTarget returns the inspection with id and its tree once its
// unit is known to lie in u's scope.
func (s *Service) importTarget(ctx context.Context, tx *store.Tx, u *rectify.User, id int64) (*rectify.Inspection, error) {
	in, err := tx.LoadInspection(ctx, id)
	if err != nil {
		return nil, err
	}
	unit, err := tx.GetUnit(ctx, in.UnitID)
	if err != nil {
		return nil, err
	}
	if err := inScope(u, unit); err != nil {
		return nil, err
	}
	return in, nil
}

// PlanUpdate returns what importing the tree doc into the inspection
// existing changes. A problem of doc matches the problem of the record with
// the same title (compared without spaces and punctuation); failing that,
// the one with the same number and a title much like it (reworded), not yet
// taken. A finding matches by title, failing that by number.
func PlanUpdate(existing, doc *rectify.Inspection) *ImportPlan {
	plan := &ImportPlan{Into: existing}
	m := matchProblems(existing, doc)
	findings := matchFindings(existing, doc)
	for fi, f := range doc.Findings {
		if findings[fi] == nil {
			plan.NewFindings = append(plan.NewFindings, PlannedFinding{Number: f.Number, Title: f.Title})
		}
		for _, p := range f.Problems {
			old := m.byDoc[p]
			if old == nil {
				plan.NewProblems = append(plan.NewProblems, PlannedProblem{Number: p.Number, Title: p.Title, Finding: f.Title})
				continue
			}
			plan.Matched++
			have := map[string]bool{}
			for _, om := range old.Measures {
				have[textKey(om.Text)] = true
			}
			n := len(old.Measures)
			for _, dm := range p.Measures {
				if have[textKey(dm.Text)] {
					continue
				}
				have[textKey(dm.Text)] = true
				n++
				plan.NewMeasures = append(plan.NewMeasures, PlannedMeasure{ProblemID: old.ID, Number: n, Text: dm.Text})
			}
			if h, ok := newerStatus(old, p); ok {
				from := old.Status
				if from == "" {
					from = rectify.StatusNotStarted
				}
				plan.StatusChanges = append(plan.StatusChanges, PlannedStatus{ProblemID: old.ID, Number: old.Number,
					Title: old.Title, From: from, To: h.Status, Date: h.Date})
			}
		}
	}
	plan.Filled = fillHeader(existing, doc, false)
	for _, f := range existing.Findings {
		for _, p := range f.Problems {
			if !m.taken[p] {
				plan.Missing = append(plan.Missing, PlannedProblem{ID: p.ID, Number: p.Number, Title: p.Title, Finding: f.Title})
			}
		}
	}
	return plan
}

// newerStatus returns the document's status of p when it differs from the
// record's problem old and is dated on or after old's status.
func newerStatus(old, p *rectify.Problem) (rectify.StatusChange, bool) {
	if len(p.History) == 0 {
		return rectify.StatusChange{}, false
	}
	h := p.History[len(p.History)-1]
	if h.Status == "" || h.Date.IsZero() || h.Date.Before(old.StatusDate) {
		return h, false
	}
	cur := old.Status
	if cur == "" {
		cur = rectify.StatusNotStarted
	}
	if h.Status == cur && (h.Status != rectify.StatusLongTerm || h.Class == old.Class) {
		return h, false
	}
	return h, true
}

type problemMatch struct {
	byDoc map[*rectify.Problem]*rectify.Problem // doc's problem → the record's
	taken map[*rectify.Problem]bool             // the record's problems matched
}

func matchProblems(existing, doc *rectify.Inspection) problemMatch {
	m := problemMatch{byDoc: map[*rectify.Problem]*rectify.Problem{}, taken: map[*rectify.Problem]bool{}}
	byTitle := map[string][]*rectify.Problem{}
	byNumber := map[int][]*rectify.Problem{}
	for _, p := range existing.Problems() {
		byTitle[textKey(p.Title)] = append(byTitle[textKey(p.Title)], p)
		byNumber[p.Number] = append(byNumber[p.Number], p)
	}
	take := func(d *rectify.Problem, cands []*rectify.Problem) bool {
		// Of several candidates, the one with d's number first.
		for _, pass := range []bool{true, false} {
			for _, c := range cands {
				if !m.taken[c] && (!pass || c.Number == d.Number) {
					m.byDoc[d], m.taken[c] = c, true
					return true
				}
			}
		}
		return false
	}
	docs := doc.Problems()
	for _, d := range docs {
		take(d, byTitle[textKey(d.Title)])
	}
	for _, d := range docs {
		if m.byDoc[d] != nil || d.Number == 0 {
			continue
		}
		// The same number matches only a title reworded, not another
		// problem that happens to carry the number.
		var cands []*rectify.Problem
		for _, c := range byNumber[d.Number] {
			if similarTitles(c.Title, d.Title) {
				cands = append(cands, c)
			}
		}
		take(d, cands)
	}
	return m
}

// similarTitles reports whether two titles say much the same: half or more
// of their character pairs in common (Dice's coefficient on bigrams), or one
// holding the other.
func similarTitles(a, b string) bool {
	a, b = textKey(a), textKey(b)
	if a == "" || b == "" {
		return false
	}
	if strings.Contains(a, b) || strings.Contains(b, a) {
		return true
	}
	pairs := func(s string) map[string]int {
		r := []rune(s)
		out := map[string]int{}
		for i := 0; i+1 < len(r); i++ {
			out[string(r[i:i+2])]++
		}
		return out
	}
	pa, pb := pairs(a), pairs(b)
	common, total := 0, 0
	for k, n := range pa {
		common += min(n, pb[k])
		total += n
	}
	for _, n := range pb {
		total += n
	}
	return total > 0 && 2*common*2 >= total
}

// matchFindings returns for each finding of doc the record's finding it
// matches, nil for a new one.
func matchFindings(existing, doc *rectify.Inspection) []*rectify.Finding {
	out := make([]*rectify.Finding, len(doc.Findings))
	taken := map[*rectify.Finding]bool{}
	for i, f := range doc.Findings {
		for _, e := range existing.Findings {
			if !taken[e] && textKey(e.Title) == textKey(f.Title) {
				out[i], taken[e] = e, true
				break
			}
		}
	}
	for i, f := range doc.Findings {
		if out[i] != nil {
			continue
		}
		for _, e := range existing.Findings {
			if !taken[e] && e.Number == f.Number && f.Number != 0 {
				out[i], taken[e] = e, true
				break
			}
		}
	}
	return out
}

// fillHeader fills the fields of the inspection in that the record left
// empty from doc (a later notice date replaces an earlier one) and returns
// their Chinese names; only with apply does it change in.
func fillHeader(in, doc *rectify.Inspection, apply bool) []string {
	var filled []string
	text := func(dst *string, v, label string) {
		if strings.TrimSpace(*dst) == "" && strings.TrimSpace(v) != "" {
			filled = append(filled, label)
			if apply {
				*dst = v
			}
		}
	}
	date := func(dst *rectify.Date, v rectify.Date, label string, later bool) {
		if !v.IsZero() && (dst.IsZero() || later && v.After(*dst)) {
			filled = append(filled, label)
			if apply {
				*dst = v
			}
		}
	}
	paras := func(dst *[]string, v []string, label string) {
		if len(*dst) == 0 && len(v) > 0 {
			filled = append(filled, label)
			if apply {
				*dst = append([]string(nil), v...)
			}
		}
	}
	text(&in.UnitName, doc.UnitName, "被巡察党组织")
	if in.Source.Or() == rectify.SourceXuncha && doc.Source.Or() != rectify.SourceXuncha {
		// The default kind gives way to the one the document names (审计 …).
		filled = append(filled, "整改来源")
		if apply {
			in.Source = doc.Source
			if !in.Source.HasKind() {
				in.Kind = ""
			}
		}
	}
	if in.Kind == "" && doc.Kind != "" && doc.Source.HasKind() {
		filled = append(filled, "巡察类型")
		if apply {
			in.Kind = doc.Kind
		}
	}
	date(&in.Start, doc.Start, "巡察开始日期", false)
	date(&in.End, doc.End, "巡察结束日期", false)
	text(&in.Deployer, doc.Deployer, "部署机关")
	text(&in.Issuer, doc.Issuer, "发布单位")
	text(&in.Title, doc.Title, "通报标题")
	date(&in.NoticeDate, doc.NoticeDate, "通报日期", true)
	paras(&in.Work, doc.Work, "组织整改落实情况")
	paras(&in.NextSteps, doc.NextSteps, "下一步整改工作安排")
	text(&in.Contact.Phone, doc.Contact.Phone, "联系电话")
	text(&in.Contact.Address, doc.Contact.Address, "地址")
	text(&in.Contact.Email, doc.Contact.Email, "电子邮箱")
	return filled
}

// textKey is text without spaces and punctuation, for matching titles.
func textKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// applyPlan carries out plan on the inspection into (its tree, read in tx).
func (s *Service) applyPlan(ctx context.Context, tx *store.Tx, u *rectify.User, into, doc *rectify.Inspection, plan *ImportPlan) error {
	if len(plan.Filled) > 0 {
		head, err := tx.GetInspection(ctx, into.ID)
		if err != nil {
			return err
		}
		fillHeader(head, doc, true)
		if err := tx.UpdateInspection(ctx, head); err != nil {
			return err
		}
	}
	m := matchProblems(into, doc)
	findings := matchFindings(into, doc)
	nextFinding := 0
	for _, f := range into.Findings {
		nextFinding = max(nextFinding, f.Number)
	}
	nextProblem := 0
	for _, p := range into.Problems() {
		nextProblem = max(nextProblem, p.Number)
	}
	numbers := map[int]bool{}
	for _, p := range into.Problems() {
		numbers[p.Number] = true
	}
	for fi, f := range doc.Findings {
		target := findings[fi]
		for _, p := range f.Problems {
			old := m.byDoc[p]
			if old == nil {
				if target == nil {
					nextFinding++
					target = &rectify.Finding{InspectionID: into.ID, Number: nextFinding, Title: f.Title}
					if !numberTaken(into, f.Number) {
						target.Number = f.Number
					}
					if err := tx.ImportFinding(ctx, target); err != nil {
						return err
					}
					into.Findings = append(into.Findings, target)
				}
				np := *p
				np.InspectionID, np.FindingID = into.ID, target.ID
				if np.Number == 0 || numbers[np.Number] {
					nextProblem++
					np.Number = nextProblem
				}
				numbers[np.Number] = true
				nextProblem = max(nextProblem, np.Number)
				if np.Opened.IsZero() {
					np.Opened = into.Feedback
				}
				// A new problem arrives with its history as a first
				// import brings it, without side effects.
				if err := tx.ImportProblem(ctx, &np); err != nil {
					return err
				}
				continue
			}
			if err := s.updateMatched(ctx, tx, u, old, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func numberTaken(in *rectify.Inspection, n int) bool {
	if n == 0 {
		return true
	}
	for _, f := range in.Findings {
		if f.Number == n {
			return true
		}
	}
	return false
}

// updateMatched gives the record's problem old the measures of the
// document's p it lacks and p's status when newer.
func (s *Service) updateMatched(ctx context.Context, tx *store.Tx, u *rectify.User, old, p *rectify.Problem) error {
	have := map[string]bool{}
	n := 0
	for _, om := range old.Measures {
		have[textKey(om.Text)] = true
		n = max(n, om.Number)
	}
	for _, dm := range p.Measures {
		if have[textKey(dm.Text)] {
			continue
		}
		have[textKey(dm.Text)] = true
		n++
		nm := *dm
		nm.ID, nm.ProblemID, nm.Number = 0, old.ID, n
		if _, err := tx.CreateMeasure(ctx, &nm); err != nil {
			return err
		}
	}
	h, ok := newerStatus(old, p)
	if !ok {
		return nil
	}
	row, err := tx.GetProblemRow(ctx, old.ID)
	if err != nil {
		return err
	}
	if h.Author == "" {
		h.Author = authorName(u)
	}
	if _, err := tx.AddStatusChange(ctx, row.ID, row.Version, h); err != nil {
		return err
	}
	return s.afterImportedStatus(ctx, tx, u, row.ID, row.Status, h)
}

// afterImportedStatus carries out the side effects of a status h that an
// import records on a problem of the record as the document gives it: a
// problem signed off gets its look-back scheduled; one no longer completed
// after sign-off counts as a rebound.
func (s *Service) afterImportedStatus(ctx context.Context, tx *store.Tx, u *rectify.User, problemID int64, from rectify.Status, h rectify.StatusChange) error {
	switch {
	case h.Status == rectify.StatusCompleted && from != rectify.StatusCompleted:
		set, err := s.settingsIn(ctx, tx, problemID)
		if err != nil {
			return err
		}
		return tx.CreateRecheck(ctx, &rectify.Recheck{ProblemID: problemID, Due: h.Date.AddMonths(set.RecheckMonths),
			Note: fmt.Sprintf("销号后%d个月回头看", set.RecheckMonths)})
	case from == rectify.StatusCompleted && h.Status != rectify.StatusCompleted:
		return tx.CreateRecheck(ctx, &rectify.Recheck{ProblemID: problemID, Due: h.Date, Done: h.Date,
			Result: rectify.RecheckFailed, Reviewer: authorName(u), Note: "导入的文件显示该问题已不是“已完成”"})
	}
	return nil
}

// canWrite returns an error unless u may change the record.
func canWrite(u *rectify.User) error {
	if err := canRead(u); err != nil {
		return err
	}
	if u.Role == rectify.RoleViewer || !u.Role.Valid() {
		return rectify.Errorf(rectify.EFORBIDDEN, "查看人员不能修改记录")
	}
	return nil
}

// canRead returns an error unless u is an active user.
func canRead(u *rectify.User) error {
	if u == nil {
		return rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	if u.Disabled {
		return rectify.Errorf(rectify.EFORBIDDEN, "账号已停用")
	}
	return nil
}
