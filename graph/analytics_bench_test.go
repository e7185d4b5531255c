package graph_test

import (
	"context"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// BenchmarkNetwork times the analyses of a whole concept network (the
// seed's, and that of a generated corpus of 1,000 works: about 1,050
// concepts and 22,500 links), which run in gonum and cannot be stopped at
// a request's deadline: maxAnalysisEdges in schema/ bounds their input.
func BenchmarkNetwork(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		sub, err := c.store.MentionNetwork(ctx, graph.NetworkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		nw, err := graph.NewNetwork(sub, 0)
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range []struct {
			name string
			run  func() error
		}{
			{"facets", func() error { _, err := c.store.FacetsOf(ctx, c.store.List(graph.KindPublication)); return err }},
			{"network", func() error {
				_, err := c.store.MentionNetwork(ctx, graph.NetworkOptions{Measure: graph.MeasureAssociation})
				return err
			}},
			{"communities", func() error { nw.Communities(); return nil }},
			{"pagerank", func() error { _, err := nw.Centrality(graph.CentralityPageRank); return err }},
			{"betweenness", func() error { _, err := nw.Centrality(graph.CentralityBetweenness); return err }},
		} {
			b.Run(c.name+"/"+a.name, func(b *testing.B) {
				for b.Loop() {
					if err := a.run(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(sub.Edges)), "edges")
			})
		}
	}
}
