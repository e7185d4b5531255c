// Package mix is the query mix of scsgraph's benchmark (bench/run.sh): the
// GraphQL requests wrk sends, the nodes they are about in the seed corpus and
// in generated ones, and the equivalent depth-2 neighborhood queries in
// Cayley's own languages (Gizmo and Cayley's GraphQL dialect).
//
// The node-to-node predicates are listed here again, not imported from
// package graph (which keeps them unexported and is the only package that
// may import Cayley). The benchmark checks before timing that scsgraph, the
// floor server and Cayley return the same depth-2 node set, which catches
// any drift between this list and graph/vocab.go.
package mix

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/scsgraph/scsgraph/data/synth"
)

// BaseIRI is the base of node IRIs in scsgraph's exports.
const BaseIRI = "https://scsgraph.org/id/"

// Link is a node-to-node predicate that traversals follow.
type Link struct {
	IRI   string
	Short string // the name the API shows in Edge.predicate
}

// Links are the predicates Neighborhood and ShortestPath follow (every link
// predicate of graph/vocab.go except the derived cooccursWith and
// coauthorWith, which are never stored).
var Links = []Link{
	{"http://schema.org/author", "author"},
	{"http://schema.org/isPartOf", "isPartOf"},
	{"http://schema.org/mentions", "mentions"},
	{"http://schema.org/contentLocation", "contentLocation"},
	{"http://schema.org/citation", "cites"},
	{"http://www.w3.org/2004/02/skos/core#broader", "broader"},
	{"http://www.w3.org/2004/02/skos/core#narrower", "narrower"},
	{"http://www.w3.org/2004/02/skos/core#related", "related"},
	{"https://scsgraph.org/ns#answers", "answers"},
	{"https://scsgraph.org/ns#usesMethod", "usesMethod"},
	{"https://scsgraph.org/ns#reportedIn", "reportedIn"},
	{"https://scsgraph.org/ns#supports", "supports"},
	{"https://scsgraph.org/ns#contradicts", "contradicts"},
}

// Subjects are the nodes and texts the mix asks about in one corpus.
type Subjects struct {
	Node       string // a publication, looked up with its nested relations
	Depth2     string // the centre of the depth-2 neighborhood
	Search     string // the search text
	PathFrom   string // a path that exists and is 3-4 links long
	PathTo     string
	Cooccur    string // a concept whose co-occurring concepts are listed
	FarFrom    string // probes: a path across the corpus (4+ links) ...
	FarTo      string
	TopConcept string // ... and the co-occurrence list of the most used concept
}

// Seed is what the mix asks about in the embedded seed corpus.
func Seed() Subjects {
	return Subjects{
		Node:     "pub/2019-multiple-social-credit-systems-in-china",
		Depth2:   "concept/blacklist",
		Search:   "credit",
		PathFrom: "person/alexander-trauth-goik",
		PathTo:   "actor/ndrc",
		Cooccur:  "concept/blacklist",
	}
}

// Synth is what the mix asks about in a corpus written by "scsgraph gen
// --works works" into dir. The search text is the first word of the label of
// concept/c1, the second most used concept, read from dir/concepts.yaml.
func Synth(dir string, works int) (Subjects, error) {
	word, err := conceptWord(filepath.Join(dir, "concepts.yaml"), "concept/c1")
	if err != nil {
		return Subjects{}, err
	}
	sz := synth.SizesFor(works)
	return Subjects{
		Node:       "pub/w0",
		Depth2:     "person/p0",
		Search:     word,
		PathFrom:   "person/p0",
		PathTo:     fmt.Sprintf("pub/w%d", works-1),
		Cooccur:    "concept/c50",
		FarFrom:    "person/p0",
		FarTo:      fmt.Sprintf("person/p%d", sz.People-1),
		TopConcept: "concept/c0",
	}, nil
}

// conceptWord returns the first word of the label of concept id in a
// generated concepts.yaml ("- id: ID" followed by `  label: "..."`).
func conceptWord(path, id string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("mix: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	found := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "- id: "+id {
			found = true
			continue
		}
		if label, ok := strings.CutPrefix(line, "label: "); ok && found {
			w, _, _ := strings.Cut(strings.Trim(label, `"`), " ")
			return w, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("mix: %s: %w", path, err)
	}
	return "", fmt.Errorf("mix: %s: no label for %s", path, id)
}

// Query is one GraphQL request of the mix.
type Query struct {
	Name      string // stable: node, depth2, search, path, cooccur, ...
	Title     string // what it asks, for the results table
	Text      string
	Variables map[string]any
}

const (
	nodeQuery = `query Node($id: ID!) {
  node(id: $id) {
    id kind label
    ... on Publication {
      title year type doi
      venue { id name }
      authors { id name publications { id label year } }
      concepts { id label broader { id label } }
      actors { id name acronym nameZh }
      question { id label }
      findings { id label }
    }
  }
}`
	depth2Query = `query Depth2($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 1000) {
    truncated
    nodes { id kind label }
    edges { source target predicate }
  }
}`
	searchQuery = `query Search($text: String!) {
  search(text: $text, first: 10) { score snippet node { id kind label } }
}`
	pathQuery = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxLength: 6) {
    length
    nodes { id label }
    edges { source target predicate }
  }
}`
	cooccurQuery = `query Cooccur($id: ID!) {
  node(id: $id) {
    id label
    ... on Concept { cooccurring(first: 20) { weight concept { id label } } }
  }
}`
)

// Queries is the timed mix, in the order the tables show it.
func Queries(s Subjects) []Query {
	return []Query{
		{"node", "node " + s.Node + " with nested relations", nodeQuery, map[string]any{"id": s.Node}},
		{"depth2", "neighborhood of " + s.Depth2 + ", depth 2", depth2Query, map[string]any{"id": s.Depth2}},
		{"search", fmt.Sprintf("search %q, first 10", s.Search), searchQuery, map[string]any{"text": s.Search}},
		{"path", "path " + s.PathFrom + " → " + s.PathTo, pathQuery, map[string]any{"from": s.PathFrom, "to": s.PathTo}},
		{"cooccur", "co-occurring concepts of " + s.Cooccur + ", first 20", cooccurQuery, map[string]any{"id": s.Cooccur}},
	}
}

// Probes are single requests for the expensive cases the mix avoids: a
// path across the corpus and the co-occurrence list of the top concept.
func Probes(s Subjects) []Query {
	if s.FarFrom == "" {
		return nil
	}
	return []Query{
		{"path-far", "path " + s.FarFrom + " → " + s.FarTo, pathQuery, map[string]any{"from": s.FarFrom, "to": s.FarTo}},
		{"cooccur-top", "co-occurring concepts of " + s.TopConcept + ", first 20", cooccurQuery, map[string]any{"id": s.TopConcept}},
	}
}

// Gizmo is the depth-2 neighborhood of id in Gizmo: the node, the nodes one
// link away in either direction, and those one link further, never through
// or to a source node, each once.
func Gizmo(id string) string {
	var b strings.Builder
	b.WriteString("var links = [")
	for i, l := range Links {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", "<"+l.IRI+">")
	}
	b.WriteString("];\n")
	fmt.Fprintf(&b, `var sources = g.V().has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://scsgraph.org/ns#Source>");
var start = g.V(%q);
var d1 = start.both(links).except(sources);
var d2 = d1.both(links).except(sources);
start.union(d1).union(d2).unique().all();
`, "<"+BaseIRI+id+">")
	return b.String()
}

// CayleyGraphQL is the depth-2 neighborhood of id in Cayley's GraphQL
// dialect: every link predicate, out and in (@rev), optional (@opt), nested
// twice. The node set is the set of ids anywhere in the answer. Cayley's
// dialect cannot leave out source nodes; the benchmark checks that the node
// set is the same all the same.
func CayleyGraphQL(id string) string {
	level := func(inner string) string {
		var parts []string
		for i, l := range Links {
			parts = append(parts,
				fmt.Sprintf("o%d: <%s> @opt { id%s }", i, l.IRI, inner),
				fmt.Sprintf("i%d: <%s> @rev @opt { id%s }", i, l.IRI, inner))
		}
		return " " + strings.Join(parts, " ")
	}
	return fmt.Sprintf("{ nodes(id: <%s%s>) { id%s } }", BaseIRI, id, level(level("")))
}
