package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// Node is one node of the graph as the read view holds it. Its properties
// are slices of the view's flat property tables, sorted by predicate.
type Node struct {
	ID    string
	Kind  Kind
	Label string
	IRI   string

	props  []prop   // values, by predicate, each value once
	propEv []propEv // evidence of the values, by predicate, each once
}

// prop is one value of a node's property.
type prop struct {
	p Predicate
	v quad.Value
}

// propEv is one piece of evidence of a node's property: an index into the
// view's evidence table.
type propEv struct {
	p  Predicate
	ev int32
}

// Edge is a link between two nodes, with every piece of evidence for it.
type Edge struct {
	Source    string
	Target    string
	Predicate Predicate
	Weight    float64 // 1 for a stated link; the count for derived ones
	Evidence  []Evidence
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
	origin  string
	view    *view
}

// View scans every quad of the store and returns a new read view of it.
// For a store opened by Open, it checks what it read against the manifest:
// the same number of quads and, on PostgreSQL, the same content digest, and
// that no load began meanwhile. A bolt store's view is read from its
// snapshot when one of the same manifest lies beside it, and otherwise
// scanned and then snapshotted (see snapshot.go); Origin says which. A
// PostgreSQL store is read from Cayley's tables by two streaming queries
// in one snapshot (see pgscan.go), not through Cayley's iterators.
func (s *Store) View(ctx context.Context) (*View, error) {
	var d *contentDigest
	var observe func(quad.Quad)
	each, origin := s.eachQuad, "scan"
	var snap *snapshotWriter
	if s.backend == "bolt" && s.manifest != nil {
		read, err := readSnapshot(s.cfg.DB, *s.manifest)
		switch {
		case err == nil:
			each, origin = read, "snapshot "+filepath.Base(snapshotPath(s.cfg.DB))
		case errors.Is(err, os.ErrNotExist):
		default:
			origin = fmt.Sprintf("scan (snapshot %s %v)", filepath.Base(snapshotPath(s.cfg.DB)), err)
		}
		if err != nil {
			snap = newSnapshotWriter(*s.manifest)
			observe = snap.add
		}
	}
	if s.backend == "postgres" && s.manifest != nil { // bolt: the whole file was checked before it was opened
		d = &contentDigest{}
		each = func(ctx context.Context, fn func(quad.Quad) error) error { return s.pgScan(ctx, d, fn) }
	}
	v, err := buildView(ctx, s, each, observe)
	if err != nil {
		return nil, err
	}
	if m := s.manifest; m != nil {
		if err := s.matches(ctx, *m, int64(v.quads), d); err != nil {
			return nil, err
		}
	}
	if snap != nil {
		if err := snap.write(s.cfg.DB); err != nil {
			origin += fmt.Sprintf("; no snapshot written: %v", err)
		} else {
			origin += "; snapshot " + filepath.Base(snapshotPath(s.cfg.DB)) + " written"
		}
		snap = nil
	}
	if v.quads >= releaseAfter {
		// The build's garbage (the scan, a snapshot) is several times the
		// view; without this the runtime keeps it mapped for minutes
		// (measured: 2.3 GiB of anonymous memory idle at 100,000 works).
		debug.FreeOSMemory()
	}
	return &View{store: s, base: s.base, backend: s.backend, origin: origin, view: v}, nil
}

// Origin says how the view was built: from a scan of the store or from
// the store's snapshot, and whether a snapshot was written.
func (s *View) Origin() string { return s.origin }

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
// reads. Nothing writes to it once built. It is compact: the nodes in one
// slice sorted by id, with their properties in two flat tables; the edges
// in one slice sorted by source, predicate and target, so that a node's
// outgoing edges are a run of it, and its incoming ones a run of one slice
// of pointers (compressed sparse rows); each piece of evidence once, in a
// table that edges and properties share.
type view struct {
	nodes      []Node           // by id
	index      map[string]int32 // id -> position in nodes
	byKind     map[Kind][]*Node
	pubsByYear []*Node // the publications, by year then id
	edges      []Edge  // by source, predicate, target
	outOff     []int32 // node i's outgoing edges are edges[outOff[i]:outOff[i+1]]
	outPtr     []*Edge // the edges again, as pointers, in the same order
	inOff      []int32 // node i's incoming edges are in[inOff[i]:inOff[i+1]]
	in         []*Edge
	evidence   []Evidence // by evidence id
	evIDs      []string   // sorted
	quads      int
	search     *searchIndex
	extRefs    map[string][]string // external IRI of a cited work -> the publications that cite it
}

// node returns the node with id, evidence nodes included, or nil.
func (v *view) node(id string) *Node {
	if i, ok := v.index[id]; ok {
		return &v.nodes[i]
	}
	return nil
}

// out returns the edges that leave id, sorted.
func (v *view) out(id string) []*Edge {
	if i, ok := v.index[id]; ok {
		return v.outPtr[v.outOff[i]:v.outOff[i+1]]
	}
	return nil
}

// into returns the edges that enter id, sorted.
func (v *view) into(id string) []*Edge {
	if i, ok := v.index[id]; ok {
		return v.in[v.inOff[i]:v.inOff[i+1]]
	}
	return nil
}

// edge returns the edge source -p-> target, found by binary search among
// the edges that leave source.
func (v *view) edge(source string, p Predicate, target string) (*Edge, bool) {
	es := v.out(source)
	i := sort.Search(len(es), func(i int) bool {
		e := es[i]
		return e.Predicate > p || e.Predicate == p && e.Target >= target
	})
	if i < len(es) && es[i].Predicate == p && es[i].Target == target {
		return es[i], true
	}
	return nil, false
}

// rawProp and rawLink are what the scan of the store collects before the
// view is laid out.
type rawProp struct {
	subj string
	p    Predicate
	v    quad.Value
	ev   string
}

type rawLink struct {
	s, t string
	p    Predicate
	ev   string
}

// buildView reads every quad once through each (the store's scan, or a
// snapshot of it), showing each to observe (when not nil).
func buildView(ctx context.Context, s *Store, each func(context.Context, func(quad.Quad) error) error, observe func(quad.Quad)) (*view, error) {
	v := &view{byKind: map[Kind][]*Node{}}
	var links []rawLink
	var props []rawProp
	evProps := map[string][]quad.Quad{}
	iris := map[string]string{}        // node id -> its IRI, as read
	preds := map[Predicate]Predicate{} // one copy of each predicate
	values := map[quad.Value]quad.Value{}
	pred := func(q quad.Quad) Predicate {
		p := Predicate(iriString(q.Predicate))
		if x, ok := preds[p]; ok {
			return x
		}
		preds[p] = p
		return p
	}
	seen := func(id string, iri quad.Value) {
		if _, ok := iris[id]; !ok {
			iris[id] = string(iri.(quad.IRI))
		}
	}
	err := each(ctx, func(q quad.Quad) error {
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
		p := pred(q)
		if obj, ok := s.idOf(q.Object); ok && p != RDFType {
			seen(subj, q.Subject)
			seen(obj, q.Object)
			links = append(links, rawLink{subj, obj, p, ev})
			return nil
		}
		seen(subj, q.Subject)
		val, ok := values[q.Object]
		if !ok {
			val = q.Object
			values[val] = val
		}
		props = append(props, rawProp{subj, p, val, ev})
		return nil
	})
	if err != nil {
		return nil, err
	}
	values = nil
	v.layEvidence(s, evProps)
	evProps = nil
	evIndex := make(map[string]int32, len(v.evIDs))
	for i, id := range v.evIDs {
		evIndex[id] = int32(i)
	}
	v.layNodes(iris)
	iris = nil
	v.layProps(props, evIndex)
	props = nil
	v.layEdges(links, evIndex)
	links = nil
	for i := range v.nodes {
		n := &v.nodes[i]
		n.Label = n.str(RDFSLabel)
		if n.Label == "" {
			n.Label = n.ID
		}
		v.byKind[n.Kind] = append(v.byKind[n.Kind], n) // in id order
	}
	v.pubsByYear = append([]*Node(nil), v.byKind[KindPublication]...)
	sort.SliceStable(v.pubsByYear, func(i, j int) bool { return v.earlier(v.pubsByYear[i], v.pubsByYear[j]) })
	v.search = newSearchIndex(v)
	v.extRefs = indexReferences(v)
	return v, nil
}

// releaseAfter is the number of quads from which building a view returns
// the memory it no longer uses to the system at once.
const releaseAfter = 200_000

// layEvidence reads the evidence nodes' quads into the evidence table.
func (v *view) layEvidence(s *Store, evProps map[string][]quad.Quad) {
	v.evIDs = make([]string, 0, len(evProps))
	for id := range evProps {
		v.evIDs = append(v.evIDs, id)
	}
	sort.Strings(v.evIDs)
	v.evidence = make([]Evidence, len(v.evIDs))
	for i, id := range v.evIDs {
		e := &v.evidence[i]
		for _, q := range evProps[id] {
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
	}
}

// layNodes makes the node table, sorted by id, from the ids seen and their
// IRIs; a node's ID is the tail of its IRI, not a copy.
func (v *view) layNodes(iris map[string]string) {
	ids := make([]string, 0, len(iris))
	for id := range iris {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	v.nodes = make([]Node, len(ids))
	v.index = make(map[string]int32, len(ids))
	for i, id := range ids {
		iri := iris[id]
		id = iri[len(iri)-len(id):]
		v.nodes[i] = Node{ID: id, Kind: KindOf(id), IRI: iri}
		v.index[id] = int32(i)
	}
}

// layProps fills the two property tables, grouped by node and sorted by
// predicate, each value and each piece of evidence once per property, in
// the order the scan met them. It sorts props in place: by subject, which
// is the order of the nodes.
func (v *view) layProps(props []rawProp, evIndex map[string]int32) {
	slices.SortStableFunc(props, func(a, b rawProp) int {
		if c := strings.Compare(a.subj, b.subj); c != 0 {
			return c
		}
		return strings.Compare(string(a.p), string(b.p))
	})
	vals := make([]prop, 0, len(props))
	evs := make([]propEv, 0, len(props))
	for lo := 0; lo < len(props); {
		hi := lo
		for hi < len(props) && props[hi].subj == props[lo].subj {
			hi++
		}
		v0, e0 := len(vals), len(evs)
		for _, r := range props[lo:hi] {
			if !slices.Contains(vals[v0:], prop{r.p, r.v}) {
				vals = append(vals, prop{r.p, r.v})
			}
			if ev, ok := evIndex[r.ev]; ok && !slices.Contains(evs[e0:], propEv{r.p, ev}) {
				evs = append(evs, propEv{r.p, ev})
			}
		}
		n := v.node(props[lo].subj)
		n.props = vals[v0:len(vals):len(vals)]
		n.propEv = evs[e0:len(evs):len(evs)]
		lo = hi
	}
}

// layEdges makes the edge table and both adjacencies. An edge with one
// piece of evidence shares the evidence table's entry; one with more holds
// its own sorted copy, without repeats. The links are sorted by node
// numbers, which follow the ids' order.
func (v *view) layEdges(raw []rawLink, evIndex map[string]int32) {
	type link struct {
		s, t, ev int32 // ev: -1 for none
		p        Predicate
	}
	links := make([]link, len(raw))
	for i, l := range raw {
		ev, ok := evIndex[l.ev]
		if !ok {
			ev = -1
		}
		links[i] = link{v.index[l.s], v.index[l.t], ev, l.p}
	}
	slices.SortFunc(links, func(a, b link) int {
		if a.s != b.s {
			return int(a.s - b.s)
		}
		if c := strings.Compare(string(a.p), string(b.p)); c != 0 {
			return c
		}
		return int(a.t - b.t)
	})
	same := func(a, b link) bool { return a.s == b.s && a.p == b.p && a.t == b.t }
	n := 0
	for i := range links {
		if i == 0 || !same(links[i], links[i-1]) {
			n++
		}
	}
	v.edges = make([]Edge, 0, n)
	v.outOff = make([]int32, len(v.nodes)+1)
	v.inOff = make([]int32, len(v.nodes)+1)
	targets := make([]int32, 0, n)
	var evs []int32
	for lo := 0; lo < len(links); {
		l := links[lo]
		hi := lo
		evs = evs[:0]
		for ; hi < len(links) && same(links[hi], l); hi++ {
			if links[hi].ev >= 0 {
				evs = append(evs, links[hi].ev)
			}
		}
		e := Edge{Source: v.nodes[l.s].ID, Target: v.nodes[l.t].ID, Predicate: l.p, Weight: 1}
		switch slices.Sort(evs); len(slices.Compact(evs)) {
		case 0:
		case 1:
			e.Evidence = v.evidence[evs[0] : evs[0]+1 : evs[0]+1]
		default:
			for _, ev := range slices.Compact(evs) {
				if !containsEvidence(e.Evidence, v.evidence[ev]) {
					e.Evidence = append(e.Evidence, v.evidence[ev])
				}
			}
			sortEvidence(e.Evidence)
		}
		v.outOff[l.s+1]++
		v.inOff[l.t+1]++
		targets = append(targets, l.t)
		v.edges = append(v.edges, e)
		lo = hi
	}
	for i := range v.nodes {
		v.outOff[i+1] += v.outOff[i]
		v.inOff[i+1] += v.inOff[i]
	}
	v.outPtr = make([]*Edge, len(v.edges))
	v.in = make([]*Edge, len(v.edges))
	next := slices.Clone(v.inOff[:len(v.nodes)])
	for i := range v.edges {
		e := &v.edges[i]
		v.outPtr[i] = e // the edges are sorted by source: their runs are the out lists
		t := targets[i]
		v.in[next[t]] = e // in the edges' order: sorted
		next[t]++
	}
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

// values returns the values of property p, in the order the store gave
// them.
func (n *Node) values(p Predicate) []prop { return runOf(n.props, p) }

// evidenceOf returns the evidence of property p, in the order the store
// gave it.
func (n *Node) evidenceOf(p Predicate) []propEv { return runOf(n.propEv, p) }

func (x prop) pred() Predicate   { return x.p }
func (x propEv) pred() Predicate { return x.p }

// runOf returns the run of xs, sorted by predicate, whose predicate is p.
func runOf[T interface{ pred() Predicate }](xs []T, p Predicate) []T {
	for i, x := range xs {
		if x.pred() == p {
			j := i + 1
			for j < len(xs) && xs[j].pred() == p {
				j++
			}
			return xs[i:j]
		}
	}
	return nil
}

// str returns the first value of p as text, or "" when it has none; Str
// is the same for other packages.
func (n *Node) str(p Predicate) string {
	if vs := n.values(p); len(vs) > 0 {
		return literalString(vs[0].v)
	}
	return ""
}

// Str returns the first value of property p as text, or "" when it has none.
func (n *Node) Str(p Predicate) string { return n.str(p) }

// Strs returns every value of property p as text, in a stable order.
func (n *Node) Strs(p Predicate) []string {
	var out []string
	for _, x := range n.values(p) {
		out = append(out, literalString(x.v))
	}
	sort.Strings(out)
	return out
}

// LangStr returns the value of p in language lang ("zh"), or "".
func (n *Node) LangStr(p Predicate, lang string) string {
	for _, x := range n.values(p) {
		if ls, ok := x.v.(quad.LangString); ok && ls.Lang == lang {
			return string(ls.Value)
		}
	}
	return ""
}

// PlainStrs returns the values of p that carry no language tag, sorted.
func (n *Node) PlainStrs(p Predicate) []string {
	var out []string
	for _, x := range n.values(p) {
		if _, ok := x.v.(quad.LangString); !ok {
			out = append(out, literalString(x.v))
		}
	}
	sort.Strings(out)
	return out
}

// Int returns the integer value of p and whether there is one.
func (n *Node) Int(p Predicate) (int, bool) {
	for _, x := range n.values(p) {
		if i, ok := x.v.(quad.Int); ok {
			return int(i), true
		}
	}
	return 0, false
}

// Bool returns the boolean value of p and whether there is one.
func (n *Node) Bool(p Predicate) (bool, bool) {
	for _, x := range n.values(p) {
		if b, ok := x.v.(quad.Bool); ok {
			return bool(b), true
		}
	}
	return false, false
}

// Has reports whether the node has any value for p.
func (n *Node) Has(p Predicate) bool { return len(n.values(p)) > 0 }

// IsA reports whether the node has rdf:type class.
func (n *Node) IsA(class string) bool {
	for _, x := range n.values(RDFType) {
		if iri, ok := x.v.(quad.IRI); ok && string(iri) == class {
			return true
		}
	}
	return false
}
