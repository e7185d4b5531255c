package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
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

// step returns the link edges that touch any of ids, in either direction,
// in a fixed order: by id of ids, then as the view sorts each node's edges. It is the one expansion that neighborhood and path share. It reads
// the immutable view built from the Cayley store: profiling showed Cayley's
// path API cost 10x on a depth-2 neighborhood and 66x on a shortest path of
// a 10,000-work corpus (see bench/). stepCayley in the tests is the same
// expansion over the path API, and TestStepMatchesCayley checks that the two
// agree on every node. It stops when ctx is done.
func (s *Store) step(ctx context.Context, ids []string) ([]*Edge, error) {
	seen := map[*Edge]bool{}
	var out []*Edge
	for i, id := range ids {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, es := range [][]*Edge{s.view.out[id], s.view.in[id]} {
			for _, e := range es {
				if !seen[e] {
					seen[e] = true
					out = append(out, e)
				}
			}
		}
	}
	return out, ctx.Err()
}

// farEnd is the end of e that is not id.
func farEnd(e *Edge, id string) string {
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
	return sub, ctx.Err()
}

// ShortestPath finds a shortest chain of links between from and to, in
// either direction, at most maxLength edges long and visiting at most budget
// nodes (no limit when budget <= 0). It searches from both ends at once,
// always growing the smaller frontier by one level, and returns nil when the
// two are not connected within maxLength.
func (s *Store) ShortestPath(ctx context.Context, from, to string, maxLength, budget int) (*Path, error) {
	for _, id := range []string{from, to} {
		if _, ok := s.Node(id); !ok {
			return nil, fmt.Errorf("graph: path: %q: %w", id, ErrNotFound)
		}
	}
	fwd, bwd := &search{parent: map[string]*Edge{from: nil}, frontier: []string{from}},
		&search{parent: map[string]*Edge{to: nil}, frontier: []string{to}}
	meet := ""
	if from == to {
		meet = from
	}
	for levels := 0; meet == "" && levels < maxLength && len(fwd.frontier) > 0 && len(bwd.frontier) > 0; levels++ {
		grow, other := fwd, bwd
		if len(bwd.frontier) < len(fwd.frontier) {
			grow, other = bwd, fwd
		}
		var err error
		if meet, err = s.grow(ctx, grow, other, budget-len(other.parent)); err != nil {
			return nil, fmt.Errorf("graph: path from %q to %q: %w", from, to, err)
		}
	}
	if meet == "" {
		return nil, nil
	}
	p := &Path{}
	for at := meet; ; { // back from the meeting node to from
		p.Nodes = append(p.Nodes, s.view.nodes[at])
		e := fwd.parent[at]
		if e == nil {
			break
		}
		p.Edges = append(p.Edges, e)
		at = farEnd(e, at)
	}
	slices.Reverse(p.Nodes)
	slices.Reverse(p.Edges)
	for at := meet; ; { // on from the meeting node to to
		e := bwd.parent[at]
		if e == nil {
			break
		}
		p.Edges = append(p.Edges, e)
		at = farEnd(e, at)
		p.Nodes = append(p.Nodes, s.view.nodes[at])
	}
	return p, nil
}

// search is one side of a bidirectional breadth-first search: the edge
// that reached each node seen (nil for the start), and the last level.
type search struct {
	parent   map[string]*Edge
	frontier []string
}

// grow expands one level of g and returns the first node that other has
// also reached, or "". budget bounds the nodes g may hold (none when <= 0).
func (s *Store) grow(ctx context.Context, g, other *search, budget int) (string, error) {
	edges, err := s.step(ctx, g.frontier)
	if err != nil {
		return "", err
	}
	inFrontier := make(map[string]bool, len(g.frontier))
	for _, f := range g.frontier {
		inFrontier[f] = true
	}
	var next []string
	meet := ""
	for _, e := range edges {
		for _, end := range []string{e.Source, e.Target} {
			n := farEnd(e, end)
			if !inFrontier[end] || KindOf(n) == KindSource {
				continue
			}
			if _, seen := g.parent[n]; seen {
				continue
			}
			if budget > 0 && len(g.parent) >= budget {
				return "", fmt.Errorf("%w (%d nodes)", ErrBudget, budget)
			}
			g.parent[n] = e
			next = append(next, n)
			if _, ok := other.parent[n]; ok && meet == "" {
				meet = n
			}
		}
	}
	g.frontier = next
	return meet, nil
}

// Cooccurrence is a node that shares hubs with another: a concept mentioned
// by the same publications, a co-author of the same works.
type Cooccurrence struct {
	ID     string
	Weight int
	Via    []string // the shared hubs (publications, or concepts for related publications)
	Score  float64  // Weight normalised by a Measure; Weight itself when unnormalised
}

// shared finds, for each node in from, the nodes of kind target that share a
// hub of kind hub with it through predicate via. When hubIsSubject, hubs point
// at the nodes (publication -mentions-> concept); otherwise the nodes point at
// the hubs. It reads the view, like step; sharedCayley in the tests is the
// same over Cayley's path API, and TestSharedMatchesCayley compares them.
func (s *Store) shared(ctx context.Context, from []string, via Predicate, hubIsSubject bool, hub, target Kind) (map[string]map[string][]string, error) {
	toHub, fromHub := s.view.in, s.view.out
	if !hubIsSubject {
		toHub, fromHub = s.view.out, s.view.in
	}
	out := map[string]map[string][]string{}
	for i, a := range from {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if out[a] != nil {
			continue // a is in from twice
		}
		// The view keeps one edge per (source, predicate, target), so each hub
		// h is met once per a, and each b once per h: the hubs listed for
		// (a, b) are distinct without checking (a check per hub made the most
		// used concept's list quadratic).
		for _, e1 := range toHub[a] {
			h := farEnd(e1, a)
			if e1.Predicate != via || KindOf(h) != hub {
				continue
			}
			for _, e2 := range fromHub[h] {
				b := farEnd(e2, h)
				if e2.Predicate != via || b == a || KindOf(b) != target {
					continue
				}
				if out[a] == nil {
					out[a] = map[string][]string{}
				}
				out[a][b] = append(out[a][b], h)
			}
		}
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
		out = append(out, Cooccurrence{ID: id, Weight: len(via), Via: via, Score: float64(len(via))})
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

// CooccurringActors returns the actors mentioned together with id (a
// concept or an actor) by the same publications, most shared first.
func (s *Store) CooccurringActors(ctx context.Context, id string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, id, Mentions, true, KindPublication, KindActor)
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

// ConceptGraph is the concept co-occurrence network: concepts linked when
// publications mention both, weighted by how many, keeping weights >= minWeight.
func (s *Store) ConceptGraph(ctx context.Context, minWeight int) (*Subgraph, error) {
	return s.pairNetwork(ctx, Mentions, CooccursWith, NetworkOptions{Kinds: []Kind{KindConcept}, MinCount: minWeight})
}

// CoauthorGraph is the co-author network, weighted by joint publications.
func (s *Store) CoauthorGraph(ctx context.Context) (*Subgraph, error) {
	return s.CoauthorNetwork(ctx, NetworkOptions{})
}
