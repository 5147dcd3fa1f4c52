package store_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// TestDrafts: a draft is its uploader's, of its kind, lives its TTL, a
// user keeps at most PerUser of a kind, all of a kind at most MaxBytes,
// and of two takes of one draft only one gets it.
func TestDrafts(t *testing.T) {
	s := open(t)
	ctx := rectify.AsSystem(context.Background())
	var users []int64
	for _, login := range []string{"a", "b", "c"} {
		u := &rectify.User{Login: login, Name: login, Role: rectify.RoleAdmin, PasswordHash: "x"}
		ok(t, s.CreateUser(ctx, u))
		users = append(users, u.ID)
	}
	ua, ub, uc := users[0], users[1], users[2]
	lim := store.DraftLimits{PerUser: 2, MaxBytes: 1000, TTL: 30 * time.Minute}
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	put := func(user int64, kind string, size int) *store.Draft {
		t.Helper()
		d := &store.Draft{UserID: user, Kind: kind, Name: "台账.xlsx", Data: bytes.Repeat([]byte{7}, size), Meta: []byte(`{"plan":"x"}`)}
		ok(t, s.PutDraft(ctx, d, lim, now))
		return d
	}
	gone := func(err error) bool { return errors.Is(err, store.ErrDraftGone) }

	a := put(ua, store.DraftLedger, 10)
	got, err := s.GetDraft(ctx, store.DraftLedger, ua, a.ID, now)
	ok(t, err)
	if got.Name != "台账.xlsx" || !bytes.Equal(got.Data, a.Data) || string(got.Meta) != `{"plan":"x"}` ||
		!got.Created.Equal(now) || !got.Expires.Equal(now.Add(30*time.Minute)) {
		t.Errorf("got %+v", got)
	}
	lookups := []struct {
		name string
		kind string
		user int64
		id   string
		at   time.Time
	}{
		{"someone else", store.DraftLedger, ub, a.ID, now},
		{"another kind", store.DraftNotice, ua, a.ID, now},
		{"no such draft", store.DraftLedger, ua, "0123", now},
		{"expired", store.DraftLedger, ua, a.ID, now.Add(30 * time.Minute)},
	}
	for _, tt := range lookups {
		if _, err := s.GetDraft(ctx, tt.kind, tt.user, tt.id, tt.at); !gone(err) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if _, err := s.TakeDraft(ctx, tt.kind, tt.user, tt.id, tt.at); !gone(err) {
			t.Errorf("%s: take: %v", tt.name, err)
		}
	}

	// A third ledger of the user replaces the oldest; a notice does not.
	now = now.Add(time.Minute)
	b := put(ua, store.DraftLedger, 10)
	n := put(ua, store.DraftNotice, 10)
	now = now.Add(time.Minute)
	c := put(ua, store.DraftLedger, 10)
	if _, err := s.GetDraft(ctx, store.DraftLedger, ua, a.ID, now); !gone(err) {
		t.Errorf("a third draft kept the oldest: %v", err)
	}
	for _, d := range []*store.Draft{b, n, c} {
		if _, err := s.GetDraft(ctx, d.Kind, ua, d.ID, now); err != nil {
			t.Errorf("draft %s: %v", d.Kind, err)
		}
	}

	// The kind's bytes: the oldest of anyone's go.
	big := put(ub, store.DraftLedger, 500)
	now = now.Add(time.Minute)
	put(uc, store.DraftLedger, 500)
	if _, err := s.GetDraft(ctx, store.DraftLedger, ub, big.ID, now); !gone(err) {
		t.Errorf("drafts over the limit kept: %v", err)
	}
	if n, err := s.DraftBytes(ctx, store.DraftLedger); err != nil || n > lim.MaxBytes {
		t.Errorf("ledger drafts hold %d bytes (%v)", n, err)
	}
	if err := s.PutDraft(ctx, &store.Draft{UserID: ua, Kind: store.DraftLedger, Data: make([]byte, 1001)}, lim, now); rectify.ErrorCode(err) != rectify.ETOOLARGE {
		t.Errorf("a draft over the limit on its own: %v", err)
	}

	// The meta changes; a take happens once, however many try at once.
	ok(t, s.SetDraftMeta(ctx, c.ID, []byte(`{"plan":"y"}`)))
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for range 4 {
		wg.Go(func() {
			d, err := s.TakeDraft(ctx, store.DraftLedger, ua, c.ID, now)
			if err == nil {
				mu.Lock()
				taken++
				mu.Unlock()
				if string(d.Meta) != `{"plan":"y"}` {
					t.Errorf("meta %s", d.Meta)
				}
			} else if !gone(err) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if taken != 1 {
		t.Errorf("taken %d times", taken)
	}
	// Put back with its ID and time, it is there again.
	c.Meta = nil
	ok(t, s.PutDraft(ctx, c, lim, now))
	if _, err := s.GetDraft(ctx, store.DraftLedger, ua, c.ID, now); err != nil {
		t.Errorf("put back: %v", err)
	}
	ok(t, s.DeleteDraft(ctx, c.ID))
	if _, err := s.GetDraft(ctx, store.DraftLedger, ua, c.ID, now); !gone(err) {
		t.Errorf("deleted: %v", err)
	}

	// Sweeping removes the expired only.
	swept, err := s.DeleteExpiredDrafts(ctx, now.Add(28*time.Minute))
	ok(t, err)
	if swept != 2 { // b and n, made 29 minutes before
		t.Errorf("swept %d", swept)
	}
}
