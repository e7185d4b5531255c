package graph

import (
	"context"
	"sort"
)

// CitationGraph is the network of publications linked by cites edges:
// every publication that cites or is cited by another, and those edges,
// each with its evidence.
func (s *View) CitationGraph(ctx context.Context) (*Subgraph, error) {
	return s.CitationGraphIn(ctx, YearRange{})
}

// CitationGraphIn is the citation network among the publications of years.
func (s *View) CitationGraphIn(ctx context.Context, years YearRange) (*Subgraph, error) {
	sub := &Subgraph{}
	in := map[string]bool{}
	for _, e := range s.view.outPtr {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if e.Predicate != Cites || KindOf(e.Source) != KindPublication || KindOf(e.Target) != KindPublication ||
			!years.Has(s.view.node(e.Source)) || !years.Has(s.view.node(e.Target)) {
			continue
		}
		sub.Edges = append(sub.Edges, e)
		in[e.Source], in[e.Target] = true, true
	}
	ids := make([]string, 0, len(in))
	for id := range in {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sub.Nodes = append(sub.Nodes, s.view.node(id))
	}
	return sub, nil
}
