package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// Benchmarks run on SQLite, or on PostgreSQL when RECTIFY_TEST_POSTGRES
// names a server:
//
//	go test -run '^$' -bench Fill ./internal/demo/
//	go test -run '^$' -bench Generate -benchtime 1x -timeout 30m ./internal/demo/

func BenchmarkFill(b *testing.B) {
	ctx := rectify.AsSystem(context.Background())
	today := d("2026-11-20")
	for b.Loop() {
		b.StopTimer()
		st := testdb.Open(b)
		b.StartTimer()
		if _, err := demo.Fill(ctx, st, today, demo.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerate builds the record of the benchmarks (demo.BenchSize:
// 50,000 problems) into a fresh database; run it once (-benchtime 1x).
func BenchmarkGenerate(b *testing.B) {
	ctx := rectify.AsSystem(context.Background())
	size := demo.BenchSize()
	size.Today = d("2026-11-20")
	for b.Loop() {
		b.StopTimer()
		st := testdb.Open(b)
		b.StartTimer()
		start := time.Now()
		gen, err := demo.Generate(ctx, st, size)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(gen.Problems)/time.Since(start).Seconds(), "problems/s")
	}
}
