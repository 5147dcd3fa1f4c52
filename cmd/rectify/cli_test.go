package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// seedPath is the real published notice, outside the project.
var seedPath = filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt")

const sample = "../../examples/notice-qingxi-water.txt"

type result struct {
	code           int
	stdout, stderr string
}

// rectifyCmd runs the program as a user would, with env as its environment.
func rectifyCmd(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := Main(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func needSeed(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(seedPath); err != nil {
		t.Skip("the seed notice is not here")
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, ""},
		{"unknown command", []string{"frobnicate"}, 2, "未知的命令"},
		{"parse without file", []string{"parse"}, 2, "需要一个文件参数"},
		{"parse two files", []string{"parse", "a.txt", "b.txt"}, 2, "只接受一个文件参数"},
		{"parse missing file", []string{"parse", "no-such-notice.txt"}, 1, "no-such-notice.txt: 文件不存在"},
		{"notice without inspection", []string{"notice"}, 2, "--inspection"},
		{"notice with bad format", []string{"notice", "--inspection", "1", "--format", "pdfx"}, 2, "pdfx"},
		{"stats with bad date", []string{"stats", "--as-of", "2023/11/28"}, 2, "YYYY-MM-DD"},
		{"unknown flag", []string{"lint", "--strict", "x.txt"}, 2, "rectify: 命令行有误: 没有选项 -strict（rectify lint -h 列出选项）"},
		{"flag without its value", []string{"stats", "--db"}, 2, "选项 -db 需要一个值"},
		{"bad boolean", []string{"stats", "--json=maybe"}, 2, "选项 -json 只能是 true 或 false"},
		{"stats of a database that does not exist", []string{"stats", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
		{"notice of a database that does not exist", []string{"notice", "--inspection", "1", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
		{"ledger export of a database that does not exist", []string{"ledger", "export", "--db", "typo.db", "-o", "x.xlsx"}, 1, "数据库 typo.db 不存在"},
		{"audit verify of a database that does not exist", []string{"audit", "verify", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
		{"user passwd on a database that does not exist", []string{"user", "passwd", "--login", "admin", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
		{"token add on a database that does not exist", []string{"token", "add", "--login", "admin", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
		{"remind of a database that does not exist", []string{"remind", "--dry-run", "--db", "typo.db"}, 1, "数据库 typo.db 不存在"},
	}
	t.Chdir(t.TempDir()) // relative paths of the cases land here
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.stderr)
			}
			if _, err := os.Stat("typo.db"); err == nil {
				t.Errorf("a database typo.db was created")
			}
		})
	}
}

func TestParseSeed(t *testing.T) {
	needSeed(t)
	r := rectifyCmd(t, nil, "", "parse", seedPath)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc notice.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("output is not the JSON contract: %v", err)
	}
	probs := 0
	for _, f := range doc.Findings {
		probs += len(f.Problems)
	}
	if doc.Issuer != "中共邵阳市园林绿化中心委员会" || doc.Date.String() != "2023-11-28" || len(doc.Findings) != 12 || probs != 25 ||
		doc.Summary.Total != 25 || doc.Summary.Completed != 18 || doc.Summary.LongTerm != 7 || doc.Contact.Phone != "0739-5331851" {
		t.Errorf("seed parsed to issuer %q, date %s, %d findings, %d problems, summary %+v, phone %q",
			doc.Issuer, doc.Date, len(doc.Findings), probs, doc.Summary, doc.Contact.Phone)
	}
	// The keys of the contract, by name.
	for _, key := range []string{`"issuer"`, `"inspection"`, `"feedback"`, `"summary"`, `"as_of"`, `"findings"`, `"problems"`,
		`"status_class"`, `"status_text"`, `"measures"`, `"contact"`, `"warnings"`} {
		if !strings.Contains(r.stdout, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	// Warnings go to stderr, as FILE:LINE: CODE: message.
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(seedPath) + `:44: missing-number: `).MatchString(r.stderr) {
		t.Errorf("stderr lacks the warning of the unnumbered finding on line 44:\n%s", r.stderr)
	}
}

func TestParseFromStdin(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	r := rectifyCmd(t, nil, string(data), "parse", "-")
	if r.code != 0 || !strings.Contains(r.stdout, `"issuer": "中共青溪县水利局党组"`) {
		t.Errorf("exit %d, stdout %.200s, stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestParseNotANotice(t *testing.T) {
	tests := []struct {
		name  string
		input string
	}{
		{"empty", ""},
		{"a shopping list", "白菜两斤\n豆腐一块\n酱油一瓶\n"},
		{"binary", "\x00\x01\x02PK\x03\x04\xff\xfe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, nil, tt.input, "parse", "-")
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if !strings.HasPrefix(r.stderr, "rectify: <stdin>: ") || r.stdout != "" {
				t.Errorf("stderr %q, stdout %q", r.stderr, r.stdout)
			}
		})
	}
}

func TestLint(t *testing.T) {
	t.Run("seed", func(t *testing.T) {
		needSeed(t)
		r := rectifyCmd(t, nil, "", "lint", seedPath)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1 (findings); stderr %s", r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		line := regexp.MustCompile(`^` + regexp.QuoteMeta(seedPath) + `:(\d+): ([a-z-]+): (.+)$`)
		codes := map[string]int{}
		for _, l := range lines {
			m := line.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("line not FILE:LINE: CODE: message: %q", l)
			}
			codes[m[2]]++
		}
		if codes["missing-number"] != 8 || codes["duplicate-problem"] != 1 || codes["future-deadline"] != 3 {
			t.Errorf("codes %v, want 8 missing-number, 1 duplicate-problem, 3 future-deadline", codes)
		}
		if !strings.Contains(r.stdout, ":115: duplicate-problem: 问题19") || !strings.Contains(r.stdout, "问题4") {
			t.Errorf("the duplicate of problems 4 and 19 is not named on line 115:\n%s", r.stdout)
		}
	})
	t.Run("clean notice", func(t *testing.T) {
		r := rectifyCmd(t, nil, "", "lint", "../../internal/notice/testdata/notice_clean.txt")
		if r.code != 0 || r.stdout != "" {
			t.Errorf("exit %d, findings:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

func TestImportNoticeStats(t *testing.T) {
	db := testdb.DSN(t)
	env := map[string]string{"RECTIFY_DB": db}

	r := rectifyCmd(t, env, "", "import", sample)
	if r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	var imp struct {
		InspectionID int64  `json:"inspection_id"`
		UnitName     string `json:"unit_name"`
		Problems     int    `json:"problems"`
		Counts       struct {
			Total     int `json:"total"`
			Completed int `json:"completed"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &imp); err != nil {
		t.Fatalf("import output: %v\n%s", err, r.stdout)
	}
	if imp.InspectionID == 0 || imp.UnitName != "青溪县水利局" || imp.Problems != 6 || imp.Counts.Total != 6 || imp.Counts.Completed != 1 {
		t.Errorf("import printed %+v", imp)
	}

	id := jsonNumber(imp.InspectionID)
	r = rectifyCmd(t, env, "", "notice", "--inspection", id)
	if r.code != 0 {
		t.Fatalf("notice: exit %d: %s", r.code, r.stderr)
	}
	want, _ := os.ReadFile(sample)
	if r.stdout != string(want) {
		t.Errorf("the notice written from the record differs from the imported one:\n%s", r.stdout)
	}

	r = rectifyCmd(t, env, "", "notice", "--inspection", id, "--format", "md", "--as-of", "2024-07-01")
	if r.code != 0 || !strings.Contains(r.stdout, "\n# 关于") || !strings.Contains(r.stdout, "截至7月1日，巡察反馈的6个具体问题，已完成整改0个，未开始6个") {
		t.Errorf("markdown as of an earlier day: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = rectifyCmd(t, env, "", "notice", "--inspection", "999")
	if r.code != 1 || !strings.Contains(r.stderr, "巡察 999") {
		t.Errorf("unknown inspection: exit %d, %s", r.code, r.stderr)
	}

	r = rectifyCmd(t, env, "", "stats", "--as-of", "2024-10-10", "--json")
	var stats struct {
		Total struct {
			Total          int     `json:"total"`
			Completed      int     `json:"completed"`
			CompletionRate float64 `json:"completion_rate"`
		} `json:"total"`
		Inspections []struct {
			InspectionID int64 `json:"inspection_id"`
		} `json:"inspections"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil || r.code != 0 {
		t.Fatalf("stats: exit %d, %v\n%s", r.code, err, r.stderr)
	}
	if stats.Total.Total != 6 || stats.Total.Completed != 1 || len(stats.Inspections) != 1 {
		t.Errorf("stats %+v", stats)
	}

	r = rectifyCmd(t, env, "", "stats", "--as-of", "2024-10-10")
	if r.code != 0 || !strings.Contains(r.stdout, "合计") || !strings.Contains(r.stdout, "16.7%") {
		t.Errorf("stats table: exit %d\n%s", r.code, r.stdout)
	}
}

func TestImportSeedRoundTrip(t *testing.T) {
	needSeed(t)
	env := map[string]string{"RECTIFY_DB": testdb.DSN(t)}
	r := rectifyCmd(t, env, "", "import", seedPath)
	if r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	var imp struct {
		InspectionID int64 `json:"inspection_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &imp); err != nil {
		t.Fatal(err)
	}
	r = rectifyCmd(t, env, "", "notice", "--inspection", jsonNumber(imp.InspectionID))
	if r.code != 0 {
		t.Fatalf("notice: exit %d: %s", r.code, r.stderr)
	}
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := notice.Parse(seed)
	if err != nil {
		t.Fatal(err)
	}
	again, err := notice.Parse([]byte(r.stdout))
	if err != nil {
		t.Fatalf("the regenerated notice does not parse: %v", err)
	}
	if a, b := orig.Structure(), again.Structure(); !structEqual(a, b) {
		t.Errorf("import → notice → parse changed the structure:\nwant %+v\n got %+v", a, b)
	}
}

func TestImportFailureStoresNothing(t *testing.T) {
	env := map[string]string{"RECTIFY_DB": testdb.DSN(t)}
	r := rectifyCmd(t, env, "", "import", sample, "--unit", "42")
	if r.code != 1 || !strings.Contains(r.stderr, "导入失败，未保存任何数据") {
		t.Fatalf("import to a missing unit: exit %d, %s", r.code, r.stderr)
	}
	r = rectifyCmd(t, env, "", "stats", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"inspections": []`) {
		t.Errorf("something was stored: %s %s", r.stdout, r.stderr)
	}
	r = rectifyCmd(t, env, "", "import", "-")
	if r.code != 2 {
		t.Errorf("empty input imported: exit %d", r.code)
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func structEqual(a, b notice.Structure) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestParsePartialNotice(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "notice", "testdata", "corpus", "summary_only_round.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := rectifyCmd(t, nil, string(data), "parse", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	var doc notice.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.SummaryLines) != 1 || *doc.SummaryLines[0].Total != 318 || *doc.SummaryLines[0].Completed != 301 || !doc.Coverage.CountsOnly {
		t.Errorf("summary lines %+v, coverage %+v", doc.SummaryLines, doc.Coverage)
	}
}

func TestParseTooLarge(t *testing.T) {
	big := filepath.Join(t.TempDir(), "大文件.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// 50 MB without writing them: the size is refused before any is read.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, cmd := range []string{"parse", "lint", "import"} {
		t.Run(cmd, func(t *testing.T) {
			r := rectifyCmd(t, nil, "", cmd, big)
			if r.code != 2 || !strings.Contains(r.stderr, "超过 10 MB 的上限") || r.stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %.100q", r.code, r.stderr, r.stdout)
			}
		})
	}
	t.Run("standard input", func(t *testing.T) {
		r := rectifyCmd(t, nil, strings.Repeat("整改", notice.MaxInputSize/6+1), "parse", "-")
		if r.code != 2 || !strings.Contains(r.stderr, "超过 10 MB 的上限") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}
