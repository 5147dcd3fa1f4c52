package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// The fixtures are invented: a county (青石县) whose inspection office
// oversees the water bureau (with its hydrology station) and the transport
// bureau.

func d(s string) rectify.Date { return rectify.MustDate(s) }

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// world is a store, a service with a clock the test moves, the unit tree
// and its users.
type world struct {
	t   testing.TB
	s   *store.Store
	svc *workflow.Service
	now time.Time

	root, water, station, transport *rectify.Unit

	admin, reviewer, waterEditor, transportEditor, viewer, waterReviewer *rectify.User
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldOn(t, testdb.Open(t))
}

// newWorldOn is newWorld on the empty store st.
func newWorldOn(t testing.TB, st *store.Store) *world {
	t.Helper()
	w := &world{t: t, s: st, now: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)}
	w.s.Now = func() time.Time { return w.now }
	w.svc = workflow.New(w.s)
	w.svc.Now = func() time.Time { return w.now }
	ctx := rectify.AsSystem(context.Background())
	w.root = &rectify.Unit{Name: "中共青石县委员会"}
	ok(t, w.s.CreateUnit(ctx, w.root))
	w.water = &rectify.Unit{Name: "中共青石县水务局党组", ParentID: w.root.ID}
	ok(t, w.s.CreateUnit(ctx, w.water))
	w.station = &rectify.Unit{Name: "青石县水文站党支部", ParentID: w.water.ID}
	ok(t, w.s.CreateUnit(ctx, w.station))
	w.transport = &rectify.Unit{Name: "中共青石县交通运输局党组", ParentID: w.root.ID}
	ok(t, w.s.CreateUnit(ctx, w.transport))
	w.admin = &rectify.User{ID: 1, Name: "县委巡察办", Role: rectify.RoleAdmin}
	w.reviewer = &rectify.User{ID: 2, Name: "刘审核", Role: rectify.RoleReviewer, UnitID: w.root.ID, ScopePath: w.root.Path}
	w.waterEditor = &rectify.User{ID: 3, Name: "张伟", Role: rectify.RoleEditor, UnitID: w.water.ID, ScopePath: w.water.Path}
	w.transportEditor = &rectify.User{ID: 4, Name: "周敏", Role: rectify.RoleEditor, UnitID: w.transport.ID, ScopePath: w.transport.Path}
	w.viewer = &rectify.User{ID: 5, Name: "王查看", Role: rectify.RoleViewer, UnitID: w.water.ID, ScopePath: w.water.Path}
	w.waterReviewer = &rectify.User{ID: 6, Name: "孙审核", Role: rectify.RoleReviewer, UnitID: w.transport.ID, ScopePath: w.transport.Path}
	return w
}

// as returns a context acting as u (nil: nobody signed in).
func as(u *rectify.User) context.Context {
	if u == nil {
		return context.Background()
	}
	return rectify.WithUser(context.Background(), u)
}

func (w *world) today() rectify.Date { return rectify.DateOf(w.now) }

// problemSpec says how to make a problem for a test.
type problemSpec struct {
	unit     *rectify.Unit
	status   rectify.Status // its status since 2024-02-01 ("" for none recorded)
	open     int            // measures not done (of two)
	evidence bool           // a report with a file behind it
	due      rectify.Date
	title    string
}

// problem stores an inspection of spec.unit holding one problem made to
// spec and returns the problem as stored.
func (w *world) problem(spec problemSpec) *rectify.Problem {
	w.t.Helper()
	ctx := rectify.AsSystem(context.Background())
	if spec.unit == nil {
		spec.unit = w.water
	}
	if spec.title == "" {
		spec.title = "河道采砂整治推进迟缓"
	}
	p := &rectify.Problem{Number: 1, Title: spec.title, Description: "部分河段巡查记录流于形式。", Due: spec.due,
		Opened: d("2023-07-10"), Measures: []*rectify.Measure{
			{Number: 1, Text: "开展河道采砂专项清理行动，建立日常巡查台账。", Done: d("2024-01-20")},
			{Number: 2, Text: "对巡查记录逐月抽查并通报结果。", Done: d("2024-01-25")},
		}}
	for i := 0; i < spec.open && i < 2; i++ {
		p.Measures[1-i].Done = rectify.Date{}
	}
	if spec.status != "" {
		h := rectify.StatusChange{Status: spec.status, Date: d("2024-02-01")}
		if spec.status == rectify.StatusLongTerm {
			h.Class, h.NextMilestone = "I", d("2024-06-30")
		}
		p.History = []rectify.StatusChange{h}
	}
	in := &rectify.Inspection{UnitID: spec.unit.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: d("2023-07-10"),
		Findings: []*rectify.Finding{{Number: 1, Title: "贯彻落实上级决策部署有差距", Problems: []*rectify.Problem{p}}}}
	ok(w.t, w.s.CreateInspection(ctx, in))
	if spec.evidence {
		ok(w.t, w.s.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, Date: d("2024-01-25"),
			Text: "清理非法采砂点7处，没收采砂船2艘，巡查台账按日登记。"},
			[]store.EvidenceFile{{Name: "整改前后对比照片.jpg", ContentType: "image/jpeg", Data: []byte("jpeg")}}))
	}
	got, err := w.s.GetProblem(ctx, p.ID)
	ok(w.t, err)
	return got
}

// status returns the problem's current status as stored.
func (w *world) status(id int64) rectify.Status {
	w.t.Helper()
	p, err := w.s.GetProblem(context.Background(), id)
	ok(w.t, err)
	return p.Status
}

// wantErr fails t unless err has the code and its message holds msg.
func wantErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got no error, want %s (%s)", code, msg)
	}
	if got := rectify.ErrorCode(err); got != code {
		t.Fatalf("error %q has code %s, want %s", err, got, code)
	}
	if !strings.Contains(rectify.ErrorMessage(err)+" "+err.Error(), msg) {
		t.Fatalf("error %q does not say %q", err, msg)
	}
}

type storeFile = store.EvidenceFile
