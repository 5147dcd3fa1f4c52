package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
)

// CountExact is how many matching problems a list counts one by one. Past
// it the total is estimated from a sample (ProblemPage.Estimated, shown as
// 约), so that a list costs what it shows and not what the record holds.
const CountExact = 500

// countWindows is how many inspections, spread evenly over their ids, the
// estimate of a large total reads the problems of.
const countWindows = 32

// ProblemPage is one page of a problem list.
type ProblemPage struct {
	Problems []*rectify.Problem
	// Total is how many problems match: exact up to CountExact, past it
	// an estimate (Estimated).
	Total     int
	Estimated bool
	// Next and Prev are the cursors of the pages after and before this
	// one in the same order (ProblemFilter.After, Before); "" when there
	// is none.
	Next, Prev string
	// Units holds the unit of each problem's inspection, by inspection
	// ID, read with the page (one *rectify.Unit per unit).
	Units map[int64]*rectify.Unit
}

// cursor is a position in a problem list: the sort keys of one problem,
// for every order, so that a cursor made in one order still means "after
// this problem" in another.
type cursor struct {
	ID         int64  `json:"i"`
	Inspection int64  `json:"n"`
	Number     int    `json:"o"`
	Due        string `json:"d,omitempty"`
	Status     string `json:"s"`
	Updated    string `json:"u"`
	// Total is the estimated total of the list the cursor was made in,
	// so that the pages after the first do not estimate it again.
	Total int `json:"t,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && len(b) <= 512 {
		err = json.Unmarshal(b, &c)
	} else if err == nil {
		err = fmt.Errorf("too long")
	}
	if err != nil || c.ID <= 0 || !rectify.Status(c.Status).Valid() {
		return cursor{}, rectify.Errorf(rectify.EINVALID, "翻页位置无效，请从第一页重新查看")
	}
	if c.Due != "" {
		if _, err := rectify.ParseDate(c.Due); err != nil {
			return cursor{}, rectify.Errorf(rectify.EINVALID, "翻页位置无效，请从第一页重新查看")
		}
	}
	return c, nil
}

// sortKey is one term of an order: an expression, its direction, whether
// its NULLs come last, and its value at a cursor (nil for NULL).
type sortKey struct {
	expr      string
	desc      bool
	nullable  bool
	value     func(c cursor) any
	nullValue func(c cursor) bool
	// plainNulls leaves the NULLs where the dialect puts them: a term
	// before this one has already put them last.
	plainNulls bool
}

// noDueExpr is 1 for a problem without a deadline, 0 for the others.
const noDueExpr = "CASE WHEN p.due IS NULL THEN 1 ELSE 0 END"

func statusRankExpr() string {
	var b strings.Builder
	b.WriteString("CASE p.status")
	for i, st := range rectify.Statuses {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}

func statusRank(s string) int {
	if i := slices.Index(rectify.Statuses, rectify.Status(s)); i >= 0 {
		return i
	}
	return 99
}

// sortKeys returns the terms of the order of sort, as orderBy writes it.
func sortKeys(sort ProblemSort, desc bool) []sortKey {
	id := sortKey{expr: "p.id", desc: desc, value: func(c cursor) any { return c.ID }}
	due := func(desc bool) sortKey {
		return sortKey{expr: "p.due", desc: desc, nullable: true,
			value: func(c cursor) any {
				d, _ := rectify.ParseDate(c.Due)
				return d
			},
			nullValue: func(c cursor) bool { return c.Due == "" }}
	}
	switch sort {
	case SortDue:
		return []sortKey{due(desc), id}
	case SortStatus:
		// Deadlines ascending with the missing ones last, written as a
		// flag before the deadline so that the index on these three
		// expressions (problems_status_order) gives the order.
		noDue := sortKey{expr: noDueExpr, value: func(c cursor) any {
			if c.Due == "" {
				return 1
			}
			return 0
		}}
		d := due(false)
		d.plainNulls = true
		return []sortKey{{expr: statusRankExpr(), desc: desc, value: func(c cursor) any { return statusRank(c.Status) }}, noDue, d, id}
	case SortUpdated:
		return []sortKey{{expr: "p.updated", desc: desc, value: func(c cursor) any { return c.Updated }}, id}
	}
	return []sortKey{
		{expr: "p.inspection_id", desc: desc, value: func(c cursor) any { return c.Inspection }},
		{expr: "p.number", desc: desc, value: func(c cursor) any { return c.Number }},
		id,
	}
}

// orderSQL writes the keys as an ORDER BY list; reversed turns every
// term round (NULLs first where they were last).
func orderSQL(keys []sortKey, reversed bool) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		desc := k.desc != reversed
		s := k.expr + " ASC"
		if desc {
			s = k.expr + " DESC"
		}
		if k.nullable && !k.plainNulls {
			if reversed {
				s += " NULLS FIRST"
			} else {
				s += " NULLS LAST"
			}
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

// seekWhere returns the condition of the rows after c in the order of keys
// (before it when backward), NULLs last.
func seekWhere(keys []sortKey, c cursor, backward bool) (string, []any) {
	var ors []string
	var args []any
	var eqs []string
	var eqArgs []any
	for _, k := range keys {
		isNull := k.nullValue != nil && k.nullValue(c)
		// Later in the order read: greater when ascending forward or
		// descending backward, smaller otherwise. NULLs are last going
		// forward and so first going backward.
		greater := k.desc == backward
		var cond string
		var cargs []any
		switch {
		case isNull && !backward:
			// Nothing but NULL comes after NULL.
		case isNull:
			cond = k.expr + " IS NOT NULL"
		case greater:
			cond, cargs = k.expr+" > ?", []any{k.value(c)}
		default:
			cond, cargs = k.expr+" < ?", []any{k.value(c)}
		}
		if cond != "" && k.nullable && !isNull && !backward {
			cond = "(" + cond + " OR " + k.expr + " IS NULL)"
		}
		if cond != "" {
			ors = append(ors, strings.Join(append(slices.Clone(eqs), cond), " AND "))
			args = append(append(args, eqArgs...), cargs...)
		}
		if isNull {
			eqs = append(eqs, k.expr+" IS NULL")
		} else {
			eqs = append(eqs, k.expr+" = ?")
			eqArgs = append(eqArgs, k.value(c))
		}
	}
	return anyOf(ors), args
}

// ListProblemPage returns one page of the problems f and lf select, in the
// order of f, without their measures and histories: the first page, the
// page after the cursor f.After or the one before f.Before (keyset paging:
// a deep page costs what a first one does), or the page at f.Offset. The
// total is exact up to CountExact and estimated past it. It returns
// EINVALID for an unknown sort or a cursor it did not make.
func (s *Store) ListProblemPage(ctx context.Context, f ProblemFilter, lf LightFilter) (*ProblemPage, error) {
	switch f.Sort {
	case "", SortNumber, SortDue, SortStatus, SortUpdated:
	default:
		return nil, fmt.Errorf("store: list problems: %w", rectify.Errorf(rectify.EINVALID, "未知的排序方式“%s”", f.Sort))
	}
	search := strings.TrimSpace(f.Query) != ""
	if search {
		if err := s.flushSearchIfStale(ctx); err != nil {
			return nil, fmt.Errorf("store: list problems: %w", err)
		}
		common, err := s.commonTerms(ctx, f.Query, f.InspectionID != 0 || f.UnitID != 0)
		if err != nil {
			return nil, fmt.Errorf("store: list problems: %w", err)
		}
		f.common = common
	}
	c := s.reader()
	pl, err := s.planPage(ctx, c, f, lf)
	if err != nil {
		return nil, err
	}
	seek, backward, offset, limit := pl.seek, pl.backward, pl.offset, pl.limit
	rows, err := c.query(ctx, pl.q, pl.qargs...)
	if err != nil {
		return nil, fmt.Errorf("store: list problems: %w", err)
	}
	var problems []*rectify.Problem
	var curs []cursor
	units := map[int64]*rectify.Unit{} // by inspection
	byID := map[int64]*rectify.Unit{}  // by unit
	for rows.Next() {
		p := &rectify.Problem{}
		u := &rectify.Unit{}
		var updated string
		err := rows.Scan(append([]any{&p.ID, &p.InspectionID, &p.FindingID, &p.Number, &p.Title, &p.Description, &p.Track, &p.Class,
			&p.Leader, &p.OwnerUnit, &p.Due, &p.Opened, &p.Status, &p.StatusDate, &p.NextMilestone, &p.Version, &updated},
			unitDest(u)...)...)
		if err != nil {
			return nil, fmt.Errorf("store: list problems: %w", closeRows(rows, err))
		}
		if same := byID[u.ID]; same != nil {
			u = same
		}
		byID[u.ID], units[p.InspectionID] = u, u
		problems = append(problems, p)
		cu := cursor{ID: p.ID, Inspection: p.InspectionID, Number: p.Number, Status: string(p.Status), Updated: updated}
		if !p.Due.IsZero() {
			cu.Due = p.Due.String()
		}
		curs = append(curs, cu)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list problems: %w", err)
	}
	more := len(problems) > limit
	if more {
		problems, curs = problems[:limit], curs[:limit]
	}
	if backward {
		slices.Reverse(problems)
		slices.Reverse(curs)
	}
	page := &ProblemPage{Problems: problems, Units: units}
	if err := s.countPage(ctx, c, page, pl, seek == "" && offset == 0 && !more); err != nil {
		return nil, err
	}
	if page.Estimated {
		for i := range curs {
			curs[i].Total = page.Total
		}
	}
	if len(curs) > 0 {
		first, last := curs[0], curs[len(curs)-1]
		switch {
		case backward:
			page.Next = last.encode()
			if more {
				page.Prev = first.encode()
			}
		default:
			if more {
				page.Next = last.encode()
			}
			if seek != "" || offset > 0 {
				page.Prev = first.encode()
			}
		}
	}
	return page, nil
}

// pagePlan is the SQL of one page of a problem list and what its reading
// needs to know.
type pagePlan struct {
	q        string // the page, one row more than the limit
	qargs    []any
	where    string // the filter alone, for the count
	args     []any
	seek     string // the cursor, if any
	backward bool
	offset   int
	limit    int
	carried  int // the estimated total the cursor carries
	// split: the list is read in branches, counted while planned
	// (counted, exact when no branch has more than CountExact).
	// precounted: a list read in one query, counted while planned.
	// sampleFirst: a list whose exact count would read far more than it
	// finds (a common word's), estimated first, counted only when its
	// sample finds few.
	sampleFirst bool
	split       bool
	precounted  bool
	counted     int
	exact       bool
	counts      []countPart // the branches' counts, for EXPLAIN
	// scope is the scope's path, "" when it holds every unit; estWhere
	// the filter without it.
	scope    string
	estWhere string
	estArgs  []any
	notes    []string // how each branch is read, for EXPLAIN
	// bounds are the first and last inspection ids when read with the
	// branches' counts.
	bounds idBounds
	// Of a split list, the branches' conditions without the scope (for
	// the sample of an estimate; index is the sample's), and how many
	// matches each counted (up to CountExact+1).
	estParts  []countPart
	estCounts []int
}

// idBounds are the first and last inspection ids, read when read is set.
type idBounds struct {
	lo, hi int64
	read   bool
}

// idBoundsSQL selects the first and last inspection ids, each in a
// subquery of its own, so that each reads one end of the primary key (a
// MIN and a MAX in one SELECT read the whole table on SQLite).
const idBoundsSQL = "COALESCE((SELECT MIN(id) FROM inspections), 0), COALESCE((SELECT MAX(id) FROM inspections), 0)"

// matches says how many problems a branch counted up to CountExact+1
// holds.
func matches(n int) string {
	if n > CountExact {
		return fmt.Sprintf("more than %d matches", CountExact)
	}
	return fmt.Sprintf("%d matches", n)
}

// countPart is a condition whose matches are counted, and on SQLite the
// index that finds them ("" for the planner's choice).
type countPart struct {
	where string
	args  []any
	index string
}

// planPage writes the SQL of the page f and lf ask for.
func (s *Store) planPage(ctx context.Context, c conn, f ProblemFilter, lf LightFilter) (pagePlan, error) {
	wideScope, hashedScope, readScope := false, false, false
	if f.ScopePath != "" {
		// A scope that holds every unit (an admin's, the office's at the
		// top) selects nothing: leaving it out lets the index of the
		// other conditions lead.
		lo, hi := scopeRange(f.ScopePath)
		var inside, all, inspections int
		if err := c.countRow(ctx, "SELECT (SELECT COUNT(*) FROM units WHERE path >= ? AND path < ?), (SELECT COUNT(*) FROM units), "+
			"(SELECT COUNT(*) FROM inspections i JOIN units u ON u.id = i.unit_id WHERE u.path >= ? AND u.path < ?)",
			[]any{lit{lo}, lit{hi}, lit{lo}, lit{hi}}, &inside, &all, &inspections); err != nil {
			return pagePlan{}, fmt.Errorf("store: list problems: %w", err)
		}
		switch {
		case inside == all:
			f.ScopePath = ""
		case len(lf.Lights) > 0 && f.Sort == SortDue && inspections <= maxReadScope:
			// A light by deadline would be read in branches of a status
			// each, most of them with few matches in the scope, each
			// counted and read through the scope's problems: the
			// scope's problems are read once instead, from the index by
			// inspection (which holds their status and dates), and the
			// matches sorted.
			readScope = true
		case f.Sort != "" && f.Sort != SortNumber && inside*100 >= all:
			// A scope of a hundredth of the units or more, in an order
			// of its own index: walking that index and checking the
			// scope of each problem reads about limit×100 entries at
			// most, where reading the scope's problems first and sorting
			// them reads the whole scope. The unary plus keeps the
			// scope's index from leading.
			wideScope = true
			// PostgreSQL would check each problem walked by two index
			// lookups (a semi-join chosen for the LIMIT); a scope of up
			// to a quarter of the units and maxHashedScope inspections
			// is instead read once into a hash each problem is checked
			// in.
			hashedScope = c.dialect == Postgres && inside*4 < all && inspections <= maxHashedScope
		}
	}
	where, args := s.problemWhere(f)
	args = lits(args)
	switch {
	case hashedScope:
		where = strings.Replace(where, scopeMark, hashedScopeMark, 1)
	case wideScope:
		where = strings.Replace(where, scopeMark, wideScopeMark, 1)
	}
	// The filter alone, before the light's branches join it: each branch
	// is read and counted on its own when the list is split.
	base, baseArgs := where, args
	branches := pageBranches(f, lf, f.ScopePath == "" || wideScope)
	for i := range branches {
		branches[i].args = lits(branches[i].args)
	}
	// The estimate of a large total samples the scope's inspections, so
	// it needs the filter without the scope.
	estWhere, estArgs := where, args
	if f.ScopePath != "" {
		g := f
		g.ScopePath = ""
		estWhere, estArgs = s.problemWhere(g)
		estArgs = lits(estArgs)
	}
	estBase, estBaseArgs := estWhere, estArgs
	if lw, largs := lf.where(f.Statuses); lw != "" {
		largs = lits(largs)
		where = where + " AND " + lw
		args = append(append([]any(nil), args...), largs...)
		estWhere = estWhere + " AND " + lw
		estArgs = append(append([]any(nil), estArgs...), largs...)
	}
	keys := sortKeys(f.Sort, f.Desc)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	backward := false
	pageWhere, pageArgs := where, args
	var seek string
	switch {
	case f.After != "":
		seek = f.After
	case f.Before != "":
		seek, backward = f.Before, true
	}
	offset := max(f.Offset, 0)
	carried := 0 // the estimated total a cursor carries
	var seekCond string
	var seekArgs []any
	var cur cursor
	if seek != "" {
		var err error
		cur, err = parseCursor(seek)
		if err != nil {
			return pagePlan{}, fmt.Errorf("store: list problems: %w", err)
		}
		carried = cur.Total
		sw, sa := seekWhere(keys, cur, backward)
		seekCond, seekArgs = sw, sa
		pageWhere = where + " AND " + sw
		pageArgs = append(append([]any(nil), args...), sa...)
		offset = 0
	}
	// One row more than the page tells whether another page follows.
	order := orderSQL(keys, backward)
	// The page's rows are then read by their ids and the few sorted: on
	// SQLite an index of the order could otherwise lead, seeking each id
	// in every one of its values (a skip-scan, chosen when the planner's
	// statistics were taken while the values were few).
	// Each row comes with the unit of its problem's inspection.
	outer := "SELECT " + problemCols + ", p.updated, " + pageUnitCols + " FROM problems p"
	if c.dialect == SQLite {
		outer += " NOT INDEXED"
	}
	outer += " JOIN inspections pi ON pi.id = p.inspection_id JOIN units pu ON pu.id = pi.unit_id"
	pl := pagePlan{where: where, args: args, seek: seek, scope: f.ScopePath, estWhere: estWhere, estArgs: estArgs,
		backward: backward, offset: offset, limit: limit, carried: carried, exact: true, sampleFirst: len(f.common) > 0}
	if branches == nil {
		inner := "problems p"
		if readScope && c.dialect == SQLite {
			inner += " INDEXED BY problems_inspection"
			pl.notes = append(pl.notes, "read from the scope's inspections and sorted")
		}
		if index := orderIndexes[f.Sort]; c.dialect == SQLite && index != "" && f.ScopePath == "" && broadFilter(f) {
			// A filter that no narrow condition bounds, counted first:
			// with more than CountExact matches the page walks the index
			// of its order and checks each problem, reading about
			// limit × (problems ÷ matches) entries, where the planner
			// would often read every match from the index of the filter
			// and sort them; with fewer it reads them and sorts.
			q, cargs := countPart{where: where, args: args}.countSQL(CountExact + 1)
			if err := c.countRow(ctx, q, cargs, &pl.counted); err != nil {
				return pagePlan{}, fmt.Errorf("store: count problems: %w", err)
			}
			pl.precounted = true
			if pl.counted > CountExact {
				inner += " INDEXED BY " + index
				pl.notes = append(pl.notes, fmt.Sprintf("%s, read in order from %s", matches(pl.counted), index))
			}
		}
		if lbs := lf.branches(f.Statuses); c.dialect == Postgres && f.ScopePath == "" && len(lbs) > 1 {
			// A light's groups (open by deadline, long-term by
			// milestone) counted each on its own, from the index of
			// status and date: counted as one OR, PostgreSQL would walk
			// that index from its start, through every completed
			// problem.
			counts := make([]string, len(lbs))
			var cargs []any
			for i, b := range lbs {
				q, a := countPart{where: base + " AND " + b.cond, args: append(append([]any(nil), baseArgs...), lits(b.args)...)}.countSQL(CountExact + 1)
				counts[i], cargs = "("+q+")", append(cargs, a...)
			}
			if err := c.countRow(ctx, "SELECT "+strings.Join(counts, " + "), cargs, &pl.counted); err != nil {
				return pagePlan{}, fmt.Errorf("store: count problems: %w", err)
			}
			pl.precounted = true
		}
		if f.Sort == SortStatus && (pl.counted > CountExact || c.dialect == Postgres) {
			// The statuses before the first that can match are skipped,
			// not walked (the completed, first, are most of a record); a
			// range, as an equality or IN would have SQLite sort the
			// matches. (PostgreSQL, which is not told how to read the
			// list, is given the range too.)
			if lo, hi, ok := statusRanks(f, lf); ok {
				pageWhere += fmt.Sprintf(" AND %s >= %d AND %s <= %d", statusRankExpr(), lo, statusRankExpr(), hi)
			}
		}
		pl.q = outer + " WHERE p.id IN (SELECT p.id FROM " + inner + " WHERE " + pageWhere +
			" ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
		pl.qargs = append(pageArgs, lit{limit + 1}, lit{offset})
		return pl, nil
	}
	// Each branch is counted up to CountExact, then read in the list's
	// order from its index as far as the page can reach, or when it has
	// no more matches than that, from the index that found them, and
	// sorted; the branches are merged. The page reads about what it
	// shows, however many problems match.
	pl.split = true
	var parts []string
	var qargs []any
	branchCols := branchCols(f.Sort)
	// The branches are counted in one query, each in a subquery of its
	// own: one round trip to the database, however many there are.
	var counts []string
	var countArgs []any
	for _, b := range branches {
		count := countPart{where: base + " AND " + b.cond, args: append(append([]any(nil), baseArgs...), b.args...)}
		if c.dialect == SQLite && !wideScope {
			// (A scope is better counted from its own index.)
			count.index = b.countIndex
		}
		pl.counts = append(pl.counts, count)
		q, cargs := count.countSQL(CountExact + 1)
		counts = append(counts, "("+q+")")
		countArgs = append(countArgs, cargs...)
	}
	ns := make([]int, len(branches))
	dest := make([]any, len(ns))
	for i := range ns {
		dest[i] = &ns[i]
	}
	if f.ScopePath == "" {
		// The ends of the inspections' ids, which the estimate of a
		// large total samples between, in the same round trip.
		counts = append(counts, idBoundsSQL)
		dest = append(dest, &pl.bounds.lo, &pl.bounds.hi)
		pl.bounds.read = true
	}
	if err := c.countRow(ctx, "SELECT "+strings.Join(counts, ", "), countArgs, dest...); err != nil {
		return pagePlan{}, fmt.Errorf("store: count problems: %w", err)
	}
	for i, b := range branches {
		n := ns[i]
		pl.counted += n
		pl.exact = pl.exact && n <= CountExact
		pl.estParts = append(pl.estParts, countPart{where: estBase + " AND " + b.cond,
			args: append(append([]any(nil), estBaseArgs...), b.args...), index: b.sampleIndex})
		pl.estCounts = append(pl.estCounts, n)
		if n == 0 {
			continue
		}
		if len(b.days) > 0 && n > CountExact && (f.Sort == "" || f.Sort == SortNumber) {
			// Many matches in a window of days: each day read in order
			// from the index by deadline and number, as far as the page
			// can reach, rather than every open problem walked.
			from := "problems p"
			if c.dialect == SQLite {
				from += " INDEXED BY " + dayIndex
			}
			pl.notes = append(pl.notes, fmt.Sprintf("branch b%d: %s, read by day in order from %s", i, matches(n), dayIndex))
			for j, day := range b.days {
				w := base + " AND " + b.dayCond
				qargs = append(append(qargs, baseArgs...), lit{day})
				if seekCond != "" {
					w += " AND " + seekCond
					qargs = append(qargs, seekArgs...)
				}
				parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT ?) b%d_%d",
					branchCols, from, w, order, i, j))
				qargs = append(qargs, lit{limit + 1 + offset})
			}
			continue
		}
		from := "problems p"
		bw := base
		switch {
		case c.dialect != SQLite:
			pl.notes = append(pl.notes, fmt.Sprintf("branch b%d: %s, read as the planner chooses", i, matches(n)))
		case n <= CountExact && wideScope:
			// Few matches in a wide scope: read from the scope's
			// inspections as they were counted, not from the index of
			// the status (its matches in every scope) and checked.
			bw = countWhere(base)
			from += " INDEXED BY problems_inspection"
			pl.notes = append(pl.notes, fmt.Sprintf("branch b%d: %s, read from the scope's inspections and sorted", i, matches(n)))
		case n <= CountExact && b.countIndex != "":
			from += " INDEXED BY " + b.countIndex
			pl.notes = append(pl.notes, fmt.Sprintf("branch b%d: %s, read from %s and sorted", i, matches(n), b.countIndex))
		case b.index != "":
			from += " INDEXED BY " + b.index
			pl.notes = append(pl.notes, fmt.Sprintf("branch b%d: %s, read in order from %s", i, matches(n), b.index))
		}
		w := bw + " AND " + b.cond
		qargs = append(append(qargs, baseArgs...), b.args...)
		if seekCond != "" {
			w += " AND " + seekCond
			qargs = append(qargs, seekArgs...)
			if b.dueBounded && f.Sort == SortDue && cur.Due != "" {
				// The cursor's deadline as a bound of its own, which
				// the index of status and deadline seeks (its OR of
				// the keys is read as several ranges, then sorted):
				// the branch holds no problem without a deadline.
				d, _ := rectify.ParseDate(cur.Due)
				if f.Desc == backward {
					w += " AND p.due >= ?"
				} else {
					w += " AND p.due <= ?"
				}
				qargs = append(qargs, d)
			}
		}
		parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT ?) b%d",
			branchCols, from, w, order, i))
		qargs = append(qargs, lit{limit + 1 + offset})
	}
	if len(parts) == 0 {
		// Nothing matches: an empty page all the same.
		parts = []string{"SELECT " + branchCols + " FROM problems p WHERE 1 = 0"}
	}
	pl.q = outer + " WHERE p.id IN (SELECT p.id FROM (" +
		strings.Join(parts, " UNION ALL ") + ") p ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
	pl.qargs = append(qargs, lit{limit + 1}, lit{offset})
	return pl, nil
}

// pageUnitCols are unitCols of the unit (pu) of a page's problem.
var pageUnitCols = "pu." + strings.ReplaceAll(unitCols, ", ", ", pu.")

// branchCols returns the columns a branch of a split list in the order
// of sort gives: the id and every column a sort key reads, under their
// own names, so that the merge orders the branches' rows by the same
// expressions; the columns no key reads are NULL, so that a branch is
// read from its index alone (the others lie past the problem's texts).
func branchCols(sort ProblemSort) string {
	need := map[string]bool{"id": true}
	switch sort {
	case SortDue:
		need["due"] = true
	case SortStatus:
		need["status"], need["due"] = true, true
	case SortUpdated:
		need["updated"] = true
	default:
		need["inspection_id"], need["number"] = true, true
	}
	cols := make([]string, 0, 6)
	for _, col := range []string{"id", "inspection_id", "number", "due", "status", "updated"} {
		if need[col] {
			cols = append(cols, "p."+col)
		} else {
			cols = append(cols, "NULL AS "+col)
		}
	}
	return strings.Join(cols, ", ")
}

// pageBranch is a part of a list read on its own: the problems of some
// statuses, with a condition on their date, that an index gives in the
// list's order (index, named on SQLite, where the planner would sort
// every match instead) and that another index counts (countIndex).
type pageBranch struct {
	cond       string
	args       []any
	index      string
	countIndex string
	// days are the deadlines of a window of days, which a branch of
	// many matches reads one day at a time (dayCond, its argument the
	// day) from the index dayIndex, each day in the list's order.
	days    []rectify.Date
	dayCond string
	// sampleIndex is the index by inspection that holds the branch's
	// problems alone, for the sample of an estimate ("" for the index
	// of every problem).
	sampleIndex string
	// dueBounded: the branch's condition bounds the deadline, so that
	// none of its problems is without one.
	dueBounded bool
}

// openDueWindow is the date condition of the open problems in a window of
// deadlines (the yellow light's, dateWhere).
const openDueWindow = "p.due >= ? AND p.due <= ?"

// dayIndex is the index of open problems by deadline, then inspection and
// number (0203_open_due_number).
const dayIndex = "problems_open_due_number"

// maxDayParts bounds the days a window is read in, one part each.
const maxDayParts = 31

// numberIndexes are the indexes in the order of inspection and number of
// the problems of each status group (0200_light_branches).
var numberIndexes = map[statusGroup]string{
	groupCompleted: "problems_inspection",
	groupLongTerm:  "problems_long_term_number",
	groupOpen:      "problems_open_number",
}

// orderIndexes are the indexes that give each order on SQLite.
var orderIndexes = map[ProblemSort]string{
	"":          "problems_inspection",
	SortNumber:  "problems_inspection",
	SortDue:     "problems_due",
	SortStatus:  "problems_status_order",
	SortUpdated: "problems_updated",
}

// statusRanks returns the first and last ranks in the order of status
// (statusRankExpr) of the statuses f and lf can match, and false when they
// can match any.
func statusRanks(f ProblemFilter, lf LightFilter) (lo, hi int, ok bool) {
	lbs := lf.branches(f.Statuses)
	lo, hi = len(rectify.Statuses), -1
	for i, st := range rectify.Statuses {
		can := len(f.Statuses) == 0 || slices.Contains(f.Statuses, st)
		if lbs != nil {
			can = can && slices.ContainsFunc(lbs, func(b lightBranch) bool { return b.group == groupOf(st) })
		}
		if f.Overdue {
			can = can && st != rectify.StatusCompleted
		}
		if can {
			lo, hi = min(lo, i), max(hi, i)
		}
	}
	return lo, hi, lo > 0 || hi < len(rectify.Statuses)-1
}

// broadFilter reports whether no narrow condition (an inspection, a
// unit, a search, a person) bounds f.
func broadFilter(f ProblemFilter) bool {
	return f.InspectionID == 0 && f.UnitID == 0 && strings.TrimSpace(f.Query) == "" && f.OwnerUnit == "" && f.Leader == ""
}

// pageBranches returns the branches a page of f and lf is read in, or nil
// when it is read in one query: a light filter in the order of number or
// deadline, or several statuses by deadline, on a list that no narrow
// condition (a small scope, an inspection, a unit, a search, a person)
// already bounds. By number each status group is a branch, read from its
// index in that order; by deadline each status is one, read from the
// index of status and deadline.
func pageBranches(f ProblemFilter, lf LightFilter, broad bool) []pageBranch {
	if !broad || !broadFilter(f) {
		return nil
	}
	byDue := f.Sort == SortDue
	if !byDue && f.Sort != "" && f.Sort != SortNumber {
		return nil
	}
	lbs := lf.branches(f.Statuses)
	if lbs == nil {
		// No light: only several statuses by deadline are split.
		if !byDue || len(f.Statuses) < 2 {
			return nil
		}
		var out []pageBranch
		for _, st := range slices.Compact(slices.Sorted(slices.Values(f.Statuses))) {
			out = append(out, pageBranch{cond: "p.status = '" + string(st) + "'", index: "problems_status"})
		}
		return out
	}
	if len(lbs) == 0 {
		return nil // nothing can match: one query finds that
	}
	var out []pageBranch
	for _, b := range lbs {
		count := ""
		switch {
		case b.group == groupOpen && strings.HasPrefix(b.date, "p.due "):
			count = "problems_status"
		case b.group == groupLongTerm && strings.HasPrefix(b.date, "p.next_milestone "):
			count = "problems_milestone"
		}
		if !byDue {
			// The sample of an estimate reads the open problems' index
			// (which holds the status the branch checks: the others'
			// would read the problems' rows).
			sample := ""
			if b.group == groupOpen {
				sample = numberIndexes[groupOpen]
			}
			pb := pageBranch{cond: b.cond, args: b.args, index: numberIndexes[b.group], countIndex: count, sampleIndex: sample}
			if b.group == groupOpen && b.date == openDueWindow {
				// A window of a few days (黄灯): each day's problems
				// are in the order of number in the index by deadline.
				from, _ := b.args[0].(rectify.Date)
				to, _ := b.args[1].(rectify.Date)
				for d := from; !d.IsZero() && !d.After(to) && len(pb.days) <= maxDayParts; d = d.AddDays(1) {
					pb.days = append(pb.days, d)
				}
				if len(pb.days) > maxDayParts {
					pb.days = nil
				}
				pb.dayCond = "(" + b.group.where() + " AND p.due = ?)"
			}
			out = append(out, pb)
			continue
		}
		for _, st := range rectify.Statuses {
			if groupOf(st) != b.group || (len(f.Statuses) > 0 && !slices.Contains(f.Statuses, st)) {
				continue
			}
			cond := "p.status = '" + string(st) + "'"
			if b.date != "" {
				cond = "(" + cond + " AND " + b.date + ")"
			}
			out = append(out, pageBranch{cond: cond, args: b.args, index: "problems_status", countIndex: count,
				dueBounded: b.group == groupOpen && strings.HasPrefix(b.date, "p.due ")})
		}
	}
	return out
}

// ExplainProblemPage returns the query plans of the page f and lf ask
// for, as ListProblemPage reads it, and of its count: EXPLAIN QUERY PLAN
// on SQLite, EXPLAIN on PostgreSQL, a line per step; a list read in
// branches first says how each branch is read ("branch b0: …, read in
// order from …" or "… and sorted"). It returns EINVALID as
// ListProblemPage does.
func (s *Store) ExplainProblemPage(ctx context.Context, f ProblemFilter, lf LightFilter) (page, count []string, err error) {
	c := s.reader()
	pl, err := s.planPage(ctx, c, f, lf)
	if err != nil {
		return nil, nil, err
	}
	explain := func(q string, args []any) ([]string, error) {
		prefix := "EXPLAIN QUERY PLAN "
		if c.dialect == Postgres {
			prefix = "EXPLAIN "
		}
		rows, err := c.query(ctx, prefix+q, args...)
		if err != nil {
			return nil, err
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, closeRows(rows, err)
		}
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, closeRows(rows, err)
			}
			out = append(out, fmt.Sprint(vals[len(vals)-1]))
		}
		return out, closeRows(rows, nil)
	}
	if page, err = explain(pl.q, pl.qargs); err != nil {
		return nil, nil, fmt.Errorf("store: explain list: %w", err)
	}
	page = append(pl.notes, page...)
	counts := pl.counts // the branches', counted while planned
	if !pl.split {
		counts = []countPart{{where: pl.where, args: pl.args}}
	}
	for _, part := range counts {
		q, args := part.countSQL(CountExact + 1)
		lines, err := explain(q, args)
		if err != nil {
			return nil, nil, fmt.Errorf("store: explain count: %w", err)
		}
		count = append(count, lines...)
	}
	return page, count, nil
}

// countPage sets the total of page: its own length when whole (the first
// page and nothing more), the estimate a cursor carried, the sum of the
// branches of a split list when each was counted whole, else exact up to
// CountExact and estimated past it. A scope's sample is counted before
// the list: its matches are some of the list's, so that past CountExact
// they make the exact count needless, and when the scope has no more
// inspections than the sample reads they are all of the list's.
func (s *Store) countPage(ctx context.Context, c conn, page *ProblemPage, pl pagePlan, whole bool) error {
	var n, span int // the sample's matches, and the inspections it is of
	sampled := false
	switch {
	case whole:
		page.Total = len(page.Problems)
		return nil
	case pl.carried > CountExact:
		page.Total, page.Estimated = pl.carried, true
		return nil
	case pl.split:
		page.Total = pl.counted
	case pl.precounted:
		page.Total = pl.counted
	default:
		if pl.scope != "" || pl.sampleFirst {
			var err error
			if n, span, err = c.sampleCount(ctx, []countPart{{where: countWhere(pl.estWhere), args: pl.estArgs}}, pl.scope, pl.bounds); err != nil {
				return fmt.Errorf("store: estimate problems: %w", err)
			}
			sampled = true
			if span <= countWindows || n > CountExact {
				page.Total = estimateOf(n, span)
				if page.Total > CountExact {
					page.Total, page.Estimated = max(page.Total, CountExact+1), true
				}
				return nil
			}
		}
		q, args := countPart{where: pl.where, args: pl.args}.countSQL(CountExact + 1)
		if err := c.countRow(ctx, q, args, &page.Total); err != nil {
			return fmt.Errorf("store: count problems: %w", err)
		}
	}
	if page.Total <= CountExact || (pl.split && pl.exact) {
		return nil
	}
	exact := 0 // of a split list, the matches of the branches counted whole
	if !sampled {
		parts := []countPart{{where: countWhere(pl.estWhere), args: pl.estArgs}}
		if pl.split {
			// Only the branches of more than CountExact matches are
			// sampled, each from the index of its own problems where
			// there is one: the others were counted.
			parts = parts[:0]
			for i, part := range pl.estParts {
				if pl.estCounts[i] <= CountExact {
					exact += pl.estCounts[i]
					continue
				}
				part.where = countWhere(part.where)
				parts = append(parts, part)
			}
		}
		var err error
		if n, span, err = c.sampleCount(ctx, parts, pl.scope, pl.bounds); err != nil {
			return fmt.Errorf("store: estimate problems: %w", err)
		}
	}
	total := exact + n
	if span > countWindows {
		total = roundSignificant(float64(exact)+float64(n)*float64(span)/float64(countWindows), 2)
	}
	page.Total, page.Estimated = max(total, CountExact+1), true
	return nil
}

// countWhere is where for a count: searchWhere marks the match sets, and
// planPage a wide scope, with a unary plus (or on PostgreSQL as a hashed
// set) so that a page walks the problems in order; a count is better
// driven from them.
func countWhere(where string) string {
	where = strings.ReplaceAll(where, "+p.id IN (SELECT rowid FROM problem_", "p.id IN (SELECT rowid FROM problem_")
	where = strings.Replace(where, hashedScopeMark, scopeMark, 1)
	return strings.Replace(where, wideScopeMark, scopeMark, 1)
}

// scopeMark begins the scope's condition (problemWhere); wideScopeMark is
// it in a list whose order walks an index, with the unary plus that keeps
// the scope's index from leading.
const (
	scopeMark     = "p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u"
	wideScopeMark = "+" + scopeMark
	// hashedScopeMark is the same on PostgreSQL: an IN under a NOT is
	// not made a join, so the scope's inspections are read once into a
	// hashed set (NOT … NOT IN: neither side is ever NULL).
	hashedScopeMark = "NOT p.inspection_id NOT IN (SELECT i.id FROM inspections i JOIN units u"
)

// maxReadScope bounds the inspections of a scope whose problems a light's
// list by deadline reads all of (about 25 problems each in a province's
// record: a few milliseconds of an index's entries).
var maxReadScope = 1000 // a variable for the tests of the branches of a larger scope

// maxHashedScope bounds the inspections of a scope that PostgreSQL reads
// into a hashed set: about a megabyte, well within the default work_mem,
// past which the set would be read again for every problem.
const maxHashedScope = 20000

// countSQL returns the query that counts the part's matches up to limit.
func (part countPart) countSQL(limit int) (string, []any) {
	from := "problems p"
	if part.index != "" {
		from += " INDEXED BY " + part.index
	}
	return "SELECT COUNT(*) FROM (SELECT 1 FROM " + from + " WHERE " + countWhere(part.where) + " LIMIT ?) n",
		append(append([]any(nil), part.args...), lit{limit})
}

// estimateOf returns the estimated total of a list whose sample held n
// matches among the problems of countWindows inspections of span (all of
// them, and n exact, when span is no more than countWindows), rounded to
// two significant digits.
func estimateOf(n, span int) int {
	if span <= countWindows {
		return n
	}
	return roundSignificant(float64(n)*float64(span)/float64(countWindows), 2)
}

// sampleCount counts the problems of the scope at scopePath ("" for all)
// that match the conditions of parts (the filter but the scope; parts
// that no problem matches twice) among those of countWindows inspections
// spread evenly over the scope's (in the order of their units' paths), or
// over the ids from the first inspection's to the last's when "", read
// from the index by inspection, which covers the status and deadline
// columns, or a part's own (its index): n the matches, span how many
// inspections (or ids) the sample is of. When span is no more than
// countWindows, every inspection is read and n is exact. The ends of the
// ids are read unless bounds holds them.
func (c conn) sampleCount(ctx context.Context, parts []countPart, scopePath string, bounds idBounds) (n, span int, err error) {
	if len(parts) == 0 {
		return 0, 0, nil
	}
	var ids []any
	if scopePath != "" {
		// The scope's inspections, so that the sample is of the scope:
		// in the order the index of units' paths gives them, as one
		// list of ids (one row rather than one per inspection).
		lo, hi := scopeRange(scopePath)
		agg := "group_concat(i.id, ',')"
		if c.dialect == Postgres {
			agg = "string_agg(i.id::text, ',')"
		}
		var list sql.NullString
		if err := c.countRow(ctx, "SELECT "+agg+" FROM inspections i JOIN units u ON u.id = i.unit_id WHERE u.path >= ? AND u.path < ?",
			[]any{lo, hi}, &list); err != nil {
			return 0, 0, err
		}
		for f := range strings.SplitSeq(list.String, ",") {
			if f == "" {
				continue
			}
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return 0, 0, err
			}
			ids = append(ids, lit{id})
		}
		span = len(ids)
		if span == 0 {
			return 0, 0, nil
		}
		if span > countWindows {
			sample := make([]any, countWindows)
			for i := range sample {
				sample[i] = ids[i*span/countWindows]
			}
			ids = sample
		}
	} else {
		lo, hi := bounds.lo, bounds.hi
		if !bounds.read {
			if err := c.countRow(ctx, "SELECT "+idBoundsSQL, nil, &lo, &hi); err != nil {
				return 0, 0, err
			}
		}
		span = int(hi - lo + 1)
		if span <= countWindows {
			// Few inspections: count every match.
			counts := make([]string, len(parts))
			var args []any
			for i, part := range parts {
				counts[i] = "(SELECT COUNT(*) FROM problems p WHERE " + part.where + ")"
				args = append(args, part.args...)
			}
			err := c.countRow(ctx, "SELECT "+strings.Join(counts, " + "), args, &n)
			return n, span, err
		}
		step := int64(span / countWindows)
		ids = make([]any, countWindows)
		for i := range ids {
			// (The same while the inspections' ids are: written into
			// the statement on PostgreSQL, which then plans it once.)
			ids[i] = lit{lo + int64(i)*step}
		}
	}
	// The sample is read through the index by inspection (on SQLite
	// forced, so that no index of the other conditions leads instead).
	// A part with an index of its own problems by inspection (a status
	// group's) reads that one instead.
	counts := make([]string, len(parts))
	var args []any
	for i, part := range parts {
		from := "problems p"
		if c.dialect == SQLite {
			index := part.index
			if index == "" {
				index = "problems_inspection"
			}
			from += " INDEXED BY " + index
		}
		counts[i] = "(SELECT COUNT(*) FROM " + from + " WHERE p.inspection_id IN (" + placeholders(len(ids)) + ") AND " + part.where + ")"
		args = append(append(args, ids...), part.args...)
	}
	err = c.countRow(ctx, "SELECT "+strings.Join(counts, " + "), args, &n)
	return n, span, err
}

// roundSignificant rounds x to digits significant digits.
func roundSignificant(x float64, digits int) int {
	if x < 1 {
		return 0
	}
	scale := math.Pow(10, math.Floor(math.Log10(x))-float64(digits-1))
	return int(math.Round(x/scale) * scale)
}
