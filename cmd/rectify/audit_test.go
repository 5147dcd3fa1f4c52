package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/testdb"
)

// importedDB returns a database holding the sample notice, and its environment.
func importedDB(t *testing.T) (string, map[string]string) {
	t.Helper()
	db := testdb.DSN(t)
	env := map[string]string{"RECTIFY_DB": db}
	if r := rectifyCmd(t, env, "", "import", sample); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	return db, env
}

// behindTheBack runs a statement on the database directly, as someone with
// the file (or the server's password) could; ? are placeholders.
func behindTheBack(t *testing.T, dsn, q string, args ...any) {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// firstProblem returns the ID and number of the first problem stored.
func firstProblem(t *testing.T, dsn string) (id, number int64) {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("SELECT id, number FROM problems ORDER BY id LIMIT 1").Scan(&id, &number); err != nil {
		t.Fatal(err)
	}
	return id, number
}

func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, dsn string) string // what the report must say
		code   int
	}{
		{"clean", func(t *testing.T, dsn string) string { return "审计日志完整，记录与日志一致。" }, 0},
		{"a problem's title edited in the database", func(t *testing.T, dsn string) string {
			id, number := firstProblem(t, dsn)
			behindTheBack(t, dsn, "UPDATE problems SET title = ? WHERE id = ?", "已全面整改到位", id)
			return fmt.Sprintf("问题 #%d（编号 %d）的记录与审计日志不符：title 被直接修改", id, number)
		}, 1},
		{"a problem's status edited in the database", func(t *testing.T, dsn string) string {
			id, number := firstProblem(t, dsn)
			behindTheBack(t, dsn, "UPDATE problems SET status = 'completed' WHERE id = ?", id+1)
			return fmt.Sprintf("问题 #%d（编号 %d）的记录与审计日志不符：status 被直接修改", id+1, number+1)
		}, 1},
		{"a measure marked done in the database", func(t *testing.T, dsn string) string {
			behindTheBack(t, dsn, "UPDATE measures SET done = '2024-10-01' WHERE id = (SELECT MIN(id) FROM measures WHERE done IS NULL)")
			return "的记录与审计日志不符：done 被直接修改"
		}, 1},
		{"an entry of the log edited", func(t *testing.T, dsn string) string {
			behindTheBack(t, dsn, "UPDATE audit_log SET actor_name = ? WHERE seq = 5", "县委巡察办")
			return "审计日志第 5 条的哈希不符"
		}, 1},
		{"an entry of the log deleted", func(t *testing.T, dsn string) string {
			behindTheBack(t, dsn, "DELETE FROM audit_log WHERE seq = 7")
			return "审计日志第 7 条缺失"
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn, env := importedDB(t)
			want := tt.tamper(t, dsn)
			r := rectifyCmd(t, env, "", "audit", "verify")
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stdout, want) {
				t.Errorf("the report does not say %q:\n%s", want, r.stdout)
			}
			if tt.code != 0 && !strings.Contains(r.stdout, "发现 ") {
				t.Errorf("the report does not count what it found:\n%s", r.stdout)
			}
		})
	}
}

func TestAuditVerifyJSONAndLog(t *testing.T) {
	dsn, env := importedDB(t)
	id, _ := firstProblem(t, dsn)
	behindTheBack(t, dsn, "UPDATE problems SET leader = '某某' WHERE id = ?", id)
	r := rectifyCmd(t, env, "", "audit", "verify", "--json", "--db", dsn)
	var rep struct {
		OK     bool `json:"ok"`
		Issues []struct {
			Kind   string   `json:"kind"`
			Entity string   `json:"entity"`
			ID     int64    `json:"id"`
			Fields []string `json:"fields"`
		} `json:"issues"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if r.code != 1 || rep.OK || len(rep.Issues) != 1 || rep.Issues[0].Entity != "problem" || rep.Issues[0].ID != id ||
		fmt.Sprint(rep.Issues[0].Fields) != "[leader]" {
		t.Errorf("exit %d, report %+v", r.code, rep)
	}

	r = rectifyCmd(t, env, "", "audit", "log", "--problem", fmt.Sprint(id))
	if r.code != 0 || !strings.Contains(r.stdout, " 通报导入：新建问题") || !strings.Contains(r.stdout, "    标题：— → ") ||
		!strings.Contains(r.stdout, "记录时间 ") || !strings.Contains(r.stdout, "（发生日期 20") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"audit"}, {"audit", "check"}, {"audit", "log"}, {"audit", "verify", "extra"}} {
		if r := rectifyCmd(t, env, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
}

func TestRecheckSample(t *testing.T) {
	_, env := importedDB(t)
	// The sample notice's unit is the first unit; one of its problems is completed.
	dry := rectifyCmd(t, env, "", "recheck", "sample", "--unit", "1", "--count", "3", "--seed", "42", "--dry-run")
	again := rectifyCmd(t, env, "", "recheck", "sample", "--unit", "1", "--count", "3", "--seed", "42", "--dry-run")
	if dry.code != 0 || dry.stdout != again.stdout || !strings.Contains(dry.stdout, "种子 42：从 1 个已销号问题中抽取 1 个") {
		t.Fatalf("exit %d, %q then %q; %s", dry.code, dry.stdout, again.stdout, dry.stderr)
	}
	r := rectifyCmd(t, env, "", "recheck", "sample", "--unit", "1", "--count", "3", "--seed", "42", "--due", "2030-01-31")
	if r.code != 0 || !strings.Contains(r.stdout, "回头看 #") || !strings.Contains(r.stdout, "2030年1月31日前完成") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := rectifyCmd(t, env, "", "audit", "verify"); r.code != 0 {
		t.Errorf("the draw left the log and the record apart:\n%s", r.stdout)
	}
	if r := rectifyCmd(t, env, "", "recheck", "sample", "--unit", "99", "--count", "1", "--seed", "1"); r.code != 1 ||
		!strings.Contains(r.stderr, "未找到单位") {
		t.Errorf("unknown unit: exit %d, %s", r.code, r.stderr)
	}
}
