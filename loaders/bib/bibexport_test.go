package bib_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// workShape is what a round trip keeps of a work: its key (DOI, else
// normalised title and year), its DOI, and its authors' names in order.
type workShape struct {
	doi     string
	authors []string
}

// workShapes returns the shape of every publication with a known title, by key.
func workShapes(st *graph.View) map[string]workShape {
	out := map[string]workShape{}
	for _, n := range st.List(graph.KindPublication) {
		p, _ := st.Publication(n.ID)
		if !p.TitleKnown {
			continue
		}
		key := "doi:" + strings.ToLower(p.DOI)
		if p.DOI == "" {
			key = fmt.Sprintf("title:%s|%d", normTitle(p.Title), p.Year)
		}
		var names []string
		for _, a := range p.Authors {
			m, _ := st.Node(a)
			names = append(names, m.Str(graph.Name))
		}
		out[key] = workShape{doi: p.DOI, authors: names}
	}
	return out
}

// normTitle lower-cases a title and keeps its letters and digits.
func normTitle(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// loadFiles loads the corpus (or not) and bibliography files into a memory store.
func loadFiles(t *testing.T, withCorpus bool, files map[string][]byte, order ...string) *graph.View {
	t.Helper()
	batch := &graph.Batch{}
	if withCorpus {
		if _, err := corpus.Load(data.FS, "data", batch); err != nil {
			t.Fatal(err)
		}
	}
	cat := bib.NewCatalog()
	cat.Add(batch.Facts)
	for _, name := range order {
		rep, err := bib.Load(name, bytes.NewReader(files[name]), cat, batch, bib.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ws := unexpectedWarnings(rep.Warnings); len(ws) > 0 {
			t.Fatalf("%s: %q", name, ws)
		}
	}
	batch.Facts = append(batch.Facts, cat.UnresolvedReferences()...) // as load does
	store, st, err := graph.Load(context.Background(), graph.Config{}, batch.Facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return st
}

// The bibliography exports round-trip: the works of a graph, exported and
// loaded into an empty store, are the same works (by DOI, else title and
// year), with the same DOIs and the same author names in the same order.
func TestBibliographyRoundTrip(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{}
	for _, f := range []string{"bib/library.bib", "resolve/roundtrip.bib", "resolve/initials.bib", "resolve/name-order.bib"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(f)] = b
	}
	src := loadFiles(t, true, files, "library.bib", "roundtrip.bib", "initials.bib", "name-order.bib")
	want := workShapes(src)
	if len(want) < 15 {
		t.Fatalf("only %d works to export", len(want))
	}
	for _, tc := range []struct{ format, file string }{
		{"bibtex", "out.bib"}, {"csl-json", "out.json"}, {"ris", "out.ris"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			rep, err := src.ExportBibliography(context.Background(), tc.format, graph.BibFilter{}, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Works != len(want) || len(rep.LeftOut) != 2 {
				t.Errorf("wrote %d works and left out %q; want %d and the 2 seed works without a title", rep.Works, rep.LeftOut, len(want))
			}
			got := workShapes(loadFiles(t, false, map[string][]byte{tc.file: buf.Bytes()}, tc.file))
			if !reflect.DeepEqual(got, want) {
				for k, w := range want {
					if g, ok := got[k]; !ok || !reflect.DeepEqual(g, w) {
						t.Errorf("%s: got %+v, want %+v", k, g, w)
					}
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("%s: not in the source graph", k)
					}
				}
			}
		})
	}
}

// A filtered export writes the publications of one concept or one person.
func TestBibliographyFilter(t *testing.T) {
	t.Parallel()
	st := loadFiles(t, true, nil)
	for _, tc := range []struct {
		filter graph.BibFilter
		keys   []string
		err    string
	}{
		{graph.BibFilter{Author: "person/akos-rona-tas"}, []string{"2025-trusting-by-numbers"}, ""},
		{graph.BibFilter{Concept: "concept/blacklist"}, []string{"2019-multiple-social-credit-systems-in-china", "2023-black-or-fifty-shades-of-grey"}, ""},
		{graph.BibFilter{Author: "person/nobody"}, nil, `graph: "person/nobody": not found`},
		{graph.BibFilter{Author: "concept/blacklist"}, nil, `graph: "concept/blacklist" is a concept, not a person`},
	} {
		var buf bytes.Buffer
		_, err := st.ExportBibliography(context.Background(), "bibtex", tc.filter, &buf)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%+v: error %v, want %q", tc.filter, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, l := range strings.Split(buf.String(), "\n") {
			if strings.HasPrefix(l, "@") {
				keys = append(keys, strings.TrimSuffix(l[strings.IndexByte(l, '{')+1:], ","))
			}
		}
		if !reflect.DeepEqual(keys, tc.keys) {
			t.Errorf("%+v: entries %q, want %q", tc.filter, keys, tc.keys)
		}
	}
}

// Works cited but not loaded stay in the graph as the addresses of the
// cited works (ReferencesWork), so that bibliographic coupling counts them;
// a cited work that the load holds becomes a cites link instead.
func TestUnresolvedReferences(t *testing.T) {
	t.Parallel()
	works := `[
 {"id": "https://openalex.org/W1", "title": "Credit Registers in Zhejiang", "publication_year": 2020,
  "referenced_works": ["https://openalex.org/W9", "https://openalex.org/W3"]},
 {"id": "https://openalex.org/W2", "title": "Blacklists and Courts", "publication_year": 2021,
  "referenced_works": ["https://openalex.org/W9", "https://openalex.org/W8", "https://openalex.org/W3"]},
 {"id": "https://openalex.org/W3", "title": "Scores and Trust", "publication_year": 2019, "referenced_works": []}
]`
	st := loadFiles(t, false, map[string][]byte{"works.json": []byte(works)}, "works.json")
	pubs := map[string]string{}
	for _, n := range st.List(graph.KindPublication) {
		pubs[n.Label] = n.ID
	}
	w1, w2, w3 := pubs["Credit Registers in Zhejiang"], pubs["Blacklists and Courts"], pubs["Scores and Trust"]
	if w1 == "" || w2 == "" || w3 == "" {
		t.Fatalf("publications: %v", pubs)
	}
	rel, err := st.Related(context.Background(), w1, graph.RelatedByCoupling)
	if err != nil {
		t.Fatal(err)
	}
	want := []graph.Cooccurrence{{ID: w2, Weight: 2, Via: []string{"https://openalex.org/W9", w3}, Score: 2}}
	if !reflect.DeepEqual(rel, want) {
		t.Errorf("coupling of %s:\n got %+v\nwant %+v", w1, rel, want)
	}
	if got := st.OutKind(w1, graph.Cites, graph.KindPublication); !reflect.DeepEqual(got, []string{w3}) {
		t.Errorf("%s cites %v; want the loaded %s", w1, got, w3)
	}
}
