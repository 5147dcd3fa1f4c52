package notice

import (
	"os"
	"strings"
	"testing"
)

// The feedback documents here are invented, in the layouts inspection
// groups use: findings 一、 over problems （一） or 1．, a problem list with
// measures and the people responsible.
const feedbackCN = `县委第三巡察组关于巡察青溪县交通运输局党组的反馈意见

根据县委统一部署，2024年3月4日至4月26日，县委第三巡察组对县交通运输局党组开展了常规巡察，并于2024年5月15日反馈巡察意见。现将巡察发现的问题反馈如下。

一、贯彻落实上级决策部署不够到位

（一）农村公路养护责任落实不到位。部分乡道路面破损长期未修复。

（二）交通安全隐患排查不彻底。对临水临崖路段排查不全面。
防护设施缺失。

二、落实全面从严治党责任有差距

（三）公务用车管理不规范。车辆使用登记不全。

请县交通运输局党组认真研究，制定整改方案，于两个月内报送整改情况。

2024年5月15日
`

const feedbackArabic = `县委第三巡察组关于巡察青溪县交通运输局党组的反馈意见

县委第三巡察组于2024年3月4日至4月26日对县交通运输局党组开展了专项巡察，并于2024年5月15日反馈了巡察意见。

一、巡察发现的主要问题

（一）贯彻落实上级决策部署不够到位

1．农村公路养护责任落实不到位。部分乡道路面破损长期未修复。

2．交通安全隐患排查不彻底。

（二）落实全面从严治党责任有差距

3．公务用车管理不规范。车辆使用登记不全。

二、整改意见

请认真研究，逐条整改。
`

const problemList = `青溪县交通运输局巡察反馈问题整改清单

县委第三巡察组于2024年3月4日至4月26日对县交通运输局党组开展了常规巡察，并于2024年5月15日反馈了巡察意见。

一、贯彻落实上级决策部署不够到位

1．农村公路养护责任落实不到位。部分乡道路面破损长期未修复。
整改措施：①开展乡道路面排查，建立破损台账；②制定养护经费使用计划。
责任领导：王建华；责任单位：公路养护中心；整改时限：2024年9月

二、落实全面从严治党责任有差距

2．公务用车管理不规范。车辆使用登记不全。
整改措施：①修订公务用车管理办法；②每月公示用车登记。
责任领导：李晓东；责任单位：办公室；整改时限：2024年7月31日
`

func TestReadDocument(t *testing.T) {
	notice, err := os.ReadFile("../../examples/notice-qingxi-water.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		data          string
		kind          Kind
		team          string
		unit          string
		feedback      string
		findings      []string // finding marks + titles
		problems      []string // problem marks + titles, in order
		measures      int      // of the first problem
		leader, owner string   // of the first problem
		due           string
	}{
		{name: "feedback with （一） problems", data: feedbackCN, kind: KindFeedback, team: "县委第三巡察组",
			unit: "青溪县交通运输局党组", feedback: "2024-05-15",
			findings: []string{"一、贯彻落实上级决策部署不够到位", "二、落实全面从严治党责任有差距"},
			problems: []string{"（一）农村公路养护责任落实不到位", "（二）交通安全隐患排查不彻底", "（三）公务用车管理不规范"}},
		{name: "feedback in three levels", data: feedbackArabic, kind: KindFeedback, team: "县委第三巡察组",
			unit: "青溪县交通运输局党组", feedback: "2024-05-15",
			findings: []string{"（一）贯彻落实上级决策部署不够到位", "（二）落实全面从严治党责任有差距"},
			problems: []string{"1．农村公路养护责任落实不到位", "2．交通安全隐患排查不彻底", "3．公务用车管理不规范"}},
		{name: "problem list with measures and people", data: problemList, kind: KindProblemList, team: "县委第三巡察组",
			unit: "县交通运输局党组", feedback: "2024-05-15",
			findings: []string{"一、贯彻落实上级决策部署不够到位", "二、落实全面从严治党责任有差距"},
			problems: []string{"1．农村公路养护责任落实不到位", "2．公务用车管理不规范"},
			measures: 2, leader: "王建华", owner: "公路养护中心", due: "2024-09-30"},
		{name: "a notice stays a notice", data: string(notice), kind: KindNotice, team: "县委第二巡察组",
			unit: "县水利局党组", feedback: "2024-06-20",
			findings: []string{"（一）贯彻落实上级决策部署有差距", "（二）落实全面从严治党责任不到位", "（三）干部队伍建设有短板"},
			problems: []string{"1．河长制工作推进不力", "2．防汛物资管理不规范", "3．工程项目监管存在漏洞", "4．廉政教育形式单一", "5．年轻干部培养力度不够", "6．考勤制度执行不严"},
			measures: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ReadDocument([]byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			d := r.Doc
			if r.Kind != tt.kind || d.Inspection.Team != tt.team || d.Inspection.UnitName != tt.unit || d.Inspection.Feedback.String() != tt.feedback {
				t.Errorf("kind %s, team %q, unit %q, feedback %s", r.Kind, d.Inspection.Team, d.Inspection.UnitName, d.Inspection.Feedback)
			}
			var findings, problems []string
			for i, f := range d.Findings {
				findings = append(findings, r.FindingMarks[i]+f.Title)
				for j, p := range f.Problems {
					problems = append(problems, r.ProblemMarks[i][j]+p.Title)
				}
			}
			if strings.Join(findings, "|") != strings.Join(tt.findings, "|") {
				t.Errorf("findings\n got %q\nwant %q", findings, tt.findings)
			}
			if strings.Join(problems, "|") != strings.Join(tt.problems, "|") {
				t.Errorf("problems\n got %q\nwant %q", problems, tt.problems)
			}
			first := d.Findings[0].Problems[0]
			if len(first.Measures) != tt.measures || first.Leader != tt.leader || first.OwnerUnit != tt.owner {
				t.Errorf("first problem: %d measures, leader %q, unit %q", len(first.Measures), first.Leader, first.OwnerUnit)
			}
			if tt.due != "" && first.Due.String() != tt.due {
				t.Errorf("first problem due %s, want %s", first.Due, tt.due)
			}
			if tt.kind == KindNotice {
				return
			}
			for _, w := range LintFeedback(d) {
				if resultCodes[w.Code] {
					t.Errorf("a feedback document is warned about %s: %s", w.Code, w.Message)
				}
			}
		})
	}
}

func TestReadDocumentDescription(t *testing.T) {
	r, err := ReadDocument([]byte(feedbackCN))
	if err != nil {
		t.Fatal(err)
	}
	p := r.Doc.Findings[0].Problems[1]
	if p.Description != "对临水临崖路段排查不全面。防护设施缺失。" {
		t.Errorf("description %q: the paragraph after the problem belongs to it", p.Description)
	}
	last := r.Doc.Findings[1].Problems[0]
	if strings.Contains(last.Description, "请") {
		t.Errorf("the closing request was read into the last problem: %q", last.Description)
	}
}

func TestReadDocumentRefused(t *testing.T) {
	for name, data := range map[string]string{
		"prose":  "会议纪要\n今天讨论了三件事情。\n",
		"empty":  "  \n",
		"binary": "\x00\x01\x02\x03",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ReadDocument([]byte(data)); err == nil {
				t.Error("read without error")
			}
		})
	}
}

func TestCodeLabels(t *testing.T) {
	// Every code the package defines has a Chinese label, and no label is
	// the code itself.
	codes := []string{CodeMissingNumber, CodeNumberingGap, CodeNumberingRepeat, CodeNoResult, CodeUnknownStatus,
		CodeNoMeasures, CodeSummaryMismatch, CodeNoSummary, CodeSummaryAfterNotice, CodeDuplicateProblem,
		CodeFutureDeadline, CodeDatedBeforeFB, CodePeriodOrder, CodeUnplacedText, CodeMissingHeading,
		CodeRepeatedStatus, CodeNoFinding, CodeNoTitle, CodeNoDate, CodeNoIssuer, CodeMissingInfo,
		CodeUnknownSection, CodeEmptyMeasure, CodeEncoding, CodeDamagedInput, CodeBadCell, CodeOCR}
	for _, c := range codes {
		if l := CodeLabel(c); l == "提示" || strings.ContainsAny(l, "abcdefghijklmnopqrstuvwxyz-") {
			t.Errorf("code %s has label %q", c, l)
		}
	}
	// And every code a warning of the sample notices carries.
	for _, f := range []string{"testdata/notice_clean.txt", "testdata/notice_status_in_text.txt", "../../examples/notice-qingxi-water.txt"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range Lint(d) {
			if CodeLabel(w.Code) == "提示" {
				t.Errorf("%s: code %s has no label", f, w.Code)
			}
		}
	}
}

func FuzzReadDocument(f *testing.F) {
	for _, s := range []string{feedbackCN, feedbackArabic, problemList, "一、\n（一）\n1．"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		skipExternal(t, data)
		r, err := ReadDocument(data)
		if err != nil {
			return
		}
		if len(r.FindingMarks) != len(r.Doc.Findings) || len(r.ProblemMarks) != len(r.Doc.Findings) {
			t.Fatalf("%d finding marks, %d problem mark lists for %d findings", len(r.FindingMarks), len(r.ProblemMarks), len(r.Doc.Findings))
		}
		for i, f := range r.Doc.Findings {
			if len(r.ProblemMarks[i]) != len(f.Problems) {
				t.Fatalf("finding %d: %d marks for %d problems", i, len(r.ProblemMarks[i]), len(f.Problems))
			}
		}
	})
}

// TestReadDocumentDocx: the feedback and the problem list as a word
// processor holds them read as their text does — with the problems'
// numbers typed, or made automatic list numbers.
func TestReadDocumentDocx(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		paras func([]string) []docxPara
	}{
		{"feedback, numbers typed", feedbackArabic, docxParagraphsOf},
		{"feedback, automatic numbers", feedbackArabic, autoNumbered},
		{"problem list, automatic numbers", problemList, autoNumbered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := ReadDocument([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadDocument(buildDocx(t, tt.paras(strings.Split(tt.text, "\n"))))
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != want.Kind || got.Doc.Inspection != want.Doc.Inspection {
				t.Errorf("docx: %s %+v, text: %s %+v", got.Kind, got.Doc.Inspection, want.Kind, want.Doc.Inspection)
			}
			titles := func(r *Reading) (out []string) {
				for i, f := range r.Doc.Findings {
					out = append(out, r.FindingMarks[i]+f.Title)
					for _, p := range f.Problems {
						out = append(out, p.Title+"|"+p.Description+"|"+strings.Repeat("m", len(p.Measures)))
					}
				}
				return out
			}
			if g, w := strings.Join(titles(got), "\n"), strings.Join(titles(want), "\n"); g != w {
				t.Errorf("docx reads\n%s\ntext reads\n%s", g, w)
			}
		})
	}
}
