package testdb

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// The side effects of a sign-off and of a reopening, checked alike
// whichever surface made the change (the pages, the API, a ledger import):
// one rule, one path, one assertion.

// WantSignedOff fails t unless the problem is signed off (已销号) on day,
// counted completed as of day and not the day before, with its look-back
// (回头看) scheduled after day and not yet done.
func WantSignedOff(t testing.TB, st *store.Store, problemID int64, day rectify.Date) {
	t.Helper()
	ctx := context.Background()
	p, err := st.GetProblem(ctx, problemID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != rectify.StatusCompleted || p.StatusDate != day {
		t.Errorf("problem %d is %s on %s, want signed off on %s", problemID, p.Status, p.StatusDate, day)
	}
	rcs, err := st.ListRechecks(ctx, problemID)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := 0
	for _, rc := range rcs {
		if rc.Done.IsZero() && rc.Due.After(day) {
			scheduled++
		}
	}
	if scheduled != 1 {
		t.Errorf("problem %d has look-backs %+v, want one scheduled after %s", problemID, rcs, day)
	}
	before, on := completed(t, st, p.InspectionID, day.AddDays(-1)), completed(t, st, p.InspectionID, day)
	if on != before+1 {
		t.Errorf("completed %d the day before the sign-off and %d on its day, want one more", before, on)
	}
}

// WantRebound fails t unless the problem, signed off before, was reopened
// on day: back in progress, a failed look-back (反弹) recorded on day, and
// the indicators count one rebound more as of day than the day before.
func WantRebound(t testing.TB, st *store.Store, problemID int64, day rectify.Date) {
	t.Helper()
	ctx := context.Background()
	p, err := st.GetProblem(ctx, problemID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != rectify.StatusInProgress || p.StatusDate != day {
		t.Errorf("problem %d is %s on %s, want reopened (in progress) on %s", problemID, p.Status, p.StatusDate, day)
	}
	rcs, err := st.ListRechecks(ctx, problemID)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, rc := range rcs {
		if rc.Result == rectify.RecheckFailed && rc.Done == day {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("problem %d has look-backs %+v, want one failed on %s", problemID, rcs, day)
	}
	before, on := indicators(t, st, p.InspectionID, day.AddDays(-1)), indicators(t, st, p.InspectionID, day)
	if on.Rebounds != before.Rebounds+1 {
		t.Errorf("rebounds %d the day before the reopening and %d on its day, want one more", before.Rebounds, on.Rebounds)
	}
}

func indicators(t testing.TB, st *store.Store, inspectionID int64, asOf rectify.Date) rectify.Indicators {
	t.Helper()
	_, total, err := st.Indicators(context.Background(), store.IndicatorFilter{InspectionID: inspectionID}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func completed(t testing.TB, st *store.Store, inspectionID int64, asOf rectify.Date) int {
	t.Helper()
	return indicators(t, st, inspectionID, asOf).Completed
}
