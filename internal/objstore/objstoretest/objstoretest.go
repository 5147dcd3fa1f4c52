// Package objstoretest is test support only: it hands a test an object
// store of its own, a fresh prefix in the bucket of the S3-compatible
// server that RECTIFY_TEST_S3 names, or skips the test without one.
package objstoretest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/rectify-dev/rectify/internal/objstore"
)

// EnvS3 names the environment variable holding the address of an
// S3-compatible server for tests, as `rectify serve --evidence` takes it:
// s3://BUCKET?endpoint=127.0.0.1:PORT&secure=false, the keys in
// RECTIFY_S3_ACCESS_KEY and RECTIFY_S3_SECRET_KEY. The bucket is created
// when missing.
const EnvS3 = "RECTIFY_TEST_S3"

// EnvRequire, set to 1, makes a test fail instead of skipping when EnvS3
// is not set (CI sets it, having started a server).
const EnvRequire = "RECTIFY_REQUIRE_S3"

// Config returns the configuration of a fresh, empty place for t: a
// prefix of its own in the test bucket. It skips t when no server is
// named (fails it under RECTIFY_REQUIRE_S3=1).
func Config(t testing.TB) objstore.Config {
	t.Helper()
	raw := os.Getenv(EnvS3)
	if raw == "" {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("objstoretest: %s is not set, and %s=1 requires an S3-compatible server", EnvS3, EnvRequire)
		}
		t.Skipf("objstoretest: no S3-compatible server (set %s)", EnvS3)
	}
	cfg, err := objstore.ParseURL(raw, os.Getenv)
	if err != nil {
		t.Fatalf("objstoretest: %s: %v", EnvS3, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	if cfg.Prefix != "" {
		cfg.Prefix += "/"
	}
	cfg.Prefix += "test-" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := objstore.MakeBucket(ctx, cfg); err != nil {
		t.Fatalf("objstoretest: %v", err)
	}
	return cfg
}

// Open returns a store on a fresh place for t (see Config); the objects
// it holds are removed when t ends.
func Open(t testing.TB) *objstore.Store {
	t.Helper()
	cfg := Config(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := objstore.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("objstoretest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var sums []string
		if err := s.List(ctx, func(sum string, _ int64, _ time.Time) error {
			sums = append(sums, sum)
			return nil
		}); err != nil {
			t.Errorf("objstoretest: clean up: %v", err)
			return
		}
		for _, sum := range sums {
			if err := s.Delete(ctx, sum); err != nil {
				t.Errorf("objstoretest: clean up: %v", err)
			}
		}
	})
	return s
}

// Count returns how many objects s holds, by listing them.
func Count(t testing.TB, s *objstore.Store) int {
	t.Helper()
	n := 0
	err := s.List(context.Background(), func(string, int64, time.Time) error { n++; return nil })
	if err != nil {
		t.Fatalf("objstoretest: list: %v", err)
	}
	return n
}
