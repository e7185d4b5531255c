package loaders_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// Fuzz targets for every loader. "make test" runs each for a few seconds
// ("go test -run=NONE -fuzz=FuzzCorpusFile -fuzztime=10s ./loaders");
// testdata/fuzz/FuzzXxx holds their seed corpora and any input that once
// failed. Plain "go test" runs the seeds as regression tests.

// validCorpus reads testdata/valid into a map of file name to content.
func validCorpus(f *testing.F) (map[string][]byte, []string) {
	f.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS("testdata/valid"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("testdata/valid", p))
		files[p] = b
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return files, names
}

// FuzzCorpusFile replaces one file of a valid corpus with the fuzzer's
// content and loads it through LoadCorpus: it must return facts or an
// error that names the package, never panic, and never write anything
// when it fails.
func FuzzCorpusFile(f *testing.F) {
	files, names := validCorpus(f)
	for i, n := range names {
		f.Add(uint8(i), files[n])
	}
	f.Add(uint8(0), []byte("- id: concept/x\n  label: [unclosed\n"))
	f.Add(uint8(1), []byte("- &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		target := names[int(which)%len(names)]
		fsys := fstest.MapFS{}
		for n, b := range files {
			fsys[n] = &fstest.MapFile{Data: b}
		}
		fsys[target] = &fstest.MapFile{Data: content}
		b := &graph.Batch{}
		_, err := loaders.LoadCorpus(fsys, "data", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "loaders: ") {
				t.Errorf("error without the package's name: %v", err)
			}
			if len(b.Facts) > 0 {
				t.Errorf("a failed load wrote %d facts", len(b.Facts))
			}
		}
	})
}

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

// corpusFacts is the valid corpus's facts, that bibliographies resolve
// against.
func corpusFacts(f *testing.F) []graph.Fact {
	f.Helper()
	b := &graph.Batch{}
	if _, err := loaders.LoadCorpus(os.DirFS("testdata/valid"), "testdata/valid", b); err != nil {
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
			cat := loaders.NewCatalog()
			cat.Add(base)
			b := &graph.Batch{}
			rep, err := loaders.LoadBibliography(name, bytes.NewReader(data), cat, b, loaders.BibOptions{Strict: strict})
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
// LoadBibliography.
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
