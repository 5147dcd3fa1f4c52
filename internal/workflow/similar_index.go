package workflow

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/similar"
	"github.com/rectify-dev/rectify/internal/store"
)

// SimilarIndexStore is what the stored analysis of copies needs;
// *store.Store provides it.
type SimilarIndexStore interface {
	SimilarStore
	ReplaceSimilar(ctx context.Context, run store.SimilarRun, cs []store.SimilarClusterRow) error
	LastSimilarRun(ctx context.Context) (store.SimilarRun, error)
	ListSimilar(ctx context.Context, f store.SimilarFilter) ([]store.SimilarClusterRow, int, error)
}

var _ SimilarIndexStore = (*store.Store)(nil)

// rebuilding is held while RebuildSimilar runs.
var rebuilding sync.Mutex

// RebuildSimilar analyses the whole record for copies (FindSimilar at the
// default similarity) and stores the clusters found in place of the last
// analysis's, for the office's page (质量分析) and the flags on problems.
// It is derived data: the server rebuilds it nightly, rectify similar
// --save and the page's button on demand. It returns what it found, and
// the store's error when a read or the write fails.
//
// One analysis runs at a time in a process: it reads every text of the
// record and holds hundreds of megabytes at a province's size, so a
// second request while one runs (the page's button pressed twice, the
// nightly job meeting a press) is refused with ECONFLICT instead of
// doubling that.
func RebuildSimilar(ctx context.Context, st SimilarIndexStore, now time.Time) (*SimilarReport, error) {
	if !rebuilding.TryLock() {
		return nil, rectify.Errorf(rectify.ECONFLICT, "质量分析正在进行，请稍后刷新本页查看结果")
	}
	defer rebuilding.Unlock()
	rep, err := FindSimilar(ctx, st, SimilarInput{Shown: 1})
	if err != nil {
		return nil, err
	}
	rows := make([]store.SimilarClusterRow, len(rep.Clusters))
	for i, c := range rep.Clusters {
		rows[i] = store.SimilarClusterRow{Kind: string(c.Kind), Score: c.Score, Units: c.Units, Size: len(c.Members), Members: c.Members}
	}
	if err := st.ReplaceSimilar(ctx, store.SimilarRun{Built: now, Texts: rep.Texts, Min: rep.Min}, rows); err != nil {
		return nil, fmt.Errorf("workflow: rebuild similar: %w", err)
	}
	return rep, nil
}

// SimilarText is a text of a cluster as the office's page shows it: where
// it stands, and its words with those the cluster's first text shares
// marked (for a measure that restates its problem, those its problem
// shares, and the problem's text with the measure's words marked).
type SimilarText struct {
	*store.TextPlace
	Marked        []similar.Segment
	ProblemMarked []similar.Segment
}

// SimilarGroup is a stored cluster on the office's page.
type SimilarGroup struct {
	store.SimilarClusterRow
	Kind  CopyKind
	Texts []SimilarText
	// Outside is how many of its texts are of units outside the scope
	// (named by no one on the page), Hidden how many in scope are not shown.
	Outside, Hidden int
}

// SimilarPage is a page of the stored clusters.
type SimilarPage struct {
	Run    store.SimilarRun
	Ran    bool // whether the analysis ever ran
	Groups []SimilarGroup
	Total  int
}

// ListSimilar returns the stored clusters with a text in f.ScopePath,
// those spanning most units first, each with its first texts in scope
// read from the record and the parts they share marked. Texts of units
// outside the scope are counted, never shown. It returns the store's error
// when a read fails.
func ListSimilar(ctx context.Context, st SimilarIndexStore, f store.SimilarFilter) (*SimilarPage, error) {
	page := &SimilarPage{}
	run, err := st.LastSimilarRun(ctx)
	switch {
	case rectify.ErrorCode(err) == rectify.ENOTFOUND:
		return page, nil
	case err != nil:
		return nil, err
	}
	page.Run, page.Ran = run, true
	rows, total, err := st.ListSimilar(ctx, f)
	if err != nil {
		return nil, err
	}
	page.Total = total
	want := map[store.TextKind][]int64{}
	for _, cl := range rows {
		for _, m := range cl.Members {
			want[m.Kind] = append(want[m.Kind], m.TextID)
		}
	}
	places := map[store.TextKind]map[int64]*store.TextPlace{}
	for k, ids := range want {
		ps, err := st.TextPlaces(ctx, k, ids)
		if err != nil {
			return nil, err
		}
		places[k] = map[int64]*store.TextPlace{}
		for _, p := range ps {
			places[k][p.ID] = p
		}
	}
	for _, cl := range rows {
		g := SimilarGroup{SimilarClusterRow: cl, Kind: CopyKind(cl.Kind), Outside: cl.Size - cl.InScope,
			Hidden: cl.InScope - len(cl.Members)}
		var texts []*store.TextPlace
		for _, m := range cl.Members {
			if p := places[m.Kind][m.TextID]; p != nil { // else deleted since the analysis
				texts = append(texts, p)
			}
		}
		for i, p := range texts {
			t := SimilarText{TextPlace: p}
			switch {
			case g.Kind == RestatesProblem:
				t.Marked = similar.Marks(p.Text, p.ProblemText)
				t.ProblemMarked = similar.Marks(p.ProblemText, p.Text)
			case len(texts) > 1:
				other := texts[0]
				if i == 0 {
					other = texts[1]
				}
				t.Marked = similar.Marks(p.Text, other.Text)
			default:
				t.Marked = []similar.Segment{{Text: p.Text}}
			}
			g.Texts = append(g.Texts, t)
		}
		page.Groups = append(page.Groups, g)
	}
	return page, nil
}
