package bib_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// resolved is what a bibliography file did to the graph, as the
// resolution fixtures compare it: the works it added with their authors in
// order, the people and organisations it added, and every merge and note.
type resolved struct {
	works  []string // "pub/x [order known]: person/a person/b"
	people []string // person and organization ids added
	merges []string // "verb id <- key: reason" for merges, notes and works not merged with one of the same title
}

// resolveFile loads the corpus and one file of testdata/resolve into a
// memory store and reports what the file did.
// unexpectedWarnings are the warnings other than of an unknown year: some
// fixtures leave years out on purpose (never merge on a title alone), and
// a work without a year (a book in progress) exports without one.
func unexpectedWarnings(ws []error) []error {
	var out []error
	for _, w := range ws {
		if !strings.Contains(w.Error(), "no year: the year is left unknown") {
			out = append(out, w)
		}
	}
	return out
}

func resolveFile(t *testing.T, name string) (resolved, *graph.View) {
	t.Helper()
	batch := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", batch); err != nil {
		t.Fatal(err)
	}
	cat := bib.NewCatalog()
	cat.Add(batch.Facts)
	f, err := os.Open(filepath.Join("testdata/resolve", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := bib.Load(name, f, cat, batch, bib.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ws := unexpectedWarnings(rep.Warnings); len(ws) > 0 {
		t.Fatalf("warnings: %q", ws)
	}
	store, st, err := graph.Load(context.Background(), graph.Config{}, batch.Facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var out resolved
	for _, a := range rep.Actions {
		switch {
		case a.Verb == "add" && graph.KindOf(a.ID) == graph.KindPublication:
			p, _ := st.Publication(a.ID)
			known := ""
			if p.AuthorOrderKnown {
				known = " [order known]"
			}
			out.works = append(out.works, fmt.Sprintf("%s%s: %s", a.ID, known, strings.Join(p.Authors, " ")))
			if a.Reason != "" {
				out.merges = append(out.merges, fmt.Sprintf("add %s <- %s: %s", a.ID, recordKey(a), a.Reason))
			}
		case a.Verb == "add" && (graph.KindOf(a.ID) == graph.KindPerson || graph.KindOf(a.ID) == graph.KindOrganization):
			out.people = append(out.people, a.ID)
		case a.Verb == "merge" || a.Verb == "note":
			out.merges = append(out.merges, fmt.Sprintf("%s %s <- %s: %s", a.Verb, a.ID, recordKey(a), a.Reason))
		}
	}
	sort.Strings(out.works)
	sort.Strings(out.people)
	return out, st
}

// recordKey is the key of an action's record: "k2" for entry "k2".
func recordKey(a bib.Action) string {
	_, key, _ := strings.Cut(a.Record, " ")
	return strings.Trim(key, `"`)
}

// Each fixture is one quirk of real libraries that resolution once got
// wrong (a wrong merge or a missed one); the works, people and merges it
// gives are compared exactly.
func TestResolutionFixtures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file string
		want resolved
	}{
		{"doi-forms.bib", resolved{
			works: []string{
				"pub/doi-10.5555-jcg.2021.0101 [order known]: person/wei-chen person/lan-zhou",
			},
			people: []string{
				"person/lan-zhou",
				"person/wei-chen",
			},
			merges: []string{
				"merge pub/doi-10.5555-jcg.2021.0101 <- a2: same DOI 10.5555/jcg.2021.0101",
				"merge person/wei-chen <- a2: author \"Wei Chen\": same name",
				"merge person/lan-zhou <- a2: author \"Lan Zhou\": same name",
				"merge pub/doi-10.5555-jcg.2021.0101 <- a3: same DOI 10.5555/jcg.2021.0101",
				"merge person/wei-chen <- a3: author \"Wei Chen\": same name",
				"merge person/lan-zhou <- a3: author \"Lan Zhou\": same name",
				"merge pub/doi-10.5555-jcg.2021.0101 <- a4: same DOI 10.5555/jcg.2021.0101",
				"merge person/wei-chen <- a4: author \"Wei Chen\": same name",
				"merge person/lan-zhou <- a4: author \"Lan Zhou\": same name",
			},
		}},
		{"doi-conflict.bib", resolved{
			works: []string{
				"pub/2020-editorial [order known]: person/min-gao",
				"pub/doi-10.5555-cqr.2020.0001 [order known]: person/min-gao",
				"pub/doi-10.5555-cqr.2020.0002 [order known]: person/min-gao",
				"pub/notes-on-credit-registers [order known]: person/min-gao",
				"pub/notes-on-credit-registers-2 [order known]: person/min-gao",
			},
			people: []string{
				"person/min-gao",
			},
			merges: []string{
				"add pub/doi-10.5555-cqr.2020.0002 <- b2: same title and year as pub/doi-10.5555-cqr.2020.0001, but different DOI",
				"merge person/min-gao <- b2: author \"Min Gao\": same name",
				"add pub/2020-editorial <- b3: same title and year as pub/doi-10.5555-cqr.2020.0001, but a DOI on one only",
				"merge person/min-gao <- b3: author \"Min Gao\": same name",
				"merge person/min-gao <- b4: author \"Min Gao\": same name",
				"merge person/min-gao <- b5: author \"Min Gao\": same name",
			},
		}},
		{"chapters.bib", resolved{
			works: []string{
				"pub/2018-trust-machines [order known]: person/petra-novak",
				"pub/2018-trust-machines-2 [order known]: person/petra-novak",
				"pub/2019-courts-and-blacklists [order known]: person/lan-zhou",
				"pub/2019-index-2: ",
				"pub/2019-index: ",
				"pub/2022-handbook-of-digital-governance [order known]: person/ken-ito",
				"pub/2022-handbook-of-digital-governance-2 [order known]: person/ji-woo-park",
				"pub/2022-handbook-of-digital-governance-3 [order known]: person/elena-rossi",
			},
			people: []string{
				"person/elena-rossi",
				"person/ji-woo-park",
				"person/ken-ito",
				"person/lan-zhou",
				"person/petra-novak",
			},
			merges: []string{
				"add pub/2022-handbook-of-digital-governance-2 <- c2: same title and year as pub/2022-handbook-of-digital-governance, but different chapter",
				"add pub/2022-handbook-of-digital-governance-3 <- c3: same title and year as pub/2022-handbook-of-digital-governance, but different chapter",
				"add pub/2019-index-2 <- d2: same title and year as pub/2019-index, but different book",
				"add pub/2018-trust-machines-2 <- e2: same title and year as pub/2018-trust-machines, but different type (BOOK, ARTICLE)",
				"merge person/petra-novak <- e2: author \"Petra Novak\": same name",
				"merge pub/2019-courts-and-blacklists <- f2: same title and year (2019), no DOI on either",
				"merge person/lan-zhou <- f2: author \"Lan Zhou\": same name",
			},
		}},
		{"issues.bib", resolved{
			works: []string{
				"pub/2021-calendar-2: ",
				"pub/2021-calendar-3: ",
				"pub/2021-calendar-4: ",
				"pub/2021-calendar: ",
			},
			people: nil,
			merges: []string{
				"add pub/2021-calendar-2 <- cal2: same title and year as pub/2021-calendar, but different issue",
				"add pub/2021-calendar-3 <- cal3: same title and year as pub/2021-calendar, but different issue",
				"add pub/2021-calendar-4 <- cal4: same title and year as pub/2021-calendar, but different issue",
				"merge pub/2021-calendar-4 <- cal4again: same title and year (2021), no DOI on either",
				"merge pub/2021-calendar-4 <- cal4pages: same title and year (2021), no DOI on either",
			},
		}},
		{"initials.bib", resolved{
			works: []string{
				"pub/2002-temporal-context-in-memory [order known]: person/michael-j-kahana person/marc-w-howard",
				"pub/2004-contiguity-in-recall [order known]: person/michael-j-kahana person/marc-w-howard",
				"pub/2006-serial-position [order known]: person/michael-j-kahana",
				"pub/2010-soil-credit-in-anhui [order known]: person/m-j-kahana person/john-smith",
				"pub/2011-credit-lines [order known]: person/mark-kahana",
			},
			people: []string{
				"person/john-smith",
				"person/m-j-kahana",
				"person/marc-w-howard",
				"person/mark-kahana",
				"person/michael-j-kahana",
			},
			merges: []string{
				"merge person/michael-j-kahana <- k2: author \"M. J. Kahana\": \"M. J. Kahana\" matches \"Michael J. Kahana\", and a co-author's name agrees",
				"merge person/marc-w-howard <- k2: author \"M. W. Howard\": \"M. W. Howard\" matches \"Marc W. Howard\", and a co-author's name agrees",
				"merge person/michael-j-kahana <- k3: author \"MJ Kahana\": \"MJ Kahana\" matches \"Michael J. Kahana\", who published in the same venue",
			},
		}},
		{"all-initials.bib", resolved{
			works: []string{
				"pub/2001-recall-dynamics [order known]: person/m-j-kahana person/m-w-howard",
				"pub/2003-drift-in-context [order known]: person/m-j-kahana person/m-w-howard person/p-b-sederberg",
				"pub/2005-oscillations [order known]: person/m-j-kahana person/p-b-sederberg",
			},
			people: []string{"person/m-j-kahana", "person/m-w-howard", "person/p-b-sederberg"},
			merges: []string{
				"merge person/m-j-kahana <- i2: author \"M J Kahana\": \"M J Kahana\" matches \"M. J. Kahana\", and a co-author's name agrees",
				"merge person/m-w-howard <- i2: author \"M W Howard\": \"M W Howard\" matches \"M. W. Howard\", and a co-author's name agrees",
				"merge person/m-j-kahana <- i3: author \"MJ Kahana\": \"MJ Kahana\" matches \"M. J. Kahana\", and a co-author's name agrees",
				"merge person/p-b-sederberg <- i3: author \"PB Sederberg\": \"PB Sederberg\" matches \"P. B. Sederberg\", and a co-author's name agrees",
			},
		}},
		{"name-order.bib", resolved{
			works: []string{
				"pub/2020-courts-and-credit [order known]: person/wang-li",
				"pub/2020-local-registers [order known]: person/li-wang",
				"pub/2021-pilot-cities [order known]: person/chuncheng-liu",
			},
			people: []string{
				"person/li-wang",
				"person/wang-li",
			},
			merges: []string{
				"merge person/chuncheng-liu <- n3: author \"Chuncheng Liu\": same name",
			},
		}},
		{"placeholders.bib", resolved{
			works: []string{
				"pub/2015-credit-rules-explained: ",
				"pub/2016-the-blacklist-handbook: ",
				"pub/2017-reading-the-rules [order known]: person/j-smith",
				"pub/2017-scoring-rules [order known]: person/anna-meyer",
				"pub/2018-credit-infrastructure-report [order known]: organization/world-bank",
				"pub/2019-credit-infrastructure-review [order known]: organization/world-bank person/anna-meyer",
			},
			people: []string{
				"organization/world-bank",
				"person/anna-meyer",
				"person/j-smith",
			},
			merges: []string{
				"note  <- p1: author \"Anonymous\" left out: anonymous names nobody",
				"note  <- p2: author \"Anonymous\" left out: anonymous names nobody",
				"note  <- p3: the author list ends with \"et al.\" or \"others\": the authors it stands for are unknown and left out",
				"note  <- p4: the author list ends with \"et al.\" or \"others\": the authors it stands for are unknown and left out",
				"merge organization/world-bank <- p6: author \"World Bank\": same name",
				"merge person/anna-meyer <- p6: author \"Anna Meyer\": same name",
			},
		}},
		{"author-order.bib", resolved{
			works: []string{
				"pub/doi-10.5555-order.2022.1 [order known]: person/mei-zhang person/wei-chen person/ken-ito",
			},
			people: []string{
				"person/ji-woo-park",
				"person/ken-ito",
				"person/mei-zhang",
				"person/wei-chen",
			},
			merges: []string{
				"merge pub/doi-10.5555-order.2022.1 <- o2: same DOI 10.5555/order.2022.1",
				"merge person/ken-ito <- o2: author \"Ken Ito\": same name",
				"merge person/mei-zhang <- o2: author \"Mei Zhang\": same name",
				"merge person/wei-chen <- o2: author \"Wei Chen\": same name",
				"note person/ji-woo-park <- o2: author of the merged record not on pub/doi-10.5555-order.2022.1: left out, the work keeps the authors of its first source",
			},
		}},
		{"keywords.bib", resolved{
			works: []string{
				"pub/2023-village-registers [order known]: person/ken-ito",
			},
			people: []string{
				"person/ken-ito",
			},
			merges: nil,
		}},
		{"openalex-ids.json", resolved{
			works: []string{
				"pub/doi-10.5555-oa.1 [order known]: person/jane-doe person/hao-lin",
				"pub/doi-10.5555-oa.2 [order known]: person/orcid-0000-0002-0000-0002",
				"pub/openalex-w101 [order known]: person/orcid-0000-0002-0000-0002",
			},
			people: []string{
				"organization/people-s-bank-of-china",
				"organization/tsinghua-university",
				"person/hao-lin",
				"person/jane-doe",
				"person/orcid-0000-0002-0000-0002",
			},
			merges: []string{
				"add pub/doi-10.5555-oa.2 <- W100: same OpenAlex id as pub/doi-10.5555-oa.1, but DOI 10.5555/oa.2, not 10.5555/oa.1",
				"merge person/orcid-0000-0002-0000-0002 <- W101: author \"Jane Doe\": same ORCID 0000-0002-0000-0002",
			},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			got, _ := resolveFile(t, tc.file)
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"works", got.works, tc.want.works}, {"people", got.people, tc.want.people}, {"merges", got.merges, tc.want.merges}} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s:\n got %s\nwant %s", c.what, goList(c.got), goList(c.want))
				}
			}
		})
	}
}

// goList prints strings one a line, as Go literals, to paste into a table.
func goList(ss []string) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "\n\t%q,", s)
	}
	return b.String()
}

// Keywords match the scheme's concepts and methods through their labels
// and aliases before a new concept is made.
func TestKeywordsMatchAliases(t *testing.T) {
	t.Parallel()
	_, st := resolveFile(t, "keywords.bib")
	want := []string{"author person/ken-ito", "mentions concept/blacklist", "mentions concept/credit-unions", "usesMethod method/ethnography"}
	if got := edgesFrom(st, "pub/2023-village-registers"); !reflect.DeepEqual(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
	if _, ok := st.Node("concept/fieldwork"); ok {
		t.Error("the keyword Fieldwork became a concept beside the method")
	}
}
