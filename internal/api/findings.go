package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// getFinding shows a finding (反馈问题) with its problems, their measures
// and histories. The store reads findings with their inspection, so the
// finding is looked for in the inspections of its unit (a handful).
func (a *API) getFinding(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "findingID")
	if err != nil {
		return err
	}
	path, err := a.Store.UnitPathOf(r.Context(), store.KindFinding, id)
	if err != nil {
		return err
	}
	ins, err := a.Store.ListInspections(r.Context(), store.InspectionFilter{UnitID: unitIDOfPath(path)})
	if err != nil {
		return err
	}
	for _, head := range ins {
		in, err := a.Store.LoadInspection(r.Context(), head.ID)
		if err != nil {
			return err
		}
		for _, f := range in.Findings {
			if f.ID == id {
				return writeJSON(w, http.StatusOK, f)
			}
		}
	}
	return rectify.Errorf(rectify.ENOTFOUND, "未找到反馈问题（编号 %d）", id)
}
