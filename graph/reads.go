package graph

import (
	"sort"
	"strings"
)

// Node returns the node with the given id.
func (s *View) Node(id string) (*Node, bool) {
	n := s.view.node(id)
	if n == nil || n.Kind == KindEvidence {
		return nil, false
	}
	return n, true
}

// Nodes returns the nodes with the given ids, in order, nil where unknown.
func (s *View) Nodes(ids []string) []*Node {
	out := make([]*Node, len(ids))
	for i, id := range ids {
		out[i], _ = s.Node(id)
	}
	return out
}

// List returns the nodes of one kind, sorted by id. Publications are sorted
// by year, then id, undated ones last.
func (s *View) List(kind Kind) []*Node {
	if kind == KindPublication {
		return s.view.pubsByYear
	}
	return s.view.byKind[kind]
}

// Out returns the ids that id links to through p, sorted.
func (s *View) Out(id string, p Predicate) []string {
	var out []string
	for _, e := range s.view.out(id) {
		if e.Predicate == p {
			out = append(out, e.Target)
		}
	}
	return out
}

// In returns the ids that link to id through p, sorted.
func (s *View) In(id string, p Predicate) []string {
	var out []string
	for _, e := range s.view.into(id) {
		if e.Predicate == p {
			out = append(out, e.Source)
		}
	}
	return out
}

// OutKind returns the ids of kind k that id links to through p.
func (s *View) OutKind(id string, p Predicate, k Kind) []string {
	var out []string
	for _, t := range s.Out(id, p) {
		if KindOf(t) == k {
			out = append(out, t)
		}
	}
	return out
}

// InKind returns the ids of kind k that link to id through p.
func (s *View) InKind(id string, p Predicate, k Kind) []string {
	var out []string
	for _, t := range s.In(id, p) {
		if KindOf(t) == k {
			out = append(out, t)
		}
	}
	return out
}

// Edge returns the edge source -p-> target, if stated.
func (s *View) Edge(source string, p Predicate, target string) (*Edge, bool) {
	return s.view.edge(source, p, target)
}

// EdgesOf returns the edges leaving and entering id.
func (s *View) EdgesOf(id string) []*Edge {
	return append(append([]*Edge(nil), s.view.out(id)...), s.view.into(id)...)
}

// AllEdges returns every edge between nodes, sorted.
func (s *View) AllEdges() []*Edge { return s.view.outPtr }

// PropertyEvidence returns where the values of id's property p came from.
func (s *View) PropertyEvidence(id string, p Predicate) []Evidence {
	n := s.view.node(id)
	if n == nil {
		return nil
	}
	var out []Evidence
	for _, x := range n.evidenceOf(p) {
		out = append(out, s.view.evidence[x.ev])
	}
	sortEvidence(out)
	return out
}

// Publication is a work: article, chapter or book.
type Publication struct {
	*Node
	Title            string // "" when unknown
	TitleKnown       bool
	Year             int // 0 when unknown
	Type             string
	Venue            string // a venue id, or ""
	DOI              string
	Abstract         string
	Description      string
	Pagination       string
	Published        string
	Status           string
	Publisher        string
	Preprints        []string
	Authors          []string // author ids in order: people, and organisations credited as authors
	AuthorOrderKnown bool
	Question         string // a question id, or ""
	Concepts         []string
	Actors           []string
	Methods          []string
	Places           []string
	Findings         []string
	Cites            []string
	CitedBy          []string
}

// Publication returns the publication with the given id.
func (s *View) Publication(id string) (*Publication, bool) {
	n, ok := s.Node(id)
	if !ok || n.Kind != KindPublication {
		return nil, false
	}
	p := &Publication{Node: n,
		Title: n.str(Name), Type: n.str(PubType), DOI: n.str(DOI), Abstract: n.str(Abstract),
		Description: n.str(Description), Pagination: n.str(Pagination), Published: n.str(PublishedOn),
		Status: n.str(Status), Publisher: n.str(Publisher), Preprints: n.Strs(Preprint),
		Concepts: s.OutKind(id, Mentions, KindConcept), Actors: s.OutKind(id, Mentions, KindActor),
		Methods: s.Out(id, UsesMethod), Places: s.Out(id, Location), Findings: s.In(id, ReportedIn),
		Cites: s.Out(id, Cites), CitedBy: s.In(id, Cites),
	}
	p.TitleKnown, _ = n.Bool(TitleKnown)
	p.TitleKnown = p.TitleKnown && p.Title != ""
	p.Year, _ = n.Int(DatePublished)
	p.AuthorOrderKnown, _ = n.Bool(AuthorOrderKnown)
	if vs := s.Out(id, IsPartOf); len(vs) > 0 {
		p.Venue = vs[0]
	}
	if qs := s.Out(id, Answers); len(qs) > 0 {
		p.Question = qs[0]
	}
	p.Authors = s.Out(id, Author)
	if order := strings.Fields(n.str(AuthorOrder)); len(order) == len(p.Authors) {
		p.Authors = order
	}
	return p, true
}

// Publications returns the publications that link to id through p (authors,
// mentions, answers, ...), sorted by year then id.
func (s *View) Publications(id string, p Predicate) []string {
	ids := s.InKind(id, p, KindPublication)
	s.SortByYear(ids)
	return ids
}

// SortByYear orders publication ids by year, then id, undated ones last.
func (s *View) SortByYear(ids []string) {
	sort.SliceStable(ids, func(i, j int) bool { return s.view.earlier(s.view.node(ids[i]), s.view.node(ids[j])) })
}

// earlier orders publications by year, then id; a publication without a
// year (a book in progress) comes after the dated ones.
func (v *view) earlier(a, b *Node) bool {
	ya, oka := a.Int(DatePublished)
	yb, okb := b.Int(DatePublished)
	if oka != okb {
		return oka
	}
	if ya != yb {
		return ya < yb
	}
	return a.ID < b.ID
}

// Stats counts what the view holds: what it read from its store.
type Stats struct {
	Nodes  int // nodes the API shows (no evidence nodes)
	Edges  int // links between nodes
	Quads  int
	ByKind map[Kind]int
}

// Stats counts nodes by kind, edges and quads.
func (s *View) Stats() Stats {
	st := Stats{Edges: len(s.view.edges), Quads: s.view.quads, ByKind: map[Kind]int{}}
	for k, ns := range s.view.byKind {
		if k == KindEvidence {
			continue
		}
		st.ByKind[k] = len(ns)
		st.Nodes += len(ns)
	}
	return st
}

// YearCount is a number of nodes first seen in a year.
type YearCount struct{ Year, Count int }

// Timeline counts, per year, the publications, and for other kinds the nodes
// whose earliest linked publication appeared that year. No kinds means
// publications only.
func (s *View) Timeline(kinds []Kind) []YearCount {
	if len(kinds) == 0 {
		kinds = []Kind{KindPublication}
	}
	counts := map[int]int{}
	for _, k := range kinds {
		for _, n := range s.view.byKind[k] {
			if y, ok := s.firstYear(n); ok {
				counts[y]++
			}
		}
	}
	out := make([]YearCount, 0, len(counts))
	for y, c := range counts {
		out = append(out, YearCount{y, c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

func (s *View) firstYear(n *Node) (int, bool) {
	if n.Kind == KindPublication {
		return n.Int(DatePublished)
	}
	best, found := 0, false
	for _, e := range s.EdgesOf(n.ID) {
		other := e.Source
		if other == n.ID {
			other = e.Target
		}
		if KindOf(other) != KindPublication {
			continue
		}
		if y, ok := s.view.node(other).Int(DatePublished); ok && (!found || y < best) {
			best, found = y, true
		}
	}
	return best, found
}
