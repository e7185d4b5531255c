package main

import (
	"context"
	"fmt"
	"io"
)

// runValidate checks a corpus and reports every error with its file and line.
func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("validate", stdout)
	dir := f.String("data", "", "data directory (default: the embedded corpus)")
	if err := f.parse(args); err != nil {
		return err
	}
	_, sum, err := readCorpus(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %s\n", sum)
	return nil
}
