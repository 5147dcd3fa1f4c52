package similar

import (
	"cmp"
	"slices"
)

// Text names a text of a cluster when clusters are scored: its kind
// (measure, progress report, notice) and its ID.
type Text struct {
	Kind string
	ID   int64
}

// Group is a cluster of texts of a kind, found or known to be copies (the
// clusters a generated record plants).
type Group struct {
	Kind  string
	Texts []Text
}

// Tally counts the clusters found and known and how many of each match.
type Tally struct {
	Found int `json:"found"`
	// Right is how many clusters found match a known one.
	Right int `json:"right"`
	Known int `json:"known"`
	// Matched is how many known clusters a cluster found matches.
	Matched int `json:"matched"`
	// Precision is Right / Found (1 when nothing is found), Recall
	// Matched / Known (1 when nothing is known).
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// found counts a cluster found, right when it matches a known one.
func (t *Tally) found(right bool) {
	t.Found++
	if right {
		t.Right++
	}
}

// known counts a known cluster, matched when a cluster found matches it.
func (t *Tally) known(matched bool) {
	t.Known++
	if matched {
		t.Matched++
	}
}

// finish sets the precision and the recall from the counts.
func (t *Tally) finish() {
	t.Precision, t.Recall = ratio(t.Right, t.Found), ratio(t.Matched, t.Known)
}

// Score says how well the clusters found match those known.
type Score struct {
	Tally
	// Kinds are the same figures for each kind of cluster, in the order of
	// the kinds' names: precision over the clusters found of the kind,
	// recall over those known of the kind.
	Kinds []KindScore `json:"kinds"`
}

// KindScore is Score for one kind of cluster.
type KindScore struct {
	Kind string `json:"kind"`
	Tally
}

// ratio returns n/of, and 1 when of is zero: nothing to get wrong.
func ratio(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

// ScoreGroups matches the clusters found with those known and scores
// them. A cluster found matches a known one when they share at least half
// of the texts of each, whatever their kinds: a found cluster that holds
// a known one and as much again besides still matches, one that holds a
// third of it does not. A cluster found that matches no known one counts
// against the precision, a known one that no cluster found matches
// against the recall.
func ScoreGroups(found, known []Group) Score {
	owner := map[Text][]int{} // text → the known clusters holding it
	for i, g := range known {
		for _, t := range g.Texts {
			owner[t] = append(owner[t], i)
		}
	}
	kinds := map[string]*KindScore{}
	kind := func(k string) *KindScore {
		if kinds[k] == nil {
			kinds[k] = &KindScore{Kind: k}
		}
		return kinds[k]
	}
	matched := make([]bool, len(known))
	var s Score
	for _, f := range found {
		shared := map[int]int{}
		for _, t := range f.Texts {
			for _, i := range owner[t] {
				shared[i]++
			}
		}
		right := false
		for i, n := range shared {
			if 2*n >= len(known[i].Texts) && 2*n >= len(f.Texts) {
				matched[i], right = true, true
			}
		}
		s.found(right)
		kind(f.Kind).found(right)
	}
	for i, g := range known {
		s.known(matched[i])
		kind(g.Kind).known(matched[i])
	}
	s.finish()
	s.Kinds = []KindScore{}
	for _, k := range kinds {
		k.finish()
		s.Kinds = append(s.Kinds, *k)
	}
	slices.SortFunc(s.Kinds, func(a, b KindScore) int { return cmp.Compare(a.Kind, b.Kind) })
	return s
}
