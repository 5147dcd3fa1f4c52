package workflow_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// TestSetPublic: a unit marks which report stands in the public notice, or
// writes one public sentence; the notice generated from the record says it,
// as written.
func TestSetPublic(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	type step struct {
		as       func(w *world) *rectify.User
		progress int // 1, 2: the first or second report; -1: the other problem's
		text     string
	}
	tests := []struct {
		name  string
		steps []step
		code  string
		want  string // in the notice's 整改情况
		not   string // not in it
	}{
		{name: "by default the latest report", want: "整改情况：已将巡河情况纳入乡镇年度考核。", not: "开展河道采砂专项清理行动"},
		{name: "a report chosen", steps: []step{{progress: 1}}, want: "整改情况：清理非法采砂点7处，没收采砂船2艘，巡查台账按日登记。",
			not: "纳入乡镇年度考核"},
		{name: "a public sentence", steps: []step{{progress: 1}, {text: "采砂点全部清理，巡查台账按日登记。"}},
			want: "整改情况：采砂点全部清理，巡查台账按日登记。"},
		{name: "back to the default", steps: []step{{text: "采砂点全部清理。"}, {}}, want: "整改情况：已将巡河情况纳入乡镇年度考核。"},
		{name: "another problem's report is refused", steps: []step{{progress: -1}}, code: rectify.EINVALID,
			want: "整改情况：已将巡河情况纳入乡镇年度考核。"},
		{name: "a sentence too long is refused", steps: []step{{text: strings.Repeat("整", rectify.MaxPublicText+1)}}, code: rectify.EINVALID,
			want: "整改情况：已将巡河情况纳入乡镇年度考核。"},
		{name: "a viewer may not", steps: []step{{as: func(w *world) *rectify.User { return w.viewer }, progress: 1}},
			code: rectify.EFORBIDDEN, want: "整改情况：已将巡河情况纳入乡镇年度考核。"},
		{name: "another unit may not", steps: []step{{as: func(w *world) *rectify.User { return w.transportEditor }, progress: 1}},
			code: rectify.EFORBIDDEN, want: "整改情况：已将巡河情况纳入乡镇年度考核。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			p := w.problem(problemSpec{evidence: true})
			other := w.problem(problemSpec{evidence: true, title: "另一个问题"})
			_, err := w.svc.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Date: d("2024-02-20"),
				Text: "已将巡河情况纳入乡镇年度考核"})
			ok(t, err)
			reports, err := w.s.ListProgress(ctx, p.ID)
			ok(t, err)
			others, err := w.s.ListProgress(ctx, other.ID)
			ok(t, err)
			var last error
			for _, s := range tt.steps {
				u := w.waterEditor
				if s.as != nil {
					u = s.as(w)
				}
				in := workflow.PublicInput{ProblemID: p.ID, Text: s.text}
				switch {
				case s.progress > 0:
					in.ProgressID = reports[s.progress-1].ID
				case s.progress < 0:
					in.ProgressID = others[0].ID
				}
				_, last = w.svc.SetPublic(as(u), in)
			}
			wantErr(t, last, tt.code, "")
			in, err := w.s.LoadInspection(ctx, p.InspectionID)
			ok(t, err)
			var buf bytes.Buffer
			ok(t, notice.Render(&buf, in, notice.RenderOptions{AsOf: d("2024-03-01")}))
			if !strings.Contains(buf.String(), tt.want) || (tt.not != "" && strings.Contains(buf.String(), tt.not)) {
				t.Errorf("the notice says:\n%s\nwant %q, not %q", buf.String(), tt.want, tt.not)
			}
		})
	}
}

// TestSetPublicAudited: the choice is a change of the problem, in its
// history under the acting user.
func TestSetPublicAudited(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	w := newWorld(t)
	p := w.problem(problemSpec{evidence: true})
	pub, err := w.svc.SetPublic(as(w.waterEditor), workflow.PublicInput{ProblemID: p.ID, Text: "采砂点全部清理。"})
	ok(t, err)
	if pub.Text != "采砂点全部清理。" || len(pub.Reports) != 1 {
		t.Errorf("public %+v", pub)
	}
	h, err := w.s.ProblemHistory(ctx, p.ID)
	ok(t, err)
	last := h[len(h)-1]
	if last.ActorName != w.waterEditor.Name || !strings.Contains(last.After, "采砂点全部清理。") {
		t.Errorf("last history entry %+v", last)
	}
	rep, err := w.s.VerifyAudit(ctx)
	ok(t, err)
	if !rep.OK() {
		t.Errorf("audit: %+v", rep)
	}
}
