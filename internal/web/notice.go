package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// 通报: the notice of an inspection's rectification progress, generated
// from the record as of a day (notice.Blocks): as a page that prints as a
// clean A4 document, and as .txt, .md, .docx and .pdf; and the ledger
// (台账) as .xlsx. Nothing here is typed again: the record is the source.

// noticeData is the notice page.
type noticeData struct {
	In        *rectify.Inspection
	Unit      *rectify.Unit
	Blocks    []noticeBlock
	AsOf      rectify.Date // as asked; zero for the latest status date
	DateError string
	Query     string // ?as_of=… of the downloads
	PDF       bool   // fonts for PDF were found
	NoPDF     string // why not
}

type noticeBlock struct {
	Class string
	Text  string
	Lines []string // a title's lines (notice.TitleLines), nil for one line
}

// titleLines returns the lines of a title as the A4 page sets it, broken
// between words as in the .docx and the PDF; nil when it is one line.
func titleLines(text string) []string {
	lines := notice.TitleLines(text, office.TitleLineChars)
	if len(lines) < 2 {
		return nil
	}
	return lines
}

// blockClass is the CSS class of each kind of paragraph.
func blockClass(k notice.BlockKind) string {
	switch k {
	case notice.BlockIssuer:
		return "n-issuer"
	case notice.BlockTitle:
		return "n-title"
	case notice.BlockHeading1:
		return "n-h1"
	case notice.BlockHeading2:
		return "n-h2"
	case notice.BlockSignature:
		return "n-signature"
	case notice.BlockDate:
		return "n-date"
	}
	return "n-p"
}

// noticeRecord returns the inspection of the path with its whole tree, its
// unit and the as-of day of ?as_of= (zero when not given; an error on
// the field when it is not a date).
func (w *Web) noticeRecord(r *http.Request) (*rectify.Inspection, *rectify.Unit, rectify.Date, error) {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return nil, nil, rectify.Date{}, err
	}
	in, err := w.Store.LoadInspection(r.Context(), id)
	if err != nil {
		return nil, nil, rectify.Date{}, err
	}
	unit, err := w.Store.GetUnit(r.Context(), in.UnitID)
	if err != nil {
		return nil, nil, rectify.Date{}, err
	}
	in.FillFromUnit(unit)
	asOf, err := rectify.ParseDate(strings.TrimSpace(r.URL.Query().Get("as_of")))
	return in, unit, asOf, err
}

// noticePage shows the notice as a page.
func (w *Web) inspectionNotice(rw http.ResponseWriter, r *http.Request) error {
	in, unit, asOf, err := w.noticeRecord(r)
	data := &noticeData{In: in, Unit: unit, AsOf: asOf, PDF: w.Fonts != nil}
	if rectify.ErrorCode(err) == rectify.EINVALID && in != nil {
		data.DateError, data.AsOf = rectify.ErrorMessage(err)+"，已按最近的状态日期生成", rectify.Date{}
	} else if err != nil {
		return err
	}
	if !data.PDF {
		data.NoPDF = office.ErrNoFont.Message
	}
	if !data.AsOf.IsZero() {
		data.Query = "?as_of=" + data.AsOf.String()
	}
	blocks, err := notice.Blocks(in, notice.RenderOptions{AsOf: data.AsOf})
	if err != nil {
		return err
	}
	for _, b := range blocks {
		nb := noticeBlock{Class: blockClass(b.Kind), Text: b.Text}
		if b.Kind == notice.BlockIssuer || b.Kind == notice.BlockTitle {
			nb.Lines = titleLines(b.Text)
		}
		data.Blocks = append(data.Blocks, nb)
	}
	return w.render(rw, r, http.StatusOK, "notice", data)
}

// noticeFileName is the name of a download of the notice, without its
// extension.
func noticeFileName(unit *rectify.Unit, asOf rectify.Date) string {
	name := unit.Name + "巡察整改进展情况的通报"
	if !asOf.IsZero() {
		name += "（截至" + asOf.Chinese() + "）"
	}
	return name
}

// sendFile answers with a generated file as an attachment.
func sendFile(rw http.ResponseWriter, contentType, name string, data []byte) error {
	h := rw.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", disposition("attachment", name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusOK)
	_, err := rw.Write(data)
	return err
}

// noticeText sends the notice as plain text (UTF-8).
func (w *Web) noticeText(rw http.ResponseWriter, r *http.Request) error {
	return w.noticeRendered(rw, r, notice.FormatText, "text/plain; charset=utf-8", ".txt")
}

// noticeMarkdown sends the notice as Markdown.
func (w *Web) noticeMarkdown(rw http.ResponseWriter, r *http.Request) error {
	return w.noticeRendered(rw, r, notice.FormatMarkdown, "text/markdown; charset=utf-8", ".md")
}

func (w *Web) noticeRendered(rw http.ResponseWriter, r *http.Request, format notice.Format, ct, ext string) error {
	in, unit, asOf, err := w.noticeRecord(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := notice.Render(&buf, in, notice.RenderOptions{AsOf: asOf, Format: format}); err != nil {
		return err
	}
	return sendFile(rw, ct, noticeFileName(unit, asOf)+ext, buf.Bytes())
}

// noticeDocx sends the notice as a Word document in the official layout.
func (w *Web) noticeDocx(rw http.ResponseWriter, r *http.Request) error {
	in, unit, asOf, err := w.noticeRecord(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := office.WriteNoticeDocx(&buf, in, office.NoticeOptions{AsOf: asOf}); err != nil {
		return err
	}
	return sendFile(rw, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		noticeFileName(unit, asOf)+".docx", buf.Bytes())
}

// noticePDF sends the notice as PDF, set in the fonts found at start; when
// none were found it says which to install.
func (w *Web) noticePDF(rw http.ResponseWriter, r *http.Request) error {
	in, unit, asOf, err := w.noticeRecord(r)
	if err != nil {
		return err
	}
	if w.Fonts == nil {
		return office.ErrNoFont
	}
	var buf bytes.Buffer
	if err := office.WriteNoticePDF(&buf, in, office.PDFOptions{AsOf: asOf, Fonts: w.Fonts}); err != nil {
		return err
	}
	return sendFile(rw, "application/pdf", noticeFileName(unit, asOf)+".pdf", buf.Bytes())
}

// inspectionLedger sends the ledger (台账) of an inspection as .xlsx.
func (w *Web) inspectionLedger(rw http.ResponseWriter, r *http.Request) error {
	in, unit, err := w.pathInspection(r)
	if err != nil {
		return err
	}
	return w.sendLedger(rw, r, store.LedgerFilter{InspectionID: in.ID}, unit.Path, unit.Name+"巡察整改台账")
}

// sendLedger sends the ledger of the inspections f selects as .xlsx, with
// the lights as of today in the warning window of the unit at path.
func (w *Web) sendLedger(rw http.ResponseWriter, r *http.Request, f store.LedgerFilter, path, name string) error {
	ctx := r.Context()
	set, err := w.Work.Settings(ctx, path)
	if err != nil {
		return err
	}
	today := w.today()
	var buf bytes.Buffer
	if _, err := ledger.Export(ctx, w.Store, &buf, f, office.LedgerOptions{AsOf: today, WarnDays: set.WarnDays}); err != nil {
		return err
	}
	return sendFile(rw, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		name+"（"+today.Chinese()+"）.xlsx", buf.Bytes())
}
