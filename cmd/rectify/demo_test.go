package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoGenerate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "big.db")
	truth := filepath.Join(dir, "truth.json")
	r := rectifyCmd(t, nil, "", "demo", "generate", "--problems", "300", "--seed", "7", "--as-of", "2026-11-20",
		"--truth", truth, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "300 个问题") {
		t.Fatalf("generate: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "300/300 个问题") {
		t.Errorf("no progress bar on stderr: %q", r.stderr)
	}
	var gen struct {
		Problems int `json:"problems"`
		Planted  []struct {
			Kind string `json:"kind"`
		} `json:"planted"`
		PlantedQuantities []struct {
			UnitID int64 `json:"unit_id"`
		} `json:"planted_quantities"`
	}
	b, err := os.ReadFile(truth)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &gen); err != nil {
		t.Fatal(err)
	}
	if gen.Problems != 300 || len(gen.PlantedQuantities) == 0 {
		t.Errorf("truth: %s", b)
	}
	if r := rectifyCmd(t, nil, "", "audit", "verify", "--db", db); r.code != 0 {
		t.Errorf("audit verify on the generated record: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := rectifyCmd(t, nil, "", "stats", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "300") {
		t.Errorf("stats on the generated record: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a record already there", []string{"--problems", "10", "--db", db}, 1, "已有记录"},
		{"no size", []string{"--db", filepath.Join(dir, "x.db")}, 2, "--problems"},
		{"negative units", []string{"--problems", "10", "--units", "-1", "--db", filepath.Join(dir, "y.db")}, 2, "--units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", append([]string{"demo", "generate", "--quiet"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
}
