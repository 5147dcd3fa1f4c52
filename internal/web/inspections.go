package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// 巡察: the inspections of the user's scope with their figures as of
// today, and one inspection's page with its findings and problems.

// inspectionsData is the list of inspections.
type inspectionsData struct {
	Rows      []inspectionRow
	Total     int
	Units     []*rectify.Unit
	Unit      int64
	Round     int
	Kind      string
	Source    rectify.Source
	Rounds    []int
	Kinds     []rectify.InspectionKind
	Sources   []rectify.Source
	Page      int
	Pages     int
	PageLinks []pageLink
	Today     rectify.Date
}

type inspectionRow struct {
	*store.InspectionFact
	Unit *rectify.Unit
	Ind  rectify.Indicators
	// Importing: its problems are still arriving in batches (导入中).
	Importing bool
}

// inspections lists the inspections of the user's scope, the latest
// feedback first, filtered by unit (its subtree), round and kind.
func (w *Web) inspections(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	units, err := w.Store.ListUnits(ctx, u.ScopePath)
	if err != nil {
		return err
	}
	data := &inspectionsData{Units: units, Kinds: rectify.InspectionKinds, Sources: rectify.Sources, Today: w.today(),
		Kind: q.Get("kind"), Source: sourceParam(q.Get("source"))}
	data.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	data.Round, _ = strconv.Atoi(q.Get("round"))
	data.Page, _ = strconv.Atoi(q.Get("page"))
	scope := u.ScopePath
	if data.Unit != 0 {
		unit := findUnit(units, data.Unit)
		if unit == nil {
			return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
		}
		scope = unit.Path
	}
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return err
	}
	fig, err := w.scopeFigures(r, units, u.ScopePath, data.Today)
	if err != nil {
		return err
	}
	importing, err := w.Store.ImportingInspections(ctx)
	if err != nil {
		return err
	}
	set := make(map[int64]*rectify.Unit, len(units))
	for _, unit := range units {
		set[unit.ID] = unit
	}
	rounds := map[int]bool{}
	var rows []inspectionRow
	for _, in := range view.InScope(units, u.ScopePath) {
		rounds[in.Round] = true
		unit := set[in.UnitID]
		if scope != "" && !rectify.Within(unit.Path, scope) {
			continue
		}
		if (data.Round != 0 && in.Round != data.Round) || (data.Kind != "" && string(in.Kind) != data.Kind) ||
			(data.Source != "" && in.Source != data.Source) {
			continue
		}
		rows = append(rows, inspectionRow{InspectionFact: in, Unit: unit, Ind: fig.PerInspection[in.ID], Importing: importing[in.ID]})
	}
	for r := range rounds {
		if r > 0 {
			data.Rounds = append(data.Rounds, r)
		}
	}
	slices.Sort(data.Rounds)
	slices.SortFunc(rows, func(a, b inspectionRow) int {
		// The latest feedback first; those without a date last.
		if a.Feedback.IsZero() != b.Feedback.IsZero() {
			if a.Feedback.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(b.Feedback.Compare(a.Feedback), cmp.Compare(b.ID, a.ID))
	})
	data.Total = len(rows)
	data.Pages = max((len(rows)+pageSize-1)/pageSize, 1)
	data.Page = min(max(data.Page, 1), data.Pages)
	data.Rows = rows[(data.Page-1)*pageSize : min(data.Page*pageSize, len(rows))]
	link := func(page int) string {
		v := r.URL.Query()
		v.Del("page")
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		if enc := v.Encode(); enc != "" {
			return "/inspections?" + enc
		}
		return "/inspections"
	}
	for n := 1; n <= data.Pages; n++ {
		if n == 1 || n == data.Pages || (n >= data.Page-2 && n <= data.Page+2) {
			data.PageLinks = append(data.PageLinks, pageLink{N: n, Href: link(n), Current: n == data.Page})
		} else if len(data.PageLinks) > 0 && !data.PageLinks[len(data.PageLinks)-1].Gap {
			data.PageLinks = append(data.PageLinks, pageLink{Gap: true})
		}
	}
	return w.render(rw, r, http.StatusOK, "inspections", data)
}

// inspectionData is one inspection's page.
type inspectionData struct {
	In   *rectify.Inspection
	Unit *rectify.Unit
	Ind  rectify.Indicators
	List *problemList
	Open int
	// CanPublish is whether the user may publish the notice (公开管理)
	// and write its texts; CanEditList whether the user keeps the
	// inspection's facts and problem list (the office).
	CanPublish  bool
	CanEditList bool
	// Texts is the form of the notice's texts (通报文字).
	Texts *httpx.Form
	// Importing is whether the inspection is being imported in batches
	// (导入中): its problems are still arriving.
	Importing bool
}

// inspection shows an inspection: its facts, its figures as of today and
// its problems with the filters of a list, grouped by finding.
func (w *Web) inspection(rw http.ResponseWriter, r *http.Request) error {
	return w.inspectionPage(rw, r, http.StatusOK, nil)
}

// inspectionPage shows an inspection with texts, the form of its notice's
// texts shown again after a mistake (nil: as stored).
func (w *Web) inspectionPage(rw http.ResponseWriter, r *http.Request, status int, texts *httpx.Form) error {
	ctx := r.Context()
	in, unit, err := w.pathInspection(r)
	if err != nil {
		return err
	}
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return err
	}
	today := w.today()
	data := &inspectionData{In: in, Unit: unit}
	if _, data.Importing, err = w.Store.ImportingSince(ctx, in.ID); err != nil {
		return err
	}
	if u := rectify.UserFrom(ctx); u != nil {
		data.CanPublish = auth.Allowed(u, auth.Edit, unit.Path)
		data.CanEditList = auth.Allowed(u, auth.Review, unit.Path)
	}
	data.Texts = texts
	if data.Texts == nil {
		data.Texts = textsForm(in)
	}
	if fact := view.Inspection(in.ID); fact != nil {
		if data.Ind, err = view.Indicators(ctx, fact, today); err != nil {
			return err
		}
	}
	data.Open = data.Ind.Open()
	base := "/inspections/" + strconv.FormatInt(in.ID, 10)
	list := &problemList{Base: base, Q: parseListQuery(r.URL.Query()), Today: today, Ledger: base + "/ledger.xlsx"}
	list.Q.Unit = 0
	list.OrderUnit = unit.ID
	if list.Owners, list.Leaders, err = view.InspectionChoices(ctx, in.ID); err != nil {
		return err
	}
	if err := w.fillList(ctx, list, store.ProblemFilter{InspectionID: in.ID}, []*rectify.Unit{unit}, unit.Path, view); err != nil {
		return err
	}
	if list.Q.Sort == store.SortNumber && !list.Q.Desc {
		if err := w.groupByFinding(r, in, list); err != nil {
			return err
		}
	}
	data.List = list
	if texts != nil {
		return w.render(rw, r, status, "inspection", data)
	}
	return w.renderList(rw, r, "inspection", data, list)
}

// groupByFinding puts the findings' headings (反馈问题) on the rows where
// each starts.
func (w *Web) groupByFinding(r *http.Request, in *rectify.Inspection, list *problemList) error {
	findings, err := w.Store.ListFindings(r.Context(), in.ID)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for i, f := range findings {
		titles[f.ID] = "（" + rectify.HanNumeral(i+1) + "）" + f.Title
	}
	var last int64 = -1
	for i := range list.Rows {
		if id := list.Rows[i].FindingID; id != last {
			list.Rows[i].Finding = titles[id]
			last = id
		}
	}
	list.Grouped = true
	return nil
}

// pathInspection returns the inspection of the path and its unit.
func (w *Web) pathInspection(r *http.Request) (*rectify.Inspection, *rectify.Unit, error) {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return nil, nil, err
	}
	in, err := w.Store.GetInspection(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	unit, err := w.Store.GetUnit(r.Context(), in.UnitID)
	if err != nil {
		return nil, nil, err
	}
	return in, unit, nil
}

// sourceParam reads the kind of rectification of a filter: the zero
// Source (every kind) when absent or unknown.
func sourceParam(v string) rectify.Source {
	if s := rectify.Source(v); v != "" && s.Valid() {
		return s
	}
	return ""
}
