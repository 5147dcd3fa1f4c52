package notice

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// TestLintSeed lists everything Lint reports on the seed: the duplicate
// problems 4 and 19 with different results, the findings without numbers
// (3 to 10), the future dates in the measures of problems 9, 22 and 23 —
// and nothing else.
func TestLintSeed(t *testing.T) {
	d := parseOK(t, readSeed(t))
	ws := Lint(d)
	want := []struct {
		line int
		code string
		says []string
	}{
		{44, CodeMissingNumber, []string{"反馈问题“", "（三）"}},
		{66, CodeFutureDeadline, []string{"问题9", "2023年底前", "2023年11月28日"}},
		{67, CodeMissingNumber, []string{"（四）"}},
		{74, CodeMissingNumber, []string{"（五）"}},
		{86, CodeMissingNumber, []string{"（六）"}},
		{100, CodeMissingNumber, []string{"（七）"}},
		{115, CodeDuplicateProblem, []string{"问题19", "问题4", "长期整改I类", "完成"}},
		{120, CodeMissingNumber, []string{"（八）"}},
		{126, CodeMissingNumber, []string{"（九）"}},
		{133, CodeMissingNumber, []string{"（十）"}},
		{138, CodeFutureDeadline, []string{"问题22", "12月份"}},
		{142, CodeFutureDeadline, []string{"问题23", "2023年12月"}},
	}
	if len(ws) != len(want) {
		t.Errorf("Lint reported %d findings, want %d:", len(ws), len(want))
	}
	for i, w := range ws {
		t.Logf("%d %s %s", w.Line, w.Code, w.Message)
		if i >= len(want) {
			t.Errorf("unexpected: %d %s %s", w.Line, w.Code, w.Message)
			continue
		}
		if w.Line != want[i].line || w.Code != want[i].code {
			t.Errorf("finding %d = %d %s, want %d %s", i, w.Line, w.Code, want[i].line, want[i].code)
		}
		for _, s := range want[i].says {
			if !strings.Contains(w.Message, s) {
				t.Errorf("finding %d (%s) does not say %q: %s", i, w.Code, s, w.Message)
			}
		}
	}
}

func readClean(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "notice_clean.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLintClean(t *testing.T) {
	d := parseOK(t, []byte(readClean(t)))
	if ws := Lint(d); len(ws) != 0 {
		for _, w := range ws {
			t.Errorf("%d %s %s", w.Line, w.Code, w.Message)
		}
	}
}

// TestLintCodes triggers each code with a small change to the clean
// fixture and expects exactly the codes listed.
func TestLintCodes(t *testing.T) {
	clean := readClean(t)
	dup := "\n6．网络阵地管理松散。局属公众号转发内容把关不严。\n整改结果：长期整改I类\n整改情况：①明确每个公众号由一名副局长分管，建立三审三校制度；②对两个公众号近两年发布的内容全部复查，删除不当转载4条；③组织新媒体编辑人员参加县委网信办业务培训。\n"
	cases := []struct {
		name  string
		edits [][2]string // old, new (first occurrence)
		want  string      // "line:code" sorted by line
		says  string      // part of the first finding's message
	}{
		{"completed count off", [][2]string{{"已完成整改4个", "已完成整改3个"}}, "12:summary-parts 12:summary-mismatch", "已完成整改3个"},
		{"total off", [][2]string{{"5个具体问题", "6个具体问题"}}, "12:summary-parts 12:summary-mismatch", "6个具体问题，正文列出5个"},
		{"completed over the total", [][2]string{{"已完成整改4个", "已完成整改7个"}}, "12:summary-over-total 12:summary-parts 12:summary-mismatch", "多于总数5个"},
		{"stated rate off", [][2]string{{"长期整改I类1个。", "长期整改I类1个，整改完成率90%。"}}, "12:summary-rate", "应为80%"},
		{"status the summary does not name", [][2]string{{"整改结果：完成\n整改情况：①修订", "整改结果：基本完成\n整改情况：①修订"}},
			"12:summary-mismatch 12:summary-mismatch", "问题3"},
		{"no summary", [][2]string{{"截至2024年9月30日，巡察反馈的5个具体问题，已完成整改4个，长期整改I类1个。", ""}}, "0:no-summary", "汇总句"},
		{"summary dated after the notice", [][2]string{{"截至2024年9月30日", "截至2024年10月30日"}}, "12:summary-after-notice", "晚于通报日期"},
		{"number skipped", [][2]string{{"5．广电", "6．广电"}}, "36:numbering-gap", "从4跳到6"},
		{"number repeated", [][2]string{{"3．网吧", "2．网吧"}, {"4．旅游", "3．旅游"}, {"5．广电", "4．广电"}}, "28:numbering-repeat", "问题序号2重复"},
		{"finding without number", [][2]string{{"（二）反馈问题：文化", "反馈问题：文化"}}, "26:missing-number", "（二）"},
		{"problem without number", [][2]string{{"2．文艺", "文艺"}}, "22:missing-number", "按顺序应为2"},
		{"finding number skipped", [][2]string{{"（二）反馈问题：文化", "（三）反馈问题：文化"}}, "26:numbering-gap", "“三”"},
		{"finding numbered past 999", [][2]string{{"（二）反馈问题：文化", "1000）反馈问题：文化"}}, "26:numbering-gap", "“一千”"},
		{"no result", [][2]string{{"整改结果：完成\n整改情况：①会同", "整改情况：①会同"}}, "12:summary-mismatch 22:no-result", "问题2没有整改结果"},
		{"unknown result", [][2]string{{"整改结果：完成\n整改情况：①会同", "整改结果：已上报\n整改情况：①会同"}}, "12:summary-mismatch 23:unknown-status", "已上报"},
		{"no measures", [][2]string{{"整改情况：①会同乡镇文化站对全县登记的9家民营剧团逐一走访；②印发演出节目报备办法，实行演出前节目单报备。\n", ""}}, "22:no-measures", "问题2没有整改情况"},
		{"duplicate with another result", [][2]string{{"5个具体问题", "6个具体问题"}, {"长期整改I类1个", "长期整改I类2个"}, {"\n三、下一步", dup + "\n三、下一步"}},
			"40:duplicate-problem", "问题6“网络阵地管理松散”与问题1"},
		{"deadline after the notice", [][2]string{{"建立消防器材到期提醒台账", "计划2024年12月底前建立消防器材到期提醒台账"}}, "34:future-deadline", "2024年12月底前"},
		{"deadline next year", [][2]string{{"按约定节点补齐支付手续", "明年上半年补齐支付手续"}}, "38:future-deadline", "明年"},
		{"notice before the feedback", [][2]string{{"2024年10月8日", "2024年6月1日"}, {"截至2024年9月30日", "截至2024年5月30日"}}, "0:dated-before-feedback", "早于巡察反馈日期"},
		{"feedback before the end of the inspection", [][2]string{{"2024年6月5日，县委", "2024年5月5日，县委"}}, "0:period-order", "早于巡察结束日期"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := clean
			for _, e := range tc.edits {
				if !strings.Contains(text, e[0]) {
					t.Fatalf("fixture has no %q", e[0])
				}
				text = strings.Replace(text, e[0], e[1], 1)
			}
			ws := Lint(parseOK(t, []byte(text)))
			if got := codesOf(ws); got != tc.want {
				t.Errorf("codes = %q, want %q", got, tc.want)
				for _, w := range ws {
					t.Logf("%d %s %s", w.Line, w.Code, w.Message)
				}
				return
			}
			if !strings.Contains(ws[len(ws)-1].Message+ws[0].Message, tc.says) {
				t.Errorf("messages do not say %q: %v", tc.says, ws)
			}
		})
	}
}

func TestLintSortedAndIncludesParseWarnings(t *testing.T) {
	d := &Document{
		Date:     rectify.MustDate("2024-03-01"),
		Warnings: []Warning{{Line: 9, Code: CodeUnplacedText, Message: "x"}},
		Findings: []Finding{{Number: 1, Numbered: true, Title: "甲", Problems: []Problem{
			{Number: 2, Title: "问题甲", Line: 5},
		}}},
	}
	ws := Lint(d)
	if !sort.SliceIsSorted(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line }) {
		t.Errorf("not sorted: %v", ws)
	}
	if got := codesOf(ws); got != "0:no-summary 5:numbering-gap 5:no-result 5:no-measures 9:unplaced-text" {
		t.Errorf("codes = %s", got)
	}
	if Lint(nil) != nil {
		t.Error("Lint(nil) is not nil")
	}
}

func TestFutureDates(t *testing.T) {
	notice := rectify.MustDate("2023-11-28")
	cases := []struct {
		text string
		want string // expressions found, joined by |
	}{
		{"计划2023年底前全部改造", "2023年底前"},
		{"年底前全部改造", "年底前"},
		{"在12月份的例会上通报", "12月份"},
		{"拟于2023年12月验收", "2023年12月"},
		{"12月底前完成", "12月底前"},
		{"明年完成", "明年"},
		{"计划于2024年3月1日前完成", "2024年3月1日前"},
		{"十二月份召开", "十二月份"},
		{"11月完成了验收", ""},
		{"11月28日完成了验收", ""},
		{"截至2023年11月，累计走访", ""},
		{"截至2023年12月，累计走访", ""},
		{"2023年6月至10月，共开展", ""},
		{"实行一月一督查", ""},
		{"每年底开展评议", ""},
		{"去年底已完成", ""},
		{"使用50年以上的管网", ""},
		{"2022年台账已归档", ""},
		{"2023年共组织5次", ""},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, f := range futureDates(tc.text, notice) {
				got = append(got, f.text)
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("future dates = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	cases := []struct {
		a, b     string
		min, max float64
	}{
		{"对下属公司实行季度经营考核", "对下属的公司实行季度经营考核", 0.85, 1},
		{"完全相同的句子", "完全相同的句子。", 1, 1},
		{"整改河道垃圾", "规范公务接待", 0, 0.01},
		{"", "文字", 0, 0},
	}
	for _, tc := range cases {
		if s := Similarity(tc.a, tc.b); s < tc.min || s > tc.max {
			t.Errorf("Similarity(%q, %q) = %.2f, want %.2f–%.2f", tc.a, tc.b, s, tc.min, tc.max)
		}
	}
}
