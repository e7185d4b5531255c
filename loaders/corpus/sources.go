package corpus

import (
	"net/url"
	"time"

	"github.com/scsgraph/scsgraph/graph"
)

// sourcesFile describes sources.yaml.
func sourcesFile() fileSpec {
	return fileSpec{kind: graph.KindSource, idField: "key",
		fields: []string{"key", "id", "url", "title", "publisher", "accessed", "description"}, read: readSource}
}

// source is an entry of sources.yaml: where facts come from. Entities name
// it by key in their `sources` mappings. A source with an id is a node of
// its own, with its public address (url), title, publisher and the date it
// was accessed where known; a source with only a url is an address that
// evidence names without a node. Every fact a source backs records the
// source's url as the link a reader follows to check it.
type source struct {
	meta
	key, url, title, publisher, accessed, description string
	keyLine                                           int
}

func readSource(r *record) entity {
	s := &source{
		key:         r.need("key"),
		url:         r.str("url"),
		title:       r.need("title"),
		publisher:   r.str("publisher"),
		accessed:    r.str("accessed"),
		description: r.str("description"),
		keyLine:     r.line("key"),
	}
	s.meta = meta{id: r.str("id"), kind: graph.KindSource, file: r.d.path, line: r.line("key"), lines: r.lines(),
		sources: map[string]string{"default": s.key}}
	if s.id == "" && s.url == "" {
		r.problem(s.line, "needs %q (a node), %q (a public address) or both", "id", "url")
	}
	if s.id != "" {
		if err := graph.ValidID(s.id); err != nil {
			r.problem(r.line("id"), "bad id: %v", err)
		} else if k := graph.KindOf(s.id); k != graph.KindSource {
			r.problem(r.line("id"), "id of kind %q in %s, want kind %q", k, r.d.name, graph.KindSource)
		}
	}
	if s.url != "" {
		if u, err := url.Parse(s.url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			r.problem(r.line("url"), "url %q is not an absolute http(s) address", s.url)
		}
	}
	if s.accessed != "" {
		if _, err := time.Parse(time.DateOnly, s.accessed); err != nil {
			r.problem(r.line("accessed"), "bad accessed date %q: want YYYY-MM-DD", s.accessed)
		}
	}
	return s
}

func (s *source) check(c *checker) {}

func (s *source) write(e *emitter) {
	if s.id == "" {
		return // an address only: evidence names it by URL
	}
	m := &s.meta
	e.node(m, graph.ClassSource, "title", s.title)
	e.text(m, "url", graph.URL, s.url)
	e.text(m, "publisher", graph.Publisher, s.publisher)
	e.text(m, "accessed", graph.Accessed, s.accessed)
	e.text(m, "description", graph.Description, s.description)
}
