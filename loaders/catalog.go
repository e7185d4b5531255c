package loaders

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// Catalog indexes the nodes already loaded, so that a bibliography resolves
// its works, people, venues, institutions and keywords against them: works
// by DOI, OpenAlex id, and normalised title and year; people by ORCID and
// name; concepts, actors and venues by their labels and aliases. Build it
// from the facts of the corpus with Add; it grows as each bibliography
// loads, so a file loaded after another resolves against both.
//
// A Catalog is not safe for concurrent use.
type Catalog struct {
	ids      map[string]bool
	pubs     map[string]*catPub
	pubKeys  map[string]string // "doi:10.1/x", "openalex:w1", "title:<folded>|2023" -> pub id
	people   map[string]*catPerson
	orcids   map[string]string
	names    map[string][]string // nameKey -> person ids, in order of loading
	families map[string][]string // familyKey -> person ids
	concepts map[string]string   // folded label or altLabel -> concept id
	actors   map[string]string   // folded name, acronym or alias -> actor id
	venues   map[string]string   // folded name or alias -> venue id
	aliases  map[string][]string // actor or concept id -> the aliases the Extractor looks for
	pending  map[string][]pendingCite
	x        *Extractor
	bib      *bibState // what the BibTeX files of this load share: @string macros, entries for crossref
}

// catPub is what the catalog knows of a publication.
type catPub struct {
	title, doi, venue   string
	year                int
	abstract, paginated bool
	authors             []string
}

// catPerson is what the catalog knows of a person.
type catPerson struct {
	name  personName
	orcid string
	pubs  []string
}

// pendingCite is a cites edge whose target is not loaded yet.
type pendingCite struct {
	from string
	ev   graph.Evidence
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{
		ids: map[string]bool{}, pubs: map[string]*catPub{}, pubKeys: map[string]string{},
		people: map[string]*catPerson{}, orcids: map[string]string{}, names: map[string][]string{},
		families: map[string][]string{}, concepts: map[string]string{}, actors: map[string]string{},
		venues: map[string]string{}, aliases: map[string][]string{}, pending: map[string][]pendingCite{},
	}
}

// Add indexes facts already written, such as those of the corpus.
func (c *Catalog) Add(facts []graph.Fact) {
	imported := map[string]bool{}
	years := map[string]int{}
	for _, f := range facts {
		id := f.Subject
		c.ids[id] = true
		if o, ok := f.Object.(graph.ID); ok {
			c.ids[string(o)] = true
		}
		text := literal(f.Object)
		switch graph.KindOf(id) {
		case graph.KindPublication:
			p := c.pub(id)
			switch f.Pred {
			case graph.Name:
				p.title = text
			case graph.DatePublished:
				if y, ok := f.Object.(int); ok {
					years[id] = y
				}
			case graph.DOI:
				p.doi = text
			case graph.Abstract:
				p.abstract = true
			case graph.Pagination:
				p.paginated = true
			case graph.IsPartOf:
				p.venue = text
			case graph.Author:
				p.authors = appendNew(p.authors, text)
				c.person(text).pubs = appendNew(c.person(text).pubs, id)
			}
		case graph.KindPerson:
			switch f.Pred {
			case graph.Name:
				c.person(id).name = personName{Literal: text}
			case graph.SameAs:
				if o := orcidOf(text); o != "" {
					c.person(id).orcid = o
				}
			}
		case graph.KindConcept, graph.KindActor, graph.KindVenue:
			if f.Pred == graph.Imported && f.Object == true {
				imported[id] = true
			}
			if f.Pred == graph.Name || f.Pred == graph.PrefLabel || f.Pred == graph.AltLabel || f.Pred == graph.NameZh || f.Pred == graph.AltNameZh || f.Pred == graph.Acronym {
				c.addAlias(id, text)
			}
		}
	}
	for id, p := range c.pubs {
		p.year = years[id]
		c.indexPub(id)
	}
	for id, p := range c.people {
		c.indexPerson(id, p)
	}
	for id := range c.aliases {
		if imported[id] {
			delete(c.aliases, id)
		}
	}
	c.x = nil
}

// literal returns the text of a fact's object.
func literal(o any) string {
	switch v := o.(type) {
	case string:
		return v
	case graph.ID:
		return string(v)
	case graph.IRI:
		return string(v)
	case graph.LangString:
		return v.Text
	}
	return fmt.Sprint(o)
}

func appendNew(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

func (c *Catalog) pub(id string) *catPub { return entry(c.pubs, id) }

func (c *Catalog) person(id string) *catPerson { return entry(c.people, id) }

// entry returns m[id], adding a zero value when it is missing.
func entry[T any](m map[string]*T, id string) *T {
	v := m[id]
	if v == nil {
		v = new(T)
		m[id] = v
	}
	return v
}

// addAlias indexes a label of an actor, concept or venue, and keeps it
// for the mention extractor (actors and concepts that are not imported).
func (c *Catalog) addAlias(id, text string) {
	k := fold(text)
	if k == "" {
		return
	}
	switch graph.KindOf(id) {
	case graph.KindConcept:
		setFirst(c.concepts, k, id)
		c.aliases[id] = appendNew(c.aliases[id], text)
	case graph.KindActor:
		setFirst(c.actors, k, id)
		c.aliases[id] = appendNew(c.aliases[id], text)
	case graph.KindVenue:
		setFirst(c.venues, k, id)
	}
}

func setFirst(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// pubKeys returns the keys a work is found by.
func workKeys(doi, openalex, title string, year int) []string {
	var out []string
	if d := normDOI(doi); d != "" {
		out = append(out, "doi:"+d)
	}
	if w := normOpenAlex(openalex); w != "" {
		out = append(out, "openalex:"+w)
	}
	if t := fold(title); t != "" {
		out = append(out, "title:"+t+"|"+strconv.Itoa(year))
	}
	return out
}

func (c *Catalog) indexPub(id string) {
	p := c.pubs[id]
	for _, k := range workKeys(p.doi, "", p.title, p.year) {
		setFirst(c.pubKeys, k, id)
	}
}

func (c *Catalog) indexPerson(id string, p *catPerson) {
	if p.orcid != "" {
		setFirst(c.orcids, p.orcid, id)
	}
	addIndexed(c.names, p.name.nameKey(), id)
	addIndexed(c.families, p.name.familyKey(), id)
}

// addIndexed adds id to the ids under key k, unless k is empty.
func addIndexed(m map[string][]string, k, id string) {
	if k != "" {
		m[k] = appendNew(m[k], id)
	}
}

// extractor returns the mention extractor over the actors and concepts of
// the catalog that were not imported.
func (c *Catalog) extractor() *Extractor {
	if c.x == nil {
		ids := make([]string, 0, len(c.aliases))
		for id := range c.aliases {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		ts := make([]Target, len(ids))
		for i, id := range ids {
			ts[i] = Target{ID: id, Aliases: c.aliases[id]}
		}
		c.x = NewExtractor(ts)
	}
	return c.x
}

// findWork returns the publication a record describes, if loaded, and why
// it is the same: its DOI, its OpenAlex id, or its title and year.
func (c *Catalog) findWork(rec *workRecord) (id, reason string) {
	for _, k := range workKeys(rec.doi, rec.openalex, rec.title, rec.year) {
		if id, ok := c.pubKeys[k]; ok {
			kind, val, _ := strings.Cut(k, ":")
			switch kind {
			case "doi":
				return id, "same DOI " + val
			case "openalex":
				return id, "same OpenAlex id " + strings.ToUpper(val)
			default:
				return id, fmt.Sprintf("same title and year (%d)", rec.year)
			}
		}
	}
	return "", ""
}

// addWork records a publication and returns the cites edges that were
// waiting for it.
func (c *Catalog) addWork(id string, rec *workRecord, p *catPub) []pendingCite {
	c.ids[id] = true
	c.pubs[id] = p
	var out []pendingCite
	for _, k := range workKeys(rec.doi, rec.openalex, rec.title, rec.year) {
		setFirst(c.pubKeys, k, id)
		out = append(out, c.pending[k]...)
		delete(c.pending, k)
	}
	return out
}

// newID returns base, or base with a number when base is taken.
func (c *Catalog) newID(base string) string {
	id := base
	for n := 2; c.ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	c.ids[id] = true
	return id
}

// findPerson returns the person an author of a record is, and why: the
// same ORCID, or the same full name (not initials only) where no ORCID
// disagrees.
func (c *Catalog) findPerson(a author) (id, reason string) {
	if a.orcid != "" {
		if id, ok := c.orcids[a.orcid]; ok {
			return id, "same ORCID " + a.orcid
		}
	}
	if _, only := a.name.initials(); only {
		return "", ""
	}
	for _, id := range c.names[a.name.nameKey()] {
		if _, only := c.people[id].name.initials(); !only && c.orcidAgrees(id, a) {
			return id, "same name"
		}
	}
	return "", ""
}

// findByInitials returns the person an author given with initials ("C.
// Liu") is, or the person given with initials that a full name is, where
// the work itself or a co-author of the record agrees. others are the
// authors of the record already resolved; work is the publication the
// record merged into, or "".
func (c *Catalog) findByInitials(a author, others []string, work string) (id, reason string) {
	for _, id := range c.families[a.name.familyKey()] {
		p := c.people[id]
		if !c.orcidAgrees(id, a) || a.name.nameKey() != p.name.nameKey() && !abbreviates(a.name, p.name) {
			continue
		}
		if work != "" && slices.Contains(c.pubs[work].authors, id) {
			return id, fmt.Sprintf("%q matches %q, an author of the same work", a.name.display(), p.name.display())
		}
		for _, o := range others {
			if o != id && c.coauthors(id, o) {
				return id, fmt.Sprintf("%q matches %q, and co-author %s agrees", a.name.display(), p.name.display(), o)
			}
		}
	}
	return "", ""
}

// orcidAgrees reports whether a person and an author have no conflicting ORCID iDs.
func (c *Catalog) orcidAgrees(id string, a author) bool {
	p := c.people[id]
	return a.orcid == "" || p.orcid == "" || p.orcid == a.orcid
}

// coauthors reports whether two people share a publication.
func (c *Catalog) coauthors(a, b string) bool {
	pa, pb := c.people[a], c.people[b]
	if pa == nil || pb == nil {
		return false
	}
	for _, p := range pa.pubs {
		if slices.Contains(pb.pubs, p) {
			return true
		}
	}
	return false
}

// addPerson records a person.
func (c *Catalog) addPerson(id string, name personName, orcid string) {
	c.ids[id] = true
	p := c.person(id)
	if p.name == (personName{}) {
		p.name = name
	}
	if p.orcid == "" {
		p.orcid = orcid
	}
	c.indexPerson(id, p)
}

// normDOI returns a DOI in lower case without its resolver prefix, or ""
// when s is not a DOI.
func normDOI(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "10.") || !strings.Contains(s, "/") {
		return ""
	}
	return s
}

// normOpenAlex returns an OpenAlex work id in lower case ("w2741809807"),
// or "".
func normOpenAlex(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://openalex.org/"), "http://openalex.org/")
	if len(s) < 2 || s[0] != 'w' {
		return ""
	}
	if _, err := strconv.ParseUint(s[1:], 10, 64); err != nil {
		return ""
	}
	return s
}

// orcidOf returns the ORCID iD in an ORCID address or bare iD, or "".
func orcidOf(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://orcid.org/"), "http://orcid.org/")
	if len(s) != 19 || strings.Count(s, "-") != 3 {
		return ""
	}
	return strings.ToUpper(s)
}
