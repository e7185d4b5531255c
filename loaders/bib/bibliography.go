// Package bib reads bibliographies (BibTeX, CSL-JSON, OpenAlex and RIS)
// and resolves their works, people, venues, organisations and keywords
// against a Catalog of what is already loaded, writing what is new as
// facts, each with the file and line of its record as evidence.
package bib

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// Options control Load.
type Options struct {
	Strict bool // a broken record fails the whole file, and nothing is written
	DryRun bool // resolve and report, but write nothing
}

// Action is one thing a bibliography load did, or would do: a node added,
// a record merged into a node already loaded, a broken record skipped, or
// a note on a part of a record that was left out (an "Anonymous" author).
type Action struct {
	Verb   string // "add", "merge", "skip" or "note"
	ID     string // the node added or merged into; "" for a skipped record
	File   string
	Line   int
	Record string // the record as messages name it: entry "liu2022"
	Reason string // what was added, why it merged, or what is broken
}

// Report tells what Load did with one file.
type Report struct {
	File     string
	Format   string // "bibtex", "ris", "csl-json", "openalex" (or "csl-json+openalex"), "json" when no record tells
	Records  int    // records read, broken ones included
	Actions  []Action
	Warnings []error // the records skipped, and what was wrong in those loaded, as "loaders: FILE:LINE: entry "key": what"
	Facts    int     // facts written (or, on a dry run, that would be)
	Mentions int     // mentions extracted from titles and abstracts
	Cites    int     // cites edges between loaded works
}

func (r *Report) act(verb, id string, rec *workRecord, reason string) {
	r.Actions = append(r.Actions, Action{Verb: verb, ID: id, File: rec.file, Line: rec.line, Record: rec.what(), Reason: reason})
}

// Count returns how many actions of a verb touched nodes of a kind;
// kind "" counts every kind (and skipped records).
func (r *Report) Count(verb string, kind graph.Kind) int {
	n := 0
	for _, a := range r.Actions {
		if a.Verb == verb && (kind == "" || graph.KindOf(a.ID) == kind) {
			n++
		}
	}
	return n
}

// String prints a summary line and one line per action.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d records: %d works added, %d merged, %d skipped; %d people added, %d merged; %d concepts, %d venues, %d organizations added; %d mentions, %d cites, %d facts\n",
		r.File, r.Format, r.Records, r.Count("add", graph.KindPublication), r.Count("merge", graph.KindPublication),
		r.Count("skip", ""), r.Count("add", graph.KindPerson), r.Count("merge", graph.KindPerson),
		r.Count("add", graph.KindConcept), r.Count("add", graph.KindVenue), r.Count("add", graph.KindOrganization),
		r.Mentions, r.Cites, r.Facts)
	for _, a := range r.Actions {
		fmt.Fprintf(&b, "  %-5s %-45s %s:%d", a.Verb, a.ID, a.File, a.Line)
		for _, s := range []string{a.Record, a.Reason} {
			if s != "" {
				b.WriteString(" " + s)
				if s == a.Record && a.Reason != "" {
					b.WriteByte(':')
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Load reads one bibliography and writes its works to w,
// resolved against cat. The format is told by the content, whatever the
// file's extension: BibTeX, RIS, or JSON (an array, one object, an OpenAlex
// API page or JSON Lines) of CSL-JSON items or OpenAlex works; only when
// the content tells nothing (an empty file) does the extension (.bib,
// .ris, .json, .jsonl) decide. name is the file as messages show it; the
// facts' evidence records only its base name and the SHA-256 of its
// content, never a path of the loading machine. Every record read is added, merged, or skipped with a reason;
// a record that loads with something wrong or unknown (an undefined
// macro, no year) loads with a warning. A skipped record is reported, and
// the others load; with opts.Strict a skipped record fails the load and
// nothing is written. With opts.DryRun nothing is written either way, but
// the catalog learns the records, so that a later file resolves against
// them as it would in a real load. BibTeX macros and entries (for
// crossref) carry over, through cat, to the files loaded after. The error
// names the file and, for a skipped record, its line and key.
func Load(name string, r io.Reader, cat *Catalog, w graph.Writer, opts Options) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("loaders: %s: %w", name, err)
	}
	rep := &Report{File: name}
	var recs []*workRecord
	skips, warns := &loaders.Problems{}, &loaders.Problems{}
	rep.Format, recs, err = readBibliography(name, data, cat, skips, warns)
	if err != nil {
		return rep, err
	}
	unread := len(skips.List) // problems so far are records that could not be read
	var good []*workRecord
	for _, rec := range recs {
		if msg := rec.check(); msg != "" {
			skips.Add(rec.file, rec.line, "%s: %s", rec.what(), msg)
			continue
		}
		good = append(good, rec)
	}
	rep.Records = len(recs) + unread
	for _, p := range skips.List {
		rep.Actions = append(rep.Actions, Action{Verb: "skip", File: p.File, Line: p.Line, Reason: p.Msg})
	}
	failed := skips.Err()
	all := &loaders.Problems{List: append(append([]loaders.Problem{}, skips.List...), warns.List...)}
	if err := all.Err(); err != nil {
		rep.Warnings = joined(err)
	}
	if failed != nil && opts.Strict {
		return rep, failed
	}
	if opts.DryRun {
		w = &graph.Batch{}
	}
	w = fileEvidence(w, name, data)
	res := &resolver{Emitter: loaders.NewEmitter(w), cat: cat, rep: rep}
	for _, rec := range good {
		res.work(rec)
	}
	rep.Facts = res.Facts()
	return rep, res.Err()
}

// importedFile is a graph.Writer that records, in the evidence of every
// fact read from an imported file, the file's base name and its SHA-256
// instead of the path it was loaded from: a public server must not show
// the loading machine's paths, and the hash names the file exactly.
type importedFile struct {
	w          graph.Writer
	path, base string
	sha256     string
}

// fileEvidence wraps w so that the evidence of facts read from file, with
// content data, names the file by its base name and hash.
func fileEvidence(w graph.Writer, file string, data []byte) graph.Writer {
	sum := sha256.Sum256(data)
	return &importedFile{w: w, path: file, base: path.Base(filepath.ToSlash(file)), sha256: hex.EncodeToString(sum[:])}
}

func (f *importedFile) Write(fact graph.Fact) error {
	if fact.Evidence.File == f.path {
		fact.Evidence.File, fact.Evidence.SHA256 = f.base, f.sha256
	}
	return f.w.Write(fact)
}

// readBibliography reads the records of one bibliography in the format its
// content (or, failing that, its name) tells, and returns the format.
func readBibliography(name string, data []byte, cat *Catalog, skips, warns *loaders.Problems) (string, []*workRecord, error) {
	format := sniffFormat(data)
	if format == "" {
		switch ext := strings.ToLower(path.Ext(name)); ext {
		case ".bib", ".bibtex":
			format = "bibtex"
		case ".ris":
			format = "ris"
		case ".json", ".jsonl", ".ndjson":
			format = "json"
		default:
			return "", nil, fmt.Errorf("loaders: %s: unknown bibliography format: the content is not BibTeX (@type{key, ...}), RIS (TY  - ...), CSL-JSON or OpenAlex JSON", name)
		}
	}
	switch format {
	case "bibtex":
		return format, readBibTeX(name, data, cat.bibTeX(), skips, warns), nil
	case "ris":
		return format, readRIS(name, data, skips, warns), nil
	}
	return readJSONBibliography(name, data, skips, warns)
}

// sniffFormat tells a bibliography's format from its content: "json" when
// it is JSON (or JSON Lines), "ris" when a "TY  - " line comes before any
// BibTeX entry, "bibtex" when an "@type{" does, "json" again when it
// starts with [ or { but is neither (to report the JSON syntax error), and
// "" when nothing tells.
func sniffFormat(data []byte) (format string) {
	s := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	if len(s) > 0 && (s[0] == '[' || s[0] == '{') {
		if json.Valid(s) || jsonLines(s) {
			return "json"
		}
		defer func() { // broken JSON, unless it is a BibTeX or RIS file after all
			if format == "" {
				format = "json"
			}
		}()
	}
	for len(s) > 0 {
		line := s
		if i := bytes.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = nil
		}
		if tag, _, ok := risLine(string(line)); ok && tag == "TY" {
			return "ris"
		}
		if bibEntryStart.Match(line) {
			return "bibtex"
		}
	}
	return ""
}

// bibEntryStart matches a line with the start of a BibTeX entry.
var bibEntryStart = regexp.MustCompile(`@[A-Za-z]{1,32}\s*[{(]`)

// joined splits an errors.Join error into its errors.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// readJSONBibliography reads CSL-JSON items or OpenAlex works (see
// splitJSON for the shapes). Each record's format is told by its content
// (jsonFormat); a record that is neither, or an OpenAlex object that is not
// a work, is skipped with the reason. The format returned is the records'
// ("csl-json", "openalex"), or both joined by "+".
func readJSONBibliography(name string, data []byte, skips, warns *loaders.Problems) (string, []*workRecord, error) {
	raws, err := splitJSON(name, data, skips)
	if err != nil {
		return "json", nil, err
	}
	var formats []string
	var recs []*workRecord
	for _, r := range raws {
		var rec *workRecord
		format, problem := jsonFormat(r.data)
		switch format {
		case "openalex":
			rec = readOpenAlexWork(name, r, skips, warns)
		case "csl-json":
			rec = readCSLItem(name, r, skips, warns)
		default:
			skips.Add(name, r.line, "%s", problem)
			continue
		}
		if !slices.Contains(formats, format) {
			formats = append(formats, format)
		}
		if rec != nil {
			recs = append(recs, rec)
		}
	}
	if len(formats) == 0 {
		return "json", recs, nil
	}
	return strings.Join(formats, "+"), recs, nil
}

// jsonFormat tells what a JSON record is: "openalex" for an OpenAlex work,
// "csl-json" for a CSL item, or "" with the reason it is neither. A record
// with OpenAlex's own fields (authorships, publication_year,
// display_name...) and none of CSL's (issued, container-title, author) is
// OpenAlex, whatever its id; a CSL item whose id is an openalex.org
// address is CSL. An OpenAlex object that is not a work (an author, an
// institution, a keyword...) is refused.
func jsonFormat(data []byte) (string, string) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		what := "a JSON " + map[byte]string{'[': "array", '"': "string", 'n': "null", 't': "boolean", 'f': "boolean"}[firstByte(data)]
		if what == "a JSON " {
			what = "a JSON number"
		}
		return "", fmt.Sprintf("record %q: %s, not an object: not a work", shorten(string(data), 40), what)
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := fields[k]; ok {
				return true
			}
		}
		return false
	}
	csl := has("issued", "container-title", "author", "editor", "citation-key", "DOI", "URL", "page", "accessed", "publisher-place")
	alex := has("authorships", "publication_year", "display_name", "abstract_inverted_index", "primary_location",
		"host_venue", "works_count", "cited_by_count", "counts_by_year", "ids", "orcid", "ror", "summary_stats")
	var id string
	_ = json.Unmarshal(fields["id"], &id)
	if csl && !alex || !csl && !alex && !strings.Contains(id, "openalex.org/") {
		return "csl-json", ""
	}
	kind := alexKind(id)
	if kind != "work" {
		return "", fmt.Sprintf("OpenAlex %s %q is not a work: load works (the /works API or the works snapshot), not %ss", kind, shortAlex(id), kind)
	}
	return "openalex", ""
}

// alexKind names the kind of OpenAlex object an id is: "work" for
// https://openalex.org/W123 (and for a record without an id).
func alexKind(id string) string {
	s := shortAlex(strings.TrimSpace(id))
	if s == "" {
		return "work"
	}
	if strings.HasPrefix(s, "keywords/") {
		return "keyword"
	}
	kinds := map[byte]string{'W': "work", 'A': "author", 'I': "institution", 'S': "source", 'V': "venue",
		'C': "concept", 'T': "topic", 'P': "publisher", 'F': "funder"}
	if k, ok := kinds[s[0]&^0x20]; ok {
		return k
	}
	return "object"
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// rawRecord is one JSON record and the line where it starts.
type rawRecord struct {
	data json.RawMessage
	line int
}

// splitJSON splits a JSON bibliography into records with their lines:
// an array of records, an object with an array of "results" (an OpenAlex
// API page), one record, or JSON Lines (one record a line, whatever the
// file's extension). A syntax error in JSON Lines spoils one line (skipped
// with the reason); in a JSON document, the whole file.
func splitJSON(name string, data []byte, skips *loaders.Problems) ([]rawRecord, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !json.Valid(data) && jsonLines(data) {
		var out []rawRecord
		for i, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSpace(l)
			if len(l) == 0 {
				continue
			}
			if !json.Valid(l) {
				var v any
				err := json.Unmarshal(l, &v)
				skips.Add(name, i+1, "record %q: JSON syntax: %v", shortAlex(jsonKeyPrefix(l)), err)
				continue
			}
			out = append(out, rawRecord{data: l, line: i + 1})
		}
		return out, nil
	}
	j := &jsonSplitter{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	tok, err := j.dec.Token()
	if err != nil {
		return nil, j.syntax(err)
	}
	switch tok {
	case json.Delim('['):
		return j.array()
	case json.Delim('{'):
		open := j.dec.InputOffset() - 1
		for j.dec.More() {
			key, err := j.dec.Token()
			if err != nil {
				return nil, j.syntax(err)
			}
			if key == "results" {
				if tok, err := j.dec.Token(); err != nil || tok != json.Delim('[') {
					return nil, fmt.Errorf("loaders: %s: \"results\" is not an array of works", name)
				}
				return j.array()
			}
			var skip json.RawMessage
			if err := j.dec.Decode(&skip); err != nil {
				return nil, j.syntax(err)
			}
		}
		if _, err := j.dec.Token(); err != nil {
			return nil, j.syntax(err)
		}
		return []rawRecord{{data: bytes.TrimSpace(data[open:j.dec.InputOffset()]), line: j.lineAt(open)}}, nil
	}
	return nil, fmt.Errorf("loaders: %s:1: want a JSON array or object of works", name)
}

// jsonSplitter reads the records of a JSON document, with their lines.
type jsonSplitter struct {
	name string
	data []byte
	dec  *json.Decoder
	off  int64 // the offset whose line is known, so that counting lines stays linear
	line int
}

// lineAt returns the line of an offset, counting on from the last one
// asked for when it is not before it.
func (j *jsonSplitter) lineAt(off int64) int {
	if off < j.off || j.line == 0 {
		j.off, j.line = 0, 1
	}
	j.line += bytes.Count(j.data[j.off:off], []byte("\n"))
	j.off = off
	return j.line
}

func (j *jsonSplitter) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("loaders: %s:%d: JSON syntax: %v", j.name, j.lineAt(se.Offset), err)
	}
	return fmt.Errorf("loaders: %s:%d: JSON: %v", j.name, j.lineAt(j.dec.InputOffset()), err)
}

// array reads the elements of an array whose '[' has been read, each
// with the line of its first character.
func (j *jsonSplitter) array() ([]rawRecord, error) {
	var out []rawRecord
	for j.dec.More() {
		off := j.dec.InputOffset()
		for off < int64(len(j.data)) && strings.ContainsRune(" \t\r\n,", rune(j.data[off])) {
			off++
		}
		var raw json.RawMessage
		if err := j.dec.Decode(&raw); err != nil {
			return nil, j.syntax(err)
		}
		out = append(out, rawRecord{data: raw, line: j.lineAt(off)})
	}
	if _, err := j.dec.Token(); err != nil {
		return nil, j.syntax(err)
	}
	return out, nil
}

// jsonLines reports whether data, not one JSON value, is JSON Lines: its
// first line is a JSON value of its own, or each line starts an object.
func jsonLines(data []byte) bool {
	lines := bytes.Split(data, []byte("\n"))
	for _, l := range lines {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			if json.Valid(l) {
				return true
			}
			break
		}
	}
	for _, l := range lines {
		if l = bytes.TrimSpace(l); len(l) > 0 && l[0] != '{' {
			return false
		}
	}
	return true
}

// jsonKeyPrefix finds the "id" of a record that is not valid JSON, for
// messages, or "?".
func jsonKeyPrefix(data []byte) string {
	_, rest, ok := bytes.Cut(data, []byte(`"id"`))
	if !ok {
		return "?"
	}
	rest = bytes.TrimLeft(rest, " \t:")
	if len(rest) == 0 || rest[0] != '"' {
		return "?"
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return "?"
	}
	return string(rest[1 : end+1])
}
