package web

import "github.com/rectify-dev/rectify/internal/httpx"

func (w *Web) ledgerImportRoutes() []httpx.Route { return nil }
