package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestBulkProblems ticks problems in an inspection's list and changes them
// at once, as a unit's editor does, and sees what a refused change says.
func TestBulkProblems(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	ctx := rectify.AsSystem(context.Background())
	in := "/inspections/" + id(fx.in.ID)
	tick := func(ps ...*rectify.Problem) []string {
		var out []string
		for _, p := range ps {
			cur, err := hs.st.GetProblem(ctx, p.ID)
			must(t, err)
			out = append(out, id(cur.ID)+":"+id(int64(cur.Version)))
		}
		return out
	}
	steps := []struct {
		name     string
		login    string
		form     func() url.Values
		status   int
		location string
		see      []string
		check    func(t *testing.T)
	}{
		{name: "a new leader and deadline for two problems", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": tick(fx.working, fx.late), "back": {in + "?sort=due"}, "set_leader": {"1"}, "leader": {"周局长"},
					"set_due": {"1"}, "due": {"2024-05-31"}}
			},
			status: http.StatusSeeOther, location: in + "?sort=due",
			check: func(t *testing.T) {
				// The leaders are set; deadlines already set wait for the
				// office as change requests.
				for _, p := range []*rectify.Problem{fx.working, fx.late} {
					got, err := hs.st.GetProblem(ctx, p.ID)
					must(t, err)
					reqs, err := hs.st.ListChangeRequests(ctx, p.ID)
					must(t, err)
					if got.Leader != "周局长" || got.Due != p.Due || len(reqs) != 1 || reqs[0].Due != rectify.MustDate("2024-05-31") {
						t.Errorf("problem %d: %q %s, requests %+v", p.Number, got.Leader, got.Due, reqs)
					}
				}
			}},
		{name: "measures done on one day", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": tick(fx.working, fx.late), "back": {in}, "measures_done": {"1"}, "done_on": {"2024-02-28"}}
			},
			status: http.StatusSeeOther, location: in,
			check: func(t *testing.T) {
				got, err := hs.st.GetProblem(ctx, fx.late.ID)
				must(t, err)
				if got.Measures[0].Done != rectify.MustDate("2024-02-28") {
					t.Errorf("measure done %s", got.Measures[0].Done)
				}
			}},
		{name: "a problem waiting for sign-off refuses: nothing saved, each reason shown, nothing lost", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": tick(fx.working, fx.submitted), "back": {in}, "set_owner_unit": {"1"}, "owner_unit": {"规划股"}}
			},
			status: http.StatusUnprocessableEntity,
			see: []string{"有1个问题不能修改，本次全部未保存", "问题5“工程款支付审核把关不严”：", `data-testid="bulk-refused"`,
				`value="规划股"`, `value="` + id(fx.submitted.ID) + `:`, "checked", "第2轮 专项巡察"},
			check: func(t *testing.T) {
				got, err := hs.st.GetProblem(ctx, fx.working.ID)
				must(t, err)
				if got.OwnerUnit != "防汛办" {
					t.Errorf("saved: %q", got.OwnerUnit)
				}
			}},
		{name: "changed by someone else since the list was read", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": {id(fx.working.ID) + ":1"}, "back": {"/problems"}, "set_leader": {"1"}, "leader": {"李"}}
			},
			status: http.StatusUnprocessableEntity, see: []string{"已被他人修改", "问题清单"}},
		{name: "nothing ticked", login: "tianbao",
			form:   func() url.Values { return url.Values{"back": {in}, "set_leader": {"1"}} },
			status: http.StatusUnprocessableEntity, see: []string{"请先勾选要处理的问题"}},
		{name: "a bad date", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": tick(fx.working), "back": {in}, "set_due": {"1"}, "due": {"2024-13-45"}}
			},
			status: http.StatusUnprocessableEntity, see: []string{"输入有误，请检查填写的日期"}},
		{name: "a back address elsewhere goes to the problems", login: "tianbao",
			form: func() url.Values {
				return url.Values{"p": tick(fx.working), "back": {"https://example.org/x"}, "set_leader": {"1"}, "leader": {"刘副局长"}}
			},
			status: http.StatusSeeOther, location: "/problems"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			w := hs.do(st.login, http.MethodPost, "/problems/bulk", st.form())
			body := w.Body.String()
			if w.Code != st.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, st.status, text(body))
			}
			if loc := w.Header().Get("Location"); loc != st.location {
				t.Errorf("location %q, want %q", loc, st.location)
			}
			for _, s := range st.see {
				if !strings.Contains(body, s) && !strings.Contains(text(body), s) {
					t.Errorf("does not show %q:\n%s", s, text(body))
				}
			}
			if st.check != nil {
				st.check(t)
			}
		})
	}

	t.Run("what each role is offered in a list", func(t *testing.T) {
		for _, c := range []struct {
			login      string
			edit, tick bool
		}{{"tianbao", true, true}, {"kanke", false, true}} {
			body := hs.get(c.login, in).Body.String()
			if got := strings.Contains(body, "批量修改所选问题"); got != c.edit {
				t.Errorf("%s: bulk edit offered %v", c.login, got)
			}
			if got := strings.Contains(body, `data-check-all="bulk-p"`) && strings.Contains(body, "打印所选"); got != c.tick {
				t.Errorf("%s: ticking and printing offered %v", c.login, got)
			}
		}
	})
}

// TestSupervisionOrder downloads a unit's order as .docx and rewrites the
// office's request, which the next order prints.
func TestSupervisionOrder(t *testing.T) {
	hs := newHarness(t)
	newWSFixture(t, hs)
	w := hs.get("banshi", "/supervision.docx?unit="+id(hs.bureau.ID))
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "wordprocessingml") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), url.PathEscape("中共青石县水务局党组督办单")) {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	if !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
		t.Fatal("not a zip")
	}
	w = hs.do("banshi", http.MethodPost, "/supervision/request", url.Values{"query": {"unit=" + id(hs.bureau.ID)}, "request": {"请于3个工作日内报送整改情况。"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/supervision?unit="+id(hs.bureau.ID) {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	body := hs.get("tianbao", "/supervision?unit="+id(hs.bureau.ID)).Body.String()
	if !strings.Contains(body, "请于3个工作日内报送整改情况。") {
		t.Errorf("the new request is not printed:\n%s", text(body))
	}
	w = hs.do("banshi", http.MethodPost, "/supervision/request", url.Values{"query": {"unit=1"}, "request": {strings.Repeat("长", 501)}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d", w.Code)
	}
}
