package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/server"
)

// The notice's texts the unit types once, on the inspection's page: the
// project's own words.
var journeyTexts = []struct{ sel, value string }{
	{"#t-issuer", "中共临江市园林绿化中心委员会"},
	{"#t-opening", "收到巡察反馈意见后，中心党委逐条认领问题，建立台账，明确责任领导、责任单位和整改时限，整改工作有序推进。"},
	{"#t-work", "中心党委书记任整改工作领导小组组长，每月调度一次整改进度。"},
	{"#t-next-steps", "对已完成的问题开展回头看，长期整改的问题按节点推进，防止反弹。"},
	{"#t-phone", "0739-5556021"},
	{"#t-address", "临江市滨江路88号中心党委办公室"},
	{"#t-mailbox", "临江市邮政7号信箱"},
	{"#t-email", "zhenggai@example.org"},
}

// journeyProblem is one of the seed's problems as the journey uses it:
// its title, measures, and whether the seed reports it done or long-term.
type journeyProblem struct {
	number   int
	title    string
	measures []string
	longTerm bool
	result   string // the result text the unit reports
	id       string // its ID in the record, once imported
}

// TestJourney is the unit's whole journey from the inspection group's
// feedback to the first published notice, through the pages, for the
// seed's 25 problems: the office creates the inspection and imports the
// feedback (derived from the seed, without results); the unit imports its
// own Excel ledger (units, leaders, deadlines, statuses and completion
// dates in the past, 7 problems turned long-term with their next
// milestone), reports a result with evidence for each problem, 18 of them
// for sign-off; the reviewer signs them off from the to-do list; the unit
// types the notice's texts once and publishes. The published page, the
// .docx and the PDF carry the texts and every result. It counts the
// forms and the fields typed by hand, and fails above the budget.
func TestJourney(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("the seed notice is absent (%v): the journey is of its 25 problems", err)
	}
	seed, err := notice.Parse(data)
	if err != nil {
		t.Fatalf("parse the seed: %v", err)
	}
	browser := startBrowser(t)
	// The server finds the system's Chinese faces as `rectify serve`
	// does (fonts-noto-cjk); without any, the PDF is not checked.
	fonts, err := office.SystemFonts(os.Getenv)
	if err != nil && required() {
		t.Fatalf("no Chinese font for the PDF notice: %v", err)
	}
	a := startApp(t, func(d *server.Deps) { d.Fonts = fonts })
	bureau := strconv.FormatInt(a.demo.Bureau, 10)
	dir := t.TempDir()

	var problems []*journeyProblem
	for _, f := range seed.Findings {
		for _, p := range f.Problems {
			jp := &journeyProblem{number: len(problems) + 1, title: p.Title, longTerm: p.Status == rectify.StatusLongTerm}
			for _, m := range p.Measures {
				jp.measures = append(jp.measures, m.Text)
			}
			if len(jp.measures) == 0 {
				jp.measures = []string{"制定整改方案并落实。"}
			}
			if jp.longTerm {
				jp.result = fmt.Sprintf("第%d项问题持续整改：已完成阶段任务%d项，建立长效机制%d项，余下工作按节点推进。", jp.number, jp.number%4+1, jp.number%3+1)
			} else {
				jp.result = fmt.Sprintf("第%d项问题整改到位：清理台账%d项，追回资金%d.%d万元，制度已印发执行。", jp.number, jp.number+3, jp.number%9+1, jp.number%10)
			}
			problems = append(problems, jp)
		}
	}
	longTerm := 0
	for _, p := range problems {
		if p.longTerm {
			longTerm++
		}
	}
	if len(problems) != 25 || longTerm != 7 {
		t.Fatalf("the seed gives %d problems, %d long-term; want 25 and 7", len(problems), longTerm)
	}
	in := seed.Inspection
	feedback := writeFeedback(t, dir, seed, problems)
	sheet := writeUnitSheet(t, dir, in.Feedback, a.today, problems)
	evidence := filepath.Join(dir, "整改佐证.png")
	if err := os.WriteFile(evidence, pngBytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	office := newUser(t, browser, a.url, "journey-office")
	unit := newUser(t, browser, a.url, "journey-unit")
	reviewer := newUser(t, browser, a.url, "journey-reviewer")
	people := []*user{office, unit, reviewer}
	office.login("shenhe", password)
	unit.login("tianbao", password)
	reviewer.login("shenhe", password)
	// Signing in is not the journey's burden.
	for _, u := range people {
		u.forms, u.typed, u.selects, u.uploads, u.loads = 0, 0, 0, 0, 0
	}
	office.open("/overview")
	total0 := number(t, office, `[data-testid=overview-total]`)
	completed0 := number(t, office, `[data-testid=overview-completed]`)
	longTerm0 := number(t, office, `[data-testid=overview-long-term]`)

	// 1. The office creates the inspection.
	office.open("/inspections/new")
	office.choose("#f-unit_id", bureau)
	office.fill("#f-team", in.Team)
	office.choose("#f-kind", string(in.Kind))
	office.typeDate("#f-start", in.Start.String())
	office.typeDate("#f-end", in.End.String())
	office.typeDate("#f-feedback", in.Feedback.String())
	office.submit(`[data-testid=inspection-create]`)
	loc, _ := office.location()
	u, err := url.Parse(loc)
	if err != nil || !strings.HasSuffix(u.Path, "/edit") {
		office.fatalf("after creating, the page is %s, not the problem list", loc)
	}
	base := strings.TrimSuffix(u.Path, "/edit")
	inspection := strings.TrimPrefix(base, "/inspections/")
	created := office.typed

	// 2. It imports the feedback into it: 25 problems without results.
	office.click(`[data-testid=import-into-link]`)
	run(office, "wait for the import form", chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-into]`)))
	office.upload("#f-file", feedback)
	office.submit(`[data-testid=import-upload]`)
	office.see("反馈意见", "25 个具体问题")
	if got := office.text(`[data-testid=preview-kind]`); got != "反馈意见" {
		office.fatalf("the preview read the document as %q, not 反馈意见", got)
	}
	if n := office.count(`[data-testid=preview-lint] tr`); n > 0 {
		office.fatalf("the feedback's preview warns %d times:\n%s", n, office.text(`[data-testid=preview-lint]`))
	}
	office.shot("journey-feedback-preview")
	office.submit(`[data-testid=import-confirm]`)
	office.open(base)
	if n := number(t, office, `[data-testid=inspection-total]`); n != 25 {
		office.fatalf("after the feedback the inspection has %d problems, want 25", n)
	}
	ids := office.eval(`[...document.querySelectorAll("[data-testid=problem-row]")].map(r => r.dataset.problemId).join(",")`)
	if got := strings.Split(ids, ","); len(got) != 25 {
		office.fatalf("the inspection lists %d problems, want 25", len(got))
	} else {
		for i, p := range problems {
			p.id = got[i]
		}
	}

	// 3. The unit imports its own sheet into the inspection.
	unit.open("/ledger/import")
	unit.upload("#f-file", sheet)
	unit.choose("#f-inspection_id", inspection)
	unit.submit(`[data-testid=ledger-preview-submit]`)
	if n := unit.count(`[data-testid=ledger-errors] li, [data-testid=ledger-errors] tr`); n > 0 {
		unit.fatalf("the sheet's preview finds %d bad cells:\n%s", n, unit.text(`[data-testid=ledger-errors]`))
	}
	unit.shot("journey-ledger-preview")
	unit.submit(`[data-testid=ledger-confirm-submit]`)
	run(unit, "wait for the import's result", chromedp.WaitVisible(chromedp.CSS(`[data-testid=ledger-result]`)))
	if added := unit.text(`[data-testid=ledger-result] .figure:nth-child(5) .n`); added != "0" {
		unit.fatalf("the sheet added %s problems instead of matching the feedback's by title:\n%s", added, unit.text("main"))
	}
	unit.shot("journey-ledger-result")

	// 4. The unit reports each problem's result with its evidence; the 18
	// done go for sign-off with the report.
	for _, p := range problems {
		unit.open("/problems/" + p.id)
		if p.number == 1 {
			// Its measures were done on the sheet's days, not today.
			for j := range p.measures {
				want := "✓ " + in.Feedback.AddDays(30+p.number+j).String()
				if got := unit.text(fmt.Sprintf(`[data-testid=measure-row]:nth-child(%d)`, j+1)); !strings.Contains(got, want) {
					unit.fatalf("measure %d of problem 1 reads %q, want the sheet's day %q", j+1, got, want)
				}
			}
		}
		if p.longTerm {
			if s := unit.attr(`[data-testid=problem-status]`, "data-status"); s != string(rectify.StatusLongTerm) {
				unit.fatalf("problem %d is %q after the sheet, want long_term", p.number, s)
			}
		}
		unit.click(`[data-testid=progress-details] summary`)
		unit.fill("#progress-text", p.result)
		unit.upload(`[data-testid=evidence-input]`, evidence)
		if !p.longTerm {
			unit.choose(`[data-testid=progress-status]`, string(rectify.StatusSubmitted))
		}
		unit.submit(`[data-testid=progress-submit]`)
		unit.see("已填报整改情况")
		if p.number == 1 {
			unit.shot("journey-problem-reported")
			// The same pages again, for the other problems: checked once
			// for accessibility, to keep the journey quick.
			unit.noA11y = true
		}
	}
	unit.noA11y = false

	// The reviewer signs the 18 off from the to-do list, in place.
	signed := 0
	for round := 0; signed < 25-longTerm; round++ {
		if round > 25 {
			reviewer.fatalf("after %d rounds of the to-do list %d problems are signed off", round, signed)
		}
		reviewer.open("/todo")
		if round == 0 {
			reviewer.shot("journey-todo")
		}
		before := signed
		for _, p := range problems {
			item := `[data-testid=todo-signoff-item][data-problem-id="` + p.id + `"]`
			if p.longTerm || reviewer.count(item+` [data-testid=todo-approve]`) == 0 {
				continue
			}
			reviewer.send(item + ` [data-testid=todo-approve]`)
			run(reviewer, "wait for the sign-off", chromedp.WaitVisible(chromedp.CSS(item+` [data-testid=todo-review-done]`)))
			signed++
		}
		if signed == before {
			reviewer.fatalf("the to-do list offers none of the %d problems left to sign off:\n%s", 25-longTerm-signed, reviewer.text("main"))
		}
	}

	// 6. The unit types the notice's texts once, on the inspection's page.
	unit.open(base)
	unit.click(`#texts summary`)
	for _, f := range journeyTexts {
		unit.fill(f.sel, f.value)
	}
	unit.submit(`[data-testid=notice-texts-save]`)
	unit.see("已保存通报文字")

	// 7. It publishes.
	unit.open("/publishing")
	unit.submit(`[data-testid=publishing-item][data-inspection-id="` + inspection + `"] [data-testid=publish]`)
	if got := unit.text(`[data-testid=publishing-item][data-inspection-id="` + inspection + `"]`); !strings.Contains(got, "已公开") {
		unit.fatalf("after publishing the row says %q", got)
	}

	// The journey ends here; what follows checks it.
	var forms, typed, selects, uploads, loads int
	for _, u := range people {
		forms += u.forms
		typed += u.typed
		selects += u.selects
		uploads += u.uploads
		loads += u.loads
		t.Logf("%s: %d forms, %d fields typed, %d selects, %d files, %d page loads", u.who, u.forms, u.typed, u.selects, u.uploads, u.loads)
	}

	// The counts of the inspection and of the overview.
	office.open(base)
	office.shot("journey-inspection")
	for sel, want := range map[string]int{`[data-testid=inspection-total]`: 25, `[data-testid=inspection-completed]`: 25 - longTerm,
		`[data-testid=inspection-long-term]`: longTerm} {
		if n := number(t, office, sel); n != want {
			office.fatalf("%s shows %d, want %d", sel, n, want)
		}
	}
	office.open("/overview")
	for sel, want := range map[string]int{`[data-testid=overview-total]`: total0 + 25, `[data-testid=overview-completed]`: completed0 + 25 - longTerm,
		`[data-testid=overview-long-term]`: longTerm0 + longTerm} {
		if n := number(t, office, sel); n != want {
			office.fatalf("%s shows %d, want %d", sel, n, want)
		}
	}

	// What the public reads, and the .docx and PDF: the texts typed once
	// and every result.
	citizen := newUser(t, browser, a.url, "journey-citizen")
	citizen.open("/public/inspections/" + inspection)
	citizen.shot("journey-public-notice")
	want := []string{}
	for _, f := range journeyTexts {
		want = append(want, f.value)
	}
	for _, p := range problems {
		want = append(want, p.result)
	}
	page := citizen.pageText()
	docx := download(unit, base+"/notice.docx")
	if err := os.WriteFile(filepath.Join(unit.dir, "journey-notice.docx"), docx, 0o644); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"the published page": page, "the .docx": docxText(t, docx)}
	if fonts != nil {
		pdf := download(unit, base+"/notice.pdf")
		if err := os.WriteFile(filepath.Join(unit.dir, "journey-notice.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if text, ok := pdfText(t, pdf); ok {
			docs["the PDF"] = text
		}
	} else {
		t.Log("no Chinese font on this machine: the PDF notice is not checked")
	}
	for name, text := range docs {
		t.Logf("%s: %d characters read", name, len([]rune(text)))
		flat := flatten(text)
		for _, w := range want {
			if !strings.Contains(flat, flatten(w)) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}

	// The burden, and its budget: the result texts, the notice's texts
	// once, the few fields of the inspection, no date the files give.
	t.Logf("the journey: %d forms submitted, %d fields typed by hand, %d selects, %d files uploaded, %d page loads", forms, typed, selects, uploads, loads)
	budget := len(problems) + len(journeyTexts) + created
	if typed > budget {
		t.Errorf("%d fields typed by hand, over the budget of %d (%d result texts + %d notice texts + %d fields of the inspection)",
			typed, budget, len(problems), len(journeyTexts), created)
	}
	// Forms: the inspection, the feedback and the sheet (upload and
	// confirm each), a report per problem, a sign-off per problem done,
	// the notice's texts and publishing.
	if formBudget := 1 + 2 + 2 + len(problems) + (len(problems) - longTerm) + 1 + 1; forms > formBudget {
		t.Errorf("%d forms submitted, over the budget of %d", forms, formBudget)
	}
}

// writeFeedback writes the inspection group's feedback (反馈意见) of the
// seed's problems as text: its findings and problems, no results.
func writeFeedback(t *testing.T, dir string, seed *notice.Document, problems []*journeyProblem) string {
	t.Helper()
	in := seed.Inspection
	unitName := strings.TrimSpace(in.UnitName)
	var b strings.Builder
	fmt.Fprintf(&b, "%s关于%s%s的反馈意见\n\n", in.Team, in.Kind, unitName)
	fmt.Fprintf(&b, "根据%s统一部署，%s至%s，%s对%s开展了%s，并于%s反馈巡察意见。现将巡察发现的问题反馈如下。\n\n",
		in.Deployer, in.Start.Chinese(), in.End.Chinese(), in.Team, unitName, in.Kind, in.Feedback.Chinese())
	n := 0
	for i, f := range seed.Findings {
		fmt.Fprintf(&b, "%s、%s\n\n", rectify.HanNumeral(i+1), strings.TrimRight(f.Title, "。；;"))
		for _, p := range f.Problems {
			fmt.Fprintf(&b, "（%s）%s。", rectify.HanNumeral(n+1), strings.TrimRight(problems[n].title, "。"))
			if p.Description != "" {
				b.WriteString(p.Description)
			}
			b.WriteString("\n\n")
			n++
		}
	}
	b.WriteString("请认真研究，制定整改方案，于两个月内报送整改情况。\n")
	r, err := notice.ReadDocument([]byte(b.String()))
	if err != nil {
		t.Fatalf("the feedback written does not read: %v", err)
	}
	count := 0
	for _, f := range r.Doc.Findings {
		count += len(f.Problems)
	}
	if r.Kind != notice.KindFeedback || count != len(problems) {
		t.Fatalf("the feedback written reads as %s with %d problems, want feedback with %d", r.Kind, count, len(problems))
	}
	path := filepath.Join(dir, "巡察反馈意见.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeUnitSheet writes the unit's own ledger, as units keep it: a title,
// then 序号/问题/整改措施/责任单位/责任领导/整改时限/整改类型/整改状态/完成时间,
// a row per measure with the problem's cells merged. Problems done have
// every measure done in the months after the feedback; long-term ones
// their first measure done and the next milestone as their deadline.
func writeUnitSheet(t *testing.T, dir string, feedback, today rectify.Date, problems []*journeyProblem) string {
	t.Helper()
	units := []string{"办公室", "计划财务科", "工程管理科", "园林养护科", "人事科"}
	leaders := []string{"林春燕", "王建国", "陈志明", "刘晓红"}
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(col string, from, to int) {
		if to > from {
			if err := f.MergeCell(sh, fmt.Sprintf("%s%d", col, from), fmt.Sprintf("%s%d", col, to)); err != nil {
				t.Fatal(err)
			}
		}
	}
	set("A1", "巡察反馈问题整改工作台账")
	if err := f.MergeCell(sh, "A1", "I1"); err != nil {
		t.Fatal(err)
	}
	for i, h := range []string{"序号", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "整改类型", "整改状态", "完成时间"} {
		set(string(rune('A'+i))+"2", h)
	}
	row := 3
	for _, p := range problems {
		first := row
		set(fmt.Sprintf("A%d", row), p.number)
		set(fmt.Sprintf("B%d", row), p.title)
		set(fmt.Sprintf("E%d", row), leaders[p.number%len(leaders)])
		for j, m := range p.measures {
			set(fmt.Sprintf("C%d", row), m)
			set(fmt.Sprintf("D%d", row), units[(p.number+j)%len(units)])
			switch {
			case p.longTerm:
				set(fmt.Sprintf("F%d", row), today.AddDays(180+j).String())
				if j == 0 {
					set(fmt.Sprintf("I%d", row), feedback.AddDays(40).String())
				}
			default:
				set(fmt.Sprintf("F%d", row), feedback.AddDays(90+p.number).String())
				set(fmt.Sprintf("I%d", row), feedback.AddDays(30+p.number+j).String())
			}
			row++
		}
		if p.longTerm {
			set(fmt.Sprintf("G%d", first), "长期整改")
			set(fmt.Sprintf("H%d", first), "长期整改")
		} else {
			set(fmt.Sprintf("G%d", first), "限期整改")
			set(fmt.Sprintf("H%d", first), "整改中")
		}
		for _, col := range []string{"A", "B", "E", "G", "H"} {
			merge(col, first, row-1)
		}
	}
	path := filepath.Join(dir, "整改工作台账.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// download fetches a document as the signed-in user's browser does.
func download(u *user, path string) []byte {
	u.t.Helper()
	s := u.evalAsync(fmt.Sprintf(`(async () => {
		const r = await fetch(%q);
		if (!r.ok) return "HTTP " + r.status;
		const b = await r.blob();
		return await new Promise(ok => { const f = new FileReader(); f.onload = () => ok(f.result); f.readAsDataURL(b); });
	})()`, path))
	_, enc, ok := strings.Cut(s, ";base64,")
	if !ok {
		u.fatalf("download %s: %s", path, clip(s, 200))
	}
	data, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		u.fatalf("download %s: %v", path, err)
	}
	return data
}

var xmlTag = regexp.MustCompile(`<[^>]*>`)

// docxText is the text of a .docx's body, its paragraphs on lines.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the .docx is no zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		x, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(x), "</w:p>", "\n")
		s = xmlTag.ReplaceAllString(s, "")
		for _, e := range [][2]string{{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&apos;", "'"}, {"&amp;", "&"}} {
			s = strings.ReplaceAll(s, e[0], e[1])
		}
		return s
	}
	t.Fatal("the .docx has no word/document.xml")
	return ""
}

// pageNumber is a page number line of a notice (— 3 —), dropped from the
// PDF's text so that a paragraph across pages reads whole.
var pageNumber = regexp.MustCompile(`(?m)^\s*[—－-]\s*\d+\s*[—－-]\s*$`)

// pdfText is the PDF's text by pdftotext, or false without poppler
// (failing under CI, which has it).
func pdfText(t *testing.T, data []byte) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if required() {
			t.Fatal("no pdftotext to read the PDF notice (apt-get install poppler-utils)")
		}
		t.Log("no pdftotext: the PDF notice is not read")
		return "", false
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return pageNumber.ReplaceAllString(string(out), ""), true
}

// flatten drops every space and line break, as lines break anywhere in
// Chinese text.
func flatten(s string) string {
	return strings.Join(strings.Fields(s), "")
}
