package web

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 回头看 (look-backs): the look-backs of the user's scope that are due or
// overdue, those recorded lately, the random sample of signed-off problems
// for on-site checks (reviewers: a unit, a count and a seed; the same
// seed on the same record draws the same problems, so anyone can check
// the draw), and the page of one look-back where a reviewer records it
// passed (巩固) or failed (反弹, with a note): a failed look-back reopens
// the problem, its history kept, and counts as a rebound.

func (w *Web) recheckRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /rechecks", Perm: auth.Read, Handler: w.rechecks},
		{Pattern: "POST /rechecks/sample", Perm: auth.Review, UnitField: "unit_id", Handler: w.sampleRechecks},
		{Pattern: "GET /rechecks/{recheckID}", Perm: auth.Read, Handler: w.recheck},
		{Pattern: "POST /rechecks/{recheckID}", Perm: auth.Review, Handler: w.recordRecheck},
	}
}

// How far the list of look-backs looks ahead and back.
const (
	recheckAheadDays = 30
	recheckBackDays  = 90
	recheckListLimit = 500
)

type rechecksData struct {
	Today   rectify.Date
	Due     []recheckRowView // pending, due within recheckAheadDays, overdue first
	Done    []recheckRowView // recorded within recheckBackDays
	CanDraw bool
	Units   []*rectify.Unit // for the sample
	Form    *httpx.Form     // of the sample
	Drawn   []*rectify.Problem
	Pool    int // how many signed-off problems the draw picked from
	Preview bool
}

type recheckRowView struct {
	store.RecheckRow
	Overdue bool
	Days    int // days overdue
}

// rechecks lists the look-backs of the user's scope with the form of a
// random sample.
func (w *Web) rechecks(rw http.ResponseWriter, r *http.Request) error {
	return w.rechecksPage(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) rechecksPage(rw http.ResponseWriter, r *http.Request, status int, f *httpx.Form, drawn func(*rechecksData)) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := rectify.DateOf(w.Now().In(w.Location))
	due, err := w.Store.ListRechecksIn(ctx, store.RecheckFilter{ScopePath: me.ScopePath, Pending: true,
		DueBy: today.AddDays(recheckAheadDays), Limit: recheckListLimit})
	if err != nil {
		return err
	}
	done, err := w.Store.ListRechecksIn(ctx, store.RecheckFilter{ScopePath: me.ScopePath,
		DoneSince: today.AddDays(-recheckBackDays), Limit: recheckListLimit})
	if err != nil {
		return err
	}
	data := rechecksData{Today: today, CanDraw: auth.Holds(me.Role, auth.Review) && me.Actor() == rectify.ActorReviewer, Form: f}
	for _, row := range due {
		v := recheckRowView{RecheckRow: row}
		if row.Recheck.Due.Before(today) {
			v.Overdue, v.Days = true, row.Recheck.Due.DaysUntil(today)
		}
		data.Due = append(data.Due, v)
	}
	for _, row := range done {
		data.Done = append(data.Done, recheckRowView{RecheckRow: row})
	}
	if data.CanDraw {
		if data.Units, err = w.Store.ListUnits(ctx, me.ScopePath); err != nil {
			return err
		}
		if data.Form == nil {
			v := url.Values{"count": {"5"}, "seed": {strconv.FormatUint(randomSeed(), 10)}}
			if me.UnitID != 0 {
				v.Set("unit_id", strconv.FormatInt(me.UnitID, 10))
			}
			data.Form = httpx.NewForm(v)
		}
	}
	if drawn != nil {
		drawn(&data)
	}
	return w.render(rw, r, status, "rechecks", data)
}

// randomSeed proposes a seed for a draw; the seed is shown and recorded,
// so the draw can be repeated and checked.
func randomSeed() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 20240301
	}
	return binary.BigEndian.Uint64(b[:]) % 1000000
}

// sampleRechecks previews a random sample of the signed-off problems of a
// unit's subtree (action=preview) or draws it and schedules an on-site
// look-back of each (action=draw).
func (w *Web) sampleRechecks(rw http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	in := workflow.SampleInput{UnitID: f.Int64("unit_id"), Count: f.Int("count")}
	if in.UnitID == 0 {
		f.AddError("unit_id", "请选择单位")
	}
	if s := f.Get("seed"); s != "" {
		if in.Seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			f.AddError("seed", "随机种子应为非负整数")
		}
	} else {
		f.AddError("seed", "请填写随机种子")
	}
	if f.Get("count") == "" {
		f.AddError("count", "请填写抽取数量")
	}
	if f.Get("due") != "" {
		in.Due = f.Date("due")
	}
	preview := f.Get("action") != "draw"
	var picked []*rectify.Problem
	var pool int
	var drawn []*rectify.Recheck
	status, err := save(f, func() error {
		var err error
		if preview {
			picked, pool, err = w.Work.Sample(r.Context(), in)
			return err
		}
		drawn, err = w.Work.DrawSample(r.Context(), in)
		return err
	})
	if err != nil {
		return err
	}
	if status != 0 {
		return w.rechecksPage(rw, r, status, f, nil)
	}
	if preview {
		return w.rechecksPage(rw, r, http.StatusOK, f, func(d *rechecksData) {
			d.Drawn, d.Pool, d.Preview = picked, pool, true
		})
	}
	msg := "已抽取 " + strconv.Itoa(len(drawn)) + " 个已销号问题，并安排了实地回头看"
	if len(drawn) == 0 {
		msg = "该单位范围内没有已销号的问题，未抽取"
	}
	return redirect(rw, r, "/rechecks", msg)
}

type recheckData struct {
	Recheck  *rectify.Recheck
	Problem  *rectify.Problem
	Others   []*rectify.Recheck // the problem's other look-backs
	Overdue  bool
	CanCheck bool
	Form     *httpx.Form
}

// recheck shows a look-back, its problem, and the form of its result to
// a reviewer while it is pending.
func (w *Web) recheck(rw http.ResponseWriter, r *http.Request) error {
	rc, err := w.pathRecheck(r)
	if err != nil {
		return err
	}
	return w.recheckPage(rw, r, http.StatusOK, rc, httpx.NewForm(url.Values{"result": {string(rectify.RecheckPassed)}}))
}

func (w *Web) pathRecheck(r *http.Request) (*rectify.Recheck, error) {
	id, err := httpx.PathID(r, "recheckID")
	if err != nil {
		return nil, err
	}
	return w.Store.GetRecheck(r.Context(), id)
}

func (w *Web) recheckPage(rw http.ResponseWriter, r *http.Request, status int, rc *rectify.Recheck, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := w.Store.GetProblem(ctx, rc.ProblemID)
	if err != nil {
		return err
	}
	all, err := w.Store.ListRechecks(ctx, rc.ProblemID)
	if err != nil {
		return err
	}
	today := rectify.DateOf(w.Now().In(w.Location))
	data := recheckData{Recheck: rc, Problem: p, Form: f, Overdue: rc.Done.IsZero() && rc.Due.Before(today),
		CanCheck: rc.Done.IsZero() && auth.Holds(me.Role, auth.Review) && me.Actor() == rectify.ActorReviewer}
	for _, o := range all {
		if o.ID != rc.ID {
			data.Others = append(data.Others, o)
		}
	}
	return w.render(rw, r, status, "recheck", data)
}

// recordRecheck records the result of a look-back through the workflow:
// passed, or failed with a note (the problem reopens).
func (w *Web) recordRecheck(rw http.ResponseWriter, r *http.Request) error {
	rc, err := w.pathRecheck(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	result := rectify.RecheckResult(f.Get("result"))
	status, err := save(f, func() error {
		return w.Work.RecordRecheck(r.Context(), rc.ID, result, f.Get("note"))
	})
	if err != nil {
		return err
	}
	if status != 0 {
		if cur, gerr := w.Store.GetRecheck(r.Context(), rc.ID); gerr == nil {
			rc = cur
		}
		return w.recheckPage(rw, r, status, rc, f)
	}
	msg := "已记录回头看结果：整改成果巩固"
	if result == rectify.RecheckFailed {
		msg = "已记录回头看结果：问题反弹。问题已重新打开（整改中），原有记录保留，反弹计入统计"
	}
	return redirect(rw, r, "/rechecks/"+strconv.FormatInt(rc.ID, 10), msg)
}
