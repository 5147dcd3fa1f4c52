package api

import (
	"net/http"
	"net/url"

	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// xlsxType is the media type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ledgerExport writes the ledger (台账) of the scope, a unit's subtree or
// one inspection as .xlsx, the lights as of a day. The workbook is
// streamed: a failure after the first rows ends the response early.
func (a *API) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	inspectionID, unitID, asOf := q.id("inspection_id"), q.id("unit_id"), q.date("as_of")
	if err := q.err(); err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = a.today()
	}
	f := store.LedgerFilter{InspectionID: inspectionID}
	if f.ScopePath, err = a.subtree(r.Context(), u, "unit_id", unitID); err != nil {
		return err
	}
	if inspectionID != 0 {
		if err := a.checkRecord(r.Context(), u, "inspection_id", store.KindInspection, inspectionID); err != nil {
			return err
		}
	}
	h := w.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("整改台账-"+asOf.String()+".xlsx"))
	_, err = ledger.Export(r.Context(), a.Store, w, f, office.LedgerOptions{AsOf: asOf})
	return err
}
