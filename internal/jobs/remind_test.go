package jobs_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
	"github.com/rectify-dev/rectify/internal/store"
)

// expect is a run of days on which an item is reminded to a recipient.
type expect struct {
	kind, item, to string
	from, until    string // inclusive
}

// TestRemindReplay replays three weeks, day by day, with two runs each
// morning, a real SMTP conversation and the robots' webhooks: items turn
// yellow, red, escalate after the office's days and stop once completed;
// every item reaches every recipient exactly once a day; a failed send is
// sent again by the next run of the day; without mail, people's items wait
// for a run with mail.
func TestRemindReplay(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	robots := notifytest.NewRobotServer(t)
	c := newCounty(t, robots)
	mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "青石县委巡察办 <xcb@example.org>")
	ok(t, err)
	r := &jobs.Reminders{Store: c.s, Mail: mail, BaseURL: baseURL, Now: func() time.Time { return c.now }}

	// What should be delivered, by hand from the fixtures: P1 yellow from
	// 03-05 (three days ahead), red from 03-09, escalated from 03-13 (five
	// days red), completed on 03-18; P2 yellow from 03-17; P3's milestone
	// yellow from 03-09, red from 03-13, escalated from 03-17 (no leader:
	// the office only); P5 red from 03-05 (its editor has no mail, its
	// bureau's robot is off), escalated from 03-11; the look-back of P6
	// from 03-12 until recorded on 03-16.
	want := []expect{
		{"due", "P1", "张伟", "03-05", "03-17"},
		{"due", "P1", "王五", "03-05", "03-17"},
		{"due", "P1", "钱七", "03-05", "03-17"},
		{"due", "P1", "county", "03-05", "03-17"},
		{"due", "P1", "water", "03-05", "03-17"},
		{"escalation", "P1", "王五", "03-13", "03-17"},
		{"escalation", "P1", "刘审核", "03-13", "03-17"},
		{"due", "P2", "张伟", "03-17", "03-21"},
		{"due", "P2", "county", "03-17", "03-21"},
		{"due", "P2", "water", "03-17", "03-21"},
		{"due", "P3", "张伟", "03-09", "03-21"},
		{"due", "P3", "county", "03-09", "03-21"},
		{"due", "P3", "water", "03-09", "03-21"},
		{"escalation", "P3", "刘审核", "03-17", "03-21"},
		{"escalation", "P5", "刘审核", "03-11", "03-21"},
		{"recheck", "P6", "刘审核", "03-12", "03-15"},
	}
	var wantLines []string
	for _, e := range want {
		for day := d("2024-" + e.from); !day.After(d("2024-" + e.until)); day = day.AddDays(1) {
			wantLines = append(wantLines, day.String()+" "+e.kind+" "+e.item+" "+e.to)
		}
	}

	var got []string
	seenMails, seenPosts := 0, 0
	ctx := rectify.AsSystem(context.Background())
	for day := d("2024-03-01"); !day.After(d("2024-03-21")); day = day.AddDays(1) {
		c.now = time.Date(day.Year, day.Month, day.Day, 8, 30, 0, 0, shanghai)
		switch day {
		case d("2024-03-06"):
			r.Mail = nil // the mail server is not set up yet this morning
		case d("2024-03-10"):
			smtpd.Refuse("zhangwei@example.org", 1)
		case d("2024-03-11"):
			robots.Fail("/water/cgi-bin/webhook/send", 1)
		case d("2024-03-16"):
			rc := *c.recheck
			rc.Done, rc.Result, rc.Reviewer = day, rectify.RecheckPassed, "刘审核"
			ok(t, c.s.UpdateRecheck(ctx, &rc))
		case d("2024-03-18"):
			c.complete("P1", day)
		}
		first, err := r.Run(ctx, jobs.Options{Day: day})
		ok(t, err)
		r.Mail = mail
		c.now = c.now.Add(30 * time.Minute)
		second, err := r.Run(ctx, jobs.Options{Day: day})
		ok(t, err)

		switch day {
		case d("2024-03-06"):
			if first.Count(jobs.DeliveryNoChannel) == 0 || first.Count(jobs.DeliverySent) != 2 || second.Count(jobs.DeliverySent) != 3 {
				t.Errorf("%s without mail, then with: first %s, second %s", day, summary(first), summary(second))
			}
		case d("2024-03-10"), d("2024-03-11"):
			if first.Count(jobs.DeliveryFailed) != 1 || second.Count(jobs.DeliverySent) != 1 {
				t.Errorf("%s a failed send and its retry: first %s, second %s", day, summary(first), summary(second))
			}
		default:
			if second.Count(jobs.DeliverySent)+second.Count(jobs.DeliveryFailed) != 0 {
				t.Errorf("%s the second run sent again: %s", day, summary(second))
			}
		}
		for _, rep := range []*jobs.Report{first, second} {
			for _, dl := range rep.Deliveries {
				if dl.Status == jobs.DeliveryNoChannel && dl.To != "周敏（未填电子邮箱）" && r.Mail != nil && day != d("2024-03-06") {
					t.Errorf("%s no channel to %s", day, dl.To)
				}
			}
		}

		mails, posts := smtpd.Mails(), robots.Posts()
		got = append(got, c.delivered(t, day, mails[seenMails:], posts[seenPosts:])...)
		seenMails, seenPosts = len(mails), len(posts)
	}

	slices.Sort(got)
	slices.Sort(wantLines)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Errorf("delivered twice: %s", got[i])
		}
	}
	if missing, extra := diff(wantLines, slices.Compact(got)); len(missing)+len(extra) > 0 {
		t.Errorf("missing:\n%s\nunexpected:\n%s", strings.Join(missing, "\n"), strings.Join(extra, "\n"))
	}

	// The record of the retried send says so.
	list, err := c.s.ListReminders(ctx, d("2024-03-10"))
	ok(t, err)
	retried := 0
	for _, rm := range list {
		if rm.Recipient == fmt.Sprintf("user:%d", 3) && rm.Kind == "due" {
			if rm.State != store.ReminderSent || rm.Attempts != 2 || rm.Error != "" {
				t.Errorf("the retried reminder: %+v", rm)
			}
			retried++
		}
	}
	if retried != 2 { // P1 and P3 that day
		t.Errorf("%d reminders of 张伟 on 03-10, want 2", retried)
	}
}

func summary(r *jobs.Report) string {
	var parts []string
	for _, d := range r.Deliveries {
		parts = append(parts, fmt.Sprintf("%s/%s→%s:%s%v", d.Kind, d.Channel, d.To, d.Status, d.Items))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// diff returns the lines of want missing from got and those of got not in want.
func diff(want, got []string) (missing, extra []string) {
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found {
			extra = append(extra, g)
		}
	}
	return missing, extra
}

// TestRemindContent reads the messages of one day as people see them.
func TestRemindContent(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	robots := notifytest.NewRobotServer(t)
	c := newCounty(t, robots)
	mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "青石县委巡察办 <xcb@example.org>")
	ok(t, err)
	r := &jobs.Reminders{Store: c.s, Mail: mail, BaseURL: baseURL, Now: func() time.Time { return c.now }}
	day := d("2024-03-13")
	c.now = time.Date(2024, 3, 13, 8, 30, 0, 0, shanghai)
	if _, err := r.Run(context.Background(), jobs.Options{Day: day}); err != nil {
		t.Fatal(err)
	}
	link := func(label string) string { return fmt.Sprintf("%s/problems/%d", baseURL, c.problems[label].ID) }
	byTo := map[string][]notifytest.Parsed{}
	for _, m := range smtpd.Mails() {
		byTo[c.people[m.To[0]]] = append(byTo[c.people[m.To[0]]], m.Parse(t))
	}
	tests := []struct {
		name    string
		to      string
		subject string
		text    []string
	}{
		{"the editor's digest", "张伟", "巡察整改提醒：2项已逾期", []string{
			"张伟同志：",
			"截至2024年3月13日，您负责的巡察整改事项中有2项已逾期，请抓紧推进、按期销号。",
			"【县委第二巡察组 常规巡察（中共青石县水务局党组）】",
			"● 红灯｜问题1 河道采砂整治推进迟缓\n  整改时限：2024年3月8日（逾期 5 天），已升级督办\n" +
				"  整改状态：整改中｜责任领导：王五｜责任单位：河湖管理科｜整改单位填报人：张伟｜措施责任人：钱七\n" +
				"  您是：整改单位填报人\n  查看：" + link("P1"),
			"● 红灯｜问题3 农村供水工程长效管护机制不健全\n  下一节点：2024年3月12日（逾期 1 天）",
		}},
		{"the measure owner's digest", "钱七", "巡察整改提醒：1项已逾期", []string{"您是：措施责任人"}},
		{"the leader's escalation", "王五", "巡察整改督办：1项逾期未完成，已升级督办", []string{
			"王五同志：",
			"以下1项巡察整改事项逾期未完成，已超过督办期限，现升级督办",
			"● 问题1 河道采砂整治推进迟缓\n  逾期 5 天，亮红灯已5天（整改时限：2024年3月8日），逾期5天即升级督办\n" +
				"  整改状态：整改中｜责任领导：王五｜责任单位：河湖管理科｜整改单位填报人：张伟｜措施责任人：钱七\n  查看：" + link("P1"),
		}},
		{"the office's escalation", "刘审核", "巡察整改督办：2项逾期未完成，已升级督办", []string{
			"【县委第二巡察组 常规巡察（中共青石县水务局党组）】\n● 问题1",
			"【县委第三巡察组 专项巡察（中共青石县交通运输局党组）】\n● 问题5 农村公路养护资金使用不规范\n  逾期 9 天，亮红灯已9天（整改时限：2024年3月4日），逾期7天即升级督办\n" +
				"  整改状态：整改中｜整改单位填报人：周敏",
		}},
		{"the office's look-backs", "刘审核", "回头看提醒：1项即将到期", []string{
			"● 问题6 防汛物资储备台账不全\n  回头看日期：2024年3月15日（还有 2 天）\n  整改状态：完成",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m *notifytest.Parsed
			for i := range byTo[tt.to] {
				if byTo[tt.to][i].Subject == tt.subject {
					m = &byTo[tt.to][i]
				}
			}
			if m == nil {
				var subjects []string
				for _, p := range byTo[tt.to] {
					subjects = append(subjects, p.Subject)
				}
				t.Fatalf("no mail to %s titled %q; got %q", tt.to, tt.subject, subjects)
			}
			for _, want := range tt.text {
				if !strings.Contains(m.Text, want) {
					t.Errorf("the text does not hold %q:\n%s", want, m.Text)
				}
			}
			if !strings.Contains(m.HTML, "<h3>") || !strings.Contains(m.HTML, tt.to+"同志") {
				t.Errorf("HTML body:\n%s", m.HTML)
			}
		})
	}
	if n := len(byTo["周敏"]); n != 0 {
		t.Errorf("mail without an address: %d", n)
	}

	posts := robots.Posts()
	if len(posts) != 2 {
		t.Fatalf("%d robot posts, want one to each of 水务局's two groups", len(posts))
	}
	for _, p := range posts {
		switch {
		case strings.HasPrefix(p.Path, "/county/"):
			md := p.JSON["markdown"].(map[string]any)
			text := md["text"].(string)
			if md["title"] != "巡察整改提醒（中共青石县水务局党组）：2项已逾期" ||
				!strings.Contains(text, "截至2024年3月13日，本单位巡察整改事项中有2项已逾期，请相关负责同志抓紧推进。") ||
				!strings.Contains(text, "- 【红灯】[问题1 河道采砂整治推进迟缓]("+link("P1")+")：整改时限：2024年3月8日（逾期 5 天），已升级督办；责任领导：王五 @13800001111 @13900002222") {
				t.Errorf("DingTalk digest %q:\n%s", md["title"], text)
			}
			at := p.JSON["at"].(map[string]any)
			if fmt.Sprint(at["atMobiles"]) != "[13800001111 13900002222]" || at["isAtAll"] != false {
				t.Errorf("DingTalk mentions %v", at)
			}
			ts := p.Query.Get("timestamp")
			mac := hmac.New(sha256.New, []byte("SECcounty0123456789"))
			mac.Write([]byte(ts + "\n" + "SECcounty0123456789"))
			if ts != fmt.Sprint(c.now.UnixMilli()) || p.Query.Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
				t.Errorf("DingTalk signature: timestamp %s sign %s", ts, p.Query.Get("sign"))
			}
		case strings.HasPrefix(p.Path, "/water/"):
			content := p.JSON["markdown"].(map[string]any)["content"].(string)
			if !strings.HasPrefix(content, "#### 巡察整改提醒（中共青石县水务局党组）：2项已逾期\n") ||
				!strings.Contains(content, `<font color="warning">【红灯】</font>[问题3 农村供水工程长效管护机制不健全](`+link("P3")+")") ||
				strings.Contains(content, "@1") {
				t.Errorf("WeCom digest:\n%s", content)
			}
		default:
			t.Errorf("a post to %s", p.Path)
		}
	}
}

// TestRemindDryRun shows what would be sent without claiming or sending.
func TestRemindDryRun(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	c := newCounty(t, nil)
	mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "xcb@example.org")
	ok(t, err)
	r := &jobs.Reminders{Store: c.s, Mail: mail, BaseURL: baseURL, Now: func() time.Time { return c.now }}
	ctx := rectify.AsSystem(context.Background())
	day := d("2024-03-13")
	dry, err := r.Run(ctx, jobs.Options{Day: day, DryRun: true})
	ok(t, err)
	if len(smtpd.Mails()) != 0 || dry.Count(jobs.DeliveryDryRun) != 6 {
		t.Fatalf("dry run: %d mails, %s", len(smtpd.Mails()), summary(dry))
	}
	if list, _ := c.s.ListReminders(ctx, day); len(list) != 0 {
		t.Fatalf("a dry run claimed %d reminders", len(list))
	}
	sent, err := r.Run(ctx, jobs.Options{Day: day, Kinds: []jobs.Kind{jobs.KindDue}})
	ok(t, err)
	dry, err = r.Run(ctx, jobs.Options{Day: day, DryRun: true})
	ok(t, err)
	if sent.Count(jobs.DeliverySent) != 3 || dry.Count(jobs.DeliveryDryRun) != 3 {
		t.Errorf("after the digests were sent, a dry run: %s", summary(dry))
	}
	for _, dl := range dry.Deliveries {
		if dl.Status == jobs.DeliveryDryRun && (dl.Kind == jobs.KindDue || dl.Message == nil || dl.Message.Subject == "") {
			t.Errorf("a dry run would send %s", summary(dry))
		}
	}
}

// TestRemindGivesUp stops retrying a send after three failures in a day.
func TestRemindGivesUp(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	c := newCounty(t, nil)
	mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "xcb@example.org")
	ok(t, err)
	r := &jobs.Reminders{Store: c.s, Mail: mail, Now: func() time.Time { return c.now }, BaseURL: baseURL}
	smtpd.Refuse("qianqi@example.org", 5)
	ctx := rectify.AsSystem(context.Background())
	day := d("2024-03-13")
	var statuses []string
	for range 4 {
		rep, err := r.Run(ctx, jobs.Options{Day: day, Kinds: []jobs.Kind{jobs.KindDue}})
		ok(t, err)
		status := "none"
		for _, dl := range rep.Deliveries {
			if dl.To == "钱七 <qianqi@example.org>" {
				status = dl.Status
				if dl.Status == jobs.DeliveryFailed && !strings.Contains(dl.Error, "450") {
					t.Errorf("error %q", dl.Error)
				}
			}
		}
		statuses = append(statuses, status)
	}
	if got := strings.Join(statuses, ","); got != "failed,failed,failed,none" {
		t.Errorf("runs: %s", got)
	}
	c.now = c.now.Add(24 * time.Hour)
	rep, err := r.Run(ctx, jobs.Options{Day: day.AddDays(1), Kinds: []jobs.Kind{jobs.KindDue}})
	ok(t, err)
	if !strings.Contains(summary(rep), "钱七 <qianqi@example.org>:failed") {
		t.Errorf("the next day starts afresh: %s", summary(rep))
	}
}

// TestRemindPacesRobots keeps to a robot's messages a minute: the digests
// of two bureaus to the county's one robot wait for each other when the
// robot takes one message a minute.
func TestRemindPacesRobots(t *testing.T) {
	robots := notifytest.NewRobotServer(t)
	c := newCounty(t, robots)
	ctx := rectify.AsSystem(context.Background())
	ok(t, c.s.SetSetting(ctx, c.transport.ID, "dingtalk_webhook", "")) // inherit the county's again
	var waits []time.Duration
	r := &jobs.Reminders{Store: c.s, BaseURL: baseURL, Now: func() time.Time { return c.now }, RobotPerMinute: 1,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	c.now = time.Date(2024, 3, 13, 8, 30, 0, 0, shanghai)
	rep, err := r.Run(ctx, jobs.Options{Day: d("2024-03-13"), Kinds: []jobs.Kind{jobs.KindDue}})
	ok(t, err)
	if rep.Count(jobs.DeliverySent) != 3 || len(robots.Posts()) != 3 {
		t.Fatalf("sent %s", summary(rep))
	}
	if len(waits) != 1 || waits[0] <= 50*time.Second || waits[0] > time.Minute {
		t.Errorf("waits %v, want one of nearly a minute before the county robot's second digest", waits)
	}
}

// A leader written with a post (林春燕（副局长）) is reminded through the
// account the people list links to the name, not a namesake's; without a
// link, the name without its post finds the account.
func TestRemindLeaderThroughPeopleList(t *testing.T) {
	tests := []struct {
		name   string
		linked bool // the people list links 林春燕 of the water bureau to the account lin
		want   string
	}{
		{"linked by the people list", true, "林春燕 <lin@example.org>"},
		{"by the name without its post: both namesakes", false, "林春燕 <lin2@example.org>; 林春燕 <lin@example.org>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
			c := newCounty(t, nil)
			ctx := rectify.AsSystem(context.Background())
			lin := &rectify.User{Login: "lin", Name: "林春燕", Role: rectify.RoleViewer, UnitID: c.water.ID, Email: "lin@example.org"}
			ok(t, c.s.CreateUser(ctx, lin))
			// A namesake in the same unit, whom only the link tells apart.
			ok(t, c.s.CreateUser(ctx, &rectify.User{Login: "lin2", Name: "林春燕", Role: rectify.RoleViewer, UnitID: c.water.ID, Email: "lin2@example.org"}))
			pe := &rectify.Person{UnitID: c.water.ID, Name: "林春燕", Post: "副局长"}
			if tt.linked {
				pe.UserID = lin.ID
			}
			ok(t, c.s.Update(ctx, "add person", func(tx *store.Tx) error { return tx.CreatePerson(ctx, pe) }))
			p, err := c.s.GetProblem(ctx, c.problems["P1"].ID)
			ok(t, err)
			p.Leader = "林春燕（副局长）"
			ok(t, c.s.UpdateProblem(ctx, p))

			mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "xcb@example.org")
			ok(t, err)
			r := &jobs.Reminders{Store: c.s, Mail: mail, BaseURL: baseURL, Now: func() time.Time { return c.now }}
			// P1 is due 2024-03-08; the water bureau escalates after 5 days.
			rep, err := r.Run(ctx, jobs.Options{Day: d("2024-03-13"), DryRun: true, Kinds: []jobs.Kind{jobs.KindEscalation}})
			ok(t, err)
			var to []string
			for _, dl := range rep.Deliveries {
				if strings.HasPrefix(dl.To, "林春燕") && slices.Contains(dl.Items, p.ID) {
					to = append(to, dl.To)
				}
			}
			slices.Sort(to)
			if got := strings.Join(to, "; "); got != tt.want {
				t.Errorf("the escalation of P1 reaches %q, want %q\n%s", got, tt.want, summary(rep))
			}
		})
	}
}
