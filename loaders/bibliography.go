package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// BibOptions control LoadBibliography.
type BibOptions struct {
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

// BibReport tells what LoadBibliography did with one file.
type BibReport struct {
	File     string
	Format   string // "bibtex", "csl-json" or "openalex"
	Records  int    // records read, broken ones included
	Actions  []Action
	Warnings []error // the broken records, as "loaders: FILE:LINE: entry "key": what"
	Facts    int     // facts written (or, on a dry run, that would be)
	Mentions int     // mentions extracted from titles and abstracts
	Cites    int     // cites edges between loaded works
}

func (r *BibReport) act(verb, id string, rec *workRecord, reason string) {
	r.Actions = append(r.Actions, Action{Verb: verb, ID: id, File: rec.file, Line: rec.line, Record: rec.what(), Reason: reason})
}

// Count returns how many actions of a verb touched nodes of a kind;
// kind "" counts every kind (and skipped records).
func (r *BibReport) Count(verb string, kind graph.Kind) int {
	n := 0
	for _, a := range r.Actions {
		if a.Verb == verb && (kind == "" || graph.KindOf(a.ID) == kind) {
			n++
		}
	}
	return n
}

// String prints a summary line and one line per action.
func (r *BibReport) String() string {
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

// LoadBibliography reads one bibliography and writes its works to w,
// resolved against cat: BibTeX (.bib), or CSL-JSON or OpenAlex works
// (.json, .jsonl; the content tells which). name is the file as messages
// and evidence show it. A broken record is skipped with a warning in the
// report, and the others load; with opts.Strict it fails the load and
// nothing is written. With opts.DryRun nothing is written either way, but
// the catalog learns the records, so that a later file resolves against
// them as it would in a real load. The error names the file and, for a
// broken record, its line and key.
func LoadBibliography(name string, r io.Reader, cat *Catalog, w graph.Writer, opts BibOptions) (*BibReport, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("loaders: %s: %w", name, err)
	}
	rep := &BibReport{File: name}
	ps := &problems{}
	var recs []*workRecord
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".bib", ".bibtex":
		rep.Format = "bibtex"
		recs = readBibTeX(name, data, ps)
	case ".json", ".jsonl", ".ndjson":
		rep.Format, recs, err = readJSONBibliography(name, data, ext != ".json", ps)
		if err != nil {
			return rep, err
		}
	default:
		return rep, fmt.Errorf("loaders: %s: unknown bibliography format %q (want .bib, .json or .jsonl)", name, ext)
	}
	unread := len(ps.list) // problems so far are records that could not be read
	var good []*workRecord
	for _, rec := range recs {
		if msg := rec.check(); msg != "" {
			ps.add(rec.file, rec.line, "%s: %s", rec.what(), msg)
			continue
		}
		good = append(good, rec)
	}
	rep.Records = len(recs) + unread
	for _, p := range ps.list {
		rep.Actions = append(rep.Actions, Action{Verb: "skip", File: p.file, Line: p.line, Reason: p.msg})
	}
	if err := ps.err(); err != nil {
		rep.Warnings = joined(err)
		if opts.Strict {
			return rep, err
		}
	}
	if opts.DryRun {
		w = &graph.Batch{}
	}
	res := &resolver{emitter: &emitter{w: w}, cat: cat, rep: rep}
	for _, rec := range good {
		res.work(rec)
	}
	rep.Facts = res.facts
	return rep, res.err
}

// joined splits an errors.Join error into its errors.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// readJSONBibliography reads CSL-JSON or OpenAlex works: a JSON array, an
// object (one work, or an OpenAlex API page with "results"), or JSON
// Lines. It tells the format by the content: OpenAlex works have an
// openalex.org id or authorships.
func readJSONBibliography(name string, data []byte, lines bool, ps *problems) (string, []*workRecord, error) {
	raws, err := splitJSON(name, data, lines, ps)
	if err != nil {
		return "", nil, err
	}
	format := "csl-json"
	for _, r := range raws {
		if isOpenAlex(r.data) {
			format = "openalex"
			break
		}
	}
	var recs []*workRecord
	for _, r := range raws {
		var rec *workRecord
		if format == "openalex" {
			rec = readOpenAlexWork(name, r, ps)
		} else {
			rec = readCSLItem(name, r, ps)
		}
		if rec != nil {
			recs = append(recs, rec)
		}
	}
	return format, recs, nil
}

// rawRecord is one JSON record and the line where it starts.
type rawRecord struct {
	data json.RawMessage
	line int
}

// splitJSON splits a JSON bibliography into records with their lines: an
// array of records, an object with an array of "results" (an OpenAlex API
// page), one record, or JSON Lines. A syntax error in JSON Lines spoils one
// line; in a JSON document, the whole file.
func splitJSON(name string, data []byte, lines bool, ps *problems) ([]rawRecord, error) {
	if lines {
		var out []rawRecord
		for i, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSpace(l)
			if len(l) == 0 {
				continue
			}
			var v any
			if err := json.Unmarshal(l, &v); err != nil {
				ps.add(name, i+1, "record %q: JSON syntax: %v", shortAlex(jsonKeyPrefix(l)), err)
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
}

func (j *jsonSplitter) lineAt(off int64) int { return 1 + bytes.Count(j.data[:off], []byte("\n")) }

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

// isOpenAlex reports whether a JSON record is an OpenAlex work.
func isOpenAlex(data []byte) bool {
	var probe struct {
		ID          string          `json:"id"`
		Authorships json.RawMessage `json:"authorships"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return false
	}
	return strings.Contains(probe.ID, "openalex.org/") || len(probe.Authorships) > 0
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
