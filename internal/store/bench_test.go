package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
)

// Benchmarks run on SQLite, the default store, or on PostgreSQL when
// RECTIFY_TEST_POSTGRES names a server:
//
//	go test -run '^$' -bench . -benchtime 200x ./internal/store/

// Invented fragments for generated texts.
var (
	benchSubjects = []string{"河道采砂", "农村供水", "财务报销", "公务用车", "党支部组织生活", "工程项目招投标", "专项资金使用",
		"干部选拔任用", "意识形态工作", "安全生产", "政府采购", "固定资产管理", "办公用房", "人才引进", "信访积案", "征地拆迁",
		"防汛抗旱", "水土保持", "档案管理", "合同管理"}
	benchFaults = []string{"推进迟缓", "管理不规范", "审核把关不严", "制度执行不到位", "台账记录不全", "监督检查流于形式",
		"责任落实不到位", "整改不彻底", "程序不规范", "底数不清"}
	benchDetails = []string{"部分单位对上级部署理解不深、落实不力，", "相关记录存在补记、漏记现象，", "个别项目未按规定履行审批程序，",
		"资金拨付缺少验收资料，", "巡查工作浮于表面，问题发现率低，", "内部控制制度长期未修订，", "对下属单位的监管存在盲区，",
		"群众反映强烈的问题未能及时回应，", "会议记录内容雷同，", "整改措施针对性不强，"}
	benchActions = []string{"开展专项整治行动，逐项建立问题台账，明确责任人和完成时限", "修订完善内部管理制度，堵塞管理漏洞",
		"组织相关人员开展专题学习培训，提升业务能力", "对近三年的相关资料进行全面清理核查，发现问题立行立改",
		"建立定期督查通报机制，每季度通报一次进展情况", "邀请第三方机构开展审计，对发现的问题逐一销号",
		"落实主体责任，将整改情况纳入年度考核", "建立长效机制，防止问题反弹回潮", "召开专题民主生活会，深刻剖析问题根源",
		"对相关责任人进行约谈提醒，督促落实整改"}
	benchUnits   = []string{"办公室", "财务股", "河湖管理股", "农村水利股", "机关党委", "规划股", "审批股", "执法大队", "信访室", "人事股"}
	benchLeaders = []string{"李明", "王芳", "赵强", "周敏", "陈刚", "刘洋", "张伟", "杨静", "黄磊", "吴婷"}
)

func benchText(r *rand.Rand, parts []string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(parts[r.IntN(len(parts))])
		if i < n-1 {
			b.WriteString("；")
		}
	}
	b.WriteString("。")
	return b.String()
}

// benchInspection returns an inspection the size of a real notice: 12
// findings, 25 problems, 74 measures, one status entry per problem.
func benchInspection(r *rand.Rand, unitID int64, feedback rectify.Date) *rectify.Inspection {
	in := &rectify.Inspection{UnitID: unitID, Team: "市委第四巡察组", Kind: rectify.KindRegular, Feedback: feedback,
		Start: feedback.AddDays(-100), End: feedback.AddDays(-30), Issuer: "中共某单位委员会", Title: "关于巡察反馈意见整改进展情况的通报",
		NoticeDate: feedback.AddDays(150), Work: []string{benchText(r, benchActions, 4), benchText(r, benchActions, 3)}}
	problemsPer := []int{3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1} // 25
	measuresPer := make([]int, 25)                           // 74: 24 problems of 3, one of 2
	for i := range measuresPer {
		measuresPer[i] = 3
	}
	measuresPer[20] = 2
	n := 0
	for f, np := range problemsPer {
		fi := &rectify.Finding{Number: f + 1, Title: benchSubjects[r.IntN(len(benchSubjects))] + "方面存在差距"}
		for range np {
			n++
			subject := benchSubjects[r.IntN(len(benchSubjects))]
			due := feedback.AddDays(30 + r.IntN(400))
			p := &rectify.Problem{Number: n, Title: subject + benchFaults[r.IntN(len(benchFaults))],
				Description: benchText(r, benchDetails, 2+r.IntN(3)), Track: rectify.Tracks[r.IntN(3)],
				Leader: benchLeaders[r.IntN(len(benchLeaders))], OwnerUnit: benchUnits[r.IntN(len(benchUnits))],
				Due: due, Opened: feedback}
			for m := range measuresPer[n-1] {
				ms := &rectify.Measure{Number: m + 1, Text: benchText(r, benchActions, 1+r.IntN(2)), Due: due}
				if r.IntN(2) == 0 {
					ms.Done = feedback.AddDays(10 + r.IntN(300))
				}
				p.Measures = append(p.Measures, ms)
			}
			st := rectify.Statuses[r.IntN(len(rectify.Statuses))]
			h := rectify.StatusChange{Status: st, Date: feedback.AddDays(5 + r.IntN(400))}
			if st == rectify.StatusLongTerm {
				h.Class, h.NextMilestone = "I", h.Date.AddDays(180)
			}
			p.History = []rectify.StatusChange{h}
			fi.Problems = append(fi.Problems, p)
		}
		in.Findings = append(in.Findings, fi)
	}
	return in
}

// benchStore opens a fresh SQLite store, or a fresh database on the
// PostgreSQL server named by RECTIFY_TEST_POSTGRES when that is set.
func benchStore(b *testing.B) *Store {
	b.Helper()
	ctx := rectify.AsSystem(context.Background())
	dsn := filepath.Join(b.TempDir(), "bench.db")
	if admin := os.Getenv("RECTIFY_TEST_POSTGRES"); admin != "" {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("rectify_bench_%d", time.Now().UnixNano())
		if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			if _, err := db.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
				b.Error(err)
			}
			db.Close()
		})
		u, err := url.Parse(admin)
		if err != nil {
			b.Fatal(err)
		}
		u.Path = "/" + name
		dsn = u.String()
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkCreateInspection(b *testing.B) {
	ctx := rectify.AsSystem(context.Background())
	s := benchStore(b)
	u := &rectify.Unit{Name: "某单位"}
	if err := s.CreateUnit(ctx, u); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var times []time.Duration
	for b.Loop() {
		b.StopTimer()
		in := benchInspection(r, u.ID, rectify.MustDate("2023-07-03"))
		b.StartTimer()
		start := time.Now()
		if err := s.CreateInspection(ctx, in); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportP95(b, times)
}

// largeStore returns a store holding 50,000 problems: 2,000 inspections of
// 25 problems (and 74 measures) each, on 100 bureaus in 10 districts of a
// city, written in one transaction.
func largeStore(b *testing.B) (s *Store, district *rectify.Unit, inspectionID int64) {
	b.Helper()
	ctx := rectify.AsSystem(context.Background())
	s = benchStore(b)
	start := time.Now()
	r := rand.New(rand.NewPCG(3, 4))
	err := s.write(ctx, "seed", func(c conn) error {
		city := &rectify.Unit{Name: "某市"}
		if err := c.createUnit(ctx, city); err != nil {
			return err
		}
		var bureaus []*rectify.Unit
		for i := range 10 {
			d := &rectify.Unit{Name: fmt.Sprintf("第%d区", i+1), ParentID: city.ID}
			if err := c.createUnit(ctx, d); err != nil {
				return err
			}
			if i == 0 {
				district = d
			}
			for j := range 10 {
				u := &rectify.Unit{Name: fmt.Sprintf("第%d区第%d局", i+1, j+1), ParentID: d.ID}
				if err := c.createUnit(ctx, u); err != nil {
					return err
				}
				bureaus = append(bureaus, u)
			}
		}
		now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 2000 {
			feedback := rectify.MustDate("2021-01-04").AddDays(r.IntN(1000))
			in := benchInspection(r, bureaus[i%len(bureaus)].ID, feedback)
			ids, err := c.createInspection(ctx, in, now)
			if err != nil {
				return err
			}
			inspectionID = ids.inspection
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	written := time.Since(start)
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("50,000 problems written in %s, analysed in %s", written.Round(time.Millisecond),
		(time.Since(start) - written).Round(time.Millisecond))
	return s, district, inspectionID
}

func BenchmarkListProblems(b *testing.B) {
	s, district, inspectionID := largeStore(b)
	open := []rectify.Status{rectify.StatusInProgress, rectify.StatusSubmitted, rectify.StatusNotCompleted,
		rectify.StatusMostlyCompleted, rectify.StatusNotStarted}
	asOf := rectify.MustDate("2023-06-01")
	for _, bc := range []struct {
		name string
		f    ProblemFilter
	}{
		{"inspection", ProblemFilter{InspectionID: inspectionID, Limit: 50}},
		{"all/by-number", ProblemFilter{Limit: 50}},
		{"all/by-due", ProblemFilter{Sort: SortDue, Limit: 50}},
		{"all/by-status/page-100", ProblemFilter{Sort: SortStatus, Limit: 50, Offset: 4950}},
		{"all/by-updated-desc", ProblemFilter{Sort: SortUpdated, Desc: true, Limit: 50}},
		{"district/open/by-due", ProblemFilter{ScopePath: district.Path, Statuses: open, Sort: SortDue, Limit: 50}},
		{"all/overdue/by-due", ProblemFilter{Overdue: true, AsOf: asOf, Sort: SortDue, Limit: 50}},
		{"all/owner-unit", ProblemFilter{OwnerUnit: "财务股", Limit: 50}},
		{"all/leader/completed", ProblemFilter{Leader: "王芳", Statuses: []rectify.Status{rectify.StatusCompleted}, Limit: 50}},
		{"search-4-chars", ProblemFilter{Query: "信访积案", Limit: 50}},
		{"search-6-chars/rare", ProblemFilter{Query: "招投标推进迟缓", Limit: 50}},
		{"search-2-chars", ProblemFilter{Query: "台账", Limit: 50}},
		{"search-2-chars/rare", ProblemFilter{Query: "用房", Limit: 50}},
		{"search-2-chars/district", ProblemFilter{Query: "台账", ScopePath: district.Path, Limit: 50}},
		{"search-2-chars/rare/district", ProblemFilter{Query: "用房", ScopePath: district.Path, Limit: 50}},
		{"search-4-chars/district/open", ProblemFilter{Query: "信访积案", ScopePath: district.Path, Statuses: open, Limit: 50}},
		{"search-2-chars/inspection", ProblemFilter{Query: "台账", InspectionID: inspectionID, Limit: 50}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := rectify.AsSystem(context.Background())
			var times []time.Duration
			total := 0
			for b.Loop() {
				start := time.Now()
				var err error
				if _, total, err = s.ListProblems(ctx, bc.f); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			b.ReportMetric(float64(total), "matches")
			reportP95(b, times)
		})
	}
}

func BenchmarkIndicators(b *testing.B) {
	s, district, _ := largeStore(b)
	for _, bc := range []struct {
		name string
		f    IndicatorFilter
	}{
		{"city", IndicatorFilter{}},
		{"district", IndicatorFilter{ScopePath: district.Path}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, _, err := s.Indicators(context.Background(), bc.f, rectify.MustDate("2023-06-01")); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			reportP95(b, times)
		})
	}
}

// reportP95 reports the 95th percentile of times in milliseconds.
func reportP95(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	p95 := times[(len(times)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}
