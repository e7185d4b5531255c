package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/scsgraph/scsgraph/cmd/scsgraph/internal/server"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
)

// runExport writes the graph, or one of its networks, in a format for other tools.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("export", stdout)
	format := f.String("format", "nquads", "one of "+strings.Join(graph.ExportFormats(), ", "))
	var o graph.ExportOptions
	f.StringVar(&o.Graph, "graph", graph.GraphStated, "the network of the graph-file formats ("+strings.Join(graph.NetworkFormats(), ", ")+"): "+strings.Join(graph.ExportGraphs(), ", "))
	f.IntVar(&o.Depth, "depth", 1, "hops of a neighborhood:ID graph")
	f.IntVar(&o.Limit, "limit", 200, "most nodes of a neighborhood:ID graph")
	f.IntVar(&o.MinWeight, "min-weight", 1, "least number of shared publications of a concepts link")
	out := f.String("out", "", "file to write (default: standard output)")
	concept := f.String("concept", "", "with --format bibtex, csl-json or ris: only the publications that mention this concept id")
	author := f.String("author", "", "with --format bibtex, csl-json or ris: only the publications of this person id")
	sf := f.storeFlags("memory", "store: memory, bolt or postgres")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := server.CheckExportArgs(schema.Limits{}, o); err != nil {
		return usageError{"export: " + schema.UserText(err.Error())}
	}
	st, v, err := openStore(ctx, sf.config(), *sf.data)
	if err != nil {
		return err
	}
	defer st.Close()
	w := stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	if graph.IsBibFormat(*format) {
		rep, err := v.ExportBibliography(ctx, *format, graph.BibFilter{Concept: *concept, Author: *author}, w)
		if err != nil {
			if file != nil {
				file.Close()
				os.Remove(*out)
			}
			return fmt.Errorf("export: %s", schema.UserText(err.Error()))
		}
		if len(rep.LeftOut) > 0 {
			fmt.Fprintf(stderr, "export: %d works written; %d left out for want of a title: %s\n", rep.Works, len(rep.LeftOut), strings.Join(rep.LeftOut, " "))
		}
		if file != nil {
			return file.Close()
		}
		return nil
	}
	if *concept != "" || *author != "" {
		return usageError{"export: --concept and --author filter the bibliography formats (bibtex, csl-json, ris) only"}
	}
	res, err := v.ExportGraph(ctx, *format, o, w)
	if err != nil {
		if file != nil {
			file.Close()
			os.Remove(*out)
		}
		return err
	}
	if res.Truncated {
		fmt.Fprintf(stderr, "scsgraph: export: the %s network was cut at --limit %d nodes (it holds %d nodes, %d edges)\n", o.Graph, o.Limit, res.Nodes, res.Edges)
	}
	if file != nil {
		return file.Close()
	}
	return nil
}
