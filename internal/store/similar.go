package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

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
// (never held at once), in the order of their IDs. An error ends the iteration as its last
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
			WHERE ` + where + ` ORDER BY m.id`
	case TextProgress:
		q = `SELECT g.id, g.problem_id, i.id, i.unit_id, g.text, g.date
			FROM progress g JOIN problems p ON p.id = g.problem_id JOIN inspections i ON i.id = p.inspection_id
			WHERE ` + where + ` ORDER BY g.id`
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

// SimilarMember is a text of a stored cluster of copies.
type SimilarMember struct {
	Kind         TextKind `json:"kind"`
	TextID       int64    `json:"text_id"`
	ProblemID    int64    `json:"problem_id,omitempty"`
	InspectionID int64    `json:"inspection_id"`
	UnitID       int64    `json:"unit_id"`
}

// SimilarClusterRow is a stored cluster of copies: its kind (as the
// workflow names it), mean similarity, how many units and texts it spans,
// and its members (as ListSimilar reads them: those in scope, the first
// few).
type SimilarClusterRow struct {
	ID      int64
	Kind    string
	Score   float64 // 0 to 1, kept in hundredths
	Units   int
	Size    int
	Members []SimilarMember
	// InScope is how many of its texts are in the scope it was read in.
	InScope int
}

// SimilarRun is when the stored clusters were found, over how many texts
// and from which similarity.
type SimilarRun struct {
	Built time.Time
	Texts int
	Min   float64
}

// ReplaceSimilar replaces the stored clusters of copies with cs, found by
// the analysis run, in one transaction. The clusters are derived from the
// record and not audited.
func (s *Store) ReplaceSimilar(ctx context.Context, run SimilarRun, cs []SimilarClusterRow) error {
	return s.write(ctx, "replace similar", func(c conn) error {
		for _, q := range []string{"DELETE FROM similar_members", "DELETE FROM similar_clusters", "DELETE FROM similar_runs"} {
			if _, err := c.exec(ctx, q); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, "INSERT INTO similar_runs (id, built, texts, least) VALUES (1, ?, ?, ?)",
			c.time(run.Built), run.Texts, hundredths(run.Min)); err != nil {
			return err
		}
		const batch = 100
		var rows []any
		flush := func() error {
			if len(rows) == 0 {
				return nil
			}
			n := len(rows) / 6
			q := "INSERT INTO similar_members (cluster_id, text_kind, text_id, problem_id, inspection_id, unit_id) VALUES " +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", n), ", ")
			_, err := c.q.ExecContext(ctx, c.rebind(q), rows...)
			rows = rows[:0]
			return err
		}
		for i := range cs {
			cl := &cs[i]
			id, err := c.insert(ctx, "INSERT INTO similar_clusters (kind, score, units, size) VALUES (?, ?, ?, ?)",
				cl.Kind, hundredths(cl.Score), cl.Units, cl.Size)
			if err != nil {
				return err
			}
			cl.ID = id
			for _, m := range cl.Members {
				rows = append(rows, id, string(m.Kind), m.TextID, nullID(m.ProblemID), m.InspectionID, m.UnitID)
				if len(rows) == batch*6 {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		return flush()
	})
}

func hundredths(f float64) int { return int(f*100 + 0.5) }

// LastSimilarRun returns when the stored clusters were found; ENOTFOUND
// when the analysis never ran.
func (s *Store) LastSimilarRun(ctx context.Context) (SimilarRun, error) {
	var run SimilarRun
	var least int
	err := s.reader().queryRow(ctx, "SELECT built, texts, least FROM similar_runs WHERE id = 1").
		Scan(timeCol{&run.Built}, &run.Texts, &least)
	if errors.Is(err, sql.ErrNoRows) {
		return run, rectify.Errorf(rectify.ENOTFOUND, "尚未做过相似分析")
	}
	if err != nil {
		return run, fmt.Errorf("store: last similar run: %w", err)
	}
	run.Min = float64(least) / 100
	return run, nil
}

// SimilarFilter selects stored clusters: those with a text of a unit in
// ScopePath (every unit when empty), of Kind (any when empty).
type SimilarFilter struct {
	ScopePath string
	Kind      string
	Members   int // texts in scope read per cluster; 10 when zero
	Limit     int // clusters; 50 when zero
	Offset    int
}

// ListSimilar returns the stored clusters f selects, those spanning most
// units first, with their first texts in scope, and how many clusters
// match in all.
func (s *Store) ListSimilar(ctx context.Context, f SimilarFilter) ([]SimilarClusterRow, int, error) {
	lo, hi := "/", "0"
	if f.ScopePath != "" {
		lo, hi = scopeRange(f.ScopePath)
	}
	if f.Members <= 0 {
		f.Members = 10
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	inScope := `SELECT m.cluster_id, COUNT(*) AS n FROM similar_members m JOIN units u ON u.id = m.unit_id
		WHERE u.path >= ? AND u.path < ? GROUP BY m.cluster_id`
	args := []any{lo, hi}
	kind := ""
	if f.Kind != "" {
		kind = " WHERE c.kind = ?"
		args = append(args, f.Kind)
	}
	c := s.reader()
	var total int
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM similar_clusters c JOIN ("+inScope+") s ON s.cluster_id = c.id"+kind,
		args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: list similar: %w", err)
	}
	rows, err := c.query(ctx, "SELECT c.id, c.kind, c.score, c.units, c.size, s.n FROM similar_clusters c JOIN ("+inScope+
		") s ON s.cluster_id = c.id"+kind+" ORDER BY c.units DESC, c.size DESC, c.id LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list similar: %w", err)
	}
	var out []SimilarClusterRow
	byID := map[int64]int{}
	for rows.Next() {
		var cl SimilarClusterRow
		var score int
		if err := rows.Scan(&cl.ID, &cl.Kind, &score, &cl.Units, &cl.Size, &cl.InScope); err != nil {
			return nil, 0, fmt.Errorf("store: list similar: %w", closeRows(rows, err))
		}
		cl.Score = float64(score) / 100
		byID[cl.ID] = len(out)
		out = append(out, cl)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, 0, fmt.Errorf("store: list similar: %w", err)
	}
	if len(out) == 0 {
		return out, total, nil
	}
	margs := []any{lo, hi}
	for _, cl := range out {
		margs = append(margs, cl.ID)
	}
	margs = append(margs, f.Members)
	rows, err = c.query(ctx, `SELECT cluster_id, text_kind, text_id, problem_id, inspection_id, unit_id FROM (
		SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.cluster_id ORDER BY m.text_id) AS k
		FROM similar_members m JOIN units u ON u.id = m.unit_id
		WHERE u.path >= ? AND u.path < ? AND m.cluster_id IN (`+placeholders(len(out))+`)) x
		WHERE k <= ? ORDER BY cluster_id, text_id`, margs...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list similar: %w", err)
	}
	for rows.Next() {
		var id int64
		var m SimilarMember
		if err := rows.Scan(&id, &m.Kind, &m.TextID, idCol{&m.ProblemID}, &m.InspectionID, &m.UnitID); err != nil {
			return nil, 0, fmt.Errorf("store: list similar: %w", closeRows(rows, err))
		}
		out[byID[id]].Members = append(out[byID[id]].Members, m)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, 0, fmt.Errorf("store: list similar: %w", err)
	}
	return out, total, nil
}

// SimilarFlag is a stored cluster a problem's text belongs to: the flag on
// the problem's page and in its list.
type SimilarFlag struct {
	ClusterID int64
	Kind      string
	TextKind  TextKind
	TextID    int64
	Units     int // units the cluster spans
	Size      int // texts in the cluster
	Score     float64
}

// ProblemSimilar returns the stored clusters the texts of the given
// problems belong to, by problem.
func (s *Store) ProblemSimilar(ctx context.Context, problemIDs []int64) (map[int64][]SimilarFlag, error) {
	out := map[int64][]SimilarFlag{}
	c := s.reader()
	for len(problemIDs) > 0 {
		chunk := problemIDs[:min(len(problemIDs), 500)]
		problemIDs = problemIDs[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := c.query(ctx, `SELECT m.problem_id, c.id, c.kind, m.text_kind, m.text_id, c.units, c.size, c.score
			FROM similar_members m JOIN similar_clusters c ON c.id = m.cluster_id
			WHERE m.problem_id IN (`+placeholders(len(chunk))+`) ORDER BY m.problem_id, c.id, m.text_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: problem similar: %w", err)
		}
		for rows.Next() {
			var pid int64
			var f SimilarFlag
			var score int
			if err := rows.Scan(&pid, &f.ClusterID, &f.Kind, &f.TextKind, &f.TextID, &f.Units, &f.Size, &score); err != nil {
				return nil, fmt.Errorf("store: problem similar: %w", closeRows(rows, err))
			}
			f.Score = float64(score) / 100
			out[pid] = append(out[pid], f)
		}
		if err := closeRows(rows, nil); err != nil {
			return nil, fmt.Errorf("store: problem similar: %w", err)
		}
	}
	return out, nil
}
