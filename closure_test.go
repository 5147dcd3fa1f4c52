package rectify

import "testing"

func TestCircledNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "①"}, {2, "②"}, {10, "⑩"}, {19, "⑲"}, {20, "⑳"}, {21, "(21)"}, {35, "(35)"}, {0, "(0)"},
	}
	for _, tt := range tests {
		if got := CircledNumber(tt.n); got != tt.want {
			t.Errorf("CircledNumber(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestClosureRefusal(t *testing.T) {
	d := MustDate
	long := "对全市河道采砂情况开展一次全面排查，建立问题清单和整改台账，逐项销号管理"
	tests := []struct {
		name     string
		measures []*Measure
		evidence int
		asOf     Date
		verb     string
		want     string
	}{
		{"every measure done and evidence", []*Measure{{Number: 1, Text: "清理台账", Done: d("2026-03-01")}}, 2, d("2026-03-02"), "销号", ""},
		{"no measures and evidence", nil, 1, d("2026-03-02"), "销号", ""},
		{"one measure open", []*Measure{{Number: 1, Text: "清理台账", Done: d("2026-03-01")}, {Number: 2, Text: "建立制度"}}, 1, d("2026-03-02"), "提交销号",
			"还有 1 项整改措施未完成，不能提交销号：②建立制度"},
		{"done after the day asked", []*Measure{{Number: 1, Text: "清理台账", Done: d("2026-03-05")}}, 1, d("2026-03-02"), "销号",
			"还有 1 项整改措施未完成，不能销号：①清理台账"},
		{"long texts are cut", []*Measure{{Number: 21, Text: long}}, 1, d("2026-03-02"), "销号",
			"还有 1 项整改措施未完成，不能销号：(21)" + string([]rune(long)[:30]) + "…"},
		{"no evidence", []*Measure{{Number: 1, Text: "清理台账", Done: d("2026-03-01")}}, 0, d("2026-03-02"), "销号",
			"没有任何证明材料，不能销号：请在整改情况中上传照片、会议纪要、合同、票据等材料"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Problem{Measures: tt.measures}
			if got := p.ClosureRefusal(tt.evidence, tt.asOf, tt.verb); got != tt.want {
				t.Errorf("ClosureRefusal = %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFrozenRefusal(t *testing.T) {
	tests := []struct {
		status Status
		want   string
	}{
		{StatusNotStarted, ""},
		{StatusInProgress, ""},
		{StatusLongTerm, ""},
		{StatusSubmitted, "问题已提交销号，等待审核，不能修改整改措施；如需修改请由审核人员退回"},
		{StatusCompleted, "问题已销号，不能修改整改措施；发现反弹须由审核人员重新打开"},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			p := &Problem{Status: tt.status}
			if got := p.FrozenRefusal("整改措施"); got != tt.want {
				t.Errorf("FrozenRefusal = %q, want %q", got, tt.want)
			}
		})
	}
}
