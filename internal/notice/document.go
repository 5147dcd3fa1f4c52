// Package notice reads and writes the published notice of rectification
// progress (整改进展情况的通报): Parse turns plain text, a .docx or a saved web
// page into a Document; Render writes an inspection from the record as a
// notice in text or Markdown; Lint reports the inconsistencies reviewers look
// for by hand.
package notice

import (
	rectify "github.com/rectify-dev/rectify"
)

// Document is a notice read as structure. Its JSON form is the contract of
// `rectify parse`; keep the field names.
type Document struct {
	Issuer     string         `json:"issuer"`
	Title      string         `json:"title"`
	Date       rectify.Date   `json:"date"`
	Inspection InspectionInfo `json:"inspection"`
	// Opening is the first paragraph (根据…统一部署，…), as written.
	Opening string `json:"opening,omitempty"`
	// Work holds the paragraphs of the section on organising the work
	// (组织整改落实情况), as written, without the summary line.
	Work      []string        `json:"work,omitempty"`
	Summary   Summary         `json:"summary"`
	Findings  []Finding       `json:"findings"`
	NextSteps []string        `json:"next_steps,omitempty"` // 下一步整改工作安排
	Contact   rectify.Contact `json:"contact"`
	Warnings  []Warning       `json:"warnings"`
}

// InspectionInfo is what the opening says of the inspection.
type InspectionInfo struct {
	Team     string                 `json:"team"`
	Kind     rectify.InspectionKind `json:"kind"`
	Start    rectify.Date           `json:"start"`
	End      rectify.Date           `json:"end"`
	Feedback rectify.Date           `json:"feedback"`
	Deployer string                 `json:"deployer,omitempty"`  // 市委 in 根据市委统一部署
	UnitName string                 `json:"unit_name,omitempty"` // the inspected Party organisation
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
	Measures    []Measure      `json:"measures"`
	Line        int            `json:"line"`
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
