package web

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 公开管理: which notices of the user's scope are on the public page, with
// the switch that publishes or withdraws one (Edit on its unit), and how
// many opinions each drew. The public page shows a notice the moment it
// is published and forgets it the moment it is withdrawn.

type publishingData struct {
	Rows []publishingRow
	// Open counts the opinions of the scope not yet closed.
	Open int
}

type publishingRow struct {
	Inspection *rectify.Inspection
	UnitName   string
	CanEdit    bool
}

// publishing lists the inspections of the user's scope with their
// public state.
func (w *Web) publishing(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ins, err := w.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: me.ScopePath})
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(ctx, me.ScopePath)
	if err != nil {
		return err
	}
	byID := make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	data := publishingData{}
	for _, in := range ins {
		row := publishingRow{Inspection: in}
		if u := byID[in.UnitID]; u != nil {
			row.UnitName = u.Name
			row.CanEdit = auth.Allowed(me, auth.Edit, u.Path)
		}
		data.Rows = append(data.Rows, row)
	}
	counts, err := w.Store.CountComments(ctx, store.CommentFilter{ScopePath: me.ScopePath})
	if err != nil {
		return err
	}
	for st, n := range counts {
		if st != rectify.CommentClosed {
			data.Open += n
		}
	}
	return w.render(rw, r, http.StatusOK, "publishing", data)
}

// publish publishes the notice of an inspection on the public page
// (published=1) or withdraws it (published=0), when the version the page
// showed is still current.
func (w *Web) publish(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "inspectionID")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	in, err := w.Store.GetInspection(r.Context(), id)
	if err != nil {
		return err
	}
	var on bool
	switch f.Get("published") {
	case "1":
		on = true
	case "0":
	default:
		return rectify.Errorf(rectify.EINVALID, "请选择公开或撤回")
	}
	back := httpx.LocalPath(f.Get("next"), "/publishing")
	if in.Published == on {
		return redirect(rw, r, back, "")
	}
	if _, err := w.Work.UpdateInspection(r.Context(), workflow.InspectionUpdate{ID: id, Version: f.Int("version"), Published: &on}); err != nil {
		return err
	}
	me, _ := currentUser(r)
	if me != nil {
		w.Log.InfoContext(r.Context(), "notice publication changed", "inspection", in.ID, "published", on, "by", me.Login)
	}
	msg := "已撤回公开，公开页面不再显示该通报"
	if on {
		msg = "已公开，群众可在公开页面查看该通报并提出意见建议"
	}
	return redirect(rw, r, back, msg)
}
