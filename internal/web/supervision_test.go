package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// The fixture of these pages is invented: the county water bureau's
// inspection, published, and its hydrology station's, not published, on
// the harness of web_test.go (the clock stands at 2024-03-01 09:30 UTC).

// supFixture is what the supervision pages are tried on.
type supFixture struct {
	pub, hidden          *rectify.Inspection
	done, open, longTerm *rectify.Problem // of pub: completed, in progress (due in two days), long-term
	stationProblem       *rectify.Problem // of hidden, completed
	replied, private     *rectify.PublicComment
	fresh                *rectify.PublicComment // new, about pub
	hiddenReply          *rectify.PublicComment // a public reply under the unpublished notice
	recheck              *rectify.Recheck       // of stationProblem, overdue
}

// Texts that must never reach the public page.
const (
	secretProgress = "内部进展：已约谈采砂业主三人"
	secretLeader   = "分管副局长周某某"
	secretReply    = "内部答复：涉及信访人隐私，暂不公开"
	hiddenTitle    = "青石县水文站党支部关于巡察整改情况的通报"
	hiddenReplyTxt = "水文站的答复已公开但通报未公开"
	publicReplyTxt = "已会同公安、交通部门对两处采砂点开展联合执法，责令停工整改。"
	commenterName  = "河边住户老杨"
	commenterPhone = "13912345678"
)

func newSupFixture(t *testing.T, hs *harness) *supFixture {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	st := hs.st
	d := rectify.MustDate
	fx := &supFixture{}
	fx.pub = &rectify.Inspection{
		UnitID: hs.bureau.ID, UnitName: "中共青石县水务局党组", Team: "县委第二巡察组", Kind: rectify.KindRegular,
		Start: d("2023-04-03"), End: d("2023-05-26"), Feedback: d("2023-07-10"),
		Issuer: "中共青石县水务局党组", Title: "中共青石县水务局党组关于县委第二巡察组巡察反馈意见整改进展情况的通报",
		NoticeDate: d("2024-01-20"), Deployer: "县委",
		Work:      []string{"成立整改工作领导小组，逐条制定整改措施。"},
		NextSteps: []string{"持续抓好长期整改事项，防止问题反弹。"},
		Contact:   rectify.Contact{Phone: "0731-2223344", Address: "青石县滨河路8号", Email: "zgb@example.org"},
		Published: true,
		Findings: []*rectify.Finding{
			{Number: 1, Title: "履行监管职责不到位", Problems: []*rectify.Problem{
				{Number: 1, Title: "水资源费征收台账不全", Description: "部分取水户未建档。", Due: d("2023-12-31"), Opened: d("2023-07-10"),
					Leader:   secretLeader,
					Measures: []*rectify.Measure{{Number: 1, Text: "逐户核查取水许可，补建台账。", Done: d("2023-11-30")}},
					History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2023-08-01")},
						{Status: rectify.StatusCompleted, Date: d("2024-01-10"), Author: "县委巡察办"}}},
				{Number: 2, Title: "河道采砂监管存在漏洞", Due: d("2024-03-03"), Opened: d("2023-07-10"),
					Measures: []*rectify.Measure{{Number: 1, Text: "建立采砂巡查制度，每周巡查一次。"}},
					History:  []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2023-08-01")}}},
			}},
			{Number: 2, Title: "干部队伍建设有短板", Problems: []*rectify.Problem{
				{Number: 3, Title: "干部培训流于形式", Opened: d("2023-07-10"),
					Measures: []*rectify.Measure{{Number: 1, Text: "制定三年培训规划。"}},
					History: []rectify.StatusChange{{Status: rectify.StatusLongTerm, Class: "I", Date: d("2024-01-15"),
						NextMilestone: d("2024-06-30")}}},
			}},
		},
	}
	must(t, st.CreateInspection(ctx, fx.pub))
	ps := fx.pub.Problems()
	fx.done, fx.open, fx.longTerm = ps[0], ps[1], ps[2]
	must(t, st.AddProgress(ctx, &rectify.Progress{ProblemID: fx.open.ID, Date: d("2024-02-10"), Text: secretProgress, Author: "王填报"}, nil))

	fx.hidden = &rectify.Inspection{
		UnitID: hs.station.ID, Team: "县委第二巡察组", Kind: rectify.KindExtended, Feedback: d("2023-07-12"),
		Issuer: "青石县水文站党支部", Title: hiddenTitle, NoticeDate: d("2024-01-25"),
		Findings: []*rectify.Finding{{Number: 1, Title: "制度执行不严", Problems: []*rectify.Problem{
			{Number: 1, Title: "水文资料归档不及时", Opened: d("2023-07-12"),
				History: []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: d("2023-12-20")}}},
		}}},
	}
	must(t, st.CreateInspection(ctx, fx.hidden))
	fx.stationProblem = fx.hidden.Problems()[0]

	at := func(day string) time.Time { return d(day).Time().Add(2 * time.Hour) }
	fx.replied = &rectify.PublicComment{UnitID: hs.bureau.ID, InspectionID: fx.pub.ID, ProblemID: fx.open.ID,
		Name: commenterName, Contact: commenterPhone, Text: "村口河段夜里还有人偷采河砂。",
		State: rectify.CommentReplied, Reply: publicReplyTxt, ReplyPublic: true, Received: at("2024-02-05")}
	fx.private = &rectify.PublicComment{UnitID: hs.bureau.ID, InspectionID: fx.pub.ID, Contact: "zhou@example.org",
		Text: "反映某干部违规收受礼品的情况。", State: rectify.CommentReplied, Reply: secretReply, Received: at("2024-02-08")}
	fx.fresh = &rectify.PublicComment{UnitID: hs.bureau.ID, InspectionID: fx.pub.ID, Name: "李女士", Contact: "0731-5550000",
		Text: "水资源费台账的问题好像又出现了，新开的洗车场没有办取水证。", Received: at("2024-02-28")}
	fx.hiddenReply = &rectify.PublicComment{UnitID: hs.station.ID, InspectionID: fx.hidden.ID, Contact: "x@example.org",
		Text: "水文站资料的问题。", State: rectify.CommentReplied, Reply: hiddenReplyTxt, ReplyPublic: true, Received: at("2024-02-09")}
	for _, pc := range []*rectify.PublicComment{fx.replied, fx.private, fx.fresh, fx.hiddenReply} {
		must(t, st.CreateComment(ctx, pc))
	}
	fx.recheck = &rectify.Recheck{ProblemID: fx.stationProblem.ID, Due: d("2024-02-20")}
	must(t, st.CreateRecheck(ctx, fx.recheck))

	hash, err := auth.HashPassword(hs.password)
	must(t, err)
	for _, u := range []*rectify.User{
		{Login: "shencha", Name: "钱审核", Role: rectify.RoleReviewer, UnitID: hs.city.ID},
		{Login: "guancha", Name: "孙查看", Role: rectify.RoleViewer, UnitID: hs.bureau.ID},
		{Login: "jiaotong", Name: "交通填报", Role: rectify.RoleEditor, UnitID: hs.other.ID},
	} {
		u.PasswordHash = hash
		must(t, st.CreateUser(ctx, u))
		hs.users[u.Login] = u
	}
	return fx
}

// pageCase is a request and what its answer must show and must not.
type pageCase struct {
	name     string
	login    string
	method   string
	path     string
	form     url.Values
	status   int
	page     string   // the page rendered, "" for none
	see      []string // in the text or the markup of the page
	hide     []string // nowhere in the answer
	location string   // a prefix of the redirect's target
}

func runPageCases(t *testing.T, hs *harness, cases []pageCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			before := hs.rendered[tt.page]
			w := hs.do(tt.login, tt.method, tt.path, tt.form)
			body := w.Body.String()
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, tt.status, text(body))
			}
			if tt.page != "" && hs.rendered[tt.page] != before+1 {
				t.Errorf("page %q not rendered", tt.page)
			}
			for _, s := range tt.see {
				if !strings.Contains(text(body), s) && !strings.Contains(body, s) {
					t.Errorf("page does not show %q:\n%s", s, text(body))
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(body, s) {
					t.Errorf("page shows %q:\n%s", s, text(body))
				}
			}
			if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, tt.location) || (tt.location == "") != (loc == "") {
				t.Errorf("location %q, want %q", loc, tt.location)
			}
			if tt.page != "" && !strings.Contains(body, `<html lang="zh-CN">`) {
				t.Error("not in a layout")
			}
			for _, id := range duplicateIDs(body) {
				t.Errorf("two elements have the id %q", id)
			}
		})
	}
}

// opinion returns the form of an opinion about the published notice,
// shown ten seconds before the clock.
func opinion(hs *harness, fx *supFixture, kv ...string) url.Values {
	f := url.Values{"t": {hs.w.flood.formToken(clock.Add(-10*time.Second), fx.pub.ID)}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// supervisionTemplates renders the pages of public supervision (the public
// page and its opinion form, the inbox), look-backs, accountability and
// rules, settings and ledger import through their handlers, as part of
// TestTemplates.
func supervisionTemplates(t *testing.T, hs *harness) {
	t.Helper()
	fx := newSupFixture(t, hs)
	id := func(v int64) string { return fmt.Sprint(v) }
	pubPath := "/public/inspections/" + id(fx.pub.ID)
	internal := []string{secretProgress, secretLeader, secretReply, hiddenTitle, hiddenReplyTxt, commenterName, commenterPhone, "主导航"}

	runPageCases(t, hs, []pageCase{
		{name: "public index", method: "GET", path: "/public", status: 200, page: "public_index",
			see:  []string{"巡察整改进展情况公开", "中共青石县委员会", "中共青石县水利局党组", "通报 1 份，最近 2024年1月20日"},
			hide: append(internal, "青石县水文站党支部", "中共青石县交通运输局党组")},
		{name: "public unit", method: "GET", path: "/public/units/" + id(hs.bureau.ID), status: 200, page: "public_unit",
			see:  []string{"中共青石县水利局党组", fx.pub.Title, "县委第二巡察组 · 常规巡察 · 通报日期 2024年1月20日", pubPath},
			hide: internal},
		{name: "a unit without a published notice", method: "GET", path: "/public/units/" + id(hs.station.ID), status: 404,
			page: "public_error", see: []string{"没有找到公开的整改通报"}, hide: internal},
		{name: "public notice", method: "GET", path: pubPath, status: 200, page: "public_notice",
			see: []string{fx.pub.Title, "截至", "巡察反馈的3个具体问题", "水资源费征收台账不全", "整改结果：完成",
				"整改结果：长期整改I类", "逐户核查取水许可，补建台账。", "联系电话 0731-2223344", "青石县滨河路8号",
				"意见建议答复", "2024年2月5日 收到的意见建议，关于第2个问题“河道采砂监管存在漏洞”", publicReplyTxt,
				"提出意见建议", `id="opinion-form"`, `id="f-name"`, `id="f-contact"`, `id="f-text"`, `id="f-problem_id"`,
				`id="opinion-submit"`, `name="website"`},
			hide: internal},
		{name: "the public notice is as of its date", method: "GET", path: pubPath, status: 200, page: "public_notice",
			see: []string{"截至1月20日"}},
		{name: "an unpublished notice is not found", method: "GET", path: "/public/inspections/" + id(fx.hidden.ID), status: 404,
			page: "public_error", see: []string{"没有找到公开的整改通报"}, hide: internal},
		{name: "a notice that does not exist", method: "GET", path: "/public/inspections/99999", status: 404,
			page: "public_error", see: []string{"没有找到公开的整改通报"}},
		{name: "the public page does not show the workspace to a signed-in user", login: "tianbao", method: "GET", path: pubPath,
			status: 200, page: "public_notice", see: []string{"返回工作台"}, hide: internal},
		{name: "opinion with nothing filled", method: "POST", path: pubPath + "/comments", form: opinion(hs, fx),
			status: 422, page: "public_notice", see: []string{"请填写联系方式", "请填写意见建议"}, hide: internal},
		{name: "opinion about a problem of another notice", method: "POST", path: pubPath + "/comments",
			form:   opinion(hs, fx, "contact", "13800001111", "text", "关于水文站的意见。", "problem_id", id(fx.stationProblem.ID)),
			status: 422, page: "public_notice", see: []string{"请从列表中选择问题", "关于水文站的意见。"}},
		{name: "opinion from a script that fills every field", method: "POST", path: pubPath + "/comments",
			form:   opinion(hs, fx, "contact", "bot@example.com", "text", "广告", "website", "http://spam.example"),
			status: 422, page: "public_notice", see: []string{msgHoneypot}},
		{name: "opinion sent without the page's form", method: "POST", path: pubPath + "/comments",
			form:   url.Values{"contact": {"13800001111"}, "text": {"直接提交的内容"}},
			status: 422, page: "public_notice", see: []string{msgFormBroken, "直接提交的内容"}},
		{name: "opinion", method: "POST", path: pubPath + "/comments",
			form:   opinion(hs, fx, "name", "张先生", "contact", "13800001111", "text", "建议在采砂点安装监控。", "problem_id", id(fx.open.ID)),
			status: 303, location: "/public/thanks?"},
		{name: "a forged receipt", method: "GET", path: "/public/thanks?i=" + id(fx.pub.ID) + "&n=20240301-1&s=AAAA", status: 404,
			page: "public_error", see: []string{"回执链接无效"}},
		{name: "an unpublished notice takes no opinion", method: "POST", path: "/public/inspections/" + id(fx.hidden.ID) + "/comments",
			form:   url.Values{"t": {hs.w.flood.formToken(clock.Add(-time.Minute), fx.hidden.ID)}, "contact": {"1"}, "text": {"x"}},
			status: 404, page: "public_error"},

		{name: "publishing", login: "tianbao", method: "GET", path: "/publishing", status: 200, page: "publishing",
			see: []string{"公开管理", "县委第二巡察组", "已公开", "未公开", "撤回公开", `data-testid="publish"`,
				`id="inspection-` + id(fx.pub.ID) + `"`}},
		{name: "an inspection links its unit's editor to publishing", login: "tianbao", method: "GET", path: "/inspections/" + id(fx.pub.ID),
			status: 200, page: "inspection", see: []string{`href="/publishing#inspection-` + id(fx.pub.ID) + `"`, "公开管理（已公开）"}},
		{name: "publishing for a viewer has no switch", login: "guancha", method: "GET", path: "/publishing", status: 200,
			page: "publishing", see: []string{"已公开"}, hide: []string{`data-testid="unpublish"`}},
		{name: "publish with a stale version", login: "tianbao", method: "POST", path: "/inspections/" + id(fx.hidden.ID) + "/publish",
			form: url.Values{"published": {"1"}, "version": {"9"}}, status: 409, page: "error", see: []string{"已被他人修改"}},
	})

	// The opinion sent above is in the unit's inbox, the receipt shown.
	w := hs.do("", "POST", pubPath+"/comments", opinion(hs, fx, "contact", "13800002222", "text", "第二条意见：河堤绿化缺少维护。"))
	if w.Code != 303 {
		t.Fatalf("opinion: %d %s", w.Code, text(w.Body.String()))
	}
	loc := w.Header().Get("Location")
	cs, _, err := hs.st.ListComments(context.Background(), store.CommentFilter{UnitID: hs.bureau.ID, States: []rectify.CommentState{rectify.CommentNew}})
	must(t, err)
	if len(cs) < 2 || cs[0].Text != "第二条意见：河堤绿化缺少维护。" || cs[1].Text != "建议在采砂点安装监控。" ||
		cs[1].ProblemID != fx.open.ID || cs[1].InspectionID != fx.pub.ID || cs[1].Name != "张先生" {
		t.Fatalf("the opinions are not in the inbox as sent: %+v", cs)
	}
	runPageCases(t, hs, []pageCase{
		{name: "thanks", method: "GET", path: loc, status: 200, page: "public_thanks",
			see: []string{"感谢您的意见建议", "回执编号： 20240301-" + id(cs[0].ID), `data-testid="receipt"`, "返回通报"}},
		{name: "publish", login: "tianbao", method: "POST", path: "/inspections/" + id(fx.hidden.ID) + "/publish",
			form: url.Values{"published": {"1"}, "version": {"1"}, "next": {"/publishing"}}, status: 303, location: "/publishing"},
		{name: "a notice once published is public, its public reply too", method: "GET", path: "/public/inspections/" + id(fx.hidden.ID),
			status: 200, page: "public_notice", see: []string{hiddenTitle, hiddenReplyTxt}},
		{name: "withdraw", login: "tianbao", method: "POST", path: "/inspections/" + id(fx.hidden.ID) + "/publish",
			form: url.Values{"published": {"0"}, "version": {"2"}}, status: 303, location: "/publishing"},
		{name: "a withdrawn notice is gone", method: "GET", path: "/public/inspections/" + id(fx.hidden.ID), status: 404,
			page: "public_error", hide: []string{hiddenTitle, hiddenReplyTxt}},
	})
	receiptTemplates(t, hs, fx)
	inboxTemplates(t, hs, fx)
	recheckTemplates(t, hs, fx)
	recordTemplates(t, hs, fx)
	settingTemplates(t, hs)
	ledgerTemplates(t, hs, fx)
}

// receiptTemplates looks opinions up by their receipt numbers, as their
// senders do: the state and the public reply, nothing of the opinion
// itself, nothing for a receipt that is not whole; lookups are limited per
// address.
func receiptTemplates(t *testing.T, hs *harness, fx *supFixture) {
	t.Helper()
	replied, private := hs.w.receipt(fx.replied), hs.w.receipt(fx.private)
	if !regexp.MustCompile(`^20240205-\d+-[0-9a-f]{10}$`).MatchString(replied) {
		t.Fatalf("receipt %q: not day-number-code", replied)
	}
	wrong := replied[:len(replied)-1] + map[bool]string{true: "0", false: "1"}[!strings.HasSuffix(replied, "0")]
	old := strings.Join(strings.Split(replied, "-")[:2], "-")
	never := append([]string{commenterName, commenterPhone, fx.replied.Text, fx.private.Text, secretReply}, "主导航")
	runPageCases(t, hs, []pageCase{
		{name: "receipt lookup form", method: "GET", path: "/public/receipt", status: 200, page: "public_receipt",
			see: []string{"意见建议办理查询", `id="f-receipt"`, `data-testid="receipt-submit"`}, hide: []string{`data-testid="receipt-result"`}},
		{name: "receipt with a public reply", method: "POST", path: "/public/receipt",
			form:   url.Values{"receipt": {" " + strings.ToUpper(replied) + " "}},
			status: 200, page: "public_receipt",
			see:  []string{`data-testid="receipt-result"`, replied, "2024年2月5日", "中共青石县水利局党组", "已答复", publicReplyTxt},
			hide: never},
		{name: "receipt whose reply is not public", method: "POST", path: "/public/receipt", form: url.Values{"receipt": {private}},
			status: 200, page: "public_receipt", see: []string{"已答复", "答复尚未公开"}, hide: never},
		{name: "receipt with a wrong code", method: "POST", path: "/public/receipt", form: url.Values{"receipt": {wrong}},
			status: 404, page: "public_receipt", see: []string{msgReceiptNotFound}, hide: append(never, publicReplyTxt, `data-testid="receipt-result"`)},
		{name: "receipt without its code", method: "POST", path: "/public/receipt", form: url.Values{"receipt": {old}},
			status: 404, page: "public_receipt", see: []string{msgReceiptNotFound}, hide: append(never, publicReplyTxt)},
		{name: "not a receipt", method: "POST", path: "/public/receipt", form: url.Values{"receipt": {"我的意见"}},
			status: 422, page: "public_receipt", see: []string{msgReceiptFormat, "我的意见"}},
		{name: "too many lookups from one address", method: "POST", path: "/public/receipt", form: url.Values{"receipt": {replied}},
			status: 429, page: "public_receipt", see: []string{"查询过于频繁"}, hide: []string{publicReplyTxt}},
		{name: "the inbox finds a receipt with its code", login: "tianbao", method: "GET", path: "/comments?receipt=" + replied,
			status: 303, location: "/comments/" + fmt.Sprint(fx.replied.ID)},
		{name: "the inbox finds a receipt read out without its code", login: "tianbao", method: "GET", path: "/comments?receipt=" + old,
			status: 303, location: "/comments/" + fmt.Sprint(fx.replied.ID)},
	})
}

// inboxTemplates walks an opinion through the inbox: linked to a
// signed-off problem (a look-back proposed), assigned, answered in
// public, closed.
func inboxTemplates(t *testing.T, hs *harness, fx *supFixture) {
	t.Helper()
	id := func(v int64) string { return fmt.Sprint(v) }
	c := "/comments/" + id(fx.fresh.ID)
	runPageCases(t, hs, []pageCase{
		{name: "inbox", login: "tianbao", method: "GET", path: "/comments", status: 200, page: "comments",
			see: []string{"群众意见", "全部 6", "待处理 3", "已答复 3", "已办结 0", `data-testid="inbox-item"`,
				"水资源费台账的问题好像又出现了", commenterName, "（未留姓名）", "答复已公开", "青石县水文站党支部",
				"20240228-" + id(fx.fresh.ID)}},
		{name: "inbox by state", login: "tianbao", method: "GET", path: "/comments?state=replied", status: 200, page: "comments",
			see: []string{"村口河段夜里还有人偷采河砂。"}, hide: []string{"水资源费台账的问题好像又出现了"}},
		{name: "inbox of another unit's user", login: "jiaotong", method: "GET", path: "/comments", status: 200, page: "comments",
			see: []string{"全部 0", "还没有收到群众意见建议"}, hide: []string{"村口河段"}},
		{name: "inbox with an unknown state", login: "tianbao", method: "GET", path: "/comments?state=lost", status: 422, page: "error",
			see: []string{"未知的办理状态“lost”"}},
		{name: "find by receipt", login: "tianbao", method: "GET", path: "/comments?receipt=20240228-" + id(fx.fresh.ID), status: 303,
			location: c},
		{name: "opinion for the office", login: "banshi", method: "GET", path: c, status: 200, page: "comment",
			see: []string{"意见建议 20240228-" + id(fx.fresh.ID), "待处理", "李女士", "0731-5550000", "（不公开）",
				"新开的洗车场没有办取水证", `data-testid="comment-triage"`, `data-testid="comment-link"`,
				`data-testid="comment-assign"`, `data-testid="comment-close"`, "水资源费征收台账不全（完成）"},
			hide: []string{`data-testid="comment-reply-form"`}},
		{name: "a new opinion leaves the unit nothing to do", login: "tianbao", method: "GET", path: c, status: 200, page: "comment",
			see: []string{"当前状态下您没有可进行的操作"}, hide: []string{`data-testid="comment-triage"`, `data-testid="comment-reply-form"`}},
		{name: "link without a problem", login: "banshi", method: "POST", path: c + "/link", form: url.Values{"version": {"1"}},
			status: 422, page: "comment", see: []string{"请选择问题"}},
		{name: "link to a signed-off problem", login: "banshi", method: "POST", path: c + "/link",
			form: url.Values{"version": {"1"}, "problem_id": {id(fx.done.ID)}}, status: 303, location: c},
		{name: "the link proposed a look-back", login: "banshi", method: "GET", path: c, status: 200, page: "comment",
			see: []string{"已分办", "关联问题 第1个问题：水资源费征收台账不全", "该问题有待进行的回头看", "2024年3月8日前完成",
				"群众意见（编号 " + id(fx.fresh.ID) + "）反映该问题可能反弹"}},
		{name: "stale assignment keeps the input", login: "banshi", method: "POST", path: c + "/assign",
			form: url.Values{"version": {"1"}, "assignee": {"河湖管理科"}}, status: 409, page: "comment",
			see: []string{"已被他人修改", `value="河湖管理科"`}},
		{name: "assignment without an assignee", login: "banshi", method: "POST", path: c + "/assign",
			form: url.Values{"version": {"2"}, "assignee": {" "}}, status: 422, page: "comment", see: []string{"请填写承办单位或承办人"}},
		{name: "assign", login: "banshi", method: "POST", path: c + "/assign",
			form: url.Values{"version": {"2"}, "assignee": {"水资源管理股"}}, status: 303, location: c},
		{name: "the unit may reply once assigned", login: "tianbao", method: "GET", path: c, status: 200, page: "comment",
			see: []string{"已交办", "水资源管理股", `data-testid="comment-reply-form"`}, hide: []string{`data-testid="comment-close"`}},
		{name: "reply without text", login: "tianbao", method: "POST", path: c + "/reply",
			form: url.Values{"version": {"3"}, "reply": {""}, "public": {"on"}}, status: 422, page: "comment", see: []string{"请填写答复内容"}},
		{name: "a closing the unit may not make", login: "tianbao", method: "POST", path: c + "/close",
			form: url.Values{"version": {"3"}}, status: 409, page: "comment", see: []string{"已交办的意见建议须先答复，才能办结"}},
		{name: "reply in public", login: "tianbao", method: "POST", path: c + "/reply",
			form: url.Values{"version": {"3"}, "reply": {"已督促洗车场办理取水许可，并补建台账。"}, "public": {"on"}}, status: 303, location: c},
		{name: "close", login: "banshi", method: "POST", path: c + "/close", form: url.Values{"version": {"4"}}, status: 303, location: c},
		{name: "closed", login: "banshi", method: "GET", path: c, status: 200, page: "comment",
			see: []string{"已办结", "该意见建议已办结", "已督促洗车场办理取水许可，并补建台账。", "已在公开页面公开"}},
		{name: "the public reply is on the notice", method: "GET", path: "/public/inspections/" + id(fx.pub.ID), status: 200,
			page: "public_notice", see: []string{"已督促洗车场办理取水许可，并补建台账。", "2024年2月28日 收到的意见建议，关于第1个问题"},
			hide: []string{"新开的洗车场没有办取水证", "0731-5550000"}},
	})
}

// recheckTemplates lists the look-backs, previews and draws a sample, and
// records a rebound that reopens a problem.
func recheckTemplates(t *testing.T, hs *harness, fx *supFixture) {
	t.Helper()
	id := func(v int64) string { return fmt.Sprint(v) }
	rc := "/rechecks/" + id(fx.recheck.ID)
	bureau := id(hs.bureau.ID)
	runPageCases(t, hs, []pageCase{
		{name: "look-backs", login: "banshi", method: "GET", path: "/rechecks", status: 200, page: "rechecks",
			see: []string{"待开展的回头看", "2024年2月20日（已逾期 10 天）", "水文资料归档不及时", "2024年3月8日",
				"群众意见（编号 " + id(fx.fresh.ID) + "）", "随机抽取已销号问题", `data-testid="sample-form"`, "近 90 天没有记录回头看结果"}},
		{name: "look-backs for a unit", login: "tianbao", method: "GET", path: "/rechecks", status: 200, page: "rechecks",
			see: []string{"水文资料归档不及时", "查看"}, hide: []string{`data-testid="sample-form"`}},
		{name: "sample without count or seed", login: "banshi", method: "POST", path: "/rechecks/sample",
			form: url.Values{"unit_id": {bureau}, "count": {""}, "seed": {""}, "action": {"preview"}}, status: 422, page: "rechecks",
			see: []string{"请填写抽取数量", "请填写随机种子"}},
		{name: "sample preview", login: "banshi", method: "POST", path: "/rechecks/sample",
			form: url.Values{"unit_id": {bureau}, "count": {"1"}, "seed": {"7"}, "action": {"preview"}}, status: 200, page: "rechecks",
			see: []string{"预览：从 2 个已销号问题中抽中 1 个", `value="7"`}},
		{name: "sample drawn", login: "banshi", method: "POST", path: "/rechecks/sample",
			form: url.Values{"unit_id": {bureau}, "count": {"2"}, "seed": {"7"}, "action": {"draw"}}, status: 303, location: "/rechecks"},
		{name: "sampled look-backs listed", login: "banshi", method: "GET", path: "/rechecks", status: 200, page: "rechecks",
			see: []string{"随机抽查", "随机抽查：种子 7，从 2 个已销号问题中抽取 2 个", "2024年3月31日"}},
		{name: "a look-back", login: "banshi", method: "GET", path: rc, status: 200, page: "recheck",
			see: []string{"回头看：第1个问题", "水文资料归档不及时", "已逾期", `data-testid="recheck-form"`, "巩固", "反弹"}},
		{name: "a look-back seen by a unit", login: "tianbao", method: "GET", path: rc, status: 200, page: "recheck",
			hide: []string{`data-testid="recheck-form"`}},
		{name: "a rebound without a note", login: "banshi", method: "POST", path: rc, form: url.Values{"result": {"failed"}, "note": {""}},
			status: 422, page: "recheck", see: []string{"请填写反弹情况", `id="f-result-failed" checked`}},
		{name: "a rebound", login: "banshi", method: "POST", path: rc,
			form: url.Values{"result": {"failed"}, "note": {"新收的水文资料又有三个月未归档。"}}, status: 303, location: rc},
		{name: "the rebound reopened the problem", login: "banshi", method: "GET", path: rc, status: 200, page: "recheck",
			see:  []string{"反弹", "问题已重新打开，现为“整改中”", "新收的水文资料又有三个月未归档。", "李主任"},
			hide: []string{`data-testid="recheck-form"`}},
		{name: "a look-back recorded twice", login: "banshi", method: "POST", path: rc,
			form: url.Values{"result": {"passed"}}, status: 409, page: "recheck", see: []string{"该回头看已于2024年3月1日记录结果"}},
		{name: "results listed", login: "banshi", method: "GET", path: "/rechecks", status: 200, page: "rechecks",
			see: []string{"近 90 天的回头看结果", "2024年3月1日", "反弹"}},
	})
	p, err := hs.st.GetProblem(context.Background(), fx.stationProblem.ID)
	must(t, err)
	if p.Status != rectify.StatusInProgress || len(p.History) < 2 {
		t.Errorf("the rebound did not reopen the problem with its history: %s %+v", p.Status, p.History)
	}
}

// recordTemplates records an accountability and a rule and sees them
// counted.
func recordTemplates(t *testing.T, hs *harness, fx *supFixture) {
	t.Helper()
	id := func(v int64) string { return fmt.Sprint(v) }
	pub := id(fx.pub.ID)
	runPageCases(t, hs, []pageCase{
		{name: "records of the scope", login: "banshi", method: "GET", path: "/records", status: 200, page: "records",
			see: []string{"问责和建章立制", "全部巡察（全部单位）", "建章立制（项）", "问责（人次）", "没有问责记录", "没有登记制度",
				"1 回头看发现反弹（个）"},
			hide: []string{`data-testid="accountability-form"`, `data-testid="rule-form"`}},
		{name: "records of an inspection for the office", login: "banshi", method: "GET", path: "/records?inspection=" + pub, status: 200,
			page: "records", see: []string{`data-testid="accountability-form"`, `data-testid="rule-form"`, "诫勉", "河道采砂监管存在漏洞",
				`value="2024-03-01"`}},
		{name: "records of an inspection for the unit", login: "tianbao", method: "GET", path: "/records?inspection=" + pub, status: 200,
			page: "records", see: []string{`data-testid="rule-form"`}, hide: []string{`data-testid="accountability-form"`}},
		{name: "records of an inspection out of scope", login: "jiaotong", method: "GET", path: "/records?inspection=" + pub, status: 403,
			page: "error"},
		{name: "accountability with nothing filled keeps the inspection", login: "banshi", method: "POST", path: "/records/accountability",
			form: url.Values{"inspection_id": {pub}, "person": {""}, "form": {""}, "date": {""}, "reason": {"采砂巡查弄虚作假"}}, status: 422,
			page: "records", see: []string{"请填写被问责人", "请填写问责方式", "请填写日期", "采砂巡查弄虚作假", `data-testid="accountability-form"`}},
		{name: "accountability dated tomorrow", login: "banshi", method: "POST", path: "/records/accountability",
			form:   url.Values{"inspection_id": {pub}, "person": {"王某（河道站站长）"}, "form": {"诫勉"}, "date": {"2024-03-02"}, "reason": {"巡查记录造假"}},
			status: 422, page: "records", see: []string{"问责日期不能晚于今天", "王某（河道站站长）"}},
		{name: "accountability without an inspection", login: "banshi", method: "POST", path: "/records/accountability",
			form:   url.Values{"person": {"王某"}, "form": {"诫勉"}, "date": {"2024-03-01"}, "reason": {"巡查记录造假"}},
			status: 422, page: "records", see: []string{"请选择巡察"}},
		{name: "accountability", login: "banshi", method: "POST", path: "/records/accountability",
			form: url.Values{"inspection_id": {pub}, "person": {"王某（河道站站长）"}, "form": {"诫勉"}, "date": {"2024-02-26"},
				"reason": {"采砂巡查记录弄虚作假"}, "problem_id": {id(fx.open.ID)}}, status: 303, location: "/records?inspection=" + pub},
		{name: "rule without a title", login: "tianbao", method: "POST", path: "/records/rules",
			form:   url.Values{"inspection_id": {pub}, "title": {""}, "kind": {"new"}, "issued": {"2024-03-05"}, "problem_ids": {id(fx.open.ID)}},
			status: 422, page: "records", see: []string{"请填写制度名称", `value="` + id(fx.open.ID) + `" checked`, `value="2024-03-05"`}},
		{name: "rule dated tomorrow", login: "tianbao", method: "POST", path: "/records/rules",
			form:   url.Values{"inspection_id": {pub}, "title": {"《河道采砂巡查办法》"}, "kind": {"new"}, "issued": {"2024-03-02"}},
			status: 422, page: "records", see: []string{"制度印发日期不能晚于今天"}},
		{name: "rule", login: "tianbao", method: "POST", path: "/records/rules",
			form: url.Values{"inspection_id": {pub}, "title": {"《河道采砂巡查办法》"}, "kind": {"revised"}, "issued": {"2024-02-20"},
				"problem_ids": {id(fx.open.ID), id(fx.done.ID)}}, status: 303, location: "/records?inspection=" + pub},
		{name: "records counted", login: "tianbao", method: "GET", path: "/records?inspection=" + pub, status: 200, page: "records",
			see: []string{"1 建章立制（项）", "1 问责（人次）", "2024年2月26日 王某（河道站站长） 诫勉 采砂巡查记录弄虚作假",
				"第2个问题：河道采砂监管存在漏洞", "《河道采砂巡查办法》 修订 第1个问题 第2个问题"}},
		{name: "records of the scope listed with their inspection", login: "banshi", method: "GET", path: "/records", status: 200,
			page: "records", see: []string{"县委第二巡察组 · 常规巡察（2023年7月10日反馈）", "《河道采砂巡查办法》"}},
	})
}

// settingTemplates sets the yellow light on the system and a bureau, and
// sees what the units below inherit.
func settingTemplates(t *testing.T, hs *harness) {
	t.Helper()
	const token = "access_token=c0ffee1234"
	must(t, hs.st.SetSetting(rectify.AsSystem(context.Background()), hs.city.ID, workflow.SettingDingTalkWebhook, "https://oapi.dingtalk.com/robot/send?"+token))
	bureau, station := fmt.Sprint(hs.bureau.ID), fmt.Sprint(hs.station.ID)
	runPageCases(t, hs, []pageCase{
		{name: "system settings", login: "banshi", method: "GET", path: "/settings", status: 200, page: "settings",
			see: []string{"系统默认设置（全部单位）", "黄灯预警提前天数", "3 天", "6 个月", "7 天", "默认值", `data-testid="settings-form"`}},
		{name: "system default set", login: "banshi", method: "POST", path: "/settings",
			form: url.Values{"unit_id": {"0"}, "warn_days": {"5"}, "was_warn_days": {""}}, status: 303, location: "/settings?unit=0"},
		{name: "a bureau inherits the system's", login: "shuiwu-admin", method: "GET", path: "/settings", status: 200, page: "settings",
			see: []string{"中共青石县水利局党组的设置", "5 天 系统默认设置（全部单位）", "https://oapi.dingtalk.com/…（已设置）",
				"继承自 中共青石县委员会", `placeholder="沿用上级"`},
			hide: []string{token}},
		{name: "a bureau sets its own", login: "shuiwu-admin", method: "POST", path: "/settings",
			form:   url.Values{"unit_id": {bureau}, "warn_days": {"4"}, "was_warn_days": {""}, "recheck_months": {""}, "was_recheck_months": {""}},
			status: 303, location: "/settings?unit=" + bureau},
		{name: "a station inherits the bureau's", login: "shuiwu-admin", method: "GET", path: "/settings?unit=" + station, status: 200,
			page: "settings", see: []string{"青石县水文站党支部的设置", "4 天 继承自 中共青石县水利局党组", "6 个月 默认值"}},
		{name: "a value out of range keeps the other changes", login: "shuiwu-admin", method: "POST", path: "/settings",
			form:   url.Values{"unit_id": {bureau}, "warn_days": {"99"}, "was_warn_days": {"4"}, "recheck_months": {"12"}, "was_recheck_months": {""}},
			status: 422, page: "settings", see: []string{"黄灯预警提前天数应为 0 到 60 之间的整数", "其余 1 项修改已保存", `value="99"`,
				"12 个月 本单位设置"}},
		{name: "a setting changed meanwhile", login: "shuiwu-admin", method: "POST", path: "/settings",
			form: url.Values{"unit_id": {bureau}, "warn_days": {"7"}, "was_warn_days": {""}}, status: 422, page: "settings",
			see: []string{"已被他人修改为“4”", `value="7"`}},
		{name: "a robot that is not DingTalk's is refused", login: "shuiwu-admin", method: "POST", path: "/settings",
			form:   url.Values{"unit_id": {bureau}, "dingtalk_webhook": {"https://attacker.example/robot/send?access_token=x"}, "was_dingtalk_webhook": {""}},
			status: 422, page: "settings", see: []string{"钉钉群机器人地址应为 https://oapi.dingtalk.com/robot/send?access_token=… 形式"}},
		{name: "a bureau's own robot", login: "shuiwu-admin", method: "POST", path: "/settings",
			form: url.Values{"unit_id": {bureau}, "wecom_webhook": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bureau-key-42"},
				"was_wecom_webhook": {""}, "dingtalk_webhook": {""}, "was_dingtalk_webhook": {""}},
			status: 303, location: "/settings?unit=" + bureau},
		{name: "the robot is shown masked and kept when left empty", login: "shuiwu-admin", method: "GET", path: "/settings?unit=" + bureau,
			status: 200, page: "settings", see: []string{"https://qyapi.weixin.qq.com/…（已设置）", "已设置，留空则不变", "清除本单位设置"},
			hide: []string{"bureau-key-42"}},
		{name: "a robot changed meanwhile is not overwritten", login: "shuiwu-admin", method: "POST", path: "/settings",
			form: url.Values{"unit_id": {bureau}, "wecom_webhook": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=other"},
				"was_wecom_webhook": {""}},
			status: 422, page: "settings", see: []string{"已被他人修改，未保存"}, hide: []string{"bureau-key-42"}},
		{name: "settings of the system are not a bureau admin's", login: "shuiwu-admin", method: "GET", path: "/settings?unit=0",
			status: 403, page: "error", see: []string{"只有全部单位的管理员才能进行此操作"}},
		{name: "settings are not an editor's", login: "tianbao", method: "GET", path: "/settings", status: 403, page: "error"},
	})
}

// upload posts a multipart form with a file as login.
func (hs *harness) upload(login, target string, fields url.Values, name string, data []byte) *httptest.ResponseRecorder {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			must(hs.t, mw.WriteField(k, v))
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		must(hs.t, err)
		_, err = fw.Write(data)
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

// exportLedger returns the ledger of an inspection as exported, with
// cells changed.
func exportLedger(t *testing.T, hs *harness, inspectionID int64, cells map[string]any) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := ledger.Export(context.Background(), hs.st, &b, store.LedgerFilter{InspectionID: inspectionID}, office.LedgerOptions{})
	must(t, err)
	f, err := excelize.OpenReader(&b)
	must(t, err)
	defer f.Close()
	for cell, v := range cells {
		must(t, f.SetCellValue(office.LedgerSheet, cell, v))
	}
	var out bytes.Buffer
	_, err = f.WriteTo(&out)
	must(t, err)
	return out.Bytes()
}

// idRE finds the ids of a page's elements.
var idRE = regexp.MustCompile(`\sid="([^"]+)"`)

// duplicateIDs returns the ids that more than one element of the page
// body has, each once: a page must have none (labels point at their
// fields by id, and browser tests select by them).
func duplicateIDs(body string) []string {
	seen := map[string]int{}
	var dup []string
	for _, m := range idRE.FindAllStringSubmatch(body, -1) {
		if seen[m[1]]++; seen[m[1]] == 2 {
			dup = append(dup, m[1])
		}
	}
	return dup
}

var draftRE = regexp.MustCompile(`name="draft" value="([0-9a-f]+)"`)

// ledgerTemplates uploads a ledger with one good and one bad row, sees
// the preview, is refused without "只保存无误的行", and imports the good
// row with it.
func ledgerTemplates(t *testing.T, hs *harness, fx *supFixture) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	pub := fmt.Sprint(fx.pub.ID)
	// Row 5 is problem 2, row 6 problem 3 (a title, the unit and the header above).
	edited := exportLedger(t, hs, fx.pub.ID, map[string]any{"F5": "立行立改", "J6": "明年"})
	tests := []struct {
		name   string
		login  string
		fields url.Values
		file   string
		data   []byte
		status int
		see    []string
	}{
		{"no file", "tianbao", url.Values{"inspection_id": {pub}}, "", nil, 422, []string{"请选择台账文件（.xlsx）"}},
		{"not a workbook", "tianbao", nil, "台账.xlsx", []byte("序号,问题\n1,台账"), 422, []string{"台账文件"}},
		{"too large", "tianbao", nil, "大台账.xlsx", make([]byte, office.MaxLedgerSize+1), 413, []string{"文件超过 20 MB 的上限"}},
		{"an inspection out of scope", "jiaotong", url.Values{"inspection_id": {pub}}, "台账.xlsx", edited, 403,
			[]string{"不在您的管理范围内；未导入任何数据"}},
	}
	for _, tt := range tests {
		t.Run("ledger upload: "+tt.name, func(t *testing.T) {
			before := hs.rendered["ledger_import"]
			w := hs.upload(tt.login, "/ledger/import", tt.fields, tt.file, tt.data)
			if w.Code != tt.status || hs.rendered["ledger_import"] != before+1 {
				t.Fatalf("status %d, want %d on the upload form: %s", w.Code, tt.status, text(w.Body.String()))
			}
			for _, s := range tt.see {
				if !strings.Contains(text(w.Body.String()), s) {
					t.Errorf("page does not show %q: %s", s, text(w.Body.String()))
				}
			}
		})
	}
	runPageCases(t, hs, []pageCase{
		{name: "ledger upload form", login: "tianbao", method: "GET", path: "/ledger/import?inspection=" + pub, status: 200,
			page: "ledger_import", see: []string{"导入台账", `id="f-file"`, "完成时间记为措施完成和状态变更的日期", `value="` + pub + `" selected`, "20 MB",
				"巡察还不在系统中、手头是已发布的整改通报", `<a href="/import" data-testid="notice-import-link">导入通报</a>`}},
	})

	w := hs.upload("jiaotong", "/ledger/import", nil, "台账.xlsx", edited)
	if body := text(w.Body.String()); w.Code != 200 || !strings.Contains(body, "整改台账!P5：巡察（编号 "+pub+"）属于中共青石县水利局党组，不在您的管理范围内，不能通过台账修改") ||
		!strings.Contains(body, "没有需要导入的修改") {
		t.Errorf("a ledger out of scope: %d %s", w.Code, body)
	}
	w = hs.upload("tianbao", "/ledger/import", url.Values{"inspection_id": {pub}}, "水务局台账.xlsx", edited)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, `data-testid="ledger-errors"`) {
		t.Fatalf("preview: %d %s", w.Code, text(body))
	}
	for _, s := range []string{"台账导入预览：水务局台账.xlsx", "将修改 1 处", "1 行有错误", "整改台账 第5行 修改问题",
		"立行立改", "整改台账!J6：整改时限“明年”无法识别为日期", "尚未保存任何数据", "只保存无误的行（有错误的 1 行不导入）"} {
		if !strings.Contains(text(body), s) {
			t.Errorf("the preview does not show %q: %s", s, text(body))
		}
	}
	m := draftRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no draft in the preview")
	}
	draft := m[1]
	runPageCases(t, hs, []pageCase{
		{name: "ledger confirmed with a bad row", login: "tianbao", method: "POST", path: "/ledger/import/confirm",
			form: url.Values{"draft": {draft}}, status: 422, page: "ledger_preview",
			see: []string{"台账中有 1 处错误，未保存任何数据", "只保存无误的行"}},
		{name: "someone else's draft", login: "banshi", method: "POST", path: "/ledger/import/confirm",
			form: url.Values{"draft": {draft}, "keep_good": {"on"}}, status: 404, page: "ledger_import", see: []string{"台账预览已过期"}},
	})
	if p, _ := hs.st.GetProblem(ctx, fx.open.ID); p.Track != "" {
		t.Fatalf("a refused import changed the record: track %q", p.Track)
	}
	runPageCases(t, hs, []pageCase{
		{name: "ledger imported without the bad row", login: "tianbao", method: "POST", path: "/ledger/import/confirm",
			form: url.Values{"draft": {draft}, "keep_good": {"on"}}, status: 200, page: "ledger_result",
			see: []string{"台账已导入：水务局台账.xlsx", "1 修改问题", "有错误的 1 行未导入", "立行立改"}},
		{name: "a draft imported once", login: "tianbao", method: "POST", path: "/ledger/import/confirm",
			form: url.Values{"draft": {draft}, "keep_good": {"on"}}, status: 404, page: "ledger_import", see: []string{"台账预览已过期（保留 30 分钟）或已导入"}},
	})
	if p, _ := hs.st.GetProblem(ctx, fx.open.ID); p.Track != rectify.TrackImmediate {
		t.Errorf("the good row was not imported: track %q", p.Track)
	}

	// A record changed between preview and confirmation is previewed again.
	w = hs.upload("tianbao", "/ledger/import", nil, "台账.xlsx", exportLedger(t, hs, fx.pub.ID, map[string]any{"I6": "人事股"}))
	m = draftRE.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("preview: %d %s", w.Code, text(w.Body.String()))
	}
	p3, err := hs.st.GetProblem(ctx, fx.longTerm.ID)
	must(t, err)
	p3.OwnerUnit = "人事股"
	must(t, hs.st.UpdateProblem(ctx, p3))
	runPageCases(t, hs, []pageCase{
		{name: "ledger confirmed after the record changed", login: "tianbao", method: "POST", path: "/ledger/import/confirm",
			form: url.Values{"draft": {m[1]}}, status: 409, page: "ledger_preview",
			see: []string{"预览之后系统中的记录已有变化", "没有需要导入的修改"}},
	})
}
