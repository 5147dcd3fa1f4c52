package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
)

// TestPlainParams: SQLite's reads hide their bound values from the planner
// (which would otherwise plan a kept statement afresh at every run) and
// leave quoted literals alone.
func TestPlainParams(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"none", "SELECT 1", "SELECT 1"},
		{"range and list", "SELECT id FROM problems p WHERE p.due >= ? AND p.due <= ? AND p.inspection_id IN (?, ?) LIMIT ?",
			"SELECT id FROM problems p WHERE p.due >= +? AND p.due <= +? AND p.inspection_id IN (+?, +?) LIMIT +?"},
		{"inside literals", `SELECT '?', "a?b" FROM t WHERE x MATCH ? ESCAPE '\'`, `SELECT '?', "a?b" FROM t WHERE x MATCH +? ESCAPE '\'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plainParams(tc.in); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"none", "SELECT 1", "SELECT 1"},
		{"in order", "SELECT a FROM t WHERE b = ? AND c IN (?, ?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"},
		{"inside literals", `SELECT '?', "a?b" FROM t WHERE x LIKE ? ESCAPE '\'`, `SELECT '?', "a?b" FROM t WHERE x LIKE $1 ESCAPE '\'`},
		{"ten and more", "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (conn{dialect: Postgres}).rebind(tc.in); got != tc.want {
				t.Errorf("postgres: %s\nwant      %s", got, tc.want)
			}
			if got := (conn{dialect: SQLite}).rebind(tc.in); got != tc.in {
				t.Errorf("sqlite changed the query: %s", got)
			}
		})
	}
}

// TestLiterals: the lists' few-valued arguments are written into
// PostgreSQL's statements (planned once, not at every run); the others,
// and anything needing more than a pair of quotes, stay bound; SQLite
// binds them all.
func TestLiterals(t *testing.T) {
	day := rectify.Date{Year: 2026, Month: 12, Day: 7}
	for _, tc := range []struct {
		name      string
		in        string
		args      []any
		want      string
		wantBound []any
	}{
		{"no lit", "SELECT 1 WHERE a = ?", []any{int64(3)}, "SELECT 1 WHERE a = ?", []any{int64(3)}},
		{"date, limit and status", "SELECT id FROM problems p WHERE p.due < ? AND p.status = ? LIMIT ?",
			lits([]any{day, rectify.StatusInProgress, 51}),
			"SELECT id FROM problems p WHERE p.due < '2026-12-07' AND p.status = 'in_progress' LIMIT 51", []any{}},
		{"ids stay bound", "SELECT id FROM problems p WHERE p.inspection_id = ? AND p.due = ? AND p.id > ?",
			append(lits([]any{int64(9), day}), int64(40)),
			"SELECT id FROM problems p WHERE p.inspection_id = ? AND p.due = '2026-12-07' AND p.id > ?", []any{int64(9), int64(40)}},
		{"scope path", "SELECT id FROM units u WHERE u.path >= ? AND u.path < ?", lits([]any{"/1/8/", "/1/80"}),
			"SELECT id FROM units u WHERE u.path >= '/1/8/' AND u.path < '/1/80'", []any{}},
		{"quote stays bound", "SELECT id FROM problems p WHERE p.title = ? LIMIT ?", lits([]any{"x' OR '1'='1", 5}),
			"SELECT id FROM problems p WHERE p.title = ? LIMIT 5", []any{"x' OR '1'='1"}},
		{"question mark in a literal", "SELECT '?' WHERE a = ? AND b = ?", []any{lit{7}, "c"},
			"SELECT '?' WHERE a = 7 AND b = ?", []any{"c"}},
		{"more arguments than placeholders", "SELECT 1 WHERE a = ?", []any{lit{7}, lit{8}},
			"SELECT 1 WHERE a = 7", []any{8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, bound := (conn{dialect: Postgres}).literals(tc.in, tc.args)
			if got != tc.want {
				t.Errorf("postgres: %s\nwant      %s", got, tc.want)
			}
			if fmt.Sprint(bound) != fmt.Sprint(tc.wantBound) {
				t.Errorf("postgres bound %v, want %v", bound, tc.wantBound)
			}
			got, bound = (conn{dialect: SQLite}).literals(tc.in, tc.args)
			if got != tc.in {
				t.Errorf("sqlite changed the query: %s", got)
			}
			for i, a := range bound {
				if _, ok := a.(lit); ok || len(bound) != len(tc.args) {
					t.Fatalf("sqlite bound %v (argument %d still wrapped, or lost)", bound, i)
				}
			}
		})
	}
}

func TestHanPairs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"巡查台账，台账", []string{"巡查", "查台", "台账"}},
		{"5G基站建设", []string{"基站", "站建", "建设"}},
		{"整", nil},
		{"abc def", nil},
		{"档案\n目录", []string{"档案", "目录"}},
	} {
		got := hanPairs(tc.in)
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("hanPairs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScopeRange(t *testing.T) {
	for _, tc := range []struct {
		scope, lo, hi string
		in, out       []string
	}{
		{"/1/", "/1/", "/10", []string{"/1/", "/1/4/", "/1/4/99/"}, []string{"/10/", "/2/", "/", "/11/1/"}},
		{"/1/4", "/1/4/", "/1/40", []string{"/1/4/", "/1/4/9/"}, []string{"/1/40/", "/1/41/", "/1/"}},
	} {
		lo, hi := scopeRange(tc.scope)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("scopeRange(%q) = %q, %q; want %q, %q", tc.scope, lo, hi, tc.lo, tc.hi)
		}
		for _, p := range tc.in {
			if !(p >= lo && p < hi) {
				t.Errorf("%q should lie in scope %q", p, tc.scope)
			}
		}
		for _, p := range tc.out {
			if p >= lo && p < hi {
				t.Errorf("%q should not lie in scope %q", p, tc.scope)
			}
		}
	}
}

func TestMigrationFiles(t *testing.T) {
	for _, dialect := range []string{SQLite, Postgres} {
		ms, err := migrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "core" {
			t.Fatalf("%s migrations: %+v", dialect, ms)
		}
		// Blocks of numbers are handed out to parallel work: gaps are
		// fine, the order is not.
		for i, m := range ms {
			if i > 0 && m.Version <= ms[i-1].Version {
				t.Errorf("%s: migration %d is numbered %d after %d; numbers must rise", dialect, i+1, m.Version, ms[i-1].Version)
			}
		}
	}
	sq, _ := migrations(SQLite)
	pg, _ := migrations(Postgres)
	if len(sq) != len(pg) {
		t.Errorf("%d SQLite migrations, %d PostgreSQL ones; each change needs both", len(sq), len(pg))
	}
}

// The full-text indexes follow the search text through updates and cascaded
// deletes (SQLite only: PostgreSQL has no such index).
func TestFullTextIndexIntegrity(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s, err := Open(ctx, filepath.Join(t.TempDir(), "fts.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }
	u := &rectify.Unit{Name: "测试单位"}
	if err := s.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	in := &rectify.Inspection{UnitID: u.ID, Team: "测试巡察组", Findings: []*rectify.Finding{{Number: 1, Title: "方面一",
		Problems: []*rectify.Problem{{Number: 1, Title: "档案管理混乱", Measures: []*rectify.Measure{{Number: 1, Text: "整理档案目录"}}}}}}}
	if err := s.CreateInspection(ctx, in); err != nil {
		t.Fatal(err)
	}
	p := in.Findings[0].Problems[0]
	p.Title = "档案保管不善"
	if err := s.UpdateProblem(ctx, p); err != nil {
		t.Fatal(err)
	}
	check := func(stage string, want map[string]int) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, "INSERT INTO problem_fts (problem_fts) VALUES ('integrity-check')"); err != nil {
			t.Errorf("%s: full-text index out of step: %v", stage, err)
		}
		for term, wantRows := range want {
			table := "problem_fts"
			if len([]rune(term)) == 2 {
				table = "problem_pairs"
			}
			var n int
			if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE "+table+" MATCH ?", `"`+term+`"`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != wantRows {
				t.Errorf("%s: the index matches %q in %d rows, want %d", stage, term, n, wantRows)
			}
		}
	}
	check("after update", map[string]int{"档案保管": 1, "档案管理": 0, "整理档案": 1, "保管": 1, "混乱": 0, "目录": 1})
	if err := s.DeleteInspection(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	check("after cascaded delete", map[string]int{"档案保管": 0, "整理档案": 0, "保管": 0, "目录": 0})
}

func TestSyncOption(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  Options
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{
		{"default", Options{}, 1},
		{"full", Options{SyncFull: true}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenWith(context.Background(), filepath.Join(t.TempDir(), "sync.db"), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, db := range []*sql.DB{s.db, s.rdb} {
				var got int
				if err := db.QueryRow("PRAGMA synchronous").Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Errorf("synchronous = %d, want %d", got, tt.want)
				}
			}
		})
	}
}

// The partial index of the open statuses (0200_light_branches) holds the
// problems whose light is by their deadline only while its statuses are
// those of openDeadlineStatuses, written the same way: SQLite uses a
// partial index only for a condition that is the index's own.
func TestOpenNumberIndexStatuses(t *testing.T) {
	want := "WHERE status IN (" + strings.Join(openStatusNames(), ", ") + ");"
	for _, dialect := range []string{"sqlite", "postgres"} {
		b, err := migrationFiles.ReadFile("migrations/" + dialect + "/0200_light_branches.sql")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: the index of open problems is not on %s", dialect, want)
		}
	}
}
