package graph

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

// exporters maps each format that writes the whole store (its quads, with
// their evidence) to its writer and content type.
var exporters = map[string]struct {
	write       func(s *View, ctx context.Context, w io.Writer) error
	contentType string
}{
	"nquads":   {(*View).exportNQuads, "application/n-quads"},
	"jsonld":   {(*View).exportJSONLD, "application/ld+json"},
	"bibtex":   {wholeBibliography("bibtex"), bibFormats["bibtex"].contentType},
	"csl-json": {wholeBibliography("csl-json"), bibFormats["csl-json"].contentType},
	"ris":      {wholeBibliography("ris"), bibFormats["ris"].contentType},
}

// networkExporters maps each graph-file format, which writes one network
// (ExportOptions.Graph), to its writer, content type and file extension.
var networkExporters = map[string]struct {
	write       func(n *network, w io.Writer) error
	contentType string
	ext         string
}{
	"graphml":   {writeGraphML, "application/graphml+xml", "graphml"},
	"gexf":      {writeGEXF, "application/gexf+xml", "gexf"},
	"cytoscape": {writeCytoscape, "application/json", "cyjs"},
	"csv-nodes": {writeCSVNodes, "text/csv; charset=utf-8", "nodes.csv"},
	"csv-edges": {writeCSVEdges, "text/csv; charset=utf-8", "edges.csv"},
}

// fileExt is the file extension of the formats whose name is not one.
var fileExt = map[string]string{"nquads": "nq", "bibtex": "bib", "csl-json": "json"}

// ExportFormats lists the formats Export writes.
func ExportFormats() []string {
	out := make([]string, 0, len(exporters)+len(networkExporters))
	for f := range exporters {
		out = append(out, f)
	}
	for f := range networkExporters {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// NetworkFormats lists the graph-file formats, those that write any of the
// ExportGraphs rather than the whole store.
func NetworkFormats() []string {
	out := make([]string, 0, len(networkExporters))
	for f := range networkExporters {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// ExportContentType is the media type of a format, "" for an unknown one.
func ExportContentType(format string) string {
	if e, ok := networkExporters[format]; ok {
		return e.contentType
	}
	return exporters[format].contentType
}

// ExportFileName is the file name an export is offered under:
// scsgraph-concepts.gexf, scsgraph-neighborhood-actor-pboc.nodes.csv.
func ExportFileName(format string, o ExportOptions) string {
	ext := format
	if e, ok := networkExporters[format]; ok {
		ext = e.ext
	} else if x, ok := fileExt[format]; ok {
		ext = x
	}
	name := o.graph()
	if _, ok := networkExporters[format]; !ok {
		name = GraphStated
		if IsBibFormat(format) {
			name = "publications"
		}
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
	return "scsgraph-" + name + "." + ext
}

// The networks a graph-file export can hold (ExportOptions.Graph).
const (
	GraphStated       = "stated"        // every node and stated link
	GraphConcepts     = "concepts"      // the concept co-occurrence network
	GraphCoauthors    = "coauthors"     // the co-author network
	GraphCitations    = "citations"     // publications and the citations among them
	GraphNeighborhood = "neighborhood:" // followed by a node id: its ego network
)

// ExportGraphs lists the networks an export can hold, for help texts.
func ExportGraphs() []string {
	return []string{GraphStated, GraphConcepts, GraphCoauthors, GraphCitations, GraphNeighborhood + "ID"}
}

// ExportOptions choose the network a graph-file export holds. Zero values
// take the defaults of the GraphQL fields that return the same networks.
type ExportOptions struct {
	Graph     string // one of ExportGraphs; "" is stated
	Depth     int    // hops of a neighborhood; default 1
	Limit     int    // most nodes of a neighborhood; default 200
	MinWeight int    // least weight of a concept co-occurrence; default 1
}

func (o ExportOptions) graph() string {
	if o.Graph == "" {
		return GraphStated
	}
	return o.Graph
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Nodes, Edges int
	Truncated    bool // a limit cut the network short (a neighborhood's Limit)
}

// ErrExportInput marks an export asked for wrongly: an unknown format or
// graph, or a graph the format cannot hold.
var ErrExportInput = errors.New("export")

// Export writes the whole stated graph to w in format.
func (s *View) Export(ctx context.Context, format string, w io.Writer) error {
	_, err := s.ExportGraph(ctx, format, ExportOptions{}, w)
	return err
}

// ExportGraph writes the network o names to w in format. The whole-store
// formats (N-Quads, JSON-LD) write only the stated graph.
func (s *View) ExportGraph(ctx context.Context, format string, o ExportOptions, w io.Writer) (ExportResult, error) {
	if e, ok := exporters[format]; ok {
		if o.graph() != GraphStated {
			return ExportResult{}, fmt.Errorf("%w: the %s format writes the whole stated graph; --graph %s needs one of %s",
				ErrExportInput, format, o.graph(), strings.Join(NetworkFormats(), ", "))
		}
		if err := e.write(s, ctx, w); err != nil {
			return ExportResult{}, fmt.Errorf("export %s: %w", format, err)
		}
		st := s.Stats()
		return ExportResult{Nodes: st.Nodes, Edges: st.Edges}, nil
	}
	e, ok := networkExporters[format]
	if !ok {
		return ExportResult{}, fmt.Errorf("%w: unknown format %q (want one of %s)", ErrExportInput, format, strings.Join(ExportFormats(), ", "))
	}
	n, err := s.network(ctx, o)
	if err != nil {
		return ExportResult{}, err
	}
	if err := e.write(n, w); err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", format, err)
	}
	return ExportResult{Nodes: len(n.Nodes), Edges: len(n.Edges), Truncated: n.Truncated}, nil
}

// exportNQuads writes every quad, then the qualified authorships; labels
// name each fact's evidence node.
func (s *View) exportNQuads(ctx context.Context, w io.Writer) error {
	nw := nquads.NewWriter(w)
	write := func(q quad.Quad) error {
		q.Object = absoluteDatatype(q.Object)
		return nw.WriteQuad(q)
	}
	if err := s.eachQuad(ctx, write); err != nil {
		return err
	}
	if err := s.eachAuthorship(s.view.byKind[KindPublication], write); err != nil {
		return err
	}
	return nw.Close()
}

// absoluteDatatype writes Cayley's typed literals, whose datatype it
// prints as a prefixed name (<xsd:integer>), with the absolute datatype
// IRI that N-Quads requires.
func absoluteDatatype(v quad.Value) quad.Value {
	switch x := v.(type) {
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(x), 10)), Type: quad.IRI(NSXSD + "integer")}
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(x))), Type: quad.IRI(NSXSD + "boolean")}
	case quad.Float:
		return quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(x), 'g', -1, 64)), Type: quad.IRI(NSXSD + "double")}
	}
	return v
}

// eachAuthorship calls fn with the quads of a qualified authorship for each
// author of each publication whose byline order a source gives:
//
//	<pub> prov:qualifiedAttribution <pub#author-N> .
//	<pub#author-N> a prov:Attribution ; prov:agent <person> ; schema:position N .
//
// in the named graph of the evidence of the author order. A publication
// whose order no source gives gets no positions.
func (s *View) eachAuthorship(pubs []*Node, fn func(quad.Quad) error) error {
	for _, n := range pubs {
		p, ok := s.Publication(n.ID)
		evs := n.evidenceOf(AuthorOrder)
		if !ok || !p.AuthorOrderKnown || len(evs) == 0 {
			continue
		}
		label := quad.IRI(s.IRI(s.view.evIDs[evs[0].ev]))
		for i, person := range p.Authors {
			a := quad.IRI(s.IRI(n.ID) + "#author-" + strconv.Itoa(i+1))
			for _, q := range []quad.Quad{
				{Subject: quad.IRI(s.IRI(n.ID)), Predicate: quad.IRI(QualifiedAttribution), Object: a, Label: label},
				{Subject: a, Predicate: quad.IRI(RDFType), Object: quad.IRI(ClassAttribution), Label: label},
				{Subject: a, Predicate: quad.IRI(Agent), Object: quad.IRI(s.IRI(person)), Label: label},
				{Subject: a, Predicate: quad.IRI(Position), Object: quad.TypedString{Value: quad.String(strconv.Itoa(i + 1)), Type: quad.IRI(NSXSD + "integer")}, Label: label},
			} {
				if err := fn(q); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// JSONLDContext is the inline @context of JSON-LD exports: schema.org, SKOS,
// PROV and scs:, so that nothing is fetched from the network.
func (s *View) JSONLDContext() map[string]any {
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
func (s *View) exportJSONLD(ctx context.Context, w io.Writer) error {
	jw := jsonld.NewWriter(w)
	jw.SetLdContext(s.JSONLDContext())
	if err := s.eachQuad(ctx, jw.WriteQuad); err != nil {
		return err
	}
	if err := s.eachAuthorship(s.view.byKind[KindPublication], jw.WriteQuad); err != nil {
		return err
	}
	return jw.Close()
}

// NodeJSONLD writes one node as JSON-LD: the quads about it and those that
// point at it, each in the named graph of its evidence, and the evidence
// nodes' own quads. It looks the quads up in the store's indexes rather than
// scanning them all.
func (s *View) NodeJSONLD(ctx context.Context, id string, w io.Writer) error {
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
	if n, _ := s.Node(id); n.Kind == KindPublication {
		if err := s.eachAuthorship([]*Node{n}, keep); err != nil {
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

// APIName is the kind's name as GraphQL and every export show it:
// PUBLICATION, CONCEPT.
func (k Kind) APIName() string {
	if k == KindPublication {
		return "PUBLICATION"
	}
	return strings.ToUpper(string(k))
}

// network is a subgraph ready to write: its name, whether its links have a
// direction, and the first year of each node and edge, for timelines.
type network struct {
	*Subgraph
	name      string
	directed  bool
	nodeStart map[string]int // the year a node first appears; absent when unknown
	edgeStart map[*Edge]int
	pubYear   map[string]int // the year of each publication that has one
}

// statedGraph is every node the API shows and every stated link.
func (s *View) statedGraph() *Subgraph {
	sub := &Subgraph{Edges: s.view.outPtr}
	for _, k := range Kinds() {
		sub.Nodes = append(sub.Nodes, s.view.byKind[k]...)
	}
	return sub
}

// network builds the network o names, with the same defaults and the same
// truncation as the GraphQL field that returns it.
func (s *View) network(ctx context.Context, o ExportOptions) (*network, error) {
	g := o.graph()
	var sub *Subgraph
	var err error
	directed := true
	switch {
	case g == GraphStated:
		sub = s.statedGraph()
	case g == GraphConcepts:
		sub, err = s.ConceptGraph(ctx, max(o.MinWeight, 1))
		directed = false
	case g == GraphCoauthors:
		sub, err = s.CoauthorGraph(ctx)
		directed = false
	case g == GraphCitations:
		sub, err = s.CitationGraph(ctx)
	case strings.HasPrefix(g, GraphNeighborhood):
		id := strings.TrimPrefix(g, GraphNeighborhood)
		if _, ok := s.Node(id); !ok {
			return nil, fmt.Errorf("%w: graph %s: no node has the id %q", ErrExportInput, g, id)
		}
		depth, limit := o.Depth, o.Limit
		if depth <= 0 {
			depth = 1
		}
		if limit <= 0 {
			limit = 200
		}
		sub, err = s.Neighborhood(ctx, id, depth, nil, limit)
	default:
		return nil, fmt.Errorf("%w: unknown graph %q (want one of %s)", ErrExportInput, g, strings.Join(ExportGraphs(), ", "))
	}
	if err != nil {
		return nil, err
	}
	n := &network{Subgraph: sub, name: g, directed: directed,
		nodeStart: map[string]int{}, edgeStart: map[*Edge]int{}, pubYear: map[string]int{}}
	for i, node := range sub.Nodes {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if y, ok := s.firstYear(node); ok {
			n.nodeStart[node.ID] = y
		}
		if y, ok := node.Int(DatePublished); ok && node.Kind == KindPublication {
			n.pubYear[node.ID] = y
		}
	}
	for i, e := range sub.Edges {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if y, ok := s.edgeStart(e); ok {
			n.edgeStart[e] = y
		}
	}
	return n, ctx.Err()
}

// edgeStart is the year a link first holds: the earliest year of the
// publications at its ends or among its evidence (the shared publications of
// a derived link). It is unknown when none has a year.
func (s *View) edgeStart(e *Edge) (int, bool) {
	best, found := 0, false
	consider := func(id string) {
		if KindOf(id) != KindPublication {
			return
		}
		if n := s.view.node(id); n != nil {
			if y, ok := n.Int(DatePublished); ok && (!found || y < best) {
				best, found = y, true
			}
		}
	}
	consider(e.Source)
	consider(e.Target)
	for _, ev := range e.Evidence {
		consider(ev.Source)
	}
	return best, found
}

// description is a network's one-line description, for file metadata.
func (n *network) description() string {
	d := "scsgraph " + n.name + " network: " + strconv.Itoa(len(n.Nodes)) + " nodes, " + strconv.Itoa(len(n.Edges)) + " edges"
	if n.Truncated {
		d += " (truncated: a limit cut it short)"
	}
	return d
}

func (n *network) edgeType() string {
	if n.directed {
		return "directed"
	}
	return "undirected"
}

func weightString(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

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

// writeGraphML writes GraphML with typed keys: kind, label and iri as
// strings, year and start (the first year) as integers, weight as a double;
// the graph's own data says whether a limit truncated it.
func writeGraphML(n *network, w io.Writer) error {
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
			ID          string    `xml:"id,attr"`
			EdgeDefault string    `xml:"edgedefault,attr"`
			Data        []xmlData `xml:"data"`
			Nodes       []node    `xml:"node"`
			Edges       []edge    `xml:"edge"`
		} `xml:"graph"`
	}
	g := graphml{Keys: []key{
		{"name", "graph", "name", "string"}, {"truncated", "graph", "truncated", "boolean"},
		{"kind", "node", "kind", "string"}, {"label", "node", "label", "string"},
		{"iri", "node", "iri", "string"}, {"year", "node", "year", "int"}, {"start", "node", "start", "int"},
		{"predicate", "edge", "predicate", "string"}, {"weight", "edge", "weight", "double"},
		{"evidence", "edge", "evidence", "string"}, {"estart", "edge", "start", "int"},
	}}
	g.Graph.ID, g.Graph.EdgeDefault = "scsgraph", n.edgeType()
	g.Graph.Data = []xmlData{{"name", n.name}, {"truncated", strconv.FormatBool(n.Truncated)}}
	for _, nd := range n.Nodes {
		data := []xmlData{{"kind", nd.Kind.APIName()}, {"label", nd.Label}, {"iri", nd.IRI}}
		if y, ok := n.pubYear[nd.ID]; ok {
			data = append(data, xmlData{"year", strconv.Itoa(y)})
		}
		if y, ok := n.nodeStart[nd.ID]; ok {
			data = append(data, xmlData{"start", strconv.Itoa(y)})
		}
		g.Graph.Nodes = append(g.Graph.Nodes, node{nd.ID, data})
	}
	for i, e := range n.Edges {
		data := []xmlData{{"predicate", e.Predicate.ShortName()}, {"weight", weightString(e.Weight)}, {"evidence", evidenceText(e.Evidence)}}
		if y := n.edgeYear(e); y != "" {
			data = append(data, xmlData{"estart", y})
		}
		g.Graph.Edges = append(g.Graph.Edges, edge{"e" + strconv.Itoa(i), e.Source, e.Target, data})
	}
	return writeXML(w, g)
}

// writeGEXF writes GEXF 1.2 (the 1.2draft namespace), the version both
// Gephi and networkx read: typed attributes (year an integer, weight a
// double) and, as a dynamic graph with integer time, the year each node and
// edge first appears as its start, so that Gephi's timeline works.
func writeGEXF(n *network, w io.Writer) error {
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
		Start string     `xml:"start,attr,omitempty"`
		Atts  []attvalue `xml:"attvalues>attvalue"`
	}
	type edge struct {
		ID     string     `xml:"id,attr"`
		Source string     `xml:"source,attr"`
		Target string     `xml:"target,attr"`
		Label  string     `xml:"label,attr"`
		Weight float64    `xml:"weight,attr"`
		Start  string     `xml:"start,attr,omitempty"`
		Atts   []attvalue `xml:"attvalues>attvalue"`
	}
	type attributes struct {
		Class string `xml:"class,attr"`
		Attrs []attr `xml:"attribute"`
	}
	type gexf struct {
		XMLName xml.Name `xml:"http://www.gexf.net/1.2draft gexf"`
		Version string   `xml:"version,attr"`
		Meta    struct {
			Creator     string `xml:"creator"`
			Description string `xml:"description"`
		} `xml:"meta"`
		Graph struct {
			Mode            string       `xml:"mode,attr"`
			TimeFormat      string       `xml:"timeformat,attr"`
			DefaultEdgeType string       `xml:"defaultedgetype,attr"`
			Attributes      []attributes `xml:"attributes"`
			Nodes           []node       `xml:"nodes>node"`
			Edges           []edge       `xml:"edges>edge"`
		} `xml:"graph"`
	}
	g := gexf{Version: "1.2"}
	g.Meta.Creator, g.Meta.Description = "scsgraph", n.description()
	g.Graph.Mode, g.Graph.TimeFormat, g.Graph.DefaultEdgeType = "dynamic", "integer", n.edgeType()
	g.Graph.Attributes = []attributes{
		{"node", []attr{{"kind", "kind", "string"}, {"iri", "iri", "string"}, {"year", "year", "integer"}}},
		{"edge", []attr{{"predicate", "predicate", "string"}, {"evidence", "evidence", "string"}}},
	}
	for _, nd := range n.Nodes {
		atts := []attvalue{{"kind", nd.Kind.APIName()}, {"iri", nd.IRI}}
		if y := yearCell(n.pubYear, nd.ID); y != "" {
			atts = append(atts, attvalue{"year", y})
		}
		g.Graph.Nodes = append(g.Graph.Nodes, node{nd.ID, nd.Label, yearCell(n.nodeStart, nd.ID), atts})
	}
	for i, e := range n.Edges {
		g.Graph.Edges = append(g.Graph.Edges, edge{"e" + strconv.Itoa(i), e.Source, e.Target, e.Predicate.ShortName(), e.Weight, n.edgeYear(e),
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

// writeCytoscape writes Cytoscape.js elements JSON ({data, elements: {nodes,
// edges}}); the top-level data names the network and says whether a limit
// truncated it.
func writeCytoscape(n *network, w io.Writer) error {
	type el struct {
		Data map[string]any `json:"data"`
	}
	var doc struct {
		Data     map[string]any `json:"data"`
		Elements struct {
			Nodes []el `json:"nodes"`
			Edges []el `json:"edges"`
		} `json:"elements"`
	}
	doc.Data = map[string]any{"name": n.name, "directed": n.directed, "truncated": n.Truncated}
	doc.Elements.Nodes = make([]el, 0, len(n.Nodes))
	doc.Elements.Edges = make([]el, 0, len(n.Edges))
	for _, nd := range n.Nodes {
		d := map[string]any{"id": nd.ID, "kind": nd.Kind.APIName(), "label": nd.Label, "iri": nd.IRI}
		if y, ok := n.pubYear[nd.ID]; ok {
			d["year"] = y
		}
		if y, ok := n.nodeStart[nd.ID]; ok {
			d["start"] = y
		}
		doc.Elements.Nodes = append(doc.Elements.Nodes, el{d})
	}
	for i, e := range n.Edges {
		d := map[string]any{
			"id": "e" + strconv.Itoa(i), "source": e.Source, "target": e.Target,
			"predicate": e.Predicate.ShortName(), "weight": e.Weight, "evidence": evidenceJSON(e.Evidence)}
		if y, ok := n.edgeStart[e]; ok {
			d["start"] = y
		}
		doc.Elements.Edges = append(doc.Elements.Edges, el{d})
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

// yearCell is a year as a CSV cell, empty when unknown.
func yearCell(m map[string]int, id string) string {
	if y, ok := m[id]; ok {
		return strconv.Itoa(y)
	}
	return ""
}

// edgeYear is the year an edge first holds as a cell, empty when unknown.
func (n *network) edgeYear(e *Edge) string {
	if y, ok := n.edgeStart[e]; ok {
		return strconv.Itoa(y)
	}
	return ""
}

// writeCSVNodes writes the node table: id, kind, label, iri, year, start.
func writeCSVNodes(n *network, w io.Writer) error {
	rows := [][]string{{"id", "kind", "label", "iri", "year", "start"}}
	for _, nd := range n.Nodes {
		rows = append(rows, []string{nd.ID, nd.Kind.APIName(), nd.Label, nd.IRI, yearCell(n.pubYear, nd.ID), yearCell(n.nodeStart, nd.ID)})
	}
	return csv.NewWriter(w).WriteAll(rows)
}

// writeCSVEdges writes the edge table: source, target, predicate, weight,
// evidence, start.
func writeCSVEdges(n *network, w io.Writer) error {
	rows := [][]string{{"source", "target", "predicate", "weight", "evidence", "start"}}
	for _, e := range n.Edges {
		rows = append(rows, []string{e.Source, e.Target, e.Predicate.ShortName(), weightString(e.Weight), evidenceText(e.Evidence), n.edgeYear(e)})
	}
	return csv.NewWriter(w).WriteAll(rows)
}
