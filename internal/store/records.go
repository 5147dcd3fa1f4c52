package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/rectify-dev/rectify"
)

// RecordFilter selects the inspections whose rules or accountability records
// a list covers; zero fields do not filter.
type RecordFilter struct {
	ScopePath    string // inspections of units in this subtree ("/1/4/")
	InspectionID int64
	UnitID       int64 // inspections of this unit
}

// inspectionWhere returns the condition on a column holding an inspection id.
func inspectionWhere(col, scopePath string, inspectionID, unitID int64) (string, []any) {
	conds, args := "1 = 1", []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		conds += " AND " + col + ` IN (SELECT i.id FROM inspections i JOIN units u ON u.id = i.unit_id
			WHERE u.path >= ? AND u.path < ?)`
		args = append(args, lo, hi)
	}
	if inspectionID != 0 {
		conds += " AND " + col + " = ?"
		args = append(args, inspectionID)
	}
	if unitID != 0 {
		conds += " AND " + col + " IN (SELECT id FROM inspections WHERE unit_id = ?)"
		args = append(args, unitID)
	}
	return conds, args
}

// checkProblems returns EINVALID unless every id is a problem of the inspection.
func (c conn) checkProblems(ctx context.Context, inspectionID int64, ids []int64) error {
	for _, id := range ids {
		var owner int64
		err := c.queryRow(ctx, "SELECT inspection_id FROM problems WHERE id = ?", id).Scan(&owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return notFound("问题", id)
		case err != nil:
			return err
		case owner != inspectionID:
			return rectify.Errorf(rectify.EINVALID, "问题（编号 %d）不属于该巡察", id)
		}
	}
	return nil
}

// CreateRule stores the rule r (建章立制) of inspection r.InspectionID with
// the problems it answers, and sets its ID. It returns EINVALID for a bad
// rule or a problem of another inspection, and not-found for a missing
// inspection or problem.
func (s *Store) CreateRule(ctx context.Context, r *rectify.Rule) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("store: create rule: %w", err)
	}
	var id int64
	err := s.write(ctx, "create rule", func(c conn) error {
		if err := c.mustExist(ctx, "inspections", "巡察", r.InspectionID, nil); err != nil {
			return err
		}
		var err error
		id, err = c.insert(ctx, "INSERT INTO rules (inspection_id, title, kind, date) VALUES (?, ?, ?, ?)",
			r.InspectionID, r.Title, r.Kind, r.Date)
		if err != nil {
			return err
		}
		if err := c.linkRule(ctx, id, r.InspectionID, r.ProblemIDs); err != nil {
			return err
		}
		return c.auditCreated(ctx, auditRule, id)
	})
	if err != nil {
		return err
	}
	r.ID = id
	return nil
}

func (c conn) linkRule(ctx context.Context, ruleID, inspectionID int64, problemIDs []int64) error {
	if err := c.checkProblems(ctx, inspectionID, problemIDs); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, pid := range problemIDs {
		if seen[pid] {
			continue
		}
		seen[pid] = true
		if _, err := c.exec(ctx, "INSERT INTO rule_problems (rule_id, problem_id) VALUES (?, ?)", ruleID, pid); err != nil {
			return err
		}
	}
	return nil
}

// GetRule returns the rule with id and its problems' IDs, or a not-found error.
func (s *Store) GetRule(ctx context.Context, id int64) (*rectify.Rule, error) {
	rules, err := s.reader().rules(ctx, "r.id = ?", id)
	if err == nil && len(rules) == 0 {
		err = notFound("制度", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get rule: %w", err)
	}
	return rules[0], nil
}

// ListRules returns the rules of the inspections f selects, by date.
func (s *Store) ListRules(ctx context.Context, f RecordFilter) ([]*rectify.Rule, error) {
	where, args := inspectionWhere("r.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)
	rules, err := s.reader().rules(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list rules: %w", err)
	}
	return rules, nil
}

func (c conn) rules(ctx context.Context, where string, args ...any) ([]*rectify.Rule, error) {
	rows, err := c.query(ctx, "SELECT r.id, r.inspection_id, r.title, r.kind, r.date FROM rules r WHERE "+where+
		" ORDER BY r.date, r.id", args...)
	if err != nil {
		return nil, err
	}
	var out []*rectify.Rule
	byID := map[int64]*rectify.Rule{}
	for rows.Next() {
		r := &rectify.Rule{}
		if err := rows.Scan(&r.ID, &r.InspectionID, &r.Title, &r.Kind, &r.Date); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, r)
		byID[r.ID] = r
	}
	if err := closeRows(rows, nil); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = c.query(ctx, "SELECT rp.rule_id, rp.problem_id FROM rule_problems rp JOIN rules r ON r.id = rp.rule_id WHERE "+
		where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var rid, pid int64
		if err := rows.Scan(&rid, &pid); err != nil {
			return nil, closeRows(rows, err)
		}
		if r := byID[rid]; r != nil {
			r.ProblemIDs = append(r.ProblemIDs, pid)
		}
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, err
	}
	for _, r := range out {
		sort.Slice(r.ProblemIDs, func(i, j int) bool { return r.ProblemIDs[i] < r.ProblemIDs[j] })
	}
	return out, nil
}

// UpdateRule saves the title, kind, date and problems of r. It returns
// EINVALID for a bad rule and not-found for a missing rule or problem.
func (s *Store) UpdateRule(ctx context.Context, r *rectify.Rule) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("store: update rule: %w", err)
	}
	return s.write(ctx, "update rule", func(c conn) error {
		var inspectionID int64
		err := c.queryRow(ctx, "SELECT inspection_id FROM rules WHERE id = ?", r.ID).Scan(&inspectionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("制度", r.ID)
		}
		if err != nil {
			return err
		}
		before, err := c.mustState(ctx, auditRule, r.ID, "制度")
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, "UPDATE rules SET title = ?, kind = ?, date = ? WHERE id = ?", r.Title, r.Kind, r.Date, r.ID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, "DELETE FROM rule_problems WHERE rule_id = ?", r.ID); err != nil {
			return err
		}
		r.InspectionID = inspectionID
		if err := c.linkRule(ctx, r.ID, inspectionID, r.ProblemIDs); err != nil {
			return err
		}
		return c.auditChanged(ctx, ActionUpdate, auditRule, before)
	})
}

// DeleteRule deletes the rule with id, or returns a not-found error.
func (s *Store) DeleteRule(ctx context.Context, id int64) error {
	return s.write(ctx, "delete rule", func(c conn) error {
		before, err := c.mustState(ctx, auditRule, id, "制度")
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, "DELETE FROM rules WHERE id = ?", id); err != nil {
			return err
		}
		return c.auditDeleted(ctx, auditRule, before)
	})
}

// CreateAccountability stores the record a (问责) and sets its ID. It
// returns EINVALID for a bad record or a problem of another inspection, and
// not-found for a missing inspection or problem.
func (s *Store) CreateAccountability(ctx context.Context, a *rectify.Accountability) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store: create accountability: %w", err)
	}
	var id int64
	err := s.write(ctx, "create accountability", func(c conn) error {
		if err := c.mustExist(ctx, "inspections", "巡察", a.InspectionID, nil); err != nil {
			return err
		}
		if a.ProblemID != 0 {
			if err := c.checkProblems(ctx, a.InspectionID, []int64{a.ProblemID}); err != nil {
				return err
			}
		}
		var err error
		id, err = c.insert(ctx, `INSERT INTO accountability (inspection_id, problem_id, person, form, date, reason)
			VALUES (?, ?, ?, ?, ?, ?)`, a.InspectionID, nullID(a.ProblemID), a.Person, a.Form, a.Date, a.Reason)
		if err != nil {
			return err
		}
		return c.auditCreated(ctx, auditAccountability, id)
	})
	if err != nil {
		return err
	}
	a.ID = id
	return nil
}

const accountabilityCols = "a.id, a.inspection_id, a.problem_id, a.person, a.form, a.date, a.reason"

func (c conn) accountability(ctx context.Context, where string, args ...any) (out []*rectify.Accountability, err error) {
	rows, err := c.query(ctx, "SELECT "+accountabilityCols+" FROM accountability a WHERE "+where+" ORDER BY a.date, a.id", args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		a := &rectify.Accountability{}
		if err := rows.Scan(&a.ID, &a.InspectionID, idCol{&a.ProblemID}, &a.Person, &a.Form, &a.Date, &a.Reason); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, a)
	}
	return out, closeRows(rows, nil)
}

// GetAccountability returns the record with id, or a not-found error.
func (s *Store) GetAccountability(ctx context.Context, id int64) (*rectify.Accountability, error) {
	as, err := s.reader().accountability(ctx, "a.id = ?", id)
	if err == nil && len(as) == 0 {
		err = notFound("问责记录", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get accountability: %w", err)
	}
	return as[0], nil
}

// ListAccountability returns the records of the inspections f selects, by date.
func (s *Store) ListAccountability(ctx context.Context, f RecordFilter) ([]*rectify.Accountability, error) {
	where, args := inspectionWhere("a.inspection_id", f.ScopePath, f.InspectionID, f.UnitID)
	as, err := s.reader().accountability(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list accountability: %w", err)
	}
	return as, nil
}

// UpdateAccountability saves the problem, person, form, date and reason of
// a. It returns EINVALID for a bad record and not-found for a missing one.
func (s *Store) UpdateAccountability(ctx context.Context, a *rectify.Accountability) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store: update accountability: %w", err)
	}
	return s.write(ctx, "update accountability", func(c conn) error {
		var inspectionID int64
		err := c.queryRow(ctx, "SELECT inspection_id FROM accountability WHERE id = ?", a.ID).Scan(&inspectionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("问责记录", a.ID)
		}
		if err != nil {
			return err
		}
		if a.ProblemID != 0 {
			if err := c.checkProblems(ctx, inspectionID, []int64{a.ProblemID}); err != nil {
				return err
			}
		}
		a.InspectionID = inspectionID
		before, err := c.mustState(ctx, auditAccountability, a.ID, "问责记录")
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, "UPDATE accountability SET problem_id = ?, person = ?, form = ?, date = ?, reason = ? WHERE id = ?",
			nullID(a.ProblemID), a.Person, a.Form, a.Date, a.Reason, a.ID)
		if err != nil {
			return err
		}
		return c.auditChanged(ctx, ActionUpdate, auditAccountability, before)
	})
}

// DeleteAccountability deletes the record with id, or returns a not-found error.
func (s *Store) DeleteAccountability(ctx context.Context, id int64) error {
	return s.write(ctx, "delete accountability", func(c conn) error {
		before, err := c.mustState(ctx, auditAccountability, id, "问责记录")
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, "DELETE FROM accountability WHERE id = ?", id); err != nil {
			return err
		}
		return c.auditDeleted(ctx, auditAccountability, before)
	})
}
