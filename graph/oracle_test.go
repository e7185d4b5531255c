package graph_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/loadertest"
)

func seedStore(t *testing.T) *graph.View { return loadertest.EmbeddedView(t) }

func allIDs(st *graph.View) []string {
	var ids []string
	for _, k := range graph.Kinds() {
		for _, n := range st.List(k) {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// TestStepMatchesCayley checks, for every node of the seed graph, that the
// expansion the traversals use (over the read view) finds exactly the edges
// Cayley's path API finds in the quad store.
func TestStepMatchesCayley(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seedStore(t)
	ids := allIDs(st)
	for _, id := range append(ids, "") {
		batch := []string{id}
		if id == "" {
			batch = ids // all at once, as a wide frontier
		}
		got, err := graph.Step(st, ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		want, err := graph.StepCayley(st, ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%v: view has %d edges, Cayley %d", batch[:1], len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%v: edge %d differs: %+v vs %+v", batch[:1], i, got[i], want[i])
			}
		}
	}
}

// TestSharedMatchesCayley checks every co-occurrence the API offers (concepts
// and actors through mentions, co-authors, related publications) against
// the same walk over Cayley's path API.
func TestSharedMatchesCayley(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seedStore(t)
	ids := func(k graph.Kind) []string {
		var out []string
		for _, n := range st.List(k) {
			out = append(out, n.ID)
		}
		return out
	}
	tests := []struct {
		name         string
		from         []string
		via          graph.Predicate
		hubIsSubject bool
		hub, target  graph.Kind
	}{
		{"concepts", ids(graph.KindConcept), graph.Mentions, true, graph.KindPublication, graph.KindConcept},
		{"actor concepts", ids(graph.KindActor), graph.Mentions, true, graph.KindPublication, graph.KindConcept},
		{"concept actors", ids(graph.KindConcept), graph.Mentions, true, graph.KindPublication, graph.KindActor},
		{"co-authors", ids(graph.KindPerson), graph.Author, true, graph.KindPublication, graph.KindPerson},
		{"related publications", ids(graph.KindPublication), graph.Mentions, false, graph.KindConcept, graph.KindPublication},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			view, cayley, err := graph.SharedBoth(st, ctx, tc.from, tc.via, tc.hubIsSubject, tc.hub, tc.target)
			if err != nil {
				t.Fatal(err)
			}
			if len(view) == 0 {
				t.Fatal("no co-occurrence at all")
			}
			if !reflect.DeepEqual(view, cayley) {
				t.Fatalf("view and Cayley differ:\nview   %v\ncayley %v", view, cayley)
			}
		})
	}
}

// distances is a plain breadth-first search over Cayley's path API: the
// length of a shortest path from id to every node it reaches.
func distances(t *testing.T, st *graph.View, id string) map[string]int {
	dist := map[string]int{id: 0}
	frontier := []string{id}
	for d := 1; len(frontier) > 0; d++ {
		edges, err := graph.StepCayley(st, context.Background(), frontier)
		if err != nil {
			t.Fatal(err)
		}
		var next []string
		for _, e := range edges {
			for _, n := range []string{e.Source, e.Target} {
				if _, ok := dist[n]; !ok && graph.KindOf(n) != graph.KindSource {
					dist[n] = d
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return dist
}

// TestShortestPathIsShortest compares the bidirectional search with a plain
// breadth-first search from every actor and concept to every node, and checks
// that each path is a chain of real edges from one end to the other.
func TestShortestPathIsShortest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seedStore(t)
	targets := allIDs(st)
	pairs := 0
	for _, k := range []graph.Kind{graph.KindActor, graph.KindConcept} {
		for _, n := range st.List(k) {
			dist := distances(t, st, n.ID)
			for _, to := range targets {
				if graph.KindOf(to) == graph.KindSource {
					continue
				}
				p, err := st.ShortestPath(ctx, n.ID, to, 10, 0)
				if err != nil {
					t.Fatal(err)
				}
				d, reachable := dist[to]
				if !reachable || d > 10 {
					if p != nil {
						t.Fatalf("%s -> %s: path %d long, but BFS finds none within 10", n.ID, to, len(p.Edges))
					}
					continue
				}
				pairs++
				if p == nil || len(p.Edges) != d {
					t.Fatalf("%s -> %s: BFS distance %d, path %v", n.ID, to, d, p)
				}
				if p.Nodes[0].ID != n.ID || p.Nodes[len(p.Nodes)-1].ID != to || len(p.Nodes) != len(p.Edges)+1 {
					t.Fatalf("%s -> %s: path ends wrong", n.ID, to)
				}
				for i, e := range p.Edges {
					a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
					if !(e.Source == a && e.Target == b || e.Source == b && e.Target == a) {
						t.Fatalf("%s -> %s: edge %d (%s-%s) does not join %s and %s", n.ID, to, i, e.Source, e.Target, a, b)
					}
				}
			}
		}
	}
	if pairs < 1000 {
		t.Fatalf("only %d connected pairs checked", pairs)
	}
}
