package jobs_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/demo/demotest"
	"github.com/rectify-dev/rectify/internal/jobs"
)

// BenchmarkRemindDryRun reads what a day's reminders would hold in the
// benchmark record (demo.BenchSize: 50,000 problems; built once and kept,
// see demotest.Cached), without sending or claiming:
//
//	go test -run '^$' -bench RemindDryRun -benchtime 3x ./internal/jobs/
func BenchmarkRemindDryRun(b *testing.B) {
	st, gen := demotest.Cached(b, demo.BenchSize())
	r := (jobs.Deps{Store: st}).Reminders()
	for b.Loop() {
		rep, err := r.Run(context.Background(), jobs.Options{Day: gen.Size.Today, DryRun: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rep.Deliveries)), "messages")
	}
}
