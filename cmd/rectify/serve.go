package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/objstore"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/server"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// runServe starts the web application on the database, until ctx ends
// (SIGINT, SIGTERM): then it stops taking requests, lets those under way
// finish (ten seconds at most) and returns.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags("serve", e)
	db := dbFlag(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址（主机:端口）")
	withDemo := fs.Bool("demo", false, "数据库中没有巡察记录时载入演示数据，并为每种角色创建演示账号")
	secure := fs.Bool("secure-cookies", false, "会话 Cookie 总是标记 Secure（在 HTTPS 反向代理之后运行时使用）")
	proxies := fs.String("trusted-proxies", "", "受信任的反向代理所在网段，逗号分隔，如 10.0.0.0/8,::1；来自这些地址的请求按 X-Forwarded-For 认定访问者地址（登录限制、意见建议的提交限制、日志）。"+
		"默认不信任任何代理；也可用环境变量 RECTIFY_TRUSTED_PROXIES")
	font := fs.String("font", "", "PDF 通报所用的中文字体文件（.ttf、.otf 或 .ttc），默认在系统字体中查找（如 fonts-noto-cjk）；也可用环境变量 RECTIFY_FONT")
	backupDir := fs.String("backup-dir", "", "定时备份数据库到这个文件夹（文件名 rectify-年月日-时分秒.backup）；不给时不备份")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "多久备份一次（与 --backup-dir 同用）")
	backupKeep := fs.Int("backup-keep", 7, "保留最近几份备份（与 --backup-dir 同用）")
	evidence := evidenceFlag(fs, e)
	nf, sf := addNotifyFlags(fs, e), addScheduleFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify serve 不接受参数 %v", errUsage, pos)
	}
	trusted, err := trustedProxies(e, *proxies)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))

	// The object store first: a wrong address or key must not leave a
	// new empty database behind.
	var objects *objstore.Store
	if where := evidence(); where != "" {
		if objects, err = openObjects(ctx, e, where); err != nil {
			return err
		}
	}
	st, err := openStore(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now
	if objects != nil {
		st.SetEvidenceStore(objects)
	}
	deps, err := nf.deps(st, log)
	if err == nil {
		err = sf.apply(&deps)
	}
	if err != nil {
		return err
	}
	deps.Clock = cliClock{e.now}
	if *backupDir != "" {
		if *backupEvery < time.Minute || *backupKeep < 1 {
			return fmt.Errorf("%w: --backup-every 至少 1m，--backup-keep 至少 1", errUsage)
		}
		deps.Backups = jobs.Backups{Dir: *backupDir, Every: *backupEvery, Keep: *backupKeep}
	}
	// The faces of PDF notices, found once: without them the notice page
	// offers the other formats and says which fonts to install.
	var fonts *office.FontSet
	if *font != "" || e.getenv("RECTIFY_FONT") != "" {
		if fonts, err = pdfFonts(e, *font); err != nil {
			return err
		}
	} else if fonts, err = office.SystemFonts(e.getenv); err != nil {
		log.Warn("no Chinese font for PDF notices", "err", err)
		fonts = nil
	}
	srv, err := server.New(server.Deps{Store: st, Log: log, Now: e.now, SecureCookies: *secure, Fonts: fonts, TrustedProxies: trusted})
	if err != nil {
		return err
	}
	// Listen before the first accounts are made: a start that cannot take
	// its port stores nothing, so no password is made that nobody saw.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w（端口已被占用时，可用 --addr 127.0.0.1:8081 换一个端口）", *addr, err)
	}
	defer ln.Close()
	if err := firstAdmin(ctx, e, st); err != nil {
		return err
	}
	if *withDemo {
		if err := loadDemo(ctx, e, st); err != nil {
			return err
		}
	}
	hs := &http.Server{
		Handler: srv,
		// A client that sends its request slowly ties up a connection and
		// the memory of its body: the headers within 10 s, the whole
		// request (an upload of 32 MB on a slow line included) within 5
		// minutes, the answer (a ledger of 100,000 rows included) within
		// 10; an idle connection is closed after 2.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	fmt.Fprintf(e.stdout, "rectify 已启动：http://%s/\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "db", redactDSN(db()), "dialect", st.Dialect(), "evidence", evidenceWhere(st))
	if len(trusted) > 0 {
		log.Info("trusting X-Forwarded-For from proxies", "trusted_proxies", trusted.String())
	}

	var wg sync.WaitGroup
	jobsCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	// Reminders, look-backs and housekeeping, until the server stops.
	stopScheduler := jobs.New(deps).Start(jobsCtx)
	wg.Go(func() {
		<-jobsCtx.Done()
		stopScheduler()
	})
	// The figures of progress reports stored before the record kept them
	// (or by an import or the demo) are read once at start, while the
	// server already answers; the scheduler reads later ones.
	wg.Go(func() {
		n, err := workflow.New(st).QuantifyPending(jobsCtx)
		switch {
		case err != nil && jobsCtx.Err() == nil:
			log.Error("reading the figures of progress reports", "err", err)
		case n > 0:
			log.Info("figures of progress reports read", "reports", n)
		}
	})

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		stopJobs()
		wg.Wait()
		return fmt.Errorf("服务中止：%w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stopJobs()
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err = hs.Shutdown(shut)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("停止服务：%w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("服务中止：%w", err)
	}
	return nil
}

// trustedProxies returns the reverse proxies whose X-Forwarded-For names
// the client: --trusted-proxies, else RECTIFY_TRUSTED_PROXIES, else none.
// It returns a usage error naming the entry that is not a range and where
// it was given.
func trustedProxies(e *env, flagValue string) (httpx.TrustedProxies, error) {
	from, v := "--trusted-proxies", flagValue
	if v == "" {
		from, v = "RECTIFY_TRUSTED_PROXIES", e.getenv("RECTIFY_TRUSTED_PROXIES")
	}
	tp, err := httpx.ParseTrustedProxies(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %s：%s", errUsage, from, rectify.ErrorMessage(err))
	}
	return tp, nil
}

// firstAdmin creates the account admin with a random password when the
// database has no account, and prints the password, this once.
func firstAdmin(ctx context.Context, e *env, st *store.Store) error {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	password := auth.RandomPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := &rectify.User{Login: "admin", Name: "系统管理员", Role: rectify.RoleAdmin, PasswordHash: hash}
	if err := st.CreateUser(ctx, u); err != nil {
		if rectify.ErrorCode(err) == rectify.ECONFLICT {
			return nil // another process starting on the same database made it
		}
		return fmt.Errorf("创建管理员账号：%s", describe(err))
	}
	fmt.Fprintf(e.stdout, "已创建管理员账号 admin（全部单位），初始密码：%s\n", password)
	fmt.Fprintln(e.stdout, "密码只显示这一次，请登录后在“我的账号”中修改。")
	return nil
}

// loadDemo fills an empty database with the demo record and creates its
// accounts, printing their passwords this once. A database that holds
// inspections already is left alone.
func loadDemo(ctx context.Context, e *env, st *store.Store) error {
	sum, err := demo.Fill(ctx, st, rectify.DateOf(e.now()), demo.Options{})
	if errors.Is(err, demo.ErrNotEmpty) {
		fmt.Fprintln(e.stdout, "数据库中已有巡察记录，未载入演示数据。")
		return nil
	}
	if err != nil {
		return fmt.Errorf("载入演示数据：%s", describe(err))
	}
	c := sum.Counts
	fmt.Fprintf(e.stdout, "已载入演示数据：%d 个单位，%d 次巡察，%d 个问题，%d 条整改措施。\n", c.Units, c.Inspections, c.Problems, c.Measures)
	return demoAccounts(ctx, e.stdout, st, sum.Accounts)
}

// demoAccounts creates the accounts the demo suggests, one per role, with
// random passwords printed once; a login that exists already is skipped.
func demoAccounts(ctx context.Context, w io.Writer, st *store.Store, accounts []demo.Account) error {
	t := &table{}
	t.add("登录名", "密码", "角色", "数据范围")
	for _, a := range accounts {
		if _, err := st.GetUserByLogin(ctx, a.Login); err == nil {
			continue
		} else if !errors.Is(err, rectify.ErrNotFound) {
			return err
		}
		password := auth.RandomPassword()
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		u := &rectify.User{Login: a.Login, Name: a.Name, Role: a.Role, UnitID: a.UnitID, PasswordHash: hash}
		if err := st.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("创建演示账号 %s：%s", a.Login, describe(err))
		}
		scope := "全部单位"
		if unit, err := st.GetUnit(ctx, a.UnitID); err == nil {
			scope = unit.Name
		}
		t.add(a.Login, password, a.Role.Label(), scope)
	}
	if len(t.rows) == 1 {
		return nil
	}
	fmt.Fprintln(w, "演示账号（密码只显示这一次）：")
	return t.write(w)
}

// evidenceWhere names where new evidence files are kept, for the log.
func evidenceWhere(st *store.Store) string {
	if o := st.EvidenceStore(); o != nil {
		return o.String()
	}
	return "database"
}
