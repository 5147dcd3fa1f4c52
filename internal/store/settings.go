package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// Setting is one setting of an office (a unit and its subtree), e.g. how
// many days before a deadline the light turns yellow. UnitID 0 holds the
// setting for every unit.
type Setting struct {
	ID     int64  `json:"id"`
	UnitID int64  `json:"unit_id"`
	Name   string `json:"name"`
	Value  string `json:"value"`
}

// Settings returns the settings stored on the units with unitIDs (0 for the
// whole system), by unit and name. Which setting applies where is for the
// caller to decide (the nearest ancestor's, normally).
func (s *Store) Settings(ctx context.Context, unitIDs []int64) ([]Setting, error) {
	out, err := s.reader().settings(ctx, unitIDs)
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	return out, nil
}

// Settings returns the settings stored on the units with unitIDs (see
// Store.Settings).
func (tx *Tx) Settings(ctx context.Context, unitIDs []int64) ([]Setting, error) {
	return tx.c.settings(ctx, unitIDs)
}

// UnitSetting is a setting stored on a unit, with the unit's path.
type UnitSetting struct {
	Setting
	Path string `json:"path"`
}

// SettingsUnder returns the settings called name stored on the units of
// the subtree at scopePath ("" for every unit; the unit at scopePath
// included, the system's not), in the order of their units' paths, so
// that a unit comes before the units below it. Few units set a given
// setting: this reads those, not the subtree. It returns an error when the
// database cannot be read.
func (s *Store) SettingsUnder(ctx context.Context, scopePath, name string) ([]UnitSetting, error) {
	// The settings lead (a CROSS JOIN keeps SQLite's order of the
	// tables): walking the units in the order of their paths would probe
	// every unit of the subtree for the few that set one.
	q := "SELECT s.id, s.unit_id, s.name, s.value, u.path FROM settings s CROSS JOIN units u WHERE u.id = s.unit_id AND s.name = ?"
	args := []any{name}
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q += " AND u.path >= ? AND u.path < ?"
		args = append(args, lo, hi)
	}
	var out []UnitSetting
	err := s.reader().each(ctx, q+" ORDER BY u.path, s.unit_id", args, func(scan func(...any) error) error {
		var st UnitSetting
		if err := scan(&st.ID, &st.UnitID, &st.Name, &st.Value, &st.Path); err != nil {
			return err
		}
		out = append(out, st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: settings under %s: %w", scopePath, err)
	}
	return out, nil
}

func (c conn) settings(ctx context.Context, unitIDs []int64) ([]Setting, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(unitIDs))
	for i, id := range unitIDs {
		args[i] = id
	}
	rows, err := c.query(ctx, "SELECT id, unit_id, name, value FROM settings WHERE unit_id IN ("+
		placeholders(len(unitIDs))+") ORDER BY unit_id, name", args...)
	if err != nil {
		return nil, err
	}
	var out []Setting
	for rows.Next() {
		var st Setting
		if err := rows.Scan(&st.ID, &st.UnitID, &st.Name, &st.Value); err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, st)
	}
	return out, closeRows(rows, nil)
}

// SetSetting stores the setting name of the unit with unitID (0: every
// unit) as value, or removes it when value is empty, so that the unit
// inherits its ancestor's again. Checking the value is for the caller. It
// returns EINVALID for an empty or overlong name or value and not-found
// for a missing unit.
func (s *Store) SetSetting(ctx context.Context, unitID int64, name, value string) error {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 || utf8.RuneCountInString(value) > 2000 {
		return fmt.Errorf("store: set setting: %w", rectify.Errorf(rectify.EINVALID, "设置项名称或取值不对"))
	}
	return s.write(ctx, "set setting", func(c conn) error {
		if unitID != 0 {
			if err := c.mustExist(ctx, "units", "单位", unitID, nil); err != nil {
				return err
			}
		}
		var id int64
		err := c.queryRow(ctx, "SELECT id FROM settings WHERE unit_id = ? AND name = ?", unitID, name).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if value == "" {
				return nil
			}
			id, err = c.insert(ctx, "INSERT INTO settings (unit_id, name, value) VALUES (?, ?, ?)", unitID, name, value)
			if err != nil {
				return err
			}
			return c.auditCreated(ctx, auditSetting, id)
		case err != nil:
			return err
		}
		before, err := c.mustState(ctx, auditSetting, id, "设置")
		if err != nil {
			return err
		}
		if value == "" {
			_, err = c.exec(ctx, "DELETE FROM settings WHERE id = ?", id)
		} else {
			_, err = c.exec(ctx, "UPDATE settings SET value = ? WHERE id = ?", value, id)
		}
		if err != nil {
			return err
		}
		return c.auditChanged(ctx, ActionUpdate, auditSetting, before)
	})
}
