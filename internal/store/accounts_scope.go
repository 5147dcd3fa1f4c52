package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The kinds of record whose unit UnitPathOf finds: a route's path parameter
// names one ({problemID} → KindProblem), and the policy is decided on the
// unit of the record.
const (
	KindUnit           = "unit"
	KindInspection     = "inspection"
	KindFinding        = "finding"
	KindProblem        = "problem"
	KindMeasure        = "measure"
	KindProgress       = "progress"
	KindEvidence       = "evidence"
	KindComment        = "comment"
	KindRule           = "rule"
	KindAccountability = "accountability"
	KindRecheck        = "recheck"
	KindUser           = "user"
	KindPerson         = "person"
)

// RootPath is the unit path UnitPathOf gives an account of every unit: above
// every unit, so that only an admin of every unit holds it in scope.
const RootPath = "/"

// unitPathQueries gives, per kind, the query of the path of the unit a
// record belongs to (an inspection's unit for everything under an
// inspection) and the Chinese name of the record for a not-found message.
var unitPathQueries = map[string]struct{ label, query string }{
	KindUnit:       {"单位", "SELECT u.path FROM units u WHERE u.id = ?"},
	KindInspection: {"巡察", "SELECT u.path FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.id = ?"},
	KindFinding: {"反馈问题", `SELECT u.path FROM findings f JOIN inspections i ON i.id = f.inspection_id
		JOIN units u ON u.id = i.unit_id WHERE f.id = ?`},
	KindProblem: {"问题", `SELECT u.path FROM problems p JOIN inspections i ON i.id = p.inspection_id
		JOIN units u ON u.id = i.unit_id WHERE p.id = ?`},
	KindMeasure: {"整改措施", `SELECT u.path FROM measures m JOIN problems p ON p.id = m.problem_id
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE m.id = ?`},
	KindProgress: {"整改情况", `SELECT u.path FROM progress g JOIN problems p ON p.id = g.problem_id
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE g.id = ?`},
	KindEvidence: {"证明材料", `SELECT u.path FROM evidence e JOIN problems p ON p.id = e.problem_id
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE e.id = ?`},
	KindRecheck: {"回头看", `SELECT u.path FROM rechecks r JOIN problems p ON p.id = r.problem_id
		JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE r.id = ?`},
	KindComment: {"意见建议", "SELECT u.path FROM public_comments c JOIN units u ON u.id = c.unit_id WHERE c.id = ?"},
	KindRule: {"制度", `SELECT u.path FROM rules r JOIN inspections i ON i.id = r.inspection_id
		JOIN units u ON u.id = i.unit_id WHERE r.id = ?`},
	KindAccountability: {"问责记录", `SELECT u.path FROM accountability a JOIN inspections i ON i.id = a.inspection_id
		JOIN units u ON u.id = i.unit_id WHERE a.id = ?`},
	KindUser:   {"账号", "SELECT COALESCE(u.path, '" + RootPath + "') FROM users x LEFT JOIN units u ON u.id = x.unit_id WHERE x.id = ?"},
	KindPerson: {"人员", "SELECT u.path FROM people x JOIN units u ON u.id = x.unit_id WHERE x.id = ?"},
}

// UnitPathOf returns the path of the unit the record of kind with id
// belongs to: a unit's own path, the inspected unit's for an inspection and
// everything under it, the receiving unit's for a public comment, the
// scope's for an account (RootPath for an account of every unit). It
// returns a not-found error when there is no such record, and an error for
// an unknown kind.
func (s *Store) UnitPathOf(ctx context.Context, kind string, id int64) (string, error) {
	q, ok := unitPathQueries[kind]
	if !ok {
		return "", fmt.Errorf("store: unit path: unknown kind %q", kind)
	}
	var path string
	err := s.reader().queryRow(ctx, q.query, id).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: unit path: %w", notFound(q.label, id))
	}
	if err != nil {
		return "", fmt.Errorf("store: unit path: %w", err)
	}
	return path, nil
}

// UnitPathKinds lists the kinds UnitPathOf knows.
func UnitPathKinds() []string {
	return []string{KindUnit, KindInspection, KindFinding, KindProblem, KindMeasure, KindProgress, KindEvidence,
		KindComment, KindRule, KindAccountability, KindRecheck, KindUser, KindPerson}
}
