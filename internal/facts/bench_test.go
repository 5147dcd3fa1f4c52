package facts_test

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/facts"
)

// BenchmarkIndex reads the benchmark record (demo.BenchSize: 50,000
// problems) into a fresh index, as the first request after a start does,
// and reports the heap the index keeps (heap-MB, and B/problem) and the
// most the heap held more while reading (peak-MB, sampled), then
// counts every inspection as of a day with nothing remembered:
//
//	go test -run '^$' -bench Index -benchtime 5x ./internal/facts/
func BenchmarkIndex(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	ctx := b.Context()
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		var kept, peak uint64
		for b.Loop() {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			// The live heap's peak while reading, sampled after each
			// collection forced every few milliseconds.
			stop, done := make(chan struct{}), make(chan uint64)
			go func() {
				var most uint64
				sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
				for {
					select {
					case <-stop:
						done <- most
						return
					case <-time.After(5 * time.Millisecond):
						runtime.GC()
						metrics.Read(sample)
						most = max(most, sample[0].Value.Uint64())
					}
				}
			}()
			idx := facts.New(st)
			if _, err := idx.Current(ctx); err != nil {
				b.Fatal(err)
			}
			close(stop)
			if most := <-done; most > before.HeapAlloc {
				peak = max(peak, most-before.HeapAlloc)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			kept = after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
			runtime.KeepAlive(idx)
		}
		b.ReportMetric(float64(kept)/(1<<20), "heap-MB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(float64(kept)/float64(gen.Size.Problems), "B/problem")
	})
	b.Run("count", func(b *testing.B) {
		idx := facts.New(st)
		if _, err := idx.Current(ctx); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			idx.Forget()
			v, err := idx.Current(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := v.Figures(ctx, units, "", gen.Size.Today, rectify.DefaultWarnDays); err != nil {
				b.Fatal(err)
			}
		}
	})
}
