package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestPublished: only published inspections are listed, per unit when
// asked, the latest notice first; of the opinions only the published
// replies of replied or closed ones, without who wrote what.
func TestPublished(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	water.Published = true
	ok(t, s.CreateInspection(ctx, water))
	older := transportInspection(c.transport.ID)
	older.Published, older.NoticeDate = true, d("2023-09-01")
	ok(t, s.CreateInspection(ctx, older))
	hidden := transportInspection(c.station.ID)
	ok(t, s.CreateInspection(ctx, hidden))

	tests := []struct {
		name   string
		unitID int64
		want   []int64
	}{
		{"every unit", 0, []int64{water.ID, older.ID}},
		{"one unit", c.water.ID, []int64{water.ID}},
		{"a unit with nothing published", c.station.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, err := s.ListPublished(ctx, tt.unitID)
			ok(t, err)
			var got []int64
			for _, in := range ins {
				got = append(got, in.ID)
				if !in.Published {
					t.Errorf("inspection %d is not published", in.ID)
				}
			}
			same(t, "inspections", got, tt.want)
		})
	}

	at := time.Date(2024, 2, 1, 2, 0, 0, 0, time.UTC)
	p := water.Problems()[0]
	cs := []*rectify.PublicComment{
		{UnitID: c.water.ID, InspectionID: water.ID, ProblemID: p.ID, Name: "王某", Contact: "139", Text: "采砂又出现了",
			State: rectify.CommentReplied, Reply: "已核查处理", ReplyPublic: true, Received: at},
		{UnitID: c.water.ID, InspectionID: water.ID, Contact: "138", Text: "私下反映", State: rectify.CommentReplied,
			Reply: "内部答复", Received: at.Add(time.Hour)},
		{UnitID: c.water.ID, InspectionID: water.ID, Contact: "137", Text: "已办结的", State: rectify.CommentClosed,
			Reply: "已办结并公开", ReplyPublic: true, Received: at.Add(2 * time.Hour)},
		{UnitID: c.water.ID, InspectionID: water.ID, Contact: "136", Text: "新来的", Received: at.Add(3 * time.Hour)},
		{UnitID: c.water.ID, InspectionID: older.ID, Contact: "135", Text: "另一次巡察的", State: rectify.CommentReplied,
			Reply: "另一次巡察的答复", ReplyPublic: true, Received: at},
	}
	for _, pc := range cs {
		ok(t, s.CreateComment(ctx, pc))
	}
	replies, err := s.ListPublicReplies(ctx, water.ID)
	ok(t, err)
	var got []string
	for _, r := range replies {
		got = append(got, r.Reply)
		if r.Name != "" || r.Contact != "" || r.Text != "" {
			t.Errorf("a public reply carries who wrote what: %+v", r)
		}
	}
	same(t, "replies", got, []string{"已办结并公开", "已核查处理"})
	if replies[1].ProblemID != p.ID || !replies[1].Received.Equal(at) {
		t.Errorf("reply: %+v", replies[1])
	}
}

// TestCountComments counts opinions by state in a scope.
func TestCountComments(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	for _, pc := range []*rectify.PublicComment{
		{UnitID: c.water.ID, Contact: "1", Text: "a"},
		{UnitID: c.station.ID, Contact: "2", Text: "b"},
		{UnitID: c.station.ID, Contact: "3", Text: "c", State: rectify.CommentClosed, Reply: "无需办理"},
		{UnitID: c.transport.ID, Contact: "4", Text: "d"},
	} {
		ok(t, s.CreateComment(ctx, pc))
	}
	tests := []struct {
		name string
		f    store.CommentFilter
		want map[rectify.CommentState]int
	}{
		{"every unit", store.CommentFilter{}, map[rectify.CommentState]int{rectify.CommentNew: 3, rectify.CommentClosed: 1}},
		{"a subtree", store.CommentFilter{ScopePath: c.water.Path}, map[rectify.CommentState]int{rectify.CommentNew: 2, rectify.CommentClosed: 1}},
		{"one unit", store.CommentFilter{UnitID: c.transport.ID}, map[rectify.CommentState]int{rectify.CommentNew: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.CountComments(ctx, tt.f)
			ok(t, err)
			same(t, "counts", got, tt.want)
		})
	}
}

// TestListRechecksIn lists look-backs of a scope, pending by due date or
// done since a day, with their problems and units.
func TestListRechecksIn(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))
	p1, p3 := water.Problems()[0], water.Problems()[2]
	rs := []*rectify.Recheck{
		{ProblemID: p1.ID, Due: d("2024-04-25")},
		{ProblemID: p3.ID, Due: d("2024-03-10"), Sampled: true},
		{ProblemID: p3.ID, Due: d("2024-01-10"), Done: d("2024-01-12"), Result: rectify.RecheckPassed, Reviewer: "巡察办"},
		{ProblemID: transport.Problems()[0].ID, Due: d("2024-03-01")},
	}
	for _, r := range rs {
		ok(t, s.CreateRecheck(ctx, r))
	}
	tests := []struct {
		name string
		f    store.RecheckFilter
		want []int64
	}{
		{"pending in a scope", store.RecheckFilter{ScopePath: c.water.Path, Pending: true}, []int64{rs[1].ID, rs[0].ID}},
		{"pending due by a day", store.RecheckFilter{ScopePath: c.root.Path, Pending: true, DueBy: d("2024-03-05")}, []int64{rs[3].ID}},
		{"done since a day", store.RecheckFilter{DoneSince: d("2024-01-01")}, []int64{rs[2].ID}},
		{"at most one", store.RecheckFilter{Pending: true, Limit: 1}, []int64{rs[3].ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.ListRechecksIn(ctx, tt.f)
			ok(t, err)
			var got []int64
			for _, r := range rows {
				got = append(got, r.Recheck.ID)
			}
			same(t, "look-backs", got, tt.want)
		})
	}
	rows, err := s.ListRechecksIn(ctx, store.RecheckFilter{ScopePath: c.water.Path, Pending: true})
	ok(t, err)
	r := rows[0]
	if r.Problem.ID != p3.ID || r.Problem.Number != 3 || r.Problem.Title != p3.Title || r.Problem.Status != rectify.StatusCompleted ||
		r.UnitName != c.water.Name || r.Team != water.Team || !r.Recheck.Sampled {
		t.Errorf("row: %+v %+v", r, r.Problem)
	}
}
