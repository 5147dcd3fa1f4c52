package web

import (
	"context"
	"github.com/rectify-dev/rectify/internal/httpx"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// inboxStore is what the inbox of public opinions reads.
type inboxStore interface {
	GetComment(ctx context.Context, id int64) (*rectify.PublicComment, error)
	ListComments(ctx context.Context, f store.CommentFilter) ([]*rectify.PublicComment, int, error)
	CountComments(ctx context.Context, f store.CommentFilter) (map[rectify.CommentState]int, error)
	ListInspections(ctx context.Context, f store.InspectionFilter) ([]*rectify.Inspection, error)
	ListProblems(ctx context.Context, f store.ProblemFilter) ([]*rectify.Problem, int, error)
	GetProblem(ctx context.Context, id int64) (*rectify.Problem, error)
}

func (w *Web) inboxRoutes() []httpx.Route { return nil }
