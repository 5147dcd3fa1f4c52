package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one action in the browser: a page load, a click, a
// query. A step that needs longer has hung.
const stepTimeout = 30 * time.Second

// chromiumPath finds the browser, or skips the test (fails it when CI
// requires the browser).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RECTIFY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if required() {
		t.Fatal("RECTIFY_REQUIRE_CHROMIUM=1 but no chromium found (apt-get install chromium fonts-noto-cjk)")
	}
	t.Skip("no chromium on this machine; set RECTIFY_REQUIRE_CHROMIUM=1 to make this a failure")
	return ""
}

func required() bool { return os.Getenv("RECTIFY_REQUIRE_CHROMIUM") == "1" }

// checkCJKFont fails (or, outside CI, warns) when fontconfig knows no
// Chinese font: the pages would draw every character as a box while the
// tests, reading text, still passed.
func checkCJKFont(t *testing.T) {
	t.Helper()
	out, err := exec.Command("fc-list", ":lang=zh", "family").Output()
	switch {
	case err != nil:
		t.Logf("fc-list: %v; cannot check for a Chinese font", err)
	case strings.TrimSpace(string(out)) == "" && required():
		t.Fatal("no Chinese font for the browser (apt-get install fonts-noto-cjk)")
	case strings.TrimSpace(string(out)) == "":
		t.Log("no Chinese font: the screenshots will show boxes (apt-get install fonts-noto-cjk)")
	}
}

var cleanArtifacts sync.Once

// artifactsDir is where screenshots go; it is created on first use, and
// the failures' screenshots of an earlier run are removed.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("RECTIFY_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".artifacts", "e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	cleanArtifacts.Do(func() {
		old, _ := filepath.Glob(filepath.Join(dir, "FAILED-*.png"))
		for _, f := range old {
			_ = os.Remove(f)
		}
	})
	return dir
}

// startBrowser starts one headless Chromium for the test, with a fresh
// profile, and stops it when the test ends.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	checkCJKFont(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1366, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// user is one person at the browser: a tab in its own browser context, so
// each has its own cookies, as on separate machines.
type user struct {
	t    *testing.T
	who  string // for messages and screenshot names
	base string
	ctx  context.Context
	dir  string

	// noA11y turns the accessibility check of every page off, for a
	// test that opens pages that are not the product's.
	noA11y bool

	// The burden of the work done, counted as the helpers are used:
	// forms submitted, fields typed by hand (text and dates), selects
	// set, files uploaded and pages loaded.
	forms, typed, selects, uploads, loads int

	mu       sync.Mutex
	dialogs  []string // every alert, confirm and prompt the pages opened
	problems []string // script errors and alerts: a page must raise none
}

// newUser opens a tab in a new browser context of the browser.
func newUser(t *testing.T, browser context.Context, base, who string) *user {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	u := &user{t: t, who: who, base: base, ctx: ctx, dir: artifactsDir(t)}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: open a tab: %v", who, err)
	}
	// Dialogs: confirm() of forms with data-confirm is accepted, as a user
	// who meant to click would; an alert is a script that should not run.
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			u.mu.Lock()
			u.dialogs = append(u.dialogs, string(ev.Type)+": "+ev.Message)
			if ev.Type != page.DialogTypeConfirm {
				u.problems = append(u.problems, fmt.Sprintf("a page opened %s(%q) at %s", ev.Type, ev.Message, ev.URL))
			}
			u.mu.Unlock()
			_, _ = chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
				return cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			})
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			u.mu.Lock()
			u.problems = append(u.problems, fmt.Sprintf("script error at %s:%d: %s", d.URL, d.LineNumber, msg))
			u.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		u.mu.Lock()
		defer u.mu.Unlock()
		for _, p := range u.problems {
			t.Errorf("%s: %s", who, p)
		}
	})
	return u
}

// step runs one action with the step's timeout.
func run[T any](u *user, what string, a chromedp.Action[T]) T {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		u.fatalf("%s: %v", what, err)
	}
	return v
}

// fatalf keeps a screenshot of the page as it was, then fails.
func (u *user) fatalf(format string, args ...any) {
	u.t.Helper()
	msg := fmt.Sprintf(format, args...)
	u.shotQuiet("FAILED-" + u.who)
	if loc, err := u.location(); err == nil {
		msg += " (page " + loc + ")"
	}
	u.t.Fatalf("%s: %s", u.who, msg)
}

func (u *user) location() (string, error) {
	ctx, cancel := context.WithTimeout(u.ctx, 5*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Location())
}

// open loads a path of the application and waits for its body.
func (u *user) open(path string) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(u.base+path))
	if err != nil {
		u.fatalf("open %s: %v", path, err)
	}
	u.loads++
	if resp.Status >= 400 {
		u.fatalf("open %s: HTTP %d: %s", path, resp.Status, u.text("main"))
	}
	u.checkA11y(path)
}

// submit clicks a button that sends a form and waits for the page that
// answers; it returns the answer's HTTP status.
func (u *user) submit(sel string) int64 {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		u.fatalf("click %s: %v", sel, err)
	}
	u.forms++
	u.loads++
	if loc, err := u.location(); err == nil {
		u.checkA11y("the answer to " + sel + " at " + strings.TrimPrefix(loc, u.base))
	}
	return resp.Status
}

func (u *user) click(sel string) {
	u.t.Helper()
	run(u, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// fill types a value into a text field, replacing what was there.
func (u *user) fill(sel, value string) {
	u.t.Helper()
	u.typed++
	run(u, "wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	run(u, "clear "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { document.querySelector(%q).value = ""; return true })()`, sel)))
	run(u, "type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value))
}

// choose sets a select (or a date input) to a value and tells the page.
func (u *user) choose(sel, value string) {
	u.t.Helper()
	u.selects++
	run(u, "set "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
	run(u, "change "+sel, chromedp.Evaluate[bool](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel)))
}

// upload puts files in a file input; the browser needs absolute paths.
func (u *user) upload(sel string, files ...string) {
	u.t.Helper()
	abs := make([]string, len(files))
	for i, f := range files {
		p, err := filepath.Abs(f)
		if err != nil {
			u.t.Fatal(err)
		}
		abs[i] = p
	}
	run(u, "upload to "+sel, chromedp.SetUploadFiles(chromedp.CSS(sel), abs))
	u.uploads++
}

// text is the visible text of the first element sel matches.
func (u *user) text(sel string) string {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
	if err != nil {
		u.t.Fatalf("%s: text of %s: %v", u.who, sel, err)
	}
	return strings.TrimSpace(s)
}

// attr reads an attribute of the first element sel matches.
func (u *user) attr(sel, name string) string {
	u.t.Helper()
	return u.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? (e.getAttribute(%q) || "") : "<none>" })()`, sel, name))
}

// count is the number of elements sel matches now.
func (u *user) count(sel string) int {
	u.t.Helper()
	return run(u, "count "+sel, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

func (u *user) eval(js string) string {
	u.t.Helper()
	return run(u, "evaluate", chromedp.Evaluate[string](js))
}

// evalAsync evaluates an expression whose value is a promise of a string.
func (u *user) evalAsync(js string) string {
	u.t.Helper()
	return run(u, "evaluate", chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
}

// pageText is the text of the whole page as a user reads it.
func (u *user) pageText() string {
	u.t.Helper()
	return u.eval(`document.body.innerText`)
}

// see fails unless the page's text holds every string.
func (u *user) see(what ...string) {
	u.t.Helper()
	body := u.pageText()
	for _, w := range what {
		if !strings.Contains(body, w) {
			u.fatalf("the page does not say %q; it says:\n%s", w, clip(body, 1500))
		}
	}
}

// login signs in through the login page.
func (u *user) login(login, password string) {
	u.t.Helper()
	u.open("/login")
	u.fill("#f-login", login)
	u.fill("#f-password", password)
	if st := u.submit(`form[action="/login"] button[type=submit]`); st >= 400 {
		u.fatalf("login answered %d: %s", st, u.text("main"))
	}
	if loc, _ := u.location(); strings.Contains(loc, "/login") {
		u.fatalf("still on the login page: %s", u.text("main"))
	}
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// shot keeps a screenshot of the whole page as an artifact.
func (u *user) shot(name string) {
	u.t.Helper()
	if err := u.shotErr(name); err != nil {
		u.t.Errorf("%s: screenshot %s: %v", u.who, name, err)
	}
}

func (u *user) shotQuiet(name string) { _ = u.shotErr(name) }

func (u *user) shotErr(name string) error {
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	file := filepath.Join(u.dir, unsafeName.ReplaceAllString(name, "_")+".png")
	return os.WriteFile(file, png, 0o644)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// typeDate types a date into a date field: a field typed by hand, unlike
// a select.
func (u *user) typeDate(sel, value string) {
	u.t.Helper()
	u.choose(sel, value)
	u.selects--
	u.typed++
}

// send clicks a button of a form that answers in place (htmx): a form
// submitted without a page load.
func (u *user) send(sel string) {
	u.t.Helper()
	u.click(sel)
	u.forms++
}
