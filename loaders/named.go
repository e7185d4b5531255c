package loaders

import "github.com/scsgraph/scsgraph/graph"

// methods.yaml, places.yaml and venues.yaml share one shape: a name,
// aliases and a description (and a publisher for venues).

// methodsFile describes methods.yaml.
func methodsFile() fileSpec {
	return namedFile("methods.yaml", graph.KindMethod, graph.ClassMethod)
}

// placesFile describes places.yaml.
func placesFile() fileSpec {
	return namedFile("places.yaml", graph.KindPlace, graph.ClassPlace)
}

// venuesFile describes venues.yaml.
func venuesFile() fileSpec {
	s := namedFile("venues.yaml", graph.KindVenue, graph.ClassPeriodical)
	s.fields = append(s.fields, "publisher")
	return s
}

// namedFile describes a file of named entities of one kind.
func namedFile(name string, kind graph.Kind, class string) fileSpec {
	return fileSpec{name: name, kind: kind, idField: "id",
		fields: []string{"id", "name", "aliases", "description", "sources"}, read: readNamed(kind, class)}
}

// named is a method, a place or a venue.
type named struct {
	meta
	class                        string // the rdf:type
	name, description, publisher string
	aliases                      []string
}

// readNamed returns the reader for a file of named entities of one kind.
func readNamed(kind graph.Kind, class string) func(r *record) entity {
	return func(r *record) entity {
		return &named{
			meta:        r.entityMeta(kind),
			class:       class,
			name:        r.need("name"),
			aliases:     r.strs("aliases"),
			description: r.str("description"),
			publisher:   r.str("publisher"),
		}
	}
}

func (n *named) check(c *checker) { c.checkSources(&n.meta) }

func (n *named) write(e *emitter) {
	m := &n.meta
	e.named(m, n.class, n.name)
	e.texts(m, "aliases", graph.AltLabel, n.aliases)
	e.text(m, "description", graph.Description, n.description)
	e.text(m, "publisher", graph.Publisher, n.publisher)
}
