package graph

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

// exporters maps each export format to its writer and content type.
var exporters = map[string]struct {
	write       func(s *Store, ctx context.Context, w io.Writer) error
	contentType string
}{
	"nquads":    {(*Store).exportNQuads, "application/n-quads"},
	"jsonld":    {(*Store).exportJSONLD, "application/ld+json"},
	"graphml":   {(*Store).exportGraphML, "application/graphml+xml"},
	"gexf":      {(*Store).exportGEXF, "application/gexf+xml"},
	"cytoscape": {(*Store).exportCytoscape, "application/json"},
	"csv-nodes": {(*Store).exportCSVNodes, "text/csv; charset=utf-8"},
	"csv-edges": {(*Store).exportCSVEdges, "text/csv; charset=utf-8"},
	"bibtex":    {wholeBibliography("bibtex"), bibFormats["bibtex"].contentType},
	"csl-json":  {wholeBibliography("csl-json"), bibFormats["csl-json"].contentType},
	"ris":       {wholeBibliography("ris"), bibFormats["ris"].contentType},
}

// ExportFormats lists the formats Export writes.
func ExportFormats() []string {
	out := make([]string, 0, len(exporters))
	for f := range exporters {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// ExportContentType is the media type of a format, "" for an unknown one.
func ExportContentType(format string) string { return exporters[format].contentType }

// Export writes the whole graph to w in format.
func (s *Store) Export(ctx context.Context, format string, w io.Writer) error {
	e, ok := exporters[format]
	if !ok {
		return fmt.Errorf("graph: export: unknown format %q (want one of %s)", format, strings.Join(ExportFormats(), ", "))
	}
	if err := e.write(s, ctx, w); err != nil {
		return fmt.Errorf("graph: export %s: %w", format, err)
	}
	return nil
}

// exportNQuads writes every quad; labels name each fact's evidence node.
func (s *Store) exportNQuads(ctx context.Context, w io.Writer) error {
	nw := nquads.NewWriter(w)
	if err := s.eachQuad(ctx, nw.WriteQuad); err != nil {
		return err
	}
	return nw.Close()
}

// JSONLDContext is the inline @context of JSON-LD exports: schema.org, SKOS,
// PROV and scs:, so that nothing is fetched from the network.
func (s *Store) JSONLDContext() map[string]any {
	return map[string]any{
		"schema": NSSchema,
		"skos":   NSSKOS,
		"prov":   NSPROV,
		"rdf":    NSRDF,
		"rdfs":   NSRDFS,
		"scs":    NSSCS,
		"id":     s.base,
	}
}

// exportJSONLD writes every quad as JSON-LD with an inline context; each
// evidence node is a named graph holding the facts it supports.
func (s *Store) exportJSONLD(ctx context.Context, w io.Writer) error {
	jw := jsonld.NewWriter(w)
	jw.SetLdContext(s.JSONLDContext())
	if err := s.eachQuad(ctx, jw.WriteQuad); err != nil {
		return err
	}
	return jw.Close()
}

// NodeJSONLD writes one node as JSON-LD: the quads about it and those that
// point at it, each in the named graph of its evidence, and the evidence
// nodes' own quads. It looks the quads up in the store's indexes rather than
// scanning them all.
func (s *Store) NodeJSONLD(ctx context.Context, id string, w io.Writer) error {
	if _, ok := s.Node(id); !ok {
		return fmt.Errorf("graph: %q: %w", id, ErrNotFound)
	}
	jw := jsonld.NewWriter(w)
	jw.SetLdContext(s.JSONLDContext())
	labels := map[quad.Value]bool{}
	keep := func(q quad.Quad) error {
		labels[q.Label] = true
		return jw.WriteQuad(q)
	}
	node := quad.IRI(s.IRI(id))
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		if err := s.quadsAt(ctx, d, node, keep); err != nil {
			return err
		}
	}
	for ev := range labels {
		if err := s.quadsAt(ctx, quad.Subject, ev, jw.WriteQuad); err != nil {
			return err
		}
	}
	return jw.Close()
}

// table is the graph as node and edge rows, for the graph file formats.
type table struct {
	nodes []*Node
	edges []*Edge
}

func (s *Store) table() table {
	var t table
	for _, k := range Kinds() {
		t.nodes = append(t.nodes, s.view.byKind[k]...)
	}
	t.edges = s.view.edges
	return t
}

func year(n *Node) string {
	if y, ok := n.Int(DatePublished); ok {
		return strconv.Itoa(y)
	}
	return ""
}

// evidenceText is an edge's evidence, one "source | url | quote | file:line" per line.
func evidenceText(es []Evidence) string {
	var lines []string
	for _, e := range es {
		at := ""
		if e.File != "" {
			at = e.File + ":" + strconv.Itoa(e.Line)
		}
		lines = append(lines, strings.Join([]string{e.Source, e.URL, e.Quote, at}, " | "))
	}
	return strings.Join(lines, "\n")
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// exportGraphML writes nodes and edges with kind, label, year, predicate,
// weight and evidence as GraphML data keys.
func (s *Store) exportGraphML(ctx context.Context, w io.Writer) error {
	type key struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	type node struct {
		ID   string    `xml:"id,attr"`
		Data []xmlData `xml:"data"`
	}
	type edge struct {
		ID     string    `xml:"id,attr"`
		Source string    `xml:"source,attr"`
		Target string    `xml:"target,attr"`
		Data   []xmlData `xml:"data"`
	}
	type graphml struct {
		XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
		Keys    []key    `xml:"key"`
		Graph   struct {
			ID          string `xml:"id,attr"`
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []node `xml:"node"`
			Edges       []edge `xml:"edge"`
		} `xml:"graph"`
	}
	g := graphml{Keys: []key{
		{"kind", "node", "kind", "string"}, {"label", "node", "label", "string"},
		{"iri", "node", "iri", "string"}, {"year", "node", "year", "string"},
		{"predicate", "edge", "predicate", "string"}, {"weight", "edge", "weight", "double"},
		{"evidence", "edge", "evidence", "string"},
	}}
	g.Graph.ID, g.Graph.EdgeDefault = "scsgraph", "directed"
	t := s.table()
	for _, n := range t.nodes {
		g.Graph.Nodes = append(g.Graph.Nodes, node{n.ID, []xmlData{
			{"kind", string(n.Kind)}, {"label", n.Label}, {"iri", n.IRI}, {"year", year(n)}}})
	}
	for i, e := range t.edges {
		g.Graph.Edges = append(g.Graph.Edges, edge{"e" + strconv.Itoa(i), e.Source, e.Target, []xmlData{
			{"predicate", e.Predicate.ShortName()}, {"weight", strconv.FormatFloat(e.Weight, 'f', -1, 64)},
			{"evidence", evidenceText(e.Evidence)}}})
	}
	return writeXML(w, g)
}

// exportGEXF writes GEXF 1.3 for Gephi.
func (s *Store) exportGEXF(ctx context.Context, w io.Writer) error {
	type attr struct {
		ID    string `xml:"id,attr"`
		Title string `xml:"title,attr"`
		Type  string `xml:"type,attr"`
	}
	type attvalue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
	type node struct {
		ID    string     `xml:"id,attr"`
		Label string     `xml:"label,attr"`
		Atts  []attvalue `xml:"attvalues>attvalue"`
	}
	type edge struct {
		ID     string     `xml:"id,attr"`
		Source string     `xml:"source,attr"`
		Target string     `xml:"target,attr"`
		Label  string     `xml:"label,attr"`
		Weight float64    `xml:"weight,attr"`
		Atts   []attvalue `xml:"attvalues>attvalue"`
	}
	type attributes struct {
		Class string `xml:"class,attr"`
		Attrs []attr `xml:"attribute"`
	}
	type gexf struct {
		XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
		Version string   `xml:"version,attr"`
		Graph   struct {
			DefaultEdgeType string       `xml:"defaultedgetype,attr"`
			Attributes      []attributes `xml:"attributes"`
			Nodes           []node       `xml:"nodes>node"`
			Edges           []edge       `xml:"edges>edge"`
		} `xml:"graph"`
	}
	g := gexf{Version: "1.3"}
	g.Graph.DefaultEdgeType = "directed"
	g.Graph.Attributes = []attributes{
		{"node", []attr{{"kind", "kind", "string"}, {"iri", "iri", "string"}, {"year", "year", "string"}}},
		{"edge", []attr{{"predicate", "predicate", "string"}, {"evidence", "evidence", "string"}}},
	}
	t := s.table()
	for _, n := range t.nodes {
		g.Graph.Nodes = append(g.Graph.Nodes, node{n.ID, n.Label, []attvalue{{"kind", string(n.Kind)}, {"iri", n.IRI}, {"year", year(n)}}})
	}
	for i, e := range t.edges {
		g.Graph.Edges = append(g.Graph.Edges, edge{"e" + strconv.Itoa(i), e.Source, e.Target, e.Predicate.ShortName(), e.Weight,
			[]attvalue{{"predicate", e.Predicate.ShortName()}, {"evidence", evidenceText(e.Evidence)}}})
	}
	return writeXML(w, g)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// exportCytoscape writes Cytoscape.js elements JSON ({elements: {nodes, edges}}).
func (s *Store) exportCytoscape(ctx context.Context, w io.Writer) error {
	type el struct {
		Data map[string]any `json:"data"`
	}
	var doc struct {
		Elements struct {
			Nodes []el `json:"nodes"`
			Edges []el `json:"edges"`
		} `json:"elements"`
	}
	t := s.table()
	doc.Elements.Nodes = make([]el, 0, len(t.nodes))
	doc.Elements.Edges = make([]el, 0, len(t.edges))
	for _, n := range t.nodes {
		d := map[string]any{"id": n.ID, "kind": string(n.Kind), "label": n.Label, "iri": n.IRI}
		if y, ok := n.Int(DatePublished); ok {
			d["year"] = y
		}
		doc.Elements.Nodes = append(doc.Elements.Nodes, el{d})
	}
	for i, e := range t.edges {
		doc.Elements.Edges = append(doc.Elements.Edges, el{map[string]any{
			"id": "e" + strconv.Itoa(i), "source": e.Source, "target": e.Target,
			"predicate": e.Predicate.ShortName(), "weight": e.Weight, "evidence": evidenceJSON(e.Evidence)}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

func evidenceJSON(es []Evidence) []map[string]any {
	out := make([]map[string]any, 0, len(es))
	for _, e := range es {
		m := map[string]any{}
		for k, v := range map[string]string{"source": e.Source, "url": e.URL, "quote": e.Quote, "file": e.File} {
			if v != "" {
				m[k] = v
			}
		}
		if e.Line > 0 {
			m["line"] = e.Line
		}
		out = append(out, m)
	}
	return out
}

// exportCSVNodes writes the node table: id, kind, label, iri, year.
func (s *Store) exportCSVNodes(ctx context.Context, w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{{"id", "kind", "label", "iri", "year"}}
	for _, n := range s.table().nodes {
		rows = append(rows, []string{n.ID, string(n.Kind), n.Label, n.IRI, year(n)})
	}
	return cw.WriteAll(rows)
}

// exportCSVEdges writes the edge table: source, target, predicate, weight, evidence.
func (s *Store) exportCSVEdges(ctx context.Context, w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{{"source", "target", "predicate", "weight", "evidence"}}
	for _, e := range s.table().edges {
		rows = append(rows, []string{e.Source, e.Target, e.Predicate.ShortName(), strconv.FormatFloat(e.Weight, 'f', -1, 64), evidenceText(e.Evidence)})
	}
	return cw.WriteAll(rows)
}
