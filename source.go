package rectify

import (
	"strings"
)

// Source is the kind of rectification an inspection's findings come from
// (整改来源): a Party inspection (巡视, 巡察), an audit (审计整改), an
// environmental inspection (生态环境保护督察交办件), a supervision (督查)
// or another. Every kind has the same shape — findings, problems, measures,
// deadlines, sign-off, a public report — and the same workflow, lights and
// indicators; what differs is the words (Words) and the layout of the
// published report (Layout).
type Source string

// The sources. The zero Source is 巡察, the kind of every inspection
// recorded before sources were told apart.
const (
	SourceXunshi      Source = "xunshi"      // 巡视
	SourceXuncha      Source = "xuncha"      // 巡察
	SourceAudit       Source = "audit"       // 审计
	SourceEnvironment Source = "environment" // 生态环境保护督察
	SourceSupervision Source = "supervision" // 督查
	SourceOther       Source = "other"       // 其他
)

// Sources lists the sources in display order.
var Sources = []Source{SourceXuncha, SourceXunshi, SourceAudit, SourceEnvironment, SourceSupervision, SourceOther}

// Or returns s, or SourceXuncha for the zero Source.
func (s Source) Or() Source {
	if s == "" {
		return SourceXuncha
	}
	return s
}

// Valid reports whether s is a known source (the zero Source is 巡察).
func (s Source) Valid() bool {
	_, ok := sourceWords[s.Or()]
	return ok
}

// Validate returns an EINVALID error naming the field "source" when s is
// not a known source.
func (s Source) Validate() error {
	var v Invalid
	s.validate(&v)
	return v.Err()
}

func (s Source) validate(v *Invalid) {
	if !s.Valid() {
		v.Add("source", "整改来源应为巡察、巡视、审计、生态环境督察、督查或其他")
	}
}

// Label returns the Chinese name of s (巡察, 审计, 生态环境督察 …), or s
// itself when unknown.
func (s Source) Label() string {
	if w, ok := sourceWords[s.Or()]; ok {
		return w.Label
	}
	return string(s)
}

// Words returns the words of s; an unknown source has the words of 其他.
func (s Source) Words() Words {
	if w, ok := sourceWords[s.Or()]; ok {
		return w
	}
	return sourceWords[SourceOther]
}

// HasKind reports whether inspections of s have a sub-kind (常规、专项 …):
// 巡视 and 巡察 only.
func (s Source) HasKind() bool {
	s = s.Or()
	return s == SourceXuncha || s == SourceXunshi
}

// ParseSource reads a source by its code ("audit") or as written in text
// ("审计", "审计整改", "生态环境保护督察", "中央第三巡视组", "督查"): the
// first source whose words the text holds. Subtle pairs are told apart:
// 督察 (environmental inspection) is not 督查 (supervision), 巡视 not 巡察.
func ParseSource(s string) (Source, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if w, ok := sourceWords[Source(s)]; ok {
		return w.Source, true
	}
	for _, m := range sourceMarks {
		for _, word := range m.words {
			if strings.Contains(s, word) {
				return m.source, true
			}
		}
	}
	return "", false
}

// sourceMarks are the words that name a source in a title or an opening,
// most telling first: an audit report may mention 巡察 in passing, but a
// title with 审计 is an audit's; a 督查 title may name a 巡察 it follows
// up.
var sourceMarks = []struct {
	source Source
	words  []string
}{
	{SourceEnvironment, []string{"生态环境保护督察", "环境保护督察", "生态环境督察", "环保督察", "督察交办", "交办件", "信访件"}},
	{SourceAudit, []string{"审计"}},
	{SourceSupervision, []string{"督查"}},
	{SourceXunshi, []string{"巡视"}},
	{SourceXuncha, []string{"巡察"}},
	{SourceOther, []string{"其他", "其它"}},
}

// Layout is the published form of a kind's public report.
type Layout string

// The layouts.
const (
	// LayoutNotice is the progress notice (整改进展情况的通报): findings,
	// each problem with its result and then what was done.
	LayoutNotice Layout = "notice"
	// LayoutAudit is the audit rectification announcement (审计整改情况的
	// 公告): the audit's findings (审计发现问题), each problem with what was
	// done (整改情况) before its result.
	LayoutAudit Layout = "audit"
	// LayoutCases is the public list of handed-over cases (交办件办理情况
	// 公示): one entry per case in the columns of the published table —
	// number, case, responsible unit, what was done (办理情况), result.
	LayoutCases Layout = "cases"
)

// Words are a kind's own words, used by the pages, the notice in every
// format and the importers: one table (sourceWords), never a word written
// into a template for one kind.
type Words struct {
	Source Source `json:"source"`
	// Label is the kind's name (巡察, 审计, 生态环境督察).
	Label string `json:"label"`
	// Long is its full name in a sentence (巡察, 审计, 生态环境保护督察).
	Long string `json:"long"`
	// Team is the inspecting body (巡察组, 审计组, 督察组).
	Team string `json:"team"`
	// Finding is a finding, the category-level heading (反馈问题, 审计发现问题,
	// 督察交办件, 督查发现问题).
	Finding string `json:"finding"`
	// Problem is the tracked, counted item (具体问题, 交办件).
	Problem string `json:"problem"`
	// Measure is its measure word in counts (个, 件).
	Measure string `json:"measure"`
	// Feedback is the document that hands the findings over (反馈意见,
	// 审计报告, 交办通知, 督查通报).
	Feedback string `json:"feedback"`
	// FeedbackDate names the day of the handing over (反馈日期, 审计报告日期,
	// 交办日期).
	FeedbackDate string `json:"feedback_date"`
	// Handed is the verb phrase of the handing over, in "于7月3日…":
	// 反馈了巡察意见, 出具了审计报告, 交办了信访件.
	Handed string `json:"handed"`
	// Given is the problems' origin in the summary line: 巡察反馈的,
	// 审计发现的, 督察组交办的.
	Given string `json:"given"`
	// Inspected is the inspected side (被巡察党组织, 被审计单位, 被督察单位).
	Inspected string `json:"inspected"`
	// Action heads what was done (整改情况, 办理情况); Result the status
	// (整改结果, 办理结果).
	Action string `json:"action"`
	Result string `json:"result"`
	// Report is the public report's name (整改进展情况的通报, 审计整改情况的
	// 公告, 交办件办理情况的公示), Title the title a record without one gets.
	Report string `json:"report"`
	Title  string `json:"title"`
	// Problems is the heading of the section listing the problems.
	Problems string `json:"problems"`
	// Work is the heading of the section on the organisation of the work.
	Work   string `json:"work"`
	Layout Layout `json:"layout"`
}

// sourceWords is the table of words, one row per kind.
var sourceWords = map[Source]Words{
	SourceXuncha: {Source: SourceXuncha, Label: "巡察", Long: "巡察", Team: "巡察组", Finding: "反馈问题", Problem: "具体问题",
		Measure: "个", Feedback: "反馈意见", FeedbackDate: "反馈日期", Handed: "反馈了巡察意见", Given: "巡察反馈的", Inspected: "被巡察党组织",
		Action: "整改情况", Result: "整改结果", Report: "整改进展情况的通报", Title: "关于巡察整改进展情况的通报",
		Problems: "反馈问题整改落实情况", Work: "组织整改落实情况", Layout: LayoutNotice},
	SourceXunshi: {Source: SourceXunshi, Label: "巡视", Long: "巡视", Team: "巡视组", Finding: "反馈问题", Problem: "具体问题",
		Measure: "个", Feedback: "反馈意见", FeedbackDate: "反馈日期", Handed: "反馈了巡视意见", Given: "巡视反馈的", Inspected: "被巡视党组织",
		Action: "整改情况", Result: "整改结果", Report: "整改进展情况的通报", Title: "关于巡视整改进展情况的通报",
		Problems: "反馈问题整改落实情况", Work: "组织整改落实情况", Layout: LayoutNotice},
	SourceAudit: {Source: SourceAudit, Label: "审计", Long: "审计", Team: "审计组", Finding: "审计发现问题", Problem: "问题",
		Measure: "个", Feedback: "审计报告", FeedbackDate: "审计报告日期", Handed: "出具了审计报告", Given: "审计发现的", Inspected: "被审计单位",
		Action: "整改情况", Result: "整改结果", Report: "审计整改情况的公告", Title: "关于审计整改情况的公告",
		Problems: "审计发现问题的整改情况", Work: "审计整改工作开展情况", Layout: LayoutAudit},
	SourceEnvironment: {Source: SourceEnvironment, Label: "生态环境督察", Long: "生态环境保护督察", Team: "督察组",
		Finding: "督察交办件", Problem: "交办件", Measure: "件", Feedback: "交办通知", FeedbackDate: "交办日期", Handed: "交办了群众信访件",
		Given: "督察组交办的", Inspected: "被督察单位", Action: "办理情况", Result: "办理结果",
		Report: "交办件办理情况的公示", Title: "关于生态环境保护督察交办件办理情况的公示",
		Problems: "督察交办件办理情况", Work: "交办件办理工作开展情况", Layout: LayoutCases},
	SourceSupervision: {Source: SourceSupervision, Label: "督查", Long: "督查", Team: "督查组", Finding: "督查发现问题",
		Problem: "问题", Measure: "个", Feedback: "督查反馈意见", FeedbackDate: "反馈日期", Handed: "反馈了督查意见", Given: "督查发现的",
		Inspected: "被督查单位", Action: "整改情况", Result: "整改结果", Report: "督查发现问题整改情况的通报",
		Title: "关于督查发现问题整改情况的通报", Problems: "督查发现问题整改落实情况", Work: "组织整改落实情况",
		Layout: LayoutNotice},
	SourceOther: {Source: SourceOther, Label: "其他", Long: "检查", Team: "检查组", Finding: "发现问题", Problem: "问题",
		Measure: "个", Feedback: "反馈意见", FeedbackDate: "反馈日期", Handed: "反馈了检查意见", Given: "检查发现的", Inspected: "被检查单位",
		Action: "整改情况", Result: "整改结果", Report: "问题整改情况的通报", Title: "关于问题整改情况的通报",
		Problems: "发现问题整改落实情况", Work: "组织整改落实情况", Layout: LayoutNotice},
}

// KindLabel returns how the inspection's kind is written: the sub-kind of
// a 巡察 or 巡视 in the source's word ("常规巡察", "专项巡视", "巡视“回头看”"),
// else the source's full name ("审计", "生态环境保护督察").
func (in *Inspection) KindLabel() string {
	src := in.Source.Or()
	w := src.Words()
	if !src.HasKind() || in.Kind == "" {
		return w.Long
	}
	return strings.ReplaceAll(string(in.Kind), "巡察", w.Label)
}
