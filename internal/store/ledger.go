package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/rectify-dev/rectify"
)

// LedgerFilter selects the inspections whose ledger (台账) is read; zero
// fields do not filter.
type LedgerFilter struct {
	ScopePath    string // inspections of units in this subtree ("/1/4/")
	InspectionID int64
	UnitID       int64 // inspections of this unit
}

// LedgerRow is one row of the ledger: a measure of a problem, or a problem
// that has no measure yet. Rows of one inspection share its Inspection,
// rows of one finding its Finding, rows of one problem its Problem: read
// them, don't change them.
type LedgerRow struct {
	// Inspection holds the header of the inspection (no findings).
	Inspection *rectify.Inspection
	// Finding holds the finding's ID, number and title (no problems).
	Finding *rectify.Finding
	// Problem holds the problem's own fields and current status (no
	// measures, no history).
	Problem *rectify.Problem
	// Measure is nil for a problem without measures.
	Measure *rectify.Measure
	// Progress is the latest report on the measure or on the problem as a
	// whole (one that names no measure), nil when there is none; without
	// its evidence.
	Progress *rectify.Progress
	// Evidence counts the evidence files of those reports: the measure's
	// and the whole problem's.
	Evidence int
}

// LedgerRows returns the ledger rows of the inspections f selects, ordered
// by inspection, finding, problem and measure, read as they are iterated:
// a ledger of 100,000 rows is never held at once. An error ends the
// iteration as its last value. A read stays open for the whole iteration:
// on an in-memory SQLite database, which has one connection, the loop's
// body must not write to the store.
func (s *Store) LedgerRows(ctx context.Context, f LedgerFilter) iter.Seq2[*LedgerRow, error] {
	return func(yield func(*LedgerRow, error) bool) {
		// After the loop stopped, yield must not be called again.
		if err := s.ledgerRows(ctx, f, yield); err != nil && !errors.Is(err, errStopped) {
			yield(nil, fmt.Errorf("store: ledger rows: %w", err))
		}
	}
}

// errStopped ends a ledger read the caller stopped.
var errStopped = errors.New("stopped")

func (s *Store) ledgerRows(ctx context.Context, f LedgerFilter, yield func(*LedgerRow, error) bool) error {
	c := s.reader()
	where, args := inspectionWhere("i.id", f.ScopePath, f.InspectionID, f.UnitID)
	rows, err := c.query(ctx, "SELECT "+inspectionCols+" FROM inspections i WHERE "+where+" ORDER BY i.id", args...)
	if err != nil {
		return err
	}
	inspections := map[int64]*rectify.Inspection{}
	for rows.Next() {
		in, err := scanInspection(rows)
		if err != nil {
			return closeRows(rows, err)
		}
		inspections[in.ID] = in
	}
	if err := closeRows(rows, nil); err != nil {
		return err
	}
	if len(inspections) == 0 {
		return nil
	}
	pwhere, pargs := inspectionWhere("p.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)
	// The latest report and the evidence count are read per row through the
	// progress index (problem_id, date, id); a ledger without progress
	// costs one index probe a row.
	const ofRow = "g.problem_id = p.id AND (g.measure_id = m.id OR g.measure_id IS NULL)"
	q := `SELECT f.id, f.number, f.title, ` + problemCols + `,
		m.id, m.number, m.grp, m.text, m.owner, m.due, m.done, m.version,
		lp.id, lp.measure_id, lp.date, lp.text, lp.author,
		(SELECT COUNT(*) FROM evidence e JOIN progress g ON g.id = e.progress_id WHERE ` + ofRow + `)
		FROM problems p
		JOIN findings f ON f.id = p.finding_id
		LEFT JOIN measures m ON m.problem_id = p.id
		LEFT JOIN progress lp ON lp.id = (SELECT g.id FROM progress g WHERE ` + ofRow + ` ORDER BY g.date DESC, g.id DESC LIMIT 1)
		WHERE ` + pwhere + `
		ORDER BY p.inspection_id, f.number, f.id, p.number, p.id, m.number, m.id`
	rows, err = c.query(ctx, q, pargs...)
	if err != nil {
		return err
	}
	var finding *rectify.Finding
	var problem *rectify.Problem
	for rows.Next() {
		var (
			fid                    int64
			fnumber                int
			ftitle                 string
			mid, mnumber, mversion sql.NullInt64
			mgrp, mtext, mowner    sql.NullString
			mdue, mdone            rectify.Date
			pid, pmeasure          sql.NullInt64
			pdate                  rectify.Date
			ptext, pauthor         sql.NullString
			evidence               int
			p                      rectify.Problem
		)
		err := rows.Scan(&fid, &fnumber, &ftitle,
			&p.ID, &p.InspectionID, &p.FindingID, &p.Number, &p.Title, &p.Description, &p.Track, &p.Class,
			&p.Leader, &p.OwnerUnit, &p.Due, &p.Opened, &p.Status, &p.StatusDate, &p.NextMilestone, &p.Version,
			&mid, &mnumber, &mgrp, &mtext, &mowner, &mdue, &mdone, &mversion,
			&pid, &pmeasure, &pdate, &ptext, &pauthor, &evidence)
		if err != nil {
			return closeRows(rows, err)
		}
		if finding == nil || finding.ID != fid {
			finding = &rectify.Finding{ID: fid, InspectionID: p.InspectionID, Number: fnumber, Title: ftitle}
		}
		if problem == nil || problem.ID != p.ID {
			problem = &p
		}
		row := &LedgerRow{Inspection: inspections[p.InspectionID], Finding: finding, Problem: problem, Evidence: evidence}
		if mid.Valid {
			row.Measure = &rectify.Measure{ID: mid.Int64, ProblemID: p.ID, Number: int(mnumber.Int64), Group: mgrp.String,
				Text: mtext.String, Owner: mowner.String, Due: mdue, Done: mdone, Version: int(mversion.Int64)}
		}
		if pid.Valid {
			row.Progress = &rectify.Progress{ID: pid.Int64, ProblemID: p.ID, MeasureID: pmeasure.Int64, Date: pdate,
				Text: ptext.String, Author: pauthor.String}
		}
		if !yield(row, nil) {
			return closeRows(rows, errStopped)
		}
	}
	return closeRows(rows, nil)
}

// LedgerChanges is what a ledger brought back changes in the record: every
// part is applied in one transaction, or none is.
type LedgerChanges struct {
	Problems    []LedgerProblemChange
	Measures    []*rectify.Measure // saved by ID when Version is current: number, group, text, owner, due, done
	NewMeasures []*rectify.Measure // added to their ProblemID
	NewProblems []LedgerNewProblem
	Progress    []LedgerProgress // reports added (without evidence)
}

// LedgerProgress is a progress report to add: on the problem and measure
// its ProblemID and MeasureID name, or on a problem or measure the same
// changes add (NewProblem, one of NewProblems' problems; NewMeasure, one of
// NewMeasures or a measure of a new problem), whose IDs are not known yet.
type LedgerProgress struct {
	*rectify.Progress
	NewProblem *rectify.Problem
	NewMeasure *rectify.Measure
}

// LedgerProblemChange changes one problem, when Version is its current version.
type LedgerProblemChange struct {
	ID      int64
	Version int
	// Fields, when not nil, holds the problem's own fields to save (title,
	// description, track, class, leader, owner unit, due, opened), as
	// UpdateProblem saves them.
	Fields *rectify.Problem
	// Status, when not nil, is appended to the problem's history and
	// becomes its current status if it is the latest.
	Status *rectify.StatusChange
}

// LedgerNewProblem is a problem a ledger adds to an inspection, under an
// existing finding (FindingID) or under the finding titled FindingTitle,
// created when the inspection has none of that title. Problem may carry
// measures and a status history; a Number of 0 numbers it after the
// inspection's last problem.
type LedgerNewProblem struct {
	InspectionID int64
	FindingID    int64
	FindingTitle string
	Problem      *rectify.Problem
}

// LedgerResult counts what ApplyLedger changed.
type LedgerResult struct {
	ProblemsUpdated int `json:"problems_updated"`
	StatusChanges   int `json:"status_changes"`
	MeasuresUpdated int `json:"measures_updated"`
	MeasuresAdded   int `json:"measures_added"`
	ProblemsAdded   int `json:"problems_added"`
	FindingsAdded   int `json:"findings_added"`
	ProgressAdded   int `json:"progress_added"`
}

// Empty reports whether nothing was changed.
func (r LedgerResult) Empty() bool { return r == LedgerResult{} }

// ApplyLedger applies ch in one transaction and sets the IDs of what it
// added. Nothing is stored when anything fails: EINVALID for a part the
// domain's rules refuse (the field names say which, e.g.
// "new_problems[2].measures[0].text"), an ECONFLICT error naming the
// problem or measure whose version is no longer current, not-found for a
// missing inspection, finding, problem or measure.
func (s *Store) ApplyLedger(ctx context.Context, ch *LedgerChanges) (LedgerResult, error) {
	var res LedgerResult
	err := s.Update(ctx, "apply ledger", func(tx *Tx) error {
		var err error
		res, err = tx.ApplyLedger(ctx, ch)
		return err
	})
	if err != nil {
		return LedgerResult{}, err
	}
	return res, nil
}

// ApplyLedger applies ch in tx, as Store.ApplyLedger does, and sets the
// IDs of the problems and measures it adds (final when the transaction
// commits).
func (tx *Tx) ApplyLedger(ctx context.Context, ch *LedgerChanges) (LedgerResult, error) {
	var res LedgerResult
	if ch == nil {
		return res, nil
	}
	if err := validateLedger(ch); err != nil {
		return res, err
	}
	c, now := tx.c, tx.s.now()
	type added struct {
		problem  *rectify.Problem
		id       int64
		finding  int64
		measures []int64
	}
	var (
		newProblems []added
		newMeasures []int64
	)
	err := func() error {
		res = LedgerResult{}
		newProblems, newMeasures = nil, nil
		touched := map[int64]bool{}
		for _, pc := range ch.Problems {
			if err := c.applyProblemChange(ctx, pc, now); err != nil {
				return err
			}
			if pc.Fields != nil {
				res.ProblemsUpdated++
			}
			if pc.Status != nil {
				res.StatusChanges++
			}
			touched[pc.ID] = true
		}
		for _, m := range ch.Measures {
			before, err := c.mustState(ctx, auditMeasure, m.ID, "整改措施")
			if err != nil {
				return err
			}
			r, err := c.exec(ctx, `UPDATE measures SET number = ?, grp = ?, text = ?, owner = ?, due = ?, done = ?,
				version = version + 1 WHERE id = ? AND version = ?`,
				m.Number, m.Group, m.Text, m.Owner, m.Due, m.Done, m.ID, m.Version)
			if err != nil {
				return err
			}
			if err := c.checkUpdated(ctx, r, "measures", "整改措施", m.ID); err != nil {
				return staleAs(err, "整改措施", m.ID)
			}
			if err := c.auditChanged(ctx, ActionUpdate, auditMeasure, before); err != nil {
				return err
			}
			touched[before.problemID] = true
			res.MeasuresUpdated++
		}
		problemIDs := map[*rectify.Problem]int64{}
		measureIDs := map[*rectify.Measure][2]int64{} // measure → its ID and its problem's
		for _, m := range ch.NewMeasures {
			if err := c.mustExist(ctx, "problems", "问题", m.ProblemID, nil); err != nil {
				return err
			}
			id, err := c.insertMeasure(ctx, m.ProblemID, m)
			if err != nil {
				return err
			}
			if err := c.auditCreated(ctx, auditMeasure, id); err != nil {
				return err
			}
			measureIDs[m] = [2]int64{id, m.ProblemID}
			newMeasures = append(newMeasures, id)
			touched[m.ProblemID] = true
			res.MeasuresAdded++
		}
		findings := map[string]int64{} // inspection id + title → finding, for those created here
		var search []searchRow
		for _, np := range ch.NewProblems {
			fid, created, err := c.ledgerFinding(ctx, np, findings)
			if err != nil {
				return err
			}
			if created {
				res.FindingsAdded++
			}
			pid, mids, err := c.insertLedgerProblem(ctx, np.InspectionID, fid, np.Problem, now)
			if err != nil {
				return err
			}
			newProblems = append(newProblems, added{np.Problem, pid, fid, mids})
			problemIDs[np.Problem] = pid
			for k, m := range np.Problem.Measures {
				measureIDs[m] = [2]int64{mids[k], pid}
			}
			var texts []string
			for _, m := range np.Problem.Measures {
				if m.Group != "" {
					texts = append(texts, m.Group)
				}
				texts = append(texts, m.Text)
			}
			search = append(search, searchRow{pid, searchBody(np.Problem.Title, np.Problem.Description, texts, nil)})
			res.ProblemsAdded++
			res.MeasuresAdded += len(np.Problem.Measures)
		}
		for i, lp := range ch.Progress {
			p := *lp.Progress
			if lp.NewProblem != nil {
				id, ok := problemIDs[lp.NewProblem]
				if !ok {
					return fmt.Errorf("progress[%d]: its problem is not among the new problems", i)
				}
				p.ProblemID = id
			}
			if lp.NewMeasure != nil {
				ids, ok := measureIDs[lp.NewMeasure]
				if !ok {
					return fmt.Errorf("progress[%d]: its measure is not among the new measures", i)
				}
				p.MeasureID, p.ProblemID = ids[0], ids[1]
			}
			if _, err := c.insertProgress(ctx, &p, now); err != nil {
				return fmt.Errorf("progress[%d] (problem %d, measure %d): %w", i, p.ProblemID, p.MeasureID, err)
			}
			touched[p.ProblemID] = true
			res.ProgressAdded++
		}
		for _, id := range sortedIDs(touched) {
			if err := c.touchProblem(ctx, id, c.time(now)); err != nil {
				return err
			}
		}
		return c.putSearch(ctx, search...)
	}()
	if err != nil {
		return LedgerResult{}, err
	}
	for i, m := range ch.NewMeasures {
		m.ID, m.Version = newMeasures[i], 1
	}
	for _, a := range newProblems {
		a.problem.ID, a.problem.FindingID, a.problem.Version = a.id, a.finding, 1
		setCurrent(a.problem)
		for k, m := range a.problem.Measures {
			m.ID, m.ProblemID, m.Version = a.measures[k], a.id, 1
		}
	}
	return res, nil
}

// validateLedger checks every part of ch with the domain's rules.
func validateLedger(ch *LedgerChanges) error {
	var v rectify.Invalid
	add := func(prefix string, err error) { addPrefixed(&v, prefix, err) }
	for i, pc := range ch.Problems {
		prefix := fmt.Sprintf("problems[%d]", i)
		if pc.Fields != nil {
			add(prefix, pc.Fields.Validate())
		}
		if pc.Status != nil {
			add(prefix+".status", validateChange(*pc.Status))
		}
	}
	for i, m := range ch.Measures {
		add(fmt.Sprintf("measures[%d]", i), m.Validate())
	}
	for i, m := range ch.NewMeasures {
		add(fmt.Sprintf("new_measures[%d]", i), m.Validate())
	}
	for i, np := range ch.NewProblems {
		prefix := fmt.Sprintf("new_problems[%d]", i)
		if np.Problem == nil {
			v.Add(prefix, "具体问题为空")
			continue
		}
		if np.FindingID == 0 && np.FindingTitle == "" {
			v.Add(prefix+".finding", "请填写反馈问题")
		}
		add(prefix, np.Problem.Validate())
		for k, m := range np.Problem.Measures {
			add(fmt.Sprintf("%s.measures[%d]", prefix, k), m.Validate())
		}
		for k, h := range np.Problem.History {
			add(fmt.Sprintf("%s.history[%d]", prefix, k), validateChange(h))
		}
	}
	for i, p := range ch.Progress {
		if p.Progress == nil {
			v.Add(fmt.Sprintf("progress[%d]", i), "整改情况为空")
			continue
		}
		add(fmt.Sprintf("progress[%d]", i), p.Validate())
	}
	return v.Err()
}

// staleAs turns ErrStale into a conflict naming the record.
func staleAs(err error, what string, id int64) error {
	if errors.Is(err, rectify.ErrStale) {
		return rectify.Errorf(rectify.ECONFLICT, "%s（编号 %d）已被他人修改，请重新导出台账后再导入", what, id)
	}
	return err
}

// applyProblemChange saves a problem's fields and appends its status, when
// its version is current.
func (c conn) applyProblemChange(ctx context.Context, pc LedgerProblemChange, now time.Time) error {
	before, err := c.mustState(ctx, auditProblem, pc.ID, "问题")
	if err != nil {
		return err
	}
	action := ActionUpdate
	if pc.Fields == nil {
		action = ActionStatus
	}
	var r sql.Result
	if p := pc.Fields; p != nil {
		r, err = c.exec(ctx, `UPDATE problems SET title = ?, description = ?, track = ?, class = ?, leader = ?,
			owner_unit = ?, due = ?, opened = ?, version = version + 1, updated = ?
			WHERE id = ? AND version = ?`,
			p.Title, p.Description, p.Track, p.Class, p.Leader, p.OwnerUnit, p.Due, p.Opened, c.time(now),
			pc.ID, pc.Version)
	} else {
		r, err = c.exec(ctx, "UPDATE problems SET version = version + 1, updated = ? WHERE id = ? AND version = ?",
			c.time(now), pc.ID, pc.Version)
	}
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, r, "problems", "问题", pc.ID); err != nil {
		return staleAs(err, "问题", pc.ID)
	}
	c.markUpdated(pc.ID)
	if pc.Status != nil {
		if _, err := c.appendStatus(ctx, pc.ID, *pc.Status); err != nil {
			return err
		}
	}
	return c.auditChanged(ctx, action, auditProblem, before)
}

// insertLedgerProblem stores a new problem with its measures and history
// and returns its ID and its measures' IDs.
func (c conn) insertLedgerProblem(ctx context.Context, inspectionID, findingID int64, p *rectify.Problem, now time.Time) (int64, []int64, error) {
	cur := *p
	setCurrent(&cur)
	number := p.Number
	if number <= 0 {
		if err := c.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM problems WHERE inspection_id = ?", inspectionID).Scan(&number); err != nil {
			return 0, nil, err
		}
		p.Number = number
	}
	pid, err := c.insert(ctx, `INSERT INTO problems (inspection_id, finding_id, number, title, description,
		track, class, leader, owner_unit, due, opened, status, status_date, next_milestone, version, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		inspectionID, findingID, number, p.Title, p.Description, p.Track, cur.Class, p.Leader, p.OwnerUnit,
		p.Due, p.Opened, cur.Status, cur.StatusDate, cur.NextMilestone, c.time(now))
	if err != nil {
		return 0, nil, fmt.Errorf("problem %q: %w", p.Title, err)
	}
	var mids []int64
	for _, m := range p.Measures {
		mid, err := c.insertMeasure(ctx, pid, m)
		if err != nil {
			return 0, nil, err
		}
		mids = append(mids, mid)
	}
	for _, h := range p.History {
		if _, err := c.insertChange(ctx, pid, h); err != nil {
			return 0, nil, err
		}
	}
	if err := c.auditCreated(ctx, auditProblem, pid); err != nil {
		return 0, nil, err
	}
	for _, e := range []*auditEntity{auditMeasure, auditStatusChange} {
		if err := c.auditCreatedWhere(ctx, ActionCreate, e, "problem_id = ?", pid); err != nil {
			return 0, nil, err
		}
	}
	return pid, mids, nil
}

// sortedIDs returns the keys of m in ascending order.
func sortedIDs(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// ledgerFinding returns the finding a new problem goes under, creating it
// when the inspection has none of that title.
func (c conn) ledgerFinding(ctx context.Context, np LedgerNewProblem, created map[string]int64) (int64, bool, error) {
	if np.FindingID != 0 {
		var inspection int64
		err := c.queryRow(ctx, "SELECT inspection_id FROM findings WHERE id = ?", np.FindingID).Scan(&inspection)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return 0, false, notFound("反馈问题", np.FindingID)
		case err != nil:
			return 0, false, err
		case inspection != np.InspectionID:
			return 0, false, rectify.Errorf(rectify.EINVALID, "反馈问题（编号 %d）不属于巡察（编号 %d）", np.FindingID, np.InspectionID)
		}
		return np.FindingID, false, nil
	}
	key := fmt.Sprint(np.InspectionID) + "\x00" + np.FindingTitle
	if id, ok := created[key]; ok {
		return id, false, nil
	}
	if err := c.mustExist(ctx, "inspections", "巡察", np.InspectionID, nil); err != nil {
		return 0, false, err
	}
	var id int64
	err := c.queryRow(ctx, "SELECT id FROM findings WHERE inspection_id = ? AND title = ? ORDER BY number, id LIMIT 1",
		np.InspectionID, np.FindingTitle).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	var number int
	if err := c.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM findings WHERE inspection_id = ?", np.InspectionID).Scan(&number); err != nil {
		return 0, false, err
	}
	id, err = c.insert(ctx, "INSERT INTO findings (inspection_id, number, title) VALUES (?, ?, ?)", np.InspectionID, number, np.FindingTitle)
	if err != nil {
		return 0, false, err
	}
	if err := c.auditCreated(ctx, auditFinding, id); err != nil {
		return 0, false, err
	}
	created[key] = id
	return id, true, nil
}
