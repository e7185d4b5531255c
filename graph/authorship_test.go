package graph_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// TestExportAuthorPositions checks that the N-Quads and JSON-LD exports
// carry a qualified authorship with schema:position for each author of a
// work whose byline order a source gives, in that order, and nothing for a
// work whose order no source gives.
func TestExportAuthorPositions(t *testing.T) {
	t.Parallel()
	ev := graph.Evidence{Source: "source/s", URL: "https://example.org/s", File: "publications.yaml", Line: 1}
	var facts []graph.Fact
	add := func(s string, p graph.Predicate, o any) {
		facts = append(facts, graph.Fact{Subject: s, Pred: p, Object: o, Evidence: ev})
	}
	for _, w := range []struct {
		id    string
		known bool
	}{{"pub/known", true}, {"pub/unknown", false}} {
		add(w.id, graph.RDFSLabel, w.id)
		add(w.id, graph.Author, graph.ID("person/zed"))
		add(w.id, graph.Author, graph.ID("person/amy"))
		add(w.id, graph.AuthorOrder, "person/zed person/amy")
		add(w.id, graph.AuthorOrderKnown, w.known)
	}
	store, st, err := graph.Load(context.Background(), graph.Config{}, facts)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var nq bytes.Buffer
	if err := st.Export(context.Background(), "nquads", &nq); err != nil {
		t.Fatal(err)
	}
	base := graph.DefaultBaseIRI
	for _, want := range []string{
		"<" + base + "pub/known> <http://www.w3.org/ns/prov#qualifiedAttribution> <" + base + "pub/known#author-1>",
		"<" + base + "pub/known#author-1> <http://www.w3.org/ns/prov#agent> <" + base + "person/zed>",
		"<" + base + "pub/known#author-1> <http://schema.org/position> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
		"<" + base + "pub/known#author-2> <http://www.w3.org/ns/prov#agent> <" + base + "person/amy>",
		"<" + base + "pub/known#author-2> <http://schema.org/position> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>",
	} {
		if !strings.Contains(nq.String(), want) {
			t.Errorf("N-Quads lack %s", want)
		}
	}
	if strings.Contains(nq.String(), "pub/unknown#author") {
		t.Error("N-Quads give positions to the authors of pub/unknown, whose order no source gives")
	}
	var one bytes.Buffer
	if err := st.NodeJSONLD(context.Background(), "pub/known", &one); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(one.String(), "pub/known#author-2") || !strings.Contains(one.String(), "position") {
		t.Errorf("the JSON-LD of pub/known has no positions: %s", one.String())
	}
}
