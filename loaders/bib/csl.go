package bib

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/scsgraph/scsgraph/loaders"
)

// cslItem is a CSL-JSON item as Zotero, Pandoc and citeproc write it.
type cslItem struct {
	ID             cslString `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	ContainerTitle cslString `json:"container-title"`
	Author         []cslName `json:"author"`
	Issued         *cslDate  `json:"issued"`
	DOI            string    `json:"DOI"`
	URL            string    `json:"URL"`
	Abstract       string    `json:"abstract"`
	Volume         cslString `json:"volume"`
	Issue          cslString `json:"issue"`
	Page           cslString `json:"page"`
	Publisher      string    `json:"publisher"`
	Keyword        cslString `json:"keyword"`
	ChapterNumber  cslString `json:"chapter-number"`
}

// cslName is a CSL name: family and given parts with particles, or a
// literal kept whole.
type cslName struct {
	Family              string `json:"family"`
	Given               string `json:"given"`
	DroppingParticle    string `json:"dropping-particle"`
	NonDroppingParticle string `json:"non-dropping-particle"`
	Suffix              string `json:"suffix"`
	Literal             string `json:"literal"`
}

// cslDate is a CSL date: date-parts, or a raw or literal string.
type cslDate struct {
	DateParts [][]cslString `json:"date-parts"`
	Raw       string        `json:"raw"`
	Literal   string        `json:"literal"`
}

// cslString is a CSL variable that exports write as a string or a number
// (volume, issue, id, the parts of a date), or as a list of strings.
type cslString string

// UnmarshalJSON accepts a string, a number, a list of strings, or null.
func (s *cslString) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*s = ""
	case string:
		*s = cslString(x)
	case float64:
		*s = cslString(fmt.Sprint(x))
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, fmt.Sprint(e))
		}
		*s = cslString(strings.Join(parts, ", "))
	default:
		return fmt.Errorf("want a string or a number, not %s", strings.TrimSpace(string(b)))
	}
	return nil
}

// readCSLItem reads one CSL-JSON item, reporting an item that is not one
// to skips, and what is wrong in one that loads to warns.
func readCSLItem(name string, raw rawRecord, skips, warns *loaders.Problems) *workRecord {
	var it cslItem
	if err := json.Unmarshal(raw.data, &it); err != nil {
		skips.Add(name, raw.line, "item %q: %s", jsonKey(raw.data), jsonProblem(err))
		return nil
	}
	rec := &workRecord{file: name, line: raw.line, noun: "item", key: string(it.ID),
		typ: cslType(it.Type), rawType: it.Type, title: htmlText(it.Title), abstract: htmlText(it.Abstract),
		venue: htmlText(string(it.ContainerTitle)), publisher: it.Publisher, doi: it.DOI,
		volume: strings.TrimSpace(string(it.Volume)), issue: strings.TrimSpace(string(it.Issue)),
		chapter:  strings.TrimSpace(string(it.ChapterNumber)),
		keywords: splitKeywords(string(it.Keyword))}
	rec.pages = string(it.Page)
	rec.pagination = pagination(rec.volume, rec.issue, rec.pages)
	switch it.Type {
	case "chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary", "entry":
		rec.booktitle = rec.venue
	}
	if d := normDOI(it.DOI); d != "" {
		rec.url = "https://doi.org/" + d
	} else {
		rec.url = it.URL
	}
	y, warn := it.Issued.year()
	if warn != "" && it.Issued != nil {
		warn = fmt.Sprintf("issued %s: %s", shorten(issuedText(raw.data), 60), warn)
	}
	rec.year = y
	if warn != "" {
		warns.Add(name, raw.line, "%s: %s", rec.what(), warn)
	}
	for _, n := range it.Author {
		pn := personName{Literal: strings.TrimSpace(n.Literal), Suffix: strings.TrimSpace(n.Suffix)}
		if pn.Literal == "" {
			family := strings.TrimSpace(strings.Join(strings.Fields(n.NonDroppingParticle+" "+n.Family), " "))
			given := strings.TrimSpace(strings.Join(strings.Fields(n.Given+" "+n.DroppingParticle), " "))
			pn.Given, pn.Family = given, family
		}
		if g, more := stripEtAl(pn.display()); more && g == "" {
			rec.etAl = true // {"literal": "et al."} or {"family": "others"}
			continue
		}
		if pn != (personName{}) {
			rec.authors = append(rec.authors, author{name: pn})
		}
	}
	return rec
}

// year returns the year of a CSL date: the first of its date-parts, or
// the first four-digit number of its raw or literal form; with none, the
// year is unknown and warn says why.
func (d *cslDate) year() (int, string) {
	if d == nil {
		return recordYear("")
	}
	if len(d.DateParts) > 0 && len(d.DateParts[0]) > 0 && d.DateParts[0][0] != "" {
		return recordYear(string(d.DateParts[0][0]))
	}
	if s := firstOf(d.Raw, d.Literal); s != "" {
		return recordYear(s)
	}
	return 0, "no year: the year is left unknown"
}

// UnmarshalJSON reads a CSL date object, or a date written as a string
// ("2020-05", as some exporters write it).
func (d *cslDate) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		d.Raw = s
		return nil
	}
	type plain cslDate
	return json.Unmarshal(b, (*plain)(d))
}

// issuedText returns the "issued" value of a raw item for messages.
func issuedText(data []byte) string {
	var v struct {
		Issued json.RawMessage `json:"issued"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return "?"
	}
	return string(v.Issued)
}

// cslType maps a CSL item type to a publication type.
func cslType(t string) string {
	switch t {
	case "book":
		return "BOOK"
	case "chapter":
		return "CHAPTER"
	}
	return "ARTICLE"
}

// jsonKey returns the id of a JSON record that could not be decoded, for
// messages, or "?".
func jsonKey(data []byte) string {
	var v struct {
		ID any `json:"id"`
	}
	if err := json.Unmarshal(data, &v); err != nil || v.ID == nil {
		return "?"
	}
	return fmt.Sprint(v.ID)
}

// jsonProblem describes an error decoding a record without naming Go types.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	want := "a string"
	switch te.Type.Kind() {
	case reflect.Slice, reflect.Array:
		want = "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		want = "an object"
	case reflect.Int, reflect.Int64, reflect.Float64:
		want = "a number"
	}
	if te.Field == "" {
		return fmt.Sprintf("want %s, not %s", want, te.Value)
	}
	return fmt.Sprintf("field %q: want %s, not %s", te.Field, want, te.Value)
}
