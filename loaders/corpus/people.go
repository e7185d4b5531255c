package corpus

import "github.com/scsgraph/scsgraph/graph"

// peopleFile describes people.yaml.
func peopleFile() fileSpec {
	return fileSpec{kind: graph.KindPerson, idField: "id",
		fields: []string{"id", "name", "nameZh", "affiliation", "description", "sources"}, read: readPerson}
}

// person is a scholar: the author, a co-author or an editor.
type person struct {
	meta
	name, nameZh, affiliation, description string
}

func readPerson(r *record) entity {
	return &person{
		meta:        r.entityMeta(graph.KindPerson),
		name:        r.need("name"),
		nameZh:      r.str("nameZh"),
		affiliation: r.str("affiliation"),
		description: r.str("description"),
	}
}

func (p *person) check(c *checker) { c.checkSources(&p.meta) }

func (p *person) write(e *emitter) {
	m := &p.meta
	e.named(m, graph.ClassPerson, p.name)
	e.zh(m, "nameZh", graph.NameZh, p.nameZh)
	e.text(m, "affiliation", graph.Affiliation, p.affiliation)
	e.text(m, "description", graph.Description, p.description)
}
