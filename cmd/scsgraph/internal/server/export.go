package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
)

// CheckExportArgs checks the numbers of an export against the limits of the
// GraphQL arguments that choose the same networks (neighborhood depth and
// limit, conceptGraph minWeight).
func CheckExportArgs(lim schema.Limits, o graph.ExportOptions) error {
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

// storeDownText answers an export that could not read the store.
const storeDownText = "export failed: the store could not be read (with --store postgres, is the database up?); retry in a few seconds"

// export serves /export/{format}?graph=...&depth=&limit=&minWeight=: the
// graph, or one of its networks, as a file to download, bounded like the
// GraphQL fields that return the same networks (their argument limits and
// the request timeout). A response cut short by a limit says so in the
// X-Truncated header and in the file.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
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
				http.Error(w, fmt.Sprintf("export: %s must be an integer, not %q", p.name, TruncateString(raw, 40)), http.StatusBadRequest)
				return
			}
			*p.v = n
		}
	}
	if err := CheckExportArgs(lim, o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), lim.Timeout)
	defer cancel()
	// Exports stream quads from the store itself: on PostgreSQL, what they
	// read is the graph served only if its manifest says so before and after.
	if !s.storeServed(ctx, w, sv) {
		return
	}
	var buf bytes.Buffer
	res, err := sv.view.ExportGraph(ctx, format, o, &buf)
	if err == nil && !s.storeServed(ctx, w, sv) {
		return
	}
	switch {
	case errors.Is(err, graph.ErrExportInput), errors.Is(err, graph.ErrNotFound):
		http.Error(w, schema.UserText(err.Error()), http.StatusBadRequest)
		return
	case errors.Is(err, context.DeadlineExceeded):
		http.Error(w, fmt.Sprintf("export: the export took longer than the request timeout (%s)", lim.Timeout), http.StatusServiceUnavailable)
		return
	case err != nil:
		s.log.Error("export", "format", format, "err", err, "request_id", schema.RequestID(r.Context()))
		http.Error(w, storeDownText, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": graph.ExportFileName(format, o)}))
	w.Header().Set("X-Truncated", strconv.FormatBool(res.Truncated))
	_, err = w.Write(buf.Bytes())
	s.written(r, err)
}
