package demotest

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func TestCachedNamesTheTestServer(t *testing.T) {
	if envTestPostgres != testdb.EnvPostgres {
		t.Errorf("Cached reads %s, the tests %s", envTestPostgres, testdb.EnvPostgres)
	}
}

// countingTB counts the records Cached builds, from its log.
type countingTB struct {
	*testing.T
	builds int
}

func (c *countingTB) Logf(format string, args ...any) {
	if strings.HasPrefix(format, "demo: built") {
		c.builds++
	}
	c.T.Logf(format, args...)
}

// cachedTwice calls Cached twice with size and checks that both calls see
// the record of size, and that only the first built it.
func cachedTwice(t *testing.T, size demo.Size) {
	t.Helper()
	tb := &countingTB{T: t}
	_, first := Cached(tb, size)
	want := [3]int{size.Units, size.Inspections, size.Problems}
	if got := [3]int{first.Units, first.Inspections, first.Problems}; got != want {
		t.Fatalf("first call: %v, want %v", got, want)
	}
	st, second := Cached(tb, size)
	if got := [3]int{second.Units, second.Inspections, second.Problems}; got != want {
		t.Errorf("second call: %v, want %v", got, want)
	}
	if first.Root != second.Root || first.DistrictPath != second.DistrictPath || first.Bureau != second.Bureau {
		t.Errorf("the calls describe different records: %+v, %+v", first, second)
	}
	if tb.builds != 1 {
		t.Errorf("the record was built %d times, want once", tb.builds)
	}
	u, err := st.GetUnit(context.Background(), second.Bureau)
	if err != nil || u.Path != second.BureauPath {
		t.Errorf("bureau %d: %+v, %v", second.Bureau, u, err)
	}
}

// dropCached drops the database in which Cached keeps the record of size on
// the server at admin.
func dropCached(admin string, size demo.Size) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("DROP DATABASE IF EXISTS " + cacheDatabase(cacheKey(size.Resolved())) + " WITH (FORCE)")
	return err
}

func TestCached(t *testing.T) {
	size := demo.Size{Units: 6, Inspections: 5, Problems: 60, Today: rectify.MustDate("2026-11-20"), Seed: 3}

	t.Run("a file named by RECTIFY_BENCH_DB", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bench.db")
		t.Setenv(EnvBenchDB, path)
		cachedTwice(t, size)
	})

	t.Run("the cache folder", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv(EnvBenchDB, "")
		t.Setenv(envTestPostgres, "")
		t.Setenv("XDG_CACHE_HOME", dir)
		t.Setenv("HOME", dir)
		path := filepath.Join(dir, "rectify", "bench-"+cacheKey(size.Resolved())+".db")
		cachedTwice(t, size)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("no record kept in the cache folder: %v", err)
		}

		// A kept file that holds another record is built again.
		other := size
		other.Problems++
		otherPath := filepath.Join(dir, "rectify", "bench-"+cacheKey(other.Resolved())+".db")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(otherPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, gen := Cached(t, other); gen.Problems != other.Problems {
			t.Errorf("a stale file gave %d problems, want %d", gen.Problems, other.Problems)
		}
	})

	t.Run("a database on the test server", func(t *testing.T) {
		admin := os.Getenv(testdb.EnvPostgres)
		if admin == "" {
			t.Skip("no PostgreSQL server named by " + testdb.EnvPostgres)
		}
		t.Setenv(EnvBenchDB, "")
		size := size
		size.Seed = uint64(time.Now().UnixNano()) // a database of this test's own
		t.Cleanup(func() {
			if err := dropCached(admin, size); err != nil {
				t.Error(err)
			}
		})
		cachedTwice(t, size)
	})
}
