package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestScriptsInert stores a script in every text field a page of the daily
// work shows — unit, inspection, finding, problem, measure, status, progress,
// evidence file, user, and an uploaded notice — and checks that no page
// carries it as markup: html/template escapes it everywhere, in text, in
// attributes and in the charts' JSON.
func TestScriptsInert(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	const x = `<script>alert("x")</script>`
	d := rectify.MustDate
	unit := &rectify.Unit{Name: "恶意单位" + x, ParentID: hs.bureau.ID}
	must(t, hs.st.CreateUnit(ctx, unit))
	in := &rectify.Inspection{UnitID: unit.ID, UnitName: "党组" + x, Team: "巡察组" + x, Kind: rectify.KindRegular, Round: 1,
		Feedback: d("2023-09-01"), Issuer: "发布单位" + x, Title: "标题" + x, NoticeDate: d("2024-02-01"), Deployer: "县委" + x,
		Opening: "开头" + x, Work: []string{"工作" + x}, NextSteps: []string{"下一步" + x},
		Contact: rectify.Contact{Phone: "电话" + x, Address: "地址" + x, Mailbox: "信箱" + x, Email: "a@b" + x},
		Findings: []*rectify.Finding{{Number: 1, Title: "反馈问题" + x, Problems: []*rectify.Problem{
			{Number: 1, Title: "问题" + x, Description: "描述" + x, Track: rectify.TrackLongTerm, Class: "I" + x, Leader: "领导" + x,
				OwnerUnit: "责任单位" + x, Due: d("2024-02-10"), Opened: d("2023-09-01"),
				Measures: []*rectify.Measure{{Number: 1, Group: "分组" + x, Text: "措施" + x, Owner: "责任人" + x}},
				History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2023-10-01"), Author: "作者" + x,
					Reason: "理由" + x, Text: "原文" + x, NextMilestone: d("2024-05-01")}}},
		}}},
	}
	must(t, hs.st.CreateInspection(ctx, in))
	p := in.Problems()[0]
	must(t, hs.st.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, MeasureID: p.Measures[0].ID, Date: d("2024-01-05"),
		Text: "进展" + x, Author: "填报人" + x}, []store.EvidenceFile{{Name: "文件" + x + ".png", ContentType: "image/png", Data: pngBytes(t)}}))
	u := hs.users["tianbao"]
	u.Name = "王填报" + x
	must(t, hs.st.UpdateUser(ctx, u))
	// What the to-do lists show: a red problem sent back with a reason, a
	// problem waiting for sign-off, an opinion to answer, a reminder given
	// up with the error of the mail server.
	late := &rectify.Inspection{UnitID: unit.ID, Team: "巡察组" + x, Kind: rectify.KindRegular, Feedback: d("2023-09-01"),
		Findings: []*rectify.Finding{{Number: 1, Title: "反馈" + x, Problems: []*rectify.Problem{
			{Number: 1, Title: "红灯问题" + x, Leader: "领导" + x, OwnerUnit: "责任单位" + x, Due: d("2024-02-01"), Opened: d("2023-09-01"),
				History: []rectify.StatusChange{{Status: rectify.StatusSubmitted, Date: d("2024-01-20")},
					{Status: rectify.StatusInProgress, Date: d("2024-01-25"), Author: "审核人" + x, Reason: store.RejectPrefix + "理由" + x}}},
			{Number: 2, Title: "待审核" + x, Leader: "领导" + x, OwnerUnit: "责任单位" + x, Due: d("2024-02-01"), Opened: d("2023-09-01"),
				History: []rectify.StatusChange{{Status: rectify.StatusSubmitted, Date: d("2024-01-20")}}},
		}}}}
	must(t, hs.st.CreateInspection(ctx, late))
	pc := &rectify.PublicComment{UnitID: unit.ID, Contact: "电话" + x, Text: "意见" + x}
	must(t, hs.st.CreateComment(ctx, pc))
	pc.State, pc.Assignee = rectify.CommentAssigned, "交办"+x
	must(t, hs.st.UpdateComment(ctx, pc))
	rk := store.ReminderKey{Kind: "due", ItemID: late.Problems()[1].ID, Recipient: "user:" + id(u.ID), Day: d("2024-02-29")}
	for range 3 {
		got, err := hs.st.ClaimReminders(ctx, []store.ReminderKey{rk}, "p", store.ClaimPolicy{MaxAttempts: 3})
		must(t, err)
		must(t, hs.st.FinishReminders(ctx, got, "p", "550 "+x))
	}

	notice, err := readTestdata("notice_water.txt")
	must(t, err)
	evil := strings.ReplaceAll(string(notice), "取水许可审批把关不严", "取水许可"+x)
	evil = strings.ReplaceAll(evil, "县委第五巡察组", "县委第五巡察组"+x)

	pages := []string{
		"/overview", "/overview?view=round", "/overview?unit=" + id(unit.ID),
		"/inspections", "/inspections/" + id(in.ID), "/inspections/" + id(in.ID) + "?q=" + url.QueryEscape(x),
		"/problems", "/problems?q=" + url.QueryEscape(x) + "&owner=" + url.QueryEscape(x) + "&leader=" + url.QueryEscape(x),
		"/problems/" + id(p.ID), "/inspections/" + id(in.ID) + "/notice", "/import", "/todo",
		"/supervision?unit=" + id(unit.ID), "/problems/print?p=" + id(late.Problems()[0].ID),
	}
	check := func(t *testing.T, name, body string) {
		t.Helper()
		if strings.Contains(body, "<script>alert") {
			i := strings.Index(body, "<script>alert")
			t.Errorf("%s carries the script as markup: …%s…", name, body[max(i-200, 0):min(i+60, len(body))])
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") && !strings.Contains(body, `\u003cscript\u003e`) {
			t.Errorf("%s does not show the script as text", name)
		}
	}
	for _, path := range pages {
		t.Run(path, func(t *testing.T) {
			w := hs.get("tianbao", path)
			if w.Code != 200 {
				t.Fatalf("%d %s", w.Code, text(w.Body.String()))
			}
			check(t, path, w.Body.String())
		})
	}
	t.Run("the office's to-do list", func(t *testing.T) {
		w := hs.get("banshi", "/todo")
		body := w.Body.String()
		for _, s := range []string{"未能送达的提醒", "待我审核销号", "被退回的销号申请", "待处理的群众意见"} {
			if !strings.Contains(body, s) {
				t.Errorf("the to-do list does not show %q:\n%s", s, text(body))
			}
		}
		check(t, "to-do", body)
	})
	t.Run("a sign-off refused in place", func(t *testing.T) {
		r := hs.htmxPost("banshi", "/todo/problems/"+id(late.Problems()[1].ID)+"/review", url.Values{"to": {"in_progress"}, "reason": {strings.Repeat("长", 2001) + x}})
		check(t, "sign-off entry", r.Body.String())
	})
	t.Run("the office's edit page of the problem list", func(t *testing.T) {
		for _, path := range []string{"/inspections/" + id(in.ID) + "/edit", "/inspections/new"} {
			w := hs.get("banshi", path)
			if w.Code != 200 {
				t.Fatalf("%d %s", w.Code, text(w.Body.String()))
			}
			check(t, path, w.Body.String())
		}
	})
	t.Run("the notice's texts shown again with the script typed", func(t *testing.T) {
		w := hs.do("tianbao", "POST", "/inspections/"+id(in.ID)+"/texts", url.Values{"opening": {x}, "email": {"不是邮箱" + x}, "version": {"1"}})
		if w.Code != 422 {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		check(t, "texts form", w.Body.String())
	})
	t.Run("a bulk change refused, shown again with the script typed", func(t *testing.T) {
		ps := late.Problems()
		w := hs.do("tianbao", "POST", "/problems/bulk", url.Values{"p": {id(ps[0].ID) + ":" + id(int64(ps[0].Version)), id(ps[1].ID) + ":1"},
			"back": {"/inspections/" + id(late.ID)}, "set_leader": {"1"}, "leader": {"领导" + x}})
		if w.Code != 422 {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		check(t, "bulk", w.Body.String())
	})
	t.Run("the list swapped by htmx", func(t *testing.T) {
		w := hs.get("tianbao", "/inspections/"+id(in.ID)+"?q="+url.QueryEscape("问题"), "HX-Request", "true", "HX-Target", listTarget)
		check(t, "fragment", w.Body.String())
	})
	t.Run("a form shown again with the script typed", func(t *testing.T) {
		w := hs.do("tianbao", "POST", "/problems/"+id(p.ID), url.Values{"title": {""}, "description": {x}, "version": {"1"}})
		check(t, "edit form", w.Body.String())
	})
	t.Run("the public sentence of a problem", func(t *testing.T) {
		w := hs.do("tianbao", "POST", "/problems/"+id(p.ID)+"/public", url.Values{"text": {"公开表述" + x}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		for _, path := range []string{"/problems/" + id(p.ID), "/inspections/" + id(in.ID) + "/notice"} {
			w := hs.get("tianbao", path)
			if !strings.Contains(w.Body.String(), "公开表述&lt;script&gt;") {
				t.Errorf("%s does not show the public sentence", path)
			}
			check(t, path, w.Body.String())
		}
		w = hs.do("tianbao", "POST", "/problems/"+id(p.ID)+"/public", url.Values{"text": {strings.Repeat("长", 1001) + x}})
		if w.Code != 422 {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		check(t, "public form", w.Body.String())
	})
	t.Run("the preview of an uploaded notice", func(t *testing.T) {
		w := hs.multipartPost("tianbao", "/import", url.Values{"unit_id": {id(hs.bureau.ID)}}, formFile{"file", "通报" + x + ".txt", []byte(evil)})
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		check(t, "preview", w.Body.String())
	})
	t.Run("the download's file name", func(t *testing.T) {
		ps, err := hs.st.ListProgress(ctx, p.ID)
		must(t, err)
		w := hs.get("tianbao", "/evidence/"+id(ps[0].Evidence[0].ID))
		if cd := w.Header().Get("Content-Disposition"); strings.Count(cd, `"`) != 2 || strings.ContainsAny(cd, "<>\\") {
			t.Errorf("Content-Disposition %q", cd)
		}
	})
}

// TestInspectionImporting: an inspection whose problems are still being
// imported in batches says so on its page, and stops saying so once the
// import finished.
func TestInspectionImporting(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.WithUser(context.Background(), hs.users["banshi"])
	in := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第八巡察组", Kind: rectify.KindRegular,
		Findings: []*rectify.Finding{{Number: 1, Title: "制度执行不严", Problems: []*rectify.Problem{{Number: 1, Title: "台账不全"}}}}}
	must(t, hs.st.Update(ctx, "import", func(tx *store.Tx) error { return tx.BeginImport(ctx, in) }))
	path := "/inspections/" + id(in.ID)
	expect(t, hs.get("banshi", path), 200, "导入中：这次巡察的问题仍在分批写入")
	expect(t, hs.get("banshi", "/inspections"), 200, `<span class="tag" data-testid="importing">导入中</span>`)
	must(t, hs.st.Update(ctx, "import finish", func(tx *store.Tx) error { return tx.FinishImport(ctx, in.ID) }))
	if w := hs.get("banshi", path); strings.Contains(w.Body.String(), "导入中") {
		t.Error("a finished import is still marked")
	}
	if w := hs.get("banshi", "/inspections"); strings.Contains(w.Body.String(), "导入中") {
		t.Error("a finished import is still marked in the list")
	}
}
