package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// Node is one node of the graph as the read view holds it.
type Node struct {
	ID    string
	Kind  Kind
	Label string
	IRI   string

	props  map[Predicate][]quad.Value
	propEv map[Predicate][]string // evidence ids of each property
}

// Edge is a link between two nodes, with every piece of evidence for it.
type Edge struct {
	Source    string
	Target    string
	Predicate Predicate
	Weight    float64 // 1 for a stated link; the count for derived ones
	Evidence  []Evidence
}

type edgeKey struct {
	s, t string
	p    Predicate
}

// View is the read model of a store: every node, edge and piece of evidence,
// indexed for reads. Store.View builds it; nothing changes it afterwards, so
// it is safe for concurrent use. A new load is seen through a new View.
// Exports stream quads from the store beneath it, which must stay open while
// the view is used.
type View struct {
	store   *Store
	base    string
	backend string
	view    *view
}

// View scans every quad of the store and returns a new read view of it.
// For a store opened by Open, it checks what it read against the manifest:
// the same number of quads and, on PostgreSQL, the same content digest, and
// that no load began meanwhile.
func (s *Store) View(ctx context.Context) (*View, error) {
	var d *contentDigest
	var observe func(quad.Quad)
	if s.backend == "postgres" { // bolt: the whole file was checked before it was opened
		d = &contentDigest{}
		observe = d.add
	}
	v, err := buildView(ctx, s, observe)
	if err != nil {
		return nil, err
	}
	if m := s.manifest; m != nil {
		if err := s.matches(ctx, *m, int64(v.quads), d); err != nil {
			return nil, err
		}
	}
	return &View{store: s, base: s.base, backend: s.backend, view: v}, nil
}

// Backend names the backend of the store the view was read from.
func (s *View) Backend() string { return s.backend }

// BaseIRI is the base that node ids are appended to.
func (s *View) BaseIRI() string { return s.base }

// IRI returns the IRI of a node id.
func (s *View) IRI(id string) string { return s.base + id }

// idOf returns the node id of an IRI under the view's base.
func (s *View) idOf(v quad.Value) (string, bool) { return s.store.idOf(v) }

// eachQuad calls fn for every quad in the store beneath the view.
func (s *View) eachQuad(ctx context.Context, fn func(q quad.Quad) error) error {
	return s.store.eachQuad(ctx, fn)
}

// quadsAt calls fn for each quad of the store whose direction d is v.
func (s *View) quadsAt(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	return s.store.quadsAt(ctx, d, v, fn)
}

// view is the immutable, read-optimised picture of the store that a View
// reads. Nothing writes to it once built.
type view struct {
	nodes      map[string]*Node
	byKind     map[Kind][]*Node
	pubsByYear []*Node // the publications, by year then id
	edges      []*Edge
	edgeIdx    map[edgeKey]*Edge
	out, in    map[string][]*Edge
	evidence   map[string]Evidence
	quads      int
	search     *searchIndex
	extRefs    map[string][]string // external IRI of a cited work -> the publications that cite it
}

// buildView scans every quad once, showing each to observe (when not nil).
func buildView(ctx context.Context, s *Store, observe func(quad.Quad)) (*view, error) {
	v := &view{
		nodes:    map[string]*Node{},
		byKind:   map[Kind][]*Node{},
		edgeIdx:  map[edgeKey]*Edge{},
		out:      map[string][]*Edge{},
		in:       map[string][]*Edge{},
		evidence: map[string]Evidence{},
	}
	type link struct {
		s, t string
		p    Predicate
		ev   string
	}
	var links []link
	evProps := map[string][]quad.Quad{}
	node := func(id string) *Node {
		n := v.nodes[id]
		if n == nil {
			n = &Node{ID: id, Kind: KindOf(id), IRI: s.IRI(id), props: map[Predicate][]quad.Value{}, propEv: map[Predicate][]string{}}
			v.nodes[id] = n
		}
		return n
	}
	err := s.eachQuad(ctx, func(q quad.Quad) error {
		if observe != nil {
			observe(q)
		}
		v.quads++
		subj, ok := s.idOf(q.Subject)
		if !ok {
			return fmt.Errorf("graph: quad %v: subject outside base %s", q, s.base)
		}
		ev, _ := s.idOf(q.Label)
		if KindOf(subj) == KindEvidence {
			evProps[subj] = append(evProps[subj], q)
			return nil
		}
		p := Predicate(iriString(q.Predicate))
		if obj, ok := s.idOf(q.Object); ok && p != RDFType {
			links = append(links, link{subj, obj, p, ev})
			node(obj)
			node(subj)
			return nil
		}
		n := node(subj)
		n.props[p] = appendUnique(n.props[p], q.Object)
		n.propEv[p] = appendUniqueStr(n.propEv[p], ev)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id, qs := range evProps {
		e := Evidence{}
		for _, q := range qs {
			switch Predicate(iriString(q.Predicate)) {
			case WasDerivedFrom:
				if src, ok := s.idOf(q.Object); ok {
					e.Source = src
				} else {
					e.URL = iriString(q.Object)
				}
			case Value:
				e.Quote = literalString(q.Object)
			case SHA256:
				e.SHA256 = literalString(q.Object)
			case At:
				at := literalString(q.Object)
				if i := strings.LastIndexByte(at, ':'); i > 0 {
					e.File = at[:i]
					e.Line, _ = strconv.Atoi(at[i+1:])
				}
			}
		}
		v.evidence[id] = e
	}
	for _, l := range links {
		k := edgeKey{l.s, l.t, l.p}
		e := v.edgeIdx[k]
		if e == nil {
			e = &Edge{Source: l.s, Target: l.t, Predicate: l.p, Weight: 1}
			v.edgeIdx[k] = e
			v.edges = append(v.edges, e)
			v.out[l.s] = append(v.out[l.s], e)
			v.in[l.t] = append(v.in[l.t], e)
		}
		if ev, ok := v.evidence[l.ev]; ok && !containsEvidence(e.Evidence, ev) {
			e.Evidence = append(e.Evidence, ev)
		}
	}
	for _, e := range v.edges {
		sortEvidence(e.Evidence)
	}
	sort.Slice(v.edges, func(i, j int) bool { return lessEdge(v.edges[i], v.edges[j]) })
	for _, m := range []map[string][]*Edge{v.out, v.in} {
		for _, es := range m {
			sort.Slice(es, func(i, j int) bool { return lessEdge(es[i], es[j]) })
		}
	}
	for _, n := range v.nodes {
		n.Label = n.str(RDFSLabel)
		if n.Label == "" {
			n.Label = n.ID
		}
		v.byKind[n.Kind] = append(v.byKind[n.Kind], n)
	}
	for _, ns := range v.byKind {
		sort.Slice(ns, func(i, j int) bool { return ns[i].ID < ns[j].ID })
	}
	v.pubsByYear = append([]*Node(nil), v.byKind[KindPublication]...)
	sort.SliceStable(v.pubsByYear, func(i, j int) bool { return v.earlier(v.pubsByYear[i], v.pubsByYear[j]) })
	v.search = newSearchIndex(v)
	v.extRefs = indexReferences(v)
	return v, nil
}

func lessEdge(a, b *Edge) bool {
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	if a.Predicate != b.Predicate {
		return a.Predicate < b.Predicate
	}
	return a.Target < b.Target
}

func sortEvidence(es []Evidence) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Quote < b.Quote
	})
}

func containsEvidence(es []Evidence, e Evidence) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

func appendUnique(vs []quad.Value, v quad.Value) []quad.Value {
	for _, x := range vs {
		if x == v {
			return vs
		}
	}
	return append(vs, v)
}

func appendUniqueStr(vs []string, v string) []string {
	for _, x := range vs {
		if x == v {
			return vs
		}
	}
	return append(vs, v)
}

// idOf returns the node id of an IRI under our base.
func (s *Store) idOf(v quad.Value) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok {
		return "", false
	}
	return strings.CutPrefix(string(iri), s.base)
}

func iriString(v quad.Value) string {
	if iri, ok := v.(quad.IRI); ok {
		return string(iri)
	}
	return quad.StringOf(v)
}

func literalString(v quad.Value) string {
	switch x := v.(type) {
	case quad.String:
		return string(x)
	case quad.LangString:
		return string(x.Value)
	case quad.TypedString:
		return string(x.Value)
	case nil:
		return ""
	}
	return quad.StringOf(v)
}

// str returns the first value of p as text, or "" when it has none; Str
// is the same for other packages.
func (n *Node) str(p Predicate) string {
	if vs := n.props[p]; len(vs) > 0 {
		return literalString(vs[0])
	}
	return ""
}

// Str returns the first value of property p as text, or "" when it has none.
func (n *Node) Str(p Predicate) string { return n.str(p) }

// Strs returns every value of property p as text, in a stable order.
func (n *Node) Strs(p Predicate) []string {
	var out []string
	for _, v := range n.props[p] {
		out = append(out, literalString(v))
	}
	sort.Strings(out)
	return out
}

// LangStr returns the value of p in language lang ("zh"), or "".
func (n *Node) LangStr(p Predicate, lang string) string {
	for _, v := range n.props[p] {
		if ls, ok := v.(quad.LangString); ok && ls.Lang == lang {
			return string(ls.Value)
		}
	}
	return ""
}

// PlainStrs returns the values of p that carry no language tag, sorted.
func (n *Node) PlainStrs(p Predicate) []string {
	var out []string
	for _, v := range n.props[p] {
		if _, ok := v.(quad.LangString); !ok {
			out = append(out, literalString(v))
		}
	}
	sort.Strings(out)
	return out
}

// Int returns the integer value of p and whether there is one.
func (n *Node) Int(p Predicate) (int, bool) {
	for _, v := range n.props[p] {
		if i, ok := v.(quad.Int); ok {
			return int(i), true
		}
	}
	return 0, false
}

// Bool returns the boolean value of p and whether there is one.
func (n *Node) Bool(p Predicate) (bool, bool) {
	for _, v := range n.props[p] {
		if b, ok := v.(quad.Bool); ok {
			return bool(b), true
		}
	}
	return false, false
}

// Has reports whether the node has any value for p.
func (n *Node) Has(p Predicate) bool { return len(n.props[p]) > 0 }

// IsA reports whether the node has rdf:type class.
func (n *Node) IsA(class string) bool {
	for _, v := range n.props[RDFType] {
		if iri, ok := v.(quad.IRI); ok && string(iri) == class {
			return true
		}
	}
	return false
}
