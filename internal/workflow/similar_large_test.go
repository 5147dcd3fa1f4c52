package workflow_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// planted is a cluster of copies a generated record was given on purpose
// (the truth file of rectify demo generate --truth).
type planted struct {
	Kind        string  `json:"kind"`
	MeasureIDs  []int64 `json:"measure_ids"`
	ProblemIDs  []int64 `json:"problem_ids"`
	ProgressIDs []int64 `json:"progress_ids"`
}

// textKeys returns the texts of a cluster as keys: measures and reports
// apart.
func textKeys(measures, progress []int64) []string {
	var out []string
	for _, id := range measures {
		out = append(out, fmt.Sprint("m", id))
	}
	for _, id := range progress {
		out = append(out, fmt.Sprint("p", id))
	}
	return out
}

// scores matches found clusters with planted ones — a pair matches when
// they share at least half of the texts of each — and returns the share
// of found clusters that match one planted (precision) and of planted
// clusters that a found one matches (recall), per kind of planted
// cluster and in all ("").
func scores(found [][]string, truth []planted) (precision float64, recall map[string]float64) {
	owner := map[string][]int{} // text → planted clusters
	for i, p := range truth {
		for _, k := range textKeys(p.MeasureIDs, p.ProgressIDs) {
			owner[k] = append(owner[k], i)
		}
	}
	matched := make([]bool, len(truth))
	right := 0
	for _, f := range found {
		shared := map[int]int{}
		for _, k := range f {
			for _, i := range owner[k] {
				shared[i]++
			}
		}
		ok := false
		for i, n := range shared {
			size := len(truth[i].MeasureIDs) + len(truth[i].ProgressIDs)
			if 2*n >= size && 2*n >= len(f) {
				matched[i], ok = true, true
			}
		}
		if ok {
			right++
		}
	}
	recall = map[string]float64{}
	all, kinds := map[string]int{}, map[string]int{}
	for i, p := range truth {
		for _, k := range []string{"", p.Kind} {
			all[k]++
			if matched[i] {
				kinds[k]++
			}
		}
	}
	for k, n := range all {
		recall[k] = float64(kinds[k]) / float64(n)
	}
	if len(found) == 0 {
		return 1, recall
	}
	return float64(right) / float64(len(found)), recall
}

func TestScores(t *testing.T) {
	truth := []planted{
		{Kind: "same_measure", MeasureIDs: []int64{1, 2, 3, 4}},
		{Kind: "reused_progress", ProgressIDs: []int64{1, 2}},
		{Kind: "restates_problem", MeasureIDs: []int64{9}},
	}
	found := [][]string{
		{"m1", "m2", "m3"},       // most of the first
		{"p1", "p2", "p7", "p8"}, // the second and as much besides: matches
		{"m5", "m6"},             // nothing planted
	}
	p, r := scores(found, truth)
	if p != 2.0/3 || r[""] != 2.0/3 || r["same_measure"] != 1 || r["restates_problem"] != 0 {
		t.Errorf("precision %v, recall %v", p, r)
	}
}

// TestSimilarLarge runs FindSimilar on the record named by
// RECTIFY_SIMILAR_DB (a copy: opening it applies the migrations) and
// prints the time it took and what it found; with RECTIFY_SIMILAR_TRUTH,
// the truth file of rectify demo generate, it scores the clusters found
// against those planted and fails under 0.9 of precision or recall.
// Skipped without a record:
//
//	rectify demo generate --problems 500000 --db big.db --truth big.json
//	RECTIFY_SIMILAR_DB=big.db RECTIFY_SIMILAR_TRUTH=big.json go test ./internal/workflow -run SimilarLarge -v
func TestSimilarLarge(t *testing.T) {
	dsn := os.Getenv("RECTIFY_SIMILAR_DB")
	if dsn == "" {
		t.Skip("RECTIFY_SIMILAR_DB names no record")
	}
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, dsn)
	ok(t, err)
	defer st.Close()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var least float64 // RECTIFY_SIMILAR_MIN, else the default
	if v := os.Getenv("RECTIFY_SIMILAR_MIN"); v != "" {
		least, err = strconv.ParseFloat(v, 64)
		ok(t, err)
	}
	rep, err := workflow.FindSimilar(ctx, st, workflow.SimilarInput{Min: least})
	ok(t, err)
	took := time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	kinds := map[workflow.CopyKind]int{}
	var found [][]string
	for _, c := range rep.Clusters {
		kinds[c.Kind]++
		found = append(found, textKeys(c.MeasureIDs, c.ProgressIDs))
	}
	t.Logf("%d texts, %d clusters %v in %v (%d MB allocated, %d MB from the system)", rep.Texts, len(rep.Clusters), kinds,
		took.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20, after.Sys>>20)
	truthFile := os.Getenv("RECTIFY_SIMILAR_TRUTH")
	if truthFile == "" {
		return
	}
	data, err := os.ReadFile(truthFile)
	ok(t, err)
	var truth struct {
		Planted []planted `json:"planted"`
	}
	ok(t, json.Unmarshal(data, &truth))
	if len(truth.Planted) == 0 {
		t.Fatalf("%s plants no cluster", truthFile)
	}
	precision, recall := scores(found, truth.Planted)
	if os.Getenv("RECTIFY_SIMILAR_DUMP") != "" {
		// A few clusters that match nothing planted, to see why.
		shown := 0
		for i, f := range found {
			if p, _ := scores([][]string{f}, truth.Planted); p == 0 && shown < 12 {
				shown++
				c := rep.Clusters[i]
				t.Logf("unplanted %s %.2f, %d texts:", c.Kind, c.Score, len(f))
				for _, x := range c.Texts[:min(3, len(c.Texts))] {
					t.Logf("    %s #%d: %s", x.UnitName, x.ProblemID, x.Text)
				}
			}
		}
	}
	var ks []string
	for k := range recall {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		t.Logf("recall %-16s %.3f", k, recall[k])
	}
	t.Logf("precision %.3f over %d clusters found, %d planted", precision, len(found), len(truth.Planted))
	if precision < 0.9 || recall[""] < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.9", precision, recall[""])
	}
}
