package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

var policy = store.ClaimPolicy{MaxAttempts: 3, Lease: 10 * time.Minute}

func key(kind string, item int64, to, day string) store.ReminderKey {
	return store.ReminderKey{Kind: kind, ItemID: item, Recipient: to, Day: d(day)}
}

func TestClaimReminders(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := testdb.Open(t)
	now := time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }

	a := key("due", 1, "user:7", "2024-03-01")
	b := key("due", 2, "user:7", "2024-03-01")
	c := key("escalation", 1, "user:7", "2024-03-01")
	nextDay := key("due", 1, "user:7", "2024-03-02")

	steps := []struct {
		name string
		run  func() ([]store.ReminderKey, error)
		want []store.ReminderKey
	}{
		{"a first claim takes every key, once each",
			func() ([]store.ReminderKey, error) {
				return s.ClaimReminders(ctx, []store.ReminderKey{b, a, c, a}, "p1", policy)
			}, []store.ReminderKey{a, b, c}},
		{"a second process gets nothing while they are being sent",
			func() ([]store.ReminderKey, error) {
				return s.ClaimReminders(ctx, []store.ReminderKey{a, b, c}, "p2", policy)
			}, nil},
		{"a sent and a failed reminder: only the failed one is claimed again",
			func() ([]store.ReminderKey, error) {
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{a, c}, "p1", ""))
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{b}, "p1", "550 mailbox unavailable"))
				return s.ClaimReminders(ctx, []store.ReminderKey{a, b, c}, "p2", policy)
			}, []store.ReminderKey{b}},
		{"the next day is another reminder",
			func() ([]store.ReminderKey, error) {
				return s.ClaimReminders(ctx, []store.ReminderKey{nextDay}, "p2", policy)
			},
			[]store.ReminderKey{nextDay}},
		{"failed three times: given up for the day",
			func() ([]store.ReminderKey, error) {
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{b}, "p2", "timeout"))
				got, err := s.ClaimReminders(ctx, []store.ReminderKey{b}, "p3", policy)
				if err != nil || len(got) != 1 {
					return got, fmt.Errorf("third attempt: %v %v", got, err)
				}
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{b}, "p3", "timeout"))
				return s.ClaimReminders(ctx, []store.ReminderKey{b}, "p4", policy)
			}, nil},
		{"a claim whose process died is taken over after the lease",
			func() ([]store.ReminderKey, error) {
				now = now.Add(policy.Lease - time.Second)
				if got, err := s.ClaimReminders(ctx, []store.ReminderKey{nextDay}, "p5", policy); err != nil || len(got) != 0 {
					return got, fmt.Errorf("taken over before the lease ran out: %v %v", got, err)
				}
				now = now.Add(2 * time.Second)
				return s.ClaimReminders(ctx, []store.ReminderKey{nextDay}, "p5", policy)
			}, []store.ReminderKey{nextDay}},
		{"the late outcome of the dead claim is ignored",
			func() ([]store.ReminderKey, error) {
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{nextDay}, "p2", "too late"))
				ok(t, s.FinishReminders(ctx, []store.ReminderKey{nextDay}, "p5", ""))
				return s.ClaimReminders(ctx, []store.ReminderKey{nextDay}, "p6", policy)
			}, nil},
	}
	for _, st := range steps {
		got, err := st.run()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(st.want) {
			t.Fatalf("%s: claimed %v, want %v", st.name, got, st.want)
		}
	}

	list, err := s.ListReminders(ctx, d("2024-03-01"))
	ok(t, err)
	want := []string{
		"due 1 user:7 sent 1 p1 ",
		"due 2 user:7 failed 3 p3 timeout",
		"escalation 1 user:7 sent 1 p1 ",
	}
	if len(list) != len(want) {
		t.Fatalf("reminders of the day: %d, want %d", len(list), len(want))
	}
	for i, r := range list {
		got := fmt.Sprintf("%s %d %s %s %d %s %s", r.Kind, r.ItemID, r.Recipient, r.State, r.Attempts, r.ClaimedBy, r.Error)
		if got != want[i] || r.Day != d("2024-03-01") || r.ClaimedAt.IsZero() || r.Finished.IsZero() {
			t.Errorf("reminder %d: %s (day %s, claimed %v, finished %v), want %s", i, got, r.Day, r.ClaimedAt, r.Finished, want[i])
		}
	}
	next, err := s.ListReminders(ctx, d("2024-03-02"))
	ok(t, err)
	if len(next) != 1 || next[0].ClaimedBy != "p5" || next[0].State != store.ReminderSent || next[0].Attempts != 2 {
		t.Errorf("the next day's reminder: %+v", next)
	}

	n, err := s.DeleteRemindersBefore(ctx, d("2024-03-02"))
	ok(t, err)
	if n != 3 {
		t.Errorf("deleted %d old reminders, want 3", n)
	}

	for _, bad := range []store.ReminderKey{
		{Kind: "", ItemID: 1, Recipient: "user:1", Day: d("2024-03-01")},
		{Kind: "due", ItemID: 0, Recipient: "user:1", Day: d("2024-03-01")},
		{Kind: "due", ItemID: 1, Recipient: "", Day: d("2024-03-01")},
		{Kind: "due", ItemID: 1, Recipient: "user:1"},
	} {
		_, err := s.ClaimReminders(ctx, []store.ReminderKey{bad}, "p", policy)
		wantCode(t, err, rectify.EINVALID)
	}
}

// TestClaimRemindersRace claims the same keys from several stores on one
// database at once: every key goes to exactly one of them.
func TestClaimRemindersRace(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	const stores, items, recipients = 4, 30, 3
	ss := make([]*store.Store, stores)
	for i := range ss {
		s, err := store.Open(ctx, dsn)
		ok(t, err)
		t.Cleanup(func() { s.Close() })
		ss[i] = s
	}
	var keys []store.ReminderKey
	for item := int64(1); item <= items; item++ {
		for r := range recipients {
			keys = append(keys, key("due", item, fmt.Sprintf("user:%d", r+1), "2024-03-01"))
		}
	}
	var mu sync.Mutex
	owner := map[store.ReminderKey]string{}
	var wg sync.WaitGroup
	errs := make(chan error, stores*items)
	for i, s := range ss {
		wg.Go(func() {
			by := fmt.Sprintf("p%d", i)
			// Each process claims digest by digest (a recipient's items),
			// in its own order, as reminder runs do.
			for r := range recipients {
				r = (r + i) % recipients
				var digest []store.ReminderKey
				for _, k := range keys {
					if k.Recipient == fmt.Sprintf("user:%d", r+1) {
						digest = append(digest, k)
					}
				}
				got, err := s.ClaimReminders(ctx, digest, by, policy)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, k := range got {
					if prev, dup := owner[k]; dup {
						errs <- fmt.Errorf("%v claimed by %s and %s", k, prev, by)
					}
					owner[k] = by
				}
				mu.Unlock()
				if err := s.FinishReminders(ctx, got, by, ""); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(owner) != len(keys) {
		t.Errorf("%d of %d keys claimed", len(owner), len(keys))
	}
	list, err := ss[0].ListReminders(ctx, d("2024-03-01"))
	ok(t, err)
	for _, r := range list {
		if r.State != store.ReminderSent || r.Attempts != 1 || r.ClaimedBy != owner[r.ReminderKey] {
			t.Errorf("reminder %+v, claimed by %s", r, owner[r.ReminderKey])
		}
	}
}

func TestGetProblems(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	water, transport := waterInspection(c.water.ID), transportInspection(c.transport.ID)
	ok(t, s.CreateInspection(ctx, water))
	ok(t, s.CreateInspection(ctx, transport))
	wp, tp := water.Problems(), transport.Problems()
	ids := []int64{tp[1].ID, wp[0].ID, 99999, wp[1].ID, tp[1].ID}
	got, err := s.GetProblems(ctx, ids)
	ok(t, err)
	if fmt.Sprint(titles(got)) != fmt.Sprint([]string{tp[1].Title, wp[0].Title, wp[1].Title}) {
		t.Fatalf("got %v", titles(got))
	}
	for _, p := range got {
		one, err := s.GetProblem(ctx, p.ID)
		ok(t, err)
		same(t, "problem "+p.Title, p, one)
	}
	if none, err := s.GetProblems(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("no IDs: %v %v", none, err)
	}
}
