package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// generatorRecovered are the meanings of the words the generator counts as
// money recovered (追回、清退、退还、挽回、收回、扣回、归垫、补交、缴入国库).
var generatorRecovered = []string{"追回", "清退", "退还", "挽回损失", "收回", "扣回", "归垫", "补缴", "缴入国库"}

// The figures the generator planted in the progress texts of a synthetic
// record, read by the backfill, add up per unit to what the generator says
// it planted, the overview's total is their sum, and each inspection's
// notice states its own in its summary section.
func TestResultsOfGeneratedRecord(t *testing.T) {
	// The generator loads an empty store; the pages are then served on it
	// to an admin of every unit.
	st := testdb.Open(t)
	ctx := rectify.AsSystem(context.Background())
	gen, err := demo.Generate(ctx, st, demo.Size{Units: 20, Inspections: 60, Problems: 1500, Today: rectify.MustDate("2024-02-20")})
	must(t, err)
	admin := &rectify.User{Login: "banshi", Name: "李主任", Role: rectify.RoleAdmin, PasswordHash: "x"}
	must(t, st.CreateUser(ctx, admin))
	w, err := New(Deps{Store: st, Sessions: auth.NewSessions(st, func() time.Time { return clock }),
		Limiter: auth.NewLimiter(st, func() time.Time { return clock }), Now: func() time.Time { return clock }})
	must(t, err)
	hs := &harness{t: t, st: st, w: w}
	errs := &httpx.Errors{Page: w.ErrorPage, LoginPath: "/login"}
	mux := http.NewServeMux()
	for _, rt := range w.Routes() {
		h := errs.Handler(rt.Handler, rt.API)
		mux.Handle(rt.Pattern, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(rw, r.WithContext(rectify.WithUser(r.Context(), admin)))
		}))
	}
	hs.h = mux
	if len(gen.PlantedQuantities) == 0 {
		t.Fatal("the generator planted no figures")
	}
	n, err := hs.w.Work.QuantifyPending(context.Background())
	must(t, err)
	if n != gen.Progress {
		t.Errorf("the backfill read %d reports of %d", n, gen.Progress)
	}
	sums, err := hs.st.SumQuantities(context.Background(), "", rectify.MustDate("2100-01-01"))
	must(t, err)
	byUnit := map[int64]*rectify.QuantityTotals{}
	for _, s := range sums {
		if byUnit[s.UnitID] == nil {
			byUnit[s.UnitID] = &rectify.QuantityTotals{}
		}
		byUnit[s.UnitID].AddLine(s.QuantityLine)
	}
	for _, p := range gen.PlantedQuantities {
		got := byUnit[p.UnitID]
		if got == nil {
			got = &rectify.QuantityTotals{}
		}
		// The generator counts the forms it plants (问责, 诫勉谈话, 通报批评,
		// 党纪政务处分, 组织处理); its texts also summon river chiefs for a
		// talk (约谈), which the record counts as a form of its own.
		// Likewise it counts money with the words it plants; the record
		// counts arrears collected (收缴) as recovered too.
		forms, accountable, recovered := map[string]int{}, 0, 0.0
		for _, l := range got.Lines {
			if _, ok := p.AccountabilityByForm[l.Meaning]; ok && l.Kind == rectify.QuantityPerson {
				forms[l.Meaning] += int(l.Value)
				accountable += int(l.Value)
			}
			if l.Kind == rectify.QuantityMoney && slices.Contains(generatorRecovered, l.Meaning) {
				recovered += l.Value
			}
		}
		if int64(recovered+0.5) != p.RecoveredYuan || int(got.RulesMade) != p.Rules || accountable != p.Accountability {
			t.Errorf("%s: read 追回 %.0f 元, 制度 %v 项, 问责 %v 人次; planted %d 元, %d 项, %d 人次", p.Unit,
				recovered, got.RulesMade, accountable, p.RecoveredYuan, p.Rules, p.Accountability)
		}
		for f, n := range p.AccountabilityByForm {
			if forms[f] != n {
				t.Errorf("%s: %s %d 人次, planted %d", p.Unit, f, forms[f], n)
			}
		}
	}
	// The overview's total is the sum of the units'.
	var want rectify.QuantityTotals
	for _, got := range byUnit {
		want.Recovered += got.Recovered
		want.RulesMade += got.RulesMade
		want.Accountable += got.Accountable
	}
	body := hs.get("banshi", "/overview?as_of=2100-01-01").Body.String()
	for testid, w := range map[string]string{"results-recovered": rectify.FormatMoney(want.Recovered),
		"results-rules": rectify.FormatQuantityValue(want.RulesMade) + " 项", "results-accountable": rectify.FormatQuantityValue(want.Accountable) + " 人次"} {
		m := regexp.MustCompile(`data-testid="` + testid + `">([^<]*)<`).FindStringSubmatch(body)
		if m == nil || html.UnescapeString(m[1]) != w {
			t.Errorf("overview %s: got %v, want %q", testid, m, w)
		}
	}
	// The notice of every inspection states its sums — those the unit's
	// planted figures were checked against above — in its summary section.
	perInspection := map[int64]*rectify.QuantityTotals{}
	for _, s := range sums {
		if perInspection[s.InspectionID] == nil {
			perInspection[s.InspectionID] = &rectify.QuantityTotals{}
		}
		perInspection[s.InspectionID].AddLine(s.QuantityLine)
	}
	ins, err := hs.st.ListInspections(context.Background(), store.InspectionFilter{})
	must(t, err)
	stated := 0
	for _, in := range ins {
		loaded, err := hs.st.LoadInspection(context.Background(), in.ID)
		must(t, err)
		var buf bytes.Buffer
		must(t, notice.Render(&buf, loaded, notice.RenderOptions{AsOf: rectify.MustDate("2100-01-01")}))
		want := ""
		if q := perInspection[in.ID]; q != nil && q.Sentence() != "" {
			want = "整改以来，" + q.Sentence() + "。"
			stated++
		}
		got := regexp.MustCompile(`整改以来，[^\n]*。`).FindString(buf.String())
		if got != want {
			t.Errorf("the notice of inspection %d (%s) states %q, the record sums to %q", in.ID, in.Source.Or().Label(), got, want)
		}
	}
	if stated == 0 {
		t.Error("no notice states any figure")
	}
	fmt.Printf("generated record: %d reports, planted figures in %d units matched, %d notices state theirs\n", gen.Progress, len(gen.PlantedQuantities), stated)
}
