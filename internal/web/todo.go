package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// todoRoutes are the routes of the to-do list (待办), the first page of
// every signed-in person, and of the sign-off made from it.
func (w *Web) todoRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /todo", Perm: auth.Read, Handler: w.todo},
		{Pattern: "POST /todo/problems/{problemID}/review", Perm: auth.Review, Handler: w.todoReview},
		{Pattern: "POST /problems/bulk", Perm: auth.Edit, Handler: w.bulkProblems},
	}
}

// todoLimit is how many entries of each part the page lists.
const todoLimit = 20

// todoData is the to-do page.
type todoData struct {
	*workflow.ToDo
	Today rectify.Date
	// Undelivered are the reminders given up, with whom they were for.
	Undelivered []undeliveredRow
	// Office is set for reviewers and admins (sign-off, look-backs,
	// reminders).
	Office bool
	// Source narrows the problems to one kind of rectification; Sources
	// are the kinds to choose from.
	Source  rectify.Source
	Sources []rectify.Source
}

type undeliveredRow struct {
	workflow.ToDoUndelivered
	KindLabel string // 临期或逾期提醒
	To        string // 张伟（账号）, 中共青石县水务局党组的钉钉群
}

// todo shows the to-do list of the signed-in person.
func (w *Web) todo(rw http.ResponseWriter, r *http.Request) error {
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	source := sourceParam(r.URL.Query().Get("source"))
	td, err := w.Work.ToDoOf(r.Context(), todoLimit, source)
	if err != nil {
		return err
	}
	data := todoData{ToDo: td, Today: td.AsOf, Office: u.Actor() == rectify.ActorReviewer, Source: source, Sources: rectify.Sources}
	for _, ud := range td.Undelivered {
		data.Undelivered = append(data.Undelivered, undeliveredRow{ToDoUndelivered: ud, KindLabel: reminderKind(ud.Kind),
			To: w.recipientName(r.Context(), ud.Recipient)})
	}
	return w.render(rw, r, http.StatusOK, "todo", data)
}

// reminderKind names a kind of reminder.
func reminderKind(kind string) string {
	switch kind {
	case "due":
		return "临期或逾期提醒"
	case "escalation":
		return "升级督办"
	case "recheck":
		return "回头看提醒"
	}
	return kind
}

// recipientName says whom a reminder was for: an account by its name, a
// unit's group robot by the unit.
func (w *Web) recipientName(ctx context.Context, recipient string) string {
	kind, rest, _ := strings.Cut(recipient, ":")
	switch kind {
	case "user":
		id, _ := strconv.ParseInt(rest, 10, 64)
		if u, err := w.Store.GetUser(ctx, id); err == nil {
			to := u.Name
			if u.Email != "" {
				to += "（" + u.Email + "）"
			}
			return to
		}
	case "dingtalk", "wecom":
		robot := "钉钉群"
		if kind == "wecom" {
			robot = "企业微信群"
		}
		_, idText, _ := strings.Cut(rest, ":")
		id, _ := strconv.ParseInt(idText, 10, 64)
		if unit, err := w.Store.GetUnit(ctx, id); err == nil {
			return unit.Name + "的" + robot
		}
		return robot
	}
	return recipient
}

// todoReviewData is a sign-off entry of the to-do list after the
// reviewer's decision: done (Message) or refused (Error, the entry again).
type todoReviewData struct {
	Item    workflow.ToDoProblem
	Message string
	Error   string
	Reason  string
}

// todoReview signs a problem off (销号通过) or sends it back with a reason
// (退回) from the to-do list, through the same use case as the problem's
// page. With htmx it answers the entry alone, done or with the reason it
// was refused; without, it goes back to the list with a message.
func (w *Web) todoReview(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	in := workflow.StatusInput{To: rectify.Status(f.Get("to")), Reason: f.Get("reason")}
	msg := ""
	switch in.To {
	case rectify.StatusCompleted:
		msg = "已销号：问题状态改为“完成”，并已安排回头看"
	case rectify.StatusInProgress:
		msg = "已退回整改单位：问题状态改为“整改中”"
	default:
		return rectify.Errorf(rectify.EINVALID, "请选择销号通过或退回")
	}
	_, err = w.Work.ChangeStatus(r.Context(), id, in)
	htmx := r.Header.Get("HX-Request") == "true"
	if err != nil {
		code := rectify.ErrorCode(err)
		if code != rectify.EINVALID && code != rectify.ETRANSITION && code != rectify.ECONFLICT {
			return err
		}
		why := rectify.ErrorMessage(err)
		for _, m := range rectify.ErrorFields(err) {
			why = m
		}
		if !htmx {
			return redirect(rw, r, "/todo#signoff", "问题未能处理："+why)
		}
		data := todoReviewData{Error: why, Reason: in.Reason}
		if data.Item, err = w.todoItem(r.Context(), id); err != nil {
			return err
		}
		return w.renderPart(rw, http.StatusOK, "todo", "todo-signoff-item", data)
	}
	if !htmx {
		return redirect(rw, r, "/todo#signoff", msg)
	}
	data := todoReviewData{Message: msg}
	if data.Item, err = w.todoItem(r.Context(), id); err != nil {
		return err
	}
	return w.renderPart(rw, http.StatusOK, "todo", "todo-signoff-item", data)
}

// todoItem returns the problem with id as a to-do entry.
func (w *Web) todoItem(ctx context.Context, id int64) (workflow.ToDoProblem, error) {
	p, err := w.Store.GetProblem(ctx, id)
	if err != nil {
		return workflow.ToDoProblem{}, err
	}
	unit, err := w.Store.ProblemUnit(ctx, id)
	if err != nil {
		return workflow.ToDoProblem{}, err
	}
	set, err := w.Work.Settings(ctx, unit.Path)
	if err != nil {
		return workflow.ToDoProblem{}, err
	}
	item := workflow.ToDoProblem{Problem: p, UnitName: unit.Name, Source: rectify.SourceXuncha, Lateness: p.LatenessAsOf(w.today(), set.WarnDays)}
	ins, err := w.Store.ListInspections(ctx, store.InspectionFilter{UnitID: unit.ID})
	if err != nil {
		return workflow.ToDoProblem{}, err
	}
	for _, in := range ins {
		if in.ID == p.InspectionID {
			item.Source = in.Source.Or()
		}
	}
	return item, nil
}

// lateCount returns how many problems of the user's scope are red or
// yellow today (the to-do list's first part), counted with rectify.LightOf
// from the facts the overview keeps in memory, each with its unit's
// warning window: the same figure as the list's query, without reading
// every problem on every page.
func (w *Web) lateCount(ctx context.Context) (int, error) {
	u := rectify.UserFrom(ctx)
	if u == nil {
		return 0, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	view, err := w.Facts.Current(ctx)
	if err != nil {
		return 0, err
	}
	units := view.Units(u.ScopePath)
	def, own, err := workflow.WarnWindows(ctx, w.Store, units, u.ScopePath)
	if err != nil {
		return 0, err
	}
	inScope := make(map[int64]bool, len(units))
	for _, unit := range units {
		inScope[unit.ID] = true
	}
	return view.Late(ctx, view.InScope(units, ""), w.today(), func(in *store.InspectionFact) int {
		if wd, ok := own[in.UnitID]; ok {
			return wd
		}
		return def
	})
}
