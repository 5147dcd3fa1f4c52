package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// largeTree is an inspection of n problems in findings of 100, each with
// two measures, the even ones completed.
func largeTree(n int) *rectify.Inspection {
	in := &rectify.Inspection{Team: "县委第九巡察组", Kind: rectify.KindRegular, Feedback: d("2024-01-15")}
	for i := range n {
		if i%100 == 0 {
			in.Findings = append(in.Findings, &rectify.Finding{Number: len(in.Findings) + 1, Title: fmt.Sprintf("第%d类问题", len(in.Findings)+1)})
		}
		f := in.Findings[len(in.Findings)-1]
		p := &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("问题%d：台账不全", i+1),
			Measures: []*rectify.Measure{{Number: 1, Text: "补齐台账。"}, {Number: 2, Text: "建立制度。"}}}
		if i%2 == 0 {
			p.History = []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: d("2024-02-20"), Author: "通报导入"}}
		}
		f.Problems = append(f.Problems, p)
	}
	return in
}

// failingStore fails the batch of an import numbered failAt (from 1).
type failingStore struct {
	*store.Store
	mu      sync.Mutex
	batches int
	failAt  int
}

func (s *failingStore) Update(ctx context.Context, op string, fn func(tx *store.Tx) error) error {
	if op == "import batch" {
		s.mu.Lock()
		s.batches++
		n := s.batches
		s.mu.Unlock()
		if n == s.failAt {
			return errors.New("disk full")
		}
	}
	return s.Store.Update(ctx, op, fn)
}

func countRows(t testing.TB, w *world) (problems, measures int) {
	t.Helper()
	ins, err := w.s.ListInspections(context.Background(), store.InspectionFilter{UnitID: w.water.ID})
	ok(t, err)
	for _, in := range ins {
		tree, err := w.s.LoadInspection(context.Background(), in.ID)
		ok(t, err)
		for _, p := range tree.Problems() {
			problems++
			measures += len(p.Measures)
		}
	}
	return problems, measures
}

func verifyAudit(t *testing.T, w *world) {
	t.Helper()
	rep, err := w.s.VerifyAudit(context.Background())
	ok(t, err)
	if !rep.OK() {
		t.Errorf("audit log: %+v", rep.Issues[:min(3, len(rep.Issues))])
	}
}

// TestImportInBatches: a document of more than ImportBatchAt problems is
// stored in batches — whole in the end, its audit log right, not marked
// as being imported — and one whose batch fails leaves nothing behind,
// nor does one whose server stopped, an hour on.
func TestImportInBatches(t *testing.T) {
	n := workflow.ImportBatchAt + workflow.ImportBatch + 7 // a last batch that is not full
	tests := []struct {
		name   string
		failAt int // the batch that fails, 0: none
	}{
		{"all batches stored", 0},
		{"the first batch fails", 1},
		{"a later batch fails", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			fs := &failingStore{Store: w.s, failAt: tt.failAt}
			svc := workflow.New(fs)
			svc.Now = w.svc.Now
			res, err := svc.ImportInspection(context.Background(), w.waterEditor, workflow.ImportInput{Inspection: largeTree(n), UnitID: w.water.ID})
			problems, measures := countRows(t, w)
			if tt.failAt != 0 {
				if err == nil || !strings.Contains(err.Error(), "disk full") {
					t.Fatalf("import: %v", err)
				}
				if problems != 0 || measures != 0 {
					t.Errorf("a failed import left %d problems and %d measures", problems, measures)
				}
				verifyAudit(t, w)
				return
			}
			ok(t, err)
			if problems != n || measures != 2*n || len(res.Inspection.Problems()) != n {
				t.Errorf("%d problems and %d measures stored, %d in the result; want %d", problems, measures, len(res.Inspection.Problems()), n)
			}
			if _, importing, err := w.s.ImportingSince(context.Background(), res.Inspection.ID); err != nil || importing {
				t.Errorf("still marked as being imported (%v)", err)
			}
			ind := rectify.Compute(d("2024-03-01"), res.Inspection.Problems(), nil, nil, nil)
			if ind.Completed != (n+1)/2 {
				t.Errorf("%d completed, want %d", ind.Completed, (n+1)/2)
			}
			numbers := make([]int, 0, n)
			for _, p := range res.Inspection.Problems() {
				numbers = append(numbers, p.Number)
			}
			if !slices.IsSorted(numbers) || numbers[0] != 1 || numbers[n-1] != n {
				t.Errorf("problems out of order: %v…", numbers[:5])
			}
			verifyAudit(t, w)
		})
	}

	t.Run("an import whose server stopped is removed after an hour", func(t *testing.T) {
		w := newWorld(t)
		ctx := as(w.admin)
		tree := largeTree(300)
		tree.UnitID = w.water.ID
		ok(t, w.s.Update(ctx, "import", func(tx *store.Tx) error { return tx.BeginImport(ctx, tree) }))
		for _, f := range tree.Findings {
			for _, p := range f.Problems {
				p.FindingID = f.ID
			}
		}
		ok(t, w.s.Update(ctx, "import batch", func(tx *store.Tx) error { return tx.ImportProblems(ctx, tree.ID, tree.Findings[0].Problems) }))
		if _, importing, err := w.s.ImportingSince(ctx, tree.ID); err != nil || !importing {
			t.Fatalf("not marked as being imported (%v)", err)
		}
		// Meanwhile the same document cannot update it, nor be imported twice.
		again := largeTree(3)
		if _, err := w.svc.ImportInspection(ctx, w.admin, workflow.ImportInput{Inspection: again, UnitID: w.water.ID, Update: true}); rectify.ErrorCode(err) != rectify.ECONFLICT ||
			!strings.Contains(err.Error(), "正在导入中") {
			t.Errorf("an update of an inspection being imported: %v", err)
		}
		if _, err := w.svc.ImportInspection(ctx, w.admin, workflow.ImportInput{Inspection: largeTree(3), UnitID: w.water.ID}); rectify.ErrorCode(err) != rectify.ECONFLICT {
			t.Errorf("the same document again while it is being imported: %v", err)
		}
		if n, err := w.svc.AbandonStaleImports(ctx, w.now.Add(59*time.Minute)); err != nil || n != 0 {
			t.Errorf("removed within the hour: %d %v", n, err)
		}
		if n, err := w.svc.AbandonStaleImports(ctx, w.now.Add(61*time.Minute)); err != nil || n != 1 {
			t.Errorf("removed %d after an hour: %v", n, err)
		}
		if _, err := w.s.GetInspection(ctx, tree.ID); rectify.ErrorCode(err) != rectify.ENOTFOUND {
			t.Errorf("the stopped import is still there: %v", err)
		}
		// A batch after the removal is refused.
		err := w.s.Update(ctx, "import batch", func(tx *store.Tx) error { return tx.ImportProblems(ctx, tree.ID, tree.Findings[1].Problems) })
		if rectify.ErrorCode(err) != rectify.ECONFLICT {
			t.Errorf("a batch of a removed import: %v", err)
		}
		verifyAudit(t, w)
	})
}

// BenchmarkImportWhileWriting imports a notice of 100,000 problems (two
// measures each, half completed) while another writer adds units one
// after another, and reports the other writer's latencies: p99 and the
// longest wait, in batches (the import use case) and, for comparison, in
// one transaction (store.CreateInspection). Run it with
//
//	go test ./internal/workflow -run '^$' -bench ImportWhileWriting -benchtime 1x
//
// (on PostgreSQL with RECTIFY_TEST_POSTGRES set).
func BenchmarkImportWhileWriting(b *testing.B) {
	const n = 100_000
	for _, mode := range []string{"batches", "one-transaction"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				w := newWorld(b)
				w.s.Now = time.Now
				ctx := as(w.admin)
				tree := largeTree(n)
				stop := make(chan struct{})
				var lat []time.Duration
				var werr error
				done := make(chan struct{})
				go func() {
					defer close(done)
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						start := time.Now()
						if err := w.s.CreateUnit(ctx, &rectify.Unit{Name: fmt.Sprintf("写入测试单位%d", i), ParentID: w.transport.ID}); err != nil {
							werr = err
							return
						}
						lat = append(lat, time.Since(start))
						time.Sleep(5 * time.Millisecond)
					}
				}()
				start := time.Now()
				var err error
				if mode == "batches" {
					_, err = w.svc.ImportInspection(ctx, w.admin, workflow.ImportInput{Inspection: tree, UnitID: w.water.ID})
				} else {
					tree.UnitID = w.water.ID
					err = w.s.CreateInspection(ctx, tree)
				}
				took := time.Since(start)
				close(stop)
				<-done
				if err != nil || werr != nil {
					b.Fatal(err, werr)
				}
				if problems, _ := countRows(b, w); problems != n {
					b.Fatalf("%d problems stored", problems)
				}
				slices.Sort(lat)
				p99 := lat[len(lat)*99/100]
				b.ReportMetric(took.Seconds(), "import-s")
				b.ReportMetric(float64(p99.Milliseconds()), "writer-p99-ms")
				b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "writer-max-ms")
				b.ReportMetric(float64(len(lat)), "writes")
				b.Logf("%s: import %.1f s; the other writer: %d writes, p50 %v, p99 %v, max %v", mode, took.Seconds(), len(lat),
					lat[len(lat)/2], p99, lat[len(lat)-1])
			}
		})
	}
}
