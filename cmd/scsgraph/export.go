package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/scsgraph/scsgraph/graph"
)

// runExport writes the whole graph in a format for other tools.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("export", stderr)
	format := f.String("format", "nquads", "one of "+fmt.Sprint(graph.ExportFormats()))
	out := f.String("out", "", "file to write (default: standard output)")
	sf := f.storeFlags("memory", "store: memory, bolt or postgres")
	if err := f.parse(args); err != nil {
		return err
	}
	st, err := openStore(ctx, sf.config(), *sf.data)
	if err != nil {
		return err
	}
	defer st.Close()
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	if err := st.Export(ctx, *format, w); err != nil {
		return err
	}
	if c, ok := w.(*os.File); ok && *out != "" {
		return c.Close()
	}
	return nil
}
