package main

import (
	"context"
	"fmt"
	"os"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// readCorpus reads and validates a corpus, returning its facts. Nothing is
// returned unless the whole corpus is valid.
func readCorpus(dir string) (*graph.Batch, corpus.Summary, error) {
	if dir != "" {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return nil, corpus.Summary{}, fmt.Errorf("--data %s: no such directory (give the folder that holds publications.yaml, or leave --data out for the embedded corpus)", dir)
		}
	}
	fsys, name := data.DirFS(dir)
	b := &graph.Batch{}
	sum, err := corpus.Load(fsys, name, b)
	if err != nil {
		return nil, sum, err
	}
	return b, sum, nil
}

// openStore opens the store cfg names and builds its view. A memory store
// is filled with the corpus in dir; a persistent one serves what
// "scsgraph load" wrote to it.
func openStore(ctx context.Context, cfg graph.Config, dir string) (*graph.Store, *graph.View, error) {
	if cfg.Backend != "" && cfg.Backend != "memory" {
		return graph.OpenView(ctx, cfg)
	}
	b, _, err := readCorpus(dir)
	if err != nil {
		return nil, nil, err
	}
	return graph.Load(ctx, cfg, b.Facts)
}
