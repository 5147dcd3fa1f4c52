package api

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// progressList is a problem's progress reports, oldest first, with the
// ones that only say a meeting was held or a document issued (文字整改).
type progressList struct {
	Items []*rectify.Progress     `json:"items"`
	Flags []workflow.EvidenceFlag `json:"flags" doc:"疑似文字整改的整改情况，供审核时核实"`
}

// progressInput is a progress report as JSON, and the fields of its form.
type progressInput struct {
	Text          string             `json:"text" required:"true" doc:"做了什么，结果如何"`
	Date          rectify.Date       `json:"date,omitempty" doc:"发生日期：工作实际完成的日期，不晚于今天、不早于巡察反馈日期；不给则为今天；同时变更的状态也记在这一天"`
	MeasureID     int64              `json:"measure_id,omitempty" doc:"所落实的措施"`
	MeasureDone   bool               `json:"measure_done,omitempty" doc:"true：该措施随之完成"`
	Status        rectify.Status     `json:"status,omitempty" doc:"同时变更为该状态（在保存整改情况之后）"`
	Class         string             `json:"class,omitempty" doc:"长期整改的类别"`
	NextMilestone rectify.Date       `json:"next_milestone,omitempty" doc:"长期整改的下一个节点"`
	Reason        string             `json:"reason,omitempty" doc:"状态变更的理由"`
	Quantities    []rectify.Quantity `json:"quantities,omitempty" doc:"整改数字（追回资金、制度、问责人次等），单位核对后的结果，资金以元计；不给则从 text 中读出（可先用 POST /api/v1/quantities 预览），给空数组表示不记录数字；multipart 表单中为 JSON 文本"`
}

// progressForm is a progress report as a multipart form.
type progressForm struct {
	progressInput
	Files []upload `json:"files,omitempty" doc:"证明材料：照片、会议纪要、合同、票据等，可多个"`
}

// progressResult is a report as stored, and its problem then.
type progressResult struct {
	Progress *rectify.Progress `json:"progress"`
	Problem  *rectify.Problem  `json:"problem"`
}

// maxFiles bounds the evidence files of one report.
const maxFiles = 50

// listProgress lists a problem's progress reports.
func (a *API) listProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	reports, err := a.Store.ListProgress(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, progressList{Items: nonNil(reports), Flags: nonNil(workflow.FlagProgress(reports))})
}

// addProgress files a progress report with its evidence.
func (a *API) addProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	in, files, err := readProgress(r)
	if err != nil {
		return err
	}
	if in.Status != "" && !in.Status.Valid() {
		return invalid("status", "未知的整改状态“"+string(in.Status)+"”")
	}
	if in.MeasureDone && in.MeasureID == 0 {
		return invalid("measure_id", "请选择完成的措施")
	}
	pr, err := a.flow.AddProgress(r.Context(), workflow.ProgressInput{
		ProblemID: id, MeasureID: in.MeasureID, Date: in.Date, Text: in.Text, Files: files, MeasureDone: in.MeasureDone,
		Status:     workflow.StatusInput{To: in.Status, Class: in.Class, NextMilestone: in.NextMilestone, Reason: in.Reason},
		Quantities: in.Quantities, QuantitiesConfirmed: in.Quantities != nil,
	})
	if err != nil {
		return err
	}
	pr.Evidence = nonNil(pr.Evidence)
	p, err := a.Store.GetProblem(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, progressResult{Progress: pr, Problem: p})
}

// readProgress reads a report from a multipart form with its files, or
// from JSON without files.
func readProgress(r *http.Request) (progressInput, []store.EvidenceFile, error) {
	var in progressInput
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return in, nil, httpx.DecodeJSON(r, &in)
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return in, nil, err
	}
	defer r.MultipartForm.RemoveAll()
	for name := range r.MultipartForm.Value {
		switch name {
		case "text", "date", "measure_id", "measure_done", "status", "class", "next_milestone", "reason", "quantities":
		default:
			f.AddError(name, "未知的字段")
		}
	}
	in.Text, in.MeasureID, in.Date = f.Value("text"), f.Int64("measure_id"), f.Date("date")
	in.MeasureDone = f.Checked("measure_done")
	in.Status, in.Class, in.Reason = rectify.Status(f.Get("status")), f.Get("class"), f.Get("reason")
	in.NextMilestone = f.Date("next_milestone")
	if f.Has("quantities") {
		in.Quantities = []rectify.Quantity{}
		if err := json.Unmarshal([]byte(f.Value("quantities")), &in.Quantities); err != nil {
			f.AddError("quantities", "整改数字应为 JSON 数组："+err.Error())
		}
	}
	var headers []*multipart.FileHeader
	for name, hs := range r.MultipartForm.File {
		if name != "files" && name != "files[]" && name != "file" {
			f.AddError(name, "未知的文件字段，证明材料请用 files")
			continue
		}
		headers = append(headers, hs...)
	}
	if len(headers) > maxFiles {
		f.AddError("files", fmt.Sprintf("一次最多上传 %d 个文件", maxFiles))
	}
	if err := f.Err(); err != nil {
		return in, nil, err
	}
	files := make([]store.EvidenceFile, 0, len(headers))
	for _, h := range headers {
		ef, err := readFile(h)
		if err != nil {
			return in, nil, err
		}
		files = append(files, ef)
	}
	return in, files, nil
}

// readFile reads an uploaded file.
func readFile(h *multipart.FileHeader) (store.EvidenceFile, error) {
	file, err := h.Open()
	if err != nil {
		return store.EvidenceFile{}, fmt.Errorf("api: open upload %s: %w", h.Filename, err)
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return store.EvidenceFile{}, fmt.Errorf("api: read upload %s: %w", h.Filename, err)
	}
	ct := h.Header.Get("Content-Type")
	if ct == "" || ct == "application/octet-stream" {
		ct = http.DetectContentType(data)
	}
	return store.EvidenceFile{Name: filepath.Base(strings.ReplaceAll(h.Filename, `\`, "/")), ContentType: ct, Data: data}, nil
}

// getEvidence shows what is known of an evidence file.
func (a *API) getEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "evidenceID")
	if err != nil {
		return err
	}
	e, err := a.Store.GetEvidence(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// evidenceContent sends an evidence file as an attachment: never shown in
// the browser as a page of this site, whatever it holds. The content
// streams from where it is kept (the database or the object store), and a
// Range request gets its part.
func (a *API) evidenceContent(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "evidenceID")
	if err != nil {
		return err
	}
	e, content, err := a.Store.StreamEvidence(r.Context(), id)
	if err != nil {
		return err
	}
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(e.Name))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("X-Content-SHA256", e.SHA256)
	http.ServeContent(w, r, "", e.Created, content)
	return nil
}

// quantitiesInput is a text whose figures are asked for.
type quantitiesInput struct {
	Text string `json:"text" required:"true" doc:"整改情况的文字，最多 10000 字"`
}

// quantitiesResult is the figures of a text.
type quantitiesResult struct {
	Items  []rectify.Quantity     `json:"items" doc:"读出的数字，按出现顺序；资金以元计；approx 为约数（约、余、多），part 为“其中”的分项（不计入合计）"`
	Totals rectify.QuantityTotals `json:"totals" doc:"合计：追回资金（元）、建立完善制度（项）、问责（人次），以及按类别、含义的小计"`
}

// extractQuantities reads the figures of a text, as the progress form
// pre-fills them: nothing is stored.
func (a *API) extractQuantities(w http.ResponseWriter, r *http.Request) error {
	var in quantitiesInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if n := len([]rune(in.Text)); n > 10000 {
		return invalid("text", fmt.Sprintf("整改情况过长（%d 字），最多 10000 字", n))
	}
	qs := nonNil(workflow.ExtractQuantities(in.Text))
	t := rectify.SumQuantities(qs)
	t.Lines = nonNil(t.Lines)
	return writeJSON(w, http.StatusOK, quantitiesResult{Items: qs, Totals: t})
}
