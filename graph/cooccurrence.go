package graph

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"sort"
)

// YearRange keeps the publications of some years. A zero bound is open; a
// range with a bound leaves out the publications without a year.
type YearRange struct{ From, To int }

// Has reports whether publication n falls in the range.
func (r YearRange) Has(n *Node) bool {
	if r.From == 0 && r.To == 0 {
		return true
	}
	y, ok := n.Int(DatePublished)
	return ok && (r.From == 0 || y >= r.From) && (r.To == 0 || y <= r.To)
}

// Measure says how a co-occurrence count is normalised. For two nodes i and
// j, c is the number of publications that link to both, ni and nj the
// numbers that link to each, and n the number of publications in the
// slice of years.
type Measure string

// The co-occurrence measures.
const (
	MeasureCount       Measure = "COUNT"                // c
	MeasureAssociation Measure = "ASSOCIATION_STRENGTH" // c / (ni·nj), van Eck and Waltman (2009)
	MeasureJaccard     Measure = "JACCARD"              // c / (ni + nj − c)
	MeasureCosine      Measure = "COSINE"               // c / √(ni·nj), Salton's cosine
	MeasurePMI         Measure = "PMI"                  // log2(c·n / (ni·nj)), pointwise mutual information
)

// Measures lists the measures in a fixed order.
func Measures() []Measure {
	return []Measure{MeasureCount, MeasureAssociation, MeasureJaccard, MeasureCosine, MeasurePMI}
}

// Score normalises c co-occurrences of two nodes that occur ni and nj times
// among n publications. Counts are positive (c >= 1) wherever it is called.
func (m Measure) Score(c, ni, nj, n int) float64 {
	fc, fi, fj := float64(c), float64(ni), float64(nj)
	switch m {
	case MeasureAssociation:
		return fc / (fi * fj)
	case MeasureJaccard:
		return fc / (fi + fj - fc)
	case MeasureCosine:
		return fc / math.Sqrt(fi*fj)
	case MeasurePMI:
		return math.Log2(fc * float64(n) / (fi * fj))
	}
	return fc
}

// NetworkOptions shape a co-occurrence network or list.
type NetworkOptions struct {
	Kinds    []Kind    // the kinds of the linked nodes: concepts, actors; the caller's default when empty
	Measure  Measure   // COUNT when empty
	MinCount int       // keep pairs that share at least this many publications
	Years    YearRange // count only the publications of these years
	Limit    int       // Cooccurring: the best this many at most; all when <= 0
}

// pubsIn counts the publications in the range r.
func (s *View) pubsIn(r YearRange) int {
	n := 0
	for _, p := range s.view.pubsByYear {
		if r.Has(p) {
			n++
		}
	}
	return n
}

// linkedBy lists the nodes publication p links to through via whose kind
// allowed keeps, sorted by id (the view sorts each node's edges so).
func (s *View) linkedBy(p string, via Predicate, allowed func(Kind) bool) []string {
	var out []string
	for _, e := range s.view.out(p) {
		if e.Predicate == via && allowed(KindOf(e.Target)) {
			out = append(out, e.Target)
		}
	}
	return out
}

// pairNetwork builds the weighted, undirected network among the nodes that
// publications of the slice link to through via: two nodes are linked when
// at least o.MinCount publications link to both, weighted by o.Measure; the
// evidence of an edge names those publications, by id. It stops when ctx is
// done.
func (s *View) pairNetwork(ctx context.Context, via, derived Predicate, o NetworkOptions) (*Subgraph, error) {
	allowed := kindSet(o.Kinds)
	type pair struct{ a, b string }
	occ := map[string]int{}
	shared := map[pair][]string{}
	n, work := 0, 0
	for _, p := range s.view.pubsByYear {
		if !o.Years.Has(p) {
			continue
		}
		n++
		items := s.linkedBy(p.ID, via, allowed)
		for i, a := range items {
			occ[a]++
			for _, b := range items[i+1:] {
				if work++; work%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
				}
				k := pair{a, b}
				shared[k] = append(shared[k], p.ID)
			}
		}
	}
	sub := &Subgraph{}
	in := map[string]bool{}
	for k, pubs := range shared {
		if len(pubs) < max(o.MinCount, 1) {
			continue
		}
		sort.Strings(pubs)
		e := &Edge{Source: k.a, Target: k.b, Predicate: derived,
			Weight: o.Measure.Score(len(pubs), occ[k.a], occ[k.b], n)}
		for _, pub := range pubs {
			e.Evidence = append(e.Evidence, Evidence{Source: pub})
		}
		sub.Edges = append(sub.Edges, e)
		in[k.a], in[k.b] = true, true
	}
	sort.Slice(sub.Edges, func(i, j int) bool { return lessEdge(sub.Edges[i], sub.Edges[j]) })
	ids := make([]string, 0, len(in))
	for id := range in {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sub.Nodes = append(sub.Nodes, s.view.node(id))
	}
	return sub, ctx.Err()
}

// MentionNetwork is the co-occurrence network of the concepts and actors
// (o.Kinds; concepts when none) that publications mention together. Kinds
// other than concepts and actors are an error, since publications mention
// nothing else.
func (s *View) MentionNetwork(ctx context.Context, o NetworkOptions) (*Subgraph, error) {
	if len(o.Kinds) == 0 {
		o.Kinds = []Kind{KindConcept}
	}
	for _, k := range o.Kinds {
		if k != KindConcept && k != KindActor {
			return nil, fmt.Errorf("graph: mention network: publications mention concepts and actors, not %ss", k)
		}
	}
	return s.pairNetwork(ctx, Mentions, CooccursWith, o)
}

// CoauthorNetwork is the co-author network of the publications in
// o.Years, weighted by o.Measure.
func (s *View) CoauthorNetwork(ctx context.Context, o NetworkOptions) (*Subgraph, error) {
	o.Kinds = []Kind{KindPerson}
	return s.pairNetwork(ctx, Author, CoauthorWith, o)
}

// Cooccurring lists the nodes of o.Kinds that the publications of o.Years
// link to through via together with id, scored by o.Measure, best first
// (ties: more shared publications, then id), the first o.Limit of them when
// o.Limit > 0. Via holds the shared publications, by id. With a limit, the
// best are selected without sorting the others.
func (s *View) Cooccurring(ctx context.Context, id string, via Predicate, o NetworkOptions) ([]Cooccurrence, error) {
	allowed := kindSet(o.Kinds)
	shared := map[string][]string{}
	own := 0
	for i, e := range s.view.into(id) {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p := s.view.node(e.Source)
		if e.Predicate != via || p.Kind != KindPublication || !o.Years.Has(p) {
			continue
		}
		own++
		for _, b := range s.linkedBy(p.ID, via, allowed) {
			if b != id {
				shared[b] = append(shared[b], p.ID)
			}
		}
	}
	normalised := o.Measure != MeasureCount && o.Measure != ""
	n := 0
	if normalised {
		n = s.pubsIn(o.Years)
	}
	out := make([]Cooccurrence, 0, len(shared))
	for b, pubs := range shared {
		if len(pubs) < max(o.MinCount, 1) {
			continue
		}
		nb := 0
		for i, e := range s.view.into(b) {
			if !normalised {
				break // COUNT needs no nb
			}
			if i%1024 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if e.Predicate == via && KindOf(e.Source) == KindPublication && o.Years.Has(s.view.node(e.Source)) {
				nb++
			}
		}
		out = append(out, Cooccurrence{ID: b, Weight: len(pubs), Via: pubs, Score: o.Measure.Score(len(pubs), own, nb, n)})
	}
	out = best(out, o.Limit, func(a, b Cooccurrence) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		return a.ID < b.ID
	})
	for _, c := range out {
		sort.Strings(c.Via)
	}
	return out, ctx.Err()
}

// best returns the k first of xs in the order less gives, sorted, or all of
// them sorted when k <= 0 or k >= len(xs). It keeps the k best seen in a
// heap, so it takes time n·log k and sorts only the k it returns. It
// reorders xs.
func best[T any](xs []T, k int, less func(a, b T) bool) []T {
	if k <= 0 || k >= len(xs) {
		sort.Slice(xs, func(i, j int) bool { return less(xs[i], xs[j]) })
		return xs
	}
	h := &worstFirst[T]{xs: xs[:k], less: less}
	heap.Init(h)
	for _, x := range xs[k:] {
		if less(x, h.xs[0]) {
			h.xs[0] = x
			heap.Fix(h, 0)
		}
	}
	sort.Slice(h.xs, func(i, j int) bool { return less(h.xs[i], h.xs[j]) })
	return h.xs
}

// worstFirst is a heap of the best items found so far, the worst of them
// at its root.
type worstFirst[T any] struct {
	xs   []T
	less func(a, b T) bool
}

func (h *worstFirst[T]) Len() int           { return len(h.xs) }
func (h *worstFirst[T]) Less(i, j int) bool { return h.less(h.xs[j], h.xs[i]) }
func (h *worstFirst[T]) Swap(i, j int)      { h.xs[i], h.xs[j] = h.xs[j], h.xs[i] }
func (h *worstFirst[T]) Push(x any)         { h.xs = append(h.xs, x.(T)) }
func (h *worstFirst[T]) Pop() any {
	x := h.xs[len(h.xs)-1]
	h.xs = h.xs[:len(h.xs)-1]
	return x
}
