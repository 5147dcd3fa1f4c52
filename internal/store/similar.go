package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/rectify-dev/rectify"
)

// TextKind is the kind of a text compared for copies (照搬照抄).
type TextKind string

// The texts compared.
const (
	TextMeasure  TextKind = "measure"  // a measure (整改措施)
	TextProgress TextKind = "progress" // a progress report (整改进展)
	TextNotice   TextKind = "notice"   // an inspection's notice texts: opening, work and next steps
)

// RecordText is one text of the record with where it stands. For a
// measure, ProblemText is its problem's title and description.
type RecordText struct {
	Kind         TextKind     `json:"kind"`
	ID           int64        `json:"id"` // of the measure, report or inspection
	ProblemID    int64        `json:"problem_id,omitempty"`
	InspectionID int64        `json:"inspection_id"`
	UnitID       int64        `json:"unit_id"`
	Date         rectify.Date `json:"date,omitzero"` // of a report
	Text         string       `json:"text"`
	ProblemText  string       `json:"-"`
}

// TextFilter selects the texts of RecordTexts; zero fields do not filter.
type TextFilter struct {
	Kind      TextKind // required
	ScopePath string   // inspections of units in this subtree ("/1/4/")
}

// RecordTexts returns the texts of one kind, read as they are iterated
// (never held at once): measures ordered by problem, reports by problem and
// date, notices by inspection. An error ends the iteration as its last
// value. The read stays open for the whole iteration: on an in-memory
// SQLite database the loop's body must not write to the store.
func (s *Store) RecordTexts(ctx context.Context, f TextFilter) iter.Seq2[*RecordText, error] {
	return func(yield func(*RecordText, error) bool) {
		if err := s.recordTexts(ctx, f, yield); err != nil && !errors.Is(err, errStopped) {
			yield(nil, fmt.Errorf("store: record texts: %w", err))
		}
	}
}

func (s *Store) recordTexts(ctx context.Context, f TextFilter, yield func(*RecordText, error) bool) error {
	where, args := inspectionWhere("i.id", f.ScopePath, 0, 0)
	var q string
	switch f.Kind {
	case TextMeasure:
		q = `SELECT m.id, m.problem_id, i.id, i.unit_id, m.text, p.title, p.description
			FROM measures m JOIN problems p ON p.id = m.problem_id JOIN inspections i ON i.id = p.inspection_id
			WHERE ` + where + ` ORDER BY m.problem_id, m.number, m.id`
	case TextProgress:
		q = `SELECT g.id, g.problem_id, i.id, i.unit_id, g.text, g.date
			FROM progress g JOIN problems p ON p.id = g.problem_id JOIN inspections i ON i.id = p.inspection_id
			WHERE ` + where + ` ORDER BY g.problem_id, g.date, g.id`
	case TextNotice:
		q = `SELECT i.id, i.unit_id, i.opening, i.work, i.next_steps FROM inspections i WHERE ` + where + ` ORDER BY i.id`
	default:
		return fmt.Errorf("unknown kind %q", f.Kind)
	}
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		t := &RecordText{Kind: f.Kind}
		switch f.Kind {
		case TextMeasure:
			var title, desc string
			err = rows.Scan(&t.ID, &t.ProblemID, &t.InspectionID, &t.UnitID, &t.Text, &title, &desc)
			t.ProblemText = title + "\n" + desc
		case TextProgress:
			err = rows.Scan(&t.ID, &t.ProblemID, &t.InspectionID, &t.UnitID, &t.Text, &t.Date)
		case TextNotice:
			var opening, work, next string
			err = rows.Scan(&t.ID, &t.UnitID, &opening, &work, &next)
			t.InspectionID = t.ID
			if err == nil {
				t.Text, err = noticeText(opening, work, next)
			}
		}
		if err != nil {
			return closeRows(rows, err)
		}
		if !yield(t, nil) {
			return closeRows(rows, errStopped)
		}
	}
	return closeRows(rows, nil)
}

// noticeText joins an inspection's notice texts into one.
func noticeText(opening, work, next string) (string, error) {
	parts := []string{opening}
	for _, js := range []string{work, next} {
		ps, err := paragraphs(js)
		if err != nil {
			return "", err
		}
		parts = append(parts, ps...)
	}
	return strings.TrimSpace(strings.Join(parts, "\n")), nil
}

// TextPlace is where a text stands, for showing it: its unit, inspection
// and problem.
type TextPlace struct {
	RecordText
	UnitName      string `json:"unit_name"`
	UnitPath      string `json:"-"`
	Team          string `json:"team,omitempty"`
	Round         int    `json:"round,omitempty"`
	ProblemNumber int    `json:"problem_number,omitempty"`
	ProblemTitle  string `json:"problem_title,omitempty"`
}

// TextPlaces returns the texts of one kind with the given IDs and where
// each stands, in no particular order; IDs that are not in the record are
// left out.
func (s *Store) TextPlaces(ctx context.Context, kind TextKind, ids []int64) ([]*TextPlace, error) {
	var out []*TextPlace
	c := s.reader()
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		const place = `u.name, u.path, i.team, i.round`
		var q string
		switch kind {
		case TextMeasure:
			q = `SELECT m.id, m.problem_id, i.id, i.unit_id, m.text, p.title, p.description, NULL, ` + place + `, p.number
				FROM measures m JOIN problems p ON p.id = m.problem_id JOIN inspections i ON i.id = p.inspection_id
				JOIN units u ON u.id = i.unit_id WHERE m.id IN (` + placeholders(len(chunk)) + `)`
		case TextProgress:
			q = `SELECT g.id, g.problem_id, i.id, i.unit_id, g.text, p.title, p.description, g.date, ` + place + `, p.number
				FROM progress g JOIN problems p ON p.id = g.problem_id JOIN inspections i ON i.id = p.inspection_id
				JOIN units u ON u.id = i.unit_id WHERE g.id IN (` + placeholders(len(chunk)) + `)`
		case TextNotice:
			q = `SELECT i.id, 0, i.id, i.unit_id, i.opening, i.work, i.next_steps, NULL, ` + place + `, 0
				FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.id IN (` + placeholders(len(chunk)) + `)`
		default:
			return nil, fmt.Errorf("store: text places: unknown kind %q", kind)
		}
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("store: text places: %w", err)
		}
		for rows.Next() {
			t := &TextPlace{RecordText: RecordText{Kind: kind}}
			var a, b string
			var pid sql.NullInt64
			err := rows.Scan(&t.ID, &pid, &t.InspectionID, &t.UnitID, &t.Text, &a, &b, &t.Date,
				&t.UnitName, &t.UnitPath, &t.Team, &t.Round, &t.ProblemNumber)
			t.ProblemID = pid.Int64
			if err == nil {
				switch kind {
				case TextNotice:
					t.Text, err = noticeText(t.Text, a, b)
				default:
					t.ProblemTitle, t.ProblemText = a, a+"\n"+b
				}
			}
			if err != nil {
				return nil, fmt.Errorf("store: text places: %w", closeRows(rows, err))
			}
			out = append(out, t)
		}
		if err := closeRows(rows, nil); err != nil {
			return nil, fmt.Errorf("store: text places: %w", err)
		}
	}
	return out, nil
}
