package ledger_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// bigStore returns a SQLite store of 100 inspections of 250 problems with
// 4 measures each: 100,000 ledger rows. With RECTIFY_LEDGER_BENCH_DB set to
// a file it is built there once and kept (to measure the CLI on it).
func bigStore(b *testing.B) *store.Store {
	b.Helper()
	path := os.Getenv("RECTIFY_LEDGER_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "ledger.db")
	}
	_, statErr := os.Stat(path)
	s, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr == nil {
		return s // built before
	}
	unit := &rectify.Unit{Name: "中共测试县委员会"}
	if err := s.CreateUnit(ctx, unit); err != nil {
		b.Fatal(err)
	}
	d := rectify.MustDate
	for i := range 100 {
		in := &rectify.Inspection{UnitID: unit.ID, UnitName: fmt.Sprintf("测试县第%d局党组", i+1), Team: "县委第二巡察组", Kind: rectify.KindRegular,
			Feedback: d("2025-03-01")}
		for f := range 10 {
			fi := &rectify.Finding{Number: f + 1, Title: fmt.Sprintf("第%d类问题：落实主体责任不到位", f+1)}
			for p := range 25 {
				n := f*25 + p + 1
				pr := &rectify.Problem{Number: n, Title: fmt.Sprintf("具体问题%d：制度执行不严，台账记录不全", n),
					Description: "部分事项未按规定程序办理，审批材料缺失，监督检查流于形式。", Track: rectify.TrackDeadline,
					Leader: "王建国", OwnerUnit: "办公室", Due: d("2025-09-30"), Opened: d("2025-03-01"),
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2025-04-01")}}}
				for m := range 4 {
					pr.Measures = append(pr.Measures, &rectify.Measure{Number: m + 1, Text: fmt.Sprintf("措施%d：完善制度，逐项整改，按月通报进度。", m+1),
						Due: d("2025-08-31")})
				}
				fi.Problems = append(fi.Problems, pr)
			}
			in.Findings = append(in.Findings, fi)
		}
		if err := s.CreateInspection(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkExportSQLite100k exports 100,000 rows from a real SQLite store.
func BenchmarkExportSQLite100k(b *testing.B) {
	s := bigStore(b)
	b.ResetTimer()
	for b.Loop() {
		n, err := ledger.Export(context.Background(), s, io.Discard, store.LedgerFilter{}, office.LedgerOptions{AsOf: today})
		if err != nil || n != 100_000 {
			b.Fatalf("%d rows: %v", n, err)
		}
	}
}
