package importer

import (
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
)

// readSheet reads a problem list kept as a workbook (问题清单: 反馈问题,
// 具体问题, 整改措施, 责任领导, 责任单位, 整改时限 in any order, as the
// ledger reader knows them) as a document: a finding per 反馈问题, a problem
// per 具体问题 with the measures of its rows. Statuses and progress are the
// ledger import's work and are not taken here. Bad cells are warnings that
// name the cell.
func readSheet(data []byte) (*notice.Reading, error) {
	l, err := office.ReadLedger(data)
	if err != nil {
		return nil, err
	}
	d := &notice.Document{Title: "问题清单", Findings: []notice.Finding{}, Warnings: []notice.Warning{}}
	for _, e := range l.Errors {
		if e.Row == 0 && strings.Contains(e.Message, "整改措施") {
			continue // a problem list may leave the measures to the plan
		}
		d.Warnings = append(d.Warnings, notice.Warning{Line: e.Row, Code: notice.CodeBadCell, Message: e.Message})
	}
	r := &notice.Reading{Doc: d, Kind: notice.KindProblemList}
	var (
		fd      *notice.Finding
		pr      *notice.Problem
		prKey   string
		numbers = map[int]bool{}
	)
	for _, e := range l.Entries {
		finding := strings.TrimSpace(e.Finding)
		if fd == nil || (finding != "" && finding != fd.Title) {
			d.Findings = append(d.Findings, notice.Finding{Number: len(d.Findings) + 1, Numbered: finding != "",
				Title: finding, Line: e.Row, Problems: []notice.Problem{}})
			fd = &d.Findings[len(d.Findings)-1]
			r.FindingMarks = append(r.FindingMarks, "")
			r.ProblemMarks = append(r.ProblemMarks, nil)
			pr, prKey = nil, ""
		}
		if e.Problem != "" && (pr == nil || (!e.Inherited && e.Problem != prKey)) {
			title, desc := splitTitle(e.Problem)
			n := e.Number
			if n == 0 || numbers[n] {
				n = len(numbers) + 1
				for numbers[n] {
					n++
				}
			}
			numbers[n] = true
			fd.Problems = append(fd.Problems, notice.Problem{Number: n, Title: title, Description: desc, Line: e.Row,
				Leader: e.Leader, OwnerUnit: e.OwnerUnit, DueText: e.DueText, Due: e.Due, Measures: []notice.Measure{}})
			pr, prKey = &fd.Problems[len(fd.Problems)-1], e.Problem
			mark := ""
			if e.Number != 0 {
				mark = strconv.Itoa(e.Number) // the 序号 column as the sheet numbers it
			}
			r.ProblemMarks[len(r.ProblemMarks)-1] = append(r.ProblemMarks[len(r.ProblemMarks)-1], mark)
		}
		if pr == nil {
			continue
		}
		if m := strings.TrimSpace(e.Measure); m != "" {
			pr.Measures = append(pr.Measures, notice.Measure{Text: m, Line: e.Row})
		}
		if pr.Leader == "" {
			pr.Leader = e.Leader
		}
		if pr.OwnerUnit == "" {
			pr.OwnerUnit = e.OwnerUnit
		}
		if e.Due.After(pr.Due) {
			pr.Due, pr.DueText = e.Due, e.DueText
		}
	}
	// Findings the sheet gave no problem (a heading row) are dropped.
	kept := d.Findings[:0]
	var fm []string
	var pm [][]string
	for i, f := range d.Findings {
		if len(f.Problems) > 0 {
			kept = append(kept, f)
			fm, pm = append(fm, r.FindingMarks[i]), append(pm, r.ProblemMarks[i])
		}
	}
	d.Findings, r.FindingMarks, r.ProblemMarks = kept, fm, pm
	if len(d.Findings) == 0 {
		return nil, rectify.Errorf(rectify.EINVALID, "表格中没有找到任何具体问题（应有“具体问题”或“问题内容”列）")
	}
	return r, nil
}

// splitTitle splits a problem's text into its first sentence, the title,
// and the rest.
func splitTitle(s string) (string, string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "。；"); i > 0 {
		return s[:i], strings.TrimSpace(s[i+len("。"):])
	}
	return strings.TrimRight(s, "。；，、 "), ""
}
