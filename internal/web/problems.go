package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// pageSize is how many problems a list shows at once.
const pageSize = 50

// listQuery is what a problem list shows, as its query string says, so that
// a view can be bookmarked and sent: ?status=in_progress&status=submitted
// &track=deadline&owner=财务股&leader=王芳&overdue=1&light=yellow&q=台账
// &unit=12&sort=due&desc=1&page=2.
type listQuery struct {
	Statuses []rectify.Status
	Track    rectify.Track
	Owner    string // 责任单位
	Leader   string // 责任领导
	Overdue  bool
	Lights   []rectify.Light
	Query    string
	Unit     int64 // a unit's subtree (the scope-wide list only)
	// Source keeps the problems of one kind of rectification (the
	// scope-wide list only): 审计, 生态环境督察 …
	Source rectify.Source
	Sort   store.ProblemSort
	Desc   bool
	Page   int
	// After and Before are the cursors of deep pages (keyset paging): the
	// page after or before a problem, in the list's order.
	After, Before string
}

// parseListQuery reads a list's query string; values it does not know are
// left out rather than refused, so that an old bookmark still opens.
func parseListQuery(v url.Values) listQuery {
	q := listQuery{Track: rectify.Track(v.Get("track")), Owner: strings.TrimSpace(v.Get("owner")),
		Leader: strings.TrimSpace(v.Get("leader")), Query: strings.TrimSpace(v.Get("q")),
		Sort: store.ProblemSort(v.Get("sort")), Desc: v.Get("desc") == "1", Overdue: v.Get("overdue") == "1"}
	for _, s := range v["status"] {
		if st := rectify.Status(s); st.Valid() && !slices.Contains(q.Statuses, st) {
			q.Statuses = append(q.Statuses, st)
		}
	}
	if q.Track == "" || !q.Track.Valid() {
		q.Track = ""
	}
	for _, s := range v["light"] {
		l := rectify.Light(s)
		if s == "none" {
			l = rectify.LightNone
		}
		switch l {
		case rectify.LightNone, rectify.LightGreen, rectify.LightYellow, rectify.LightRed, rectify.LightBlue:
			if !slices.Contains(q.Lights, l) && s != "" {
				q.Lights = append(q.Lights, l)
			}
		}
	}
	switch q.Sort {
	case store.SortNumber, store.SortDue, store.SortStatus, store.SortUpdated:
	default:
		q.Sort = store.SortNumber
	}
	q.Unit, _ = strconv.ParseInt(v.Get("unit"), 10, 64)
	q.Source = sourceParam(v.Get("source"))
	q.Page, _ = strconv.Atoi(v.Get("page"))
	// Numbered pages reach as far as totals are counted exactly; deeper
	// pages are read by cursor.
	q.Page = min(max(q.Page, 1), store.CountExact/pageSize)
	if c := v.Get("after"); len(c) <= maxCursor {
		q.After = c
	}
	if c := v.Get("before"); len(c) <= maxCursor && q.After == "" {
		q.Before = c
	}
	if len([]rune(q.Query)) > 100 {
		q.Query = string([]rune(q.Query)[:100])
	}
	return q
}

// maxCursor bounds the length of a cursor read from a query string.
const maxCursor = 700

// values returns the query string of q (without the page when page is 0),
// without its cursor.
func (q listQuery) values(page int) url.Values {
	v := url.Values{}
	for _, s := range q.Statuses {
		v.Add("status", string(s))
	}
	if q.Track != "" {
		v.Set("track", string(q.Track))
	}
	if q.Owner != "" {
		v.Set("owner", q.Owner)
	}
	if q.Leader != "" {
		v.Set("leader", q.Leader)
	}
	if q.Overdue {
		v.Set("overdue", "1")
	}
	for _, l := range q.Lights {
		v.Add("light", lightParam(l))
	}
	if q.Query != "" {
		v.Set("q", q.Query)
	}
	if q.Unit != 0 {
		v.Set("unit", strconv.FormatInt(q.Unit, 10))
	}
	if q.Source != "" {
		v.Set("source", string(q.Source))
	}
	if q.Sort != store.SortNumber {
		v.Set("sort", string(q.Sort))
	}
	if q.Desc {
		v.Set("desc", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// lightParam is how a light is written in a query string.
func lightParam(l rectify.Light) string {
	if l == rectify.LightNone {
		return "none"
	}
	return string(l)
}

// Filtered reports whether the list is narrowed at all (the page says
// "no problem matches" rather than "no problems").
func (l *problemList) Filtered() bool { return l.Q.filtered() }

// filtered reports whether q narrows the list at all.
func (q listQuery) filtered() bool {
	return len(q.Statuses) > 0 || q.Track != "" || q.Owner != "" || q.Leader != "" || q.Overdue ||
		len(q.Lights) > 0 || q.Query != "" || q.Unit != 0
}

// problemList is the list of problems a page shows with its filter form:
// the rows of the page, the counts, the choices of the filters and the
// links to other pages and orders.
type problemList struct {
	Base      string // the page the list belongs to: /problems, /inspections/3
	Q         listQuery
	Rows      []problemRow
	Total     int
	Estimated bool // Total is an estimate (约): too many to count
	Page      int
	Pages     int
	Prev      string
	Next      string
	PageLinks []pageLink
	// NextCursor and PrevCursor are the cursors of the pages around this
	// one; First is the link of the first page when the list is read by
	// cursor.
	NextCursor, PrevCursor string
	First                  string
	// Choices of the filter form.
	Statuses []choice
	Tracks   []choice
	Lights   []choice
	Owners   []string
	Leaders  []string
	Units    []*rectify.Unit // scope-wide list: the units to narrow to
	Sorts    map[string]string
	// Grouped shows the findings as headings (one inspection, by number).
	Grouped bool
	// Scopewide is the list of every inspection in scope (/problems).
	Scopewide bool
	// Sources are the kinds of rectification the scope-wide list filters by.
	Sources []rectify.Source
	Today   rectify.Date
	// Ledger is the link of the ledger (.xlsx) of what the list covers.
	Ledger string
	// CanEdit is set when the user may change problems in bulk (批量处理);
	// Here is the list's own address, where a bulk change goes back to;
	// Bulk what a refused bulk change left to show.
	CanEdit bool
	Here    string
	Bulk    *bulkState
	// OrderUnit is the unit whose supervision order (督办单) the list
	// links to: the inspection's, or the unit narrowed to; 0 for none.
	OrderUnit int64
}

// FilterText says in words what the list is narrowed to, for the caption
// of a printed list: 整改状态：整改中、待销号；责任单位：财务股；只看逾期.
func (l *problemList) FilterText() string {
	var parts []string
	if len(l.Q.Statuses) > 0 {
		var names []string
		for _, s := range l.Q.Statuses {
			names = append(names, s.Label())
		}
		parts = append(parts, "整改状态："+strings.Join(names, "、"))
	}
	if l.Q.Track != "" {
		parts = append(parts, "整改类型："+l.Q.Track.Label())
	}
	if l.Q.Unit != 0 {
		if u := findUnit(l.Units, l.Q.Unit); u != nil {
			parts = append(parts, "单位："+u.Name+"（含下级单位）")
		}
	}
	if l.Q.Owner != "" {
		parts = append(parts, "责任单位："+l.Q.Owner)
	}
	if l.Q.Leader != "" {
		parts = append(parts, "责任领导："+l.Q.Leader)
	}
	if len(l.Q.Lights) > 0 {
		var names []string
		for _, lt := range l.Q.Lights {
			names = append(names, lt.Label())
		}
		parts = append(parts, "预警："+strings.Join(names, "、"))
	}
	if l.Q.Overdue {
		parts = append(parts, "只看逾期")
	}
	if l.Q.Query != "" {
		parts = append(parts, "含“"+l.Q.Query+"”")
	}
	if len(parts) == 0 {
		return "全部问题"
	}
	return strings.Join(parts, "；")
}

type choice struct {
	Value, Label string
	On           bool
	Class        string // of a status badge
}

type pageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool
}

// problemRow is a problem as a list shows it.
type problemRow struct {
	*rectify.Problem
	Light      rectify.Light
	Late       rectify.Lateness // how late, by the light's rule
	Finding    string           // the finding's heading when it starts here (grouped lists)
	UnitName   string           // the inspected unit (scope-wide list)
	Inspection string           // the inspection, in a few words (scope-wide list)
	// Copied says, when the last analysis found any of its texts copied
	// (照搬照抄), what of.
	Copied string
}

// cursorHref returns the list's link to the page after (key "after") or
// before ("before") the cursor.
func (l *problemList) cursorHref(key, cursor string) string {
	v := l.Q.values(0)
	v.Set(key, cursor)
	return l.Base + "?" + v.Encode()
}

// here returns the list's own link, on its page or at its cursor.
func (l *problemList) here() string {
	switch {
	case l.Q.After != "":
		return l.cursorHref("after", l.Q.After)
	case l.Q.Before != "":
		return l.cursorHref("before", l.Q.Before)
	}
	return l.href(l.Q, l.Page)
}

// href returns the list's link with q, on page.
func (l *problemList) href(q listQuery, page int) string {
	if enc := q.values(page).Encode(); enc != "" {
		return l.Base + "?" + enc
	}
	return l.Base
}

// finish fills in the pages, links and choices once Rows and Total are set.
func (l *problemList) finish() {
	l.Pages = max((l.Total+pageSize-1)/pageSize, 1)
	l.Page = min(l.Q.Page, l.Pages)
	if l.Estimated || l.Q.After != "" || l.Q.Before != "" {
		// Too many to number the pages, or a deep page: the pages around
		// this one by cursor, and the first.
		l.Pages, l.Page = 0, 0
		if l.PrevCursor != "" {
			l.Prev = l.cursorHref("before", l.PrevCursor)
			l.First = l.href(l.Q, 0)
		}
		if l.NextCursor != "" {
			l.Next = l.cursorHref("after", l.NextCursor)
		}
	} else {
		if l.Page > 1 {
			l.Prev = l.href(l.Q, l.Page-1)
		}
		if l.Page < l.Pages {
			l.Next = l.href(l.Q, l.Page+1)
		}
	}
	for n := 1; n <= l.Pages; n++ {
		if n == 1 || n == l.Pages || (n >= l.Page-2 && n <= l.Page+2) {
			l.PageLinks = append(l.PageLinks, pageLink{N: n, Href: l.href(l.Q, n), Current: n == l.Page})
		} else if len(l.PageLinks) > 0 && !l.PageLinks[len(l.PageLinks)-1].Gap {
			l.PageLinks = append(l.PageLinks, pageLink{Gap: true})
		}
	}
	for _, s := range rectify.Statuses {
		l.Statuses = append(l.Statuses, choice{string(s), s.Label(), slices.Contains(l.Q.Statuses, s),
			"status status-" + strings.ReplaceAll(string(s), "_", "-")})
	}
	for _, t := range rectify.Tracks {
		l.Tracks = append(l.Tracks, choice{Value: string(t), Label: t.Label(), On: l.Q.Track == t})
	}
	for _, lt := range []rectify.Light{rectify.LightRed, rectify.LightYellow, rectify.LightGreen, rectify.LightBlue, rectify.LightNone} {
		label := lt.Label()
		if lt == rectify.LightNone {
			label = "已完成（无灯）"
		}
		l.Lights = append(l.Lights, choice{Value: lightParam(lt), Label: label, On: slices.Contains(l.Q.Lights, lt)})
	}
	// A value asked for stays a choice even when no problem has it now.
	if l.Q.Owner != "" && !slices.Contains(l.Owners, l.Q.Owner) {
		l.Owners = append(l.Owners, l.Q.Owner)
	}
	if l.Q.Leader != "" && !slices.Contains(l.Leaders, l.Q.Leader) {
		l.Leaders = append(l.Leaders, l.Q.Leader)
	}
	// A header link sorts by its column, ascending; the column sorted by
	// already turns the order round.
	l.Sorts = map[string]string{}
	for _, s := range []store.ProblemSort{store.SortNumber, store.SortDue, store.SortStatus, store.SortUpdated} {
		q := l.Q
		q.Desc = q.Sort == s && !q.Desc
		if s == store.SortUpdated && q.Sort != s {
			q.Desc = true // the latest first
		}
		q.Sort = s
		l.Sorts[string(s)] = l.href(q, 0)
	}
}

// SortMark returns the arrow of the column sorted by, "" for another.
// AriaSort returns the aria-sort of the column sorted by s: "ascending"
// or "descending" when the list is sorted by it, "none" otherwise, so that
// a screen reader hears the order the arrow shows.
func (l *problemList) AriaSort(s string) string {
	switch {
	case string(l.Q.Sort) != s:
		return "none"
	case l.Q.Desc:
		return "descending"
	}
	return "ascending"
}

func (l *problemList) SortMark(s string) string {
	if string(l.Q.Sort) != s {
		return ""
	}
	if l.Q.Desc {
		return "↓"
	}
	return "↑"
}

// filter returns the store's filter of q within the problems sel selects.
func (q listQuery) filter(sel store.ProblemFilter, today rectify.Date) store.ProblemFilter {
	f := sel
	f.Statuses, f.Track, f.OwnerUnit, f.Leader, f.Query = q.Statuses, q.Track, q.Owner, q.Leader, q.Query
	f.Source = q.Source
	f.Overdue, f.AsOf = q.Overdue, today
	f.Sort, f.Desc = q.Sort, q.Desc
	f.Limit, f.Offset = pageSize, (q.Page-1)*pageSize
	f.After, f.Before = q.After, q.Before
	return f
}

// problemsData is the scope-wide list of problems (问题).
type problemsData struct {
	List *problemList
}

// problems lists the problems of every inspection in the user's scope, or
// of a unit's subtree (?unit=), with the filters of an inspection's list.
func (w *Web) problems(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := parseListQuery(r.URL.Query())
	units, err := w.Store.ListUnits(ctx, u.ScopePath)
	if err != nil {
		return err
	}
	scope := u.ScopePath
	top := scope
	if q.Unit != 0 {
		unit := findUnit(units, q.Unit)
		if unit == nil {
			return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
		}
		scope, top = unit.Path, unit.Path
	}
	today := w.today()
	list := &problemList{Base: "/problems", Q: q, Units: units, Scopewide: true, Sources: rectify.Sources, Today: today,
		Ledger: "/problems/ledger.xlsx"}
	if q.Unit != 0 {
		list.Ledger += "?unit=" + strconv.FormatInt(q.Unit, 10)
		list.OrderUnit = q.Unit
	}
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return err
	}
	if list.Owners, list.Leaders, err = view.Choices(ctx, units, scope); err != nil {
		return err
	}
	if err := w.fillList(ctx, list, store.ProblemFilter{ScopePath: scope}, units, top, view); err != nil {
		return err
	}
	return w.renderList(rw, r, "problems", problemsData{list}, list)
}

// fillList reads the page of problems list.Q selects among those of sel,
// through the one problem list of the pages and the API.
func (w *Web) fillList(ctx context.Context, list *problemList, sel store.ProblemFilter, units []*rectify.Unit, top string, view *facts.View) error {
	in := workflow.ListInput{Filter: list.Q.filter(sel, list.Today), Lights: list.Q.Lights, Top: top, Units: units}
	page, err := workflow.ListProblems(ctx, w.Store, in)
	if err != nil {
		return err
	}
	if list.Q.Page > 1 && list.Q.After == "" && list.Q.Before == "" && len(page.Items) == 0 && page.Total > 0 && !page.Estimated {
		// Past the last page (the list shrank since the link was made):
		// show the last.
		list.Q.Page = (page.Total + pageSize - 1) / pageSize
		in.Filter = list.Q.filter(sel, list.Today)
		if page, err = workflow.ListProblems(ctx, w.Store, in); err != nil {
			return err
		}
	}
	list.Total, list.Estimated = page.Total, page.Estimated
	list.NextCursor, list.PrevCursor = page.Next, page.Prev
	for _, it := range page.Items {
		row := problemRow{Problem: it.Problem, Late: it.Lateness, Light: it.Lateness.Light}
		if it.Unit != nil {
			row.UnitName = it.Unit.Name
		}
		if in := view.Inspection(it.InspectionID); in != nil {
			row.Inspection = inspectionBrief(in)
		}
		list.Rows = append(list.Rows, row)
	}
	if err := w.markCopied(ctx, list.Rows); err != nil {
		return err
	}
	list.finish()
	return nil
}

// markCopied flags the rows whose texts the last analysis of copied texts
// found copied: one read for the page.
func (w *Web) markCopied(ctx context.Context, rows []problemRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	flags, err := w.Store.ProblemSimilar(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		if fs := flags[rows[i].ID]; len(fs) > 0 {
			rows[i].Copied = copyFlagText(fs[0])
			if len(fs) > 1 {
				rows[i].Copied += fmt.Sprintf("等 %d 处", len(fs))
			}
		}
	}
	return nil
}

// inspectionBrief names an inspection in a few words: 第2轮 常规巡察 2024年3月5日反馈.
func inspectionBrief(in *store.InspectionFact) string {
	var parts []string
	if in.Round > 0 {
		parts = append(parts, fmt.Sprintf("第%d轮", in.Round))
	}
	if in.Kind != "" || !in.Source.HasKind() {
		parts = append(parts, in.KindLabel()) // 常规巡察, 审计
	}
	if !in.Feedback.IsZero() {
		parts = append(parts, in.Feedback.Chinese()+"反馈")
	}
	if len(parts) == 0 {
		return in.Team
	}
	return strings.Join(parts, " ")
}

// findUnit returns the unit with id among units, or nil.
func findUnit(units []*rectify.Unit, id int64) *rectify.Unit {
	for _, u := range units {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// today returns the day by the clock, in the zone dates are shown in.
func (w *Web) today() rectify.Date { return rectify.DateOf(w.Now().In(w.Location)) }

// listTarget is the id of the element holding a problem list, which htmx
// swaps when a filter changes.
const listTarget = "problem-list"

// renderList writes page with data, or only its list when htmx asks for
// it (a filter changed): the page works without JavaScript, and with it
// the list is replaced in place.
func (w *Web) renderList(rw http.ResponseWriter, r *http.Request, page string, data any, list *problemList) error {
	rw.Header().Add("Vary", "HX-Request, HX-Target")
	if u := rectify.UserFrom(r.Context()); u != nil {
		list.CanEdit = auth.Holds(u.Role, auth.Edit)
	}
	list.Here = list.here()
	status := http.StatusOK
	if st, ok := r.Context().Value(bulkKey{}).(*bulkState); ok {
		list.Bulk, status = st, http.StatusUnprocessableEntity
	}
	if r.Header.Get("HX-Request") != "true" || r.Header.Get("HX-History-Restore-Request") == "true" ||
		r.Header.Get("HX-Target") != listTarget {
		return w.render(rw, r, status, page, data)
	}
	return w.renderPart(rw, status, page, "problem-list", list)
}

// problemsLedger sends the ledger (台账) of the inspections of the user's
// scope, or of a unit's subtree (?unit=), as .xlsx.
func (w *Web) problemsLedger(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	scope, name := u.ScopePath, "整改台账"
	if id, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64); id != 0 {
		units, err := w.Store.ListUnits(r.Context(), u.ScopePath)
		if err != nil {
			return err
		}
		unit := findUnit(units, id)
		if unit == nil {
			return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
		}
		scope, name = unit.Path, unit.Name+"整改台账"
	} else if s := w.scopeName(r, u); s != "" {
		name = s + "整改台账"
	}
	return w.sendLedger(rw, r, store.LedgerFilter{ScopePath: scope}, scope, name)
}
