package office

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// trafficAudit is an invented audit of a county transport bureau: two of
// the audit's findings (审计发现问题), one problem done with money
// returned to the treasury, one still being rectified, and what the
// bureau did reported in its words.
func trafficAudit() *rectify.Inspection {
	report := rectify.MustDate("2025-05-12")
	in := &rectify.Inspection{
		ID: 31, Source: rectify.SourceAudit, UnitName: "东川县交通运输局", Team: "县审计局审计组",
		Start: rectify.MustDate("2025-03-03"), End: rectify.MustDate("2025-04-11"), Feedback: report,
		Deployer: "县政府", Issuer: "东川县交通运输局", NoticeDate: rectify.MustDate("2025-09-26"),
		Work: []string{"（一）局主要负责同志牵头抓总，逐项召开审计整改专题会议。",
			"（二）建立审计发现问题整改台账，实行清单化管理、销号式推进。"},
		Contact: rectify.Contact{Phone: "0871-6633001", Address: "东川县迎宾路12号交通运输局三楼", Email: "dcjt_sjzg@example.cn"},
	}
	in.Findings = []*rectify.Finding{
		{ID: 311, Number: 1, Title: "预算管理方面", Problems: []*rectify.Problem{
			{ID: 3101, Number: 1, Title: "超范围列支农村公路养护经费", Description: "2024年在养护经费中列支办公楼维修费用46.8万元。",
				Opened: report, Track: rectify.TrackDeadline, Leader: "赵文斌", OwnerUnit: "财务股", Due: rectify.MustDate("2025-08-31"),
				Status: rectify.StatusCompleted, History: history(rectify.StatusCompleted, "", "2025-08-28"),
				Measures: measures("调整会计账目，将维修费用归垫至原资金渠道", "修订局机关经费支出管理办法"),
				Public: rectify.Public{Reports: []rectify.Report{{ProgressID: 8101, Date: rectify.MustDate("2025-08-28"),
					Text: "已将46.8万元归垫至养护经费，修订局机关经费支出管理办法1项",
					Quantities: []rectify.Quantity{
						{Kind: rectify.QuantityMoney, Meaning: "归垫", Value: 468000, Unit: "元"},
						{Kind: rectify.QuantityRule, Meaning: "修订", Value: 1, Unit: "项"}}}}}},
		}},
		{ID: 312, Number: 2, Title: "专项资金管理方面", Problems: []*rectify.Problem{
			{ID: 3102, Number: 2, Title: "客运站建设补助资金未及时拨付",
				Opened: report, Track: rectify.TrackDeadline, Leader: "孙丽", OwnerUnit: "运输管理股", Due: rectify.MustDate("2025-10-31"),
				Status: rectify.StatusInProgress, History: history(rectify.StatusInProgress, "", "2025-09-20"),
				Measures: measures("会同县财政局核定补助对象", "10月底前拨付到位")},
		}},
	}
	return in
}

// riverCases is an invented list of cases an environmental inspection
// handed to a county (督察交办件), with the responsible units, what was
// done and the results in the words of case handling.
func riverCases() *rectify.Inspection {
	handed := rectify.MustDate("2025-06-20")
	in := &rectify.Inspection{
		ID: 41, Source: rectify.SourceEnvironment, UnitName: "东川县人民政府", Team: "省第三生态环境保护督察组",
		Start: rectify.MustDate("2025-06-05"), End: rectify.MustDate("2025-07-05"), Feedback: handed,
		Issuer: "东川县生态环境保护督察整改工作领导小组办公室", NoticeDate: rectify.MustDate("2025-07-30"),
		Work:    []string{"县委、县政府成立信访件办理专班，对交办件逐件明确责任领导、责任单位和办结时限。"},
		Contact: rectify.Contact{Phone: "0871-6620110", Address: "东川县环城路6号", Email: "dchb_dc@example.cn"},
	}
	in.Findings = []*rectify.Finding{
		{ID: 411, Number: 1, Title: "第一批交办件", Problems: []*rectify.Problem{
			{ID: 4101, Number: 1, Title: "东川河下游养殖场粪污直排", Description: "群众反映城郊村养殖场雨天向河道排放粪污，气味难闻。",
				Opened: handed, Track: rectify.TrackImmediate, Leader: "周海", OwnerUnit: "县生态环境分局、城郊镇人民政府",
				Status: rectify.StatusCompleted, History: history(rectify.StatusCompleted, "", "2025-07-18"),
				Measures: measures("现场核查，责令养殖场停止排放", "督促建设粪污贮存池并配套还田设施"),
				Public: rectify.Public{Reports: []rectify.Report{{ProgressID: 8201, Date: rectify.MustDate("2025-07-18"),
					Text: "经现场核查情况属实，已对养殖场立案处罚，罚款3万元，建成粪污贮存池2座，约谈养殖场负责人1人",
					Quantities: []rectify.Quantity{
						{Kind: rectify.QuantityMoney, Meaning: "罚款", Value: 30000, Unit: "元"},
						{Kind: rectify.QuantityCount, Meaning: "建成粪污贮存池", Value: 2, Unit: "座"},
						{Kind: rectify.QuantityPerson, Meaning: "约谈", Value: 1, Unit: "人"}}}}}},
			{ID: 4102, Number: 2, Title: "建材市场夜间噪声扰民",
				Opened: handed, Track: rectify.TrackDeadline, Leader: "钱进", OwnerUnit: "县住建局",
				Due:    rectify.MustDate("2025-09-30"),
				Status: rectify.StatusInProgress, History: history(rectify.StatusInProgress, "", "2025-07-25"),
				Measures: measures("限定装卸作业时间", "安装噪声监测设备")},
		}},
	}
	return in
}

// kindDocuments are the generated documents of the kinds whose published
// forms differ from the 巡察 notice, with what each must say in its own
// words and must not say in another kind's.
var kindDocuments = []struct {
	name   string
	in     func() *rectify.Inspection
	see    []string // in the order the document says them
	notSee []string
}{
	{"audit", trafficAudit,
		[]string{"东川县交通运输局", "关于县审计局审计组审计整改情况的公告",
			"出具了审计报告。现将审计整改情况公告如下。",
			"一、审计整改工作开展情况",
			"截至9月20日，审计发现的2个问题，已完成整改1个，正在整改1个。",
			"整改以来，共追回资金46.8万元，建立完善制度1项。",
			"二、审计发现问题的整改情况",
			"（一）预算管理方面",
			"1．超范围列支农村公路养护经费。",
			"整改情况：已将46.8万元归垫至养护经费", "整改结果：已完成整改",
			"（二）专项资金管理方面",
			"整改情况：①会同县财政局核定补助对象；②10月底前拨付到位。", "整改结果：正在整改",
			"联系电话：0871-6633001"},
		[]string{"反馈问题", "巡察", "具体问题", "办理"}},
	{"environment", riverCases,
		[]string{"东川县生态环境保护督察整改工作领导小组办公室", "关于省第三生态环境保护督察组交办件办理情况的公示",
			"开展了生态环境保护督察，并于2025年6月20日交办了群众信访件。现将交办件办理情况公示如下。",
			"一、交办件办理工作开展情况",
			"截至7月25日，督察组交办的2件交办件，已办结1件，正在办理1件。",
			"整改以来，共问责1人次。",
			"二、督察交办件办理情况",
			"（一）第一批交办件",
			"1．东川河下游养殖场粪污直排。", "责任单位：县生态环境分局、城郊镇人民政府",
			"办理情况：经现场核查情况属实", "办理结果：已办结",
			"2．建材市场夜间噪声扰民。", "责任单位：县住建局", "办理情况：①限定装卸作业时间；②安装噪声监测设备。", "办理结果：正在办理"},
		[]string{"反馈问题", "巡察", "整改结果", "具体问题"}},
}

// TestKindDocxGolden pins the body of the .docx of an audit's announcement
// and of an environmental inspection's list of cases, and reads it: each
// says its kind's words in its layout's order, none of the 巡察 notice's.
func TestKindDocxGolden(t *testing.T) {
	for _, tt := range kindDocuments {
		t.Run(tt.name, func(t *testing.T) {
			doc := zipParts(t, docxBytes(t, tt.in(), NoticeOptions{}))["word/document.xml"]
			golden(t, "kind_"+tt.name+"_document.xml.golden", doc)
			checkSays(t, ".docx", docxText(string(doc)), tt.see, tt.notSee)
		})
	}
}

// TestKindPDFText reads the PDF of each kind back with pdftotext: the same
// words, in the same order, as the .docx.
func TestKindPDFText(t *testing.T) {
	fonts := systemFonts(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		needTool(t, "pdftotext is not installed (Debian: poppler-utils)")
	}
	for _, tt := range kindDocuments {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in()
			file := filepath.Join(t.TempDir(), tt.name+".pdf")
			if err := os.WriteFile(file, pdfBytes(t, in, PDFOptions{Fonts: fonts}), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := regexp.MustCompile(`—\d+—`).ReplaceAllString(strings.Join(strings.Fields(string(out)), ""), "")
			checkSays(t, "PDF", text, tt.see, tt.notSee)
			// Every paragraph of the notice is there, in order.
			blocks, err := notice.Blocks(in, notice.RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			at := 0
			for _, b := range blocks {
				want := strings.Join(strings.Fields(b.Text), "")
				k := strings.Index(text[at:], want)
				if k < 0 {
					t.Errorf("the PDF lacks, after byte %d: %s", at, want)
					continue
				}
				at += k + len(want)
			}
		})
	}
}

// checkSays checks that text holds see in order and none of notSee.
func checkSays(t *testing.T, what, text string, see, notSee []string) {
	t.Helper()
	at := 0
	for _, s := range see {
		k := strings.Index(text[at:], s)
		if k < 0 {
			t.Errorf("the %s does not say %q after byte %d:\n%s", what, s, at, text)
			continue
		}
		at += k + len(s)
	}
	for _, s := range notSee {
		if strings.Contains(text, s) {
			t.Errorf("the %s says %q, a word of another kind", what, s)
		}
	}
}
