// Package ledger takes the ledger (台账) out of the record and back in:
// Export writes the rows of an inspection or a scope as a workbook; Import
// reads a workbook — one exported here, or a unit's own sheet — compares it
// with the record, lists the changes it brings (a preview) and applies them
// in one transaction. The CLI and the web both call it, so the two surfaces
// import alike.
package ledger

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// Rows returns the store's ledger rows as the workbook writer takes them.
func Rows(ctx context.Context, st *store.Store, f store.LedgerFilter) iter.Seq2[*office.LedgerRow, error] {
	return func(yield func(*office.LedgerRow, error) bool) {
		for r, err := range st.LedgerRows(ctx, f) {
			if err != nil {
				yield(nil, err)
				return
			}
			row := office.LedgerRow(*r)
			if !yield(&row, nil) {
				return
			}
		}
	}
}

// unitOf names the unit whose ledger f selects: the inspected unit of an
// inspection, the unit asked for, or "" for several.
func unitOf(ctx context.Context, st *store.Store, f store.LedgerFilter) (string, error) {
	id := f.UnitID
	if f.InspectionID != 0 {
		in, err := st.GetInspection(ctx, f.InspectionID)
		if err != nil {
			return "", err
		}
		if in.UnitName != "" {
			return in.UnitName, nil
		}
		id = in.UnitID
	}
	if id == 0 {
		return "", nil
	}
	u, err := st.GetUnit(ctx, id)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// Export writes the ledger of the inspections f selects to w as .xlsx, the
// lights as of opt.AsOf, titled with the unit's name (opt.Unit, else the
// unit f selects), and returns the number of rows. It returns the
// store's error or w's.
func Export(ctx context.Context, st *store.Store, w io.Writer, f store.LedgerFilter, opt office.LedgerOptions) (int, error) {
	if opt.Unit == "" {
		unit, err := unitOf(ctx, st, f)
		if err != nil {
			return 0, fmt.Errorf("export ledger: %w", err)
		}
		opt.Unit = unit
	}
	n, err := office.WriteLedger(w, Rows(ctx, st, f), opt)
	if err != nil {
		return 0, fmt.Errorf("export ledger: %w", err)
	}
	return n, nil
}
