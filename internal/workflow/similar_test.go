package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// TestSimilarDemo runs FindSimilar on the demo record, which copies one
// progress report word for word between problems of two units
// (demo.Planted.Copied): a cluster holds both, and every cluster found is
// shown so that what the demo's other texts share is seen.
func TestSimilarDemo(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	sum, err := demo.Fill(ctx, st, d("2026-11-20"), demo.Options{})
	ok(t, err)
	rep, err := workflow.FindSimilar(ctx, st, workflow.SimilarInput{})
	ok(t, err)
	found := false
	for _, c := range rep.Clusters {
		has := map[int64]bool{}
		for _, id := range c.ProblemIDs {
			has[id] = true
		}
		if has[sum.Planted.Copied[0]] && has[sum.Planted.Copied[1]] {
			found = true
		}
		t.Logf("%s %.2f problems %v measures %v progress %v", c.Kind, c.Score, c.ProblemIDs, c.MeasureIDs, c.ProgressIDs)
		for _, x := range c.Texts {
			t.Logf("    %s: %s | %s", x.UnitName, x.Text, x.ProblemTitle)
		}
	}
	t.Logf("%d texts, %d clusters", rep.Texts, len(rep.Clusters))
	if !found {
		t.Errorf("no cluster holds the copied problems %v", sum.Planted.Copied)
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
