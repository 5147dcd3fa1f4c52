package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// The read model of the overview (巡察办总览) and the lists: the compact
// facts of every problem — what rectify.Indicators.Add and the deadline
// lights need, nothing more — and of every inspection, read in one snapshot
// together with the head of the audit log. Every change to the record
// appends to that log in its own transaction (whichever process makes it),
// so the head is a generation number that moves with every write, and the
// entries after a head name the problems and inspections a change touched:
// a cache reads the facts once and then only what changed.

// Generation returns the number of the last entry of the audit log. It
// moves with every change to the record, by this process or another on the
// same database, so that a cache keyed by it is never stale: as ctx
// carries it (WithHeads), else as read now. It returns an error when the
// database cannot be read.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	if h := headsOf(ctx); h != nil {
		return h.Generation, nil
	}
	var seq int64
	if err := s.reader().queryRow(ctx, "SELECT seq FROM audit_head WHERE id = 1").Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: generation: %w", err)
	}
	return seq, nil
}

// ProblemFact is what the overview and the lists need of one problem: its
// place, the fields lists filter on, its current status, and its indicator
// facts (status history with only status, class, date and next milestone;
// measures; done dates; failed look-backs), as rectify.Problem.Facts gives
// them. Read it, don't change it: caches share it.
type ProblemFact struct {
	ID           int64
	InspectionID int64
	Number       int
	Track        rectify.Track
	Leader       string
	OwnerUnit    string
	// Status, StatusDate and NextMilestone are the current ones (the row's).
	Status        rectify.Status
	StatusDate    rectify.Date
	NextMilestone rectify.Date
	Facts         rectify.ProblemFacts
}

// InspectionFact is what the overview and the lists need of one
// inspection: its unit, round, kind, team and feedback date, and the dates
// of its rules (建章立制) and accountability records (问责).
type InspectionFact struct {
	ID             int64
	UnitID         int64
	UnitName       string // the inspected organisation as the notice names it
	Team           string
	Source         rectify.Source // never zero: 巡察 for a column that is empty
	Kind           rectify.InspectionKind
	Round          int
	Feedback       rectify.Date
	Rules          []rectify.Date
	Accountability []rectify.Date
}

// KindLabel says the kind of the inspection as rectify.Inspection.KindLabel
// does: 常规巡察, 专项巡视, 审计, 生态环境保护督察.
func (in *InspectionFact) KindLabel() string {
	return (&rectify.Inspection{Source: in.Source, Kind: in.Kind}).KindLabel()
}

// FactsDelta is what ReadFacts read: everything (Full), or what changed
// after a generation.
type FactsDelta struct {
	// Seq is the generation the facts are of (Generation at the snapshot).
	Seq int64
	// Full says that everything may have changed: the read began at no
	// generation, or too much changed since the one asked for.
	Full bool
	// Touched are the inspections whose problems changed after the
	// generation asked for (those of problems gone included); none when
	// Full.
	Touched []int64
	// Problems are the facts of the problems read: ReadFacts keeps them
	// here, ReadFactsEach hands them over.
	Problems []*ProblemFact
	// Inspections, when InspectionsRead, are every inspection (inspection
	// records are few: any change to one, its rules or its accountability
	// reads them all again), and Units every unit in tree order, as
	// ListUnits gives them (any change to a unit reads them again). A full
	// read reads them.
	Inspections     []*InspectionFact
	Units           []*rectify.Unit
	InspectionsRead bool
}

// maxFactsDelta is how many audit log entries ReadFacts follows before it
// says that everything may have changed instead.
const maxFactsDelta = 20000

// ReadFacts returns, in one snapshot, what changed after afterSeq with the
// generation it is of, and the facts of the problems of the inspections
// touched; with afterSeq 0, or when more than a few thousand changes were
// made since afterSeq, every inspection and every problem (Full). It
// returns an error when the database cannot be read.
func (s *Store) ReadFacts(ctx context.Context, afterSeq int64) (*FactsDelta, error) {
	return s.ReadFactsEach(ctx, afterSeq, func(d *FactsDelta) ([]int64, bool) { return d.Touched, d.Full }, nil)
}

// factsChunk is how many problems a read hands over at once.
const factsChunk = 10000

// ReadFactsEach reads, in one snapshot: the head of the audit log and
// what changed after afterSeq (d's Seq, Full, Touched and, when they
// changed or Full, Inspections); then it calls of with d, which returns
// the inspections whose problems' facts to read (all when all), and hands
// those facts to each a few thousand problems at a time, in ID order, so
// that a read of a large record never holds more than a chunk. The
// problems of one inspection may come in several chunks. With each nil
// the problems are kept in d.Problems. An error of each ends the read and
// is returned; other errors when the database cannot be read.
func (s *Store) ReadFactsEach(ctx context.Context, afterSeq int64, of func(d *FactsDelta) (ids []int64, all bool),
	each func(d *FactsDelta, ps []*ProblemFact) error) (*FactsDelta, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every query
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: read facts: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep
	c := conn{q: tx, dialect: s.dialect}
	d, err := c.readFacts(ctx, afterSeq, of, each)
	if err != nil {
		return nil, fmt.Errorf("store: read facts: %w", err)
	}
	return d, nil
}

func (c conn) readFacts(ctx context.Context, afterSeq int64, of func(*FactsDelta) ([]int64, bool),
	each func(*FactsDelta, []*ProblemFact) error) (*FactsDelta, error) {
	if each == nil {
		each = func(d *FactsDelta, ps []*ProblemFact) error {
			d.Problems = append(d.Problems, ps...)
			return nil
		}
	}
	d := &FactsDelta{}
	// On SQLite the snapshot begins with the first read: this one.
	if err := c.queryRow(ctx, "SELECT seq FROM audit_head WHERE id = 1").Scan(&d.Seq); err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	d.Full = afterSeq <= 0 || d.Seq-afterSeq > maxFactsDelta || afterSeq > d.Seq
	if d.Full {
		d.InspectionsRead = true
	} else if d.Seq != afterSeq {
		if err := c.factsChanges(ctx, afterSeq, d); err != nil {
			return nil, err
		}
	}
	if d.InspectionsRead {
		var err error
		if d.Inspections, err = c.inspectionFacts(ctx); err != nil {
			return nil, err
		}
		units, err := c.units(ctx, "SELECT "+unitCols+" FROM units")
		if err != nil {
			return nil, fmt.Errorf("units: %w", err)
		}
		d.Units = treeOrder(units)
	}
	if of == nil {
		return d, nil
	}
	ids, all := of(d)
	if all {
		// In chunks of problem IDs, each read as a delta of those IDs
		// would be, within the one snapshot.
		last := int64(0)
		for {
			var ids []int64
			err := c.each(ctx, "SELECT id FROM problems WHERE id > ? ORDER BY id LIMIT ?", []any{last, factsChunk},
				func(scan func(...any) error) error {
					var id int64
					if err := scan(&id); err != nil {
						return err
					}
					ids = append(ids, id)
					return nil
				})
			if err != nil {
				return nil, fmt.Errorf("problems: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			ps, err := c.problemFactsWhere(ctx, " BETWEEN ? AND ?", []any{ids[0], ids[len(ids)-1]})
			if err != nil {
				return nil, err
			}
			if err := each(d, ps); err != nil {
				return nil, err
			}
			if len(ids) < factsChunk {
				break
			}
			last = ids[len(ids)-1]
		}
		return d, nil
	}
	// The problems of a few inspections at a time.
	const batch = 200
	for len(ids) > 0 {
		n := min(len(ids), batch)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ps, err := c.problemFactsWhere(ctx, " IN (SELECT id FROM problems WHERE inspection_id IN ("+placeholders(n)+"))", args)
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			if err := each(d, ps); err != nil {
				return nil, err
			}
		}
		ids = ids[n:]
	}
	return d, nil
}

// factsChanges puts into d what the audit log's entries after afterSeq up
// to d.Seq changed: the inspections whose problems changed, and whether
// inspections, their rules or accountability did.
func (c conn) factsChanges(ctx context.Context, afterSeq int64, d *FactsDelta) error {
	var problems []int64
	seen := map[int64]bool{}
	touched := map[int64]bool{}
	// A problem deleted is no longer there to say its inspection: its
	// state before the deletion does.
	err := c.each(ctx, `SELECT entity, problem_id, CASE WHEN entity = ? AND action = ? THEN before_json ELSE '' END
		FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq`,
		[]any{EntityProblem, ActionDelete, afterSeq, d.Seq}, func(scan func(...any) error) error {
			var entity, before string
			var problemID int64
			if err := scan(&entity, idCol{&problemID}, &before); err != nil {
				return err
			}
			switch entity {
			case EntityProblem, EntityMeasure, EntityStatusChange, EntityRecheck:
				if problemID != 0 && !seen[problemID] {
					seen[problemID] = true
					problems = append(problems, problemID)
				}
				if before != "" {
					var row struct {
						InspectionID int64 `json:"inspection_id"`
					}
					if err := json.Unmarshal([]byte(before), &row); err != nil {
						return fmt.Errorf("problem %d deleted: %w", problemID, err)
					}
					touched[row.InspectionID] = true
				}
			case EntityInspection, EntityRule, EntityAccountability, EntityUnit:
				d.InspectionsRead = true
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	const batch = 500
	for len(problems) > 0 {
		n := min(len(problems), batch)
		args := make([]any, n)
		for i, id := range problems[:n] {
			args[i] = id
		}
		err := c.each(ctx, "SELECT DISTINCT inspection_id FROM problems WHERE id IN ("+placeholders(n)+")", args,
			func(scan func(...any) error) error {
				var id int64
				if err := scan(&id); err != nil {
					return err
				}
				touched[id] = true
				return nil
			})
		if err != nil {
			return fmt.Errorf("changes: %w", err)
		}
		problems = problems[n:]
	}
	delete(touched, 0)
	d.Touched = slices.Sorted(maps.Keys(touched))
	return nil
}

// problemFactsWhere reads the facts of the problems whose id satisfies
// cond ("" for all): rows, histories, measures and failed look-backs, each
// in one query, and builds them as rectify.Problem.Facts does, directly
// from the columns: a full read is hundreds of thousands of rows.
func (c conn) problemFactsWhere(ctx context.Context, cond string, args []any) ([]*ProblemFact, error) {
	where := func(col string) string {
		if cond == "" {
			return ""
		}
		return " WHERE " + col + cond
	}
	and := func(col string) string {
		if cond == "" {
			return ""
		}
		return " AND " + col + cond
	}
	var out []*ProblemFact
	var classes []string  // each problem's class, for a problem without history
	at := map[int64]int{} // a problem's place in out by ID
	{
		var p ProblemFact
		var track, status, class string
		err := c.eachRow(ctx, `SELECT id, inspection_id, number, track, leader, owner_unit, due, opened, status, status_date,
		class, next_milestone FROM problems`+where("id")+" ORDER BY id", args,
			[]any{&p.ID, &p.InspectionID, &p.Number, &track, &p.Leader, &p.OwnerUnit, dayCol{&p.Facts.Due},
				dayCol{&p.Facts.Opened}, &status, dayCol{&p.StatusDate}, &class, dayCol{&p.NextMilestone}},
			func() {
				f := new(ProblemFact)
				*f = p
				f.Track, f.Status = rectify.Track(track), knownStatus(status)
				at[f.ID] = len(out)
				out = append(out, f)
				classes = append(classes, class)
			})
		if err != nil {
			return nil, fmt.Errorf("problems: %w", err)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	// Histories, and below the done dates, come in runs of one problem
	// each, kept in one array made to size and cut into slices at the end.
	{
		n, err := c.count(ctx, "SELECT COUNT(*) FROM status_changes"+where("problem_id"), args)
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		hist := make([]rectify.StatusChange, 0, n)
		of := make([]int, 0, n) // the place in out of each entry of hist
		var h rectify.StatusChange
		var id int64
		var status string
		err = c.eachRow(ctx, "SELECT problem_id, status, class, date, next_milestone FROM status_changes"+where("problem_id")+
			" ORDER BY problem_id, date, id", args, []any{&id, &status, &h.Class, dayCol{&h.Date}, dayCol{&h.NextMilestone}},
			func() {
				if i, ok := at[id]; ok {
					h.Status = knownStatus(status)
					hist = append(hist, h)
					of = append(of, i)
				}
			})
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		eachRun(of, func(i, start, end int) { out[i].Facts.History = hist[start:end:end] })
	}
	{
		n, err := c.count(ctx, "SELECT COUNT(*) FROM measures WHERE done IS NOT NULL"+and("problem_id"), args)
		if err != nil {
			return nil, fmt.Errorf("measures: %w", err)
		}
		done := make([]rectify.Date, 0, n)
		of := make([]int, 0, n)
		var id int64
		var d rectify.Date
		err = c.eachRow(ctx, "SELECT problem_id, done FROM measures"+where("problem_id")+" ORDER BY problem_id", args,
			[]any{&id, dayCol{&d}}, func() {
				if i, ok := at[id]; ok {
					out[i].Facts.Measures++
					if !d.IsZero() {
						done = append(done, d)
						of = append(of, i)
					}
				}
			})
		if err != nil {
			return nil, fmt.Errorf("measures: %w", err)
		}
		eachRun(of, func(i, start, end int) { out[i].Facts.MeasuresDone = done[start:end:end] })
	}
	{
		var id int64
		var d rectify.Date
		err := c.eachRow(ctx, "SELECT problem_id, done FROM rechecks WHERE result = 'failed'"+and("problem_id"), args,
			[]any{&id, dayCol{&d}}, func() {
				if i, ok := at[id]; ok {
					out[i].Facts.FailedChecks = append(out[i].Facts.FailedChecks, d)
				}
			})
		if err != nil {
			return nil, fmt.Errorf("rechecks: %w", err)
		}
	}
	for i, f := range out {
		if len(f.Facts.History) == 0 && f.Status != "" {
			f.Facts.History = []rectify.StatusChange{{Status: f.Status, Class: classes[i], Date: f.StatusDate, NextMilestone: f.NextMilestone}}
		}
	}
	return out, nil
}

// count returns the number q counts.
func (c conn) count(ctx context.Context, q string, args []any) (int, error) {
	var n int
	err := c.queryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// eachRun calls fn with each run of equal values of of: the value and
// where the run starts and ends.
func eachRun(of []int, fn func(v, start, end int)) {
	for start := 0; start < len(of); {
		end := start + 1
		for end < len(of) && of[end] == of[start] {
			end++
		}
		fn(of[start], start, end)
		start = end
	}
}

// eachRow runs q and calls fn after scanning each row into dest.
func (c conn) eachRow(ctx context.Context, q string, args []any, dest []any, fn func()) error {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return closeRows(rows, err)
		}
		fn()
	}
	return closeRows(rows, nil)
}

// knownStatus returns s as a status, rectify's own constant when it is
// one: the facts keep one copy of each instead of one per row.
func knownStatus(s string) rectify.Status {
	for _, st := range rectify.Statuses {
		if string(st) == s {
			return st
		}
	}
	return rectify.Status(s)
}

// dayCol scans a date as rectify.Date.Scan does, reading the usual
// "YYYY-MM-DD" text without time.Parse.
type dayCol struct{ p *rectify.Date }

func (c dayCol) Scan(src any) error {
	if s, ok := src.(string); ok {
		if d, ok := parseDay(s); ok {
			*c.p = d
			return nil
		}
	}
	return c.p.Scan(src)
}

// parseDay reads a valid date written YYYY-MM-DD at the start of s, as
// rectify.Date.Scan does; ok is false for anything else.
func parseDay(s string) (d rectify.Date, ok bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return d, false
	}
	num := func(s string) int {
		n := 0
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, day := num(s[:4]), num(s[5:7]), num(s[8:10])
	if y < 0 || m < 1 || m > 12 || day < 1 {
		return d, false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if day > days {
		return d, false
	}
	return rectify.Date{Year: y, Month: time.Month(m), Day: day}, true
}

// inspectionFacts reads every inspection with the dates of its rules and
// accountability records.
func (c conn) inspectionFacts(ctx context.Context) ([]*InspectionFact, error) {
	var out []*InspectionFact
	byID := map[int64]*InspectionFact{}
	err := c.each(ctx, "SELECT id, unit_id, unit_name, team, source, kind, round, feedback FROM inspections ORDER BY id", nil,
		func(scan func(...any) error) error {
			in := &InspectionFact{}
			var source string
			if err := scan(&in.ID, &in.UnitID, &in.UnitName, &in.Team, &source, &in.Kind, &in.Round, &in.Feedback); err != nil {
				return err
			}
			in.Source = rectify.Source(source).Or()
			out = append(out, in)
			byID[in.ID] = in
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("inspections: %w", err)
	}
	for _, q := range []struct {
		table string
		add   func(in *InspectionFact, d rectify.Date)
	}{
		{"rules", func(in *InspectionFact, d rectify.Date) { in.Rules = append(in.Rules, d) }},
		{"accountability", func(in *InspectionFact, d rectify.Date) { in.Accountability = append(in.Accountability, d) }},
	} {
		err := c.each(ctx, "SELECT inspection_id, date FROM "+q.table+" ORDER BY id", nil, func(scan func(...any) error) error {
			var id int64
			var d rectify.Date
			if err := scan(&id, &d); err != nil {
				return err
			}
			if in := byID[id]; in != nil {
				q.add(in, d)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.table, err)
		}
	}
	return out, nil
}

// LightFilter keeps the problems whose deadline light (红黄绿灯) as of AsOf,
// from their current status, is one of Lights, as rectify.LightOf gives it
// with the warning window of each problem's unit: WarnDays, or for the
// units of UnitWarnDays (by unit ID) their own, or for the units of the
// subtrees of Windows the window of the deepest that holds them. At most
// one of UnitWarnDays and Windows is given.
type LightFilter struct {
	Lights       []rectify.Light
	AsOf         rectify.Date
	WarnDays     int
	UnitWarnDays map[int64]int
	Windows      []PathWindow
}

// PathWindow is the warning window (黄灯预警提前天数) of the units of the
// subtree at Path, but for those of a deeper subtree with a window of its
// own.
type PathWindow struct {
	Path     string
	WarnDays int
}

// WindowAt returns the window of the unit at path: that of the deepest of
// windows whose subtree holds it, def when none does. It is the rule the
// SQL of LightFilter.Windows follows.
func WindowAt(windows []PathWindow, path string, def int) int {
	best, depth := def, -1
	for _, w := range windows {
		lo, _ := scopeRange(w.Path)
		if strings.HasPrefix(path, lo) && len(lo) > depth {
			best, depth = w.WarnDays, len(lo)
		}
	}
	return best
}

// statusGroup is a set of statuses whose light reads one date: the
// completed ones none, the long-term ones their next milestone, the open
// ones their deadline.
type statusGroup int

const (
	groupCompleted statusGroup = iota
	groupLongTerm
	groupOpen
)

var statusGroups = []statusGroup{groupCompleted, groupLongTerm, groupOpen}

// groupOf returns the status group of st.
func groupOf(st rectify.Status) statusGroup {
	switch st {
	case rectify.StatusCompleted:
		return groupCompleted
	case rectify.StatusLongTerm:
		return groupLongTerm
	}
	return groupOpen
}

// where returns the condition of the statuses of g on problems aliased p.
func (g statusGroup) where() string {
	switch g {
	case groupCompleted:
		return "p.status = 'completed'"
	case groupLongTerm:
		return "p.status = 'long_term'"
	}
	return openDeadlineStatuses
}

// statusSet tells which statuses a filter lets through: long-term ones,
// completed ones, and the others (open with a deadline); all when the
// filter names none. A light's branch for statuses the filter excludes can
// never match and is left out of the SQL.
type statusSet struct{ longTerm, completed, other bool }

func statusesOf(statuses []rectify.Status) statusSet {
	if len(statuses) == 0 {
		return statusSet{true, true, true}
	}
	var s statusSet
	for _, st := range statuses {
		switch st {
		case rectify.StatusLongTerm:
			s.longTerm = true
		case rectify.StatusCompleted:
			s.completed = true
		default:
			s.other = true
		}
	}
	return s
}

func (s statusSet) has(g statusGroup) bool {
	switch g {
	case groupCompleted:
		return s.completed
	case groupLongTerm:
		return s.longTerm
	}
	return s.other
}

// anyOf joins the conditions that can match with OR; "1 = 0" when none can.
func anyOf(conds []string) string {
	switch len(conds) {
	case 0:
		return "1 = 0"
	case 1:
		return conds[0]
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// openDeadlineStatuses is the condition of the statuses whose light is
// by their deadline: every one but completed and long-term.
var openDeadlineStatuses = "p.status IN (" + strings.Join(openStatusNames(), ", ") + ")"

func openStatusNames() []string {
	var names []string
	for _, st := range rectify.Statuses {
		if st != rectify.StatusCompleted && st != rectify.StatusLongTerm {
			names = append(names, "'"+string(st)+"'")
		}
	}
	return names
}

// dateWhere returns the condition on the date of the problems of g that
// have light l with a warning window of warn days: "" when all of them
// have it, ok false when none can.
func dateWhere(l rectify.Light, g statusGroup, asOf rectify.Date, warn int) (cond string, args []any, ok bool) {
	edge := asOf.AddDays(warn)
	switch {
	case g == groupCompleted && l == rectify.LightNone:
		return "", nil, true
	case g == groupLongTerm && l == rectify.LightRed:
		return "p.next_milestone < ?", []any{asOf}, true
	case g == groupLongTerm && l == rectify.LightYellow:
		return "p.next_milestone >= ? AND p.next_milestone <= ?", []any{asOf, edge}, true
	case g == groupLongTerm && l == rectify.LightBlue:
		return "(p.next_milestone IS NULL OR p.next_milestone > ?)", []any{edge}, true
	case g == groupOpen && l == rectify.LightRed:
		return "p.due < ?", []any{asOf}, true
	case g == groupOpen && l == rectify.LightYellow:
		return "p.due >= ? AND p.due <= ?", []any{asOf, edge}, true
	case g == groupOpen && l == rectify.LightGreen:
		return "(p.due IS NULL OR p.due > ?)", []any{edge}, true
	}
	return "", nil, false
}

// lightWhere returns the condition on problems aliased p of one light with
// a warning window of warn days, for problems in the statuses of set.
func lightWhere(l rectify.Light, asOf rectify.Date, warn int, set statusSet) (string, []any) {
	var conds []string
	var args []any
	for _, g := range statusGroups {
		if !set.has(g) {
			continue
		}
		c, a, ok := dateWhere(l, g, asOf, warn)
		switch {
		case !ok:
		case c == "":
			conds = append(conds, g.where())
		default:
			conds = append(conds, "("+g.where()+" AND "+c+")")
			args = append(args, a...)
		}
	}
	return anyOf(conds), args
}

// lightBranch is the part of a light filter on the problems of one status
// group: the group's statuses and the condition on their date.
type lightBranch struct {
	group statusGroup
	cond  string // with the statuses
	date  string // without them: "" when every problem of the group has a light asked
	args  []any
}

// windowRegion is the units that share a warning window, as a condition
// on problems aliased p.
type windowRegion struct {
	cond string
	args []any
	warn int
}

// regions returns the units with a window other than WarnDays, each set
// as a condition, and the condition of the others (nil when every unit has
// WarnDays).
func (lf LightFilter) regions() []windowRegion {
	const inSubtrees = "p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u ON u.id = i.unit_id WHERE %s)"
	pathIn := func(path string) (string, []any) {
		lo, hi := scopeRange(path)
		return "(u.path >= ? AND u.path < ?)", []any{lo, hi}
	}
	var out []windowRegion
	switch {
	case len(lf.Windows) > 0:
		var all []string
		var allArgs []any
		for i, w := range lf.Windows {
			cond, args := pathIn(w.Path)
			all, allArgs = append(all, cond), append(allArgs, args...)
			lo, _ := scopeRange(w.Path)
			for j, o := range lf.Windows {
				if olo, _ := scopeRange(o.Path); j != i && olo != lo && strings.HasPrefix(olo, lo) {
					c, a := pathIn(o.Path)
					cond, args = cond+" AND NOT "+c, append(args, a...)
				}
			}
			out = append(out, windowRegion{fmt.Sprintf(inSubtrees, cond), args, w.WarnDays})
		}
		out = append(out, windowRegion{"NOT " + fmt.Sprintf(inSubtrees, strings.Join(all, " OR ")), allArgs, lf.WarnDays})
	case len(lf.UnitWarnDays) > 0:
		// Group the units by their window; the rest take the default.
		const ofUnits = "p.inspection_id IN (SELECT id FROM inspections WHERE unit_id IN (%s))"
		groups := map[int][]any{}
		var windows []int
		var all []any
		units := make([]int64, 0, len(lf.UnitWarnDays))
		for unit := range lf.UnitWarnDays {
			units = append(units, unit)
		}
		slices.Sort(units)
		for _, unit := range units {
			warn := lf.UnitWarnDays[unit]
			if _, ok := groups[warn]; !ok {
				windows = append(windows, warn)
			}
			groups[warn] = append(groups[warn], unit)
			all = append(all, unit)
		}
		for _, warn := range windows {
			out = append(out, windowRegion{fmt.Sprintf(ofUnits, placeholders(len(groups[warn]))), groups[warn], warn})
		}
		out = append(out, windowRegion{"NOT " + fmt.Sprintf(ofUnits, placeholders(len(all))), all, lf.WarnDays})
	}
	return out
}

// branches returns the filter's condition on each status group that
// statuses let through (any when none) and that a light asked can match,
// ORed together they are the filter; nil when the filter keeps everything.
func (lf LightFilter) branches(statuses []rectify.Status) []lightBranch {
	if len(lf.Lights) == 0 {
		return nil
	}
	set := statusesOf(statuses)
	// The window matters only for yellow, green and blue: red and none are
	// the same for every unit.
	var fixed, windowed []rectify.Light
	for _, l := range lf.Lights {
		if l == rectify.LightYellow || l == rectify.LightGreen || l == rectify.LightBlue {
			windowed = append(windowed, l)
		} else {
			fixed = append(fixed, l)
		}
	}
	var regions []windowRegion
	if len(windowed) > 0 {
		regions = lf.regions()
	}
	out := []lightBranch{}
	for _, g := range statusGroups {
		if !set.has(g) {
			continue
		}
		var conds []string
		var args []any
		whole := false
		add := func(ls []rectify.Light, warn int) (string, []any) {
			var cs []string
			var as []any
			for _, l := range ls {
				c, a, ok := dateWhere(l, g, lf.AsOf, warn)
				if !ok {
					continue
				}
				whole = whole || c == ""
				cs, as = append(cs, c), append(as, a...)
			}
			return anyOf(cs), as
		}
		if c, a := add(fixed, 0); c != "1 = 0" {
			conds, args = append(conds, c), append(args, a...)
		}
		if c, a := add(windowed, lf.WarnDays); c == "1 = 0" {
			// No windowed light can match in this group.
		} else if len(regions) == 0 {
			conds, args = append(conds, c), append(args, a...)
		} else {
			for _, r := range regions {
				c, a := add(windowed, r.warn)
				conds = append(conds, "("+r.cond+" AND "+c+")")
				args = append(append(args, r.args...), a...)
			}
		}
		switch {
		case len(conds) == 0:
			continue
		case whole:
			out = append(out, lightBranch{g, g.where(), "", nil})
		default:
			date := anyOf(conds)
			out = append(out, lightBranch{g, "(" + g.where() + " AND " + date + ")", date, args})
		}
	}
	return out
}

// where returns the condition of the filter on problems aliased p, or ""
// when it keeps everything, for problems in one of statuses (any when
// none): branches that no such status can match are left out.
func (lf LightFilter) where(statuses []rectify.Status) (string, []any) {
	bs := lf.branches(statuses)
	if bs == nil {
		return "", nil
	}
	var conds []string
	var args []any
	for _, b := range bs {
		conds, args = append(conds, b.cond), append(args, b.args...)
	}
	return anyOf(conds), args
}

// ListProblemsLit is ListProblems with the problems kept by lf as well.
// A search is counted while its page is read, on another connection, and
// the count is driven from the words' matches rather than from the
// problems (the page still walks the list's order, which stops early). It
// returns EINVALID for an unknown sort.
func (s *Store) ListProblemsLit(ctx context.Context, f ProblemFilter, lf LightFilter) ([]*rectify.Problem, int, error) {
	lw, largs := lf.where(f.Statuses)
	search := strings.TrimSpace(f.Query) != ""
	if lw == "" && !search {
		return s.ListProblems(ctx, f)
	}
	switch f.Sort {
	case "", SortNumber, SortDue, SortStatus, SortUpdated:
	default:
		return nil, 0, fmt.Errorf("store: list problems: %w", rectify.Errorf(rectify.EINVALID, "未知的排序方式“%s”", f.Sort))
	}
	if search {
		if err := s.flushSearchIfStale(ctx); err != nil {
			return nil, 0, fmt.Errorf("store: list problems: %w", err)
		}
	}
	where, args := s.problemWhere(f)
	if lw != "" {
		where = where + " AND " + lw
		args = append(append([]any(nil), args...), largs...)
	}
	order := orderBy(f.Sort, f.Desc)
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	c := s.reader()
	// searchWhere marks the match sets with a unary plus so that a page
	// walks the problems in order; a count is better driven from them.
	countQ := "SELECT COUNT(*) FROM problems p WHERE " +
		strings.ReplaceAll(where, "+p.id IN (SELECT rowid FROM problem_", "p.id IN (SELECT rowid FROM problem_")
	count := func() (int, error) {
		var n int
		err := c.queryRow(ctx, countQ, args...).Scan(&n)
		return n, err
	}
	// A search counts on a second connection while the page is read.
	var total int
	var countErr error
	var counted chan struct{}
	if search {
		counted = make(chan struct{})
		go func() {
			defer close(counted)
			total, countErr = count()
		}()
	}
	q := "SELECT " + problemCols + " FROM problems p WHERE p.id IN (SELECT p.id FROM problems p WHERE " + where +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
	page, err := c.problems(ctx, q, append(append([]any(nil), args...), limit, max(f.Offset, 0))...)
	if counted != nil {
		<-counted
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: list problems: %w", err)
	}
	if f.Offset <= 0 && (f.Limit <= 0 || len(page) < f.Limit) {
		return page, len(page), nil
	}
	if counted == nil {
		total, countErr = count()
	}
	if countErr != nil {
		return nil, 0, fmt.Errorf("store: count problems: %w", countErr)
	}
	return page, total, nil
}

// ListFindings returns the findings (反馈问题) of the inspection with
// inspectionID in order, without their problems; none for an inspection
// that does not exist. It returns an error when the database cannot be
// read.
func (s *Store) ListFindings(ctx context.Context, inspectionID int64) ([]*rectify.Finding, error) {
	var out []*rectify.Finding
	err := s.reader().each(ctx, "SELECT id, inspection_id, number, title FROM findings WHERE inspection_id = ? ORDER BY number, id",
		[]any{inspectionID}, func(scan func(...any) error) error {
			f := &rectify.Finding{}
			if err := scan(&f.ID, &f.InspectionID, &f.Number, &f.Title); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: list findings: %w", err)
	}
	return out, nil
}
