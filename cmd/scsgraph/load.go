package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/scsgraph/scsgraph/graph"
)

// runLoad writes a corpus into a persistent store. Loading twice changes nothing.
func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("load", stderr)
	backend := f.String("store", "bolt", "store to write: bolt or postgres")
	db := f.String("db", "", "bolt file or PostgreSQL DSN")
	dir := f.String("data", "", "data directory (default: the embedded corpus)")
	base := f.String("base-iri", graph.DefaultBaseIRI, "base IRI of node ids")
	if err := f.parse(args); err != nil {
		return err
	}
	if *backend == "memory" {
		return usageError{"load: --store must be bolt or postgres: a memory store would be lost on exit"}
	}
	if f.NArg() > 0 {
		return usageError{"load: bibliography files are not supported yet"}
	}
	start := time.Now()
	b, _, err := readCorpus(*dir)
	if err != nil {
		return err
	}
	st, err := graph.Open(ctx, graph.Config{Backend: *backend, DB: *db, BaseIRI: *base})
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Write(ctx, b.Facts)
	if err != nil {
		return err
	}
	if err := st.Refresh(ctx); err != nil {
		return err
	}
	el := time.Since(start)
	stats := st.Stats()
	fmt.Fprintf(stdout, "loaded %d facts (%d quads sent) into %s in %s (%.0f quads/s); store holds %d nodes, %d edges, %d quads\n",
		len(b.Facts), n, *backend, el.Round(time.Millisecond), float64(n)/el.Seconds(), stats.Nodes, stats.Edges, stats.Quads)
	return nil
}
