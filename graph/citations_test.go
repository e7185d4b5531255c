package graph

import (
	"context"
	"reflect"
	"testing"
)

func TestCitationGraph(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := tiny(t, "memory", "")
	ev := Evidence{File: "refs.bib", Line: 3, URL: "https://doi.org/10.1/c"}
	if _, err := s.store.Write(ctx, []Fact{
		{"pub/c", RDFSLabel, "Paper C", ev},
		{"pub/c", Cites, ID("pub/a"), ev},
		{"pub/c", Cites, ID("pub/b"), ev},
		{"pub/c", Mentions, ID("concept/x"), ev},
	}); err != nil {
		t.Fatal(err)
	}
	s, err := s.store.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.CitationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(sub.Nodes), []string{"pub/a", "pub/b", "pub/c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("nodes %q, want %q", got, want)
	}
	var edges []string
	for _, e := range sub.Edges {
		edges = append(edges, e.Source+" "+e.Predicate.ShortName()+" "+e.Target)
		if len(e.Evidence) != 1 || e.Evidence[0] != ev {
			t.Errorf("%s -> %s: evidence %+v", e.Source, e.Target, e.Evidence)
		}
	}
	if want := []string{"pub/c cites pub/a", "pub/c cites pub/b"}; !reflect.DeepEqual(edges, want) {
		t.Errorf("edges %q, want %q", edges, want)
	}
	p, _ := s.Publication("pub/a")
	if !reflect.DeepEqual(p.CitedBy, []string{"pub/c"}) {
		t.Errorf("pub/a cited by %q", p.CitedBy)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.CitationGraph(cancelled); err == nil {
		t.Error("no error from a cancelled context")
	}
}
