package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// Backups. A SQLite database is copied with VACUUM INTO, which reads one
// consistent snapshot beside the writers (WAL) and writes a compact file;
// a plain file copy during writes can be torn. A PostgreSQL database is
// dumped by pg_dump in its custom format and restored by pg_restore, the
// tools of the server's own version.

// BackupKind is what a backup file holds.
type BackupKind string

// The kinds of backup.
const (
	BackupSQLite   BackupKind = "sqlite"   // a SQLite database file
	BackupPostgres BackupKind = "postgres" // a pg_dump archive (custom format)
)

// backupTimeout bounds a backup or a restore.
const backupTimeout = 2 * time.Hour

// Backup writes a consistent copy of the database to path, which must not
// exist yet, and returns the kind of copy. It returns EINVALID when path
// exists, and an error naming the Debian package when PostgreSQL's pg_dump
// is missing.
func (s *Store) Backup(ctx context.Context, path string) (BackupKind, error) {
	if _, err := os.Lstat(path); err == nil {
		return "", rectify.Errorf(rectify.EINVALID, "备份文件 %s 已存在：请换一个文件名", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("store: backup: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, backupTimeout)
	defer cancel()
	if s.dialect == SQLite {
		// VACUUM INTO is a read transaction of the source, on a connection
		// of its own (the readers are query-only, and the writer must not
		// wait for a copy): in WAL mode the writers of this and other
		// processes go on meanwhile.
		if s.dsn == ":memory:" {
			return "", rectify.Errorf(rectify.EINVALID, "内存数据库不能备份")
		}
		db, err := sql.Open("sqlite", s.dsn+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return "", fmt.Errorf("store: backup: %w", err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
			os.Remove(path)
			return "", fmt.Errorf("store: backup: %w", err)
		}
		return BackupSQLite, nil
	}
	dump, err := pgTool("pg_dump")
	if err != nil {
		return "", err
	}
	if err := runTool(ctx, dump, "--format=custom", "--no-owner", "--no-privileges", "--file", path, "--dbname", s.dsn); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("store: backup: %w", err)
	}
	return BackupPostgres, nil
}

// KindOfBackup reads what the file at path holds by its first bytes. It
// returns EINVALID for a file that is neither a SQLite database nor a
// pg_dump archive.
func KindOfBackup(path string) (BackupKind, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("store: backup kind: %w", err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	switch {
	case bytes.HasPrefix(head[:n], []byte("SQLite format 3\x00")):
		return BackupSQLite, nil
	case bytes.HasPrefix(head[:n], []byte("PGDMP")):
		return BackupPostgres, nil
	}
	return "", rectify.Errorf(rectify.EINVALID, "%s 不是 rectify backup 做的备份（既不是 SQLite 数据库，也不是 pg_dump 备份）", path)
}

// RestoreOptions are the choices of Restore.
type RestoreOptions struct {
	// Force overwrites a database that already holds a record.
	Force bool
}

// Restore puts the backup at path into the database dsn and returns the
// store opened on it (migrated to this version). It refuses, with
// ECONFLICT, to overwrite a database that holds units, inspections or accounts
// unless opt.Force, and with EINVALID a backup of the other dialect. A
// SQLite database is replaced whole by a copy of the backup, renamed into
// place only once it opened and migrated; stop every server on it first.
func Restore(ctx context.Context, path, dsn string, opt RestoreOptions) (*Store, error) {
	kind, err := KindOfBackup(path)
	if err != nil {
		return nil, err
	}
	pg := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	if pg != (kind == BackupPostgres) {
		return nil, rectify.Errorf(rectify.EINVALID, "%s 是 %s 的备份，不能恢复到 %s 数据库", path, kind, map[bool]string{true: "PostgreSQL", false: "SQLite"}[pg])
	}
	ctx, cancel := context.WithTimeout(ctx, backupTimeout)
	defer cancel()
	if !opt.Force {
		if err := refuseNonEmpty(ctx, dsn, pg); err != nil {
			return nil, err
		}
	}
	if pg {
		restore, err := pgTool("pg_restore")
		if err != nil {
			return nil, err
		}
		if err := runTool(ctx, restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
			"--dbname", dsn, path); err != nil {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
		return openRestored(ctx, dsn)
	}
	target := strings.TrimPrefix(dsn, "sqlite://")
	tmp := target + ".restoring"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	if err := copyFile(path, tmp); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	// Open the copy once where it lies: migrations of an older backup are
	// applied there, and a file that is no database fails here, before
	// anything of the target is touched.
	st, err := Open(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if _, err := st.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		st.Close()
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if err := st.Close(); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	for _, p := range []string{target + "-wal", target + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	return openRestored(ctx, dsn)
}

// openRestored opens the restored database dsn and moves the version of
// what signing in reads (AccountsVersion) past every version the record
// it replaced has had: the backup's own version may be one a running
// server has kept tokens at. A counter moves by one a change, so the
// clock in nanoseconds is past it, and past any earlier restore's.
func openRestored(ctx context.Context, dsn string) (*Store, error) {
	st, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	now := time.Now().UnixNano()
	c := conn{q: st.db, dialect: st.dialect}
	if _, err := c.exec(ctx, "UPDATE accounts_head SET version = CASE WHEN version < ? THEN ? ELSE version + 1 END WHERE id = 1", now, now); err != nil {
		st.Close()
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	return st, nil
}

// refuseNonEmpty returns ECONFLICT when the database dsn holds units,
// inspections or accounts. A SQLite file that does not exist is empty.
func refuseNonEmpty(ctx context.Context, dsn string, pg bool) error {
	if !pg {
		if _, err := os.Stat(strings.TrimPrefix(dsn, "sqlite://")); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	st, err := Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer st.Close()
	c, err := st.Counts(ctx)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if c.Units > 0 || c.Inspections > 0 || c.Users > 0 {
		return rectify.Errorf(rectify.ECONFLICT, "数据库已有记录（%d 个单位、%d 次巡察、%d 个账号），恢复会覆盖它们；确认覆盖请加 --force",
			c.Units, c.Inspections, c.Users)
	}
	return nil
}

// BackupCounts are what a copy holds, for the report of a backup.
type BackupCounts struct {
	Units       int64 `json:"units"`
	Inspections int64 `json:"inspections"`
	Problems    int64 `json:"problems"`
	Progress    int64 `json:"progress"`
	Evidence    int64 `json:"evidence"`
	Users       int64 `json:"users"`
	AuditLog    int64 `json:"audit_log"`
}

// Counts returns how many units, inspections, problems, reports, evidence
// files, accounts and audit entries the database holds.
func (s *Store) Counts(ctx context.Context) (BackupCounts, error) {
	var c BackupCounts
	row := s.rdb.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM inspections),
		(SELECT COUNT(*) FROM problems), (SELECT COUNT(*) FROM progress), (SELECT COUNT(*) FROM evidence),
		(SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM audit_log)`)
	if err := row.Scan(&c.Units, &c.Inspections, &c.Problems, &c.Progress, &c.Evidence, &c.Users, &c.AuditLog); err != nil {
		return c, fmt.Errorf("store: counts: %w", err)
	}
	return c, nil
}

// pgTool finds a PostgreSQL client program: on the PATH, else in Debian's
// versioned folders (newest first). The error names the package.
func pgTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return "", rectify.Errorf(rectify.EINVALID, "PostgreSQL 的备份与恢复需要 %s：请安装 postgresql-client（Debian：apt-get install postgresql-client）", name)
}

// runTool runs a program and returns its standard error in the error.
func runTool(ctx context.Context, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, prog, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
		return fmt.Errorf("%s: %w: %s", filepath.Base(prog), err, msg)
	}
	return nil
}

// copyFile copies src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
