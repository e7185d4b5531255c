package bib_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// Fuzz targets for every bibliography format. "make test" runs each for a
// few seconds ("go test -run=NONE -fuzz=FuzzBibTeX -fuzztime=10s ./loaders/bib");
// testdata/fuzz/FuzzXxx holds their seed corpora and any input that once
// failed. Plain "go test" runs the seeds as regression tests.

// bibSeeds adds each testdata/bib and testdata/bib/quirks file whose name
// ends with one of exts.
func bibSeeds(f *testing.F, exts ...string) {
	f.Helper()
	for _, dir := range []string{"testdata/bib", "testdata/bib/quirks"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			for _, ext := range exts {
				if strings.HasSuffix(e.Name(), ext) && !e.IsDir() {
					b, err := os.ReadFile(filepath.Join(dir, e.Name()))
					if err != nil {
						f.Fatal(err)
					}
					f.Add(b)
				}
			}
		}
	}
}

// corpusFacts is the valid corpus's facts (loaders/corpus's
// testdata/valid), that bibliographies resolve against.
func corpusFacts(f *testing.F) []graph.Fact {
	f.Helper()
	b := &graph.Batch{}
	if _, err := corpus.Load(os.DirFS("../corpus/testdata/valid"), "testdata/valid", b); err != nil {
		f.Fatal(err)
	}
	return b.Facts
}

// fuzzBibliography loads data as the bibliography file name, against a new
// catalog of the valid corpus each time: no panic, errors name the file,
// and a strict load that fails writes nothing.
func fuzzBibliography(f *testing.F, name string) {
	base := corpusFacts(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, strict := range []bool{false, true} {
			cat := bib.NewCatalog()
			cat.Add(base)
			b := &graph.Batch{}
			rep, err := bib.Load(name, bytes.NewReader(data), cat, b, bib.Options{Strict: strict})
			if err != nil {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("the error does not name %s: %v", name, err)
				}
				if strict && len(b.Facts) > 0 {
					t.Errorf("a failed strict load wrote %d facts", len(b.Facts))
				}
				continue
			}
			if rep == nil {
				t.Fatal("no report and no error")
			}
			added, merged, skipped := rep.Count("add", graph.KindPublication), rep.Count("merge", graph.KindPublication), rep.Count("skip", "")
			if added+merged+skipped != rep.Records {
				t.Errorf("%d records read, but %d added + %d merged + %d skipped", rep.Records, added, merged, skipped)
			}
			if !strings.Contains(rep.String(), name) {
				t.Errorf("the report does not name %s:\n%s", name, rep)
			}
		}
	})
}

// FuzzBibTeX fuzzes the BibTeX reader (and the LaTeX it reads) through
// Load.
func FuzzBibTeX(f *testing.F) {
	bibSeeds(f, ".bib")
	f.Add([]byte("@article{k, title = {Unclosed"))
	f.Add([]byte("@Article{x,\n  title = \"$x\n$\",\n  year = \"1995\",\n}\n"))
	f.Add([]byte(`@comment{@a{b} @string(s = "x" # {y}) @a{, title = {\"{\'\i}$\frac{1}{2}$\href{u}{t}}, crossref = c} @a{c, title = s}`))
	f.Add([]byte(`@string{j = "J"} @article{k, journal = j # " and " # j, year = 2020, author = {A and B}}`))
	fuzzBibliography(f, "fuzz.bib")
}

// FuzzCSLJSON fuzzes the CSL-JSON reader (a .json array of items).
func FuzzCSLJSON(f *testing.F) {
	bibSeeds(f, "library.json", "broken-items.json", "csl-dates.json", "csl-with-openalex-id.json", "single-object.json")
	f.Add([]byte(`[{"id": "x", "type": "article-journal", "title": "T", "issued": {"date-parts": [[2020]]}}]`))
	f.Add([]byte(`[{"issued": {"date-parts": [[]]}, "author": [{}]}]`))
	fuzzBibliography(f, "fuzz.json")
}

// FuzzOpenAlex fuzzes the OpenAlex reader (works as JSON lines).
func FuzzOpenAlex(f *testing.F) {
	bibSeeds(f, ".jsonl", "works.json", "openalex-not-works.json", "openalex-html.json")
	f.Add([]byte(`{"id": "https://openalex.org/W1", "abstract_inverted_index": {"IndexLength": 1, "InvertedIndex": {"x": [0]}}}`))
	f.Add([]byte(`{"id": "https://openalex.org/W1", "display_name": "T", "publication_year": 2020, "authorships": [{"author": {}}]}`))
	fuzzBibliography(f, "fuzz.jsonl")
}

// FuzzRIS fuzzes the RIS reader, and the sniffing of formats by content
// (the file's name tells nothing).
func FuzzRIS(f *testing.F) {
	bibSeeds(f, ".ris", ".txt")
	f.Add([]byte("TY  - JOUR\nAU  - A, B, Jr.;C\nTI  - T\n  more\nPY  - 2020///\nER  - \nER  - \nTY - BOOK\n"))
	fuzzBibliography(f, "fuzz.txt")
}
