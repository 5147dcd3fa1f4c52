package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func TestGenerate(t *testing.T) {
	today := d("2026-11-20")
	tests := []struct {
		name string
		size demo.Size
	}{
		{"one unit, one inspection", demo.Size{Units: 1, Inspections: 1, Problems: 4}},
		{"a city and a district", demo.Size{Units: 2, Inspections: 3, Problems: 30}},
		{"units but nothing inspected", demo.Size{Units: 5}},
		{"three levels", demo.Size{Units: 17, Inspections: 40, Problems: 1003, Seed: 5}},
		{"more inspections than problems", demo.Size{Units: 4, Inspections: 9, Problems: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := rectify.AsSystem(context.Background())
			st := testdb.Open(t)
			size := tt.size
			size.Today = today
			gen, err := demo.Generate(ctx, st, size)
			if err != nil {
				t.Fatal(err)
			}
			units, err := st.ListUnits(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			ins, err := st.ListInspections(ctx, store.InspectionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			ps, total, err := st.ListProblems(ctx, store.ProblemFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := [3]int{len(units), len(ins), total}
			want := [3]int{size.Units, size.Inspections, size.Problems}
			if got != want || [3]int{gen.Units, gen.Inspections, gen.Problems} != want {
				t.Errorf("units, inspections, problems: stored %v, reported %d %d %d, want %v", got, gen.Units, gen.Inspections, gen.Problems, want)
			}
			depth := map[int]int{}
			for _, u := range units {
				depth[u.Depth()]++
			}
			if len(units) > 0 && (depth[0] != 1 || len(depth) > 3) {
				t.Errorf("units by depth: %v", depth)
			}
			if size.Units >= 3 && (gen.District == 0 || gen.Bureau == 0 || !rectify.Within(gen.BureauPath, gen.DistrictPath)) {
				t.Errorf("generated: %+v", gen)
			}
			for _, in := range ins {
				loaded, err := st.LoadInspection(ctx, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range loaded.Problems() {
					checkHistory(t, today, p)
					if n := len(p.Measures); n < 2 || n > 5 {
						t.Errorf("problem %d has %d measures", p.ID, n)
					}
					if len(p.History) > 4 {
						t.Errorf("problem %d has %d status entries", p.ID, len(p.History))
					}
				}
			}
			if len(ps) != total {
				t.Errorf("listed %d of %d", len(ps), total)
			}
		})
	}
}

// TestGenerateSearch checks that searching the generated record finds some
// problems and not all: the selectivity of a real record.
func TestGenerateSearch(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	if _, err := demo.Generate(ctx, st, demo.Size{Units: 12, Inspections: 40, Problems: 1000, Today: d("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"台账", "整改", "公务接待", "河道采砂", "2024", "医保基金"} {
		_, n, err := st.ListProblems(ctx, store.ProblemFilter{Query: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || n == 1000 {
			t.Errorf("%q finds %d of 1000 problems", q, n)
		}
		t.Logf("%q finds %d of 1000", q, n)
	}
	var open []rectify.Status
	for _, s := range rectify.Statuses {
		if s.Open() {
			open = append(open, s)
		}
	}
	_, overdue, err := st.ListProblems(ctx, store.ProblemFilter{Overdue: true, AsOf: d("2026-11-20"), Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, openN, err := st.ListProblems(ctx, store.ProblemFilter{Statuses: open, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if overdue == 0 || overdue >= openN {
		t.Errorf("%d overdue of %d open", overdue, openN)
	}
}

func TestGenerateRefuses(t *testing.T) {
	tests := []struct {
		name string
		size demo.Size
		fill bool
		code string
	}{
		{"negative size", demo.Size{Units: -1}, false, rectify.EINVALID},
		{"inspections without units", demo.Size{Inspections: 2}, false, rectify.EINVALID},
		{"problems without inspections", demo.Size{Units: 2, Problems: 2}, false, rectify.EINVALID},
		{"a store that holds inspections", demo.Size{Units: 2, Inspections: 1, Problems: 1}, true, rectify.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := rectify.AsSystem(context.Background())
			st := testdb.Open(t)
			if tt.fill {
				if _, err := demo.Generate(ctx, st, demo.Size{Units: 1, Inspections: 1, Problems: 1}); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, st)
			if _, err := demo.Generate(ctx, st, tt.size); rectify.ErrorCode(err) != tt.code {
				t.Errorf("Generate(%+v): %v, want %s", tt.size, err, tt.code)
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("the refused Generate changed the store: %s → %s", before, after)
			}
		})
	}
}

// TestGenerateSources: a share of the generated inspections are audits,
// environmental inspections and supervisions, stored with their kind,
// without a sub-kind of 巡察, their findings in their own words, and
// counted in what Generate says it stored.
func TestGenerateSources(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	gen, err := demo.Generate(ctx, st, demo.Size{Units: 6, Inspections: 40, Problems: 400, Today: d("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[rectify.Source]int{rectify.SourceXuncha: 32, rectify.SourceAudit: 5, rectify.SourceEnvironment: 2, rectify.SourceSupervision: 1}
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[rectify.Source]int{}
	findings := map[rectify.Source]map[string]bool{}
	for _, in := range ins {
		src := in.Source.Or()
		stored[src]++
		if !src.HasKind() && (in.Kind != "" || in.Round != 0) {
			t.Errorf("inspection %d of kind %s has sub-kind %q, round %d", in.ID, src.Label(), in.Kind, in.Round)
		}
		loaded, err := st.LoadInspection(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if findings[src] == nil {
			findings[src] = map[string]bool{}
		}
		for _, f := range loaded.Findings {
			findings[src][f.Title] = true
		}
	}
	for src, n := range want {
		if stored[src] != n || gen.Sources[src] != n {
			t.Errorf("%s: stored %d, reported %d, want %d", src.Label(), stored[src], gen.Sources[src], n)
		}
	}
	for src, titles := range map[rectify.Source][]string{
		rectify.SourceAudit:       {"预算管理方面", "预算执行方面", "专项资金管理使用方面", "资金使用绩效方面", "国有资产管理方面"},
		rectify.SourceEnvironment: {"第一批交办件", "第二批交办件"},
	} {
		for title := range findings[src] {
			if !slices.Contains(titles, title) {
				t.Errorf("a finding of a %s headed %q, not in its words", src.Label(), title)
			}
		}
	}
}
