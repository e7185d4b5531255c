package graph

import (
	"context"
	"sort"
	"strconv"
)

// FacetCount is one value of a facet and how many publications have it:
// a node id, a year or a publication type.
type FacetCount struct {
	Value string
	Count int
}

// Facets counts the values of a set of publications, field by field, the
// way OpenAlex's group_by does. Years are in order; the other lists are
// most frequent first, ties by value.
type Facets struct {
	Years    []FacetCount // the year, as digits; publications without one are not counted
	Types    []FacetCount // ARTICLE, CHAPTER, BOOK
	Concepts []FacetCount // concept ids the publications mention
	Actors   []FacetCount // actor ids the publications mention
	Methods  []FacetCount
	Places   []FacetCount
	Venues   []FacetCount
	Authors  []FacetCount // person ids
}

// facetLinks says which facet a link from a publication counts in.
var facetLinks = []struct {
	pred Predicate
	kind Kind
	pick func(*Facets) *[]FacetCount
}{
	{Mentions, KindConcept, func(f *Facets) *[]FacetCount { return &f.Concepts }},
	{Mentions, KindActor, func(f *Facets) *[]FacetCount { return &f.Actors }},
	{UsesMethod, KindMethod, func(f *Facets) *[]FacetCount { return &f.Methods }},
	{Location, KindPlace, func(f *Facets) *[]FacetCount { return &f.Places }},
	{IsPartOf, KindVenue, func(f *Facets) *[]FacetCount { return &f.Venues }},
	{Author, KindPerson, func(f *Facets) *[]FacetCount { return &f.Authors }},
}

// FacetsOf counts, exactly, the years, types, concepts, actors, methods,
// places, venues and authors of pubs. A publication counts once per value.
// It stops when ctx is done.
func (s *View) FacetsOf(ctx context.Context, pubs []*Node) (*Facets, error) {
	years, types := map[string]int{}, map[string]int{}
	links := make([]map[string]int, len(facetLinks))
	for i := range links {
		links[i] = map[string]int{}
	}
	for i, p := range pubs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if y, ok := p.Int(DatePublished); ok {
			years[strconv.Itoa(y)]++
		}
		if t := p.str(PubType); t != "" {
			types[t]++
		}
		for _, e := range s.view.out(p.ID) {
			for j, l := range facetLinks {
				if e.Predicate == l.pred && KindOf(e.Target) == l.kind {
					links[j][e.Target]++
				}
			}
		}
	}
	f := &Facets{Years: byCount(years), Types: byCount(types)}
	sort.Slice(f.Years, func(i, j int) bool {
		a, _ := strconv.Atoi(f.Years[i].Value)
		b, _ := strconv.Atoi(f.Years[j].Value)
		return a < b
	})
	for j, l := range facetLinks {
		*l.pick(f) = byCount(links[j])
	}
	return f, nil
}

// byCount lists the counts of m, most first, ties by value.
func byCount(m map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for v, c := range m {
		out = append(out, FacetCount{v, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}
