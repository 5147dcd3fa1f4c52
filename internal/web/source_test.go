package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestSources: the office records an audit beside a 巡察 with one select;
// its page and notice speak the audit's words; the inspection list, the
// problem list, the overview and the to-do list show every kind together
// and narrow to one.
func TestSources(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.WithUser(context.Background(), hs.users["banshi"])
	xc := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular, Feedback: rectify.MustDate("2023-09-15"),
		Findings: []*rectify.Finding{{Number: 1, Title: "防汛物资管理不规范", Problems: []*rectify.Problem{
			{Number: 1, Title: "防汛仓库物资账实不符", Status: rectify.StatusInProgress, Due: rectify.MustDate("2024-01-31")}}}}}
	must(t, hs.st.CreateInspection(ctx, xc))

	w := hs.do("banshi", "POST", "/inspections", url.Values{"unit_id": {id(hs.bureau.ID)}, "source": {"audit"},
		"team": {"县审计局审计组"}, "kind": {"常规巡察"}, "feedback": {"2024-01-10"}})
	if w.Code != 303 {
		t.Fatalf("create: %d %s", w.Code, text(w.Body.String()))
	}
	m := regexp.MustCompile(`^/inspections/(\d+)/edit$`).FindStringSubmatch(w.Header().Get("Location"))
	if m == nil {
		t.Fatalf("location %q", w.Header().Get("Location"))
	}
	base := "/inspections/" + m[1]
	n, err := strconv64(base)
	must(t, err)
	audit, err := hs.st.GetInspection(ctx, n)
	must(t, err)
	if audit.Source != rectify.SourceAudit || audit.Kind != "" {
		t.Fatalf("stored %q/%q, want an audit without a sub-kind", audit.Source, audit.Kind)
	}
	w = hs.do("banshi", "POST", base+"/findings", url.Values{"title": {"预算管理方面"}, "version": {"1"}})
	if w.Code != 303 {
		t.Fatalf("finding: %d %s", w.Code, text(w.Body.String()))
	}
	fid := firstFinding(t, hs, base)
	w = hs.do("banshi", "POST", "/findings/"+fid+"/problems", url.Values{"title": {"项目支出未按预算执行"}, "version": {"2"}})
	if w.Code != 303 {
		t.Fatalf("problem: %d %s", w.Code, text(w.Body.String()))
	}

	tests := []struct {
		name, login, path string
		see, hide         []string
	}{
		{"the form offers the kinds, 巡察 first", "banshi", "/inspections/new", []string{"整改来源", `<option value="xuncha" selected>巡察</option>`, "审计", "生态环境督察"}, nil},
		{"the edit form keeps the audit", "banshi", base + "/edit", []string{`<option value="audit" selected>审计</option>`}, nil},
		{"the audit's page speaks its words", "tianbao", base, []string{"审计组 县审计局审计组", "整改来源 审计", "审计报告日期 2024年1月10日", "被审计单位"}, []string{"巡察组 县审计局审计组"}},
		{"the audit's notice", "tianbao", base + "/notice", []string{"关于县审计局审计组审计整改情况的公告", "二、审计发现问题的整改情况", "审计发现的1个问题"}, []string{"反馈问题："}},
		{"all inspections together", "banshi", "/inspections", []string{"县审计局审计组", "县委第一巡察组"}, nil},
		{"the audits only", "banshi", "/inspections?source=audit", []string{"县审计局审计组"}, []string{"县委第一巡察组"}},
		{"problems of every kind", "banshi", "/problems", []string{"项目支出未按预算执行", "防汛仓库物资账实不符"}, nil},
		{"problems of audits", "banshi", "/problems?source=audit", []string{"项目支出未按预算执行", `<option value="audit" selected>审计</option>`}, []string{"防汛仓库物资账实不符"}},
		{"the overview counts both", "banshi", "/overview", []string{`data-testid="overview-total">2<`}, nil},
		{"the overview of audits", "banshi", "/overview?source=audit", []string{`data-testid="overview-total">1<`}, nil},
		{"the overview by kind", "banshi", "/overview?view=source", []string{`data-source="xuncha"`, `data-source="audit"`}, nil},
		{"the to-do of every kind", "tianbao", "/todo", []string{"防汛仓库物资账实不符"}, nil},
		{"the to-do of audits", "tianbao", "/todo?source=audit", []string{`<option value="audit" selected>审计</option>`}, []string{"防汛仓库物资账实不符"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.get(tt.login, tt.path)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, text(w.Body.String()))
			}
			body := w.Body.String()
			for _, s := range tt.see {
				if !strings.Contains(text(body), s) && !strings.Contains(body, s) {
					t.Errorf("page does not show %q:\n%s", s, text(body))
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(text(body), s) || strings.Contains(body, s) {
					t.Errorf("page shows %q", s)
				}
			}
		})
	}
}

// TestToDoKinds: a unit's to-do list holds the problems of every kind of
// rectification together, each entry saying its kind, and narrows to one
// kind with every part's entries and its links to the full lists.
func TestToDoKinds(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.WithUser(context.Background(), hs.users["banshi"])
	late := rectify.MustDate("2024-02-20") // before today, 2024-03-01
	for _, in := range []*rectify.Inspection{
		{UnitID: hs.bureau.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular, Feedback: rectify.MustDate("2023-09-15"),
			Findings: []*rectify.Finding{{Number: 1, Title: "防汛物资管理不规范", Problems: []*rectify.Problem{
				{Number: 1, Title: "防汛仓库物资账实不符", Status: rectify.StatusInProgress, Due: late}}}}},
		{UnitID: hs.bureau.ID, Source: rectify.SourceAudit, Team: "县审计局审计组", Feedback: rectify.MustDate("2023-11-10"),
			Findings: []*rectify.Finding{{Number: 1, Title: "预算管理方面", Problems: []*rectify.Problem{
				{Number: 1, Title: "项目支出未按预算执行", Status: rectify.StatusInProgress, Due: late}}}}},
		{UnitID: hs.bureau.ID, Source: rectify.SourceEnvironment, Team: "省第二生态环境保护督察组", Feedback: rectify.MustDate("2023-12-01"),
			Findings: []*rectify.Finding{{Number: 1, Title: "第一批交办件", Problems: []*rectify.Problem{
				{Number: 1, Title: "河道采砂场夜间作业扰民", Status: rectify.StatusSubmitted, Due: rectify.MustDate("2024-06-30")}}}}},
	} {
		must(t, hs.st.CreateInspection(ctx, in))
	}

	tests := []struct {
		name, login, path string
		see, hide         []string
	}{
		{"every kind together, each entry with its kind", "banshi", "/todo",
			[]string{"第1个问题：防汛仓库物资账实不符 巡察", "第1个问题：项目支出未按预算执行 审计", "第1个问题：河道采砂场夜间作业扰民 生态环境督察"}, nil},
		{"the audits only", "banshi", "/todo?source=audit",
			[]string{"第1个问题：项目支出未按预算执行 审计", `<option value="audit" selected>审计</option>`},
			[]string{"防汛仓库物资账实不符", "河道采砂场夜间作业扰民"}},
		{"the environmental cases only: the one to sign off", "banshi", "/todo?source=environment",
			[]string{"待我审核销号 1", "第1个问题：河道采砂场夜间作业扰民 生态环境督察"},
			[]string{"防汛仓库物资账实不符", "项目支出未按预算执行", "红灯、黄灯问题"}},
		{"the unit's editor sees both kinds of its late problems", "tianbao", "/todo",
			[]string{"红灯、黄灯问题 2", "第1个问题：防汛仓库物资账实不符 巡察", "第1个问题：项目支出未按预算执行 审计"}, nil},
		{"the unit's editor, 巡察 only", "tianbao", "/todo?source=xuncha",
			[]string{"红灯、黄灯问题 1", "第1个问题：防汛仓库物资账实不符 巡察"}, []string{"项目支出未按预算执行"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.get(tt.login, tt.path)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, text(w.Body.String()))
			}
			body := w.Body.String()
			for _, s := range tt.see {
				if !strings.Contains(text(body), s) && !strings.Contains(body, s) {
					t.Errorf("page does not show %q:\n%s", s, text(body))
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(text(body), s) {
					t.Errorf("page shows %q", s)
				}
			}
		})
	}
}
