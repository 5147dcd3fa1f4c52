package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// A report's figures are stored in its transaction: read from its text,
// or as the unit confirmed or corrected them; a report stored without a
// form (here straight through the store, as the demo and imports do) gets
// its figures from the backfill, once.
func TestProgressQuantities(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{evidence: true}) // a report stored without its figures
	ctx := as(w.waterEditor)
	sum := func() string {
		t.Helper()
		qs, err := w.s.ListQuantities(context.Background(), p.ID)
		ok(t, err)
		return rectify.SumQuantities(qs).Sentence() + " " + describe(qs)
	}
	tests := []struct {
		name string
		in   workflow.ProgressInput
		want string
	}{
		{"read from the text", workflow.ProgressInput{Text: "追回违规发放的补贴3.2万元，修订制度2项。"},
			"共追回资金3.2万元，建立完善制度2项 money/追回/32000; rule/修订/2"},
		{"corrected by the unit", workflow.ProgressInput{Text: "追回资金约3万元，问责2人次。", QuantitiesConfirmed: true,
			Quantities: []rectify.Quantity{
				{Kind: rectify.QuantityMoney, Meaning: "追回", Value: 31500, Unit: "元"},
				{Kind: rectify.QuantityPerson, Meaning: "诫勉谈话", Value: 2, Unit: "人次"}}},
			"共追回资金6.35万元，建立完善制度2项，问责2人次 money/追回/32000; rule/修订/2; money/追回/31500; person/诫勉谈话/2"},
		{"every figure unticked", workflow.ProgressInput{Text: "开展培训3次。", QuantitiesConfirmed: true},
			"共追回资金6.35万元，建立完善制度2项，问责2人次 money/追回/32000; rule/修订/2; money/追回/31500; person/诫勉谈话/2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.ProblemID = p.ID
			tc.in.Date = d("2024-02-10")
			_, err := w.svc.AddProgress(ctx, tc.in)
			ok(t, err)
			// The report planted without a form is not counted until the backfill.
			if got := sum(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}

	t.Run("a bad figure is refused and nothing stored", func(t *testing.T) {
		_, err := w.svc.AddProgress(ctx, workflow.ProgressInput{ProblemID: p.ID, Date: d("2024-02-11"), Text: "完成。",
			QuantitiesConfirmed: true, Quantities: []rectify.Quantity{{Kind: rectify.QuantityCount, Value: -3, Unit: "台"}}})
		wantErr(t, err, rectify.EINVALID, "第1个数字")
		ps, err := w.s.ListProgress(context.Background(), p.ID)
		ok(t, err)
		if len(ps) != 4 {
			t.Errorf("%d reports stored, want 4", len(ps))
		}
	})

	t.Run("backfill", func(t *testing.T) {
		n, err := w.svc.QuantifyPending(context.Background())
		ok(t, err)
		if n != 1 {
			t.Errorf("the backfill read %d reports, want the 1 stored without a form", n)
		}
		want := "共追回资金6.35万元，建立完善制度2项，问责2人次 count/清理非法采砂点/7; count/没收采砂船/2; money/追回/32000; rule/修订/2; money/追回/31500; person/诫勉谈话/2"
		if got := sum(); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if n, err := w.svc.QuantifyPending(context.Background()); err != nil || n != 0 {
			t.Errorf("a second backfill read %d reports (%v), want none", n, err)
		}
		r, err := w.s.VerifyAudit(context.Background())
		ok(t, err)
		if !r.OK() {
			t.Errorf("audit: %+v", r.Issues)
		}
	})
}

func describe(qs []rectify.Quantity) string {
	s := ""
	for i, q := range qs {
		if i > 0 {
			s += "; "
		}
		s += string(q.Kind) + "/" + q.Meaning + "/" + rectify.FormatQuantityValue(q.Value)
	}
	return s
}
