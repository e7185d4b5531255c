package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
)

// ErrNotFound is returned for an id that names no node.
var ErrNotFound = errors.New("not found")

// ErrBudget is returned when a traversal would visit more nodes than allowed.
var ErrBudget = errors.New("node budget exceeded")

// Subgraph is a set of nodes and the edges between them.
type Subgraph struct {
	Nodes     []*Node
	Edges     []*Edge
	Truncated bool // true when a limit cut the subgraph short
}

// Path is a chain of edges from one node to another, nodes in order.
type Path struct {
	Nodes []*Node
	Edges []*Edge
}

// iris turns ids into Cayley values.
func (s *Store) iris(ids []string) []quad.Value {
	vs := make([]quad.Value, len(ids))
	for i, id := range ids {
		vs[i] = quad.IRI(s.IRI(id))
	}
	return vs
}

func linkVia() []interface{} {
	var via []interface{}
	for p := range linkPredicates {
		if p != CooccursWith && p != CoauthorWith {
			via = append(via, quad.IRI(p))
		}
	}
	return via
}

// step returns the edges that touch any of ids, in either direction. It is
// the one expansion that neighborhood and path share, written over Cayley's
// path API; it stops when ctx is done.
func (s *Store) step(ctx context.Context, ids []string) ([]*Edge, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	via := linkVia()
	seen := map[*Edge]bool{}
	var out []*Edge
	collect := func(m map[string]quad.Value) error {
		src, ok1 := s.idOf(m["s"])
		dst, ok2 := s.idOf(m["o"])
		if !ok1 || !ok2 {
			return nil
		}
		e, ok := s.view.edgeIdx[edgeKey{src, dst, Predicate(iriString(m["p"]))}]
		if ok && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
		return nil
	}
	starts := s.iris(ids)
	outs := path.StartPath(s.qs, starts...).Tag("s").OutWithTags([]string{"p"}, via...).Tag("o")
	if err := outs.Iterate(ctx).TagValues(s.qs, collect); err != nil {
		return nil, fmt.Errorf("graph: expand: %w", err)
	}
	ins := path.StartPath(s.qs, starts...).Tag("o").InWithTags([]string{"p"}, via...).Tag("s")
	if err := ins.Iterate(ctx).TagValues(s.qs, collect); err != nil {
		return nil, fmt.Errorf("graph: expand: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return lessEdge(out[i], out[j]) })
	return out, ctx.Err()
}

func other(e *Edge, id string) string {
	if e.Source == id {
		return e.Target
	}
	return e.Source
}

func kindSet(kinds []Kind) func(Kind) bool {
	if len(kinds) == 0 {
		return func(Kind) bool { return true }
	}
	m := map[Kind]bool{}
	for _, k := range kinds {
		m[k] = true
	}
	return func(k Kind) bool { return m[k] }
}

// Neighborhood returns the nodes within depth hops of id, keeping only nodes
// of the given kinds (all when none; the centre always), at most limit nodes.
func (s *Store) Neighborhood(ctx context.Context, id string, depth int, kinds []Kind, limit int) (*Subgraph, error) {
	centre, ok := s.Node(id)
	if !ok {
		return nil, fmt.Errorf("graph: neighborhood of %q: %w", id, ErrNotFound)
	}
	allowed := kindSet(kinds)
	in := map[string]bool{id: true}
	sub := &Subgraph{Nodes: []*Node{centre}}
	frontier := []string{id}
	for d := 0; d < depth && len(frontier) > 0 && !sub.Truncated; d++ {
		edges, err := s.step(ctx, frontier)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, e := range edges {
			for _, n := range []string{e.Source, e.Target} {
				if in[n] || !allowed(KindOf(n)) || KindOf(n) == KindSource {
					continue
				}
				if len(sub.Nodes) >= limit {
					sub.Truncated = true
					break
				}
				in[n] = true
				sub.Nodes = append(sub.Nodes, s.view.nodes[n])
				next = append(next, n)
			}
		}
		frontier = next
	}
	for _, n := range sub.Nodes {
		for _, e := range s.view.out[n.ID] {
			if in[e.Target] {
				sub.Edges = append(sub.Edges, e)
			}
		}
	}
	return sub, nil
}

// ShortestPath finds a shortest chain of links between from and to, in
// either direction, at most maxLength edges long and visiting at most budget
// nodes. It returns nil when the two are not connected within maxLength.
func (s *Store) ShortestPath(ctx context.Context, from, to string, maxLength, budget int) (*Path, error) {
	for _, id := range []string{from, to} {
		if _, ok := s.Node(id); !ok {
			return nil, fmt.Errorf("graph: path: %q: %w", id, ErrNotFound)
		}
	}
	parent := map[string]*Edge{from: nil}
	frontier := []string{from}
	for d := 0; d < maxLength && len(frontier) > 0; d++ {
		if _, found := parent[to]; found {
			break
		}
		edges, err := s.step(ctx, frontier)
		if err != nil {
			return nil, err
		}
		inFrontier := map[string]bool{}
		for _, f := range frontier {
			inFrontier[f] = true
		}
		var next []string
		for _, e := range edges {
			for _, end := range []string{e.Source, e.Target} {
				n := other(e, end)
				if !inFrontier[end] || KindOf(n) == KindSource {
					continue
				}
				if _, seen := parent[n]; seen {
					continue
				}
				if budget > 0 && len(parent) >= budget {
					return nil, fmt.Errorf("graph: path from %q to %q: %w (%d nodes)", from, to, ErrBudget, budget)
				}
				parent[n] = e
				next = append(next, n)
			}
		}
		frontier = next
	}
	if _, found := parent[to]; !found {
		return nil, nil
	}
	p := &Path{}
	for at := to; ; {
		p.Nodes = append(p.Nodes, s.view.nodes[at])
		e := parent[at]
		if e == nil {
			break
		}
		p.Edges = append(p.Edges, e)
		at = other(e, at)
	}
	for i, j := 0, len(p.Nodes)-1; i < j; i, j = i+1, j-1 {
		p.Nodes[i], p.Nodes[j] = p.Nodes[j], p.Nodes[i]
	}
	for i, j := 0, len(p.Edges)-1; i < j; i, j = i+1, j-1 {
		p.Edges[i], p.Edges[j] = p.Edges[j], p.Edges[i]
	}
	return p, nil
}

// Cooccurrence is a node that shares hubs with another: a concept mentioned
// by the same publications, a co-author of the same works.
type Cooccurrence struct {
	ID     string
	Weight int
	Via    []string // the shared hubs (publications, or concepts for related publications)
}

// shared finds, for each node in from, the nodes of kind target that share a
// hub of kind hub with it through predicate via. When hubIsSubject, hubs point
// at the nodes (publication -mentions-> concept); otherwise the nodes point at
// the hubs. Written once over Cayley's path API.
func (s *Store) shared(ctx context.Context, from []string, via Predicate, hubIsSubject bool, hub, target Kind) (map[string]map[string][]string, error) {
	out := map[string]map[string][]string{}
	if len(from) == 0 {
		return out, nil
	}
	p := path.StartPath(s.qs, s.iris(from)...).Tag("a")
	if hubIsSubject {
		p = p.In(quad.IRI(via)).Tag("hub").Out(quad.IRI(via)).Tag("b")
	} else {
		p = p.Out(quad.IRI(via)).Tag("hub").In(quad.IRI(via)).Tag("b")
	}
	err := p.Iterate(ctx).TagValues(s.qs, func(m map[string]quad.Value) error {
		a, _ := s.idOf(m["a"])
		b, _ := s.idOf(m["b"])
		h, _ := s.idOf(m["hub"])
		if a == b || KindOf(b) != target || KindOf(h) != hub {
			return nil
		}
		if out[a] == nil {
			out[a] = map[string][]string{}
		}
		out[a][b] = appendUniqueStr(out[a][b], h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("graph: co-occurrence over %s: %w", via.ShortName(), err)
	}
	for _, bs := range out {
		for b := range bs {
			sort.Strings(bs[b])
		}
	}
	return out, ctx.Err()
}

func ranked(m map[string][]string) []Cooccurrence {
	out := make([]Cooccurrence, 0, len(m))
	for id, via := range m {
		out = append(out, Cooccurrence{ID: id, Weight: len(via), Via: via})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (s *Store) sharedOne(ctx context.Context, id string, via Predicate, hubIsSubject bool, hub, target Kind) ([]Cooccurrence, error) {
	m, err := s.shared(ctx, []string{id}, via, hubIsSubject, hub, target)
	if err != nil {
		return nil, err
	}
	return ranked(m[id]), nil
}

// CooccurringConcepts returns the concepts mentioned together with id
// (a concept or an actor) by the same publications, most shared first.
func (s *Store) CooccurringConcepts(ctx context.Context, id string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, id, Mentions, true, KindPublication, KindConcept)
}

// Coauthors returns the people who wrote publications with a person.
func (s *Store) Coauthors(ctx context.Context, person string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, person, Author, true, KindPublication, KindPerson)
}

// RelatedPublications returns the publications that mention the same
// concepts as pub, most shared concepts first.
func (s *Store) RelatedPublications(ctx context.Context, pub string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, pub, Mentions, false, KindConcept, KindPublication)
}

// pairGraph builds the weighted, undirected network among nodes of one kind
// that share publications through via.
func (s *Store) pairGraph(ctx context.Context, kind Kind, via, derived Predicate, minWeight int) (*Subgraph, error) {
	ids := make([]string, 0, len(s.view.byKind[kind]))
	for _, n := range s.view.byKind[kind] {
		ids = append(ids, n.ID)
	}
	m, err := s.shared(ctx, ids, via, true, KindPublication, kind)
	if err != nil {
		return nil, err
	}
	sub := &Subgraph{}
	in := map[string]bool{}
	for _, a := range ids {
		for _, c := range ranked(m[a]) {
			if a >= c.ID || c.Weight < minWeight {
				continue
			}
			e := &Edge{Source: a, Target: c.ID, Predicate: derived, Weight: float64(c.Weight)}
			for _, pub := range c.Via {
				e.Evidence = append(e.Evidence, Evidence{Source: pub})
			}
			sub.Edges = append(sub.Edges, e)
			in[a], in[c.ID] = true, true
		}
	}
	sort.Slice(sub.Edges, func(i, j int) bool { return lessEdge(sub.Edges[i], sub.Edges[j]) })
	for _, id := range ids {
		if in[id] {
			sub.Nodes = append(sub.Nodes, s.view.nodes[id])
		}
	}
	return sub, nil
}

// ConceptGraph is the concept co-occurrence network: concepts linked when
// publications mention both, weighted by how many, keeping weights >= minWeight.
func (s *Store) ConceptGraph(ctx context.Context, minWeight int) (*Subgraph, error) {
	return s.pairGraph(ctx, KindConcept, Mentions, CooccursWith, minWeight)
}

// CoauthorGraph is the co-author network, weighted by joint publications.
func (s *Store) CoauthorGraph(ctx context.Context) (*Subgraph, error) {
	return s.pairGraph(ctx, KindPerson, Author, CoauthorWith, 1)
}
