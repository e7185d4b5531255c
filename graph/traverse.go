package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
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
func (s *View) step(ctx context.Context, ids []string) ([]*Edge, error) {
	seen := map[*Edge]bool{}
	var out []*Edge
	for i, id := range ids {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, es := range [][]*Edge{s.view.out(id), s.view.into(id)} {
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
func (s *View) Neighborhood(ctx context.Context, id string, depth int, kinds []Kind, limit int) (*Subgraph, error) {
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
				sub.Nodes = append(sub.Nodes, s.view.node(n))
				next = append(next, n)
			}
		}
		frontier = next
	}
	for _, n := range sub.Nodes {
		for _, e := range s.view.out(n.ID) {
			if in[e.Target] {
				sub.Edges = append(sub.Edges, e)
			}
		}
	}
	return sub, ctx.Err()
}

// PathOptions bound and steer a path search.
type PathOptions struct {
	MaxLength       int         // most edges of a path
	Budget          int         // most nodes one search may visit; none when <= 0
	AvoidKinds      []Kind      // no node of these kinds between the two ends
	AvoidPredicates []Predicate // no link with one of these predicates
}

// allow returns the test of a step: through edge e to node n, where n may
// be of an avoided kind only when it is one of the ends.
func (o PathOptions) allow(from, to string) func(e *Edge, n string) bool {
	kinds := map[Kind]bool{KindSource: true}
	for _, k := range o.AvoidKinds {
		kinds[k] = true
	}
	preds := map[Predicate]bool{}
	for _, p := range o.AvoidPredicates {
		preds[p] = true
	}
	return func(e *Edge, n string) bool {
		if preds[e.Predicate] {
			return false
		}
		return n == from || n == to || !kinds[KindOf(n)]
	}
}

// LinkPredicate returns the link predicate with the short name the API
// shows ("author", "mentions").
func LinkPredicate(short string) (Predicate, bool) {
	for p, name := range linkPredicates {
		if name == short {
			return p, true
		}
	}
	return "", false
}

// LinkPredicateNames lists the short names of the link predicates, sorted.
func LinkPredicateNames() []string {
	out := make([]string, 0, len(linkPredicates))
	for _, name := range linkPredicates {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// ShortestPath finds a shortest chain of links between from and to, in
// either direction, at most maxLength edges long and visiting at most budget
// nodes (no limit when budget <= 0). It returns nil when the two are not
// connected within maxLength.
func (s *View) ShortestPath(ctx context.Context, from, to string, maxLength, budget int) (*Path, error) {
	return s.ShortestPathWith(ctx, from, to, PathOptions{MaxLength: maxLength, Budget: budget})
}

// ShortestPathWith is ShortestPath that avoids the kinds and predicates o
// names. It searches from both ends at once, always growing the smaller
// frontier by one level.
func (s *View) ShortestPathWith(ctx context.Context, from, to string, o PathOptions) (*Path, error) {
	for _, id := range []string{from, to} {
		if _, ok := s.Node(id); !ok {
			return nil, fmt.Errorf("graph: path: %q: %w", id, ErrNotFound)
		}
	}
	allow := o.allow(from, to)
	fwd, bwd := &search{parent: map[string]*Edge{from: nil}, frontier: []string{from}, allow: allow},
		&search{parent: map[string]*Edge{to: nil}, frontier: []string{to}, allow: allow}
	meet := ""
	if from == to {
		meet = from
	}
	for levels := 0; meet == "" && levels < o.MaxLength && len(fwd.frontier) > 0 && len(bwd.frontier) > 0; levels++ {
		grow, other := fwd, bwd
		if len(bwd.frontier) < len(fwd.frontier) {
			grow, other = bwd, fwd
		}
		var err error
		if meet, err = s.grow(ctx, grow, other, o.Budget-len(other.parent)); err != nil {
			return nil, fmt.Errorf("graph: path from %q to %q: %w", from, to, err)
		}
	}
	if meet == "" {
		return nil, nil
	}
	p := &Path{}
	for at := meet; ; { // back from the meeting node to from
		p.Nodes = append(p.Nodes, s.view.node(at))
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
		p.Nodes = append(p.Nodes, s.view.node(at))
	}
	return p, nil
}

// search is one side of a bidirectional breadth-first search: the edge
// that reached each node seen (nil for the start), the last level, and
// the test of a step.
type search struct {
	parent   map[string]*Edge
	frontier []string
	allow    func(e *Edge, n string) bool
}

// grow expands one level of g and returns the first node that other has
// also reached, or "". budget bounds the nodes g may hold (none when <= 0).
func (s *View) grow(ctx context.Context, g, other *search, budget int) (string, error) {
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
			if !inFrontier[end] || !g.allow(e, n) {
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

// layers is a breadth-first search that deepens on demand: the length of
// a shortest allowed chain from its start to each node reached, and the
// nodes of its last level.
type layers struct {
	dist     map[string]int
	frontier []string
	depth    int
}

func newLayers(start string) *layers {
	return &layers{dist: map[string]int{start: 0}, frontier: []string{start}}
}

// deepen grows l to depth levels. visited counts the nodes seen by every
// search of one request, against budget (none when <= 0).
func (s *View) deepen(ctx context.Context, l *layers, depth, budget int, visited *int, allow func(*Edge, string) bool) error {
	for ; l.depth < depth && len(l.frontier) > 0; l.depth++ {
		edges, err := s.step(ctx, l.frontier)
		if err != nil {
			return err
		}
		var next []string
		for _, e := range edges {
			for _, end := range []string{e.Source, e.Target} {
				n := farEnd(e, end)
				if de, ok := l.dist[end]; !ok || de != l.depth || !allow(e, n) {
					continue
				}
				if _, seen := l.dist[n]; seen {
					continue
				}
				if *visited++; budget > 0 && *visited > budget {
					return fmt.Errorf("%w (%d nodes)", ErrBudget, budget)
				}
				l.dist[n] = l.depth + 1
				next = append(next, n)
			}
		}
		l.frontier = next
	}
	return nil
}

// Paths returns up to k shortest loopless chains of links between from and
// to, shortest first, each at most o.MaxLength long, avoiding what o names.
// It finds the shortest length as path does, then keeps the nodes that lie
// on some chain short enough (their distances from both ends add up to at
// most a limit, found by two breadth-first searches within o.Budget nodes)
// and runs Yen's algorithm (gonum's YenKShortestPaths) on them, raising the
// limit from the shortest length to MaxLength until it finds k. Two nodes joined by several links count
// once; the chain shows the first of them. It stops when ctx is done.
func (s *View) Paths(ctx context.Context, from, to string, k int, o PathOptions) ([]*Path, error) {
	for _, id := range []string{from, to} {
		if _, ok := s.Node(id); !ok {
			return nil, fmt.Errorf("graph: paths: %q: %w", id, ErrNotFound)
		}
	}
	if k <= 0 {
		return nil, nil
	}
	first, err := s.ShortestPathWith(ctx, from, to, o)
	if err != nil || first == nil {
		return nil, err
	}
	shortest := len(first.Edges)
	// The k shortest usually lie within a link or two of the shortest: try
	// the nodes on chains of at most limit links (their distances from both
	// ends add up to at most limit), from the shortest length up, until k
	// are found; a part of the graph is cheaper to search than all of it.
	allow := o.allow(from, to)
	visited := 0
	fwd, bwd := newLayers(from), newLayers(to)
	var g *pathGraph
	var found [][]gonum.Node
	for limit := shortest; limit <= o.MaxLength; limit++ {
		for _, l := range []*layers{fwd, bwd} {
			if err := s.deepen(ctx, l, limit, o.Budget, &visited, allow); err != nil {
				return nil, fmt.Errorf("graph: paths from %q to %q: %w", from, to, err)
			}
		}
		var keep []string
		for n, d := range fwd.dist {
			if d2, ok := bwd.dist[n]; ok && d+d2 <= limit {
				keep = append(keep, n)
			}
		}
		g = newPathGraph(ctx, s, keep, allow)
		found = path.YenKShortestPaths(g, k, float64(limit-shortest), g.node(from), g.node(to))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(found) >= k {
			break
		}
	}
	out := make([]*Path, 0, len(found))
	for _, ns := range found {
		out = append(out, g.chain(ns))
	}
	return out, nil
}

// pathGraph is the undirected graph of some nodes of the view and the
// allowed links among them, as gonum's path algorithms read it. Each node's
// neighbours come in a fixed order so that the paths found do not vary
// from run to run; once ctx is done, nodes have no neighbours, so that a
// search stops at once.
type pathGraph struct {
	*simple.UndirectedGraph
	ctx   context.Context
	view  *view
	ids   []string // by gonum id
	index map[string]int64
	adj   [][]gonum.Node       // sorted neighbours, by gonum id
	links map[[2]int64][]*Edge // the allowed edges between two nodes, lower id first
}

func newPathGraph(ctx context.Context, s *View, ids []string, allow func(*Edge, string) bool) *pathGraph {
	sort.Strings(ids)
	g := &pathGraph{UndirectedGraph: simple.NewUndirectedGraph(), ctx: ctx, view: s.view, ids: ids,
		index: make(map[string]int64, len(ids)), adj: make([][]gonum.Node, len(ids)), links: map[[2]int64][]*Edge{}}
	for i, id := range ids {
		g.index[id] = int64(i)
		g.AddNode(simple.Node(i))
	}
	for i, id := range ids {
		for _, e := range s.view.out(id) {
			j, ok := g.index[e.Target]
			if !ok || j == int64(i) || !allow(e, e.Target) || !allow(e, e.Source) {
				continue
			}
			key := [2]int64{min(int64(i), j), max(int64(i), j)}
			if len(g.links[key]) == 0 {
				g.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
			}
			g.links[key] = append(g.links[key], e)
		}
	}
	for i := range ids {
		g.adj[i] = append(g.adj[i], gonum.NodesOf(g.UndirectedGraph.From(int64(i)))...)
		sort.Slice(g.adj[i], func(a, b int) bool { return g.adj[i][a].ID() < g.adj[i][b].ID() })
	}
	return g
}

// From returns the neighbours of id in a fixed order, a copy that the
// caller may reorder.
func (g *pathGraph) From(id int64) gonum.Nodes {
	if g.ctx.Err() != nil || id < 0 || id >= int64(len(g.adj)) {
		return gonum.Empty
	}
	return iterator.NewOrderedNodes(slices.Clone(g.adj[id]))
}

func (g *pathGraph) node(id string) gonum.Node { return simple.Node(g.index[id]) }

// chain turns a gonum path into a Path of the view's nodes and edges.
func (g *pathGraph) chain(ns []gonum.Node) *Path {
	p := &Path{}
	for i, n := range ns {
		p.Nodes = append(p.Nodes, g.view.node(g.ids[n.ID()]))
		if i > 0 {
			a, b := ns[i-1].ID(), n.ID()
			p.Edges = append(p.Edges, g.links[[2]int64{min(a, b), max(a, b)}][0])
		}
	}
	return p
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
func (s *View) shared(ctx context.Context, from []string, via Predicate, hubIsSubject bool, hub, target Kind) (map[string]map[string][]string, error) {
	toHub, fromHub := s.view.into, s.view.out
	if !hubIsSubject {
		toHub, fromHub = s.view.out, s.view.into
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
		for _, e1 := range toHub(a) {
			h := farEnd(e1, a)
			if e1.Predicate != via || KindOf(h) != hub {
				continue
			}
			for _, e2 := range fromHub(h) {
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

func (s *View) sharedOne(ctx context.Context, id string, via Predicate, hubIsSubject bool, hub, target Kind) ([]Cooccurrence, error) {
	m, err := s.shared(ctx, []string{id}, via, hubIsSubject, hub, target)
	if err != nil {
		return nil, err
	}
	return ranked(m[id]), nil
}

// CooccurringConcepts returns the concepts mentioned together with id
// (a concept or an actor) by the same publications, most shared first.
func (s *View) CooccurringConcepts(ctx context.Context, id string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, id, Mentions, true, KindPublication, KindConcept)
}

// CooccurringActors returns the actors mentioned together with id (a
// concept or an actor) by the same publications, most shared first.
func (s *View) CooccurringActors(ctx context.Context, id string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, id, Mentions, true, KindPublication, KindActor)
}

// Coauthors returns the people who wrote publications with a person.
func (s *View) Coauthors(ctx context.Context, person string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, person, Author, true, KindPublication, KindPerson)
}

// RelatedPublications returns the publications that mention the same
// concepts as pub, most shared concepts first.
func (s *View) RelatedPublications(ctx context.Context, pub string) ([]Cooccurrence, error) {
	return s.sharedOne(ctx, pub, Mentions, false, KindConcept, KindPublication)
}

// ConceptGraph is the concept co-occurrence network: concepts linked when
// publications mention both, weighted by how many, keeping weights >= minWeight.
func (s *View) ConceptGraph(ctx context.Context, minWeight int) (*Subgraph, error) {
	return s.pairNetwork(ctx, Mentions, CooccursWith, NetworkOptions{Kinds: []Kind{KindConcept}, MinCount: minWeight})
}

// CoauthorGraph is the co-author network, weighted by joint publications.
func (s *View) CoauthorGraph(ctx context.Context) (*Subgraph, error) {
	return s.CoauthorNetwork(ctx, NetworkOptions{})
}
