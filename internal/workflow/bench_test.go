package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// BenchmarkProgressWithStatus measures sustained progress reports that each
// change their problem's status, through the use case as the web calls it:
// scope check, report, status change under the rules, and the audit log's
// entries, in one transaction. Problems of a pool of 200 alternate between
// in progress and long-term, so that every change is allowed. On SQLite by
// default, on PostgreSQL with RECTIFY_TEST_POSTGRES:
//
//	go test -run '^$' -bench ProgressWithStatus -benchtime 5000x ./internal/workflow/
func BenchmarkProgressWithStatus(b *testing.B) {
	w := newWorld(b)
	const pool = 200
	in := &rectify.Inspection{UnitID: w.water.ID, Team: "县委第二巡察组", Feedback: d("2023-07-10"),
		Findings: []*rectify.Finding{{Number: 1, Title: "贯彻落实上级决策部署有差距"}}}
	for i := range pool {
		in.Findings[0].Problems = append(in.Findings[0].Problems, &rectify.Problem{Number: i + 1,
			Title: fmt.Sprintf("第%d个问题：河道采砂整治推进迟缓", i+1), Opened: d("2023-07-10"), Due: d("2024-12-31"),
			Measures: []*rectify.Measure{{Number: 1, Text: "开展专项清理行动，建立巡查台账。"}, {Number: 2, Text: "逐月抽查并通报。"}},
			History:  []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-01-10")}}})
	}
	ok(b, w.s.CreateInspection(context.Background(), in))
	problems := in.Problems()
	status := make([]rectify.Status, pool)
	for i := range status {
		status[i] = rectify.StatusInProgress
	}
	unit := as(w.waterEditor)
	milestone := w.today().AddDays(90)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		k := i % pool
		to := rectify.StatusLongTerm
		if status[k] == rectify.StatusLongTerm {
			to = rectify.StatusInProgress
		}
		_, err := w.svc.AddProgress(unit, workflow.ProgressInput{ProblemID: problems[k].ID,
			Text:   fmt.Sprintf("第%d次调度：清理采砂点%d处，巡查台账按日登记。", i+1, i%7+1),
			Status: workflow.StatusInput{To: to, NextMilestone: milestone, Reason: "按进度调整"}})
		if err != nil {
			b.Fatal(err)
		}
		status[k] = to
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
	b.StopTimer()
	r, err := w.s.VerifyAudit(context.Background())
	ok(b, err)
	if !r.OK() {
		b.Fatalf("audit: %v", r.Issues[0].Message)
	}
}

// BenchmarkMoveProblem measures the office moving a problem one place down
// a typed list of n problems in 12 findings and back: the list read, the
// renumbering (two rows change), the inspection's version and the audit
// entries, in one transaction. A move that crosses a finding renumbers no
// more than its neighbours.
//
//	go test -run '^$' -bench MoveProblem ./internal/workflow/
func BenchmarkMoveProblem(b *testing.B) {
	for _, n := range []int{25, 250} {
		b.Run(fmt.Sprintf("%d problems", n), func(b *testing.B) {
			w := newWorld(b)
			in := &rectify.Inspection{UnitID: w.water.ID, Team: "县委第二巡察组", Feedback: d("2023-07-10")}
			for f := range 12 {
				in.Findings = append(in.Findings, &rectify.Finding{Number: f + 1, Title: fmt.Sprintf("第%d个反馈问题", f+1)})
			}
			for i := range n {
				f := in.Findings[i*12/n]
				f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("第%d个问题", i+1), Opened: d("2023-07-10")})
			}
			ok(b, w.s.CreateInspection(context.Background(), in))
			p := in.Findings[0].Problems[0]
			office := as(w.reviewer)
			v := 1
			b.ResetTimer()
			for i := range b.N {
				ok(b, w.svc.MoveProblem(office, p.ID, v, 1-2*(i%2)))
				v++
			}
		})
	}
}
