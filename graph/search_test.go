package graph_test

import (
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// TestSearchTopMatchesFullRanking checks the short top list of Search (first
// <= 64, which keeps a running top list and skips names that cannot reach
// it) against the full ranking (first > 64, which scores every match and
// sorts), for words, prefixes and whole labels of the seed and of a
// generated corpus.
func TestSearchTopMatchesFullRanking(t *testing.T) {
	t.Parallel()
	corporaOnce.Do(func() { corpora, corporaErr = loadBenchCorpora() })
	if corporaErr != nil {
		t.Fatal(corporaErr)
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var queries []string
			for _, k := range []graph.Kind{graph.KindConcept, graph.KindActor, graph.KindPerson} {
				for i, n := range c.store.List(k) {
					if i%7 != 0 {
						continue
					}
					word, _, _ := strings.Cut(n.Label, " ")
					queries = append(queries, n.Label, word, word[:min(len(word), 3)])
				}
			}
			compared := 0
			for _, q := range queries {
				for _, first := range []int{1, 10} {
					top, err := c.store.Search(t.Context(), q, nil, first)
					if err != nil {
						t.Fatalf("search %q first %d: %v", q, first, err)
					}
					all, err := c.store.Search(t.Context(), q, nil, 100)
					if err != nil {
						t.Fatalf("search %q: %v", q, err)
					}
					want := all[:min(first, len(all))]
					if len(top) != len(want) {
						t.Fatalf("search %q first %d: %d hits, want %d", q, first, len(top), len(want))
					}
					for i := range top {
						if top[i].Node.ID != want[i].Node.ID || top[i].Score != want[i].Score {
							t.Errorf("search %q first %d: hit %d is %s (%.0f), want %s (%.0f)", q, first, i,
								top[i].Node.ID, top[i].Score, want[i].Node.ID, want[i].Score)
						}
					}
					compared += len(top)
				}
			}
			if compared < 100 {
				t.Errorf("only %d hits compared; the test checks too little", compared)
			}
		})
	}
}
