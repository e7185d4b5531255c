package corpus

import "github.com/scsgraph/scsgraph/graph"

// actorsFile describes actors.yaml.
func actorsFile() fileSpec {
	return fileSpec{kind: graph.KindActor, idField: "id",
		fields: []string{"id", "name", "acronym", "nameZh", "aliasesZh", "type", "aliases", "description", "sources"}, read: readActor}
}

// actor is an institution or a social group.
type actor struct {
	meta
	name, acronym, nameZh, typ, description string
	otherNames                              []string // the `aliases` field
	otherNamesZh                            []string // the `aliasesZh` field: other Chinese names
}

func readActor(r *record) entity {
	a := &actor{
		meta:         r.entityMeta(graph.KindActor),
		name:         r.need("name"),
		acronym:      r.str("acronym"),
		nameZh:       r.str("nameZh"),
		typ:          r.need("type"),
		otherNames:   r.strs("aliases"),
		otherNamesZh: r.strs("aliasesZh"),
		description:  r.str("description"),
	}
	if a.typ != "" {
		r.oneOf("type", a.typ, graph.ActorTypes())
	}
	return a
}

// aliases are the text forms of the actor that the mention extractor finds.
func (a *actor) aliases() []alias {
	out := fieldAliases(nil, "name", a.name)
	out = fieldAliases(out, "acronym", a.acronym)
	out = fieldAliases(out, "nameZh", a.nameZh)
	out = fieldAliases(out, "aliasesZh", a.otherNamesZh...)
	return fieldAliases(out, "aliases", a.otherNames...)
}

func (a *actor) check(c *checker) { c.checkSources(&a.meta) }

func (a *actor) write(e *emitter) {
	m := &a.meta
	e.named(m, graph.ClassOrganization, a.name)
	e.text(m, "acronym", graph.Acronym, a.acronym)
	e.zh(m, "nameZh", graph.NameZh, a.nameZh)
	for _, n := range a.otherNamesZh {
		e.zh(m, "aliasesZh", graph.AltNameZh, n)
	}
	e.texts(m, "aliases", graph.AltLabel, a.otherNames)
	e.fact(m, "type", graph.ActorType, a.typ)
	e.text(m, "description", graph.Description, a.description)
}

// fieldAliases appends the non-empty texts of field to out.
func fieldAliases(out []alias, field string, texts ...string) []alias {
	for _, t := range texts {
		if t != "" {
			out = append(out, alias{text: t, field: field})
		}
	}
	return out
}
