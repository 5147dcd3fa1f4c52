package workflow_test

import (
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func TestSupervision(t *testing.T) {
	w := newWorld(t)
	// Today is 2024-03-01.
	yellow := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-03-03"), title: "水质检测不按频次开展"})
	red := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-02-19"), title: "河道采砂整治推进迟缓"})
	green := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, due: d("2024-05-01"), title: "防汛物资台账不全"})
	other := w.problem(problemSpec{unit: w.transport, status: rectify.StatusInProgress, open: 1, due: d("2024-02-01"), title: "道路养护资金使用不规范"})
	ok(t, w.svc.SetSetting(as(w.admin), w.water.ID, workflow.SettingSupervisionRequest, "请于3日内报送整改情况。"))

	tests := []struct {
		name    string
		user    *rectify.User
		in      workflow.SupervisionInput
		code    string
		items   []string
		to      string
		summary string
		request string
	}{
		{name: "the water bureau's red and yellow", user: w.reviewer, in: workflow.SupervisionInput{UnitID: w.water.ID},
			items: []string{"河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"}, to: "中共青石县水务局党组",
			summary: "有1个亮红灯（已逾期）、1个亮黄灯", request: "请于3日内报送整改情况。"},
		{name: "the county's, with the default request", user: w.reviewer, in: workflow.SupervisionInput{UnitID: w.root.ID},
			items:   []string{"道路养护资金使用不规范 逾期 29 天", "河道采砂整治推进迟缓 逾期 11 天", "水质检测不按频次开展 还有 2 天"},
			to:      "中共青石县委员会",
			summary: "有2个亮红灯", request: workflow.DefaultSupervisionRequest},
		{name: "a selection, in its order, whatever the light", user: w.waterEditor,
			in:    workflow.SupervisionInput{Problems: []int64{green.ID, red.ID}},
			items: []string{"防汛物资台账不全 还有 61 天", "河道采砂整治推进迟缓 逾期 11 天"}, to: "中共青石县水务局党组",
			summary: "以下2个巡察反馈问题需督促整改（其中1个亮红灯、0个亮黄灯）", request: "请于3日内报送整改情况。"},
		{name: "a selection across the scope", user: w.waterEditor, in: workflow.SupervisionInput{Problems: []int64{yellow.ID, other.ID}},
			code: rectify.EFORBIDDEN},
		{name: "a unit out of scope", user: w.waterEditor, in: workflow.SupervisionInput{UnitID: w.transport.ID}, code: rectify.EFORBIDDEN},
		{name: "a problem that is gone", user: w.waterEditor, in: workflow.SupervisionInput{Problems: []int64{red.ID, 999999}}, code: rectify.ENOTFOUND},
		{name: "nothing", user: w.waterEditor, code: rectify.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := w.svc.Supervision(as(tt.user), tt.in)
			if rectify.ErrorCode(err) != tt.code && !(err == nil && tt.code == "") {
				t.Fatalf("error %v, want %q", err, tt.code)
			}
			if tt.code != "" {
				return
			}
			var items []string
			for _, it := range o.Items {
				items = append(items, it.Problem.Title+" "+it.Lateness.Text())
			}
			same(t, "items", items, tt.items)
			doc := o.Document()
			if doc.To != tt.to || !strings.Contains(doc.Summary, tt.summary) || doc.Request != tt.request {
				t.Errorf("to %q, summary %q, request %q", doc.To, doc.Summary, doc.Request)
			}
			if len(doc.Items) != len(tt.items) || (len(doc.Items) > 0 && doc.Items[0].Late == "") {
				t.Errorf("document items %+v", doc.Items)
			}
		})
	}
	if err := w.svc.SetSetting(as(w.admin), w.water.ID, workflow.SettingSupervisionRequest, strings.Repeat("长", 501)); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("a request too long: %v", err)
	}
}
