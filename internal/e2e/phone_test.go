package e2e

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneWidth and phoneHeight are a common phone's screen in CSS pixels.
const phoneWidth, phoneHeight = 390, 844

// overflow is a script that returns how far the page is wider than the
// screen (0 when nothing scrolls sideways) and the elements that stick
// out, for the message.
const overflow = `(() => {
	const w = document.documentElement.clientWidth;
	const over = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w;
	const out = [];
	if (over > 0) {
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect();
			if (r.right > w + 1 && r.width > 0 && getComputedStyle(e).position !== "fixed") {
				let inScroller = false;
				for (let p = e.parentElement; p; p = p.parentElement) {
					const ox = getComputedStyle(p).overflowX;
					if (ox === "auto" || ox === "scroll" || ox === "hidden") { inScroller = true; break; }
				}
				if (!inScroller) out.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
			}
			if (out.length >= 5) break;
		}
	}
	return JSON.stringify({over, out});
})()`

// visibleIn is a script of a selector that lists, for each element it
// matches, whether it is shown whole within the screen's width.
const visibleIn = `((sel) => JSON.stringify([...document.querySelectorAll(sel)].map(e => {
	const r = e.getBoundingClientRect();
	return r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= document.documentElement.clientWidth + 1 &&
		getComputedStyle(e).visibility !== "hidden";
})))`

// shown reports, per element sel matches, whether it is shown whole within
// the width of the screen.
func (u *user) shown(sel string) []bool {
	u.t.Helper()
	var out []bool
	if err := json.Unmarshal([]byte(u.eval(visibleIn+"("+strconv.Quote(sel)+")")), &out); err != nil {
		u.t.Fatalf("%s: %v", sel, err)
	}
	return out
}

// noSideways fails unless the page now open fits the screen's width.
func (u *user) noSideways(page string) {
	u.t.Helper()
	var r struct {
		Over int      `json:"over"`
		Out  []string `json:"out"`
	}
	if err := json.Unmarshal([]byte(u.eval(overflow)), &r); err != nil {
		u.t.Fatal(err)
	}
	if r.Over > 0 {
		u.shotQuiet("FAILED-phone-" + page)
		u.t.Errorf("%s: the page is %d px wider than a %d px screen; sticking out: %s", page, r.Over, phoneWidth, strings.Join(r.Out, ", "))
	}
}

// On a phone 390 px wide, the main pages do not scroll sideways, the
// problem lists show each problem as a card with its title, status, light
// and deadline, and every item of the navigation is reachable through the
// menu.
func TestPhone(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, who := range []string{"tianbao", "banshi"} {
		t.Run(who, func(t *testing.T) {
			u := newUser(t, browser, a.url, "phone-"+who)
			run(u, "phone screen", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(1)))
			u.login(who, password)

			// The menu: folded at first, every item shown and inside the
			// screen once opened, and a tap on one goes there.
			u.open("/inspections")
			if got := u.shown(".nav-toggle"); len(got) != 1 || !got[0] {
				u.fatalf("no menu button on a phone: %v", got)
			}
			if got := u.shown(".mainnav a"); len(got) == 0 || got[0] {
				u.fatalf("the navigation is not folded behind the menu: %v", got)
			}
			u.click(".nav-toggle")
			if u.attr(".nav-toggle", "aria-expanded") != "true" {
				u.fatalf("the menu button does not say it is open")
			}
			for _, sel := range []string{".mainnav a", ".who a", ".who button"} {
				for i, ok := range u.shown(sel) {
					if !ok {
						u.fatalf("menu item %s #%d is not reachable on a phone", sel, i+1)
					}
				}
			}
			labels := u.eval(`[...document.querySelectorAll(".mainnav a")].map(a => a.textContent.trim()).join(" ")`)
			for _, want := range []string{"总览", "巡察", "问题", "账号"} {
				if !strings.Contains(labels, want) {
					u.fatalf("the menu has no %s: %s", want, labels)
				}
			}
			u.shot("phone-menu-" + who)
			if st := u.submit(`.mainnav a[href="/problems"]`); st >= 400 {
				u.fatalf("the menu's 问题 answered %d", st)
			}

			// Lists of problems as cards.
			var problem string
			for _, path := range []string{"/problems", "/inspections/" + id(a.demo.Showcase)} {
				u.open(path)
				u.noSideways(path)
				rows := u.count(`tr[data-testid="problem-row"]`)
				if problem == "" && rows > 0 {
					problem = u.attr(`tr[data-testid="problem-row"]`, "data-problem-id")
				}
				if rows == 0 {
					u.fatalf("%s: no problem listed", path)
				}
				if d := u.eval(`getComputedStyle(document.querySelector('tr[data-testid="problem-row"]')).display`); d != "flex" {
					u.fatalf("%s: a problem is a table row (display %s), not a card", path, d)
				}
				for _, ok := range u.shown(".table.problems thead th") {
					if ok {
						u.fatalf("%s: the column heads show above the cards", path)
					}
				}
				for _, part := range []string{".card-title a", ".card-status .status", ".card-light .light", ".card-due"} {
					shown := u.shown(`tr[data-testid="problem-row"] ` + part)
					if len(shown) != rows {
						u.fatalf("%s: %d of %d cards have %s", path, len(shown), rows, part)
					}
					for i, ok := range shown {
						if !ok {
							u.fatalf("%s: card %d does not show its %s within the screen", path, i+1, part)
						}
					}
				}
				if got := u.text(`tr[data-testid="problem-row"] .card-due`); !strings.Contains(u.eval(`getComputedStyle(document.querySelector('tr[data-testid="problem-row"] .card-due'), "::before").content`), "整改时限") {
					u.fatalf("%s: the deadline %q is not named on the card", path, got)
				}
			}
			u.shot("phone-problems-" + who)

			// The other main pages fit the screen.
			pages := []string{"/overview", "/todo", "/inspections", "/problems/" + problem, "/comments", "/rechecks", "/account", "/public"}
			if who == "banshi" {
				pages = append(pages, "/admin/users", "/admin/units", "/admin/people", "/settings", "/publishing")
			}
			for _, path := range pages {
				u.open(path)
				u.noSideways(path)
			}
			// The public pages: a unit's, and its published notice.
			u.open("/public")
			for _, link := range []string{`a[href^="/public/units/"]`, `a[href^="/public/inspections/"]`} {
				href := u.attr(link, "href")
				if href == "<none>" {
					u.fatalf("no link %s on %s", link, u.eval(`location.pathname`))
				}
				u.open(href)
				u.noSideways(href)
			}
			u.shot("phone-problem-" + who)
		})
	}
}
