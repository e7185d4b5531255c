package bib_test

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
)

// libraryCheck is entity resolution on a generated library, checked
// against the generator's truth.
type libraryCheck struct {
	rules                   map[string][2]int // merge rule -> merges made, wrong ones
	workWrong, workMissed   int               // works merged that are two; one work left as two nodes
	personWrong, personMiss int               // people merged that are two; one person left as several nodes
	works, people           int               // nodes added
}

// ruleOf names the rule a merge reason comes from.
func ruleOf(reason string) string {
	for _, r := range []string{"same DOI", "same OpenAlex id", "same title and year", "same ORCID", "same name",
		"an author of the same work", "co-author's name agrees", "same venue"} {
		if strings.Contains(reason, r) {
			return r
		}
	}
	return reason
}

// checkLibrary resolves a generated library of n entries in an empty
// catalog (a dry run) and compares what it did with the truth.
func checkLibrary(t testing.TB, n int) libraryCheck {
	var buf bytes.Buffer
	truth, err := synth.Library(&buf, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := bib.Load("lib.bib", &buf, bib.NewCatalog(), nil, bib.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) > 0 {
		t.Fatalf("%d warnings, the first %v", len(rep.Warnings), rep.Warnings[0])
	}
	c := libraryCheck{rules: map[string][2]int{}}
	creator := map[string]string{}          // node id -> the truth of the record that added it
	members := map[string]map[string]bool{} // node id -> the truths resolved to it
	nodes := map[string]map[string]bool{}   // truth -> the node ids it was resolved to
	pos := map[string]int{}                 // entry -> the next author position
	for _, a := range rep.Actions {
		key := recordKey(a)
		var truth1 string
		switch graph.KindOf(a.ID) {
		case graph.KindPublication:
			truth1 = truth.Work[key]
		case graph.KindPerson:
			if a.Verb != "add" && a.Verb != "merge" {
				continue
			}
			i := pos[key]
			pos[key]++
			truth1 = truth.Authors[key][i]
		default:
			continue
		}
		switch a.Verb {
		case "add":
			creator[a.ID] = truth1
			if graph.KindOf(a.ID) == graph.KindPublication {
				c.works++
			} else {
				c.people++
			}
		case "merge":
			r := c.rules[ruleOf(a.Reason)]
			r[0]++
			if creator[a.ID] != truth1 {
				r[1]++
			}
			c.rules[ruleOf(a.Reason)] = r
		}
		if members[a.ID] == nil {
			members[a.ID] = map[string]bool{}
		}
		members[a.ID][truth1] = true
		if nodes[truth1] == nil {
			nodes[truth1] = map[string]bool{}
		}
		nodes[truth1][a.ID] = true
	}
	for id, m := range members {
		if graph.KindOf(id) == graph.KindPublication {
			c.workWrong += len(m) - 1
		} else {
			c.personWrong += len(m) - 1
		}
	}
	for tr, ns := range nodes {
		if strings.HasPrefix(tr, "w") {
			c.workMissed += len(ns) - 1
		} else {
			c.personMiss += len(ns) - 1
		}
	}
	if c.works+c.workMissed-c.workWrong != truth.Works && c.workWrong == 0 {
		t.Errorf("%d works added, %d missed merges: the truth has %d works", c.works, c.workMissed, truth.Works)
	}
	return c
}

func (c libraryCheck) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "works added %d, wrongly merged %d, left unmerged %d; people added %d, wrongly merged %d, left unmerged %d\n",
		c.works, c.workWrong, c.workMissed, c.people, c.personWrong, c.personMiss)
	var rules []string
	for r := range c.rules {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		fmt.Fprintf(&b, "  %-28s %6d merges, %d wrong\n", r, c.rules[r][0], c.rules[r][1])
	}
	return b.String()
}

// Resolution of a generated library of 2,000 entries, checked against the
// generator's truth: no work merged wrongly or left unmerged (DOIs in
// another form, no-DOI copies, chapters of one book, editorials of
// different issues), and people merged by initials only with a second
// signal, wrongly at most 1 time in 100.
func TestSyntheticLibraryResolution(t *testing.T) {
	t.Parallel()
	c := checkLibrary(t, 2000)
	t.Logf("\n%s", c)
	if c.workWrong != 0 || c.workMissed != 0 {
		t.Errorf("works: %d wrong merges, %d missed", c.workWrong, c.workMissed)
	}
	merges := 0
	for _, r := range c.rules {
		merges += r[0]
	}
	if c.personWrong*100 > merges {
		t.Errorf("people: %d wrong merges of %d", c.personWrong, merges)
	}
	for _, r := range []string{"same DOI", "same title and year", "same name", "co-author's name agrees"} {
		if c.rules[r][0] == 0 {
			t.Errorf("rule %q made no merge", r)
		}
	}
}

// BenchmarkResolveLibrary parses and resolves (a dry run, as `scsgraph
// load --dry-run` does) a generated BibTeX library of 10,000 entries in an
// empty catalog.
func BenchmarkResolveLibrary(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		var buf bytes.Buffer
		if _, err := synth.Library(&buf, n, 7); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				rep, err := bib.Load("lib.bib", bytes.NewReader(buf.Bytes()), bib.NewCatalog(), nil, bib.Options{DryRun: true})
				if err != nil || len(rep.Warnings) > 0 {
					b.Fatal(err, rep.Warnings)
				}
			}
		})
	}
}

// Resolution grows linearly: ten times the entries costs about ten times
// the allocations (people are found through an index by family name and
// initial, not by comparing every pair). Counted, not timed; not parallel,
// since testing.AllocsPerRun counts the whole process's allocations.
func TestResolutionGrowsLinearly(t *testing.T) {
	allocs := func(n int) float64 {
		var buf bytes.Buffer
		if _, err := synth.Library(&buf, n, 7); err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(1, func() {
			if _, err := bib.Load("lib.bib", bytes.NewReader(buf.Bytes()), bib.NewCatalog(), nil, bib.Options{DryRun: true}); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, big := allocs(150), allocs(1500)
	t.Logf("allocations: %.0f at 150 entries, %.0f at 1,500 (×%.1f)", small, big, big/small)
	if ratio := big / small; ratio > 12 {
		t.Errorf("allocations: %.0f at 150 entries, %.0f at 1,500: ×%.1f for ×10 the entries", small, big, ratio)
	}
}
