package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestProblemPublic: the problem page shows which report stands in the
// public notice (the latest by default), lets the unit choose another or
// write a public sentence, and the notice page says it.
func TestProblemPublic(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	d := rectify.MustDate
	in := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第六巡察组", Kind: rectify.KindRegular, Feedback: d("2023-09-01"),
		Findings: []*rectify.Finding{{Number: 1, Title: "河湖管护不到位", Problems: []*rectify.Problem{
			{Number: 1, Title: "河道垃圾清理不及时", Opened: d("2023-09-01"),
				Measures: []*rectify.Measure{{Number: 1, Text: "开展河道保洁专项行动"}}}}}}}
	must(t, hs.st.CreateInspection(ctx, in))
	p := in.Problems()[0]
	first := &rectify.Progress{ProblemID: p.ID, Date: d("2024-01-05"), Text: "清理河道垃圾36吨"}
	must(t, hs.st.AddProgress(ctx, first, nil))
	latest := &rectify.Progress{ProblemID: p.ID, Date: d("2024-01-20"), Text: "建立河道保洁日巡制度，1月20日起施行"}
	must(t, hs.st.AddProgress(ctx, latest, nil))
	page := "/problems/" + id(p.ID)
	notice := "/inspections/" + id(in.ID) + "/notice?as_of=2024-02-01"

	steps := []struct {
		name       string
		login      string
		form       url.Values
		status     int
		flash      string
		page, note []string // what the problem page and the notice page show after
	}{
		{name: "the latest by default", page: []string{"默认显示最新一条整改情况", "公开通报中显示", "用于公开通报"},
			note: []string{"整改情况：建立河道保洁日巡制度，1月20日起施行。"}},
		{name: "a viewer may not choose", login: "chakan", form: url.Values{"progress_id": {id(first.ID)}}, status: http.StatusForbidden},
		{name: "the unit chooses the first report", form: url.Values{"progress_id": {id(first.ID)}}, status: http.StatusSeeOther,
			flash: "公开通报将显示所选的整改情况", page: []string{"单位选定的一条整改情况", "恢复默认（最新一条）"},
			note: []string{"整改情况：清理河道垃圾36吨。"}},
		{name: "a public sentence", form: url.Values{"text": {"河道垃圾日产日清，保洁制度已施行。"}}, status: http.StatusSeeOther,
			flash: "公开通报将显示填写的公开表述", page: []string{"单位填写的公开表述"}, note: []string{"整改情况：河道垃圾日产日清，保洁制度已施行。"}},
		{name: "back to the default", form: url.Values{"default": {"1"}, "text": {"x"}}, status: http.StatusSeeOther,
			flash: "公开通报将显示最新一条整改情况", note: []string{"整改情况：建立河道保洁日巡制度，1月20日起施行。"}},
		{name: "a report of another problem", form: url.Values{"progress_id": {"999999"}}, status: http.StatusUnprocessableEntity,
			page: []string{"所选的整改情况不属于该问题"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			login := s.login
			if login == "" {
				login = "tianbao"
			}
			if s.form != nil {
				w := hs.do(login, "POST", page+"/public", s.form)
				if w.Code != s.status {
					t.Fatalf("%d, want %d: %s", w.Code, s.status, text(w.Body.String()))
				}
				if s.flash != "" {
					if msg := flashOf(t, w); msg != s.flash {
						t.Errorf("flash %q, want %q", msg, s.flash)
					}
				}
				if w.Code == http.StatusUnprocessableEntity {
					expect(t, w, w.Code, s.page...)
					return
				}
			}
			if len(s.page) > 0 {
				expect(t, hs.get("tianbao", page), 200, s.page...)
			}
			if len(s.note) > 0 {
				w := hs.get("tianbao", notice)
				expect(t, w, 200, s.note...)
				if strings.Contains(text(w.Body.String()), "开展河道保洁专项行动") {
					t.Error("the notice lists the planned measure instead of what was done")
				}
			}
		})
	}
}
