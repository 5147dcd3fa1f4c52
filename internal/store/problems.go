package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/textfold"
)

const problemCols = `p.id, p.inspection_id, p.finding_id, p.number, p.title, p.description, p.track, p.class,
	p.leader, p.owner_unit, p.due, p.opened, p.status, p.status_date, p.next_milestone, p.version`

func scanProblem(row interface{ Scan(...any) error }) (*rectify.Problem, error) {
	p := &rectify.Problem{}
	err := row.Scan(&p.ID, &p.InspectionID, &p.FindingID, &p.Number, &p.Title, &p.Description, &p.Track, &p.Class,
		&p.Leader, &p.OwnerUnit, &p.Due, &p.Opened, &p.Status, &p.StatusDate, &p.NextMilestone, &p.Version)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (c conn) problems(ctx context.Context, q string, args ...any) (out []*rectify.Problem, err error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		p, err := scanProblem(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, p)
	}
	return out, closeRows(rows, nil)
}

const measureCols = "m.id, m.problem_id, m.number, m.grp, m.text, m.owner, m.due, m.done, m.version"

func scanMeasure(row interface{ Scan(...any) error }) (*rectify.Measure, error) {
	m := &rectify.Measure{}
	if err := row.Scan(&m.ID, &m.ProblemID, &m.Number, &m.Group, &m.Text, &m.Owner, &m.Due, &m.Done, &m.Version); err != nil {
		return nil, err
	}
	return m, nil
}

const changeCols = "h.id, h.problem_id, h.status, h.class, h.date, h.author, h.reason, h.text, h.next_milestone"

func scanChange(row interface{ Scan(...any) error }) (rectify.StatusChange, error) {
	var h rectify.StatusChange
	err := row.Scan(&h.ID, &h.ProblemID, &h.Status, &h.Class, &h.Date, &h.Author, &h.Reason, &h.Text, &h.NextMilestone)
	return h, err
}

// loadDetails fills in the measures and histories of problems, which are the
// problems (aliased p) that cond selects.
func (c conn) loadDetails(ctx context.Context, problems []*rectify.Problem, cond string, args ...any) error {
	if len(problems) == 0 {
		return nil
	}
	byID := make(map[int64]*rectify.Problem, len(problems))
	for _, p := range problems {
		byID[p.ID] = p
	}
	rows, err := c.query(ctx, "SELECT "+measureCols+" FROM measures m JOIN problems p ON p.id = m.problem_id WHERE "+
		cond+" ORDER BY m.problem_id, m.number, m.id", args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			return closeRows(rows, err)
		}
		if p := byID[m.ProblemID]; p != nil {
			p.Measures = append(p.Measures, m)
		}
	}
	if err := closeRows(rows, nil); err != nil {
		return err
	}
	rows, err = c.query(ctx, "SELECT "+changeCols+" FROM status_changes h JOIN problems p ON p.id = h.problem_id WHERE "+
		cond+" ORDER BY h.problem_id, h.date, h.id", args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		h, err := scanChange(rows)
		if err != nil {
			return closeRows(rows, err)
		}
		if p := byID[h.ProblemID]; p != nil {
			p.History = append(p.History, h)
		}
	}
	return closeRows(rows, nil)
}

// GetProblem returns the problem with id, its measures and its status
// history, or a not-found error.
func (s *Store) GetProblem(ctx context.Context, id int64) (*rectify.Problem, error) {
	p, err := s.reader().getProblem(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: get problem: %w", err)
	}
	return p, nil
}

func (c conn) getProblem(ctx context.Context, id int64) (*rectify.Problem, error) {
	p, err := scanProblem(c.queryRow(ctx, "SELECT "+problemCols+" FROM problems p WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("问题", id)
	}
	if err != nil {
		return nil, err
	}
	if err := c.loadDetails(ctx, []*rectify.Problem{p}, "p.id = ?", id); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdateProblem saves the problem's own fields (title, description, track,
// class, leader, owner unit, due, opened; not its status, measures or
// history) when p.Version is current, and sets the new Version. It returns
// EINVALID for bad fields, ErrStale for an old version and not-found for a
// missing problem.
func (s *Store) UpdateProblem(ctx context.Context, p *rectify.Problem) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("store: update problem: %w", err)
	}
	err := s.write(ctx, "update problem", func(c conn) error {
		return c.updateProblem(ctx, p, s.now())
	})
	if err != nil {
		return err
	}
	p.Version++
	return nil
}

// updateProblem saves p's own fields when p.Version is current; the caller
// moves p.Version on once the transaction commits.
func (c conn) updateProblem(ctx context.Context, p *rectify.Problem, now time.Time) error {
	before, err := c.mustState(ctx, auditProblem, p.ID, "问题")
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE problems SET title = ?, description = ?, track = ?, class = ?, leader = ?,
		owner_unit = ?, due = ?, opened = ?, version = version + 1, updated = ?
		WHERE id = ? AND version = ?`,
		p.Title, p.Description, p.Track, p.Class, p.Leader, p.OwnerUnit, p.Due, p.Opened, c.time(now),
		p.ID, p.Version)
	if err != nil {
		return err
	}
	if err := c.checkUpdated(ctx, res, "problems", "问题", p.ID); err != nil {
		return err
	}
	c.markUpdated(p.ID)
	if err := c.auditChanged(ctx, ActionUpdate, auditProblem, before); err != nil {
		return err
	}
	return c.refreshSearch(ctx, p.ID)
}

// AddStatusChange appends h to the history of the problem with problemID
// when version is its current version, and refreshes the problem's current
// status, status date, class and next milestone from its history (a change
// dated before the latest entry joins the history without becoming current).
// Whether the move is allowed is for the caller to decide (see
// rectify.CanTransition). It returns the problem as stored, with its measures
// and history; EINVALID for a change without a known status or a date;
// ErrStale for an old version; not-found for a missing problem.
func (s *Store) AddStatusChange(ctx context.Context, problemID int64, version int, h rectify.StatusChange) (*rectify.Problem, error) {
	if err := validateChange(h); err != nil {
		return nil, fmt.Errorf("store: add status change: %w", err)
	}
	var p *rectify.Problem
	err := s.write(ctx, "add status change", func(c conn) error {
		if _, err := c.addStatusChange(ctx, problemID, version, h, s.now()); err != nil {
			return err
		}
		var err error
		p, err = c.getProblem(ctx, problemID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// addStatusChange appends h to the history of the problem when version is
// its current version, moves the version on and refreshes the current
// status; it returns the new entry's ID.
func (c conn) addStatusChange(ctx context.Context, problemID int64, version int, h rectify.StatusChange, now time.Time) (int64, error) {
	before, err := c.mustState(ctx, auditProblem, problemID, "问题")
	if err != nil {
		return 0, err
	}
	// The common case in one statement: the version is current, and the
	// new entry, dated on or after the one in force, becomes current (of
	// one day, the last entered wins).
	after, current, err := c.returning(ctx, auditProblem, `UPDATE problems SET version = version + 1, updated = ?,
		status = ?, status_date = ?, class = ?, next_milestone = ?
		WHERE id = ? AND version = ? AND (status_date IS NULL OR status_date <= ?)`,
		c.time(now), h.Status, h.Date, h.Class, h.NextMilestone, problemID, version, h.Date)
	if err != nil {
		return 0, err
	}
	if !current { // a stale version, or an entry dated before the one in force
		res, err := c.exec(ctx, "UPDATE problems SET version = version + 1, updated = ? WHERE id = ? AND version = ?",
			c.time(now), problemID, version)
		if err != nil {
			return 0, err
		}
		if err := c.checkUpdated(ctx, res, "problems", "问题", problemID); err != nil {
			return 0, err
		}
	}
	c.markUpdated(problemID)
	id, err := c.insertAudited(ctx, auditStatusChange, insertChangeSQL, changeArgs(problemID, h)...)
	if err != nil {
		return 0, err
	}
	if !current {
		if err := c.refreshStatus(ctx, problemID); err != nil {
			return 0, err
		}
		return id, c.auditChanged(ctx, ActionStatus, auditProblem, before)
	}
	return id, c.record(ctx, ActionStatus, auditProblem, after, before.json, after.json)
}

// appendStatus inserts h into the history of the problem and refreshes the
// problem's current status, status date, class and next milestone from the
// entry in force after all others (the latest date; of one day, the last
// entered). The caller records the problem's change in the audit log.
func (c conn) appendStatus(ctx context.Context, problemID int64, h rectify.StatusChange) (int64, error) {
	id, err := c.insertAudited(ctx, auditStatusChange, insertChangeSQL, changeArgs(problemID, h)...)
	if err != nil {
		return 0, err
	}
	res, err := c.exec(ctx, `UPDATE problems SET status = ?, status_date = ?, class = ?, next_milestone = ?
		WHERE id = ? AND (status_date IS NULL OR status_date <= ?)`,
		h.Status, h.Date, h.Class, h.NextMilestone, problemID, h.Date)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return id, err
	}
	return id, c.refreshStatus(ctx, problemID)
}

// refreshStatus sets the problem's current status from the entry of its
// history in force after all others.
func (c conn) refreshStatus(ctx context.Context, problemID int64) error {
	var cur rectify.StatusChange
	err := c.queryRow(ctx, `SELECT status, class, date, next_milestone FROM status_changes WHERE problem_id = ?
		ORDER BY date DESC, id DESC LIMIT 1`, problemID).Scan(&cur.Status, &cur.Class, &cur.Date, &cur.NextMilestone)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, "UPDATE problems SET status = ?, status_date = ?, class = ?, next_milestone = ? WHERE id = ?",
		cur.Status, cur.Date, cur.Class, cur.NextMilestone, problemID)
	return err
}

const insertChangeSQL = `INSERT INTO status_changes (problem_id, status, class, date, author, reason, text, next_milestone)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

func changeArgs(problemID int64, h rectify.StatusChange) []any {
	return []any{problemID, h.Status, h.Class, h.Date, h.Author, h.Reason, h.Text, h.NextMilestone}
}

func (c conn) insertChange(ctx context.Context, problemID int64, h rectify.StatusChange) (int64, error) {
	return c.insert(ctx, insertChangeSQL, changeArgs(problemID, h)...)
}

// ProblemSort is the order of a problem list.
type ProblemSort string

// The orders of a problem list. Every order ends with the problem's id, so
// pages never overlap.
const (
	SortNumber  ProblemSort = "number"  // by inspection, then number (the default)
	SortDue     ProblemSort = "due"     // by deadline; problems without one last
	SortStatus  ProblemSort = "status"  // in the display order of rectify.Statuses, then by deadline
	SortUpdated ProblemSort = "updated" // by the time of the last change to the problem, its measures or progress
)

// ProblemFilter selects problems; zero fields do not filter.
type ProblemFilter struct {
	ScopePath    string           // inspections of units in this subtree ("/1/4/")
	InspectionID int64            // this inspection
	UnitID       int64            // inspections of this unit
	Source       rectify.Source   // inspections of this kind of rectification (审计, 督察 …); all when zero
	Statuses     []rectify.Status // any of these current statuses
	Track        rectify.Track
	OwnerUnit    string // 责任单位, exactly
	Leader       string // 责任领导, exactly
	// Overdue keeps open problems past their deadline on AsOf (long-term
	// ones past their next milestone), as rectify.Indicators counts them.
	Overdue bool
	AsOf    rectify.Date // the day for Overdue; today by the store's clock when zero
	// Query keeps problems whose title, description, measures or progress
	// contain every word of it (words are separated by spaces).
	Query  string
	Sort   ProblemSort
	Desc   bool
	Limit  int // at most this many; 0 for all
	Offset int
	// After and Before are cursors of ListProblemPage (its Next and
	// Prev): the page after, or before, the problem they stand for, in
	// this order. Offset is ignored with either.
	After, Before string

	// common holds the full-text expressions of Query that many problems
	// match (commonTerms), as ListProblemPage found them.
	common map[string]bool
}

// where returns the condition on problems aliased p.
func (s *Store) problemWhere(f ProblemFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ScopePath != "" {
		lo, hi := scopeRange(f.ScopePath)
		conds = append(conds, `p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u ON u.id = i.unit_id
			WHERE u.path >= ? AND u.path < ?)`)
		args = append(args, lo, hi)
	}
	if f.InspectionID != 0 {
		conds = append(conds, "p.inspection_id = ?")
		args = append(args, f.InspectionID)
	}
	if f.UnitID != 0 {
		conds = append(conds, "p.inspection_id IN (SELECT id FROM inspections WHERE unit_id = ?)")
		args = append(args, f.UnitID)
	}
	if f.Source != "" {
		conds = append(conds, "p.inspection_id IN (SELECT id FROM inspections WHERE source = ?)")
		args = append(args, sourceCol(f.Source))
	}
	if len(f.Statuses) > 0 {
		conds = append(conds, "p.status IN ("+placeholders(len(f.Statuses))+")")
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	if f.Track != "" {
		conds = append(conds, "p.track = ?")
		args = append(args, f.Track)
	}
	if f.OwnerUnit != "" {
		conds = append(conds, "p.owner_unit = ?")
		args = append(args, f.OwnerUnit)
	}
	if f.Leader != "" {
		conds = append(conds, "p.leader = ?")
		args = append(args, f.Leader)
	}
	if f.Overdue {
		asOf := f.AsOf
		if asOf.IsZero() {
			asOf = rectify.DateOf(s.now())
		}
		// Overdue is the red light: the branch of a status the filter
		// excludes is left out.
		c, a := lightWhere(rectify.LightRed, asOf, 0, statusesOf(f.Statuses))
		conds = append(conds, c)
		args = append(args, a...)
	}
	// Within one inspection or unit there are a few hundred problems at
	// most: reading their text beats an index lookup of a common word.
	narrow := f.InspectionID != 0 || f.UnitID != 0
	if q, qa := s.searchWhere(f.Query, narrow, f.common); q != "" {
		conds = append(conds, q)
		args = append(args, qa...)
	}
	if len(conds) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(conds, " AND "), args
}

// maxSearchTerms bounds the words of a query that are searched.
const maxSearchTerms = 8

// searchWhere returns the condition for the words of query, matched in
// any case. On SQLite the trigram index answers words of three characters
// or more, and the index of character pairs words of two Chinese characters
// (整改, 规划: very common). On PostgreSQL the index of character pairs
// finds the candidates for any word holding two Chinese characters in a
// row, and LIKE confirms them. Other words, and every word when the
// problems are narrowed to one inspection or unit, are matched with LIKE on
// the search text alone.
func (s *Store) searchWhere(query string, narrow bool, common map[string]bool) (string, []any) {
	words := searchWords(query)
	var conds, match []string
	var args []any
	indexed := !narrow
	// A word that many problems hold (common, see commonTerms) is matched
	// with LIKE, each problem on its own, as a page and a count read a few
	// hundred problems: its matches, hundreds of thousands, would
	// otherwise be read whole at every page and count (on PostgreSQL each
	// problem's pairs checked, slower than its text).
	trigrams := ftsMatch(words)
	for _, w := range words {
		like := "%" + likeEscaper.Replace(w) + "%"
		pairs := hanPairs(w)
		switch {
		case indexed && s.dialect == SQLite && utf8.RuneCountInString(w) >= 3 && !common[trigrams]:
			match = append(match, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		case indexed && s.dialect == SQLite && len(pairs) == 1 && utf8.RuneCountInString(w) == 2 && !common[pairsMatch(w)]:
			conds = append(conds, ftsCond("problem_pairs"))
			args = append(args, pairsMatch(w))
		case indexed && s.dialect == Postgres && len(pairs) == 1 && utf8.RuneCountInString(w) == 2 && !common[w]:
			// The word is its one pair: the index alone answers.
			conds = append(conds, "p.id IN (SELECT ps.problem_id FROM problem_search ps WHERE ps.pairs @> ?::text[])")
			args = append(args, pairs)
		case indexed && s.dialect == Postgres && len(pairs) > 0 && !common[w]:
			conds = append(conds, `p.id IN (SELECT ps.problem_id FROM problem_search ps
				WHERE ps.pairs @> ?::text[] AND ps.body LIKE ? ESCAPE '\')`)
			args = append(args, pairs, like)
		default:
			conds = append(conds, `EXISTS (SELECT 1 FROM problem_search ps WHERE ps.problem_id = p.id AND ps.body LIKE ? ESCAPE '\')`)
			args = append(args, like)
		}
	}
	if len(match) > 0 {
		m := strings.Join(match, " ")
		conds = append([]string{ftsCond("problem_fts")}, conds...)
		args = append([]any{m}, args...)
	}
	return strings.Join(conds, " AND "), args
}

// searchWords returns the words of a query that are searched.
func searchWords(query string) []string {
	words := strings.Fields(textfold.Fold(query))
	if len(words) > maxSearchTerms {
		words = words[:maxSearchTerms]
	}
	return words
}

// pairsMatch is the MATCH expression of a word of two Chinese characters
// in problem_pairs.
func pairsMatch(w string) string { return `"` + w + `"` }

// ftsMatch returns the MATCH expression in problem_fts of the words of
// three characters or more, "" when there is none.
func ftsMatch(words []string) string {
	var match []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 {
			match = append(match, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		}
	}
	return strings.Join(match, " ")
}

// ftsCond is the condition of the matches of a full-text index on SQLite,
// its MATCH expression the one argument: a set each problem is checked
// against ("+" keeps SQLite from reading the problems through it instead:
// it lets a page sorted by an index stop early).
func ftsCond(table string) string {
	return "+p.id IN (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ?)"
}

// A word is common, and matched with LIKE (searchWhere), when more than
// commonShare percent of the problems and more than commonSearch problems
// hold it: walking a list's order and checking each problem then reads
// fewer than 5 problems a match, where its matches read as a set would be
// a fifth of the record; a rarer word's set is read. Variables for the
// tests.
var (
	commonSearch = 5000
	commonShare  = 20
)

// commonTerms returns what of query is common: on SQLite the full-text
// expressions, on PostgreSQL the words whose rarest character pair is, in
// the statistics of the search texts (pairStats).
func (s *Store) commonTerms(ctx context.Context, query string, narrow bool) (map[string]bool, error) {
	if narrow {
		return nil, nil
	}
	words := searchWords(query)
	var common map[string]bool
	mark := func(key string) {
		if common == nil {
			common = map[string]bool{}
		}
		common[key] = true
	}
	if s.dialect == Postgres {
		freqs, rows, err := s.pairs.get(ctx, s)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			pairs := hanPairs(w)
			if len(pairs) == 0 {
				continue
			}
			f := 1.0
			for _, p := range pairs {
				f = min(f, freqs[p])
			}
			if f*rows > float64(commonSearch) && f*100 > float64(commonShare) {
				mark(w)
			}
		}
		return common, nil
	}
	// On SQLite the share is that of the problems of the last
	// commonWindow ids (the index seeks a range of ids within a word's
	// matches): a millisecond for the commonest word, where counting its
	// matches would read them all.
	type expr struct{ table, match string }
	var exprs []expr
	for _, w := range words {
		if utf8.RuneCountInString(w) == 2 && len(hanPairs(w)) == 1 {
			exprs = append(exprs, expr{"problem_pairs", pairsMatch(w)})
		}
	}
	if m := ftsMatch(words); m != "" {
		exprs = append(exprs, expr{"problem_fts", m})
	}
	if len(exprs) == 0 {
		return nil, nil
	}
	var last int64
	c := s.reader()
	if err := c.countRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM problems", nil, &last); err != nil {
		return nil, err
	}
	first := max(last-commonWindow+1, 1)
	var window int
	if err := c.countRow(ctx, "SELECT COUNT(*) FROM problems WHERE id BETWEEN ? AND ?", []any{first, last}, &window); err != nil {
		return nil, err
	}
	for _, e := range exprs {
		var n int
		err := c.countRow(ctx, "SELECT COUNT(*) FROM "+e.table+" WHERE "+e.table+" MATCH ? AND rowid BETWEEN ? AND ?",
			[]any{e.match, first, last}, &n)
		if err != nil {
			return nil, err
		}
		// The share of the window, of the problems there are (ids are
		// dense: the last id stands for their number).
		if window > 0 && n*100 > commonShare*window && int64(n)*last > int64(commonSearch)*int64(window) {
			mark(e.match)
		}
	}
	return common, nil
}

// commonWindow is how many of the last problems' ids commonTerms counts a
// word's matches among on SQLite.
const commonWindow = 4000

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// orderBy returns the ORDER BY clause of a sort.
func orderBy(sort ProblemSort, desc bool) string {
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	switch sort {
	case SortDue:
		return "p.due" + dir + " NULLS LAST, p.id" + dir
	case SortStatus:
		var b strings.Builder
		b.WriteString("CASE p.status")
		for i, st := range rectify.Statuses {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
		}
		b.WriteString(" ELSE 99 END" + dir + ", p.due NULLS LAST, p.id" + dir)
		return b.String()
	case SortUpdated:
		return "p.updated" + dir + ", p.id" + dir
	}
	return "p.inspection_id" + dir + ", p.number" + dir + ", p.id" + dir
}

// ListProblems returns one page of the problems f selects, without their
// measures and histories, and how many problems f selects in all. It
// returns EINVALID for an unknown sort.
func (s *Store) ListProblems(ctx context.Context, f ProblemFilter) ([]*rectify.Problem, int, error) {
	switch f.Sort {
	case "", SortNumber, SortDue, SortStatus, SortUpdated:
	default:
		return nil, 0, fmt.Errorf("store: list problems: %w", rectify.Errorf(rectify.EINVALID, "未知的排序方式“%s”", f.Sort))
	}
	if strings.TrimSpace(f.Query) != "" {
		if err := s.flushSearchIfStale(ctx); err != nil {
			return nil, 0, fmt.Errorf("store: list problems: %w", err)
		}
	}
	where, args := s.problemWhere(f)
	order := orderBy(f.Sort, f.Desc)
	q := "SELECT " + problemCols + " FROM problems p WHERE " + where + " ORDER BY " + order
	pageArgs := args
	if f.Limit > 0 || f.Offset > 0 {
		limit := f.Limit
		if limit <= 0 {
			limit = math.MaxInt32
		}
		// Find the page's ids first and read the full rows of those only:
		// sorting narrow rows, often from an index alone, is much cheaper
		// than sorting whole problems.
		q = "SELECT " + problemCols + " FROM problems p WHERE p.id IN (SELECT p.id FROM problems p WHERE " + where +
			" ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
		pageArgs = append(append([]any(nil), args...), limit, max(f.Offset, 0))
	}
	c := s.reader()
	page, err := c.problems(ctx, q, pageArgs...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list problems: %w", err)
	}
	// A first page shorter than the limit holds everything: no need to count.
	if f.Offset <= 0 && (f.Limit <= 0 || len(page) < f.Limit) {
		return page, len(page), nil
	}
	var total int
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM problems p WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count problems: %w", err)
	}
	return page, total, nil
}

// searchBody returns the search text of a problem.
func searchBody(title, description string, measures, progress []string) string {
	parts := make([]string, 0, 2+len(measures)+len(progress))
	parts = append(parts, title, description)
	parts = append(parts, measures...)
	parts = append(parts, progress...)
	return strings.Join(parts, "\n")
}

// searchRow is the search text of one problem.
type searchRow struct {
	problemID int64
	body      string
}

// putSearch stores the search texts of problems folded (textfold.Fold: lower
// case, simplified characters, one form of variants), in one
// statement per 500, with their pairs of Chinese characters: on SQLite in
// the pair index (triggers carry the text into the trigram index), on
// PostgreSQL in an array column.
func (c conn) putSearch(ctx context.Context, rows ...searchRow) error {
	const chunk = 500
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		if c.dialect == Postgres {
			args := make([]any, 0, 3*n)
			for _, r := range rows[:n] {
				body := textfold.Fold(r.body)
				pairs := hanPairs(body)
				if pairs == nil {
					pairs = []string{} // NOT NULL
				}
				args = append(args, r.problemID, body, pairs)
			}
			_, err := c.exec(ctx, "INSERT INTO problem_search (problem_id, body, pairs) VALUES "+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?::text[]), ", n), ", ")+
				" ON CONFLICT (problem_id) DO UPDATE SET body = excluded.body, pairs = excluded.pairs", args...)
			if err != nil {
				return fmt.Errorf("search text: %w", err)
			}
			rows = rows[n:]
			continue
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
		args := make([]any, 0, 2*n)
		for _, r := range rows[:n] {
			args = append(args, r.problemID, textfold.Fold(r.body))
		}
		_, err := c.exec(ctx, "INSERT INTO problem_search (problem_id, body) VALUES "+values+
			" ON CONFLICT (problem_id) DO UPDATE SET body = excluded.body", args...)
		if err != nil {
			return fmt.Errorf("search text: %w", err)
		}
		for i := range rows[:n] {
			args[2*i+1] = strings.Join(hanPairs(args[2*i+1].(string)), " ")
		}
		if _, err := c.exec(ctx, "INSERT OR REPLACE INTO problem_pairs (rowid, body) VALUES "+values, args...); err != nil {
			return fmt.Errorf("search pairs: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// hanPairs returns the overlapping pairs of Chinese characters of s, each
// distinct pair once: "巡查台账，台账" gives 巡查, 查台, 台账.
func hanPairs(s string) []string {
	var out []string
	seen := make(map[uint64]struct{}, len(s)/3)
	prev := rune(-1)
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			prev = -1
			continue
		}
		if prev >= 0 {
			key := uint64(prev)<<32 | uint64(r)
			if _, ok := seen[key]; !ok {
				seen[key] = struct{}{}
				out = append(out, string([]rune{prev, r}))
			}
		}
		prev = r
	}
	return out
}

// refreshSearch rebuilds the search text of a problem from what is stored.
func (c conn) refreshSearch(ctx context.Context, problemID int64) error {
	rows, err := c.searchRows(ctx, []int64{problemID})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return notFound("问题", problemID)
	}
	return c.putSearch(ctx, rows...)
}

// searchRows returns the search texts of the problems with ids, as stored
// (a problem that does not exist has none).
func (c conn) searchRows(ctx context.Context, ids []int64) ([]searchRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in := "(" + placeholders(len(ids)) + ")"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	type parts struct {
		title, description string
		measures, progress []string
	}
	byID := map[int64]*parts{}
	var order []int64
	err := c.each(ctx, "SELECT id, title, description FROM problems WHERE id IN "+in+" ORDER BY id", args,
		func(scan func(...any) error) error {
			var id int64
			p := &parts{}
			if err := scan(&id, &p.title, &p.description); err != nil {
				return err
			}
			byID[id] = p
			order = append(order, id)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, q := range []struct {
		sql      string
		progress bool
	}{
		{"SELECT problem_id, grp, text FROM measures WHERE problem_id IN " + in + " ORDER BY problem_id, number, id", false},
		{"SELECT problem_id, '', text FROM progress WHERE problem_id IN " + in + " ORDER BY problem_id, date, id", true},
	} {
		err := c.each(ctx, q.sql, args, func(scan func(...any) error) error {
			var id int64
			var a, b string
			if err := scan(&id, &a, &b); err != nil {
				return err
			}
			p := byID[id]
			if p == nil {
				return nil
			}
			for _, t := range []string{a, b} {
				switch {
				case t == "":
				case q.progress:
					p.progress = append(p.progress, t)
				default:
					p.measures = append(p.measures, t)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]searchRow, 0, len(order))
	for _, id := range order {
		p := byID[id]
		out = append(out, searchRow{id, searchBody(p.title, p.description, p.measures, p.progress)})
	}
	return out, nil
}

// touchProblem records a change to a problem's measures or progress for
// SortUpdated and rebuilds its search text, once per transaction, at its
// end (finishTouches). On SQLite the search text is only marked stale and
// rebuilt in a batch before the next search (FlushSearch): rewriting a
// document of the full-text index costs more than all the rest of a
// progress report, and a batch of documents costs hardly more than one.
func (c conn) touchProblem(ctx context.Context, problemID int64, now any) error {
	if c.audit == nil {
		return errors.New("touch problem: outside a write transaction")
	}
	if c.audit.touched == nil {
		c.audit.touched = map[int64]any{}
	}
	c.audit.touched[problemID] = now
	return nil
}

// markUpdated notes that the problem's update time was set by the
// transaction's own UPDATE of the problem, so that a touch need not set it
// again.
func (c conn) markUpdated(problemID int64) {
	if c.audit == nil {
		return
	}
	if c.audit.updated == nil {
		c.audit.updated = map[int64]bool{}
	}
	c.audit.updated[problemID] = true
}

// finishTouches records the touches of the transaction: the update time of
// each problem touched, and its search text rebuilt (or, on SQLite, marked
// stale).
func (c conn) finishTouches(ctx context.Context) error {
	if c.audit == nil || len(c.audit.touched) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(c.audit.touched))
	for id := range c.audit.touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if c.audit.updated[id] {
			continue
		}
		if _, err := c.exec(ctx, "UPDATE problems SET updated = ? WHERE id = ?", c.audit.touched[id], id); err != nil {
			return err
		}
	}
	c.audit.touched = nil
	if c.dialect == SQLite {
		for _, id := range ids {
			if _, err := c.exec(ctx, "INSERT OR IGNORE INTO search_stale (problem_id) VALUES (?)", id); err != nil {
				return err
			}
		}
		return nil
	}
	rows, err := c.searchRows(ctx, ids)
	if err != nil {
		return err
	}
	return c.putSearch(ctx, rows...)
}

// FlushSearch rebuilds the search texts marked stale: on SQLite by changes
// to measures and progress, on both dialects by a migration that changes
// how texts are folded. Searches do it first, so that they never miss a
// change; a job may call it now and then so that searches need not. It
// returns an error when the database cannot be written.
func (s *Store) FlushSearch(ctx context.Context) error {
	const batch = 1000
	for {
		n := 0
		err := s.write(ctx, "flush search", func(c conn) error {
			var ids []int64
			err := c.each(ctx, "SELECT problem_id FROM search_stale ORDER BY problem_id LIMIT ?", []any{batch},
				func(scan func(...any) error) error {
					var id int64
					if err := scan(&id); err != nil {
						return err
					}
					ids = append(ids, id)
					return nil
				})
			if err != nil || len(ids) == 0 {
				return err
			}
			n = len(ids)
			rows, err := c.searchRows(ctx, ids)
			if err != nil {
				return err
			}
			args := make([]any, len(ids))
			for i, id := range ids {
				args[i] = id
			}
			if _, err := c.exec(ctx, "DELETE FROM search_stale WHERE problem_id IN ("+placeholders(len(ids))+")", args...); err != nil {
				return err
			}
			// The index last: see createInspection.
			return c.putSearch(ctx, rows...)
		})
		if err != nil || n < batch {
			return err
		}
	}
}

// flushSearchIfStale runs FlushSearch when any search text is stale.
func (s *Store) flushSearchIfStale(ctx context.Context) error {
	var one int
	err := s.reader().queryRow(ctx, "SELECT 1 FROM search_stale LIMIT 1").Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return s.FlushSearch(ctx)
}

// pairStats are the most common character pairs of the search texts on
// PostgreSQL, with the share of texts that hold each, and the number of
// texts, as the planner's statistics (ANALYZE, autovacuum) last counted
// them; read again after pairStatsAge. A pair not among them is rarer than
// all of them. Their size is the statistics target's, not the record's.
type pairStats struct {
	mu    sync.Mutex
	read  time.Time
	freqs map[string]float64
	rows  float64
}

// pairStatsAge is how long pairStats are kept.
const pairStatsAge = 10 * time.Minute

func (ps *pairStats) get(ctx context.Context, s *Store) (map[string]float64, float64, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.freqs != nil && s.now().Sub(ps.read) < pairStatsAge {
		return ps.freqs, ps.rows, nil
	}
	freqs := map[string]float64{}
	var rows float64
	err := s.reader().each(ctx, `SELECT m.e, m.f, (SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = 'problem_search'::regclass)
		FROM pg_stats st, unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS m(e, f)
		WHERE st.schemaname = current_schema() AND st.tablename = 'problem_search' AND st.attname = 'pairs' AND m.e IS NOT NULL`, nil,
		func(scan func(...any) error) error {
			var e string
			var f float64
			if err := scan(&e, &f, &rows); err != nil {
				return err
			}
			freqs[e] = f
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("store: statistics of the search texts: %w", err)
	}
	ps.freqs, ps.rows, ps.read = freqs, rows, s.now()
	return freqs, rows, nil
}
