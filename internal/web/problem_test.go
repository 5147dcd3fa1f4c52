package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// flashOf returns the flash message a redirect leaves.
func flashOf(t *testing.T, w interface{ Result() *http.Response }) string {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == flashCookie {
			msg, err := url.QueryUnescape(c.Value)
			must(t, err)
			return msg
		}
	}
	return ""
}

// TestProblemActions runs the changes of a problem's page in the order a
// unit and a reviewer make them, each answered with a redirect and a flash
// message, and checks what the record holds after each.
func TestProblemActions(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	ctx := rectify.AsSystem(context.Background())
	p := func(pr *rectify.Problem) string { return "/problems/" + id(pr.ID) }
	open := fx.working.Measures[1]
	status := func(pr *rectify.Problem) rectify.Status {
		got, err := hs.st.GetProblem(ctx, pr.ID)
		must(t, err)
		return got.Status
	}
	tests := []struct {
		name     string
		login    string
		path     string
		form     url.Values
		files    []formFile
		location string
		flash    string
		check    func(t *testing.T)
	}{
		{name: "the unit edits the problem's facts: the title and deadline wait for the office", login: "tianbao", path: p(fx.late),
			form: url.Values{"title": {"小型水库除险加固验收严重滞后"}, "description": {"三座水库未验收。"}, "track": {"deadline"},
				"leader": {"刘副局长"}, "owner_unit": {"工程股"}, "due": {"2024-04-15"}, "opened": {"2023-09-15"},
				"version": {id(int64(fx.late.Version))}, "change_reason": {"验收专家组推迟进场"}},
			location: p(fx.late) + "#changes", flash: "已作为变更申请提交巡察办审核",
			check: func(t *testing.T) {
				got, err := hs.st.GetProblem(ctx, fx.late.ID)
				must(t, err)
				if got.Title == "小型水库除险加固验收严重滞后" || got.Due == rectify.MustDate("2024-04-15") || got.Leader != "刘副局长" {
					t.Errorf("saved %+v: the title and the deadline were applied, or the leader not", got)
				}
				page := text(hs.do("banshi", "GET", p(fx.late), nil).Body.String())
				for _, want := range []string{"变更申请", "王填报", "验收专家组推迟进场", "小型水库除险加固验收严重滞后", "2024年4月15日", "同意", "不同意"} {
					if !strings.Contains(page, want) {
						t.Errorf("the reviewer's page does not show %q", want)
					}
				}
				reqs, err := hs.st.ListChangeRequests(ctx, fx.late.ID)
				must(t, err)
				w := hs.do("banshi", "POST", p(fx.late)+"/change", url.Values{"change_id": {id(reqs[0].ID)}, "decision": {"approve"}})
				if w.Code != http.StatusSeeOther {
					t.Fatalf("approve: %d %s", w.Code, text(w.Body.String()))
				}
				got, err = hs.st.GetProblem(ctx, fx.late.ID)
				must(t, err)
				if got.Title != "小型水库除险加固验收严重滞后" || got.Due != rectify.MustDate("2024-04-15") {
					t.Errorf("after the approval: %+v", got)
				}
			}},
		{name: "start the work", login: "tianbao", path: p(fx.late) + "/status", form: url.Values{"to": {"in_progress"}},
			location: p(fx.late) + "#status", flash: "状态已改为“整改中”",
			check: func(t *testing.T) {
				if s := status(fx.late); s != rectify.StatusInProgress {
					t.Errorf("status %s", s)
				}
			}},
		{name: "report the last measure done with evidence and submit", login: "tianbao", path: p(fx.working) + "/progress",
			form: url.Values{"text": {"电子台账上线运行，2月共登记出入库42笔。"}, "date": {"2024-02-29"}, "measure_id": {id(open.ID)},
				"measure_done": {"on"}, "status_to": {"submitted"}},
			files:    []formFile{{"files", "台账截图.png", pngBytes(t)}, {"files", `C:\fakepath\出入库记录.txt`, []byte("记录")}},
			location: p(fx.working) + "#progress", flash: "已填报整改情况，上传证明材料 2 个，状态改为“待销号”",
			check: func(t *testing.T) {
				if s := status(fx.working); s != rectify.StatusSubmitted {
					t.Errorf("status %s", s)
				}
				m, err := hs.st.GetMeasure(ctx, open.ID)
				must(t, err)
				if m.Done != rectify.MustDate("2024-02-29") {
					t.Errorf("measure done %s", m.Done)
				}
				ps, err := hs.st.ListProgress(ctx, fx.working.ID)
				must(t, err)
				last := ps[len(ps)-1]
				if len(last.Evidence) != 2 || last.Evidence[0].ContentType != "image/png" || last.Evidence[1].Name != "出入库记录.txt" {
					t.Errorf("evidence %+v %+v", last.Evidence[0], last.Evidence[1])
				}
			}},
		{name: "the reviewer signs it off on the day of the submission", login: "pingshen", path: p(fx.working) + "/review",
			form:     url.Values{"to": {"completed"}, "on": {"2024-02-29"}},
			location: p(fx.working) + "#status", flash: "已销号",
			check: func(t *testing.T) {
				testdb.WantSignedOff(t, hs.st, fx.working.ID, rectify.MustDate("2024-02-29"))
				page := hs.get("pingshen", p(fx.working)).Body.String()
				for _, want := range []string{"发生日期 2024年2月29日", "记录时间 ", `data-testid="progress-recorded">记录于 `} {
					if !strings.Contains(page, want) {
						t.Errorf("the history does not show %q", want)
					}
				}
			}},
		{name: "the reviewer reopens it when it came back", login: "pingshen", path: p(fx.working) + "/review",
			form:     url.Values{"to": {"in_progress"}, "reason": {"账实又不符"}, "on": {"2024-02-29"}},
			location: p(fx.working) + "#status",
			check: func(t *testing.T) {
				testdb.WantRebound(t, hs.st, fx.working.ID, rectify.MustDate("2024-02-29"))
			}},
		{name: "the reviewer sends one back", login: "pingshen", path: p(fx.submitted) + "/review",
			form:     url.Values{"to": {"in_progress"}, "reason": {"退款凭证不全，请补充银行回单"}},
			location: p(fx.submitted) + "#status", flash: "已退回整改单位",
			check: func(t *testing.T) {
				got, err := hs.st.GetProblem(ctx, fx.submitted.ID)
				must(t, err)
				if got.Status != rectify.StatusInProgress || !strings.Contains(got.History[len(got.History)-1].Reason, "银行回单") {
					t.Errorf("status %s %+v", got.Status, got.History)
				}
			}},
		{name: "a long-term problem's next milestone", login: "tianbao", path: p(fx.longTerm) + "/milestone",
			form:     url.Values{"next_milestone": {"2024-06-30"}, "reason": {"汛前完成第一批片区"}},
			location: p(fx.longTerm) + "#status", flash: "已更新下一个节点：2024年6月30日"},
		{name: "a measure added", login: "tianbao", path: p(fx.late) + "/measures",
			form:     url.Values{"text": {"聘请第三方开展竣工验收"}, "owner": {"工程股"}, "due": {"2024-04-10"}},
			location: p(fx.late) + "#measures", flash: "已添加整改措施②"},
		{name: "a measure edited", login: "tianbao", path: "/measures/" + id(fx.late.Measures[0].ID),
			form:     url.Values{"text": {"督促施工单位3月底前完成剩余工程量"}, "owner": {"工程股"}, "version": {"1"}},
			location: p(fx.late) + "#measures", flash: "已保存整改措施①"},
		{name: "a measure done", login: "tianbao", path: "/measures/" + id(fx.late.Measures[0].ID) + "/done",
			form: url.Values{"done": {"2024-02-28"}}, location: p(fx.late) + "#measures", flash: "整改措施①已完成"},
		{name: "a measure reopened", login: "tianbao", path: "/measures/" + id(fx.late.Measures[0].ID) + "/reopen",
			location: p(fx.late) + "#measures", flash: "整改措施①已重新打开"},
		{name: "a measure deleted", login: "tianbao", path: "/measures/" + id(fx.late.Measures[0].ID) + "/delete",
			location: p(fx.late) + "#measures", flash: "已删除整改措施①，已填报的整改情况保留在问题下",
			check: func(t *testing.T) {
				if _, err := hs.st.GetMeasure(ctx, fx.late.Measures[0].ID); !errors.Is(err, rectify.ErrNotFound) {
					t.Errorf("the measure is still there: %v", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w interface {
				Result() *http.Response
			}
			if tt.files != nil {
				w = hs.multipartPost(tt.login, tt.path, tt.form, tt.files...)
			} else {
				w = hs.do(tt.login, "POST", tt.path, tt.form)
			}
			res := w.Result()
			if res.StatusCode != http.StatusSeeOther {
				var b bytes.Buffer
				b.ReadFrom(res.Body)
				t.Fatalf("status %d: %s", res.StatusCode, text(b.String()))
			}
			if loc := res.Header.Get("Location"); loc != tt.location {
				t.Errorf("location %q, want %q", loc, tt.location)
			}
			if msg := flashOf(t, w); !strings.Contains(msg, tt.flash) {
				t.Errorf("flash %q, want %q", msg, tt.flash)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

// TestEvidenceUploadLimits checks the answers to files too large and too
// many: 413 with the limits in Chinese, what was typed kept, nothing
// stored.
func TestEvidenceUploadLimits(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	path := "/problems/" + id(fx.working.ID) + "/progress"
	big := bytes.Repeat([]byte("x"), maxEvidenceFile+1)
	many := make([]formFile, maxEvidenceCount+1)
	for i := range many {
		many[i] = formFile{"files", "照片" + id(int64(i)) + ".png", pngBytes(t)}
	}
	tests := []struct {
		name  string
		files []formFile
		see   []string
	}{
		{"a file over 20 MB", []formFile{{"files", "现场录像.mp4", big}}, []string{"文件“现场录像.mp4”有 20.0 MB，超过单个文件 20 MB 的上限",
			"单个文件不能超过 20 MB，一次填报的文件合计不能超过 50 MB、最多 20 个", "已完成防汛仓库盘点"}},
		{"too many files", many, []string{"最多 20 个"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := hs.st.ListProgress(context.Background(), fx.working.ID)
			must(t, err)
			w := hs.multipartPost("tianbao", path, url.Values{"text": {"已完成防汛仓库盘点"}, "date": {"2024-02-29"}}, tt.files...)
			expect(t, w, http.StatusRequestEntityTooLarge, tt.see...)
			after, err := hs.st.ListProgress(context.Background(), fx.working.ID)
			must(t, err)
			if len(after) != len(before) {
				t.Error("a refused report was stored")
			}
		})
	}
}

// TestEvidenceDownload checks a file's download (its type, attachment,
// its name in UTF-8) and the inline preview of images only.
func TestEvidenceDownload(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	tests := []struct {
		name        string
		path        string
		status      int
		contentType string
		disposition string
	}{
		{"a photo", "/evidence/" + id(fx.photo.ID), 200, "image/png",
			`attachment; filename="____.png"; filename*=UTF-8''%E9%80%80%E6%AC%BE%E5%87%AD%E8%AF%81.png`},
		{"a text file", "/evidence/" + id(fx.report.ID), 200, "text/plain; charset=utf-8",
			`attachment; filename="____.txt"; filename*=UTF-8''%E5%A4%8D%E6%A0%B8%E6%8A%A5%E5%91%8A.txt`},
		{"a photo's preview", "/evidence/" + id(fx.photo.ID) + "/preview", 200, "image/png", "inline; "},
		{"no preview of a text", "/evidence/" + id(fx.report.ID) + "/preview", 404, "text/html; charset=utf-8", ""},
		{"a file that does not exist", "/evidence/999999", 404, "text/html; charset=utf-8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.get("kanke", tt.path)
			if w.Code != tt.status {
				t.Fatalf("status %d: %s", w.Code, text(w.Body.String()))
			}
			if ct := w.Header().Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, tt.disposition) {
				t.Errorf("Content-Disposition %q, want %q", cd, tt.disposition)
			}
		})
	}
	if w := hs.get("kanke", "/evidence/"+id(fx.report.ID)+"/preview"); !strings.Contains(text(w.Body.String()), "不是图片，不能预览") {
		t.Errorf("preview of a text: %s", text(w.Body.String()))
	}
}

// forRE finds the fields the labels of a page point at.
var forRE = regexp.MustCompile(`<label[^>]*\sfor="([^"]+)"`)

// TestProblemPageIDs renders the problem page with every form it has —
// the unit's status change, the next milestone, each measure's edit form
// open with its fields, a new measure, a progress report, the problem's
// own fields, the reviewer's decision — and with the messages of refused
// submissions, and checks that no id stands twice on a page and that
// every label points at a field of the page.
func TestProblemPageIDs(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	p := func(pr *rectify.Problem) string { return "/problems/" + id(pr.ID) }
	open := fx.working.Measures[1]
	tests := []struct {
		name   string
		login  string
		method string
		path   string
		form   url.Values
		status int
		see    []string // the forms the page must have
	}{
		{"a long-term problem for its unit", "tianbao", "GET", p(fx.longTerm), nil, 200,
			[]string{`data-testid="status-form"`, `action="` + p(fx.longTerm) + `/milestone"`, `action="/measures/` + id(fx.longTerm.Measures[0].ID) + `"`,
				`action="` + p(fx.longTerm) + `/measures"`, `data-testid="progress-form"`, `data-testid="problem-edit-form"`,
				`id="f-due"`, `id="new-measure-due"`, `id="new-measure-owner"`}},
		{"a measure's edit form shown again", "tianbao", "POST", "/measures/" + id(open.ID),
			url.Values{"text": {"建立物资出入库电子台账并每月对账"}, "owner": {"防汛办"}, "due": {"2024-13-01"}, "version": {"9"}}, 422,
			[]string{`id="m` + id(open.ID) + `-owner"`, `id="m` + id(open.ID) + `-due"`, `id="e-m` + id(open.ID) + `-due"`,
				`id="new-measure-due"`, `id="f-due"`}},
		{"a new measure refused", "tianbao", "POST", p(fx.working) + "/measures",
			url.Values{"text": {" "}, "owner": {"防汛办"}, "due": {"明年"}}, 422,
			[]string{`id="e-new-measure-due"`, `id="e-new-measure-text"`, `id="f-due"`}},
		{"the problem's edit refused", "tianbao", "POST", p(fx.working),
			url.Values{"title": {""}, "due": {"明年"}, "version": {id(int64(fx.working.Version))}}, 422,
			[]string{`id="e-title"`, `id="e-due"`, `id="new-measure-due"`}},
		{"a report refused", "tianbao", "POST", p(fx.working) + "/progress", url.Values{"text": {""}, "date": {"2024-02-28"}}, 422,
			[]string{`data-testid="progress-form"`, `id="progress-text"`}},
		{"a submitted problem for a reviewer", "pingshen", "GET", p(fx.submitted), nil, 200,
			[]string{`data-testid="review-form"`, `id="review-reason"`}},
		{"a problem for an admin", "banshi", "GET", p(fx.working), nil, 200,
			[]string{`data-testid="progress-form"`, `data-testid="problem-edit-form"`, `id="new-measure-owner"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.do(tt.login, tt.method, tt.path, tt.form)
			body := w.Body.String()
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, text(body))
			}
			for _, s := range tt.see {
				if !strings.Contains(body, s) {
					t.Errorf("the page has no %s", s)
				}
			}
			for _, dup := range duplicateIDs(body) {
				t.Errorf("two elements have the id %q", dup)
			}
			ids := map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(body, -1) {
				ids[m[1]] = true
			}
			for _, m := range forRE.FindAllStringSubmatch(body, -1) {
				if !ids[m[1]] {
					t.Errorf("a label points at %q, which no element of the page is", m[1])
				}
			}
		})
	}
}

// TestFrozenProblemRefused posts every change of a problem's facts and
// measures to a problem waiting for sign-off, as from a page loaded
// before it was submitted: each goes through the workflow, is refused
// with its reason (409) shown on the page, and the record keeps what the
// reviewer is signing off.
func TestFrozenProblemRefused(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	ctx := rectify.AsSystem(context.Background())
	p := "/problems/" + id(fx.submitted.ID)
	m := fx.submitted.Measures[0]
	tests := []struct {
		name string
		path string
		form url.Values
		msg  string
	}{
		{"the problem's facts", p, url.Values{"title": {"工程款支付审核把关不严（改）"}, "track": {"deadline"},
			"version": {id(int64(fx.submitted.Version))}}, "不能修改问题；"},
		{"a new measure", p + "/measures", url.Values{"text": {"补充一项措施"}}, "不能修改整改措施"},
		{"a measure's text", "/measures/" + id(m.ID), url.Values{"text": {"改过的措施"}, "version": {id(int64(m.Version))}},
			"不能修改整改措施"},
		{"a measure done again", "/measures/" + id(m.ID) + "/done", url.Values{"done": {"2024-02-28"}}, "不能修改整改措施"},
		{"a measure reopened", "/measures/" + id(m.ID) + "/reopen", nil, "不能修改整改措施"},
		{"a measure deleted", "/measures/" + id(m.ID) + "/delete", nil, "不能修改整改措施"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.do("tianbao", "POST", tt.path, tt.form)
			expect(t, w, http.StatusConflict, `<div class="form-error" role="alert">问题已提交销号，等待审核，`+tt.msg)
		})
	}
	got, err := hs.st.GetProblem(ctx, fx.submitted.ID)
	must(t, err)
	if got.Title != fx.submitted.Title || got.Version != fx.submitted.Version || len(got.Measures) != 1 ||
		got.Measures[0].Text != m.Text || got.Measures[0].Done != m.Done {
		t.Errorf("the record changed: %+v %+v", got, got.Measures[0])
	}
}
