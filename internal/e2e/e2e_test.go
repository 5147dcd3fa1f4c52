package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/server"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// seedPath is the real published notice, outside the project; without it
// the tests import a notice of the project's own writing.
var seedPath = filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt")

// ownNotice is the project's own fixture, used when the seed is absent.
var ownNotice = filepath.Join("..", "web", "testdata", "notice_water.txt")

// password is every test account's.
const password = "临江市巡察办2026"

// app is the whole application served on 127.0.0.1 over a demo record.
type app struct {
	st    *store.Store
	url   string
	demo  *demo.Summary
	today rectify.Date
}

// startApp fills a store with the demo, adds an account per role and serves
// the application as `rectify serve` does; opts change what the server is
// given (its fonts).
func startApp(t *testing.T, opts ...func(*server.Deps)) *app {
	t.Helper()
	ctx := context.Background()
	st := testdb.Open(t)
	today := rectify.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	sum, err := demo.Fill(ctx, st, today, demo.Options{})
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*rectify.User{
		{Login: "banshi", Name: "周主任", Role: rectify.RoleAdmin},
		{Login: "shenhe", Name: "吴组长", Role: rectify.RoleReviewer, UnitID: sum.City},
		{Login: "tianbao", Name: "郑填报", Role: rectify.RoleEditor, UnitID: sum.Bureau},
	} {
		u.PasswordHash = hash
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	deps := server.Deps{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now}
	for _, o := range opts {
		o(&deps)
	}
	srv, err := server.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &app{st: st, url: ts.URL, demo: sum, today: today}
}

// noticeFile is the notice the tests import, with its counts as the
// parser reads them.
func noticeFile(t *testing.T) (path string, total, completed int, isSeed bool) {
	t.Helper()
	path, isSeed = seedPath, true
	if _, err := os.Stat(path); err != nil {
		path, isSeed = ownNotice, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := notice.Parse(data)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	for _, f := range doc.Findings {
		for _, p := range f.Problems {
			total++
			if p.Status == rectify.StatusCompleted {
				completed++
			}
		}
	}
	if isSeed && (total != 25 || completed != 18) {
		t.Fatalf("the seed parses to %d problems, %d completed; want 25 and 18", total, completed)
	}
	return path, total, completed, isSeed
}

func rate(t *testing.T, u *user) float64 {
	t.Helper()
	s := u.attr(`[data-testid=overview-completion-rate]`, "data-value")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		u.fatalf("completion rate %q: %v", s, err)
	}
	return f
}

func number(t *testing.T, u *user, sel string) int {
	t.Helper()
	s := strings.ReplaceAll(u.text(sel), ",", "")
	n, err := strconv.Atoi(s)
	if err != nil {
		u.fatalf("%s is %q, not a number", sel, s)
	}
	return n
}

// TestDailyWork walks the work of a rectification as its people do it, in
// one browser: the office imports a published notice, the unit reports
// progress with evidence and submits a problem for sign-off, a reviewer
// signs it off, the overview's completion rate moves, the office publishes
// the notice, a citizen sends an opinion from the public page and the unit
// finds it in its inbox.
func TestDailyWork(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	file, total, completed, isSeed := noticeFile(t)
	bureau := strconv.FormatInt(a.demo.Bureau, 10)

	office := newUser(t, browser, a.url, "office")
	office.login("banshi", password)
	office.open("/overview")
	office.see("整改完成率", "具体问题")
	office.shot("overview")
	total0 := number(t, office, `[data-testid=overview-total]`)
	completed0 := number(t, office, `[data-testid=overview-completed]`)

	// The office imports the notice into the bureau: preview, then confirm.
	office.open("/import")
	office.choose("#f-unit_id", bureau)
	office.upload("#f-file", file)
	if st := office.submit(`[data-testid=import-upload]`); st != 200 {
		office.fatalf("upload answered %d", st)
	}
	office.see(fmt.Sprintf("%d 个具体问题", total))
	if isSeed {
		office.see("中共邵阳市园林绿化中心委员会", "市委第四巡察组")
		if n := office.count(`[data-testid=preview-lint] li, [data-testid=preview-lint] tr`); n == 0 {
			office.fatalf("the preview lists no lint findings for the seed (it has unnumbered findings and future dates)")
		}
	}
	office.shot("import-preview")
	if got := office.eval(`document.querySelector("[data-testid=import-confirm-form] #f-unit_id").value`); got != bureau {
		office.fatalf("the confirm form's unit is %q, want the bureau %s chosen at upload", got, bureau)
	}
	office.submit(`[data-testid=import-confirm]`)
	loc, _ := office.location()
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(u.Path, "/inspections/") {
		office.fatalf("after confirming, the page is %s, not the new inspection", loc)
	}
	inspection := strings.TrimPrefix(u.Path, "/inspections/")
	office.see(fmt.Sprintf("已导入：%d 个问题，已完成 %d 个", total, completed))
	if n := number(t, office, `[data-testid=inspection-total]`); n != total {
		office.fatalf("the inspection shows %d problems, want %d", n, total)
	}
	if n := number(t, office, `[data-testid=inspection-completed]`); n != completed {
		office.fatalf("the inspection shows %d completed, want %d", n, completed)
	}
	if n := office.count(`[data-testid=problem-row]`); n != total {
		office.fatalf("the list has %d rows, want %d", n, total)
	}
	if n := office.count(`[data-testid=problem-row][data-status=completed]`); n != completed {
		office.fatalf("the list has %d completed rows, want %d", n, completed)
	}
	office.shot("inspection")

	office.open("/overview")
	if n := number(t, office, `[data-testid=overview-total]`); n != total0+total {
		office.fatalf("overview total %d after the import, want %d+%d", n, total0, total)
	}
	rateBefore := rate(t, office)

	// The unit finishes an open problem's measures, reports with evidence
	// and submits it for sign-off.
	unit := newUser(t, browser, a.url, "unit")
	unit.login("tianbao", password)
	unit.open("/inspections/" + inspection)
	problem := unit.attr(`[data-testid=problem-row]:not([data-status=completed])`, "data-problem-id")
	if problem == "<none>" {
		unit.fatalf("the imported inspection has no open problem")
	}
	unit.open("/problems/" + problem)
	unit.shot("problem")
	for i := 0; unit.count(`[data-testid=measure-done]`) > 0; i++ {
		if i > 20 {
			unit.fatalf("measures stay open after 20 clicks")
		}
		unit.submit(`[data-testid=measure-done]`)
	}
	if n := unit.count(`[data-testid=measure-reopen]`); n == 0 {
		unit.fatalf("no measure is shown done")
	}
	evidence := filepath.Join(t.TempDir(), "整改台账照片.png")
	if err := os.WriteFile(evidence, pngBytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	unit.click(`[data-testid=progress-details] summary`)
	unit.fill("#progress-text", "已完成全部整改措施：清理问题台账 12 项，追回资金 3.6 万元，相关制度已印发执行。")
	unit.choose(`[data-testid=progress-form] input[name=date]`, a.today.String())
	unit.upload(`[data-testid=evidence-input]`, evidence)
	unit.choose(`[data-testid=progress-status]`, "submitted")
	unit.submit(`[data-testid=progress-submit]`)
	unit.see("已填报整改情况", "整改台账照片.png")
	if s := unit.attr(`[data-testid=problem-status]`, "data-status"); s != "submitted" {
		unit.fatalf("after the report the problem is %q, want submitted: %s", s, unit.text("#status"))
	}
	// The evidence downloads as it was uploaded.
	size := unit.evalAsync(`(async () => { const a = document.querySelector("[data-testid=evidence-link]"); const r = await fetch(a.href); return r.status + " " + (await r.arrayBuffer()).byteLength })()`)
	if want := fmt.Sprintf("200 %d", len(pngBytes())); size != want {
		unit.fatalf("evidence download: %s, want %s", size, want)
	}
	unit.shot("problem-submitted")

	// Two people edit another open problem at once: the second to save is
	// told and keeps what they typed.
	unit.open("/inspections/" + inspection)
	other := unit.attr(`[data-testid=problem-row]:not([data-status=completed]):not([data-problem-id="`+problem+`"])`, "data-problem-id")
	if other == "<none>" {
		unit.fatalf("the imported inspection has one open problem only")
	}
	unit.open("/problems/" + other)
	office.open("/problems/" + other)
	for _, u := range []*user{unit, office} {
		u.click(`#edit summary`)
	}
	office.fill(`[data-testid=problem-edit-form] #f-leader`, "王副主任")
	office.submit(`[data-testid=problem-save]`)
	office.see("王副主任")
	unit.fill(`[data-testid=problem-edit-form] #f-leader`, "李副主任")
	if st := unit.submit(`[data-testid=problem-save]`); st != 409 {
		unit.fatalf("a stale edit answered %d, want 409", st)
	}
	unit.see("已被他人修改", "王副主任")
	if got := unit.eval(`document.querySelector("[data-testid=problem-edit-form] #f-leader").value`); got != "李副主任" {
		unit.fatalf("the stale form lost what was typed: leader %q", got)
	}
	if got := unit.text(`[data-testid=stale-theirs]`); !strings.Contains(got, "王副主任") {
		unit.fatalf("the other's version is not shown: %q", got)
	}
	unit.shot("stale-edit")

	// A reviewer finds it in the to-do list, the first page after signing
	// in, checks it on its page and signs it off from the list, in place.
	reviewer := newUser(t, browser, a.url, "reviewer")
	reviewer.login("shenhe", password)
	if loc, _ := reviewer.location(); !strings.HasSuffix(loc, "/todo") {
		reviewer.fatalf("after signing in the page is %s, not the to-do list", loc)
	}
	item := `[data-testid=todo-signoff-item][data-problem-id="` + problem + `"]`
	if reviewer.count(item) != 1 {
		reviewer.fatalf("the submitted problem is not in the to-do list's sign-off queue: %s", reviewer.text("#signoff"))
	}
	reviewer.open("/problems/" + problem)
	reviewer.see("销号审核", "已全部完成", "1 个文件")
	reviewer.shot("signoff")
	reviewer.open("/todo")
	reviewer.shot("todo")
	reviewer.fill(`#todo-reason-`+problem, "措施全部完成，证明材料齐全，同意销号。")
	reviewer.click(item + ` [data-testid=todo-approve]`)
	run(reviewer, "wait for the sign-off", chromedp.WaitVisible(chromedp.CSS(item+` [data-testid=todo-review-done]`)))
	reviewer.see("已销号")
	reviewer.open("/problems/" + problem)
	if s := reviewer.attr(`[data-testid=problem-status]`, "data-status"); s != "completed" {
		reviewer.fatalf("after approval the problem is %q: %s", s, reviewer.text("#status"))
	}
	reviewer.see("同意销号")

	// The overview's completion rate moves.
	office.open("/overview")
	if n := number(t, office, `[data-testid=overview-completed]`); n != completed0+completed+1 {
		office.fatalf("overview completed %d, want %d", n, completed0+completed+1)
	}
	if after := rate(t, office); after <= rateBefore {
		office.fatalf("completion rate %.4f after the sign-off, was %.4f", after, rateBefore)
	}
	office.shot("overview-after")

	// The office prints the bureau's red problems: A4 landscape, the
	// filter as the caption, the last column on the page; and the bureau's
	// supervision order, A4 upright.
	office.open("/problems?unit=" + bureau + "&light=red")
	if n := office.count(`[data-testid=problem-row]`); n == 0 {
		office.fatalf("the bureau has no red problem to print")
	}
	size, text := printPDF(office, "problems-print")
	if size != "" && !a4(size, true) {
		office.fatalf("the list prints on %s, not A4 landscape (841 × 595 pt)", size)
	}
	if text != "" && (!strings.Contains(text, "问题清单（单位：") || !strings.Contains(text, "预警：红灯") || !strings.Contains(text, "状态日期")) {
		office.fatalf("the printed list lacks its caption or its last column:\n%s", clip(text, 800))
	}
	office.open("/supervision?unit=" + bureau)
	office.see("巡察整改督办单", "督办要求：", "签收单位负责人（签字）")
	office.shot("supervision")
	size, text = printPDF(office, "supervision")
	if size != "" && !a4(size, false) {
		office.fatalf("the supervision order prints on %s, not A4 upright (595 × 842 pt)", size)
	}
	if text != "" && (strings.Contains(text, "修改督办要求") || !strings.Contains(text, "督办对象")) {
		office.fatalf("the printed order shows the page's controls or lacks its text:\n%s", clip(text, 800))
	}
	office.open("/inspections/" + inspection)
	if n := number(t, office, `[data-testid=inspection-completed]`); n != completed+1 {
		office.fatalf("the inspection shows %d completed, want %d", n, completed+1)
	}

	// The notice regenerated from the record, and published.
	office.open("/inspections/" + inspection + "/notice")
	office.see(fmt.Sprintf("%d个具体问题", total))
	office.shot("notice")
	office.open("/publishing")
	office.submit(`[data-testid=publishing-item][data-inspection-id="` + inspection + `"] [data-testid=publish]`)
	if got := office.text(`[data-testid=publishing-item][data-inspection-id="` + inspection + `"]`); !strings.Contains(got, "已公开") {
		office.fatalf("after publishing the row says %q", got)
	}

	// A citizen sends an opinion from the public page.
	citizen := newUser(t, browser, a.url, "citizen")
	citizen.open("/public")
	citizen.submit(`a[href="/public/units/` + bureau + `"]`)
	citizen.submit(`a[href="/public/inspections/` + inspection + `"]`)
	loaded := time.Now()
	citizen.shot("public-notice")
	opinion := fmt.Sprintf("建议公开追回资金的去向。<script>window.__xss=1</script> %d", time.Now().UnixNano())
	citizen.fill("#f-name", "市民李某")
	citizen.fill("#f-contact", "13912345678")
	citizen.fill("#f-text", opinion)
	// A form sent within seconds of its page is refused as a robot's.
	time.Sleep(time.Until(loaded.Add(3500 * time.Millisecond)))
	citizen.submit(`#opinion-submit`)
	receipt := citizen.text(`[data-testid=receipt]`)
	if receipt == "" {
		citizen.fatalf("no receipt after sending: %s", citizen.text("main"))
	}
	citizen.shot("public-thanks")

	// With the receipt, the citizen looks the opinion up: its state, no
	// reply yet, nothing of what they wrote.
	citizen.submit(`[data-testid=receipt-lookup]`)
	citizen.fill("#f-receipt", receipt)
	citizen.submit(`[data-testid=receipt-submit]`)
	citizen.see("已收到，等待登记办理", "答复尚未公开")
	if got := citizen.text(`[data-testid=receipt-result]`); strings.Contains(got, "13912345678") || strings.Contains(got, "建议公开追回资金") {
		citizen.fatalf("the lookup shows what the opinion said: %s", got)
	}
	citizen.shot("public-receipt")

	// The unit finds it in its inbox, shown as typed.
	unit.open("/comments")
	row := `[data-testid=inbox-item]`
	found := unit.eval(fmt.Sprintf(`[...document.querySelectorAll(%q)].filter(r => r.innerText.includes(%q)).length + ""`, row, receipt))
	if found != "1" {
		unit.fatalf("the inbox lists the receipt %s %s times:\n%s", receipt, found, unit.text("main"))
	}
	unit.shot("inbox")
	unit.submit(fmt.Sprintf(`%s a[href^="/comments/"]`, row))
	unit.see(opinion, "市民李某", "13912345678")
	if x := unit.eval(`String(window.__xss)`); x != "undefined" {
		unit.fatalf("the opinion's script ran (window.__xss=%s)", x)
	}
	unit.shot("comment")
}

// pngBytes is a small valid PNG image.
func pngBytes() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// xss is stored in every text field: a script element and an image whose
// error handler runs script. Rendered inert, it shows as the text typed and
// sets nothing.
const xss = `<script>window.__xss=1;alert("xss")</script><img src=x onerror="window.__xss=2;alert('xss')">`

// shortXSS fits the fields of 50 characters (telephone numbers).
const shortXSS = `<img src=x onerror=window.__xss=3>`

// TestScriptsInert stores the script in every text field of the record —
// unit, inspection, finding, problem, measure, status, progress, evidence
// file, rule, accountability, look-back, public opinion and reply, account
// — and opens every page that shows them, as each role and as the public,
// in the browser: the script is shown as text and never runs.
func TestScriptsInert(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	ctx := context.Background()
	st := a.st
	ctx = rectify.AsSystem(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d := rectify.MustDate
	today := rectify.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	unit := &rectify.Unit{Name: "恶意单位" + xss, ParentID: a.demo.Bureau,
		Contact: rectify.Contact{Phone: "电话" + shortXSS, Address: "地址" + xss, Email: "a@b" + xss}}
	must(st.CreateUnit(ctx, unit))
	in := &rectify.Inspection{UnitID: unit.ID, UnitName: "党组" + xss, Team: "巡察组" + xss, Kind: rectify.KindRegular, Round: 1,
		Feedback: d("2026-03-01"), Issuer: "发布单位" + xss, Title: "标题" + xss, NoticeDate: d("2026-06-01"), Deployer: "市委" + xss,
		Opening: "开头" + xss, Work: []string{"工作" + xss}, NextSteps: []string{"下一步" + xss}, Published: true,
		Contact: rectify.Contact{Phone: "电话" + shortXSS, Address: "地址" + xss, Mailbox: "信箱" + xss, Email: "a@b" + xss},
		Findings: []*rectify.Finding{{Number: 1, Title: "反馈问题" + xss, Problems: []*rectify.Problem{
			{Number: 1, Title: "问题" + xss, Description: "描述" + xss, Track: rectify.TrackLongTerm, Class: "I", Leader: "领导" + xss,
				OwnerUnit: "责任单位" + xss, Due: d("2026-12-31"), Opened: d("2026-03-01"),
				Measures: []*rectify.Measure{{Number: 1, Group: "分组" + xss, Text: "措施" + xss, Owner: "责任人" + xss}},
				History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2026-05-01"), Author: "作者" + xss,
					Reason: "理由" + xss, Text: "原文" + xss, NextMilestone: d("2027-05-01")}}},
			{Number: 2, Title: "已完成问题" + xss, Description: "描述" + xss, Track: rectify.TrackImmediate, Leader: "领导" + xss,
				Measures: []*rectify.Measure{{Number: 1, Text: "措施" + xss, Done: d("2026-04-01")}},
				History:  []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: d("2026-04-01"), Author: "作者" + xss, Reason: "销号" + xss}}},
			// Red (past its deadline), for the to-do list and the supervision order.
			{Number: 3, Title: "红灯问题" + xss, Track: rectify.TrackDeadline, Leader: "领导" + xss, OwnerUnit: "责任单位" + xss,
				Due: d("2026-03-15"), Opened: d("2026-03-01"), Measures: []*rectify.Measure{{Number: 1, Text: "措施" + xss}},
				History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2026-03-02"), Author: "作者" + xss},
					{Status: rectify.StatusSubmitted, Date: today.AddDays(-1)},
					// Sent back today: the first of the to-do list's sent-back part.
					{Status: rectify.StatusInProgress, Date: today, Author: "审核人" + xss, Reason: store.RejectPrefix + "理由" + xss}}},
		}}},
	}
	must(st.CreateInspection(ctx, in))
	p, done := in.Problems()[0], in.Problems()[1]
	must(st.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, MeasureID: p.Measures[0].ID, Date: d("2026-05-05"),
		Text: "进展" + xss, Author: "填报人" + xss}, []store.EvidenceFile{{Name: "文件" + xss + ".png", ContentType: "image/png", Data: pngBytes()}}))
	must(st.CreateRule(ctx, &rectify.Rule{InspectionID: in.ID, Title: "制度" + xss, Kind: rectify.RuleNew, Date: d("2026-05-10"), ProblemIDs: []int64{p.ID}}))
	must(st.CreateAccountability(ctx, &rectify.Accountability{InspectionID: in.ID, ProblemID: p.ID, Person: "某某" + xss,
		Form: "约谈" + shortXSS, Date: d("2026-05-12"), Reason: "事由" + xss}))
	rc := &rectify.Recheck{ProblemID: done.ID, Due: d("2026-10-01"), Done: d("2026-10-02"), Result: rectify.RecheckPassed,
		Reviewer: "回头看人员" + xss, Note: "说明" + xss}
	must(st.CreateRecheck(ctx, rc))
	c := &rectify.PublicComment{UnitID: unit.ID, InspectionID: in.ID, ProblemID: p.ID, Name: "姓名" + shortXSS, Contact: "联系" + xss,
		Text: "意见" + xss, State: rectify.CommentNew, Received: time.Now()}
	must(st.CreateComment(ctx, c))
	c.State, c.Assignee, c.Reply, c.ReplyPublic = rectify.CommentReplied, "经办人"+xss, "答复"+xss, true
	must(st.UpdateComment(ctx, c))
	editor, err := st.GetUserByLogin(ctx, "tianbao")
	must(err)
	editor.Name = "郑填报" + shortXSS
	must(st.UpdateUser(ctx, editor))
	person := &rectify.Person{UnitID: unit.ID, Name: "某某<script>window.__xss=5</script>", Post: "职务" + shortXSS, UserID: editor.ID, Proposed: true}
	must(st.Update(ctx, "add person", func(tx *store.Tx) error { return tx.CreatePerson(ctx, person) }))

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	q := url.QueryEscape(xss)
	pages := map[string][]string{
		"banshi": {
			"/overview", "/overview?view=round", "/overview?unit=" + id(unit.ID),
			"/inspections", "/inspections/" + id(in.ID), "/inspections/" + id(in.ID) + "?q=" + q, "/inspections/" + id(in.ID) + "/edit",
			"/problems?q=" + url.QueryEscape("问题") + "&leader=" + q, "/problems/" + id(p.ID), "/problems/" + id(done.ID),
			"/inspections/" + id(in.ID) + "/notice", "/comments", "/comments/" + id(c.ID),
			"/records?inspection=" + id(in.ID), "/rechecks", "/rechecks/" + id(rc.ID), "/publishing",
			"/admin/users", "/admin/users/" + id(editor.ID), "/admin/units", "/admin/units/" + id(unit.ID),
			"/admin/people", "/admin/people/" + id(person.ID),
			"/todo", "/supervision?unit=" + id(unit.ID), "/problems/print?p=" + id(p.ID),
		},
		"shenhe":  {"/problems/" + id(p.ID), "/comments/" + id(c.ID), "/rechecks/" + id(rc.ID), "/records?inspection=" + id(in.ID)},
		"tianbao": {"/problems/" + id(p.ID), "/comments/" + id(c.ID), "/account", "/inspections/" + id(in.ID)},
		"": {"/public", "/public/units/" + id(unit.ID),
			"/public/inspections/" + id(in.ID)},
	}
	t.Run("chart tooltips", func(t *testing.T) {
		// The units' chart of the bureau names the unit in a tooltip that
		// ECharts sets as HTML: show it for every bar, as a pointer would.
		u := newUser(t, browser, a.url, "tooltips")
		u.login("banshi", password)
		u.open("/overview?unit=" + id(a.demo.Bureau))
		shown := u.eval(`(() => {
			const el = document.querySelector("[data-chart=units]");
			const c = el && window.echarts && echarts.getInstanceByDom(el);
			if (!c) return "no chart";
			let html = "";
			for (let i = 0; i < c.getOption().yAxis[0].data.length; i++) {
				c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: i});
				html += (document.querySelector(".chart-tip") || {}).innerHTML || "";
			}
			return html;
		})()`)
		if n := u.count(`img[src="x"], img[onerror]`); n > 0 {
			u.fatalf("the units' tooltip made %d images of the stored markup", n)
		}
		if !strings.Contains(shown, "恶意单位&lt;script&gt;") {
			u.fatalf("the units' tooltip does not show the unit's name as text: %s", clip(shown, 600))
		}
	})
	// By round, the overview names no unit or inspection in its text (its
	// charts draw on a canvas): nothing stored to show, nothing may run.
	quiet := map[string]bool{"/overview?view=round": true}
	for _, login := range []string{"banshi", "shenhe", "tianbao", ""} {
		who := login
		if who == "" {
			who = "public"
		}
		t.Run(who, func(t *testing.T) {
			u := newUser(t, browser, a.url, who)
			if login != "" {
				u.login(login, password)
			}
			for _, path := range pages[login] {
				u.open(path)
				if got := u.eval(`String(window.__xss)`); got != "undefined" {
					u.fatalf("%s: the stored script ran (window.__xss=%s)", path, got)
				}
				if n := u.count(`img[src="x"], img[onerror]`); n > 0 {
					u.fatalf("%s: %d images of the stored markup are elements", path, n)
				}
				if n := u.eval(`String([...document.scripts].filter(s => s.text.includes("__xss")).length)`); n != "0" {
					u.fatalf("%s: %s script elements carry the stored script", path, n)
				}
				if text := u.pageText(); !quiet[path] && !strings.Contains(text, `<script>window.__xss=1;alert("xss")</script>`) && !strings.Contains(text, shortXSS) {
					u.fatalf("%s: the stored script is not shown as the text typed:\n%s", path, clip(u.pageText(), 1200))
				}
			}
			u.shot("inert-" + who)
		})
	}
}

// printPDF prints the page as the browser's print does (the page's own
// @page size) into the artifacts, and returns its page size in points
// ("841.89 x 595.28") and its text, or "" for both without poppler.
func printPDF(u *user, name string) (size, text string) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes})
	if err != nil {
		u.fatalf("print %s: %v", name, err)
	}
	file := filepath.Join(u.dir, name+".pdf")
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		u.t.Fatal(err)
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		return "", ""
	}
	info, err := exec.CommandContext(ctx, "pdfinfo", file).Output()
	if err != nil {
		u.fatalf("pdfinfo %s: %v", name, err)
	}
	if m := regexp.MustCompile(`Page size:\s+([0-9.]+ x [0-9.]+)`).FindSubmatch(info); m != nil {
		size = string(m[1])
	}
	out, err := exec.CommandContext(ctx, "pdftotext", "-layout", file, "-").Output()
	if err != nil {
		u.fatalf("pdftotext %s: %v", name, err)
	}
	return size, string(out)
}

// a4 reports whether a page size from pdfinfo ("841.92 x 594.96") is A4,
// landscape or upright, give or take a point.
func a4(size string, landscape bool) bool {
	var w, h float64
	if _, err := fmt.Sscanf(size, "%g x %g", &w, &h); err != nil {
		return false
	}
	if landscape {
		w, h = h, w
	}
	return w > 594 && w < 596 && h > 841 && h < 843
}
