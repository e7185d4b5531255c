package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
)

// runLoad writes a corpus, then any bibliography files (BibTeX, RIS,
// CSL-JSON, OpenAlex), into a persistent store. Each file's works are resolved
// against the corpus and the files before it. Everything is read and
// resolved before anything is written, so a failed load writes nothing.
// Loading the same input twice changes nothing.
func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("load", stdout)
	sf := f.storeFlags("bolt", "store to write: bolt or postgres")
	dryRun := f.Bool("dry-run", false, "print what would be added, merged and skipped, and write nothing")
	strict := f.Bool("strict", false, "fail on a broken bibliography record instead of skipping it")
	writer := f.String("writer", "", "how to write the store: bulk (postgres: COPY in one transaction, the default; bolt: each bucket written once, into a new file, with about twice the memory) or cayley (Cayley's writer: one INSERT per value and quad, or a bolt transaction per 5,000 quads; the default for bolt)")
	cpuProfile := f.String("cpuprofile", "", "write a CPU profile of the load to this file (for go tool pprof)")
	files, err := parseInterleaved(f, args)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *sf.backend == "memory" && !*dryRun {
		return usageError{"load: --store must be bolt or postgres: a memory store would be lost on exit"}
	}
	start := time.Now()
	b, _, err := readCorpus(*sf.data)
	if err != nil {
		return err
	}
	corpusFacts := len(b.Facts)
	cat := bib.NewCatalog()
	cat.Add(b.Facts)
	opts := bib.Options{Strict: *strict}
	warned := 0
	for _, path := range files {
		rep, err := loadBibliography(path, cat, b, opts)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, rep)
		for _, w := range rep.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		warned += rep.Count("skip", "")
	}
	b.Facts = append(b.Facts, cat.UnresolvedReferences()...)
	if *dryRun {
		fmt.Fprintf(stdout, "dry run: nothing written; would write %d facts: %d from the corpus, %d from %d bibliography files (%d broken records skipped)\n",
			len(b.Facts), corpusFacts, len(b.Facts)-corpusFacts, len(files), warned)
		return nil
	}
	cfg := sf.config()
	cfg.Writer = *writer
	st, err := graph.Create(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.WriteWithProgress(ctx, b.Facts, progressBar(stderr, len(b.Facts), start))
	if err != nil {
		return err
	}
	// The read view is built by serve and query, not here: a bulk load only
	// writes (building a view to throw away took a quarter of a bolt load of
	// 10,000 works). The count comes from the backend's own statistics.
	m, err := st.Commit(ctx)
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "loaded %d facts (%d quads sent) into %s in %s (%.0f quads/s); the store holds %d quads\n",
		len(b.Facts), n, *sf.backend, el.Round(time.Millisecond), float64(n)/el.Seconds(), m.Quads)
	return nil
}

// startCPUProfile starts a CPU profile written to path, and returns the
// function that stops it and closes the file.
func startCPUProfile(path string) (func(), error) {
	fh, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("load: --cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(fh); err != nil {
		fh.Close()
		return nil, fmt.Errorf("load: --cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		fh.Close()
	}, nil
}

// loadBibliography reads one bibliography file into b.
func loadBibliography(path string, cat *bib.Catalog, b *graph.Batch, opts bib.Options) (*bib.Report, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer fh.Close()
	return bib.Load(evidencePath(path), fh, cat, b, opts)
}

// evidencePath is the name a file's report and errors show: the path as
// typed, cleaned, so that "./x.bib" and "x.bib" are one file. The facts'
// evidence records only the file's base name and SHA-256 (see
// bib.Load), so loading it again changes nothing.
func evidencePath(path string) string { return filepath.ToSlash(filepath.Clean(path)) }

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

// progressBar returns a progress callback that redraws one line on w when w
// is a terminal, and nil (no output) otherwise.
func progressBar(w io.Writer, total int, start time.Time) func(done int) {
	file, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if info, err := file.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done int) {
		const width = 30
		filled := width * done / max(total, 1)
		rate := float64(done) / max(time.Since(start).Seconds(), 1e-9)
		fmt.Fprintf(w, "\r[%s%s] %d/%d facts, %.0f facts/s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total, rate)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
