package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

func TestStatusHistory(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	p4 := in.Findings[1].Problems[1] // not started, no history

	steps := []struct {
		name       string
		change     rectify.StatusChange
		wantStatus rectify.Status
		wantDate   string
		wantLen    int
	}{
		{"start", rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2023-08-10"), Author: "赵强"},
			rectify.StatusInProgress, "2023-08-10", 1},
		{"submit", rectify.StatusChange{Status: rectify.StatusSubmitted, Date: d("2023-09-20"), Author: "赵强", Reason: "已建立登记制度"},
			rectify.StatusSubmitted, "2023-09-20", 2},
		// Entered late, dated before the submission: it joins the history
		// without becoming the current status.
		{"back-dated entry", rectify.StatusChange{Status: rectify.StatusMostlyCompleted, Date: d("2023-09-01")},
			rectify.StatusSubmitted, "2023-09-20", 3},
		{"signed off as long-term", rectify.StatusChange{Status: rectify.StatusLongTerm, Class: "II", Date: d("2023-10-08"),
			NextMilestone: d("2024-04-30"), Author: "巡察办"},
			rectify.StatusLongTerm, "2023-10-08", 4},
	}
	version := p4.Version
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			p, err := s.AddStatusChange(ctx, p4.ID, version, st.change)
			ok(t, err)
			if p.Status != st.wantStatus || p.StatusDate.String() != st.wantDate || len(p.History) != st.wantLen || p.Version != version+1 {
				t.Fatalf("after %s: status %s on %s, %d entries, version %d; want %s on %s, %d entries, version %d",
					st.name, p.Status, p.StatusDate, len(p.History), p.Version, st.wantStatus, st.wantDate, st.wantLen, version+1)
			}
			version = p.Version
			stored, err := s.GetProblem(ctx, p4.ID)
			ok(t, err)
			same(t, "stored problem", stored, p)
		})
	}

	p, err := s.GetProblem(ctx, p4.ID)
	ok(t, err)
	var dates []string
	for _, h := range p.History {
		dates = append(dates, h.Date.String())
	}
	same(t, "history ordered by date", dates, []string{"2023-08-10", "2023-09-01", "2023-09-20", "2023-10-08"})
	if p.Class != "II" || p.NextMilestone != d("2024-04-30") {
		t.Errorf("class %q, next milestone %s; want II, 2024-04-30", p.Class, p.NextMilestone)
	}
	if st, _ := p.StatusAsOf(d("2023-09-05")); st != rectify.StatusMostlyCompleted {
		t.Errorf("status as of 2023-09-05 is %s, want mostly_completed", st)
	}

	for _, tc := range []struct {
		name   string
		change rectify.StatusChange
	}{
		{"unknown status", rectify.StatusChange{Status: "finished", Date: d("2023-12-01")}},
		{"no date", rectify.StatusChange{Status: rectify.StatusInProgress}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddStatusChange(ctx, p4.ID, version, tc.change)
			wantCode(t, err, rectify.EINVALID)
		})
	}

	// The problem's own fields are edited apart from its status.
	p.Title, p.OwnerUnit = "公务用车登记管理不规范", "机关事务中心"
	ok(t, s.UpdateProblem(ctx, p))
	again, err := s.GetProblem(ctx, p4.ID)
	ok(t, err)
	if again.Title != p.Title || again.OwnerUnit != p.OwnerUnit || again.Status != rectify.StatusLongTerm || len(again.History) != 4 {
		t.Errorf("after UpdateProblem: %+v", again)
	}
}

func TestMeasures(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	p5 := in.Findings[2].Problems[0]

	m := &rectify.Measure{ProblemID: p5.ID, Number: 2, Text: "开展支部书记轮训，讲清组织生活程序。", Owner: "机关党委", Due: d("2024-03-31")}
	ok(t, s.CreateMeasure(ctx, m))
	if m.ID == 0 || m.Version != 1 {
		t.Fatalf("created measure %+v", m)
	}
	got, total, err := s.ListProblems(ctx, store.ProblemFilter{Query: "支部书记轮训"})
	ok(t, err)
	if total != 1 || got[0].ID != p5.ID {
		t.Errorf("search for the new measure's text found %v", titles(got))
	}

	m.Done = d("2024-01-10")
	m.Text = "开展支部书记集中培训，讲清组织生活程序。"
	ok(t, s.UpdateMeasure(ctx, m))
	stored, err := s.GetMeasure(ctx, m.ID)
	ok(t, err)
	same(t, "updated measure", stored, m)
	for _, tc := range []struct {
		query string
		want  int
	}{{"支部书记轮训", 0}, {"支部书记集中培训", 1}} {
		_, total, err := s.ListProblems(ctx, store.ProblemFilter{Query: tc.query})
		ok(t, err)
		if total != tc.want {
			t.Errorf("search %q after the edit found %d, want %d", tc.query, total, tc.want)
		}
	}

	_, err = s.GetMeasure(ctx, m.ID)
	ok(t, err)
	ok(t, s.DeleteMeasure(ctx, m.ID))
	p, err := s.GetProblem(ctx, p5.ID)
	ok(t, err)
	if len(p.Measures) != 1 {
		t.Errorf("problem has %d measures after the delete, want 1", len(p.Measures))
	}
	_, total, err = s.ListProblems(ctx, store.ProblemFilter{Query: "集中培训"})
	ok(t, err)
	if total != 0 {
		t.Errorf("search still finds the deleted measure")
	}
	wantCode(t, s.CreateMeasure(ctx, &rectify.Measure{ProblemID: p5.ID}), rectify.EINVALID)
}

func TestProgressAndEvidence(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	p4 := in.Findings[1].Problems[1]

	photo := bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3}, 4096)
	minutes := []byte("公务用车登记制度（试行）\n第一条 ……")
	files := []store.EvidenceFile{
		{Name: "登记台账照片.jpg", ContentType: "image/jpeg", Data: photo},
		{Name: "制度文本.txt", ContentType: "text/plain; charset=utf-8", Data: minutes},
		{Name: "空文件.txt", ContentType: "text/plain"},
	}
	pr := &rectify.Progress{ProblemID: p4.ID, MeasureID: p4.Measures[0].ID, Date: d("2023-09-15"),
		Text: "已完成整改登记，车辆使用一车一档。", Author: "赵强"}
	ok(t, s.AddProgress(ctx, pr, files))
	if pr.ID == 0 || !pr.Created.Equal(clock) || len(pr.Evidence) != 3 {
		t.Fatalf("after AddProgress: %+v", pr)
	}
	second := &rectify.Progress{ProblemID: p4.ID, Date: d("2023-10-09"), Text: "每月在公示栏公示用车情况。"}
	ok(t, s.AddProgress(ctx, second, nil))

	list, err := s.ListProgress(ctx, p4.ID)
	ok(t, err)
	same(t, "progress list", list, []*rectify.Progress{pr, second})

	for i, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			e, data, err := s.OpenEvidence(ctx, pr.Evidence[i].ID)
			ok(t, err)
			sum := sha256.Sum256(f.Data)
			if e.Name != f.Name || e.ContentType != f.ContentType || e.Size != int64(len(f.Data)) ||
				e.SHA256 != hex.EncodeToString(sum[:]) || e.ProblemID != p4.ID || e.ProgressID != pr.ID {
				t.Errorf("evidence metadata %+v", e)
			}
			if !bytes.Equal(data, f.Data) {
				t.Errorf("content: %d bytes back, %d stored", len(data), len(f.Data))
			}
		})
	}

	// The progress text is searchable, a two-character term included.
	for _, q := range []string{"一车一档", "公示栏", "整改"} {
		got, _, err := s.ListProblems(ctx, store.ProblemFilter{Query: q, InspectionID: in.ID})
		ok(t, err)
		if len(got) != 1 || got[0].ID != p4.ID {
			t.Errorf("search %q found %v, want the problem with the progress report", q, titles(got))
		}
	}

	for _, tc := range []struct {
		name  string
		p     *rectify.Progress
		files []store.EvidenceFile
		code  string
	}{
		{"no text", &rectify.Progress{ProblemID: p4.ID, Date: d("2023-10-01")}, nil, rectify.EINVALID},
		{"no date", &rectify.Progress{ProblemID: p4.ID, Text: "已整改"}, nil, rectify.EINVALID},
		{"file without a name", &rectify.Progress{ProblemID: p4.ID, Date: d("2023-10-01"), Text: "已整改"},
			[]store.EvidenceFile{{Data: []byte("x")}}, rectify.EINVALID},
		{"measure of another problem", &rectify.Progress{ProblemID: p4.ID, MeasureID: in.Findings[0].Problems[0].Measures[0].ID,
			Date: d("2023-10-01"), Text: "已整改"}, nil, rectify.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.AddProgress(ctx, tc.p, tc.files), tc.code)
		})
	}
	after, err := s.ListProgress(ctx, p4.ID)
	ok(t, err)
	if len(after) != 2 {
		t.Errorf("%d progress reports after refused ones, want 2", len(after))
	}

	// Deleting the measure keeps the report, without its measure.
	ok(t, s.DeleteMeasure(ctx, p4.Measures[0].ID))
	after, err = s.ListProgress(ctx, p4.ID)
	ok(t, err)
	if len(after) != 2 || after[0].MeasureID != 0 || len(after[0].Evidence) != 3 {
		t.Errorf("after deleting the measure: %+v", after[0])
	}
}

func TestListProblems(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, water))
	transport := transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, transport))

	// Titles are unique across both inspections; W = water, T = transport.
	const (
		w1 = "河道采砂整治推进迟缓"
		w2 = "农村供水工程运维管护不到位"
		w3 = "财务报销审核把关不严"
		w4 = "公务用车管理不规范"
		w5 = "党支部组织生活不规范"
		t1 = "道路养护资金使用不规范"
		t2 = "乡村公路规划编制滞后"
	)
	all := []string{w1, w2, w3, w4, w5, t1, t2}
	for _, tc := range []struct {
		name      string
		filter    store.ProblemFilter
		want      []string // in order
		wantTotal int      // when it differs from len(want): a page
	}{
		{"all, by number", store.ProblemFilter{}, all, 0},
		{"county scope", store.ProblemFilter{ScopePath: c.root.Path}, all, 0},
		{"water bureau scope", store.ProblemFilter{ScopePath: c.water.Path}, []string{w1, w2, w3, w4, w5}, 0},
		{"station scope: none", store.ProblemFilter{ScopePath: c.station.Path}, []string{}, 0},
		{"unit", store.ProblemFilter{UnitID: c.transport.ID}, []string{t1, t2}, 0},
		{"inspection", store.ProblemFilter{InspectionID: transport.ID}, []string{t1, t2}, 0},
		{"statuses", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusCompleted, rectify.StatusSubmitted}},
			[]string{w1, w3, w5}, 0},
		{"not started", store.ProblemFilter{Statuses: []rectify.Status{rectify.StatusNotStarted}}, []string{w4, t1, t2}, 0},
		{"track", store.ProblemFilter{Track: rectify.TrackLongTerm}, []string{w2}, 0},
		{"owner unit", store.ProblemFilter{OwnerUnit: "办公室"}, []string{w3, w4}, 0},
		{"leader", store.ProblemFilter{Leader: "李明"}, []string{w1, w5}, 0},
		{"overdue on 2023-12-01", store.ProblemFilter{Overdue: true, AsOf: d("2023-12-01")}, []string{w4, w5}, 0},
		{"overdue on 2024-07-01", store.ProblemFilter{Overdue: true, AsOf: d("2024-07-01")}, []string{w2, w4, w5, t1}, 0},
		{"overdue today (the store's clock: 2024-01-15)", store.ProblemFilter{Overdue: true}, []string{w4, w5}, 0},
		{"by due date", store.ProblemFilter{Sort: store.SortDue}, []string{w3, w4, w1, w5, w2, t1, t2}, 0},
		{"by due date, latest first, no deadline last", store.ProblemFilter{Sort: store.SortDue, Desc: true},
			[]string{t1, w2, w5, w1, w4, w3, t2}, 0},
		{"by status", store.ProblemFilter{Sort: store.SortStatus, InspectionID: water.ID}, []string{w3, w1, w2, w5, w4}, 0},
		{"by number, descending", store.ProblemFilter{Desc: true, InspectionID: water.ID}, []string{w5, w4, w3, w2, w1}, 0},
		{"page 2 of 3 by due date", store.ProblemFilter{Sort: store.SortDue, Limit: 3, Offset: 3}, []string{w5, w2, t1}, 7},
		{"first page", store.ProblemFilter{Limit: 2}, []string{w1, w2}, 7},
		{"last page, short", store.ProblemFilter{Limit: 5, Offset: 5}, []string{t1, t2}, 7},
		{"past the end", store.ProblemFilter{Limit: 5, Offset: 50}, []string{}, 7},
		{"offset without limit", store.ProblemFilter{Offset: 5}, []string{t1, t2}, 7},
		// Full-text search: title, description, measures.
		{"four characters in a description", store.ProblemFilter{Query: "水质检测"}, []string{w2}, 0},
		{"four characters in a measure", store.ProblemFilter{Query: "老旧管网"}, []string{w2}, 0},
		{"three characters", store.ProblemFilter{Query: "三会一"}, []string{w5}, 0},
		{"two characters", store.ProblemFilter{Query: "台账"}, []string{w1, t1}, 0},
		{"two characters in a title", store.ProblemFilter{Query: "规划"}, []string{t2}, 0},
		{"one character", store.ProblemFilter{Query: "砂"}, []string{w1}, 0},
		{"two words, both needed", store.ProblemFilter{Query: "台账 养护资金"}, []string{t1}, 0},
		{"two short words", store.ProblemFilter{Query: "台账  巡查"}, []string{w1}, 0},
		{"measure group heading", store.ProblemFilter{Query: "车辆登记"}, []string{w4}, 0},
		{"no match", store.ProblemFilter{Query: "森林防火"}, []string{}, 0},
		{"LIKE wildcards are literal", store.ProblemFilter{Query: "%"}, []string{}, 0},
		{"quotes are literal", store.ProblemFilter{Query: `"台账"`}, []string{}, 0},
		{"search within a filter", store.ProblemFilter{Query: "台账", ScopePath: c.water.Path}, []string{w1}, 0},
		{"search, filter, sort and page", store.ProblemFilter{Query: "不规范", Sort: store.SortDue, Limit: 2},
			[]string{w4, w5}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := s.ListProblems(ctx, tc.filter)
			ok(t, err)
			same(t, "problems", titles(got), tc.want)
			wantTotal := tc.wantTotal
			if wantTotal == 0 {
				wantTotal = len(tc.want)
			}
			if total != wantTotal {
				t.Errorf("total %d, want %d", total, wantTotal)
			}
			for _, p := range got {
				if p.Measures != nil || p.History != nil {
					t.Errorf("list entry %q carries measures or history", p.Title)
				}
			}
		})
	}

	t.Run("by last update", func(t *testing.T) {
		later := clock.AddDate(0, 0, 1)
		s.Now = func() time.Time { return later }
		defer func() { s.Now = func() time.Time { return clock } }()
		p := water.Findings[1].Problems[0] // w3
		ok(t, s.CreateMeasure(ctx, &rectify.Measure{ProblemID: p.ID, Text: "组织财务人员专题学习。"}))
		got, _, err := s.ListProblems(ctx, store.ProblemFilter{Sort: store.SortUpdated, Desc: true, Limit: 1})
		ok(t, err)
		same(t, "most recently updated", titles(got), []string{w3})
	})

	t.Run("unknown sort", func(t *testing.T) {
		_, _, err := s.ListProblems(ctx, store.ProblemFilter{Sort: "title"})
		wantCode(t, err, rectify.EINVALID)
	})
}

func TestSearchMixedText(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := &rectify.Inspection{UnitID: c.transport.ID, Team: "县委第三巡察组", Findings: []*rectify.Finding{{Number: 1, Title: "项目管理",
		Problems: []*rectify.Problem{
			{Number: 1, Title: "LED路灯更换滞后", Measures: []*rectify.Measure{{Number: 1, Text: "年底前完成5G基站配套电源改造"}}},
			{Number: 2, Title: "PPP project review", Description: "No Chinese at all"},
			{Number: 3, Title: "隧道照明不足"},
		}}}}
	ok(t, s.CreateInspection(ctx, in))
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"led", []string{"LED路灯更换滞后"}},
		{"LED路灯", []string{"LED路灯更换滞后"}},
		{"5g基站", []string{"LED路灯更换滞后"}},
		{"ppp", []string{"PPP project review"}},
		{"Chinese", []string{"PPP project review"}},
		{"照明", []string{"隧道照明不足"}},
		{"路灯 照明", []string{}},
	} {
		for _, scope := range []struct {
			name string
			f    store.ProblemFilter
			// common: a page of the list, every word taken as one many
			// problems hold (matched with LIKE, not the index's set).
			common bool
		}{
			{"everywhere", store.ProblemFilter{}, false},
			{"in the inspection", store.ProblemFilter{InspectionID: in.ID}, false},
			{"everywhere, as common words", store.ProblemFilter{}, true},
		} {
			t.Run(tc.query+"/"+scope.name, func(t *testing.T) {
				f := scope.f
				f.Query = tc.query
				same(t, "found", titles(searchProblems(t, s, f, scope.common)), tc.want)
			})
		}
	}
}

// TestSearchFoldsVariants: a query finds the same words written in
// traditional characters, with 台帐 for 台账 or in full-width letters, and
// the other way round, through the trigram and pair indexes and LIKE alike.
func TestSearchFoldsVariants(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	const (
		ledger = "整改台帐不完整"
		trad   = "專項資金使用不規範"
		simp   = "建立问题台账"
		width  = "ＰＰＰ项目资料缺失"
	)
	in := &rectify.Inspection{UnitID: c.transport.ID, Team: "县委第二巡察组", Findings: []*rectify.Finding{{Number: 1, Title: "基础管理",
		Problems: []*rectify.Problem{
			{Number: 1, Title: ledger},
			{Number: 2, Title: trad, Measures: []*rectify.Measure{{Number: 1, Text: "開展專項檢查"}}},
			{Number: 3, Title: simp},
			{Number: 4, Title: width},
		}}}}
	ok(t, s.CreateInspection(ctx, in))
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"台账 finds 台帐", "台账", []string{ledger, simp}},
		{"台帐 finds 台账", "台帐", []string{ledger, simp}},
		{"traditional 臺賬", "臺賬", []string{ledger, simp}},
		{"simplified finds traditional, trigrams", "专项资金", []string{trad}},
		{"simplified finds traditional, pair", "规范", []string{trad}},
		{"simplified finds a traditional measure", "开展专项检查", []string{trad}},
		{"traditional finds simplified", "建立問題", []string{simp}},
		{"one traditional character", "題", []string{simp}},
		{"half-width finds full-width", "ppp项目", []string{width}},
		{"full-width finds full-width", "ＰＰＰ", []string{width}},
		{"no match", "森林防火", []string{}},
	} {
		for _, scope := range []struct {
			name string
			f    store.ProblemFilter
			// common: a page of the list, every word taken as one many
			// problems hold (matched with LIKE, not the index's set).
			common bool
		}{
			{"everywhere", store.ProblemFilter{}, false},
			{"in the inspection", store.ProblemFilter{InspectionID: in.ID}, false},
			{"everywhere, as common words", store.ProblemFilter{}, true},
		} {
			t.Run(tc.name+"/"+scope.name, func(t *testing.T) {
				f := scope.f
				f.Query = tc.query
				same(t, "found", titles(searchProblems(t, s, f, scope.common)), tc.want)
			})
		}
	}
}

// searchProblems returns the problems f finds, as the list's one query
// reads them, or with common as a page of the list where every word is
// taken as one that many problems hold.
func searchProblems(t *testing.T, s *store.Store, f store.ProblemFilter, common bool) []*rectify.Problem {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	if !common {
		got, _, err := s.ListProblems(ctx, f)
		ok(t, err)
		return got
	}
	defer store.SetCommonSearch(0, 0)()
	ok(t, s.Optimize(ctx)) // PostgreSQL's statistics say which pairs are common
	f.Limit = 50
	page, err := s.ListProblemPage(ctx, f, store.LightFilter{})
	ok(t, err)
	return page.Problems
}
