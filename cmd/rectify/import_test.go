package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// TestImportTwice: the same notice imported twice is refused with a message
// naming the inspection; --update updates it (no second inspection), and a
// later notice with new statuses is recorded on the same problems.
func TestImportTwice(t *testing.T) {
	env := map[string]string{"RECTIFY_DB": testdb.DSN(t)}
	type out struct {
		InspectionID int64  `json:"inspection_id"`
		Kind         string `json:"kind"`
		Updated      bool   `json:"updated"`
		Changes      string `json:"changes"`
		Problems     int    `json:"problems"`
	}
	first := rectifyCmd(t, env, "", "import", sample)
	if first.code != 0 {
		t.Fatalf("import: exit %d: %s", first.code, first.stderr)
	}
	var imp out
	if err := json.Unmarshal([]byte(first.stdout), &imp); err != nil {
		t.Fatal(err)
	}
	// A later notice: problem 6 (not started in the sample) is now in
	// progress, as of a later day.
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	later := strings.Replace(string(data), "截至10月10日", "截至11月20日", 1)
	later = strings.Replace(later, "2024年10月15日", "2024年11月25日", 1)
	later = strings.Replace(later, "未完成1个，未开始1个", "未完成1个，整改中1个", 1)
	i := strings.LastIndex(later, "整改结果：未开始")
	if i < 0 {
		t.Fatal("the sample has no problem not started")
	}
	later = later[:i] + "整改结果：整改中" + later[i+len("整改结果：未开始"):]
	laterPath := filepath.Join(t.TempDir(), "later.txt")
	if err := os.WriteFile(laterPath, []byte(later), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string
		updated bool
		changes string
	}{
		{"the same notice again is refused", []string{"import", sample}, 1, "巡察 #" + jsonNumber(imp.InspectionID), false, ""},
		{"the refusal says how to update", []string{"import", sample}, 1, "--update", false, ""},
		{"--update with nothing new changes nothing", []string{"import", sample, "--update"}, 0, "", true, "不会改动任何内容"},
		{"--update with a later notice records the status", []string{"import", laterPath, "--update"}, 0, "", true, "1 个问题的整改状态按文件更新"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, env, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d; stderr %q lacks %q", r.code, tt.code, r.stderr, tt.stderr)
			}
			if tt.code != 0 {
				return
			}
			var got out
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			if got.InspectionID != imp.InspectionID || got.Updated != tt.updated || !strings.Contains(got.Changes, tt.changes) || got.Problems != 6 {
				t.Errorf("printed %+v", got)
			}
		})
	}
	r := rectifyCmd(t, env, "", "stats", "--json", "--as-of", "2024-11-30")
	var stats struct {
		Total struct {
			Total      int `json:"total"`
			InProgress int `json:"in_progress"`
		} `json:"total"`
		Inspections []struct{} `json:"inspections"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil {
		t.Fatal(err)
	}
	if len(stats.Inspections) != 1 || stats.Total.Total != 6 || stats.Total.InProgress != 2 {
		t.Errorf("stats after the imports: %+v", stats)
	}
}

func TestImportHelp(t *testing.T) {
	r := rectifyCmd(t, nil, "", "import", "-h")
	for _, want := range []string{"-update", "记录中已有同一巡察", "-into"} {
		if r.code != 0 || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("rectify import -h: exit %d, lacks %q:\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
}

func TestImportFeedbackCLI(t *testing.T) {
	env := map[string]string{"RECTIFY_DB": testdb.DSN(t)}
	r := rectifyCmd(t, env, "", "import", "../../internal/importer/testdata/feedback-transport.txt")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "整改结果") || strings.Contains(r.stderr, "汇总句") {
		t.Errorf("a feedback document is warned about results:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, `"kind": "feedback"`) || !strings.Contains(r.stdout, `"problems": 5`) {
		t.Errorf("printed %s", r.stdout)
	}
}

// TestNoticeShowsProgress: a progress text recorded on a problem appears in
// `rectify notice --format txt` as its 整改情况, as written; the unit's
// public sentence replaces it.
func TestNoticeShowsProgress(t *testing.T) {
	dsn := testdb.DSN(t)
	env := map[string]string{"RECTIFY_DB": dsn}
	r := rectifyCmd(t, env, "", "import", sample)
	if r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	var imp struct {
		InspectionID int64 `json:"inspection_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &imp); err != nil {
		t.Fatal(err)
	}
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in, err := st.LoadInspection(ctx, imp.InspectionID)
	if err != nil {
		t.Fatal(err)
	}
	p := in.Problems()[4] // 年轻干部培养力度不够, not started
	flow := workflow.New(st)
	flow.Now = func() time.Time { return time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC) }
	editor := rectify.WithUser(ctx, &rectify.User{Login: "cli-test", Name: "李明", Role: rectify.RoleAdmin})
	const done = "制定年轻干部培养计划，选派12名干部到乡镇轮岗，11月18日全部到岗"
	if _, err := flow.AddProgress(editor, workflow.ProgressInput{ProblemID: p.ID, Date: rectify.MustDate("2024-11-18"), Text: done}); err != nil {
		t.Fatal(err)
	}
	id := jsonNumber(imp.InspectionID)
	steps := []struct {
		name     string
		sentence string
		as       string
		want     string
		notWant  string
	}{
		{name: "the report, as written", want: "整改情况：" + done + "。"},
		{name: "not before it was made", as: "2024-10-10", notWant: done},
		{name: "the public sentence", sentence: "年轻干部轮岗交流全部到位。", want: "整改情况：年轻干部轮岗交流全部到位。", notWant: done},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.sentence != "" {
				if _, err := flow.SetPublic(editor, workflow.PublicInput{ProblemID: p.ID, Text: s.sentence}); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"notice", "--inspection", id, "--format", "txt"}
			if s.as != "" {
				args = append(args, "--as-of", s.as)
			}
			r := rectifyCmd(t, env, "", args...)
			if r.code != 0 {
				t.Fatalf("notice: exit %d: %s", r.code, r.stderr)
			}
			if (s.want != "" && !strings.Contains(r.stdout, s.want)) || (s.notWant != "" && strings.Contains(r.stdout, s.notWant)) {
				t.Errorf("the notice:\n%s\nwant %q, not %q", r.stdout, s.want, s.notWant)
			}
		})
	}
}
