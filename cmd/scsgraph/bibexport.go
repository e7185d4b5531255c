package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
)

// exportBibliography serves /export/{bibtex,csl-json,ris}: every
// publication, or those of ?concept=ID or ?author=ID. An unknown id is 404,
// an id of the wrong kind 400. The header Scsgraph-Left-Out counts the
// works left out for want of a title.
func (s *server) exportBibliography(w http.ResponseWriter, r *http.Request, format string) {
	q := r.URL.Query()
	f := graph.BibFilter{Concept: q.Get("concept"), Author: q.Get("author")}
	var buf bytes.Buffer
	rep, err := servedFor(r).store.ExportBibliography(r.Context(), format, f, &buf)
	switch {
	case errors.Is(err, graph.ErrNotFound):
		http.Error(w, fmt.Sprintf("no node %q", f.Concept+f.Author), http.StatusNotFound)
		return
	case err != nil && r.Context().Err() == nil && (f.Concept != "" || f.Author != ""):
		http.Error(w, strings.TrimPrefix(err.Error(), "graph: "), http.StatusBadRequest)
		return
	case err != nil:
		s.log.Error("export", "format", format, "err", err, "request_id", schema.RequestID(r.Context()))
		http.Error(w, "export failed; retry in a few seconds", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", graph.ExportContentType(format))
	w.Header().Set("Scsgraph-Left-Out", strconv.Itoa(len(rep.LeftOut)))
	w.Write(buf.Bytes())
}
