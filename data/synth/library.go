package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// LibraryTruth is what a generated library really holds, for checking
// entity resolution against it: the work each entry is, and the people who
// wrote it, in order.
type LibraryTruth struct {
	Entries int                 // entries written
	Works   int                 // distinct works
	People  int                 // distinct people
	Work    map[string]string   // entry key -> work ("w17")
	Authors map[string][]string // entry key -> people ("p3"), in order; "Anonymous" is nobody
	Names   map[string][]string // entry key -> the author names as written, in order
}

// libPerson is one scholar of a generated library.
type libPerson struct {
	id, given, middle, family string
	lab                       int
}

// libWork is one work of a generated library.
type libWork struct {
	id, typ, title, venue, doi   string
	chapter, year, volume, issue int
	pages                        string
	authors                      []*libPerson
}

// Library writes a BibTeX library of n entries, shaped like a real lab's:
// people with shared family names and shared initials, written in full, with
// initials ("Kahana, M. J.", "M J Kahana", "Kahana, MJ") or without a middle
// initial; labs whose members write together in a few venues; works with and
// without DOIs; chapters of one book (one title, several chapters);
// "Editorial" items of different issues; the same work exported twice (with
// the DOI written another way, or with no DOI and the title in other
// capitals); and a few "Anonymous" entries. The same (n, seed) writes the
// same library. It returns the truth to check resolution against.
func Library(w io.Writer, n int, seed uint64) (*LibraryTruth, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x11b))
	g := &gen{r: r}
	bw := bufio.NewWriter(w)
	t := &LibraryTruth{Work: map[string]string{}, Authors: map[string][]string{}, Names: map[string][]string{}}

	upper := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	families := make([]string, max(40, n/40))
	seen := map[string]bool{}
	for i := range families {
		families[i] = upper(unique(seen, func() string { return g.word(2 + r.IntN(2)) }))
	}
	givens := make([]string, 80)
	for i := range givens {
		givens[i] = upper(unique(seen, func() string { return g.word(2) }))
	}
	people := make([]*libPerson, max(8, n/3))
	labs := max(2, len(people)/6)
	full := map[string]bool{}
	for i := range people {
		p := &libPerson{id: fmt.Sprintf("p%d", i), lab: r.IntN(labs)}
		for {
			p.family, p.given = families[r.IntN(len(families))], givens[r.IntN(len(givens))]
			if r.IntN(2) == 0 {
				p.middle = string(rune('A' + r.IntN(26)))
			}
			if k := p.given + " " + p.middle + " " + p.family; !full[k] {
				full[k] = true
				break
			}
		}
		people[i] = p
	}
	byLab := make([][]*libPerson, labs)
	for _, p := range people {
		byLab[p.lab] = append(byLab[p.lab], p)
	}
	venues := make([]string, max(10, n/100))
	for i := range venues {
		venues[i] = "Journal of " + upper(unique(seen, func() string { return g.word(3) }))
	}
	labVenues := func(lab int) string { return venues[(lab*7+r.IntN(2))%len(venues)] }
	titles := map[string]bool{}
	title := func() string {
		return unique(titles, func() string {
			ws := make([]string, 3+r.IntN(5))
			for i := range ws {
				ws[i] = g.word(2 + r.IntN(2))
			}
			return upper(strings.Join(ws, " "))
		})
	}
	authorsOf := func(lab int) []*libPerson {
		members := byLab[lab]
		k := min(len(members), 1+r.IntN(4))
		out := make([]*libPerson, 0, k)
		for _, i := range r.Perm(len(members))[:k] {
			out = append(out, members[i])
		}
		return out
	}

	works := 0
	someLab := func() int { return people[r.IntN(len(people))].lab } // a lab with members
	newWork := func(typ string) *libWork {
		lab := someLab()
		works++
		wk := &libWork{id: fmt.Sprintf("w%d", works), typ: typ, year: 1990 + r.IntN(36), authors: authorsOf(lab),
			volume: 1 + r.IntN(60), issue: 1 + r.IntN(12)}
		first := 1 + r.IntN(400)
		wk.pages = fmt.Sprintf("%d--%d", first, first+5+r.IntN(30))
		wk.venue = labVenues(lab)
		if r.IntN(5) == 0 {
			wk.venue = venues[r.IntN(len(venues))]
		}
		return wk
	}
	for t.Entries < n {
		switch k := r.IntN(100); {
		case k < 2: // a book of four chapters: one title, four works
			book := title()
			year, lab := 1990+r.IntN(36), someLab()
			for c := 1; c <= 4 && t.Entries < n; c++ {
				works++
				wk := &libWork{id: fmt.Sprintf("w%d", works), typ: "inbook", title: book, chapter: c, year: year, authors: authorsOf(lab)}
				writeEntry(bw, t, r, wk, false)
			}
		case k < 3: // an editorial: one title in many issues
			wk := newWork("article")
			wk.title, wk.authors = "Editorial", wk.authors[:1]
			writeEntry(bw, t, r, wk, false)
		case k < 4: // anonymous
			wk := newWork("article")
			wk.title, wk.authors = title(), nil
			writeEntry(bw, t, r, wk, false)
		default:
			wk := newWork("article")
			wk.title = title()
			if r.IntN(10) < 6 {
				wk.doi = fmt.Sprintf("10.9999/syn.%d", works)
			}
			writeEntry(bw, t, r, wk, false)
			if r.IntN(100) < 8 && t.Entries < n { // exported twice
				writeEntry(bw, t, r, wk, true)
			}
		}
	}
	t.Works = works
	t.People = len(people)
	return t, bw.Flush()
}

// writeEntry writes one entry of a work; again writes the copy another
// source exported: the DOI as an address in capitals, or the title in
// lower case.
func writeEntry(w *bufio.Writer, t *LibraryTruth, r *rand.Rand, wk *libWork, again bool) {
	t.Entries++
	key := fmt.Sprintf("e%d", t.Entries)
	t.Work[key] = wk.id
	fmt.Fprintf(w, "@%s{%s,\n", wk.typ, key)
	title := wk.title
	if again && wk.doi == "" {
		title = strings.ToLower(title)
	}
	fmt.Fprintf(w, "  title = {%s},\n", title)
	var names []string
	for _, p := range wk.authors {
		names = append(names, p.written(r))
		t.Authors[key] = append(t.Authors[key], p.id)
	}
	t.Names[key] = names
	if len(wk.authors) == 0 {
		names = []string{"Anonymous"}
	}
	fmt.Fprintf(w, "  author = {%s},\n", strings.Join(names, " and "))
	fmt.Fprintf(w, "  year = {%d},\n", wk.year)
	if wk.typ == "inbook" {
		fmt.Fprintf(w, "  chapter = {%d},\n  publisher = {Synthetic Press},\n", wk.chapter)
	} else {
		fmt.Fprintf(w, "  journal = {%s},\n  volume = {%d},\n  number = {%d},\n  pages = {%s},\n", wk.venue, wk.volume, wk.issue, wk.pages)
	}
	if wk.doi != "" {
		doi := wk.doi
		if again {
			doi = "https://doi.org/" + strings.ToUpper(doi)
		}
		fmt.Fprintf(w, "  doi = {%s},\n", doi)
	}
	w.WriteString("}\n\n")
}

// written is the person's name as one source writes it: in full, with
// initials, given names first or last, or without the middle initial.
func (p *libPerson) written(r *rand.Rand) string {
	gi := string([]rune(p.given)[:1])
	mid, midDot := "", ""
	if p.middle != "" {
		mid, midDot = " "+p.middle, " "+p.middle+"."
	}
	switch k := r.IntN(100); {
	case k < 45:
		return p.family + ", " + p.given + midDot
	case k < 70:
		return p.family + ", " + gi + "." + midDot
	case k < 82:
		return gi + mid + " " + p.family
	case k < 94 && p.middle != "":
		return p.family + ", " + gi + p.middle
	case k < 94:
		return p.family + ", " + gi + "."
	default:
		return p.given + " " + p.family // the middle initial left out
	}
}
