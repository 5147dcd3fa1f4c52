package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/store"
)

// BenchmarkImportSeed reads the seed notice, checks it and stores it in a
// SQLite file: the whole of `rectify import` but opening the database.
func BenchmarkImportSeed(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt"))
	if err != nil {
		b.Skip("the seed notice is not here")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := importer.Import(ctx, st, data, importer.Options{Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
