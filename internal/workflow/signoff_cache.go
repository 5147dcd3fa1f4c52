package workflow

import (
	"bytes"
	lru "container/list"
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// SignOffJSON returns SignOffView's answer encoded as JSON, with every list
// of the view's own ([]) where it has none, as the API serves a single
// problem. It returns what SignOffView returns on failure.
//
// Reading a view takes a dozen queries; the answers of recently read
// problems are kept, as of the day, in a cache bounded in bytes
// (signOffCacheBytes), and checked against the record at every request:
// every change appends to the audit log in its own transaction, whichever
// server makes it, so the log's head (store.Generation, one indexed read)
// says whether anything changed, and the entries after the head the cache
// has seen name the problems a change touched. A change to a problem's
// rows (its measures, history, progress, evidence, figures, look-backs)
// drops that problem's answer; a change to a unit, an inspection or a
// setting drops them all. Only the statuses the caller may move to
// ("next") depend on who asks: they are added at every request, after the
// scope check. Stores without a log (test doubles) are read every time.
func (s *Service) SignOffJSON(ctx context.Context, problemID int64) ([]byte, error) {
	head, tail, err := s.SignOffJSONParts(ctx, problemID)
	if err != nil {
		return nil, err
	}
	return append(append(make([]byte, 0, len(head)+len(tail)), head...), tail...), nil
}

// SignOffJSONParts returns SignOffJSON's answer in two parts to be sent
// one after the other, without copying the kept answer: head is shared
// and must not be changed. It returns what SignOffView returns on failure.
func (s *Service) SignOffJSONParts(ctx context.Context, problemID int64) (head, tail []byte, err error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, nil, wrap("sign-off view", err)
	}
	feed, ok := s.Store.(changeFeed)
	if !ok {
		v, err := s.SignOffView(ctx, problemID)
		if err != nil {
			return nil, nil, err
		}
		b, err := encodeSignOff(v)
		return b, nil, err
	}
	c := s.signOffCache()
	seq, err := c.sync(ctx, feed)
	if err != nil {
		return nil, nil, wrap("sign-off view", err)
	}
	today := s.today()
	e := c.get(problemID, today)
	if e == nil {
		v, err := s.signOffView(ctx, problemID, today)
		if err != nil {
			return nil, nil, err
		}
		if e, err = newSignOffEntry(problemID, today, v); err != nil {
			return nil, nil, wrap("sign-off view", err)
		}
		c.put(e, seq)
	}
	if err := inScope(u, e.unit); err != nil {
		return nil, nil, wrap("sign-off view", err)
	}
	tail, err = c.tail(e.status, u)
	if err != nil {
		return nil, nil, wrap("sign-off view", err)
	}
	return e.head, tail, nil
}

// encodeSignOff returns v as JSON with its lists never null.
func encodeSignOff(v *SignOff) ([]byte, error) {
	w := *v
	w.Next = nonNilSlice(w.Next)
	w.Flags = nonNilSlice(w.Flags)
	w.OpenMeasures = nonNilSlice(w.OpenMeasures)
	w.Progress = nonNilSlice(w.Progress)
	w.Rechecks = nonNilSlice(w.Rechecks)
	return json.Marshal(&w)
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// changeFeed is what the cache of views follows the record by;
// *store.Store provides it.
type changeFeed interface {
	Generation(ctx context.Context) (int64, error)
	Touched(ctx context.Context, afterSeq, toSeq int64, limit int) ([]store.Touch, error)
}

// signOffCacheBytes bounds the answers kept by one service: at a few
// kilobytes a problem, some thousands of problems, whatever the record
// holds.
const signOffCacheBytes = 16 << 20

// maxTouches is how many entries of the log the cache reads to catch up;
// past that (a large import, a restore) it forgets everything instead.
const maxTouches = 1000

// signOffCache returns the service's cache of views, made on first use.
func (s *Service) signOffCache() *signOffCache {
	s.viewsOnce.Do(func() { s.views = newSignOffCache(signOffCacheBytes) })
	return s.views
}

// signOffCache keeps the JSON of views by problem, valid at the generation
// seq, the least recently used dropped past max bytes. It is safe for
// concurrent use.
type signOffCache struct {
	mu     sync.Mutex
	seq    int64 // the generation the entries are valid at
	synced bool
	max    int
	size   int
	order  *lru.List // of *signOffEntry, the most recently used first
	byID   map[int64]*lru.Element
	// tails are the ends of answers by status and actor (a few dozen).
	tails sync.Map
}

// signOffEntry is the view of one problem as of a day, without "next".
type signOffEntry struct {
	id     int64
	day    rectify.Date
	unit   *rectify.Unit
	status rectify.Status
	// head is the view's JSON up to the value of "next": `{…,"next":`.
	head []byte
}

func newSignOffCache(max int) *signOffCache {
	return &signOffCache{max: max, order: lru.New(), byID: map[int64]*lru.Element{}}
}

// newSignOffEntry encodes v, the view of the problem id as of today.
func newSignOffEntry(id int64, today rectify.Date, v *SignOff) (*signOffEntry, error) {
	w := *v
	w.Next = []rectify.Status{}
	b, err := encodeSignOff(&w)
	if err != nil {
		return nil, err
	}
	// "next" is the last field: the answer ends with `"next":[]}`.
	head, ok := bytes.CutSuffix(b, []byte(`[]}`))
	if !ok || !bytes.HasSuffix(head, []byte(`"next":`)) {
		return nil, errSignOffShape
	}
	return &signOffEntry{id: id, day: today, unit: v.Unit, status: v.Problem.Status, head: head}, nil
}

var errSignOffShape = errors.New(`"next" is not the last field of the view`)

// tail returns the end of the answer for u of a problem in status: the
// statuses u may move it to and the closing brace. It depends on the
// status and on who asks alone, and is made once for each. The caller
// must not change it.
func (c *signOffCache) tail(status rectify.Status, u *rectify.User) ([]byte, error) {
	var by rectify.Actor // a viewer moves nothing
	if u.Role != rectify.RoleViewer {
		by = u.Actor()
	}
	key := tailKey{status, by}
	if b, ok := c.tails.Load(key); ok {
		return b.([]byte), nil
	}
	next := []rectify.Status{}
	if by != "" {
		next = nonNilSlice(rectify.NextStatuses(status, by))
	}
	b, err := json.Marshal(next)
	if err != nil {
		return nil, err
	}
	b = append(b, '}')
	c.tails.Store(key, b)
	return b, nil
}

// tailKey is what the end of an answer depends on.
type tailKey struct {
	status rectify.Status
	by     rectify.Actor
}

// sync brings the cache to the record's generation, dropping the views
// that changed since the last sync, and returns the generation. A view
// read after sync returned seq is put under seq.
func (c *signOffCache) sync(ctx context.Context, feed changeFeed) (int64, error) {
	seq, err := feed.Generation(ctx)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.synced && seq < c.seq {
		// A head read at the start of this request (store.WithHeads),
		// before another request's, or a record restored to an earlier
		// state: the head as it is now tells.
		now, err := feed.Generation(store.WithoutHeads(ctx))
		if err != nil {
			return 0, err
		}
		if now >= c.seq {
			return c.seq, nil
		}
		c.clear()
		c.seq = now
		return now, nil
	}
	switch {
	case !c.synced:
		c.clear()
	case seq > c.seq:
		touched, err := feed.Touched(ctx, c.seq, seq, maxTouches+1)
		if err != nil {
			return 0, err
		}
		if len(touched) > maxTouches {
			c.clear()
			break
		}
		for _, t := range touched {
			if t.ProblemID != 0 {
				c.drop(t.ProblemID)
				continue
			}
			if !outsideViews[t.Entity] {
				c.clear()
				break
			}
		}
	}
	if seq > c.seq || !c.synced {
		c.seq, c.synced = seq, true
	}
	return c.seq, nil
}

// outsideViews are the entities whose rows, when they concern no problem,
// no view shows. Any other change that names no problem (a unit's name or
// place, an inspection's unit, a setting, an entity added later) drops
// every view.
var outsideViews = map[string]bool{
	store.EntityComment:        true,
	store.EntityPerson:         true,
	store.EntityRule:           true,
	store.EntityAccountability: true,
}

// get returns the view of the problem id as of day, or nil.
func (c *signOffCache) get(id int64, day rectify.Date) *signOffEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil
	}
	e := el.Value.(*signOffEntry)
	if e.day != day {
		return nil
	}
	c.order.MoveToFront(el)
	return e
}

// put keeps e, read after a sync returned seq, unless the cache has moved
// past seq meanwhile (a change it dropped views for may have come after
// e was read).
func (c *signOffCache) put(e *signOffEntry, seq int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq != c.seq || len(e.head) > c.max/8 {
		return
	}
	c.drop(e.id)
	c.byID[e.id] = c.order.PushFront(e)
	c.size += len(e.head)
	for c.size > c.max {
		last := c.order.Back()
		c.remove(last)
	}
}

// drop forgets the view of the problem id (under mu).
func (c *signOffCache) drop(id int64) {
	if el, ok := c.byID[id]; ok {
		c.remove(el)
	}
}

func (c *signOffCache) remove(el *lru.Element) {
	e := c.order.Remove(el).(*signOffEntry)
	delete(c.byID, e.id)
	c.size -= len(e.head)
}

// clear forgets every view (under mu).
func (c *signOffCache) clear() {
	c.order.Init()
	clear(c.byID)
	c.size = 0
}
