package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rectify-dev/rectify"
)

// The people lists (人员名单) of units: who may be named leader or owner,
// with their post and their account.

const personCols = "pe.id, pe.unit_id, u.path, u.name, pe.name, pe.post, pe.user_id, pe.proposed, pe.version"

const personFrom = " FROM people pe JOIN units u ON u.id = pe.unit_id"

func scanPerson(row interface{ Scan(...any) error }) (*rectify.Person, error) {
	p := &rectify.Person{}
	err := row.Scan(&p.ID, &p.UnitID, &p.UnitPath, &p.UnitName, &p.Name, &p.Post, idCol{&p.UserID}, &p.Proposed, &p.Version)
	return p, err
}

func (c conn) people(ctx context.Context, where string, args ...any) ([]*rectify.Person, error) {
	rows, err := c.query(ctx, "SELECT "+personCols+personFrom+" WHERE "+where+" ORDER BY pe.id", args...)
	if err != nil {
		return nil, err
	}
	var out []*rectify.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, p)
	}
	return out, closeRows(rows, nil)
}

// ListPeople returns the people of the units in the subtree at scopePath
// ("" for every unit), by ID.
func (s *Store) ListPeople(ctx context.Context, scopePath string) ([]*rectify.Person, error) {
	where, args := "1 = 1", []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		where, args = "u.path >= ? AND u.path < ?", []any{lo, hi}
	}
	out, err := s.reader().people(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list people: %w", err)
	}
	return out, nil
}

// PeopleNear returns the people a problem of the unit at unitPath may name:
// those of the unit's subtree and of the units above it, by ID.
func (s *Store) PeopleNear(ctx context.Context, unitPath string) ([]*rectify.Person, error) {
	out, err := s.reader().peopleNear(ctx, unitPath)
	if err != nil {
		return nil, fmt.Errorf("store: people near: %w", err)
	}
	return out, nil
}

// PeopleNear returns the people near the unit at unitPath (see
// Store.PeopleNear).
func (tx *Tx) PeopleNear(ctx context.Context, unitPath string) ([]*rectify.Person, error) {
	return tx.c.peopleNear(ctx, unitPath)
}

func (c conn) peopleNear(ctx context.Context, unitPath string) ([]*rectify.Person, error) {
	lo, hi := scopeRange(unitPath)
	where := "(u.path >= ? AND u.path < ?)"
	args := []any{lo, hi}
	if above := ancestorPaths(unitPath); len(above) > 0 {
		where += " OR u.path IN (" + placeholders(len(above)) + ")"
		for _, p := range above {
			args = append(args, p)
		}
	}
	return c.people(ctx, where, args...)
}

// ancestorPaths returns the paths of the units above the unit at path
// ("/1/4/9/" → "/1/", "/1/4/").
func ancestorPaths(path string) []string {
	ids := strings.Split(strings.Trim(path, "/"), "/")
	var out []string
	for i := 1; i < len(ids); i++ {
		out = append(out, "/"+strings.Join(ids[:i], "/")+"/")
	}
	return out
}

// GetPerson returns the person with id, or a not-found error.
func (s *Store) GetPerson(ctx context.Context, id int64) (*rectify.Person, error) {
	p, err := s.reader().getPerson(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get person: %w", err)
	}
	return p, nil
}

// GetPerson returns the person with id, or a not-found error.
func (tx *Tx) GetPerson(ctx context.Context, id int64) (*rectify.Person, error) {
	return tx.c.getPerson(ctx, id)
}

func (c conn) getPerson(ctx context.Context, id int64) (*rectify.Person, error) {
	p, err := scanPerson(c.queryRow(ctx, "SELECT "+personCols+personFrom+" WHERE pe.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("人员", id)
	}
	return p, err
}

// CreatePerson adds p to its unit's list and sets its ID and Version. It
// returns EINVALID for a bad person or a name the unit's list holds
// already, and not-found for a missing unit or account.
func (tx *Tx) CreatePerson(ctx context.Context, p *rectify.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	c := tx.c
	if err := c.personRefs(ctx, p); err != nil {
		return err
	}
	id, err := c.insertAudited(ctx, auditPerson, `INSERT INTO people (unit_id, name, post, user_id, proposed, version)
		VALUES (?, ?, ?, ?, ?, 1)`, p.UnitID, p.Name, p.Post, nullID(p.UserID), p.Proposed)
	if err != nil {
		return err
	}
	p.ID, p.Version = id, 1
	return nil
}

// personRefs checks that p's unit and account exist and that no other
// entry of the unit carries p's name.
func (c conn) personRefs(ctx context.Context, p *rectify.Person) error {
	if err := c.mustExist(ctx, "units", "单位", p.UnitID, nil); err != nil {
		return err
	}
	if p.UserID != 0 {
		if err := c.mustExist(ctx, "users", "账号", p.UserID, nil); err != nil {
			return err
		}
	}
	var other int64
	err := c.queryRow(ctx, "SELECT id FROM people WHERE unit_id = ? AND name = ? AND id <> ?", p.UnitID, p.Name, p.ID).Scan(&other)
	switch {
	case err == nil:
		var v rectify.Invalid
		v.Add("name", "本单位名单中已有“"+p.Name+"”")
		return v.Err()
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return nil
}

// UpdatePerson saves p's unit, name, post, account and whether it is
// proposed when p.Version is current, and moves p.Version on. It returns
// EINVALID, ErrStale for an old version and not-found.
func (tx *Tx) UpdatePerson(ctx context.Context, p *rectify.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	c := tx.c
	before, err := c.mustState(ctx, auditPerson, p.ID, "人员")
	if err != nil {
		return err
	}
	if err := c.personRefs(ctx, p); err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE people SET unit_id = ?, name = ?, post = ?, user_id = ?, proposed = ?,
		version = version + 1 WHERE id = ? AND version = ?`,
		p.UnitID, p.Name, p.Post, nullID(p.UserID), p.Proposed, p.ID, p.Version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "people", "人员", p.ID); err != nil {
		return err
	}
	if err := c.auditChanged(ctx, ActionUpdate, auditPerson, before); err != nil {
		return err
	}
	p.Version++
	return nil
}

// DeletePerson removes the person with id from the list (what problems
// wrote stays as written). It returns not-found.
func (tx *Tx) DeletePerson(ctx context.Context, id int64) error {
	c := tx.c
	before, err := c.mustState(ctx, auditPerson, id, "人员")
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, "DELETE FROM people WHERE id = ?", id); err != nil {
		return err
	}
	return c.auditDeleted(ctx, auditPerson, before)
}

// GetUser returns the account with id, or a not-found error.
func (tx *Tx) GetUser(ctx context.Context, id int64) (*rectify.User, error) {
	u, err := scanUser(tx.c.queryRow(ctx, "SELECT "+userCols+userFrom+" WHERE u.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号", id)
	}
	return u, err
}
