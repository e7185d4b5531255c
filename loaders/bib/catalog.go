package bib

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/mention"
)

// Catalog indexes the nodes already loaded, so that a bibliography resolves
// its works, people, venues, organisations and keywords against them: works
// by DOI, OpenAlex id, and normalised title and year; people by ORCID, full
// name, and family name and first initial; organisations by ROR id and
// name; concepts, methods, actors and venues by their labels and aliases.
// The rules are in docs/data-format.md ("Entity resolution"). Build it
// from the facts of the corpus with Add; it grows as each bibliography
// loads, so a file loaded after another resolves against both.
//
// A Catalog is not safe for concurrent use.
type Catalog struct {
	ids      map[string]bool
	pubs     map[string]*catPub
	pubKeys  map[string]string   // "doi:10.1/x", "openalex:w1" -> pub id
	titles   map[string][]string // "<folded title>|2023" -> pub ids, in order of loading
	people   map[string]*catPerson
	orcids   map[string]string
	names    map[string][]string // nameKey -> person ids, in order of loading
	initials map[string][]string // initialKey ("kahana|m") -> person ids
	concepts map[string]string   // folded label or altLabel -> concept id
	methods  map[string]string   // folded name or alias -> method id
	actors   map[string]string   // folded name, acronym or alias -> actor id
	venues   map[string]string   // folded name or alias -> venue id
	orgs     map[string]string   // "ror:<id>" or folded name -> organization id
	orgROR   map[string]string   // organization id -> its ROR id
	aliases  map[string][]string // actor or concept id -> the aliases the Extractor looks for
	pending  map[string][]pendingCite
	x        *mention.Extractor
	bib      *bibState // what the BibTeX files of this load share: @string macros, entries for crossref
}

// catPub is what the catalog knows of a publication.
type catPub struct {
	title, doi, venue   string
	year                int
	abstract, paginated bool
	authors             []string
	// What tells apart works of one title and year.
	typ, rawType, chapter, booktitle, volume, issue, pages, pagination string
}

// catPerson is what the catalog knows of a person.
type catPerson struct {
	name   personName
	key    matchKey // the name, folded once
	orcid  string
	pubs   []string
	coKeys map[string]bool // the initialKeys of the person's co-authors
	venues map[string]bool // the venues the person published in
}

// pendingCite is a cites edge whose target is not loaded yet.
type pendingCite struct {
	from string
	ev   graph.Evidence
}

// UnresolvedReferences returns, for each work that a record of the load
// cites and that no record of the load is, a ReferencesWork fact from the
// citing publication to the cited work's public address (its OpenAlex or
// DOI page), with the evidence of the record that cites it; so that
// bibliographic coupling counts references outside the store. Call it once,
// after the last file of a load: a work loaded later in the same load
// resolves to a cites link instead.
func (c *Catalog) UnresolvedReferences() []graph.Fact {
	keys := make([]string, 0, len(c.pending))
	for k := range c.pending {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []graph.Fact
	for _, k := range keys {
		iri := referenceIRI(k)
		if iri == "" {
			continue
		}
		for _, pc := range c.pending[k] {
			out = append(out, graph.Fact{Subject: pc.from, Pred: graph.ReferencesWork, Object: graph.IRI(iri), Evidence: pc.ev})
		}
	}
	return out
}

// referenceIRI is the public address of a catalog key of a work:
// "openalex:w12" is https://openalex.org/W12, "doi:10.1/x" is
// https://doi.org/10.1/x; "" for other keys.
func referenceIRI(key string) string {
	switch {
	case strings.HasPrefix(key, "openalex:"):
		return "https://openalex.org/" + strings.ToUpper(strings.TrimPrefix(key, "openalex:"))
	case strings.HasPrefix(key, "doi:"):
		return (&url.URL{Scheme: "https", Host: "doi.org", Path: "/" + strings.TrimPrefix(key, "doi:")}).String()
	}
	return ""
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{
		ids: map[string]bool{}, pubs: map[string]*catPub{}, pubKeys: map[string]string{},
		titles: map[string][]string{}, people: map[string]*catPerson{}, orcids: map[string]string{},
		names: map[string][]string{}, initials: map[string][]string{}, concepts: map[string]string{},
		methods: map[string]string{}, actors: map[string]string{}, venues: map[string]string{},
		orgs: map[string]string{}, orgROR: map[string]string{}, aliases: map[string][]string{}, pending: map[string][]pendingCite{},
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
				p.paginated, p.pagination = true, text
			case graph.PubType:
				p.typ = text
			case graph.IsPartOf:
				p.venue = text
			case graph.Author:
				p.authors = appendNew(p.authors, text)
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
		case graph.KindOrganization:
			switch f.Pred {
			case graph.Name:
				setFirst(c.orgs, fold(text), id)
			case graph.SameAs:
				if r := rorOf(text); r != "" {
					setFirst(c.orgs, "ror:"+r, id)
					c.orgROR[id] = r
				}
			}
		case graph.KindConcept, graph.KindActor, graph.KindVenue, graph.KindMethod:
			if f.Pred == graph.Imported && f.Object == true {
				imported[id] = true
			}
			if f.Pred == graph.Name || f.Pred == graph.PrefLabel || f.Pred == graph.AltLabel || f.Pred == graph.NameZh || f.Pred == graph.AltNameZh || f.Pred == graph.Acronym {
				c.addAlias(id, text)
			}
		}
	}
	for _, id := range sortedKeys(c.pubs) {
		p := c.pubs[id]
		p.year = years[id]
		c.indexPub(id)
	}
	for _, id := range sortedKeys(c.people) {
		p := c.people[id]
		p.key = p.name.matchKey()
		c.indexPerson(id, p)
	}
	for _, id := range sortedKeys(c.pubs) {
		p := c.pubs[id]
		c.credit(id, p.authors, p.venue)
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
	case graph.KindMethod:
		setFirst(c.methods, k, id)
	}
}

// sortedKeys returns the keys of m in order, so that the catalog is built
// the same way on every run.
func sortedKeys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func setFirst(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// workKeys returns the identifier keys a work is found by: its DOI and its
// OpenAlex id.
func workKeys(doi, openalex string) []string {
	var out []string
	if d := normDOI(doi); d != "" {
		out = append(out, "doi:"+d)
	}
	if w := normOpenAlex(openalex); w != "" {
		out = append(out, "openalex:"+w)
	}
	return out
}

// titleKey is the key of a work's folded title and year, "" when either is
// unknown: a work is never found by its title alone.
func titleKey(title string, year int) string {
	t := fold(title)
	if t == "" || year == 0 {
		return ""
	}
	return t + "|" + strconv.Itoa(year)
}

func (c *Catalog) indexPub(id string) {
	p := c.pubs[id]
	for _, k := range workKeys(p.doi, "") {
		setFirst(c.pubKeys, k, id)
	}
	addIndexed(c.titles, titleKey(p.title, p.year), id)
}

func (c *Catalog) indexPerson(id string, p *catPerson) {
	if p.orcid != "" {
		setFirst(c.orcids, p.orcid, id)
	}
	if !p.key.only {
		addIndexed(c.names, p.key.name, id)
	}
	addIndexed(c.initials, p.key.initialKey(), id)
}

// addIndexed adds id to the ids under key k, unless k is empty.
func addIndexed(m map[string][]string, k, id string) {
	if k != "" {
		m[k] = appendNew(m[k], id)
	}
}

// maxCoauthorKeys bounds the co-authors each author of one work learns
// (a physics paper has thousands): the first ones are the signal.
const maxCoauthorKeys = 50

// credit records that people wrote a work in a venue: each learns the
// work, the venue and the names of the co-authors, the second signals of
// matching by initials.
func (c *Catalog) credit(work string, people []string, venue string) {
	if len(people) > maxCoauthorKeys {
		people = people[:maxCoauthorKeys]
	}
	for _, a := range people {
		pa := c.people[a]
		if pa == nil {
			continue
		}
		pa.pubs = appendNew(pa.pubs, work)
		if venue != "" {
			if pa.venues == nil {
				pa.venues = map[string]bool{}
			}
			pa.venues[venue] = true
		}
		for _, b := range people {
			if pb := c.people[b]; b != a && pb != nil {
				if k := pb.key.initialKey(); k != "" {
					if pa.coKeys == nil {
						pa.coKeys = map[string]bool{}
					}
					pa.coKeys[k] = true
				}
			}
		}
	}
}

// Extractor returns the mention extractor over the actors and concepts of
// the catalog that were not imported.
func (c *Catalog) Extractor() *mention.Extractor {
	if c.x == nil {
		ids := make([]string, 0, len(c.aliases))
		for id := range c.aliases {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		ts := make([]mention.Target, len(ids))
		for i, id := range ids {
			ts[i] = mention.Target{ID: id, Aliases: c.aliases[id]}
		}
		c.x = mention.NewExtractor(ts)
	}
	return c.x
}

// bibTeX returns what the BibTeX files of this load share, made on first
// use.
func (c *Catalog) bibTeX() *bibState {
	if c.bib == nil {
		c.bib = newBibState()
	}
	return c.bib
}

// work returns what the catalog knows of a publication, nil when it is
// not loaded.
func (c *Catalog) work(id string) *catPub { return c.pubs[id] }

// personOf returns what the catalog knows of a person, nil when it is not
// loaded.
func (c *Catalog) personOf(id string) *catPerson { return c.people[id] }

// taken reports whether a node of that id is loaded.
func (c *Catalog) taken(id string) bool { return c.ids[id] }

// citedWork returns the loaded work a reference key ("doi:...",
// "openalex:...") names; when none is loaded yet, the citation from work
// waits for it (see addWork and UnresolvedReferences).
func (c *Catalog) citedWork(ref, from string, ev graph.Evidence) (string, bool) {
	if id, ok := c.pubKeys[ref]; ok {
		return id, true
	}
	c.pending[ref] = append(c.pending[ref], pendingCite{from: from, ev: ev})
	return "", false
}

// venue returns the venue of a folded name or alias.
func (c *Catalog) venue(k string) (string, bool) { id, ok := c.venues[k]; return id, ok }

// addVenue records a venue under its folded name, unless another has it.
func (c *Catalog) addVenue(k, id string) { setFirst(c.venues, k, id) }

// concept returns the concept of a folded label or alias.
func (c *Catalog) concept(k string) (string, bool) { id, ok := c.concepts[k]; return id, ok }

// addConcept records a concept under its folded label, unless another
// has it.
func (c *Catalog) addConcept(k, id string) { setFirst(c.concepts, k, id) }

// method returns the method of a folded name or alias.
func (c *Catalog) method(k string) (string, bool) { id, ok := c.methods[k]; return id, ok }

// org returns the organisation of a folded name, or "".
func (c *Catalog) org(k string) string { return c.orgs[k] }

// orgByROR returns the organisation of a ROR id, or "" (also for "").
func (c *Catalog) orgByROR(rk string) string {
	if rk == "" {
		return ""
	}
	return c.orgs["ror:"+rk]
}

// orgByName returns the organisation of a folded name, or "" when there
// is none or when it has a ROR id other than rk: another organisation of
// the same name.
func (c *Catalog) orgByName(k, rk string) string {
	id := c.orgs[k]
	if id != "" && rk != "" && c.orgROR[id] != "" && c.orgROR[id] != rk {
		return ""
	}
	return id
}

// addOrg records an organisation under its folded name, unless another
// has it.
func (c *Catalog) addOrg(k, id string) { setFirst(c.orgs, k, id) }

// setROR records the ROR id of an organisation that has none yet, and
// reports whether it did.
func (c *Catalog) setROR(id, rk string) bool {
	if rk == "" || c.orgROR[id] != "" {
		return false
	}
	c.orgROR[id] = rk
	c.orgs["ror:"+rk] = id
	return true
}

// findWork returns the publication a record describes, if loaded, and why
// it is the same: its DOI; its OpenAlex id, unless the DOIs conflict; or,
// when neither has a DOI, its title and year, unless chapter, book, volume,
// issue, pages or type tell them apart. When a record is not merged,
// refused says why a work of the same title and year is another.
func (c *Catalog) findWork(rec *workRecord) (id, reason, refused string) {
	d := normDOI(rec.doi)
	if d != "" {
		if id, ok := c.pubKeys["doi:"+d]; ok {
			return id, "same DOI " + d, ""
		}
	}
	if w := normOpenAlex(rec.openalex); w != "" {
		if id, ok := c.pubKeys["openalex:"+w]; ok {
			pd := c.pubs[id].doi
			if d == "" || pd == "" || normDOI(pd) == d {
				return id, "same OpenAlex id " + strings.ToUpper(w), ""
			}
			refused = fmt.Sprintf("same OpenAlex id as %s, but DOI %s, not %s", id, d, normDOI(pd))
		}
	}
	for _, id := range c.titles[titleKey(rec.title, rec.year)] {
		p := c.pubs[id]
		why := ""
		switch {
		case d != "" && p.doi != "":
			why = "different DOI"
		case d != "" || p.doi != "":
			why = "a DOI on one only"
		default:
			why = tellApart(p, rec)
		}
		if why == "" {
			return id, fmt.Sprintf("same title and year (%d), no DOI on either", rec.year), ""
		}
		if refused == "" {
			refused = fmt.Sprintf("same title and year as %s, but %s", id, why)
		}
	}
	return "", "", refused
}

// genericTypes are the source types that say nothing of what a work is, so
// that they are compatible with any type.
var genericTypes = map[string]bool{"misc": true, "online": true, "electronic": true,
	"www": true, "webpage": true, "other": true, "document": true, "gen": true}

// tellApart returns what shows that a work of the same title and year is
// another work, or "".
func tellApart(p *catPub, rec *workRecord) string {
	pv, pi, pp := p.parts()
	rv, ri, rp := rec.parts()
	for _, f := range []struct{ name, a, b string }{
		{"chapter", p.chapter, rec.chapter}, {"book", p.booktitle, rec.book()},
		{"volume", pv, rv}, {"issue", pi, ri}, {"pages", pp, rp},
	} {
		if a, b := fold(f.a), fold(f.b); a != "" && b != "" && a != b {
			return "different " + f.name
		}
	}
	if p.typ != "" && rec.typ != "" && p.typ != rec.typ && !genericTypes[strings.ToLower(p.rawType)] &&
		!genericTypes[strings.ToLower(rec.rawType)] {
		return fmt.Sprintf("different type (%s, %s)", p.typ, rec.typ)
	}
	return ""
}

// parts returns the volume, issue and pages of a publication.
func (p *catPub) parts() (volume, issue, pages string) {
	return paginationParts(p.volume, p.issue, p.pages, p.pagination)
}

// paginationParts returns the volume, issue and pages a source gave apart,
// or, when it gave none of them apart, those its pagination holds. A bare
// number ("52") in a pagination may be a volume or a page: it is neither.
func paginationParts(volume, issue, pages, pagination string) (string, string, string) {
	if volume != "" || issue != "" || pages != "" {
		return volume, issue, pages
	}
	if !strings.ContainsAny(pagination, "(:–") {
		return "", "", ""
	}
	return graph.SplitPagination(pagination)
}

// addWork records a publication and returns the cites edges that were
// waiting for it.
func (c *Catalog) addWork(id string, rec *workRecord, p *catPub) []pendingCite {
	c.ids[id] = true
	c.pubs[id] = p
	var out []pendingCite
	for _, k := range workKeys(rec.doi, rec.openalex) {
		setFirst(c.pubKeys, k, id)
		out = append(out, c.pending[k]...)
		delete(c.pending, k)
	}
	addIndexed(c.titles, titleKey(p.title, p.year), id)
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
// same ORCID, or the same full name (given and family names in their
// order; not initials only) where no ORCID disagrees.
func (c *Catalog) findPerson(a author, k matchKey) (id, reason string) {
	if a.orcid != "" {
		if id, ok := c.orcids[a.orcid]; ok {
			return id, "same ORCID " + a.orcid
		}
	}
	if k.only {
		return "", ""
	}
	for _, id := range c.names[k.name] {
		if c.orcidAgrees(id, a) {
			return id, "same name"
		}
	}
	return "", ""
}

// signals are what a record knows beyond an author's name: the work it
// merged into, the name keys of its other authors, its venue.
type signals struct {
	work   string
	others []string // initialKeys of the record's other authors
	venue  string
	taken  []string // people already given to other authors of the record
}

// findByInitials returns the person an author given with initials ("M. J.
// Kahana") is, or the person given with initials that a full name is,
// when a second signal agrees, tried in this order: the work the record
// merged into is theirs; one of their co-authors has the name (family name
// and first initial) of another author of the record; or they published in
// the record's venue and are the only person the name can be. Among the
// people of the same family name and first initial, those whose initials
// are the author's own come before those whose initials only begin alike
// ("M." and "M. J."). When two people have the first signal that decides,
// the author is ambiguous and matches nobody.
func (c *Catalog) findByInitials(a author, k matchKey, sig signals) (id, reason string) {
	var exact, prefix []string
	for _, id := range c.initials[k.initialKey()] {
		p := c.people[id]
		if !c.orcidAgrees(id, a) || !k.abbreviates(p.key) || slices.Contains(sig.taken, id) {
			continue
		}
		if p.key.initials == k.initials {
			exact = append(exact, id)
		} else {
			prefix = append(prefix, id)
		}
	}
	name := a.name.display()
	for _, cands := range [][]string{exact, prefix} {
		for _, s := range []struct {
			why string
			has func(p *catPerson, id string) bool
		}{
			{"an author of the same work", func(_ *catPerson, id string) bool {
				return sig.work != "" && slices.Contains(c.pubs[sig.work].authors, id)
			}},
			{"and a co-author's name agrees", func(p *catPerson, _ string) bool {
				return slices.ContainsFunc(sig.others, func(o string) bool { return p.coKeys[o] })
			}},
			{"who published in the same venue", func(p *catPerson, _ string) bool {
				return len(exact)+len(prefix) == 1 && sig.venue != "" && p.venues[sig.venue]
			}},
		} {
			var found []string
			for _, id := range cands {
				if s.has(c.people[id], id) {
					found = append(found, id)
				}
			}
			switch len(found) {
			case 0:
				continue
			case 1:
				return found[0], fmt.Sprintf("%q matches %q, %s", name, c.people[found[0]].name.display(), s.why)
			}
			return "", "" // two people fit as well: ambiguous
		}
	}
	return "", ""
}

// orcidAgrees reports whether a person and an author have no conflicting ORCID iDs.
func (c *Catalog) orcidAgrees(id string, a author) bool {
	p := c.people[id]
	return a.orcid == "" || p.orcid == "" || p.orcid == a.orcid
}

// addPerson records a person.
func (c *Catalog) addPerson(id string, name personName, orcid string) {
	c.ids[id] = true
	p := c.person(id)
	if p.name == (personName{}) {
		p.name = name
		p.key = name.matchKey()
	}
	if p.orcid == "" {
		p.orcid = orcid
	}
	c.indexPerson(id, p)
}

// normDOI returns a DOI in lower case without its resolver prefix, or ""
// when s is not a DOI. It reads every way a DOI is written:
// "10.1/X", "doi:10.1/x", "https://doi.org/10.1/x", "http://dx.doi.org/...",
// "https://www.doi.org/...", "doi.org/...", and URL-encoded ("10.1%2Fx").
func normDOI(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.Contains(s, "%") {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	for _, p := range []string{"https://", "http://"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"www.", "dx."} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"doi.org/", "doi:"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "10.") || !strings.Contains(s, "/") || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	return s
}

// rorOf returns the ROR id in a ROR address or bare id ("03yrm5c26"), or "".
func rorOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s = strings.TrimPrefix(s, "ror.org/")
	if len(s) < 5 || strings.ContainsAny(s, "/ ") {
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
