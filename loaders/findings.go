package loaders

import "github.com/scsgraph/scsgraph/graph"

// findingsFile describes findings.yaml.
func findingsFile() fileSpec {
	return fileSpec{name: "findings.yaml", kind: graph.KindFinding, idField: "id",
		fields: []string{"id", "statement", "publication", "quote", "supports", "contradicts", "sources"}, read: readFinding}
}

// finding is a result of a publication, in the words of the page, with the
// claims it supports or contradicts.
type finding struct {
	meta
	statement, quote      string
	publication           link
	supports, contradicts []link
}

func readFinding(r *record) entity {
	f := &finding{
		meta:        r.entityMeta(graph.KindFinding),
		statement:   r.need("statement"),
		quote:       r.need("quote"),
		supports:    r.links("supports"),
		contradicts: r.links("contradicts"),
	}
	f.publication = r.link("publication")
	if !r.has("publication") {
		r.problem(f.line, "missing %q", "publication")
	}
	return f
}

func (f *finding) check(c *checker) {
	c.checkSources(&f.meta)
	if f.publication.id != "" {
		c.ref(&f.meta, "publication", f.publication, graph.KindPublication)
	}
	c.refs(&f.meta, "claim", f.supports, graph.KindClaim)
	c.refs(&f.meta, "claim", f.contradicts, graph.KindClaim)
}

func (f *finding) write(e *emitter) {
	m := &f.meta
	e.node(m, graph.ClassFinding, "statement", f.statement)
	e.quoted(m, "statement", graph.Text, f.statement, f.quote)
	e.quoted(m, "quote", graph.Quote, f.quote, f.quote)
	e.quoted(m, "publication", graph.ReportedIn, graph.ID(f.publication.id), f.quote)
	e.links(m, "supports", graph.Supports, withQuote(f.supports, f.quote))
	e.links(m, "contradicts", graph.Contradicts, withQuote(f.contradicts, f.quote))
}

// withQuote gives the links that have no quote of their own the quote q.
func withQuote(ls []link, q string) []link {
	out := make([]link, len(ls))
	for i, l := range ls {
		if l.quote == "" {
			l.quote = q
		}
		out[i] = l
	}
	return out
}
