package jobs_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// TestBackups makes a copy a day for ten days with three kept: the newest
// three stay, each a database that opens and holds the record.
func TestBackups(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	if err := st.CreateUnit(ctx, &rectify.Unit{Name: "青石县水务局"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	b := jobs.Backups{Dir: dir, Keep: 3}
	day := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	for i := range 10 {
		if _, err := b.Run(ctx, st, day.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"rectify-20260308-020000.backup", "rectify-20260309-020000.backup", "rectify-20260310-020000.backup"}
	if !slices.Equal(names, want) {
		t.Fatalf("kept %v, want %v", names, want)
	}
	newest := filepath.Join(dir, want[2])
	kind, err := store.KindOfBackup(newest)
	if err != nil {
		t.Fatal(err)
	}
	if kind == store.BackupSQLite {
		cp, err := store.Open(ctx, newest)
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		units, err := cp.ListUnits(ctx, "")
		if err != nil || len(units) != 1 || units[0].Name != "青石县水务局" {
			t.Errorf("the copy holds %v (%v)", units, err)
		}
	}
}

// TestBackupTask checks that the scheduler has the backup task only when
// a folder is given.
func TestBackupTask(t *testing.T) {
	st := testdb.Open(t)
	has := func(d jobs.Deps) bool {
		return slices.ContainsFunc(jobs.New(d).Tasks(), func(t jobs.Task) bool { return t.Name == jobs.TaskBackup })
	}
	if has(jobs.Deps{Store: st}) {
		t.Error("a backup task without a folder")
	}
	if !has(jobs.Deps{Store: st, Backups: jobs.Backups{Dir: t.TempDir(), Every: time.Hour}}) {
		t.Error("no backup task with a folder")
	}
}
