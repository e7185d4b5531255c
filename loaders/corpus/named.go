package corpus

import "github.com/scsgraph/scsgraph/graph"

// methods.yaml, places.yaml and venues.yaml share one shape: a name,
// aliases and a description. A place may be marked a pseudonym; a venue has
// a type (a periodical or an edited book), and a publisher and editors where
// a source names them.

// methodsFile describes methods.yaml.
func methodsFile() fileSpec {
	return namedFile(graph.KindMethod, graph.ClassMethod)
}

// placesFile describes places.yaml.
func placesFile() fileSpec {
	s := namedFile(graph.KindPlace, graph.ClassPlace)
	s.fields = append(s.fields, "pseudonym")
	return s
}

// venuesFile describes venues.yaml.
func venuesFile() fileSpec {
	s := namedFile(graph.KindVenue, graph.ClassPeriodical)
	s.fields = append(s.fields, "type", "publisher", "editors")
	return s
}

// venueTypes returns the values of a venue's `type`, with their classes.
func venueTypes() map[string]string {
	return map[string]string{"PERIODICAL": graph.ClassPeriodical, "BOOK": graph.ClassBook}
}

// namedFile describes a file of named entities of one kind.
func namedFile(kind graph.Kind, class string) fileSpec {
	return fileSpec{kind: kind, idField: "id",
		fields: []string{"id", "name", "aliases", "description", "sources"}, read: readNamed(kind, class)}
}

// named is a method, a place or a venue.
type named struct {
	meta
	class             string // the rdf:type
	name, description string
	aliases           []string
	pseudonym         bool   // places: the source marks the name as a pseudonym
	publisher         link   // venues: an actor
	editors           []link // venues: people
}

// readNamed returns the reader for a file of named entities of one kind.
func readNamed(kind graph.Kind, class string) func(r *record) entity {
	return func(r *record) entity {
		n := &named{
			meta:        r.entityMeta(kind),
			class:       class,
			name:        r.need("name"),
			aliases:     r.strs("aliases"),
			description: r.str("description"),
			pseudonym:   r.optBoolean("pseudonym"),
			publisher:   r.link("publisher"),
			editors:     r.links("editors"),
		}
		if t := r.str("type"); t != "" {
			if c, ok := venueTypes()[t]; ok {
				n.class = c
			} else {
				r.oneOf("type", t, []string{"PERIODICAL", "BOOK"})
			}
		}
		return n
	}
}

func (n *named) check(c *checker) {
	c.checkSources(&n.meta)
	c.refs(&n.meta, "publisher", optional(n.publisher), graph.KindActor)
	c.refs(&n.meta, "editor", n.editors, graph.KindPerson)
}

func (n *named) write(e *emitter) {
	m := &n.meta
	e.named(m, n.class, n.name)
	e.texts(m, "aliases", graph.AltLabel, n.aliases)
	e.text(m, "description", graph.Description, n.description)
	if n.pseudonym {
		e.fact(m, "pseudonym", graph.Pseudonym, true)
	}
	e.links(m, "publisher", graph.Publisher, optional(n.publisher))
	e.links(m, "editors", graph.Editor, n.editors)
}
