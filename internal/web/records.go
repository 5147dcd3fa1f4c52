package web

import (
	"context"
	"github.com/rectify-dev/rectify/internal/httpx"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// recordStore is what the pages of accountability and rules read.
type recordStore interface {
	ListRules(ctx context.Context, f store.RecordFilter) ([]*rectify.Rule, error)
	ListAccountability(ctx context.Context, f store.RecordFilter) ([]*rectify.Accountability, error)
	Indicators(ctx context.Context, f store.IndicatorFilter, asOf rectify.Date) (map[int64]rectify.Indicators, rectify.Indicators, error)
}

func (w *Web) recordRoutes() []httpx.Route { return nil }
