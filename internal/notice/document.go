// Package notice reads and writes the published notice of rectification
// progress (整改进展情况的通报): Parse turns plain text, a .docx or a saved web
// page — and, through external programs, a PDF, a scan, a .doc or .wps —
// into a Document; Render writes an inspection from the record as a
// notice in text or Markdown; Lint reports the inconsistencies reviewers look
// for by hand.
package notice

import (
	rectify "github.com/rectify-dev/rectify"
)

// Document is a notice read as structure. Its JSON form is the contract of
// `rectify parse`; keep the field names.
type Document struct {
	Issuer string `json:"issuer"`
	// IssuerSource says where Issuer was read: "heading" (above the
	// title), "title" (关于 preceded by the name), "signature", "metadata"
	// (a row such as 发布机构 or 公开责任部门) or "body" (我局党组 resolved
	// from the text).
	IssuerSource string       `json:"issuer_source,omitempty"`
	Title        string       `json:"title"`
	Date         rectify.Date `json:"date"`
	// DateSource says where Date was read: "signature", "metadata"
	// (发布时间, 成文日期, 发布日期), "title" or "heading" (under the title).
	DateSource string         `json:"date_source,omitempty"`
	Inspection InspectionInfo `json:"inspection"`
	// Inferred names the dates whose year the notice leaves out and the
	// reader inferred from context: "date", "inspection.start",
	// "inspection.end", "inspection.feedback", "summary.as_of".
	Inferred []string `json:"inferred,omitempty"`
	// Opening is the first paragraph (根据…统一部署，…), as written.
	Opening string `json:"opening,omitempty"`
	// Work holds the paragraphs of the section on organising the work and
	// its leadership (组织整改落实情况, 组织领导), as written, without the
	// summary line: the notice's organisation text. Paragraphs numbered
	// like problems (（一）加强组织领导…, 1.提高政治站位…) stay here and are
	// never read as problems.
	Work []string `json:"work,omitempty"`
	// Summary is the main summary line in its first shape: the first line
	// that counts problems (or tasks) with a total. It stays for the
	// readers of `rectify parse` JSON; SummaryLines has every line.
	Summary Summary `json:"summary"`
	// SummaryLines holds every summary line of the notice, in order: one
	// per batch or round when a notice reports several (never added up).
	SummaryLines []SummaryLine   `json:"summary_lines"`
	Findings     []Finding       `json:"findings"`
	NextSteps    []string        `json:"next_steps,omitempty"` // 下一步整改工作安排
	Contact      rectify.Contact `json:"contact"`
	// Coverage says what of a notice the reader found and what it did not.
	Coverage Coverage  `json:"coverage"`
	Warnings []Warning `json:"warnings"`
}

// SummaryLine is one summary line as data: "共反馈问题318个，已完成整改301个，
// 基本完成并持续整改9个，未完成8个，整改完成率94.65%". Counts the line does not
// give are nil (omitted from JSON). Categories the line merges stay merged
// (已完成或基本完成87项 is CompletedOrMostly, never split by guess).
type SummaryLine struct {
	Text string `json:"text"`
	Line int    `json:"line"`
	// Unit is what the line counts: 问题, 项, 件, 条, 任务 or 方面.
	Unit string       `json:"unit"`
	AsOf rectify.Date `json:"as_of,omitzero"`
	// Total is the number of problems (or tasks) the line reports on; a
	// count of areas (涉及4个方面) is Areas, never the total.
	Total             *int   `json:"total,omitempty"`
	Areas             *int   `json:"areas,omitempty"`
	Completed         *int   `json:"completed,omitempty"`
	CompletedOrMostly *int   `json:"completed_or_mostly,omitempty"` // 已完成或基本完成
	MostlyCompleted   *int   `json:"mostly_completed,omitempty"`
	InProgress        *int   `json:"in_progress,omitempty"`
	NotCompleted      *int   `json:"not_completed,omitempty"`
	NotStarted        *int   `json:"not_started,omitempty"`
	Deferred          *int   `json:"deferred,omitempty"` // 申请延期整改
	LongTerm          *int   `json:"long_term,omitempty"`
	LongTermClass     string `json:"long_term_class,omitempty"`
	Closed            *int   `json:"closed,omitempty"`      // 已销号: a part of the completed
	OnSchedule        *int   `json:"on_schedule,omitempty"` // 未完成但达到序时进度
	Submitted         *int   `json:"submitted,omitempty"`   // 待销号
	// Rate is the completion rate the line states, in percent (93.4 for
	// "整改完成率93.40%"); RateText keeps it as written.
	Rate     *float64 `json:"rate,omitempty"`
	RateText string   `json:"rate_text,omitempty"`
}

// Coverage says what the reader found of a notice and what it did not.
// A notice that gives counts only (a round over many units, a report whose
// problem list is an attachment) is read, not refused: Missing says so.
type Coverage struct {
	Problems     int `json:"problems"`      // problems read
	WithStatus   int `json:"with_status"`   // of which with a result
	WithMeasures int `json:"with_measures"` // of which with measures
	SummaryLines int `json:"summary_lines"`
	// CountsOnly is true when the notice gives counts and no problem list.
	CountsOnly bool `json:"counts_only"`
	// Missing lists what was not found, each with a code and a Chinese
	// message: no-problem-list, no-statuses, some-statuses, no-measures,
	// no-summary, no-title, no-date, no-issuer, no-inspection.
	Missing []Gap `json:"missing"`
}

// Gap is a part of a notice the reader did not find.
type Gap struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// InspectionInfo is what the opening says of the inspection.
type InspectionInfo struct {
	// Source is the kind of rectification the title or the opening
	// names (xuncha, audit, environment …), empty when neither does.
	Source   rectify.Source         `json:"source,omitempty"`
	Team     string                 `json:"team"`
	Kind     rectify.InspectionKind `json:"kind"`
	Start    rectify.Date           `json:"start"`
	End      rectify.Date           `json:"end"`
	Feedback rectify.Date           `json:"feedback"`
	Deployer string                 `json:"deployer,omitempty"`  // 市委 in 根据市委统一部署
	UnitName string                 `json:"unit_name,omitempty"` // the inspected Party organisation
	// PeriodPrecision is "month" when the notice names the period by
	// months only (2023年9月至10月): Start is then the first day of the first
	// month and End the last day of the last.
	PeriodPrecision string `json:"period_precision,omitempty"`
	// FeedbackPrecision is "month" when the feedback is named by its month
	// only (2023年12月反馈): Feedback is then the first day of that month.
	FeedbackPrecision string `json:"feedback_precision,omitempty"`
}

// Summary is the summary line: "截至11月28日，巡察反馈的25个具体问题，已完成整改18个，…".
// Counts not given in the line are nil (and omitted from JSON).
type Summary struct {
	AsOf            rectify.Date `json:"as_of"`
	Total           int          `json:"total"`
	Completed       int          `json:"completed"`
	LongTerm        int          `json:"long_term"`
	LongTermClass   string       `json:"long_term_class,omitempty"`
	MostlyCompleted *int         `json:"mostly_completed,omitempty"`
	InProgress      *int         `json:"in_progress,omitempty"`
	NotCompleted    *int         `json:"not_completed,omitempty"`
	NotStarted      *int         `json:"not_started,omitempty"`
	Submitted       *int         `json:"submitted,omitempty"` // 待销号
	Line            int          `json:"line,omitempty"`      // 0 when the notice has no summary line
}

// Finding is a category-level heading (反馈问题) with its problems. Number is
// 1…n in order even when the notice leaves it out; Numbered says whether the
// notice wrote it.
type Finding struct {
	Number   int       `json:"number"`
	Numbered bool      `json:"numbered"`
	Title    string    `json:"title"`
	Line     int       `json:"line"`
	Problems []Problem `json:"problems"`
}

// Problem is a specific problem (具体问题) with its result and measures.
type Problem struct {
	Number      int            `json:"number"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Status      rectify.Status `json:"status"`
	StatusClass string         `json:"status_class"`
	StatusText  string         `json:"status_text"`
	StatusLine  int            `json:"status_line,omitempty"`
	// LongTermKept marks a result that is done and kept up long-term
	// (已经完成、长期坚持): Status is completed, and the work goes on.
	LongTermKept bool      `json:"long_term_kept,omitempty"`
	Measures     []Measure `json:"measures"`
	Line         int       `json:"line"`
	// What some notices add under a problem: 责任领导, 责任单位 and 整改时限
	// (as written, and as a day when it names one: the last day of a month
	// or year it names).
	Leader    string       `json:"leader,omitempty"`
	OwnerUnit string       `json:"owner_unit,omitempty"`
	DueText   string       `json:"due_text,omitempty"`
	Due       rectify.Date `json:"due,omitzero"`
}

// Measure is one action of a problem's 整改情况: ① … ② …; Group is the
// sub-issue heading it stands under ("关于…的问题"), if any.
type Measure struct {
	Text  string `json:"text"`
	Group string `json:"group,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// Warning is something the reader noticed: text that fits nowhere, a
// missing number, a count that does not add up. Line is 1-based; 0 when the
// warning concerns the whole document.
type Warning struct {
	Line    int    `json:"line"`
	Code    string `json:"code"`
	Message string `json:"message"`
}
