package graph

import (
	"sort"
)

// Variants returns the claims that state the same myth as claim in other
// words: every claim connected to it by VariantOf links, read in either
// direction and followed transitively, without claim itself, by id.
func (s *View) Variants(claim string) []string {
	seen := map[string]bool{claim: true}
	queue := []string{claim}
	var out []string
	for len(queue) > 0 { // each claim enters the queue once: bounded by the claims
		c := queue[0]
		queue = queue[1:]
		for _, next := range append(s.OutKind(c, VariantOf, KindClaim), s.InKind(c, VariantOf, KindClaim)...) {
			if !seen[next] {
				seen[next] = true
				out = append(out, next)
				queue = append(queue, next)
			}
		}
	}
	sort.Strings(out)
	return out
}

// ClaimFindings returns the findings that link to claim through p
// (Supports or Contradicts), by id; with variants, also those that link to
// any of its Variants.
func (s *View) ClaimFindings(claim string, p Predicate, variants bool) []string {
	claims := []string{claim}
	if variants {
		claims = append(claims, s.Variants(claim)...)
	}
	var out []string
	for _, c := range claims {
		out = append(out, s.InKind(c, p, KindFinding)...)
	}
	sort.Strings(out)
	return compact(out)
}

// Holders returns the HeldBy links of claim (to actors and people), each
// with the evidence that quotes the holder.
func (s *View) Holders(claim string) []*Edge {
	var out []*Edge
	for _, e := range s.view.out(claim) {
		if e.Predicate == HeldBy {
			out = append(out, e)
		}
	}
	return out
}

// compact drops repeats from a sorted list.
func compact(ids []string) []string {
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}

// YearShare is how many publications of a year link to a node, out of
// how many publications that year has, and whether the year is a burst.
type YearShare struct {
	Year, Count, Total int
	Share              float64 // Count / Total
	Burst              bool    // see Trajectory
}

// Burst rule: a year is a burst of a node when at least BurstMinCount
// publications link to it that year and its share that year is at least
// BurstFactor times its mean share (the node's publications over all
// publications, over the years of its trajectory).
const (
	BurstFactor   = 2.0
	BurstMinCount = 2
)

// Trajectory counts, for each year from the first dated publication that
// links to id through p to the last year of the corpus, the publications
// that do, out of all publications of that year, and flags the bursts.
func (s *View) Trajectory(id string, p Predicate) []YearShare {
	total := map[int]int{}
	last := 0
	for _, n := range s.view.pubsByYear {
		if y, ok := n.Int(DatePublished); ok {
			total[y]++
			last = max(last, y)
		}
	}
	count := map[int]int{}
	first := 0
	for _, pub := range s.InKind(id, p, KindPublication) {
		if y, ok := s.view.node(pub).Int(DatePublished); ok {
			count[y]++
			if first == 0 || y < first {
				first = y
			}
		}
	}
	if len(count) == 0 {
		return []YearShare{}
	}
	var out []YearShare
	sumCount, sumTotal := 0, 0
	for y := first; y <= last; y++ { // years of the corpus: bounded by the data
		ys := YearShare{Year: y, Count: count[y], Total: total[y]}
		if ys.Total > 0 {
			ys.Share = float64(ys.Count) / float64(ys.Total)
		}
		sumCount += ys.Count
		sumTotal += ys.Total
		out = append(out, ys)
	}
	mean := float64(sumCount) / float64(sumTotal)
	for i := range out {
		out[i].Burst = out[i].Count >= BurstMinCount && out[i].Share >= BurstFactor*mean
	}
	return out
}
