package corpus_test

// Benchmarks of Load: reading, validating and extracting the mentions
// of the embedded seed corpus and of a generated corpus of 1,000 works,
// into a graph.Batch (no store). The files are read into memory first, so
// that the disk is not measured. Stable names, for benchstat; make bench
// runs them into bench/out/go-bench.txt.

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// memFS copies the files at the root of fsys into memory.
func memFS(b *testing.B, fsys fs.FS) fstest.MapFS {
	b.Helper()
	out := fstest.MapFS{}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		raw, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			b.Fatal(err)
		}
		out[e.Name()] = &fstest.MapFile{Data: raw, Mode: 0o644}
	}
	return out
}

func BenchmarkLoadCorpus(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	corpora := []struct {
		name string
		fsys fs.FS
	}{
		{"seed", memFS(b, data.FS)},
		{"synth1k", memFS(b, os.DirFS(dir))},
	}
	for _, c := range corpora {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var facts int
			for b.Loop() {
				batch := &graph.Batch{}
				if _, err := corpus.Load(c.fsys, c.name, batch); err != nil {
					b.Fatal(err)
				}
				facts = len(batch.Facts)
			}
			b.ReportMetric(float64(facts), "facts")
		})
	}
}
