package similar

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// group returns a cluster of kind k holding the texts of kind t with IDs.
func group(k, t string, ids ...int64) Group {
	g := Group{Kind: k}
	for _, id := range ids {
		g.Texts = append(g.Texts, Text{Kind: t, ID: id})
	}
	return g
}

func TestScoreGroups(t *testing.T) {
	known := []Group{
		group("same_measure", "measure", 1, 2, 3, 4),
		group("reused_progress", "progress", 1, 2),
		group("restates_problem", "measure", 9),
	}
	for _, tc := range []struct {
		name  string
		found []Group
		want  Score
	}{
		{"all found", known, Score{Tally: Tally{Found: 3, Right: 3, Known: 3, Matched: 3, Precision: 1, Recall: 1}}},
		{"nothing found", nil, Score{Tally: Tally{Known: 3, Precision: 1}}},
		{"most of one, one with as much again, one wrong", []Group{
			group("same_measure", "measure", 1, 2, 3),
			group("reused_progress", "progress", 1, 2, 7, 8),
			group("same_measure", "measure", 5, 6),
		}, Score{Tally: Tally{Found: 3, Right: 2, Known: 3, Matched: 2, Precision: 2.0 / 3, Recall: 2.0 / 3}}},
		{"a third of one is no match", []Group{
			group("same_measure", "measure", 1),
			group("reused_progress", "progress", 1, 2, 7, 8, 9),
		}, Score{Tally: Tally{Found: 2, Known: 3, Precision: 0, Recall: 0}}},
		{"the same IDs of another kind of text", []Group{
			group("repeated_notice", "notice", 1, 2),
		}, Score{Tally: Tally{Found: 1, Known: 3, Precision: 0, Recall: 0}}},
		{"split in two halves", []Group{
			group("same_measure", "measure", 1, 2),
			group("same_measure", "measure", 3, 4),
		}, Score{Tally: Tally{Found: 2, Right: 2, Known: 3, Matched: 1, Precision: 1, Recall: 1.0 / 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ScoreGroups(tc.found, known)
			kinds := got.Kinds
			got.Kinds, tc.want.Kinds = nil, nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			if len(kinds) < 3 || !slices.IsSortedFunc(kinds, func(a, b KindScore) int { return strings.Compare(a.Kind, b.Kind) }) {
				t.Errorf("kinds not in order of their names: %+v", kinds)
			}
		})
	}

	t.Run("by kind", func(t *testing.T) {
		got := ScoreGroups([]Group{
			group("same_measure", "measure", 1, 2, 3),
			group("same_measure", "measure", 5, 6),
			group("repeated_notice", "notice", 4, 5),
		}, known)
		want := []KindScore{
			{Kind: "repeated_notice", Tally: Tally{Found: 1, Precision: 0, Recall: 1}},
			{Kind: "restates_problem", Tally: Tally{Known: 1, Precision: 1, Recall: 0}},
			{Kind: "reused_progress", Tally: Tally{Known: 1, Precision: 1, Recall: 0}},
			{Kind: "same_measure", Tally: Tally{Found: 2, Right: 1, Known: 1, Matched: 1, Precision: 0.5, Recall: 1}},
		}
		if !reflect.DeepEqual(got.Kinds, want) {
			t.Errorf("got %+v\nwant %+v", got.Kinds, want)
		}
	})
}
