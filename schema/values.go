package schema

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// The values resolvers pass around: a node (of any kind) is a *graph.Node,
// evidence is a graph.Evidence, an edge a *graph.Edge, a page of a
// connection a *page. A publication's own fields read its
// *graph.Publication when they are resolved (onPub), so that a list of
// nodes costs no publication reads.

// on makes a resolver that reads its parent value as a T.
func on[T any](fn func(T) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return fn(p.Source.(T)), nil }
}

// onNode makes a resolver that reads its parent as a node.
func onNode(fn func(*graph.Node) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return fn(nodeOf(p.Source)), nil }
}

// onPub makes a resolver that reads its parent node as a publication.
func (b *builder) onPub(fn func(*graph.Publication) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		pub, ok := b.st.Publication(p.Source.(*graph.Node).ID)
		if !ok {
			return nil, nil
		}
		return fn(pub), nil
	}
}

// nodeOf returns the node a value stands for, or nil.
func nodeOf(v any) *graph.Node {
	n, _ := v.(*graph.Node)
	return n
}

// value is the value that stands for n in resolvers: n itself, or nil
// (an untyped nil, which reads as null) when n is nil.
func (b *builder) value(n *graph.Node) any {
	if n == nil {
		return nil
	}
	return n
}

// nodes reads ids in one batch, dropping unknown ones.
func (b *builder) nodes(ids []string) []*graph.Node {
	return slices.DeleteFunc(b.st.Nodes(ids), func(n *graph.Node) bool { return n == nil })
}

// values reads ids in one batch and returns their values, in order.
func (b *builder) values(ids []string) []any {
	return b.nodeValues(b.nodes(ids))
}

// nodeValues returns the values of ns, in order.
func (b *builder) nodeValues(ns []*graph.Node) []any {
	out := make([]any, 0, len(ns))
	for _, n := range ns {
		if n != nil {
			out = append(out, b.value(n))
		}
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// edgeEnd resolves one end of an edge as a node.
func (b *builder) edgeEnd(end func(*graph.Edge) string) graphql.FieldResolveFn {
	return on(func(e *graph.Edge) any {
		n, _ := b.st.Node(end(e))
		return b.value(n)
	})
}

// coNode, coVia and coWeight resolve the fields of a graph.Cooccurrence.
func (b *builder) coNode() graphql.FieldResolveFn {
	return on(func(c graph.Cooccurrence) any { n, _ := b.st.Node(c.ID); return b.value(n) })
}

func (b *builder) coVia() graphql.FieldResolveFn {
	return on(func(c graph.Cooccurrence) any { return b.values(c.Via) })
}

func coWeight(p graphql.ResolveParams) (any, error) { return p.Source.(graph.Cooccurrence).Weight, nil }

// firstOf reads the `first` argument and checks it.
func (b *builder) firstOf(p graphql.ResolveParams) (int, error) { return b.intArg(p, "first") }

// topN resolves a ranked co-occurrence list, cut to `first`.
func (b *builder) topN(p graphql.ResolveParams, list func(n *graph.Node) ([]graph.Cooccurrence, error)) (any, error) {
	first, err := b.firstOf(p)
	if err != nil {
		return nil, err
	}
	var cs []graph.Cooccurrence
	if first > 0 {
		if cs, err = list(nodeOf(p.Source)); err != nil {
			return nil, err
		}
	}
	return nonNil(cs[:min(first, len(cs))]), nil
}

func (b *builder) coauthors(p graphql.ResolveParams) (any, error) {
	return b.topN(p, func(n *graph.Node) ([]graph.Cooccurrence, error) { return b.st.Coauthors(p.Context, n.ID) })
}

// kindCount is one row of Stats.byKind.
type kindCount struct {
	kind  graph.Kind
	count int
}

func byKind(s graph.Stats) any {
	out := []kindCount{}
	for _, k := range graph.Kinds() {
		out = append(out, kindCount{k, s.ByKind[k]})
	}
	return out
}

// page is one page of a connection.
type page struct {
	items   []*graph.Node
	all     []*graph.Node // the whole list, for facets
	start   int           // the position of items[0] in the whole list
	total   int
	hasNext bool
}

// pageItem is one edge of a connection.
type pageItem struct {
	cursor string
	node   *graph.Node
}

const cursorPrefix = "id:"

func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

func decodeCursor(c string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	id, ok := strings.CutPrefix(string(raw), cursorPrefix)
	if err != nil || !ok || id == "" {
		return "", errorf(CodeBadUserInput, "schema: after: %q is not a cursor this API gave out", truncate(c, 60))
	}
	return id, nil
}

func (pg *page) cursor(i int) any {
	if i < 0 || i >= len(pg.items) {
		return nil
	}
	return encodeCursor(pg.items[i].ID)
}

func (pg *page) edges() []pageItem {
	out := make([]pageItem, len(pg.items))
	for i, n := range pg.items {
		out[i] = pageItem{encodeCursor(n.ID), n}
	}
	return out
}

// paginate cuts the page of at most first items after the cursor out of all.
// Cursors hold ids, so they stay valid across reloads while the item lasts.
func paginate(all []*graph.Node, first int, after string) (*page, error) {
	start := 0
	if after != "" {
		id, err := decodeCursor(after)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(all, func(n *graph.Node) bool { return n.ID == id })
		if i < 0 {
			return nil, errorf(CodeBadUserInput, "schema: after: the cursor points at %q, which is not in this list", truncate(id, 100))
		}
		start = i + 1
	}
	end := min(start+first, len(all))
	return &page{items: all[start:end], all: all, start: start, total: len(all), hasNext: end < len(all)}, nil
}
