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
