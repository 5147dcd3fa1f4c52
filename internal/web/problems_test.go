package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/store"
)

// The fixture of the pages of the daily work is invented: a special
// inspection of the county water bureau (中共青石县水务局党组) with a
// problem in each state a page shows, and one of the transport bureau,
// outside the bureau's scope, on the harness of web_test.go (the clock
// stands at 2024-03-01 09:30 UTC).

// wsFixture is what the pages of the daily work are tried on.
type wsFixture struct {
	in    *rectify.Inspection
	other *rectify.Inspection // of the transport bureau
	// Problems of in: in progress with one measure open; completed;
	// not started and overdue; long-term with its milestone in two days;
	// submitted with every measure done and evidence.
	working, done, late, longTerm, submitted *rectify.Problem
	otherProblem                             *rectify.Problem
	photo, report                            *rectify.Evidence // of submitted: a PNG, a text file
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}

func newWSFixture(t *testing.T, hs *harness) *wsFixture {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st := hs.st
	d := rectify.MustDate
	fx := &wsFixture{}
	fx.in = &rectify.Inspection{
		UnitID: hs.bureau.ID, UnitName: "中共青石县水务局党组", Team: "县委第一巡察组", Kind: rectify.KindSpecial, Round: 2,
		Start: d("2023-06-05"), End: d("2023-08-11"), Feedback: d("2023-09-15"),
		Issuer: "中共青石县水务局党组", Title: "关于县委第一巡察组专项巡察反馈意见整改进展情况的通报", NoticeDate: d("2024-02-20"),
		Work:    []string{"局党组成立整改工作专班，实行清单化管理。"},
		Contact: rectify.Contact{Phone: "0731-2223344", Address: "青石县滨河路8号", Email: "slj@example.org"},
		Findings: []*rectify.Finding{
			{Number: 1, Title: "防汛物资管理不规范", Problems: []*rectify.Problem{
				{Number: 1, Title: "防汛仓库物资账实不符", Description: "编织袋、救生衣账面数与实物数相差较大。",
					Track: rectify.TrackDeadline, Leader: "刘副局长", OwnerUnit: "防汛办", Due: d("2024-04-30"), Opened: d("2023-09-15"),
					Measures: []*rectify.Measure{
						{Number: 1, Text: "全面盘点防汛仓库物资", Owner: "防汛办", Done: d("2023-11-20")},
						{Number: 2, Text: "建立物资出入库电子台账", Owner: "防汛办", Due: d("2024-04-30")}},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2023-10-01"), Author: "王填报"}}},
				{Number: 2, Title: "应急抢险队伍培训不足", Track: rectify.TrackImmediate, Leader: "陈副局长", OwnerUnit: "办公室",
					Due: d("2023-12-31"), Opened: d("2023-09-15"),
					Measures: []*rectify.Measure{{Number: 1, Text: "组织抢险队伍实战演练两次", Done: d("2023-12-15")}},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2023-10-01")},
						{Status: rectify.StatusCompleted, Date: d("2023-12-20"), Author: "县委巡察办"}}},
			}},
			{Number: 2, Title: "工程建设管理有漏洞", Problems: []*rectify.Problem{
				{Number: 3, Title: "小型水库除险加固验收滞后", Track: rectify.TrackDeadline, Leader: "刘副局长", OwnerUnit: "工程股",
					Due: d("2024-01-31"), Opened: d("2023-09-15"),
					Measures: []*rectify.Measure{{Number: 1, Text: "督促施工单位完成剩余工程量"}}},
				{Number: 4, Title: "农村饮水工程维护机制不健全", Track: rectify.TrackLongTerm, Class: "I", Leader: "陈副局长",
					OwnerUnit: "农水股", Opened: d("2023-09-15"),
					Measures: []*rectify.Measure{{Number: 1, Text: "分片区组建管护队伍"}},
					History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2024-01-05"),
						NextMilestone: d("2024-03-03")}}},
				{Number: 5, Title: "工程款支付审核把关不严", Track: rectify.TrackDeadline, Leader: "刘副局长", OwnerUnit: "财务股",
					Due: d("2024-03-02"), Opened: d("2023-09-15"),
					Measures: []*rectify.Measure{{Number: 1, Text: "逐笔复核近三年工程款支付", Done: d("2024-02-20")}},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2023-10-08")},
						{Status: rectify.StatusSubmitted, Date: d("2024-02-25"), Author: "王填报"}}},
			}},
		},
	}
	must(t, st.CreateInspection(ctx, fx.in))
	ps := fx.in.Problems()
	fx.working, fx.done, fx.late, fx.longTerm, fx.submitted = ps[0], ps[1], ps[2], ps[3], ps[4]
	pr := &rectify.Progress{ProblemID: fx.submitted.ID, Date: d("2024-02-20"), Text: "复核工程款支付台账，追回多付款项3.2万元。",
		Author: "王填报"}
	must(t, st.AddProgress(ctx, pr, []store.EvidenceFile{
		{Name: "退款凭证.png", ContentType: "image/png", Data: pngBytes(t)},
		{Name: "复核报告.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("复核报告全文")}}))
	fx.photo, fx.report = pr.Evidence[0], pr.Evidence[1]
	must(t, st.AddProgress(ctx, &rectify.Progress{ProblemID: fx.working.ID, Date: d("2024-02-01"),
		Text: "完成防汛仓库全面盘点，补登编织袋出入库记录。", Author: "王填报"}, nil))

	fx.other = &rectify.Inspection{UnitID: hs.other.ID, Team: "县委第三巡察组", Kind: rectify.KindRegular, Feedback: d("2023-10-10"),
		Findings: []*rectify.Finding{{Number: 1, Title: "资金管理不规范", Problems: []*rectify.Problem{
			{Number: 1, Title: "公路养护资金拨付不及时", Due: d("2024-06-30"), Opened: d("2023-10-10")}}}}}
	must(t, st.CreateInspection(ctx, fx.other))
	fx.otherProblem = fx.other.Problems()[0]

	hash, err := auth.HashPassword(hs.password)
	must(t, err)
	for _, u := range []*rectify.User{
		{Login: "pingshen", Name: "赵审核", Role: rectify.RoleReviewer, UnitID: hs.city.ID},
		{Login: "waibu", Name: "交通局填报", Role: rectify.RoleEditor, UnitID: hs.other.ID},
		{Login: "kanke", Name: "钱查看", Role: rectify.RoleViewer, UnitID: hs.bureau.ID},
	} {
		if _, ok := hs.users[u.Login]; ok {
			continue
		}
		u.PasswordHash = hash
		must(t, st.CreateUser(ctx, u))
		hs.users[u.Login] = u
	}
	return fx
}

// files is a file of a multipart request.
type formFile struct {
	field, name string
	data        []byte
}

// multipartPost posts fields and files as login, with extra headers.
func (hs *harness) multipartPost(login, target string, fields url.Values, files ...formFile) *httptest.ResponseRecorder {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			must(hs.t, mw.WriteField(k, v))
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.field, f.name)
		must(hs.t, err)
		_, err = fw.Write(f.data)
		must(hs.t, err)
	}
	must(hs.t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, target, &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.RemoteAddr = "10.1.2.3:5555"
	if login != "" {
		r.Header.Set("X-Test-Login", login)
	}
	w := httptest.NewRecorder()
	hs.h.ServeHTTP(w, r)
	return w
}

// get sends a GET as login with headers (name, value, …).
func (hs *harness) get(login, target string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.RemoteAddr = "10.1.2.3:5555"
	if login != "" {
		r.Header.Set("X-Test-Login", login)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	hs.h.ServeHTTP(w, r)
	return w
}

func id(v int64) string { return fmt.Sprint(v) }

// workspaceTemplates renders the pages of the daily work — overview,
// inspections, an inspection, problems, a problem, import and its preview,
// the notice — through their handlers with what a user reads on them, and
// their errors, as part of TestTemplates.
func workspaceTemplates(t *testing.T, hs *harness) {
	t.Helper()
	fx := newWSFixture(t, hs)
	in := "/inspections/" + id(fx.in.ID)
	p := func(pr *rectify.Problem) string { return "/problems/" + id(pr.ID) }
	notice, err := readTestdata("notice_water.txt")
	must(t, err)
	// Earlier cases of TestTemplates may have renamed the units.
	bureau, err := hs.st.GetUnit(context.Background(), hs.bureau.ID)
	must(t, err)
	transport, err := hs.st.GetUnit(context.Background(), hs.other.ID)
	must(t, err)

	runPageCases(t, hs, []pageCase{
		{name: "overview of every unit", login: "banshi", method: "GET", path: "/overview", status: 200, page: "overview",
			see: []string{"整改工作总览", "全部单位", "截至2024年3月1日（今天）", bureau.Name, transport.Name,
				`data-testid="overview-completion-rate"`, `data-chart="units"`, "按期完成率", "按轮次"}},
		{name: "overview of a bureau's editor", login: "tianbao", method: "GET", path: "/overview", status: 200, page: "overview",
			see: []string{bureau.Name, "截至2024年3月1日"}, hide: []string{transport.Name}},
		{name: "overview as of a past day", login: "banshi", method: "GET", path: "/overview?as_of=2023-12-31", status: 200,
			page: "overview", see: []string{"截至2023年12月31日", "回到今天"}},
		{name: "overview with a bad day", login: "banshi", method: "GET", path: "/overview?as_of=2024-13-45", status: 200,
			page: "overview", see: []string{"日期格式应为 YYYY-MM-DD，已显示今天的数据", "截至2024年3月1日"}},
		{name: "overview by round", login: "banshi", method: "GET", path: "/overview?view=round", status: 200, page: "overview",
			see: []string{"第2轮", `data-testid="overview-rounds"`}},
		{name: "overview by kind of rectification", login: "banshi", method: "GET", path: "/overview?view=source", status: 200, page: "overview",
			see: []string{`data-testid="overview-sources"`, `data-source="xuncha"`, `<a href="/inspections?source=xuncha">`, `<meter min="0"`}},
		{name: "overview of a unit out of scope", login: "tianbao", method: "GET", path: "/overview?unit=" + id(hs.other.ID),
			status: 403, page: "error", see: []string{"无权查看本单位范围以外的记录"}},

		{name: "the to-do list of a bureau's editor", login: "tianbao", method: "GET", path: "/todo", status: 200, page: "todo",
			see: []string{"我的待办", "红灯、黄灯问题", "红灯 逾期 30 天 第3个问题：小型水库除险加固验收滞后",
				"黄灯 距节点还有 2 天 第4个问题：农村饮水工程维护机制不健全", "黄灯 还有 1 天 第5个问题：工程款支付审核把关不严",
				"责任单位：工程股 · 责任领导：刘副局长 · 整改时限：2024年1月31日", `href="/problems/` + id(fx.late.ID) + `"`,
				`<span class="nav-count"`, "整改工作总览"},
			hide: []string{"待我审核销号", "公路养护资金拨付不及时", `data-testid="todo-approve"`, "未能送达的提醒"}},
		{name: "the to-do list of a reviewer", login: "pingshen", method: "GET", path: "/todo", status: 200, page: "todo",
			see: []string{"待我审核销号", "第5个问题：工程款支付审核把关不严", `data-testid="todo-approve"`, `data-testid="todo-reject"`,
				`hx-post="/todo/problems/` + id(fx.submitted.ID) + `/review"`, "退回理由", "小型水库除险加固验收滞后",
				`href="/supervision?unit=` + id(hs.city.ID) + `"`, "打印督办单"},
			hide: []string{"被退回的销号申请"}},
		{name: "the to-do list of a viewer", login: "kanke", method: "GET", path: "/todo", status: 200, page: "todo",
			see: []string{"小型水库除险加固验收滞后", "逾期 30 天"}, hide: []string{`data-testid="todo-approve"`, "待处理的群众意见"}},
		{name: "the to-do list of another bureau", login: "waibu", method: "GET", path: "/todo", status: 200, page: "todo",
			see: []string{"暂无待办事项"}, hide: []string{"小型水库除险加固验收滞后", "工程款支付审核把关不严"}},
		{name: "a unit's supervision order for the office", login: "banshi", method: "GET", path: "/supervision?unit=" + id(hs.bureau.ID),
			status: 200, page: "order",
			see: []string{"巡察整改督办单", "督办对象：" + bureau.Name, "有1个亮红灯（已逾期）、3个亮黄灯", "问题3　小型水库除险加固验收滞后",
				"逾期 30 天", "距节点还有 2 天", "督办要求：请对照上述问题逐项压实整改责任", "督办单位（盖章）：巡察工作领导小组办公室",
				`href="/supervision.docx?unit=` + id(hs.bureau.ID) + `"`, "修改督办要求", "签收单位负责人（签字）"},
			hide: []string{"防汛仓库物资账实不符", "公路养护资金拨付不及时"}},
		{name: "a unit's supervision order for its editor", login: "tianbao", method: "GET", path: "/supervision?unit=" + id(hs.bureau.ID),
			status: 200, page: "order", see: []string{"督办单位（盖章）：" + bureau.Name, "小型水库除险加固验收滞后"}, hide: []string{"修改督办要求"}},
		{name: "the supervision order of another unit", login: "tianbao", method: "GET", path: "/supervision?unit=" + id(hs.other.ID),
			status: 403, page: "error"},
		{name: "the supervision order of problems ticked", login: "tianbao", method: "GET",
			path: "/supervision?p=" + id(fx.working.ID) + ":1&p=" + id(fx.late.ID) + ":1", status: 200, page: "order",
			see: []string{"以下2个巡察反馈问题需督促整改（其中1个亮红灯、0个亮黄灯）", "防汛仓库物资账实不符", "还有 60 天", "小型水库除险加固验收滞后"}},
		{name: "a supervision order of nothing", login: "tianbao", method: "GET", path: "/supervision", status: 422, page: "error",
			see: []string{"请先在问题清单中勾选问题，或从单位进入督办单"}},
		{name: "the problems ticked, to print", login: "kanke", method: "GET",
			path: "/problems/print?p=" + id(fx.working.ID) + ":1&p=" + id(fx.late.ID) + ":1", status: 200, page: "problems_print",
			see:  []string{"所选问题（2 个）", "防汛仓库物资账实不符", "小型水库除险加固验收滞后", "逾期 30 天", "被巡察单位", "状态日期"},
			hide: []string{"工程款支付审核把关不严"}},
		{name: "nothing ticked to print", login: "kanke", method: "GET", path: "/problems/print", status: 422, page: "error"},
		{name: "an inspection links to its unit's order", login: "tianbao", method: "GET", path: in, status: 200, page: "inspection",
			see: []string{`href="/supervision?unit=` + id(hs.bureau.ID) + `"`, "本单位督办单", "问题清单（全部问题）"}},
		{name: "inspections of a bureau", login: "tianbao", method: "GET", path: "/inspections", status: 200, page: "inspections",
			see:  []string{"巡察", bureau.Name, "专项巡察", "县委第一巡察组", "2023年9月15日", "查看通报"},
			hide: []string{"县委第三巡察组"}},
		{name: "inspections of a round", login: "banshi", method: "GET", path: "/inspections?round=2", status: 200, page: "inspections",
			see: []string{"共 1 次巡察", "县委第一巡察组"}},
		{name: "an inspection", login: "tianbao", method: "GET", path: in, status: 200, page: "inspection",
			see: []string{bureau.Name, "被巡察党组织 中共青石县水务局党组", "第2轮 专项巡察", "（一）防汛物资管理不规范", "（二）工程建设管理有漏洞",
				"防汛仓库物资账实不符", "小型水库除险加固验收滞后", "共 5 个问题", "红灯", "黄灯", "蓝灯",
				"逾期 30 天", "还有 60 天", "距节点还有 2 天", "还有 1 天", "已完成",
				`data-testid="inspection-completion-rate"`, "20.0%", "整改通报",
				`href="/publishing#inspection-` + id(fx.in.ID) + `"`, "公开管理（未公开）"}},
		{name: "an inspection for a viewer, who may not publish", login: "kanke", method: "GET", path: in, status: 200, page: "inspection",
			see: []string{"防汛仓库物资账实不符"}, hide: []string{`data-testid="publishing-link"`, "公开管理"}},
		{name: "an inspection's overdue problems", login: "tianbao", method: "GET", path: in + "?overdue=1", status: 200, page: "inspection",
			see: []string{"共 1 个问题", "小型水库除险加固验收滞后"}, hide: []string{"防汛仓库物资账实不符</a>", "工程款支付审核把关不严</a>"}},
		{name: "an inspection's completed problems", login: "tianbao", method: "GET", path: in + "?status=completed", status: 200,
			page: "inspection", see: []string{"共 1 个问题", "应急抢险队伍培训不足"}, hide: []string{"小型水库除险加固验收滞后</a>"}},
		{name: "an inspection searched in progress reports", login: "tianbao", method: "GET", path: in + "?q=" + url.QueryEscape("编织袋"),
			status: 200, page: "inspection", see: []string{"共 1 个问题", "含“编织袋”", "防汛仓库物资账实不符"}},
		{name: "an inspection's yellow lights", login: "tianbao", method: "GET", path: in + "?light=yellow", status: 200, page: "inspection",
			see: []string{"共 2 个问题", "农村饮水工程维护机制不健全", "工程款支付审核把关不严"}},
		{name: "an inspection's problems of a leader, by deadline", login: "tianbao", method: "GET",
			path: in + "?leader=" + url.QueryEscape("刘副局长") + "&sort=due", status: 200, page: "inspection",
			see: []string{"共 3 个问题", `<th aria-sort="ascending"><a href=`, `整改时限<span aria-hidden="true">↑</span>`, `<th aria-sort="none"><a href=`}, hide: []string{"应急抢险队伍培训不足</a>"}},
		{name: "a filter nothing matches", login: "tianbao", method: "GET", path: in + "?q=" + url.QueryEscape("不存在的词语"),
			status: 200, page: "inspection", see: []string{"没有符合条件的问题"}},
		{name: "an inspection that does not exist", login: "tianbao", method: "GET", path: "/inspections/999999", status: 404,
			page: "error", see: []string{"未找到巡察（编号 999999）"}},
		{name: "problems of the scope", login: "banshi", method: "GET", path: "/problems", status: 200, page: "problems",
			see: []string{"问题清单", "公路养护资金拨付不及时", "防汛仓库物资账实不符", "被巡察单位", "导出台账（Excel）"}},
		{name: "problems of a unit's subtree", login: "banshi", method: "GET", path: "/problems?unit=" + id(hs.other.ID), status: 200,
			page: "problems", see: []string{"公路养护资金拨付不及时"}, hide: []string{"防汛仓库物资账实不符</a>"}},
		{name: "problems of a unit out of scope", login: "tianbao", method: "GET", path: "/problems?unit=" + id(hs.other.ID),
			status: 403, page: "error", see: []string{"无权查看本单位范围以外的记录"}},

		{name: "a problem for its unit", login: "tianbao", method: "GET", path: p(fx.working), status: 200, page: "problem",
			see: []string{"防汛仓库物资账实不符", "编织袋、救生衣账面数与实物数相差较大。", "反馈问题：防汛物资管理不规范",
				"刘副局长", "防汛办", "2024年4月30日", "整改中", "2 项，已完成 1 项", "还有 60 天", "建立物资出入库电子台账",
				`data-testid="status-submitted"`, `data-testid="status-long_term"`, "填报整改情况", "补登编织袋出入库记录",
				`data-testid="evidence-input"`, "修改问题信息", "修改记录"},
			hide: []string{`data-testid="review-completed"`}},
		{name: "a submitted problem for a reviewer", login: "pingshen", method: "GET", path: p(fx.submitted), status: 200, page: "problem",
			see: []string{"销号审核", "已全部完成", "证明材料：2 个文件", `data-testid="review-completed"`, "销号通过", "退回",
				"认定为长期整改", "退款凭证.png", "复核报告.txt", "/evidence/" + id(fx.photo.ID) + "/preview"},
			hide: []string{"/evidence/" + id(fx.report.ID) + "/preview", `data-testid="progress-form"`}},
		{name: "a problem for a viewer", login: "kanke", method: "GET", path: p(fx.working), status: 200, page: "problem",
			see: []string{"防汛仓库物资账实不符"}, hide: []string{`data-testid="status-form"`, `data-testid="progress-form"`, "修改问题信息"}},
		{name: "a problem out of scope", login: "waibu", method: "GET", path: p(fx.working), status: 403, page: "error",
			see: []string{"无权处理“" + bureau.Name + "”的记录"}},
		{name: "a problem that does not exist", login: "banshi", method: "GET", path: "/problems/999999", status: 404, page: "error"},
		{name: "an edit without a title", login: "tianbao", method: "POST", path: p(fx.working),
			form: url.Values{"title": {""}, "description": {"新的描述"}, "version": {id(int64(fx.working.Version))}}, status: 422, page: "problem",
			see: []string{"请填写问题标题", "新的描述"}},
		{name: "a stale edit keeps what was typed", login: "tianbao", method: "POST", path: p(fx.working),
			form: url.Values{"title": {"防汛仓库物资账实不符（改）"}, "leader": {"孙局长"}, "version": {"99"}}, status: 409, page: "problem",
			see: []string{"已被他人修改", `value="防汛仓库物资账实不符（改）"`, `value="孙局长"`, "他人保存的内容", "刘副局长"}},
		{name: "a submission with an open measure", login: "tianbao", method: "POST", path: p(fx.working) + "/status",
			form: url.Values{"to": {"submitted"}}, status: 409, page: "problem",
			see: []string{"还有 1 项整改措施未完成，不能提交销号", "②建立物资出入库电子台账"}},
		{name: "long-term without a milestone", login: "tianbao", method: "POST", path: p(fx.working) + "/status",
			form: url.Values{"to": {"long_term"}, "reason": {"需跨年度推进"}}, status: 422, page: "problem",
			see: []string{"长期整改须填写下一个节点日期", "需跨年度推进"}},
		{name: "a status change with no target", login: "tianbao", method: "POST", path: p(fx.working) + "/status",
			form: url.Values{}, status: 422, page: "problem", see: []string{"请选择要变更的状态"}},
		{name: "a rejection without a reason", login: "pingshen", method: "POST", path: p(fx.submitted) + "/review",
			form: url.Values{"to": {"in_progress"}}, status: 422, page: "problem", see: []string{"请填写退回理由"}},
		{name: "a measure without text", login: "tianbao", method: "POST", path: p(fx.working) + "/measures",
			form: url.Values{"text": {" "}, "owner": {"防汛办"}}, status: 422, page: "problem", see: []string{"请填写整改措施", `value="防汛办"`}},
		{name: "a measure edited from a stale form", login: "tianbao", method: "POST", path: "/measures/" + id(fx.working.Measures[1].ID),
			form: url.Values{"text": {"建立物资出入库电子台账并每月对账"}, "version": {"9"}}, status: 409, page: "problem",
			see: []string{"已被他人修改", "建立物资出入库电子台账并每月对账"}},
		{name: "a measure done in the future", login: "tianbao", method: "POST", path: "/measures/" + id(fx.working.Measures[1].ID) + "/done",
			form: url.Values{"done": {"2024-05-01"}}, status: 422, page: "problem", see: []string{"完成日期（2024年5月1日）不能晚于今天"}},
		{name: "a status change dated in the future", login: "tianbao", method: "POST", path: p(fx.working) + "/status",
			form: url.Values{"to": {"not_completed"}, "on": {"2024-05-01"}, "reason": {"资金未到位"}}, status: 422, page: "problem",
			see: []string{"发生日期（2024年5月1日）不能晚于今天", `name="on" value="2024-05-01"`, "资金未到位"}},
		{name: "a status change dated before the feedback", login: "tianbao", method: "POST", path: p(fx.working) + "/status",
			form: url.Values{"to": {"not_completed"}, "on": {"2020-01-01"}}, status: 422, page: "problem",
			see: []string{"发生日期（2020年1月1日）不能早于巡察反馈日期"}},
		{name: "a report without text", login: "tianbao", method: "POST", path: p(fx.working) + "/progress",
			form: url.Values{"text": {""}, "date": {"2024-02-28"}}, status: 422, page: "problem", see: []string{"请填写整改情况"}},
		{name: "a report edited by a viewer", login: "kanke", method: "POST", path: p(fx.working) + "/progress",
			form: url.Values{"text": {"试图填报"}}, status: 403, page: "error"},

		{name: "the import form", login: "tianbao", method: "GET", path: "/import", status: 200, page: "import",
			see: []string{"导入通报、反馈意见或问题清单", bureau.Name, "UTF-8 或 GBK", `data-testid="import-file"`,
				"巡察已在系统中、要成批修改其问题和整改措施", `<a href="/ledger/import" data-testid="ledger-import-link">导入台账</a>`},
			hide: []string{"按通报识别被巡察单位"}},
		{name: "the import form of an admin of every unit", login: "banshi", method: "GET", path: "/import", status: 200, page: "import",
			see: []string{"按通报识别被巡察单位（没有则新建顶级单位）"}},
		{name: "an import without a file", login: "tianbao", method: "POST", path: "/import",
			form: url.Values{"unit_id": {id(hs.bureau.ID)}}, status: 422, page: "import", see: []string{"请选择要导入的文件"}},

		{name: "the notice", login: "tianbao", method: "GET", path: in + "/notice", status: 200, page: "notice",
			see: []string{"中共青石县水务局党组", "关于县委第一巡察组专项巡察反馈意见整改进展情况的通报", "一、组织整改落实情况",
				"（一）反馈问题：防汛物资管理不规范。", "1．防汛仓库物资账实不符。", "整改结果：整改中", "联系电话：0731-2223344",
				"Word（.docx）", "PDF（服务器未安装中文字体）", `class="n-title"`}},
		{name: "the notice as of a day", login: "tianbao", method: "GET", path: in + "/notice?as_of=2023-12-31", status: 200, page: "notice",
			see: []string{"截至12月31日", "2023年12月31日", "notice.docx?as_of=2023-12-31"}},
		{name: "the notice with a bad day", login: "tianbao", method: "GET", path: in + "/notice?as_of=yesterday", status: 200, page: "notice",
			see: []string{"日期“yesterday”格式不对"}},
	})

	// The upload and its preview (a multipart form).
	before := hs.rendered["import_preview"]
	w := hs.multipartPost("tianbao", "/import", url.Values{"unit_id": {id(hs.bureau.ID)}}, formFile{"file", "水务局通报.txt", notice})
	expect(t, w, 200, "核对导入内容", "水务局通报.txt", "中共青石县水务局党组", "县委第五巡察组", "专项巡察", "2023年11月20日",
		"2 个反馈问题， 6 个具体问题，13 条整改措施", "具体问题 6 6 已完成整改 4 4 长期整改 1 1 整改中 1 1", "未发现问题", "已完成整改", "长期整改I类", "整改中", "确认导入", `data-testid="import-confirm"`)
	if hs.rendered["import_preview"] != before+1 {
		t.Error("the preview is not rendered")
	}
}

// expect checks an answer's status and that its page shows see.
func expect(t *testing.T, w *httptest.ResponseRecorder, status int, see ...string) {
	t.Helper()
	body := w.Body.String()
	if w.Code != status {
		t.Fatalf("status %d, want %d\n%s", w.Code, status, text(body))
	}
	for _, s := range see {
		if !strings.Contains(text(body), s) && !strings.Contains(body, s) {
			t.Errorf("page does not show %q:\n%s", s, text(body))
		}
	}
}

// readTestdata returns a file of testdata.
func readTestdata(name string) ([]byte, error) { return os.ReadFile(filepath.Join("testdata", name)) }

// TestListFragment checks that a filter changed through htmx gets the
// list alone, a page reload (and a browser without JavaScript) the page.
func TestListFragment(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	path := "/inspections/" + id(fx.in.ID) + "?status=completed"
	tests := []struct {
		name    string
		headers []string
		page    bool
	}{
		{"a page", nil, true},
		{"the list for htmx", []string{"HX-Request", "true", "HX-Target", "problem-list"}, false},
		{"a history restore gets the page", []string{"HX-Request", "true", "HX-Target", "problem-list", "HX-History-Restore-Request", "true"}, true},
		{"another target gets the page", []string{"HX-Request", "true", "HX-Target", "main"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.get("tianbao", path, tt.headers...)
			body := w.Body.String()
			if w.Code != 200 || !strings.Contains(body, `id="problem-list"`) || !strings.Contains(text(body), "应急抢险队伍培训不足") {
				t.Fatalf("%d %s", w.Code, text(body))
			}
			if got := strings.Contains(body, "<html"); got != tt.page {
				t.Errorf("whole page %v, want %v", got, tt.page)
			}
			if !strings.Contains(w.Header().Get("Vary"), "HX-Request") {
				t.Error("no Vary: HX-Request")
			}
		})
	}
}

// TestLongListPages: a list longer than the store counts one by one shows
// its total as 约 N, moves by cursor (下一页 to the page after, 上一页 and
// 第一页 back), and the page after holds other problems than the first.
func TestLongListPages(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	in := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第二巡察组", Kind: rectify.KindRegular, Feedback: rectify.MustDate("2023-09-15")}
	f := &rectify.Finding{Number: 1, Title: "很多问题"}
	for i := range store.CountExact + 20 {
		f.Problems = append(f.Problems, &rectify.Problem{Number: i + 1, Title: fmt.Sprintf("长清单第%d个问题", i+1)})
	}
	in.Findings = []*rectify.Finding{f}
	must(t, hs.st.CreateInspection(ctx, in))

	rows := func(body string) []string {
		return regexp.MustCompile(`长清单第\d+个问题`).FindAllString(body, -1)
	}
	w := hs.get("tianbao", "/problems")
	body := w.Body.String()
	expect(t, w, 200, "共约", "下一页")
	next := regexp.MustCompile(`href="(/problems\?after=[^"]+)"[^>]*rel="next"`).FindStringSubmatch(body)
	if next == nil {
		t.Fatalf("no cursor link to the next page: %s", text(body))
	}
	if strings.Contains(text(body), "上一页") {
		t.Error("the first page links to a page before it")
	}
	first := rows(body)
	w = hs.get("tianbao", html.UnescapeString(next[1]))
	expect(t, w, 200, "共约", "上一页", "第一页", "下一页")
	second := rows(w.Body.String())
	if len(first) != 50 || len(second) != 50 || slices.Contains(second, first[0]) || first[49] == second[0] {
		t.Errorf("first page %d rows from %v, second %d from %v", len(first), first[:1], len(second), second[:1])
	}
}
