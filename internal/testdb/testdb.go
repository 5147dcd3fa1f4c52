// Package testdb hands each test a fresh, migrated store: a SQLite file in
// the test's temporary directory, or, when the environment variable
// RECTIFY_TEST_POSTGRES holds a PostgreSQL URL, a new database of its own on
// that server, dropped when the test ends. So one suite runs on both.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rectify-dev/rectify/internal/store"
)

// EnvPostgres names the environment variable holding the URL of a
// PostgreSQL server for tests, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable. The user must
// be allowed to create databases.
const EnvPostgres = "RECTIFY_TEST_POSTGRES"

// Dialect returns store.Postgres when the tests run on PostgreSQL, store.SQLite otherwise.
func Dialect() string {
	if os.Getenv(EnvPostgres) != "" {
		return store.Postgres
	}
	return store.SQLite
}

// Open returns a store on a fresh migrated database that is closed (and on
// PostgreSQL dropped) when t ends. It fails t when the database cannot be
// made.
func Open(t testing.TB) *store.Store {
	t.Helper()
	dsn := DSN(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("testdb: open store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("testdb: close store: %v", err)
		}
	})
	return s
}

// DSN returns the name of a fresh empty database for t, to pass to
// store.Open (possibly more than once, e.g. to test migrations); it is
// removed when t ends. Register it before any cleanup that closes a store on
// it, so that the store closes first.
func DSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		return filepath.Join(t.TempDir(), "rectify.db")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvPostgres, err)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	name := "rectify_test_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The name is ours, made of [a-z0-9_]: safe to put in the statement.
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		db.Close()
		t.Fatalf("testdb: create database: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
