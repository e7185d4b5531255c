package corpus

import "github.com/scsgraph/scsgraph/graph"

// claimsFile describes claims.yaml.
func claimsFile() fileSpec {
	return fileSpec{kind: graph.KindClaim, idField: "id",
		fields: []string{"id", "statement", "quote", "myth", "holders", "variantOf", "sources"}, read: readClaim}
}

// claim is something the literature or the public believes; a myth is a
// claim the research page corrects. holders are the actors or people the
// page says hold it, each with the page's words; variantOf names the claim
// whose myth this one words differently.
type claim struct {
	meta
	statement, quote string
	myth             bool
	holders          []link
	variantOf        link
}

func readClaim(r *record) entity {
	return &claim{
		meta:      r.entityMeta(graph.KindClaim),
		statement: r.need("statement"),
		quote:     r.need("quote"),
		myth:      r.boolean("myth"),
		holders:   r.links("holders"),
		variantOf: r.link("variantOf"),
	}
}

func (k *claim) check(c *checker) {
	c.checkSources(&k.meta)
	for _, h := range k.holders {
		if t, ok := c.ids[h.id]; ok && t.kind == graph.KindPerson {
			continue
		}
		c.ref(&k.meta, "holder", h, graph.KindActor)
	}
	if k.variantOf.id != "" {
		c.ref(&k.meta, "variantOf", k.variantOf, graph.KindClaim)
		if k.variantOf.id == k.id {
			c.ps.Add(k.file, k.variantOf.line, "%s: variant of itself", k.what())
		}
	}
}

func (k *claim) write(e *emitter) {
	m := &k.meta
	e.node(m, graph.ClassClaim, "statement", k.statement)
	e.quoted(m, "statement", graph.Text, k.statement, k.quote)
	e.quoted(m, "quote", graph.Quote, k.quote, k.quote)
	e.quoted(m, "myth", graph.Myth, k.myth, k.quote)
	e.links(m, "holders", graph.HeldBy, k.holders)
	e.links(m, "variantOf", graph.VariantOf, withQuote(optional(k.variantOf), k.quote))
}
