package loaders

import (
	"fmt"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// workRecord is one record of a bibliography, whatever its format: a
// BibTeX entry, a CSL-JSON item or an OpenAlex work.
type workRecord struct {
	file string // the display path
	line int    // the line where the record starts
	noun string // "entry", "item" or "work", as messages name the record
	key  string // the BibTeX key, the CSL id or the OpenAlex id
	url  string // where the record came from: its OpenAlex or DOI address

	typ        string // ARTICLE, CHAPTER or BOOK
	title      string
	abstract   string
	year       int
	venue      string
	publisher  string
	pagination string
	doi        string
	openalex   string
	authors    []author
	keywords   []string // keywords, topics and concepts
	refs       []string // catalog keys of the works it cites ("openalex:w1", "doi:10.1/x")

	// Fields that tell apart works with the same title and year (chapters of
	// one book, items of different issues). Parsers fill them where the
	// source has them; entity resolution reads them.
	rawType   string // the source's own type: "inbook", "article-journal", "JOUR"
	chapter   string // a chapter number or title within a book
	booktitle string // the book a chapter or paper is in
	volume    string
	issue     string
	etAl      bool // the author list is incomplete: it ended with "others" or "et al."
}

// author is an author of a record.
type author struct {
	name         personName
	orcid        string
	institutions []institution
}

// institution is an author's affiliation in an OpenAlex record.
type institution struct {
	name, ror, typ string
}

// what names the record in messages: entry "liu2022".
func (r *workRecord) what() string { return fmt.Sprintf("%s %q", r.noun, r.key) }

// evidence is the evidence of every fact a record gives.
func (r *workRecord) evidence() graph.Evidence {
	return graph.Evidence{File: r.file, Line: r.line, URL: r.url}
}

// check reports what makes a record unusable.
func (r *workRecord) check() string {
	switch {
	case strings.TrimSpace(r.title) == "":
		return "no title"
	case r.year != 0 && (r.year < minBibYear || r.year > maxYear):
		return fmt.Sprintf("year %d out of range %d..%d", r.year, minBibYear, maxYear)
	}
	return ""
}

// pagination joins volume, issue and pages as the corpus writes them:
// "37(4): 591–611".
func pagination(volume, issue, pages string) string {
	volume, issue = strings.TrimSpace(volume), strings.TrimSpace(issue)
	pages = strings.TrimSpace(pages)
	for _, d := range []string{"--", "—", "-", "‐"} {
		pages = strings.ReplaceAll(pages, d, "–")
	}
	out := volume
	if issue != "" {
		out += "(" + issue + ")"
	}
	if pages != "" {
		if out != "" {
			out += ": "
		}
		out += pages
	}
	return out
}

// resolver writes the records of one bibliography through its emitter,
// resolving each against the catalog, and reports what it did.
type resolver struct {
	*emitter
	cat *Catalog
	rep *BibReport
}

// newNode writes the type, label and imported flag of a node a record adds.
func (r *resolver) newNode(id, class, label string, ev graph.Evidence) {
	r.put(id, graph.RDFType, graph.IRI(class), ev)
	r.put(id, graph.RDFSLabel, label, ev)
	r.put(id, graph.Imported, true, ev)
}

// work writes one record: the publication (new, or merged into the one
// already loaded), its venue, authors and their institutions, its keywords
// as concepts, the mentions in its title and abstract, and its citations.
func (r *resolver) work(rec *workRecord) {
	ev := rec.evidence()
	id, reason := r.cat.findWork(rec)
	merged := id != ""
	if merged {
		r.rep.act("merge", id, rec, reason)
	} else {
		id = r.cat.newID(r.workID(rec))
		r.rep.act("add", id, rec, "")
	}
	p := r.cat.pubs[id]
	if p == nil {
		p = &catPub{}
	}
	venue := r.venue(rec, ev)
	people := r.authors(rec, id, merged, ev)
	if merged {
		r.mergeWork(id, p, rec, venue, ev)
	} else {
		r.newWork(id, rec, venue, people, ev)
		p = &catPub{title: rec.title, year: rec.year, doi: normDOI(rec.doi), venue: venue,
			abstract: rec.abstract != "", paginated: rec.pagination != ""}
	}
	for _, a := range people {
		r.put(id, graph.Author, graph.ID(a), ev)
		p.authors = appendNew(p.authors, a)
		r.cat.person(a).pubs = appendNew(r.cat.person(a).pubs, id)
	}
	r.keywords(id, rec, ev)
	r.mentions(id, rec)
	for _, pc := range r.cat.addWork(id, rec, p) {
		r.cite(pc.from, id, pc.ev)
	}
	for _, ref := range rec.refs {
		if target, ok := r.cat.pubKeys[ref]; ok {
			r.cite(id, target, ev)
		} else {
			r.cat.pending[ref] = append(r.cat.pending[ref], pendingCite{from: id, ev: ev})
		}
	}
}

// workID builds the id of a new publication from its DOI, its OpenAlex id,
// or its year and title.
func (r *resolver) workID(rec *workRecord) string {
	if d := normDOI(rec.doi); d != "" {
		var b strings.Builder
		for _, c := range d {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' {
				b.WriteRune(c)
			} else {
				b.WriteByte('-')
			}
		}
		return "pub/doi-" + b.String()
	}
	if w := normOpenAlex(rec.openalex); w != "" {
		return "pub/openalex-" + w
	}
	title := rec.title
	if head, _, ok := strings.Cut(title, ":"); ok && len(strings.Fields(head)) >= 3 {
		title = head
	}
	if rec.year == 0 {
		return "pub/" + slug(title, 60)
	}
	return fmt.Sprintf("pub/%d-%s", rec.year, slug(title, 55))
}

// newWork writes the facts of a publication that no other source gave.
func (r *resolver) newWork(id string, rec *workRecord, venue string, people []string, ev graph.Evidence) {
	r.newNode(id, publicationTypes()[rec.typ], rec.title, ev)
	r.put(id, graph.Name, rec.title, ev)
	r.put(id, graph.TitleKnown, true, ev)
	if rec.year != 0 {
		r.put(id, graph.DatePublished, rec.year, ev)
	}
	r.put(id, graph.PubType, rec.typ, ev)
	r.optional(id, graph.DOI, normDOI(rec.doi), ev)
	r.optional(id, graph.Abstract, rec.abstract, ev)
	r.optional(id, graph.Pagination, rec.pagination, ev)
	r.optional(id, graph.Publisher, rec.publisher, ev)
	if venue != "" {
		r.put(id, graph.IsPartOf, graph.ID(venue), ev)
	}
	if len(people) > 0 {
		r.put(id, graph.AuthorOrder, strings.Join(people, " "), ev)
		r.put(id, graph.AuthorOrderKnown, true, ev)
	}
}

// mergeWork writes what a record confirms or adds to a publication already
// loaded: the facts it states alike get its evidence too, the facts the
// publication lacks are added, and the facts it states otherwise are left
// out, so that a merge never gives a node two titles.
func (r *resolver) mergeWork(id string, p *catPub, rec *workRecord, venue string, ev graph.Evidence) {
	if fold(rec.title) == fold(p.title) {
		r.put(id, graph.Name, p.title, ev)
	}
	if rec.year != 0 && (p.year == 0 || p.year == rec.year) {
		r.put(id, graph.DatePublished, rec.year, ev)
		p.year = rec.year
	}
	if d := normDOI(rec.doi); d != "" {
		switch {
		case p.doi == "":
			r.put(id, graph.DOI, d, ev)
			p.doi = d
		case normDOI(p.doi) == d:
			r.put(id, graph.DOI, p.doi, ev)
		}
	}
	if venue != "" && (p.venue == "" || p.venue == venue) {
		r.put(id, graph.IsPartOf, graph.ID(venue), ev)
		p.venue = venue
	}
	if rec.abstract != "" && !p.abstract {
		r.put(id, graph.Abstract, rec.abstract, ev)
		p.abstract = true
	}
	if rec.pagination != "" && !p.paginated {
		r.put(id, graph.Pagination, rec.pagination, ev)
		p.paginated = true
	}
}

func (r *resolver) optional(id string, pred graph.Predicate, s string, ev graph.Evidence) {
	if s != "" {
		r.put(id, pred, s, ev)
	}
}

// venue resolves the venue of a record by name, adding it when new.
func (r *resolver) venue(rec *workRecord, ev graph.Evidence) string {
	if rec.venue == "" {
		return ""
	}
	k := fold(rec.venue)
	if id, ok := r.cat.venues[k]; ok {
		r.put(id, graph.Name, rec.venue, ev)
		return id
	}
	id := r.cat.newID("venue/" + slug(rec.venue, 60))
	r.cat.venues[k] = id
	r.newNode(id, graph.ClassPeriodical, rec.venue, ev)
	r.put(id, graph.Name, rec.venue, ev)
	r.rep.act("add", id, rec, "venue "+quoteText(rec.venue))
	return id
}

// authors resolves the authors of a record to people, in order: by ORCID
// and full name first, then by initials where a co-author agrees, and adds
// the rest as new people.
func (r *resolver) authors(rec *workRecord, work string, merged bool, ev graph.Evidence) []string {
	ids := make([]string, len(rec.authors))
	reasons := make([]string, len(rec.authors))
	var known []string
	inWork := ""
	if merged {
		inWork = work
	}
	for i, a := range rec.authors {
		if id, why := r.cat.findPerson(a); id != "" {
			ids[i], reasons[i] = id, why
			known = append(known, id)
		}
	}
	for i, a := range rec.authors {
		if ids[i] == "" {
			ids[i], reasons[i] = r.cat.findByInitials(a, known, inWork)
		}
	}
	var out []string
	for i, a := range rec.authors {
		id := ids[i]
		if id == "" {
			base := "person/" + slug(a.name.display(), 60)
			if r.cat.ids[base] && a.orcid != "" {
				base = "person/orcid-" + strings.ToLower(a.orcid)
			}
			id = r.cat.newID(base)
			r.newNode(id, graph.ClassPerson, a.name.display(), ev)
			r.put(id, graph.Name, a.name.display(), ev)
			r.rep.act("add", id, rec, "author "+quoteText(a.name.display()))
		} else {
			if r.cat.people[id].name.display() == a.name.display() {
				r.put(id, graph.Name, a.name.display(), ev)
			}
			r.rep.act("merge", id, rec, "author "+quoteText(a.name.display())+": "+reasons[i])
		}
		if a.orcid != "" {
			r.put(id, graph.SameAs, graph.IRI("https://orcid.org/"+a.orcid), ev)
		}
		r.cat.addPerson(id, a.name, a.orcid)
		for _, inst := range a.institutions {
			r.affiliation(id, inst, rec, ev)
		}
		out = appendNew(out, id)
	}
	return out
}

// affiliation links a person to an institution, an actor matched by name
// or added.
func (r *resolver) affiliation(person string, inst institution, rec *workRecord, ev graph.Evidence) {
	k := fold(inst.name)
	if k == "" {
		return
	}
	id, ok := r.cat.actors[k]
	if !ok {
		id = r.cat.newID("actor/" + slug(inst.name, 60))
		r.cat.actors[k] = id
		r.newNode(id, graph.ClassOrganization, inst.name, ev)
		r.put(id, graph.Name, inst.name, ev)
		r.put(id, graph.ActorType, actorType(inst.typ), ev)
		if inst.ror != "" {
			r.put(id, graph.SameAs, graph.IRI(inst.ror), ev)
		}
		r.rep.act("add", id, rec, "institution "+quoteText(inst.name))
	}
	r.put(person, graph.Affiliation, inst.name, ev)
	r.put(person, graph.Affiliation, graph.ID(id), ev)
}

// actorType maps an OpenAlex institution type to an actor type.
func actorType(t string) string {
	switch t {
	case "education":
		return "UNIVERSITY"
	case "government":
		return "GOVERNMENT"
	}
	return "OTHER"
}

// keywords links the publication to a concept for each keyword, topic or
// concept of the record: one of the scheme's, matched by label or
// altLabel, or a new concept marked as imported.
func (r *resolver) keywords(pub string, rec *workRecord, ev graph.Evidence) {
	seen := map[string]bool{}
	for _, kw := range rec.keywords {
		k := fold(kw)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		id, ok := r.cat.concepts[k]
		if !ok {
			id = r.cat.newID("concept/" + slug(kw, 60))
			r.cat.concepts[k] = id
			r.newNode(id, graph.ClassConcept, kw, ev)
			r.put(id, graph.PrefLabel, kw, ev)
			r.rep.act("add", id, rec, "keyword "+quoteText(kw))
		}
		r.put(pub, graph.Mentions, graph.ID(id), ev)
	}
}

// mentions links the publication to the actors and concepts its title and
// abstract name, each with its sentence as the quote.
func (r *resolver) mentions(pub string, rec *workRecord) {
	x := r.cat.extractor()
	for _, text := range []string{rec.title, rec.abstract} {
		for _, m := range x.Mentions(text) {
			pred := graph.Mentions
			if m.Negated { // named only to be denied: kept apart, out of co-occurrence
				pred = graph.NegatedMention
			}
			r.put(pub, pred, graph.ID(m.ID), graph.Evidence{
				Source: pub, Quote: m.Sentence, File: rec.file, Line: rec.line,
			})
			r.rep.Mentions++
		}
	}
}

// cite writes a cites edge between two loaded works.
func (r *resolver) cite(from, to string, ev graph.Evidence) {
	if from == to {
		return
	}
	r.put(from, graph.Cites, graph.ID(to), ev)
	r.rep.Cites++
}

// quoteText quotes a name in a report.
func quoteText(s string) string { return fmt.Sprintf("%q", s) }
