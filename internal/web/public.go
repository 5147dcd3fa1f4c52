package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/notice"
)

// 整改公开 (the public page): the published notices of each unit and the
// channel for opinions and suggestions (群众意见建议), for anyone, signed in
// or not, in a light layout without the workspace's navigation. Only what
// a published notice says is shown: a notice that is not published does
// not exist here (404), and of the record nothing else appears — no
// progress reports, evidence, leaders' phones, look-backs or internal
// notes; of the opinions only the replies a unit chose to publish, without
// the name, contact or words of whoever wrote. An opinion sent lands in
// the unit's inbox (/comments) as new.

// errNotPublished answers for a notice or unit that has nothing public,
// whether it exists or not.
var errNotPublished = rectify.Errorf(rectify.ENOTFOUND, "没有找到公开的整改通报，可能尚未公开或已撤回")

// publicPage adapts a public handler: an error the visitor can do
// something about (404, 422, 429 …) is shown in the public layout; a fault
// of the program goes to the usual error page, and its log.
func (w *Web) publicPage(h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) error {
		err := h(rw, r)
		if err == nil {
			return nil
		}
		status := httpx.Status(err)
		if status >= 500 {
			return err
		}
		return w.renderPublic(rw, r, status, "public_error", publicErrorData{Status: status, Message: rectify.ErrorMessage(err)})
	}
}

type publicErrorData struct {
	Status  int
	Message string
}

// renderPublic writes the page name in the public layout.
func (w *Web) renderPublic(rw http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	v := view{Page: name, User: rectify.UserFrom(r.Context()), Path: r.URL.Path, Data: data}
	return w.renderPart(rw, status, name, "public-layout", v)
}

// publicUnitRow is a unit of the public index: linked when it has
// published notices, plain when it only holds units that have.
type publicUnitRow struct {
	Unit    *rectify.Unit
	Notices int
	Latest  rectify.Date // the latest notice date
}

// publicIndex lists the units that have published notices, in the order
// of the unit tree, with the units above them for orientation.
func (w *Web) publicIndex(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ins, err := w.Store.ListPublished(ctx, 0)
	if err != nil {
		return err
	}
	count := map[int64]int{}
	latest := map[int64]rectify.Date{}
	for _, in := range ins {
		count[in.UnitID]++
		latest[in.UnitID] = rectify.MaxDate(latest[in.UnitID], rectify.MaxDate(in.NoticeDate, in.Feedback))
	}
	units, err := w.Store.ListUnits(ctx, "")
	if err != nil {
		return err
	}
	// A unit is shown when it or a unit below it has a published notice.
	show := map[string]bool{}
	for _, u := range units {
		if count[u.ID] > 0 {
			for p := u.Path; p != "" && p != "/"; p = parentPath(p) {
				show[p] = true
			}
		}
	}
	var rows []publicUnitRow
	for _, u := range units {
		if show[u.Path] {
			rows = append(rows, publicUnitRow{Unit: u, Notices: count[u.ID], Latest: latest[u.ID]})
		}
	}
	return w.renderPublic(rw, r, http.StatusOK, "public_index", struct{ Units []publicUnitRow }{rows})
}

// parentPath returns the path of the parent of the unit at path
// ("/1/4/" gives "/1/", "/1/" gives "/").
func parentPath(path string) string {
	p := path[:len(path)-1]
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i+1]
		}
	}
	return "/"
}

type publicUnitData struct {
	Unit    *rectify.Unit
	Notices []*rectify.Inspection
}

// publicUnit lists the published notices of a unit; a unit without any
// is not found.
func (w *Web) publicUnit(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "unitID")
	if err != nil {
		return err
	}
	ins, err := w.Store.ListPublished(r.Context(), id)
	if err != nil {
		return err
	}
	if len(ins) == 0 {
		return errNotPublished
	}
	unit, err := w.Store.GetUnit(r.Context(), id)
	if err != nil {
		return err
	}
	return w.renderPublic(rw, r, http.StatusOK, "public_unit", publicUnitData{Unit: unit, Notices: ins})
}

// publicNoticeData is a published notice with its opinion form.
type publicNoticeData struct {
	Inspection *rectify.Inspection
	Unit       *rectify.Unit
	Blocks     []publicBlock
	Contact    rectify.Contact
	Problems   []*rectify.Problem // for the choice of the problem an opinion is about
	Replies    []publicReply
	Form       *httpx.Form
	// PowBits, when not 0, asks the browser to solve the form's challenge
	// (pow_challenge) to this many zero bits before it is sent.
	PowBits int
}

type publicReply struct {
	Received rectify.Date
	Problem  *rectify.Problem // nil when the opinion named none
	Reply    string
}

// publicBlock is a paragraph of the notice as the page sets it: Tag is
// h1, h2, h3 or p, Class the paragraph's role.
type publicBlock struct {
	Tag, Class, Text string
	Lines            []string // a title's lines (notice.TitleLines), nil for one line
}

// publicBlocks sets the notice's paragraphs as a web page: the title a
// heading with the issuer above it, the sections and findings headings,
// the signature and date at the right.
func publicBlocks(bs []notice.Block) []publicBlock {
	out := make([]publicBlock, 0, len(bs))
	for _, b := range bs {
		pb := publicBlock{Tag: "p", Text: b.Text}
		switch b.Kind {
		case notice.BlockIssuer:
			pb.Class, pb.Lines = "notice-issuer", titleLines(b.Text)
		case notice.BlockTitle:
			pb.Tag, pb.Class, pb.Lines = "h1", "notice-title", titleLines(b.Text)
		case notice.BlockHeading1:
			pb.Tag = "h2"
		case notice.BlockHeading2:
			pb.Tag = "h3"
		case notice.BlockSignature:
			pb.Class = "notice-signature"
		case notice.BlockDate:
			pb.Class = "notice-date"
		default:
			if strings.HasPrefix(b.Text, "整改结果：") {
				pb.Class = "notice-result"
			}
		}
		out = append(out, pb)
	}
	return out
}

// publishedInspection returns the inspection of the path when it is
// published, with its tree, else errNotPublished.
func (w *Web) publishedInspection(r *http.Request) (*rectify.Inspection, error) {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return nil, errNotPublished
	}
	head, err := w.Store.GetInspection(r.Context(), id)
	if rectify.ErrorCode(err) == rectify.ENOTFOUND || (err == nil && !head.Published) {
		return nil, errNotPublished
	}
	if err != nil {
		return nil, err
	}
	return w.Store.LoadInspection(r.Context(), id)
}

// publicNotice shows a published notice as of its notice date (as it was
// published; the latest statuses when it has no date), the public
// contact, the replies published under it and the opinion form.
func (w *Web) publicNotice(rw http.ResponseWriter, r *http.Request) error {
	in, err := w.publishedInspection(r)
	if err != nil {
		return err
	}
	return w.noticePage(rw, r, http.StatusOK, in, nil)
}

func (w *Web) noticePage(rw http.ResponseWriter, r *http.Request, status int, in *rectify.Inspection, f *httpx.Form) error {
	ctx := r.Context()
	unit, err := w.Store.GetUnit(ctx, in.UnitID)
	if err != nil {
		return err
	}
	in.FillFromUnit(unit)
	blocks, err := notice.Blocks(in, notice.RenderOptions{AsOf: in.NoticeDate})
	if err != nil {
		return err
	}
	replies, err := w.Store.ListPublicReplies(ctx, in.ID)
	if err != nil {
		return err
	}
	problems := in.Problems()
	byID := make(map[int64]*rectify.Problem, len(problems))
	for _, p := range problems {
		byID[p.ID] = p
	}
	data := publicNoticeData{Inspection: in, Unit: unit, Blocks: publicBlocks(blocks), Contact: in.Contact, Problems: problems, Form: f}
	if data.Contact.IsZero() {
		data.Contact = unit.Contact
	}
	for _, pc := range replies {
		data.Replies = append(data.Replies, publicReply{Received: rectify.DateOf(pc.Received.In(w.Location)),
			Problem: byID[pc.ProblemID], Reply: pc.Reply})
	}
	if data.Form == nil {
		data.Form = httpx.NewForm(nil)
	}
	// Every showing of the form carries a new timestamp: a form shown
	// again after a mistake can be sent once the person has read it.
	data.Form.Set("t", w.flood.formToken(w.Now(), in.ID))
	// A unit flooded in the last hour asks the browser for a proof of
	// work with every new form.
	busy, err := w.flood.busy(ctx, in.UnitID)
	if err != nil {
		return err
	}
	data.Form.Set("pow_challenge", "")
	data.Form.Set("pow", "")
	if busy {
		data.Form.Set("pow_challenge", w.flood.challenge(in.ID))
		data.PowBits = w.flood.powBits
	}
	return w.renderPublic(rw, r, status, "public_notice", data)
}

// publicComment takes an opinion sent from a notice's page: it checks the
// honeypot, the form's timestamp, the fields, and the limits per address
// and per unit, stores the opinion as new in the unit's inbox and sends
// the browser to the thank-you page with its receipt number. A refused
// opinion shows the form again with what was typed and why.
func (w *Web) publicComment(rw http.ResponseWriter, r *http.Request) error {
	in, err := w.publishedInspection(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	again := func(status int, msg string) error {
		f.Message = msg
		return w.noticePage(rw, r, status, in, f)
	}
	if f.Value("website") != "" {
		w.Log.InfoContext(r.Context(), "public opinion refused: honeypot", "ip", httpx.ClientIP(r), "inspection", in.ID)
		f.Set("website", "")
		return again(http.StatusUnprocessableEntity, msgHoneypot)
	}
	if err := w.flood.checkToken(f.Value("t"), in.ID); err != nil {
		return again(http.StatusUnprocessableEntity, rectify.ErrorMessage(err))
	}
	pc := &rectify.PublicComment{UnitID: in.UnitID, InspectionID: in.ID,
		Name: f.Get("name"), Contact: f.Get("contact"), Text: f.Get("text")}
	if pid := f.Int64("problem_id"); pid != 0 {
		for _, p := range in.Problems() {
			if p.ID == pid {
				pc.ProblemID = pid
			}
		}
		if pc.ProblemID == 0 {
			f.AddError("problem_id", "请从列表中选择问题")
		}
	}
	if err := pc.Validate(); err != nil {
		f.Fail(err)
	}
	if !f.Valid() {
		return w.noticePage(rw, r, http.StatusUnprocessableEntity, in, f)
	}
	busy, err := w.flood.busy(r.Context(), in.UnitID)
	if err != nil {
		return err
	}
	pow := ""
	if busy {
		pow = f.Value("pow_challenge")
		if err := w.flood.checkPow(pow, f.Value("pow"), in.ID); err != nil {
			return again(http.StatusUnprocessableEntity, rectify.ErrorMessage(err))
		}
	}
	if err := w.flood.admit(r.Context(), httpx.ClientIP(r), in.UnitID, pc.Text, pow); err != nil {
		w.Log.InfoContext(r.Context(), "public opinion refused", "ip", httpx.ClientIP(r), "inspection", in.ID, "why", err)
		return again(httpx.Status(err), rectify.ErrorMessage(err))
	}
	// Nobody is signed in: the opinion is the public's, recorded by the
	// system, as the audit log has it.
	if err := w.Store.CreateComment(rectify.AsSystem(r.Context()), pc); err != nil {
		return err
	}
	w.Log.InfoContext(r.Context(), "public opinion received", "comment", pc.ID, "unit", pc.UnitID, "inspection", in.ID)
	n := w.receipt(pc)
	q := url.Values{"n": {n}, "i": {strconv.FormatInt(in.ID, 10)}, "s": {w.receiptSig(n, in.ID)}}
	http.Redirect(rw, r, "/public/thanks?"+q.Encode(), http.StatusSeeOther)
	return nil
}

func (w *Web) receiptSig(n string, inspectionID int64) string {
	return base64.RawURLEncoding.EncodeToString(w.flood.sign([]byte(n + "|" + strconv.FormatInt(inspectionID, 10))))
}

type publicThanksData struct {
	Receipt    string
	Inspection *rectify.Inspection
}

// publicThanks thanks the sender and shows the receipt number, when the
// link is the one the form sent them to.
func (w *Web) publicThanks(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	n, s := q.Get("n"), q.Get("s")
	id, err := strconv.ParseInt(q.Get("i"), 10, 64)
	if err != nil || !receiptRE.MatchString(n) || s != w.receiptSig(n, id) {
		return rectify.Errorf(rectify.ENOTFOUND, "回执链接无效")
	}
	in, err := w.Store.GetInspection(r.Context(), id)
	if err != nil || !in.Published {
		in = nil // withdrawn meanwhile: the receipt stands
	}
	return w.renderPublic(rw, r, http.StatusOK, "public_thanks", publicThanksData{Receipt: n, Inspection: in})
}

// publicRoutes are the routes of the public pages (anyone) and of the
// publication switch (公开管理).
func (w *Web) publicRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /public", Perm: auth.Public, Handler: w.publicPage(w.publicIndex)},
		{Pattern: "GET /public/units/{unitID}", Perm: auth.Public, Handler: w.publicPage(w.publicUnit)},
		{Pattern: "GET /public/inspections/{inspectionID}", Perm: auth.Public, Handler: w.publicPage(w.publicNotice)},
		{Pattern: "POST /public/inspections/{inspectionID}/comments", Perm: auth.Public, Handler: w.publicPage(w.publicComment),
			MaxBody: publicFormMaxBody},
		{Pattern: "GET /public/thanks", Perm: auth.Public, Handler: w.publicPage(w.publicThanks)},
		{Pattern: "GET /public/receipt", Perm: auth.Public, Handler: w.publicPage(w.publicReceiptForm)},
		{Pattern: "POST /public/receipt", Perm: auth.Public, Handler: w.publicPage(w.publicReceipt), MaxBody: 4 << 10},

		{Pattern: "GET /publishing", Perm: auth.Read, Handler: w.publishing},
		{Pattern: "POST /inspections/{inspectionID}/publish", Perm: auth.Edit, Handler: w.publish},
	}
}
