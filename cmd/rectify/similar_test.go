package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestSimilar runs rectify similar on the demo record, whose two problems
// of different units carry the same progress report word for word
// (demo.Planted.Copied): the JSON names both in one cluster of reused
// progress, the text says so in words, and bad flags are refused.
func TestSimilar(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	db := filepath.Join(t.TempDir(), "demo.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := demo.Fill(ctx, st, rectify.MustDate("2026-11-20"), demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	res := rectifyCmd(t, nil, "", "similar", "--db", db, "--json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var rep struct {
		Min      float64 `json:"min"`
		Clusters []struct {
			Kind       string  `json:"kind"`
			ProblemIDs []int64 `json:"problem_ids"`
			Texts      []struct {
				UnitName string `json:"unit_name"`
				Text     string `json:"text"`
			} `json:"texts"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, res.stdout)
	}
	copied := func(ids []int64) bool {
		n := 0
		for _, id := range ids {
			if id == sum.Planted.Copied[0] || id == sum.Planted.Copied[1] {
				n++
			}
		}
		return n == 2
	}
	found := false
	for _, c := range rep.Clusters {
		if copied(c.ProblemIDs) && c.Kind == "reused_progress" {
			found = true
			if len(c.Texts) < 2 || c.Texts[0].UnitName == c.Texts[1].UnitName || c.Texts[0].Text != c.Texts[1].Text {
				t.Errorf("texts of the copied reports: %+v", c.Texts)
			}
		}
	}
	if !found {
		t.Errorf("no cluster of reused progress holds the copied problems %v", sum.Planted.Copied)
	}
	if rep.Min != 0.85 {
		t.Errorf("min = %v, want the default 0.85", rep.Min)
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"text", []string{"similar", "--db", db}, 0, "进展一文多用"},
		{"one unit's subtree", []string{"similar", "--db", db, "--unit", "1", "--min", "0.9"}, 0, "相似度 ≥ 0.90"},
		{"saved for the page", []string{"similar", "--db", db, "--save"}, 0, "已保存"},
		{"save is of the whole record", []string{"similar", "--db", db, "--save", "--unit", "1"}, 2, "--save 分析全部记录"},
		{"min out of range", []string{"similar", "--db", db, "--min", "1.5"}, 2, "--min 应在 0 到 1 之间"},
		{"unknown unit", []string{"similar", "--db", db, "--unit", "99999"}, 1, "单位 99999"},
		{"no database", []string{"similar", "--db", filepath.Join(t.TempDir(), "typo.db")}, 1, "不存在"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := rectifyCmd(t, nil, "", tc.args...)
			if res.code != tc.code || !strings.Contains(res.stdout+res.stderr, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", res.code, tc.code, tc.want, res.stdout, res.stderr)
			}
		})
	}
}

// TestSimilarTruth generates a record of 10,000 problems, which plants
// about five clusters of copies of each kind, and scores rectify similar
// against them with --truth: precision and recall of 0.9 or more.
func TestSimilarTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 10,000 problems")
	}
	dir := t.TempDir()
	db, truth := filepath.Join(dir, "gen.db"), filepath.Join(dir, "truth.json")
	if r := rectifyCmd(t, nil, "", "demo", "generate", "--problems", "10000", "--seed", "11", "--as-of", "2026-11-20",
		"--quiet", "--truth", truth, "--db", db); r.code != 0 {
		t.Fatalf("generate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r := rectifyCmd(t, nil, "", "similar", "--db", db, "--json", "--truth", truth)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Clusters []json.RawMessage `json:"clusters"`
		Score    struct {
			Found, Right, Known, Matched int
			Precision, Recall            float64
			Kinds                        []struct {
				Kind                         string
				Found, Right, Known, Matched int
				Precision, Recall            float64
			}
		} `json:"score"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	s := rep.Score
	t.Logf("precision %.3f (%d of %d found), recall %.3f (%d of %d planted)", s.Precision, s.Right, s.Found, s.Recall,
		s.Matched, s.Known)
	if s.Found != len(rep.Clusters) || s.Known < 16 {
		t.Errorf("scored %d clusters found of %d, %d planted", s.Found, len(rep.Clusters), s.Known)
	}
	if s.Precision < 0.9 || s.Recall < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.9", s.Precision, s.Recall)
	}
	for _, k := range s.Kinds {
		t.Logf("%-16s found %3d right %3d planted %3d matched %3d", k.Kind, k.Found, k.Right, k.Known, k.Matched)
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"in words", []string{"--truth", truth}, 0, "精确率"},
		{"not with a unit", []string{"--truth", truth, "--unit", "1"}, 2, "--truth"},
		{"no such file", []string{"--truth", filepath.Join(dir, "none.json")}, 1, "读取"},
		{"not a truth file", []string{"--truth", db}, 1, "planted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", append([]string{"similar", "--db", db}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}
