package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// The accessibility check (无障碍, GB/T 37668; WCAG 2.0 and 2.1, levels A
// and AA): every page the tests open or reach by submitting a form is
// checked with axe-core, injected into the page; any violation fails the
// test, naming the rule, the elements and the page. Pages added later are
// checked as soon as a test visits them.

// axeTags are the rule sets run: WCAG 2.0 and 2.1, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// axeViolation is one rule broken on a page, as axe reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkA11y runs axe-core on the page now open and fails the test (without
// stopping it) for every violation. what names the page for the message.
func (u *user) checkA11y(what string) {
	u.t.Helper()
	if u.noA11y {
		return
	}
	found, err := u.axe()
	if err != nil {
		u.t.Errorf("%s: %s: accessibility check: %v", u.who, what, err)
		return
	}
	for _, f := range found {
		u.t.Errorf("%s: %s: accessibility: %s", u.who, what, f)
	}
	if len(found) > 0 {
		u.shotQuiet("A11Y-" + u.who + "-" + what)
	}
}

// axe runs axe-core on the page now open and returns its violations, each
// as the rule, its impact, what it asks and the elements that break it.
func (u *user) axe() ([]string, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(u.ctx, 2*stepTimeout)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	js := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations))`, tags)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("axe-core's answer: %w", err)
	}
	// Our own rule beside axe's: a field's hint is tied to its input
	// (aria-describedby), so that a screen reader reads it with the field.
	loose, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll(".field .hint")]
		.filter(h => h.getClientRects().length && (!h.id || !document.querySelector('[aria-describedby~="' + CSS.escape(h.id) + '"]')))
		.map(h => h.textContent.trim().slice(0, 40)))`))
	if err != nil {
		return nil, fmt.Errorf("check hints: %w", err)
	}
	var hints []string
	if err := json.Unmarshal([]byte(loose), &hints); err != nil {
		return nil, fmt.Errorf("check hints: %w", err)
	}
	var found []string
	for _, h := range hints {
		found = append(found, fmt.Sprintf("hint-described (serious): a field's hint is not tied to its input by aria-describedby: %q", h))
	}
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "\n    %v %s\n      %s", n.Target, clip(n.HTML, 160), strings.ReplaceAll(clip(n.Summary, 300), "\n", " "))
		}
		found = append(found, b.String())
	}
	return found, nil
}

// TestAxeFindsViolations makes sure the check fails where it should: a page
// with an image without a text alternative and a field without a label.
func TestAxeFindsViolations(t *testing.T) {
	browser := startBrowser(t)
	u := newUser(t, browser, "", "axe")
	run(u, "open a blank page", chromedp.Navigate("about:blank"))
	run(u, "write a page", chromedp.Evaluate[bool](`document.documentElement.lang = "zh-CN";
		document.title = "测试";
		document.body.innerHTML = '<main><h1>测试</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main>'; true`))
	found, err := u.axe()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(found, "\n")
	for _, rule := range []string{"image-alt", "label"} {
		if !strings.Contains(all, rule) {
			t.Errorf("axe-core did not report %s; it reported:\n%s", rule, all)
		}
	}
}

// TestAccessibility opens every page of the application (as the office, a
// unit and the public), with every folded part (<details>) opened, and
// checks each with axe-core: the pages no other test reaches are checked
// too.
func TestAccessibility(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	insp := strconv.FormatInt(a.demo.Showcase, 10)
	pages := map[string][]string{
		"banshi": {"/todo", "/overview", "/inspections", "/inspections/new", "/inspections/" + insp,
			"/inspections/" + insp + "/edit", "/inspections/" + insp + "/notice", "/problems",
			"/supervision?unit=" + strconv.FormatInt(a.demo.Bureau, 10), "/import", "/ledger/import", "/comments", "/rechecks", "/records", "/quality", "/publishing", "/settings",
			"/admin/users", "/admin/users/new", "/admin/units", "/admin/people", "/account"},
		"tianbao": {"/todo", "/inspections/" + insp, "/account"},
		"":        {"/login", "/public", "/public/receipt"},
	}
	for _, login := range []string{"banshi", "tianbao", ""} {
		who := login
		if who == "" {
			who = "public"
		}
		t.Run(who, func(t *testing.T) {
			u := newUser(t, browser, a.url, "a11y-"+who)
			if login != "" {
				u.login(login, password)
			}
			for _, path := range pages[login] {
				u.open(path)
				if path == "/inspections/"+insp && login == "tianbao" {
					// A problem of the list, with its forms.
					p := u.attr(`tr[data-testid="problem-row"]`, "data-problem-id")
					u.open("/problems/" + p)
					u.openDetails()
					u.checkA11y("/problems/" + p + " with its forms open")
					continue
				}
				if u.count("details:not([open])") > 0 {
					u.openDetails()
					u.checkA11y(path + " with its forms open")
				}
			}
			if login == "banshi" {
				// 质量分析 with the clusters of the demo's copied texts,
				// the shared parts marked.
				u.open("/quality")
				if st := u.submit(`[data-testid="quality-rebuild"] button`); st >= 400 {
					t.Fatalf("the analysis of copied texts answered %d", st)
				}
				if u.count(`[data-testid="similar-group"] mark`) == 0 {
					t.Errorf("质量分析 shows no shared parts after the analysis")
				}
			}
			// A page that is not there.
			run(u, "open a missing page", chromedp.Navigate(a.url+"/problems/999999"))
			u.checkA11y("a missing problem")
		})
	}
}

// openDetails unfolds every <details> of the page.
func (u *user) openDetails() {
	u.t.Helper()
	u.eval(`(() => { document.querySelectorAll("details").forEach(d => d.open = true); return "" })()`)
}
