package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

const remindBase = "https://rectify.example.org"

// remindWorld is an invented county stored for the reminders: three
// bureaus, each with an inspection of ten problems whose deadlines fall
// around 2024-03-13, an editor, a leader and a reviewer per bureau, and the
// county's DingTalk robot and each bureau's WeCom robot.
type remindWorld struct {
	dsn    string
	people map[string]string // mail address → name
	groups map[string]string // a bureau's robot's path prefix → "wecom:水务局"
}

func newRemindWorld(t *testing.T, dsn, robotsURL string) *remindWorld {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := &remindWorld{dsn: dsn, people: map[string]string{}, groups: map[string]string{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	root := &rectify.Unit{Name: "中共青石县委员会"}
	must(st.CreateUnit(ctx, root))
	must(st.SetSetting(ctx, root.ID, jobs.SettingDingTalkWebhook, robotsURL+"/county/robot/send?access_token=county"))
	must(st.SetSetting(ctx, root.ID, jobs.SettingDingTalkSecret, "SECcounty"))
	add := func(u *rectify.User) {
		must(st.CreateUser(ctx, u))
		w.people[u.Email] = u.Name
	}
	add(&rectify.User{Login: "liu", Name: "刘审核", Role: rectify.RoleReviewer, UnitID: root.ID, Email: "liu@example.org"})
	for b, bureau := range []string{"水务局", "交通运输局", "自然资源局"} {
		unit := &rectify.Unit{Name: "中共青石县" + bureau + "党组", ParentID: root.ID}
		must(st.CreateUnit(ctx, unit))
		key := "wecom" + strconv.Itoa(b)
		must(st.SetSetting(ctx, unit.ID, jobs.SettingWeComWebhook, robotsURL+"/"+key+"/cgi-bin/webhook/send?key="+key))
		w.groups["/"+key+"/"] = "wecom:" + bureau
		editor := fmt.Sprintf("填报%d", b)
		leader := fmt.Sprintf("领导%d", b)
		add(&rectify.User{Login: fmt.Sprintf("editor%d", b), Name: editor, Role: rectify.RoleEditor, UnitID: unit.ID,
			Email: fmt.Sprintf("editor%d@example.org", b)})
		add(&rectify.User{Login: fmt.Sprintf("leader%d", b), Name: leader, Role: rectify.RoleViewer, UnitID: unit.ID,
			Email: fmt.Sprintf("leader%d@example.org", b)})
		var problems []*rectify.Problem
		for i := range 10 {
			problems = append(problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("%s整改事项%d", bureau, i+1),
				Leader: leader, Due: rectify.MustDate("2024-02-28").AddDays(2 * i),
				History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: rectify.MustDate("2024-01-10")}}})
		}
		must(st.CreateInspection(ctx, &rectify.Inspection{UnitID: unit.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular,
			Feedback: rectify.MustDate("2023-12-10"),
			Findings: []*rectify.Finding{{Number: 1, Title: "贯彻落实上级决策部署有差距", Problems: problems}}}))
	}
	return w
}

var remindLink = regexp.MustCompile(regexp.QuoteMeta(remindBase) + `/problems/(\d+)`)

// delivered returns "kind problem recipient" for every item of every
// message the servers received.
func (w *remindWorld) delivered(t *testing.T, smtpd *notifytest.SMTPServer, robots *notifytest.RobotServer) []string {
	t.Helper()
	kind := func(subject string) string {
		if strings.HasPrefix(subject, "巡察整改督办") {
			return "escalation"
		}
		return "due"
	}
	var out []string
	for _, m := range smtpd.Mails() {
		p := m.Parse(t)
		for _, l := range remindLink.FindAllStringSubmatch(p.Text, -1) {
			out = append(out, kind(p.Subject)+" "+l[1]+" "+m.To[0])
		}
	}
	for _, p := range robots.Posts() {
		md, _ := p.JSON["markdown"].(map[string]any)
		text, _ := md["text"].(string)
		if c, ok := md["content"].(string); ok {
			text = c
		}
		to := p.Path
		for prefix, key := range w.groups {
			if strings.HasPrefix(p.Path, prefix) {
				to = key
			}
		}
		if strings.HasPrefix(p.Path, "/county/") {
			// One DingTalk robot for the county: its digests, one per
			// bureau, name the bureau in their title.
			title, _ := md["title"].(string)
			to = "dingtalk:" + title
		}
		for _, l := range remindLink.FindAllStringSubmatch(text, -1) {
			out = append(out, "due "+l[1]+" "+to)
		}
	}
	slices.Sort(out)
	return out
}

func TestRemindCommand(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	robots := notifytest.NewRobotServer(t)
	db := testdb.DSN(t)
	newRemindWorld(t, db, robots.URL)
	args := []string{"remind", "--db", db, "--as-of", "2024-03-13", "--mail-from", "青石县委巡察办 <xcb@example.org>",
		"--base-url", remindBase + "/"}
	withSMTP := append(slices.Clone(args), "--smtp", "smtp://"+smtpd.Addr)

	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		stdout []string
		stderr string
		mails  int
	}{
		{name: "a dry run sends nothing", args: append(slices.Clone(withSMTP), "--dry-run"),
			stdout: []string{"2024年3月13日的督办提醒（试运行，未发送）：", "将发送  整改提醒  邮件      填报0 <editor0@example.org>",
				"合计：已发送 0 条，发送失败 0 条，将发送 16 条，无法送达 0 条。"}},
		{name: "without a mail server only the groups are told", args: args,
			stdout: []string{"已发送    整改提醒  钉钉      钉钉群（中共青石县水务局党组）", "无法送达  整改提醒  邮件      填报0 <editor0@example.org>",
				"未配置发信服务器", "提示：用 --smtp 和 --mail-from 配置发信服务器后"}},
		{name: "with the mail server from the environment, the people", args: args,
			env:    map[string]string{"RECTIFY_SMTP": "smtp://" + smtpd.Addr},
			stdout: []string{"已发送  整改提醒  邮件  填报0 <editor0@example.org>", "已发送  逾期督办  邮件  刘审核 <liu@example.org>"},
			mails:  10},
		{name: "once a day", args: withSMTP, stdout: []string{"今天没有需要发送的提醒（或已由其他进程发送）。"}, mails: 10},
		{name: "a mail server without a sender", args: []string{"remind", "--db", db, "--smtp", "smtp://" + smtpd.Addr},
			code: 2, stderr: "使用 --smtp 时需要 --mail-from", mails: 10},
		{name: "a bad mail server address", args: []string{"remind", "--db", db, "--smtp", "smtp://u:hunter2@x:port", "--mail-from", "a@example.org"},
			code: 2, stderr: "发信设置有误", mails: 10},
		{name: "a bad base URL", args: []string{"remind", "--db", db, "--base-url", "rectify.example.org"},
			code: 2, stderr: "--base-url 应以 http:// 或 https:// 开头", mails: 10},
		{name: "a bad time zone", args: []string{"remind", "--db", db, "--tz", "Mars/Olympus"},
			code: 2, stderr: "未知的时区", mails: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, tt.env, "", tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d: %s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout does not say %q:\n%s", want, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, tt.stderr) || strings.Contains(r.stderr, "hunter2") {
				t.Errorf("stderr %q, want %q", r.stderr, tt.stderr)
			}
			if n := len(smtpd.Mails()); n != tt.mails {
				t.Errorf("%d mails delivered in all, want %d", n, tt.mails)
			}
		})
	}
	p := smtpd.Mails()[0].Parse(t)
	if !strings.HasPrefix(p.Subject, "巡察整改提醒：") || !strings.Contains(p.Text, remindBase+"/problems/") ||
		strings.Contains(p.Text, remindBase+"//problems") {
		t.Errorf("mail %q:\n%s", p.Subject, p.Text)
	}
}

// childEnv names the variable that makes the test binary run rectify with
// the arguments it holds (separated by newlines) instead of the tests.
const childEnv = "RECTIFY_TEST_CHILD_ARGS"

// TestRemindChild is the child process of TestRemindTwoProcesses.
func TestRemindChild(t *testing.T) {
	args := os.Getenv(childEnv)
	if args == "" {
		t.Skip("runs only as a child process of TestRemindTwoProcesses")
	}
	os.Exit(Main(context.Background(), strings.Split(args, "\n"), os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// TestRemindTwoProcesses starts two rectify remind processes at once on one
// database, with the same mail server and robots: every item reaches every
// recipient exactly once, whichever process sends it.
func TestRemindTwoProcesses(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			var dsn string
			if dialect == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "rectify.db")
			} else {
				if os.Getenv(testdb.EnvPostgres) == "" {
					t.Skip("set " + testdb.EnvPostgres + " to a PostgreSQL URL to run two processes on PostgreSQL (CI does)")
				}
				dsn = testdb.DSN(t)
			}
			// A mail server slow enough that the two runs overlap.
			smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{Delay: 15 * time.Millisecond})
			robots := notifytest.NewRobotServer(t)
			w := newRemindWorld(t, dsn, robots.URL)

			// What there is to send, as a dry run sees it.
			dry := rectifyCmd(t, nil, "", "remind", "--db", dsn, "--as-of", "2024-03-13", "--dry-run",
				"--smtp", "smtp://"+smtpd.Addr, "--mail-from", "xcb@example.org")
			if dry.code != 0 || !strings.Contains(dry.stdout, "将发送") {
				t.Fatalf("dry run: exit %d: %s%s", dry.code, dry.stdout, dry.stderr)
			}

			args := strings.Join([]string{"remind", "--db", dsn, "--as-of", "2024-03-13", "--smtp", "smtp://" + smtpd.Addr,
				"--mail-from", "青石县委巡察办 <xcb@example.org>", "--base-url", remindBase}, "\n")
			type child struct {
				cmd *exec.Cmd
				out bytes.Buffer
			}
			children := make([]*child, 2)
			for i := range children {
				c := &child{cmd: exec.Command(os.Args[0], "-test.run=^TestRemindChild$", "-test.count=1")}
				c.cmd.Env = append(os.Environ(), childEnv+"="+args)
				c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
				children[i] = c
			}
			for _, c := range children {
				if err := c.cmd.Start(); err != nil {
					t.Fatal(err)
				}
			}
			sent := 0
			for i, c := range children {
				if err := c.cmd.Wait(); err != nil {
					t.Fatalf("process %d: %v\n%s", i, err, c.out.String())
				}
				n := strings.Count(c.out.String(), "已发送  ")
				t.Logf("process %d sent %d messages", i, n)
				sent += n
			}

			got := w.delivered(t, smtpd, robots)
			if len(got) == 0 {
				t.Fatal("nothing delivered")
			}
			for i := 1; i < len(got); i++ {
				if got[i] == got[i-1] {
					t.Errorf("delivered twice: %s", got[i])
				}
			}
			if msgs := len(smtpd.Mails()) + len(robots.Posts()); msgs != sent {
				t.Errorf("the processes say they sent %d messages, the servers got %d", sent, msgs)
			}

			// Every reminder of the day is recorded once, as sent, and was
			// delivered; every delivery was recorded.
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			list, err := st.ListReminders(context.Background(), rectify.MustDate("2024-03-13"))
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != len(slices.Compact(slices.Clone(got))) {
				t.Errorf("%d reminders recorded, %d delivered", len(list), len(got))
			}
			byUser := map[string]string{}
			for email := range w.people {
				u, err := st.GetUserByLogin(context.Background(), strings.Split(email, "@")[0])
				if err == nil {
					byUser[fmt.Sprintf("user:%d", u.ID)] = email
				}
			}
			for _, rm := range list {
				if rm.State != store.ReminderSent || rm.Attempts != 1 {
					t.Errorf("reminder %+v", rm)
				}
				if email, isUser := byUser[rm.Recipient]; isUser {
					line := fmt.Sprintf("%s %d %s", rm.Kind, rm.ItemID, email)
					if _, found := slices.BinarySearch(got, line); !found {
						t.Errorf("recorded as sent, never delivered: %s", line)
					}
				}
			}
			if strings.Count(dry.stdout, "将发送") != sent+1 { // and the summary line
				t.Errorf("the dry run announced %d messages, %d were sent:\n%s", strings.Count(dry.stdout, "将发送")-1, sent, dry.stdout)
			}
		})
	}
}

// TestServeSendsReminders starts two servers on one database with the
// scheduler looking for reminders every 100 milliseconds at any hour: the
// reminders of the day go out once, from one server or the other, and
// later runs send nothing more.
func TestServeSendsReminders(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	robots := notifytest.NewRobotServer(t)
	db := testdb.DSN(t)
	w := newRemindWorld(t, db, robots.URL)
	// The deadlines lie years back: every problem is red and escalated.
	const mails, posts = 10, 6
	args := []string{"--smtp", "smtp://" + smtpd.Addr, "--mail-from", "青石县委巡察办 <xcb@example.org>",
		"--base-url", remindBase, "--remind-every", "100ms", "--remind-hours", "00:00-24:00"}
	servers := []*running{serve(t, db, args...), serve(t, db, args...)}
	deadline := time.Now().Add(time.Minute)
	for len(smtpd.Mails()) < mails || len(robots.Posts()) < posts {
		if time.Now().After(deadline) {
			t.Fatalf("after a minute, %d mails and %d posts, want %d and %d", len(smtpd.Mails()), len(robots.Posts()), mails, posts)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Second) // ten more runs of each server
	for i, srv := range servers {
		if code := srv.stop(); code != 0 {
			t.Errorf("server %d exit %d: %s", i, code, srv.stderr)
		}
	}
	if len(smtpd.Mails()) != mails || len(robots.Posts()) != posts {
		t.Errorf("%d mails and %d posts in all, want %d and %d", len(smtpd.Mails()), len(robots.Posts()), mails, posts)
	}
	got := w.delivered(t, smtpd, robots)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Errorf("delivered twice: %s", got[i])
		}
	}
	for i, srv := range servers {
		if !strings.Contains(srv.stderr.String(), "scheduler started") {
			t.Errorf("server %d did not start the scheduler: %s", i, srv.stderr)
		}
	}
}

func TestServeScheduleFlags(t *testing.T) {
	db := testdb.DSN(t)
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--remind-hours", "18:00-08:30"}, "--remind-hours 应形如 08:30-18:00"},
		{[]string{"--remind-hours", "8点半"}, "--remind-hours 应形如 08:30-18:00"},
		{[]string{"--remind-every", "1ms"}, "--remind-every 过短"},
		{[]string{"--smtp", "smtp://127.0.0.1:25"}, "使用 --smtp 时需要 --mail-from"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := rectifyCmd(t, nil, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d: %s", r.code, r.stderr)
			}
		})
	}
}
