package web

import (
	"context"
	"github.com/rectify-dev/rectify/internal/httpx"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// recheckStore is what the pages of look-backs read.
type recheckStore interface {
	ListRechecksIn(ctx context.Context, f store.RecheckFilter) ([]store.RecheckRow, error)
	GetRecheck(ctx context.Context, id int64) (*rectify.Recheck, error)
	ListRechecks(ctx context.Context, problemID int64) ([]*rectify.Recheck, error)
}

func (w *Web) recheckRoutes() []httpx.Route { return nil }
