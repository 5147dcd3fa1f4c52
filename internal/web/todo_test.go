package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// htmxPost sends a form as htmx does, as login.
func (hs *harness) htmxPost(login, target string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("HX-Request", "true")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.Header.Set("X-Test-Login", login)
	w := httptest.NewRecorder()
	hs.h.ServeHTTP(w, r)
	return w
}

// TestToDoSignOff follows a reviewer who signs off and sends back from the
// to-do list without opening the problems, and the unit who then finds
// the problem sent back, with the reason, on its own list.
func TestToDoSignOff(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	ctx := rectify.AsSystem(context.Background())
	// A second submitted problem, with its evidence, for the approval.
	in := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: rectify.MustDate("2023-10-01"),
		Findings: []*rectify.Finding{{Number: 1, Title: "作风建设方面", Problems: []*rectify.Problem{{Number: 1, Title: "会议记录补记",
			Due: rectify.MustDate("2024-02-20"), Measures: []*rectify.Measure{{Number: 1, Text: "规范会议记录", Done: rectify.MustDate("2024-01-10")}},
			History: []rectify.StatusChange{{Status: rectify.StatusSubmitted, Date: rectify.MustDate("2024-02-15")}}}}}}}
	must(t, hs.st.CreateInspection(ctx, in))
	approve := in.Problems()[0]
	must(t, hs.st.AddProgress(ctx, &rectify.Progress{ProblemID: approve.ID, Date: rectify.MustDate("2024-01-10"), Text: "已规范会议记录。"},
		[]store.EvidenceFile{{Name: "会议记录.txt", ContentType: "text/plain", Data: []byte("记录")}}))
	review := func(p *rectify.Problem) string { return "/todo/problems/" + id(p.ID) + "/review" }

	steps := []struct {
		name   string
		login  string
		path   string
		form   url.Values
		htmx   bool
		status int
		see    []string
		hide   []string
		after  rectify.Status // of the problem posted about
	}{
		{"sending back without a reason is refused, in place", "pingshen", review(fx.submitted),
			url.Values{"to": {"in_progress"}}, true, 200,
			[]string{`data-testid="todo-review-error"`, "未能处理：请填写退回理由", `id="todo-signoff-` + id(fx.submitted.ID) + `"`, "销号通过"},
			[]string{"<html"}, rectify.StatusSubmitted},
		{"sending back with a reason", "pingshen", review(fx.submitted),
			url.Values{"to": {"in_progress"}, "reason": {"追回款项缺少银行回单"}}, true, 200,
			[]string{"已退回整改单位", `data-testid="todo-review-done"`}, []string{"销号通过", "<html"}, rectify.StatusInProgress},
		{"signing off again is refused: no longer submitted", "pingshen", review(fx.submitted),
			url.Values{"to": {"completed"}}, true, 200, []string{"未能处理："}, nil, rectify.StatusInProgress},
		{"signing off without htmx goes back to the list", "pingshen", review(approve),
			url.Values{"to": {"completed"}}, false, http.StatusSeeOther, nil, nil, rectify.StatusCompleted},
		{"an unknown decision", "pingshen", review(approve), url.Values{"to": {"long_term"}}, false, 422,
			[]string{"请选择销号通过或退回"}, nil, rectify.StatusCompleted},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			var w *httptest.ResponseRecorder
			if st.htmx {
				w = hs.htmxPost(st.login, st.path, st.form)
			} else {
				w = hs.do(st.login, http.MethodPost, st.path, st.form)
			}
			body := w.Body.String()
			if w.Code != st.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, st.status, text(body))
			}
			for _, s := range st.see {
				if !strings.Contains(body, s) && !strings.Contains(text(body), s) {
					t.Errorf("does not show %q:\n%s", s, text(body))
				}
			}
			for _, s := range st.hide {
				if strings.Contains(body, s) {
					t.Errorf("shows %q", s)
				}
			}
			pid := strings.Split(st.path, "/")[3]
			p, err := hs.st.GetProblem(ctx, mustID(t, pid))
			must(t, err)
			if p.Status != st.after {
				t.Errorf("status %s, want %s", p.Status, st.after)
			}
		})
	}

	t.Run("the unit sees what was sent back and why", func(t *testing.T) {
		w := hs.get("tianbao", "/todo")
		body := text(w.Body.String())
		for _, s := range []string{"被退回的销号申请", "第5个问题：工程款支付审核把关不严", "退回理由：追回款项缺少银行回单", "赵审核，2024年3月1日退回"} {
			if !strings.Contains(body, s) {
				t.Errorf("does not show %q:\n%s", s, body)
			}
		}
	})
	t.Run("the reviewer's queue is empty of them", func(t *testing.T) {
		body := hs.get("pingshen", "/todo").Body.String()
		if strings.Contains(body, "待我审核销号") {
			t.Errorf("still waiting:\n%s", text(body))
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an id: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// TestToDoNavigationCount checks that the count beside 待办 in the
// navigation, the lights counted from the facts in memory, is the to-do
// list's total, the lights counted in SQL, for every role.
func TestToDoNavigationCount(t *testing.T) {
	hs := newHarness(t)
	newWSFixture(t, hs)
	for _, login := range []string{"banshi", "shuiwu-admin", "tianbao", "pingshen", "kanke", "waibu", "chakan"} {
		t.Run(login, func(t *testing.T) {
			u, err := hs.st.GetUserByLogin(context.Background(), login)
			must(t, err)
			ctx := rectify.WithUser(context.Background(), u)
			td, err := hs.w.Work.ToDo(ctx, 200)
			must(t, err)
			late, err := hs.w.lateCount(ctx)
			must(t, err)
			if late != td.LateTotal {
				t.Errorf("lights from the facts: %d, from SQL: %d", late, td.LateTotal)
			}
			body := hs.get(login, "/overview").Body.String()
			want := `<span class="nav-count" title="` + id(int64(td.Total())) + ` 项待办">`
			if td.Total() == 0 {
				if strings.Contains(body, `class="nav-count"`) {
					t.Errorf("a count shown for an empty list")
				}
			} else if !strings.Contains(body, want) {
				t.Errorf("the navigation does not show %d:\n%s", td.Total(), text(body))
			}
		})
	}
}
