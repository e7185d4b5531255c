package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Bibliography exports write the publications of the graph (all of them,
// or those of one concept or person) in the formats reference managers
// import: BibTeX, CSL-JSON and RIS, so that a scholar can take a set of
// works back into Zotero, JabRef or EndNote. Each work gives its title,
// authors in order, year, venue, publisher, volume, issue, pages, DOI,
// abstract and the labels of its concepts as keywords; what the graph does
// not know is left out, never guessed. Works without a known title cannot
// be cited and are left out (the writers return how many).

// bibFormats maps each bibliography format to its writer and content type.
var bibFormats = map[string]struct {
	write       func(w io.Writer, works []bibWork) error
	contentType string
}{
	"bibtex":   {writeBibTeX, "application/x-bibtex; charset=utf-8"},
	"csl-json": {writeCSLJSON, "application/vnd.citationstyles.csl+json"},
	"ris":      {writeRIS, "application/x-research-info-systems"},
}

// IsBibFormat reports whether format is a bibliography format (bibtex,
// csl-json, ris).
func IsBibFormat(format string) bool {
	_, ok := bibFormats[format]
	return ok
}

// BibFilter chooses the publications a bibliography export writes: those
// that mention a concept, or those a person wrote; both empty is every
// publication.
type BibFilter struct {
	Concept string // a concept id: the publications that mention it
	Author  string // a person id: the publications they wrote
}

// BibExport is what a bibliography export wrote.
type BibExport struct {
	Works   int      // works written
	LeftOut []string // works left out: no known title
}

// ExportBibliography writes the publications that f chooses to w in a
// bibliography format, sorted by year then id. An unknown filter id, or one
// of the wrong kind, is an error that names it.
func (s *View) ExportBibliography(ctx context.Context, format string, f BibFilter, w io.Writer) (*BibExport, error) {
	bf, ok := bibFormats[format]
	if !ok {
		return nil, fmt.Errorf("graph: unknown bibliography format %q (want bibtex, csl-json or ris)", format)
	}
	ids, err := s.bibSelection(f)
	if err != nil {
		return nil, err
	}
	rep := &BibExport{}
	var works []bibWork
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, ok := s.Publication(id)
		if !ok {
			continue
		}
		if !p.TitleKnown {
			rep.LeftOut = append(rep.LeftOut, id)
			continue
		}
		works = append(works, s.bibWork(p))
	}
	rep.Works = len(works)
	bw := bufio.NewWriter(w)
	if err := bf.write(bw, works); err != nil {
		return nil, err
	}
	return rep, bw.Flush()
}

// wholeBibliography is the exporter of every publication in a
// bibliography format, for the export dispatch.
func wholeBibliography(format string) func(s *View, ctx context.Context, w io.Writer) error {
	return func(s *View, ctx context.Context, w io.Writer) error {
		_, err := s.ExportBibliography(ctx, format, BibFilter{}, w)
		return err
	}
}

// bibSelection returns the ids of the publications a filter chooses.
func (s *View) bibSelection(f BibFilter) ([]string, error) {
	if f.Concept != "" && f.Author != "" {
		return nil, fmt.Errorf("graph: give a concept or an author, not both")
	}
	for _, c := range []struct {
		id   string
		kind Kind
		pred Predicate
	}{{f.Concept, KindConcept, Mentions}, {f.Author, KindPerson, Author}} {
		if c.id == "" {
			continue
		}
		n, ok := s.Node(c.id)
		if !ok {
			return nil, fmt.Errorf("graph: %q: %w", c.id, ErrNotFound)
		}
		if n.Kind != c.kind {
			return nil, fmt.Errorf("graph: %q is a %s, not a %s", c.id, n.Kind, c.kind)
		}
		return s.Publications(c.id, c.pred), nil
	}
	var ids []string
	for _, n := range s.List(KindPublication) {
		ids = append(ids, n.ID)
	}
	return ids, nil
}

// bibWork is a publication as the bibliography writers see it.
type bibWork struct {
	key, typ, title, venue, publisher, doi, abstract string
	volume, issue, pages                             string
	year                                             int
	authors                                          []bibName
	keywords                                         []string
}

// bibName is an author: a person's family and given names (and suffix),
// or an organisation's name kept whole.
type bibName struct {
	family, given, suffix string
	literal               string
}

func (s *View) bibWork(p *Publication) bibWork {
	b := bibWork{key: strings.TrimPrefix(p.ID, "pub/"), typ: p.Type, title: p.Title, publisher: p.Publisher,
		doi: p.DOI, abstract: p.Abstract, year: p.Year}
	b.volume, b.issue, b.pages = SplitPagination(p.Pagination)
	if v, ok := s.Node(p.Venue); ok {
		b.venue = firstNonEmpty(v.Str(Name), v.Str(RDFSLabel))
	}
	for _, a := range p.Authors {
		n, ok := s.Node(a)
		if !ok {
			continue
		}
		name := firstNonEmpty(n.Str(Name), n.Str(RDFSLabel))
		if n.Kind == KindOrganization {
			b.authors = append(b.authors, bibName{literal: name})
		} else {
			b.authors = append(b.authors, splitName(name))
		}
	}
	for _, c := range p.Concepts {
		if n, ok := s.Node(c); ok {
			b.keywords = append(b.keywords, firstNonEmpty(n.Str(PrefLabel), n.Str(RDFSLabel)))
		}
	}
	return b
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// paginationRE reads what the loaders write: "37(4): 591–611", "12",
// "(3)", "12: 5–9".
var paginationRE = regexp.MustCompile(`^\s*([^():\s]*)\s*(?:\(([^)]*)\))?\s*(?::\s*(.*))?$`)

// SplitPagination splits a pagination as the loaders write it ("37(4):
// 591–611") into volume, issue and pages ("591–611"). A pagination of
// pages alone ("591–611") is pages; one of another shape is kept whole as
// pages.
func SplitPagination(s string) (volume, issue, pages string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", ""
	}
	if !strings.ContainsAny(s, "(:") && strings.ContainsAny(s, "–-") {
		return "", "", s
	}
	m := paginationRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", s
	}
	return m[1], m[2], strings.TrimSpace(m[3])
}

// nameSuffixes are the words that end a name without being its family name.
var nameSuffixes = map[string]bool{"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true}

// splitName splits a displayed name into family and given names the way
// BibTeX reads "First von Last": the family name starts at the first
// lower-case word after the first ("Anna van der Berg"), else it is the
// last word; a suffix ("Jr.") is kept apart.
func splitName(name string) bibName {
	ws := strings.Fields(name)
	var n bibName
	if len(ws) > 1 && nameSuffixes[strings.ToLower(ws[len(ws)-1])] {
		n.suffix, ws = ws[len(ws)-1], ws[:len(ws)-1]
	}
	if len(ws) < 2 {
		n.family = strings.Join(ws, " ")
		return n
	}
	cut := len(ws) - 1
	for i := 1; i < len(ws)-1; i++ {
		if r := []rune(ws[i]); unicode.IsLower(r[0]) {
			cut = i
			break
		}
	}
	n.given, n.family = strings.Join(ws[:cut], " "), strings.Join(ws[cut:], " ")
	return n
}

// writeBibTeX writes BibTeX entries, UTF-8, with LaTeX's special characters
// escaped and titles braced so that their capitals are kept.
func writeBibTeX(w io.Writer, works []bibWork) error {
	types := map[string]string{"ARTICLE": "article", "CHAPTER": "incollection", "BOOK": "book"}
	for _, b := range works {
		typ := types[b.typ]
		if typ == "" {
			typ = "misc"
		}
		fmt.Fprintf(w, "@%s{%s,\n", typ, b.key)
		field := func(name, value string) {
			if value != "" {
				fmt.Fprintf(w, "  %s = {%s},\n", name, value)
			}
		}
		field("title", "{"+texEscape(b.title)+"}")
		var names []string
		for _, a := range b.authors {
			switch {
			case a.literal != "":
				names = append(names, "{"+texEscape(a.literal)+"}")
			case a.given == "" && a.suffix == "":
				names = append(names, texEscape(a.family))
			case a.suffix != "":
				names = append(names, texEscape(a.family)+", "+texEscape(a.suffix)+", "+texEscape(a.given))
			default:
				names = append(names, texEscape(a.family)+", "+texEscape(a.given))
			}
		}
		field("author", strings.Join(names, " and "))
		if b.year != 0 {
			field("year", strconv.Itoa(b.year))
		}
		venueField := map[string]string{"article": "journal", "incollection": "booktitle"}[typ]
		if venueField == "" {
			venueField = "howpublished"
			if typ == "book" {
				venueField = "series"
			}
		}
		field(venueField, texEscape(b.venue))
		field("publisher", texEscape(b.publisher))
		field("volume", texEscape(b.volume))
		field("number", texEscape(b.issue))
		field("pages", texEscape(strings.ReplaceAll(b.pages, "–", "--")))
		field("doi", texEscape(b.doi))
		field("abstract", texEscape(b.abstract))
		field("keywords", texEscape(strings.Join(b.keywords, ", ")))
		if _, err := io.WriteString(w, "}\n\n"); err != nil {
			return err
		}
	}
	return nil
}

// texEscaper escapes the characters LaTeX reads as commands.
var texEscaper = strings.NewReplacer(`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`,
	`$`, `\$`, `#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`, "\n", " ", "\r", " ")

func texEscape(s string) string { return texEscaper.Replace(s) }

// cslItem is one CSL-JSON item, as citeproc and Zotero read it.
type cslItem struct {
	ID             string     `json:"id"`
	Type           string     `json:"type"`
	Title          string     `json:"title"`
	Author         []cslName  `json:"author,omitempty"`
	Issued         *cslIssued `json:"issued,omitempty"`
	ContainerTitle string     `json:"container-title,omitempty"`
	Collection     string     `json:"collection-title,omitempty"`
	Publisher      string     `json:"publisher,omitempty"`
	Volume         string     `json:"volume,omitempty"`
	Issue          string     `json:"issue,omitempty"`
	Page           string     `json:"page,omitempty"`
	DOI            string     `json:"DOI,omitempty"`
	Abstract       string     `json:"abstract,omitempty"`
	Keyword        string     `json:"keyword,omitempty"`
}

type cslName struct {
	Family  string `json:"family,omitempty"`
	Given   string `json:"given,omitempty"`
	Suffix  string `json:"suffix,omitempty"`
	Literal string `json:"literal,omitempty"`
}

type cslIssued struct {
	DateParts [][]int `json:"date-parts"`
}

// writeCSLJSON writes a CSL-JSON array.
func writeCSLJSON(w io.Writer, works []bibWork) error {
	types := map[string]string{"ARTICLE": "article-journal", "CHAPTER": "chapter", "BOOK": "book"}
	items := make([]cslItem, 0, len(works))
	for _, b := range works {
		it := cslItem{ID: b.key, Type: types[b.typ], Title: b.title, ContainerTitle: b.venue, Publisher: b.publisher,
			Volume: b.volume, Issue: b.issue, Page: b.pages, DOI: b.doi, Abstract: b.abstract,
			Keyword: strings.Join(b.keywords, ", ")}
		if it.Type == "" {
			it.Type = "document"
		}
		if it.Type == "book" { // a book's venue is its series
			it.ContainerTitle, it.Collection = "", b.venue
		}
		if b.year != 0 {
			it.Issued = &cslIssued{DateParts: [][]int{{b.year}}}
		}
		for _, a := range b.authors {
			it.Author = append(it.Author, cslName{Family: a.family, Given: a.given, Suffix: a.suffix, Literal: a.literal})
		}
		items = append(items, it)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(items)
}

// writeRIS writes RIS records, one tag a line.
func writeRIS(w io.Writer, works []bibWork) error {
	types := map[string]string{"ARTICLE": "JOUR", "CHAPTER": "CHAP", "BOOK": "BOOK"}
	line := func(tag, value string) {
		if value = strings.Join(strings.Fields(value), " "); value != "" {
			fmt.Fprintf(w, "%s  - %s\n", tag, value)
		}
	}
	for _, b := range works {
		typ := types[b.typ]
		if typ == "" {
			typ = "GEN"
		}
		line("TY", typ)
		line("ID", b.key)
		line("TI", b.title)
		for _, a := range b.authors {
			switch {
			case a.literal != "":
				line("AU", a.literal)
			case a.suffix != "":
				line("AU", a.family+", "+a.given+", "+a.suffix)
			case a.given == "":
				line("AU", a.family)
			default:
				line("AU", a.family+", "+a.given)
			}
		}
		if b.year != 0 {
			line("PY", strconv.Itoa(b.year))
		}
		line("T2", b.venue)
		line("PB", b.publisher)
		line("VL", b.volume)
		line("IS", b.issue)
		first, last, _ := strings.Cut(b.pages, "–")
		line("SP", first)
		line("EP", last)
		line("DO", b.doi)
		line("AB", b.abstract)
		for _, k := range b.keywords {
			line("KW", k)
		}
		if _, err := io.WriteString(w, "ER  - \n\n"); err != nil {
			return err
		}
	}
	return nil
}
