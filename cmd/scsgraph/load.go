package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// runLoad writes a corpus, then any bibliography files (BibTeX, CSL-JSON,
// OpenAlex), into a persistent store. Each file's works are resolved
// against the corpus and the files before it. Everything is read and
// resolved before anything is written, so a failed load writes nothing.
// Loading the same input twice changes nothing.
func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("load", stderr)
	backend := f.String("store", "bolt", "store to write: bolt or postgres")
	db := f.String("db", "", "bolt file or PostgreSQL DSN")
	dir := f.String("data", "", "data directory (default: the embedded corpus)")
	base := f.String("base-iri", graph.DefaultBaseIRI, "base IRI of node ids")
	dryRun := f.Bool("dry-run", false, "print what would be added, merged and skipped, and write nothing")
	strict := f.Bool("strict", false, "fail on a broken bibliography record instead of skipping it")
	files, err := parseInterleaved(f, args)
	if err != nil {
		return err
	}
	if *backend == "memory" && !*dryRun {
		return usageError{"load: --store must be bolt or postgres: a memory store would be lost on exit"}
	}
	start := time.Now()
	b, _, err := readCorpus(*dir)
	if err != nil {
		return err
	}
	corpusFacts := len(b.Facts)
	cat := loaders.NewCatalog()
	cat.Add(b.Facts)
	opts := loaders.BibOptions{Strict: *strict}
	warned := 0
	for _, path := range files {
		rep, err := loadBibliography(path, cat, b, opts)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, rep)
		for _, w := range rep.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
			warned++
		}
	}
	if *dryRun {
		fmt.Fprintf(stdout, "dry run: nothing written; would write %d facts: %d from the corpus, %d from %d bibliography files (%d broken records skipped)\n",
			len(b.Facts), corpusFacts, len(b.Facts)-corpusFacts, len(files), warned)
		return nil
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

// loadBibliography reads one bibliography file into b.
func loadBibliography(path string, cat *loaders.Catalog, b *graph.Batch, opts loaders.BibOptions) (*loaders.BibReport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer fh.Close()
	return loaders.LoadBibliography(path, fh, cat, b, opts)
}

// parseInterleaved parses flags that may come before, between or after
// the file arguments ("load FILE --dry-run"), and returns the files.
func parseInterleaved(f *flags, args []string) ([]string, error) {
	var files []string
	for {
		if err := f.parse(args); err != nil {
			return nil, err
		}
		if f.NArg() == 0 {
			return files, nil
		}
		files = append(files, f.Arg(0))
		args = f.Args()[1:]
	}
}
