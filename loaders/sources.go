package loaders

import (
	"github.com/scsgraph/scsgraph/graph"
)

// sourcesFile describes sources.yaml.
func sourcesFile() fileSpec {
	return fileSpec{name: "sources.yaml", kind: graph.KindSource, idField: "key",
		fields: []string{"key", "id", "url", "title"}, read: readSource}
}

// source is an entry of sources.yaml: where facts come from. Entities name
// it by key in their `sources` mappings. It is either a node of its own (id)
// or an external address (url).
type source struct {
	meta
	key, url, title string
	keyLine         int
}

func readSource(r *record) entity {
	s := &source{
		key:     r.need("key"),
		url:     r.str("url"),
		title:   r.need("title"),
		keyLine: r.line("key"),
	}
	s.meta = meta{id: r.str("id"), kind: graph.KindSource, file: r.d.path, line: r.line("key"), lines: r.lines(),
		sources: map[string]string{"default": s.key}}
	switch {
	case s.id == "" && s.url == "":
		r.problem(s.line, "needs one of %q and %q", "id", "url")
	case s.id != "" && s.url != "":
		r.problem(s.line, "has both %q and %q; give one", "id", "url")
	case s.id != "":
		if err := graph.ValidID(s.id); err != nil {
			r.problem(r.line("id"), "bad id: %v", err)
		} else if k := graph.KindOf(s.id); k != graph.KindSource {
			r.problem(r.line("id"), "id of kind %q in %s, want kind %q", k, r.d.name, graph.KindSource)
		}
	}
	return s
}

func (s *source) check(c *checker) {}

func (s *source) write(e *emitter) {
	if s.id == "" {
		return // an address: evidence names it by URL
	}
	e.node(&s.meta, graph.ClassSource, "title", s.title)
}
