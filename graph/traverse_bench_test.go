package graph_test

// Benchmarks of loading and of the traversals, over the embedded seed corpus
// and a generated corpus of 1,000 works (data/synth). The names are stable,
// so that two runs compare with benchstat:
//
//	go test -run '^$' -bench . -count 5 ./graph > new.txt
//	benchstat old.txt new.txt
//
// make bench runs them with the others into bench/out/go-bench.txt.

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// benchCorpus is one corpus read into facts and loaded into a memory store,
// with the nodes the benchmarks ask about.
type benchCorpus struct {
	name    string
	facts   []graph.Fact
	store   *graph.View  // the view the benchmarks read
	backing *graph.Store // the memory store beneath it

	depth2           string
	pathFrom, pathTo string
	search           string
	cooccur          string
}

var (
	corporaOnce sync.Once
	corpora     []*benchCorpus
	corporaErr  error
)

// benchCorpora loads the seed and a generated 1,000-work corpus once per
// test binary; the stores live until the binary exits.
func benchCorpora(b *testing.B) []*benchCorpus {
	b.Helper()
	corporaOnce.Do(func() { corpora, corporaErr = loadBenchCorpora() })
	if corporaErr != nil {
		b.Fatal(corporaErr)
	}
	return corpora
}

func loadBenchCorpora() ([]*benchCorpus, error) {
	seed := &benchCorpus{name: "seed", depth2: "concept/blacklist", pathFrom: "person/alexander-trauth-goik",
		pathTo: "actor/ndrc", search: "credit", cooccur: "concept/blacklist"}
	if err := seed.load(data.FS, "data"); err != nil {
		return nil, err
	}
	const works = 1000
	dir, err := os.MkdirTemp("", "scsgraph-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := synth.Generate(dir, works, 1); err != nil {
		return nil, err
	}
	gen := &benchCorpus{name: "synth1k", depth2: "person/p0", pathFrom: "person/p0",
		pathTo: fmt.Sprintf("pub/w%d", works-1), cooccur: "concept/c50"}
	if err := gen.load(os.DirFS(dir), dir); err != nil {
		return nil, err
	}
	// Search for the first word of the second most used concept's label.
	c1, ok := gen.store.Node("concept/c1")
	if !ok {
		return nil, fmt.Errorf("synth1k: no concept/c1")
	}
	gen.search, _, _ = strings.Cut(c1.Label, " ")
	return []*benchCorpus{seed, gen}, nil
}

func (c *benchCorpus) load(fsys fs.FS, dir string) error {
	b := &graph.Batch{}
	if _, err := corpus.Load(fsys, dir, b); err != nil {
		return err
	}
	c.facts = b.Facts
	var err error
	c.backing, c.store, err = openMemory(c.facts)
	return err
}

// openMemory writes facts into a new memory store and builds its view.
func openMemory(facts []graph.Fact) (*graph.Store, *graph.View, error) {
	return graph.Load(context.Background(), graph.Config{Backend: "memory"}, facts)
}

// BenchmarkWriteRefresh writes a corpus's facts into a new memory store and
// builds its read view: what "serve" does at start after reading the files.
func BenchmarkWriteRefresh(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				st, _, err := openMemory(c.facts)
				if err != nil {
					b.Fatal(err)
				}
				st.Close()
			}
			b.ReportMetric(float64(len(c.facts)), "facts")
		})
	}
}

func BenchmarkNeighborhood(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		b.Run(c.name+"/depth2", func(b *testing.B) {
			b.ReportAllocs()
			var sub *graph.Subgraph
			for b.Loop() {
				var err error
				if sub, err = c.store.Neighborhood(ctx, c.depth2, 2, nil, 1000); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(sub.Nodes)), "nodes")
		})
	}
}

func BenchmarkShortestPath(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var p *graph.Path
			for b.Loop() {
				var err error
				if p, err = c.store.ShortestPath(ctx, c.pathFrom, c.pathTo, 6, 100000); err != nil {
					b.Fatal(err)
				}
			}
			if p == nil {
				b.Fatalf("no path from %s to %s", c.pathFrom, c.pathTo)
			}
			b.ReportMetric(float64(len(p.Edges)), "links")
		})
	}
}

func BenchmarkConceptGraph(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var sub *graph.Subgraph
			for b.Loop() {
				var err error
				if sub, err = c.store.ConceptGraph(ctx, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(sub.Edges)), "edges")
		})
	}
}

func BenchmarkCooccurringConcepts(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.store.CooccurringConcepts(ctx, c.cooccur); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var hits []graph.Hit
			var err error
			for b.Loop() {
				hits, err = c.store.Search(b.Context(), c.search, nil, 10)
			}
			if err != nil {
				b.Fatalf("search %q: %v", c.search, err)
			}
			if len(hits) == 0 {
				b.Fatalf("no hits for %q", c.search)
			}
		})
	}
}
