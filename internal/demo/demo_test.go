package demo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// Every test runs on SQLite, or on PostgreSQL when RECTIFY_TEST_POSTGRES
// names a server (see internal/testdb).

func d(s string) rectify.Date { return rectify.MustDate(s) }

// world is a filled store read back whole, for the checks to look at.
type world struct {
	st          *store.Store
	sum         *demo.Summary
	today       rectify.Date
	inspections []*rectify.Inspection // with their trees
	problems    map[int64]*rectify.Problem
	inspection  map[int64]*rectify.Inspection // of each problem
	list        []*rectify.Problem            // as ListProblems gives them
	ind         rectify.Indicators
}

func fill(t *testing.T, today rectify.Date) *world {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	sum, err := demo.Fill(ctx, st, today, demo.Options{})
	if err != nil {
		t.Fatalf("Fill: %v", err)
	}
	w := &world{st: st, sum: sum, today: today, problems: map[int64]*rectify.Problem{}, inspection: map[int64]*rectify.Inspection{}}
	for _, id := range sum.Inspections {
		in, err := st.LoadInspection(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		w.inspections = append(w.inspections, in)
		for _, p := range in.Problems() {
			w.problems[p.ID] = p
			w.inspection[p.ID] = in
		}
	}
	if w.list, _, err = st.ListProblems(ctx, store.ProblemFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, w.ind, err = st.Indicators(ctx, store.IndicatorFilter{}, today); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) progress(t *testing.T, problemID int64) []*rectify.Progress {
	t.Helper()
	ps, err := w.st.ListProgress(context.Background(), problemID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// fillChecks are what a newcomer should find in the demo, whatever the day.
var fillChecks = []struct {
	name  string
	check func(t *testing.T, w *world)
}{
	{"size: 12 to 20 inspections of 4 to 30 problems, 200 to 400 in all", func(t *testing.T, w *world) {
		if n := len(w.inspections); n < 12 || n > 20 {
			t.Errorf("%d inspections", n)
		}
		if n := len(w.problems); n < 200 || n > 400 {
			t.Errorf("%d problems", n)
		}
		for _, in := range w.inspections {
			if n := len(in.Problems()); n < 4 || n > 30 {
				t.Errorf("inspection %d (%s): %d problems", in.ID, in.UnitName, n)
			}
		}
	}},
	{"the summary counts what the store holds", func(t *testing.T, w *world) {
		ctx := rectify.AsSystem(context.Background())
		c := w.sum.Counts
		units, err := w.st.ListUnits(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		_, comments, err := w.st.ListComments(ctx, store.CommentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := []int{len(units), len(w.inspections), w.ind.Total, w.ind.Measures, w.ind.MeasuresDone, w.ind.Rules,
			w.ind.Accountability, comments}
		want := []int{c.Units, c.Inspections, c.Problems, c.Measures, c.MeasuresDone, c.Rules, c.Accountability, c.Comments}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("store holds units, inspections, problems, measures, done, rules, accountability, comments = %v, summary says %v", got, want)
		}
		for st, n := range c.ByStatus {
			if ind := w.ind.ByStatus(st); ind != n {
				t.Errorf("%s: summary %d, indicators %d", st, n, ind)
			}
		}
	}},
	{"every status, both long-term classes", func(t *testing.T, w *world) {
		for _, st := range rectify.Statuses {
			if w.ind.ByStatus(st) == 0 {
				t.Errorf("no problem is %s (%s) as of %s", st, st.Label(), w.today)
			}
		}
		classes := map[string]int{}
		for _, p := range w.list {
			if p.Status == rectify.StatusLongTerm {
				classes[p.Class]++
			}
		}
		if classes["I"] == 0 || classes["II"] == 0 || classes[""] > 0 {
			t.Errorf("long-term items by class: %v", classes)
		}
	}},
	{"every track", func(t *testing.T, w *world) {
		for _, tr := range rectify.Tracks {
			if w.sum.Counts.ByTrack[tr] == 0 {
				t.Errorf("no problem on track %s", tr.Label())
			}
		}
	}},
	{"every light as of today", func(t *testing.T, w *world) {
		lights := map[rectify.Light]int{}
		for _, p := range w.list {
			lights[rectify.LightOf(w.today, p.Status, p.Due, p.NextMilestone, rectify.DefaultWarnDays)]++
		}
		for _, l := range []rectify.Light{rectify.LightNone, rectify.LightGreen, rectify.LightYellow, rectify.LightRed, rectify.LightBlue} {
			if lights[l] == 0 {
				t.Errorf("no problem with light %q (%s): %v", l, l.Label(), lights)
			}
		}
	}},
	{"overdue and due within three days", func(t *testing.T, w *world) {
		if w.ind.Overdue == 0 {
			t.Error("nothing is overdue")
		}
		p := w.problems[w.sum.Planted.Overdue]
		if p == nil || !p.Status.Open() || !p.Due.Before(w.today) {
			t.Errorf("planted overdue problem: %+v", p)
		}
		p = w.problems[w.sum.Planted.DueSoon]
		if p == nil || !p.Status.Open() || w.today.DaysUntil(p.Due) < 0 || w.today.DaysUntil(p.Due) > rectify.DefaultWarnDays {
			t.Errorf("planted problem due soon: %+v", p)
		}
		weeks, far := false, false
		for _, p := range w.list {
			if p.Status.Open() && p.Status != rectify.StatusLongTerm {
				days := w.today.DaysUntil(p.Due)
				weeks = weeks || days > 7 && days <= 42
				far = far || days > 120
			}
		}
		if !weeks || !far {
			t.Errorf("open deadlines within weeks: %v, far away: %v", weeks, far)
		}
	}},
	{"histories make sense and stop before today", func(t *testing.T, w *world) {
		for _, p := range w.problems {
			checkHistory(t, w.today, p)
		}
	}},
	{"the rebound: reopened after a failed look-back, counted", func(t *testing.T, w *world) {
		p := w.problems[w.sum.Planted.Rebound]
		if p == nil {
			t.Fatal("no rebound planted")
		}
		n := len(p.History)
		if n < 2 || p.History[n-2].Status != rectify.StatusCompleted || p.History[n-1].Status != rectify.StatusInProgress ||
			p.History[n-1].Reason != demo.ReasonRebound {
			t.Errorf("history of the rebound: %+v", p.History)
		}
		rs, err := w.st.ListRechecks(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, r := range rs {
			if r.Result == rectify.RecheckFailed && !r.Done.After(w.today) && r.Done == p.History[n-1].Date {
				failed++
			}
		}
		if failed != 1 {
			t.Errorf("look-backs of the rebound: %+v", rs)
		}
		if w.ind.Rebounds != 1 {
			t.Errorf("indicators count %d rebounds, want 1", w.ind.Rebounds)
		}
	}},
	{"completions on time and late", func(t *testing.T, w *world) {
		p := w.problems[w.sum.Planted.Late]
		if p == nil || p.Status != rectify.StatusCompleted || !p.StatusDate.After(p.Due) {
			t.Errorf("planted late completion: %+v", p)
		}
		if w.ind.CompletedOnTime == 0 || w.ind.CompletedOnTime >= w.ind.DuePassed {
			t.Errorf("completed on time %d of %d whose deadline passed", w.ind.CompletedOnTime, w.ind.DuePassed)
		}
	}},
	{"progress copied between two units (照搬照抄)", func(t *testing.T, w *world) {
		a, b := w.sum.Planted.Copied[0], w.sum.Planted.Copied[1]
		if w.inspection[a] == nil || w.inspection[b] == nil || w.inspection[a].UnitID == w.inspection[b].UnitID {
			t.Fatalf("copied progress planted in problems %d and %d", a, b)
		}
		pa, pb := w.progress(t, a), w.progress(t, b)
		if len(pa) == 0 || len(pb) == 0 || pa[len(pa)-1].Text != pb[len(pb)-1].Text {
			t.Errorf("last progress of %d and %d differ", a, b)
		}
	}},
	{"completed on a meeting notice alone", func(t *testing.T, w *world) {
		p := w.problems[w.sum.Planted.MeetingOnly]
		if p == nil || p.Status != rectify.StatusCompleted {
			t.Fatalf("meeting-only problem: %+v", p)
		}
		ps := w.progress(t, p.ID)
		if len(ps) != 1 || len(ps[0].Evidence) != 1 {
			t.Fatalf("progress of the meeting-only problem: %+v", ps)
		}
		_, data, err := w.st.OpenEvidence(context.Background(), ps[0].Evidence[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "召开") || !strings.Contains(ps[0].Text, "会议") {
			t.Errorf("evidence %q, report %q", data, ps[0].Text)
		}
	}},
	{"one photo behind two problems", func(t *testing.T, w *world) {
		var sums []string
		for _, id := range w.sum.Planted.ReusedPhoto {
			for _, p := range w.progress(t, id) {
				for _, e := range p.Evidence {
					sums = append(sums, e.SHA256)
				}
			}
		}
		if len(sums) != 2 || sums[0] != sums[1] || w.sum.Planted.ReusedPhoto[0] == w.sum.Planted.ReusedPhoto[1] {
			t.Errorf("evidence of %v: %v", w.sum.Planted.ReusedPhoto, sums)
		}
	}},
	{"look-backs due in the days ahead", func(t *testing.T, w *world) {
		rs, err := w.st.ListRechecksDue(context.Background(), w.today.AddDays(14))
		if err != nil {
			t.Fatal(err)
		}
		ahead, late := 0, 0
		for _, r := range rs {
			if r.Due.Before(w.today) {
				late++
			} else {
				ahead++
			}
		}
		if ahead < 2 || late < 1 {
			t.Errorf("look-backs due: %d ahead, %d late", ahead, late)
		}
	}},
	{"rules and accountability linked to problems", func(t *testing.T, w *world) {
		ctx := rectify.AsSystem(context.Background())
		rules, err := w.st.ListRules(ctx, store.RecordFilter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[rectify.RuleKind]int{}
		for _, r := range rules {
			kinds[r.Kind]++
			if len(r.ProblemIDs) == 0 || r.Date.After(w.today) {
				t.Errorf("rule %+v", r)
			}
		}
		if kinds[rectify.RuleNew] == 0 || kinds[rectify.RuleRevised] == 0 {
			t.Errorf("rules by kind: %v", kinds)
		}
		as, err := w.st.ListAccountability(ctx, store.RecordFilter{})
		if err != nil {
			t.Fatal(err)
		}
		forms := map[string]int{}
		for _, a := range as {
			forms[a.Form]++
			if a.ProblemID == 0 || a.Date.After(w.today) {
				t.Errorf("accountability %+v", a)
			}
		}
		for _, form := range []string{"约谈", "通报", "诫勉"} {
			if forms[form] == 0 {
				t.Errorf("no accountability by %s: %v", form, forms)
			}
		}
		if w.ind.Rules == 0 || w.ind.Accountability == 0 {
			t.Errorf("indicators: %d rules, %d accountability", w.ind.Rules, w.ind.Accountability)
		}
	}},
	{"public comments new, replied and closed", func(t *testing.T, w *world) {
		cs, _, err := w.st.ListComments(context.Background(), store.CommentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		states := map[rectify.CommentState]int{}
		closedOnClosed := 0
		for _, c := range cs {
			states[c.State]++
			if c.State == rectify.CommentClosed && c.ProblemID != 0 && c.ReplyPublic &&
				w.problems[c.ProblemID].Status == rectify.StatusCompleted {
				closedOnClosed++
			}
			if (c.State == rectify.CommentReplied || c.State == rectify.CommentClosed) && c.Reply == "" {
				t.Errorf("comment %d is %s without a reply", c.ID, c.State)
			}
			if c.Received.After(w.today.Time()) {
				t.Errorf("comment %d received %s, after today", c.ID, c.Received)
			}
		}
		if states[rectify.CommentNew] == 0 || states[rectify.CommentReplied] == 0 || states[rectify.CommentClosed] == 0 {
			t.Errorf("comments by state: %v", states)
		}
		if closedOnClosed == 0 {
			t.Error("no closed comment with a public reply on a completed problem")
		}
	}},
	{"published notices", func(t *testing.T, w *world) {
		published := 0
		for _, in := range w.inspections {
			if !in.Published {
				continue
			}
			published++
			// A 巡察's notice is issued by the Party group; an audit's
			// announcement and a list of cases by the unit itself.
			issuer := strings.HasPrefix(in.Issuer, "中共") || !in.Source.HasKind() && in.Issuer != ""
			if !issuer || !strings.HasSuffix(in.Title, in.Source.Words().Report) || len(in.Work) == 0 ||
				len(in.NextSteps) == 0 || in.Contact.IsZero() || in.NoticeDate.IsZero() || in.NoticeDate.After(w.today) {
				t.Errorf("published inspection %d lacks notice fields: %+v", in.ID, in)
			}
		}
		if published == 0 || published == len(w.inspections) {
			t.Errorf("%d of %d inspections published", published, len(w.inspections))
		}
		kinds, rounds := map[rectify.InspectionKind]bool{}, map[int]bool{}
		for _, in := range w.inspections {
			if in.Source.HasKind() { // an audit has no round of 巡察
				kinds[in.Kind], rounds[in.Round] = true, true
			}
		}
		// The demo's rounds hold the five kinds most of a city's term is
		// made of; the rarer ones (交叉, 提级) are not planted.
		for _, k := range []rectify.InspectionKind{rectify.KindRegular, rectify.KindSpecial, rectify.KindExtended,
			rectify.KindAdHoc, rectify.KindFollowUp} {
			if !kinds[k] {
				t.Errorf("no inspection of kind %s in %v", k, kinds)
			}
		}
		if len(rounds) != 4 {
			t.Errorf("rounds %v", rounds)
		}
	}},
	{"an audit and an environmental inspection beside the 巡察, in their own words", func(t *testing.T, w *world) {
		for _, c := range []struct {
			source rectify.Source
			see    []string
		}{
			{rectify.SourceAudit, []string{"审计整改情况的公告", "二、审计发现问题的整改情况", "审计发现的", "整改情况：", "整改结果："}},
			{rectify.SourceEnvironment, []string{"交办件办理情况的公示", "二、督察交办件办理情况", "（一）第一批交办件", "督察组交办的",
				"责任单位：", "办理情况：", "办理结果："}},
		} {
			var in *rectify.Inspection
			for _, x := range w.inspections {
				if x.Source == c.source {
					in = x
				}
			}
			if in == nil {
				t.Errorf("no inspection of kind %s", c.source.Label())
				continue
			}
			if in.Kind != "" || len(in.Findings) < 2 || len(in.Problems()) < 4 {
				t.Errorf("%s: kind %q, %d findings, %d problems", c.source.Label(), in.Kind, len(in.Findings), len(in.Problems()))
			}
			var buf bytes.Buffer
			if err := notice.Render(&buf, in, notice.RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, s := range c.see {
				if !strings.Contains(buf.String(), s) {
					t.Errorf("the notice of the %s does not say %q:\n%s", c.source.Label(), s, buf.String())
				}
			}
			for _, s := range []string{"巡察", "反馈问题："} {
				if strings.Contains(buf.String(), s) {
					t.Errorf("the notice of the %s says %q", c.source.Label(), s)
				}
			}
		}
	}},
	{"units: a tree with public contacts", func(t *testing.T, w *world) {
		units, err := w.st.ListUnits(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]*rectify.Unit{}
		depth := map[int]int{}
		for _, u := range units {
			byID[u.ID] = u
			depth[u.Depth()]++
			if u.Contact.Phone == "" || u.Contact.Address == "" || u.Contact.Email == "" {
				t.Errorf("unit %s has no full contact: %+v", u.Name, u.Contact)
			}
		}
		if depth[0] != 1 || depth[1] < 9 || depth[2] < 4 {
			t.Errorf("units by depth: %v", depth)
		}
		s := w.sum
		if byID[s.City].ParentID != 0 || byID[s.Office].ParentID != s.City || byID[s.Bureau].ParentID != s.City ||
			byID[s.BureauChild].ParentID != s.Bureau || len(s.BureauUnits) < 3 || s.BureauUnits[0] != s.Bureau {
			t.Errorf("summary units: %+v", s)
		}
		for _, id := range s.BureauUnits {
			if !rectify.Within(byID[id].Path, byID[s.Bureau].Path) {
				t.Errorf("unit %d is not under the bureau", id)
			}
		}
		for _, a := range s.Accounts {
			if !a.Role.Valid() || byID[a.UnitID] == nil {
				t.Errorf("account %+v", a)
			}
		}
		if w.inspection[firstProblem(w, s.Showcase)].UnitID != s.Bureau {
			t.Error("the showcase is not the bureau's")
		}
	}},
	{"the audit log holds every write and verifies", func(t *testing.T, w *world) {
		r, err := w.st.VerifyAudit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || r.Entries < int64(w.sum.Counts.Problems+w.sum.Counts.Measures+w.sum.Counts.Progress) {
			t.Errorf("audit: %d entries, issues %v", r.Entries, r.Issues)
		}
	}},
	{"texts are written out and varied", func(t *testing.T, w *world) {
		titles, texts := map[string]bool{}, map[string]bool{}
		for _, p := range w.problems {
			titles[p.Title] = true
			texts[p.Title+p.Description] = true
			all := []string{p.Title, p.Description, p.Leader, p.OwnerUnit}
			for _, m := range p.Measures {
				all = append(all, m.Text, m.Owner)
			}
			for _, s := range all {
				if s == "" || strings.ContainsAny(s, "{}") || !utf8.ValidString(s) {
					t.Errorf("problem %d: text %q", p.ID, s)
				}
			}
		}
		if len(titles) < len(w.problems)/3 || len(texts) < len(w.problems)*9/10 {
			t.Errorf("%d problems, %d titles, %d titles with descriptions", len(w.problems), len(titles), len(texts))
		}
	}},
	{"evidence files are small and open", func(t *testing.T, w *world) {
		ctx := rectify.AsSystem(context.Background())
		total, files := 0, 0
		for id := range w.problems {
			for _, p := range w.progress(t, id) {
				if p.Date.After(w.today) || p.Text == "" || p.Author == "" {
					t.Errorf("progress %+v", p)
				}
				for _, e := range p.Evidence {
					_, data, err := w.st.OpenEvidence(ctx, e.ID)
					if err != nil {
						t.Fatal(err)
					}
					files++
					total += len(data)
					switch {
					case e.ContentType == "image/png":
						if _, err := png.Decode(bytes.NewReader(data)); err != nil {
							t.Errorf("%s: %v", e.Name, err)
						}
					case e.ContentType == "application/pdf":
						if !bytes.HasPrefix(data, []byte("%PDF-1.4")) || !bytes.HasSuffix(data, []byte("%%EOF\n")) {
							t.Errorf("%s is no PDF", e.Name)
						}
					case strings.HasPrefix(e.ContentType, "text/plain"):
						if !utf8.Valid(data) {
							t.Errorf("%s is not UTF-8", e.Name)
						}
					default:
						t.Errorf("%s: type %s", e.Name, e.ContentType)
					}
				}
			}
		}
		if files < 50 || total > 400<<10 {
			t.Errorf("%d evidence files, %d bytes", files, total)
		}
	}},
}

func firstProblem(w *world, inspectionID int64) int64 {
	for id, in := range w.inspection {
		if in.ID == inspectionID {
			return id
		}
	}
	return 0
}

// checkHistory checks that a problem's history reads as a real one: dates
// strictly increasing from its opening to before today, every step allowed
// to the side that made it, the current status its last entry, measures
// done by the time the problem was submitted.
func checkHistory(t *testing.T, today rectify.Date, p *rectify.Problem) {
	t.Helper()
	prev := rectify.StatusNotStarted
	var prevDate rectify.Date
	for i, h := range p.History {
		if !h.Date.After(p.Opened) || !h.Date.Before(today) || (i > 0 && !h.Date.After(prevDate)) {
			t.Errorf("problem %d: entry %d dated %s (opened %s, previous %s, today %s)", p.ID, i, h.Date, p.Opened, prevDate, today)
		}
		if rectify.CanTransition(prev, h.Status, rectify.ActorUnit) != nil && rectify.CanTransition(prev, h.Status, rectify.ActorReviewer) != nil {
			t.Errorf("problem %d: %s → %s is allowed to no one", p.ID, prev, h.Status)
		}
		if h.Author == "" || h.Reason == "" {
			t.Errorf("problem %d: entry %d without author or reason", p.ID, i)
		}
		if h.Status == rectify.StatusLongTerm && (h.Class == "" || h.NextMilestone.IsZero()) {
			t.Errorf("problem %d: long-term without class or milestone: %+v", p.ID, h)
		}
		prev, prevDate = h.Status, h.Date
	}
	if prev != p.Status || (len(p.History) > 0 && prevDate != p.StatusDate) {
		t.Errorf("problem %d: current status %s of %s, history ends with %s of %s", p.ID, p.Status, p.StatusDate, prev, prevDate)
	}
	for _, m := range p.Measures {
		if !m.Done.IsZero() && (m.Done.Before(p.Opened) || !m.Done.Before(today)) {
			t.Errorf("problem %d: measure %d done %s", p.ID, m.Number, m.Done)
		}
		if p.Status == rectify.StatusCompleted && (m.Done.IsZero() || m.Done.After(p.StatusDate)) {
			t.Errorf("problem %d completed %s, measure %d done %q", p.ID, p.StatusDate, m.Number, m.Done)
		}
		if p.Status == rectify.StatusNotStarted && !m.Done.IsZero() {
			t.Errorf("problem %d not started, measure %d done", p.ID, m.Number)
		}
	}
}

func TestFill(t *testing.T) {
	for _, today := range []string{"2026-11-20", "2028-02-29", "2025-01-01"} {
		t.Run(today, func(t *testing.T) {
			w := fill(t, d(today))
			t.Logf("counts: %+v", w.sum.Counts)
			for _, c := range fillChecks {
				t.Run(c.name, func(t *testing.T) { c.check(t, w) })
			}
		})
	}
}

// TestFillNotices renders every inspection of the demo as a notice and reads
// it back: the parser must find what the record says, with no warning.
func TestFillNotices(t *testing.T) {
	w := fill(t, d("2026-11-20"))
	for _, in := range w.inspections {
		for _, opt := range []notice.RenderOptions{{}, {Format: notice.FormatMarkdown}, {AsOf: w.today}} {
			var buf bytes.Buffer
			if err := notice.Render(&buf, in, opt); err != nil {
				t.Fatal(err)
			}
			doc, err := notice.Parse(buf.Bytes())
			if err != nil {
				t.Fatalf("inspection %d: Parse: %v", in.ID, err)
			}
			if len(doc.Warnings) > 0 {
				t.Errorf("inspection %d (%s): reading the notice gave warnings: %v", in.ID, in.UnitName, doc.Warnings)
			}
			if got, want := doc.Structure(), notice.RecordStructure(in, opt); !reflect.DeepEqual(got, want) {
				gj, _ := json.MarshalIndent(got, "", " ")
				wj, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("inspection %d (%s, %+v): the notice reads back differently:\n got %s\nwant %s", in.ID, in.UnitName, opt, gj, wj)
			}
			for _, l := range notice.Lint(doc) {
				t.Errorf("inspection %d (%s): Lint: %v", in.ID, in.UnitName, l)
			}
		}
	}
}

func TestFillRefusesAFilledStore(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, st *store.Store)
	}{
		{"a second Fill", func(t *testing.T, st *store.Store) {
			if _, err := demo.Fill(context.Background(), st, d("2026-11-20"), demo.Options{}); err != nil {
				t.Fatal(err)
			}
		}},
		{"a store holding one imported inspection", func(t *testing.T, st *store.Store) {
			ctx := rectify.AsSystem(context.Background())
			u := &rectify.Unit{Name: "某县水务局"}
			if err := st.CreateUnit(ctx, u); err != nil {
				t.Fatal(err)
			}
			in := &rectify.Inspection{UnitID: u.ID, Team: "县委第一巡察组", Findings: []*rectify.Finding{{Number: 1, Title: "某方面",
				Problems: []*rectify.Problem{{Number: 1, Title: "某问题"}}}}}
			if err := st.CreateInspection(ctx, in); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := rectify.AsSystem(context.Background())
			st := testdb.Open(t)
			tt.prepare(t, st)
			before := snapshot(t, st)
			_, err := demo.Fill(ctx, st, d("2026-11-21"), demo.Options{Seed: 7})
			if rectify.ErrorCode(err) != rectify.ECONFLICT || !errors.Is(err, demo.ErrNotEmpty) {
				t.Fatalf("Fill on a filled store: %v, want %v", err, demo.ErrNotEmpty)
			}
			if msg := rectify.ErrorMessage(err); !strings.Contains(msg, "空数据库") {
				t.Errorf("message %q", msg)
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("the refused Fill changed the store: %s → %s", before, after)
			}
		})
	}
}

// snapshot returns the counts of a store's records, as text.
func snapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	_, comments, err := st.ListComments(ctx, store.CommentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	_, ind, err := st.Indicators(ctx, store.IndicatorFilter{}, d("2030-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal([]int{len(units), len(ins), comments, ind.Total, ind.Measures, ind.Rules, ind.Accountability, ind.Rebounds})
	return string(b)
}

func TestFillIsDeterministic(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	today := d("2026-11-20")
	run := func(seed uint64) (*demo.Summary, string) {
		st := testdb.Open(t)
		sum, err := demo.Fill(ctx, st, today, demo.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		ps, _, err := st.ListProblems(ctx, store.ProblemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, p := range ps {
			b.WriteString(p.Title + p.Description + string(p.Status) + p.Due.String() + "\n")
		}
		return sum, b.String()
	}
	a, textA := run(0)
	b, textB := run(demo.DefaultSeed)
	if !reflect.DeepEqual(a, b) {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		t.Errorf("two Fills of %s differ:\n%s\n%s", today, ja, jb)
	}
	if textA != textB {
		t.Error("two Fills with the same day and seed wrote different problems")
	}
	_, textC := run(99)
	if textC == textA {
		t.Error("another seed wrote the same problems")
	}
}

func TestFillRefusesNoDay(t *testing.T) {
	st := testdb.Open(t)
	_, err := demo.Fill(context.Background(), st, rectify.Date{}, demo.Options{})
	if rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("Fill without a day: %v", err)
	}
	if snapshot(t, st) != "[0,0,0,0,0,0,0,0]" {
		t.Errorf("Fill without a day wrote %s", snapshot(t, st))
	}
}
