package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestReportedCounts stores an inspection that holds the counts of a notice
// and no problems: the counts come back as stated, and the audit log
// verifies its row.
func TestReportedCounts(t *testing.T) {
	s := open(t)
	c := newCounty(t, s)
	ctx := rectify.WithUser(context.Background(), &rectify.User{ID: 1, Name: "县委巡察办", Role: rectify.RoleAdmin})
	n := func(v int) *int { return &v }
	rate := 94.65
	in := &rectify.Inspection{UnitID: c.water.ID, Team: "县委第三巡察组", Title: "第三轮巡察整改进展情况的通报",
		Reported: []rectify.ReportedCounts{
			{Text: "共反馈问题318个，已完成整改301个，基本完成9个，未完成8个，整改完成率94.65%", Unit: "问题",
				AsOf: rectify.MustDate("2023-11-30"), Total: n(318), Completed: n(301), MostlyCompleted: n(9), NotCompleted: n(8), Rate: &rate},
			{Text: "整改任务186项，已完成或基本完成167项", Unit: "任务", Total: n(186), CompletedOrMostly: n(167)},
		}}
	ok(t, s.CreateInspection(ctx, in))
	got, err := s.GetInspection(ctx, in.ID)
	ok(t, err)
	if !reflect.DeepEqual(got.Reported, in.Reported) {
		t.Errorf("reported = %+v, want %+v", got.Reported, in.Reported)
	}
	got.Reported = got.Reported[:1]
	ok(t, s.UpdateInspection(ctx, got))
	again, err := s.GetInspection(ctx, in.ID)
	ok(t, err)
	if len(again.Reported) != 1 || *again.Reported[0].Total != 318 {
		t.Errorf("after the update: %+v", again.Reported)
	}
	// The overview lists the inspections with reported counts, and only
	// those.
	plain := &rectify.Inspection{UnitID: c.water.ID, Team: "县委第四巡察组", Title: "另一次巡察"}
	ok(t, s.CreateInspection(ctx, plain))
	for _, tc := range []struct {
		name string
		f    store.InspectionFilter
		want []int64
	}{
		{"everywhere", store.InspectionFilter{Reported: true}, []int64{in.ID}},
		{"in the unit's subtree", store.InspectionFilter{Reported: true, ScopePath: c.water.Path}, []int64{in.ID}},
		{"in another subtree", store.InspectionFilter{Reported: true, ScopePath: c.station.Path}, nil},
	} {
		list, err := s.ListInspections(ctx, tc.f)
		ok(t, err)
		var ids []int64
		for _, l := range list {
			ids = append(ids, l.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("%s: inspections with reported counts %v, want %v", tc.name, ids, tc.want)
		}
	}
	rep, err := s.VerifyAudit(ctx)
	ok(t, err)
	if !rep.OK() {
		t.Errorf("audit: %+v", rep)
	}
}
