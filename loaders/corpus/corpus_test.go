package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// loadEmbedded loads the embedded corpus into a batch.
func loadEmbedded(t *testing.T) (corpus.Summary, *graph.Batch) {
	t.Helper()
	b := &graph.Batch{}
	s, err := corpus.Load(data.FS, "data", b)
	if err != nil {
		t.Fatalf("LoadCorpus(data.FS): %v", err)
	}
	return s, b
}

// objects returns the objects of the facts subject -pred-> ?, in order.
func objects(b *graph.Batch, subject string, pred graph.Predicate) []any {
	var out []any
	for _, f := range b.Facts {
		if f.Subject == subject && f.Pred == pred {
			out = append(out, f.Object)
		}
	}
	return out
}

// find returns the facts subject -pred-> object.
func find(b *graph.Batch, subject string, pred graph.Predicate, object any) []graph.Fact {
	var out []graph.Fact
	for _, f := range b.Facts {
		if f.Subject == subject && f.Pred == pred && f.Object == object {
			out = append(out, f)
		}
	}
	return out
}

func TestLoadEmbeddedCorpusCounts(t *testing.T) {
	t.Parallel()
	s, b := loadEmbedded(t)
	for _, tc := range []struct {
		kind graph.Kind
		want int
	}{
		{graph.KindPublication, 7},
		{graph.KindQuestion, 4},
		{graph.KindPerson, 6},
		{graph.KindActor, 14},
		{graph.KindVenue, 5},
		{graph.KindPlace, 3},
		{graph.KindSource, 14},
	} {
		if got := s.Entities[tc.kind]; got != tc.want {
			t.Errorf("Entities[%s] = %d, want %d", tc.kind, got, tc.want)
		}
	}
	for _, kind := range []graph.Kind{graph.KindConcept, graph.KindMethod, graph.KindFinding, graph.KindClaim} {
		if s.Entities[kind] == 0 {
			t.Errorf("Entities[%s] = 0", kind)
		}
	}
	if s.Facts != len(b.Facts) {
		t.Errorf("Summary.Facts = %d, but the batch holds %d", s.Facts, len(b.Facts))
	}
	if s.Mentions == 0 {
		t.Error("Summary.Mentions = 0")
	}
}

func TestLoadEmbeddedCorpusEvidence(t *testing.T) {
	t.Parallel()
	_, b := loadEmbedded(t)
	for _, f := range b.Facts {
		ev := f.Evidence
		if !(ev.File != "" && ev.Line > 0) {
			t.Errorf("fact %s %s %v: evidence %+v has no file and line", f.Subject, f.Pred.ShortName(), f.Object, ev)
		}
		if ev.Source == "" && ev.URL == "" {
			t.Errorf("fact %s %s %v: evidence %+v names no source", f.Subject, f.Pred.ShortName(), f.Object, ev)
		}
		if !strings.HasPrefix(ev.File, "data/") {
			t.Errorf("fact %s %s: evidence file %q, want it under data/", f.Subject, f.Pred.ShortName(), ev.File)
		}
	}
}

// TestServedCorpusEvidence loads the corpus into a store, as serve does, and
// checks that no edge and no property lacks evidence there.
func TestServedCorpusEvidence(t *testing.T) {
	t.Parallel()
	_, b := loadEmbedded(t)
	store, st, err := graph.Load(context.Background(), graph.Config{}, b.Facts)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if len(st.AllEdges()) < 100 {
		t.Fatalf("only %d edges", len(st.AllEdges()))
	}
	for _, e := range st.AllEdges() {
		if len(e.Evidence) == 0 {
			t.Errorf("edge %s %s %s has no evidence", e.Source, e.Predicate.ShortName(), e.Target)
		}
		for _, ev := range e.Evidence {
			if ev.File == "" || ev.Line == 0 || (ev.Source == "" && ev.URL == "") {
				t.Errorf("edge %s %s %s: incomplete evidence %+v", e.Source, e.Predicate.ShortName(), e.Target, ev)
			}
		}
	}
	for _, k := range graph.Kinds() {
		for _, n := range st.List(k) {
			for _, p := range []graph.Predicate{graph.RDFSLabel, graph.RDFType} {
				if len(st.PropertyEvidence(n.ID, p)) == 0 {
					t.Errorf("%s %s has no evidence", n.ID, p.ShortName())
				}
			}
		}
	}
}

func TestLoadEmbeddedCorpusNodes(t *testing.T) {
	t.Parallel()
	_, b := loadEmbedded(t)
	typed := map[string]bool{}
	labelled := map[string]bool{}
	for _, f := range b.Facts {
		switch f.Pred {
		case graph.RDFType:
			typed[f.Subject] = true
		case graph.RDFSLabel:
			labelled[f.Subject] = true
		}
	}
	for _, f := range b.Facts {
		if !typed[f.Subject] || !labelled[f.Subject] {
			t.Errorf("%s has a %s fact but no type or label", f.Subject, f.Pred.ShortName())
		}
		if id, ok := f.Object.(graph.ID); ok && (!typed[string(id)] || !labelled[string(id)]) {
			t.Errorf("%s %s %s: the object has no type or label", f.Subject, f.Pred.ShortName(), id)
		}
	}
}

func TestLoadEmbeddedCorpusPublications(t *testing.T) {
	t.Parallel()
	_, b := loadEmbedded(t)
	const grey = "pub/2023-black-or-fifty-shades-of-grey"
	authors := objects(b, grey, graph.Author)
	if len(authors) != 2 || authors[0] != graph.ID("person/alexander-trauth-goik") || authors[1] != graph.ID("person/chuncheng-liu") {
		t.Errorf("authors of %s = %v, want trauth-goik then liu", grey, authors)
	}
	if got := objects(b, grey, graph.AuthorOrder); len(got) != 1 || got[0] != "person/alexander-trauth-goik person/chuncheng-liu" {
		t.Errorf("authorOrder of %s = %v", grey, got)
	}
	for _, tc := range []struct {
		id               string
		titleKnown       bool
		authorOrderKnown bool
		year             any // nil: no year
	}{
		{"pub/2019-multiple-social-credit-systems-in-china", true, true, 2019},
		{"pub/2025-trusting-by-numbers", true, false, 2025},
		{"pub/2025-oxford-handbook-chapter-machine-learning-adoption", false, false, 2025},
		{"pub/2022-who-supports-expanding-surveillance", true, true, 2022},
		{grey, true, true, 2023},
		{"pub/2026-us-media-scs-imaginary", false, false, 2026},
		{"pub/metricocracy", true, true, nil},
	} {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			if got := objects(b, tc.id, graph.TitleKnown); len(got) != 1 || got[0] != tc.titleKnown {
				t.Errorf("titleKnown = %v, want %v", got, tc.titleKnown)
			}
			if got := objects(b, tc.id, graph.Name); tc.titleKnown != (len(got) == 1) {
				t.Errorf("name = %v with titleKnown %v", got, tc.titleKnown)
			}
			if got := objects(b, tc.id, graph.AuthorOrderKnown); len(got) != 1 || got[0] != tc.authorOrderKnown {
				t.Errorf("authorOrderKnown = %v, want %v", got, tc.authorOrderKnown)
			}
			// The order of the data file is kept whether or not a source
			// gives the byline order.
			if got := objects(b, tc.id, graph.AuthorOrder); len(got) != 1 {
				t.Errorf("authorOrder = %v, want one", got)
			}
			got := objects(b, tc.id, graph.DatePublished)
			if tc.year == nil && len(got) != 0 || tc.year != nil && (len(got) != 1 || got[0] != tc.year) {
				t.Errorf("datePublished = %v, want %v", got, tc.year)
			}
			if got := objects(b, tc.id, graph.Abstract); len(got) != 1 {
				t.Errorf("abstract = %v, want one", got)
			}
		})
	}
}

func TestLoadEmbeddedCorpusMentions(t *testing.T) {
	t.Parallel()
	_, b := loadEmbedded(t)
	const pub = "pub/2019-multiple-social-credit-systems-in-china"
	const sentence = "China's central bank, People's Bank of China and the macroeconomic management agency National Development and Reform Commission are the two most important actors in the design and implementation of the multiple SCSs."
	for _, actor := range []string{"actor/pboc", "actor/ndrc"} {
		fs := find(b, pub, graph.Mentions, graph.ID(actor))
		ok := false
		for _, f := range fs {
			ok = ok || f.Evidence.Quote == sentence && f.Evidence.Source == pub && f.Evidence.Line > 0
		}
		if !ok {
			t.Errorf("%s mentions %s: facts %+v, want one with the sentence %q as evidence", pub, actor, fs, sentence)
		}
	}
	// A mention the extractor found (its evidence's source is the
	// publication itself) quotes a sentence of the title or abstract.
	texts := map[string]string{}
	for _, f := range b.Facts {
		if f.Pred == graph.Abstract || f.Pred == graph.Name && strings.HasPrefix(f.Subject, "pub/") {
			texts[f.Subject] += "\n" + f.Object.(string)
		}
	}
	for _, f := range b.Facts {
		if f.Pred == graph.Mentions && f.Evidence.Source == f.Subject && !strings.Contains(texts[f.Subject], f.Evidence.Quote) {
			t.Errorf("%s mentions %s: quote %q is not in its title or abstract", f.Subject, f.Object, f.Evidence.Quote)
		}
	}
	// Concepts: narrower is the inverse of broader.
	if got := find(b, "concept/social-credit-system", graph.Narrower, graph.ID("concept/blacklist")); len(got) == 0 {
		t.Error("concept/social-credit-system has no narrower concept/blacklist")
	}
	if got := find(b, "actor/pboc", graph.NameZh, graph.LangString{Text: "中国人民银行", Lang: "zh"}); len(got) != 1 || got[0].Evidence.Source != "source/pbc-gov-cn" {
		t.Errorf("actor/pboc nameZh 中国人民银行@zh: %v, want one, from source/pbc-gov-cn", got)
	}
}

func TestLoadValidTestdata(t *testing.T) {
	t.Parallel()
	b := &graph.Batch{}
	s, err := corpus.Load(os.DirFS("testdata/valid"), "testdata/valid", b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entities[graph.KindPublication] != 1 || len(b.Facts) == 0 {
		t.Errorf("summary %v, %d facts", s, len(b.Facts))
	}
	// 中国人民银行 in the abstract links to actor/pboc.
	fs := find(b, "pub/2019-x", graph.Mentions, graph.ID("actor/pboc"))
	quotes := []string{}
	for _, f := range fs {
		quotes = append(quotes, f.Evidence.Quote)
	}
	if !strings.Contains(strings.Join(quotes, "|"), "中国人民银行 keeps a blacklist.") {
		t.Errorf("mentions of actor/pboc: %q", quotes)
	}
}

// countingWriter counts the facts written to it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(graph.Fact) error { w.n++; return nil }

func TestBrokenCorpora(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("testdata/broken/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 12 {
		t.Fatalf("%d broken corpora, want at least 12", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			w := &countingWriter{}
			_, err = corpus.Load(os.DirFS(dir), dir, w)
			if err == nil {
				t.Fatal("LoadCorpus succeeded, want an error")
			}
			if wantText := strings.TrimSpace(string(want)); !strings.Contains(err.Error(), wantText) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, wantText)
			}
			if !strings.HasPrefix(err.Error(), "loaders: "+dir+"/") {
				t.Errorf("error %q does not start with %q", err, "loaders: "+dir+"/")
			}
			if w.n != 0 {
				t.Errorf("%d facts written, want none", w.n)
			}
			if verr := corpus.Validate(os.DirFS(dir), dir); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate = %v, want the same error as LoadCorpus", verr)
			}
		})
	}
}

func TestErrorsSortedAndComplete(t *testing.T) {
	t.Parallel()
	// Two defects in two files: both are reported, sorted by file then line.
	dir := t.TempDir()
	src := os.DirFS("testdata/valid")
	entries, err := os.ReadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := readFS(src, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		switch e.Name() {
		case "publications.yaml":
			b = strings.Replace(b, "year: 2019", "year: 3000", 1)
		case "concepts.yaml":
			b = strings.Replace(b, "broader: [concept/a]", "broader: [concept/x]", 1)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err = corpus.Load(os.DirFS(dir), "d", &graph.Batch{})
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		`loaders: d/concepts.yaml:7: concept "concept/b": unknown broader "concept/x"`,
		`loaders: d/publications.yaml:2: publication "pub/2019-x": year 3000 out of range 1900..2100`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}
