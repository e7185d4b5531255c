package corpus

import (
	"strings"
	"time"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// publicationsFile describes publications.yaml.
func publicationsFile() fileSpec {
	return fileSpec{kind: graph.KindPublication, idField: "id",
		fields: []string{"id", "year", "type", "title", "description", "status", "venue", "citation",
			"doi", "preprints", "published", "publisher", "abstract", "authors", "authorOrderKnown", "question",
			"methods", "places", "concepts", "actors", "sources"},
		read: readPublication}
}

// Years outside this range are typing errors.
const minYear = 1900

// publication is a work on the research page.
type publication struct {
	meta
	year                                       int
	hasYear                                    bool
	typ, title, description, status            string
	citation, doi, published                   string
	abstract                                   string
	preprints                                  []string
	venue, question, publisher                 link
	authors, methods, places, concepts, actors []link
	authorOrderKnown                           bool
}

func readPublication(r *record) entity {
	p := &publication{
		meta:             r.entityMeta(graph.KindPublication),
		typ:              r.need("type"),
		title:            r.str("title"),
		description:      r.str("description"),
		status:           r.str("status"),
		citation:         r.str("citation"),
		doi:              r.str("doi"),
		published:        r.str("published"),
		abstract:         r.need("abstract"),
		preprints:        r.strs("preprints"),
		authors:          r.links("authors"),
		authorOrderKnown: r.boolean("authorOrderKnown"),
		methods:          r.links("methods"),
		places:           r.links("places"),
		concepts:         r.links("concepts"),
		actors:           r.links("actors"),
	}
	p.venue = r.link("venue")
	p.question = r.link("question")
	p.publisher = r.link("publisher")
	if p.typ != "" {
		r.oneOf("type", p.typ, graph.PublicationTypes())
	}
	p.year, p.hasYear = r.integer("year")
	switch {
	case p.hasYear && (p.year < minYear || p.year > loaders.MaxYear):
		r.problem(r.line("year"), "year %d out of range %d..%d", p.year, minYear, loaders.MaxYear)
	case !r.has("year") && !(p.typ == "BOOK" && p.status != ""):
		r.problem(p.line, "missing %q (only a book with a status may have none)", "year")
	}
	if strings.TrimSpace(p.title) == "" && strings.TrimSpace(p.description) == "" {
		r.problem(p.line, "needs a %q or, when the title is unknown, a %q", "title", "description")
	}
	if !r.has("authors") || len(p.authors) == 0 {
		r.problem(r.line("authors"), "needs at least one author")
	}
	if p.published != "" {
		if _, err := time.Parse(time.DateOnly, p.published); err != nil {
			r.problem(r.line("published"), "bad published date %q: want YYYY-MM-DD", p.published)
		}
	}
	return p
}

// label is the display label: the title, or the description when the title
// is unknown.
func (p *publication) label() (field, text string) {
	if p.title != "" {
		return "title", p.title
	}
	return "description", p.description
}

func (p *publication) check(c *checker) {
	m := &p.meta
	c.checkSources(m)
	for _, lf := range p.linkFields() {
		c.refs(m, lf.noun, lf.links, lf.kind)
	}
	seen := map[string]bool{}
	for _, a := range p.authors {
		if seen[a.id] {
			c.ps.Add(p.file, a.line, "%s: author %q listed twice", p.what(), a.id)
		}
		seen[a.id] = true
	}
}

func (p *publication) write(e *emitter) {
	m := &p.meta
	labelField, label := p.label()
	e.node(m, graph.PublicationClass(p.typ), labelField, label)
	e.text(m, "title", graph.Name, p.title)
	e.fact(m, "title", graph.TitleKnown, p.title != "")
	e.text(m, "description", graph.Description, p.description)
	if p.hasYear {
		e.fact(m, "year", graph.DatePublished, p.year)
	}
	e.fact(m, "type", graph.PubType, p.typ)
	e.text(m, "citation", graph.Pagination, p.citation)
	e.text(m, "doi", graph.DOI, p.doi)
	e.texts(m, "preprints", graph.Preprint, p.preprints)
	e.text(m, "published", graph.PublishedOn, p.published)
	e.text(m, "status", graph.Status, p.status)
	e.fact(m, "abstract", graph.Abstract, p.abstract)
	for _, lf := range p.linkFields() {
		e.links(m, lf.field, lf.pred, lf.links)
	}
	// The authors in the order the file lists them: the byline order where
	// authorOrderKnown, and otherwise the file's order, which nothing sorts.
	ids := make([]string, len(p.authors))
	for i, a := range p.authors {
		ids[i] = a.id
	}
	e.fact(m, "authors", graph.AuthorOrder, strings.Join(ids, " "))
	e.fact(m, "authorOrderKnown", graph.AuthorOrderKnown, p.authorOrderKnown)
}

// linkField is a field of a publication that links to other entities.
type linkField struct {
	field, noun string // the field, and the role of its targets in messages
	kind        graph.Kind
	pred        graph.Predicate
	links       []link
}

// linkFields returns the publication's links, field by field.
func (p *publication) linkFields() []linkField {
	return []linkField{
		{"venue", "venue", graph.KindVenue, graph.IsPartOf, optional(p.venue)},
		{"publisher", "publisher", graph.KindActor, graph.Publisher, optional(p.publisher)},
		{"question", "question", graph.KindQuestion, graph.Answers, optional(p.question)},
		{"authors", "author", graph.KindPerson, graph.Author, p.authors},
		{"methods", "method", graph.KindMethod, graph.UsesMethod, p.methods},
		{"places", "place", graph.KindPlace, graph.Location, p.places},
		{"concepts", "concept", graph.KindConcept, graph.Mentions, p.concepts},
		{"actors", "actor", graph.KindActor, graph.Mentions, p.actors},
	}
}

// optional returns a single link as a list: empty when the link is absent.
func optional(l link) []link {
	if l.id == "" {
		return nil
	}
	return []link{l}
}

// fieldText is the text of one field.
type fieldText struct{ field, text string }

// texts returns the publication's title and abstract, where the mention
// extractor looks for mentions.
func (p *publication) texts() []fieldText {
	if p.title == "" {
		return []fieldText{{"abstract", p.abstract}}
	}
	return []fieldText{{"title", p.title}, {"abstract", p.abstract}}
}
