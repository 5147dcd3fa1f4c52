package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/store"
)

var noticeDraftRE = regexp.MustCompile(`name="draft" value="([0-9a-f]+)"`)

// draftOf returns the draft ID a preview page carries.
func draftOf(t *testing.T, body string) string {
	t.Helper()
	m := noticeDraftRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no draft on the page: %s", text(body))
	}
	return m[1]
}

// TestImport uploads notices — UTF-8, GBK, not a notice, too large — and
// confirms a preview: the inspection is stored once, with the counts the
// flash message says, and a second confirmation of the same draft stores
// nothing.
func TestImport(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	notice, err := readTestdata("notice_water.txt")
	must(t, err)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(notice)
	must(t, err)
	unit := url.Values{"unit_id": {id(hs.bureau.ID)}}
	count := func() int {
		ins, err := hs.st.ListInspections(ctx, store.InspectionFilter{UnitID: hs.bureau.ID})
		must(t, err)
		return len(ins)
	}

	uploads := []struct {
		name   string
		file   formFile
		form   url.Values
		status int
		see    []string
	}{
		{"a notice in UTF-8", formFile{"file", "通报.txt", notice}, unit, 200,
			[]string{"核对导入内容", "6 个具体问题", "已完成 4 个，长期整改 1 个"}},
		{"the same notice in GBK", formFile{"file", "通报（GBK）.txt", gbk}, unit, 200,
			[]string{"核对导入内容", "县委第五巡察组", "6 个具体问题"}},
		{"a text that is no notice", formFile{"file", "会议纪要.txt", []byte("局党组会议纪要\n会议研究了下半年工作。\n")}, unit, 422,
			[]string{"“会议纪要.txt”无法导入：没有找到任何具体问题", "这不像一份通报"}},
		{"a binary file", formFile{"file", "数据.bin", []byte("\x00\x01\x02\x03binary\x00")}, unit, 422,
			[]string{"“数据.bin”无法导入：文件不是文本，也不是 Word 文档（.docx）或网页"}},
		{"a picture too small to read", formFile{"file", "照片.png", pngBytes(t)}, unit, 422,
			[]string{"“照片.png”无法导入：图片只有 4×3 像素，太小，无法识别出通报的文字"}},
		{"a file over the limit", formFile{"file", "大文件.txt", bytes.Repeat([]byte("整改"), maxImportFile/6+1)}, unit, 413,
			[]string{"超过 10 MB 的上限"}},
		{"no unit", formFile{"file", "通报.txt", notice}, url.Values{}, 422, []string{"请选择通报所属的单位"}},
	}
	for _, tt := range uploads {
		t.Run(tt.name, func(t *testing.T) {
			before := count()
			w := hs.multipartPost("tianbao", "/import", tt.form, tt.file)
			expect(t, w, tt.status, tt.see...)
			if count() != before {
				t.Error("an upload stored an inspection")
			}
		})
	}

	w := hs.multipartPost("tianbao", "/import", unit, formFile{"file", "通报.txt", notice})
	draft := draftOf(t, w.Body.String())
	confirm := url.Values{"draft": {draft}, "unit_id": {id(hs.bureau.ID)}}
	t.Run("another user cannot confirm the draft", func(t *testing.T) {
		w := hs.do("shuiwu-admin", "POST", "/import/confirm", confirm)
		expect(t, w, http.StatusConflict, "导入草稿已失效")
	})
	t.Run("confirmed", func(t *testing.T) {
		before := count()
		w := hs.do("tianbao", "POST", "/import/confirm", confirm)
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/inspections/") {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		if msg := flashOf(t, w); msg != "已导入：6 个问题，已完成 4 个，长期整改 1 个（单位：中共青石县委员会 › 中共青石县水务局党组）" {
			t.Errorf("flash %q", msg)
		}
		if count() != before+1 {
			t.Error("not stored")
		}
		page := hs.get("tianbao", w.Header().Get("Location"))
		expect(t, page, 200, "共 6 个问题", "取水许可审批把关不严", "在建工程安全巡查记录不完整")
	})
	t.Run("a second confirmation stores nothing", func(t *testing.T) {
		before := count()
		w := hs.do("tianbao", "POST", "/import/confirm", confirm)
		expect(t, w, http.StatusConflict, "导入草稿已失效", "请重新上传通报文件")
		if count() != before {
			t.Error("stored twice")
		}
	})
	t.Run("a preview names an earlier import of the same notice and offers to update it", func(t *testing.T) {
		before := count()
		w := hs.multipartPost("tianbao", "/import", unit, formFile{"file", "通报.txt", notice})
		expect(t, w, 200, "记录中已有这次巡察", "确认后将更新该巡察，不会另建一份", "不会改动任何内容", "确认更新")
		w = hs.do("tianbao", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())},
			"unit_id": {id(hs.bureau.ID)}, "update": {"on"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("%d %s", w.Code, text(w.Body.String()))
		}
		if msg := flashOf(t, w); !strings.HasPrefix(msg, "已按通报更新巡察") {
			t.Errorf("flash %q", msg)
		}
		if count() != before {
			t.Error("a copy was stored")
		}
	})
	t.Run("a confirmation without update is refused, not copied", func(t *testing.T) {
		before := count()
		w := hs.multipartPost("tianbao", "/import", unit, formFile{"file", "通报.txt", notice})
		w = hs.do("tianbao", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {id(hs.bureau.ID)}})
		expect(t, w, http.StatusConflict, "记录中已有这次巡察：巡察 #")
		if count() != before {
			t.Error("a copy was stored")
		}
	})
}

// TestImportFeedback uploads an inspection group's feedback: the preview
// says what it read, keeps the document's numbering and speaks Chinese; the
// problem list is stored without statuses; into an inspection created
// before, the preview shows what would change.
func TestImportFeedback(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	feedback := []byte(`县委第五巡察组关于巡察青石县水利局党组的反馈意见

县委第五巡察组于2024年3月4日至4月26日对县水利局党组开展了常规巡察，并于2024年5月15日反馈了巡察意见。

一、落实主体责任不到位

（一）取水许可审批把关不严。个别企业取水许可证过期后仍在取水。

（二）河道采砂监管缺位

二、工程建设项目监管存在短板

（三）农田水利项目验收资料不全。部分项目缺少影像资料。
`)
	unit := url.Values{"unit_id": {id(hs.bureau.ID)}}
	w := hs.multipartPost("tianbao", "/import", unit, formFile{"file", "反馈意见.txt", feedback})
	expect(t, w, 200, "文件类型 反馈意见", "反馈意见：2 个反馈问题", "3 个具体问题", "一、落实主体责任不到位",
		"（一） 取水许可审批把关不严", "（三） 农田水利项目验收资料不全", "只有问题，没有整改结果")
	body := text(w.Body.String())
	for _, code := range []string{"missing-number", "no-result", "no-measures", "no-summary", "缺少整改结果", "（1）落实主体责任不到位"} {
		if strings.Contains(body, code) {
			t.Errorf("the preview shows %q", code)
		}
	}
	w = hs.do("tianbao", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {id(hs.bureau.ID)}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, text(w.Body.String()))
	}
	if msg := flashOf(t, w); msg != "已导入反馈意见：3 个问题，均为未开始（单位：中共青石县委员会 › 中共青石县水务局党组）" {
		t.Errorf("flash %q", msg)
	}
	ins, err := hs.st.ListInspections(ctx, store.InspectionFilter{UnitID: hs.bureau.ID})
	must(t, err)
	var fb int64
	for _, in := range ins {
		if in.Team == "县委第五巡察组" && in.Feedback.String() == "2024-05-15" {
			fb = in.ID
			if in.Title != "" || in.Issuer != "" {
				t.Errorf("the feedback filled the notice's title %q, issuer %q", in.Title, in.Issuer)
			}
		}
	}
	full, err := hs.st.LoadInspection(ctx, fb)
	must(t, err)
	for _, p := range full.Problems() {
		if p.Status != "not_started" {
			t.Errorf("problem %d: status %q", p.Number, p.Status)
		}
	}

	// Into an inspection created by hand: the form names it, the preview
	// says what would change.
	page := hs.get("tianbao", "/import?into="+id(fb))
	expect(t, page, 200, "导入到已有的巡察", "县委第五巡察组")
	w = hs.multipartPost("tianbao", "/import", url.Values{"into": {id(fb)}}, formFile{"file", "反馈意见.txt", feedback})
	expect(t, w, 200, "导入到已有的巡察", "3 个问题对上", "不会改动任何内容", "确认更新")
	// Another unit's editor may not name it.
	hash, err := auth.HashPassword(hs.password)
	must(t, err)
	other := &rectify.User{Login: "jiaotong", Name: "交通填报", Role: rectify.RoleEditor, UnitID: hs.other.ID, PasswordHash: hash}
	must(t, hs.st.CreateUser(ctx, other))
	hs.users[other.Login] = other
	w = hs.get("jiaotong", "/import?into="+id(fb))
	if w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
		t.Errorf("another unit's editor: %d", w.Code)
	}
}

// TestImportSeed imports the published notice of the seed through the
// upload page, as a clerk would: 25 problems, 18 completed.
func TestImportSeed(t *testing.T) {
	seed := filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt")
	data, err := os.ReadFile(seed)
	if os.IsNotExist(err) {
		t.Skip("no seed notice here")
	}
	must(t, err)
	hs := newHarness(t)
	w := hs.multipartPost("banshi", "/import", url.Values{"unit_id": {"0"}}, formFile{"file", "邵阳.txt", data})
	expect(t, w, 200, "核对导入内容", "12 个反馈问题", "25 个具体问题", "已完成 18 个，长期整改 7 个")
	w = hs.do("banshi", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {"0"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, text(w.Body.String()))
	}
	if msg := flashOf(t, w); !strings.HasPrefix(msg, "已导入：25 个问题，已完成 18 个") {
		t.Errorf("flash %q", msg)
	}
	expect(t, hs.get("banshi", w.Header().Get("Location")), 200, "共 25 个问题", "72.0%")
}

// TestImportCountsOnly imports a notice that gives counts only: it is kept
// as an inspection without problems, and the overview shows its counts
// apart, as reported, not in the counted figures.
func TestImportCountsOnly(t *testing.T) {
	hs := newHarness(t)
	notice := []byte("青石县委第二轮巡察整改进展情况的通报\n\n" +
		"根据县委统一部署，2024年3月4日至4月26日，县委3个巡察组对县水务局等6家单位党组织开展了常规巡察，2024年5月20日反馈了巡察意见。\n\n" +
		"截至2024年9月30日，巡察反馈的87个问题，已完成整改80个，基本完成4个，未完成3个，整改完成率91.95%。\n\n" +
		"中共青石县委巡察工作领导小组办公室\n2024年10月12日\n")
	unit := url.Values{"unit_id": {id(hs.bureau.ID)}}
	w := hs.multipartPost("tianbao", "/import", unit, formFile{"file", "轮次通报.txt", notice})
	expect(t, w, 200, "核对导入内容", "这份通报只有统计数字", "巡察反馈的87个问题，已完成整改80个")
	form := url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {id(hs.bureau.ID)}}
	w = hs.do("tianbao", "POST", "/import/confirm", form)
	if w.Code != http.StatusSeeOther && w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, text(w.Body.String()))
	}
	ins, err := hs.st.ListInspections(context.Background(), store.InspectionFilter{UnitID: hs.bureau.ID})
	must(t, err)
	if len(ins) != 1 || len(ins[0].Reported) != 1 || *ins[0].Reported[0].Total != 87 || *ins[0].Reported[0].Completed != 80 {
		t.Fatalf("stored %+v", ins)
	}
	w = hs.do("banshi", "GET", "/overview", nil)
	expect(t, w, 200, "通报所报数字", "共87，已完成80，基本完成4，未完成3（个问题，所报）", "91.95%")
}

// TestImportByTheOffice: a reviewer of the office, who creates an
// inspection and keeps its problem list, imports the feedback into it
// from the link of its edit page. (The gate of the routes, which lets
// the office and the unit's editors import and no viewer, is
// internal/server's route policy test.)
func TestImportByTheOffice(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	hash, err := auth.HashPassword(hs.password)
	must(t, err)
	office := &rectify.User{Login: "shenhe", Name: "审核员", Role: rectify.RoleReviewer, UnitID: hs.bureau.ID, PasswordHash: hash}
	must(t, hs.st.CreateUser(ctx, office))
	hs.users[office.Login] = office

	w := hs.do("shenhe", "POST", "/inspections", url.Values{"unit_id": {id(hs.bureau.ID)}, "team": {"县委第七巡察组"},
		"kind": {"常规巡察"}, "start": {"2024-03-04"}, "end": {"2024-04-26"}, "feedback": {"2024-05-20"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", w.Code, text(w.Body.String()))
	}
	edit := w.Header().Get("Location")
	in := strings.TrimSuffix(strings.TrimPrefix(edit, "/inspections/"), "/edit")
	expect(t, hs.get("shenhe", edit), 200, "从文件导入问题清单")
	expect(t, hs.get("shenhe", "/import?into="+in), 200, "导入到已有的巡察", "县委第七巡察组")

	feedback := []byte(`县委第七巡察组关于巡察青石县水利局党组的反馈意见

县委第七巡察组于2024年3月4日至4月26日对县水利局党组开展了常规巡察，并于2024年5月20日反馈了巡察意见。

一、落实主体责任不到位

（一）取水许可审批把关不严。个别企业取水许可证过期后仍在取水。

（二）水资源费征收不及时。部分欠费未追缴。
`)
	w = hs.multipartPost("shenhe", "/import", url.Values{"into": {in}}, formFile{"file", "反馈意见.txt", feedback})
	expect(t, w, 200, "导入到已有的巡察", "2 个具体问题")
	w = hs.do("shenhe", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {id(hs.bureau.ID)}, "update": {"on"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", w.Code, text(w.Body.String()))
	}
	n, err := strconv.ParseInt(in, 10, 64)
	must(t, err)
	full, err := hs.st.LoadInspection(ctx, n)
	must(t, err)
	if got := len(full.Problems()); got != 2 {
		t.Errorf("the inspection has %d problems after the import, want 2", got)
	}
}

// TestUnitChoiceShowsPath makes two units of one name in different
// subtrees: every choice of a unit tells them apart by the units above
// them, and an import into one names it by its path.
func TestUnitChoiceShowsPath(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	// 水务局's own subtree makes a unit named like 交通运输局.
	squat := &rectify.Unit{Name: hs.other.Name, ParentID: hs.bureau.ID}
	must(t, hs.st.CreateUnit(ctx, squat))
	real := "中共青石县交通运输局党组（中共青石县委员会）"
	fake := "中共青石县交通运输局党组（中共青石县委员会 › 中共青石县水务局党组）"
	pages := []struct {
		name, login, path string
		see               []string
	}{
		{"the import form", "banshi", "/import", []string{real, fake}},
		{"the problem list's filter", "banshi", "/problems", []string{real, fake}},
		{"the inspections' filter", "banshi", "/inspections", []string{real, fake}},
		{"a new inspection", "banshi", "/inspections/new", []string{real, fake}},
		{"the people's filter", "banshi", "/admin/people", []string{real, fake}},
		{"a new account", "banshi", "/admin/users/new", []string{real, fake}},
		{"a new unit's parent", "banshi", "/admin/units", []string{real, fake}},
		// Within the bureau's scope the name is unique: no path.
		{"one of them in scope", "shuiwu-admin", "/import", []string{">\u3000\u3000中共青石县交通运输局党组<"}},
	}
	for _, tt := range pages {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, hs.get(tt.login, tt.path), 200, tt.see...)
		})
	}

	notice, err := readTestdata("notice_water.txt")
	must(t, err)
	w := hs.multipartPost("banshi", "/import", url.Values{"unit_id": {id(squat.ID)}}, formFile{"file", "通报.txt", notice})
	expect(t, w, 200, "核对导入内容", fake)
	w = hs.do("banshi", "POST", "/import/confirm", url.Values{"draft": {draftOf(t, w.Body.String())}, "unit_id": {id(squat.ID)}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, text(w.Body.String()))
	}
	want := "（单位：中共青石县委员会 › 中共青石县水务局党组 › 中共青石县交通运输局党组）"
	if msg := flashOf(t, w); !strings.HasSuffix(msg, want) {
		t.Errorf("flash %q, want it to end with %q", msg, want)
	}
}

func TestUnitLabels(t *testing.T) {
	units := []*rectify.Unit{
		{ID: 1, Name: "某市", Path: "/1/"},
		{ID: 2, Name: "某区", Path: "/1/2/"},
		{ID: 3, Name: "某局", Path: "/1/2/3/"},
		{ID: 4, Name: "某县", Path: "/1/4/"},
		{ID: 5, Name: "某局", Path: "/1/4/5/"},
		{ID: 6, Name: "某站", Path: "/1/4/6/"},
		{ID: 7, Name: "某站", Path: "/1/4/7/"},
	}
	got := unitLabels(units)
	tests := []struct {
		id   int64
		want string
	}{
		{1, "某市"},
		{2, "\u3000某区"},
		{3, "\u3000\u3000某局（某市 › 某区）"},
		{5, "\u3000\u3000某局（某市 › 某县）"},
		{6, "\u3000\u3000某站（某市 › 某县 › 编号 6）"},
		{7, "\u3000\u3000某站（某市 › 某县 › 编号 7）"},
	}
	for _, tt := range tests {
		if got[tt.id] != tt.want {
			t.Errorf("unit %d: %q, want %q", tt.id, got[tt.id], tt.want)
		}
	}
}
