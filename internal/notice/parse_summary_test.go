package notice

import (
	"encoding/json"
	"testing"
)

// TestReadSummaryLines reads summary lines as notices write them, with the
// distracting numbers beside the counts.
func TestReadSummaryLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the lines as JSON, without text and line
	}{
		{"counts with a rate and distractions",
			"截至目前，巡察反馈的697个问题，完成整改688个，基本完成4个，未完成5个，总体完成率98.71%。共召开民主生活会38次，完善制度589项。",
			`[{"unit":"问题","total":697,"completed":688,"mostly_completed":4,"not_completed":5,"rate":98.71}]`},
		{"merged categories stay merged",
			"梳理形成整改任务186项，已完成或基本完成167项，正在推进19项。",
			`[{"unit":"任务","total":186,"completed_or_mostly":167,"in_progress":19}]`},
		{"areas are not the total",
			"反馈涉及4个方面、23个单位共计48项具体问题，已整改41项，正在整改7项（含部分整改）。",
			`[{"unit":"项","total":48,"areas":4,"completed":41,"in_progress":7}]`},
		{"two batches are two lines",
			"第一轮反馈问题共142个，已完成整改131个；第二轮反馈问题共96个，已完成70个。",
			`[{"unit":"问题","total":142,"completed":131},{"unit":"问题","total":96,"completed":70}]`},
		{"a six-digit count",
			"交办信访件100000件，已办结99612件，阶段性办结388件。",
			`[{"unit":"件","total":100000,"completed":99612,"mostly_completed":388}]`},
		{"closed is a part of done, on schedule and deferred their own",
			"反馈的10个问题，已完成整改7个，其中已销号5个；未完成但达到序时进度2个，申请延期整改1个。",
			`[{"unit":"问题","total":10,"completed":7,"closed":5,"on_schedule":2,"deferred":1}]`},
		{"all done",
			"截至6月30日，反馈的12个问题均已整改到位。",
			`[{"unit":"问题","as_of":"0000-06-30","total":12,"completed":12}]`},
		{"what is left of the total",
			"反馈问题共计167个，已完成整改155个，剩余12个问题正在按计划推进。",
			`[{"unit":"问题","total":167,"completed":155,"in_progress":12}]`},
		{"long-term with its class",
			"截至11月28日，巡察反馈的25个具体问题，已完成整改18个，长期整改I类7个。",
			`[{"unit":"问题","as_of":"0000-11-28","total":25,"completed":18,"long_term":7,"long_term_class":"I"}]`},
		{"rules and meetings only", "建立完善制度216项，召开会议40次，处分7人。", `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := readSummaryLines(tt.text, 1)
			for i := range lines {
				lines[i].Text, lines[i].Line, lines[i].RateText = "", 0, ""
			}
			got, _ := json.Marshal(lines)
			var a []map[string]any
			var b any
			_ = json.Unmarshal(got, &a)
			for _, m := range a {
				delete(m, "text")
				delete(m, "line")
			}
			if err := json.Unmarshal([]byte(tt.want), &b); err != nil {
				t.Fatal(err)
			}
			ga, _ := json.Marshal(a)
			gb, _ := json.Marshal(b)
			if string(ga) != string(gb) {
				t.Errorf("readSummaryLines(%q)\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}
