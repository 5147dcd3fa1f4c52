package server

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify/internal/store"
)

// TestHeadsReaderShares wants requests that arrive while the heads are
// being read to share the next read, never the one under way: each gets
// heads read after it arrived.
func TestHeadsReaderShares(t *testing.T) {
	started := make(chan int64, 8) // the number of each read as it starts
	release := make(chan struct{}, 8)
	var mu sync.Mutex
	reads := int64(0)
	hr := &headsReader{read: func(ctx context.Context) (store.Heads, error) {
		mu.Lock()
		reads++
		n := reads
		mu.Unlock()
		started <- n
		<-release
		return store.Heads{Generation: n}, nil
	}}
	ctx := context.Background()
	type answer struct {
		who string
		gen int64
	}
	answers := make(chan answer, 8)
	ask := func(who string) {
		h, err := hr.get(ctx)
		if err != nil {
			t.Errorf("%s: %v", who, err)
		}
		answers <- answer{who, h.Generation}
	}

	go ask("first")
	if n := <-started; n != 1 {
		t.Fatalf("read %d started, want 1", n)
	}
	// Two arrive while the first read is under way.
	var wg sync.WaitGroup
	for _, who := range []string{"second", "third"} {
		wg.Add(1)
		go func() { defer wg.Done(); ask(who) }()
	}
	waitWaiting(t, hr, 2)
	release <- struct{}{}
	if a := <-answers; a.who != "first" || a.gen != 1 {
		t.Errorf("%s got the heads of read %d, want first, 1", a.who, a.gen)
	}
	if n := <-started; n != 2 {
		t.Fatalf("read %d started, want 2", n)
	}
	release <- struct{}{}
	wg.Wait()
	for range 2 {
		if a := <-answers; a.gen != 2 {
			t.Errorf("%s got the heads of read %d, want 2: it arrived during read 1", a.who, a.gen)
		}
	}
	if reads != 2 {
		t.Errorf("%d reads for three requests, want 2", reads)
	}

	// Nobody reading: a request reads at once, alone.
	go ask("later")
	if n := <-started; n != 3 {
		t.Fatalf("read %d started, want 3", n)
	}
	release <- struct{}{}
	if a := <-answers; a.gen != 3 {
		t.Errorf("%s got the heads of read %d, want 3", a.who, a.gen)
	}
}

// waitWaiting waits until n requests wait for the next read.
func waitWaiting(t *testing.T, hr *headsReader, n int) {
	t.Helper()
	for range 10000 {
		hr.mu.Lock()
		waiting := hr.next != nil && hr.next.waiting == n
		hr.mu.Unlock()
		if waiting {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%d requests do not wait for the next read", n)
}

// TestHeadsReaderGivesUp wants a request whose context ends while it waits
// to get its context's error, and a failed read to reach every request
// waiting for it.
func TestHeadsReaderGivesUp(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 2)
	failure := errors.New("database unavailable")
	hr := &headsReader{read: func(ctx context.Context) (store.Heads, error) {
		started <- struct{}{}
		<-release
		return store.Heads{}, failure
	}}
	first := make(chan error, 1)
	go func() { _, err := hr.get(context.Background()); first <- err }()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := hr.get(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a request gone while waiting: %v", err)
	}
	close(release)
	if err := <-first; !errors.Is(err, failure) {
		t.Errorf("the reading request: %v, want the read's error", err)
	}
}

// TestUnitPathCache wants a path kept only for the heads it was read at.
func TestUnitPathCache(t *testing.T) {
	var c unitPathCache
	at := store.Heads{Generation: 7, Accounts: 3}
	c.put(at, store.KindProblem, 42, "/1/5/")
	tests := []struct {
		name  string
		heads store.Heads
		kind  string
		id    int64
		want  string
		found bool
	}{
		{"same heads", at, store.KindProblem, 42, "/1/5/", true},
		{"another record", at, store.KindProblem, 43, "", false},
		{"another kind", at, store.KindMeasure, 42, "", false},
		{"a change to the record", store.Heads{Generation: 8, Accounts: 3}, store.KindProblem, 42, "", false},
		{"a change to the accounts", store.Heads{Generation: 7, Accounts: 4}, store.KindProblem, 42, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := c.get(tt.heads, tt.kind, tt.id)
			if got != tt.want || found != tt.found {
				t.Errorf("%q, %v; want %q, %v", got, found, tt.want, tt.found)
			}
		})
	}
	// Read at other heads, a path forgets the others.
	next := store.Heads{Generation: 8, Accounts: 3}
	c.put(next, store.KindProblem, 43, "/1/6/")
	if _, found := c.get(at, store.KindProblem, 42); found {
		t.Error("a path of earlier heads is still kept")
	}
	if got, _ := c.get(next, store.KindProblem, 43); got != "/1/6/" {
		t.Errorf("the path read at the new heads: %q", got)
	}
}
