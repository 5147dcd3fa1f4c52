package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/zhsort"
)

const unitCols = "id, parent_id, name, path, phone, address, mailbox, email, version"

// unitDest returns the scan targets of unitCols into u.
func unitDest(u *rectify.Unit) []any {
	return []any{&u.ID, idCol{&u.ParentID}, &u.Name, &u.Path,
		&u.Contact.Phone, &u.Contact.Address, &u.Contact.Mailbox, &u.Contact.Email, &u.Version}
}

func scanUnit(row interface{ Scan(...any) error }) (*rectify.Unit, error) {
	u := &rectify.Unit{}
	if err := row.Scan(unitDest(u)...); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUnit stores a new unit under u.ParentID (a root when 0) and sets its
// ID, Path and Version. It returns an EINVALID error for a bad unit and a
// not-found error when the parent does not exist.
func (s *Store) CreateUnit(ctx context.Context, u *rectify.Unit) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: create unit: %w", err)
	}
	return s.write(ctx, "create unit", func(c conn) error {
		return c.createUnit(ctx, u)
	})
}

func (c conn) createUnit(ctx context.Context, u *rectify.Unit) error {
	parentPath := ""
	if u.ParentID != 0 {
		parent, err := c.getUnit(ctx, u.ParentID)
		if err != nil {
			return fmt.Errorf("parent: %w", err)
		}
		parentPath = parent.Path
	}
	id, err := c.insert(ctx, `INSERT INTO units (parent_id, name, phone, address, mailbox, email, version)
		VALUES (?, ?, ?, ?, ?, ?, 1)`,
		nullID(u.ParentID), u.Name, u.Contact.Phone, u.Contact.Address, u.Contact.Mailbox, u.Contact.Email)
	if err != nil {
		return err
	}
	path := rectify.UnitPath(parentPath, id)
	if _, err := c.exec(ctx, "UPDATE units SET path = ? WHERE id = ?", path, id); err != nil {
		return err
	}
	if err := c.auditCreated(ctx, auditUnit, id); err != nil {
		return err
	}
	u.ID, u.Path, u.Version = id, path, 1
	return nil
}

// GetUnit returns the unit with id, or a not-found error.
func (s *Store) GetUnit(ctx context.Context, id int64) (*rectify.Unit, error) {
	u, err := s.reader().getUnit(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get unit: %w", err)
	}
	return u, nil
}

func (c conn) getUnit(ctx context.Context, id int64) (*rectify.Unit, error) {
	u, err := scanUnit(c.queryRow(ctx, "SELECT "+unitCols+" FROM units WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("单位", id)
	}
	return u, err
}

// UpdateUnit saves the name, contact and parent of u when u.Version is
// current, and sets the new Version and Path. Moving a unit to another parent
// re-paths its whole subtree. It returns ErrStale when the version is not
// current, not-found when the unit or the new parent does not exist, and
// EINVALID when the move would put the unit under itself.
func (s *Store) UpdateUnit(ctx context.Context, u *rectify.Unit) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: update unit: %w", err)
	}
	var path string
	err := s.write(ctx, "update unit", func(c conn) error {
		cur, err := c.getUnit(ctx, u.ID)
		if err != nil {
			return err
		}
		// The unit and its subtree, whose paths follow a move.
		lo, hi := scopeRange(cur.Path)
		before, err := c.states(ctx, auditUnit, "path >= ? AND path < ?", lo, hi)
		if err != nil {
			return err
		}
		path = cur.Path
		if u.ParentID != cur.ParentID {
			parentPath := ""
			if u.ParentID != 0 {
				parent, err := c.getUnit(ctx, u.ParentID)
				if err != nil {
					return fmt.Errorf("parent: %w", err)
				}
				if rectify.Within(parent.Path, cur.Path) {
					return rectify.Errorf(rectify.EINVALID, "不能把单位移到它自己或其下级单位之下")
				}
				parentPath = parent.Path
			}
			path = rectify.UnitPath(parentPath, u.ID)
		}
		res, err := c.exec(ctx, `UPDATE units SET parent_id = ?, name = ?, phone = ?, address = ?, mailbox = ?, email = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			nullID(u.ParentID), u.Name, u.Contact.Phone, u.Contact.Address, u.Contact.Mailbox, u.Contact.Email, u.ID, u.Version)
		if err != nil {
			return err
		}
		if err := c.checkUpdated(ctx, res, "units", "单位", u.ID); err != nil {
			return err
		}
		if path != cur.Path {
			if _, err := c.exec(ctx, "UPDATE units SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
				path, len(cur.Path)+1, lo, hi); err != nil {
				return fmt.Errorf("re-path subtree: %w", err)
			}
		}
		return c.auditChangedAll(ctx, ActionUpdate, auditUnit, before)
	})
	if err != nil {
		return err
	}
	u.Path = path
	u.Version++
	return nil
}

// ListUnits returns the units of the subtree at scopePath ("" for all) in
// tree order: each unit before its children, siblings in the order they were
// created.
func (s *Store) ListUnits(ctx context.Context, scopePath string) ([]*rectify.Unit, error) {
	q, args := "SELECT "+unitCols+" FROM units", []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q, args = q+" WHERE path >= ? AND path < ?", []any{lo, hi}
	}
	units, err := s.reader().units(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	return treeOrder(units), nil
}

func (c conn) units(ctx context.Context, q string, args ...any) (out []*rectify.Unit, err error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, u)
	}
	return out, closeRows(rows, nil)
}

// treeOrder sorts units depth first, siblings by pinyin of their names
// (zhsort: the order of every list of units), then by id. A unit whose
// parent is not in the list (the top of a scope) counts as a root.
func treeOrder(units []*rectify.Unit) []*rectify.Unit {
	in := make(map[int64]bool, len(units))
	for _, u := range units {
		in[u.ID] = true
	}
	children := map[int64][]*rectify.Unit{}
	var roots []*rectify.Unit
	for _, u := range units {
		if u.ParentID != 0 && in[u.ParentID] {
			children[u.ParentID] = append(children[u.ParentID], u)
		} else {
			roots = append(roots, u)
		}
	}
	byID := func(us []*rectify.Unit) {
		sort.Slice(us, func(i, j int) bool { return us[i].ID < us[j].ID })
		zhsort.SortFunc(us, func(u *rectify.Unit) string { return u.Name })
	}
	out := make([]*rectify.Unit, 0, len(units))
	var walk func([]*rectify.Unit)
	walk = func(us []*rectify.Unit) {
		byID(us)
		for _, u := range us {
			out = append(out, u)
			walk(children[u.ID])
		}
	}
	walk(roots)
	return out
}

// FindUnitByName returns the unit named name (the first created when several
// share it), or a not-found error.
func (s *Store) FindUnitByName(ctx context.Context, name string) (*rectify.Unit, error) {
	u, err := s.reader().findUnit(ctx, name, 0)
	if err != nil {
		return nil, fmt.Errorf("store: find unit: %w", err)
	}
	return u, nil
}

// FindUnitsByName returns the units named name within the subtree at
// scopePath (every unit when ""), in ID order.
func (s *Store) FindUnitsByName(ctx context.Context, name, scopePath string) ([]*rectify.Unit, error) {
	out, err := s.reader().findUnits(ctx, strings.TrimSpace(name), scopePath)
	if err != nil {
		return nil, fmt.Errorf("store: find units: %w", err)
	}
	return out, nil
}

// findUnits returns the units named name within the subtree at scope
// (every unit when ""), in ID order.
func (c conn) findUnits(ctx context.Context, name, scope string) ([]*rectify.Unit, error) {
	q, args := "SELECT "+unitCols+" FROM units WHERE name = ?", []any{name}
	if scope != "" {
		lo, hi := scopeRange(scope)
		q += " AND path >= ? AND path < ?"
		args = append(args, lo, hi)
	}
	rows, err := c.query(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	var out []*rectify.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, u)
	}
	return out, closeRows(rows, nil)
}

// unitPathName returns the names from the root down to u, joined by " › ".
func (c conn) unitPathName(ctx context.Context, u *rectify.Unit) (string, error) {
	var names []string
	for _, id := range rectify.PathIDs(u.Path) {
		if id == u.ID {
			break
		}
		a, err := scanUnit(c.queryRow(ctx, "SELECT "+unitCols+" FROM units WHERE id = ?", id))
		if err != nil {
			return "", err
		}
		names = append(names, a.Name)
	}
	return strings.Join(append(names, u.Name), " › "), nil
}

// findUnit returns the unit named name, one under parentID first when
// parentID is not 0.
func (c conn) findUnit(ctx context.Context, name string, parentID int64) (*rectify.Unit, error) {
	name = strings.TrimSpace(name)
	u, err := scanUnit(c.queryRow(ctx, "SELECT "+unitCols+` FROM units WHERE name = ?
		ORDER BY CASE WHEN parent_id = ? THEN 0 ELSE 1 END, id LIMIT 1`, name, parentID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rectify.Errorf(rectify.ENOTFOUND, "未找到单位“%s”", name)
	}
	return u, err
}

// EnsureUnit returns the unit named name, creating it under parentID (a root
// when 0) when no unit has that name. Among units of the same name it
// prefers one under parentID. It returns EINVALID for a bad name and
// not-found when it must create the unit and the parent does not exist.
func (s *Store) EnsureUnit(ctx context.Context, name string, parentID int64) (*rectify.Unit, error) {
	u := &rectify.Unit{Name: strings.TrimSpace(name), ParentID: parentID}
	if err := u.Validate(); err != nil {
		return nil, fmt.Errorf("store: ensure unit: %w", err)
	}
	err := s.write(ctx, "ensure unit", func(c conn) error {
		var err error
		u, err = c.ensureUnit(ctx, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ensureUnit returns the unit named u.Name (preferring one under
// u.ParentID), or creates u.
func (c conn) ensureUnit(ctx context.Context, u *rectify.Unit) (*rectify.Unit, error) {
	if c.dialect == Postgres {
		// Two imports naming the same new unit at once must not both
		// create it. (SQLite's single writer already takes turns.)
		h := fnv.New64a()
		h.Write([]byte("unit:" + u.Name))
		if _, err := c.exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(h.Sum64())); err != nil {
			return nil, err
		}
	}
	found, err := c.findUnit(ctx, u.Name, u.ParentID)
	if err == nil {
		return found, nil
	}
	if !errors.Is(err, rectify.ErrNotFound) {
		return nil, err
	}
	return u, c.createUnit(ctx, u)
}
