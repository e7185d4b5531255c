package graph

import "sort"

// Cut keeps at most limit nodes of a whole-graph network: those with the
// highest weighted degree (ties by id), the edges among them, and the
// nodes' original order. It marks the subgraph Truncated when it left
// anything out. A limit below 1 keeps everything.
func (sub *Subgraph) Cut(limit int) *Subgraph {
	if limit < 1 || len(sub.Nodes) <= limit {
		return sub
	}
	degree := make(map[string]float64, len(sub.Nodes))
	for _, e := range sub.Edges {
		degree[e.Source] += e.Weight
		degree[e.Target] += e.Weight
	}
	rank := make([]*Node, len(sub.Nodes))
	copy(rank, sub.Nodes)
	sort.SliceStable(rank, func(i, j int) bool {
		if di, dj := degree[rank[i].ID], degree[rank[j].ID]; di != dj {
			return di > dj
		}
		return rank[i].ID < rank[j].ID
	})
	keep := make(map[string]bool, limit)
	for _, n := range rank[:limit] {
		keep[n.ID] = true
	}
	out := &Subgraph{Truncated: true}
	for _, n := range sub.Nodes {
		if keep[n.ID] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range sub.Edges {
		if keep[e.Source] && keep[e.Target] {
			out.Edges = append(out.Edges, e)
		}
	}
	return out
}
