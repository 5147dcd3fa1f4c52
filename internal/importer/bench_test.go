package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// BenchmarkImportSeed reads the seed notice, checks it and stores it in a
// SQLite file: the whole of `rectify import` but opening the database.
func BenchmarkImportSeed(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt"))
	if err != nil {
		b.Skip("the seed notice is not here")
	}
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	flow := workflow.New(st)
	admin := &rectify.User{Login: "bench", Name: "bench", Role: rectify.RoleAdmin}
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		// A new unit each round: the same notice into the same unit is
		// refused as a copy.
		u := &rectify.Unit{Name: "bench-" + strconv.Itoa(n)}
		n++
		if err := st.CreateUnit(ctx, u); err != nil {
			b.Fatal(err)
		}
		if _, err := importer.Import(ctx, flow, admin, data, importer.Options{UnitID: u.ID, Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
