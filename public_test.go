package rectify

import "testing"

func TestPublicResult(t *testing.T) {
	reports := []Report{
		{ProgressID: 1, Date: MustDate("2024-03-01"), Text: "已补齐巡河记录120条"},
		{ProgressID: 2, Date: MustDate("2024-04-10"), Text: "  建立闭环流程，4月10日起施行。 "},
		{ProgressID: 3, Date: MustDate("2024-05-20"), Text: "已将巡河情况纳入考核"},
	}
	tests := []struct {
		name   string
		public Public
		asOf   string
		want   string
		source PublicSource
	}{
		{"no report", Public{}, "2024-06-01", "", PublicNone},
		{"the latest by default", Public{Reports: reports}, "2024-06-01", "已将巡河情况纳入考核", PublicLatest},
		{"the latest as of an earlier day, as written", Public{Reports: reports}, "2024-04-30", "建立闭环流程，4月10日起施行。", PublicLatest},
		{"before any report", Public{Reports: reports}, "2024-02-01", "", PublicNone},
		{"the report chosen", Public{ProgressID: 1, Reports: reports}, "2024-06-01", "已补齐巡河记录120条", PublicChosen},
		{"the report chosen, not made yet by the day", Public{ProgressID: 3, Reports: reports}, "2024-04-30", "建立闭环流程，4月10日起施行。", PublicLatest},
		{"a chosen report that is not the problem's", Public{ProgressID: 99, Reports: reports}, "2024-06-01", "已将巡河情况纳入考核", PublicLatest},
		{"the sentence wins", Public{ProgressID: 1, Text: "河长制全面落实，巡河记录完整。", Reports: reports}, "2024-06-01", "河长制全面落实，巡河记录完整。", PublicSentence},
		{"a sentence without reports", Public{Text: "已整改到位。"}, "2024-06-01", "已整改到位。", PublicSentence},
		{"a blank sentence is none", Public{Text: "  ", Reports: reports[:1]}, "2024-06-01", "已补齐巡河记录120条", PublicLatest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Problem{Public: tt.public}
			got, src := p.PublicResult(MustDate(tt.asOf))
			if got != tt.want || src != tt.source {
				t.Errorf("PublicResult = %q (%s), want %q (%s)", got, src, tt.want, tt.source)
			}
		})
	}
}

func TestValidatePublicText(t *testing.T) {
	long := make([]rune, MaxPublicText+1)
	for i := range long {
		long[i] = '整'
	}
	tests := []struct {
		name, text string
		ok         bool
	}{
		{"empty", "", true},
		{"a sentence", "已整改到位。", true},
		{"at the limit", string(long[:MaxPublicText]), true},
		{"too long", string(long), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidatePublicText(tt.text); (err == nil) != tt.ok {
				t.Errorf("ValidatePublicText: %v", err)
			}
		})
	}
}
