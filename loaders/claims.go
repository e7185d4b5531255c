package loaders

import "github.com/scsgraph/scsgraph/graph"

// claimsFile describes claims.yaml.
func claimsFile() fileSpec {
	return fileSpec{name: "claims.yaml", kind: graph.KindClaim, idField: "id",
		fields: []string{"id", "statement", "quote", "myth", "sources"}, read: readClaim}
}

// claim is something the literature or the public believes; a myth is a
// claim the research page corrects.
type claim struct {
	meta
	statement, quote string
	myth             bool
}

func readClaim(r *record) entity {
	return &claim{
		meta:      r.entityMeta(graph.KindClaim),
		statement: r.need("statement"),
		quote:     r.need("quote"),
		myth:      r.boolean("myth"),
	}
}

func (k *claim) check(c *checker) { c.checkSources(&k.meta) }

func (k *claim) write(e *emitter) {
	m := &k.meta
	e.node(m, graph.ClassClaim, "statement", k.statement)
	e.quoted(m, "statement", graph.Text, k.statement, k.quote)
	e.quoted(m, "quote", graph.Quote, k.quote, k.quote)
	e.quoted(m, "myth", graph.Myth, k.myth, k.quote)
}
