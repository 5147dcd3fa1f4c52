package jobs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
)

func TestRecipients(t *testing.T) {
	// An invented county: 县委 /1/ with 水务局 /1/2/ (水文站 /1/2/3/),
	// 交通局 /1/4/ and 文旅局 /1/5/.
	const water, station, transport, culture = "/1/2/", "/1/2/3/", "/1/4/", "/1/5/"
	user := func(id int64, name string, role rectify.Role, scope string) *rectify.User {
		return &rectify.User{ID: id, Name: name, Role: role, ScopePath: scope, UnitID: id}
	}
	admin := user(1, "县委巡察办", rectify.RoleAdmin, "")
	admin.UnitID = 0
	users := []*rectify.User{
		admin,
		user(2, "刘审核", rectify.RoleReviewer, "/1/"),
		user(3, "孙审核", rectify.RoleReviewer, water),
		user(4, "张伟", rectify.RoleEditor, water),
		user(5, "李明", rectify.RoleEditor, "/1/"),
		user(6, "王五", rectify.RoleViewer, water),
		user(7, "王五", rectify.RoleViewer, "/1/"),
		user(8, "赵六", rectify.RoleViewer, station),
		user(9, "钱七", rectify.RoleViewer, water),
		{ID: 10, Name: "周停用", Role: rectify.RoleEditor, ScopePath: water, UnitID: 10, Disabled: true},
		user(11, "吴敏", rectify.RoleEditor, transport),
		user(12, "郑强", rectify.RoleEditor, water),
		user(13, "林春燕", rectify.RoleViewer, water),
		user(14, "林春燕", rectify.RoleViewer, "/1/"),
		user(15, "陈晓（科长）", rectify.RoleViewer, water),
	}
	// The people lists: 林春燕 of the water bureau is linked to the county
	// account 14 (not the nearer namesake 13); 钱七 of the transport bureau
	// is linked to account 9, but the transport bureau is not near the
	// water bureau; 赵六 of the station is listed without an account.
	people := []*rectify.Person{
		{ID: 1, UnitID: 2, UnitPath: water, Name: "林春燕", Post: "副局长", UserID: 14},
		{ID: 2, UnitID: 4, UnitPath: transport, Name: "钱七", UserID: 5},
		{ID: 3, UnitID: 3, UnitPath: station, Name: "赵六"},
	}
	asOf := rectify.MustDate("2024-03-01")
	problem := func(leader string, owners ...string) *rectify.Problem {
		p := &rectify.Problem{ID: 1, Number: 1, Title: "河道采砂整治推进迟缓", Leader: leader}
		for i, o := range owners {
			m := &rectify.Measure{Number: i + 1, Text: "措施", Owner: o}
			if strings.HasSuffix(o, "（已完成）") {
				m.Owner = strings.TrimSuffix(o, "（已完成）")
				m.Done = asOf
			}
			if strings.HasSuffix(o, "（下周完成）") {
				m.Owner = strings.TrimSuffix(o, "（下周完成）")
				m.Done = asOf.AddDays(7)
			}
			p.Measures = append(p.Measures, m)
		}
		return p
	}
	tests := []struct {
		name  string
		kind  jobs.Kind
		path  string
		p     *rectify.Problem
		users []*rectify.User
		want  string
	}{
		{"due: the unit's editors, the leader and the owners of open measures", jobs.KindDue, water,
			problem("王五", "钱七", "赵六", "刘审核（已完成）"), users,
			"4 整改单位填报人; 6 责任领导; 9 措施责任人; 12 整改单位填报人"},
		{"due: an owner whose measure is done later than the day", jobs.KindDue, water,
			problem("", "钱七（下周完成）"), users, "4 整改单位填报人; 9 措施责任人; 12 整改单位填报人"},
		{"due: a unit without editors reaches its parent's", jobs.KindDue, station,
			problem(""), users, "4 整改单位填报人; 12 整改单位填报人"},
		{"due: up to the root's editors when no one nearer", jobs.KindDue, culture,
			problem(""), users, "5 整改单位填报人"},
		{"due: a name carried by two accounts goes to the nearer", jobs.KindDue, transport,
			problem("王五"), users, "11 整改单位填报人; 7 责任领导"},
		{"due: several leaders in one field, one of them also an editor", jobs.KindDue, water,
			problem("王五、张伟"), users, "4 整改单位填报人+责任领导; 6 责任领导; 12 整改单位填报人"},
		{"due: a leader without an account is no one", jobs.KindDue, transport,
			problem("陈某"), users, "11 整改单位填报人"},
		{"due: a measure owner out of the unit's reach is not reminded", jobs.KindDue, water,
			problem("", "赵六"), users, "4 整改单位填报人; 12 整改单位填报人"},
		{"escalation: the leader and the nearest office", jobs.KindEscalation, water,
			problem("王五", "钱七"), users, "3 巡察办（审核人员）; 6 责任领导"},
		{"escalation: the office of the level above when the unit has none", jobs.KindEscalation, transport,
			problem(""), users, "2 巡察办（审核人员）"},
		{"escalation: the admin of every unit when no one nearer", jobs.KindEscalation, culture,
			problem(""), []*rectify.User{admin, users[4]}, "1 巡察办（审核人员）"},
		{"recheck: the nearest office only", jobs.KindRecheck, station,
			problem("王五", "钱七"), users, "3 巡察办（审核人员）"},
		{"nobody in scope", jobs.KindDue, water, problem("王五"), []*rectify.User{users[10], users[9]}, ""},
		{"a leader written with a post reaches the account the people list links", jobs.KindEscalation, water,
			problem("林春燕（副局长）"), users, "3 巡察办（审核人员）; 14 责任领导"},
		{"the link holds from a unit below", jobs.KindEscalation, station,
			problem("林春燕(副局长)"), users, "3 巡察办（审核人员）; 14 责任领导"},
		{"a link of a unit that is not near is not used", jobs.KindDue, water,
			problem("钱七（科员）"), users, "4 整改单位填报人; 9 责任领导; 12 整改单位填报人"},
		{"without a link, the name without its post matches the account's", jobs.KindEscalation, transport,
			problem("林春燕（副局长）"), users, "2 巡察办（审核人员）; 14 责任领导"},
		{"an account named with a post matches the bare name", jobs.KindEscalation, water,
			problem("陈晓"), users, "3 巡察办（审核人员）; 15 责任领导"},
		{"a listed name without an account falls back on account names", jobs.KindDue, station,
			problem("", "赵六"), users, "8 措施责任人; 4 整改单位填报人; 12 整改单位填报人"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range jobs.Recipients(tt.kind, tt.path, tt.p, asOf, tt.users, people) {
				got = append(got, fmt.Sprintf("%d %s", r.User.ID, strings.Join(r.As, "+")))
			}
			if s := strings.Join(got, "; "); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}
