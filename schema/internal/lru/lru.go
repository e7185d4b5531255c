// Package lru is a least-recently-used cache bounded by a total cost, for
// the schema's caches and the HTTP transport's response cache.
package lru

import (
	"container/list"
	"sync"
)

// Cache keeps the most recently used values by key, up to a total cost: each
// entry costs 1 in the document cache, and the bytes of its key and answer
// in the response cache. A Schema is immutable, so what it cached stays true for it.
// It is safe for concurrent use.
type Cache[V any] struct {
	mu    sync.Mutex
	max   int                       // the largest total cost
	cost  func(key string, v V) int // the cost of one entry
	total int                       // the cost of the values held
	order *list.List                // front: most recently used; values are *lruEntry[V]
	byKey map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	val V
}

// New returns an empty cache holding values up to a total cost of max.
func New[V any](max int, cost func(key string, v V) int) *Cache[V] {
	return &Cache[V]{max: max, cost: cost, order: list.New(), byKey: map[string]*list.Element{}}
}

// Get returns the value kept under key, and whether there is one.
func (c *Cache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[V]).val, true
}

// Put keeps val under key, dropping the least recently used values while the
// total cost is above the maximum. A value that alone costs more is not kept.
func (c *Cache[V]) Put(key string, val V) {
	n := c.cost(key, val)
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[V]{key, val})
	c.total += n
	for c.total > c.max {
		last := c.order.Back()
		e := last.Value.(*lruEntry[V])
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.total -= c.cost(e.key, e.val)
	}
}

// Len returns how many values the cache holds.
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byKey)
}

// Cost returns the total cost of the values held.
func (c *Cache[V]) Cost() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}
