package bib

import (
	"strings"

	"github.com/scsgraph/scsgraph/loaders"
)

// RIS (the tagged format of Web of Science, Scopus, EndNote, Zotero and
// CNKI exports) is read here: no Go parser of it is kept up, and its
// grammar is a line format. A record starts at "TY  - TYPE" and ends at
// "ER  -"; each line "XX  - value" gives a tag (two characters, a capital
// letter and a capital or a digit) and its value; a line without a tag
// continues the value before it (EndNote wraps abstracts). Exporters
// differ in the spaces around the dash ("TY - JOUR"), in line ends and in
// a header before the first record ("Provider: ..."), which is skipped.
// One pass over the lines, so the work is linear in the input.

// risLine splits a line into its tag and value, and reports whether it is
// a tag line.
func risLine(l string) (tag, value string, ok bool) {
	l = strings.TrimRight(strings.TrimPrefix(l, "\ufeff"), " \t\r")
	if len(l) < 3 || l[0] < 'A' || l[0] > 'Z' || !(l[1] >= 'A' && l[1] <= 'Z' || l[1] >= '0' && l[1] <= '9') {
		return "", "", false
	}
	rest := strings.TrimLeft(l[2:], " \t")
	if gap := len(l) - 2 - len(rest); gap < 1 || gap > 3 || !strings.HasPrefix(rest, "-") {
		return "", "", false
	}
	rest = rest[1:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", "", false
	}
	return l[:2], strings.TrimSpace(rest), true
}

// risRecord is one record's tags, in order, and its first line.
type risRecord struct {
	line   int
	tags   map[string][]string
	last   string   // the tag of the last line, which a line without a tag continues
	more   []string // the lines that continue it, joined at the next tag (so that the work stays linear)
	closed bool
}

// flush joins the lines that continue the last value to it.
func (r *risRecord) flush() {
	if len(r.more) > 0 {
		vs := r.tags[r.last]
		vs[len(vs)-1] = strings.TrimSpace(vs[len(vs)-1] + " " + strings.Join(r.more, " "))
		r.more = nil
	}
}

func (r *risRecord) first(tags ...string) string {
	for _, t := range tags {
		for _, v := range r.tags[t] {
			if v != "" {
				return v
			}
		}
	}
	return ""
}

// readRIS reads the records of a RIS file.
func readRIS(name string, data []byte, skips, warns *loaders.Problems) []*workRecord {
	var recs []*risRecord
	var cur *risRecord
	outside := 0 // tag lines outside a record
	for i, l := range strings.Split(string(data), "\n") {
		tag, v, ok := risLine(l)
		if ok && cur != nil {
			cur.flush()
		}
		switch {
		case ok && tag == "TY":
			if cur != nil && !cur.closed {
				warns.Add(name, cur.line, "record %q: no ER before the next TY at line %d: the record ends there", cur.first("ID"), i+1)
			}
			cur = &risRecord{line: i + 1, tags: map[string][]string{"TY": {v}}}
			recs = append(recs, cur)
		case cur == nil || cur.closed:
			if ok && outside == 0 {
				warns.Add(name, i+1, "tag %s outside a record (no TY before it): ignored", tag)
			}
			if ok {
				outside++
			}
		case ok && tag == "ER":
			cur.closed = true
		case ok:
			cur.tags[tag] = append(cur.tags[tag], v)
			cur.last = tag
		case cur.last != "" && strings.TrimSpace(l) != "":
			cur.more = append(cur.more, strings.TrimSpace(l))
		}
	}
	if cur != nil {
		cur.flush()
	}
	if cur != nil && !cur.closed {
		warns.Add(name, cur.line, "record %q: no ER at the end of the file: the record ends there", cur.first("ID"))
	}
	out := make([]*workRecord, 0, len(recs))
	for _, r := range recs {
		out = append(out, risWork(name, r, warns))
	}
	return out
}

// risWork turns a RIS record into a work record.
func risWork(name string, r *risRecord, warns *loaders.Problems) *workRecord {
	ty := strings.ToUpper(r.first("TY"))
	rec := &workRecord{file: name, line: r.line, noun: "record", key: r.first("ID", "AN"),
		typ: risType(ty), rawType: ty, title: oneLine(r.first("TI", "T1", "CT")),
		abstract: oneLine(r.first("AB", "N2")), publisher: r.first("PB"),
		volume: r.first("VL"), issue: r.first("IS", "CP"), chapter: r.first("SE")}
	if rec.typ == "CHAPTER" {
		rec.booktitle = oneLine(r.first("T2", "BT"))
		rec.venue = rec.booktitle
	} else {
		rec.venue = oneLine(r.first("JF", "T2", "JO", "JA", "J2"))
		if rec.title == "" && rec.typ == "BOOK" {
			rec.title = oneLine(r.first("BT"))
		}
	}
	pages := r.first("SP")
	if ep := r.first("EP"); ep != "" && pages != "" && !strings.ContainsAny(pages, "-–") {
		pages += "–" + ep
	}
	rec.pages = pages
	rec.pagination = pagination(rec.volume, rec.issue, pages)
	y, warn := recordYear(r.first("PY", "Y1", "DA"))
	rec.year = y
	if warn != "" {
		warns.Add(name, r.line, "%s: %s", rec.what(), warn)
	}
	rec.doi = r.first("DO")
	if rec.doi == "" && normDOI(r.first("UR")) != "" {
		rec.doi = r.first("UR")
	}
	if d := normDOI(rec.doi); d != "" {
		rec.url = "https://doi.org/" + d
	} else {
		rec.url = r.first("UR")
	}
	for _, tag := range []string{"AU", "A1"} {
		for _, v := range r.tags[tag] {
			// CNKI writes several authors to a line, with semicolons.
			for _, n := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' }) {
				n, more := stripEtAl(n)
				rec.etAl = rec.etAl || more
				if pn := risName(n); pn != (personName{}) {
					rec.authors = append(rec.authors, author{name: pn})
				}
			}
		}
	}
	for _, v := range r.tags["KW"] {
		rec.keywords = append(rec.keywords, splitKeywords(v)...)
	}
	return rec
}

// risName reads a RIS name: "Last, First", "Last, First, Suffix", or a
// name without a comma ("张三", "World Bank"), kept whole.
func risName(s string) personName {
	parts := strings.Split(strings.TrimSpace(s), ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch {
	case len(parts) == 1:
		if parts[0] == "" {
			return personName{}
		}
		return personName{Literal: parts[0]}
	case len(parts) == 2:
		return personName{Family: parts[0], Given: parts[1]}
	default:
		return personName{Family: parts[0], Given: parts[1], Suffix: strings.Join(parts[2:], " ")}
	}
}

// risType maps a RIS reference type to a publication type.
func risType(t string) string {
	switch t {
	case "BOOK", "EBOOK", "EDBOOK", "CLASSIC", "ANCIENT":
		return "BOOK"
	case "CHAP", "ECHAP":
		return "CHAPTER"
	}
	return "ARTICLE"
}

// oneLine joins the white space of a value into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
