package store_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestInspectionSource stores inspections of each kind of rectification:
// the kind comes back as stored (巡察 for the zero source, an empty column),
// filters the problem list, changes through an update, and the audit log
// verifies every row.
func TestInspectionSource(t *testing.T) {
	s := open(t)
	c := newCounty(t, s)
	ctx := rectify.WithUser(context.Background(), &rectify.User{ID: 1, Name: "县委巡察办", Role: rectify.RoleAdmin})
	tests := []struct {
		name   string
		source rectify.Source
		want   rectify.Source
	}{
		{"the zero source is 巡察", "", rectify.SourceXuncha},
		{"巡察 said", rectify.SourceXuncha, rectify.SourceXuncha},
		{"an audit", rectify.SourceAudit, rectify.SourceAudit},
		{"an environmental inspection", rectify.SourceEnvironment, rectify.SourceEnvironment},
	}
	ids := map[rectify.Source][]int64{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &rectify.Inspection{UnitID: c.water.ID, Team: "第" + tt.name + "组", Source: tt.source,
				Findings: []*rectify.Finding{{Number: 1, Title: "资金管理不规范", Problems: []*rectify.Problem{
					{Number: 1, Title: "专项资金拨付滞后", Status: rectify.StatusInProgress}}}}}
			ok(t, s.CreateInspection(ctx, in))
			got, err := s.GetInspection(ctx, in.ID)
			ok(t, err)
			if got.Source != tt.want {
				t.Errorf("source = %q, want %q", got.Source, tt.want)
			}
			ids[tt.want] = append(ids[tt.want], in.ID)
		})
	}
	for _, src := range []rectify.Source{rectify.SourceXuncha, rectify.SourceAudit, rectify.SourceEnvironment, rectify.SourceSupervision} {
		ps, total, err := s.ListProblems(ctx, store.ProblemFilter{Source: src})
		ok(t, err)
		if total != len(ids[src]) || len(ps) != len(ids[src]) {
			t.Errorf("problems of %s: %d, want %d", src, total, len(ids[src]))
		}
	}
	in, err := s.GetInspection(ctx, ids[rectify.SourceXuncha][0])
	ok(t, err)
	in.Source = rectify.SourceSupervision
	ok(t, s.UpdateInspection(ctx, in))
	got, err := s.GetInspection(ctx, in.ID)
	ok(t, err)
	if got.Source != rectify.SourceSupervision {
		t.Errorf("after the update: %q", got.Source)
	}
	in.Source = "lottery"
	in.Version = got.Version
	if err := s.UpdateInspection(ctx, in); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("an unknown source: %v, want invalid", err)
	}
	rep, err := s.VerifyAudit(ctx)
	ok(t, err)
	if !rep.OK() {
		t.Errorf("audit: %+v", rep)
	}
}
