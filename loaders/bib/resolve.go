package bib

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
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
	etAl      bool   // the author list is incomplete: it ended with "others" or "et al."
	pages     string // the pages alone, where the source gives them apart
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

// book is the book a record is part of: its booktitle, or the venue of a
// chapter.
func (r *workRecord) book() string {
	if r.booktitle == "" && r.typ == "CHAPTER" {
		return r.venue
	}
	return r.booktitle
}

// parts returns the record's volume, issue and pages.
func (r *workRecord) parts() (volume, issue, pages string) {
	return paginationParts(r.volume, r.issue, r.pages, r.pagination)
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
	case r.year != 0 && (r.year < minBibYear || r.year > loaders.MaxYear):
		return fmt.Sprintf("year %d out of range %d..%d", r.year, minBibYear, loaders.MaxYear)
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
	*loaders.Emitter
	cat *Catalog
	rep *Report
}

// newNode writes the type, label and imported flag of a node a record adds.
func (r *resolver) newNode(id, class, label string, ev graph.Evidence) {
	r.Put(id, graph.RDFType, graph.IRI(class), ev)
	r.Put(id, graph.RDFSLabel, label, ev)
	r.Put(id, graph.Imported, true, ev)
}

// work writes one record: the publication (new, or merged into the one
// already loaded), its venue, authors and their institutions, its keywords
// as concepts or methods, the mentions in its title and abstract, and its
// citations.
func (r *resolver) work(rec *workRecord) {
	ev := rec.evidence()
	id, reason, refused := r.cat.findWork(rec)
	merged := id != ""
	if merged {
		r.rep.act("merge", id, rec, reason)
	} else {
		id = r.cat.newID(r.workID(rec))
		r.rep.act("add", id, rec, refused)
	}
	p := r.cat.work(id)
	venue := r.venue(rec, ev)
	people := r.authors(rec, id, merged, venue, ev)
	if merged {
		r.mergeWork(id, p, rec, venue, ev)
	} else {
		p = &catPub{title: rec.title, year: rec.year, doi: normDOI(rec.doi), venue: venue,
			abstract: rec.abstract != "", paginated: rec.pagination != "", typ: rec.typ, rawType: rec.rawType,
			chapter: rec.chapter, booktitle: rec.book(), volume: rec.volume, issue: rec.issue, pages: rec.pages,
			pagination: rec.pagination}
		r.newWork(id, rec, venue, ev)
	}
	r.workAuthors(id, p, rec, people, ev)
	r.keywords(id, rec, ev)
	r.mentions(id, rec)
	for _, pc := range r.cat.addWork(id, rec, p) {
		r.cite(pc.from, id, pc.ev)
	}
	for _, ref := range rec.refs {
		if target, ok := r.cat.citedWork(ref, id, ev); ok {
			r.cite(id, target, ev)
		}
	}
}

// workAuthors links a publication to its authors. The first source that
// names authors gives them and their order (authorOrderKnown is true: a
// bibliography lists authors in order); a source merged later confirms the
// authors it shares with it and adds none, so that the order stays the
// order of one source and merged works never mix the author lists of two
// records.
func (r *resolver) workAuthors(id string, p *catPub, rec *workRecord, people []string, ev graph.Evidence) {
	if len(people) == 0 {
		return
	}
	if len(p.authors) > 0 {
		for _, a := range people {
			if slices.Contains(p.authors, a) {
				r.Put(id, graph.Author, graph.ID(a), ev)
			} else {
				r.rep.act("note", a, rec, "author of the merged record not on "+id+": left out, the work keeps the authors of its first source")
			}
		}
		return
	}
	for _, a := range people {
		r.Put(id, graph.Author, graph.ID(a), ev)
	}
	r.Put(id, graph.AuthorOrder, strings.Join(people, " "), ev)
	r.Put(id, graph.AuthorOrderKnown, true, ev)
	p.authors = people
	r.cat.credit(id, people, p.venue)
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
func (r *resolver) newWork(id string, rec *workRecord, venue string, ev graph.Evidence) {
	r.newNode(id, graph.PublicationClass(rec.typ), rec.title, ev)
	r.Put(id, graph.Name, rec.title, ev)
	r.Put(id, graph.TitleKnown, true, ev)
	if rec.year != 0 {
		r.Put(id, graph.DatePublished, rec.year, ev)
	}
	r.Put(id, graph.PubType, rec.typ, ev)
	r.optional(id, graph.DOI, normDOI(rec.doi), ev)
	r.optional(id, graph.Abstract, rec.abstract, ev)
	r.optional(id, graph.Pagination, rec.pagination, ev)
	r.optional(id, graph.Publisher, rec.publisher, ev)
	if venue != "" {
		r.Put(id, graph.IsPartOf, graph.ID(venue), ev)
	}
}

// mergeWork writes what a record confirms or adds to a publication already
// loaded: the facts it states alike get its evidence too, the facts the
// publication lacks are added, and the facts it states otherwise are left
// out, so that a merge never gives a node two titles.
func (r *resolver) mergeWork(id string, p *catPub, rec *workRecord, venue string, ev graph.Evidence) {
	if fold(rec.title) == fold(p.title) {
		r.Put(id, graph.Name, p.title, ev)
	}
	if rec.year != 0 && (p.year == 0 || p.year == rec.year) {
		r.Put(id, graph.DatePublished, rec.year, ev)
		p.year = rec.year
	}
	if d := normDOI(rec.doi); d != "" {
		switch {
		case p.doi == "":
			r.Put(id, graph.DOI, d, ev)
			p.doi = d
		case normDOI(p.doi) == d:
			r.Put(id, graph.DOI, p.doi, ev)
		}
	}
	if venue != "" && (p.venue == "" || p.venue == venue) {
		r.Put(id, graph.IsPartOf, graph.ID(venue), ev)
		p.venue = venue
	}
	if rec.abstract != "" && !p.abstract {
		r.Put(id, graph.Abstract, rec.abstract, ev)
		p.abstract = true
	}
	if rec.pagination != "" && !p.paginated {
		r.Put(id, graph.Pagination, rec.pagination, ev)
		p.paginated = true
	}
}

func (r *resolver) optional(id string, pred graph.Predicate, s string, ev graph.Evidence) {
	if s != "" {
		r.Put(id, pred, s, ev)
	}
}

// venue resolves the venue of a record by name, adding it when new.
func (r *resolver) venue(rec *workRecord, ev graph.Evidence) string {
	if rec.venue == "" {
		return ""
	}
	k := fold(rec.venue)
	if id, ok := r.cat.venue(k); ok {
		r.Put(id, graph.Name, rec.venue, ev)
		return id
	}
	id := r.cat.newID("venue/" + slug(rec.venue, 60))
	r.cat.addVenue(k, id)
	r.newNode(id, graph.ClassPeriodical, rec.venue, ev)
	r.Put(id, graph.Name, rec.venue, ev)
	r.rep.act("add", id, rec, "venue "+quoteText(rec.venue))
	return id
}

// authors resolves the authors of a record to people (and organisations
// credited as authors), in order: by ORCID and full name first, then by
// initials where a second signal agrees, and adds the rest. "Anonymous"
// and "et al." name nobody and are left out; a trailing "et al." is cut
// from a name; a braced BibTeX name is an organisation.
func (r *resolver) authors(rec *workRecord, work string, merged bool, venue string, ev graph.Evidence) []string {
	type cand struct {
		a         author
		key       matchKey
		corporate bool
		id, why   string
	}
	var cs []*cand
	for _, a := range rec.authors {
		if ph := a.name.placeholder(); ph != "" {
			r.rep.act("note", "", rec, fmt.Sprintf("author %s left out: %s names nobody", quoteText(a.name.display()), ph))
			continue
		}
		if n, ok := trimEtAl(a.name); ok {
			r.rep.act("note", "", rec, fmt.Sprintf("author %s: \"et al.\" left out", quoteText(a.name.display())))
			a.name = n
		}
		cs = append(cs, &cand{a: a, key: a.name.matchKey(), corporate: rec.noun == "entry" && a.name.Literal != ""})
	}
	if rec.etAl {
		r.rep.act("note", "", rec, "the author list ends with \"et al.\" or \"others\": the authors it stands for are unknown and left out")
	}
	sig := signals{venue: venue}
	if merged {
		sig.work = work
	}
	for _, c := range cs {
		if c.corporate {
			c.id, c.why = r.cat.org(fold(c.a.name.Literal)), "same name"
		} else {
			c.id, c.why = r.cat.findPerson(c.a, c.key)
		}
		if c.id != "" {
			sig.taken = append(sig.taken, c.id)
		}
	}
	for i, c := range cs {
		if c.id != "" || c.corporate {
			continue
		}
		sig.others = sig.others[:0]
		for j, o := range cs {
			if k := o.key.initialKey(); j != i && k != "" && !o.corporate {
				sig.others = append(sig.others, k)
			}
		}
		if c.id, c.why = r.cat.findByInitials(c.a, c.key, sig); c.id != "" {
			sig.taken = append(sig.taken, c.id)
		}
	}
	var out []string
	for _, c := range cs {
		a, name := c.a, c.a.name.display()
		switch {
		case c.corporate && c.id == "":
			c.id = r.organization(name, "", "", rec, ev)
		case c.id == "":
			base := "person/" + slug(name, 60)
			if r.cat.taken(base) && a.orcid != "" {
				base = "person/orcid-" + strings.ToLower(a.orcid)
			}
			c.id = r.cat.newID(base)
			r.newNode(c.id, graph.ClassPerson, name, ev)
			r.Put(c.id, graph.Name, name, ev)
			r.rep.act("add", c.id, rec, "author "+quoteText(name))
		default:
			if p := r.cat.personOf(c.id); p == nil || p.name.display() == name {
				r.Put(c.id, graph.Name, name, ev)
			}
			r.rep.act("merge", c.id, rec, "author "+quoteText(name)+": "+c.why)
		}
		if !c.corporate {
			if a.orcid != "" {
				r.Put(c.id, graph.SameAs, graph.IRI("https://orcid.org/"+a.orcid), ev)
			}
			r.cat.addPerson(c.id, a.name, a.orcid)
			for _, inst := range a.institutions {
				r.affiliation(c.id, inst, rec, ev)
			}
		}
		out = appendNew(out, c.id)
	}
	return out
}

// affiliation links a person to an institution: an organisation matched
// by ROR id or name, or added.
func (r *resolver) affiliation(person string, inst institution, rec *workRecord, ev graph.Evidence) {
	if fold(inst.name) == "" {
		return
	}
	id := r.organization(inst.name, inst.ror, inst.typ, rec, ev)
	r.Put(person, graph.Affiliation, inst.name, ev)
	r.Put(person, graph.Affiliation, graph.ID(id), ev)
}

// organization returns the organisation of a name and ROR id, matched by
// ROR id first, then by folded name, or added. Organisations are their own
// kind: a university in an OpenAlex authorship is not an actor of social
// credit, even when its name is an actor's.
func (r *resolver) organization(name, ror, typ string, rec *workRecord, ev graph.Evidence) string {
	k, rk := fold(name), rorOf(ror)
	if id := r.cat.orgByROR(rk); id != "" {
		return id
	}
	id := r.cat.orgByName(k, rk)
	if id == "" {
		id = r.cat.newID("organization/" + slug(name, 60))
		r.cat.addOrg(k, id)
		r.newNode(id, graph.ClassOrganization, name, ev)
		r.Put(id, graph.Name, name, ev)
		if t := orgType(typ); t != "" {
			r.Put(id, graph.ActorType, t, ev)
		}
		r.rep.act("add", id, rec, "organization "+quoteText(name))
	}
	if r.cat.setROR(id, rk) {
		r.Put(id, graph.SameAs, graph.IRI("https://ror.org/"+rk), ev)
	}
	return id
}

// orgType maps an OpenAlex institution type to an organisation type.
func orgType(t string) string {
	switch t {
	case "education":
		return "UNIVERSITY"
	case "government":
		return "GOVERNMENT"
	case "":
		return ""
	}
	return "OTHER"
}

// keywords links the publication to a concept or method for each keyword,
// topic or concept of the record: one of the scheme's concepts, matched by
// label or altLabel; else one of its methods, matched by name or alias
// (the publication uses it); else a new concept marked as imported.
func (r *resolver) keywords(pub string, rec *workRecord, ev graph.Evidence) {
	seen := map[string]bool{}
	for _, kw := range rec.keywords {
		k := fold(kw)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		id, ok := r.cat.concept(k)
		if m, isMethod := r.cat.method(k); !ok && isMethod {
			r.Put(pub, graph.UsesMethod, graph.ID(m), ev)
			continue
		}
		if !ok {
			id = r.cat.newID("concept/" + slug(kw, 60))
			r.cat.addConcept(k, id)
			r.newNode(id, graph.ClassConcept, kw, ev)
			r.Put(id, graph.PrefLabel, kw, ev)
			r.rep.act("add", id, rec, "keyword "+quoteText(kw))
		}
		r.Put(pub, graph.Mentions, graph.ID(id), ev)
	}
}

// mentions links the publication to the actors and concepts its title and
// abstract name, each with its sentence as the quote.
func (r *resolver) mentions(pub string, rec *workRecord) {
	x := r.cat.Extractor()
	for _, text := range []string{rec.title, rec.abstract} {
		for _, m := range x.Mentions(text) {
			pred := graph.Mentions
			if m.Negated { // named only to be denied: kept apart, out of co-occurrence
				pred = graph.NegatedMention
			}
			r.Put(pub, pred, graph.ID(m.ID), graph.Evidence{
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
	r.Put(from, graph.Cites, graph.ID(to), ev)
	r.rep.Cites++
}

// quoteText quotes a name in a report.
func quoteText(s string) string { return fmt.Sprintf("%q", s) }
