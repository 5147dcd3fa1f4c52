package demo_test

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// shingles returns the set of character trigrams of s.
func shingles(s string) map[string]bool {
	rs := []rune(s)
	out := map[string]bool{}
	for i := 0; i+3 <= len(rs); i++ {
		out[string(rs[i:i+3])] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// containment is the share of a's shingles found in b.
func containment(a, b map[string]bool) float64 {
	if len(a) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a))
}

// similarPairs returns the pairs of texts (indexes, i < j) whose trigram
// Jaccard similarity reaches min, found by MinHash bands (candidates) and
// checked exactly.
func similarPairs(sets []map[string]bool, min float64) [][2]int {
	const hashes, rows = 60, 3
	sigs := make([][hashes]uint64, len(sets))
	for i, set := range sets {
		for h := range hashes {
			sigs[i][h] = ^uint64(0)
		}
		for sh := range set {
			f := fnv.New64a()
			f.Write([]byte(sh))
			x := f.Sum64()
			for h := range hashes {
				y := (x ^ uint64(h)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
				y ^= y >> 31
				if y < sigs[i][h] {
					sigs[i][h] = y
				}
			}
		}
	}
	seen := map[[2]int]bool{}
	var out [][2]int
	for band := 0; band < hashes; band += rows {
		buckets := map[uint64][]int{}
		for i := range sets {
			f := fnv.New64a()
			var b [8]byte
			for _, v := range sigs[i][band : band+rows] {
				binary.LittleEndian.PutUint64(b[:], v)
				f.Write(b[:])
			}
			k := f.Sum64()
			buckets[k] = append(buckets[k], i)
		}
		for _, ids := range buckets {
			if len(ids) > 200 {
				ids = ids[:200] // a bucket of texts with hardly any shingles
			}
			for x := 0; x < len(ids); x++ {
				for y := x + 1; y < len(ids); y++ {
					p := [2]int{ids[x], ids[y]}
					if seen[p] {
						continue
					}
					seen[p] = true
					if jaccard(sets[p[0]], sets[p[1]]) >= min {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}

// TestGeneratePlanted checks the truth of the planted copies against the
// stored texts: every planted copy is close to its cluster, and no two
// texts outside the clusters are near-copies by accident (the template
// texts are wrapped in clauses of their own).
func TestGeneratePlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 5,000 problems")
	}
	ctx := context.Background()
	st := testdb.Open(t)
	gen, err := demo.Generate(ctx, st, demo.Size{Units: 30, Inspections: 200, Problems: 5000, Seed: 3, Today: d("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range gen.Planted {
		kinds[c.Kind]++
	}
	for _, k := range []string{demo.PlantSameMeasure, demo.PlantRestatesProblem, demo.PlantReusedProgress, demo.PlantRepeatedResult} {
		if kinds[k] == 0 {
			t.Errorf("no %s cluster planted in 5,000 problems: %v", k, kinds)
		}
	}

	// Every text of the record, by ID.
	measures := map[int64]string{}
	measureProblem := map[int64]int64{}
	progress := map[int64]string{}
	problems := map[int64]*rectify.Problem{}
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		full, err := st.LoadInspection(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range full.Problems() {
			problems[p.ID] = p
			for _, m := range p.Measures {
				measures[m.ID], measureProblem[m.ID] = m.Text, p.ID
			}
			reps, err := st.ListProgress(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range reps {
				progress[r.ID] = r.Text
			}
		}
	}
	if len(measures) != gen.Measures || len(progress) != gen.Progress {
		t.Errorf("stored %d measures and %d reports, generated %d and %d", len(measures), len(progress), gen.Measures, gen.Progress)
	}

	planted := map[int64]int{} // measure or report ID (negated for reports) → cluster
	least := 1.0
	for ci, c := range gen.Planted {
		var texts []string
		for _, id := range c.MeasureIDs {
			texts = append(texts, measures[id])
			planted[id] = ci + 1
		}
		for _, id := range c.ProgressIDs {
			texts = append(texts, progress[id])
			planted[-id] = ci + 1
		}
		if c.Kind == demo.PlantRestatesProblem {
			p := problems[c.ProblemIDs[0]]
			if got := containment(shingles(p.Description), shingles(measures[c.MeasureIDs[0]])); got < 0.8 {
				t.Errorf("restating measure %d holds %.2f of its problem's text: %q / %q", c.MeasureIDs[0], got,
					measures[c.MeasureIDs[0]], p.Description)
			}
			continue
		}
		if len(texts) < 2 {
			t.Errorf("%s cluster of %d texts", c.Kind, len(texts))
		}
		for i := range texts {
			for j := i + 1; j < len(texts); j++ {
				s := jaccard(shingles(texts[i]), shingles(texts[j]))
				least = min(least, s)
				if s < 0.75 {
					t.Errorf("%s cluster %d: %.2f between %q and %q", c.Kind, ci, s, texts[i], texts[j])
				}
			}
		}
	}

	t.Logf("planted: %d clusters %v, the least similar pair %.2f", len(gen.Planted), kinds, least)

	// The figures: what the reports say, added up, is what Generated says.
	var want demo.UnitQuantities
	for _, q := range gen.PlantedQuantities {
		want.RecoveredYuan += q.RecoveredYuan
		want.Rules += q.Rules
		want.Accountability += q.Accountability
	}
	if want.RecoveredYuan == 0 || want.Rules == 0 || want.Accountability == 0 {
		t.Errorf("no figures planted: %+v", want)
	}
	accountable, stated := 0, 0
	for _, text := range progress {
		for _, m := range regexp.MustCompile(`问责(\d+)人次`).FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			accountable += n
		}
	}
	for _, q := range gen.PlantedQuantities {
		stated += q.AccountabilityByForm["问责"]
	}
	if accountable == 0 || accountable != stated {
		t.Errorf("the reports hold 问责 %d 人次, Generated says %d", accountable, stated)
	}

	// No accidental near-copies: measures with measures, reports with
	// reports, and measures with their own problem.
	check := func(what string, byID map[int64]string, sign int64) {
		ids := make([]int64, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		sets := make([]map[string]bool, len(ids))
		for i, id := range ids {
			sets[i] = shingles(byID[id])
		}
		bad, near, most := 0, 0, 0.0
		for _, p := range similarPairs(sets, 0.6) {
			a, b := ids[p[0]], ids[p[1]]
			ca, cb := planted[sign*a], planted[sign*b]
			if ca != 0 && ca == cb {
				continue
			}
			sim := jaccard(sets[p[0]], sets[p[1]])
			near++
			most = max(most, sim)
			if sim < 0.75 {
				continue
			}
			if bad++; bad <= 5 {
				t.Errorf("%s %d and %d are near-copies (%.2f) outside a planted cluster: %q / %q", what, a, b,
					jaccard(sets[p[0]], sets[p[1]]), byID[a], byID[b])
			}
		}
		if bad > 0 {
			t.Errorf("%d accidental near-copies among %d %s", bad, len(ids), what)
		}
		t.Logf("%s: %d, %d pairs outside the clusters at 0.6 or more, the closest %.2f", what, len(ids), near, most)
	}
	check("measures", measures, 1)
	check("reports", progress, -1)
	for id, text := range measures {
		if planted[id] != 0 {
			continue
		}
		p := problems[measureProblem[id]]
		if c := containment(shingles(p.Description), shingles(text)); c >= 0.5 {
			t.Errorf("measure %d restates its problem (%.2f) without being planted: %q / %q", id, c, text, p.Description)
		}
	}
}
