package corpus

import (
	"fmt"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// nouns returns the name of each kind in messages: its Noun in graph.KindTable.
func nouns() map[graph.Kind]string {
	m := map[graph.Kind]string{}
	for _, ki := range graph.KindTable() {
		m[ki.Kind] = ki.Noun
	}
	return m
}

// meta is what every entity has: its id, where it is, and the source of
// each of its fields.
type meta struct {
	id          string
	kind        graph.Kind
	fields      []string // the fields the entity's file allows
	file        string   // the display path
	line        int      // the line of the id
	lines       map[string]int
	sources     map[string]string // field -> source key; "default" for the rest
	sourceLines map[string]int
}

func (m *meta) base() *meta { return m }

// what names the entity in messages: concept "concept/blacklist".
func (m *meta) what() string { return fmt.Sprintf("%s %q", nouns()[m.kind], m.id) }

// lineOf returns the line of a field, or of the id when it is absent.
func (m *meta) lineOf(field string) int {
	if l, ok := m.lines[field]; ok {
		return l
	}
	return m.line
}

// entity is one record of an entity file, read and ready to be checked
// against the whole corpus and written.
type entity interface {
	base() *meta
	// check validates the entity's references against the corpus.
	check(c *checker)
	// write writes the entity's facts.
	write(e *emitter)
}

// checker validates references once every file has been read.
type checker struct {
	ps      *loaders.Problems
	ids     map[string]*meta
	sources map[string]*source // by key
}

// ref reports a link whose target is missing or of the wrong kind.
// noun names the role of the target ("broader", "author").
func (c *checker) ref(m *meta, noun string, l link, want graph.Kind) {
	target, ok := c.ids[l.id]
	switch {
	case !ok:
		c.ps.Add(m.file, l.line, "%s: unknown %s %q", m.what(), noun, l.id)
	case target.kind != want:
		c.ps.Add(m.file, l.line, "%s: %s %q is a %s, not a %s", m.what(), noun, l.id, nouns()[target.kind], nouns()[want])
	}
}

// refs checks a list of links.
func (c *checker) refs(m *meta, noun string, ls []link, want graph.Kind) {
	for _, l := range ls {
		c.ref(m, noun, l, want)
	}
}

// checkSources validates an entity's `sources` mapping: every key is
// "default" or a field the entity may have, every value a known source,
// and a default is given.
func (c *checker) checkSources(m *meta) {
	if m.sources == nil {
		return // reported as missing when read
	}
	known := map[string]bool{"default": true}
	for _, f := range m.fields {
		known[f] = true
	}
	for field, key := range m.sources {
		line := m.sourceLines[field]
		if !known[field] {
			c.ps.Add(m.file, line, "%s: sources: unknown field %q", m.what(), field)
		}
		if _, ok := c.sources[key]; !ok {
			c.ps.Add(m.file, line, "%s: sources: unknown source key %q", m.what(), key)
		}
	}
	if _, ok := m.sources["default"]; !ok {
		c.ps.Add(m.file, m.lineOf("sources"), "%s: sources: missing %q", m.what(), "default")
	}
}

// emitter writes the facts of entities with their evidence: the record
// and the source the entity names for a field.
type emitter struct {
	*loaders.Emitter
	sources map[string]*source
}

// evidence builds the evidence of a fact about field of m, with quote: the
// source the entity's `sources` mapping names for the field (its node and
// its public address, the link a reader follows to check the fact), and
// the record. It points at the record (the line of its id), not at the
// field's own line: the facts of one record without a quote then share one
// evidence node, which keeps a large corpus's store small (every distinct
// value costs each backend an index entry, and Cayley's memstore a B-tree
// page).
func (e *emitter) evidence(m *meta, field string, quote string) graph.Evidence {
	ev := graph.Evidence{File: m.file, Line: m.line, Quote: quote}
	if s := e.sourceOf(m, field); s != nil {
		ev.Source, ev.URL = s.id, s.url
	}
	return ev
}

// sourceOf returns the source m's `sources` mapping names for field (or its
// default), nil when there is none.
func (e *emitter) sourceOf(m *meta, field string) *source {
	key, ok := m.sources[field]
	if !ok {
		key = m.sources["default"]
	}
	return e.sources[key]
}

// fact writes a fact about m whose evidence is m's record and field's source.
func (e *emitter) fact(m *meta, field string, pred graph.Predicate, object any) {
	e.Put(m.id, pred, object, e.evidence(m, field, ""))
}

// quoted writes a fact about m with a quote as part of its evidence.
func (e *emitter) quoted(m *meta, field string, pred graph.Predicate, object any, quote string) {
	e.Put(m.id, pred, object, e.evidence(m, field, quote))
}

// text writes a string fact when s is not empty.
func (e *emitter) text(m *meta, field string, pred graph.Predicate, s string) {
	if s != "" {
		e.fact(m, field, pred, s)
	}
}

// texts writes one string fact per element.
func (e *emitter) texts(m *meta, field string, pred graph.Predicate, ss []string) {
	for _, s := range ss {
		e.fact(m, field, pred, s)
	}
}

// links writes m -pred-> target for each link, with the link's quote.
func (e *emitter) links(m *meta, field string, pred graph.Predicate, ls []link) {
	for _, l := range ls {
		e.Put(m.id, pred, graph.ID(l.id), e.evidence(m, field, l.quote))
	}
}

// inverse writes target -pred-> m for each link, with the same evidence as
// the link (narrower from broader, the other half of related).
func (e *emitter) inverse(m *meta, field string, pred graph.Predicate, ls []link) {
	for _, l := range ls {
		e.Put(l.id, pred, graph.ID(m.id), e.evidence(m, field, l.quote))
	}
}

// named writes the type, the display label and the name of an entity whose
// label is its name.
func (e *emitter) named(m *meta, class, name string) {
	e.node(m, class, "name", name)
	e.fact(m, "name", graph.Name, name)
}

// zh writes a Chinese name through pred, tagged with the language "zh",
// when there is one. Chinese names have predicates of their own, so that
// their evidence is not mixed with that of the English aliases.
func (e *emitter) zh(m *meta, field string, pred graph.Predicate, name string) {
	if name != "" {
		e.fact(m, field, pred, graph.LangString{Text: name, Lang: "zh"})
	}
}

// node writes the type and the display label of an entity.
func (e *emitter) node(m *meta, class string, labelField, label string) {
	e.fact(m, "id", graph.RDFType, graph.IRI(class))
	e.fact(m, labelField, graph.RDFSLabel, label)
}
