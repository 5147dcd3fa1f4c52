package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 导入: a published notice (txt in UTF-8 or GBK, docx, doc, wps, PDF with
// or without a text layer, a scanned page as PNG or JPEG, a saved web page)
// is uploaded with the unit it belongs to, read and checked
// (importer.Read), shown as a preview with the reader's and the checker's
// findings by line, and stored on confirmation (Preview.Store) — one
// transaction, or nothing.
//
// Between the two steps the file stays on the server, not in the browser:
// a draft in the database (see drafts.go) under a random ID, bound to the
// user who uploaded it, kept half an hour at most and used once. The
// confirmation names only the draft and the unit (checked by the route's
// gate again), so nothing the browser sends back can change what is
// stored.

// The limits of an import.
const (
	maxImportFile = notice.MaxInputSize
	maxImportBody = maxImportFile + 1<<20
)

// importData is the upload form.
type importData struct {
	Form *httpx.Form
	// Into is the inspection of the record the document goes into (its
	// problem list), nil for a new inspection.
	Into *rectify.Inspection
	// Units are those the user may import into; Auto says whether the
	// user may leave the unit to the notice (a new top-level unit: only an
	// admin of every unit).
	Units   []*rectify.Unit
	Auto    bool
	MaxSize string
}

func (w *Web) importPage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(r.Context(), u.ScopePath)
	if err != nil {
		return err
	}
	if f == nil {
		f = httpx.NewForm(nil)
		if u.UnitID != 0 {
			f.Set("unit_id", strconv.FormatInt(u.UnitID, 10))
		}
		if into := r.URL.Query().Get("into"); into != "" {
			f.Set("into", into)
		}
	}
	data := importData{Form: f, Units: units, Auto: auth.Allowed(u, auth.Import, auth.RootPath), MaxSize: httpx.Size(maxImportFile)}
	if data.Into, err = w.importInto(r, u, f); err != nil {
		return err
	}
	return w.render(rw, r, status, "import", data)
}

// importInto returns the inspection named by the form's into, in u's
// scope; nil when none is named.
func (w *Web) importInto(r *http.Request, u *rectify.User, f *httpx.Form) (*rectify.Inspection, error) {
	id, err := strconv.ParseInt(f.Get("into"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	in, err := w.Store.GetInspection(r.Context(), id)
	if err != nil {
		return nil, err
	}
	unit, err := w.Store.GetUnit(r.Context(), in.UnitID)
	if err != nil {
		return nil, err
	}
	if err := auth.Check(u, auth.Import, unit.Path); err != nil {
		return nil, err
	}
	f.Set("unit_id", strconv.FormatInt(unit.ID, 10))
	return in, nil
}

// importForm shows the upload form.
func (w *Web) importForm(rw http.ResponseWriter, r *http.Request) error {
	return w.importPage(rw, r, http.StatusOK, nil)
}

// previewData is the preview of an uploaded document.
type previewData struct {
	Draft    string
	FileName string
	Form     *httpx.Form // the confirmation: the unit
	Units    []*rectify.Unit
	Auto     bool
	Unit     *rectify.Unit // nil: a unit named after the notice
	UnitName string        // the unit the notice names
	Kind     notice.Kind
	Doc      *notice.Document
	Findings []previewFinding
	Lint     []previewWarning
	Counts   rectify.Indicators
	Stated   []statedCount
	Problems int
	Measures int
	// Same are inspections of the unit with the same team and feedback
	// date: the document was imported already, and confirming updates the
	// first (Plan says how) instead of adding a copy.
	Same []*rectify.Inspection
	// Into is the inspection the document goes into (chosen, or the one it
	// matches); Plan what that changes. Both nil for a new inspection.
	Into *rectify.Inspection
	Plan *workflow.ImportPlan
}

// previewFinding is a finding of the preview with its number as the
// document writes it.
type previewFinding struct {
	Mark     string
	Title    string
	Numbered bool
	Problems []previewProblem
}

// previewProblem is a problem of the preview with its number as written;
// OCR: its heading or result was read by OCR (文字识别) and wants checking.
type previewProblem struct {
	Mark string
	OCR  bool
	notice.Problem
}

// previewWarning is a warning of the reader with its Chinese label.
type previewWarning struct {
	Line    int
	Label   string
	Message string
}

// previewFindings lays out the document's findings with their marks.
func previewFindings(p *importer.Preview) []previewFinding {
	ocr := map[int]bool{}
	for _, w := range p.Lint {
		if w.Code == notice.CodeOCR && w.Line > 0 {
			ocr[w.Line] = true
		}
	}
	out := make([]previewFinding, 0, len(p.Document.Findings))
	for i, fd := range p.Document.Findings {
		pf := previewFinding{Title: fd.Title, Numbered: fd.Numbered, Mark: "（" + rectify.HanNumeral(fd.Number) + "）"}
		if i < len(p.FindingMarks) && p.FindingMarks[i] != "" {
			pf.Mark = p.FindingMarks[i]
		}
		for j, pr := range fd.Problems {
			pp := previewProblem{Problem: pr, Mark: strconv.Itoa(pr.Number), OCR: ocr[pr.Line] || ocr[pr.StatusLine]}
			if i < len(p.ProblemMarks) && j < len(p.ProblemMarks[i]) && p.ProblemMarks[i][j] != "" {
				pp.Mark = p.ProblemMarks[i][j]
			}
			pf.Problems = append(pf.Problems, pp)
		}
		out = append(out, pf)
	}
	return out
}

// statedCount is a count the notice's summary line states beside the one
// its problems give.
type statedCount struct {
	Label    string
	Stated   string // "" when the line does not say
	Computed int
	Differs  bool
}

// importUpload reads an uploaded notice and shows its preview; a file that
// is no notice is refused with the reader's message, and nothing is stored.
func (w *Web) importUpload(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if rectify.ErrorCode(err) == rectify.ETOOLARGE {
		f = httpx.NewForm(nil)
		f.AddError("file", "文件过大：通报文件不能超过 "+httpx.Size(maxImportFile))
		return w.importPage(rw, r, http.StatusRequestEntityTooLarge, f)
	}
	if err != nil {
		return err
	}
	into, err := w.importInto(r, u, f)
	if err != nil {
		return err
	}
	if into == nil && (!f.Has("unit_id") || f.Get("unit_id") == "") {
		f.AddError("unit_id", "请选择通报所属的单位")
	}
	name, data, err := uploadedFile(r, "file", maxImportFile)
	if err != nil {
		if !f.Fail(err) {
			return err
		}
		return w.importPage(rw, r, httpx.Status(err), f)
	}
	if data == nil {
		f.AddError("file", "请选择要导入的文件（.txt、.docx、.doc、.wps、.pdf、扫描图片、.html 或 .xlsx）")
	}
	if !f.Valid() {
		return w.importPage(rw, r, http.StatusUnprocessableEntity, f)
	}
	p, err := importer.ReadContext(r.Context(), data)
	if err != nil {
		if rectify.ErrorCode(err) != rectify.EINVALID && rectify.ErrorCode(err) != rectify.ETOOLARGE {
			return err
		}
		f.AddError("file", "“"+name+"”无法导入："+rectify.ErrorMessage(err))
		return w.importPage(rw, r, httpx.Status(err), f)
	}
	var intoID int64
	if into != nil {
		intoID = into.ID
	}
	d := &importDraft{userID: u.ID, unitID: f.Int64("unit_id"), into: intoID, name: name, data: data, preview: p}
	if err := w.putImportDraft(r.Context(), d); err != nil {
		return err
	}
	return w.previewPage(rw, r, http.StatusOK, d, p, httpx.NewForm(url.Values{"unit_id": {f.Get("unit_id")}, "draft": {d.id}}))
}

// uploadedFile returns the name and content of the file in field, nil
// when none was chosen; ETOOLARGE when it is over max.
func uploadedFile(r *http.Request, field string, max int64) (string, []byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return "", nil, nil
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Filename == "" && fh.Size == 0 {
		return "", nil, nil
	}
	name := cleanFileName(fh.Filename)
	if fh.Size > max {
		return name, nil, &rectify.Error{Code: rectify.ETOOLARGE, Message: "文件过大",
			Fields: map[string]string{field: fmt.Sprintf("“%s”有 %s，超过 %s 的上限", name, httpx.Size(fh.Size), httpx.Size(max))}}
	}
	file, err := fh.Open()
	if err != nil {
		return "", nil, fmt.Errorf("web: upload: %w", err)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil {
		return "", nil, fmt.Errorf("web: upload: %w", err)
	}
	if data == nil {
		data = []byte{}
	}
	return name, data, nil
}

// previewPage shows the preview of the draft d.
func (w *Web) previewPage(rw http.ResponseWriter, r *http.Request, status int, d *importDraft, p *importer.Preview, f *httpx.Form) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	units, err := w.Store.ListUnits(ctx, u.ScopePath)
	if err != nil {
		return err
	}
	data := previewData{Draft: d.id, Form: f, Units: units, Auto: auth.Allowed(u, auth.Import, auth.RootPath),
		UnitName: p.UnitName, Kind: p.Kind, Doc: p.Document, Findings: previewFindings(p), Counts: p.Counts,
		Problems: p.Problems, Measures: p.Measures}
	for _, l := range p.Lint {
		data.Lint = append(data.Lint, previewWarning{Line: l.Line, Label: notice.CodeLabel(l.Code), Message: l.Message})
	}
	data.FileName = d.name
	into := d.into
	unitID := f.Int64("unit_id")
	data.Unit = findUnit(units, unitID)
	s := p.Document.Summary
	stated := func(label string, n *int, computed int) {
		c := statedCount{Label: label, Computed: computed}
		if n != nil {
			c.Stated = strconv.Itoa(*n)
			c.Differs = *n != computed
		}
		data.Stated = append(data.Stated, c)
	}
	line := s.Line > 0
	total, completed, longTerm := s.Total, s.Completed, s.LongTerm
	ptr := func(n *int) *int {
		if !line {
			return nil
		}
		return n
	}
	stated("具体问题", ptr(&total), p.Counts.Total)
	stated("已完成整改", ptr(&completed), p.Counts.Completed)
	stated("长期整改", ptr(&longTerm), p.Counts.LongTerm)
	stated("基本完成", s.MostlyCompleted, p.Counts.MostlyCompleted)
	stated("整改中", s.InProgress, p.Counts.InProgress)
	stated("未完成", s.NotCompleted, p.Counts.NotCompleted)
	if into == 0 {
		same, err := p.Matches(ctx, w.Work, u, unitID)
		if err != nil {
			return err
		}
		data.Same = same
		if len(same) > 0 {
			into = same[0].ID
		}
	}
	if into != 0 {
		plan, err := p.Plan(ctx, w.Work, u, into)
		if err != nil {
			return err
		}
		data.Into, data.Plan = plan.Into, plan
	}
	return w.render(rw, r, status, "import_preview", data)
}

// importConfirm stores the notice of a draft in the unit chosen and sends
// the user to the new inspection.
func (w *Web) importConfirm(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	id := f.Get("draft")
	d, err := w.takeImportDraft(r.Context(), u.ID, id) // one confirmation at a time: a second click finds none
	if err != nil {
		return err
	}
	if d == nil {
		f := httpx.NewForm(nil)
		f.Message = "导入草稿已失效（超过 30 分钟未确认，或已经导入），请重新上传通报文件。"
		return w.importPage(rw, r, http.StatusConflict, f)
	}
	p := d.preview
	if p == nil {
		if p, err = importer.ReadContext(r.Context(), d.data); err != nil {
			return err
		}
	}
	if f.Get("unit_id") == "" && d.into == 0 {
		f.AddError("unit_id", "请选择通报所属的单位")
	}
	var res *importer.Result
	status, err := save(f, func() error {
		var err error
		res, err = p.Store(r.Context(), w.Work, u, importer.Options{UnitID: f.Int64("unit_id"), Into: d.into,
			Update: f.Checked("update"), Author: authorOf(u)})
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		d.preview = p
		if err := w.putImportDraft(r.Context(), d); err != nil { // nothing was stored: another try may
			return err
		}
		return w.previewPage(rw, r, status, d, p, f)
	}
	w.Log.InfoContext(r.Context(), "document imported", "kind", string(res.Kind), "inspection", res.InspectionID,
		"unit", res.UnitID, "updated", res.Updated, "problems", res.Problems, "by", u.Login)
	msg := fmt.Sprintf("已导入：%d 个问题", res.Problems)
	if res.Kind != notice.KindNotice {
		msg = fmt.Sprintf("已导入%s：%d 个问题，均为未开始", res.Kind.Label(), res.Problems)
	} else {
		msg += fmt.Sprintf("，已完成 %d 个", res.Counts.Completed)
		if res.Counts.LongTerm > 0 {
			msg += fmt.Sprintf("，长期整改 %d 个", res.Counts.LongTerm)
		}
	}
	if res.Updated {
		msg = fmt.Sprintf("已按%s更新巡察：%s", res.Kind.Label(), res.Plan.Summary())
	}
	if res.UnitPath != "" {
		// The unit by its path: one named like another elsewhere is seen.
		msg += "（单位：" + res.UnitPath + "）"
	}
	return redirect(rw, r, "/inspections/"+strconv.FormatInt(res.InspectionID, 10), msg)
}

// authorOf is the name recorded as the author of what u does.
func authorOf(u *rectify.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Login
}
