package main

import (
	"context"
	"fmt"
	"io"

	"github.com/scsgraph/scsgraph/bench/synth"
)

// runGen writes a synthetic corpus that the normal loaders read.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("gen", stdout)
	works := f.Int("works", 1000, "number of works")
	seed := f.Uint64("seed", 1, "random seed: the same seed writes the same files")
	out := f.String("out", "", "directory to write the data files into")
	if err := f.parse(args); err != nil {
		return err
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
