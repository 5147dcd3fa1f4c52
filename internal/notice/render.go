package notice

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// Format is an output format of Render.
type Format string

// The formats. The zero Format is text.
const (
	FormatText     Format = "text"     // plain text, paragraphs separated by blank lines
	FormatMarkdown Format = "markdown" // the same paragraphs, with # headings
)

// ParseFormat reads a format name ("text", "txt", "markdown", "md"; "" is
// text). It returns an EINVALID *rectify.Error for anything else.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "text", "txt":
		return FormatText, nil
	case "markdown", "md":
		return FormatMarkdown, nil
	}
	return "", rectify.Errorf(rectify.EINVALID, "不支持的通报格式“%s”，应为 text 或 markdown", s)
}

// RenderOptions tunes Render.
type RenderOptions struct {
	// AsOf is the day whose statuses the notice reports. The zero Date means
	// the latest status date in the record, or else the notice date, or else
	// the feedback date. A non-zero AsOf is also the date the notice is signed.
	AsOf   rectify.Date
	Format Format
}

// DefaultTitle is the title of a notice whose record gives none.
const DefaultTitle = "关于巡察整改进展情况的通报"

// The section headings Render writes.
const (
	renderHeadingWork      = "组织整改落实情况"
	renderHeadingProblems  = "反馈问题整改落实情况"
	renderHeadingNextSteps = "下一步整改工作安排"
)

// Render writes the notice of in as of opt.AsOf (整改进展情况的通报): the
// issuer and title, an opening written from the inspection facts, the
// organisational work with a summary line whose counts are computed from the
// statuses, every finding with its problems, their results and measures, the
// next steps, the public contact channel, and the issuer and date. It returns
// an error when in is nil, the format is unknown or w fails.
func Render(w io.Writer, in *rectify.Inspection, opt RenderOptions) error {
	if in == nil {
		return fmt.Errorf("render: %w", rectify.Errorf(rectify.EINVALID, "没有可生成通报的巡察记录"))
	}
	var md bool
	switch opt.Format {
	case "", FormatText:
	case FormatMarkdown:
		md = true
	default:
		return fmt.Errorf("render: %w", rectify.Errorf(rectify.EINVALID, "不支持的通报格式“%s”", opt.Format))
	}
	var buf bytes.Buffer
	for i, b := range renderBlocks(in, opt) {
		if i > 0 {
			buf.WriteString("\n")
		}
		if level := b.Kind.MarkdownLevel(); md && level > 0 {
			buf.WriteString(strings.Repeat("#", level))
			buf.WriteString(" ")
		}
		buf.WriteString(b.Text)
		buf.WriteString("\n")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}

// BlockKind is the role of a paragraph of the notice, which decides how each
// format sets it: the official layout (GB/T 9704) gives the title 小标宋,
// headings of level one 黑体 and of level two 楷体, the rest 仿宋.
type BlockKind int

// The kinds of block, in the order a notice holds them.
const (
	BlockParagraph BlockKind = iota // body text (正文)
	BlockIssuer                     // the issuer above the title (发文机关), part of the title
	BlockTitle                      // the title (标题)
	BlockHeading1                   // a section: 一、… (一级标题)
	BlockHeading2                   // a finding: （一）… (二级标题)
	BlockSignature                  // the issuer at the end (发文机关署名)
	BlockDate                       // the date at the end (成文日期)
)

// MarkdownLevel returns the number of # that Markdown puts before a block of
// kind k, 0 for none.
func (k BlockKind) MarkdownLevel() int {
	switch k {
	case BlockTitle:
		return 1
	case BlockHeading1:
		return 2
	case BlockHeading2:
		return 3
	}
	return 0
}

// Block is one paragraph of the notice with its role.
type Block struct {
	Kind BlockKind
	Text string
}

// Blocks returns the notice of in as of opt.AsOf as a list of typed
// paragraphs, the model every format writes from (text, Markdown, and the
// official .docx and PDF): the same content and wording as Render. It
// returns an EINVALID error when in is nil. opt.Format is ignored.
func Blocks(in *rectify.Inspection, opt RenderOptions) ([]Block, error) {
	if in == nil {
		return nil, fmt.Errorf("render: %w", rectify.Errorf(rectify.EINVALID, "没有可生成通报的巡察记录"))
	}
	return renderBlocks(in, opt), nil
}

// renderBlocks returns the paragraphs of the notice in order.
func renderBlocks(in *rectify.Inspection, opt RenderOptions) []Block {
	asOf, date := renderDates(in, opt)
	var bs []Block
	add := func(kind BlockKind, text string) {
		if text = strings.TrimSpace(text); text != "" {
			bs = append(bs, Block{kind, text})
		}
	}

	w := in.Source.Words()
	issuer := noticeIssuer(in)
	add(BlockIssuer, issuer)
	add(BlockTitle, noticeTitle(in))
	add(BlockParagraph, renderOpening(in))

	section := 0
	nextSection := func(heading string) {
		section++
		add(BlockHeading1, rectify.HanNumeral(section)+"、"+heading)
	}

	nextSection(w.Work)
	for _, p := range trimParagraphs(in.Work) {
		add(BlockParagraph, p)
	}
	counts, submitted := countSummary(in, asOf)
	add(BlockParagraph, renderSummaryLine(w, counts, submitted, date))
	add(BlockParagraph, renderResultsLine(in, asOf))

	nextSection(w.Problems)
	n := 0
	for i, f := range in.Findings {
		add(BlockHeading2, "（"+rectify.HanNumeral(i+1)+"）"+findingHeading(w, f.Title))
		for _, p := range f.Problems {
			n++
			renderProblem(add, w, p, renderProblemNumber(p, n), asOf)
		}
	}

	if len(trimParagraphs(in.NextSteps)) > 0 {
		nextSection(renderHeadingNextSteps)
		for _, p := range trimParagraphs(in.NextSteps) {
			add(BlockParagraph, p)
		}
	}
	add(BlockParagraph, renderContact(in.Contact))
	add(BlockSignature, issuer)
	add(BlockDate, date.Chinese())
	return bs
}

// findingHeading writes a finding's heading after its number: the notice
// of a 巡察 names the kind of item ("反馈问题：…"); an audit's
// announcement and a list of cases give the title alone, without a full
// stop, as they are published.
func findingHeading(w rectify.Words, title string) string {
	if w.Layout != rectify.LayoutNotice {
		return strings.TrimSpace(title) // （一）预算管理方面, （一）第五批交办件
	}
	return w.Finding + "：" + endSentence(title)
}

// renderProblem writes one problem in the layout of its kind:
//   - the notice: the problem, 整改结果, then 整改情况;
//   - the audit announcement: the problem, 整改情况, then 整改结果;
//   - the list of cases, in the columns of the published table: the case,
//     责任单位, 办理情况, 办理结果 (in the words of case handling: 已办结,
//     阶段性办结, 正在办理).
func renderProblem(add func(BlockKind, string), w rectify.Words, p *rectify.Problem, number int, asOf rectify.Date) {
	add(BlockParagraph, strconv.Itoa(number)+"．"+endSentence(p.Title)+strings.TrimSpace(p.Description))
	st, h := p.StatusAsOf(asOf)
	result := w.Result + "：" + statusWord(w, st, h.Class)
	action := ""
	if done, _ := p.PublicResult(asOf); done != "" {
		// What was done, as the unit reported it (or the one sentence it
		// chose for the public), as of the notice's day.
		action = w.Action + "：" + endSentence(done)
	} else if len(p.Measures) > 0 {
		action = w.Action + "：" + renderMeasures(p.Measures)
	}
	switch w.Layout {
	case rectify.LayoutAudit:
		add(BlockParagraph, action)
		add(BlockParagraph, result)
	case rectify.LayoutCases:
		if u := strings.TrimSpace(p.OwnerUnit); u != "" {
			add(BlockParagraph, "责任单位："+u)
		}
		add(BlockParagraph, action)
		add(BlockParagraph, result)
	default:
		add(BlockParagraph, result)
		add(BlockParagraph, action)
	}
}

// caseStatusWords are the results of a handed-over case as lists of cases
// publish them.
var caseStatusWords = map[rectify.Status]string{
	rectify.StatusCompleted:       "已办结",
	rectify.StatusMostlyCompleted: "阶段性办结",
	rectify.StatusInProgress:      "正在办理",
	rectify.StatusNotCompleted:    "未办结",
}

// auditStatusWords are the results of an audit's findings as audit
// announcements publish them.
var auditStatusWords = map[rectify.Status]string{
	rectify.StatusCompleted:  "已完成整改",
	rectify.StatusInProgress: "正在整改",
}

// statusWord writes the status st (with its long-term class) in the words
// of the layout of w.
func statusWord(w rectify.Words, st rectify.Status, class string) string {
	words := map[rectify.Layout]map[rectify.Status]string{rectify.LayoutCases: caseStatusWords, rectify.LayoutAudit: auditStatusWords}[w.Layout]
	if s, ok := words[st]; ok {
		return s
	}
	return st.LabelWithClass(class)
}

// renderDates returns the day whose statuses the notice reports and the
// date it is signed.
func renderDates(in *rectify.Inspection, opt RenderOptions) (asOf, date rectify.Date) {
	asOf = opt.AsOf
	if asOf.IsZero() {
		asOf = latestRecordedStatus(in)
	}
	if asOf.IsZero() {
		asOf = in.NoticeDate
	}
	if asOf.IsZero() {
		asOf = in.Feedback
	}
	date = opt.AsOf
	if date.IsZero() {
		date = rectify.MaxDate(in.NoticeDate, asOf)
	}
	return asOf, date
}

// latestRecordedStatus returns the latest status date of the record, counting
// the current status of problems that carry no history, and the latest
// progress report (what was done reaches the notice by default).
func latestRecordedStatus(in *rectify.Inspection) rectify.Date {
	d := in.LatestStatusDate()
	for _, p := range in.Problems() {
		if len(p.History) == 0 && p.Status != "" {
			d = rectify.MaxDate(d, p.StatusDate)
		}
		for _, r := range p.Public.Reports {
			d = rectify.MaxDate(d, r.Date)
		}
	}
	return d
}

// noticeIssuer returns who issues the notice of in: its issuer as typed,
// else the inspected Party organisation, which answers for the
// rectification and so signs the notice.
func noticeIssuer(in *rectify.Inspection) string {
	if s := strings.TrimSpace(in.Issuer); s != "" {
		return s
	}
	return strings.TrimSpace(in.UnitName)
}

// noticeTitle returns the title of the notice of in: as typed, else written
// from the team and kind ("关于市委第一巡察组常规巡察反馈意见整改进展情况的通报",
// "关于县审计局审计组审计整改情况的公告"), else the title of its kind
// (DefaultTitle for a 巡察).
func noticeTitle(in *rectify.Inspection) string {
	if t := strings.TrimSpace(in.Title); t != "" {
		return t
	}
	w := in.Source.Words()
	team := strings.TrimSpace(in.Team)
	if team == "" {
		return w.Title
	}
	if !in.Source.HasKind() {
		// 关于县审计局审计组审计整改情况的公告, 关于…督察组交办件办理情况的公示
		return "关于" + team + w.Report
	}
	return "关于" + team + in.KindLabel() + "反馈意见整改进展情况的通报"
}

// renderProblemNumber returns the number of p, or its position n in the notice
// when the record gives none.
func renderProblemNumber(p *rectify.Problem, n int) int {
	if p.Number > 0 {
		return p.Number
	}
	return n
}

// renderOpening returns the first paragraph: as the unit typed it, else
// written from the inspection facts: who deployed it, which team inspected
// which unit when and how, when the feedback was given. A fact the record
// lacks is left out, never guessed.
func renderOpening(in *rectify.Inspection) string {
	if s := strings.TrimSpace(in.Opening); s != "" {
		return s
	}
	var b strings.Builder
	if d := strings.TrimSpace(in.Deployer); d != "" {
		b.WriteString("根据" + d + "统一部署，")
	}
	team := strings.TrimSpace(in.Team)
	p := renderPeriod(in.Start, in.End)
	switch {
	case team != "" && p != "":
		b.WriteString(team + "于" + p)
	case team != "":
		b.WriteString(team)
	case p != "":
		b.WriteString(p + "，")
	}
	if unit := strings.TrimSpace(in.UnitName); unit != "" {
		b.WriteString("对" + unit)
	}
	w := in.Source.Words()
	b.WriteString("开展了" + in.KindLabel())
	if !in.Feedback.IsZero() {
		b.WriteString("，并于" + in.Feedback.Chinese() + w.Handed)
	}
	// 整改进展情况的通报 → 现将整改进展情况通报如下。
	b.WriteString("。现将" + strings.Replace(w.Report, "的", "", 1) + "如下。")
	return b.String()
}

// renderPeriod writes the inspection period: "2023年3月21日至6月7日", with the
// year repeated at the end only when it differs.
func renderPeriod(start, end rectify.Date) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case end.IsZero():
		return start.Chinese() + "起"
	case start.IsZero():
		return end.Chinese() + "前"
	case start.Year == end.Year:
		return start.Chinese() + "至" + fmt.Sprintf("%d月%d日", int(end.Month), end.Day)
	}
	return start.Chinese() + "至" + end.Chinese()
}

// countSummary counts the problems of in by their status as of asOf, every
// problem the notice lists (even one opened after asOf). The long-term class is given only when every long-term item has the same one.
// It also returns how many wait for sign-off (待销号).
func countSummary(in *rectify.Inspection, asOf rectify.Date) (SummaryCounts, int) {
	problems := in.Problems()
	ind := rectify.Indicators{AsOf: asOf}
	for _, p := range problems {
		f := p.Facts(nil)
		f.Opened = rectify.Date{} // the line counts every problem the notice lists
		ind.Add(f)
	}
	c := SummaryCounts{
		AsOf:            asOf,
		Total:           ind.Total,
		Completed:       ind.Completed,
		LongTerm:        ind.LongTerm,
		MostlyCompleted: ind.MostlyCompleted,
		InProgress:      ind.InProgress,
		NotCompleted:    ind.NotCompleted,
		NotStarted:      ind.NotStarted,
	}
	classes := map[string]bool{}
	for _, p := range problems {
		if st, h := p.StatusAsOf(asOf); st == rectify.StatusLongTerm {
			classes[h.Class] = true
		}
	}
	if len(classes) == 1 {
		for k := range classes {
			c.LongTermClass = k
		}
	}
	// Items waiting for sign-off (待销号) are written in the line but have no
	// count of their own in a parsed summary.
	return c, ind.Submitted
}

// renderSummaryLine writes the summary line in the words of w, e.g.
// "截至11月28日，巡察反馈的25个具体问题，已完成整改18个，长期整改I类7个。",
// "截至9月30日，督察组交办的12件交办件，已办结9件，正在办理3件。". The as-of date carries its year
// only when it is not the year of the notice (date).
func renderSummaryLine(w rectify.Words, c SummaryCounts, submitted int, date rectify.Date) string {
	var b strings.Builder
	if !c.AsOf.IsZero() {
		b.WriteString("截至")
		if date.IsZero() || c.AsOf.Year != date.Year {
			b.WriteString(c.AsOf.Chinese())
		} else {
			fmt.Fprintf(&b, "%d月%d日", int(c.AsOf.Month), c.AsOf.Day)
		}
		b.WriteString("，")
	}
	m := w.Measure
	fmt.Fprintf(&b, "%s%d%s%s，", w.Given, c.Total, m, w.Problem)
	if w.Layout == rectify.LayoutCases {
		fmt.Fprintf(&b, "已办结%d%s", c.Completed, m)
	} else {
		fmt.Fprintf(&b, "已完成整改%d%s", c.Completed, m)
	}
	if c.LongTerm > 0 {
		label := rectify.StatusLongTerm.LabelWithClass(c.LongTermClass)
		fmt.Fprintf(&b, "，%s%d%s", label, c.LongTerm, m)
	}
	parts := []struct {
		status rectify.Status
		n      int
	}{
		{rectify.StatusMostlyCompleted, c.MostlyCompleted},
		{rectify.StatusSubmitted, submitted},
		{rectify.StatusInProgress, c.InProgress},
		{rectify.StatusNotCompleted, c.NotCompleted},
		{rectify.StatusNotStarted, c.NotStarted},
	}
	for _, o := range parts {
		if o.n > 0 {
			fmt.Fprintf(&b, "，%s%d%s", statusWord(w, o.status, ""), o.n, m)
		}
	}
	b.WriteString("。")
	return b.String()
}

// renderResultsLine writes what the rectification achieved in numbers, summed
// from the figures the record keeps of the progress reports made by asOf:
// "整改以来，共追回资金12.5万元，建立完善制度8项，问责5人次。"; "" when they
// hold none of these.
func renderResultsLine(in *rectify.Inspection, asOf rectify.Date) string {
	var figures, records rectify.QuantityTotals
	for _, p := range in.Problems() {
		for _, r := range p.Public.Reports {
			if r.Date.After(asOf) {
				continue
			}
			for _, q := range r.Quantities {
				figures.Add(q)
			}
		}
	}
	for _, a := range in.Accountability {
		if !a.Date.After(asOf) {
			records.AddLine(rectify.QuantityLine{Kind: rectify.QuantityPerson, Meaning: a.Form, Unit: "人次", Value: 1, Count: 1})
		}
	}
	// People held accountable are counted once, as the overview counts
	// them.
	var t rectify.QuantityTotals
	for _, l := range rectify.AccountableOnce(figures.Lines, records.Lines) {
		t.AddLine(l)
	}
	if s := t.Sentence(); s != "" {
		return "整改以来，" + s + "。"
	}
	return ""
}

// renderMeasures writes a problem's measures: "①…；②…。", each group under
// its heading ("关于X的问题：①…；②…。"), numbering again in each group. A
// single measure outside any group carries no number.
func renderMeasures(ms []*rectify.Measure) string {
	if len(ms) == 1 && strings.TrimSpace(ms[0].Group) == "" {
		return endSentence(trimMeasureText(ms[0].Text))
	}
	var b strings.Builder
	group, k := "", 0
	for i, m := range ms {
		g := strings.TrimSpace(m.Group)
		if i == 0 || g != group {
			if i > 0 {
				b.WriteString("。")
			}
			group, k = g, 0
			if g != "" {
				b.WriteString(measureGroupHeading(g) + "：")
			}
		} else {
			b.WriteString("；")
		}
		k++
		b.WriteString(rectify.CircledNumber(k))
		b.WriteString(trimMeasureText(m.Text))
	}
	b.WriteString("。")
	return b.String()
}

// measureGroupHeading returns the heading of a group of measures: the group as
// stored when it already reads "关于…的问题", else wrapped in those words.
func measureGroupHeading(g string) string {
	g = strings.TrimRight(g, "：: ")
	if strings.HasPrefix(g, "关于") && strings.HasSuffix(g, "的问题") {
		return g
	}
	return "关于" + g + "的问题"
}

// trimMeasureText drops the separator a measure's text may end with.
func trimMeasureText(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "；;。，, ")
}

// endSentence returns s ending with a full stop, unless it ends a sentence
// already (。！？). A closing quote does not end one: 落实“一岗双责”。
func endSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	for _, end := range []string{"。", "！", "？"} {
		if strings.HasSuffix(s, end) {
			return s
		}
	}
	return strings.TrimRight(s, "；;，,.") + "。"
}

// renderContact writes the public channel: only the means given; ""
// when there are none.
func renderContact(c rectify.Contact) string {
	var parts []string
	if v := strings.TrimSpace(c.Phone); v != "" {
		parts = append(parts, "联系电话："+v)
	}
	if v := strings.TrimSpace(c.Address); v != "" {
		parts = append(parts, "地址："+v)
	}
	if v := strings.TrimSpace(c.Mailbox); v != "" {
		parts = append(parts, "邮政信箱："+v)
	}
	if v := strings.TrimSpace(c.Email); v != "" {
		parts = append(parts, "电子邮箱："+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return "欢迎社会各界和广大群众对整改工作进行监督，意见建议可通过以下方式向我们反映。" + strings.Join(parts, "；") + "。"
}
