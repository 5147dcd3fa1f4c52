package notice

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// The -update flag rewrites the golden files. Other tests of the package may
// declare it too (package variables are set before init runs), so it is
// registered only when absent and read through the flag package.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

// updatingGolden reports whether the test run was asked to rewrite golden files.
func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixtureHistory returns a one-entry status history.
func fixtureHistory(st rectify.Status, class, date string) []rectify.StatusChange {
	return []rectify.StatusChange{{Status: st, Class: class, Date: rectify.MustDate(date), Author: "县水利局办公室"}}
}

// fixtureMeasures returns ungrouped measures.
func fixtureMeasures(texts ...string) []*rectify.Measure {
	var out []*rectify.Measure
	for i, t := range texts {
		out = append(out, &rectify.Measure{Number: i + 1, Text: t})
	}
	return out
}

// fixtureGroup returns measures under one group, numbered from first.
func fixtureGroup(group string, first int, texts ...string) []*rectify.Measure {
	out := fixtureMeasures(texts...)
	for i, m := range out {
		m.Group = group
		m.Number = first + i
	}
	return out
}

// waterBureau is an invented inspection of a county water bureau, with a
// problem in every status, a grouped problem and a single measure.
func waterBureau() *rectify.Inspection {
	feedback := rectify.MustDate("2024-06-20")
	in := &rectify.Inspection{
		UnitName:   "县水利局党组",
		Team:       "县委第二巡察组",
		Kind:       rectify.KindRegular,
		Start:      rectify.MustDate("2024-04-08"),
		End:        rectify.MustDate("2024-05-31"),
		Feedback:   feedback,
		Deployer:   "县委",
		Issuer:     "中共青溪县水利局党组",
		Title:      "关于县委第二巡察组巡察反馈意见整改进展情况的通报",
		NoticeDate: rectify.MustDate("2024-10-15"),
		Work: []string{
			"（一）压实整改责任。局党组召开专题会议研究部署整改工作，逐条列出问题、措施、责任人和完成时限，做到每个问题都有人盯、有人管。",
			"（二）建立调度机制。整改期间每半月召开一次调度会，对进度滞后的事项当面督促，确保整改不走过场。",
			"（三）注重建章立制。围绕河湖管护、工程监管等重点环节新建和修订制度6项，推动整改成果转化为长效机制。",
		},
		NextSteps: []string{
			"（一）持续跟踪未完成事项。对尚未完成和需长期坚持的问题，按月销号推进，直至全部整改到位。",
			"（二）巩固已有整改成果。对已完成的问题适时开展“回头看”，防止同类问题再次出现。",
		},
		Contact: rectify.Contact{
			Phone:   "0736-8812345",
			Address: "青溪县滨河路18号县水利局办公室",
			Email:   "qxslj_zg@example.cn",
		},
	}
	in.Findings = []*rectify.Finding{
		{Number: 1, Title: "贯彻落实上级决策部署有差距", Problems: []*rectify.Problem{
			{Number: 1, Title: "河长制工作推进不力", Description: "部分河段巡河记录缺失，发现问题后整治销号不及时。",
				Opened: feedback, Status: rectify.StatusCompleted, History: fixtureHistory(rectify.StatusCompleted, "", "2024-10-10"),
				Measures: fixtureMeasures("对全县河段巡河记录逐一核查，补齐缺失台账", "建立问题发现、交办、整治、销号闭环流程", "将巡河情况纳入乡镇年度考核")},
			{Number: 2, Title: "防汛物资管理不规范",
				Opened: feedback, Status: rectify.StatusLongTerm, Track: rectify.TrackLongTerm, Class: "I", History: fixtureHistory(rectify.StatusLongTerm, "I", "2024-10-10"),
				Measures: fixtureMeasures("对防汛物资仓库开展全面盘点，账实不符的已查明原因", "新建物资出入库电子台账，计划2025年汛前投入使用")},
		}},
		{Number: 2, Title: "落实全面从严治党责任不到位", Problems: []*rectify.Problem{
			{Number: 3, Title: "工程项目监管存在漏洞", Description: "一是工程变更审批不严；二是质量检测走过场。",
				Opened: feedback, Status: rectify.StatusInProgress, History: fixtureHistory(rectify.StatusInProgress, "", "2024-10-10"),
				Measures: append(fixtureGroup("工程变更审批不严", 1, "修订工程变更管理办法，明确分级审批权限", "对近三年变更项目开展复查"),
					fixtureGroup("质量检测走过场", 3, "委托第三方机构对在建项目进行抽检", "对检测不规范的单位约谈负责人")...)},
			{Number: 4, Title: "廉政教育形式单一", Description: "以读文件、念通报为主，警示效果不明显。",
				Opened: feedback, Status: rectify.StatusMostlyCompleted, History: fixtureHistory(rectify.StatusMostlyCompleted, "", "2024-10-10"),
				Measures: fixtureMeasures("组织干部职工到县廉政教育基地参观学习，并结合典型案例开展专题讨论")},
		}},
		{Number: 3, Title: "干部队伍建设有短板", Problems: []*rectify.Problem{
			{Number: 5, Title: "年轻干部培养力度不够", Description: "缺少系统的培养计划，轮岗交流少。",
				Opened:   feedback,
				Measures: fixtureMeasures("制定年轻干部培养三年计划", "安排年轻干部到基层水管站轮岗锻炼")},
			{Number: 6, Title: "考勤制度执行不严", Description: "个别股室存在迟到早退现象。",
				Opened: feedback, Status: rectify.StatusNotCompleted, History: fixtureHistory(rectify.StatusNotCompleted, "", "2024-10-10"),
				Measures: fixtureMeasures("启用人脸识别考勤系统", "每月通报考勤情况")},
		}},
	}
	return in
}

// typedOnce is an inspection typed by hand, with the notice's texts typed
// once on its page: no title, no notice date, no statuses yet.
func typedOnce() *rectify.Inspection {
	return &rectify.Inspection{
		UnitName: "中共青溪县林业局党组", Team: "县委第三巡察组", Kind: rectify.KindSpecial,
		Start: rectify.MustDate("2024-03-01"), End: rectify.MustDate("2024-04-15"), Feedback: rectify.MustDate("2024-05-10"),
		Issuer:    "中共青溪县林业局党组",
		Opening:   "按照县委巡察工作统一安排，县委第三巡察组对我局开展了专项巡察。局党组照单全收、逐条整改，现将进展情况通报如下。",
		Work:      []string{"局党组成立整改工作领导小组，书记任组长，每半月调度一次。", "制定问题、任务、责任三张清单，逐项明确时限。"},
		NextSteps: []string{"坚持目标不变、力度不减，对长期整改事项按节点推进。"},
		Contact:   rectify.Contact{Phone: "0000-7654321", Address: "青溪县林苑路6号", Mailbox: "青溪县邮政12号信箱", Email: "ly@example.cn"},
		Findings: []*rectify.Finding{{Number: 1, Title: "林地保护责任落实不到位", Problems: []*rectify.Problem{
			{Number: 1, Title: "护林员巡护记录不实", Opened: rectify.MustDate("2024-05-10")}}}},
	}
}

func renderString(t testing.TB, in *rectify.Inspection, opt RenderOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, in, opt); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		in   func() *rectify.Inspection
		opt  RenderOptions
	}{
		{"render_water_bureau.txt", waterBureau, RenderOptions{}},
		{"render_water_bureau.md", waterBureau, RenderOptions{Format: FormatMarkdown}},
		{"render_water_bureau_2024-08-01.txt", waterBureau, RenderOptions{AsOf: rectify.MustDate("2024-08-01")}},
		{"render_typed_once.txt", typedOnce, RenderOptions{}},
		{"render_typed_once.md", typedOnce, RenderOptions{Format: FormatMarkdown}},
		{"render_minimal.txt", func() *rectify.Inspection {
			return &rectify.Inspection{Team: "市委第一巡察组", Findings: []*rectify.Finding{{Title: "制度执行不严", Problems: []*rectify.Problem{{Title: "会议记录不全"}}}}}
		}, RenderOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderString(t, tt.in(), tt.opt)
			path := filepath.Join("testdata", tt.name+".golden")
			if updatingGolden() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run with -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("Render differs from %s (run with -update if the change is intended):\n%s", path, renderLineDiff(string(want), got))
			}
		})
	}
}

// renderLineDiff returns the first lines where want and got differ.
func renderLineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			shown++
		}
	}
	return b.String()
}

func TestRenderText(t *testing.T) {
	got := renderString(t, waterBureau(), RenderOptions{})
	for _, want := range []string{
		"中共青溪县水利局党组\n\n关于县委第二巡察组巡察反馈意见整改进展情况的通报\n\n",
		"根据县委统一部署，县委第二巡察组于2024年4月8日至5月31日对县水利局党组开展了常规巡察，并于2024年6月20日反馈了巡察意见。",
		"\n截至10月10日，巡察反馈的6个具体问题，已完成整改1个，长期整改I类1个，基本完成1个，整改中1个，未完成1个，未开始1个。\n",
		"\n（一）反馈问题：贯彻落实上级决策部署有差距。\n",
		"\n1．河长制工作推进不力。部分河段巡河记录缺失，发现问题后整治销号不及时。\n",
		"\n2．防汛物资管理不规范。\n\n整改结果：长期整改I类\n",
		"\n整改情况：关于工程变更审批不严的问题：①修订工程变更管理办法，明确分级审批权限；②对近三年变更项目开展复查。关于质量检测走过场的问题：①委托第三方机构对在建项目进行抽检；②对检测不规范的单位约谈负责人。\n",
		"\n整改情况：组织干部职工到县廉政教育基地参观学习，并结合典型案例开展专题讨论。\n",
		"\n5．年轻干部培养力度不够。缺少系统的培养计划，轮岗交流少。\n\n整改结果：未开始\n",
		"\n三、下一步整改工作安排\n",
		"联系电话：0736-8812345；地址：青溪县滨河路18号县水利局办公室；电子邮箱：qxslj_zg@example.cn。\n",
		"\n中共青溪县水利局党组\n\n2024年10月15日\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	if strings.Contains(got, "\r") || strings.Contains(got, "\n\n\n") {
		t.Error("the notice has CR or more than one blank line between paragraphs")
	}
	if !strings.HasSuffix(got, "日\n") {
		t.Errorf("the notice should end with its date and a newline, ends with %q", got[max(0, len(got)-20):])
	}
}

func TestRenderMarkdownHeadings(t *testing.T) {
	got := renderString(t, waterBureau(), RenderOptions{Format: FormatMarkdown})
	for _, want := range []string{
		"中共青溪县水利局党组\n\n# 关于县委第二巡察组巡察反馈意见整改进展情况的通报\n",
		"\n## 一、组织整改落实情况\n",
		"\n## 二、反馈问题整改落实情况\n",
		"\n### （三）反馈问题：干部队伍建设有短板。\n",
		"\n## 三、下一步整改工作安排\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	if text := renderString(t, waterBureau(), RenderOptions{}); stripHeadingMarks(got) != text {
		t.Errorf("the Markdown without its # marks differs from the text:\n%s", renderLineDiff(text, stripHeadingMarks(got)))
	}
}

// stripHeadingMarks removes the heading marks Render writes in Markdown.
func stripHeadingMarks(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "# ")
	}
	return strings.Join(lines, "\n")
}

func TestRenderSummaryLine(t *testing.T) {
	d := rectify.MustDate
	problem := func(h ...rectify.StatusChange) *rectify.Problem {
		return &rectify.Problem{Title: "问题", Opened: d("2023-07-03"), History: h}
	}
	entry := func(st rectify.Status, class, date string) rectify.StatusChange {
		return rectify.StatusChange{Status: st, Class: class, Date: d(date)}
	}
	inspection := func(ps ...*rectify.Problem) *rectify.Inspection {
		return &rectify.Inspection{Team: "市委第三巡察组", Feedback: d("2023-07-03"), NoticeDate: d("2023-11-28"),
			Findings: []*rectify.Finding{{Title: "问题类别", Problems: ps}}}
	}
	tests := []struct {
		name string
		in   *rectify.Inspection
		asOf rectify.Date
		want string
	}{
		{"all completed", inspection(
			problem(entry(rectify.StatusCompleted, "", "2023-10-01")),
			problem(entry(rectify.StatusCompleted, "", "2023-11-28")),
		), rectify.Date{}, "截至11月28日，巡察反馈的2个具体问题，已完成整改2个。"},
		{"mixed statuses", inspection(
			problem(entry(rectify.StatusCompleted, "", "2023-10-01")),
			problem(entry(rectify.StatusLongTerm, "I", "2023-10-01")),
			problem(entry(rectify.StatusInProgress, "", "2023-10-01")),
			problem(entry(rectify.StatusMostlyCompleted, "", "2023-10-01")),
			problem(entry(rectify.StatusSubmitted, "", "2023-10-01")),
			problem(entry(rectify.StatusNotCompleted, "", "2023-10-01")),
			problem(),
		), d("2023-11-20"), "截至11月20日，巡察反馈的7个具体问题，已完成整改1个，长期整改I类1个，基本完成1个，待销号1个，整改中1个，未完成1个，未开始1个。"},
		{"long-term classes I and II mixed", inspection(
			problem(entry(rectify.StatusLongTerm, "I", "2023-10-01")),
			problem(entry(rectify.StatusLongTerm, "II", "2023-10-01")),
			problem(entry(rectify.StatusCompleted, "", "2023-10-01")),
		), rectify.Date{}, "截至10月1日，巡察反馈的3个具体问题，已完成整改1个，长期整改2个。"},
		{"long-term class II only", inspection(
			problem(entry(rectify.StatusLongTerm, "II", "2023-10-01")),
			problem(entry(rectify.StatusLongTerm, "II", "2023-10-02")),
		), d("2023-11-28"), "截至11月28日，巡察反馈的2个具体问题，已完成整改0个，长期整改II类2个。"},
		{"as of a day before any status", inspection(
			problem(entry(rectify.StatusCompleted, "", "2023-10-01")),
			problem(entry(rectify.StatusLongTerm, "I", "2023-10-01")),
		), d("2023-08-01"), "截至8月1日，巡察反馈的2个具体问题，已完成整改0个，未开始2个。"},
		{"as of a day before the feedback counts every problem listed", inspection(
			problem(entry(rectify.StatusCompleted, "", "2023-10-01")),
			problem(),
		), d("2023-06-30"), "截至6月30日，巡察反馈的2个具体问题，已完成整改0个，未开始2个。"},
		{"status changed after the as-of day", inspection(
			problem(entry(rectify.StatusInProgress, "", "2023-08-01"), entry(rectify.StatusCompleted, "", "2023-12-01")),
		), d("2023-11-01"), "截至11月1日，巡察反馈的1个具体问题，已完成整改0个，整改中1个。"},
		{"as of a day in another year than the notice", func() *rectify.Inspection {
			in := inspection(problem(entry(rectify.StatusCompleted, "", "2023-12-29")))
			in.NoticeDate = d("2024-01-05")
			return in
		}(), rectify.Date{}, "截至2023年12月29日，巡察反馈的1个具体问题，已完成整改1个。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderString(t, tt.in, RenderOptions{AsOf: tt.asOf})
			if !strings.Contains(got, "\n"+tt.want+"\n") {
				t.Errorf("summary line: want %q in\n%s", tt.want, got)
			}
		})
	}
}

func TestRenderStatusAsOf(t *testing.T) {
	in := waterBureau()
	got := renderString(t, in, RenderOptions{AsOf: rectify.MustDate("2024-08-01")})
	if n := strings.Count(got, "整改结果：未开始"); n != 6 {
		t.Errorf("as of a day before any status, want all 6 problems 未开始, got %d", n)
	}
	if !strings.HasSuffix(got, "\n2024年8月1日\n") {
		t.Errorf("a notice rendered as of a given day is dated that day; ends with %q", got[len(got)-30:])
	}
}

func TestRenderMeasures(t *testing.T) {
	many := make([]string, 22)
	for i := range many {
		many[i] = "措施"
	}
	tests := []struct {
		name string
		ms   []*rectify.Measure
		want string
	}{
		{"numbered", fixtureMeasures("建立台账", "按月通报；"), "①建立台账；②按月通报。"},
		{"single measure without a number", fixtureMeasures("召开专题会议研究整改。"), "召开专题会议研究整改。"},
		{"a text ending with a closing quote gets its full stop", fixtureMeasures("开展“以案促改”"), "开展“以案促改”。"},
		{"single grouped measure keeps its number", fixtureGroup("台账不全", 1, "补齐台账"), "关于台账不全的问题：①补齐台账。"},
		{"groups", append(fixtureGroup("台账不全", 1, "补齐台账", "专人管理"), fixtureGroup("关于制度缺失的问题", 3, "制定制度")...),
			"关于台账不全的问题：①补齐台账；②专人管理。关于制度缺失的问题：①制定制度。"},
		{"more than twenty", fixtureMeasures(many...), "①措施；②措施；③措施；④措施；⑤措施；⑥措施；⑦措施；⑧措施；⑨措施；⑩措施；⑪措施；⑫措施；⑬措施；⑭措施；⑮措施；⑯措施；⑰措施；⑱措施；⑲措施；⑳措施；(21)措施；(22)措施。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderMeasures(tt.ms); got != tt.want {
				t.Errorf("measuresText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderOptionalParts(t *testing.T) {
	in := waterBureau()
	in.Work, in.NextSteps, in.Contact, in.Deployer = nil, nil, rectify.Contact{}, ""
	got := renderString(t, in, RenderOptions{})
	for _, absent := range []string{"联系电话", "地址", "电子邮箱", "三、", "根据"} {
		if strings.Contains(got, absent) {
			t.Errorf("the notice writes %q though the record has none", absent)
		}
	}
	if !strings.Contains(got, "\n一、组织整改落实情况\n\n截至10月10日，") {
		t.Error("without work paragraphs the summary line should follow the heading of section 一")
	}
	if !strings.Contains(got, "。\n\n中共青溪县水利局党组\n\n2024年10月15日\n") {
		t.Error("without a contact the issuer and date should follow the last problem")
	}

	in.Contact = rectify.Contact{Email: "jb@example.cn"}
	if got := renderString(t, in, RenderOptions{}); !strings.Contains(got, "反映。电子邮箱：jb@example.cn。\n") || strings.Contains(got, "联系电话") {
		t.Error("with only an email, the contact paragraph should give only the email")
	}
}

func TestRenderOpening(t *testing.T) {
	d := rectify.MustDate
	tests := []struct {
		name string
		in   rectify.Inspection
		want string
	}{
		{"full", rectify.Inspection{Deployer: "市委", Team: "市委第四巡察组", UnitName: "市林业局党组", Kind: rectify.KindSpecial,
			Start: d("2023-03-21"), End: d("2023-06-07"), Feedback: d("2023-07-03")},
			"根据市委统一部署，市委第四巡察组于2023年3月21日至6月7日对市林业局党组开展了专项巡察，并于2023年7月3日反馈了巡察意见。现将整改进展情况通报如下。"},
		{"period across years", rectify.Inspection{Team: "县委第一巡察组", UnitName: "县医院党委", Kind: rectify.KindFollowUp,
			Start: d("2023-11-20"), End: d("2024-01-10")},
			"县委第一巡察组于2023年11月20日至2024年1月10日对县医院党委开展了巡察“回头看”。现将整改进展情况通报如下。"},
		{"few facts", rectify.Inspection{Team: "区委巡察组"},
			"区委巡察组开展了巡察。现将整改进展情况通报如下。"},
		{"no team: the subject is left out", rectify.Inspection{Deployer: "县委", UnitName: "县统计局党组", Start: d("2024-04-08"), End: d("2024-05-31")},
			"根据县委统一部署，2024年4月8日至5月31日，对县统计局党组开展了巡察。现将整改进展情况通报如下。"},
		{"only the start day", rectify.Inspection{Team: "县委第二巡察组", UnitName: "县统计局党组", Start: d("2024-04-08")},
			"县委第二巡察组于2024年4月8日起对县统计局党组开展了巡察。现将整改进展情况通报如下。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderOpening(&tt.in); got != tt.want {
				t.Errorf("opening:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

type failingRenderWriter struct{}

func (failingRenderWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderErrors(t *testing.T) {
	if err := Render(&bytes.Buffer{}, nil, RenderOptions{}); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("Render(nil) = %v, want an EINVALID error", err)
	}
	if err := Render(&bytes.Buffer{}, waterBureau(), RenderOptions{Format: "pdf"}); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("Render(pdf) = %v, want an EINVALID error", err)
	}
	if err := Render(failingRenderWriter{}, waterBureau(), RenderOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Render to a failing writer = %v, want the write error", err)
	}
}

func TestRenderParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": FormatText, "text": FormatText, "TXT": FormatText, "md": FormatMarkdown, "markdown": FormatMarkdown} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("docx"); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("ParseFormat(docx) = %v, want an EINVALID error", err)
	}
}
