package web

import (
	"crypto/subtle"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
)

// 回执查询: the sender of an opinion types the receipt number they were
// given and sees what became of it: when it was received, by which unit,
// its state in plain words and the reply when the unit made it public.
// Nothing else of the opinion is shown (not the text, name or contact),
// and only the whole receipt finds it: its last part is ten random
// hexadecimal digits kept with the opinion, compared in constant time, and
// lookups are counted per address like the opinion form.

// receiptRE matches a receipt number: the day received, the opinion's
// number and, since receipts have one, its secret code.
var receiptRE = regexp.MustCompile(`^(\d{8})-(\d{1,18})(?:-([0-9a-f]{10}))?$`)

// receipt returns the receipt number of an opinion (回执编号): the day it
// was received, its number and its secret code, "20240301-17-3fa9c20b1e".
// The inbox shows it too, so that a person who calls can be found.
func (w *Web) receipt(pc *rectify.PublicComment) string {
	n := pc.Received.In(w.Location).Format("20060102") + "-" + strconv.FormatInt(pc.ID, 10)
	if pc.ReceiptCode != "" {
		n += "-" + pc.ReceiptCode
	}
	return n
}

// parseReceipt returns the opinion number of a receipt typed by a person
// (spaces, dashes of other widths and capitals forgiven) and the receipt
// in its normal form; ok is false when it is not one.
func parseReceipt(s string) (n string, id int64, ok bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	s = strings.NewReplacer("－", "-", "—", "-", "–", "-", "‐", "-").Replace(s)
	m := receiptRE.FindStringSubmatch(s)
	if m == nil {
		return "", 0, false
	}
	id, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return s, id, true
}

type publicReceiptData struct {
	Form    *httpx.Form
	Found   bool
	Receipt string
	Date    time.Time
	Unit    string
	State   string
	Reply   string // "" when there is none in public
}

// The answers of the lookup.
const (
	msgReceiptFormat   = "回执编号应形如 20240301-17-3fa9c20b1e（收到日期-序号-校验码），请按回执完整填写"
	msgReceiptNotFound = "没有找到这个回执编号对应的意见建议，请核对后重新填写；仍有疑问请拨打通报所列电话"
)

// publicReceiptForm shows the lookup form.
func (w *Web) publicReceiptForm(rw http.ResponseWriter, r *http.Request) error {
	return w.renderPublic(rw, r, http.StatusOK, "public_receipt", publicReceiptData{Form: httpx.NewForm(nil)})
}

// publicReceipt looks an opinion up by its receipt number. The number is
// sent in the body, not the address, so that it stays out of logs and
// browser histories.
func (w *Web) publicReceipt(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	data := publicReceiptData{Form: f}
	again := func(status int, field, msg string) error {
		f.AddError(field, msg)
		return w.renderPublic(rw, r, status, "public_receipt", data)
	}
	if err := w.flood.lookup(r.Context(), httpx.ClientIP(r)); err != nil {
		w.Log.InfoContext(r.Context(), "receipt lookup refused", "ip", httpx.ClientIP(r))
		return again(httpx.Status(err), "receipt", rectify.ErrorMessage(err))
	}
	n, id, ok := parseReceipt(f.Get("receipt"))
	if !ok {
		return again(http.StatusUnprocessableEntity, "receipt", msgReceiptFormat)
	}
	pc, err := w.Store.GetComment(r.Context(), id)
	if err != nil && rectify.ErrorCode(err) != rectify.ENOTFOUND {
		return err
	}
	// The whole receipt must match, the code in constant time; a receipt
	// of the days before codes (20240301-17) finds nothing here.
	if err != nil || pc.ReceiptCode == "" ||
		subtle.ConstantTimeCompare([]byte(w.receipt(pc)), []byte(n)) != 1 {
		return again(http.StatusNotFound, "receipt", msgReceiptNotFound)
	}
	data.Found, data.Receipt, data.Date = true, n, pc.Received.In(w.Location)
	data.State = publicCommentState(pc.State)
	if pc.ReplyPublic {
		data.Reply = pc.Reply
	}
	if u, err := w.Store.GetUnit(r.Context(), pc.UnitID); err == nil {
		data.Unit = u.Name
	}
	return w.renderPublic(rw, r, http.StatusOK, "public_receipt", data)
}

// publicCommentState says an opinion's state to its sender.
func publicCommentState(st rectify.CommentState) string {
	switch st {
	case rectify.CommentNew:
		return "已收到，等待登记办理"
	case rectify.CommentTriaged, rectify.CommentAssigned:
		return "正在办理"
	case rectify.CommentReplied:
		return "已答复"
	case rectify.CommentClosed:
		return "已办结"
	}
	return "正在办理"
}
