package rectify

import (
	"reflect"
	"testing"
)

func TestParseSource(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Source
		ok   bool
	}{
		{"a code", "audit", SourceAudit, true},
		{"the default code", "xuncha", SourceXuncha, true},
		{"an inspection title", "关于县委第三巡察组常规巡察反馈意见整改进展情况的通报", SourceXuncha, true},
		{"a provincial tour", "省委第二巡视组反馈意见", SourceXunshi, true},
		{"an audit announcement", "关于2025年度经济责任审计整改情况的公告", SourceAudit, true},
		{"audit rectification", "审计整改", SourceAudit, true},
		{"an environmental inspection", "第二轮省级生态环境保护督察交办件办理情况公示", SourceEnvironment, true},
		{"handed-over cases alone", "关于第五批交办件办理情况的公示", SourceEnvironment, true},
		{"督察 is not 督查", "省政府第一督查组督查发现问题", SourceSupervision, true},
		{"the label of other", "其他", SourceOther, true},
		{"the label of the environment", "生态环境督察", SourceEnvironment, true},
		{"nothing said", "关于整改情况的报告", "", false},
		{"empty", "  ", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseSource(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseSource(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSourceValidate(t *testing.T) {
	tests := []struct {
		name string
		s    Source
		want map[string]string
	}{
		{"the zero source is 巡察", "", nil},
		{"audit", SourceAudit, nil},
		{"unknown", "lottery", map[string]string{"source": "整改来源应为巡察、巡视、审计、生态环境督察、督查或其他"}},
		{"a label is not a code", "审计", map[string]string{"source": "整改来源应为巡察、巡视、审计、生态环境督察、督查或其他"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorFields(tt.s.Validate()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate() fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInspectionSourceAndKind(t *testing.T) {
	tests := []struct {
		name string
		in   Inspection
		want map[string]string
	}{
		{"巡察 with its kind", Inspection{Team: "第一巡察组", Kind: KindCross}, nil},
		{"巡视 with a kind", Inspection{Team: "省委第二巡视组", Source: SourceXunshi, Kind: KindSpecial}, nil},
		{"an audit without a kind", Inspection{Team: "县审计局审计组", Source: SourceAudit}, nil},
		{"an audit with a kind", Inspection{Team: "县审计局审计组", Source: SourceAudit, Kind: KindRegular},
			map[string]string{"kind": "审计没有巡察类型，请留空"}},
		{"an unknown source", Inspection{Team: "某组", Source: "rumour"},
			map[string]string{"source": "整改来源应为巡察、巡视、审计、生态环境督察、督查或其他"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorFields(tt.in.Validate()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate() fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSourceWords(t *testing.T) {
	for _, s := range Sources {
		t.Run(string(s), func(t *testing.T) {
			w := s.Words()
			if w.Source != s {
				t.Errorf("Words().Source = %q", w.Source)
			}
			for name, v := range map[string]string{"Label": w.Label, "Long": w.Long, "Team": w.Team, "Finding": w.Finding,
				"Problem": w.Problem, "Measure": w.Measure, "Feedback": w.Feedback, "FeedbackDate": w.FeedbackDate, "Handed": w.Handed, "Given": w.Given,
				"Inspected": w.Inspected, "Action": w.Action, "Result": w.Result, "Report": w.Report, "Title": w.Title,
				"Problems": w.Problems, "Work": w.Work, "Layout": string(w.Layout)} {
				if v == "" {
					t.Errorf("%s has no word", name)
				}
			}
			if got, ok := ParseSource(w.Label); !ok || got != s {
				t.Errorf("ParseSource(Label %q) = %q, %v", w.Label, got, ok)
			}
			if got, ok := ParseSource(w.Title); s != SourceOther && (!ok || got != s) {
				t.Errorf("ParseSource(Title %q) = %q, %v: the title a kind writes must read back as that kind", w.Title, got, ok)
			}
		})
	}
	tests := []struct {
		name                    string
		s                       Source
		finding, team, feedback string
		layout                  Layout
	}{
		{"the zero source speaks 巡察", "", "反馈问题", "巡察组", "反馈意见", LayoutNotice},
		{"audit", SourceAudit, "审计发现问题", "审计组", "审计报告", LayoutAudit},
		{"environment", SourceEnvironment, "督察交办件", "督察组", "交办通知", LayoutCases},
		{"supervision", SourceSupervision, "督查发现问题", "督查组", "督查反馈意见", LayoutNotice},
		{"an unknown source speaks as other", "lottery", "发现问题", "检查组", "反馈意见", LayoutNotice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.s.Words()
			if w.Finding != tt.finding || w.Team != tt.team || w.Feedback != tt.feedback || w.Layout != tt.layout {
				t.Errorf("Words() = %s/%s/%s/%s, want %s/%s/%s/%s", w.Finding, w.Team, w.Feedback, w.Layout,
					tt.finding, tt.team, tt.feedback, tt.layout)
			}
		})
	}
}

func TestKindLabel(t *testing.T) {
	tests := []struct {
		name string
		in   Inspection
		want string
	}{
		{"巡察 of a kind", Inspection{Kind: KindExtended}, "延伸巡察"},
		{"巡察 without one", Inspection{}, "巡察"},
		{"巡视 says 巡视", Inspection{Source: SourceXunshi, Kind: KindFollowUp}, "巡视“回头看”"},
		{"an audit", Inspection{Source: SourceAudit}, "审计"},
		{"an environmental inspection", Inspection{Source: SourceEnvironment}, "生态环境保护督察"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.KindLabel(); got != tt.want {
				t.Errorf("KindLabel() = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParseSource: any text gives a known source or none, in bounded
// time, and a source read back from its own label is itself.
func FuzzParseSource(f *testing.F) {
	for _, s := range []string{"关于审计整改情况的公告", "督察交办件", "省委第二巡视组", "督查", "xuncha", "", "其他"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseSource(s)
		if ok != (got != "") {
			t.Fatalf("ParseSource(%q) = %q, %v", s, got, ok)
		}
		if ok && !got.Valid() {
			t.Fatalf("ParseSource(%q) = %q, not a known source", s, got)
		}
		if ok {
			if again, _ := ParseSource(got.Label()); again != got {
				t.Fatalf("the label %q of %q reads as %q", got.Label(), got, again)
			}
		}
	})
}
