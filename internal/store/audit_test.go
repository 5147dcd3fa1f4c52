package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// auditFixture is a store with the county's units and the water bureau's
// inspection, opened on a database the test can also reach directly.
type auditFixture struct {
	s   *store.Store
	dsn string
	c   county
	in  *rectify.Inspection
}

func newAuditFixture(t *testing.T) auditFixture {
	t.Helper()
	dsn := testdb.DSN(t)
	s, err := store.Open(context.Background(), dsn)
	ok(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return clock }
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(rectify.AsSystem(context.Background()), in))
	return auditFixture{s: s, dsn: dsn, c: c, in: in}
}

// raw runs a statement on the database behind the store's back; ? are
// placeholders on either database.
func (f auditFixture) raw(t *testing.T, q string, args ...any) {
	t.Helper()
	driver, dsn := "sqlite", f.dsn
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	db, err := sql.Open(driver, dsn)
	ok(t, err)
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// verify returns the audit report, failing t when it cannot be made.
func (f auditFixture) verify(t *testing.T) *store.AuditReport {
	t.Helper()
	r, err := f.s.VerifyAudit(context.Background())
	ok(t, err)
	return r
}

func messages(r *store.AuditReport) string {
	var b strings.Builder
	for _, is := range r.Issues {
		b.WriteString(is.Message + "\n")
	}
	return b.String()
}

// Every write path of the record leaves the log and the rows in agreement.
func TestAuditFollowsEveryWrite(t *testing.T) {
	f := newAuditFixture(t)
	s, ctx := f.s, rectify.WithUser(context.Background(), &rectify.User{ID: 7, Name: "张伟", Role: rectify.RoleEditor})
	p1 := f.in.Findings[0].Problems[0]
	p4 := f.in.Findings[1].Problems[1]
	var rule rectify.Rule
	var acc rectify.Accountability
	var comment rectify.PublicComment
	var recheck rectify.Recheck
	steps := []struct {
		name string
		do   func() error
	}{
		{"create inspection", func() error { return nil }},
		{"update inspection", func() error { f.in.Title += "（修订）"; return s.UpdateInspection(ctx, f.in) }},
		{"update problem", func() error {
			p, err := s.GetProblem(ctx, p4.ID)
			if err != nil {
				return err
			}
			p.Title = "公务用车管理制度不健全"
			return s.UpdateProblem(ctx, p)
		}},
		{"add status change", func() error {
			p, err := s.GetProblem(ctx, p4.ID)
			if err != nil {
				return err
			}
			_, err = s.AddStatusChange(ctx, p4.ID, p.Version, rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-01-10")})
			return err
		}},
		{"create measure", func() error {
			return s.CreateMeasure(ctx, &rectify.Measure{ProblemID: p4.ID, Number: 3, Text: "对公务用车实行定位管理。"})
		}},
		{"update measure", func() error {
			m := p4.Measures[0]
			m.Done = d("2024-01-12")
			return s.UpdateMeasure(ctx, m)
		}},
		{"add progress with evidence", func() error {
			return s.AddProgress(ctx, &rectify.Progress{ProblemID: p4.ID, MeasureID: p4.Measures[1].ID, Date: d("2024-01-12"),
				Text: "公示1月用车情况。"}, []store.EvidenceFile{{Name: "公示.jpg", ContentType: "image/jpeg", Data: []byte("jpeg")}})
		}},
		{"delete measure named by progress", func() error { return s.DeleteMeasure(ctx, p4.Measures[1].ID) }},
		{"create recheck", func() error {
			recheck = rectify.Recheck{ProblemID: p1.ID, Due: d("2024-04-25")}
			return s.CreateRecheck(ctx, &recheck)
		}},
		{"update recheck", func() error {
			recheck.Done, recheck.Result, recheck.Note = d("2024-04-20"), rectify.RecheckPassed, "整改成果巩固"
			return s.UpdateRecheck(ctx, &recheck)
		}},
		{"create rule", func() error {
			rule = rectify.Rule{InspectionID: f.in.ID, Title: "公务用车管理办法", Kind: rectify.RuleNew, Date: d("2023-12-01"),
				ProblemIDs: []int64{p4.ID}}
			return s.CreateRule(ctx, &rule)
		}},
		{"update rule", func() error { rule.ProblemIDs = []int64{p4.ID, p1.ID}; return s.UpdateRule(ctx, &rule) }},
		{"create accountability", func() error {
			acc = rectify.Accountability{InspectionID: f.in.ID, ProblemID: p4.ID, Person: "王某", Form: "约谈", Date: d("2023-12-05"), Reason: "用车登记缺失"}
			return s.CreateAccountability(ctx, &acc)
		}},
		{"update accountability", func() error { acc.Form = "通报"; return s.UpdateAccountability(ctx, &acc) }},
		{"delete accountability", func() error { return s.DeleteAccountability(ctx, acc.ID) }},
		{"delete rule", func() error { return s.DeleteRule(ctx, rule.ID) }},
		{"create comment", func() error {
			comment = rectify.PublicComment{UnitID: f.c.water.ID, Contact: "138****0000", Text: "河道又有人夜间采砂。"}
			return s.CreateComment(ctx, &comment)
		}},
		{"update comment", func() error {
			comment.State, comment.ProblemID, comment.InspectionID = rectify.CommentTriaged, p1.ID, f.in.ID
			return s.UpdateComment(ctx, &comment)
		}},
		{"settings", func() error {
			if err := s.SetSetting(ctx, f.c.water.ID, "warn_days", "5"); err != nil {
				return err
			}
			if err := s.SetSetting(ctx, f.c.water.ID, "warn_days", "7"); err != nil {
				return err
			}
			return s.SetSetting(ctx, f.c.water.ID, "warn_days", "")
		}},
		{"apply ledger", func() error {
			p, err := s.GetProblem(ctx, p1.ID)
			if err != nil {
				return err
			}
			_, err = s.ApplyLedger(ctx, &store.LedgerChanges{
				Problems:    []store.LedgerProblemChange{{ID: p.ID, Version: p.Version, Status: &rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-05-01")}}},
				NewMeasures: []*rectify.Measure{{ProblemID: p.ID, Number: 3, Text: "夜间巡查每周不少于两次。"}},
				NewProblems: []store.LedgerNewProblem{{InspectionID: f.in.ID, FindingTitle: "新增问题", Problem: &rectify.Problem{
					Title: "采砂场复垦滞后", Measures: []*rectify.Measure{{Number: 1, Text: "完成复垦。"}},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-05-01")}}}}},
				Progress: []store.LedgerProgress{{Progress: &rectify.Progress{ProblemID: p.ID, Date: d("2024-05-01"), Text: "开展夜间巡查4次。"}}},
			})
			return err
		}},
		{"move a unit under another", func() error {
			u, err := s.GetUnit(ctx, f.c.water.ID)
			if err != nil {
				return err
			}
			u.ParentID = f.c.transport.ID
			return s.UpdateUnit(ctx, u)
		}},
		{"delete inspection with comments linked", func() error { return s.DeleteInspection(ctx, f.in.ID) }},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		r := f.verify(t)
		if !r.OK() {
			t.Fatalf("after %s the log and the record disagree:\n%s", step.name, messages(r))
		}
	}
	r := f.verify(t)
	if r.Entries < 60 || r.HeadSeq != r.Entries || r.Rows == 0 {
		t.Errorf("report: %d entries, head %d, %d rows", r.Entries, r.HeadSeq, r.Rows)
	}
}

// An edit made directly in the database, to a row of the record or to the
// log itself, is found and named.
func TestAuditDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, f auditFixture) string // returns the message expected
		kind   string
	}{
		{"problem title edited", func(t *testing.T, f auditFixture) string {
			p := f.in.Findings[0].Problems[1]
			f.raw(t, "UPDATE problems SET title = ? WHERE id = ?", "农村供水工程运维已规范", p.ID)
			return fmt.Sprintf("问题 #%d（编号 2）的记录与审计日志不符：title 被直接修改", p.ID)
		}, store.IssueChanged},
		{"problem status and date edited", func(t *testing.T, f auditFixture) string {
			p := f.in.Findings[2].Problems[0]
			f.raw(t, "UPDATE problems SET status = 'completed', status_date = ? WHERE id = ?", "2023-11-30", p.ID)
			return fmt.Sprintf("问题 #%d（编号 5）的记录与审计日志不符：status、status_date 被直接修改", p.ID)
		}, store.IssueChanged},
		{"status history rewritten", func(t *testing.T, f auditFixture) string {
			h := f.in.Findings[2].Problems[0].History[1]
			f.raw(t, "UPDATE status_changes SET status = 'completed' WHERE id = ?", h.ID)
			return fmt.Sprintf("状态记录 #%d 的记录与审计日志不符：status 被直接修改", h.ID)
		}, store.IssueChanged},
		{"measure deleted", func(t *testing.T, f auditFixture) string {
			m := f.in.Findings[0].Problems[1].Measures[2]
			f.raw(t, "DELETE FROM measures WHERE id = ?", m.ID)
			return fmt.Sprintf("整改措施 #%d（编号 3）已被直接删除", m.ID)
		}, store.IssueDeleted},
		{"rule inserted", func(t *testing.T, f auditFixture) string {
			f.raw(t, "INSERT INTO rules (id, inspection_id, title, kind, date) VALUES (900, ?, '补写的制度', 'new', '2023-12-01')", f.in.ID)
			return "制度 #900 不在审计日志中：该行是绕过系统直接写入的"
		}, store.IssueUnlogged},
		{"only the sort time touched", func(t *testing.T, f auditFixture) string {
			f.raw(t, "UPDATE problems SET updated = ? WHERE id = ?", clock.Add(time.Hour), f.in.Findings[0].Problems[0].ID)
			return ""
		}, ""},
		{"log entry content altered", func(t *testing.T, f auditFixture) string {
			f.raw(t, "UPDATE audit_log SET actor_name = '巡察办' WHERE seq = 9")
			return "审计日志第 9 条的哈希不符"
		}, store.IssueHash},
		{"log entry rewritten with a fresh hash", func(t *testing.T, f auditFixture) string {
			es, err := f.s.AuditEntries(context.Background(), 8, 1)
			ok(t, err)
			e := es[0]
			e.After = strings.Replace(e.After, "河道采砂", "河道清淤", 1)
			e.Hash = e.ComputeHash()
			f.raw(t, "UPDATE audit_log SET after_json = ?, hash = ? WHERE seq = 9", e.After, e.Hash)
			return "审计日志第 9 条被改写"
		}, store.IssueLink},
		{"log entry deleted", func(t *testing.T, f auditFixture) string {
			f.raw(t, "DELETE FROM audit_log WHERE seq = 20")
			return "审计日志第 20 条缺失"
		}, store.IssueGap},
		{"last entries deleted", func(t *testing.T, f auditFixture) string {
			r := f.verify(t)
			f.raw(t, "DELETE FROM audit_log WHERE seq > ?", r.HeadSeq-2)
			return fmt.Sprintf("审计日志末尾缺失：链头记到第 %d 条", r.HeadSeq)
		}, store.IssueHead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAuditFixture(t)
			if r := f.verify(t); !r.OK() {
				t.Fatalf("fresh record not clean:\n%s", messages(r))
			}
			want := tt.tamper(t, f)
			r := f.verify(t)
			if tt.kind == "" {
				if !r.OK() {
					t.Fatalf("reported:\n%s", messages(r))
				}
				return
			}
			if r.OK() {
				t.Fatal("the tampering went unnoticed")
			}
			if !strings.Contains(messages(r), want) {
				t.Errorf("report does not say %q:\n%s", want, messages(r))
			}
			found := false
			for _, is := range r.Issues {
				found = found || is.Kind == tt.kind
			}
			if !found {
				t.Errorf("no issue of kind %s:\n%s", tt.kind, messages(r))
			}
		})
	}
}

// A database whose rows predate the log gets them recorded once, when the
// store opens it; the log then accounts for every row.
func TestAuditBaseline(t *testing.T) {
	f := newAuditFixture(t)
	f.raw(t, "DELETE FROM audit_log")
	f.raw(t, "UPDATE audit_head SET seq = 0, hash = '', baseline = ?", false)
	r := f.verify(t)
	if r.OK() {
		t.Fatal("rows without a log should be reported")
	}
	s2, err := store.Open(context.Background(), f.dsn)
	ok(t, err)
	defer s2.Close()
	r, err = s2.VerifyAudit(context.Background())
	ok(t, err)
	if !r.OK() || r.Entries == 0 {
		t.Fatalf("after the baseline: %d entries\n%s", r.Entries, messages(r))
	}
	es, err := s2.AuditEntries(context.Background(), 0, 1)
	ok(t, err)
	if es[0].Action != store.ActionBaseline || es[0].ActorName != store.SystemActor {
		t.Errorf("first entry: %+v", es[0])
	}
	// Opening again adds nothing.
	s3, err := store.Open(context.Background(), f.dsn)
	ok(t, err)
	defer s3.Close()
	r2, err := s3.VerifyAudit(context.Background())
	ok(t, err)
	if r2.Entries != r.Entries {
		t.Errorf("reopening added entries: %d, then %d", r.Entries, r2.Entries)
	}
}

// The history of a problem says who changed what when, before and after.
func TestProblemHistory(t *testing.T) {
	f := newAuditFixture(t)
	p := f.in.Findings[1].Problems[1] // 公务用车管理不规范, not started
	editor := &rectify.User{ID: 7, Name: "张伟", Role: rectify.RoleEditor}
	ctx := rectify.WithUser(context.Background(), editor)
	_, err := f.s.AddStatusChange(ctx, p.ID, p.Version, rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-01-10"), Author: "张伟"})
	ok(t, err)
	ok(t, f.s.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, Date: d("2024-01-11"), Text: "建立用车登记簿。", Author: "张伟"},
		[]store.EvidenceFile{{Name: "登记簿.pdf", Data: []byte("%PDF")}}))

	hist, err := f.s.ProblemHistory(context.Background(), p.ID)
	ok(t, err)
	var got []string
	for _, e := range hist {
		got = append(got, e.ActorName+" "+e.Action+" "+e.Entity)
	}
	same(t, "history", got, []string{
		"system create problem", "system create measure", "system create measure",
		"张伟 create status_change", "张伟 status problem",
		"张伟 create progress", "张伟 create evidence",
	})
	var status []store.FieldChange
	for _, c := range hist[4].Changes() {
		if c.Field == "status" {
			status = append(status, c)
		}
	}
	same(t, "status change", status, []store.FieldChange{{Field: "status", Before: "not_started", After: "in_progress"}})
	if hist[4].ActorID != 7 || !hist[4].At.Equal(clock.Truncate(time.Microsecond)) {
		t.Errorf("entry: actor %d at %s", hist[4].ActorID, hist[4].At)
	}
	if len(hist[4].Changes()) != 3 { // status, status_date, version
		t.Errorf("changes: %+v", hist[4].Changes())
	}
}

// Writers of two stores on one database (two processes) append to one
// linear chain.
func TestAuditConcurrentAppends(t *testing.T) {
	f := newAuditFixture(t)
	s2, err := store.Open(context.Background(), f.dsn)
	ok(t, err)
	defer s2.Close()
	before := f.verify(t).Entries
	const perWriter = 15
	var wg sync.WaitGroup
	errs := make(chan error, 4*perWriter)
	for w, s := range []*store.Store{f.s, s2, f.s, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := rectify.WithUser(context.Background(), &rectify.User{ID: int64(w + 1), Name: fmt.Sprintf("填报人%d", w+1)})
			for i := range perWriter {
				pc := &rectify.PublicComment{UnitID: f.c.water.ID, Contact: "0731-0000000", Text: fmt.Sprintf("意见 %d-%d", w, i)}
				if err := s.CreateComment(ctx, pc); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	r := f.verify(t)
	if !r.OK() {
		t.Fatalf("chain broken by concurrent writers:\n%s", messages(r))
	}
	if r.Entries != before+4*perWriter || r.HeadSeq != r.Entries {
		t.Errorf("entries %d (head %d), want %d", r.Entries, r.HeadSeq, before+4*perWriter)
	}
}

// The history of a row: a rule (no problem), a comment before and after it
// is linked to a problem.
func TestEntityHistory(t *testing.T) {
	f := newAuditFixture(t)
	ctx := rectify.WithUser(context.Background(), &rectify.User{ID: 2, Name: "刘审核", Role: rectify.RoleReviewer})
	rule := &rectify.Rule{InspectionID: f.in.ID, Title: "河道巡查办法", Kind: rectify.RuleNew, Date: d("2023-12-01")}
	ok(t, f.s.CreateRule(ctx, rule))
	rule.Kind = rectify.RuleRevised
	ok(t, f.s.UpdateRule(ctx, rule))
	pc := &rectify.PublicComment{UnitID: f.c.water.ID, Contact: "138", Text: "河道又有人采砂。"}
	ok(t, f.s.CreateComment(ctx, pc))
	pc.State, pc.ProblemID = rectify.CommentTriaged, f.in.Findings[0].Problems[0].ID
	ok(t, f.s.UpdateComment(ctx, pc))
	for _, c := range []struct {
		entity string
		id     int64
		want   []string
	}{
		{store.EntityRule, rule.ID, []string{"create", "update"}},
		{store.EntityComment, pc.ID, []string{"create", "update"}},
	} {
		hist, err := f.s.EntityHistory(context.Background(), c.entity, c.id)
		ok(t, err)
		var got []string
		for _, e := range hist {
			got = append(got, e.Action)
		}
		same(t, c.entity, got, c.want)
	}
	_, err := f.s.EntityHistory(context.Background(), "user", 1)
	wantCode(t, err, rectify.EINVALID)
}

// A change whose context names nobody is refused and stores nothing; the
// system is recorded only when the caller says so (rectify.AsSystem), and a
// person by name.
func TestChangeNeedsAnActor(t *testing.T) {
	f := newAuditFixture(t)
	p := f.in.Findings[0].Problems[0]
	tests := []struct {
		name    string
		ctx     context.Context
		wantErr error
		want    string // the actor the log records
	}{
		{"nobody", context.Background(), store.ErrNoActor, ""},
		{"a user without name or login", rectify.WithUser(context.Background(), &rectify.User{ID: 3}), store.ErrNoActor, ""},
		{"the system, said explicitly", rectify.AsSystem(context.Background()), nil, store.SystemActor},
		{"a person", rectify.WithUser(context.Background(), &rectify.User{ID: 7, Name: "张伟"}), nil, "张伟"},
		{"a person known by login", rectify.WithUser(context.Background(), &rectify.User{ID: 8, Login: "lina"}), nil, "lina"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.verify(t).HeadSeq
			m := &rectify.Measure{ProblemID: p.ID, Number: 10 + i, Text: fmt.Sprintf("措施%d", i)}
			err := f.s.CreateMeasure(tt.ctx, m)
			after := f.verify(t)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if after.HeadSeq != before {
					t.Errorf("the log moved from %d to %d on a refused change", before, after.HeadSeq)
				}
				got, gerr := f.s.GetProblem(context.Background(), p.ID)
				ok(t, gerr)
				for _, gm := range got.Measures {
					if gm.Text == m.Text {
						t.Errorf("measure %q stored by a refused change", m.Text)
					}
				}
				return
			}
			ok(t, err)
			es, err := f.s.ProblemHistory(context.Background(), p.ID)
			ok(t, err)
			if last := es[len(es)-1]; last.ActorName != tt.want {
				t.Errorf("actor = %q, want %q", last.ActorName, tt.want)
			}
		})
	}
}
