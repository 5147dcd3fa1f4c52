package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestReadFactsEqualsProblemFacts holds the facts ReadFacts builds from
// the columns, read whole and read after a change, to rectify.Problem.Facts
// of the problems as GetProblem reads them, with their look-backs.
func TestReadFactsEqualsProblemFacts(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))
	// A long-term problem whose status is only on its row.
	ok(t, s.CreateInspection(ctx, &rectify.Inspection{UnitID: c.station.ID, Team: "县委第四巡察组", Feedback: d("2023-09-01"),
		Findings: []*rectify.Finding{{Number: 1, Title: "制度建设方面", Problems: []*rectify.Problem{
			{Number: 1, Title: "水文监测制度不健全", Opened: d("2023-09-01"), Due: d("2023-12-31"), Status: rectify.StatusLongTerm,
				Class: "II", StatusDate: d("2023-10-01"), NextMilestone: d("2024-03-31")}}}}}))
	ps := water.Problems()
	// Look-backs: two failed, one passed, one not yet done.
	for _, r := range []*rectify.Recheck{
		{ProblemID: ps[0].ID, Due: d("2023-12-01"), Done: d("2023-12-02"), Result: rectify.RecheckFailed},
		{ProblemID: ps[0].ID, Due: d("2024-01-10"), Done: d("2024-01-09"), Result: rectify.RecheckFailed},
		{ProblemID: ps[2].ID, Due: d("2023-12-01"), Done: d("2023-12-01"), Result: rectify.RecheckPassed},
		{ProblemID: ps[4].ID, Due: d("2024-02-01")},
	} {
		ok(t, s.CreateRecheck(ctx, r))
	}
	check := func(what string, facts []*store.ProblemFact) {
		t.Helper()
		for _, f := range facts {
			p, err := s.GetProblem(ctx, f.ID)
			ok(t, err)
			rs, err := s.ListRechecks(ctx, f.ID)
			ok(t, err)
			want := p.Facts(rs)
			// The facts keep of each entry of the history what counts.
			want.History = slices.Clone(want.History)
			for i, h := range want.History {
				want.History[i] = rectify.StatusChange{Status: h.Status, Class: h.Class, Date: h.Date, NextMilestone: h.NextMilestone}
			}
			got := f.Facts
			slices.SortFunc(got.MeasuresDone, rectify.Date.Compare)
			slices.SortFunc(want.MeasuresDone, rectify.Date.Compare)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: problem %d:\n got %+v\nwant %+v", what, f.ID, got, want)
			}
			if f.InspectionID != p.InspectionID || f.Number != p.Number || f.Track != p.Track || f.Leader != p.Leader ||
				f.OwnerUnit != p.OwnerUnit || f.Status != p.Status || f.StatusDate != p.StatusDate || f.NextMilestone != p.NextMilestone {
				t.Errorf("%s: problem %d: %+v, want the row of %+v", what, f.ID, *f, *p)
			}
		}
	}
	all, err := s.ReadFacts(ctx, 0)
	ok(t, err)
	if !all.Full || len(all.Problems) != 8 {
		t.Fatalf("read whole: full %v, %d problems, want 8", all.Full, len(all.Problems))
	}
	check("read whole", all.Problems)

	// A change to one problem touches its inspection, whose problems
	// are read again.
	p, err := s.GetProblem(ctx, ps[3].ID)
	ok(t, err)
	_, err = s.AddStatusChange(ctx, p.ID, p.Version, rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-01-12")})
	ok(t, err)
	delta, err := s.ReadFacts(ctx, all.Seq)
	ok(t, err)
	if delta.Full || !slices.Equal(delta.Touched, []int64{water.ID}) || len(delta.Problems) != len(ps) || delta.InspectionsRead {
		t.Fatalf("after a change: full %v, touched %v, %d problems, inspections read %v; want inspection %d and its %d problems",
			delta.Full, delta.Touched, len(delta.Problems), delta.InspectionsRead, water.ID, len(ps))
	}
	check("after a change", delta.Problems)

	// An inspection deleted touches it (its problems are gone) and reads
	// the inspections again.
	ok(t, s.DeleteInspection(ctx, transport.ID))
	gone, err := s.ReadFacts(ctx, delta.Seq)
	ok(t, err)
	if gone.Full || !slices.Equal(gone.Touched, []int64{transport.ID}) || len(gone.Problems) != 0 || !gone.InspectionsRead ||
		len(gone.Inspections) != 2 {
		t.Errorf("after a deletion: full %v, touched %v, %d problems, %d inspections read; want inspection %d, no problem, 2 inspections",
			gone.Full, gone.Touched, len(gone.Problems), len(gone.Inspections), transport.ID)
	}
}
