package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

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
	if err := checkExportArgs(schema.Limits{}, o); err != nil {
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

// checkExportArgs checks the numbers of an export against the limits of the
// GraphQL arguments that choose the same networks (neighborhood depth and
// limit, conceptGraph minWeight).
func checkExportArgs(lim schema.Limits, o graph.ExportOptions) error {
	for _, a := range []struct {
		name string
		v    int
	}{{"depth", o.Depth}, {"limit", o.Limit}, {"minWeight", o.MinWeight}} {
		if err := lim.CheckArg("export", a.name, a.v); err != nil {
			return err
		}
	}
	return nil
}

// export serves /export/{format}?graph=...&depth=&limit=&minWeight=: the
// graph, or one of its networks, as a file to download, bounded like the
// GraphQL fields that return the same networks (their argument limits and
// the request timeout). A response cut short by a limit says so in the
// X-Truncated header and in the file.
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	if graph.IsBibFormat(format) {
		s.exportBibliography(w, r, format)
		return
	}
	ct := graph.ExportContentType(format)
	if ct == "" {
		http.Error(w, fmt.Sprintf("unknown export format %q; want one of %s", format, strings.Join(graph.ExportFormats(), ", ")), http.StatusNotFound)
		return
	}
	sv := servedFor(r)
	lim := sv.schema.Limits()
	q := r.URL.Query()
	o := graph.ExportOptions{Graph: q.Get("graph"), Depth: 1, Limit: 200, MinWeight: 1}
	for _, p := range []struct {
		name string
		v    *int
	}{{"depth", &o.Depth}, {"limit", &o.Limit}, {"minWeight", &o.MinWeight}} {
		if raw := q.Get(p.name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				http.Error(w, fmt.Sprintf("export: %s must be an integer, not %q", p.name, truncateString(raw, 40)), http.StatusBadRequest)
				return
			}
			*p.v = n
		}
	}
	if err := checkExportArgs(lim, o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), lim.Timeout)
	defer cancel()
	var buf bytes.Buffer
	res, err := sv.view.ExportGraph(ctx, format, o, &buf)
	switch {
	case errors.Is(err, graph.ErrExportInput), errors.Is(err, graph.ErrNotFound):
		http.Error(w, schema.UserText(err.Error()), http.StatusBadRequest)
		return
	case errors.Is(err, context.DeadlineExceeded):
		http.Error(w, fmt.Sprintf("export: the export took longer than the request timeout (%s)", lim.Timeout), http.StatusServiceUnavailable)
		return
	case err != nil:
		s.log.Error("export", "format", format, "err", err, "request_id", schema.RequestID(r.Context()))
		http.Error(w, "export failed: the store could not be read (with --store postgres, is the database up?); retry in a few seconds", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": graph.ExportFileName(format, o)}))
	w.Header().Set("X-Truncated", strconv.FormatBool(res.Truncated))
	_, err = w.Write(buf.Bytes())
	s.written(r, err)
}
