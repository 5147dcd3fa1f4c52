package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

const inspectionCols = `i.id, i.unit_id, i.unit_name, i.team, i.source, i.kind, i.round, i.start_date, i.end_date, i.feedback,
	i.issuer, i.title, i.notice_date, i.deployer, i.opening, i.work, i.next_steps, i.phone, i.address, i.mailbox, i.email,
	i.published, i.reported, i.version, i.created`

func scanInspection(row interface{ Scan(...any) error }) (*rectify.Inspection, error) {
	in := &rectify.Inspection{}
	var work, next, reported, source string
	err := row.Scan(&in.ID, &in.UnitID, &in.UnitName, &in.Team, &source, &in.Kind, &in.Round, &in.Start, &in.End, &in.Feedback,
		&in.Issuer, &in.Title, &in.NoticeDate, &in.Deployer, &in.Opening, &work, &next,
		&in.Contact.Phone, &in.Contact.Address, &in.Contact.Mailbox, &in.Contact.Email,
		&in.Published, &reported, &in.Version, timeCol{&in.Created})
	if err != nil {
		return nil, err
	}
	in.Source = rectify.Source(source).Or()
	if reported != "" {
		if err := json.Unmarshal([]byte(reported), &in.Reported); err != nil {
			return nil, fmt.Errorf("reported counts: %w", err)
		}
	}
	if in.Work, err = paragraphs(work); err != nil {
		return nil, err
	}
	if in.NextSteps, err = paragraphs(next); err != nil {
		return nil, err
	}
	return in, nil
}

// sourceCol returns the source as the column keeps it: "" for 巡察, the
// kind of every row stored before sources were told apart, so that those
// rows and their audit log stay as they were.
func sourceCol(s rectify.Source) string {
	if s.Or() == rectify.SourceXuncha {
		return ""
	}
	return string(s)
}

// reportedJSON returns the reported counts as a JSON array, or "" when
// there are none.
func reportedJSON(r []rectify.ReportedCounts) (string, error) {
	if len(r) == 0 {
		return "", nil
	}
	b, err := json.Marshal(r)
	return string(b), err
}

// paragraphsJSON returns ps as a JSON array, or "" when there are none.
func paragraphsJSON(ps []string) (string, error) {
	if len(ps) == 0 {
		return "", nil
	}
	b, err := json.Marshal(ps)
	return string(b), err
}

func paragraphs(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var ps []string
	if err := json.Unmarshal([]byte(s), &ps); err != nil {
		return nil, fmt.Errorf("paragraphs: %w", err)
	}
	return ps, nil
}

// validateTree checks the inspection and everything under it with the
// domain's rules. Field names say where: "findings[0].problems[2].title".
func validateTree(in *rectify.Inspection) error {
	var v rectify.Invalid
	add := func(prefix string, err error) { addPrefixed(&v, prefix, err) }
	add("", in.Validate())
	for i, f := range in.Findings {
		fp := fmt.Sprintf("findings[%d]", i)
		if f == nil {
			v.Add(fp, "反馈问题为空")
			continue
		}
		if f.Number < 0 {
			v.Add(fp+".number", "序号不能为负数")
		}
		for j, p := range f.Problems {
			pp := fmt.Sprintf("%s.problems[%d]", fp, j)
			if p == nil {
				v.Add(pp, "具体问题为空")
				continue
			}
			add(pp, p.Validate())
			for k, m := range p.Measures {
				mp := fmt.Sprintf("%s.measures[%d]", pp, k)
				if m == nil {
					v.Add(mp, "整改措施为空")
					continue
				}
				add(mp, m.Validate())
			}
			for k, h := range p.History {
				add(fmt.Sprintf("%s.history[%d]", pp, k), validateChange(h))
			}
		}
	}
	return v.Err()
}

// addPrefixed adds the messages of err to v: each field's under prefix
// ("findings[0].problems[2]" + ".title"), or err's message on prefix
// itself when err names no field. A nil err adds nothing.
func addPrefixed(v *rectify.Invalid, prefix string, err error) {
	if err == nil {
		return
	}
	fields := rectify.ErrorFields(err)
	if len(fields) == 0 {
		v.Add(prefix, rectify.ErrorMessage(err))
		return
	}
	for k, msg := range fields {
		if prefix != "" {
			k = prefix + "." + k
		}
		v.Add(k, msg)
	}
}

// validateChange checks a status history entry.
func validateChange(h rectify.StatusChange) error {
	var v rectify.Invalid
	if !h.Status.Valid() {
		v.Add("status", "未知的整改状态")
	}
	if h.Date.IsZero() {
		v.Add("date", "请填写状态日期")
	}
	return v.Err()
}

// CreateInspection stores in with its whole tree (findings, problems,
// measures, status histories) in one transaction, and sets every ID, the
// parents' IDs in the children, Version and Created. A problem's current
// status is taken from the last entry of its history when it has one, and is
// "not started" when nothing says otherwise. Nothing is stored when anything
// fails: EINVALID (with a field per fault, e.g. "findings[1].problems[0].title")
// when the domain's rules refuse a part, not-found when the unit does not exist.
func (s *Store) CreateInspection(ctx context.Context, in *rectify.Inspection) error {
	if err := validateTree(in); err != nil {
		return fmt.Errorf("store: create inspection: %w", err)
	}
	now := s.now()
	var ids treeIDs
	err := s.write(ctx, "create inspection", func(c conn) error {
		var err error
		ids, err = c.createInspection(ctx, in, now)
		return err
	})
	if err != nil {
		return err
	}
	ids.apply(in, now)
	return nil
}

// CreateInspectionInUnit is CreateInspection for an inspection whose unit
// is known by name only (an imported notice): in the same transaction it
// finds the unit named unitName, or creates it as a root, and attaches the
// inspection to it. A failure stores nothing, not even the unit.
func (s *Store) CreateInspectionInUnit(ctx context.Context, in *rectify.Inspection, unitName string) (*rectify.Unit, error) {
	unit := &rectify.Unit{Name: strings.TrimSpace(unitName)}
	if err := unit.Validate(); err != nil {
		return nil, fmt.Errorf("store: create inspection: unit: %w", err)
	}
	if err := validateTree(in); err != nil {
		return nil, fmt.Errorf("store: create inspection: %w", err)
	}
	now := s.now()
	var ids treeIDs
	err := s.write(ctx, "create inspection", func(c conn) error {
		var err error
		if unit, err = c.ensureUnit(ctx, unit); err != nil {
			return fmt.Errorf("unit: %w", err)
		}
		in.UnitID = unit.ID
		ids, err = c.createInspection(ctx, in, now)
		return err
	})
	if err != nil {
		in.UnitID = 0
		return nil, err
	}
	ids.apply(in, now)
	return unit, nil
}

// treeIDs holds the IDs given to an inspection tree until its transaction
// commits; only then are they written into the caller's records.
type treeIDs struct {
	inspection int64
	findings   []int64
	problems   []int64
	measures   []int64
	history    []int64
}

func (t treeIDs) apply(in *rectify.Inspection, now time.Time) {
	in.ID, in.Version, in.Created = t.inspection, 1, now
	fi, pi, mi, hi := 0, 0, 0, 0
	for _, f := range in.Findings {
		f.ID, f.InspectionID = t.findings[fi], in.ID
		fi++
		for _, p := range f.Problems {
			p.ID, p.InspectionID, p.FindingID, p.Version = t.problems[pi], in.ID, f.ID, 1
			pi++
			setCurrent(p)
			for _, m := range p.Measures {
				m.ID, m.ProblemID, m.Version = t.measures[mi], p.ID, 1
				mi++
			}
			for k := range p.History {
				p.History[k].ID, p.History[k].ProblemID = t.history[hi], p.ID
				hi++
			}
		}
	}
}

// setCurrent sets p's current status from its history: the entry in force
// after all others (the latest date; of one day, the last given). Without a
// history p keeps its status, "not started" when it has none.
func setCurrent(p *rectify.Problem) {
	if len(p.History) == 0 {
		if p.Status == "" {
			p.Status = rectify.StatusNotStarted
		}
		return
	}
	h := p.History[0]
	for _, e := range p.History[1:] {
		if !e.Date.Before(h.Date) {
			h = e
		}
	}
	p.Status, p.StatusDate, p.Class, p.NextMilestone = h.Status, h.Date, h.Class, h.NextMilestone
}

func (c conn) createInspection(ctx context.Context, in *rectify.Inspection, now time.Time) (treeIDs, error) {
	var ids treeIDs
	work, err := paragraphsJSON(in.Work)
	if err != nil {
		return ids, err
	}
	next, err := paragraphsJSON(in.NextSteps)
	if err != nil {
		return ids, err
	}
	reported, err := reportedJSON(in.Reported)
	if err != nil {
		return ids, err
	}
	if err := c.mustExist(ctx, "units", "单位", in.UnitID, nil); err != nil {
		return ids, err
	}
	var search []searchRow
	ids.inspection, err = c.insert(ctx, `INSERT INTO inspections (unit_id, unit_name, team, source, kind, round,
		start_date, end_date, feedback, issuer, title, notice_date, deployer, opening, work, next_steps,
		phone, address, mailbox, email, published, reported, version, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		in.UnitID, in.UnitName, in.Team, sourceCol(in.Source), in.Kind, in.Round, in.Start, in.End, in.Feedback,
		in.Issuer, in.Title, in.NoticeDate, in.Deployer, in.Opening, work, next,
		in.Contact.Phone, in.Contact.Address, in.Contact.Mailbox, in.Contact.Email, in.Published, reported, c.time(now))
	if err != nil {
		return ids, fmt.Errorf("inspection: %w", err)
	}
	in.Source = in.Source.Or() // as it reads back
	for _, f := range in.Findings {
		fid, err := c.insert(ctx, "INSERT INTO findings (inspection_id, number, title) VALUES (?, ?, ?)",
			ids.inspection, f.Number, f.Title)
		if err != nil {
			return ids, fmt.Errorf("finding %d: %w", f.Number, err)
		}
		ids.findings = append(ids.findings, fid)
		for _, p := range f.Problems {
			sr, err := c.insertProblemTree(ctx, ids.inspection, fid, p, now, &ids)
			if err != nil {
				return ids, err
			}
			search = append(search, sr)
		}
	}
	if err := c.auditInspectionTree(ctx, ids.inspection); err != nil {
		return ids, err
	}
	// The search texts last, in one statement: SQLite's full-text index
	// flushes its pending terms before every later statement of the
	// transaction, so writing it last and at once keeps an import fast.
	if err := c.putSearch(ctx, search...); err != nil {
		return ids, err
	}
	return ids, nil
}

// insertProblemTree inserts the problem p of the finding fid with its
// measures and status history, adds their IDs to ids, and returns its
// search text, to be written with the others' (see putSearch).
func (c conn) insertProblemTree(ctx context.Context, inspectionID, fid int64, p *rectify.Problem, now time.Time, ids *treeIDs) (searchRow, error) {
	cur := *p
	setCurrent(&cur)
	pid, err := c.insert(ctx, `INSERT INTO problems (inspection_id, finding_id, number, title, description,
		track, class, leader, owner_unit, due, opened, status, status_date, next_milestone, version, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		inspectionID, fid, p.Number, p.Title, p.Description, p.Track, cur.Class, p.Leader, p.OwnerUnit,
		p.Due, p.Opened, cur.Status, cur.StatusDate, cur.NextMilestone, c.time(now))
	if err != nil {
		return searchRow{}, fmt.Errorf("problem %d: %w", p.Number, err)
	}
	ids.problems = append(ids.problems, pid)
	texts := make([]string, 0, len(p.Measures))
	for _, m := range p.Measures {
		mid, err := c.insertMeasure(ctx, pid, m)
		if err != nil {
			return searchRow{}, fmt.Errorf("problem %d measure %d: %w", p.Number, m.Number, err)
		}
		ids.measures = append(ids.measures, mid)
		if m.Group != "" {
			texts = append(texts, m.Group)
		}
		texts = append(texts, m.Text)
	}
	for _, h := range p.History {
		hid, err := c.insertChange(ctx, pid, h)
		if err != nil {
			return searchRow{}, fmt.Errorf("problem %d status %s: %w", p.Number, h.Date, err)
		}
		ids.history = append(ids.history, hid)
	}
	return searchRow{pid, searchBody(p.Title, p.Description, texts, nil)}, nil
}

// auditInspectionTree records a new inspection and its findings, problems,
// measures and status histories as created.
func (c conn) auditInspectionTree(ctx context.Context, id int64) error {
	if err := c.auditCreated(ctx, auditInspection, id); err != nil {
		return err
	}
	const ofProblems = "problem_id IN (SELECT id FROM problems WHERE inspection_id = ?)"
	for _, part := range []struct {
		e     *auditEntity
		where string
	}{
		{auditFinding, "inspection_id = ?"},
		{auditProblem, "inspection_id = ?"},
		{auditMeasure, ofProblems},
		{auditStatusChange, ofProblems},
	} {
		if err := c.auditCreatedWhere(ctx, ActionCreate, part.e, part.where, id); err != nil {
			return err
		}
	}
	return nil
}

// GetInspection returns the header of the inspection with id (no findings),
// or a not-found error.
func (s *Store) GetInspection(ctx context.Context, id int64) (*rectify.Inspection, error) {
	in, err := s.reader().getInspection(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get inspection: %w", err)
	}
	return in, nil
}

func (c conn) getInspection(ctx context.Context, id int64) (*rectify.Inspection, error) {
	in, err := scanInspection(c.queryRow(ctx, "SELECT "+inspectionCols+" FROM inspections i WHERE i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("巡察", id)
	}
	return in, err
}

// LoadInspection returns the inspection with id and its whole tree: findings,
// problems and measures ordered by number, each history ordered by date. It
// returns a not-found error when there is no such inspection.
func (s *Store) LoadInspection(ctx context.Context, id int64) (*rectify.Inspection, error) {
	c := s.reader()
	in, err := c.getInspection(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: load inspection: %w", err)
	}
	if err := c.loadTree(ctx, in); err != nil {
		return nil, fmt.Errorf("store: load inspection %d: %w", id, err)
	}
	return in, nil
}

func (c conn) loadTree(ctx context.Context, in *rectify.Inspection) error {
	rows, err := c.query(ctx, "SELECT id, inspection_id, number, title FROM findings WHERE inspection_id = ? ORDER BY number, id", in.ID)
	if err != nil {
		return err
	}
	findings := map[int64]*rectify.Finding{}
	for rows.Next() {
		f := &rectify.Finding{}
		if err := rows.Scan(&f.ID, &f.InspectionID, &f.Number, &f.Title); err != nil {
			return closeRows(rows, err)
		}
		in.Findings = append(in.Findings, f)
		findings[f.ID] = f
	}
	if err := closeRows(rows, nil); err != nil {
		return err
	}
	problems, err := c.problems(ctx, "SELECT "+problemCols+" FROM problems p WHERE p.inspection_id = ? ORDER BY p.number, p.id", in.ID)
	if err != nil {
		return err
	}
	for _, p := range problems {
		if f := findings[p.FindingID]; f != nil {
			f.Problems = append(f.Problems, p)
		}
	}
	if err := c.loadDetails(ctx, problems, "p.inspection_id = ?", in.ID); err != nil {
		return err
	}
	if in.Accountability, err = c.accountability(ctx, "a.inspection_id = ?", in.ID); err != nil {
		return err
	}
	return c.loadPublic(ctx, in.ID, problems)
}

// InspectionFilter selects inspections; zero fields do not filter.
type InspectionFilter struct {
	ScopePath string // units in this subtree ("/1/4/")
	UnitID    int64  // this unit only
	// Reported keeps the inspections whose notice gave counts only
	// (rectify.Inspection.Reported not empty).
	Reported bool
}

// where returns the condition on inspections aliased i.
func (f InspectionFilter) where() (string, []any) {
	conds, args := "1 = 1", []any(nil)
	if f.ScopePath != "" {
		lo, hi := scopeRange(f.ScopePath)
		conds += " AND i.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)"
		args = append(args, lo, hi)
	}
	if f.UnitID != 0 {
		conds += " AND i.unit_id = ?"
		args = append(args, f.UnitID)
	}
	if f.Reported {
		conds += " AND i.reported <> ''"
	}
	return conds, args
}

// ListInspections returns the headers of the inspections f selects, the most
// recent feedback first.
func (s *Store) ListInspections(ctx context.Context, f InspectionFilter) (out []*rectify.Inspection, err error) {
	where, args := f.where()
	rows, err := s.reader().query(ctx, "SELECT "+inspectionCols+" FROM inspections i WHERE "+where+
		" ORDER BY i.feedback IS NULL, i.feedback DESC, i.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list inspections: %w", err)
	}
	for rows.Next() {
		in, err := scanInspection(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list inspections: %w", closeRows(rows, err))
		}
		out = append(out, in)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list inspections: %w", err)
	}
	return out, nil
}

// UpdateInspection saves the header fields of in (not its findings) when
// in.Version is current, and sets the new Version. It returns EINVALID for
// bad fields, ErrStale for an old version and not-found for a missing
// inspection or unit.
func (s *Store) UpdateInspection(ctx context.Context, in *rectify.Inspection) error {
	err := s.write(ctx, "update inspection", func(c conn) error {
		return c.updateInspection(ctx, in)
	})
	if err != nil {
		return err
	}
	in.Version++
	return nil
}

// updateInspection saves the header of in when in.Version is current; the
// caller moves in.Version on.
func (c conn) updateInspection(ctx context.Context, in *rectify.Inspection) error {
	if err := in.Validate(); err != nil {
		return err
	}
	work, err := paragraphsJSON(in.Work)
	if err != nil {
		return err
	}
	next, err := paragraphsJSON(in.NextSteps)
	if err != nil {
		return err
	}
	reported, err := reportedJSON(in.Reported)
	if err != nil {
		return err
	}
	if err := c.mustExist(ctx, "units", "单位", in.UnitID, nil); err != nil {
		return err
	}
	before, err := c.mustState(ctx, auditInspection, in.ID, "巡察")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE inspections SET unit_id = ?, unit_name = ?, team = ?, source = ?, kind = ?, round = ?,
		start_date = ?, end_date = ?, feedback = ?, issuer = ?, title = ?, notice_date = ?, deployer = ?,
		opening = ?, work = ?, next_steps = ?, phone = ?, address = ?, mailbox = ?, email = ?, published = ?,
		reported = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		in.UnitID, in.UnitName, in.Team, sourceCol(in.Source), in.Kind, in.Round, in.Start, in.End, in.Feedback,
		in.Issuer, in.Title, in.NoticeDate, in.Deployer, in.Opening, work, next,
		in.Contact.Phone, in.Contact.Address, in.Contact.Mailbox, in.Contact.Email, in.Published, reported, in.ID, in.Version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "inspections", "巡察", in.ID); err != nil {
		return err
	}
	return c.auditChanged(ctx, ActionUpdate, auditInspection, before)
}

// DeleteInspection deletes the inspection with id and everything under it
// (findings, problems, measures, history, progress, evidence, rules,
// accountability, look-backs). It returns a not-found error when there is no
// such inspection.
func (s *Store) DeleteInspection(ctx context.Context, id int64) error {
	return s.write(ctx, "delete inspection", func(c conn) error {
		// What goes with it, read first for the audit log: the rows the
		// cascade deletes, children before parents, and the public
		// comments that lose their link to it.
		const ofProblems = "problem_id IN (SELECT id FROM problems WHERE inspection_id = ?)"
		parts := []struct {
			e     *auditEntity
			where string
		}{
			{auditRecheck, ofProblems},
			{auditQuantity, ofProblems},
			{auditEvidence, ofProblems},
			{auditProgress, ofProblems},
			{auditStatusChange, ofProblems},
			{auditMeasure, ofProblems},
			{auditRule, "inspection_id = ?"},
			{auditAccountability, "inspection_id = ?"},
			{auditProblem, "inspection_id = ?"},
			{auditFinding, "inspection_id = ?"},
			{auditInspection, "id = ?"},
		}
		deleted := make([][]rowState, len(parts))
		for i, part := range parts {
			var err error
			if deleted[i], err = c.states(ctx, part.e, part.where, id); err != nil {
				return err
			}
		}
		comments, err := c.states(ctx, auditComment, "inspection_id = ? OR "+ofProblems, id, id)
		if err != nil {
			return err
		}
		res, err := c.exec(ctx, "DELETE FROM inspections WHERE id = ?", id)
		if err != nil {
			return err
		}
		if err := checkFound(res, "巡察", id); err != nil {
			return err
		}
		for i, part := range parts {
			for _, st := range deleted[i] {
				if err := c.auditDeleted(ctx, part.e, st); err != nil {
					return err
				}
			}
		}
		return c.auditChangedAll(ctx, ActionUpdate, auditComment, comments)
	})
}

// InspectionUnits returns the unit of each of the inspections with ids, by
// inspection ID; an ID with no inspection is left out. It reads those
// units only, however many the record holds.
func (s *Store) InspectionUnits(ctx context.Context, ids []int64) (map[int64]*rectify.Unit, error) {
	out := make(map[int64]*rectify.Unit, len(ids))
	const batch = 500
	c := s.reader()
	for len(ids) > 0 {
		n := min(len(ids), batch)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		rows, err := c.query(ctx, "SELECT i.id, u."+strings.ReplaceAll(unitCols, ", ", ", u.")+
			" FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.id IN ("+placeholders(n)+")", args...)
		if err != nil {
			return nil, fmt.Errorf("store: inspection units: %w", err)
		}
		byID := map[int64]*rectify.Unit{}
		for rows.Next() {
			var id int64
			u := &rectify.Unit{}
			if err := rows.Scan(append([]any{&id}, unitDest(u)...)...); err != nil {
				return nil, fmt.Errorf("store: inspection units: %w", closeRows(rows, err))
			}
			if same := byID[u.ID]; same != nil {
				u = same
			}
			byID[u.ID] = u
			out[id] = u
		}
		if err := closeRows(rows, nil); err != nil {
			return nil, fmt.Errorf("store: inspection units: %w", err)
		}
	}
	return out, nil
}
