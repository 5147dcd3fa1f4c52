package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// plantedResults is an invented record whose progress reports carry known
// figures, some reported through the progress form and some stored
// without it (as imports and the demo do) and read by the backfill.
type plantedResults struct {
	a, b, c    *rectify.Inspection // bureau round 1, station round 2, transport bureau round 2
	pa, pb, pc *rectify.Problem
}

func plantResults(t *testing.T, hs *harness) *plantedResults {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	d := rectify.MustDate
	inspection := func(unit *rectify.Unit, round int, title string) *rectify.Inspection {
		in := &rectify.Inspection{UnitID: unit.ID, UnitName: unit.Name, Team: "县委第二巡察组", Kind: rectify.KindRegular,
			Round: round, Feedback: d("2023-09-01"), Findings: []*rectify.Finding{{Number: 1, Title: "财经纪律执行不严",
				Problems: []*rectify.Problem{{Number: 1, Title: title, Opened: d("2023-09-01"), Track: rectify.TrackDeadline,
					Due: d("2024-06-30"), Measures: []*rectify.Measure{{Number: 1, Text: "全面清理并建章立制。"}}}}}}}
		must(t, hs.st.CreateInspection(ctx, in))
		return in
	}
	p := &plantedResults{}
	p.a = inspection(hs.bureau, 1, "违规发放津补贴")
	p.b = inspection(hs.station, 2, "多发补贴未清退")
	p.c = inspection(hs.other, 2, "工程款支付审核不严")
	p.pa, p.pb, p.pc = p.a.Problems()[0], p.b.Problems()[0], p.c.Problems()[0]
	return p
}

// inputs returns what a browser sends of the inputs of a piece of HTML:
// every named input's value, checkboxes only when ticked.
func inputs(piece string) url.Values {
	out := url.Values{}
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(m[1]), true
	}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(piece, -1) {
		name, ok := attr(tag, "name")
		if !ok {
			continue
		}
		if typ, _ := attr(tag, "type"); typ == "checkbox" && !strings.Contains(tag, " checked") {
			continue
		}
		v, _ := attr(tag, "value")
		out.Add(name, v)
	}
	return out
}

// report fills the progress form as login: the text typed, the figures
// htmx reads from it, edit (may change them as the unit does), submit.
func report(t *testing.T, hs *harness, login string, p *rectify.Problem, date, text string, edit func(v url.Values)) *httpTestResult {
	t.Helper()
	target := fmt.Sprintf("/problems/%d/progress", p.ID)
	w := hs.htmxPost(login, target+"/figures", url.Values{"text": {text}})
	if w.Code != http.StatusOK {
		t.Fatalf("figures of %q: %d %s", text, w.Code, w.Body)
	}
	form := inputs(w.Body.String())
	form.Set("text", text)
	form.Set("date", date)
	if edit != nil {
		edit(form)
	}
	res := hs.multipartPost(login, target, form)
	return &httpTestResult{code: res.Code, body: res.Body.String(), preview: w.Body.String()}
}

type httpTestResult struct {
	code          int
	body, preview string
}

// The progress form shows the figures read from what the unit types, each
// ticked and editable, and the record keeps what the unit confirmed.
func TestProgressFormFigures(t *testing.T) {
	hs := newHarness(t)
	p := plantResults(t, hs)
	quantities := func() string {
		qs, err := hs.st.ListQuantities(context.Background(), p.pa.ID)
		must(t, err)
		var parts []string
		for _, q := range qs {
			parts = append(parts, q.String())
		}
		return strings.Join(parts, "; ")
	}
	t.Run("the preview", func(t *testing.T) {
		w := hs.htmxPost("tianbao", fmt.Sprintf("/problems/%d/progress/figures", p.pa.ID),
			url.Values{"text": {"追回违规发放的津补贴12.6万元，问责5人次，其中诫勉谈话2人。"}})
		got := text(w.Body.String())
		for _, want := range []string{"从填报内容中读出的数字", "资金", "追回", "问责", "诫勉谈话", "（其中）", "万元"} {
			if !strings.Contains(got, want) {
				t.Errorf("preview lacks %q: %s", want, got)
			}
		}
		if n := strings.Count(w.Body.String(), `data-testid="figure"`); n != 3 {
			t.Errorf("%d figures shown, want 3", n)
		}
		w = hs.htmxPost("tianbao", fmt.Sprintf("/problems/%d/progress/figures", p.pa.ID), url.Values{"text": {"召开专题会议研究部署。"}})
		if !strings.Contains(w.Body.String(), "未从填报内容中读出") {
			t.Errorf("a text without figures: %s", w.Body)
		}
	})
	t.Run("confirmed as read", func(t *testing.T) {
		r := report(t, hs, "tianbao", p.pa, "2024-01-10", "追回违规发放的津补贴12.6万元，修订财务制度3项。", nil)
		if r.code != http.StatusSeeOther {
			t.Fatalf("%d %s", r.code, text(r.body))
		}
		if got := quantities(); got != "追回 12.6 万元; 修订 3 项" {
			t.Errorf("stored %q", got)
		}
		page := text(hs.get("tianbao", fmt.Sprintf("/problems/%d", p.pa.ID)).Body.String())
		if !strings.Contains(page, "整改数字：追回 12.6 万元；修订 3 项") {
			t.Errorf("the report's figures are not shown with it: %s", page)
		}
	})
	t.Run("corrected and one unticked", func(t *testing.T) {
		r := report(t, hs, "tianbao", p.pa, "2024-01-12", "追回资金约3万元，召开会议2次。", func(v url.Values) {
			v.Set("q_value_0", "3.15") // the unit knows the exact sum
			v.Set("q_meaning_0", "追缴") // and what it was
			v["q"] = []string{"0"}     // the meetings are not a result
		})
		if r.code != http.StatusSeeOther {
			t.Fatalf("%d %s", r.code, text(r.body))
		}
		if got := quantities(); got != "追回 12.6 万元; 修订 3 项; 追缴 约 3.15 万元" {
			t.Errorf("stored %q", got)
		}
	})
	t.Run("typed on after the reading", func(t *testing.T) {
		r := report(t, hs, "tianbao", p.pa, "2024-01-13", "清退3人多领的补贴", func(v url.Values) {
			v.Set("text", "清退3人多领的补贴0.9万元。")
		})
		if r.code != http.StatusSeeOther {
			t.Fatalf("%d %s", r.code, text(r.body))
		}
		if got := quantities(); !strings.HasSuffix(got, "; 清退 9000 元") {
			t.Errorf("the figures of the text as sent: %q", got)
		}
	})
	t.Run("a value that is no number comes back with the figures", func(t *testing.T) {
		before := quantities()
		r := report(t, hs, "tianbao", p.pa, "2024-01-14", "追回资金5万元。", func(v url.Values) { v.Set("q_value_0", "五万") })
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("%d, want 422", r.code)
		}
		got := text(r.body)
		for _, want := range []string{"有数字的数值不是数字", "请填写数值", "追回资金5万元。"} {
			if !strings.Contains(got, want) {
				t.Errorf("the form again lacks %q", want)
			}
		}
		if !strings.Contains(r.body, `value="五万"`) {
			t.Error("the value typed is not kept")
		}
		if quantities() != before {
			t.Error("something was stored")
		}
	})
	t.Run("stored markup stays text", func(t *testing.T) {
		const xss = `<script>alert("x")</script>`
		w := hs.htmxPost("tianbao", fmt.Sprintf("/problems/%d/progress/figures", p.pa.ID),
			url.Values{"text": {"安装" + xss + "监控设备12台" + xss + "，追回资金5万元。"}})
		if strings.Contains(w.Body.String(), "<script>alert") {
			t.Errorf("the preview writes markup: %s", w.Body)
		}
		r := report(t, hs, "tianbao", p.pb, "2024-01-15", "修订“"+xss+"”制度2项，对"+xss+"3名干部诫勉谈话。", func(v url.Values) {
			v.Set("q_meaning_0", "修订"+xss)
		})
		if r.code != http.StatusSeeOther {
			t.Fatalf("%d %s", r.code, text(r.body))
		}
		for _, page := range []string{"/overview", fmt.Sprintf("/problems/%d", p.pb.ID), fmt.Sprintf("/inspections/%d/notice", p.b.ID)} {
			if body := hs.get("banshi", page).Body.String(); strings.Contains(body, "<script>alert") {
				t.Errorf("%s writes stored markup", page)
			}
		}
	})
	t.Run("outside the unit's scope", func(t *testing.T) {
		w := hs.htmxPost("tianbao", fmt.Sprintf("/problems/%d/progress/figures", p.pc.ID), url.Values{"text": {"追回1万元"}})
		if w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
			t.Errorf("another unit's problem: %d", w.Code)
		}
	})
}

// The overview's 整改成效 adds up the figures of the record — reported
// through the form, or stored without it and read by the backfill — by
// unit (subtree included), by round and as of a day, and the notice states
// its inspection's; the sums are checked against the planted facts.
func TestOverviewResults(t *testing.T) {
	hs := newHarness(t)
	p := plantResults(t, hs)
	d := rectify.MustDate
	for _, r := range []struct {
		login string
		p     *rectify.Problem
		date  string
		text  string
	}{
		{"tianbao", p.pa, "2024-01-10", "追回违规发放的津补贴12.6万元，修订财务制度3项。"},
		{"tianbao", p.pa, "2024-01-20", "问责5人次，其中诫勉谈话2人、党纪处分1人。"},
		{"banshi", p.pc, "2024-02-20", "挽回经济损失约1.2亿元，对3名干部进行批评教育。"},
		{"tianbao", p.pa, "2024-02-25", "追回资金1万元。"},
	} {
		if res := report(t, hs, r.login, r.p, r.date, r.text, nil); res.code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", r.text, res.code, text(res.body))
		}
	}
	// Stored without the form, as an import does, then read by the backfill.
	ctx := rectify.AsSystem(context.Background())
	must(t, hs.st.AddProgress(ctx, &rectify.Progress{ProblemID: p.pb.ID, Date: d("2024-02-01"),
		Text: "清退多发补贴2,350.5万元，建立完善制度三项。", Author: "导入"}, nil))
	if n, err := hs.w.Work.QuantifyPending(context.Background()); err != nil || n != 1 {
		t.Fatalf("backfill: %d, %v", n, err)
	}

	// The planted facts and what they add up to.
	type sums struct{ recovered, rules, accountable string }
	tests := []struct {
		name, target string
		total        sums
		units        map[int64]sums
	}{
		{"every unit", "/overview", sums{"约 14364.1 万元", "6 项", "8 人次"}, map[int64]sums{
			hs.city.ID:    {"约 14364.1 万元", "6 项", "8 人次"},
			hs.bureau.ID:  {"2364.1 万元", "6 项", "5 人次"},
			hs.station.ID: {"2350.5 万元", "3 项", "—"},
			hs.other.ID:   {"约 12000 万元", "—", "3 人次"}}},
		{"as of a day", "/overview?as_of=2024-02-10", sums{"2363.1 万元", "6 项", "5 人次"}, map[int64]sums{
			hs.bureau.ID: {"2363.1 万元", "6 项", "5 人次"}}},
		{"drilled into the bureau", fmt.Sprintf("/overview?unit=%d", hs.bureau.ID), sums{"2364.1 万元", "6 项", "5 人次"}, map[int64]sums{
			hs.bureau.ID: {"2364.1 万元", "6 项", "5 人次"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := hs.get("banshi", tc.target)
			if w.Code != http.StatusOK {
				t.Fatalf("%d %s", w.Code, text(w.Body.String()))
			}
			body := w.Body.String()
			for testid, want := range map[string]string{"results-recovered": tc.total.recovered, "results-rules": tc.total.rules,
				"results-accountable": tc.total.accountable} {
				m := regexp.MustCompile(`data-testid="` + testid + `">([^<]*)<`).FindStringSubmatch(body)
				if m == nil || html.UnescapeString(m[1]) != want {
					t.Errorf("%s: got %v, want %q", testid, m, want)
				}
			}
			for id, want := range tc.units {
				m := regexp.MustCompile(fmt.Sprintf(`data-testid="results-unit" data-unit-id="%d">(.*?)</tr>`, id)).FindStringSubmatch(body)
				if m == nil {
					t.Errorf("unit %d: no row", id)
					continue
				}
				if got, w := text(m[1]), fmt.Sprintf("%s %s %s", want.recovered, want.rules, want.accountable); !strings.HasSuffix(got, w) {
					t.Errorf("unit %d: %q, want it to end %q", id, got, w)
				}
			}
		})
	}
	t.Run("by form and by kind", func(t *testing.T) {
		got := text(hs.get("banshi", "/overview").Body.String())
		for _, want := range []string{"批评教育 3 人次 · 问责 5 人次", "资金 挽回损失 约 12000 万元 1", "资金 清退 2350.5 万元 1",
			"资金 追回 13.6 万元 2", "制度 修订 3 项 1", "制度 建立完善 3 项 1"} {
			if !strings.Contains(got, want) {
				t.Errorf("the overview lacks %q", want)
			}
		}
	})
	t.Run("by round", func(t *testing.T) {
		got := text(hs.get("banshi", "/overview?view=round").Body.String())
		for _, want := range []string{"第1轮 13.6 万元 3 项 5 人次", "第2轮 约 14350.5 万元 3 项 3 人次"} {
			if !strings.Contains(got, want) {
				t.Errorf("the rounds lack %q", want)
			}
		}
	})
	t.Run("the notice states its inspection's", func(t *testing.T) {
		for _, c := range []struct {
			in   *rectify.Inspection
			want string
		}{
			{p.a, "整改以来，共追回资金13.6万元，建立完善制度3项，问责5人次。"},
			{p.b, "整改以来，共追回资金2350.5万元，建立完善制度3项。"},
			{p.c, "整改以来，共追回资金约12000万元，问责3人次。"},
		} {
			w := hs.get("banshi", fmt.Sprintf("/inspections/%d/notice.txt", c.in.ID))
			if !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("notice of %s: want %q in\n%s", c.in.UnitName, c.want, w.Body)
			}
		}
	})
	t.Run("a unit sees only its subtree", func(t *testing.T) {
		got := text(hs.get("chakan", "/overview").Body.String())
		if !strings.Contains(got, "2350.5 万元") || strings.Contains(got, "12000") {
			t.Errorf("the station's viewer: %s", got)
		}
	})
}

// TestOverviewAccountableOnce: a unit that records its accountability (问责
// 记录) and also reports it in its progress is counted once, by its
// records; one that only reports it is counted by its texts. The overview
// says the rule, narrows its figures to one kind of rectification and
// adds them up by kind; the notice counts as the overview does.
func TestOverviewAccountableOnce(t *testing.T) {
	hs := newHarness(t)
	p := plantResults(t, hs)
	ctx := rectify.AsSystem(context.Background())
	d := rectify.MustDate
	audit := &rectify.Inspection{UnitID: hs.other.ID, UnitName: hs.other.Name, Source: rectify.SourceAudit, Team: "县审计局审计组",
		Round: 2, Feedback: d("2023-10-01"), Findings: []*rectify.Finding{{Number: 1, Title: "预算管理方面",
			Problems: []*rectify.Problem{{Number: 1, Title: "项目资金挤占挪用", Opened: d("2023-10-01"), Track: rectify.TrackDeadline,
				Due: d("2024-06-30"), Measures: []*rectify.Measure{{Number: 1, Text: "收回被挤占资金。"}}}}}}}
	must(t, hs.st.CreateInspection(ctx, audit))
	for _, r := range []struct {
		login string
		p     *rectify.Problem
		date  string
		text  string
	}{
		{"tianbao", p.pa, "2024-01-10", "对2名责任人进行诫勉谈话，追回资金3万元。"}, // recorded below too
		{"banshi", p.pc, "2024-01-12", "通报批评1人。"},                // not recorded
		{"banshi", audit.Problems()[0], "2024-01-15", "收回被挤占资金5万元，问责1人次。"},
	} {
		if res := report(t, hs, r.login, r.p, r.date, r.text, nil); res.code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", r.text, res.code, text(res.body))
		}
	}
	for _, person := range []string{"张某", "李某"} {
		must(t, hs.st.CreateAccountability(ctx, &rectify.Accountability{InspectionID: p.a.ID, ProblemID: p.pa.ID, Person: person,
			Form: "诫勉", Date: d("2024-01-08"), Reason: "违规发放津补贴"}))
	}

	figure := func(body, testid string) string {
		m := regexp.MustCompile(`data-testid="` + testid + `">([^<]*)<`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	tests := []struct {
		name, path             string
		recovered, accountable string
		see, hide              []string
	}{
		{"every kind: the records, not the texts, where both", "/overview", "8 万元", "4 人次",
			[]string{rectify.AccountableOnceNote, "诫勉 2 人次", "通报批评 1 人次", "问责 1 人次"}, []string{"诫勉谈话"}},
		{"the audits only", "/overview?source=audit", "5 万元", "1 人次", []string{"仅审计"}, []string{"诫勉"}},
		{"the 巡察 only", "/overview?source=xuncha", "3 万元", "3 人次", nil, nil},
		{"by kind of rectification", "/overview?view=source", "8 万元", "4 人次",
			[]string{"按整改来源", "巡察 3 万元 — 3 人次", "审计 5 万元 — 1 人次"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := hs.get("banshi", tt.path).Body.String()
			if got := figure(body, "results-recovered"); got != tt.recovered {
				t.Errorf("追回资金 %q, want %q", got, tt.recovered)
			}
			if got := figure(body, "results-accountable"); got != tt.accountable {
				t.Errorf("问责 %q, want %q", got, tt.accountable)
			}
			page := text(body)
			for _, s := range tt.see {
				if !strings.Contains(page, s) {
					t.Errorf("the overview does not say %q:\n%s", s, page)
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(page, s) {
					t.Errorf("the overview says %q", s)
				}
			}
		})
	}
	t.Run("the notice counts as the overview", func(t *testing.T) {
		w := hs.get("banshi", fmt.Sprintf("/inspections/%d/notice.txt", p.a.ID))
		if want := "整改以来，共追回资金3万元，问责2人次。"; !strings.Contains(w.Body.String(), want) {
			t.Errorf("want %q in\n%s", want, w.Body)
		}
	})
}
