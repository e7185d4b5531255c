package graph_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// TestCooccurringLimit checks that a limit keeps the first of the whole
// ranking, in its order, for every limit up to past its end, every measure,
// and the most linked concepts and actors of the seed.
func TestCooccurringLimit(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	ctx := context.Background()
	for _, id := range []string{"concept/blacklist", "concept/social-credit-system", "actor/pboc", "actor/ndrc"} {
		for _, m := range graph.Measures() {
			o := graph.NetworkOptions{Kinds: []graph.Kind{graph.KindConcept, graph.KindActor}, Measure: m}
			all, err := st.Cooccurring(ctx, id, graph.Mentions, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) < 3 {
				t.Fatalf("%s: %d co-occurring nodes, too few to test a limit", id, len(all))
			}
			for limit := 1; limit <= len(all)+1; limit++ {
				t.Run(fmt.Sprintf("%s/%s/%d", id, m, limit), func(t *testing.T) {
					o.Limit = limit
					got, err := st.Cooccurring(ctx, id, graph.Mentions, o)
					if err != nil {
						t.Fatal(err)
					}
					if want := all[:min(limit, len(all))]; !reflect.DeepEqual(got, want) {
						t.Errorf("limit %d: got %v, want %v", limit, got, want)
					}
				})
			}
		}
	}
}
