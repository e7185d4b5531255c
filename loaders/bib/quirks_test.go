package bib

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/loaders"
)

// quirkRecord is what a parser read of one record, as the quirk tests
// compare it: only the fields that are set.
type quirkRecord struct {
	Key       string   `json:"key,omitempty"`
	Type      string   `json:"type"`
	RawType   string   `json:"rawType,omitempty"`
	Title     string   `json:"title"`
	Year      int      `json:"year,omitempty"`
	Authors   []string `json:"authors,omitempty"` // "Family | Given | Suffix", or "{Literal}"
	EtAl      bool     `json:"etAl,omitempty"`
	DOI       string   `json:"doi,omitempty"`
	URL       string   `json:"url,omitempty"`
	Venue     string   `json:"venue,omitempty"`
	Booktitle string   `json:"booktitle,omitempty"`
	Chapter   string   `json:"chapter,omitempty"`
	Volume    string   `json:"volume,omitempty"`
	Issue     string   `json:"issue,omitempty"`
	Pages     string   `json:"pagination,omitempty"`
	Publisher string   `json:"publisher,omitempty"`
	Abstract  string   `json:"abstract,omitempty"`
	Keywords  []string `json:"keywords,omitempty"`
}

// quirkResult is what reading a fixture gave: its format, records,
// records skipped and warnings, each as "file:line: message".
type quirkResult struct {
	Format   []string      `json:"format"`
	Records  []quirkRecord `json:"records"`
	Skipped  []string      `json:"skipped,omitempty"`
	Warnings []string      `json:"warnings,omitempty"`
}

func quirkName(n personName) string {
	if n.Literal != "" {
		return "{" + n.Literal + "}"
	}
	s := n.Family + " | " + n.Given
	if n.Suffix != "" {
		s += " | " + n.Suffix
	}
	return s
}

// readQuirks reads fixture files of testdata/bib/quirks in order, through
// one catalog, as one load would.
func readQuirks(t *testing.T, files ...string) quirkResult {
	t.Helper()
	cat := NewCatalog()
	var res quirkResult
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("testdata/bib/quirks", f))
		if err != nil {
			t.Fatal(err)
		}
		skips, warns := &loaders.Problems{}, &loaders.Problems{}
		format, recs, err := readBibliography(f, data, cat, skips, warns)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		res.Format = append(res.Format, format)
		for _, r := range recs {
			if msg := r.check(); msg != "" {
				skips.Add(r.file, r.line, "%s: %s", r.what(), msg)
				continue
			}
			q := quirkRecord{Key: r.key, Type: r.typ, RawType: r.rawType, Title: r.title, Year: r.year, EtAl: r.etAl,
				DOI: r.doi, URL: r.url, Venue: r.venue, Booktitle: r.booktitle, Chapter: r.chapter, Volume: r.volume,
				Issue: r.issue, Pages: r.pagination, Publisher: r.publisher, Abstract: r.abstract, Keywords: r.keywords}
			for _, a := range r.authors {
				q.Authors = append(q.Authors, quirkName(a.name))
			}
			res.Records = append(res.Records, q)
		}
		for _, l := range []struct {
			ps  *loaders.Problems
			out *[]string
		}{{skips, &res.Skipped}, {warns, &res.Warnings}} {
			if err := l.ps.Err(); err != nil {
				for _, e := range joined(err) {
					*l.out = append(*l.out, strings.TrimPrefix(e.Error(), "loaders: "))
				}
			}
		}
	}
	return res
}

var updateQuirks = flag.Bool("update-quirks", false, "rewrite testdata/bib/quirks/*.want.json from what the parsers read (review the diff!)")

// TestParsingQuirks reads each fixture of testdata/bib/quirks, one quirk
// of real libraries each, and compares what the parsers read (records,
// skips with their reasons, warnings) with its .want.json, exactly.
func TestParsingQuirks(t *testing.T) {
	t.Parallel()
	cases := [][]string{
		{"math-line-break.bib"},
		{"concatenation.bib"},
		{"predefined-macros.bib"},
		{"definitions.bib", "uses-definitions.bib"}, // macros shared across the files of one load
		{"undefined-macro.bib"},
		{"years.bib"},
		{"jabref-markedentry.bib"},
		{"keys.bib"},
		{"lone-dollar.bib"},
		{"comments-between.bib"},
		{"two-on-a-line.bib"},
		{"crossref.bib"},
		{"repeated-field.bib"},
		{"latex-titles.bib"},
		{"names.bib"},
		{"broken-entries.bib"},
		{"parentheses.bib"},
		{"bibtex-saved-as.txt"},
		{"openalex-lines-saved-as.json"},
		{"csl-with-openalex-id.json"},
		{"openalex-not-works.json"},
		{"openalex-abstract-2021.jsonl"},
		{"openalex-html.json"},
		{"csl-dates.json"},
		{"single-object.json"},
		{"web-of-science.ris"},
		{"scopus.ris"},
		{"endnote.ris"},
		{"cnki.ris"},
		{"ris-saved-as.txt"},
	}
	seen := map[string]bool{}
	for _, files := range cases {
		last := files[len(files)-1]
		for _, f := range files {
			seen[f] = true
		}
		t.Run(last, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(readQuirks(t, files...)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			wantFile := filepath.Join("testdata/bib/quirks", last+".want.json")
			if *updateQuirks {
				if err := os.WriteFile(wantFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
				t.Errorf("%s read as\n%s\nwant (%s)\n%s", strings.Join(files, " + "), got, wantFile, want)
			}
		})
	}
	// Every fixture has its case.
	entries, err := os.ReadDir("testdata/bib/quirks")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".want.json") && !seen[e.Name()] {
			t.Errorf("fixture %s has no case", e.Name())
		}
	}
}
