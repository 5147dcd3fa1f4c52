package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/server"
	"github.com/rectify-dev/rectify/internal/store"
)

// The budgets of a province's record (500,000 problems), stated by the
// benchmark next to what it measures.
const (
	budgetListP50      = 2 * time.Millisecond
	budgetListP95      = 5 * time.Millisecond
	budgetListRate     = 1000.0
	budgetOverviewP95  = 50 * time.Millisecond
	budgetItemVsBare   = 0.5
	budgetRSSMegabytes = 300
)

// benchLogin is the account the benchmark reads and writes as.
const benchLogin = "bench"

// runBench drives the API of the application in this process — lists,
// single problems, the overview's figures and progress reports — and a
// bare net/http handler on the same listener, each first with one client
// and then with many, and prints the latencies, rates, ratios to the bare
// handler and the budgets (rectify bench).
func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags("bench", e)
	db := dbFlag(fs, e)
	clients := fs.Int("clients", 8, "并发客户端数（第二轮）")
	seconds := fs.Float64("seconds", 20, "每条路径运行的秒数：前一半一个客户端，后一半 --clients 个")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify bench 不接受参数 %v", errUsage, pos)
	}
	if *clients < 1 || *clients > 256 {
		return fmt.Errorf("%w: --clients 应在 1 到 256 之间", errUsage)
	}
	if *seconds < 0.2 || *seconds > 3600 {
		return fmt.Errorf("%w: --seconds 应在 0.2 到 3600 之间", errUsage)
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now

	token, u, cleanup, err := benchToken(ctx, st)
	if err != nil {
		return err
	}
	defer cleanup()
	// The pages take a session, as a browser holds it.
	rec := httptest.NewRecorder()
	sid, err := auth.NewSessions(st, e.now).Start(ctx, rec, httptest.NewRequest(http.MethodGet, "/", nil), u)
	if err != nil {
		return fmt.Errorf("性能测试会话：%s", describe(err))
	}
	defer func() { _ = st.DeleteSession(context.WithoutCancel(ctx), sid) }()
	var cookie string
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName {
			cookie = c.Name + "=" + c.Value
		}
	}
	srv, err := server.New(server.Deps{Store: st, Now: e.now, WritesPerMinute: 1 << 30})
	if err != nil {
		return err
	}
	bare := []byte(`{"status":"ok"}` + "\n")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bench/bare", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bare)
	})
	mux.Handle("/", srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{
		MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2, DisableCompression: true}}
	b := &bencher{client: client, base: base, token: token, cookie: cookie}

	paths, size, err := b.paths(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "记录：%d 个问题，%d 次巡察，%d 个单位（%s）\n", size.problems, size.inspections, size.units, redactDSN(db()))
	fmt.Fprintf(e.stdout, "机器：%s/%s，%d 个 CPU，%s；每条路径 %.1f 秒：前一半 1 个客户端，后一半 %d 个\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), *seconds, *clients)

	half := time.Duration(*seconds * float64(time.Second) / 2)
	var results []benchResult
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.kind == "list" {
			// What the list returns: a list costs what it returns.
			body, err := b.get(ctx, p.urls[0])
			if err != nil {
				return fmt.Errorf("%s：%w", p.name, err)
			}
			var page struct {
				Items []json.RawMessage `json:"items"`
			}
			if err := json.Unmarshal(body, &page); err != nil {
				return fmt.Errorf("%s：%w", p.name, err)
			}
			p.rows = len(page.Items)
		}
		one, err := b.drive(ctx, p, 1, half)
		if err != nil {
			return fmt.Errorf("%s：%w", p.name, err)
		}
		many, err := b.drive(ctx, p, *clients, half)
		if err != nil {
			return fmt.Errorf("%s：%w", p.name, err)
		}
		results = append(results, benchResult{path: p, one: one, many: many})
	}
	rss := residentMegabytes()
	printBench(e.stdout, results, *clients, rss)
	return nil
}

// benchToken returns an API token of the bench account (an admin of every
// unit, made when missing) and a function that revokes it.
func benchToken(ctx context.Context, st *store.Store) (string, *rectify.User, func(), error) {
	u, err := st.GetUserByLogin(ctx, benchLogin)
	if rectify.ErrorCode(err) == rectify.ENOTFOUND {
		hash, herr := auth.HashPassword(auth.RandomPassword())
		if herr != nil {
			return "", nil, nil, herr
		}
		u = &rectify.User{Login: benchLogin, Name: "性能测试", Role: rectify.RoleAdmin, PasswordHash: hash}
		err = st.CreateUser(ctx, u)
	}
	if err != nil {
		return "", nil, nil, fmt.Errorf("性能测试账号 %s：%s", benchLogin, describe(err))
	}
	if u.Role != rectify.RoleAdmin || u.UnitID != 0 || u.Disabled {
		return "", nil, nil, fmt.Errorf("账号 %s 已存在，但不是全部单位的管理员或已停用：性能测试需要这个登录名", benchLogin)
	}
	secret, tok, err := auth.CreateToken(ctx, st, u.ID, "rectify bench", time.Time{})
	if err != nil {
		return "", nil, nil, fmt.Errorf("性能测试令牌：%s", describe(err))
	}
	return secret, u, func() { _ = st.DeleteToken(context.WithoutCancel(ctx), u.ID, tok.ID) }, nil
}

// benchPath is one request the benchmark repeats: a GET of one of urls in
// turn, or a POST of body.
type benchPath struct {
	name   string
	kind   string // list, item, overview, write, bare
	urls   []string
	post   func(i int) (string, []byte) // a write: its URL and JSON body
	status int
	rows   int // of a list, the problems its page holds
}

type recordSize struct{ problems, inspections, units int }

// paths chooses the requests from the record: lists of several filters
// and a deep page, single problems, the overview's figures, progress
// reports on open problems, and the bare handler.
func (b *bencher) paths(ctx context.Context, st *store.Store) ([]benchPath, recordSize, error) {
	var size recordSize
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		return nil, size, err
	}
	size.units = len(units)
	_, n, err := st.ListProblems(ctx, store.ProblemFilter{Limit: 1})
	if err != nil {
		return nil, size, err
	}
	size.problems = n
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		return nil, size, err
	}
	size.inspections = len(ins)
	if size.problems == 0 {
		return nil, size, errors.New("数据库中没有问题：先用 rectify demo generate 生成记录，或指定已有记录的数据库")
	}
	sample, err := st.ListProblemPage(ctx, store.ProblemFilter{Sort: store.SortDue, Limit: 500}, store.LightFilter{})
	if err != nil {
		return nil, size, err
	}
	var items []string
	for _, p := range sample.Problems {
		items = append(items, fmt.Sprintf("/api/v1/problems/%d", p.ID))
	}
	open, err := st.ListProblemPage(ctx, store.ProblemFilter{Limit: 500, Sort: store.SortUpdated,
		Statuses: []rectify.Status{rectify.StatusInProgress, rectify.StatusNotStarted}}, store.LightFilter{})
	if err != nil {
		return nil, size, err
	}
	if len(open.Problems) == 0 {
		return nil, size, errors.New("没有未开始或整改中的问题可以填报整改情况")
	}
	writable := open.Problems
	// A unit whose subtree holds some but not all of the record: a child
	// of the top with the most descendants.
	var sub *rectify.Unit
	best := 0
	for _, u := range units {
		if u.ParentID == 0 {
			continue
		}
		if parent := findParent(units, u); parent != nil && parent.ParentID != 0 {
			continue
		}
		n := 0
		for _, v := range units {
			if strings.HasPrefix(v.Path, u.Path) {
				n++
			}
		}
		if n > best {
			sub, best = u, n
		}
	}
	list := func(q string) string { return "/api/v1/problems?" + q }
	paths := []benchPath{{name: "裸处理器 bare", kind: "bare", urls: []string{"/bench/bare"}}}
	paths = append(paths,
		benchPath{name: "列表 红灯", kind: "list", urls: []string{list("light=red&limit=50")}},
		benchPath{name: "列表 黄灯", kind: "list", urls: []string{list("light=yellow&limit=50")}},
		benchPath{name: "列表 状态按时限", kind: "list", urls: []string{list("status=in_progress&status=not_started&sort=due&limit=50")}},
	)
	if sub != nil {
		paths = append(paths, benchPath{name: "列表 单位子树", kind: "list",
			urls: []string{list("unit_id=" + strconv.FormatInt(sub.ID, 10) + "&sort=updated&order=desc&limit=50")}})
	}
	deep, err := b.deepPage(ctx, list("sort=due&limit=50"), 100)
	if err != nil {
		return nil, size, err
	}
	paths = append(paths,
		benchPath{name: "列表 深翻页", kind: "list", urls: []string{deep}},
		benchPath{name: "单个问题", kind: "item", urls: items},
		benchPath{name: "总览页面", kind: "overview", urls: []string{"/overview"}},
		benchPath{name: "填报整改情况", kind: "write", status: http.StatusCreated, post: func(i int) (string, []byte) {
			p := writable[i%len(writable)]
			body, _ := json.Marshal(map[string]string{"text": fmt.Sprintf("性能测试填报第 %d 次：已召开专题会议推进整改。", i+1)})
			return fmt.Sprintf("/api/v1/problems/%d/progress", p.ID), body
		}},
	)
	return paths, size, nil
}

func findParent(units []*rectify.Unit, u *rectify.Unit) *rectify.Unit {
	for _, v := range units {
		if v.ID == u.ParentID {
			return v
		}
	}
	return nil
}

// deepPage follows the list's next cursors up to pages pages and returns
// the address of the deepest page reached.
func (b *bencher) deepPage(ctx context.Context, first string, pages int) (string, error) {
	at := first
	for range pages {
		body, err := b.get(ctx, at)
		if err != nil {
			return "", err
		}
		var page struct {
			Next string `json:"next"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return "", err
		}
		if page.Next == "" {
			break
		}
		at = first + "&after=" + url.QueryEscape(page.Next)
	}
	return at, nil
}

type bencher struct {
	client *http.Client
	base   string
	token  string
	cookie string // of a session, for the pages
	writes atomic.Int64
}

func (b *bencher) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s：%s %s", path, resp.Status, bytes.TrimSpace(body))
	}
	return body, nil
}

// once sends one request of p and returns how long the answer took.
func (b *bencher) once(ctx context.Context, p benchPath, i int) (time.Duration, error) {
	method, path, want := http.MethodGet, "", http.StatusOK
	var body io.Reader
	if p.post != nil {
		var raw []byte
		path, raw = p.post(int(b.writes.Add(1)))
		method, body, want = http.MethodPost, bytes.NewReader(raw), p.status
	} else {
		path = p.urls[i%len(p.urls)]
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, body)
	if err != nil {
		return 0, err
	}
	switch {
	case strings.HasPrefix(path, "/api/"):
		req.Header.Set("Authorization", "Bearer "+b.token)
	case p.kind != "bare":
		req.Header.Set("Cookie", b.cookie)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != want {
		return 0, fmt.Errorf("%s %s：%s", method, path, resp.Status)
	}
	return d, nil
}

// phase is what one round of a path measured.
type phase struct {
	clients       int
	n             int
	elapsed       time.Duration
	p50, p95, p99 time.Duration
}

func (p phase) rate() float64 {
	if p.elapsed <= 0 {
		return 0
	}
	return float64(p.n) / p.elapsed.Seconds()
}

// drive sends p's requests from clients goroutines for d and measures
// every answer.
func (b *bencher) drive(ctx context.Context, p benchPath, clients int, d time.Duration) (phase, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// One warm-up request, not counted.
	if _, err := b.once(ctx, p, 0); err != nil {
		return phase{}, err
	}
	var mu sync.Mutex
	var all []time.Duration
	var first error
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := c; time.Now().Before(deadline); i += clients {
				t, err := b.once(ctx, p, i)
				if err != nil {
					mu.Lock()
					if first == nil && ctx.Err() == nil {
						first = err
					}
					mu.Unlock()
					cancel()
					break
				}
				mine = append(mine, t)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first != nil {
		return phase{}, first
	}
	if err := ctx.Err(); err != nil && len(all) == 0 {
		return phase{}, err
	}
	slices.Sort(all)
	pct := func(q int) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, (len(all)*q+99)/100-1)]
	}
	return phase{clients: clients, n: len(all), elapsed: elapsed, p50: pct(50), p95: pct(95), p99: pct(99)}, nil
}

type benchResult struct {
	path      benchPath
	one, many phase
}

// printBench writes the table of results, then each budget with what was
// measured against it.
func printBench(w io.Writer, results []benchResult, clients int, rss float64) {
	var bare *benchResult
	for i := range results {
		if results[i].path.kind == "bare" {
			bare = &results[i]
		}
	}
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "路径\t客户端\t请求数\t请求/秒\tp50 ms\tp95 ms\tp99 ms\t为裸处理器的\t\n")
	for _, r := range results {
		for _, ph := range []phase{r.one, r.many} {
			ratio := "—"
			if bare != nil && r.path.kind != "bare" {
				other := bare.one
				if ph.clients > 1 {
					other = bare.many
				}
				if other.rate() > 0 {
					ratio = fmt.Sprintf("%.1f%%", 100*ph.rate()/other.rate())
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t\n", r.path.name, ph.clients, ph.n, ph.rate(), ms(ph.p50), ms(ph.p95), ms(ph.p99), ratio)
		}
	}
	tw.Flush()

	fmt.Fprintln(w, "\n预算（50 万个问题的省级记录）与本次测得：")
	check := func(ok bool) string {
		if ok {
			return "达到"
		}
		return "未达到"
	}
	for _, r := range results {
		switch r.path.kind {
		case "list":
			fmt.Fprintf(w, "  %s（每页 %d 个问题）：1 个客户端 p50 %s ms（预算 ≤ %s ms，%s），p95 %s ms（预算 ≤ %s ms，%s）；%d 个客户端 %.0f 请求/秒（预算 ≥ %.0f，%s）\n",
				r.path.name, r.path.rows, ms(r.one.p50), ms(budgetListP50), check(r.one.p50 <= budgetListP50),
				ms(r.one.p95), ms(budgetListP95), check(r.one.p95 <= budgetListP95),
				clients, r.many.rate(), budgetListRate, check(r.many.rate() >= budgetListRate))
		case "overview":
			fmt.Fprintf(w, "  %s：1 个客户端 p95 %s ms（预算 ≤ %s ms，%s）\n", r.path.name, ms(r.one.p95), ms(budgetOverviewP95), check(r.one.p95 <= budgetOverviewP95))
		case "item":
			if bare != nil && bare.many.rate() > 0 {
				ratio := r.many.rate() / bare.many.rate()
				fmt.Fprintf(w, "  %s：%d 个客户端 %.0f 请求/秒，为裸处理器（%.0f）的 %.1f%%（预算 ≥ %.0f%%，%s）\n", r.path.name, clients,
					r.many.rate(), bare.many.rate(), 100*ratio, 100*budgetItemVsBare, check(ratio >= budgetItemVsBare))
			}
		}
	}
	if rss > 0 {
		fmt.Fprintf(w, "  负载后常驻内存（RSS，含本进程内的客户端）：%.0f MB（预算 ≤ %d MB，%s）\n", rss, budgetRSSMegabytes, check(rss <= budgetRSSMegabytes))
	} else {
		fmt.Fprintln(w, "  负载后常驻内存：本系统读不到（只在 Linux 上读 /proc/self/status）")
	}
	fmt.Fprintln(w, "同一台机器上其他程序的负载会改变这些数字：比较时看同一次运行中各路径与裸处理器之比。")
}

// residentMegabytes returns the process's resident memory (VmRSS) in MB,
// or 0 where /proc is not there.
func residentMegabytes() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				kb, _ := strconv.ParseFloat(fields[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
