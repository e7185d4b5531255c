package graph_test

import (
	"context"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// BenchmarkPaths finds the 3 shortest loopless paths between the ends of
// BenchmarkShortestPath, as the paths field does by default, plain and
// skipping people.
func BenchmarkPaths(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		for _, o := range []struct {
			name  string
			kinds []graph.Kind
		}{{"plain", nil}, {"avoid-people", []graph.Kind{graph.KindPerson}}} {
			b.Run(c.name+"/"+o.name, func(b *testing.B) {
				b.ReportAllocs()
				var ps []*graph.Path
				for b.Loop() {
					var err error
					ps, err = c.store.Paths(ctx, c.pathFrom, c.pathTo, 3, graph.PathOptions{MaxLength: 6, Budget: 100000, AvoidKinds: o.kinds})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(ps)), "paths")
			})
		}
	}
}
