package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	gonet "gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// Network is a subgraph read as an undirected, weighted graph for gonum's
// community detection and centralities: the edges between two nodes (in
// either direction, of any predicate) add up to one link whose weight is
// the sum of theirs; links to nodes outside the subgraph, loops and links
// of weight <= 0 (a negative PMI) are left out.
type Network struct {
	ids    []string // node index -> id, in the subgraph's order
	labels []string
	g      *simple.WeightedUndirectedGraph
}

// ErrTooLarge is returned for a network too large to analyse in one request.
var ErrTooLarge = fmt.Errorf("network too large to analyse")

// NewNetwork builds the network of sub. It refuses a subgraph of more than
// maxEdges edges (none when maxEdges <= 0).
func NewNetwork(sub *Subgraph, maxEdges int) (*Network, error) {
	if maxEdges > 0 && len(sub.Edges) > maxEdges {
		return nil, fmt.Errorf("graph: network of %d edges: %w (at most %d)", len(sub.Edges), ErrTooLarge, maxEdges)
	}
	nw := &Network{g: simple.NewWeightedUndirectedGraph(0, 0)}
	index := map[string]int64{}
	for _, n := range sub.Nodes {
		if _, dup := index[n.ID]; dup {
			continue
		}
		index[n.ID] = int64(len(nw.ids))
		nw.g.AddNode(simple.Node(len(nw.ids)))
		nw.ids = append(nw.ids, n.ID)
		nw.labels = append(nw.labels, n.Label)
	}
	type pair struct{ a, b int64 }
	weights := map[pair]float64{}
	var order []pair
	for _, e := range sub.Edges {
		a, okA := index[e.Source]
		b, okB := index[e.Target]
		if !okA || !okB || a == b || e.Weight <= 0 {
			continue
		}
		if a > b {
			a, b = b, a
		}
		k := pair{a, b}
		if _, seen := weights[k]; !seen {
			order = append(order, k)
		}
		weights[k] += e.Weight
	}
	for _, k := range order {
		nw.g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(k.a), T: simple.Node(k.b), W: weights[k]})
	}
	return nw, nil
}

// Size returns the number of nodes and of links of the network.
func (nw *Network) Size() (nodes, links int) {
	return len(nw.ids), nw.g.Edges().Len()
}

// Community is one community of a partition.
type Community struct {
	ID         int      // 0 for the largest community, then by size, ties by first id
	Label      string   // the label of the member of highest weighted degree, ties by id
	Nodes      []string // the members, by id
	Modularity float64  // the community's share of the partition's modularity: L_c/m − γ(d_c/2m)²
}

// Partition is a division of a network into communities.
type Partition struct {
	Communities []Community
	Modularity  float64 // Newman's Q of the whole partition (resolution 1), the sum of the communities' shares
}

// louvainSeed fixes the order in which Louvain visits nodes, so that the
// same graph gives the same communities.
const louvainSeed = 1

// Communities divides the network by gonum's Louvain modularity
// optimisation (community.Modularize, resolution 1, a fixed seed). A node
// without links is a community of its own.
func (nw *Network) Communities() Partition {
	if len(nw.ids) == 0 {
		return Partition{Communities: []Community{}}
	}
	g := ordered{nw.g}
	reduced := community.Modularize(g, 1, rand.NewPCG(louvainSeed, louvainSeed))
	var comms [][]gonum.Node
	for _, c := range reduced.Communities() {
		if len(c) > 0 {
			comms = append(comms, c)
		}
	}
	m2 := 0.0 // twice the total weight
	strength := make([]float64, len(nw.ids))
	for i := range nw.ids {
		to := g.From(int64(i))
		for to.Next() {
			w, _ := g.Weight(int64(i), to.Node().ID())
			strength[i] += w
		}
		m2 += strength[i]
	}
	p := Partition{}
	for _, c := range comms {
		members := make([]int64, len(c))
		in := map[int64]bool{}
		for i, n := range c {
			members[i] = n.ID()
			in[n.ID()] = true
		}
		var inner, degree float64 // inner counts each inner link twice
		best := members[0]
		for _, u := range members {
			degree += strength[u]
			to := g.From(u)
			for to.Next() {
				if v := to.Node().ID(); in[v] {
					w, _ := g.Weight(u, v)
					inner += w
				}
			}
			if strength[u] > strength[best] || strength[u] == strength[best] && nw.ids[u] < nw.ids[best] {
				best = u
			}
		}
		com := Community{Label: nw.labels[best]}
		for _, u := range members {
			com.Nodes = append(com.Nodes, nw.ids[u])
		}
		sort.Strings(com.Nodes)
		if m2 > 0 {
			com.Modularity = inner/m2 - (degree/m2)*(degree/m2)
		}
		p.Communities = append(p.Communities, com)
	}
	sort.Slice(p.Communities, func(i, j int) bool {
		a, b := p.Communities[i], p.Communities[j]
		if len(a.Nodes) != len(b.Nodes) {
			return len(a.Nodes) > len(b.Nodes)
		}
		return a.Nodes[0] < b.Nodes[0]
	})
	for i := range p.Communities {
		p.Communities[i].ID = i
		p.Modularity += p.Communities[i].Modularity
	}
	return p
}

// ordered is the network with its nodes and neighbours listed by index:
// the simple graph lists them in map order, which changed the order of
// Louvain's sums of fractional weights and so, now and then, its result.
type ordered struct {
	*simple.WeightedUndirectedGraph
}

// Nodes lists the nodes by index.
func (o ordered) Nodes() gonum.Nodes { return sortedNodes(o.WeightedUndirectedGraph.Nodes()) }

// From lists the neighbours of id by index.
func (o ordered) From(id int64) gonum.Nodes {
	return sortedNodes(o.WeightedUndirectedGraph.From(id))
}

func sortedNodes(it gonum.Nodes) gonum.Nodes {
	ns := gonum.NodesOf(it)
	sort.Slice(ns, func(i, j int) bool { return ns[i].ID() < ns[j].ID() })
	return iterator.NewOrderedNodes(ns)
}

// Centrality names a centrality measure.
type Centrality string

// The centralities.
const (
	// CentralityPageRank is gonum's edge-weighted PageRank (damping 0.85,
	// run until the 2-norm of an iteration's change is below 1e-12) over
	// both directions of every link, which is networkx's pagerank of the
	// undirected weighted graph. Scores add up to 1.
	CentralityPageRank Centrality = "PAGERANK"
	// CentralityBetweenness is gonum's betweenness over unweighted
	// shortest paths, normalised as networkx's betweenness_centrality:
	// divided by (n−1)(n−2)/2, the number of pairs of other nodes, and
	// rounded to 12 decimals (gonum adds up in an order that varies).
	CentralityBetweenness Centrality = "BETWEENNESS"
	// CentralityDegree is the number of distinct neighbours.
	CentralityDegree Centrality = "DEGREE"
)

// NodeScore is a node's score by some measure.
type NodeScore struct {
	ID    string
	Score float64
}

// pageRankTol is the convergence tolerance of PageRank.
const pageRankTol = 1e-12

// Centrality scores every node of the network, best first, ties by id.
// PageRank is rounded to 10 decimals: gonum starts its iteration from a
// random vector, and runs differ by about 1e-13 before rounding (a score
// can, rarely, differ in its last decimal between runs).
func (nw *Network) Centrality(m Centrality) ([]NodeScore, error) {
	n := len(nw.ids)
	score := make([]float64, n)
	switch m {
	case CentralityPageRank:
		if n > 0 {
			d := simple.NewWeightedDirectedGraph(0, 0)
			for i := range nw.ids {
				d.AddNode(simple.Node(i))
			}
			edges := nw.g.WeightedEdges()
			for edges.Next() {
				e := edges.WeightedEdge()
				d.SetWeightedEdge(simple.WeightedEdge{F: e.From(), T: e.To(), W: e.Weight()})
				d.SetWeightedEdge(simple.WeightedEdge{F: e.To(), T: e.From(), W: e.Weight()})
			}
			for id, r := range gonet.PageRankSparse(d, 0.85, pageRankTol) {
				score[id] = math.Round(r*1e10) / 1e10
			}
		}
	case CentralityBetweenness:
		if n > 2 {
			norm := float64(n-1) * float64(n-2) // gonum counts each pair in both directions
			for id, b := range gonet.Betweenness(nw.g) {
				score[id] = math.Round(b/norm*1e12) / 1e12 // gonum sums in map order
			}
		}
	case CentralityDegree:
		for i := range nw.ids {
			score[i] = float64(nw.g.From(int64(i)).Len())
		}
	default:
		return nil, fmt.Errorf("graph: centrality: unknown measure %q", m)
	}
	out := make([]NodeScore, n)
	for i, id := range nw.ids {
		out[i] = NodeScore{id, score[i]}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
