package store_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

func TestListSentBack(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	// Problem 4 was submitted and sent back; problem 5 is still submitted.
	p4 := in.Findings[1].Problems[1]
	p4.History = []rectify.StatusChange{
		{Status: rectify.StatusInProgress, Date: d("2023-08-01")},
		{Status: rectify.StatusSubmitted, Date: d("2023-09-20")},
		{Status: rectify.StatusInProgress, Date: d("2023-09-25"), Author: "巡察办", Reason: store.RejectPrefix + "缺少用车登记簿照片"},
	}
	ok(t, s.CreateInspection(ctx, in))
	tr := transportInspection(c.transport.ID)
	tr.Findings[0].Problems[0].History = []rectify.StatusChange{
		{Status: rectify.StatusSubmitted, Date: d("2023-10-01")},
		{Status: rectify.StatusInProgress, Date: d("2023-10-02"), Author: "巡察办", Reason: store.RejectPrefix + "验收资料不全"},
		// Submitted again since: no longer waiting for its unit.
		{Status: rectify.StatusSubmitted, Date: d("2023-10-09")},
	}
	ok(t, s.CreateInspection(ctx, tr))

	tests := []struct {
		name   string
		scope  string
		titles []string
		reason string
	}{
		{"the county", c.root.Path, []string{"公务用车管理不规范"}, "缺少用车登记簿照片"},
		{"the water bureau", c.water.Path, []string{"公务用车管理不规范"}, "缺少用车登记簿照片"},
		{"the transport bureau, submitted again", c.transport.Path, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.ListSentBack(ctx, tt.scope, 10)
			ok(t, err)
			var ts []string
			for _, sb := range got {
				ts = append(ts, sb.Problem.Title)
			}
			same(t, "titles", ts, tt.titles)
			same(t, "total", total, len(tt.titles))
			if len(got) > 0 && (got[0].Reason != tt.reason || got[0].By != "巡察办" || got[0].UnitName != c.water.Name) {
				t.Errorf("got %+v", got[0])
			}
		})
	}
}

func TestListUndelivered(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	tr := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, tr))
	p1, p4, t1 := in.Findings[0].Problems[0], in.Findings[1].Problems[1], tr.Findings[0].Problems[0]
	rc := &rectify.Recheck{ProblemID: p1.ID, Due: d("2024-03-01")}
	ok(t, s.CreateRecheck(ctx, rc))

	fail := func(k store.ReminderKey, times int) {
		t.Helper()
		for range times {
			got, err := s.ClaimReminders(ctx, []store.ReminderKey{k}, "p", policy)
			ok(t, err)
			if len(got) != 1 {
				t.Fatalf("claim %v: got %v", k, got)
			}
			ok(t, s.FinishReminders(ctx, got, "p", "550 mailbox unavailable"))
		}
	}
	fail(key("due", p4.ID, "user:7", "2024-03-01"), 3)        // given up
	fail(key("due", p4.ID, "user:8", "2024-03-01"), 2)        // may still be tried
	fail(key("escalation", t1.ID, "user:9", "2024-02-28"), 3) // given up, another unit
	fail(key("recheck", rc.ID, "dingtalk:unit:2", "2024-03-01"), 3)
	fail(key("due", p4.ID, "user:5", "2024-02-27"), 3) // given up, then delivered the next day
	got, err := s.ClaimReminders(ctx, []store.ReminderKey{key("due", p4.ID, "user:5", "2024-02-28")}, "p", policy)
	ok(t, err)
	ok(t, s.FinishReminders(ctx, got, "p", ""))
	fail(key("due", p1.ID, "user:7", "2024-01-01"), 3) // too long ago

	tests := []struct {
		name  string
		scope string
		want  []string // kind/recipient/problem title
	}{
		{"the county", c.root.Path, []string{"due/user:7/公务用车管理不规范", "recheck/dingtalk:unit:2/河道采砂整治推进迟缓",
			"escalation/user:9/道路养护资金使用不规范"}},
		{"the water bureau", c.water.Path, []string{"due/user:7/公务用车管理不规范", "recheck/dingtalk:unit:2/河道采砂整治推进迟缓"}},
		{"the water station", c.station.Path, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.ListUndelivered(ctx, store.UndeliveredFilter{ScopePath: tt.scope, Since: d("2024-02-20"), Attempts: 3, Limit: 10})
			ok(t, err)
			var got []string
			for _, u := range list {
				got = append(got, u.Kind+"/"+u.Recipient+"/"+u.Problem.Title)
				if u.Error != "550 mailbox unavailable" || u.Attempts != 3 {
					t.Errorf("%v: error %q, attempts %d", u.ReminderKey, u.Error, u.Attempts)
				}
			}
			same(t, "reminders", got, tt.want)
			same(t, "total", total, len(tt.want))
		})
	}
}
