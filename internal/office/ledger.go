package office

import (
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// LedgerRow is one row of the ledger (台账): a measure of a problem, or a
// problem without measures, with what the workbook shows beside it. It has
// the shape of the store's row, so that one converts to the other.
type LedgerRow struct {
	Inspection *rectify.Inspection // the header: unit, team, kind
	Finding    *rectify.Finding    // number and title
	Problem    *rectify.Problem    // own fields and current status
	Measure    *rectify.Measure    // nil for a problem without measures
	Progress   *rectify.Progress   // the latest report on the measure or the whole problem, or nil
	Evidence   int                 // evidence files of those reports
}

// LedgerField is a column of the ledger, by what it holds.
type LedgerField int

// The columns of the ledger, in the order the workbook writes them. Light
// (预警) and Evidence (证明材料) are computed and ignored when read; Source
// (整改来源, the kind of rectification: 巡察, 审计 …) is the inspection's,
// written on every row so that a ledger of every kind filters by it; the five
// last are hidden in the workbook and carry the record's IDs and versions,
// so that a workbook brought back updates what it came from.
const (
	FieldNumber LedgerField = iota
	FieldInspection
	FieldFinding
	FieldProblem
	FieldMeasure
	FieldTrack
	FieldStatus
	FieldLeader
	FieldOwnerUnit
	FieldDue
	FieldLight
	FieldProgress
	FieldProgressDate
	FieldEvidence
	FieldSource
	FieldInspectionID
	FieldProblemID
	FieldProblemVersion
	FieldMeasureID
	FieldMeasureVersion
	numLedgerFields
	// FieldDone (完成时间) is read from a unit's own sheet, not written:
	// the day a measure, or the problem, was carried out.
	FieldDone     = numLedgerFields
	numReadFields = numLedgerFields + 1
)

// ledgerColumn is a column's header as written, the other names a unit's
// own sheet gives it, and its width in the workbook (in widths of a digit;
// a Chinese character takes two).
var ledgerColumns = [numReadFields]struct {
	header   string
	synonyms []string
	width    float64
}{
	FieldNumber:         {"序号", []string{"问题序号", "问题编号"}, 6},
	FieldInspection:     {"巡察", []string{"巡察名称", "巡察轮次", "所属巡察"}, 26},
	FieldSource:         {"整改来源", []string{"问题来源", "来源", "来源类型"}, 12},
	FieldFinding:        {"反馈问题", []string{"问题类别", "问题类型", "反馈意见", "问题分类"}, 28},
	FieldProblem:        {"具体问题", []string{"问题内容", "问题描述", "存在问题", "问题表现", "问题"}, 46},
	FieldMeasure:        {"整改措施", []string{"措施", "整改举措", "具体措施"}, 46},
	FieldTrack:          {"整改类型", []string{"整改类别", "整改方式", "整改分类"}, 10},
	FieldStatus:         {"整改状态", []string{"整改结果", "状态", "完成情况", "整改完成情况"}, 12},
	FieldLeader:         {"责任领导", []string{"分管领导", "牵头领导", "责任领导人"}, 12},
	FieldOwnerUnit:      {"责任单位", []string{"责任部门", "责任科室", "牵头单位", "责任股室"}, 18},
	FieldDue:            {"整改时限", []string{"完成时限", "时限", "整改期限", "计划完成时间", "要求完成时间"}, 12},
	FieldLight:          {"预警", []string{"预警灯", "红黄绿灯"}, 8},
	FieldProgress:       {"最新进展", []string{"整改进展", "进展情况", "整改情况", "进展"}, 40},
	FieldProgressDate:   {"进展日期", []string{"报送日期"}, 12},
	FieldEvidence:       {"证明材料（件）", []string{"证明材料", "佐证材料"}, 15},
	FieldInspectionID:   {"巡察ID", nil, 8},
	FieldProblemID:      {"问题ID", nil, 8},
	FieldProblemVersion: {"问题版本", nil, 8},
	FieldMeasureID:      {"措施ID", nil, 8},
	FieldMeasureVersion: {"措施版本", nil, 8},
	FieldDone:           {"完成时间", []string{"完成日期", "实际完成时间", "实际完成日期", "办结时间", "办结日期", "销号时间"}, 12},
}

// Header returns the column's header as the workbook writes it.
func (f LedgerField) Header() string {
	if f < 0 || f >= numReadFields {
		return ""
	}
	return ledgerColumns[f].header
}

// inspectionLabel names an inspection in the ledger: the inspected unit,
// the team and the kind.
func inspectionLabel(in *rectify.Inspection) string {
	if in == nil {
		return ""
	}
	unit := in.UnitName
	if unit == "" {
		unit = in.Issuer
	}
	return strings.TrimSpace(strings.Join(strings.Fields(unit+" "+in.Team+string(in.Kind)), " "))
}

// sourceText is the kind of rectification as the ledger writes it: 巡察,
// 审计, 生态环境督察 … (ParseSource reads each back).
func sourceText(in *rectify.Inspection) string {
	if in == nil {
		return ""
	}
	return in.Source.Or().Label()
}

// ProblemText is the problem as the ledger writes it: the title as a
// sentence, then the description.
func ProblemText(p *rectify.Problem) string {
	title := strings.TrimSpace(p.Title)
	desc := strings.TrimSpace(p.Description)
	if desc == "" {
		return title
	}
	return sentence(title) + desc
}

// sentence returns s ending with a Chinese full stop unless it ends a
// sentence already.
func sentence(s string) string {
	for _, end := range []string{"。", "！", "？", "；"} {
		if strings.HasSuffix(s, end) {
			return s
		}
	}
	return strings.TrimRight(s, "；;，,.") + "。"
}

// SplitProblemText reads a problem's cell back into a title (its first
// sentence, without the full stop) and a description (the rest), leaving
// out a leading number ("1．", "2、", "（3）").
func SplitProblemText(s string) (title, desc string) {
	s = strings.TrimSpace(StripNumbering(s))
	if i := strings.Index(s, "。"); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len("。"):])
	}
	return s, ""
}

// StripNumbering drops a leading item number: "1．", "1.", "1、", "（1）", "(1)", "①".
func StripNumbering(s string) string {
	t := strings.TrimSpace(s)
	rs := []rune(t)
	i := 0
	switch {
	case len(rs) > 0 && (rs[0] == '（' || rs[0] == '('):
		j := 1
		for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
			j++
		}
		if j > 1 && j < len(rs) && (rs[j] == '）' || rs[j] == ')') {
			return strings.TrimSpace(string(rs[j+1:]))
		}
		return t
	case len(rs) > 0 && rs[0] >= '①' && rs[0] <= '⑳':
		return strings.TrimSpace(string(rs[1:]))
	}
	for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
		i++
	}
	if i > 0 && i < len(rs) && strings.ContainsRune(".．、,，:：", rs[i]) {
		return strings.TrimSpace(string(rs[i+1:]))
	}
	return t
}

// MeasureText is a measure as the ledger writes it: under its group's
// heading when it has one ("关于X的问题：…").
func MeasureText(m *rectify.Measure) string {
	text := strings.TrimSpace(m.Text)
	if g := strings.TrimSpace(m.Group); g != "" {
		return groupHeading(g) + "：" + text
	}
	return text
}

// groupHeading returns "关于X的问题" for a group X (or the group as is when it
// reads so already).
func groupHeading(g string) string {
	g = strings.TrimRight(g, "：: ")
	if strings.HasPrefix(g, "关于") && strings.HasSuffix(g, "的问题") {
		return g
	}
	return "关于" + g + "的问题"
}

// SplitMeasureText reads a measure's cell back into its group and text.
func SplitMeasureText(s string) (group, text string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "关于") {
		if i := strings.Index(s, "的问题："); i > 0 {
			return s[:i+len("的问题")], strings.TrimSpace(s[i+len("的问题："):])
		}
	}
	return "", StripNumbering(s)
}

// trackText is a track as the ledger writes it ("" when not classed).
func trackText(t rectify.Track) string {
	if t == "" {
		return ""
	}
	return t.Label()
}

// RowOwner is the responsible unit of a row: the measure's, else the problem's.
func RowOwner(p *rectify.Problem, m *rectify.Measure) string {
	if m != nil && strings.TrimSpace(m.Owner) != "" {
		return m.Owner
	}
	return p.OwnerUnit
}

// RowDue is the deadline of a row: the measure's, else the problem's.
func RowDue(p *rectify.Problem, m *rectify.Measure) rectify.Date {
	if m != nil && !m.Due.IsZero() {
		return m.Due
	}
	return p.Due
}

// dueLongTerm is what the deadline cell says of a long-term item without a date.
const dueLongTerm = "长期"

// lightOf is the row's light on day asOf: none for a measure carried out,
// else the problem's light against the row's deadline.
func lightOf(r *LedgerRow, asOf rectify.Date, warnDays int) rectify.Light {
	if r.Measure != nil && r.Measure.IsDone(asOf) {
		return rectify.LightNone
	}
	return rectify.LightOf(asOf, r.Problem.Status, RowDue(r.Problem, r.Measure), r.Problem.NextMilestone, warnDays)
}
