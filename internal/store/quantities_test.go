package store_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// The figures of a report are stored with it, replaced when corrected,
// summed by inspection as of a day within a scope, shown with the
// inspection's reports, and kept in agreement with the audit log through a
// correction and the deletion of their problem.
func TestQuantities(t *testing.T) {
	s := open(t)
	ctx := rectify.WithUser(context.Background(), &rectify.User{ID: 7, Name: "张伟", Role: rectify.RoleEditor})
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	p1, p2 := water.Findings[0].Problems[0], water.Findings[0].Problems[1]

	add := func(p *rectify.Problem, date, text string, qs []rectify.Quantity) int64 {
		t.Helper()
		pr := &rectify.Progress{ProblemID: p.ID, Date: d(date), Text: text, Author: "张伟"}
		ok(t, s.Update(ctx, "test", func(tx *store.Tx) error {
			if err := tx.AddProgress(ctx, pr, nil); err != nil {
				return err
			}
			return tx.SetQuantities(ctx, pr.ID, qs)
		}))
		return pr.ID
	}
	money := func(meaning string, v float64) rectify.Quantity {
		return rectify.Quantity{Kind: rectify.QuantityMoney, Meaning: meaning, Value: v, Unit: "元"}
	}
	first := add(p1, "2023-10-10", "追回资金12.5万元，其中清退2万元。", []rectify.Quantity{
		money("追回", 125000), {Kind: rectify.QuantityMoney, Meaning: "清退", Value: 20000, Unit: "元", Part: true}})
	add(p2, "2023-11-20", "修订制度3项，问责2人次。", []rectify.Quantity{
		{Kind: rectify.QuantityRule, Meaning: "修订", Value: 3, Unit: "项"},
		{Kind: rectify.QuantityPerson, Meaning: "问责", Value: 2, Unit: "人次"}})
	unread := add(p2, "2023-11-21", "持续推进。", nil)

	pending, err := s.ListUnquantified(context.Background(), 10)
	ok(t, err)
	if len(pending) != 0 {
		t.Errorf("reports whose figures were read are listed as unread: %+v", pending)
	}
	// The backfill's write leaves a report read by the form (or by another
	// server meanwhile) as it is, and reads one never read.
	ok(t, s.Update(ctx, "test", func(tx *store.Tx) error {
		done, err := tx.SetPendingQuantities(ctx, unread, []rectify.Quantity{money("追回", 1)})
		if err == nil && done {
			t.Error("the backfill wrote over the figures the unit confirmed")
		}
		return err
	}))
	planted := &rectify.Progress{ProblemID: p2.ID, Date: d("2023-11-22"), Text: "退还多收费用500元。", Author: "导入"}
	ok(t, s.AddProgress(ctx, planted, nil))
	pending, err = s.ListUnquantified(context.Background(), 10)
	ok(t, err)
	if len(pending) != 1 || pending[0].ID != planted.ID || pending[0].Text != planted.Text {
		t.Errorf("unread reports: %+v, want the one stored without its figures", pending)
	}
	ok(t, s.Update(ctx, "test", func(tx *store.Tx) error {
		done, err := tx.SetPendingQuantities(ctx, planted.ID, nil)
		if err == nil && !done {
			t.Error("the backfill did not read a report never read")
		}
		return err
	}))

	totals := func(scope string, asOf string) rectify.QuantityTotals {
		t.Helper()
		sums, err := s.SumQuantities(context.Background(), scope, d(asOf))
		ok(t, err)
		var tot rectify.QuantityTotals
		for _, x := range sums {
			if x.InspectionID != water.ID || x.UnitID != c.water.ID || x.Round != water.Round {
				t.Errorf("sum %+v is not of the water inspection", x)
			}
			tot.AddLine(x.QuantityLine)
		}
		return tot
	}
	for _, tc := range []struct {
		name, scope, asOf string
		want              string
	}{
		{"everything", "", "2023-12-31", "共追回资金12.5万元，建立完善制度3项，问责2人次"},
		{"as of a day before the second report", "", "2023-11-01", "共追回资金12.5万元"},
		{"the water bureau's subtree", c.water.Path, "2023-12-31", "共追回资金12.5万元，建立完善制度3项，问责2人次"},
		{"another unit's subtree", c.transport.Path, "2023-12-31", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := totals(tc.scope, tc.asOf).Sentence(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}

	// A correction replaces the figures.
	ok(t, s.Update(ctx, "test", func(tx *store.Tx) error {
		return tx.SetQuantities(ctx, first, []rectify.Quantity{money("追回", 130000)})
	}))
	if got := totals("", "2023-12-31").Sentence(); got != "共追回资金13万元，建立完善制度3项，问责2人次" {
		t.Errorf("after the correction: %q", got)
	}
	qs, err := s.ListQuantities(context.Background(), p1.ID)
	ok(t, err)
	if len(qs) != 1 || qs[0].Value != 130000 || qs[0].ProgressID != first {
		t.Errorf("ListQuantities after the correction = %+v", qs)
	}
	in, err := s.LoadInspection(context.Background(), water.ID)
	ok(t, err)
	var shown []rectify.Quantity
	for _, f := range in.Findings {
		for _, p := range f.Problems {
			for _, r := range p.Public.Reports {
				shown = append(shown, r.Quantities...)
			}
		}
	}
	if len(shown) != 3 {
		t.Errorf("the inspection's reports carry %d figures, want 3: %+v", len(shown), shown)
	}

	// A bad figure is refused with nothing stored.
	err = s.Update(ctx, "test", func(tx *store.Tx) error {
		return tx.SetQuantities(ctx, first, []rectify.Quantity{{Kind: "weight", Value: 1, Unit: "吨"}})
	})
	wantCode(t, err, rectify.EINVALID)

	r, err := s.VerifyAudit(context.Background())
	ok(t, err)
	if !r.OK() {
		t.Fatalf("audit after the figures: %+v", r.Issues)
	}
	ok(t, s.Update(ctx, "test", func(tx *store.Tx) error { return tx.DeleteProblem(ctx, p2.ID) }))
	r, err = s.VerifyAudit(context.Background())
	ok(t, err)
	if !r.OK() {
		t.Fatalf("audit after deleting a problem with figures: %+v", r.Issues)
	}
	if got := totals("", "2023-12-31").Sentence(); got != "共追回资金13万元" {
		t.Errorf("after deleting the problem: %q", got)
	}
}

// The accountability records are counted by inspection and form as of a
// day within a scope, each with its inspection's kind of rectification,
// as the figures of the texts are.
func TestSumAccountability(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	water.Source, water.Kind = rectify.SourceAudit, ""
	ok(t, s.CreateInspection(ctx, water))
	p := water.Findings[0].Problems[0]
	for _, a := range []struct{ person, form, date string }{
		{"甲", "诫勉", "2023-10-01"}, {"乙", "诫勉", "2023-10-02"}, {"丙", "通报", "2023-11-01"}, {"丁", "党纪处分", "2024-03-01"},
	} {
		ok(t, s.CreateAccountability(ctx, &rectify.Accountability{InspectionID: water.ID, ProblemID: p.ID, Person: a.person,
			Form: a.form, Date: d(a.date), Reason: "问题整改不力"}))
	}
	tests := []struct {
		name, scope, asOf string
		want              map[string]float64
	}{
		{"every unit, by the end of 2023", "", "2023-12-31", map[string]float64{"诫勉": 2, "通报": 1}},
		{"by the first of October", "", "2023-10-01", map[string]float64{"诫勉": 1}},
		{"another subtree", "/999999/", "2024-12-31", map[string]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sums, err := s.SumAccountability(ctx, tt.scope, d(tt.asOf))
			ok(t, err)
			got := map[string]float64{}
			for _, r := range sums {
				if r.InspectionID != water.ID || r.UnitID != c.water.ID || r.Source != rectify.SourceAudit ||
					r.Kind != rectify.QuantityPerson || r.Unit != "人次" || float64(r.Count) != r.Value {
					t.Errorf("a sum of another shape: %+v", r)
				}
				got[r.Meaning] += r.Value
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for form, n := range tt.want {
				if got[form] != n {
					t.Errorf("%s: %v 人次, want %v", form, got[form], n)
				}
			}
		})
	}
}
