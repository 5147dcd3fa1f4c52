package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// 台账导入 (ledger import): a workbook — one exported here, or a unit's own
// sheet whose rows go to the inspection chosen — is read and compared with
// the record, and the page previews what it would change, row by row, and
// every cell it cannot take ("Sheet1!C7：…"). Nothing is stored until the
// user confirms; with a bad row nothing is stored at all unless the user
// ticks "只保存无误的行". The file waits on the server between the two
// steps (see ledgerDrafts), and the confirmation applies it only when the
// record still gives the plan that was previewed. A workbook can change
// only what the user may: a row naming an inspection or problem outside
// the user's scope stops the import. Status changes are checked against
// the transitions of the user's side (a unit cannot sign off by
// spreadsheet).

// ledgerImportMaxBody bounds the upload: the largest workbook and the
// form around it.
const ledgerImportMaxBody = office.MaxLedgerSize + 1<<20

func (w *Web) ledgerImportRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /ledger/import", Perm: auth.Edit, Handler: w.ledgerImportForm},
		{Pattern: "POST /ledger/import", Perm: auth.Edit, Handler: w.ledgerPreview, MaxBody: ledgerImportMaxBody},
		{Pattern: "POST /ledger/import/confirm", Perm: auth.Edit, Handler: w.ledgerConfirm},
	}
}

type ledgerFormData struct {
	Form        *httpx.Form
	Inspections []*rectify.Inspection
	MaxSize     string
}

func (w *Web) ledgerImportForm(rw http.ResponseWriter, r *http.Request) error {
	return w.ledgerFormPage(rw, r, http.StatusOK, httpx.NewForm(url.Values{"inspection_id": {r.URL.Query().Get("inspection")}}))
}

func (w *Web) ledgerFormPage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ins, err := w.Store.ListInspections(r.Context(), store.InspectionFilter{ScopePath: me.ScopePath})
	if err != nil {
		return err
	}
	return w.render(rw, r, status, "ledger_import", ledgerFormData{Form: f, Inspections: ins, MaxSize: httpx.Size(office.MaxLedgerSize)})
}

// ledgerPreview reads the uploaded workbook, previews its changes without
// storing anything, and keeps it as a draft for the confirmation.
func (w *Web) ledgerPreview(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		if rectify.ErrorCode(err) != rectify.ETOOLARGE {
			return err
		}
		f = httpx.NewForm(nil)
		f.AddError("file", tooLargeLedger())
		return w.ledgerFormPage(rw, r, http.StatusRequestEntityTooLarge, f)
	}
	inspectionID := f.Int64("inspection_id")
	data, name, status := readLedgerUpload(r, f)
	if status != 0 {
		return w.ledgerFormPage(rw, r, status, f)
	}
	rep, err := w.importLedger(r.Context(), me, data, inspectionID, f.Checked("keep_good"), true)
	if status, ok := ledgerFormError(f, err); ok {
		return w.ledgerFormPage(rw, r, status, f)
	}
	if err != nil && !errors.Is(err, ledger.ErrBadLedger) {
		return err
	}
	d := &ledgerDraft{UserID: me.ID, Name: name, Data: data, InspectionID: inspectionID, Plan: planDigest(rep)}
	if err := w.putLedgerDraft(r.Context(), d); err != nil {
		return err
	}
	return w.ledgerPreviewPage(rw, r, http.StatusOK, d, rep, f.Checked("keep_good"), "")
}

func tooLargeLedger() string {
	return "文件超过 " + httpx.Size(office.MaxLedgerSize) + " 的上限；请按单位或巡察拆分后再导入"
}

// readLedgerUpload returns the uploaded workbook and its name, or puts a
// message on the form and returns the status to show it with.
func readLedgerUpload(r *http.Request, f *httpx.Form) ([]byte, string, int) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "请选择台账文件（.xlsx）")
		return nil, "", http.StatusUnprocessableEntity
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, office.MaxLedgerSize+1))
	if err != nil {
		f.AddError("file", "文件无法读取，请重新上传")
		return nil, "", http.StatusUnprocessableEntity
	}
	if len(data) > office.MaxLedgerSize {
		f.AddError("file", tooLargeLedger())
		return nil, "", http.StatusRequestEntityTooLarge
	}
	if len(data) == 0 {
		f.AddError("file", "文件是空的")
		return nil, "", http.StatusUnprocessableEntity
	}
	return data, path.Base(hdr.Filename), 0
}

// ledgerFormError puts an error of an import that is about the upload
// itself (not a ledger, an inspection out of scope or missing) on the
// form, and returns the status to show it with; ok is false for any
// other error (a bad ledger's report is shown as the preview).
func ledgerFormError(f *httpx.Form, err error) (int, bool) {
	if err == nil || errors.Is(err, ledger.ErrBadLedger) {
		return 0, false
	}
	switch rectify.ErrorCode(err) {
	case rectify.EINVALID, rectify.ETOOLARGE:
		f.AddError("file", rectify.ErrorMessage(err))
	case rectify.EFORBIDDEN, rectify.ENOTFOUND, rectify.ECONFLICT, rectify.ETRANSITION:
		f.Message = rectify.ErrorMessage(err) + "；未导入任何数据"
	default:
		return 0, false
	}
	return httpx.Status(err), true
}

// importLedger runs the import for me: new rows go to inspectionID, the
// changes are dated today and authored by me, checked against my side's
// transitions; a row of an inspection outside my scope is a bad row.
func (w *Web) importLedger(ctx context.Context, me *rectify.User, data []byte, inspectionID int64, keepGood, dryRun bool) (*ledger.Report, error) {
	return ledger.Import(rectify.WithUser(ctx, me), w.Store, w.Work, data, ledger.ImportOptions{
		InspectionID: inspectionID, KeepGood: keepGood, DryRun: dryRun,
		Date: rectify.DateOf(w.Now().In(w.Location)), Author: me.Name, Actor: me.Actor(),
	})
}

// planDigest sums up what a preview showed — the changes and the bad
// cells — so that a confirmation can tell whether the record still gives
// the same plan.
func planDigest(rep *ledger.Report) string {
	h := sha256.New()
	for _, c := range rep.Changes {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\n", c.Sheet, c.Row, c.Kind, c.Text)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(h, "!%s\n", e.Message)
	}
	return hex.EncodeToString(h.Sum(nil))
}

type ledgerPreviewData struct {
	Draft      *ledgerDraft
	Report     *ledger.Report
	Changes    []ledgerChange
	Inspection *rectify.Inspection
	KeepGood   bool
	Message    string
	Expires    string
}

func (w *Web) ledgerPreviewPage(rw http.ResponseWriter, r *http.Request, status int, d *ledgerDraft, rep *ledger.Report, keepGood bool, msg string) error {
	data := ledgerPreviewData{Draft: d, Report: rep, Changes: ledgerChanges(rep), KeepGood: keepGood, Message: msg,
		Expires: d.Created.Add(ledgerDraftTTL).In(w.Location).Format("15:04")}
	if d.InspectionID != 0 {
		in, err := w.Store.GetInspection(r.Context(), d.InspectionID)
		if err != nil {
			return err
		}
		data.Inspection = in
	}
	return w.render(rw, r, status, "ledger_preview", data)
}

// ledgerConfirm applies a previewed draft: when the record still gives
// the plan that was previewed, and the bad rows, if any, are to be left
// out; otherwise it shows the preview again, saying why.
func (w *Web) ledgerConfirm(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	d, err := w.ledgerDraft(r.Context(), me.ID, f.Get("draft"))
	if err != nil {
		g := httpx.NewForm(nil)
		g.Message = rectify.ErrorMessage(err)
		return w.ledgerFormPage(rw, r, httpx.Status(err), g)
	}
	keep := f.Checked("keep_good")
	ctx := r.Context()
	rep, err := w.importLedger(ctx, me, d.Data, d.InspectionID, keep, true)
	if status, ok := ledgerFormError(f, err); ok {
		if err := w.Store.DeleteDraft(ctx, d.ID); err != nil {
			return err
		}
		return w.ledgerFormPage(rw, r, status, f)
	}
	if err != nil && !errors.Is(err, ledger.ErrBadLedger) {
		return err
	}
	switch {
	case planDigest(rep) != d.Plan:
		d.Plan = planDigest(rep)
		if err := w.setLedgerPlan(ctx, d); err != nil {
			return err
		}
		return w.ledgerPreviewPage(rw, r, http.StatusConflict, d, rep, keep,
			"预览之后系统中的记录已有变化，下面是按最新记录重新生成的预览，请核对后再确认")
	case len(rep.Errors) > 0 && !keep:
		return w.ledgerPreviewPage(rw, r, http.StatusUnprocessableEntity, d, rep, keep,
			fmt.Sprintf("台账中有 %d 处错误，未保存任何数据。请修改后重新上传，或勾选“只保存无误的行”", len(rep.Errors)))
	case len(rep.Changes) == 0:
		return w.ledgerPreviewPage(rw, r, http.StatusUnprocessableEntity, d, rep, keep, "台账与系统中的记录一致，没有需要导入的修改")
	}
	rep, err = w.importLedger(ctx, me, d.Data, d.InspectionID, keep, false)
	if err != nil {
		if rep == nil || httpx.Status(err) >= 500 {
			return err
		}
		return w.ledgerPreviewPage(rw, r, httpx.Status(err), d, rep, keep, rectify.ErrorMessage(err)+"；未导入任何数据")
	}
	if err := w.Store.DeleteDraft(ctx, d.ID); err != nil {
		return err
	}
	w.Log.InfoContext(ctx, "ledger imported", "file", d.Name, "rows", rep.Rows, "changes", len(rep.Changes), "by", me.Login)
	return w.render(rw, r, http.StatusOK, "ledger_result", struct {
		Name    string
		Report  *ledger.Report
		Changes []ledgerChange
	}{d.Name, rep, ledgerChanges(rep)})
}

// ledgerChange is a change of the preview as the page lists it.
type ledgerChange struct {
	ledger.Change
	Label string // the kind in Chinese
}

func ledgerChanges(rep *ledger.Report) []ledgerChange {
	out := make([]ledgerChange, 0, len(rep.Changes))
	for _, c := range rep.Changes {
		out = append(out, ledgerChange{c, ledgerChangeKind(c.Kind)})
	}
	return out
}

// ledgerChangeKind names a kind of change of the preview in Chinese.
func ledgerChangeKind(kind string) string {
	switch kind {
	case "problem":
		return "修改问题"
	case "status":
		return "整改状态"
	case "measure":
		return "修改措施"
	case "new-problem":
		return "新增问题"
	case "new-measure":
		return "新增措施"
	case "progress":
		return "整改情况"
	case "note":
		return "说明"
	}
	return kind
}
