package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBench runs rectify bench briefly on a small generated record: every
// path answers (a failed request ends the command with its status), the
// table names each path with one client and with several, and every
// budget is stated next to its figure.
func TestBench(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	if r := rectifyCmd(t, nil, "", "demo", "generate", "--problems", "300", "--quiet", "--db", db); r.code != 0 {
		t.Fatalf("demo generate: exit %d: %s", r.code, r.stderr)
	}
	r := rectifyCmd(t, nil, "", "bench", "--db", db, "--seconds", "0.2", "--clients", "2")
	if r.code != 0 {
		t.Fatalf("bench: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"记录：300 个问题",
		"裸处理器 bare", "列表 红灯", "列表 黄灯", "列表 状态按时限", "列表 单位子树", "列表 深翻页",
		"单个问题", "总览页面", "填报整改情况",
		"预算 ≤ 2.00 ms", "预算 ≤ 5.00 ms", "预算 ≥ 1000", "预算 ≤ 50.00 ms", "预算 ≥ 50%", "预算 ≤ 300 MB",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the output lacks %q:\n%s", want, r.stdout)
		}
	}
	// Each list says what its page holds, which is what it costs.
	if m := regexp.MustCompile(`列表 状态按时限（每页 (\d+) 个问题）`).FindStringSubmatch(r.stdout); m == nil || m[1] == "0" {
		t.Errorf("the by-deadline list does not say how many problems its page holds (%v):\n%s", m, r.stdout)
	}
	// The token and session it used are gone: a second run works the same.
	if r := rectifyCmd(t, nil, "", "bench", "--db", db, "--seconds", "0.2", "--clients", "1"); r.code != 0 {
		t.Fatalf("second bench: exit %d: %s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no database", []string{"bench", "--db", filepath.Join(t.TempDir(), "none.db")}, "不存在"},
		{"too many clients", []string{"bench", "--db", db, "--clients", "1000"}, "--clients"},
		{"too short", []string{"bench", "--db", db, "--seconds", "0"}, "--seconds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", tc.args...)
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q, want %q", r.code, r.stderr, tc.want)
			}
		})
	}
}
