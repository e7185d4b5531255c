package graph_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// simplePaths enumerates every loopless chain of links from one node to
// another, at most maxLength long, by depth-first search over the store's
// edges, skipping source nodes, the avoided kinds between the ends and the
// avoided predicates. Each chain is its node ids joined by spaces; chains
// that differ only in which of two parallel links they take count once.
func simplePaths(st *graph.View, from, to string, maxLength int, avoidKinds []graph.Kind, avoidPreds []graph.Predicate) map[string]int {
	out := map[string]int{}
	on := map[string]bool{from: true}
	chain := []string{from}
	var walk func(at string)
	walk = func(at string) {
		if at == to {
			out[strings.Join(chain, " ")] = len(chain) - 1
			return
		}
		if len(chain)-1 == maxLength {
			return
		}
		for _, e := range st.EdgesOf(at) {
			n := e.Target
			if n == at {
				n = e.Source
			}
			k := graph.KindOf(n)
			if on[n] || k == graph.KindSource || slices.Contains(avoidPreds, e.Predicate) || n != to && slices.Contains(avoidKinds, k) {
				continue
			}
			on[n] = true
			chain = append(chain, n)
			walk(n)
			chain = chain[:len(chain)-1]
			on[n] = false
		}
	}
	walk(from)
	return out
}

// TestPathsAgainstBruteForce compares path and paths with an enumeration of
// every loopless chain on the seed graph, for pairs of concepts, actors and
// claims, plain, skipping people, and skipping authorship: paths returns the
// k shortest chains (their lengths are the k smallest), each distinct and
// real, and path a shortest one.
func TestPathsAgainstBruteForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seedStore(t)
	var ends []string
	for _, k := range []graph.Kind{graph.KindConcept, graph.KindActor, graph.KindClaim} {
		for i, n := range st.List(k) {
			if i%3 == 0 {
				ends = append(ends, n.ID)
			}
		}
	}
	const maxLength, k = 4, 4
	options := []struct {
		name  string
		kinds []graph.Kind
		preds []graph.Predicate
	}{
		{"plain", nil, nil},
		{"avoid people", []graph.Kind{graph.KindPerson}, nil},
		{"avoid authorship", nil, []graph.Predicate{graph.Author}},
		{"avoid people and venues, and mentions", []graph.Kind{graph.KindPerson, graph.KindVenue}, []graph.Predicate{graph.Mentions}},
	}
	pairs, multi, differs := 0, 0, 0
	for _, o := range options {
		opts := graph.PathOptions{MaxLength: maxLength, AvoidKinds: o.kinds, AvoidPredicates: o.preds}
		for i, from := range ends {
			for _, to := range ends[i+1:] {
				all := simplePaths(st, from, to, maxLength, o.kinds, o.preds)
				var lengths []int
				for _, l := range all {
					lengths = append(lengths, l)
				}
				sort.Ints(lengths)
				got, err := st.Paths(ctx, from, to, k, opts)
				if err != nil {
					t.Fatal(err)
				}
				want := lengths[:min(k, len(lengths))]
				var gotLengths []int
				seen := map[string]bool{}
				for _, p := range got {
					var ids []string
					for _, n := range p.Nodes {
						ids = append(ids, n.ID)
					}
					key := strings.Join(ids, " ")
					if _, ok := all[key]; !ok {
						t.Fatalf("%s: %s -> %s: %q is not an allowed loopless chain", o.name, from, to, key)
					}
					if seen[key] {
						t.Fatalf("%s: %s -> %s: %q twice", o.name, from, to, key)
					}
					seen[key] = true
					for j, e := range p.Edges {
						a, b := ids[j], ids[j+1]
						if !(e.Source == a && e.Target == b || e.Source == b && e.Target == a) || slices.Contains(o.preds, e.Predicate) {
							t.Fatalf("%s: %s -> %s: edge %d (%s %s %s) does not join %s and %s as allowed", o.name, from, to, j, e.Source, e.Predicate.ShortName(), e.Target, a, b)
						}
					}
					gotLengths = append(gotLengths, len(p.Edges))
				}
				if !slices.Equal(gotLengths, want) {
					t.Fatalf("%s: %s -> %s: paths of lengths %v; the %d shortest of the %d chains have %v", o.name, from, to, gotLengths, k, len(all), want)
				}
				one, err := st.ShortestPathWith(ctx, from, to, opts)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case len(lengths) == 0 && one != nil, len(lengths) > 0 && (one == nil || len(one.Edges) != lengths[0]):
					t.Fatalf("%s: %s -> %s: path %v; brute force finds lengths %v", o.name, from, to, one, want)
				case one != nil:
					var ids []string
					for _, n := range one.Nodes {
						ids = append(ids, n.ID)
					}
					if _, ok := all[strings.Join(ids, " ")]; !ok {
						t.Fatalf("%s: %s -> %s: path %v is not an allowed chain", o.name, from, to, ids)
					}
				}
				if len(lengths) > 0 {
					pairs++
				}
				if len(got) > 1 {
					multi++
				}
				if o.name != "plain" {
					if plain := simplePaths(st, from, to, maxLength, nil, nil); len(plain) != len(all) {
						differs++
					}
				}
			}
		}
	}
	t.Logf("%d connected pairs, %d with several paths, %d where avoiding changed the chains", pairs, multi, differs)
	if pairs < 200 || multi < 100 || differs < 100 {
		t.Fatalf("too few cases: %d connected pairs, %d with several paths, %d changed by avoiding", pairs, multi, differs)
	}
}

// TestPathsDeterministic asks for the same paths again: the answer must not
// vary (responses are cached by request, and users compare).
func TestPathsDeterministic(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	key := func(ps []*graph.Path) string {
		var b strings.Builder
		for _, p := range ps {
			for _, e := range p.Edges {
				b.WriteString(e.Source + " " + e.Predicate.ShortName() + " " + e.Target + "; ")
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	concepts, actors := st.List(graph.KindConcept), st.List(graph.KindActor)
	for i := 0; i < min(len(concepts), len(actors)); i++ {
		o := graph.PathOptions{MaxLength: 6}
		a, err := st.Paths(context.Background(), concepts[i].ID, actors[i].ID, 5, o)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			b, _ := st.Paths(context.Background(), concepts[i].ID, actors[i].ID, 5, o)
			if key(a) != key(b) {
				t.Fatalf("%s -> %s: the paths vary:\n%s\n%s", concepts[i].ID, actors[i].ID, key(a), key(b))
			}
		}
	}
}

// TestPathsBounded checks that paths obey the node budget, stop when the
// context is done, and refuse unknown ids.
func TestPathsBounded(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	from, to := st.List(graph.KindConcept)[0].ID, st.List(graph.KindActor)[0].ID
	if _, err := st.Paths(context.Background(), from, to, 3, graph.PathOptions{MaxLength: 6, Budget: 5}); err == nil || !strings.Contains(err.Error(), graph.ErrBudget.Error()) {
		t.Errorf("budget 5: err %v, want %v", err, graph.ErrBudget)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.Paths(ctx, from, to, 3, graph.PathOptions{MaxLength: 6}); err == nil {
		t.Error("a cancelled context gave no error")
	}
	if _, err := st.Paths(context.Background(), "concept/nope", to, 3, graph.PathOptions{MaxLength: 6}); err == nil {
		t.Error("an unknown id gave no error")
	}
	if ps, err := st.Paths(context.Background(), from, from, 3, graph.PathOptions{MaxLength: 6}); err != nil || len(ps) != 1 || len(ps[0].Edges) != 0 {
		t.Errorf("from a node to itself: %v, %v; want one path of length 0", ps, err)
	}
}
