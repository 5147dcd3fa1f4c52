package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

// Migrations live in migrations/<dialect>/NNNN_name.sql, one directory per
// dialect. Adding a file is all it takes: Open applies every file not yet
// recorded in schema_migrations, in order of its number, each in its own
// transaction together with its record.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	Version int
	Name    string
	SQL     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// migrations returns the migrations of dialect in order. It fails on a file
// whose name does not fit NNNN_name.sql and on a number used twice.
func migrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %s/%s: name is not NNNN_name.sql", dialect, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		if prev, ok := seen[v]; ok {
			return nil, fmt.Errorf("migration %s/%s: number %d already used by %s", dialect, e.Name(), v, prev)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: v, Name: m[2], SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// migrationLock is the key of the PostgreSQL advisory lock held while
// migrating, so that two processes starting at once take turns.
const migrationLock int64 = 0x72656374696679 // "rectify"

// migrate applies the migrations not yet applied.
func (s *Store) migrate(ctx context.Context) (err error) {
	ms, err := migrations(s.dialect)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	// One connection for the whole run: PostgreSQL's advisory lock belongs
	// to a session.
	sc, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer sc.Close()
	c := conn{q: sc, dialect: s.dialect}
	if s.dialect == Postgres {
		if _, err := c.exec(ctx, "SELECT pg_advisory_lock(?)", migrationLock); err != nil {
			return fmt.Errorf("store: migrate: lock: %w", err)
		}
		defer func() {
			// A fresh context: the lock must go even when ctx is done.
			if _, uerr := c.exec(context.Background(), "SELECT pg_advisory_unlock(?)", migrationLock); uerr != nil && err == nil {
				err = fmt.Errorf("store: migrate: unlock: %w", uerr)
			}
		}()
	}
	if _, err := c.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY,
		name    text    NOT NULL,
		applied text    NOT NULL
	)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, sc, m); err != nil {
			return fmt.Errorf("store: migrate %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// apply runs one migration and records it in one transaction, unless it is
// recorded already. On SQLite the transaction begins IMMEDIATE, so the check
// and the change are atomic against another process too.
func (s *Store) apply(ctx context.Context, sc *sql.Conn, m migration) error {
	tx, err := sc.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	c := conn{q: tx, dialect: s.dialect}
	var one int
	err = c.queryRow(ctx, "SELECT 1 FROM schema_migrations WHERE version = ?", m.Version).Scan(&one)
	switch {
	case err == nil:
		return nil // applied already
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	// No arguments: both drivers run a script of several statements.
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := c.exec(ctx, "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
		m.Version, m.Name, s.now().Format(sqliteTime)); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the number of the last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.reader().queryRow(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}
