// Package synth writes realistic synthetic corpora in scsgraph's data format,
// so that loaders, traversals and the server can be measured at the size of a
// whole field's literature. The shapes follow real bibliographies: concept use
// is Zipf-distributed, authors write in clusters, each field has its own
// actors, years run from 1990 to 2026 and grow towards the present, and
// abstracts are sentences built from the vocabulary, so that search and
// mention extraction do real work. Everything is derived from the seed, so
// the same (works, seed) gives the same files.
package synth

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/scsgraph/scsgraph/graph"
)

// Sizes of the generated corpus, derived from the number of works.
type Sizes struct {
	Works, People, Concepts, Actors, Venues, Questions, Fields, Findings int
}

// SizesFor scales a corpus to n works.
func SizesFor(n int) Sizes {
	return Sizes{
		Works:     n,
		People:    max(4, n*3/5),
		Concepts:  max(20, int(40*math.Sqrt(float64(n)))),
		Actors:    max(10, int(4*math.Sqrt(float64(n)))),
		Venues:    max(5, n/300),
		Questions: max(4, min(60, n/2000)),
		Fields:    max(2, min(24, n/4000)),
		Findings:  max(2, n/4),
	}
}

var syllables = []string{"ka", "lo", "mi", "ren", "tu", "sha", "vel", "dor", "qin", "pa", "zu", "ter", "nol", "ge", "fa", "xi", "bo", "lan", "mer", "ca"}

var fillers = []string{
	"This study examines how", "We argue that", "Drawing on archival material, the paper traces how",
	"The analysis shows that", "Evidence from several provinces suggests that", "We find that",
	"Contrary to common accounts,", "The article situates", "Interviews reveal that", "Survey data indicate that",
}

var verbs = []string{"shapes", "constrains", "reinforces", "undermines", "legitimates", "reconfigures", "depends on", "competes with"}

var methods = []string{"national survey", "ethnography", "interviews", "discourse analysis", "media analysis", "case study", "comparative analysis", "historical analysis", "mixed methods", "network analysis"}

// gen holds the random source and the names made so far.
type gen struct {
	r        *rand.Rand
	sz       Sizes
	concepts []string // labels
	actors   []string
	zipf     *rand.Zipf
}

func (g *gen) word(parts int) string {
	var b strings.Builder
	for i := 0; i < parts; i++ {
		b.WriteString(syllables[g.r.IntN(len(syllables))])
	}
	return b.String()
}

// unique draws names until one is not in seen, and records it.
func unique(seen map[string]bool, draw func() string) string {
	name := draw()
	for seen[name] {
		name = draw()
	}
	seen[name] = true
	return name
}

// Generate writes a corpus of n works into dir (created if needed).
func Generate(dir string, n int, seed uint64) (Sizes, error) {
	if n < 1 {
		return Sizes{}, fmt.Errorf("synth: works must be at least 1, not %d", n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Sizes{}, fmt.Errorf("synth: %w", err)
	}
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x5c5)), sz: SizesFor(n)}
	g.zipf = rand.NewZipf(g.r, 1.1, 2, uint64(g.sz.Concepts-1))
	// One file per kind of the corpus, named by graph's kinds registry.
	files := []struct {
		kind graph.Kind
		fn   func(w *bufio.Writer)
	}{
		{graph.KindSource, g.sources}, {graph.KindQuestion, g.questions}, {graph.KindMethod, g.methods},
		{graph.KindPlace, g.places}, {graph.KindVenue, g.venues}, {graph.KindConcept, g.conceptFile},
		{graph.KindActor, g.actorFile}, {graph.KindPerson, g.people}, {graph.KindClaim, g.claims},
		{graph.KindPublication, g.publications}, {graph.KindFinding, g.findings},
	}
	for _, f := range files {
		ki, _ := graph.KindInfoOf(f.kind)
		if err := writeFile(filepath.Join(dir, ki.File), f.fn); err != nil {
			return Sizes{}, err
		}
	}
	return g.sz, nil
}

func writeFile(path string, fn func(w *bufio.Writer)) error {
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	w := bufio.NewWriterSize(file, 1<<20)
	fmt.Fprintf(w, "# Synthetic data written by scsgraph gen; not facts about the world.\n")
	fn(w)
	if err := w.Flush(); err != nil {
		file.Close()
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	return file.Close()
}

// q quotes a string for YAML; generated text is ASCII, for which Go's
// quoting is a valid YAML double-quoted scalar.
func q(s string) string { return strconv.Quote(s) }

const src = "  sources: {default: synthetic}\n"

func (g *gen) sources(w *bufio.Writer) {
	fmt.Fprintf(w, "- key: synthetic\n  id: source/synthetic\n  title: %s\n", q("Synthetic corpus written by scsgraph gen"))
}

func (g *gen) questions(w *bufio.Writer) {
	for i := 0; i < g.sz.Questions; i++ {
		fmt.Fprintf(w, "- id: question/q%d\n  position: %d\n  text: %s\n  intro: %s\n%s", i, i+1,
			q(fmt.Sprintf("How does %s shape %s?", g.word(3), g.word(3))), q("A synthetic research question."), src)
	}
}

func (g *gen) methods(w *bufio.Writer) {
	for i, m := range methods {
		fmt.Fprintf(w, "- id: method/m%d\n  name: %s\n%s", i, q(m), src)
	}
}

// titled is a random word of n syllables with a capital first letter.
func (g *gen) titled(n int) string { return cases.Title(language.English).String(g.word(n)) }

func (g *gen) places(w *bufio.Writer) {
	for i := 0; i < g.sz.Fields*2; i++ {
		fmt.Fprintf(w, "- id: place/p%d\n  name: %s\n%s", i, q(g.titled(3)+" City"), src)
	}
}

func (g *gen) venues(w *bufio.Writer) {
	for i := 0; i < g.sz.Venues; i++ {
		fmt.Fprintf(w, "- id: venue/v%d\n  name: %s\n%s", i, q("Journal of "+g.titled(3)+" Studies"), src)
	}
}

// conceptFile writes concepts in a shallow hierarchy: every concept but the
// first few has a broader one among those before it.
func (g *gen) conceptFile(w *bufio.Writer) {
	seen := map[string]bool{}
	for i := 0; i < g.sz.Concepts; i++ {
		label := unique(seen, func() string { return g.word(2) + " " + g.word(2+g.r.IntN(2)) })
		seen[label+"s"] = true
		g.concepts = append(g.concepts, label)
		fmt.Fprintf(w, "- id: concept/c%d\n  label: %s\n  altLabels: [%s]\n", i, q(label), q(label+"s"))
		if i >= 5 {
			fmt.Fprintf(w, "  broader: [concept/c%d]\n", g.r.IntN(min(i, 50)))
		}
		if i >= 10 && g.r.IntN(4) == 0 {
			fmt.Fprintf(w, "  related: [concept/c%d]\n", g.r.IntN(i))
		}
		w.WriteString(src)
	}
}

// actorFile writes actors; actor i belongs to field i % Fields.
func (g *gen) actorFile(w *bufio.Writer) {
	types := []string{"STATE_AGENCY", "GOVERNMENT", "MEDIA", "SOCIAL_GROUP", "UNIVERSITY"}
	seen := map[string]bool{}
	for i := 0; i < g.sz.Actors; i++ {
		name := unique(seen, func() string {
			return g.titled(2+g.r.IntN(2)) + " " + []string{"Bureau", "Commission", "Council", "Press", "Association"}[i%5]
		})
		g.actors = append(g.actors, name)
		fmt.Fprintf(w, "- id: actor/a%d\n  name: %s\n  acronym: %s\n  type: %s\n%s", i, q(name),
			q(strings.ToUpper(g.word(1))+fmt.Sprint(i)), types[i%5], src)
	}
}

func (g *gen) people(w *bufio.Writer) {
	for i := 0; i < g.sz.People; i++ {
		fmt.Fprintf(w, "- id: person/p%d\n  name: %s\n%s", i, q(g.titled(2)+" "+g.titled(2)), src)
	}
}

func (g *gen) claims(w *bufio.Writer) {
	for i := 0; i < g.sz.Questions; i++ {
		stmt := q(fmt.Sprintf("Synthetic claim %d.", i))
		fmt.Fprintf(w, "- id: claim/k%d\n  statement: %s\n  quote: %s\n  myth: %v\n%s", i, stmt, stmt, i%2 == 0, src)
	}
}

// year draws a year from 1990 to 2026, more of them recent.
func (g *gen) year() int {
	return 2026 - int(36*math.Pow(g.r.Float64(), 2))
}

func (g *gen) concept() int { return int(g.zipf.Uint64()) }

// publications writes works: authors from a cluster of people, concepts by
// Zipf, actors of the work's field, all of them named in the abstract.
func (g *gen) publications(w *bufio.Writer) {
	cluster := max(3, g.sz.People/200)
	for i := 0; i < g.sz.Works; i++ {
		field := g.r.IntN(g.sz.Fields)
		var sentences []string
		var cs []int
		for s := 0; s < 5+g.r.IntN(4); s++ {
			c1, c2 := g.concept(), g.concept()
			cs = append(cs, c1, c2)
			sentence := fmt.Sprintf("%s %s %s %s.", fillers[g.r.IntN(len(fillers))], g.concepts[c1], verbs[g.r.IntN(len(verbs))], g.concepts[c2])
			if g.r.IntN(3) == 0 {
				a := field + g.sz.Fields*g.r.IntN(max(1, g.sz.Actors/g.sz.Fields))
				if a < len(g.actors) {
					sentence = fmt.Sprintf("The %s and %s are central to this account.", g.actors[a], g.concepts[c1])
				}
			}
			sentences = append(sentences, sentence)
		}
		base := (i * 7919 % (g.sz.People / cluster)) * cluster
		nAuthors := 1 + g.r.IntN(3)
		var authors []string
		seen := map[int]bool{}
		for a := 0; a < nAuthors; a++ {
			p := min(g.sz.People-1, base+g.r.IntN(cluster))
			if !seen[p] {
				seen[p] = true
				authors = append(authors, fmt.Sprintf("person/p%d", p))
			}
		}
		title := strings.ToUpper(g.concepts[cs[0]][:1]) + g.concepts[cs[0]][1:] + " and " + g.concepts[cs[1]]
		fmt.Fprintf(w, "- id: pub/w%d\n  year: %d\n  type: ARTICLE\n  title: %s\n  venue: venue/v%d\n  abstract: %s\n  authors: [%s]\n  authorOrderKnown: true\n  question: question/q%d\n  methods: [method/m%d]\n  places: [place/p%d]\n%s",
			i, g.year(), q(title), g.r.IntN(g.sz.Venues), q(strings.Join(sentences, " ")), strings.Join(authors, ", "),
			field%g.sz.Questions, g.r.IntN(len(methods)), field*2+g.r.IntN(2), src)
	}
}

func (g *gen) findings(w *bufio.Writer) {
	for i := 0; i < g.sz.Findings; i++ {
		rel := "contradicts"
		if i%3 == 0 {
			rel = "supports"
		}
		stmt := q(fmt.Sprintf("Synthetic finding %d.", i))
		fmt.Fprintf(w, "- id: finding/f%d\n  statement: %s\n  quote: %s\n  publication: pub/w%d\n  %s: [claim/k%d]\n%s",
			i, stmt, stmt, g.r.IntN(g.sz.Works), rel, g.r.IntN(g.sz.Questions), src)
	}
}
