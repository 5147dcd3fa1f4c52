package server

import (
	"context"
	"sync"

	"github.com/rectify-dev/rectify/internal/store"
)

// The heads of the record (store.Heads) are read once by every signed-in
// request that reads, before anything they guard. Requests that arrive
// together share one read: a read serves the requests that were waiting
// when it started, so what each gets was read after it arrived, and a
// change committed before a request arrived, on any server, is seen by
// it. One read is under way at a time; the requests that arrive meanwhile
// wait for the next, which starts when it ends.

// headsReader shares the reads of the heads among the requests waiting
// for one. It is safe for concurrent use.
type headsReader struct {
	read func(ctx context.Context) (store.Heads, error)

	mu      sync.Mutex
	reading bool        // a read is under way
	next    *headsBatch // the requests waiting for the next read, or nil
}

// headsBatch is one read of the heads and the requests waiting for it.
type headsBatch struct {
	done    chan struct{} // closed when heads and err are set
	waiting int           // the requests waiting for it
	heads   store.Heads
	err     error
}

// get returns the heads as read after the call began. It returns the
// error of the read, or ctx's when ctx ends first.
func (hr *headsReader) get(ctx context.Context) (store.Heads, error) {
	hr.mu.Lock()
	if !hr.reading {
		// Nobody reads: read at once.
		hr.reading = true
		hr.mu.Unlock()
		b := &headsBatch{done: make(chan struct{})}
		hr.run(ctx, b)
		return b.heads, b.err
	}
	b := hr.next
	if b == nil {
		b = &headsBatch{done: make(chan struct{})}
		hr.next = b
	}
	b.waiting++
	hr.mu.Unlock()
	select {
	case <-b.done:
		return b.heads, b.err
	case <-ctx.Done():
		return store.Heads{}, ctx.Err()
	}
}

// run reads the heads for b, then hands the batch that gathered meanwhile,
// if any, to a reader of its own.
func (hr *headsReader) run(ctx context.Context, b *headsBatch) {
	// The read serves the others waiting too: it does not end with the
	// request that makes it.
	b.heads, b.err = hr.read(context.WithoutCancel(ctx))
	close(b.done)
	hr.mu.Lock()
	next := hr.next
	hr.next = nil
	if next == nil {
		hr.reading = false
	}
	hr.mu.Unlock()
	if next != nil {
		go hr.run(ctx, next)
	}
}

// unitPathCache keeps the paths of the units of records (UnitPathOf) as
// read at one pair of heads: a unit moved, a record given to another unit,
// an account's unit changed all move the heads (the audit log's head or
// the accounts' version), so a path read after the heads were is current
// for as long as they stay. Heads other than the kept ones forget every
// path. It is safe for concurrent use.
type unitPathCache struct {
	mu    sync.Mutex
	heads store.Heads
	paths map[unitPathKey]string
}

type unitPathKey struct {
	kind string
	id   int64
}

// maxUnitPaths bounds the paths kept: past it, all are forgotten.
const maxUnitPaths = 1 << 16

// get returns the path of the unit of the record of kind with id as kept
// at heads h.
func (c *unitPathCache) get(h store.Heads, kind string, id int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paths == nil || c.heads != h {
		return "", false
	}
	p, ok := c.paths[unitPathKey{kind, id}]
	return p, ok
}

// put keeps path, read after the heads h were, for the record of kind with
// id.
func (c *unitPathCache) put(h store.Heads, kind string, id int64, path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paths == nil || c.heads != h || len(c.paths) >= maxUnitPaths {
		c.heads, c.paths = h, map[unitPathKey]string{}
	}
	c.paths[unitPathKey{kind, id}] = path
}
