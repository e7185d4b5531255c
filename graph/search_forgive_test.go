package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/scsgraph/scsgraph/graph"
)

// hitIDs are the ids of hits, in order.
func hitIDs(hs []graph.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Node.ID)
	}
	return out
}

// foldStore holds names that need folding: an accented name and a
// full-width one (synthetic test names, not corpus facts).
func foldStore(t *testing.T) *graph.View {
	t.Helper()
	ev := graph.Evidence{Source: "source/test", File: "test.yaml", Line: 1}
	facts := []graph.Fact{
		{Subject: "person/test-sithigh", Pred: graph.RDFSLabel, Object: "Test Ní Síthigh", Evidence: ev},
		{Subject: "person/test-sithigh", Pred: graph.Name, Object: "Test Ní Síthigh", Evidence: ev},
		{Subject: "concept/test-wide", Pred: graph.RDFSLabel, Object: "ＷＩＤＥ Ｃｒｅｄｉｔ", Evidence: ev},
		{Subject: "concept/test-black-list", Pred: graph.RDFSLabel, Object: "Test Black List", Evidence: ev},
	}
	store, st, err := graph.Load(context.Background(), graph.Config{}, facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return st
}

// TestSearchForgives runs the queries researchers type, each item of the
// search list: accents and widths fold, typos within the allowed distance
// are corrected and others are not, multi-word and hyphen variants meet,
// author + year and author + topic find works. Each hit says which field
// and form matched, and whether the query matched as typed.
func TestSearchForgives(t *testing.T) {
	t.Parallel()
	seed, fold := seedStore(t), foldStore(t)
	tests := []struct {
		name  string
		st    *graph.View
		query string
		top   string // the first hit; "" for none at all
		field string // its matchedField; "" for any
		form  string // its matchedForm
		exact bool
	}{
		{"accent folded in the query", fold, "Sithigh", "person/test-sithigh", "label", "Test Ní Síthigh", true},
		{"accent as written", fold, "Síthigh", "person/test-sithigh", "label", "Test Ní Síthigh", true},
		{"accent, upper case", fold, "NÍ SÍTHIGH", "person/test-sithigh", "label", "Test Ní Síthigh", true},
		{"full-width name, ASCII query", fold, "wide credit", "concept/test-wide", "label", "ＷＩＤＥ Ｃｒｅｄｉｔ", true},
		{"full-width query", seed, "ＰＢＯＣ", "actor/pboc", "acronym", "PBOC", true},
		{"full-width query of a word", seed, "ｂｌａｃｋｌｉｓｔ", "concept/blacklist", "label", "blacklist", true},
		{"typo, 8 letters, one edit", seed, "blaclist", "concept/blacklist", "label", "blacklist", false},
		{"typo, swapped letters", seed, "balcklist", "concept/blacklist", "label", "blacklist", false},
		{"typo, 12 letters, two edits", seed, "survallance", "concept/surveillance", "label", "surveillance", false},
		{"typo, 7 letters, two edits: too far", seed, "blcklst", "", "", "", false},
		{"typo, 4 letters: too short to correct", seed, "pbco", "", "", "", false},
		{"two words for one", seed, "black list", "concept/blacklist", "label", "blacklist", false},
		{"hyphen for one word", seed, "black-list", "concept/blacklist", "label", "blacklist", false},
		{"one word for a hyphenated name", seed, "technoorientalism", "concept/techno-orientalism", "label", "Techno-orientalism", false},
		{"spaces for a hyphen", seed, "techno orientalism", "concept/techno-orientalism", "label", "Techno-orientalism", false},
		{"hyphen as written", seed, "techno-orientalism", "concept/techno-orientalism", "label", "Techno-orientalism", true},
		{"one word for a two-word name", fold, "blacklist", "concept/test-black-list", "label", "Test Black List", false},
		{"author and year", seed, "Liu 2019", "pub/2019-multiple-social-credit-systems-in-china", "author + year", "Chuncheng Liu + 2019", true},
		{"Chinese substring", seed, "人民银行", "actor/pboc", "", "中国人民银行", true},
		{"Chinese characters out of order", seed, "银行人民", "", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hits, err := tc.st.Search(t.Context(), tc.query, nil, 10)
			if err != nil {
				t.Fatalf("search %q: %v", tc.query, err)
			}
			if tc.top == "" {
				if len(hits) > 0 {
					t.Fatalf("search %q: %v, want nothing", tc.query, hitIDs(hits))
				}
				return
			}
			if len(hits) == 0 {
				t.Fatalf("search %q: nothing, want %s", tc.query, tc.top)
			}
			h := hits[0]
			if h.Node.ID != tc.top || tc.field != "" && h.Field != tc.field || h.Form != tc.form || h.Exact != tc.exact {
				t.Errorf("search %q: first hit %s field %q form %q exact %v; want %s %q %q %v (all: %v)",
					tc.query, h.Node.ID, h.Field, h.Form, h.Exact, tc.top, tc.field, tc.form, tc.exact, hitIDs(hits))
			}
		})
	}
}

// TestSearchFieldAware checks author + year and author + topic queries
// against the publications that fit, found by reading the graph.
func TestSearchFieldAware(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	byLiu := func(p *graph.Node) bool {
		for _, a := range st.OutKind(p.ID, graph.Author, graph.KindPerson) {
			if n, _ := st.Node(a); strings.Contains(n.Label, "Liu") {
				return true
			}
		}
		return false
	}
	tests := []struct {
		query string
		fits  func(p *graph.Node) bool
	}{
		{"Liu 2019", func(p *graph.Node) bool { y, _ := p.Int(graph.DatePublished); return byLiu(p) && y == 2019 }},
		{"Liu 2022", func(p *graph.Node) bool { y, _ := p.Int(graph.DatePublished); return byLiu(p) && y == 2022 }},
		{"Liu blacklist", func(p *graph.Node) bool {
			return byLiu(p) && (slices.Contains(st.OutKind(p.ID, graph.Mentions, graph.KindConcept), "concept/blacklist") ||
				strings.Contains(strings.ToLower(p.Label+" "+p.Str(graph.Abstract)), "blacklist"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			var want []string
			for _, p := range st.List(graph.KindPublication) {
				if tc.fits(p) {
					want = append(want, p.ID)
				}
			}
			if len(want) == 0 {
				t.Fatalf("no publication fits %q: the case tests nothing", tc.query)
			}
			hits, err := st.Search(t.Context(), tc.query, []graph.Kind{graph.KindPublication}, 100)
			if err != nil {
				t.Fatalf("search %q: %v", tc.query, err)
			}
			got := hitIDs(hits)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("search %q: %v, want %v", tc.query, got, want)
			}
		})
	}
}

// TestSearchChineseSubstrings searches every run of two to four characters
// of every Chinese name and alias of the seed (in any property search
// reads): each must find its node, and say the name matched.
func TestSearchChineseSubstrings(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	checked := 0
	for _, k := range graph.Kinds() {
		for _, n := range st.List(k) {
			var labels []string
			for _, p := range graph.SearchedPredicates() {
				labels = append(labels, n.Strs(p)...)
			}
			for _, label := range labels {
				r := []rune(label)
				if len(r) == 0 || !unicode.Is(unicode.Han, r[0]) || len(r) > 20 {
					continue
				}
				for i := range r {
					for j := i + 2; j <= min(len(r), i+4); j++ {
						q := string(r[i:j])
						hits, err := st.Search(t.Context(), q, nil, 100)
						if err != nil {
							t.Fatalf("search %q: %v", q, err)
						}
						at := slices.IndexFunc(hits, func(h graph.Hit) bool { return h.Node.ID == n.ID })
						if at < 0 {
							t.Errorf("search %q (in %q): %s not found among %v", q, label, n.ID, hitIDs(hits))
							continue
						}
						if !strings.Contains(hits[at].Form, q) {
							t.Errorf("search %q: %s matched form %q", q, n.ID, hits[at].Form)
						}
						checked++
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d Chinese substrings checked", checked)
	}
}

// errAfter is a context whose Err reports context.Canceled from its n-th
// call on: the moment a request's deadline passes during a search.
type errAfter struct {
	context.Context
	calls, n int
}

func (c *errAfter) Err() error {
	if c.calls++; c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// TestSearchStopsWithContext checks that Search returns the context's error
// instead of hits when the context is done before it starts or while it
// scores candidates.
func TestSearchStopsWithContext(t *testing.T) {
	t.Parallel()
	ev := graph.Evidence{Source: "source/test", File: "test.yaml", Line: 1}
	var facts []graph.Fact
	for i := range 1000 { // synthetic test names, not corpus facts
		facts = append(facts, graph.Fact{Subject: "concept/test-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "-" + strings.Repeat("y", i/26),
			Pred: graph.RDFSLabel, Object: "Test Credit", Evidence: ev})
	}
	store, st, err := graph.Load(context.Background(), graph.Config{}, facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if hits, err := st.Search(t.Context(), "credit", nil, 10); err != nil || len(hits) != 10 {
		t.Fatalf("search with a live context: %d hits, %v; want 10", len(hits), err)
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{
		{"cancelled before", cancelled},
		{"cancelled while scoring", &errAfter{Context: t.Context(), n: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hits, err := st.Search(tc.ctx, "credit", nil, 10)
			if !errors.Is(err, context.Canceled) || hits != nil {
				t.Errorf("search: %d hits, %v; want none and context.Canceled", len(hits), err)
			}
		})
	}
}
