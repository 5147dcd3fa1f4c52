package store_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// A search finds what progress and measures said a moment ago, though
// their search text is rebuilt in a batch.
func TestSearchSeesFreshProgress(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	p := in.Findings[1].Problems[1]
	search := func(q string) []string {
		t.Helper()
		ps, _, err := s.ListProblems(ctx, store.ProblemFilter{Query: q})
		ok(t, err)
		return titles(ps)
	}
	same(t, "before", search("北斗定位"), []string{})
	ok(t, s.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, Date: d("2024-01-12"), Text: "全部公务用车加装北斗定位终端。"}, nil))
	same(t, "after a report", search("北斗定位"), []string{p.Title})
	ok(t, s.CreateMeasure(ctx, &rectify.Measure{ProblemID: p.ID, Number: 3, Text: "建立车辆轨迹月度抽查制度。"}))
	ok(t, s.FlushSearch(ctx))
	same(t, "after a new measure", search("轨迹"), []string{p.Title})
	ok(t, s.DeleteMeasure(ctx, p.Measures[0].ID))
	same(t, "after a deleted measure", search("使用登记制度"), []string{})
}

// TestSearchRebuildsMarkedTexts: a text marked stale, as migration 0050
// marks every text written before search texts were folded, is rebuilt
// from the record before the next search, on both dialects.
func TestSearchRebuildsMarkedTexts(t *testing.T) {
	f := newAuditFixture(t)
	ctx := rectify.AsSystem(context.Background())
	p := f.in.Findings[0].Problems[0]
	p.Title = "整改臺帳不完整"
	ok(t, f.s.UpdateProblem(ctx, p))
	search := func(q string) []string {
		t.Helper()
		ps, _, err := f.s.ListProblems(ctx, store.ProblemFilter{Query: q})
		ok(t, err)
		return titles(ps)
	}
	same(t, "folded when written", search("台账"), []string{p.Title})
	// A text as it was stored before folding: lower case only.
	f.raw(t, "UPDATE problem_search SET body = ? WHERE problem_id = ?", "整改臺帳不完整", p.ID)
	same(t, "an unfolded text", search("台账不完整"), []string{})
	f.raw(t, "INSERT INTO search_stale (problem_id) VALUES (?)", p.ID)
	same(t, "rebuilt once marked", search("台账不完整"), []string{p.Title})
}
