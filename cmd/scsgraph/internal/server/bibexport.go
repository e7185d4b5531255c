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

// exportBibliography serves /export/{bibtex,csl-json,ris}: every
// publication, or those of ?concept=ID or ?author=ID. An unknown id is 404,
// an id of the wrong kind 400. The header Scsgraph-Left-Out counts the
// works left out for want of a title.
func (s *Server) exportBibliography(w http.ResponseWriter, r *http.Request, format string) {
	q := r.URL.Query()
	f := graph.BibFilter{Concept: q.Get("concept"), Author: q.Get("author")}
	sv := servedFor(r)
	ctx, cancel := context.WithTimeout(r.Context(), sv.schema.Limits().Timeout)
	defer cancel()
	var buf bytes.Buffer
	rep, err := sv.view.ExportBibliography(ctx, format, f, &buf)
	switch {
	case errors.Is(err, graph.ErrNotFound):
		http.Error(w, fmt.Sprintf("no node %q", f.Concept+f.Author), http.StatusNotFound)
		return
	case err != nil && ctx.Err() == nil && (f.Concept != "" || f.Author != ""):
		http.Error(w, strings.TrimPrefix(err.Error(), "graph: "), http.StatusBadRequest)
		return
	case err != nil:
		s.log.Error("export", "format", format, "err", err, "request_id", schema.RequestID(r.Context()))
		http.Error(w, "export failed; retry in a few seconds", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", graph.ExportContentType(format))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": graph.ExportFileName(format, graph.ExportOptions{})}))
	w.Header().Set("Scsgraph-Left-Out", strconv.Itoa(len(rep.LeftOut)))
	_, err = w.Write(buf.Bytes())
	s.written(r, err)
}
