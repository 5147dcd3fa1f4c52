package web

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Progress reports with their evidence files (整改情况与证明材料): the upload,
// with limits per file and per report and a clear Chinese answer when a
// file is too large, and the download of a file, with an inline preview of
// images only when the content is an image.

// tooLargeMessage is the answer to an upload over its limits.
func tooLargeMessage() string {
	return fmt.Sprintf("上传的文件过大：单个文件不能超过 %s，一次填报的文件合计不能超过 %s、最多 %d 个。请压缩图片或分几次填报。",
		httpx.Size(maxEvidenceFile), httpx.Size(maxEvidenceTotal), maxEvidenceCount)
}

// addProgress stores a progress report with its evidence files, and in
// the same transaction marks its measure done and changes the status when
// asked (workflow.AddProgress).
func (w *Web) addProgress(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if rectify.ErrorCode(err) == rectify.ETOOLARGE {
		// The body was cut at its limit: what was typed is lost with it.
		f = httpx.NewForm(nil)
		f.Message = tooLargeMessage() + "（本次填报未保存，请重新填写。）"
		return w.problemPage(rw, r, http.StatusRequestEntityTooLarge, problemForms{Progress: f})
	}
	if err != nil {
		return err
	}
	files, err := evidenceFiles(r)
	if err != nil {
		if !f.Fail(err) {
			return err
		}
		return w.problemPage(rw, r, httpx.Status(err), problemForms{Progress: f})
	}
	in := workflow.ProgressInput{ProblemID: id, MeasureID: f.Int64("measure_id"), Date: f.Date("date"), Text: f.Get("text"),
		Files: files, MeasureDone: f.Checked("measure_done")}
	if to := f.Get("status_to"); to != "" {
		in.Status = workflow.StatusInput{To: rectify.Status(to)}
		if !in.Status.To.Valid() {
			f.AddError("status_to", "请选择要变更的状态")
		}
	}
	if in.MeasureDone && in.MeasureID == 0 {
		f.AddError("measure_id", "勾选“该措施已完成”时请选择对应的整改措施")
	}
	figures := applyFigures(f, &in)
	status, err := save(f, func() error {
		_, err := w.Work.AddProgress(r.Context(), in)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		if len(files) > 0 && f.Message == "" {
			f.Message = "输入有误，请检查标出的字段；所选文件未保存，请重新选择。"
		} else if len(files) > 0 {
			f.Message += "（所选文件未保存，请重新选择。）"
		}
		return w.problemPage(rw, r, status, problemForms{Progress: f, Figures: figures})
	}
	msg := "已填报整改情况"
	if len(files) > 0 {
		msg += fmt.Sprintf("，上传证明材料 %d 个", len(files))
	}
	if in.Status.To != "" {
		msg += "，状态改为“" + in.Status.To.Label() + "”"
	}
	return redirect(rw, r, problemURL(id, "progress"), msg)
}

// evidenceFiles reads the files of the report's field "files": at most
// maxEvidenceCount, each at most maxEvidenceFile, together at most
// maxEvidenceTotal (ETOOLARGE otherwise); empty file inputs are skipped.
func evidenceFiles(r *http.Request) ([]store.EvidenceFile, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var headers []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename != "" || fh.Size > 0 {
			headers = append(headers, fh)
		}
	}
	var total int64
	for _, fh := range headers {
		total += fh.Size
		if fh.Size > maxEvidenceFile {
			return nil, rectify.Errorf(rectify.ETOOLARGE, "文件“%s”有 %s，超过单个文件 %s 的上限。%s",
				cleanFileName(fh.Filename), httpx.Size(fh.Size), httpx.Size(maxEvidenceFile), tooLargeMessage())
		}
	}
	if len(headers) > maxEvidenceCount || total > maxEvidenceTotal {
		return nil, rectify.Errorf(rectify.ETOOLARGE, "%s", tooLargeMessage())
	}
	out := make([]store.EvidenceFile, 0, len(headers))
	for _, fh := range headers {
		file, err := fh.Open()
		if err != nil {
			return nil, fmt.Errorf("web: evidence %q: %w", fh.Filename, err)
		}
		data, err := io.ReadAll(io.LimitReader(file, maxEvidenceFile+1))
		file.Close()
		if err != nil {
			return nil, fmt.Errorf("web: evidence %q: %w", fh.Filename, err)
		}
		name := cleanFileName(fh.Filename)
		out = append(out, store.EvidenceFile{Name: name, ContentType: contentType(name, data), Data: data})
	}
	return out, nil
}

// cleanFileName returns the base name of a file as a browser sent it
// (some send the whole path), without control characters, at most 120
// characters, "未命名文件" when nothing is left.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		return "未命名文件"
	}
	if rs := []rune(name); len(rs) > 120 {
		ext := path.Ext(name)
		if len([]rune(ext)) > 10 {
			ext = ""
		}
		name = string(rs[:120-len([]rune(ext))]) + ext
	}
	return name
}

// contentType returns the type of a file by its name's extension, else by
// its content.
func contentType(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(name))); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// evidence sends an evidence file as an attachment, with its type and
// its name in UTF-8; the content streams from where it is kept (the
// database or the object store), ranges included.
func (w *Web) evidence(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "evidenceID")
	if err != nil {
		return err
	}
	e, content, err := w.Store.StreamEvidence(r.Context(), id)
	if err != nil {
		return err
	}
	defer content.Close()
	ct := e.ContentType
	if ct == "" {
		head, err := sniff(content)
		if err != nil {
			return err
		}
		ct = http.DetectContentType(head)
	}
	h := rw.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", disposition("attachment", e.Name))
	h.Set("Cache-Control", "private, no-cache")
	http.ServeContent(rw, r, "", e.Created, content)
	return nil
}

// sniff returns the first 512 bytes of content (what
// http.DetectContentType looks at) and rewinds it.
func sniff(content io.ReadSeeker) ([]byte, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(content, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("web: read evidence: %w", err)
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("web: read evidence: %w", err)
	}
	return head[:n], nil
}

// evidencePreview sends an evidence file inline when its content is an
// image (PNG, JPEG, GIF, WebP, BMP), for the thumbnails of the problem
// page; anything else is not previewed.
func (w *Web) evidencePreview(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "evidenceID")
	if err != nil {
		return err
	}
	e, content, err := w.Store.StreamEvidence(r.Context(), id)
	if err != nil {
		return err
	}
	defer content.Close()
	head, err := sniff(content)
	if err != nil {
		return err
	}
	ct := imageType(head)
	if ct == "" {
		return rectify.Errorf(rectify.ENOTFOUND, "证明材料“%s”不是图片，不能预览，请下载查看", e.Name)
	}
	h := rw.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", disposition("inline", e.Name))
	h.Set("Cache-Control", "private, max-age=86400")
	http.ServeContent(rw, r, "", e.Created, content)
	return nil
}

// imageType returns the type of data when its content is an image a
// browser shows (not SVG, which may hold script), "" otherwise.
func imageType(data []byte) string {
	switch t := http.DetectContentType(data); t {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp":
		return t
	}
	return ""
}

// isImage reports whether an evidence file was stored as an image, for
// showing a thumbnail (the preview checks the content again).
func isImage(e *rectify.Evidence) bool {
	switch e.ContentType {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp":
		return true
	}
	return false
}

// disposition returns a Content-Disposition header of kind (attachment or
// inline) for a file name in any script: an ASCII fallback in filename and
// the name itself in UTF-8 in filename* (RFC 6266, RFC 8187).
func disposition(kind, name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == ' ':
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return kind + `; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar reports whether b may stand unescaped in an RFC 8187 value.
func isAttrChar(b byte) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// sizeText writes a file size for people: 532 字节, 12 KB, 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}
