package notice

import (
	"slices"
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// RecordOptions tunes how a parsed notice becomes a record.
type RecordOptions struct {
	// Author is written as the author of the status entries taken from the
	// notice, e.g. the user who imports it.
	Author string
}

// Record returns the inspection the notice describes, as the record keeps
// it: the inspection facts, the notice's own fields, and every finding with
// its problems and measures. Each problem with a status gets a one-entry
// history: the status as written, dated the summary's as-of date (the notice
// date when the summary gives none), by opt.Author. A problem without a
// status gets no history: it has not started. The opening paragraph is
// kept as written, so that the notices generated later open as the unit's
// did; a notice that lists no problems keeps its summary lines as the counts
// the unit reported; a postal mailbox (邮政信箱) that the reader took for the
// address goes to Contact.Mailbox.
func (d *Document) Record(opt RecordOptions) *rectify.Inspection {
	in := &rectify.Inspection{
		UnitName:   d.Inspection.UnitName,
		Team:       d.Inspection.Team,
		Source:     d.Inspection.Source.Or(),
		Kind:       d.Inspection.Kind,
		Start:      d.Inspection.Start,
		End:        d.Inspection.End,
		Feedback:   d.Inspection.Feedback,
		Deployer:   d.Inspection.Deployer,
		Opening:    d.Opening,
		Issuer:     d.Issuer,
		Title:      d.Title,
		NoticeDate: d.Date,
		Work:       slices.Clone(d.Work),
		NextSteps:  slices.Clone(d.NextSteps),
		Contact:    recordContact(d.Contact),
	}
	if !in.Source.HasKind() {
		in.Kind = "" // 专项审计 is no 专项巡察
	}
	if countProblems(d) == 0 {
		// Counts only: the summary lines are all the notice gives.
		in.Reported = reportedCounts(d.SummaryLines)
	}
	statusDate := d.Summary.AsOf
	if statusDate.IsZero() {
		statusDate = d.Date
	}
	for _, f := range d.Findings {
		rf := &rectify.Finding{Number: f.Number, Title: f.Title}
		for _, p := range f.Problems {
			rf.Problems = append(rf.Problems, recordProblem(p, d.Inspection.Feedback, statusDate, opt.Author))
		}
		in.Findings = append(in.Findings, rf)
	}
	return in
}

// reportedCounts returns the summary lines as the counts the notice
// reported, or nil when it gave none.
func reportedCounts(ls []SummaryLine) []rectify.ReportedCounts {
	var out []rectify.ReportedCounts
	for _, l := range ls {
		out = append(out, rectify.ReportedCounts{
			Text: l.Text, Unit: l.Unit, AsOf: l.AsOf, Total: l.Total, Areas: l.Areas, Completed: l.Completed,
			CompletedOrMostly: l.CompletedOrMostly, MostlyCompleted: l.MostlyCompleted, InProgress: l.InProgress,
			NotCompleted: l.NotCompleted, NotStarted: l.NotStarted, Deferred: l.Deferred, LongTerm: l.LongTerm,
			Closed: l.Closed, OnSchedule: l.OnSchedule, Submitted: l.Submitted, Rate: l.Rate,
		})
	}
	return out
}

// recordContact returns c with a postal mailbox given as the address
// ("某县邮政101信箱") moved to Mailbox.
func recordContact(c rectify.Contact) rectify.Contact {
	a := strings.TrimSpace(c.Address)
	if c.Mailbox == "" && strings.HasSuffix(a, "信箱") && (strings.Contains(a, "邮政") || !strings.ContainsAny(a, "路街")) {
		c.Mailbox, c.Address = a, ""
	}
	return c
}

// recordProblem returns the record of one problem of a notice.
func recordProblem(p Problem, opened, statusDate rectify.Date, author string) *rectify.Problem {
	rp := &rectify.Problem{
		Number:      p.Number,
		Title:       p.Title,
		Description: p.Description,
		Leader:      p.Leader,
		OwnerUnit:   p.OwnerUnit,
		Due:         p.Due,
		Opened:      opened,
	}
	if p.Status != "" {
		class := ""
		if p.Status == rectify.StatusLongTerm {
			rp.Track = rectify.TrackLongTerm
			class = p.StatusClass
		}
		rp.Class = class
		rp.Status = p.Status
		rp.StatusDate = statusDate
		rp.History = []rectify.StatusChange{{
			Status: p.Status,
			Class:  class,
			Date:   statusDate,
			Author: author,
			Text:   p.StatusText,
		}}
	}
	// A notice lists under 整改情况 what was done. For a completed problem
	// every measure was carried out by the status date; for any other the
	// notice does not say which were, so none is marked done.
	var done rectify.Date
	if p.Status == rectify.StatusCompleted {
		done = statusDate
	}
	for i, m := range p.Measures {
		rp.Measures = append(rp.Measures, &rectify.Measure{Number: i + 1, Group: m.Group, Text: m.Text, Done: done})
	}
	return rp
}

// Structure is a notice reduced to what it says, for comparisons: the
// inspection facts, the notice's fields, the summary counts and every
// finding, problem and measure, without line numbers, warnings or the
// opening as written. Two notices that say the same thing have equal
// structures (compare them with reflect.DeepEqual).
type Structure struct {
	Issuer     string
	Title      string
	Date       rectify.Date
	Inspection InspectionInfo
	Work       []string
	NextSteps  []string
	Summary    SummaryCounts
	Findings   []FindingStructure
	Contact    rectify.Contact
}

// SummaryCounts is the summary line as counts; a count the line leaves out is 0.
type SummaryCounts struct {
	AsOf            rectify.Date
	Total           int
	Completed       int
	LongTerm        int
	LongTermClass   string
	MostlyCompleted int
	InProgress      int
	NotCompleted    int
	NotStarted      int
}

// FindingStructure is a finding (反馈问题) with its problems.
type FindingStructure struct {
	Number   int
	Title    string
	Problems []ProblemStructure
}

// ProblemStructure is a problem (具体问题). Status is never empty: a problem
// without a status is StatusNotStarted; Class is kept only for long-term items.
type ProblemStructure struct {
	Number      int
	Title       string
	Description string
	Status      rectify.Status
	Class       string
	Measures    []MeasureStructure
}

// MeasureStructure is a measure (整改措施) and the group it stands under,
// named by its topic: "关于X的问题" and "X" are the same group X.
type MeasureStructure struct {
	Group string
	Text  string
}

// Structure returns what the notice says, as written.
func (d *Document) Structure() Structure {
	s := Structure{
		Issuer:     d.Issuer,
		Title:      d.Title,
		Date:       d.Date,
		Inspection: d.Inspection,
		Work:       trimParagraphs(d.Work),
		NextSteps:  trimParagraphs(d.NextSteps),
		Summary: SummaryCounts{
			AsOf:            d.Summary.AsOf,
			Total:           d.Summary.Total,
			Completed:       d.Summary.Completed,
			LongTerm:        d.Summary.LongTerm,
			LongTermClass:   d.Summary.LongTermClass,
			MostlyCompleted: intOrZero(d.Summary.MostlyCompleted),
			InProgress:      intOrZero(d.Summary.InProgress),
			NotCompleted:    intOrZero(d.Summary.NotCompleted),
			NotStarted:      intOrZero(d.Summary.NotStarted),
		},
		Contact: d.Contact,
	}
	for _, f := range d.Findings {
		fs := FindingStructure{Number: f.Number, Title: f.Title}
		for _, p := range f.Problems {
			ps := ProblemStructure{
				Number:      p.Number,
				Title:       p.Title,
				Description: p.Description,
				Status:      p.Status,
				Class:       p.StatusClass,
			}
			normaliseProblemStatus(&ps)
			for _, m := range p.Measures {
				ps.Measures = append(ps.Measures, MeasureStructure{Group: groupTopic(m.Group), Text: m.Text})
			}
			fs.Problems = append(fs.Problems, ps)
		}
		s.Findings = append(s.Findings, fs)
	}
	return s
}

// RecordStructure returns what Render writes for in with opt: the structure
// a reader of the rendered notice should find. Statuses are those in force
// on the as-of date of opt, and the summary counts are computed from them.
func RecordStructure(in *rectify.Inspection, opt RenderOptions) Structure {
	asOf, date := renderDates(in, opt)
	s := Structure{
		Issuer: noticeIssuer(in),
		Title:  noticeTitle(in),
		Date:   date,
		Inspection: InspectionInfo{
			Source:   in.Source.Or(),
			Team:     in.Team,
			Kind:     in.Kind,
			Start:    in.Start,
			End:      in.End,
			Feedback: in.Feedback,
			Deployer: in.Deployer,
			UnitName: in.UnitName,
		},
		Work:      trimParagraphs(in.Work),
		NextSteps: trimParagraphs(in.NextSteps),
		Contact:   in.Contact,
	}
	s.Summary, _ = countSummary(in, asOf)
	// The results line (整改以来，共追回资金…) follows the summary line at
	// the end of the work section, and a reader takes it as a paragraph of
	// that section, as it takes a real notice's.
	if l := renderResultsLine(in, asOf); l != "" {
		s.Work = append(s.Work, l)
	}
	n := 0
	for i, f := range in.Findings {
		fs := FindingStructure{Number: i + 1, Title: f.Title}
		for _, p := range f.Problems {
			n++
			st, h := p.StatusAsOf(asOf)
			ps := ProblemStructure{
				Number:      renderProblemNumber(p, n),
				Title:       p.Title,
				Description: p.Description,
				Status:      st,
				Class:       h.Class,
			}
			normaliseProblemStatus(&ps)
			if done, _ := p.PublicResult(asOf); done != "" {
				ps.Measures = publicStructure(done)
			} else {
				for _, m := range p.Measures {
					ps.Measures = append(ps.Measures, MeasureStructure{Group: groupTopic(m.Group), Text: m.Text})
				}
			}
			fs.Problems = append(fs.Problems, ps)
		}
		s.Findings = append(s.Findings, fs)
	}
	return s
}

// normaliseProblemStatus makes an empty status "not started" and drops the class
// of anything but a long-term item.
func normaliseProblemStatus(p *ProblemStructure) {
	if p.Status == "" {
		p.Status = rectify.StatusNotStarted
	}
	if p.Status != rectify.StatusLongTerm {
		p.Class = ""
	}
}

// trimParagraphs returns the paragraphs of ps as a reader sees them: each
// line of a stored paragraph is a paragraph of its own, trimmed, and empty
// ones are dropped; nil when none is left.
func trimParagraphs(ps []string) []string {
	var out []string
	for _, p := range ps {
		for l := range strings.SplitSeq(p, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// groupTopic returns the topic of a group heading: X of "关于X的问题：".
func groupTopic(g string) string {
	g = strings.TrimRight(strings.TrimSpace(g), "：: ")
	if strings.HasPrefix(g, "关于") && strings.HasSuffix(g, "的问题") && len(g) > len("关于的问题") {
		g = strings.TrimSuffix(strings.TrimPrefix(g, "关于"), "的问题")
	}
	return g
}

func intOrZero(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
