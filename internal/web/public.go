package web

import (
	"context"

	"github.com/rectify-dev/rectify"
)

// publicStore is what the public pages read and write.
type publicStore interface {
	ListPublished(ctx context.Context, unitID int64) ([]*rectify.Inspection, error)
	ListPublicReplies(ctx context.Context, inspectionID int64) ([]*rectify.PublicComment, error)
	GetInspection(ctx context.Context, id int64) (*rectify.Inspection, error)
	LoadInspection(ctx context.Context, id int64) (*rectify.Inspection, error)
	UpdateInspection(ctx context.Context, in *rectify.Inspection) error
	CreateComment(ctx context.Context, pc *rectify.PublicComment) error
}
