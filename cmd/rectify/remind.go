package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/store"
)

// notifyFlags are the flags of the reminders' delivery, shared by remind
// and serve; the environment gives what the flags do not.
type notifyFlags struct {
	e       *env
	smtp    *string
	from    *string
	baseURL *string
	tz      *string
}

func addNotifyFlags(fs *flag.FlagSet, e *env) *notifyFlags {
	return &notifyFlags{
		e:       e,
		smtp:    fs.String("smtp", "", "发信服务器，如 smtp://用户名:密码@smtp.example.org:587（或 smtps://…:465）；也可用环境变量 RECTIFY_SMTP。不给时不发邮件"),
		from:    fs.String("mail-from", "", "发件人，如 \"县委巡察办 <xcb@example.org>\"；也可用环境变量 RECTIFY_MAIL_FROM"),
		baseURL: fs.String("base-url", "", "系统的访问地址，用于提醒中的问题链接，如 https://rectify.example.org；也可用环境变量 RECTIFY_BASE_URL"),
		tz:      fs.String("tz", "", "时区，决定每天从何时算起（默认 Asia/Shanghai；也可用环境变量 RECTIFY_TZ）"),
	}
}

func (f *notifyFlags) value(flagValue *string, envName string) string {
	if *flagValue != "" {
		return *flagValue
	}
	return f.e.getenv(envName)
}

// deps returns the jobs' dependencies on st: mail when --smtp is given, the
// time zone, the base URL. It returns a usage error for a bad flag.
func (f *notifyFlags) deps(st *store.Store, log *slog.Logger) (jobs.Deps, error) {
	d := jobs.Deps{Store: st, Log: log, BaseURL: strings.TrimRight(f.value(f.baseURL, "RECTIFY_BASE_URL"), "/")}
	if d.BaseURL != "" && !strings.HasPrefix(d.BaseURL, "http://") && !strings.HasPrefix(d.BaseURL, "https://") {
		return d, fmt.Errorf("%w: --base-url 应以 http:// 或 https:// 开头", errUsage)
	}
	if tz := f.value(f.tz, "RECTIFY_TZ"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return d, fmt.Errorf("%w: 未知的时区 %q", errUsage, tz)
		}
		d.Location = loc
	}
	if u := f.value(f.smtp, "RECTIFY_SMTP"); u != "" {
		from := f.value(f.from, "RECTIFY_MAIL_FROM")
		if from == "" {
			return d, fmt.Errorf("%w: 使用 --smtp 时需要 --mail-from（发件人地址）", errUsage)
		}
		s, err := notify.ParseSMTP(u, from)
		if err != nil {
			return d, fmt.Errorf("%w: 发信设置有误：%v", errUsage, err)
		}
		s.Now = f.e.now
		d.Mail = s
	}
	return d, nil
}

// runRemind sends the reminders of a day once (rectify remind), for those
// who run them from cron rather than inside rectify serve, and prints what
// it sent (with --dry-run: what it would send). It exits 1 when a message
// could not be sent; running it again the same day sends those again and
// nothing else.
func runRemind(ctx context.Context, e *env, args []string) error {
	fs := newFlags("remind", e)
	db := dbFlag(fs, e)
	asOf := dateFlag(fs, "as-of", "按哪一天提醒 YYYY-MM-DD（默认今天）")
	dryRun := fs.Bool("dry-run", false, "只列出将要发送的提醒，不发送，也不记录")
	nf := addNotifyFlags(fs, e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify remind 不接受参数 %s", errUsage, strings.Join(pos, " "))
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now
	deps, err := nf.deps(st, log)
	if err != nil {
		return err
	}
	deps.Clock = cliClock{e.now}
	day := *asOf
	if day.IsZero() {
		day = deps.Today(e.now())
	}
	r := deps.Reminders()
	report, err := r.Run(ctx, jobs.Options{Day: day, DryRun: *dryRun})
	if report != nil {
		printReminders(e.stdout, report, *dryRun, deps.Mail != nil)
	}
	if err != nil {
		return fmt.Errorf("督办提醒中止：%s", describe(err))
	}
	if n := report.Count(jobs.DeliveryFailed); n > 0 {
		fmt.Fprintf(e.stderr, "rectify: %d 条提醒发送失败，稍后再运行 rectify remind 会重发（每天最多 3 次）。\n", n)
		return &exitError{1, errSilent}
	}
	return nil
}

// cliClock is the command's clock as a jobs.Clock.
type cliClock struct{ now func() time.Time }

func (c cliClock) Now() time.Time                         { return c.now() }
func (c cliClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// printReminders writes a run's report for people.
func printReminders(w io.Writer, r *jobs.Report, dryRun, mail bool) {
	verb := "督办提醒"
	if dryRun {
		verb = "督办提醒（试运行，未发送）"
	}
	fmt.Fprintf(w, "%s的%s：\n", r.Day.Chinese(), verb)
	t := &table{}
	t.add("结果", "类别", "渠道", "接收人", "事项", "标题")
	noChannel := 0
	for _, d := range r.Deliveries {
		status := map[string]string{jobs.DeliverySent: "已发送", jobs.DeliveryFailed: "发送失败",
			jobs.DeliveryDryRun: "将发送", jobs.DeliveryNoChannel: "无法送达"}[d.Status]
		subject := ""
		if d.Message != nil {
			subject = d.Message.Subject
		}
		if d.Status == jobs.DeliveryFailed {
			subject += "（" + d.Error + "）"
		}
		if d.Status == jobs.DeliveryNoChannel {
			noChannel++
			subject = "未配置发信服务器"
			if mail {
				subject = "没有电子邮箱"
			}
		}
		t.add(status, d.Kind.Label(), channelName(d.Channel), d.To, strconv.Itoa(len(d.Items))+"项", subject)
	}
	if len(t.rows) == 1 {
		fmt.Fprintln(w, "今天没有需要发送的提醒（或已由其他进程发送）。")
		return
	}
	t.write(w) //nolint:errcheck // a failed write to stdout has nowhere to be told
	fmt.Fprintf(w, "合计：已发送 %d 条，发送失败 %d 条，将发送 %d 条，无法送达 %d 条。\n",
		r.Count(jobs.DeliverySent), r.Count(jobs.DeliveryFailed), r.Count(jobs.DeliveryDryRun), noChannel)
	if noChannel > 0 && !mail {
		fmt.Fprintln(w, "提示：用 --smtp 和 --mail-from 配置发信服务器后，个人提醒才会通过邮件发出。")
	}
}

func channelName(c string) string {
	switch c {
	case jobs.ChannelDingTalk:
		return "钉钉"
	case jobs.ChannelWeCom:
		return "企业微信"
	}
	return "邮件"
}

// scheduleFlags are the flags of rectify serve's scheduled reminders.
type scheduleFlags struct {
	every *time.Duration
	hours *string
}

func addScheduleFlags(fs *flag.FlagSet) *scheduleFlags {
	return &scheduleFlags{
		every: fs.Duration("remind-every", 30*time.Minute, "每隔多久检查一次督办提醒（每天第一次发送当天的提醒，之后只发新增和失败重发的）"),
		hours: fs.String("remind-hours", "08:30-18:00", "发送督办提醒的时段（服务器时区）"),
	}
}

// apply sets the reminders' period and hours of d. It returns a usage
// error for a bad period or span of hours.
func (f *scheduleFlags) apply(d *jobs.Deps) error {
	if *f.every < 10*time.Millisecond {
		return fmt.Errorf("%w: --remind-every 过短", errUsage)
	}
	from, until, ok := strings.Cut(*f.hours, "-")
	fromD, err1 := timeOfDay(from)
	untilD, err2 := timeOfDay(until)
	if !ok || err1 != nil || err2 != nil || fromD >= untilD {
		return fmt.Errorf("%w: --remind-hours 应形如 08:30-18:00", errUsage)
	}
	d.RemindEvery, d.RemindHours = *f.every, [2]time.Duration{fromD, untilD}
	return nil
}

// timeOfDay reads HH:MM (00:00 to 24:00) as a time of day.
func timeOfDay(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("bad time of day %q", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}
