package corpus

import "github.com/scsgraph/scsgraph/graph"

// conceptsFile describes concepts.yaml.
func conceptsFile() fileSpec {
	return fileSpec{kind: graph.KindConcept, idField: "id",
		fields: []string{"id", "label", "altLabels", "definition", "broader", "related", "sources"}, read: readConcept}
}

// concept is a SKOS concept of the scheme.
type concept struct {
	meta
	label, definition string
	altLabels         []string
	broader, related  []link
}

func readConcept(r *record) entity {
	return &concept{
		meta:       r.entityMeta(graph.KindConcept),
		label:      r.need("label"),
		altLabels:  r.strs("altLabels"),
		definition: r.str("definition"),
		broader:    r.links("broader"),
		related:    r.links("related"),
	}
}

// aliases are the text forms of the concept that the mention extractor finds.
func (k *concept) aliases() []alias {
	return fieldAliases(fieldAliases(nil, "label", k.label), "altLabels", k.altLabels...)
}

func (k *concept) check(c *checker) {
	c.checkSources(&k.meta)
	c.refs(&k.meta, "broader", k.broader, graph.KindConcept)
	c.refs(&k.meta, "related", k.related, graph.KindConcept)
	for _, ls := range [][]link{k.broader, k.related} {
		for _, l := range ls {
			if l.id == k.id {
				c.ps.Add(k.file, l.line, "%s: links to itself", k.what())
			}
		}
	}
}

func (k *concept) write(e *emitter) {
	m := &k.meta
	e.node(m, graph.ClassConcept, "label", k.label)
	e.fact(m, "label", graph.PrefLabel, k.label)
	e.texts(m, "altLabels", graph.AltLabel, k.altLabels)
	e.text(m, "definition", graph.Definition, k.definition)
	e.links(m, "broader", graph.Broader, k.broader)
	e.inverse(m, "broader", graph.Narrower, k.broader)
	e.links(m, "related", graph.Related, k.related)
	e.inverse(m, "related", graph.Related, k.related)
}
