package rectify

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Unit is an organisation (被巡察单位 / 党组织). Units form a tree: a city, its
// bureaus, their subordinate units. Path holds the IDs from the root down,
// "/1/4/9/", so that a subtree is a prefix.
type Unit struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id,omitempty"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	// Contact is the public channel printed under the unit's notices.
	Contact Contact `json:"contact"`
	Version int     `json:"version"`
}

// UnitPath returns the path of a child with id under parentPath ("" for a root).
func UnitPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// PathIDs returns the IDs of the units on path from the root down:
// "/1/4/9/" gives 1, 4, 9. It is the one reading of a unit path; parts
// that are not numbers are skipped.
func PathIDs(path string) []int64 {
	var ids []int64
	for part := range strings.SplitSeq(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// Within reports whether the unit with path lies in the subtree at scope
// (a unit is within its own subtree).
func Within(path, scope string) bool {
	return scope != "" && strings.HasPrefix(path, scope)
}

// Depth returns how deep the unit sits in the tree (a root is 0).
func (u *Unit) Depth() int {
	return max(strings.Count(u.Path, "/")-2, 0)
}

// Validate checks a unit before it is stored.
func (u *Unit) Validate() error {
	var v Invalid
	checkText(&v, "name", "单位名称", u.Name, 200, true)
	u.Contact.validate(&v)
	return v.Err()
}

// Team is an inspection group (巡察组), e.g. 市委第四巡察组.
type Team struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Contact is the public channel for opinions (联系电话、地址、邮政信箱、电子邮箱).
type Contact struct {
	Phone   string `json:"phone"`
	Address string `json:"address"`
	// Mailbox is the postal mailbox (邮政信箱), e.g. 某县邮政 1001 信箱.
	Mailbox string `json:"mailbox"`
	Email   string `json:"email"`
}

// IsZero reports whether no channel is given.
func (c Contact) IsZero() bool { return c == Contact{} }

func (c Contact) validate(v *Invalid) {
	checkText(v, "phone", "联系电话", c.Phone, 50, false)
	checkText(v, "address", "地址", c.Address, 200, false)
	checkText(v, "mailbox", "邮政信箱", c.Mailbox, 200, false)
	checkText(v, "email", "电子邮箱", c.Email, 200, false)
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		v.Add("email", "电子邮箱格式不对")
	}
}

// InspectionKind is the kind of an inspection.
type InspectionKind string

// The kinds of inspection; the values are the Chinese terms as notices write them.
const (
	KindRegular  InspectionKind = "常规巡察"
	KindSpecial  InspectionKind = "专项巡察"
	KindExtended InspectionKind = "延伸巡察"
	KindAdHoc    InspectionKind = "机动巡察"
	KindCross    InspectionKind = "交叉巡察"
	KindPromoted InspectionKind = "提级巡察"
	KindFollowUp InspectionKind = "巡察“回头看”"
)

// InspectionKindMessage is the message for a kind that is none of InspectionKinds.
const InspectionKindMessage = "巡察类型应为常规、专项、延伸、机动、交叉、提级或回头看"

// InspectionKinds lists the kinds in display order.
var InspectionKinds = []InspectionKind{KindRegular, KindSpecial, KindExtended, KindAdHoc, KindCross, KindPromoted, KindFollowUp}

// ParseInspectionKind reads a kind as written in text ("延伸巡察", "专项", "回头看").
func ParseInspectionKind(s string) (InspectionKind, bool) {
	switch {
	case strings.Contains(s, "回头看"):
		return KindFollowUp, true
	case strings.Contains(s, "常规"):
		return KindRegular, true
	case strings.Contains(s, "专项"):
		return KindSpecial, true
	case strings.Contains(s, "延伸"):
		return KindExtended, true
	case strings.Contains(s, "机动"):
		return KindAdHoc, true
	case strings.Contains(s, "交叉"):
		return KindCross, true
	case strings.Contains(s, "提级"):
		return KindPromoted, true
	}
	return "", false
}

// Inspection is one inspection of one unit, with what the feedback found.
type Inspection struct {
	ID       int64  `json:"id"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name,omitempty"` // the inspected Party organisation as named in the notice
	Team     string `json:"team"`
	// Source is the kind of rectification (巡察, 审计, 生态环境督察 …);
	// the zero Source is 巡察.
	Source Source `json:"source"`
	// Kind is the sub-kind of a 巡察 or 巡视 (常规、专项 …); empty for the
	// other sources.
	Kind     InspectionKind `json:"kind"`
	Round    int            `json:"round,omitempty"` // 轮次
	Start    Date           `json:"start"`
	End      Date           `json:"end"`
	Feedback Date           `json:"feedback"`

	// The published notice (通报): who issues it, its title and date, its
	// narrative sections, and the public contact block.
	Issuer     string `json:"issuer"`
	Title      string `json:"title"`
	NoticeDate Date   `json:"notice_date"`
	Deployer   string `json:"deployer,omitempty"` // 根据“市委”统一部署
	// Opening is the opening paragraph (开头段) as the unit writes it; empty,
	// the notice writes one from the inspection's facts.
	Opening   string   `json:"opening,omitempty"`
	Work      []string `json:"work,omitempty"`       // 组织整改落实情况, paragraphs
	NextSteps []string `json:"next_steps,omitempty"` // 下一步整改工作安排, paragraphs
	Contact   Contact  `json:"contact"`
	// Published marks the notice as visible on the public page.
	Published bool `json:"published"`
	// Reported holds the summary lines of an imported notice: counts the
	// unit reported, not computed from problems (see ReportedCounts).
	Reported []ReportedCounts `json:"reported,omitempty"`

	Findings []*Finding `json:"findings,omitempty"`
	// Accountability are the inspection's accountability records (问责记录),
	// loaded with its tree so that the notice counts people held
	// accountable once (AccountableOnce); kept and listed on their own.
	Accountability []*Accountability `json:"-"`
	Version        int               `json:"version"`
	Created        time.Time         `json:"created"`
}

// FillFromUnit fills what the notice of in lacks from its unit u: the
// inspected organisation's name and the unit's public channel (a unit's
// contacts serve every notice that gives none of its own). It changes in
// only where it is empty.
func (in *Inspection) FillFromUnit(u *Unit) {
	if u == nil {
		return
	}
	if strings.TrimSpace(in.UnitName) == "" {
		in.UnitName = u.Name
	}
	if in.Contact.IsZero() {
		in.Contact = u.Contact
	}
}

// Problems returns every problem of the inspection in order.
func (in *Inspection) Problems() []*Problem {
	var out []*Problem
	for _, f := range in.Findings {
		out = append(out, f.Problems...)
	}
	return out
}

// LatestStatusDate returns the latest date in the status histories of the
// inspection's problems, or the zero Date when none has a status.
func (in *Inspection) LatestStatusDate() Date {
	d := Date{}
	for _, p := range in.Problems() {
		for _, h := range p.History {
			d = MaxDate(d, h.Date)
		}
	}
	return d
}

// Validate checks the inspection's own fields (not its findings).
func (in *Inspection) Validate() error {
	var v Invalid
	checkText(&v, "team", "巡察组", in.Team, 100, true)
	checkText(&v, "issuer", "发布单位", in.Issuer, 200, false)
	checkText(&v, "title", "标题", in.Title, 200, false)
	checkText(&v, "unit_name", "被巡察党组织", in.UnitName, 200, false)
	checkText(&v, "deployer", "部署机关", in.Deployer, 100, false)
	checkText(&v, "opening", "开头段", in.Opening, 2000, false)
	checkParagraphs(&v, "work", "组织整改落实情况", in.Work)
	checkParagraphs(&v, "next_steps", "下一步工作安排", in.NextSteps)
	in.Source.validate(&v)
	if in.Kind != "" {
		if _, ok := ParseInspectionKind(string(in.Kind)); !ok {
			v.Add("kind", InspectionKindMessage)
		} else if in.Source.Valid() && !in.Source.HasKind() {
			v.Add("kind", in.Source.Label()+"没有巡察类型，请留空")
		}
	}
	if !in.Start.IsZero() && !in.End.IsZero() && in.End.Before(in.Start) {
		v.Add("end", "巡察结束日期早于开始日期")
	}
	if !in.Feedback.IsZero() && !in.End.IsZero() && in.Feedback.Before(in.End) {
		v.Add("feedback", "反馈日期早于巡察结束日期")
	}
	if !in.NoticeDate.IsZero() && !in.Feedback.IsZero() && in.NoticeDate.Before(in.Feedback) {
		v.Add("notice_date", "通报日期早于反馈日期")
	}
	if in.Round < 0 {
		v.Add("round", "轮次不能为负数")
	}
	in.Contact.validate(&v)
	return v.Err()
}

// Finding is a category-level heading of the feedback (反馈问题).
type Finding struct {
	ID           int64      `json:"id"`
	InspectionID int64      `json:"inspection_id"`
	Number       int        `json:"number"`
	Title        string     `json:"title"`
	Problems     []*Problem `json:"problems,omitempty"`
}

// Validate checks the finding's own fields.
func (f *Finding) Validate() error {
	var v Invalid
	checkText(&v, "title", "反馈问题", f.Title, 500, true)
	if f.Number < 0 {
		v.Add("number", "序号不能为负数")
	}
	return v.Err()
}

// Track is how a problem can be handled.
type Track string

// The tracks. The empty Track means "not classed" (an imported notice rarely says).
const (
	TrackImmediate Track = "immediate" // 立行立改
	TrackDeadline  Track = "deadline"  // 限期整改
	TrackLongTerm  Track = "long_term" // 长期整改
)

// Tracks lists the tracks in display order.
var Tracks = []Track{TrackImmediate, TrackDeadline, TrackLongTerm}

// Label returns the Chinese term of t, or "未分类".
func (t Track) Label() string {
	switch t {
	case TrackImmediate:
		return "立行立改"
	case TrackDeadline:
		return "限期整改"
	case TrackLongTerm:
		return "长期整改"
	}
	return "未分类"
}

// Valid reports whether t is a known track or unset.
func (t Track) Valid() bool {
	return t == "" || t == TrackImmediate || t == TrackDeadline || t == TrackLongTerm
}

// ParseTrack reads a track from its code or Chinese term.
func ParseTrack(s string) (Track, bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", true
	case Track(s).Valid():
		return Track(s), true
	case strings.Contains(s, "立行立改"), strings.Contains(s, "立即"):
		return TrackImmediate, true
	case strings.Contains(s, "限期"):
		return TrackDeadline, true
	case strings.Contains(s, "长期"):
		return TrackLongTerm, true
	}
	return "", false
}

// Problem is a specific problem (具体问题): the numbered item that is tracked,
// closed and counted.
type Problem struct {
	ID           int64  `json:"id"`
	InspectionID int64  `json:"inspection_id"`
	FindingID    int64  `json:"finding_id"`
	Number       int    `json:"number"`
	Title        string `json:"title"`
	Description  string `json:"description,omitempty"`
	Track        Track  `json:"track,omitempty"`
	Class        string `json:"class,omitempty"` // of a long-term item: "I", "II", …
	Leader       string `json:"leader,omitempty"`
	OwnerUnit    string `json:"owner_unit,omitempty"` // 责任单位
	Due          Date   `json:"due,omitempty"`
	// Opened is the day the problem was handed over, normally the feedback date.
	Opened Date `json:"opened,omitempty"`

	// Status is the current status, the last entry of History; kept in the
	// store for fast lists and refreshed with every status change.
	Status        Status `json:"status"`
	StatusDate    Date   `json:"status_date,omitempty"`
	NextMilestone Date   `json:"next_milestone,omitempty"`

	Measures []*Measure     `json:"measures,omitempty"`
	History  []StatusChange `json:"history,omitempty"`
	Version  int            `json:"version"`

	// Public says what the public notice shows was done (see PublicResult).
	Public Public `json:"public,omitzero"`
}

// Validate checks the problem's own fields.
func (p *Problem) Validate() error {
	var v Invalid
	checkText(&v, "title", "问题标题", p.Title, 500, true)
	checkText(&v, "description", "问题描述", p.Description, 5000, false)
	checkText(&v, "leader", "责任领导", p.Leader, 100, false)
	checkText(&v, "owner_unit", "责任单位", p.OwnerUnit, 200, false)
	if !p.Track.Valid() {
		v.Add("track", "整改类型应为立行立改、限期整改或长期整改")
	}
	if p.Number < 0 {
		v.Add("number", "序号不能为负数")
	}
	if p.Status != "" && !p.Status.Valid() {
		v.Add("status", "未知的整改状态")
	}
	return v.Err()
}

// StatusAsOf returns the problem's status on day asOf and its entry;
// StatusNotStarted with a zero entry when nothing was recorded by then.
func (p *Problem) StatusAsOf(asOf Date) (Status, StatusChange) {
	if len(p.History) == 0 {
		if p.Status != "" && !p.StatusDate.After(asOf) {
			return p.Status, StatusChange{Status: p.Status, Class: p.Class, Date: p.StatusDate, NextMilestone: p.NextMilestone}
		}
		return StatusNotStarted, StatusChange{}
	}
	h, ok := StatusAsOf(p.History, asOf)
	if !ok {
		return StatusNotStarted, StatusChange{}
	}
	return h.Status, h
}

// Measure is a planned action of a problem (整改措施).
type Measure struct {
	ID        int64  `json:"id"`
	ProblemID int64  `json:"problem_id"`
	Number    int    `json:"number"`          // 1 for ①, …; order within the problem
	Group     string `json:"group,omitempty"` // a sub-issue heading ("关于…的问题")
	Text      string `json:"text"`
	Owner     string `json:"owner,omitempty"`
	Due       Date   `json:"due,omitempty"`
	Done      Date   `json:"done,omitempty"` // the day it was carried out
	Version   int    `json:"version"`
}

// IsDone reports whether the measure was carried out by day asOf.
func (m *Measure) IsDone(asOf Date) bool { return !m.Done.IsZero() && !m.Done.After(asOf) }

// Validate checks the measure's own fields.
func (m *Measure) Validate() error {
	var v Invalid
	checkText(&v, "text", "整改措施", m.Text, 5000, true)
	checkText(&v, "owner", "责任人", m.Owner, 100, false)
	checkText(&v, "group", "分组", m.Group, 500, false)
	return v.Err()
}

// Progress is a report of what was done (整改情况), with evidence.
type Progress struct {
	ID        int64       `json:"id"`
	ProblemID int64       `json:"problem_id"`
	MeasureID int64       `json:"measure_id,omitempty"`
	Date      Date        `json:"date"`
	Text      string      `json:"text"`
	Author    string      `json:"author"`
	Evidence  []*Evidence `json:"evidence,omitempty"`
	Created   time.Time   `json:"created"`
	// Quantities are the figures of the report as the record keeps them.
	Quantities []Quantity `json:"quantities,omitempty"`
}

// Validate checks the progress report.
func (p *Progress) Validate() error {
	var v Invalid
	checkText(&v, "text", "整改情况", p.Text, 10000, true)
	if p.Date.IsZero() {
		v.Add("date", "请填写日期")
	}
	return v.Err()
}

// Evidence is a file behind a progress report: a photo, minutes, a contract.
type Evidence struct {
	ID          int64     `json:"id"`
	ProgressID  int64     `json:"progress_id"`
	ProblemID   int64     `json:"problem_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Created     time.Time `json:"created"`
}

// RuleKind says whether a rule (制度) is new or revised.
type RuleKind string

// The kinds of rule.
const (
	RuleNew     RuleKind = "new"     // 新建
	RuleRevised RuleKind = "revised" // 修订
)

// Rule is institution-building output (建章立制): a rule created or revised
// because of the rectification.
type Rule struct {
	ID           int64    `json:"id"`
	InspectionID int64    `json:"inspection_id"`
	Title        string   `json:"title"`
	Kind         RuleKind `json:"kind"`
	Date         Date     `json:"date"`
	ProblemIDs   []int64  `json:"problem_ids,omitempty"`
}

// Validate checks the rule.
func (r *Rule) Validate() error {
	var v Invalid
	checkText(&v, "title", "制度名称", r.Title, 300, true)
	if r.Kind != RuleNew && r.Kind != RuleRevised {
		v.Add("kind", "请选择新建或修订")
	}
	if r.Date.IsZero() {
		v.Add("date", "请填写日期")
	}
	return v.Err()
}

// Accountability is one person held accountable (问责).
type Accountability struct {
	ID           int64  `json:"id"`
	InspectionID int64  `json:"inspection_id"`
	ProblemID    int64  `json:"problem_id,omitempty"`
	Person       string `json:"person"`
	Form         string `json:"form"` // 约谈, 通报, 诫勉, 处分, …
	Date         Date   `json:"date"`
	Reason       string `json:"reason"`
}

// AccountabilityForms lists the usual forms of accountability.
var AccountabilityForms = []string{"谈话提醒", "约谈", "批评教育", "责令检查", "通报", "诫勉", "组织调整", "党纪处分", "政务处分"}

// Validate checks the record.
func (a *Accountability) Validate() error {
	var v Invalid
	checkText(&v, "person", "被问责人", a.Person, 100, true)
	checkText(&v, "form", "问责方式", a.Form, 50, true)
	checkText(&v, "reason", "问责事由", a.Reason, 2000, true)
	if a.Date.IsZero() {
		v.Add("date", "请填写日期")
	}
	return v.Err()
}

// CommentState is where a public opinion stands.
type CommentState string

// The states of a public opinion.
const (
	CommentNew      CommentState = "new"      // 待处理
	CommentTriaged  CommentState = "triaged"  // 已分办
	CommentAssigned CommentState = "assigned" // 已交办
	CommentReplied  CommentState = "replied"  // 已答复
	CommentClosed   CommentState = "closed"   // 已办结
)

// PublicComment is an opinion or suggestion from the public (群众意见建议).
type PublicComment struct {
	ID           int64        `json:"id"`
	UnitID       int64        `json:"unit_id"`
	InspectionID int64        `json:"inspection_id,omitempty"`
	ProblemID    int64        `json:"problem_id,omitempty"`
	Name         string       `json:"name,omitempty"`
	Contact      string       `json:"contact"`
	Text         string       `json:"text"`
	State        CommentState `json:"state"`
	Assignee     string       `json:"assignee,omitempty"`
	Reply        string       `json:"reply,omitempty"`
	ReplyPublic  bool         `json:"reply_public"`
	Received     time.Time    `json:"received"`
	Version      int          `json:"version"`
	// ReceiptCode is the secret part of the receipt number the sender is
	// given (回执编号): with it they look the opinion up on the public
	// page. It is made when the opinion is stored and never sent by the API.
	ReceiptCode string `json:"-"`
}

// Validate checks an opinion as the public form submits it.
func (c *PublicComment) Validate() error {
	var v Invalid
	checkText(&v, "name", "姓名", c.Name, 50, false)
	checkText(&v, "contact", "联系方式", c.Contact, 100, true)
	checkText(&v, "text", "意见建议", c.Text, 5000, true)
	return v.Err()
}

// RecheckResult is the outcome of a look-back.
type RecheckResult string

// The outcomes of a look-back (回头看).
const (
	RecheckPending RecheckResult = ""       // not done yet
	RecheckPassed  RecheckResult = "passed" // 巩固
	RecheckFailed  RecheckResult = "failed" // 反弹
)

// Recheck is a scheduled re-check of a closed problem (回头看).
type Recheck struct {
	ID        int64         `json:"id"`
	ProblemID int64         `json:"problem_id"`
	Due       Date          `json:"due"`
	Done      Date          `json:"done,omitempty"`
	Result    RecheckResult `json:"result,omitempty"`
	Reviewer  string        `json:"reviewer,omitempty"`
	Note      string        `json:"note,omitempty"`
	Sampled   bool          `json:"sampled,omitempty"` // drawn in a random sample for an on-site check
}

// checkParagraphs adds a problem when the paragraphs of a section are too
// many or too long together.
func checkParagraphs(v *Invalid, field, label string, ps []string) {
	n := 0
	for _, p := range ps {
		n += utf8.RuneCountInString(p)
	}
	if n > 20000 || len(ps) > 200 {
		v.Add(field, label+"不能超过 200 段、20000 个字")
	}
}

// checkText adds a problem when a required text is empty or a text is too long.
func checkText(v *Invalid, field, label, s string, maxRunes int, required bool) {
	if required && strings.TrimSpace(s) == "" {
		v.Add(field, "请填写"+label)
		return
	}
	if utf8.RuneCountInString(s) > maxRunes {
		v.Add(field, label+"不能超过"+strconv.Itoa(maxRunes)+"个字")
	}
}
