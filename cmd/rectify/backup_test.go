package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/testdb"
)

// TestBackupRestore backs up a database holding the sample notice,
// restores it into a new database, and finds the same record there; a
// second restore over it is refused without --force, and the copy with
// a row edited behind the application's back fails its check.
func TestBackupRestore(t *testing.T) {
	db, env := importedDB(t)
	file := filepath.Join(t.TempDir(), "nightly.backup")
	r := rectifyCmd(t, env, "", "backup", "-o", file, "--json")
	if r.code != 0 {
		t.Fatalf("backup: exit %d: %s", r.code, r.stderr)
	}
	var rep backupReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if rep.Bytes == 0 || rep.Counts.Problems == 0 || rep.Audit == nil || !rep.Audit.OK() {
		t.Fatalf("backup report %+v", rep)
	}
	if r := rectifyCmd(t, env, "", "backup", "-o", file); r.code != 1 || !strings.Contains(r.stderr, "已存在") {
		t.Errorf("backup over the file: exit %d: %s", r.code, r.stderr)
	}

	target := testdb.DSN(t)
	r = rectifyCmd(t, nil, "", "restore", file, "--db", target)
	if r.code != 0 || !strings.Contains(r.stdout, "审计日志完整") {
		t.Fatalf("restore: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	before := rectifyCmd(t, env, "", "stats", "--json")
	after := rectifyCmd(t, nil, "", "stats", "--json", "--db", target)
	if before.code != 0 || after.stdout != before.stdout {
		t.Errorf("stats of the restored database differ:\n%s\nwant\n%s", after.stdout, before.stdout)
	}
	if r := rectifyCmd(t, nil, "", "restore", file, "--db", target); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("restore over a record: exit %d: %s", r.code, r.stderr)
	}
	if r := rectifyCmd(t, nil, "", "restore", file, "--db", target, "--force"); r.code != 0 {
		t.Errorf("forced restore: exit %d: %s", r.code, r.stderr)
	}

	// A record edited behind the application's back makes a backup that
	// says so and exits 1 (the copy is kept: it is still the data).
	behindTheBack(t, db, "UPDATE problems SET title = ? WHERE number = 1", "改过的标题")
	tampered := filepath.Join(t.TempDir(), "tampered.backup")
	if r := rectifyCmd(t, env, "", "backup", "-o", tampered); r.code != 1 || !strings.Contains(r.stderr, "审计日志与记录不符") {
		t.Errorf("backup of an edited record: exit %d: %s", r.code, r.stderr)
	}
}
