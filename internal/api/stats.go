package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// statsResponse is what officials count as of a day: per inspection, in
// total, and per unit with its subtree rolled up.
type statsResponse struct {
	AsOf        rectify.Date       `json:"as_of"`
	Total       rectify.Indicators `json:"total" doc:"所列巡察的合计"`
	Inspections []inspectionStats  `json:"inspections"`
	Units       []unitStats        `json:"units" doc:"每个单位（含其下级单位）的合计，按单位树的顺序；给出 inspection_id 时为空"`
}

// inspectionStats are the indicators of one inspection.
type inspectionStats struct {
	InspectionID int64                  `json:"inspection_id"`
	UnitID       int64                  `json:"unit_id"`
	UnitName     string                 `json:"unit_name"`
	Team         string                 `json:"team"`
	Kind         rectify.InspectionKind `json:"kind"`
	Round        int                    `json:"round"`
	Feedback     rectify.Date           `json:"feedback"`
	Indicators   rectify.Indicators     `json:"indicators"`
}

// unitStats are the indicators of a unit and its subtree.
type unitStats struct {
	UnitID     int64              `json:"unit_id"`
	ParentID   int64              `json:"parent_id"`
	Name       string             `json:"name"`
	Depth      int                `json:"depth"`
	Indicators rectify.Indicators `json:"indicators"`
}

// stats answers the indicators of the scope, a unit's subtree or one
// inspection, as of a day.
func (a *API) stats(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	asOf, unitID, inspectionID := q.date("as_of"), q.id("unit_id"), q.id("inspection_id")
	if err := q.err(); err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = a.today()
	}
	ctx := r.Context()
	scope, err := a.subtree(ctx, u, "unit_id", unitID)
	if err != nil {
		return err
	}
	if inspectionID != 0 {
		if err := a.checkRecord(ctx, u, "inspection_id", store.KindInspection, inspectionID); err != nil {
			return err
		}
	}
	units, err := a.Store.ListUnits(ctx, scope)
	if err != nil {
		return err
	}
	view, err := a.Facts.Current(ctx)
	if err != nil {
		return err
	}
	fig, err := view.Figures(ctx, units, scope, asOf, rectify.DefaultWarnDays)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(units))
	for _, unit := range units {
		names[unit.ID] = unit.Name
	}
	ins, err := a.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: scope})
	if err != nil {
		return err
	}
	out := statsResponse{AsOf: asOf, Total: fig.Total, Inspections: []inspectionStats{}, Units: []unitStats{}}
	if inspectionID != 0 {
		out.Total = rectify.Indicators{AsOf: asOf}
	}
	for _, in := range ins { // the most recent feedback first
		ind, ok := fig.PerInspection[in.ID]
		if !ok || (inspectionID != 0 && in.ID != inspectionID) {
			continue
		}
		if inspectionID != 0 {
			out.Total = ind
		}
		out.Inspections = append(out.Inspections, inspectionStats{InspectionID: in.ID, UnitID: in.UnitID, UnitName: names[in.UnitID],
			Team: in.Team, Kind: in.Kind, Round: in.Round, Feedback: in.Feedback, Indicators: ind})
	}
	if inspectionID == 0 {
		for _, unit := range units { // tree order
			ind, ok := fig.ByUnit[unit.ID]
			if !ok { // no inspection in its subtree
				ind = rectify.Indicators{AsOf: asOf}
				ind.Finish()
			}
			out.Units = append(out.Units, unitStats{UnitID: unit.ID, ParentID: unit.ParentID, Name: unit.Name, Depth: unit.Depth(), Indicators: ind})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
