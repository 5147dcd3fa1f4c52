package notice

import (
	"testing"
)

// TestOCRRules checks each repair on what Tesseract writes for a notice,
// and that it leaves alone what is meant as written.
func TestOCRRules(t *testing.T) {
	rule := map[string]func(string) string{}
	for _, r := range ocrRules {
		rule[r.name] = r.fix
	}
	tests := []struct {
		rule, name, in, want string
	}{
		{"spaces", "inside a date", "2023年7月 3 日", "2023年7月3日"},
		{"spaces", "between a count and its unit", "巡察反馈的 5 个具体问题", "巡察反馈的5个具体问题"},
		{"spaces", "after a label", "整改结果: 完成", "整改结果:完成"},
		{"spaces", "ideographic space", "一、　整改工作", "一、整改工作"},
		{"spaces", "between Latin words kept", "Page 3 of 5", "Page 3 of 5"},
		{"spaces", "leading and trailing", "  通报  ", "通报"},

		{"digits", "O in a year", "2O23年", "2023年"},
		{"digits", "o and l in a date", "2o23年l2月1O日", "2023年12月10日"},
		{"digits", "〇 among digits", "2〇24年", "2024年"},
		{"digits", "a bar for 1 in a count", "|2个", "12个"},
		{"digits", "Chinese year with 〇 kept", "二〇二三年", "二〇二三年"},
		{"digits", "a word without digits kept", "Il类", "Il类"},

		{"class", "工 for I", "长期整改工类", "长期整改I类"},
		{"class", "1 for I", "长期整改 1 类", "长期整改I类"},
		{"class", "two strokes for II", "长期整改工工类", "长期整改II类"},
		{"class", "ll for II", "长期整改ll类", "长期整改II类"},
		{"class", "correct kept", "长期整改II类", "长期整改II类"},

		{"punctuation", "brackets of a numbering", "(一)反馈问题", "（一）反馈问题"},
		{"punctuation", "mixed brackets", "（二)定期督促", "（二）定期督促"},
		{"punctuation", "an Arabic number in brackets", "(3)完善制度", "（3）完善制度"},
		{"punctuation", "a colon after a label", "整改结果:完成", "整改结果：完成"},
		{"punctuation", "semicolon and comma", "制度;加强,落实", "制度；加强，落实"},
		{"punctuation", "full stop at the end", "不到位.", "不到位。"},
		{"punctuation", "a decimal kept", "12.6公里", "12.6公里"},
		{"punctuation", "a phone number kept", "联系电话：0731-8660123", "联系电话：0731-8660123"},
		{"punctuation", "Latin text kept", "see (a): b, c.", "see (a): b, c."},

		{"numbering", "comma for the dot", "1，网络阵地管理松散", "1．网络阵地管理松散"},
		{"numbering", "dot and comma", "4.，旅游景区", "4．旅游景区"},
		{"numbering", "l for 1", "l.网络阵地", "1．网络阵地"},
		{"numbering", "a dash for 一", "-、整改工作组织情况", "一、整改工作组织情况"},
		{"numbering", "a dash for 一 after 十", "十-、其他", "十一、其他"},
		{"numbering", "a dash in brackets", "（-）反馈问题", "（一）反馈问题"},
		{"numbering", "a decimal kept", "12.6公里", "12.6公里"},
		{"numbering", "a lost dot", "6工程项目结算滞后。", "6．工程项目结算滞后。"},
		{"numbering", "a count kept", "3家企业完成整改。", "3家企业完成整改。"},
		{"numbering", "a date kept", "2023年7月", "2023年7月"},

		{"circled", "at signs after a label", "整改情况：@明确分工；@建立制度。", "整改情况：①明确分工；②建立制度。"},
		{"circled", "the marks Tesseract makes", "整改情况：@D会同走访；@印发办法；©建立台账；@@复查。", "整改情况：①会同走访；②印发办法；③建立台账；④复查。"},
		{"circled", "中 for ① when others follow", "整改情况：中明确分工；@建立制度。", "整改情况：①明确分工；②建立制度。"},
		{"circled", "restart after each group", "关于甲的问题：中更换护栏；@列入预算。关于乙的问题：中更换器材；@@建立台账。", "关于甲的问题：①更换护栏；②列入预算。关于乙的问题：①更换器材；②建立台账。"},
		{"circled", "人@ for ①", "整改情况：人@修订记录表；@开展检查。", "整改情况：①修订记录表；②开展检查。"},
		{"circled", "巴 for ①", "整改情况：巴对项目逐一排查；@与乡镇签订；@@完成清淤。", "整改情况：①对项目逐一排查；②与乡镇签订；③完成清淤。"},
		{"circled", "read right, and counted", "整改情况：①明确分工；@建立制度；③加强督办。", "整改情况：①明确分工；②建立制度；③加强督办。"},
		{"circled", "人 as a word kept", "整改情况：人员已调整到位。", "整改情况：人员已调整到位。"},
		{"circled", "lookalikes in every item", "整改情况：巴组织培训；包对记录逐本检查；包制定安排表。", "整改情况：①组织培训；②对记录逐本检查；③制定安排表。"},
		{"circled", "a lost first mark keeps the places", "整改情况：对项目逐一排查；@与乡镇签订；③完成清淤。", "整改情况：对项目逐一排查；②与乡镇签订；③完成清淤。"},
		{"circled", "lookalikes beside a mark read right", "整改情况：巴精细管理；包加强考核；③建立中心。", "整改情况：①精细管理；②加强考核；③建立中心。"},
		{"circled", "after marks read right", "整改情况：①精细管理；②加强考核；③建立中心；由安装设备；名按照要求治理。", "整改情况：①精细管理；②加强考核；③建立中心；④安装设备；⑤按照要求治理。"},
		{"circled", "lookalikes not in every item kept", "整改情况：中央部署；包括两项；国有资产。", "整改情况：中央部署；包括两项；国有资产。"},
		{"circled", "中 alone kept", "整改情况：中央环保督察反馈问题已整改。", "整改情况：中央环保督察反馈问题已整改。"},
		{"circled", "an e-mail address kept", "电子邮箱：bsw@example.cn。", "电子邮箱：bsw@example.cn。"},
	}
	for _, tc := range tests {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			fix, ok := rule[tc.rule]
			if !ok {
				t.Fatalf("no rule %q", tc.rule)
			}
			if got := fix(tc.in); got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", tc.rule, tc.in, got, tc.want)
			}
		})
	}
}

// TestRepairOCR runs every rule, in order, on lines as Tesseract read a
// notice set at 200 dpi.
func TestRepairOCR(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"opening", "根据县委统一部署，2024年3月 11日至5月 10日，县委第三巡察组", "根据县委统一部署，2024年3月11日至5月10日，县委第三巡察组"},
		{"finding", "(一) 反馈问题: 落实意识形态工作责任制有差距。", "（一）反馈问题：落实意识形态工作责任制有差距。"},
		{"problem", "1， 网络阵地管理松散。局属两个公众号长期无人审核。", "1．网络阵地管理松散。局属两个公众号长期无人审核。"},
		{"status", "整改结果: 长期整改工类", "整改结果：长期整改I类"},
		{"measures", "整改情况: @D会同乡镇文化站对全县登记的 9 家民营剧团逐一走访; @印发演出节目报备办法。", "整改情况：①会同乡镇文化站对全县登记的9家民营剧团逐一走访；②印发演出节目报备办法。"},
		{"summary", "截至2O24年 9月 30 日，巡察反馈的 5 个具体问题，已完成整改4个，长期整改I类 1 个。", "截至2024年9月30日，巡察反馈的5个具体问题，已完成整改4个，长期整改I类1个。"},
		{"section", "-、整改工作组织情况", "一、整改工作组织情况"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := repairOCR(tc.in); got != tc.want {
				t.Errorf("repairOCR(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRepairDoubted(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		low      []string
		want     string
	}{
		{"doubted", "中共和白沙县文化旅游广电局党组", []string{"共和"}, "中共白沙县文化旅游广电局党组"},
		{"read with confidence", "中共和平县委员会", nil, "中共和平县委员会"},
		{"another word doubted", "中共和平县委员会", []string{"委员"}, "中共和平县委员会"},
	} {
		if got := repairDoubted(tc.in, tc.low); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
