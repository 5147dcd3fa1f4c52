package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// bulkTree is a small inspection tree for the bulk loader.
func bulkTree(unitID int64) (*rectify.Inspection, map[*rectify.Problem][]*store.BulkProgress) {
	p1 := &rectify.Problem{Number: 1, Title: "河道采砂监管台账不全", Description: "部分采砂点未建立巡查台账。",
		Track: rectify.TrackDeadline, Leader: "王明", OwnerUnit: "河湖管理科", Due: d("2026-06-30"), Opened: d("2026-01-10"),
		Measures: []*rectify.Measure{
			{Number: 1, Text: "全面清理采砂点巡查记录", Owner: "李强", Due: d("2026-03-31"), Done: d("2026-02-20")},
			{Number: 2, Group: "关于台账的问题", Text: "建立采砂监管电子台账", Owner: "李强", Due: d("2026-06-30")},
		},
		History: []rectify.StatusChange{
			{Status: rectify.StatusInProgress, Date: d("2026-01-12"), Author: "赵敏", Reason: "启动整改"},
			{Status: rectify.StatusSubmitted, Date: d("2026-03-01"), Author: "赵敏", Reason: "申请销号"},
		},
	}
	p2 := &rectify.Problem{Number: 2, Title: "公务接待超标准", Track: rectify.TrackImmediate, Opened: d("2026-01-10")}
	in := &rectify.Inspection{UnitID: unitID, UnitName: "中共青石县水务局党组", Team: "县委第一巡察组", Source: rectify.SourceXuncha, Kind: rectify.KindRegular,
		Round: 2, Start: d("2025-10-08"), End: d("2025-11-20"), Feedback: d("2026-01-10"), Issuer: "中共青石县水务局党组",
		Published: true, Title: "关于巡察整改进展情况的通报", NoticeDate: d("2026-04-01"), Work: []string{"成立领导小组。"},
		Findings: []*rectify.Finding{{Number: 1, Title: "履行职能有差距", Problems: []*rectify.Problem{p1, p2}}}}
	progress := map[*rectify.Problem][]*store.BulkProgress{
		p1: {
			{Date: d("2026-02-28"), Text: "电子台账已上线，录入采砂点 37 处。", Author: "赵敏", Measure: 1,
				Files: []store.EvidenceFile{{Name: "台账截图.txt", ContentType: "text/plain", Data: []byte("台账")}}},
			{Date: d("2026-01-20"), Text: "召开专题会议部署整改。", Author: "赵敏", Measure: -1},
		},
	}
	return in, progress
}

func TestBulkLoad(t *testing.T) {
	ctx := rectify.WithUser(context.Background(), &rectify.User{Login: "gen", Name: "合成数据", Role: rectify.RoleAdmin})
	st := testdb.Open(t)
	var in *rectify.Inspection
	var progress map[*rectify.Problem][]*store.BulkProgress
	var person *rectify.Person
	err := st.BulkLoad(ctx, func(b *store.Bulk) error {
		root := &rectify.Unit{Name: "青石县"}
		if err := b.Unit(ctx, root); err != nil {
			return err
		}
		u := &rectify.Unit{Name: "青石县水务局", ParentID: root.ID}
		if err := b.Unit(ctx, u); err != nil {
			return err
		}
		person = &rectify.Person{UnitID: u.ID, Name: "王明", Post: "副局长"}
		if err := b.Person(ctx, person); err != nil {
			return err
		}
		in, progress = bulkTree(u.ID)
		return b.Inspection(ctx, in, progress)
	})
	ok(t, err)

	rep, err := st.VerifyAudit(ctx)
	ok(t, err)
	if !rep.OK() {
		t.Fatalf("audit after bulk load: %+v", rep.Issues)
	}
	got, err := st.LoadInspection(ctx, in.ID)
	ok(t, err)
	ps := got.Problems()
	if len(ps) != 2 || ps[0].Status != rectify.StatusSubmitted || ps[0].StatusDate != d("2026-03-01") ||
		len(ps[0].Measures) != 2 || ps[0].Measures[1].Group != "关于台账的问题" || ps[1].Status != rectify.StatusNotStarted {
		t.Fatalf("loaded tree: %+v", ps)
	}
	reports, err := st.ListProgress(ctx, ps[0].ID)
	ok(t, err)
	if len(reports) != 2 || reports[0].Text != "召开专题会议部署整改。" || len(reports[1].Evidence) != 1 ||
		reports[1].MeasureID != ps[0].Measures[1].ID {
		t.Errorf("progress: %+v", reports)
	}
	if progress[in.Findings[0].Problems[0]][0].ID != reports[1].ID {
		t.Errorf("the loader's progress IDs do not name the stored reports")
	}
	people, err := st.ListPeople(ctx, "")
	ok(t, err)
	if len(people) != 1 || people[0].ID != person.ID || people[0].Post != "副局长" {
		t.Errorf("people: %+v", people)
	}

	// A 巡察 named as such is kept as the store keeps every 巡察, so the
	// filter by kind finds it.
	_, n, err := st.ListProblems(ctx, store.ProblemFilter{Source: rectify.SourceXuncha})
	ok(t, err)
	if n != 2 {
		t.Errorf("problems of 巡察 after a bulk load: %d, want 2", n)
	}

	// Search: three characters through the trigram index, two through
	// the pairs, a progress text too.
	for _, q := range []string{"采砂点", "台账", "专题会议", "接待"} {
		_, n, err := st.ListProblems(ctx, store.ProblemFilter{Query: q})
		ok(t, err)
		if n != 1 {
			t.Errorf("search %q finds %d problems, want 1", q, n)
		}
	}

	// The record goes on as any other: new rows get new IDs, the search
	// follows changes (its triggers are back), the audit log still holds.
	u2 := &rectify.Unit{Name: "青石县教育局", ParentID: got.UnitID}
	ok(t, st.CreateUnit(ctx, u2))
	if u2.ID <= in.UnitID {
		t.Errorf("a unit created after the load got ID %d", u2.ID)
	}
	in2, _ := bulkTree(u2.ID)
	in2.Team = "县委第二巡察组"
	in2.Findings[0].Problems[1].Title = "食堂账目混乱无人过问"
	ok(t, st.CreateInspection(ctx, in2))
	p := &rectify.Progress{ProblemID: ps[1].ID, Date: d("2026-02-01"), Text: "退回超标准接待费用并通报批评。", Author: "赵敏"}
	ok(t, st.AddProgress(ctx, p, nil))
	for q, want := range map[string]int{"超标准接待费用": 1, "无人过问": 1, "采砂点": 2} {
		_, n, err := st.ListProblems(ctx, store.ProblemFilter{Query: q})
		ok(t, err)
		if n != want {
			t.Errorf("after later writes, search %q finds %d problems, want %d", q, n, want)
		}
	}
	rep, err = st.VerifyAudit(ctx)
	ok(t, err)
	if !rep.OK() {
		t.Fatalf("audit after later writes: %+v", rep.Issues)
	}

	err = st.BulkLoad(ctx, func(b *store.Bulk) error { return nil })
	if !errors.Is(err, store.ErrBulkNotEmpty) {
		t.Errorf("a second load: %v, want ErrBulkNotEmpty", err)
	}
}

// TestBulkLoadKeepsIndexes checks that the indexes dropped for a load are
// all there again after it.
func TestBulkLoadKeepsIndexes(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	before, err := st.SchemaObjects(ctx)
	ok(t, err)
	ok(t, st.BulkLoad(ctx, func(b *store.Bulk) error {
		u := &rectify.Unit{Name: "青石县水务局"}
		if err := b.Unit(ctx, u); err != nil {
			return err
		}
		in, progress := bulkTree(u.ID)
		return b.Inspection(ctx, in, progress)
	}))
	after, err := st.SchemaObjects(ctx)
	ok(t, err)
	if len(before) < 10 || len(after) != len(before) {
		t.Fatalf("%d indexes and triggers before the load, %d after", len(before), len(after))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("before the load %q, after %q", before[i], after[i])
		}
	}
}
