package notice

import (
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// The summary section states the results in numbers the record keeps of
// the reports made by the notice's day, breakdowns (其中) not counted twice,
// and says nothing of them when there are none.
func TestRenderResultsLine(t *testing.T) {
	d := rectify.MustDate
	report := func(date string, qs ...rectify.Quantity) rectify.Report {
		return rectify.Report{ProgressID: 1, Date: d(date), Text: "已整改。", Quantities: qs}
	}
	money := func(meaning string, v float64, part bool) rectify.Quantity {
		return rectify.Quantity{Kind: rectify.QuantityMoney, Meaning: meaning, Value: v, Unit: "元", Part: part}
	}
	rule := rectify.Quantity{Kind: rectify.QuantityRule, Meaning: "修订", Value: 3, Unit: "项"}
	people := rectify.Quantity{Kind: rectify.QuantityPerson, Meaning: "诫勉谈话", Value: 2, Unit: "人"}
	count := rectify.Quantity{Kind: rectify.QuantityCount, Meaning: "安装设备", Value: 12, Unit: "台"}
	inspection := func(reports ...rectify.Report) *rectify.Inspection {
		p := &rectify.Problem{Title: "问题", Opened: d("2023-07-03"), Public: rectify.Public{Reports: reports},
			History: []rectify.StatusChange{{Status: rectify.StatusCompleted, Date: d("2023-10-01")}}}
		return &rectify.Inspection{Team: "市委第三巡察组", Feedback: d("2023-07-03"), NoticeDate: d("2023-11-28"),
			Findings: []*rectify.Finding{{Title: "问题类别", Problems: []*rectify.Problem{p}}}}
	}
	tests := []struct {
		name string
		in   *rectify.Inspection
		asOf string
		want string // "" for no line
	}{
		{"every kind", inspection(report("2023-09-01", money("追回", 125000, false), money("清退", 20000, true), rule),
			report("2023-10-01", people, count)), "2023-11-28", "整改以来，共追回资金12.5万元，建立完善制度3项，问责2人次。"},
		{"reports after the day left out", inspection(report("2023-09-01", rule), report("2023-12-01", money("追回", 8000, false))),
			"2023-11-28", "整改以来，共建立完善制度3项。"},
		{"money spent is not recovered", inspection(report("2023-09-01", money("投入", 5e6, false), count)), "2023-11-28", ""},
		{"no figures", inspection(report("2023-09-01")), "2023-11-28", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderString(t, tt.in, RenderOptions{AsOf: d(tt.asOf)})
			summary := "截至11月28日，巡察反馈的1个具体问题，已完成整改1个。\n"
			if tt.want == "" {
				if strings.Contains(got, "整改以来") {
					t.Errorf("a results line without results:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, summary+"\n"+tt.want+"\n") {
				t.Errorf("want %q after the summary line in\n%s", tt.want, got)
			}
		})
	}
}
