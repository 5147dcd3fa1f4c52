package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
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
	}
	c := s.reader()
	pl, err := s.planPage(ctx, c, f, lf)
	if err != nil {
		return nil, err
	}
	where, args, seek, backward, offset, limit, carried := pl.where, pl.args, pl.seek, pl.backward, pl.offset, pl.limit, pl.carried
	rows, err := c.query(ctx, pl.q, pl.qargs...)
	if err != nil {
		return nil, fmt.Errorf("store: list problems: %w", err)
	}
	var problems []*rectify.Problem
	var curs []cursor
	for rows.Next() {
		p := &rectify.Problem{}
		var updated string
		err := rows.Scan(&p.ID, &p.InspectionID, &p.FindingID, &p.Number, &p.Title, &p.Description, &p.Track, &p.Class,
			&p.Leader, &p.OwnerUnit, &p.Due, &p.Opened, &p.Status, &p.StatusDate, &p.NextMilestone, &p.Version, &updated)
		if err != nil {
			return nil, fmt.Errorf("store: list problems: %w", closeRows(rows, err))
		}
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
	page := &ProblemPage{Problems: problems}
	if err := s.countPage(ctx, c, page, where, args, seek == "" && offset == 0 && !more, carried); err != nil {
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
}

// planPage writes the SQL of the page f and lf ask for.
func (s *Store) planPage(ctx context.Context, c conn, f ProblemFilter, lf LightFilter) (pagePlan, error) {
	wideScope := false
	if f.ScopePath != "" {
		// A scope that holds every unit (an admin's, the office's at the
		// top) selects nothing: leaving it out lets the index of the
		// other conditions lead.
		lo, hi := scopeRange(f.ScopePath)
		var inside, all int
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM units WHERE path >= ? AND path < ?", lo, hi).Scan(&inside); err != nil {
			return pagePlan{}, fmt.Errorf("store: list problems: %w", err)
		}
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM units").Scan(&all); err != nil {
			return pagePlan{}, fmt.Errorf("store: list problems: %w", err)
		}
		switch {
		case inside == all:
			f.ScopePath = ""
		case f.Sort != "" && f.Sort != SortNumber && inside*100 >= all:
			// A scope of a hundredth of the units or more, in an order
			// of its own index: walking that index and checking the
			// scope of each problem reads about limit×100 entries at
			// most, where reading the scope's problems first and sorting
			// them reads the whole scope. The unary plus keeps the
			// scope's index from leading.
			wideScope = true
		}
	}
	where, args := s.problemWhere(f)
	if wideScope {
		where = strings.Replace(where, "p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u", "+p.inspection_id IN (SELECT i.id FROM inspections i JOIN units u", 1)
	}
	if lw, largs := lf.where(f.Statuses); lw != "" {
		where = where + " AND " + lw
		args = append(append([]any(nil), args...), largs...)
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
	if seek != "" {
		cur, err := parseCursor(seek)
		if err != nil {
			return pagePlan{}, fmt.Errorf("store: list problems: %w", err)
		}
		carried = cur.Total
		sw, sa := seekWhere(keys, cur, backward)
		pageWhere = where + " AND " + sw
		pageArgs = append(append([]any(nil), args...), sa...)
		offset = 0
	}
	// One row more than the page tells whether another page follows.
	order := orderSQL(keys, backward)
	q := "SELECT " + problemCols + ", p.updated FROM problems p WHERE p.id IN (SELECT p.id FROM problems p WHERE " + pageWhere +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
	return pagePlan{q: q, qargs: append(pageArgs, limit+1, offset), where: where, args: args, seek: seek,
		backward: backward, offset: offset, limit: limit, carried: carried}, nil
}

// ExplainProblemPage returns the query plans of the page f and lf ask
// for, as ListProblemPage reads it, and of its count: EXPLAIN QUERY PLAN
// on SQLite, EXPLAIN on PostgreSQL, a line per step. It returns EINVALID
// as ListProblemPage does.
func (s *Store) ExplainProblemPage(ctx context.Context, f ProblemFilter, lf LightFilter) (page, count []string, err error) {
	c := s.reader()
	pl, err := s.planPage(ctx, c, f, lf)
	if err != nil {
		return nil, nil, err
	}
	countWhere := strings.ReplaceAll(pl.where, "+p.id IN (SELECT rowid FROM problem_", "p.id IN (SELECT rowid FROM problem_")
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
	if count, err = explain("SELECT COUNT(*) FROM (SELECT 1 FROM problems p WHERE "+countWhere+" LIMIT ?) n", append(pl.args, CountExact+1)); err != nil {
		return nil, nil, fmt.Errorf("store: explain count: %w", err)
	}
	return page, count, nil
}

// countPage sets the total of page: its own length when whole (the first
// page and nothing more), the estimate a cursor carried, else exact up to
// CountExact and estimated past it.
func (s *Store) countPage(ctx context.Context, c conn, page *ProblemPage, where string, args []any, whole bool, carried int) error {
	if whole {
		page.Total = len(page.Problems)
		return nil
	}
	if carried > CountExact {
		page.Total, page.Estimated = carried, true
		return nil
	}
	// searchWhere marks the match sets with a unary plus so that a page
	// walks the problems in order; a count is better driven from them.
	countWhere := strings.ReplaceAll(where, "+p.id IN (SELECT rowid FROM problem_", "p.id IN (SELECT rowid FROM problem_")
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM problems p WHERE "+countWhere+" LIMIT ?) n",
		append(args, CountExact+1)...).Scan(&page.Total); err != nil {
		return fmt.Errorf("store: count problems: %w", err)
	}
	if page.Total <= CountExact {
		return nil
	}
	est, err := c.estimateCount(ctx, countWhere, args)
	if err != nil {
		return fmt.Errorf("store: estimate problems: %w", err)
	}
	page.Total, page.Estimated = max(est, CountExact+1), true
	return nil
}

// estimateCount estimates how many problems match where by counting the
// matches among the problems of countWindows inspections spread evenly
// from the first inspection id to the last (read from the index by
// inspection, which covers the status and deadline columns), rounded to
// two significant digits.
func (c conn) estimateCount(ctx context.Context, where string, args []any) (int, error) {
	var lo, hi int64
	var n int
	if err := c.queryRow(ctx, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM inspections").Scan(&lo, &hi); err != nil {
		return 0, err
	}
	span := hi - lo + 1
	if span <= countWindows {
		// Few inspections: count every match.
		err := c.queryRow(ctx, "SELECT COUNT(*) FROM problems p WHERE "+where, args...).Scan(&n)
		return n, err
	}
	step := span / countWindows
	ids := make([]any, countWindows)
	for i := range ids {
		ids[i] = lo + int64(i)*step
	}
	// The sample is read through the index by inspection (on SQLite
	// forced, so that no index of the other conditions leads instead).
	from := "problems p"
	if c.dialect == SQLite {
		from = "problems p INDEXED BY problems_inspection"
	}
	q := "SELECT COUNT(*) FROM " + from + " WHERE p.inspection_id IN (" + placeholders(countWindows) + ") AND " + where
	if err := c.queryRow(ctx, q, append(ids, args...)...).Scan(&n); err != nil {
		return 0, err
	}
	est := float64(n) * float64(span) / float64(countWindows)
	return roundSignificant(est, 2), nil
}

// roundSignificant rounds x to digits significant digits.
func roundSignificant(x float64, digits int) int {
	if x < 1 {
		return 0
	}
	scale := math.Pow(10, math.Floor(math.Log10(x))-float64(digits-1))
	return int(math.Round(x/scale) * scale)
}
