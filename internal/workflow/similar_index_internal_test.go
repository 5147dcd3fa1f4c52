package workflow

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
)

// A second analysis while one runs is refused with a message, before it
// reads anything.
func TestRebuildSimilarOneAtATime(t *testing.T) {
	rebuilding.Lock()
	defer rebuilding.Unlock()
	// A nil store: the refusal must come before any read.
	_, err := RebuildSimilar(context.Background(), nil, time.Now())
	var e *rectify.Error
	if !errors.As(err, &e) || e.Code != rectify.ECONFLICT || e.Message == "" {
		t.Fatalf("second analysis: got %v, want a conflict with a message", err)
	}
}
