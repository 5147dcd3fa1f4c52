package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// TestSimilarDemo runs FindSimilar on the demo record, which plants a few
// copies (demo.Planted.Copies: a report copied word for word between two
// units, one measure in three units, a measure restating its problem, a
// first round's result repeated in a look-back) and writes every other
// text with clauses of its own: the clusters found are the planted ones,
// with precision and recall of 0.9 or more, on other days and seeds too.
func TestSimilarDemo(t *testing.T) {
	for _, tc := range []struct {
		name  string
		today string
		seed  uint64
	}{
		{"the demo", "2026-11-20", 0},
		{"another day", "2028-02-29", 0},
		{"another seed", "2026-11-20", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := rectify.AsSystem(context.Background())
			st := testdb.Open(t)
			sum, err := demo.Fill(ctx, st, d(tc.today), demo.Options{Seed: tc.seed})
			ok(t, err)
			kinds := map[string]bool{}
			for _, c := range sum.Planted.Copies {
				kinds[c.Kind] = true
			}
			if len(kinds) != 4 {
				t.Fatalf("copies planted: %+v", sum.Planted.Copies)
			}
			rep, err := workflow.FindSimilar(ctx, st, workflow.SimilarInput{})
			ok(t, err)
			for _, c := range rep.Clusters {
				t.Logf("%s %.2f problems %v measures %v progress %v", c.Kind, c.Score, c.ProblemIDs, c.MeasureIDs, c.ProgressIDs)
				for _, x := range c.Texts {
					t.Logf("    %s: %s | %s", x.UnitName, x.Text, x.ProblemTitle)
				}
			}
			s := workflow.ScoreSimilar(rep, demo.PlantedGroups(sum.Planted.Copies))
			t.Logf("%d texts, %d clusters found, %d planted: precision %.2f, recall %.2f", rep.Texts, s.Found, s.Known,
				s.Precision, s.Recall)
			if s.Precision < 0.9 || s.Recall < 0.9 {
				t.Errorf("precision %.2f, recall %.2f: want both ≥ 0.9", s.Precision, s.Recall)
			}
		})
	}
}

func TestRestates(t *testing.T) {
	const problem = "公务用车管理松散，私车公养现象时有发生\n个别科室长期占用公务车辆办理私事，加油卡与车辆不对应。"
	for _, tc := range []struct {
		name, measure string
		want          bool
	}{
		{"the problem again", "针对个别科室长期占用公务车辆办理私事、加油卡与车辆不对应的问题，立行立改", true},
		{"title and description again", "公务用车管理松散，私车公养现象时有发生，个别科室长期占用公务车辆办理私事", true},
		{"a task from one clause", "清理加油卡，做到一车一卡", false},
		{"what will be done", "修订公务用车管理办法，车辆出行实行一车一单登记，每季度公示用车情况", false},
		{"too short to tell", "私车公养", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := workflow.Restates(tc.measure, problem); got != tc.want {
				t.Errorf("Restates(%q) = %v, want %v", tc.measure, got, tc.want)
			}
		})
	}
}
