package jobs_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// The fixtures are invented: a county (青石县) whose inspection office
// oversees the water bureau and the transport bureau.

func d(s string) rectify.Date { return rectify.MustDate(s) }

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// county is a store holding the fixtures, on a clock the test moves.
type county struct {
	t   testing.TB
	s   *store.Store
	now time.Time

	root, water, transport *rectify.Unit
	// problems by label (P1 …) and labels by problem ID.
	problems map[string]*rectify.Problem
	labels   map[int64]string
	recheck  *rectify.Recheck
	// names of people by mail address.
	people map[string]string
}

const baseURL = "https://rectify.example.org"

// newCounty stores the county:
//
//	P1 水务局, due 2024-03-08, leader 王五, an open measure of 钱七
//	P2 水务局, due 2024-03-20
//	P3 水务局, long-term, next milestone 2024-03-12
//	P4 水务局, due 2024-04-30 (green all along)
//	P5 交通局, due 2024-03-04 (its editor has no mail address)
//	P6 水务局, completed, a look-back due 2024-03-15
//
// 水务局 escalates after 5 days, the rest after the default 7; the county
// has a signed DingTalk robot, 水务局 a WeCom robot too, 交通局 turns the
// DingTalk robot off.
func newCounty(t testing.TB, robots *notifytest.RobotServer) *county {
	t.Helper()
	c := &county{t: t, s: testdb.Open(t), now: time.Date(2024, 3, 1, 8, 30, 0, 0, shanghai),
		problems: map[string]*rectify.Problem{}, labels: map[int64]string{}, people: map[string]string{}}
	c.s.Now = func() time.Time { return c.now }
	ctx := rectify.AsSystem(context.Background())
	c.root = &rectify.Unit{Name: "中共青石县委员会"}
	ok(t, c.s.CreateUnit(ctx, c.root))
	c.water = &rectify.Unit{Name: "中共青石县水务局党组", ParentID: c.root.ID}
	ok(t, c.s.CreateUnit(ctx, c.water))
	c.transport = &rectify.Unit{Name: "中共青石县交通运输局党组", ParentID: c.root.ID}
	ok(t, c.s.CreateUnit(ctx, c.transport))

	for _, u := range []*rectify.User{
		{Login: "admin", Name: "县委巡察办", Role: rectify.RoleAdmin, Email: "xcb@example.org"},
		{Login: "liu", Name: "刘审核", Role: rectify.RoleReviewer, UnitID: c.root.ID, Email: "liu@example.org"},
		{Login: "zhangwei", Name: "张伟", Role: rectify.RoleEditor, UnitID: c.water.ID, Email: "zhangwei@example.org", Phone: "138-0000-1111"},
		{Login: "wangwu", Name: "王五", Role: rectify.RoleViewer, UnitID: c.water.ID, Email: "wangwu@example.org", Phone: "13900002222"},
		{Login: "qianqi", Name: "钱七", Role: rectify.RoleViewer, UnitID: c.water.ID, Email: "qianqi@example.org"},
		{Login: "zhoumin", Name: "周敏", Role: rectify.RoleEditor, UnitID: c.transport.ID},
	} {
		ok(t, c.s.CreateUser(ctx, u))
		if u.Email != "" {
			c.people[u.Email] = u.Name
		}
	}
	ok(t, c.s.SetSetting(ctx, c.water.ID, "escalation_days", "5"))
	if robots != nil {
		ok(t, c.s.SetSetting(ctx, c.root.ID, "dingtalk_webhook", robots.URL+"/county/robot/send?access_token=county"))
		ok(t, c.s.SetSetting(ctx, c.root.ID, "dingtalk_secret", "SECcounty0123456789"))
		ok(t, c.s.SetSetting(ctx, c.water.ID, "wecom_webhook", robots.URL+"/water/cgi-bin/webhook/send?key=water"))
		ok(t, c.s.SetSetting(ctx, c.transport.ID, "dingtalk_webhook", "off"))
	}

	inProgress := []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-01-10"), Author: "张伟"}}
	water := []*rectify.Problem{
		{Number: 1, Title: "河道采砂整治推进迟缓", Leader: "王五", OwnerUnit: "河湖管理科", Due: d("2024-03-08"),
			History: inProgress, Measures: []*rectify.Measure{
				{Number: 1, Text: "开展河道采砂专项清理行动。", Owner: "张伟", Done: d("2024-02-01")},
				{Number: 2, Text: "建立日常巡查台账并逐月通报。", Owner: "钱七"},
			}},
		{Number: 2, Title: "“一河一策”方案未按期修编", Due: d("2024-03-20"), History: inProgress},
		{Number: 3, Title: "农村供水工程长效管护机制不健全", Track: rectify.TrackLongTerm, Due: d("2025-12-31"),
			History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2024-01-20"),
				NextMilestone: d("2024-03-12"), Author: "张伟"}}},
		{Number: 4, Title: "水利工程项目资金拨付不及时", Due: d("2024-04-30"), History: inProgress},
		{Number: 6, Title: "防汛物资储备台账不全", Due: d("2024-01-31"),
			History: []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: d("2024-01-30"), Author: "刘审核"}}},
	}
	transport := []*rectify.Problem{
		{Number: 5, Title: "农村公路养护资金使用不规范", Due: d("2024-03-04"), History: inProgress},
	}
	for _, in := range []*rectify.Inspection{
		{UnitID: c.water.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: d("2023-12-10"),
			Findings: []*rectify.Finding{{Number: 1, Title: "贯彻落实上级决策部署有差距", Problems: water}}},
		{UnitID: c.transport.ID, Team: "县委第三巡察组", Kind: rectify.KindSpecial, Feedback: d("2023-12-12"),
			Findings: []*rectify.Finding{{Number: 1, Title: "履行主体责任不到位", Problems: transport}}},
	} {
		ok(t, c.s.CreateInspection(ctx, in))
		for _, p := range in.Problems() {
			label := "P" + strconv.Itoa(p.Number)
			c.problems[label] = p
			c.labels[p.ID] = label
		}
	}
	c.recheck = &rectify.Recheck{ProblemID: c.problems["P6"].ID, Due: d("2024-03-15")}
	ok(t, c.s.CreateRecheck(ctx, c.recheck))
	return c
}

// complete records that the problem was signed off on day.
func (c *county) complete(label string, day rectify.Date) {
	c.t.Helper()
	p, err := c.s.GetProblem(context.Background(), c.problems[label].ID)
	ok(c.t, err)
	_, err = c.s.AddStatusChange(rectify.WithUser(context.Background(), &rectify.User{Name: "刘审核"}), p.ID, p.Version,
		rectify.StatusChange{Status: rectify.StatusCompleted, Date: day, Author: "刘审核"})
	ok(c.t, err)
}

var problemLink = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `/problems/(\d+)`)

// kindOf tells the kind of a message by its subject or title.
func kindOf(subject string) string {
	switch {
	case strings.HasPrefix(subject, "巡察整改提醒"):
		return "due"
	case strings.HasPrefix(subject, "巡察整改督办"):
		return "escalation"
	case strings.HasPrefix(subject, "回头看提醒"):
		return "recheck"
	}
	return "?" + subject
}

// itemsOf returns the labels of the problems a message links to, once each.
func (c *county) itemsOf(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range problemLink.FindAllStringSubmatch(text, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		label := c.labels[id]
		if label == "" {
			label = "#" + m[1]
		}
		if !seen[label] {
			seen[label] = true
			out = append(out, label)
		}
	}
	return out
}

// delivered reads the mails and robot posts into "day kind item recipient"
// lines, one per item of each message.
func (c *county) delivered(t testing.TB, day rectify.Date, mails []notifytest.Mail, posts []notifytest.Post) []string {
	t.Helper()
	var out []string
	for _, m := range mails {
		p := m.Parse(t)
		for _, to := range m.To {
			for _, item := range c.itemsOf(p.Text) {
				out = append(out, day.String()+" "+kindOf(p.Subject)+" "+item+" "+c.people[to])
			}
		}
	}
	for _, p := range posts {
		group := strings.SplitN(strings.TrimPrefix(p.Path, "/"), "/", 2)[0]
		var subject, text string
		if md, ok := p.JSON["markdown"].(map[string]any); ok {
			subject, _ = md["title"].(string)
			text, _ = md["text"].(string)
			if content, ok := md["content"].(string); ok {
				text = content
				subject = strings.TrimPrefix(strings.SplitN(content, "\n", 2)[0], "#### ")
			}
		}
		for _, item := range c.itemsOf(text) {
			out = append(out, day.String()+" "+kindOf(subject)+" "+item+" "+group)
		}
	}
	return out
}
