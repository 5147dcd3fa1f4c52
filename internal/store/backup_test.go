package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// TestBackupDuringWrites backs the database up while four clients write
// to it, and checks that the copy is whole: its audit log and every row
// agree, it opens and lists, and it holds what was written before the
// backup began. On PostgreSQL the copy is restored into a new database to
// be checked.
func TestBackupDuringWrites(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	s, err := store.Open(ctx, dsn)
	ok(t, err)
	t.Cleanup(func() { s.Close() })
	c := newCounty(t, s)
	before, err := s.Counts(ctx)
	ok(t, err)

	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	for client := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				u := &rectify.Unit{Name: fmt.Sprintf("写入单位%d-%d", client, i), ParentID: c.water.ID}
				if err := s.CreateUnit(ctx, u); err != nil {
					t.Errorf("client %d: %v", client, err)
					return
				}
				written.Add(1)
			}
		})
	}
	for written.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	copyPath := filepath.Join(t.TempDir(), "rectify-backup")
	kind, err := s.Backup(ctx, copyPath)
	close(stop)
	wg.Wait()
	ok(t, err)
	if got, err := store.KindOfBackup(copyPath); err != nil || got != kind {
		t.Fatalf("KindOfBackup = %v, %v; Backup said %v", got, err, kind)
	}

	var cp *store.Store
	if kind == store.BackupPostgres {
		cp, err = store.Restore(ctx, copyPath, testdb.DSN(t), store.RestoreOptions{})
	} else {
		cp, err = store.Open(ctx, copyPath)
	}
	ok(t, err)
	defer cp.Close()
	report, err := cp.VerifyAudit(ctx)
	ok(t, err)
	if !report.OK() {
		t.Fatalf("the copy's audit log disagrees with its rows: %+v", report.Issues)
	}
	counts, err := cp.Counts(ctx)
	ok(t, err)
	if counts.Units < before.Units+20 || counts.Units > before.Units+written.Load() {
		t.Errorf("the copy holds %d units; %d before the writers, %d written in all", counts.Units, before.Units, written.Load())
	}
	units, err := cp.ListUnits(ctx, "")
	ok(t, err)
	if int64(len(units)) != counts.Units {
		t.Errorf("the copy lists %d units, counts %d", len(units), counts.Units)
	}
}

// TestRestore restores a backup into an empty database, refuses to
// overwrite one with a record unless forced, and refuses files that are no
// backup or of the other dialect.
func TestRestore(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	src := open(t)
	newCounty(t, src)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup")
	kind, err := src.Backup(ctx, backup)
	ok(t, err)
	if _, err := src.Backup(ctx, backup); rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), "已存在") {
		t.Errorf("a backup over an existing file: %v", err)
	}
	want, err := src.Counts(ctx)
	ok(t, err)
	backedUp, err := src.AccountsVersion(ctx)
	ok(t, err)

	empty := testdb.DSN(t)
	st, err := store.Restore(ctx, backup, empty, store.RestoreOptions{})
	ok(t, err)
	got, err := st.Counts(ctx)
	ok(t, err)
	if got != want {
		t.Errorf("restored %+v, want %+v", got, want)
	}
	report, err := st.VerifyAudit(ctx)
	ok(t, err)
	if !report.OK() {
		t.Errorf("the restored audit log disagrees: %+v", report.Issues)
	}
	ok(t, st.Close())

	// Now the database holds a record: a restore must be forced.
	full := testdb.DSN(t)
	other, err := store.Open(ctx, full)
	ok(t, err)
	ok(t, other.CreateUnit(ctx, &rectify.Unit{Name: "另一个县"}))
	replaced, err := other.AccountsVersion(ctx)
	ok(t, err)
	ok(t, other.Close())
	if _, err := store.Restore(ctx, backup, full, store.RestoreOptions{}); rectify.ErrorCode(err) != rectify.ECONFLICT ||
		!strings.Contains(rectify.ErrorMessage(err), "--force") {
		t.Fatalf("restore over a record: %v, want a conflict naming --force", err)
	}
	st, err = store.Restore(ctx, backup, full, store.RestoreOptions{Force: true})
	ok(t, err)
	got, err = st.Counts(ctx)
	ok(t, err)
	// A server of the replaced record may have kept tokens at its
	// version, and the backup's may be the same number.
	version, err := st.AccountsVersion(ctx)
	ok(t, err)
	ok(t, st.Close())
	if got != want {
		t.Errorf("forced restore holds %+v, want %+v", got, want)
	}
	if version <= replaced || version == backedUp {
		t.Errorf("the version of what signing in reads is %d after the restore, %d before, %d in the backup: a kept token would be taken as current", version, replaced, backedUp)
	}

	notBackup := filepath.Join(dir, "notes.txt")
	ok(t, os.WriteFile(notBackup, []byte("会议纪要"), 0o600))
	if _, err := store.Restore(ctx, notBackup, testdb.DSN(t), store.RestoreOptions{}); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("restore of a text file: %v, want invalid", err)
	}
	otherDialect := "postgres://127.0.0.1:1/none"
	if kind == store.BackupPostgres {
		otherDialect = filepath.Join(dir, "x.db")
	}
	if _, err := store.Restore(ctx, backup, otherDialect, store.RestoreOptions{}); rectify.ErrorCode(err) != rectify.EINVALID ||
		!strings.Contains(rectify.ErrorMessage(err), "不能恢复到") {
		t.Errorf("restore into the other dialect: %v", err)
	}
}
