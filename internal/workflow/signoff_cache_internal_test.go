package workflow

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// feedAt is a change feed whose head is first seq (as a request carried
// it from its start), then now (as read afresh), with no entries.
type feedAt struct {
	seq, now int64
	reads    int
}

func (f *feedAt) Generation(ctx context.Context) (int64, error) {
	f.reads++
	if f.reads == 1 {
		return f.seq, nil
	}
	return f.now, nil
}

func (f *feedAt) Touched(ctx context.Context, afterSeq, toSeq int64, limit int) ([]store.Touch, error) {
	return nil, nil
}

// TestSignOffCacheOlderHead syncs the cache of views with a head older
// than the one it is at: a head read at the start of a request, before
// another request synced the cache further, keeps the views; a record
// restored to an earlier state forgets them.
func TestSignOffCacheOlderHead(t *testing.T) {
	day := rectify.NewDate(2024, 3, 1)
	tests := []struct {
		name     string
		feed     *feedAt
		wantSeq  int64
		wantKept bool
	}{
		{"read before another request's", &feedAt{seq: 8, now: 10}, 10, true},
		{"read before a change", &feedAt{seq: 8, now: 11}, 10, true},
		{"a record restored", &feedAt{seq: 8, now: 8}, 8, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newSignOffCache(1 << 20)
			if _, err := c.sync(context.Background(), &feedAt{seq: 10, now: 10}); err != nil {
				t.Fatal(err)
			}
			c.put(&signOffEntry{id: 7, day: day, head: []byte(`{"next":`)}, 10)
			seq, err := c.sync(context.Background(), tt.feed)
			if err != nil {
				t.Fatal(err)
			}
			if kept := c.get(7, day) != nil; seq != tt.wantSeq || kept != tt.wantKept {
				t.Errorf("synced at %d, view kept %v; want %d, %v", seq, kept, tt.wantSeq, tt.wantKept)
			}
		})
	}
}
