package schema

import (
	"container/list"
	"sync"

	"github.com/graphql-go/graphql/language/ast"
)

// docCache keeps the most recently used parsed documents by query text. A
// Schema is immutable, so a document valid once stays valid for it.
type docCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used; values are *docEntry
	byKey map[string]*list.Element
}

type docEntry struct {
	key string
	doc *ast.Document
}

func newDocCache(max int) *docCache {
	return &docCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *docCache) get(key string) (*ast.Document, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*docEntry).doc, true
}

func (c *docCache) put(key string, doc *ast.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&docEntry{key, doc})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*docEntry).key)
	}
}
