// Package importer brings a document into the record: a published notice
// (通报), the inspection group's feedback (反馈意见) or a problem list (问题清单)
// as text, .docx, a saved web page or .xlsx. It reads and checks the
// document with the notice reader (internal/notice) or the ledger reader
// (internal/office), shows what it read, and stores it through the
// workflow's import use case (internal/workflow), so that the CLI, the
// pages and the API import alike, with the same audit entries, and never
// store the same inspection twice.
package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Workflow is the use cases an import needs; *workflow.Service provides
// them.
type Workflow interface {
	ImportInspection(ctx context.Context, u *rectify.User, in workflow.ImportInput) (*workflow.ImportResult, error)
	ImportMatches(ctx context.Context, u *rectify.User, unitID int64, unitName string, in *rectify.Inspection) ([]*rectify.Inspection, error)
	PlanImport(ctx context.Context, u *rectify.User, id int64, in *rectify.Inspection) (*workflow.ImportPlan, error)
}

var _ Workflow = (*workflow.Service)(nil)

// Options says where the document goes and who brings it in.
type Options struct {
	// UnitID attaches the inspection to an existing unit. Zero: find or
	// create a root unit named after the inspected organisation.
	UnitID int64
	// Into puts the document's problem list into this inspection of the
	// record (one created by hand, say) instead of a new one.
	Into int64
	// Update allows updating the inspection already in the record that the
	// document matches (same unit, team and feedback date); without it such
	// an import is refused.
	Update bool
	// Author is recorded as the author of the imported statuses.
	Author string
}

// Preview is a document read and checked, not yet stored.
type Preview struct {
	// Kind is the kind of document read.
	Kind     notice.Kind
	Document *notice.Document
	// FindingMarks and ProblemMarks are the numbers as the document writes
	// them (see notice.Reading).
	FindingMarks []string
	ProblemMarks [][]string
	// Lint holds the reader's warnings and the consistency checks, by line
	// (for a workbook, the bad cells).
	Lint []notice.Warning
	// UnitName is the unit the inspection will be attached to when no unit is chosen.
	UnitName string
	// Counts are the indicators of the record the notice gives, as of its
	// date; for a feedback document, every problem not started.
	Counts                       rectify.Indicators
	Findings, Problems, Measures int
}

// Read reads and checks a document without storing anything. It returns an
// EINVALID *rectify.Error when data is none of the documents it knows.
func Read(data []byte) (*Preview, error) {
	return ReadContext(context.Background(), data)
}

// ReadContext is Read under ctx, which bounds the programs that read PDFs,
// scans and .doc/.wps files (see notice.ParseContext).
func ReadContext(ctx context.Context, data []byte) (*Preview, error) {
	var r *notice.Reading
	var err error
	if isWorkbook(data) {
		r, err = readSheet(data)
	} else {
		r, err = notice.ReadDocumentContext(ctx, data)
	}
	if err != nil {
		return nil, err
	}
	doc := r.Doc
	p := &Preview{Kind: r.Kind, Document: doc, FindingMarks: r.FindingMarks, ProblemMarks: r.ProblemMarks,
		UnitName: UnitName(doc)}
	switch {
	case r.Kind == notice.KindNotice:
		p.Lint = notice.Lint(doc)
	case isWorkbook(data):
		p.Lint = doc.Warnings
	default:
		p.Lint = notice.LintFeedback(doc)
	}
	if p.Lint == nil {
		p.Lint = []notice.Warning{}
	}
	in := p.Inspection("")
	asOf := in.LatestStatusDate()
	if asOf.IsZero() {
		asOf = rectify.MaxDate(doc.Date, doc.Inspection.Feedback)
	}
	p.Counts = rectify.Compute(asOf, in.Problems(), nil, nil, nil)
	p.Findings = len(in.Findings)
	for _, pr := range in.Problems() {
		p.Problems++
		p.Measures += len(pr.Measures)
	}
	return p, nil
}

// Inspection returns the inspection tree the document gives, statuses by
// author. A feedback document or a problem list gives the inspection and
// its problem list only: the notice's own fields (issuer, title, date,
// opening, sections) stay empty, for the notice the unit will publish.
func (p *Preview) Inspection(author string) *rectify.Inspection {
	in := p.Document.Record(notice.RecordOptions{Author: author})
	if p.Kind != notice.KindNotice {
		in.Issuer, in.Title, in.NoticeDate, in.Opening = "", "", rectify.Date{}, ""
		in.Work, in.NextSteps = nil, nil
		for _, pr := range in.Problems() {
			pr.Status, pr.StatusDate, pr.History = "", rectify.Date{}, nil
			for _, m := range pr.Measures {
				m.Done = rectify.Date{}
			}
		}
	}
	return in
}

// Result is what an import stored.
type Result struct {
	InspectionID int64              `json:"inspection_id"`
	UnitID       int64              `json:"unit_id"`
	UnitName     string             `json:"unit_name"`
	UnitPath     string             `json:"unit_path"` // 青石县 › 水务局, to see where it went
	Kind         notice.Kind        `json:"kind"`
	Updated      bool               `json:"updated"`
	Findings     int                `json:"findings"`
	Problems     int                `json:"problems"`
	Measures     int                `json:"measures"`
	Counts       rectify.Indicators `json:"counts"`
	// Reported are the counts the notice's summary lines state, as
	// written: for a notice that gives counts only, all there is.
	Reported   []rectify.ReportedCounts `json:"reported"`
	Warnings   []notice.Warning         `json:"warnings"`
	Plan       *workflow.ImportPlan     `json:"plan,omitempty"`
	Inspection *rectify.Inspection      `json:"-"`
}

// Matches returns the inspections already in the record that storing the
// preview under unitID (0: the unit it names) would duplicate.
func (p *Preview) Matches(ctx context.Context, w Workflow, u *rectify.User, unitID int64) ([]*rectify.Inspection, error) {
	return w.ImportMatches(ctx, u, unitID, p.UnitName, p.Inspection(""))
}

// Plan returns what storing the preview into the inspection with id would
// change.
func (p *Preview) Plan(ctx context.Context, w Workflow, u *rectify.User, id int64) (*workflow.ImportPlan, error) {
	return w.PlanImport(ctx, u, id, p.Inspection(""))
}

// Store stores a previewed document as u, through the workflow. A failure
// stores nothing; an inspection already in the record is refused with
// ECONFLICT unless opt.Update (or opt.Into) says to update it.
func (p *Preview) Store(ctx context.Context, w Workflow, u *rectify.User, opt Options) (*Result, error) {
	author := opt.Author
	if author == "" && u != nil {
		author = u.Name
		if author == "" {
			author = u.Login
		}
	}
	in := p.Inspection(author)
	out, err := w.ImportInspection(ctx, u, workflow.ImportInput{Inspection: in, UnitID: opt.UnitID,
		UnitName: p.UnitName, Into: opt.Into, Update: opt.Update || opt.Into != 0})
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	res := &Result{
		InspectionID: out.Inspection.ID,
		UnitID:       out.Unit.ID,
		UnitName:     out.Unit.Name,
		UnitPath:     out.UnitPath,
		Kind:         p.Kind,
		Updated:      out.Updated,
		Findings:     len(out.Inspection.Findings),
		Counts:       p.Counts,
		Reported:     out.Inspection.Reported,
		Warnings:     p.Lint,
		Plan:         out.Plan,
		Inspection:   out.Inspection,
	}
	if res.Reported == nil {
		res.Reported = []rectify.ReportedCounts{}
	}
	for _, pr := range out.Inspection.Problems() {
		res.Problems++
		res.Measures += len(pr.Measures)
	}
	return res, nil
}

// Import reads, checks and stores a document in one call.
func Import(ctx context.Context, w Workflow, u *rectify.User, data []byte, opt Options) (*Result, error) {
	p, err := Read(data)
	if err != nil {
		return nil, err
	}
	return p.Store(ctx, w, u, opt)
}

// isWorkbook reports whether data is an .xlsx workbook (a zip holding
// xl/workbook.xml), not a .docx.
func isWorkbook(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// UnitName returns the name of the unit a notice speaks of: the inspected
// organisation of the opening (or the issuer's fuller form of the same name),
// else the issuer, without the Party-body wrapping ("中共X委员会", "X党委",
// "X党组") — 中共某某中心委员会 → 某某中心.
func UnitName(d *notice.Document) string {
	inspected, issuer := bareUnitName(d.Inspection.UnitName), bareUnitName(d.Issuer)
	switch {
	case inspected == "":
		return issuer
	case issuer != "" && strings.HasSuffix(issuer, inspected):
		// The opening often shortens the name the issuer gives in full:
		// 县水利局 for 青溪县水利局.
		return issuer
	}
	return inspected
}

func bareUnitName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "中国共产党")
	s = strings.TrimPrefix(s, "中共")
	for _, suffix := range []string{"党委员会", "委员会", "党工委", "党委", "党组", "党总支", "党支部", "总支部", "支部"} {
		if strings.HasSuffix(s, suffix) && len(s) > len(suffix) {
			s = strings.TrimSuffix(s, suffix)
			break
		}
	}
	return strings.TrimSpace(s)
}
