package workflow

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/similar"
	"github.com/rectify-dev/rectify/internal/store"
)

// SimilarStore is what FindSimilar reads; *store.Store provides it.
type SimilarStore interface {
	RecordTexts(ctx context.Context, f store.TextFilter) iter.Seq2[*store.RecordText, error]
	TextPlaces(ctx context.Context, kind store.TextKind, ids []int64) ([]*store.TextPlace, error)
}

var _ SimilarStore = (*store.Store)(nil)

// CopyKind is what a cluster of similar texts shows (照搬照抄).
type CopyKind string

// The kinds of copies FindSimilar reports.
const (
	// SameMeasure: one measure written for problems of different
	// inspections — other units, or other rounds of the same unit.
	SameMeasure CopyKind = "same_measure"
	// RestatesProblem: a measure that says its problem again (照搬问题表述)
	// instead of what will be done.
	RestatesProblem CopyKind = "restates_problem"
	// ReusedProgress: one progress report for many problems, of one unit
	// or of several.
	ReusedProgress CopyKind = "reused_progress"
	// RepeatedResult: a unit's progress reports repeated from a problem of
	// an earlier round.
	RepeatedResult CopyKind = "repeated_result"
	// RepeatedNotice: a notice whose texts repeat another inspection's
	// notice.
	RepeatedNotice CopyKind = "repeated_notice"
)

// Label returns the kind in Chinese, as the pages and the CLI show it.
func (k CopyKind) Label() string {
	switch k {
	case SameMeasure:
		return "措施雷同"
	case RestatesProblem:
		return "措施照搬问题表述"
	case ReusedProgress:
		return "进展一文多用"
	case RepeatedResult:
		return "成效照搬往轮"
	case RepeatedNotice:
		return "通报文字雷同"
	}
	return string(k)
}

// RestateShared is the least number of character pairs a measure must
// share with its problem's title and description to count as restating it
// (照搬问题表述), besides sharing at least RestateMin of its own pairs and half of
// the problem's (a measure that turns one clause of the problem into a
// task, 全面排查各岗位廉政风险点, repeats a part of it, not the problem): a short
// measure that names what it fixes (盘点防汛仓库物资, for 防汛仓库物资账实不符,
// 5 pairs shared; 建立健全公务用车管理制度, for 公务用车管理制度不健全, 8) is
// not a restatement, the problem's sentence again with a few words around
// it (针对……的问题，立即整改) is.
const RestateShared = 10

// RestateMin is the least share of a measure's character pairs that its
// problem must hold for the measure to restate it; Min does not change it,
// for a measure that is the problem again with a few words around it
// (针对……的问题，立即整改) has a fifth of its pairs of its own.
const RestateMin = 0.7

// Restates reports whether a measure restates its problem (title and
// description) rather than saying what will be done.
func Restates(measure, problem string) bool {
	sh, _, ok := similar.PrepareShingles(measure)
	return ok && restates(sh, similar.Shingles(similar.Normalize(problem)), RestateMin)
}

func restates(measure, problem []uint64, least float64) bool {
	n := similar.Common(measure, problem)
	return n >= RestateShared && float64(n) >= least*float64(len(measure)) && 2*n >= len(problem)
}

// SimilarInput is a question to FindSimilar.
type SimilarInput struct {
	// ScopePath compares the texts of inspections of this unit subtree
	// ("/1/4/"); every inspection when empty.
	ScopePath string
	// Min is the least similarity (0 to 1, Jaccard of the normalised
	// texts' character pairs) of two texts taken for copies;
	// similar.DefaultMin when zero.
	Min float64
	// Shown is how many texts of each cluster are read back with their
	// units and problems (every ID is listed anyway); 20 when zero.
	Shown int
}

// SimilarCluster is a group of texts that copy one another.
type SimilarCluster struct {
	Kind  CopyKind `json:"kind"`
	Score float64  `json:"score"` // the mean similarity of its links, 0 to 1
	// The IDs of its texts and of their problems, ascending; the
	// inspections of notices.
	MeasureIDs    []int64 `json:"measure_ids,omitempty"`
	ProgressIDs   []int64 `json:"progress_ids,omitempty"`
	ProblemIDs    []int64 `json:"problem_ids,omitempty"`
	InspectionIDs []int64 `json:"inspection_ids,omitempty"`
	Units         int     `json:"units"` // how many units its texts come from
	// Texts are the first texts of the cluster with their places, in the
	// order of the record; for RestatesProblem the measure, whose
	// ProblemText is what it restates.
	Texts []*store.TextPlace `json:"texts"`
	// Members are all its texts with their problems and units, as the
	// index table keeps them.
	Members []store.SimilarMember `json:"-"`
}

// SimilarReport is what FindSimilar found.
type SimilarReport struct {
	Min      float64          `json:"min"`
	Texts    int              `json:"texts"` // the texts compared
	Clusters []SimilarCluster `json:"clusters"`
}

// simItem is a text in the index: what a cluster needs to know of it.
type simItem struct {
	id, problem, inspection, unit int64
}

// FindSimilar finds copied texts among the measures, progress reports and
// notices of the inspections in.ScopePath: the same measure in different
// inspections, measures that restate their problem, one report for many
// problems, a unit's reports repeated from an earlier round, notices that
// repeat one another. Texts are read from the store as a stream, and only
// a signature of each (about 130 bytes) is kept, so a record of millions
// of texts is compared in one pass. It returns EINVALID for a minimum
// outside (0, 1] and the store's error when a read fails.
func FindSimilar(ctx context.Context, st SimilarStore, in SimilarInput) (*SimilarReport, error) {
	least := in.Min
	if least == 0 {
		least = similar.DefaultMin
	}
	if least < 0 || least > 1 {
		return nil, rectify.Errorf(rectify.EINVALID, "相似度下限应在 0 到 1 之间，收到 %g", least)
	}
	shown := in.Shown
	if shown <= 0 {
		shown = 20
	}
	rep := &SimilarReport{Min: least, Clusters: []SimilarCluster{}}
	var restated []simItem

	// Measures: the same text in different inspections, and measures that
	// restate their problem.
	measures, n, err := indexTexts(ctx, st, store.TextFilter{Kind: store.TextMeasure, ScopePath: in.ScopePath})
	if err != nil {
		return nil, err
	}
	// The progress reports are read and signed while the measures are
	// clustered, which takes one processor.
	ctx, cancel := context.WithCancel(ctx)
	var progress *textIndex
	var progressN int
	var progressErr error
	progressRead := make(chan struct{})
	go func() {
		defer close(progressRead)
		progress, progressN, progressErr = indexTexts(ctx, st, store.TextFilter{Kind: store.TextProgress, ScopePath: in.ScopePath})
	}()
	defer func() {
		cancel()
		<-progressRead
	}()
	restated = measures.restated
	rep.Texts += n
	otherInspection := func(i, j int) bool { return measures.items[i].inspection != measures.items[j].inspection }
	cs, err := measures.verify(ctx, st, measures.index.Clusters(least, otherInspection), least, otherInspection)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		rep.Clusters = append(rep.Clusters, measures.cluster(SameMeasure, c))
	}
	measures = nil
	for _, it := range restated {
		rep.Clusters = append(rep.Clusters, SimilarCluster{Kind: RestatesProblem, Score: 1,
			MeasureIDs: []int64{it.id}, ProblemIDs: []int64{it.problem}, InspectionIDs: []int64{it.inspection}, Units: 1,
			Members: []store.SimilarMember{{Kind: store.TextMeasure, TextID: it.id, ProblemID: it.problem,
				InspectionID: it.inspection, UnitID: it.unit}}})
	}

	// Progress reports: one text for many problems, or repeated from an
	// earlier round of the same unit.
	<-progressRead
	if progressErr != nil {
		return nil, progressErr
	}
	rep.Texts += progressN
	otherProblem := func(i, j int) bool { return progress.items[i].problem != progress.items[j].problem }
	cs, err = progress.verify(ctx, st, progress.index.Clusters(least, otherProblem), least, otherProblem)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		cl := progress.cluster(ReusedProgress, c)
		if cl.Units == 1 && len(cl.InspectionIDs) > 1 {
			cl.Kind = RepeatedResult
		}
		rep.Clusters = append(rep.Clusters, cl)
	}
	progress = nil

	// Notices that repeat another inspection's.
	notices, n, err := indexTexts(ctx, st, store.TextFilter{Kind: store.TextNotice, ScopePath: in.ScopePath})
	if err != nil {
		return nil, err
	}
	rep.Texts += n
	for _, c := range notices.index.Clusters(least, nil) {
		rep.Clusters = append(rep.Clusters, notices.cluster(RepeatedNotice, c))
	}

	if err := placeTexts(ctx, st, rep.Clusters, shown); err != nil {
		return nil, err
	}
	return rep, nil
}

// textIndex is the index of the texts of one kind.
type textIndex struct {
	kind  store.TextKind
	index similar.Index
	items []simItem
	// restated are the measures that restate their problem.
	restated []simItem
}

// preparedText is a text signed, and for a measure whether it restates its
// problem.
type preparedText struct {
	sig          similar.Signature
	ok, restates bool
}

// signer signs texts; it keeps the shingles of the last problem seen, for
// a problem's measures come one after another.
type signer struct {
	p               similar.Preparer
	lastProblem     int64
	problemShingles []uint64
	problemFilter   similar.Filter
}

func (sg *signer) prepare(t *store.RecordText) preparedText {
	if t.Kind != store.TextMeasure {
		sig, ok := sg.p.Prepare(t.Text)
		return preparedText{sig: sig, ok: ok}
	}
	if t.ProblemID != sg.lastProblem || sg.problemShingles == nil {
		sg.lastProblem, sg.problemShingles = t.ProblemID, sg.p.AppendShingles(sg.problemShingles, t.ProblemText)
		sg.problemFilter = similar.NewFilter(sg.problemShingles)
	}
	list, sig, ok := sg.p.PrepareList(t.Text)
	if !ok {
		return preparedText{}
	}
	// Most measures share too few shingles with their problem to restate
	// it, as the problem's filter tells before their shingles are sorted.
	hits := sg.problemFilter.Hits(list)
	r := hits >= RestateShared && 2*hits >= len(sg.problemShingles) &&
		restates(similar.Distinct(list), sg.problemShingles, RestateMin)
	return preparedText{sig: sig, ok: true, restates: r}
}

// indexTexts reads the texts f selects into an index and returns it with
// the number of texts read. The store is read in a goroutine of its own
// while the texts already read are signed, a batch at a time on every
// processor.
func indexTexts(ctx context.Context, st SimilarStore, f store.TextFilter) (*textIndex, int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const batchSize = 1024
	batches := make(chan []*store.RecordText, 4)
	var readErr error
	go func() {
		defer close(batches)
		batch := make([]*store.RecordText, 0, batchSize)
		send := func() bool {
			select {
			case batches <- batch:
				batch = make([]*store.RecordText, 0, batchSize)
				return true
			case <-ctx.Done():
				return false
			}
		}
		for t, err := range st.RecordTexts(ctx, f) {
			if err != nil {
				readErr = err
				return
			}
			batch = append(batch, t)
			if len(batch) == batchSize && !send() {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}()
	workers := max(1, runtime.GOMAXPROCS(0))
	signers := make([]signer, workers)
	out := make([]preparedText, batchSize)
	x := &textIndex{kind: f.Kind}
	n := 0
	for batch := range batches {
		var wg sync.WaitGroup
		part := (len(batch) + workers - 1) / workers
		for w := range workers {
			lo, hi := min(w*part, len(batch)), min((w+1)*part, len(batch))
			wg.Go(func() {
				for i := lo; i < hi; i++ {
					out[i] = signers[w].prepare(batch[i])
				}
			})
		}
		wg.Wait()
		for i, t := range batch {
			n++
			p := out[i]
			if !p.ok {
				continue
			}
			it := simItem{t.ID, t.ProblemID, t.InspectionID, t.UnitID}
			if p.restates {
				// Reported as a restatement: its likeness to other units'
				// measures is their problems' likeness.
				x.restated = append(x.restated, it)
				continue
			}
			x.index.Add(p.sig)
			x.items = append(x.items, it)
		}
	}
	if readErr != nil {
		return nil, 0, fmt.Errorf("workflow: similar: %w", readErr)
	}
	return x, n, nil
}

// maxVerified is the largest cluster whose links verify checks: larger
// ones (a stock text used a thousand times) are kept as the signatures
// found them.
const maxVerified = 300

// verify checks the links of clusters found by their signatures against
// the texts themselves, read back from the store: the exact similarity of
// every pair of a cluster, so that the estimate's error (up to 0.08) adds
// no pair below least. A cluster may split or go.
func (x *textIndex) verify(ctx context.Context, st SimilarStore, cs []similar.Cluster, least float64,
	keep func(i, j int) bool) ([]similar.Cluster, error) {
	var ids []int64
	for _, c := range cs {
		if len(c.Items) <= maxVerified {
			for _, i := range c.Items {
				ids = append(ids, x.items[i].id)
			}
		}
	}
	texts := map[int64][]uint64{}
	if len(ids) > 0 {
		places, err := st.TextPlaces(ctx, x.kind, ids)
		if err != nil {
			return nil, fmt.Errorf("workflow: similar: %w", err)
		}
		for _, p := range places {
			texts[p.ID] = similar.Shingles(similar.Normalize(p.Text))
		}
	}
	var out []similar.Cluster
	for _, c := range cs {
		if len(c.Items) > maxVerified {
			out = append(out, c)
			continue
		}
		n := len(c.Items)
		parent := make([]int, n)
		for i := range parent {
			parent[i] = i
		}
		var find func(int) int
		find = func(i int) int {
			if parent[i] != i {
				parent[i] = find(parent[i])
			}
			return parent[i]
		}
		sum, links := map[int]float64{}, map[int]int{}
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				ia, ib := c.Items[a], c.Items[b]
				if keep != nil && !keep(ia, ib) {
					continue
				}
				j := similar.Jaccard(texts[x.items[ia].id], texts[x.items[ib].id])
				if j < least {
					continue
				}
				ra, rb := find(a), find(b)
				if ra != rb {
					parent[rb] = ra
					sum[ra] += sum[rb] + j
					links[ra] += links[rb] + 1
				} else {
					sum[ra] += j
					links[ra]++
				}
			}
		}
		groups := map[int][]int{}
		for i := range n {
			r := find(i)
			groups[r] = append(groups[r], c.Items[i])
		}
		for r, items := range groups {
			if len(items) > 1 {
				out = append(out, similar.Cluster{Items: items, Score: sum[r] / float64(links[r])})
			}
		}
	}
	slices.SortFunc(out, func(a, b similar.Cluster) int {
		if len(a.Items) != len(b.Items) {
			return len(b.Items) - len(a.Items)
		}
		return a.Items[0] - b.Items[0]
	})
	return out, nil
}

// cluster returns the cluster of c's items.
func (x *textIndex) cluster(kind CopyKind, c similar.Cluster) SimilarCluster {
	out := SimilarCluster{Kind: kind, Score: c.Score}
	units := map[int64]bool{}
	for _, i := range c.Items {
		it := x.items[i]
		switch x.kind {
		case store.TextMeasure:
			out.MeasureIDs = append(out.MeasureIDs, it.id)
		case store.TextProgress:
			out.ProgressIDs = append(out.ProgressIDs, it.id)
		}
		if it.problem != 0 {
			out.ProblemIDs = append(out.ProblemIDs, it.problem)
		}
		out.InspectionIDs = append(out.InspectionIDs, it.inspection)
		units[it.unit] = true
		out.Members = append(out.Members, store.SimilarMember{Kind: x.kind, TextID: it.id, ProblemID: it.problem,
			InspectionID: it.inspection, UnitID: it.unit})
	}
	for _, ids := range []*[]int64{&out.MeasureIDs, &out.ProgressIDs, &out.ProblemIDs, &out.InspectionIDs} {
		slices.Sort(*ids)
		*ids = slices.Compact(*ids)
	}
	out.Units = len(units)
	return out
}

// placeTexts reads the first shown texts of every cluster with their
// places.
func placeTexts(ctx context.Context, st SimilarStore, cs []SimilarCluster, shown int) error {
	want := map[store.TextKind][]int64{}
	first := func(c *SimilarCluster) (store.TextKind, []int64) {
		switch {
		case len(c.MeasureIDs) > 0:
			return store.TextMeasure, c.MeasureIDs[:min(shown, len(c.MeasureIDs))]
		case len(c.ProgressIDs) > 0:
			return store.TextProgress, c.ProgressIDs[:min(shown, len(c.ProgressIDs))]
		}
		return store.TextNotice, c.InspectionIDs[:min(shown, len(c.InspectionIDs))]
	}
	for i := range cs {
		k, ids := first(&cs[i])
		want[k] = append(want[k], ids...)
	}
	places := map[store.TextKind]map[int64]*store.TextPlace{}
	for k, ids := range want {
		slices.Sort(ids)
		ps, err := st.TextPlaces(ctx, k, slices.Compact(ids))
		if err != nil {
			return fmt.Errorf("workflow: similar: %w", err)
		}
		places[k] = map[int64]*store.TextPlace{}
		for _, p := range ps {
			places[k][p.ID] = p
		}
	}
	for i := range cs {
		k, ids := first(&cs[i])
		cs[i].Texts = []*store.TextPlace{}
		for _, id := range ids {
			if p := places[k][id]; p != nil {
				cs[i].Texts = append(cs[i].Texts, p)
			}
		}
	}
	return nil
}

// TextGroup returns the texts of c named for scoring (similar.ScoreGroups):
// measures and progress reports by their IDs, notices by their
// inspections'.
func (c *SimilarCluster) TextGroup() similar.Group {
	g := similar.Group{Kind: string(c.Kind)}
	for _, t := range []struct {
		kind store.TextKind
		ids  []int64
	}{{store.TextMeasure, c.MeasureIDs}, {store.TextProgress, c.ProgressIDs}} {
		for _, id := range t.ids {
			g.Texts = append(g.Texts, similar.Text{Kind: string(t.kind), ID: id})
		}
	}
	if len(g.Texts) == 0 {
		for _, id := range c.InspectionIDs {
			g.Texts = append(g.Texts, similar.Text{Kind: string(store.TextNotice), ID: id})
		}
	}
	return g
}

// ScoreSimilar scores the clusters of rep against clusters known to be
// copies, such as those a generated record plants (similar.ScoreGroups).
func ScoreSimilar(rep *SimilarReport, known []similar.Group) similar.Score {
	found := make([]similar.Group, len(rep.Clusters))
	for i := range rep.Clusters {
		found[i] = rep.Clusters[i].TextGroup()
	}
	return similar.ScoreGroups(found, known)
}
