package facts

import (
	"container/list"
	"sync"
)

// figureCache keeps the figures of the last few (scope, as-of
// day, generation) asked for. The generation is the store's (the head of
// the audit log), so any change to the record, by this process or
// another, makes every entry unreachable: a figure is never served stale,
// and old entries age out. It is safe for concurrent use.
type figureCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *figureEntry, the most recently used first
	byKey map[string]*list.Element
}

type figureEntry struct {
	key string
	fig *Figures
}

func newFigureCache(max int) *figureCache {
	return &figureCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the figures cached under key, or nil.
func (c *figureCache) get(key string) *Figures {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*figureEntry).fig
}

// put caches fig under key, dropping the least recently used entry when
// full.
func (c *figureCache) put(key string, fig *Figures) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*figureEntry).fig = fig
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&figureEntry{key, fig})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*figureEntry).key)
	}
}
