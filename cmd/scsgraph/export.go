package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// runExport writes the whole graph in a format for other tools.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("export", stderr)
	format := f.String("format", "nquads", "one of "+fmt.Sprint(graph.ExportFormats()))
	out := f.String("out", "", "file to write (default: standard output)")
	concept := f.String("concept", "", "with --format bibtex, csl-json or ris: only the publications that mention this concept id")
	author := f.String("author", "", "with --format bibtex, csl-json or ris: only the publications of this person id")
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
	if graph.IsBibFormat(*format) {
		rep, err := st.ExportBibliography(ctx, *format, graph.BibFilter{Concept: *concept, Author: *author}, w)
		if err != nil {
			return fmt.Errorf("export: %s", strings.TrimPrefix(err.Error(), "graph: "))
		}
		if len(rep.LeftOut) > 0 {
			fmt.Fprintf(stderr, "export: %d works written; %d left out for want of a title: %s\n", rep.Works, len(rep.LeftOut), strings.Join(rep.LeftOut, " "))
		}
	} else if *concept != "" || *author != "" {
		return fmt.Errorf("export: --concept and --author filter the bibliography formats (bibtex, csl-json, ris) only")
	} else if err := st.Export(ctx, *format, w); err != nil {
		return err
	}
	if c, ok := w.(*os.File); ok && *out != "" {
		return c.Close()
	}
	return nil
}
