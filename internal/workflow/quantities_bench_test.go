package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// BenchmarkQuantifyPending reads the figures of every report of a
// generated record of 5,000 problems, as the server does at its first
// start after an import or an upgrade, and prints reports per second.
func BenchmarkQuantifyPending(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st := testdb.Open(b)
		gen, err := demo.Generate(rectify.AsSystem(context.Background()), st, demo.Size{Units: 30, Inspections: 100,
			Problems: 5000, Today: rectify.MustDate("2024-02-20")})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		n, err := workflow.New(st).QuantifyPending(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if n != gen.Progress {
			b.Fatalf("read %d of %d reports", n, gen.Progress)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "reports/s")
	}
}
