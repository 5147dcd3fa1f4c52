package workflow_test

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/similar"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

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
	for _, c := range rep.Clusters {
		kinds[c.Kind]++
	}
	t.Logf("%d texts, %d clusters %v in %v (%d MB allocated, %d MB from the system)", rep.Texts, len(rep.Clusters), kinds,
		took.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20, after.Sys>>20)
	truthFile := os.Getenv("RECTIFY_SIMILAR_TRUTH")
	if truthFile == "" {
		return
	}
	data, err := os.ReadFile(truthFile)
	ok(t, err)
	var truth demo.Generated
	ok(t, json.Unmarshal(data, &truth))
	if len(truth.Planted) == 0 {
		t.Fatalf("%s plants no cluster", truthFile)
	}
	known := demo.PlantedGroups(truth.Planted)
	if os.Getenv("RECTIFY_SIMILAR_DUMP") != "" {
		// A few clusters that match nothing planted, to see why.
		shown := 0
		for _, c := range rep.Clusters {
			if s := similar.ScoreGroups([]similar.Group{c.TextGroup()}, known); s.Right == 0 && shown < 12 {
				shown++
				t.Logf("unplanted %s %.2f, %d texts:", c.Kind, c.Score, len(c.TextGroup().Texts))
				for _, x := range c.Texts[:min(3, len(c.Texts))] {
					t.Logf("    %s #%d: %s", x.UnitName, x.ProblemID, x.Text)
				}
			}
		}
	}
	s := workflow.ScoreSimilar(rep, known)
	for _, k := range s.Kinds {
		t.Logf("%-16s found %4d right %4d precision %.3f, planted %4d matched %4d recall %.3f", k.Kind, k.Found, k.Right,
			k.Precision, k.Known, k.Matched, k.Recall)
	}
	t.Logf("precision %.3f over %d clusters found, recall %.3f over %d planted", s.Precision, s.Found, s.Recall, s.Known)
	if s.Precision < 0.9 || s.Recall < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.9", s.Precision, s.Recall)
	}
}
