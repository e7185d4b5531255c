package bib

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/loaders"
)

// growthInput is an input whose parse must cost no more than linearly in
// its size: unit is one copy, and whole joins n copies into one file.
type growthInput struct {
	name  string
	file  string // the name the loader is given (its extension)
	unit  string
	whole func(unit string, n int) string
}

func repeated(unit string, n int) string { return strings.Repeat(unit, n) }

// jsonArray joins n copies of one array element into an array.
func jsonArray(unit string, n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(unit+",\n", n), ",\n") + "]"
}

// nested puts n copies of a prefix before a text and n of a suffix after.
func nested(prefix, suffix string) func(string, int) string {
	return func(text string, n int) string {
		return strings.Repeat(prefix, n) + text + strings.Repeat(suffix, n)
	}
}

// growthInputs are the fixtures of real shapes, the reproducers of issue 11,
// and inputs made to be hard for a parser (unclosed braces before every
// entry, deep nesting, one long line, many continuation lines).
func growthInputs(t *testing.T) []growthInput {
	t.Helper()
	var ins []growthInput
	for _, f := range []string{"latex-titles.bib", "names.bib", "crossref.bib", "broken-entries.bib",
		"comments-between.bib", "web-of-science.ris", "scopus.ris", "endnote.ris", "openalex-lines-saved-as.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/bib/quirks", f))
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, growthInput{name: f, file: f, unit: string(b) + "\n", whole: repeated})
	}
	for _, f := range []string{"library.json", "works.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/bib", f))
		if err != nil {
			t.Fatal(err)
		}
		elem := strings.TrimSpace(string(b))
		if strings.HasPrefix(elem, "[") {
			elem = strings.TrimSuffix(strings.TrimPrefix(elem, "["), "]")
		}
		ins = append(ins, growthInput{name: f, file: f, unit: elem, whole: jsonArray})
	}
	return append(ins,
		growthInput{"reproducer: math over a line break", "r.bib", "@Article{x,\n  title = \"$x\n$\",\n  year = \"1995\",\n}\n", repeated},
		growthInput{"reproducer: braced math over a line break", "r.bib", "@Article{x,\n  title = {{$x\n$}},\n  year = 1995,\n}\n", repeated},
		growthInput{"every entry unclosed", "u.bib", "@Article{u,\n  title = {Unclosed {brace,\n  year = 2000,\n", repeated},
		growthInput{"every quote unclosed", "q.bib", "@Article{q,\n  title = \"Unclosed,\n  year = 2000,\n", repeated},
		growthInput{"an @ in every line of comment", "a.bib", "mail someone@example.org { or @article x\n", repeated},
		growthInput{"deep braces", "d.bib", "x", func(u string, n int) string {
			return "@Article{d, title = " + nested("{", "}")(u, n*50) + ", year = 2000}\n"
		}},
		growthInput{"nested accents", "n.bib", "u", func(u string, n int) string {
			return "@Article{n, title = {" + nested(`\"{`, "}")(u, n*50) + "}, year = 2000}\n"
		}},
		growthInput{"many dollars", "m.bib", "$x$ ", func(u string, n int) string {
			return "@Article{m, title = {" + strings.Repeat(u, n*50) + "$}, year = 2000}\n"
		}},
		growthInput{"concatenation chain", "c.bib", `"a" # `, func(u string, n int) string {
			return "@string{m = {M}}\n@Article{c, title = " + strings.Repeat(u, n*50) + "m, year = 2000}\n"
		}},
		growthInput{"authors", "au.bib", "Liu, Chuncheng and ", func(u string, n int) string {
			return "@Article{au, title = {T}, author = {" + strings.Repeat(u, n*50) + "others}, year = 2000}\n"
		}},
		growthInput{"spaces between authors", "sp.bib", " ", func(u string, n int) string {
			return "@Article{sp, title = {T}, author = {A" + strings.Repeat(u, n*500) + "and B}, year = 2000}\n"
		}},
		growthInput{"a RIS value over many lines", "l.ris", "more words of the abstract\n", func(u string, n int) string {
			return "TY  - JOUR\nTI  - T\nAB  - start\n" + strings.Repeat(u, n*50) + "ER  - \n"
		}},
		growthInput{"JSON Lines", "l.jsonl", `{"id": "https://openalex.org/W1", "title": "T", "publication_year": 2020}` + "\n", repeated},
	)
}

// parseCost reads data as a bibliography (without resolving it) and
// returns the allocations and bytes allocated.
// It is the median of three reads: one read's counters can be off by a
// span's worth of bytes either way (seen under -race: 45 KB at 1× and 9 KB
// at 10× for an input whose 10× costs 120-200 KB).
func parseCost(name, data string) (allocs, bytes uint64) {
	var as, bs [3]uint64
	for i := range as {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		readBibliography(name, []byte(data), NewCatalog(), &loaders.Problems{}, &loaders.Problems{})
		runtime.ReadMemStats(&after)
		as[i], bs[i] = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
	}
	slices.Sort(as[:])
	slices.Sort(bs[:])
	return as[1], bs[1]
}

// TestParsingIsLinear reads each input at 1×, 10× and 100× its size and
// fails when its allocations or allocated bytes grow faster than the
// input: at most 3 times linear growth (plus a constant) at each step,
// where quadratic growth would be 10 times. Not parallel: it reads the
// process's allocation counters.
func TestParsingIsLinear(t *testing.T) {
	for _, in := range growthInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			var allocs, bytes [3]uint64
			for i, n := range []int{1, 10, 100} {
				allocs[i], bytes[i] = parseCost(in.file, in.whole(in.unit, n))
			}
			for i := 1; i < 3; i++ {
				for _, m := range []struct {
					what  string
					v     [3]uint64
					slack uint64
				}{{"allocations", allocs, 200}, {"bytes", bytes, 64 << 10}} {
					if limit := 3*10*m.v[i-1] + m.slack; m.v[i] > limit {
						t.Errorf("%s at %d× the input: %d, more than 3×10× the %d at %d× (%s)",
							m.what, []int{1, 10, 100}[i], m.v[i], m.v[i-1], []int{1, 10, 100}[i-1], fmt.Sprint(m.v))
					}
				}
			}
			t.Logf("allocations %v, bytes %v at 1×, 10×, 100×", allocs, bytes)
		})
	}
}

// BenchmarkReadBibliography reads (without resolving) about 10,000
// records of each format, made of copies of the quirk fixtures.
func BenchmarkReadBibliography(b *testing.B) {
	for _, tc := range []struct {
		files []string
		name  string
	}{
		{[]string{"latex-titles.bib", "names.bib", "crossref.bib", "concatenation.bib", "years.bib"}, "lib.bib"},
		{[]string{"web-of-science.ris", "scopus.ris", "endnote.ris", "cnki.ris"}, "lib.ris"},
		{[]string{"openalex-lines-saved-as.json", "openalex-abstract-2021.jsonl"}, "lib.jsonl"},
	} {
		var unit strings.Builder
		for _, f := range tc.files {
			data, err := os.ReadFile(filepath.Join("testdata/bib/quirks", f))
			if err != nil {
				b.Fatal(err)
			}
			unit.Write(data)
			unit.WriteString("\n")
		}
		skips, warns := &loaders.Problems{}, &loaders.Problems{}
		_, recs, _ := readBibliography(tc.name, []byte(unit.String()), NewCatalog(), skips, warns)
		copies := 10000 / max(1, len(recs)+len(skips.List))
		data := []byte(strings.Repeat(unit.String(), copies))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				readBibliography(tc.name, data, NewCatalog(), &loaders.Problems{}, &loaders.Problems{})
			}
			b.ReportMetric(float64(copies*(len(recs)+len(skips.List))), "records")
		})
	}
}
