package notice

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// miniNotice wraps the body of a problems section in a small notice of a
// township, with an opening, the next steps, a contact and a signature.
func miniNotice(problems string) string {
	return `中共青松镇委员会
关于巡察整改进展情况的通报

根据区委统一部署，2024年4月1日至5月20日，区委第一巡察组对青松镇党委开展了专项巡察。2024年6月12日，区委第一巡察组向镇党委反馈了巡察意见。

一、问题整改情况
` + strings.TrimSpace(problems) + `

二、下一步工作安排
镇党委将对照问题清单逐项销号，确保整改不留死角。
联系电话：0730-1234567

中共青松镇委员会
2024年9月1日
`
}

// brief writes the findings and problems of d compactly: a finding as
// "F<number><+ if numbered>:title", a problem as
// "P<number>:title|description|status/class", a measure as "m:text" or
// "m[group]:text".
func brief(d *Document) string {
	var b strings.Builder
	for _, f := range d.Findings {
		mark := "-"
		if f.Numbered {
			mark = "+"
		}
		fmt.Fprintf(&b, "F%d%s:%s\n", f.Number, mark, f.Title)
		for _, p := range f.Problems {
			status := string(p.Status)
			if p.StatusClass != "" {
				status += "/" + p.StatusClass
			}
			fmt.Fprintf(&b, "P%d:%s|%s|%s\n", p.Number, p.Title, p.Description, status)
			for _, m := range p.Measures {
				if m.Group != "" {
					fmt.Fprintf(&b, "m[%s]:%s\n", m.Group, m.Text)
				} else {
					fmt.Fprintf(&b, "m:%s\n", m.Text)
				}
			}
		}
	}
	return b.String()
}

func codesOf(ws []Warning) string {
	var cs []string
	for _, w := range ws {
		cs = append(cs, fmt.Sprintf("%d:%s", w.Line, w.Code))
	}
	return strings.Join(cs, " ")
}

func dedent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestParseStructures(t *testing.T) {
	cases := []struct {
		name     string
		problems string
		want     string // brief(d)
		warnings string // codes of d.Warnings, "line:code" (lines count from the notice's first line; the section starts at 6)
	}{
		{
			name: "full-width point and ASCII point, circled measures",
			problems: `
				（一）反馈问题：村级财务管理不规范。
				1．报账凭证不全。部分村报账缺少经手人签字。
				整改结果：完成
				整改情况：①补齐签字手续；②开展村会计培训。
				2.公款存放不合规。
				整改结果：长期整改I类
				整改情况：①清理个人账户代管资金。`,
			want: `
				F1+:村级财务管理不规范
				P1:报账凭证不全|部分村报账缺少经手人签字。|completed
				m:补齐签字手续
				m:开展村会计培训
				P2:公款存放不合规||long_term/I
				m:清理个人账户代管资金`,
		},
		{
			name: "enumeration comma and parenthesised numbers, measures on their own lines",
			problems: `
				（一）反馈问题：基层党建薄弱。
				1、支部活动不经常。一年仅开展两次主题党日。
				整改结果：已完成整改
				整改情况：
				（1）制定年度主题党日计划；
				（2）每季度通报各支部活动情况。
				2、发展党员程序不规范。
				整改结果：基本完成
				整改情况：
				1.重新审核近三年发展党员档案；
				2.对程序缺失的补齐材料。`,
			want: `
				F1+:基层党建薄弱
				P1:支部活动不经常|一年仅开展两次主题党日。|completed
				m:制定年度主题党日计划
				m:每季度通报各支部活动情况
				P2:发展党员程序不规范||mostly_completed
				m:重新审核近三年发展党员档案
				m:对程序缺失的补齐材料`,
		},
		{
			name: "problems numbered in parentheses, findings as 一、 inside the section",
			problems: `
				一、反馈问题：惠民资金监管不严。
				（1）低保动态管理不及时。
				整改结果：正在整改
				整改情况：①开展低保对象入户复核；②建立季度退出机制。
				（2）危房改造验收把关不严。
				整改结果：持续整改
				整改情况：①对已验收项目逐户回访。`,
			want: `
				F1+:惠民资金监管不严
				P1:低保动态管理不及时||in_progress
				m:开展低保对象入户复核
				m:建立季度退出机制
				P2:危房改造验收把关不严||in_progress
				m:对已验收项目逐户回访`,
		},
		{
			name: "ASCII parentheses for findings and problems",
			problems: `
				(一)反馈问题:作风建设有差距.
				(1)会议多文件多.基层反映填报材料多.
				整改结果:完成
				整改情况:(1)精简会议;(2)合并同类报表.`,
			want: `
				F1+:作风建设有差距
				P1:会议多文件多|基层反映填报材料多.|completed
				m:精简会议
				m:合并同类报表`,
		},
		{
			name: "finding without number and problem without number are kept and warned",
			problems: `
				（一）反馈问题：集体资产管理混乱。
				1．资产台账不全。
				整改结果：完成
				整改情况：①重新清查登记资产。
				反馈问题：安全生产责任落实不够。
				消防通道被占用。个别集市消防通道堆放杂物。
				整改结果：完成
				整改情况：①清理占道杂物；②设置警示标识。
				3．应急演练次数不足。
				整改结果：未完成
				整改情况：①制定演练计划。`,
			want: `
				F1+:集体资产管理混乱
				P1:资产台账不全||completed
				m:重新清查登记资产
				F2-:安全生产责任落实不够
				P0:消防通道被占用|个别集市消防通道堆放杂物。|completed
				m:清理占道杂物
				m:设置警示标识
				P3:应急演练次数不足||not_completed
				m:制定演练计划`,
			warnings: "11:missing-number 12:missing-number",
		},
		{
			name: "一是二是 in the description stays there, in the measures it numbers them",
			problems: `
				（一）反馈问题：项目管理有漏洞。
				1．项目建设管理粗放。一是招标文件编制不严谨；二是变更签证随意。
				整改结果：完成
				整改情况：一是修订招标文件审核流程；二是变更签证实行集体研究；三是对在建项目开展专项检查。`,
			want: `
				F1+:项目管理有漏洞
				P1:项目建设管理粗放|一是招标文件编制不严谨；二是变更签证随意。|completed
				m:修订招标文件审核流程
				m:变更签证实行集体研究
				m:对在建项目开展专项检查`,
		},
		{
			name: "grouped measures across lines",
			problems: `
				（一）反馈问题：耕地保护不力。
				1．违法占地问题突出。一是违建厂房；二是乱堆乱放。
				整改结果：长期整改（Ⅱ类）
				整改情况：关于违建厂房的问题：
				①拆除违建厂房两处；
				②对责任人进行约谈。
				关于乱堆乱放的问题：①清运堆放物；②恢复耕作层。`,
			want: `
				F1+:耕地保护不力
				P1:违法占地问题突出|一是违建厂房；二是乱堆乱放。|long_term/II
				m[关于违建厂房的问题]:拆除违建厂房两处
				m[关于违建厂房的问题]:对责任人进行约谈
				m[关于乱堆乱放的问题]:清运堆放物
				m[关于乱堆乱放的问题]:恢复耕作层`,
		},
		{
			name: "an unnumbered measures paragraph continued on the next lines is one measure",
			problems: `
				（一）反馈问题：信访工作不扎实。
				1．信访件办理超期。
				整改结果：完成
				整改情况：镇党委对超期信访件逐件复盘，
				明确每件信访件的包案领导，
				并于每月底前通报办理进度。`,
			want: `
				F1+:信访工作不扎实
				P1:信访件办理超期||completed
				m:镇党委对超期信访件逐件复盘，明确每件信访件的包案领导，并于每月底前通报办理进度`,
		},
		{
			name: "a numbered measure continued on a later paragraph",
			problems: `
				（一）反馈问题：资金拨付迟缓。
				1．专项资金滞留。
				整改结果：完成
				整改情况：①已拨付滞留资金；
				②建立资金拨付台账。
				台账每周更新一次，由财政所长审核。`,
			want: `
				F1+:资金拨付迟缓
				P1:专项资金滞留||completed
				m:已拨付滞留资金
				m:建立资金拨付台账。台账每周更新一次，由财政所长审核`,
		},
		{
			name: "result and measures on the heading's line",
			problems: `
				（一）反馈问题：学习制度落实不严。
				1．理论学习缺乏计划。整改结果：完成。整改情况：①制定年度学习计划；②建立学习考勤。
				2．学习笔记流于形式。
				整改结果：已完成。整改情况：①每季度检查学习笔记。`,
			want: `
				F1+:学习制度落实不严
				P1:理论学习缺乏计划||completed
				m:制定年度学习计划
				m:建立学习考勤
				P2:学习笔记流于形式||completed
				m:每季度检查学习笔记`,
		},
		{
			name: "bracketed labels",
			problems: `
				（一）反馈问题：公务接待不规范。
				1．接待清单不完整。
				【整改结果】完成
				【整改情况】①补齐接待清单；②实行接待审批单制度。`,
			want: `
				F1+:公务接待不规范
				P1:接待清单不完整||completed
				m:补齐接待清单
				m:实行接待审批单制度`,
		},
		{
			name: "problem numbers restart in each finding",
			problems: `
				（一）反馈问题：制度执行不严。
				1．请销假制度落实不到位。
				整改结果：完成
				整改情况：①启用请假审批单。
				（二）反馈问题：财务管理不规范。
				1．白条入账。
				整改结果：完成
				整改情况：①清理白条并规范入账。`,
			want: `
				F1+:制度执行不严
				P1:请销假制度落实不到位||completed
				m:启用请假审批单
				F2+:财务管理不规范
				P1:白条入账||completed
				m:清理白条并规范入账`,
		},
		{
			name: "text between a finding and its first problem is kept in the problem's description",
			problems: `
				（一）反馈问题：服务群众意识不强。
				群众反映办事多头跑。
				1．便民服务中心窗口设置不合理。
				整改结果：完成
				整改情况：①合并设置综合窗口。`,
			want: `
				F1+:服务群众意识不强
				P1:便民服务中心窗口设置不合理|群众反映办事多头跑。|completed
				m:合并设置综合窗口`,
			warnings: "8:unplaced-text",
		},
		{
			name: "problem without a result, without measures, unknown status",
			problems: `
				（一）反馈问题：监督执纪偏软。
				1．问题线索处置迟缓。
				整改情况：①建立线索处置台账。
				2．问责力度不够。
				整改结果：完成
				3．谈话提醒流于形式。
				整改结果：已移交区纪委
				整改情况：①规范谈话记录。`,
			want: `
				F1+:监督执纪偏软
				P1:问题线索处置迟缓||
				m:建立线索处置台账
				P2:问责力度不够||completed
				P3:谈话提醒流于形式||
				m:规范谈话记录`,
			warnings: "8:no-result 10:no-measures 13:unknown-status",
		},
		{
			name: "problems before any finding heading",
			problems: `
				1．村务公开不及时。
				整改结果：完成
				整改情况：①每月5日前更新公开栏。`,
			want: `
				F1-:
				P1:村务公开不及时||completed
				m:每月5日前更新公开栏`,
			warnings: "7:no-finding",
		},
		{
			name: "finding headings without the 反馈问题 label",
			problems: `
				（一）环境整治不彻底
				1．河道垃圾清理不及时。
				整改结果：完成
				整改情况：①实行河道保洁包干。
				（二）矛盾纠纷化解不力
				2．积案化解进度慢。
				整改结果：长期整改I
				整改情况：①逐案明确化解责任人。`,
			want: `
				F1+:环境整治不彻底
				P1:河道垃圾清理不及时||completed
				m:实行河道保洁包干
				F2+:矛盾纠纷化解不力
				P2:积案化解进度慢||long_term/I
				m:逐案明确化解责任人`,
		},
		{
			name: "a title that asks a question keeps its mark",
			problems: `
				（一）反馈问题：为民办事不实。
				1．承诺事项为何久拖不办？群众多次反映未果。
				整改结果：完成
				整改情况：①逐项梳理承诺事项。`,
			want: `
				F1+:为民办事不实
				P1:承诺事项为何久拖不办？|群众多次反映未果。|completed
				m:逐项梳理承诺事项`,
		},
		{
			name: "status after the measures",
			problems: `
				（一）反馈问题：档案管理混乱。
				1．人事档案缺失材料。
				整改情况：①补齐缺失材料；②专人管理档案室。
				整改结果：完成
				2．文书档案未归档。
				整改情况：①完成近三年文书归档。
				整改结果：完成`,
			want: `
				F1+:档案管理混乱
				P1:人事档案缺失材料||completed
				m:补齐缺失材料
				m:专人管理档案室
				P2:文书档案未归档||completed
				m:完成近三年文书归档`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(miniNotice(dedent(tc.problems))))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got, want := brief(d), dedent(tc.want); got != want {
				t.Errorf("structure:\n%s\nwant:\n%s", got, want)
			}
			if got := codesOf(d.Warnings); got != tc.warnings {
				t.Errorf("warnings = %q, want %q\n%v", got, tc.warnings, d.Warnings)
			}
		})
	}
}

// TestParseFindingsNumberedLikeSections reads findings numbered 一、二、三、
// inside the second section: the third finding is no third section.
func TestParseFindingsNumberedLikeSections(t *testing.T) {
	text := strings.Replace(miniNotice(`一、落实上级决策部署不到位
1．防汛预案未更新。
整改结果：完成
整改情况：①修订防汛预案。
二、财务管理不规范
2．往来款长期挂账。
整改结果：完成
整改情况：①清理往来款。
三、干部管理不严格
3．借调人员管理混乱。
整改结果：完成
整改情况：①清退借调人员。`), "一、问题整改情况", "一、组织整改情况\n镇党委召开专题会议部署整改。\n二、问题整改情况", 1)
	text = strings.Replace(text, "二、下一步工作安排", "三、下一步工作安排", 1)
	d := parseOK(t, []byte(text))
	want := dedent(`
		F1+:落实上级决策部署不到位
		P1:防汛预案未更新||completed
		m:修订防汛预案
		F2+:财务管理不规范
		P2:往来款长期挂账||completed
		m:清理往来款
		F3+:干部管理不严格
		P3:借调人员管理混乱||completed
		m:清退借调人员`)
	if got := brief(d); got != want {
		t.Errorf("structure:\n%s", got)
	}
	if len(d.Work) != 1 || len(d.NextSteps) != 1 {
		t.Errorf("work %q, next steps %q", d.Work, d.NextSteps)
	}
}

// TestParseDateUnderTitle reads the notice's date from under its title
// when it has no signature date.
func TestParseDateUnderTitle(t *testing.T) {
	text := miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")
	text = strings.Replace(text, "\n中共青松镇委员会\n2024年9月1日\n", "\n", 1)
	text = strings.Replace(text, "关于巡察整改进展情况的通报\n", "关于巡察整改进展情况的通报\n（2024年9月2日）\n", 1)
	d := parseOK(t, []byte(text))
	if d.Date.String() != "2024-09-02" || d.Issuer != "中共青松镇委员会" || !strings.HasPrefix(d.Opening, "根据") {
		t.Errorf("date %s, issuer %q, opening %q", d.Date, d.Issuer, d.Opening)
	}
}

func TestParseStatusVariants(t *testing.T) {
	cases := []struct {
		text   string
		status rectify.Status
		class  string
	}{
		{"完成", rectify.StatusCompleted, ""},
		{"已完成", rectify.StatusCompleted, ""},
		{"已完成整改", rectify.StatusCompleted, ""},
		{"已完成整改。", rectify.StatusCompleted, ""},
		{"基本完成", rectify.StatusMostlyCompleted, ""},
		{"持续整改", rectify.StatusInProgress, ""},
		{"正在整改", rectify.StatusInProgress, ""},
		{"整改中", rectify.StatusInProgress, ""},
		{"长期整改", rectify.StatusLongTerm, ""},
		{"长期整改I", rectify.StatusLongTerm, "I"},
		{"长期整改Ｉ类", rectify.StatusLongTerm, "I"},
		{"长期整改（I类）", rectify.StatusLongTerm, "I"},
		{"长期整改(Ⅱ类)", rectify.StatusLongTerm, "II"},
		{"长期整改，I类", rectify.StatusLongTerm, "I"},
		{"未完成", rectify.StatusNotCompleted, ""},
		{"未开始", rectify.StatusNotStarted, ""},
		{"待销号", rectify.StatusSubmitted, ""},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			body := "（一）反馈问题：测试。\n1．一个问题。\n整改结果：" + tc.text + "\n整改情况：①一项措施。"
			d, err := Parse([]byte(miniNotice(body)))
			if err != nil {
				t.Fatal(err)
			}
			p := d.Findings[0].Problems[0]
			if p.Status != tc.status || p.StatusClass != tc.class {
				t.Errorf("status = %s/%s, want %s/%s", p.Status, p.StatusClass, tc.status, tc.class)
			}
			if p.StatusText != strings.TrimSuffix(normLine(tc.text), "。") {
				t.Errorf("status text = %q", p.StatusText)
			}
		})
	}
}

func TestParseSummaryVariants(t *testing.T) {
	n := func(v int) *int { return &v }
	cases := []struct {
		name string
		line string
		want Summary
	}{
		{"seed form with ASCII comma", "截至8月31日，巡察反馈的12个具体问题，已完成整改9个,长期整改I类3个。",
			Summary{AsOf: rectify.MustDate("2024-08-31"), Total: 12, Completed: 9, LongTerm: 3, LongTermClass: "I"}},
		{"with year and mostly completed", "截至2024年8月31日，巡察反馈的10个问题中，已完成整改6个，基本完成3个，正在整改1个。",
			Summary{AsOf: rectify.MustDate("2024-08-31"), Total: 10, Completed: 6, MostlyCompleted: n(3), InProgress: n(1)}},
		{"共 and not completed", "截止目前，共反馈问题8个，已整改完成5个，未完成3个。",
			Summary{Total: 8, Completed: 5, NotCompleted: n(3)}},
		{"count before status", "截至8月底，反馈的6个问题，4个已完成整改，2个持续整改。",
			Summary{AsOf: rectify.MustDate("2024-08-31"), Total: 6, Completed: 4, InProgress: n(2)}},
		{"Chinese numerals", "截至八月三十日，巡察反馈的十二个具体问题，已完成整改十个，长期整改两个。",
			Summary{AsOf: rectify.MustDate("2024-08-30"), Total: 12, Completed: 10, LongTerm: 2}},
		{"full-width digits and commas", "截至８月３１日，巡察反馈的７个具体问题，已完成整改７个。",
			Summary{AsOf: rectify.MustDate("2024-08-31"), Total: 7, Completed: 7}},
		{"counts followed by 问题", "截至8月31日，巡察反馈的10个具体问题已完成整改8个问题，基本完成2个问题。",
			Summary{AsOf: rectify.MustDate("2024-08-31"), Total: 10, Completed: 8, MostlyCompleted: n(2)}},
		{"问题共", "巡察反馈问题共9项，目前已完成整改7项，长期整改Ⅱ类2项。",
			Summary{Total: 9, Completed: 7, LongTerm: 2, LongTermClass: "II"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。"),
				"一、问题整改情况", "一、问题整改情况\n"+tc.line, 1)
			d, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			tc.want.Line = 7
			if got, want := summaryString(d.Summary), summaryString(tc.want); got != want {
				t.Errorf("summary = %s, want %s", got, want)
			}
		})
	}
}

func summaryString(s Summary) string {
	return fmt.Sprintf("as_of=%s total=%d completed=%d long=%d/%s mostly=%s progress=%s not=%s notstarted=%s line=%d",
		s.AsOf, s.Total, s.Completed, s.LongTerm, s.LongTermClass, ptr(s.MostlyCompleted), ptr(s.InProgress),
		ptr(s.NotCompleted), ptr(s.NotStarted), s.Line)
}

// TestParseSummaryInsideAParagraph keeps a work paragraph that also
// holds the summary sentence.
func TestParseSummaryInsideAParagraph(t *testing.T) {
	text := strings.Replace(miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。"),
		"一、问题整改情况", "一、组织整改情况\n镇党委逐条制定措施并按月调度。截至8月31日，巡察反馈的1个具体问题，已完成整改1个。\n二、问题整改情况", 1)
	text = strings.Replace(text, "二、下一步工作安排", "三、下一步工作安排", 1)
	d := parseOK(t, []byte(text))
	if d.Summary.Total != 1 || d.Summary.Line != 7 {
		t.Errorf("summary = %+v", d.Summary)
	}
	if len(d.Work) != 1 || !strings.HasPrefix(d.Work[0], "镇党委逐条") {
		t.Errorf("work = %q", d.Work)
	}
}

func TestParseSummaryYear(t *testing.T) {
	cases := []struct {
		name, notice, line, want string
	}{
		{"year of the notice", "2024年9月1日", "截至8月31日", "2024-08-31"},
		{"figures of the year before a January notice", "2025年1月6日", "截至12月31日", "2024-12-31"},
		{"a month without a day is its last day", "2024年9月1日", "截至8月", "2024-08-31"},
		{"a written year is kept", "2024年9月1日", "截至2024年8月20日", "2024-08-20"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")
			text = strings.Replace(text, "2024年9月1日", tc.notice, 1)
			text = strings.Replace(text, "一、问题整改情况", "一、问题整改情况\n"+tc.line+"，巡察反馈的1个具体问题，已完成整改1个。", 1)
			d, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Summary.AsOf.String(); got != tc.want {
				t.Errorf("as of = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseOpening(t *testing.T) {
	cases := []struct {
		name    string
		opening string
		want    InspectionInfo
	}{
		{"period and feedback in one sentence",
			"根据市委统一部署，市委第五巡察组于2023年10月9日至12月1日对市档案馆党支部开展了常规巡察，并于2024年1月10日反馈了巡察意见。",
			InspectionInfo{Team: "市委第五巡察组", Kind: rectify.KindRegular, Start: rectify.MustDate("2023-10-09"),
				End: rectify.MustDate("2023-12-01"), Feedback: rectify.MustDate("2024-01-10"), Deployer: "市委", UnitName: "市档案馆党支部"}},
		{"period across the new year without a second year",
			"根据县委巡察工作领导小组统一部署，2023年11月20日至1月15日，县委第二巡察组对县医保局党组进行了巡察“回头看”。2月1日，县委第二巡察组向县医保局党组反馈了意见。",
			InspectionInfo{Team: "县委第二巡察组", Kind: rectify.KindFollowUp, Start: rectify.MustDate("2023-11-20"),
				End: rectify.MustDate("2024-01-15"), Feedback: rectify.MustDate("2024-02-01"), Deployer: "县委巡察工作领导小组", UnitName: "县医保局党组"}},
		{"only the start day, feedback in the same sentence",
			"根据市委统一部署，市委第三巡察组于2024年4月8日对市气象局党组开展了常规巡察，并于2024年6月20日反馈了巡察意见。",
			InspectionInfo{Team: "市委第三巡察组", Kind: rectify.KindRegular, Start: rectify.MustDate("2024-04-08"),
				Feedback: rectify.MustDate("2024-06-20"), Deployer: "市委", UnitName: "市气象局党组"}},
		{"a hard-wrapped opening",
			"根据市委统一部署，2024年3月4日至4月26日，市委第六巡察组对\n市供销合作社党组进行了专项巡察。2024年5月20日反馈了巡察意见。",
			InspectionInfo{Team: "市委第六巡察组", Kind: rectify.KindSpecial, Start: rectify.MustDate("2024-03-04"),
				End: rectify.MustDate("2024-04-26"), Feedback: rectify.MustDate("2024-05-20"), Deployer: "市委", UnitName: "市供销合作社党组"}},
		{"Chinese dash between the dates, ad hoc inspection",
			"根据区委统一部署，区委第一巡察组于2024年5月6日—6月28日对区城管局党组开展了机动巡察。2024年7月15日反馈巡察意见。",
			InspectionInfo{Team: "区委第一巡察组", Kind: rectify.KindAdHoc, Start: rectify.MustDate("2024-05-06"),
				End: rectify.MustDate("2024-06-28"), Feedback: rectify.MustDate("2024-07-15"), Deployer: "区委", UnitName: "区城管局党组"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")
			text = strings.Replace(text, "根据区委统一部署，2024年4月1日至5月20日，区委第一巡察组对青松镇党委开展了专项巡察。2024年6月12日，区委第一巡察组向镇党委反馈了巡察意见。", tc.opening, 1)
			d, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if tc.want.Source == "" {
				tc.want.Source = rectify.SourceXuncha // every opening here speaks of a 巡察
			}
			if d.Inspection != tc.want {
				t.Errorf("inspection = %+v\nwant %+v", d.Inspection, tc.want)
			}
		})
	}
}

func TestParseContact(t *testing.T) {
	cases := []struct {
		name, line string
		want       rectify.Contact
	}{
		{"three channels in a sentence", "欢迎监督。联系电话：0731-1234567；地址：某县人民路1号；电子邮箱：jw@example.cn。",
			rectify.Contact{Phone: "0731-1234567", Address: "某县人民路1号", Email: "jw@example.cn"}},
		{"report phone, letter address, mailbox with ASCII colons", "举报电话:12388，来信地址:某县纪委信访室，信箱:xf@example.cn",
			rectify.Contact{Phone: "12388", Address: "某县纪委信访室", Email: "xf@example.cn"}},
		{"one channel after an invitation", "如有意见建议，请通过以下方式反映。邮箱：yj@example.cn",
			rectify.Contact{Email: "yj@example.cn"}},
		{"a postal mailbox beside the address", "联系电话：0731-1234567；地址：某县人民路1号；邮政信箱：某县邮政101号信箱；电子邮箱：jw@example.cn。",
			rectify.Contact{Phone: "0731-1234567", Address: "某县人民路1号", Mailbox: "某县邮政101号信箱", Email: "jw@example.cn"}},
		{"a street address under the mailbox's label", "联系电话：0731-1234567；邮政信箱：某县林业路8号。",
			rectify.Contact{Phone: "0731-1234567", Address: "某县林业路8号"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")
			text = strings.Replace(text, "联系电话：0730-1234567", tc.line, 1)
			d, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if d.Contact != tc.want {
				t.Errorf("contact = %+v, want %+v", d.Contact, tc.want)
			}
			if len(d.NextSteps) != 1 {
				t.Errorf("next steps = %q", d.NextSteps)
			}
		})
	}
}

// TestParseMarkdown reads a notice written with Markdown markup as the
// renderer writes it, and expects the plain notice's structure.
func TestParseMarkdown(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join("testdata", "notice_clean.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	for _, l := range strings.Split(string(plain), "\n") {
		st, _, _ := splitNumber(l)
		switch {
		case strings.HasPrefix(l, "关于"):
			md.WriteString("# " + l + "\n")
		case st == styleSection:
			md.WriteString("## " + l + "\n")
		case strings.Contains(l, "反馈问题："):
			md.WriteString("### " + l + "\n")
		case st == styleArabic:
			md.WriteString("**" + strings.Replace(l, "．", "\\.", 1) + "**\n")
		case strings.HasPrefix(l, "整改结果："):
			md.WriteString("- **整改结果**：" + strings.TrimPrefix(l, "整改结果：") + "\n")
		case strings.HasPrefix(l, "整改情况："):
			md.WriteString("> 整改情况：" + strings.TrimPrefix(l, "整改情况：") + "  \n")
		default:
			md.WriteString(l + "\n")
		}
	}
	want := outline(parseOK(t, plain))
	got := outline(parseOK(t, []byte(md.String())))
	diffOutlines(t, "markdown", got, want)
}

func TestParseEncodings(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join("testdata", "notice_clean.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := outline(parseOK(t, plain))
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	fullWidth := strings.NewReplacer("1", "１", "2", "２", "3", "３", "：", ":", "（", "(", "）", ")").Replace(string(plain))
	cases := []struct {
		name string
		data []byte
	}{
		{"GBK", gbk},
		{"GBK with CRLF", []byte(strings.ReplaceAll(string(gbk), "\n", "\r\n"))},
		{"GBK web page without a charset", []byte("<html><body><div>" + strings.ReplaceAll(string(gbk), "\n", "<br>") + "</div></body></html>")},
		{"one stray byte in UTF-8", append(append([]byte{}, plain...), 0xFF)},
		{"UTF-8 page that still declares gb2312", []byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><div id="content">` +
			strings.ReplaceAll(string(plain), "\n", "<br>\n") + `</div></body></html>`)},
		{"full-width digits, ASCII colons and parentheses", []byte(fullWidth)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := parseOK(t, tc.data)
			got := outline(d)
			if tc.name == "one stray byte in UTF-8" {
				got = strings.Replace(got, "warning|encoding\n", "", 1)
			}
			if tc.name == "full-width digits, ASCII colons and parentheses" {
				// The text keeps the colons and parentheses it was written with.
				if len(d.Findings) != 2 || countProblems(d) != 5 || d.Summary.Completed != 4 || d.Contact.Phone != "0731-8660123" {
					t.Errorf("structure:\n%s", got)
				}
				return
			}
			diffOutlines(t, tc.name, got, want)
		})
	}
}

func TestParseDocxDetails(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join("testdata", "notice_clean.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(plain), "\n"), "\n")
	var body strings.Builder
	for _, l := range lines {
		body.WriteString(docxParaXML(docxPara{runs: splitRuns(l)}))
		if strings.HasPrefix(l, "2．") {
			// A text box whose fallback repeats it, deleted text and a field code.
			body.WriteString(`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>` +
				`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>不应出现的文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`)
		}
	}
	doc := strings.Replace(body.String(), "<w:t xml:space=\"preserve\">整改结果：</w:t>",
		`<w:del w:id="9" w:author="x"><w:r><w:delText>删掉的字</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:t xml:space="preserve">整改结果：</w:t>`, 1)
	data := zipParts(t, docxParts(doc, false))
	d := parseOK(t, data)
	got := outline(d)
	if strings.Contains(got, "不应出现") || strings.Contains(got, "删掉") || strings.Contains(got, "PAGE") {
		t.Errorf("hidden text leaked:\n%s", got)
	}
	diffOutlines(t, "docx", got, outline(parseOK(t, plain)))
}

func TestParseErrors(t *testing.T) {
	truncated := buildDocx(t, docxParagraphsOf(strings.Split(miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。"), "\n")))
	cases := []struct {
		name string
		data []byte
		msg  string // part of the message
	}{
		{"empty", nil, "为空"},
		{"only white space", []byte(" \n\r\n\t　\n"), "为空"},
		{"binary", []byte("\x00\x01\x02\x03binary\x00\xff\xfe"), "不是文本"},
		{"control characters", []byte(strings.Repeat("\x01\x02\x03abc", 50)), "不是文本"},
		{"truncated zip", truncated[:len(truncated)/2], "已损坏"},
		{"zip without a document", zipParts(t, map[string]string{"readme.txt": "你好"}), "不是 Word 文档"},
		{"spreadsheet", zipParts(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), "Excel"},
		{"docx with broken XML", zipParts(t, map[string]string{"word/document.xml": "<w:document>\n<w:body><w:p"}), "不是有效的 XML（document.xml 第2行格式错误）"},
		{"page nested too deep", []byte("<html><body>" + strings.Repeat("<div>", 600) + "1．甲。<br>整改结果：完成"), "嵌套过深"},
		{"legacy Word", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), ".doc"},
		{"PDF", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), "PDF"},
		{"web page without an article", []byte(`<html><head><title>首页</title><script>var a=1;</script></head><body><nav><a href="/">首页</a></nav></body></html>`), "没有找到正文"},
		{"web page that is no notice", []byte(`<html><body><div class="content"><p>今天天气很好。</p><p>我们去公园散步。</p></div></body></html>`), "没有找到任何具体问题"},
		{"text that is no notice", []byte("会议纪要\n\n一、会议听取了工作汇报。\n二、会议研究了下一步安排。\n"), "没有找到任何具体问题"},
		{"a title alone", []byte("关于巡察整改进展情况的通报\n"), "没有找到任何具体问题"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.data)
			if err == nil {
				t.Fatalf("no error; parsed %d findings", len(d.Findings))
			}
			var re *rectify.Error
			if !errors.As(err, &re) || re.Code != rectify.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			if !strings.Contains(re.Message, tc.msg) {
				t.Errorf("message %q does not say %q", re.Message, tc.msg)
			}
		})
	}
}

func TestParseReaderTooLarge(t *testing.T) {
	_, err := ParseReader(strings.NewReader(strings.Repeat("a", MaxInputSize+1)))
	if rectify.ErrorCode(err) != rectify.ETOOLARGE {
		t.Errorf("error = %v, want ETOOLARGE", err)
	}
	d, err := ParseReader(strings.NewReader(miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")))
	if err != nil || countProblems(d) != 1 {
		t.Errorf("ParseReader = %v, %v", d, err)
	}
}

// TestParseDamagedDocx keeps what could be read of a document whose XML
// breaks off, and says so.
func TestParseDamagedDocx(t *testing.T) {
	text := miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施。")
	var body strings.Builder
	for _, l := range strings.Split(text, "\n") {
		body.WriteString(docxParaXML(docxPara{runs: []string{l}}))
	}
	parts := docxParts(body.String(), false)
	doc := parts["word/document.xml"]
	parts["word/document.xml"] = doc[:strings.Index(doc, "二、下一步")] // cut inside a paragraph
	d := parseOK(t, zipParts(t, parts))
	if countProblems(d) != 1 {
		t.Errorf("problems = %d", countProblems(d))
	}
	if !strings.Contains(codesOf(d.Warnings), "damaged-input") {
		t.Errorf("warnings = %v", d.Warnings)
	}
}

// TestParseLargeInputs feeds inputs that used to take quadratic time or
// memory (long lines of markers, thousands of identical problems, deep
// pages); they must parse, and lint, without trouble.
func TestParseLargeInputs(t *testing.T) {
	head := "（一）反馈问题：甲。\n1．乙。\n整改结果：完成\n整改情况："
	cases := map[string]string{
		"many circled measures on one line": head + strings.Repeat("①甲；", 5000),
		"many group headings on one line":   head + strings.Repeat("关于甲的问题：", 5000),
		"many continuation lines":           head + strings.Repeat("甲\n", 5000),
		"many identical problems":           strings.Repeat("1．甲。\n整改结果：完成\n", 5000),
		"many numbered findings":            strings.Repeat("（一）甲\n", 5000) + "1．甲。\n整改结果：完成",
		"many description lines":            head + "\n" + strings.Repeat("2．乙。\n", 5000),
		"a deeply nested page":              "<html><body>" + strings.Repeat("<div>", 400) + "1．甲。<br>整改结果：完成",
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			d, err := Parse([]byte(c))
			if err != nil {
				t.Fatal(err)
			}
			Lint(d)
		})
	}
}

// TestParseProblemFacts reads the leader, unit and deadline some notices
// give under a problem, and a result written at the end of the heading.
func TestParseProblemFacts(t *testing.T) {
	body := `（一）反馈问题：项目推进缓慢。
1．污水管网建设滞后。（已完成整改）
责任领导：王副镇长；责任单位：镇村建办
整改时限：2024年8月底前
整改情况：①倒排工期；②每周调度。
2．垃圾中转站选址未定。
整改结果：持续整改
责任人：李主任
整改时限：12月底
整改情况：①完成选址论证。
3．路灯维护不及时。
整改时限：立行立改
整改结果：完成
整改情况：①更换损坏路灯。`
	d, err := Parse([]byte(miniNotice(body)))
	if err != nil {
		t.Fatal(err)
	}
	type facts struct {
		title, status, leader, unit, dueText, due string
	}
	var got []facts
	for _, p := range d.Findings[0].Problems {
		got = append(got, facts{p.Title, string(p.Status), p.Leader, p.OwnerUnit, p.DueText, p.Due.String()})
	}
	want := []facts{
		{"污水管网建设滞后", "completed", "王副镇长", "镇村建办", "2024年8月底前", "2024-08-31"},
		{"垃圾中转站选址未定", "in_progress", "李主任", "", "12月底", "2024-12-31"},
		{"路灯维护不及时", "completed", "", "", "立行立改", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("problems = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
	for _, p := range d.Findings[0].Problems {
		if len(p.Measures) == 0 || strings.Contains(p.Measures[0].Text, "责任") {
			t.Errorf("problem %d measures = %+v", p.Number, p.Measures)
		}
	}
	if len(d.Warnings) != 0 {
		t.Errorf("warnings = %v", d.Warnings)
	}
}

// TestParseStatusInMeasures reads a county notice that gives each result
// at the start of 整改情况 ("整改情况：已完成整改。…") on the heading's line.
func TestParseStatusInMeasures(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "notice_status_in_text.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d := parseOK(t, b)
	want := `
		F1+:关于学习贯彻党的二十大精神方面
		P1:理论学习不深入||completed
		m:局党组制定年度学习计划，每月开展一次集中学习
		P2:学用结合不紧密||completed
		m:组织干部到林场开展调研，形成调研报告3篇
		F2+:关于落实全面从严治党主体责任方面
		P3:廉政风险防控不到位||in_progress
		m:已完成风险点排查，防控手册正在修订
		P4:公务用车管理不规范||completed
		m:建立派车登记制度，车辆定点加油
		F3+:关于基层党组织建设方面
		P5:支部组织生活不规范||completed
		m:各支部按要求开展组织生活会
		P6:党员发展程序不严||completed
		m:对近三年发展党员档案进行了复查`
	if got := brief(d); got != dedent(want) {
		t.Errorf("structure:\n%s", got)
	}
	if d.Issuer != "中共北岭县林业局党组" || d.Title != "关于县委第三轮巡察整改进展情况的通报" || d.Inspection.Deployer != "县委" {
		t.Errorf("issuer %q, title %q, deployer %q", d.Issuer, d.Title, d.Inspection.Deployer)
	}
	if d.Contact.Address != "北岭县林业路8号" || d.Summary.Total != 6 || ptr(d.Summary.InProgress) != "1" {
		t.Errorf("contact %+v, summary %+v", d.Contact, d.Summary)
	}
	if ws := Lint(d); len(ws) != 0 {
		t.Errorf("lint: %v", ws)
	}
}
