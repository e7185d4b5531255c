package corpus

import "github.com/scsgraph/scsgraph/graph"

// findingsFile describes findings.yaml.
func findingsFile() fileSpec {
	return fileSpec{kind: graph.KindFinding, idField: "id",
		fields: []string{"id", "statement", "publication", "premiseOf", "quote", "supports", "contradicts", "conflictsWith", "sources"},
		read:   readFinding}
}

// finding is a result, in the words of the page, with the claims it
// supports or contradicts. It is reported in a publication; or, when the
// page credits it to earlier work it does not name, it is the premise of a
// publication (premiseOf) and is reported in none. conflictsWith names the
// findings the page states in contradiction with this one.
type finding struct {
	meta
	statement, quote                     string
	publication, premiseOf               link
	supports, contradicts, conflictsWith []link
}

func readFinding(r *record) entity {
	f := &finding{
		meta:          r.entityMeta(graph.KindFinding),
		statement:     r.need("statement"),
		quote:         r.need("quote"),
		supports:      r.links("supports"),
		contradicts:   r.links("contradicts"),
		conflictsWith: r.links("conflictsWith"),
	}
	f.publication = r.link("publication")
	f.premiseOf = r.link("premiseOf")
	switch {
	case !r.has("publication") && !r.has("premiseOf"):
		r.problem(f.line, "missing %q (or, for a finding of earlier work, %q)", "publication", "premiseOf")
	case r.has("publication") && r.has("premiseOf"):
		r.problem(f.line, "has both %q and %q; give one", "publication", "premiseOf")
	}
	return f
}

func (f *finding) check(c *checker) {
	c.checkSources(&f.meta)
	c.refs(&f.meta, "publication", optional(f.publication), graph.KindPublication)
	c.refs(&f.meta, "publication", optional(f.premiseOf), graph.KindPublication)
	c.refs(&f.meta, "claim", f.supports, graph.KindClaim)
	c.refs(&f.meta, "claim", f.contradicts, graph.KindClaim)
	c.refs(&f.meta, "finding", f.conflictsWith, graph.KindFinding)
}

func (f *finding) write(e *emitter) {
	m := &f.meta
	e.node(m, graph.ClassFinding, "statement", f.statement)
	e.quoted(m, "statement", graph.Text, f.statement, f.quote)
	e.quoted(m, "quote", graph.Quote, f.quote, f.quote)
	e.links(m, "publication", graph.ReportedIn, withQuote(optional(f.publication), f.quote))
	e.links(m, "premiseOf", graph.PremiseOf, withQuote(optional(f.premiseOf), f.quote))
	e.links(m, "supports", graph.Supports, withQuote(f.supports, f.quote))
	e.links(m, "contradicts", graph.Contradicts, withQuote(f.contradicts, f.quote))
	// A conflict is stated by both findings' words: each direction carries
	// the quote of the finding it leaves from.
	e.links(m, "conflictsWith", graph.ConflictsWith, withQuote(f.conflictsWith, f.quote))
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
