package bib

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/scsgraph/scsgraph/loaders"
)

// alexWork is an OpenAlex work object, as the API (/works, one object or a
// page of "results") and the snapshot (JSON Lines) deliver it.
type alexWork struct {
	ID              string        `json:"id"`
	DOI             *string       `json:"doi"`
	Title           *string       `json:"title"`
	DisplayName     *string       `json:"display_name"`
	PublicationYear *int          `json:"publication_year"`
	Type            string        `json:"type"`
	PrimaryLocation *alexLocation `json:"primary_location"`
	HostVenue       *alexSource   `json:"host_venue"` // the older API's venue
	Authorships     []struct {
		Author struct {
			DisplayName string  `json:"display_name"`
			ORCID       *string `json:"orcid"`
		} `json:"author"`
		Institutions []struct {
			DisplayName string  `json:"display_name"`
			ROR         *string `json:"ror"`
			Type        *string `json:"type"`
		} `json:"institutions"`
	} `json:"authorships"`
	Biblio struct {
		Volume    *string `json:"volume"`
		Issue     *string `json:"issue"`
		FirstPage *string `json:"first_page"`
		LastPage  *string `json:"last_page"`
	} `json:"biblio"`
	Keywords []struct {
		DisplayName string `json:"display_name"`
		Keyword     string `json:"keyword"` // the older API's name
	} `json:"keywords"`
	Topics []struct {
		DisplayName string `json:"display_name"`
	} `json:"topics"`
	Concepts []struct {
		DisplayName string  `json:"display_name"`
		Score       float64 `json:"score"`
	} `json:"concepts"`
	ReferencedWorks       []string        `json:"referenced_works"`
	AbstractInvertedIndex json.RawMessage `json:"abstract_inverted_index"`
}

type alexLocation struct {
	Source *alexSource `json:"source"`
}

type alexSource struct {
	DisplayName          string  `json:"display_name"`
	HostOrganizationName *string `json:"host_organization_name"`
	Publisher            *string `json:"publisher"`
}

// minConceptScore leaves out the concepts OpenAlex scores low for a work,
// mostly broad fields ("Political science") that say little of it.
const minConceptScore = 0.3

// readOpenAlexWork reads one OpenAlex work, reporting one that is not
// to skips, and what is wrong in one that loads to warns.
func readOpenAlexWork(name string, raw rawRecord, skips, warns *loaders.Problems) *workRecord {
	var w alexWork
	if err := json.Unmarshal(raw.data, &w); err != nil {
		skips.Add(name, raw.line, "work %q: %s", shortAlex(jsonKey(raw.data)), jsonProblem(err))
		return nil
	}
	rec := &workRecord{file: name, line: raw.line, noun: "work", key: shortAlex(w.ID), url: w.ID,
		typ: alexType(w.Type), rawType: w.Type, title: htmlText(str(w.Title)), doi: str(w.DOI), openalex: w.ID,
		volume: str(w.Biblio.Volume), issue: str(w.Biblio.Issue)}
	rec.pages = strings.Trim(str(w.Biblio.FirstPage)+"–"+str(w.Biblio.LastPage), "–")
	rec.pagination = pagination(rec.volume, rec.issue, rec.pages)
	abstract, err := alexAbstract(w.AbstractInvertedIndex)
	rec.abstract = htmlText(abstract)
	if err != nil {
		warns.Add(name, raw.line, "work %q: abstract_inverted_index: %v: the abstract is left out", shortAlex(w.ID), err)
	}
	if rec.key == "" {
		rec.key = "?"
	}
	if rec.title == "" {
		rec.title = htmlText(str(w.DisplayName))
	}
	year := ""
	if w.PublicationYear != nil {
		year = fmt.Sprint(*w.PublicationYear)
	}
	y, warn := recordYear(year)
	rec.year = y
	if warn != "" {
		warns.Add(name, raw.line, "%s: %s", rec.what(), warn)
	}
	src := w.HostVenue
	if w.PrimaryLocation != nil && w.PrimaryLocation.Source != nil {
		src = w.PrimaryLocation.Source
	}
	if src != nil {
		rec.venue = htmlText(src.DisplayName)
		if rec.typ == "CHAPTER" {
			rec.booktitle = rec.venue
		}
		rec.publisher = firstOf(str(src.HostOrganizationName), str(src.Publisher))
	}
	for _, a := range w.Authorships {
		if strings.TrimSpace(a.Author.DisplayName) == "" {
			continue
		}
		au := author{name: personName{Literal: strings.TrimSpace(a.Author.DisplayName)}, orcid: orcidOf(str(a.Author.ORCID))}
		for _, in := range a.Institutions {
			au.institutions = append(au.institutions, institution{name: in.DisplayName, ror: str(in.ROR), typ: str(in.Type)})
		}
		rec.authors = append(rec.authors, au)
	}
	for _, k := range w.Keywords {
		rec.keywords = append(rec.keywords, firstOf(k.DisplayName, k.Keyword))
	}
	for _, t := range w.Topics {
		rec.keywords = append(rec.keywords, t.DisplayName)
	}
	for _, c := range w.Concepts {
		if c.Score >= minConceptScore {
			rec.keywords = append(rec.keywords, c.DisplayName)
		}
	}
	for _, ref := range w.ReferencedWorks {
		if id := normOpenAlex(ref); id != "" {
			rec.refs = append(rec.refs, "openalex:"+id)
		}
	}
	return rec
}

// alexAbstract reads an OpenAlex abstract: an inverted index (word ->
// positions), or the 2021 form {"IndexLength": n, "InvertedIndex": {...}}.
func alexAbstract(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var wrapped struct {
		IndexLength   *int             `json:"IndexLength"`
		InvertedIndex map[string][]int `json:"InvertedIndex"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.IndexLength != nil && wrapped.InvertedIndex != nil {
		return invertedAbstract(wrapped.InvertedIndex), nil
	}
	var idx map[string][]int
	if err := json.Unmarshal(raw, &idx); err != nil {
		return "", fmt.Errorf("%s", jsonProblem(err))
	}
	return invertedAbstract(idx), nil
}

// invertedAbstract rebuilds an abstract from OpenAlex's inverted index,
// which maps each word to the positions where it occurs.
func invertedAbstract(idx map[string][]int) string {
	type at struct {
		pos  int
		word string
	}
	var words []at
	for w, ps := range idx {
		for _, p := range ps {
			words = append(words, at{p, w})
		}
	}
	sort.Slice(words, func(i, j int) bool { return words[i].pos < words[j].pos })
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w.word
	}
	return strings.Join(out, " ")
}

// alexType maps an OpenAlex work type to a publication type.
func alexType(t string) string {
	switch t {
	case "book":
		return "BOOK"
	case "book-chapter":
		return "CHAPTER"
	}
	return "ARTICLE"
}

// shortAlex returns "W123" for "https://openalex.org/W123".
func shortAlex(id string) string {
	return strings.TrimPrefix(strings.TrimPrefix(id, "https://openalex.org/"), "http://openalex.org/")
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
