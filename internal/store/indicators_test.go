package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

func TestIndicators(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))
	w := water.Problems()

	ok(t, s.CreateRule(ctx, &rectify.Rule{InspectionID: water.ID, Title: "财务报销审批规程（修订）", Kind: rectify.RuleRevised,
		Date: d("2023-09-15"), ProblemIDs: []int64{w[2].ID}}))
	ok(t, s.CreateAccountability(ctx, &rectify.Accountability{InspectionID: water.ID, ProblemID: w[2].ID, Person: "某科员",
		Form: "谈话提醒", Date: d("2023-10-10"), Reason: "报销审核把关不严"}))
	// A look-back of problem 1 finds the problem back (反弹): it is reopened.
	check := &rectify.Recheck{ProblemID: w[0].ID, Due: d("2024-03-01")}
	ok(t, s.CreateRecheck(ctx, check))
	check.Done, check.Result, check.Reviewer = d("2024-03-05"), rectify.RecheckFailed, "巡察办"
	ok(t, s.UpdateRecheck(ctx, check))
	_, err := s.AddStatusChange(ctx, w[0].ID, w[0].Version, rectify.StatusChange{Status: rectify.StatusInProgress,
		Date: d("2024-03-05"), Author: "巡察办", Reason: "回头看发现反弹"})
	ok(t, err)

	finish := func(ind rectify.Indicators) rectify.Indicators { ind.Finish(); return ind }
	for _, tc := range []struct {
		name            string
		asOf            string
		water, transpor rectify.Indicators
	}{
		{"before the feedback", "2023-07-09",
			finish(rectify.Indicators{}),
			finish(rectify.Indicators{})},
		{"on the feedback day: nothing started", "2023-07-10",
			finish(rectify.Indicators{Total: 5, NotStarted: 5, Measures: 10}),
			finish(rectify.Indicators{})},
		{"three under way, one measure done", "2023-08-01",
			finish(rectify.Indicators{Total: 5, InProgress: 3, NotStarted: 2, Measures: 10, MeasuresDone: 1}),
			finish(rectify.Indicators{})},
		// Problem 1 done on time, problem 3 late; 4 and 5 overdue.
		{"at the notice", "2023-12-01",
			finish(rectify.Indicators{Total: 5, Completed: 2, LongTerm: 1, Submitted: 1, NotStarted: 1, Overdue: 2,
				DuePassed: 4, CompletedOnTime: 1, Rules: 1, Accountability: 1, Measures: 10, MeasuresDone: 3}),
			finish(rectify.Indicators{Total: 2, NotStarted: 2, Measures: 2})},
		{"after the failed look-back", "2024-03-10",
			finish(rectify.Indicators{Total: 5, Completed: 1, LongTerm: 1, Submitted: 1, InProgress: 1, NotStarted: 1, Overdue: 3,
				DuePassed: 5, CompletedOnTime: 0, Rebounds: 1, Rules: 1, Accountability: 1, Measures: 10, MeasuresDone: 3}),
			finish(rectify.Indicators{Total: 2, NotStarted: 2, Measures: 2})},
		{"long-term milestone passed", "2024-07-01",
			finish(rectify.Indicators{Total: 5, Completed: 1, LongTerm: 1, Submitted: 1, InProgress: 1, NotStarted: 1, Overdue: 4,
				DuePassed: 5, Rebounds: 1, Rules: 1, Accountability: 1, Measures: 10, MeasuresDone: 3}),
			finish(rectify.Indicators{Total: 2, NotStarted: 2, Overdue: 1, DuePassed: 1, Measures: 2})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asOf := d(tc.asOf)
			tc.water.AsOf, tc.transpor.AsOf = asOf, asOf
			per, total, err := s.Indicators(ctx, store.IndicatorFilter{ScopePath: c.root.Path}, asOf)
			ok(t, err)
			same(t, "water bureau", per[water.ID], tc.water)
			same(t, "transport bureau", per[transport.ID], tc.transpor)
			want := rectify.Indicators{AsOf: asOf}
			want.Merge(tc.water)
			want.Merge(tc.transpor)
			same(t, "total", total, want)
			if len(per) != 2 {
				t.Errorf("%d inspections counted, want 2", len(per))
			}

			// The same figures as the domain computes from the full record.
			loaded, err := s.LoadInspection(ctx, water.ID)
			ok(t, err)
			checks, err := s.ListRechecks(ctx, w[0].ID)
			ok(t, err)
			rules, err := s.ListRules(ctx, store.RecordFilter{InspectionID: water.ID})
			ok(t, err)
			acc, err := s.ListAccountability(ctx, store.RecordFilter{InspectionID: water.ID})
			ok(t, err)
			same(t, "water bureau as the domain computes it", per[water.ID],
				rectify.Compute(asOf, loaded.Problems(), checks, rules, acc))

			only, total, err := s.Indicators(ctx, store.IndicatorFilter{InspectionID: water.ID}, asOf)
			ok(t, err)
			if len(only) != 1 || total != tc.water {
				t.Errorf("one inspection: %d counted, total %+v", len(only), total)
			}
			byUnit, err := s.IndicatorsByUnit(ctx, "", asOf)
			ok(t, err)
			zero := finish(rectify.Indicators{AsOf: asOf})
			for _, u := range []struct {
				unit *rectify.Unit
				want rectify.Indicators
			}{
				{c.root, want}, {c.water, tc.water}, {c.station, zero}, {c.transport, tc.transpor},
			} {
				if got, found := byUnit[u.unit.ID]; !found {
					t.Errorf("no figures for %s", u.unit.Name)
				} else {
					same(t, u.unit.Name, got, u.want)
				}
			}
		})
	}

	t.Run("scope of one bureau", func(t *testing.T) {
		per, total, err := s.Indicators(ctx, store.IndicatorFilter{ScopePath: c.transport.Path}, d("2023-12-01"))
		ok(t, err)
		if len(per) != 1 || total.Total != 2 {
			t.Errorf("transport scope: %d inspections, %d problems; want 1, 2", len(per), total.Total)
		}
		byUnit, err := s.IndicatorsByUnit(ctx, c.water.Path, d("2023-12-01"))
		ok(t, err)
		if len(byUnit) != 2 || byUnit[c.water.ID].Total != 5 || byUnit[c.station.ID].Total != 0 {
			t.Errorf("water scope by unit: %+v", byUnit)
		}
	})

	t.Run("an inspection without problems counts zero", func(t *testing.T) {
		empty := &rectify.Inspection{UnitID: c.station.ID, Team: "县委第一巡察组"}
		ok(t, s.CreateInspection(ctx, empty))
		per, _, err := s.Indicators(ctx, store.IndicatorFilter{UnitID: c.station.ID}, d("2024-01-01"))
		ok(t, err)
		ind, found := per[empty.ID]
		if !found || ind.Total != 0 || ind.CompletionRate != 0 {
			t.Errorf("empty inspection: found %v, %+v", found, ind)
		}
	})
}

func TestRulesAndAccountability(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))
	w := water.Problems()

	r1 := &rectify.Rule{InspectionID: water.ID, Title: "公务用车使用管理办法", Kind: rectify.RuleNew, Date: d("2023-09-20"),
		ProblemIDs: []int64{w[3].ID}}
	r2 := &rectify.Rule{InspectionID: water.ID, Title: "财务报销审批规程（修订）", Kind: rectify.RuleRevised, Date: d("2023-09-15"),
		ProblemIDs: []int64{w[2].ID, w[3].ID, w[2].ID}}
	r3 := &rectify.Rule{InspectionID: transport.ID, Title: "养护资金拨付管理细则", Kind: rectify.RuleNew, Date: d("2023-12-01")}
	for _, r := range []*rectify.Rule{r1, r2, r3} {
		ok(t, s.CreateRule(ctx, r))
	}
	got, err := s.GetRule(ctx, r2.ID)
	ok(t, err)
	r2.ProblemIDs = []int64{w[2].ID, w[3].ID} // stored once each
	same(t, "rule", got, r2)

	for _, tc := range []struct {
		name   string
		filter store.RecordFilter
		want   []*rectify.Rule
	}{
		{"all by date", store.RecordFilter{}, []*rectify.Rule{r2, r1, r3}},
		{"water scope", store.RecordFilter{ScopePath: c.water.Path}, []*rectify.Rule{r2, r1}},
		{"unit", store.RecordFilter{UnitID: c.transport.ID}, []*rectify.Rule{r3}},
		{"inspection", store.RecordFilter{InspectionID: transport.ID}, []*rectify.Rule{r3}},
	} {
		t.Run("rules/"+tc.name, func(t *testing.T) {
			got, err := s.ListRules(ctx, tc.filter)
			ok(t, err)
			same(t, "rules", got, tc.want)
		})
	}

	r1.Title, r1.ProblemIDs = "公务用车使用管理办法（试行）", nil
	ok(t, s.UpdateRule(ctx, r1))
	got, err = s.GetRule(ctx, r1.ID)
	ok(t, err)
	same(t, "updated rule", got, r1)
	wantCode(t, s.CreateRule(ctx, &rectify.Rule{InspectionID: transport.ID, Title: "越界制度", Kind: rectify.RuleNew,
		Date: d("2023-12-01"), ProblemIDs: []int64{w[0].ID}}), rectify.EINVALID)
	wantCode(t, s.CreateRule(ctx, &rectify.Rule{InspectionID: water.ID, Title: "无日期制度", Kind: rectify.RuleNew}), rectify.EINVALID)
	ok(t, s.DeleteRule(ctx, r3.ID))
	_, err = s.GetRule(ctx, r3.ID)
	wantCode(t, err, rectify.ENOTFOUND)

	a1 := &rectify.Accountability{InspectionID: water.ID, ProblemID: w[2].ID, Person: "某科员", Form: "谈话提醒",
		Date: d("2023-10-10"), Reason: "报销审核把关不严"}
	a2 := &rectify.Accountability{InspectionID: transport.ID, Person: "某股长", Form: "通报", Date: d("2023-11-02"),
		Reason: "养护资金拨付资料缺失"}
	ok(t, s.CreateAccountability(ctx, a1))
	ok(t, s.CreateAccountability(ctx, a2))
	list, err := s.ListAccountability(ctx, store.RecordFilter{ScopePath: c.root.Path})
	ok(t, err)
	same(t, "accountability", list, []*rectify.Accountability{a1, a2})
	a1.Form = "批评教育"
	ok(t, s.UpdateAccountability(ctx, a1))
	one, err := s.GetAccountability(ctx, a1.ID)
	ok(t, err)
	same(t, "updated accountability", one, a1)
	wantCode(t, s.CreateAccountability(ctx, &rectify.Accountability{InspectionID: transport.ID, ProblemID: w[0].ID,
		Person: "某人", Form: "约谈", Date: d("2023-11-02"), Reason: "越界"}), rectify.EINVALID)
	ok(t, s.DeleteAccountability(ctx, a2.ID))
	list, err = s.ListAccountability(ctx, store.RecordFilter{})
	ok(t, err)
	same(t, "accountability after delete", list, []*rectify.Accountability{a1})
}

func TestPublicComments(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	mk := func(unit *rectify.Unit, text string, minute int) *rectify.PublicComment {
		pc := &rectify.PublicComment{UnitID: unit.ID, Name: "群众", Contact: "139****1234", Text: text,
			Received: clock.Add(time.Duration(minute) * time.Minute)}
		ok(t, s.CreateComment(ctx, pc))
		return pc
	}
	c1 := mk(c.water, "村里自来水时有浑浊，希望加强检测。", 1)
	c2 := mk(c.station, "水文站门口道路积水。", 2)
	c3 := mk(c.transport, "乡道坑洼多，盼早日维修。", 3)
	c4 := &rectify.PublicComment{UnitID: c.water.ID, Contact: "邮箱 a@example.org", Text: "建议公开整改台账。"}
	ok(t, s.CreateComment(ctx, c4)) // received now, by the store's clock
	if c4.State != rectify.CommentNew || !c4.Received.Equal(clock) || c4.Version != 1 {
		t.Errorf("defaults: state %s, received %v, version %d", c4.State, c4.Received, c4.Version)
	}
	got, err := s.GetComment(ctx, c1.ID)
	ok(t, err)
	same(t, "comment", got, c1)

	c2.State, c2.Assignee = rectify.CommentAssigned, "水文站"
	ok(t, s.UpdateComment(ctx, c2))
	c3.State, c3.Reply, c3.ReplyPublic, c3.Text = rectify.CommentReplied, "已列入今年养护计划。", true, "改写群众原话"
	ok(t, s.UpdateComment(ctx, c3))
	stored, err := s.GetComment(ctx, c3.ID)
	ok(t, err)
	if stored.Text != "乡道坑洼多，盼早日维修。" || stored.Reply != c3.Reply || !stored.ReplyPublic || stored.Version != 2 {
		t.Errorf("after update: %+v (the public's words must stay as received)", stored)
	}

	for _, tc := range []struct {
		name      string
		filter    store.CommentFilter
		want      []int64
		wantTotal int
	}{
		{"all, newest first", store.CommentFilter{}, []int64{c3.ID, c2.ID, c1.ID, c4.ID}, 4},
		{"water scope", store.CommentFilter{ScopePath: c.water.Path}, []int64{c2.ID, c1.ID, c4.ID}, 3},
		{"unit", store.CommentFilter{UnitID: c.water.ID}, []int64{c1.ID, c4.ID}, 2},
		{"new ones", store.CommentFilter{States: []rectify.CommentState{rectify.CommentNew}}, []int64{c1.ID, c4.ID}, 2},
		{"in hand", store.CommentFilter{ScopePath: c.root.Path, States: []rectify.CommentState{rectify.CommentAssigned, rectify.CommentReplied}},
			[]int64{c3.ID, c2.ID}, 2},
		{"page", store.CommentFilter{Limit: 2, Offset: 1}, []int64{c2.ID, c1.ID}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, total, err := s.ListComments(ctx, tc.filter)
			ok(t, err)
			ids := []int64{}
			for _, pc := range list {
				ids = append(ids, pc.ID)
			}
			same(t, "comments", ids, tc.want)
			if total != tc.wantTotal {
				t.Errorf("total %d, want %d", total, tc.wantTotal)
			}
		})
	}

	wantCode(t, s.CreateComment(ctx, &rectify.PublicComment{UnitID: c.water.ID, Text: "没有联系方式"}), rectify.EINVALID)
	wantCode(t, s.CreateComment(ctx, &rectify.PublicComment{UnitID: 99999, Contact: "x", Text: "单位不存在"}), rectify.ENOTFOUND)
	bad := *c1
	bad.State = "lost"
	wantCode(t, s.UpdateComment(ctx, &bad), rectify.EINVALID)
}

func TestRechecks(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	w := water.Problems()

	r1 := &rectify.Recheck{ProblemID: w[0].ID, Due: d("2024-03-01"), Sampled: true}
	r2 := &rectify.Recheck{ProblemID: w[2].ID, Due: d("2024-02-01")}
	r3 := &rectify.Recheck{ProblemID: w[2].ID, Due: d("2024-05-01")}
	for _, r := range []*rectify.Recheck{r1, r2, r3} {
		ok(t, s.CreateRecheck(ctx, r))
	}
	for _, tc := range []struct {
		name string
		by   string
		want []*rectify.Recheck
	}{
		{"none due yet", "2024-01-31", nil},
		{"due on the day", "2024-02-01", []*rectify.Recheck{r2}},
		{"earliest first", "2024-03-15", []*rectify.Recheck{r2, r1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListRechecksDue(ctx, d(tc.by))
			ok(t, err)
			same(t, "due", got, tc.want)
		})
	}
	r2.Done, r2.Result, r2.Reviewer, r2.Note = d("2024-02-02"), rectify.RecheckPassed, "巡察办", "整改成果巩固"
	ok(t, s.UpdateRecheck(ctx, r2))
	got, err := s.ListRechecksDue(ctx, d("2024-12-31"))
	ok(t, err)
	same(t, "due after one is done", got, []*rectify.Recheck{r1, r3})
	one, err := s.GetRecheck(ctx, r2.ID)
	ok(t, err)
	same(t, "done recheck", one, r2)
	list, err := s.ListRechecks(ctx, w[2].ID)
	ok(t, err)
	same(t, "rechecks of a problem", list, []*rectify.Recheck{r2, r3})

	for _, tc := range []struct {
		name string
		r    *rectify.Recheck
	}{
		{"no due date", &rectify.Recheck{ProblemID: w[0].ID}},
		{"result without a done date", &rectify.Recheck{ProblemID: w[0].ID, Due: d("2024-03-01"), Result: rectify.RecheckFailed}},
		{"unknown result", &rectify.Recheck{ProblemID: w[0].ID, Due: d("2024-03-01"), Done: d("2024-03-01"), Result: "maybe"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.CreateRecheck(ctx, tc.r), rectify.EINVALID)
		})
	}
}
