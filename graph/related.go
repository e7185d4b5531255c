package graph

import (
	"context"
	"fmt"
	"sort"
)

// Relatedness says how two publications are related.
type Relatedness string

// The kinds of relatedness.
const (
	// RelatedByConcepts: the concepts both mention.
	RelatedByConcepts Relatedness = "CONCEPTS"
	// RelatedByCoupling (bibliographic coupling, Kessler 1963): the works
	// both cite, loaded or not. A loaded work is named by its id, one that
	// is not by its external IRI (ReferencesWork).
	RelatedByCoupling Relatedness = "COUPLING"
	// RelatedByCocitation (Small 1973): the loaded publications that cite both.
	RelatedByCocitation Relatedness = "COCITATION"
)

// references lists what publication id cites: the ids of loaded works
// (Cites) and the IRIs of the others (ReferencesWork), sorted.
func (s *View) references(id string) []string {
	refs := s.OutKind(id, Cites, KindPublication)
	if n := s.view.node(id); n != nil {
		for _, x := range n.values(ReferencesWork) {
			refs = append(refs, iriString(x.v))
		}
	}
	sort.Strings(refs)
	return refs
}

// indexReferences maps the IRI of each cited work that is not loaded to
// the publications that cite it, sorted.
func indexReferences(v *view) map[string][]string {
	idx := map[string][]string{}
	for _, p := range v.byKind[KindPublication] { // by id
		for _, x := range p.values(ReferencesWork) {
			idx[iriString(x.v)] = append(idx[iriString(x.v)], p.ID)
		}
	}
	return idx
}

// citers lists the publications that cite reference r: a loaded work's id
// or an external IRI.
func (s *View) citers(r string) []string {
	if pubs, ok := s.view.extRefs[r]; ok {
		return pubs
	}
	return s.InKind(r, Cites, KindPublication)
}

// Related lists the publications related to pub by, most shared items
// first, ties by id; Via holds the shared items: concept ids, references
// or citing publication ids. It stops when ctx is done.
func (s *View) Related(ctx context.Context, pub string, by Relatedness) ([]Cooccurrence, error) {
	shared := map[string][]string{}
	add := func(other, item string) {
		if other != pub {
			shared[other] = append(shared[other], item)
		}
	}
	switch by {
	case RelatedByConcepts:
		return s.RelatedPublications(ctx, pub)
	case RelatedByCoupling:
		for i, r := range s.references(pub) {
			if i%256 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			for _, other := range s.citers(r) {
				add(other, r)
			}
		}
	case RelatedByCocitation:
		for i, c := range s.InKind(pub, Cites, KindPublication) {
			if i%256 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			for _, other := range s.OutKind(c, Cites, KindPublication) {
				add(other, c)
			}
		}
	default:
		return nil, fmt.Errorf("graph: related: unknown relatedness %q", by)
	}
	for _, items := range shared {
		sort.Strings(items)
	}
	return ranked(shared), ctx.Err()
}
