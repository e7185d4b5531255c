package graph_test

import (
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// BenchmarkSearchForgiving searches with a typo (an x after the second
// letter of the benchmark word, which the deletion index corrects) and as two
// words: the cost of forgiving, against BenchmarkSearch.
func BenchmarkSearchForgiving(b *testing.B) {
	for _, c := range benchCorpora(b) {
		typo := c.search[:2] + "x" + c.search[2:]
		for _, q := range []struct{ name, text string }{{"typo", typo}, {"two-words", c.search + " " + c.search}} {
			b.Run(c.name+"/"+q.name, func(b *testing.B) {
				b.ReportAllocs()
				var hits []graph.Hit
				var err error
				for b.Loop() {
					hits, err = c.store.Search(b.Context(), q.text, nil, 10)
				}
				if err != nil {
					b.Fatalf("search %q: %v", q.text, err)
				}
				if len(hits) == 0 {
					b.Fatalf("no hits for %q", q.text)
				}
			})
		}
	}
}
