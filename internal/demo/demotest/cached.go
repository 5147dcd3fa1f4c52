// Package demotest keeps the synthetic records of the benchmarks between
// runs: a record of a size is generated once (demo.Generate) into the
// user's cache folder, a PostgreSQL test server or a database named by
// RECTIFY_BENCH_DB, and reopened by later runs. Test support only: nothing
// of the program imports it.
package demotest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/store"
)

// EnvBenchDB names a database for the benchmarks to use instead of the
// cache: a SQLite file path (built there when missing) or a postgres:// URL
// (built into it when it holds no inspection). A database named here is
// used as it is, whatever it holds, so a copy of real data can be
// benchmarked too.
const EnvBenchDB = "RECTIFY_BENCH_DB"

// envTestPostgres is testdb.EnvPostgres: when it names a PostgreSQL server,
// Cached keeps its records there.
const envTestPostgres = "RECTIFY_TEST_POSTGRES"

// generatorVersion changes whenever demo.Generate writes something else for the
// same size, so that cached records of an older generator are not reused.
const generatorVersion = 4

// Cached returns an open store holding a record of the given size, and what
// it holds, for benchmarks: the record is built once with demo.Generate and kept
// for later runs, so that a benchmark pays for it once and not on every
// run. A demo.Size without a day is dated around the first day of the current
// month, so that a kept record stays current for a month.
//
// Where the record is kept: the database EnvBenchDB names, if set; else, when
// RECTIFY_TEST_POSTGRES names a PostgreSQL server, a database on it named
// after the size (rectify_bench_…); else a SQLite file in the user's cache
// folder (…/rectify/bench-….db). A kept record that does not hold the size
// asked for is built again. The store is closed when tb ends; benchmarks
// should only read it. Cached fails tb when the record cannot be built or
// opened.
//
// The benchmark record of demo.BenchSize takes about half a minute to build on
// SQLite and a minute and a half on PostgreSQL; later runs open it at once:
//
//	st, gen := demotest.Cached(b, demo.BenchSize())
//	asOf := gen.Size.Today // the day the record is dated around
func Cached(tb testing.TB, size demo.Size) (*store.Store, *demo.Generated) {
	tb.Helper()
	if size.Today.IsZero() {
		now := time.Now()
		size.Today = rectify.NewDate(now.Year(), now.Month(), 1)
	}
	size = size.Resolved()
	key := cacheKey(size)
	var st *store.Store
	var gen *demo.Generated
	var err error
	switch named := os.Getenv(EnvBenchDB); {
	case named != "":
		st, gen, err = openNamed(tb, named, size)
	case os.Getenv(envTestPostgres) != "":
		st, gen, err = cachedPostgres(tb, os.Getenv(envTestPostgres), key, size)
	default:
		dir, derr := os.UserCacheDir()
		if derr != nil {
			dir = os.TempDir()
		}
		st, gen, err = cachedSQLite(tb, filepath.Join(dir, "rectify", "bench-"+key+".db"), size)
	}
	if err != nil {
		tb.Fatalf("demo: cached record: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, gen
}

// openNamed opens the database named by EnvBenchDB, building the record
// into it when it holds none.
func openNamed(tb testing.TB, dsn string, size demo.Size) (*store.Store, *demo.Generated, error) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	gen, err := demo.Generate(ctx, st, size)
	switch {
	case errors.Is(err, demo.ErrNotEmpty):
		gen, err = describe(ctx, st, size)
	case err == nil:
		if err = st.Optimize(ctx); err == nil {
			tb.Logf("demo: built %d problems in %s into %s", gen.Problems, time.Since(start).Round(time.Millisecond), EnvBenchDB)
		}
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, gen, nil
}

// describe reads what st holds into a Generated.
func describe(ctx context.Context, st *store.Store, size demo.Size) (*demo.Generated, error) {
	gen := &demo.Generated{Size: size}
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		return nil, err
	}
	gen.Units = len(units)
	// The first unit made at each depth, whatever order the list gives.
	first := func(id int64) bool { return id == 0 }
	for _, u := range units {
		switch {
		case u.Depth() == 0 && (first(gen.Root) || u.ID < gen.Root):
			gen.Root = u.ID
		case u.Depth() == 1 && (first(gen.District) || u.ID < gen.District):
			gen.District, gen.DistrictPath = u.ID, u.Path
		case u.Depth() == 2 && (first(gen.Bureau) || u.ID < gen.Bureau):
			gen.Bureau, gen.BureauPath = u.ID, u.Path
		}
	}
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		return nil, err
	}
	gen.Inspections = len(ins)
	if _, gen.Problems, err = st.ListProblems(ctx, store.ProblemFilter{Limit: 1}); err != nil {
		return nil, err
	}
	return gen, nil
}

// holds reports whether gen is the record of size.
func holds(gen *demo.Generated, size demo.Size) bool {
	return gen.Units == size.Units && gen.Inspections == size.Inspections && gen.Problems == size.Problems
}

// cachedSQLite opens the record kept in the file path, building it there
// first (into a file of its own, renamed when complete, so that a run
// stopped half-way or two runs at once leave no broken record).
func cachedSQLite(tb testing.TB, path string, size demo.Size) (*store.Store, *demo.Generated, error) {
	ctx := context.Background()
	if _, err := os.Stat(path); err == nil {
		st, err := store.Open(ctx, path)
		if err != nil {
			return nil, nil, err
		}
		gen, err := describe(ctx, st, size)
		if err == nil && holds(gen, size) {
			return st, gen, nil
		}
		st.Close()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, err
	}
	tmp := fmt.Sprintf("%s.build%d", path, os.Getpid())
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(tmp + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
	}
	start := time.Now()
	gen, err := build(ctx, tmp, size)
	if err != nil {
		return nil, nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, nil, err
	}
	tb.Logf("demo: built %d problems in %s into %s", gen.Problems, time.Since(start).Round(time.Millisecond), path)
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return st, gen, nil
}

// build generates the record of size into the empty database at dsn,
// refreshes the planner's statistics and closes it.
func build(ctx context.Context, dsn string, size demo.Size) (*demo.Generated, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	gen, err := demo.Generate(ctx, st, size)
	if err == nil {
		err = st.Optimize(ctx)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return gen, nil
}

// cachedPostgres opens the record kept in a database of the server at
// admin, building it first (into a database of its own, renamed when
// complete).
func cachedPostgres(tb testing.TB, admin, key string, size demo.Size) (*store.Store, *demo.Generated, error) {
	ctx := context.Background()
	u, err := url.Parse(admin)
	if err != nil {
		return nil, nil, err
	}
	name := cacheDatabase(key)
	dsn := func(db string) string {
		v := *u
		v.Path = "/" + db
		return v.String()
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	var one int
	switch err := db.QueryRowContext(ctx, "SELECT 1 FROM pg_database WHERE datname = $1", name).Scan(&one); {
	case err == nil:
		st, err := store.Open(ctx, dsn(name))
		if err != nil {
			return nil, nil, err
		}
		gen, err := describe(ctx, st, size)
		if err == nil && holds(gen, size) {
			return st, gen, nil
		}
		st.Close()
	case !errors.Is(err, sql.ErrNoRows):
		return nil, nil, err
	}
	// Our own names, made of [a-z0-9_]: safe in the statements.
	building := name + "_build"
	for _, q := range []string{
		"DROP DATABASE IF EXISTS " + building + " WITH (FORCE)",
		"CREATE DATABASE " + building + " TEMPLATE template0 ENCODING 'UTF8'",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, nil, err
		}
	}
	start := time.Now()
	gen, err := build(ctx, dsn(building), size)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range []string{
		"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
		"ALTER DATABASE " + building + " RENAME TO " + name,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, nil, err
		}
	}
	tb.Logf("demo: built %d problems in %s into database %s", gen.Problems, time.Since(start).Round(time.Millisecond), name)
	st, err := store.Open(ctx, dsn(name))
	if err != nil {
		return nil, nil, err
	}
	return st, gen, nil
}

// cacheKey names the record of a resolved size.
func cacheKey(size demo.Size) string {
	return fmt.Sprintf("u%d-i%d-p%d-s%x-%s-g%d", size.Units, size.Inspections, size.Problems, size.Seed, size.Today, generatorVersion)
}

// cacheDatabase returns the name of the PostgreSQL database that keeps the
// record of key: a PostgreSQL name is at most 63 bytes, so key is hashed.
func cacheDatabase(key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return fmt.Sprintf("rectify_bench_%016x", h.Sum64())
}
