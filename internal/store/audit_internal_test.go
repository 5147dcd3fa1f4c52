package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
)

// Every column of an audited table is in its audit entity, or knowingly
// left out, so that an edit to any of them behind the log is seen.
func TestAuditEntitiesCoverSchema(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s, err := Open(ctx, filepath.Join(t.TempDir(), "schema.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Left out of the audited rows: a problem's last change time, a
	// report's quantities, and the mark of an inspection being imported
	// in batches (its rows are audited batch by batch).
	left := map[string][]string{"problems": {"updated"}, "progress": {"quantified"}, "inspections": {"importing"}}
	for _, e := range auditEntities {
		rows, err := s.db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", e.table)
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			if c != "id" && !slices.Contains(left[e.table], c) {
				cols = append(cols, c)
			}
		}
		if err := closeRows(rows, nil); err != nil {
			t.Fatal(err)
		}
		var have []string
		for _, c := range e.cols {
			have = append(have, c.name)
		}
		slices.Sort(cols)
		if !slices.Equal(cols, have) {
			t.Errorf("%s: table has %v, audit entity %v", e.table, cols, have)
		}
	}
}

// The canonical state is the same on both databases: dates as text,
// times in UTC with nine digits, booleans as true and false.
func TestCanonicalValues(t *testing.T) {
	at := time.Date(2024, 1, 15, 9, 30, 0, 123456000, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		kind auditKind
		in   any
		want string
	}{
		{"null", kValue, nil, "null"},
		{"integer", kValue, int64(42), "42"},
		{"text with quotes and newline", kValue, "他说\"好\"\n", `"他说\"好\"\n"`},
		{"control character", kValue, "a\x01b", `"a\u0001b"`},
		{"broken utf-8", kValue, "a\xffb", `"a\ufffdb"`},
		{"date from sqlite", kDate, "2023-10-31", `"2023-10-31"`},
		{"date from postgres", kDate, time.Date(2023, 10, 31, 0, 0, 0, 0, time.UTC), `"2023-10-31"`},
		{"time from sqlite", kTime, "2024-01-15T01:30:00.123456000Z", `"2024-01-15T01:30:00.123456000Z"`},
		{"time from postgres", kTime, at, `"2024-01-15T01:30:00.123456000Z"`},
		{"bool from sqlite", kBool, int64(1), "true"},
		{"bool from postgres", kBool, false, "false"},
		{"odd bool", kBool, int64(5), "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendValue(nil, tt.kind, tt.in)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	rule := auditRule.encode([]any{int64(1), "2023-12-01", int64(3), "new", "公务用车管理办法"}, []int64{4, 9})
	if want := `{"date":"2023-12-01","inspection_id":3,"kind":"new","problem_ids":[4,9],"title":"公务用车管理办法"}`; rule != want {
		t.Errorf("rule state %s, want %s", rule, want)
	}
	if !strings.HasPrefix(auditProblem.selectCols, "id, class, description") {
		t.Errorf("problem columns not in name order: %s", auditProblem.selectCols)
	}
}

// TestAuditOmitEmpty: a column added after rows were logged ("name?") is
// left out of a row's state while it is empty, so that the state, and the
// hash the log keeps of it, is what it was before the column existed.
func TestAuditOmitEmpty(t *testing.T) {
	e := newAuditEntity("thing", "things", "东西", "", "name", "mailbox?", "phone")
	tests := []struct {
		name string
		vals []any
		want string
	}{
		{"empty: as before the column", []any{int64(1), "", "甲", "0731"}, `{"name":"甲","phone":"0731"}`},
		{"null: as before the column", []any{int64(1), nil, "甲", "0731"}, `{"name":"甲","phone":"0731"}`},
		{"given: in its place", []any{int64(1), "某县邮政1号信箱", "甲", "0731"}, `{"mailbox":"某县邮政1号信箱","name":"甲","phone":"0731"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.encode(tt.vals, nil); got != tt.want {
				t.Errorf("state %s, want %s", got, tt.want)
			}
		})
	}
}
