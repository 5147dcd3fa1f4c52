package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestInspectionByHand: the office (a reviewer) types an inspection and its
// problem list from a fresh feedback, reorders it and removes a mistake;
// the unit types its notice's texts once; the notice page then carries
// them, with no editing in Word.
func TestInspectionByHand(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	bureau := strconv.FormatInt(a.demo.Bureau, 10)

	office := newUser(t, browser, a.url, "office-by-hand")
	office.login("shenhe", password)
	office.open("/inspections")
	office.click(`[data-testid=inspection-new-link]`)
	office.choose("#f-unit_id", bureau)
	office.fill("#f-team", "市委第六巡察组")
	office.choose("#f-kind", "专项巡察")
	office.choose("#f-start", "2026-02-02")
	office.choose("#f-end", "2026-03-27")
	office.choose("#f-feedback", "2026-04-20")
	office.submit(`[data-testid=inspection-create]`)
	loc, _ := office.location()
	u, err := url.Parse(loc)
	if err != nil || !strings.HasSuffix(u.Path, "/edit") {
		office.fatalf("after creating, the page is %s, not the problem list", loc)
	}
	base := strings.TrimSuffix(u.Path, "/edit")
	office.see("已新建巡察", "还没有反馈问题")

	for _, f := range []string{"河湖长制落实不到位", "工程建设管理不规范"} {
		office.fill("#new-finding-title", f)
		office.submit(`[data-testid=finding-add]`)
	}
	// Each finding gets an id the test can address, #f1, #f2, …
	addTo := func(n int, title string) {
		t.Helper()
		office.eval(`(() => { document.querySelectorAll("[data-testid=finding]").forEach((e, i) => e.id = "f" + (i + 1)); return "" })()`)
		office.click(`#f` + strconv.Itoa(n) + ` details.sub summary`)
		office.fill(`#f`+strconv.Itoa(n)+` [data-testid=problem-add-form] input[name=title]`, title)
		office.submit(`#f` + strconv.Itoa(n) + ` [data-testid=problem-add]`)
	}
	addTo(1, "河道巡查记录不实")
	addTo(1, "误录的问题")
	addTo(2, "项目验收走过场")
	rows := func() string {
		return office.eval(`[...document.querySelectorAll("[data-testid=problem-row]")].map(r => r.cells[0].innerText + " " + r.cells[1].innerText).join("|")`)
	}
	if got := rows(); got != "1 河道巡查记录不实|2 误录的问题|3 项目验收走过场" {
		office.fatalf("the list reads %q", got)
	}

	// The mistake goes; the one after it takes its number.
	office.eval(`(() => { window.confirm = () => true; return "" })()`)
	office.submit(`[data-testid=problem-row]:nth-child(2) [data-testid=problem-delete]`)
	office.see("已删除问题，编号已重排")
	if got := rows(); got != "1 河道巡查记录不实|2 项目验收走过场" {
		office.fatalf("after the deletion the list reads %q", got)
	}
	office.shot("inspection-by-hand-list")

	// The unit types its notice's texts once, on the inspection's page.
	unit := newUser(t, browser, a.url, "unit-by-hand")
	unit.login("tianbao", password)
	unit.open(base)
	unit.click(`#texts summary`)
	unit.fill("#t-issuer", "中共临江市水利局党组")
	unit.fill("#t-opening", "市委第六巡察组专项巡察反馈意见后，局党组逐条认领、即知即改。")
	unit.fill("#t-work", "局党组书记任整改工作领导小组组长。")
	unit.fill("#t-next-steps", "对照清单开展回头看。")
	unit.fill("#t-mailbox", "临江市邮政36号信箱")
	unit.submit(`[data-testid=notice-texts-save]`)
	unit.see("已保存通报文字")
	unit.open(base + "/notice")
	unit.see("中共临江市水利局党组", "关于市委第六巡察组专项巡察反馈意见整改进展情况的通报", "局党组逐条认领、即知即改",
		"局党组书记任整改工作领导小组组长", "下一步整改工作安排", "对照清单开展回头看", "邮政信箱：临江市邮政36号信箱",
		"1．河道巡查记录不实", "2．项目验收走过场")
	unit.shot("inspection-by-hand-notice")
}
