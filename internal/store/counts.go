package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// countCache keeps what the lists count (their totals up to CountExact,
// the samples of their estimates, the inspections of a scope, how common a
// searched word is) for as long as the record stays as it was: the key is
// the count's SQL and arguments, and every entry goes when the audit log's
// head (Heads.Generation, read at the start of the request) moves, so a
// change made on any server is counted at the next request. A count read
// after a change that began after the request read the heads is newer, not
// staler, than the heads say. At most maxCachedCounts are kept.
type countCache struct {
	mu  sync.Mutex
	gen int64
	m   map[string][]any
}

// maxCachedCounts bounds the counts kept between two changes.
const maxCachedCounts = 1024

// maxCachedCountKey bounds the SQL and arguments of a count kept (a
// scope's list of inspections, a search's words).
const maxCachedCountKey = 16 << 10

func (cc *countCache) get(gen int64, key string) ([]any, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.gen != gen {
		return nil, false
	}
	v, ok := cc.m[key]
	return v, ok
}

func (cc *countCache) put(gen int64, key string, vals []any) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	switch {
	case gen < cc.gen:
		return // read at heads since passed
	case gen > cc.gen || cc.m == nil || len(cc.m) >= maxCachedCounts:
		cc.gen, cc.m = gen, map[string][]any{}
	}
	cc.m[key] = vals
}

// countRow runs query, a count of one row, into dest (pointers to ints,
// strings and the like), or gives the values kept from the same count at
// the same heads (countCache). Without heads in ctx, or off the reading
// pool, it runs the query.
func (c conn) countRow(ctx context.Context, query string, args []any, dest ...any) error {
	h := headsOf(ctx)
	if c.counts == nil || h == nil {
		return c.queryRow(ctx, query, args...).Scan(dest...)
	}
	var b strings.Builder
	b.WriteString(query)
	for _, a := range args {
		if l, ok := a.(lit); ok {
			a = l.v
		}
		fmt.Fprintf(&b, "\x00%T:%v", a, a)
	}
	key := b.String()
	if vals, ok := c.counts.get(h.Generation, key); ok && len(vals) == len(dest) {
		for i, d := range dest {
			reflect.ValueOf(d).Elem().Set(reflect.ValueOf(vals[i]))
		}
		return nil
	}
	if err := c.queryRow(ctx, query, args...).Scan(dest...); err != nil {
		return err
	}
	if len(key) > maxCachedCountKey {
		return nil
	}
	vals := make([]any, len(dest))
	for i, d := range dest {
		vals[i] = reflect.ValueOf(d).Elem().Interface()
	}
	c.counts.put(h.Generation, key, vals)
	return nil
}
