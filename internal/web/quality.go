package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

func (w *Web) qualityRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /quality", Perm: auth.Review, Handler: w.quality},
		{Pattern: "POST /quality/rebuild", Perm: auth.Admin, Handler: w.rebuildQuality},
	}
}

// qualityPageSize is how many clusters a page of 质量分析 lists.
const qualityPageSize = 30

type qualityData struct {
	*workflow.SimilarPage
	Kinds      []choice
	Kind       string
	Page, Last int
	Prev, Next string // links to the pages around, "" at the ends
	CanRebuild bool
}

// quality lists the clusters of copied texts that touch the user's scope:
// the texts side by side with what they share marked, each linked to its
// problem; texts of units outside the scope are only counted.
func (w *Web) quality(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	kind := q.Get("kind")
	if !validKind(kind) {
		kind = ""
	}
	data := qualityData{Kind: kind, CanRebuild: auth.Holds(me.Role, auth.Admin)}
	data.Kinds = append(data.Kinds, choice{Value: "", Label: "全部", On: kind == ""})
	for _, k := range []workflow.CopyKind{workflow.SameMeasure, workflow.RestatesProblem, workflow.ReusedProgress,
		workflow.RepeatedResult, workflow.RepeatedNotice} {
		data.Kinds = append(data.Kinds, choice{Value: string(k), Label: k.Label(), On: string(k) == kind})
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	data.SimilarPage, err = workflow.ListSimilar(r.Context(), w.Store, store.SimilarFilter{ScopePath: me.ScopePath, Kind: kind,
		Limit: qualityPageSize, Offset: (page - 1) * qualityPageSize})
	if err != nil {
		return err
	}
	data.Page, data.Last = page, max(1, (data.Total+qualityPageSize-1)/qualityPageSize)
	link := func(p int) string {
		v := url.Values{}
		if kind != "" {
			v.Set("kind", kind)
		}
		v.Set("page", strconv.Itoa(p))
		return "/quality?" + v.Encode()
	}
	if page > 1 {
		data.Prev = link(page - 1)
	}
	if page < data.Last {
		data.Next = link(page + 1)
	}
	return w.render(rw, r, http.StatusOK, "quality", data)
}

func validKind(k string) bool {
	switch workflow.CopyKind(k) {
	case "", workflow.SameMeasure, workflow.RestatesProblem, workflow.ReusedProgress, workflow.RepeatedResult, workflow.RepeatedNotice:
		return true
	}
	return false
}

// rebuildQuality analyses the whole record for copied texts now, as the
// server does every night.
func (w *Web) rebuildQuality(rw http.ResponseWriter, r *http.Request) error {
	rep, err := workflow.RebuildSimilar(r.Context(), w.Store, w.Now())
	if err != nil {
		return err
	}
	return redirect(rw, r, "/quality", "已重新分析："+strconv.Itoa(rep.Texts)+" 段文字，"+strconv.Itoa(len(rep.Clusters))+" 组雷同")
}

// copyFlag is the flag on a problem whose texts the last analysis found
// copied: what, in words.
type copyFlag struct {
	Kind workflow.CopyKind
	Text string
}

// copyFlags returns the flags of a problem's copied texts, one per cluster.
func (w *Web) copyFlags(ctx context.Context, problemID int64) ([]copyFlag, error) {
	byProblem, err := w.Store.ProblemSimilar(ctx, []int64{problemID})
	if err != nil {
		return nil, err
	}
	var out []copyFlag
	seen := map[int64]bool{}
	for _, f := range byProblem[problemID] {
		if seen[f.ClusterID] {
			continue
		}
		seen[f.ClusterID] = true
		out = append(out, copyFlag{Kind: workflow.CopyKind(f.Kind), Text: copyFlagText(f)})
	}
	return out, nil
}

// copyFlagText says what a flag means, without naming units the reader
// may not see.
func copyFlagText(f store.SimilarFlag) string {
	others := strconv.Itoa(f.Size - 1)
	switch workflow.CopyKind(f.Kind) {
	case workflow.SameMeasure:
		if f.Units > 1 {
			return "措施与其他 " + strconv.Itoa(f.Units-1) + " 个单位的措施高度相似"
		}
		return "措施与往轮巡察的措施高度相似"
	case workflow.RestatesProblem:
		return "措施照搬问题表述"
	case workflow.ReusedProgress:
		if f.Units > 1 {
			return "整改进展与其他 " + strconv.Itoa(f.Units-1) + " 个单位的进展雷同"
		}
		return "整改进展与其他 " + others + " 段进展雷同"
	case workflow.RepeatedResult:
		return "整改进展照搬往轮整改情况"
	}
	return workflow.CopyKind(f.Kind).Label()
}
