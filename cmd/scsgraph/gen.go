package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/scsgraph/scsgraph/data/synth"
)

// runGen writes a synthetic corpus that the normal loaders read.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("gen", stdout)
	works := f.Int("works", 1000, "number of works")
	seed := f.Uint64("seed", 1, "random seed: the same seed writes the same files")
	out := f.String("out", "", "directory to write the data files into")
	library := f.String("library", "", "write a BibTeX library of --works entries to `file` instead (shared surnames, initials, chapters of one book, duplicates), for scsgraph load")
	if err := f.parse(args); err != nil {
		return err
	}
	if *library != "" {
		return genLibrary(*library, *works, *seed, stdout)
	}
	if *out == "" {
		return usageError{"gen: --out DIR is required"}
	}
	sz, err := synth.Generate(*out, *works, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d works, %d people, %d concepts, %d actors, %d venues into %s\n",
		sz.Works, sz.People, sz.Concepts, sz.Actors, sz.Venues, *out)
	return nil
}

// genLibrary writes a generated BibTeX library (synth.Library) to path.
func genLibrary(path string, n int, seed uint64, stdout io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	t, err := synth.Library(f, n, seed)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d entries of %d works by %d people into %s\n", t.Entries, t.Works, t.People, path)
	return nil
}
