package ledger_test

import (
	"bytes"
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
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/xuri/excelize/v2"
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

// BenchmarkImportUnitSheet250 imports a unit's own sheet of one inspection
// (250 problems of 4 measures, 1,000 rows) that reports progress on every
// measure and 基本完成 on every problem: each change goes through the
// workflow's use cases, in one transaction. A run applies it to a fresh
// copy of the record; the copy is not timed.
func BenchmarkImportUnitSheet250(b *testing.B) {
	f := excelize.NewFile()
	rows := [][]any{{"序号", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "整改类型", "整改状态", "完成时间", "整改情况"}}
	for n := 1; n <= 250; n++ {
		for m := 1; m <= 4; m++ {
			rows = append(rows, []any{n, fmt.Sprintf("具体问题%d：制度执行不严，台账记录不全", n), fmt.Sprintf("措施%d：完善制度，逐项整改，按月通报进度。", m),
				"办公室", "王建国", "2025-08-31", "限期整改", "基本完成", nil, fmt.Sprintf("问题%d措施%d已按月通报，整改完成九成。", n, m)})
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			b.Fatal(err)
		}
	}
	var data bytes.Buffer
	if _, err := f.WriteTo(&data); err != nil {
		b.Fatal(err)
	}
	f.Close()
	d := rectify.MustDate
	for b.Loop() {
		b.StopTimer()
		s := testdb.Open(b)
		unit := &rectify.Unit{Name: "中共测试县委员会"}
		ok(b, s.CreateUnit(ctx, unit))
		in := &rectify.Inspection{UnitID: unit.ID, UnitName: "测试县第1局党组", Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: d("2025-03-01")}
		fi := &rectify.Finding{Number: 1, Title: "落实主体责任不到位"}
		for n := 1; n <= 250; n++ {
			pr := &rectify.Problem{Number: n, Title: fmt.Sprintf("具体问题%d：制度执行不严，台账记录不全", n), Track: rectify.TrackDeadline,
				Leader: "王建国", OwnerUnit: "办公室", Due: d("2025-08-31"), Opened: d("2025-03-01"),
				History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2025-04-01")}}}
			for m := 1; m <= 4; m++ {
				pr.Measures = append(pr.Measures, &rectify.Measure{Number: m, Text: fmt.Sprintf("措施%d：完善制度，逐项整改，按月通报进度。", m)})
			}
			fi.Problems = append(fi.Problems, pr)
		}
		in.Findings = []*rectify.Finding{fi}
		ok(b, s.CreateInspection(ctx, in))
		b.StartTimer()
		rep, err := ledger.Import(ctx, s, flowOf(s), data.Bytes(), ledger.ImportOptions{Date: today, Author: "台账导入", InspectionID: in.ID, Actor: rectify.ActorUnit})
		if err != nil || rep.Result.StatusChanges != 250 || rep.Result.ProgressAdded != 1000 {
			b.Fatalf("%v: %+v %q", err, rep.Result, messages(rep))
		}
	}
}
