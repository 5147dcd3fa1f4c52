package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 总览 (巡察办): the units of the user's scope as a tree, each with the
// figures of its whole subtree as of a chosen day, the same by round
// (轮次), and charts of completion by unit, the status mix and the
// deadlines of the coming weeks. The figures come from the facts index
// (internal/facts), kept there until the record changes.

// workspaceRoutes are the routes of the daily work: the overview, the
// inspections with their notices and ledgers, the problems with their
// forms, evidence files and the import of notices.
func (w *Web) workspaceRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /overview", Perm: auth.Read, Handler: w.overview},
		{Pattern: "GET /inspections", Perm: auth.Read, Handler: w.inspections},
		{Pattern: "GET /inspections/{inspectionID}", Perm: auth.Read, Handler: w.inspection},
		{Pattern: "GET /inspections/{inspectionID}/ledger.xlsx", Perm: auth.Read, Handler: w.inspectionLedger},
		{Pattern: "GET /inspections/{inspectionID}/notice", Perm: auth.Read, Handler: w.inspectionNotice},
		{Pattern: "GET /inspections/{inspectionID}/notice.txt", Perm: auth.Read, Handler: w.noticeText},
		{Pattern: "GET /inspections/{inspectionID}/notice.md", Perm: auth.Read, Handler: w.noticeMarkdown},
		{Pattern: "GET /inspections/{inspectionID}/notice.docx", Perm: auth.Read, Handler: w.noticeDocx},
		{Pattern: "GET /inspections/{inspectionID}/notice.pdf", Perm: auth.Read, Handler: w.noticePDF},
		{Pattern: "GET /problems", Perm: auth.Read, Handler: w.problems},
		{Pattern: "GET /problems/ledger.xlsx", Perm: auth.Read, Handler: w.problemsLedger},
		{Pattern: "GET /problems/{problemID}", Perm: auth.Read, Handler: w.problem},
		{Pattern: "POST /problems/{problemID}", Perm: auth.Edit, Handler: w.updateProblem},
		{Pattern: "POST /problems/{problemID}/status", Perm: auth.Edit, Handler: w.changeStatus},
		{Pattern: "POST /problems/{problemID}/review", Perm: auth.Review, Handler: w.reviewProblem},
		{Pattern: "POST /problems/{problemID}/change", Perm: auth.Review, Handler: w.decideChange},
		{Pattern: "POST /problems/{problemID}/milestone", Perm: auth.Edit, Handler: w.setMilestone},
		{Pattern: "POST /problems/{problemID}/public", Perm: auth.Edit, Handler: w.setPublic},
		{Pattern: "POST /problems/{problemID}/measures", Perm: auth.Edit, Handler: w.createMeasure},
		{Pattern: "POST /problems/{problemID}/progress", Perm: auth.Edit, MaxBody: maxProgressBody, Handler: w.addProgress},
		{Pattern: "POST /problems/{problemID}/progress/figures", Perm: auth.Edit, Handler: w.progressFigures},
		{Pattern: "POST /measures/{measureID}", Perm: auth.Edit, Handler: w.updateMeasure},
		{Pattern: "POST /measures/{measureID}/done", Perm: auth.Edit, Handler: w.measureDone},
		{Pattern: "POST /measures/{measureID}/reopen", Perm: auth.Edit, Handler: w.measureReopen},
		{Pattern: "POST /measures/{measureID}/delete", Perm: auth.Edit, Handler: w.deleteMeasure},
		{Pattern: "GET /evidence/{evidenceID}", Perm: auth.Read, Handler: w.evidence},
		{Pattern: "GET /evidence/{evidenceID}/preview", Perm: auth.Read, Handler: w.evidencePreview},
		{Pattern: "GET /import", Perm: auth.Import, Handler: w.importForm},
		{Pattern: "POST /import", Perm: auth.Import, UnitField: "unit_id", MaxBody: maxImportBody, Handler: w.importUpload},
		{Pattern: "POST /import/confirm", Perm: auth.Import, UnitField: "unit_id", Handler: w.importConfirm},
	}
}

// overviewData is the overview page.
type overviewData struct {
	AsOf      rectify.Date
	Today     bool
	DateError string
	ByRound   bool
	BySource  bool
	// Source keeps the inspections of one kind of rectification; all when
	// zero. Sources are the kinds to choose from.
	Source  rectify.Source
	Sources []rectify.Source
	Root    *rectify.Unit // the unit drilled into; nil for the user's scope
	Up      string        // the link one level up, when drilled in
	Total   rectify.Indicators
	Open    int
	Rows    []unitFigures
	// UnitRows are the rows of the table of units, written by
	// writeUnitRows: a province's thousand units are too many for the
	// template to write in time.
	UnitRows template.HTML
	// Folded counts the units of a tree too large for one page whose rows
	// are left to the pages of the units above them.
	Folded   int
	Hidden   int
	Rounds   []roundFigures
	Kinds    []sourceFigures
	Charts   string // JSON for the charts (data-chart)
	Overdue  int
	WarnDays int
	Query    string // as_of (and unit) for links that keep them
	// Results are the figures of the progress reports (整改成效), nil
	// when there are none.
	Results *resultsData
	// Reported are the inspections of the scope that hold counts only:
	// imported notices without a problem list. Their counts are the
	// notice's, shown apart and counted nowhere above.
	Reported []reportedRow
}

// reportedRow is an inspection whose notice gave counts only.
type reportedRow struct {
	Inspection *rectify.Inspection
	Unit       string
	Lines      []rectify.ReportedCounts
}

type unitFigures struct {
	Unit        *rectify.Unit
	Depth       int
	Inspections int
	Ind         rectify.Indicators
	Top         bool // the first level shown
	Link        string
}

// sourceFigures are the figures of one kind of rectification.
type sourceFigures struct {
	Source      rectify.Source
	Inspections int
	Ind         rectify.Indicators
}

type roundFigures struct {
	Round       int
	Label       string
	Inspections int
	Ind         rectify.Indicators
}

// overview shows 总览.
func (w *Web) overview(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	data := &overviewData{AsOf: w.today(), ByRound: q.Get("view") == "round", BySource: q.Get("view") == "source",
		Source: sourceParam(q.Get("source")), Sources: rectify.Sources}
	if s := strings.TrimSpace(q.Get("as_of")); s != "" {
		if d, err := rectify.ParseDate(s); err != nil {
			data.DateError = "日期格式应为 YYYY-MM-DD，已显示今天的数据"
		} else {
			data.AsOf = d
		}
	}
	data.Today = data.AsOf == w.today()
	// The units of the same generation as the figures.
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return err
	}
	units := view.Units(u.ScopePath)
	scope := u.ScopePath
	if id, _ := strconv.ParseInt(q.Get("unit"), 10, 64); id != 0 {
		root := findUnit(units, id)
		if root == nil {
			return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
		}
		data.Root, scope = root, root.Path
		data.Up = "/overview"
		if parent := findUnit(units, root.ParentID); parent != nil && root.ID != u.UnitID {
			data.Up = "/overview?unit=" + strconv.FormatInt(parent.ID, 10)
		}
	}
	fig, err := w.viewFigures(ctx, view, units, scope, data.AsOf, data.Source)
	if err != nil {
		return err
	}
	if data.Reported, err = w.reportedRows(r, units, scope); err != nil {
		return err
	}
	data.Total, data.Overdue, data.WarnDays = fig.Total, fig.Overdue, fig.WarnDays
	data.Open = fig.Total.Open()
	keep := strings.TrimPrefix(param("as_of", asOfParam(data.AsOf, data.Today))+and(param("source", string(data.Source))), "&")
	data.Query = keep

	// The tree: units whose subtree holds an inspection, in tree order.
	top := -1
	for _, unit := range units {
		if scope != "" && !rectify.Within(unit.Path, scope) {
			continue
		}
		if top < 0 {
			top = unit.Depth()
		}
		n := fig.Inspections[unit.ID]
		if n == 0 {
			data.Hidden++
			continue
		}
		row := unitFigures{Unit: unit, Depth: max(unit.Depth()-top, 0), Inspections: n, Ind: fig.ByUnit[unit.ID]}
		row.Top = row.Depth == 0
		row.Link = "/overview?unit=" + strconv.FormatInt(unit.ID, 10) + and(keep)
		data.Rows = append(data.Rows, row)
	}
	data.Rows, data.Folded = foldTree(data.Rows, maxOverviewRows)
	data.UnitRows = writeUnitRows(data.Rows)
	for round := range fig.ByRound {
		label := "未标明轮次"
		if round > 0 {
			label = fmt.Sprintf("第%d轮", round)
		}
		data.Rounds = append(data.Rounds, roundFigures{Round: round, Label: label, Inspections: fig.RoundCount[round], Ind: fig.ByRound[round]})
	}
	sortRounds(data.Rounds)
	for _, src := range rectify.Sources {
		if n := fig.SourceCount[src]; n > 0 {
			data.Kinds = append(data.Kinds, sourceFigures{Source: src, Inspections: n, Ind: fig.BySource[src]})
		}
	}
	if data.Results, err = w.overviewResults(ctx, units, scope, data.AsOf, data.Rows, data.Source); err != nil {
		return err
	}
	charts, err := overviewCharts(data, fig)
	if err != nil {
		return err
	}
	data.Charts = charts
	return w.render(rw, r, http.StatusOK, "overview", data)
}

// scopeFigures returns the figures of scope as of asOf, from the facts
// index, kept there while the record has not changed.
func (w *Web) scopeFigures(r *http.Request, units []*rectify.Unit, scope string, asOf rectify.Date) (*facts.Figures, error) {
	return w.sourceFigures(r, units, scope, asOf, "")
}

// sourceFigures is scopeFigures of the inspections of one kind of
// rectification (all when source is zero).
func (w *Web) sourceFigures(r *http.Request, units []*rectify.Unit, scope string, asOf rectify.Date, source rectify.Source) (*facts.Figures, error) {
	ctx := r.Context()
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return nil, err
	}
	return w.viewFigures(ctx, view, units, scope, asOf, source)
}

// viewFigures is sourceFigures from view.
func (w *Web) viewFigures(ctx context.Context, view *facts.View, units []*rectify.Unit, scope string, asOf rectify.Date, source rectify.Source) (*facts.Figures, error) {
	warn, _, err := workflow.WarnWindows(ctx, w.Store, nil, scope)
	if err != nil {
		return nil, err
	}
	return view.FiguresOf(ctx, units, scope, asOf, warn, source)
}

func sortRounds(rs []roundFigures) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && roundLess(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// roundLess orders rounds 1, 2, 3, … with the unnumbered last.
func roundLess(a, b roundFigures) bool {
	switch {
	case a.Round == 0:
		return false
	case b.Round == 0:
		return true
	}
	return a.Round < b.Round
}

// asOfParam returns the as_of value of a link: "" for today.
func asOfParam(d rectify.Date, today bool) string {
	if today {
		return ""
	}
	return d.String()
}

// param returns "k=v" query-escaped, or "" when v is empty.
func param(k, v string) string {
	if v == "" {
		return ""
	}
	return url.QueryEscape(k) + "=" + url.QueryEscape(v)
}

// and returns "&"+q, or "" when q is empty.
func and(q string) string {
	if q == "" {
		return ""
	}
	return "&" + q
}

// statusColors are the charts' colours of the statuses, as the badges
// have them.
var statusColors = map[rectify.Status]string{
	rectify.StatusCompleted:       "#1a7f37",
	rectify.StatusLongTerm:        "#1f5fb4",
	rectify.StatusMostlyCompleted: "#6a9a3a",
	rectify.StatusSubmitted:       "#7a4bb0",
	rectify.StatusInProgress:      "#d08a00",
	rectify.StatusNotCompleted:    "#c0262d",
	rectify.StatusNotStarted:      "#8f959e",
}

// overviewCharts returns the data of the three charts as JSON.
func overviewCharts(data *overviewData, fig *facts.Figures) (string, error) {
	type unitBar struct {
		ID    int64   `json:"id"`
		Name  string  `json:"name"`
		Rate  float64 `json:"rate"`
		Total int     `json:"total"`
		Done  int     `json:"done"`
	}
	type slice struct {
		Name  string `json:"name"`
		Value int    `json:"value"`
		Color string `json:"color"`
	}
	out := struct {
		Units    []unitBar `json:"units"`
		Statuses []slice   `json:"statuses"`
		Weeks    struct {
			Labels  []string `json:"labels"`
			Overdue []int    `json:"overdue"`
			Yellow  []int    `json:"yellow"`
			Other   []int    `json:"other"`
		} `json:"weeks"`
		WarnDays int `json:"warn_days"`
	}{WarnDays: fig.WarnDays}
	// Completion by unit: the level below the top when one unit tops the
	// tree, else the tops.
	level := 1
	if countAt(data.Rows, 0) > 1 || countAt(data.Rows, 1) == 0 {
		level = 0
	}
	for _, row := range data.Rows {
		if row.Depth == level && row.Ind.Total > 0 {
			out.Units = append(out.Units, unitBar{ID: row.Unit.ID, Name: row.Unit.Name,
				Rate: round1(row.Ind.CompletionRate * 100), Total: row.Ind.Total, Done: row.Ind.Completed})
		}
	}
	t := fig.Total
	for _, s := range rectify.Statuses {
		n := t.ByStatus(s)
		if n > 0 {
			out.Statuses = append(out.Statuses, slice{s.Label(), n, statusColors[s]})
		}
	}
	w := &out.Weeks
	w.Labels = append(w.Labels, "已逾期")
	w.Overdue = append(w.Overdue, fig.Overdue)
	w.Yellow = append(w.Yellow, 0)
	w.Other = append(w.Other, 0)
	for _, wk := range fig.Weeks {
		w.Labels = append(w.Labels, fmt.Sprintf("%d/%d–%d/%d", wk.Start.Month, wk.Start.Day, wk.End.Month, wk.End.Day))
		w.Overdue = append(w.Overdue, 0)
		w.Yellow = append(w.Yellow, wk.Yellow)
		w.Other = append(w.Other, wk.Other)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("web: overview charts: %w", err)
	}
	return string(b), nil
}

// maxOverviewRows is how many units the overview's tree shows at most,
// but for the top two levels, which it always shows: a province's
// thousand units are read a level at a time, each unit's page showing
// the levels below it.
const maxOverviewRows = 200

// foldTree returns the rows of the levels of the tree, from the top down,
// that fit in max rows (the top two levels whatever their number), and
// how many rows of deeper levels it left out.
func foldTree(rows []unitFigures, max int) ([]unitFigures, int) {
	if len(rows) <= max {
		return rows, 0
	}
	var perDepth []int
	for _, r := range rows {
		for len(perDepth) <= r.Depth {
			perDepth = append(perDepth, 0)
		}
		perDepth[r.Depth]++
	}
	deepest, n := 1, 0
	for d, c := range perDepth {
		if n += c; d > 1 && n > max {
			break
		}
		deepest = d
	}
	kept := make([]unitFigures, 0, len(rows))
	for _, r := range rows {
		if r.Depth <= deepest {
			kept = append(kept, r)
		}
	}
	return kept, len(rows) - len(kept)
}

// writeUnitRows returns the rows of the table of units: each unit with the
// figures of its subtree, links to drill into it, to its inspections, its
// problems (the overdue ones) and its 督办单.
func writeUnitRows(rows []unitFigures) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 900)
	esc := template.HTMLEscapeString
	num := func(n int) string { return strconv.Itoa(n) }
	percent := func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
	for _, row := range rows {
		id, ind := strconv.FormatInt(row.Unit.ID, 10), row.Ind
		top := ""
		if row.Top {
			top = " top"
		}
		b.WriteString("\n    <tr data-testid=\"overview-unit\" data-unit-id=\"" + id + "\">\n")
		b.WriteString("      <td class=\"depth-" + num(row.Depth) + top + "\"><a href=\"" + esc(row.Link) +
			"\" title=\"查看本单位及下级单位\">" + esc(row.Unit.Name) + "</a></td>\n")
		b.WriteString("      <td class=\"num\"><a href=\"/inspections?unit=" + id + "\">" + num(row.Inspections) + "</a></td>\n")
		b.WriteString("      <td class=\"num\">" + num(ind.Total) + "</td>\n")
		b.WriteString("      <td class=\"num\">" + num(ind.Completed) + "</td>\n")
		b.WriteString("      <td class=\"num\">" + num(ind.LongTerm) + "</td>\n")
		if ind.Overdue > 0 {
			b.WriteString("      <td class=\"num overdue\"><a href=\"/problems?unit=" + id + "&amp;overdue=1\">" + num(ind.Overdue) + "</a></td>\n")
		} else {
			b.WriteString("      <td class=\"num\">0</td>\n")
		}
		b.WriteString("      <td class=\"rate\"><meter min=\"0\" max=\"1\" low=\"0.6\" high=\"0.9\" optimum=\"1\" value=\"" +
			strconv.FormatFloat(ind.CompletionRate, 'g', -1, 64) + "\"></meter> <span data-testid=\"unit-completion-rate\">" +
			percent(ind.CompletionRate) + "</span></td>\n")
		onTime := "—"
		if ind.DuePassed > 0 {
			onTime = percent(ind.OnTimeRate)
		}
		b.WriteString("      <td class=\"num\">" + onTime + "</td>\n")
		b.WriteString("      <td class=\"no-print small\"><a href=\"/problems?unit=" + id + "\">问题清单</a>")
		if ind.Open() > 0 {
			b.WriteString(" · <a href=\"/supervision?unit=" + id + "\">督办单</a>")
		}
		b.WriteString("</td>\n    </tr>")
	}
	return template.HTML(b.String()) //nolint:gosec // every value is a number or escaped above
}

func countAt(rows []unitFigures, depth int) int {
	n := 0
	for _, r := range rows {
		if r.Depth == depth {
			n++
		}
	}
	return n
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// reportedRows lists the inspections of the scope whose notices gave counts
// only, with the counts as the notices stated them.
func (w *Web) reportedRows(r *http.Request, units []*rectify.Unit, scope string) ([]reportedRow, error) {
	ins, err := w.Store.ListInspections(r.Context(), store.InspectionFilter{ScopePath: scope, Reported: true})
	if err != nil {
		return nil, err
	}
	var out []reportedRow
	for _, in := range ins {
		if len(in.Reported) == 0 {
			continue
		}
		row := reportedRow{Inspection: in, Lines: in.Reported}
		if u := findUnit(units, in.UnitID); u != nil {
			row.Unit = u.Name
		}
		out = append(out, row)
	}
	return out, nil
}
