package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/rectify-dev/rectify"
)

// The writes of an import inside one transaction (internal/workflow's
// ImportInspection): a new inspection tree, or findings and problems added to
// an inspection already in the record.

// CreateInspectionTree stores in with its whole tree, as
// Store.CreateInspection does, inside the transaction; the IDs it sets are
// final only when Update returns nil. EINVALID when the domain's rules refuse
// a part, not-found when the unit does not exist.
func (tx *Tx) CreateInspectionTree(ctx context.Context, in *rectify.Inspection) error {
	if err := validateTree(in); err != nil {
		return err
	}
	now := tx.s.now()
	ids, err := tx.c.createInspection(ctx, in, now)
	if err != nil {
		return err
	}
	ids.apply(in, now)
	return nil
}

// EnsureRootUnit returns the unit named name, or creates it as a root.
// EINVALID for a bad name.
func (tx *Tx) EnsureRootUnit(ctx context.Context, name string) (*rectify.Unit, error) {
	u := &rectify.Unit{Name: strings.TrimSpace(name)}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return tx.c.ensureUnit(ctx, u)
}

// FindUnitByName returns the unit named name, or a not-found error.
func (tx *Tx) FindUnitByName(ctx context.Context, name string) (*rectify.Unit, error) {
	return tx.c.findUnit(ctx, strings.TrimSpace(name), 0)
}

// FindUnitsByName returns the units named name within the subtree at
// scopePath (every unit when ""), in ID order.
func (tx *Tx) FindUnitsByName(ctx context.Context, name, scopePath string) ([]*rectify.Unit, error) {
	return tx.c.findUnits(ctx, strings.TrimSpace(name), scopePath)
}

// UnitPathName returns the names of the units from the root down to u,
// joined by " › ": how a unit is told from another of the same name.
func (tx *Tx) UnitPathName(ctx context.Context, u *rectify.Unit) (string, error) {
	return tx.c.unitPathName(ctx, u)
}

// SameInspections returns the headers of the unit's inspections by team on
// feedback (the same inspection imported before), oldest first. On
// PostgreSQL it first takes a lock on that key for the rest of the
// transaction, so that two imports of one document at once do not both find
// none and store it twice (SQLite's single writer already takes turns).
func (tx *Tx) SameInspections(ctx context.Context, unitID int64, team string, feedback rectify.Date) ([]*rectify.Inspection, error) {
	if tx.c.dialect == Postgres {
		h := fnv.New64a()
		fmt.Fprintf(h, "inspection:%d:%s:%s", unitID, strings.TrimSpace(team), feedback)
		if _, err := tx.c.exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(h.Sum64())); err != nil {
			return nil, err
		}
	}
	return tx.c.sameInspections(ctx, unitID, team, feedback)
}

// SameInspections is Tx.SameInspections outside a transaction, for previews.
func (s *Store) SameInspections(ctx context.Context, unitID int64, team string, feedback rectify.Date) ([]*rectify.Inspection, error) {
	out, err := s.reader().sameInspections(ctx, unitID, team, feedback)
	if err != nil {
		return nil, fmt.Errorf("store: same inspections: %w", err)
	}
	return out, nil
}

func (c conn) sameInspections(ctx context.Context, unitID int64, team string, feedback rectify.Date) (out []*rectify.Inspection, err error) {
	q := "SELECT " + inspectionCols + " FROM inspections i WHERE i.unit_id = ? AND i.team = ? AND "
	args := []any{unitID, strings.TrimSpace(team)}
	if feedback.IsZero() {
		q += "i.feedback IS NULL"
	} else {
		q += "i.feedback = ?"
		args = append(args, feedback)
	}
	rows, err := c.query(ctx, q+" ORDER BY i.id", args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		in, err := scanInspection(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, in)
	}
	return out, closeRows(rows, nil)
}

// LoadInspection returns the inspection with id and its whole tree, as
// Store.LoadInspection does, as the transaction sees it.
func (tx *Tx) LoadInspection(ctx context.Context, id int64) (*rectify.Inspection, error) {
	in, err := tx.c.getInspection(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := tx.c.loadTree(ctx, in); err != nil {
		return nil, err
	}
	return in, nil
}

// ImportFinding adds the finding f (without its problems) to the inspection
// f.InspectionID and sets its ID.
func (tx *Tx) ImportFinding(ctx context.Context, f *rectify.Finding) error {
	if strings.TrimSpace(f.Title) == "" {
		var v rectify.Invalid
		v.Add("title", "请填写反馈问题")
		return v.Err()
	}
	if err := tx.c.mustExist(ctx, "inspections", "巡察", f.InspectionID, nil); err != nil {
		return err
	}
	id, err := tx.c.insert(ctx, "INSERT INTO findings (inspection_id, number, title) VALUES (?, ?, ?)",
		f.InspectionID, f.Number, f.Title)
	if err != nil {
		return err
	}
	if err := tx.c.auditCreated(ctx, auditFinding, id); err != nil {
		return err
	}
	f.ID = id
	return nil
}

// ImportProblem adds p with its measures and status history to the finding
// p.FindingID of the inspection p.InspectionID, and sets the IDs and
// versions. EINVALID when the domain's rules refuse a part.
func (tx *Tx) ImportProblem(ctx context.Context, p *rectify.Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for _, m := range p.Measures {
		if err := m.Validate(); err != nil {
			return err
		}
	}
	for _, h := range p.History {
		if err := validateChange(h); err != nil {
			return err
		}
	}
	c, now := tx.c, tx.s.now()
	cur := *p
	setCurrent(&cur)
	pid, err := c.insert(ctx, `INSERT INTO problems (inspection_id, finding_id, number, title, description,
		track, class, leader, owner_unit, due, opened, status, status_date, next_milestone, version, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.InspectionID, p.FindingID, p.Number, p.Title, p.Description, p.Track, cur.Class, p.Leader, p.OwnerUnit,
		p.Due, p.Opened, cur.Status, cur.StatusDate, cur.NextMilestone, c.time(now))
	if err != nil {
		return fmt.Errorf("problem %d: %w", p.Number, err)
	}
	if err := c.auditCreated(ctx, auditProblem, pid); err != nil {
		return err
	}
	texts := make([]string, 0, len(p.Measures))
	for _, m := range p.Measures {
		mid, err := c.insertMeasure(ctx, pid, m)
		if err != nil {
			return fmt.Errorf("problem %d measure %d: %w", p.Number, m.Number, err)
		}
		if err := c.auditCreated(ctx, auditMeasure, mid); err != nil {
			return err
		}
		m.ID, m.ProblemID, m.Version = mid, pid, 1
		if m.Group != "" {
			texts = append(texts, m.Group)
		}
		texts = append(texts, m.Text)
	}
	for k, h := range p.History {
		hid, err := c.insertAudited(ctx, auditStatusChange, insertChangeSQL, changeArgs(pid, h)...)
		if err != nil {
			return fmt.Errorf("problem %d status %s: %w", p.Number, h.Date, err)
		}
		p.History[k].ID, p.History[k].ProblemID = hid, pid
	}
	p.ID, p.Version = pid, 1
	p.Status, p.StatusDate, p.Class, p.NextMilestone = cur.Status, cur.StatusDate, cur.Class, cur.NextMilestone
	return c.putSearch(ctx, searchRow{pid, searchBody(p.Title, p.Description, texts, nil)})
}
