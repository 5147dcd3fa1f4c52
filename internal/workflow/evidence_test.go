package workflow_test

import (
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Reports of our own writing, as units file them: those that only say a
// meeting was held, a document issued or a text studied are flagged; those
// that say what changed are not.
func TestFlagEvidence(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		files []string
		kind  string // "" when not flagged
	}{
		// Flagged.
		{"party group meeting only", "3月15日召开党组会专题研究整改工作，传达了巡察反馈意见，明确了责任分工。", nil, workflow.FlagMeeting},
		{"meetings counted, nothing done", "先后召开整改推进会3次，对下一步工作作出部署。", nil, workflow.FlagMeeting},
		{"notice issued", "印发了《关于进一步加强公务用车管理的通知》，要求各股室严格执行。", nil, workflow.FlagDocument},
		{"notice forwarded", "转发上级有关文件2份，要求各单位高度重视、认真落实。", nil, workflow.FlagDocument},
		{"study with attendance", "组织全体干部职工集中学习相关文件精神，参学86人次。", nil, workflow.FlagStudy},
		{"training held", "开展财务人员业务培训，培训覆盖120人。", nil, workflow.FlagStudy},
		{"empty claim with minutes", "已按要求落实。", []string{"会议纪要.pdf", "签到表.jpg"}, workflow.FlagMeeting},
		{"study finished", "已完成学习，干部思想认识进一步提高。", nil, workflow.FlagStudy},
		// Not flagged.
		{"money recovered", "清退违规发放的津补贴12.6万元，已全部上缴财政。", nil, ""},
		{"meeting, then vehicles fitted", "召开专题会后，对12辆公务用车全部安装北斗定位设备，建立用车台账。", nil, ""},
		{"rule issued and vouchers checked", "印发《差旅费报销审批规程》，并对2022年以来的312笔报销凭证逐一复核，追回违规报销款4800元。", nil, ""},
		{"sites removed", "河道非法采砂点已全部拆除，恢复河岸植被。", nil, ""},
		{"percentage fall", "召开调度会督办，超期未办结信访件下降40%。", nil, ""},
		{"nothing formal", "正在推进中。", nil, ""},
		{"minutes and before-and-after photos", "已按要求落实。", []string{"会议纪要.pdf", "整改前后对比照片.jpg"}, ""},
		{"completed rectification", "已完成整改，采砂船全部拖离河道。", []string{"现场照片.jpg"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, reason, flagged := workflow.FlagEvidence(tt.text, tt.files)
			if flagged != (tt.kind != "") || kind != tt.kind {
				t.Fatalf("flagged %v (%s), want %q", flagged, kind, tt.kind)
			}
			if flagged && reason == "" {
				t.Error("flagged without a reason")
			}
		})
	}
}

// The reviewer sees the flags at sign-off; they do not block it.
func TestSignOffViewShowsFlags(t *testing.T) {
	w := newWorld(t)
	p := w.problem(problemSpec{status: rectify.StatusInProgress})
	unit := as(w.waterEditor)
	_, err := w.svc.AddProgress(unit, workflow.ProgressInput{ProblemID: p.ID, Text: "召开局党组会议，专题研究河道采砂整改工作。",
		Files:  []storeFile{{Name: "会议纪要.pdf", Data: []byte("%PDF")}},
		Status: workflow.StatusInput{To: rectify.StatusSubmitted}})
	ok(t, err)
	view, err := w.svc.SignOffView(as(w.reviewer), p.ID)
	ok(t, err)
	if len(view.Flags) != 1 || view.Flags[0].Kind != workflow.FlagMeeting || !view.AllFlagged {
		t.Fatalf("flags %+v, all %v", view.Flags, view.AllFlagged)
	}
	if view.Refusal != "" {
		t.Errorf("refusal %q", view.Refusal)
	}
	same(t, "next statuses", view.Next, []rectify.Status{rectify.StatusCompleted, rectify.StatusLongTerm, rectify.StatusInProgress})
	_, err = w.svc.Approve(as(w.reviewer), p.ID)
	ok(t, err)
}
