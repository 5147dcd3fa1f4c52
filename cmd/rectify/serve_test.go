package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// syncBuffer is an output the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a rectify serve started by a test.
type running struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	stop   func() int // stops it and returns its exit code
}

var startedRE = regexp.MustCompile(`rectify 已启动：(http://127\.0\.0\.1:\d+)/`)

// serve starts rectify serve on 127.0.0.1:0 with args and waits until it
// says where it listens.
func serve(t *testing.T, db string, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...)
	go func() { done <- Main(ctx, args, func(string) string { return "" }, strings.NewReader(""), out, errb) }()
	r := &running{stdout: out, stderr: errb}
	var once sync.Once
	code := -1
	r.stop = func() int {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code
	}
	t.Cleanup(func() { r.stop() })
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := startedRE.FindStringSubmatch(out.String()); m != nil {
			r.url = m[1]
			return r
		}
		select {
		case c := <-done:
			done <- c // for stop, which the cleanup calls
			t.Fatalf("rectify serve exited %d: %s%s", c, out, errb)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("rectify serve did not start: %s%s", out, errb)
	return nil
}

// client is a browser: it keeps cookies and does not follow redirects.
func client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func login(t *testing.T, c *http.Client, base, user, password string) *http.Response {
	t.Helper()
	resp, err := c.PostForm(base+"/login", url.Values{"login": {user}, "password": {password}, "next": {"/account"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

var adminPasswordRE = regexp.MustCompile(`已创建管理员账号 admin（全部单位），初始密码：(\S+)`)

func TestServe(t *testing.T) {
	db := testdb.DSN(t)
	srv := serve(t, db)
	m := adminPasswordRE.FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("no admin password printed: %s", srv.stdout)
	}
	password := m[1]

	c := client(t)
	if code, body := get(t, c, srv.url+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("healthz: %d %s", code, body)
	}
	if resp := login(t, c, srv.url, "admin", "wrong-password"); resp.StatusCode != 401 {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	resp := login(t, c, srv.url, "admin", password)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/account" {
		t.Fatalf("login: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	code, body := get(t, c, srv.url+"/account")
	if code != 200 || !strings.Contains(body, "系统管理员") || !strings.Contains(body, "全部单位") {
		t.Errorf("account page: %d %.300s", code, body)
	}
	if code, _ := get(t, c, srv.url+"/admin/users"); code != 200 {
		t.Errorf("account management: %d", code)
	}
	if code := srv.stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, srv.stderr)
	}
	if !strings.Contains(srv.stderr.String(), "shutting down") || !strings.Contains(srv.stderr.String(), "path=/account") {
		t.Errorf("logs: %s", srv.stderr)
	}

	// Started again, it creates no account and prints no password.
	again := serve(t, db)
	if strings.Contains(again.stdout.String(), "初始密码") {
		t.Errorf("a password printed again: %s", again.stdout)
	}
	c2 := client(t)
	if resp := login(t, c2, again.url, "admin", password); resp.StatusCode != 303 {
		t.Errorf("login after a restart: %d", resp.StatusCode)
	}
	if code := again.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

var demoAccountRE = regexp.MustCompile(`(?m)^(\S+)\s+([A-Za-z0-9]{16})\s+`)

func TestServeDemo(t *testing.T) {
	db := testdb.DSN(t)
	srv := serve(t, db, "--demo")
	out := srv.stdout.String()
	if !strings.Contains(out, "已载入演示数据") || !strings.Contains(out, "演示账号（密码只显示这一次）") {
		t.Fatalf("stdout: %s", out)
	}
	passwords := map[string]string{}
	for _, m := range demoAccountRE.FindAllStringSubmatch(out, -1) {
		passwords[m[1]] = m[2]
	}
	for _, login := range []string{"reviewer", "shuili", "hedao", "viewer"} {
		if passwords[login] == "" {
			t.Errorf("no password printed for %s: %s", login, out)
		}
	}
	c := client(t)
	if resp := login(t, c, srv.url, "shuili", passwords["shuili"]); resp.StatusCode != 303 {
		t.Fatalf("demo login: %d", resp.StatusCode)
	}
	code, body := get(t, c, srv.url+"/account")
	if code != 200 || !strings.Contains(body, "整改单位填报人") || !strings.Contains(body, "临江市水利局") {
		t.Errorf("demo editor's account: %d %.300s", code, body)
	}
	if code, _ := get(t, c, srv.url+"/admin/users"); code != 403 {
		t.Errorf("an editor reached account management: %d", code)
	}
	if code := srv.stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, srv.stderr)
	}
	again := serve(t, db, "--demo")
	if !strings.Contains(again.stdout.String(), "数据库中已有巡察记录，未载入演示数据") || strings.Contains(again.stdout.String(), "演示账号") {
		t.Errorf("second start: %s", again.stdout)
	}
}

func TestServeUsage(t *testing.T) {
	r := rectifyCmd(t, nil, "", "serve", "extra")
	if r.code != 2 || !strings.Contains(r.stderr, "不接受参数") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	db := testdb.DSN(t)
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.otf")
	if err := os.WriteFile(broken, []byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		stderr string
	}{
		{"--font missing", []string{"--font", filepath.Join(dir, "none.ttf")}, nil, "none.ttf 不存在"},
		{"RECTIFY_FONT broken", nil, map[string]string{"RECTIFY_FONT": broken}, "broken.otf 已损坏"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, tt.env, "", append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) || strings.Contains(r.stdout, "初始密码") {
				t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
		})
	}
	busy := serve(t, db)
	addr := strings.TrimPrefix(busy.url, "http://")
	r = rectifyCmd(t, nil, "", "serve", "--db", db, "--addr", addr)
	if r.code != 1 || !strings.Contains(r.stderr, "无法监听 "+addr) || !strings.Contains(r.stderr, "--addr") {
		t.Errorf("address in use: exit %d: %s", r.code, r.stderr)
	}

	// A first start on a taken port stores nothing: no account, no demo,
	// so no password is made that nobody saw.
	fresh := testdb.DSN(t)
	r = rectifyCmd(t, nil, "", "serve", "--db", fresh, "--addr", addr, "--demo")
	if r.code != 1 || strings.Contains(r.stdout, "初始密码") || strings.Contains(r.stdout, "演示账号") {
		t.Errorf("first start on a taken port: exit %d, stdout %q", r.code, r.stdout)
	}
	st, err := store.Open(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountUsers(context.Background()); err != nil || n != 0 {
		t.Errorf("%d accounts stored by a start that did not listen (%v)", n, err)
	}
	again := serve(t, fresh)
	if !adminPasswordRE.MatchString(again.stdout.String()) {
		t.Errorf("the next start printed no admin password: %s", again.stdout)
	}
}

// TestUserPasswd: a new password, generated or from stdin, signs the
// account in and ends its sessions; mistakes are told.
func TestUserPasswd(t *testing.T) {
	db := testdb.DSN(t)
	ctx := rectify.AsSystem(context.Background())
	srv := serve(t, db)
	c := client(t)
	m := adminPasswordRE.FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("no admin password: %s", srv.stdout)
	}
	if resp := login(t, c, srv.url, "admin", m[1]); resp.StatusCode != 303 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	env := map[string]string{"RECTIFY_DB": db}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"missing login", "", nil, 2, "", "需要 --login"},
		{"unknown login", "", []string{"--login", "nobody"}, 1, "", "没有登录名为“nobody”的账号"},
		{"short password", "abc\n", []string{"--login", "admin", "--password-stdin"}, 1, "", "密码至少需要8个字符"},
		{"empty stdin", "", []string{"--login", "admin", "--password-stdin"}, 1, "", "没有读到内容"},
		{"generated", "", []string{"--login", "admin"}, 0, "新密码：", ""},
		{"from stdin", "青石县巡察办2025\n", []string{"--login", "ADMIN", "--password-stdin"}, 0, "已为账号 admin（系统管理员）设置新密码", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, env, tt.stdin, append([]string{"user", "passwd"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			if tt.stdin != "" && strings.Contains(r.stdout, strings.TrimSpace(tt.stdin)) {
				t.Error("a typed password is printed")
			}
		})
	}
	if code, _ := get(t, c, srv.url+"/account"); code == 200 {
		t.Error("the session signed in before the new password still works")
	}
	if resp := login(t, client(t), srv.url, "admin", m[1]); resp.StatusCode != 401 {
		t.Errorf("the old password still signs in: %d", resp.StatusCode)
	}
	if resp := login(t, client(t), srv.url, "admin", "青石县巡察办2025"); resp.StatusCode != 303 {
		t.Errorf("the new password does not sign in: %d", resp.StatusCode)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := rectifyCmd(t, env, "", "user", "passwd", "--login", "admin")
	gen := regexp.MustCompile(`新密码：(\S+)`).FindStringSubmatch(r.stdout)
	u, err := st.GetUserByLogin(ctx, "admin")
	if err != nil || gen == nil || !auth.VerifyPassword(u.PasswordHash, gen[1]) {
		t.Errorf("the printed password is not the account's: %v %q", err, r.stdout)
	}
}

// TestTokenAdd: the token printed once on stdout opens the API as the
// account; mistakes are told.
func TestTokenAdd(t *testing.T) {
	db := testdb.DSN(t)
	srv := serve(t, db)
	env := map[string]string{"RECTIFY_DB": db}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", nil, 2, "rectify token 的子命令：add"},
		{"missing login", []string{"add"}, 2, "需要 --login"},
		{"unknown login", []string{"add", "--login", "nobody"}, 1, "没有登录名为“nobody”的账号"},
		{"name too long", []string{"add", "--login", "admin", "--name", strings.Repeat("长", 65)}, 1, "令牌名称不能超过64个字"},
		{"made", []string{"add", "--login", "admin", "--name", "台账同步脚本"}, 0, "已为账号 admin（系统管理员）创建 API 令牌“台账同步脚本”"},
	}
	var secret string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, env, "", append([]string{"token"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			if tt.code == 0 {
				secret = strings.TrimSpace(r.stdout)
			} else if r.stdout != "" {
				t.Errorf("stdout %q on failure", r.stdout)
			}
		})
	}
	if !strings.HasPrefix(secret, auth.TokenPrefix) {
		t.Fatalf("token %q", secret)
	}
	for _, tt := range []struct {
		name  string
		token string
		code  int
	}{{"the token printed", secret, 200}, {"another", secret + "x", 401}} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.url+"/api/v1/problems", nil)
			req.Header.Set("Authorization", "Bearer "+tt.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.code {
				t.Errorf("GET /api/v1/problems: %d, want %d", resp.StatusCode, tt.code)
			}
		})
	}
}

func TestUserAdd(t *testing.T) {
	db := testdb.DSN(t)
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	unit, err := st.EnsureUnit(ctx, "中共青石县水务局党组", 0)
	if err != nil {
		t.Fatal(err)
	}
	unitID := strconv.FormatInt(unit.ID, 10)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"missing login", "", []string{"--name", "王", "--role", "editor"}, 2, "", "需要 --login"},
		{"unknown role", "", []string{"--login", "w", "--name", "王", "--role", "boss"}, 2, "", "未知的角色 \"boss\""},
		{"no subcommand", "", nil, 2, "", "rectify user 的子命令：add"},
		{"editor without a unit", "", []string{"--login", "w", "--name", "王", "--role", "editor"}, 1, "", "请选择所属单位"},
		{"unknown unit", "", []string{"--login", "w", "--name", "王", "--role", "editor", "--unit", "999"}, 1, "", "所选单位不存在"},
		{"short password", "abc\n", []string{"--login", "w", "--name", "王", "--role", "editor", "--unit", unitID, "--password-stdin"}, 1, "", "密码至少需要8个字符"},
		{"generated password", "", []string{"--login", "wang", "--name", "王填报", "--role", "editor", "--unit", unitID, "--email", "w@example.org"}, 0,
			"已创建账号 wang（王填报，整改单位填报人，数据范围：中共青石县水务局党组）", ""},
		{"password from stdin", "青石县巡察办2024\n", []string{"--login", "li", "--name", "李主任", "--role", "admin", "--password-stdin"}, 0,
			"已创建账号 li（李主任，巡察办管理员，数据范围：全部单位）", ""},
		{"taken login", "", []string{"--login", "WANG", "--name", "王", "--role", "viewer", "--unit", unitID}, 1, "", "登录名“WANG”已被使用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"user"}
			if tt.args != nil {
				args = append(args, "add")
				args = append(args, tt.args...)
			}
			r := rectifyCmd(t, map[string]string{"RECTIFY_DB": db}, tt.stdin, args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			if strings.Contains(tt.stdin, "青石县") && strings.Contains(r.stdout, "初始密码") {
				t.Error("a typed password is printed")
			}
		})
	}
	wang, err := st.GetUserByLogin(ctx, "wang")
	if err != nil {
		t.Fatal(err)
	}
	r := rectifyCmd(t, map[string]string{"RECTIFY_DB": db}, "", "user", "add", "--login", "zhao", "--name", "赵", "--role", "viewer", "--unit", unitID)
	m := regexp.MustCompile(`初始密码：(\S+)`).FindStringSubmatch(r.stdout)
	zhao, err := st.GetUserByLogin(ctx, "zhao")
	if err != nil || m == nil || !auth.VerifyPassword(zhao.PasswordHash, m[1]) {
		t.Errorf("the printed password does not sign zhao in: %v %q", err, r.stdout)
	}
	li, err := st.GetUserByLogin(ctx, "li")
	if err != nil || !auth.VerifyPassword(li.PasswordHash, "青石县巡察办2024") || li.UnitID != 0 {
		t.Errorf("li: %+v %v", li, err)
	}
	if wang.Email != "w@example.org" || wang.ScopePath != unit.Path {
		t.Errorf("wang: %+v", wang)
	}
}

// TestServeTrustedProxies: a bad range on the command line or in the
// environment is one line naming it (exit 2, before the database is
// touched); good ones make the server count the client X-Forwarded-For
// names behind them.
func TestServeTrustedProxies(t *testing.T) {
	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		stderr string
	}{
		{name: "a short address", args: []string{"--trusted-proxies", "10.0.0/8"},
			stderr: "rectify: 命令行有误: --trusted-proxies：“10.0.0/8”不是有效的网段\n"},
		{name: "the bad one of several", args: []string{"--trusted-proxies", "10.0.0.0/8, nginx.lan ,::1"},
			stderr: "rectify: 命令行有误: --trusted-proxies：“nginx.lan”不是有效的网段\n"},
		{name: "a length too long", args: []string{"--trusted-proxies", "fd00::/129"},
			stderr: "rectify: 命令行有误: --trusted-proxies：“fd00::/129”不是有效的网段\n"},
		{name: "from the environment", env: map[string]string{"RECTIFY_TRUSTED_PROXIES": "192.168.1.0/24,192.168.2.0/"},
			stderr: "rectify: 命令行有误: RECTIFY_TRUSTED_PROXIES：“192.168.2.0/”不是有效的网段\n"},
		{name: "the flag before the environment", args: []string{"--trusted-proxies", "proxy"}, env: map[string]string{"RECTIFY_TRUSTED_PROXIES": "10.0.0.0/8"},
			stderr: "rectify: 命令行有误: --trusted-proxies：“proxy”不是有效的网段\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "rectify.db")
			r := rectifyCmd(t, tt.env, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tt.args...)...)
			if r.code != 2 || r.stderr != tt.stderr {
				t.Errorf("exit %d, stderr %q; want 2, %q", r.code, r.stderr, tt.stderr)
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("the database was created before the flags were checked")
			}
		})
	}

	srv := serve(t, testdb.DSN(t), "--trusted-proxies", "127.0.0.0/8")
	req, err := http.NewRequest(http.MethodGet, srv.url+"/login", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", "203.0.113.7, 127.0.0.2")
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if code := srv.stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, srv.stderr)
	}
	logs := srv.stderr.String()
	if !strings.Contains(logs, "trusted_proxies=127.0.0.0/8") || !regexp.MustCompile(`path=/login .*ip=203\.0\.113\.7`).MatchString(logs) {
		t.Errorf("the request log does not name the client behind the proxy: %s", logs)
	}
}
