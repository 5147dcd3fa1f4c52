package web

import (
	"context"
	"github.com/rectify-dev/rectify/internal/httpx"

	"github.com/rectify-dev/rectify/internal/store"
)

// settingStore is what the settings page reads (changes go through the
// workflow).
type settingStore interface {
	Settings(ctx context.Context, unitIDs []int64) ([]store.Setting, error)
}

func (w *Web) settingRoutes() []httpx.Route { return nil }
