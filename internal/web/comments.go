package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 群众意见 (the inbox): the opinions the public sent to the units of the
// user's scope, newest first, by state, and the page of one opinion with
// what may be done with it now — triage (分办), link to a problem (an
// opinion about a signed-off problem proposes a look-back), assign (交办),
// reply (答复, published on the public page or not) and close (办结). Each
// button shows only when the workflow allows the move from the current
// state for the user's side and the user's role holds the route's
// permission on the opinion's unit; every change goes through the
// workflow. A form made from an older version of the opinion is answered
// "已被他人修改", the input kept.

// inboxRoutes are the routes of the inbox. Triage, linking, assigning and
// closing are the office's (Review); a reply is the unit's or the
// office's (Edit: editors and admins).
func (w *Web) inboxRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /comments", Perm: auth.Read, Handler: w.inbox},
		{Pattern: "GET /comments/{commentID}", Perm: auth.Read, Handler: w.comment},
		{Pattern: "POST /comments/{commentID}/triage", Perm: auth.Review, Handler: w.commentAction(actTriage)},
		{Pattern: "POST /comments/{commentID}/link", Perm: auth.Review, Handler: w.commentAction(actLink)},
		{Pattern: "POST /comments/{commentID}/assign", Perm: auth.Review, Handler: w.commentAction(actAssign)},
		{Pattern: "POST /comments/{commentID}/reply", Perm: auth.Edit, Handler: w.commentAction(actReply)},
		{Pattern: "POST /comments/{commentID}/close", Perm: auth.Review, Handler: w.commentAction(actClose)},
	}
}

// commentStates lists the states in the order of the work.
var commentStates = []rectify.CommentState{rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned,
	rectify.CommentReplied, rectify.CommentClosed}

// inboxPageSize is how many opinions a page of the inbox lists.
const inboxPageSize = 50

type stateTab struct {
	State  rectify.CommentState // "" for all
	Label  string
	Count  int
	Active bool
}

type inboxRow struct {
	Comment  *rectify.PublicComment
	Receipt  string
	UnitName string
	State    string
	Excerpt  string
}

type inboxData struct {
	Tabs       []stateTab
	Rows       []inboxRow
	Total      int
	Page, Last int
	Prev, Next int // 0 when none
	State      rectify.CommentState
}

// inbox lists the opinions of the user's scope, filtered by ?state=,
// the newest first, 50 a page (?page=).
func (w *Web) inbox(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	if n := strings.TrimSpace(q.Get("receipt")); n != "" {
		// 按回执编号查找: a person who calls reads out their receipt.
		_, id, ok := parseReceipt(n)
		if !ok {
			return rectify.Errorf(rectify.EINVALID, "回执编号应形如 20240301-17-3fa9c20b1e 或 20240301-17")
		}
		http.Redirect(rw, r, "/comments/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	state := rectify.CommentState(q.Get("state"))
	if state != "" && workflow.CommentStateLabel(state) == string(state) {
		return rectify.Errorf(rectify.EINVALID, "未知的办理状态“%s”", state)
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f := store.CommentFilter{ScopePath: me.ScopePath, Limit: inboxPageSize, Offset: (page - 1) * inboxPageSize}
	if state != "" {
		f.States = []rectify.CommentState{state}
	}
	cs, total, err := w.Store.ListComments(ctx, f)
	if err != nil {
		return err
	}
	counts, err := w.Store.CountComments(ctx, store.CommentFilter{ScopePath: me.ScopePath})
	if err != nil {
		return err
	}
	names, err := w.unitNames(r, me)
	if err != nil {
		return err
	}
	data := inboxData{Total: total, Page: page, Last: max((total+inboxPageSize-1)/inboxPageSize, 1), State: state}
	if page > 1 {
		data.Prev = page - 1
	}
	if page < data.Last {
		data.Next = page + 1
	}
	all := 0
	for _, st := range commentStates {
		all += counts[st]
	}
	data.Tabs = append(data.Tabs, stateTab{Label: "全部", Count: all, Active: state == ""})
	for _, st := range commentStates {
		data.Tabs = append(data.Tabs, stateTab{State: st, Label: workflow.CommentStateLabel(st), Count: counts[st], Active: st == state})
	}
	for _, pc := range cs {
		data.Rows = append(data.Rows, inboxRow{Comment: pc, Receipt: w.receipt(pc), UnitName: names[pc.UnitID],
			State: workflow.CommentStateLabel(pc.State), Excerpt: excerpt(pc.Text, 80)})
	}
	return w.render(rw, r, http.StatusOK, "comments", data)
}

// excerpt returns the start of s on one line, at most n characters.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// The actions on an opinion.
const (
	actTriage = "triage"
	actLink   = "link"
	actAssign = "assign"
	actReply  = "reply"
	actClose  = "close"
)

// commentData is the page of one opinion.
type commentData struct {
	Comment    *rectify.PublicComment
	Receipt    string
	State      string
	Unit       *rectify.Unit
	Inspection *rectify.Inspection // filed under, nil when none
	Problem    *rectify.Problem    // linked, nil when none
	// Rechecks are the pending look-backs of the linked problem (one
	// proposed by the link among them).
	Rechecks []*rectify.Recheck
	// Can says which actions the user may take now; Forms holds their
	// forms, the one submitted with its input and messages.
	Can         map[string]bool
	Forms       map[string]*httpx.Form
	Inspections []*rectify.Inspection // of the unit's subtree, for triage
	Problems    []problemChoice       // of the unit's subtree, for the link
}

type problemChoice struct {
	ID    int64
	Label string
}

// comment shows an opinion with the actions open to the user.
func (w *Web) comment(rw http.ResponseWriter, r *http.Request) error {
	pc, err := w.pathComment(r)
	if err != nil {
		return err
	}
	return w.commentPage(rw, r, http.StatusOK, pc, "", nil)
}

func (w *Web) pathComment(r *http.Request) (*rectify.PublicComment, error) {
	id, err := httpx.PathID(r, "commentID")
	if err != nil {
		return nil, err
	}
	return w.Store.GetComment(r.Context(), id)
}

// commentPage renders the page of pc; action names the form submitted
// and f its input (nil: every form fresh).
func (w *Web) commentPage(rw http.ResponseWriter, r *http.Request, status int, pc *rectify.PublicComment, action string, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	unit, err := w.Store.GetUnit(ctx, pc.UnitID)
	if err != nil {
		return err
	}
	data := commentData{Comment: pc, Receipt: w.receipt(pc), State: workflow.CommentStateLabel(pc.State), Unit: unit,
		Can: map[string]bool{}, Forms: map[string]*httpx.Form{}}
	if pc.InspectionID != 0 {
		if data.Inspection, err = w.Store.GetInspection(ctx, pc.InspectionID); err != nil && rectify.ErrorCode(err) != rectify.ENOTFOUND {
			return err
		}
	}
	if pc.ProblemID != 0 {
		data.Problem, err = w.Store.GetProblem(ctx, pc.ProblemID)
		switch {
		case rectify.ErrorCode(err) == rectify.ENOTFOUND:
			data.Problem = nil
		case err != nil:
			return err
		default:
			rcs, err := w.Store.ListRechecks(ctx, pc.ProblemID)
			if err != nil {
				return err
			}
			for _, rc := range rcs {
				if rc.Done.IsZero() {
					data.Rechecks = append(data.Rechecks, rc)
				}
			}
		}
	}
	actor := me.Actor()
	review := auth.Allowed(me, auth.Review, unit.Path)
	data.Can[actTriage] = review && workflow.CanMoveComment(pc.State, rectify.CommentTriaged, actor) == nil
	data.Can[actLink] = review && actor == rectify.ActorReviewer && pc.State != rectify.CommentClosed
	data.Can[actAssign] = review && workflow.CanMoveComment(pc.State, rectify.CommentAssigned, actor) == nil
	data.Can[actReply] = auth.Allowed(me, auth.Edit, unit.Path) && workflow.CanMoveComment(pc.State, rectify.CommentReplied, actor) == nil
	data.Can[actClose] = review && workflow.CanMoveComment(pc.State, rectify.CommentClosed, actor) == nil
	version := strconv.Itoa(pc.Version)
	for _, act := range []string{actTriage, actLink, actAssign, actReply, actClose} {
		v := url.Values{"version": {version}}
		switch act {
		case actTriage:
			if pc.InspectionID != 0 {
				v.Set("inspection_id", strconv.FormatInt(pc.InspectionID, 10))
			}
		case actLink:
			if pc.ProblemID != 0 {
				v.Set("problem_id", strconv.FormatInt(pc.ProblemID, 10))
			}
		case actAssign:
			v.Set("assignee", pc.Assignee)
		case actReply:
			v.Set("reply", pc.Reply)
			if pc.ReplyPublic || pc.Reply == "" {
				v.Set("public", "on")
			}
		}
		data.Forms[act] = httpx.NewForm(v)
	}
	if f != nil {
		data.Forms[action] = f
		data.Can[action] = true // show the form with its messages, even when the state moved on
	}
	if data.Can[actTriage] {
		if data.Inspections, err = w.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: unit.Path}); err != nil {
			return err
		}
	}
	if data.Can[actLink] {
		ins, err := w.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: unit.Path})
		if err != nil {
			return err
		}
		teams := make(map[int64]string, len(ins))
		for _, in := range ins {
			teams[in.ID] = in.Team
		}
		ps, _, err := w.Store.ListProblems(ctx, store.ProblemFilter{ScopePath: unit.Path, Sort: store.SortNumber, Limit: 1000})
		if err != nil {
			return err
		}
		for _, p := range ps {
			data.Problems = append(data.Problems, problemChoice{ID: p.ID,
				Label: teams[p.InspectionID] + " · " + strconv.Itoa(p.Number) + ". " + excerpt(p.Title, 40) + "（" + p.Status.Label() + "）"})
		}
	}
	return w.render(rw, r, status, "comment", data)
}

// commentAction returns the handler of an action on an opinion: it reads
// the form, refuses a form made from an older version ("已被他人修改", the
// input kept), calls the workflow, and goes back to the opinion's page
// saying what was done.
func (w *Web) commentAction(action string) httpx.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) error {
		pc, err := w.pathComment(r)
		if err != nil {
			return err
		}
		f, err := httpx.ParseForm(r)
		if err != nil {
			return err
		}
		ctx := r.Context()
		msg := ""
		status, err := save(f, func() error {
			if f.Int("version") != pc.Version {
				return rectify.ErrStale
			}
			switch action {
			case actTriage:
				msg = "已分办"
				return w.Work.Triage(ctx, pc.ID, f.Int64("inspection_id"))
			case actLink:
				pid := f.Int64("problem_id")
				if pid == 0 {
					f.AddError("problem_id", "请选择问题")
					return f.Err()
				}
				rc, err := w.Work.LinkToProblem(ctx, pc.ID, pid)
				msg = "已关联问题"
				if rc != nil {
					msg = "已关联问题。该问题已销号，群众反映可能反弹，已提议回头看，" + rc.Due.Chinese() + "前完成"
				}
				return err
			case actAssign:
				msg = "已交办给“" + f.Get("assignee") + "”"
				return w.Work.Assign(ctx, pc.ID, f.Get("assignee"))
			case actReply:
				msg = "已答复"
				if f.Checked("public") {
					msg = "已答复，答复已在公开页面显示"
				}
				return w.Work.Reply(ctx, pc.ID, f.Get("reply"), f.Checked("public"))
			case actClose:
				msg = "已办结"
				return w.Work.Close(ctx, pc.ID, f.Get("note"))
			}
			return rectify.Errorf(rectify.EINVALID, "未知的操作")
		})
		if err != nil {
			return err
		}
		if status != 0 {
			return w.commentPage(rw, r, status, pc, action, f)
		}
		return redirect(rw, r, "/comments/"+strconv.FormatInt(pc.ID, 10), msg)
	}
}
