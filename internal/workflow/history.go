package workflow

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// HistoryItem is one change in a problem's history, as its page shows it:
// who, when it was recorded, the day it happened, what, and each field
// before and after.
type HistoryItem struct {
	Seq int64     `json:"seq"` // the audit log's entry
	At  time.Time `json:"at"`  // when it was recorded (记录时间)
	// On is the day it happened (发生日期) for a status change, a progress
	// report and a measure done; zero for other changes.
	On       rectify.Date `json:"on,omitempty"`
	Actor    string       `json:"actor"`
	Entity   string       `json:"entity"` // store.EntityProblem, …
	EntityID int64        `json:"entity_id"`
	Action   string       `json:"action"` // store.ActionCreate, …
	// Summary says what happened in one Chinese sentence.
	Summary string   `json:"summary"`
	Changes []Change `json:"changes"`
}

// Change is one field before and after, labelled and written for people
// (statuses as 整改中, not in_progress).
type Change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// History returns the history of a problem from the audit log, oldest
// first: the problem, its measures, status changes, progress, evidence,
// look-backs and linked opinions. Any user whose scope holds the problem
// may read it. It returns EUNAUTHORIZED, EFORBIDDEN or ENOTFOUND.
func (s *Service) History(ctx context.Context, problemID int64) ([]HistoryItem, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, wrap("history", err)
	}
	unit, err := s.Store.ProblemUnit(ctx, problemID)
	if err != nil {
		return nil, wrap("history", err)
	}
	if err := inScope(u, unit); err != nil {
		return nil, wrap("history", err)
	}
	entries, err := s.Store.ProblemHistory(ctx, problemID)
	if err != nil {
		return nil, wrap("history", err)
	}
	out := make([]HistoryItem, 0, len(entries))
	for _, e := range entries {
		out = append(out, Describe(e))
	}
	return out, nil
}

// fieldLabels names the fields of the record in Chinese.
var fieldLabels = map[string]string{
	"title": "标题", "description": "描述", "status": "状态", "status_date": "状态日期", "next_milestone": "下一节点",
	"class": "类别", "due": "整改时限", "done": "完成日期", "text": "内容", "owner": "责任人", "leader": "责任领导",
	"owner_unit": "责任单位", "reason": "理由", "author": "填报人", "date": "发生日期", "result": "结果", "note": "说明",
	"sampled": "随机抽查", "reviewer": "审核人", "track": "整改类型", "number": "序号", "grp": "分组", "opened": "交办日期",
	"name": "名称", "size": "大小", "sha256": "SHA-256", "content_type": "文件类型", "created": "创建时间",
	"measure_id": "整改措施", "problem_id": "问题", "progress_id": "整改情况", "inspection_id": "巡察", "finding_id": "反馈问题",
	"state": "办理状态", "assignee": "承办人", "reply": "答复", "reply_public": "公开答复", "contact": "联系方式",
	"unit_id": "单位", "received": "收到时间", "person": "被问责人", "form": "问责方式", "kind": "类型",
	"problem_ids": "对应问题", "value": "取值",
	"public_progress_id": "公开通报所用的整改情况", "public_text": "公开表述",
}

var actionLabels = map[string]string{
	store.ActionCreate: "新建", store.ActionUpdate: "修改", store.ActionDelete: "删除",
	store.ActionStatus: "状态变更", store.ActionBaseline: "建档",
}

// Describe turns an audit log entry into a history item.
func Describe(e store.AuditEntry) HistoryItem {
	it := HistoryItem{Seq: e.Seq, At: e.At, Actor: e.ActorName, Entity: e.Entity, EntityID: e.EntityID, Action: e.Action}
	if it.Actor == store.SystemActor {
		it.Actor = "系统"
	}
	for _, c := range e.Changes() {
		if c.Field == "version" {
			continue
		}
		label := fieldLabels[c.Field]
		if label == "" {
			label = c.Field
		}
		it.Changes = append(it.Changes, Change{Field: c.Field, Label: label,
			Before: fieldText(e.Entity, c.Field, c.Before), After: fieldText(e.Entity, c.Field, c.After)})
	}
	it.Summary = summary(e, it.Changes)
	it.On = happened(e, it.Changes)
	return it
}

// fieldText writes a field's value for people.
func fieldText(entity, field, v string) string {
	switch {
	case field == "status" && entity != store.EntityComment:
		if v != "" {
			return rectify.Status(v).Label()
		}
	case field == "state":
		return CommentStateLabel(rectify.CommentState(v))
	case field == "result":
		switch rectify.RecheckResult(v) {
		case rectify.RecheckPassed:
			return "巩固"
		case rectify.RecheckFailed:
			return "反弹"
		}
	case field == "track":
		if v != "" {
			return rectify.Track(v).Label()
		}
	case v == "true":
		return "是"
	case v == "false":
		return "否"
	}
	return v
}

// happened returns the day the change of e happened, when it has one: the
// date of a status change or a progress report, the done date of a measure.
func happened(e store.AuditEntry, changes []Change) rectify.Date {
	field := ""
	switch {
	case (e.Entity == store.EntityStatusChange || e.Entity == store.EntityProgress) && e.Action == store.ActionCreate:
		field = "date"
	case e.Entity == store.EntityMeasure && e.Action == store.ActionUpdate:
		field = "done"
	}
	for _, c := range changes {
		if c.Field == field && field != "" {
			d, err := rectify.ParseDate(c.After)
			if err == nil {
				return d
			}
		}
	}
	return rectify.Date{}
}

// summary says what an entry did in one sentence.
func summary(e store.AuditEntry, changes []Change) string {
	after := map[string]string{}
	for _, c := range changes {
		after[c.Field] = c.After
	}
	switch {
	case e.Entity == store.EntityStatusChange && e.Action == store.ActionCreate:
		s := "状态改为“" + after["status"] + "”"
		if r := after["reason"]; r != "" {
			s += "：" + r
		}
		if m := after["next_milestone"]; m != "" {
			s += "（下一节点 " + m + "）"
		}
		return s
	case e.Entity == store.EntityProblem && e.Action == store.ActionStatus:
		return "问题的当前状态随之更新"
	case e.Entity == store.EntityProgress && e.Action == store.ActionCreate:
		return "填报整改情况：" + clip(after["text"], 40)
	case e.Entity == store.EntityEvidence && e.Action == store.ActionCreate:
		return "上传证明材料“" + after["name"] + "”"
	case e.Entity == store.EntityMeasure && e.Action == store.ActionUpdate && len(changes) == 1 && changes[0].Field == "done":
		if changes[0].After == "" {
			return "整改措施重新打开"
		}
		return "整改措施已完成（" + changes[0].After + "）"
	case e.Entity == store.EntityRecheck && e.Action == store.ActionCreate:
		if after["result"] != "" {
			return "记录回头看结果：" + after["result"] + "（" + after["note"] + "）"
		}
		return "安排回头看，到期 " + after["due"]
	case e.Entity == store.EntityRecheck && e.Action == store.ActionUpdate && after["result"] != "":
		return "回头看结果：" + after["result"]
	case e.Entity == store.EntityQuantity && (e.Action == store.ActionCreate || e.Action == store.ActionDelete):
		fields := after
		verb := "记录整改数字："
		if e.Action == store.ActionDelete {
			verb, fields = "删除整改数字：", map[string]string{}
			for _, c := range changes {
				fields[c.Field] = c.Before
			}
		}
		v, _ := strconv.ParseFloat(fields["value"], 64)
		q := rectify.Quantity{Kind: rectify.QuantityKind(fields["kind"]), Meaning: fields["meaning"], Value: v,
			Unit: fields["unit"], Approx: fields["approx"] == "是"}
		return verb + q.String()
	}
	return fmt.Sprintf("%s%s", actionLabels[e.Action], store.AuditEntityLabel(e.Entity))
}
