package jobs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rectify-dev/rectify/internal/store"
)

// Backups are the copies of the database that the server makes by itself
// (rectify serve --backup-dir): every Every into Dir, keeping the newest
// Keep. Each copy is named rectify-YYYYMMDD-HHMMSS.backup by the time it
// was made in the scheduler's zone, so that the names sort by age.
type Backups struct {
	Dir   string
	Every time.Duration // 24 hours when zero
	Keep  int           // 7 when zero
}

const backupPrefix, backupSuffix = "rectify-", ".backup"

// Run makes one copy at now into b.Dir and removes the oldest beyond
// b.Keep. It returns the path of the new copy.
func (b Backups) Run(ctx context.Context, st *store.Store, now time.Time) (string, error) {
	keep := b.Keep
	if keep <= 0 {
		keep = 7
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return "", fmt.Errorf("jobs: backup: %w", err)
	}
	path := filepath.Join(b.Dir, backupPrefix+now.Format("20060102-150405")+backupSuffix)
	if _, err := st.Backup(ctx, path); err != nil {
		return "", fmt.Errorf("jobs: backup: %w", err)
	}
	entries, err := os.ReadDir(b.Dir)
	if err != nil {
		return path, fmt.Errorf("jobs: backup: %w", err)
	}
	var copies []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			copies = append(copies, n)
		}
	}
	slices.Sort(copies)
	for _, old := range copies[:max(0, len(copies)-keep)] {
		if err := os.Remove(filepath.Join(b.Dir, old)); err != nil {
			return path, fmt.Errorf("jobs: backup: %w", err)
		}
	}
	return path, nil
}
