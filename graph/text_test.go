package graph_test

import (
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

func TestFold(t *testing.T) {
	t.Parallel()
	const (
		search  = graph.FoldMarks | graph.FoldWidth
		mention = graph.DashSpace | graph.OneSpace
		records = graph.FoldMarks | graph.PunctSpace | graph.OneSpace
	)
	for _, tc := range []struct {
		name string
		in   string
		opt  graph.FoldOption
		want string
	}{
		{"case only", "Social Credit SYSTEM", 0, "social credit system"},
		{"quotes and dashes always", "‘a’ “b” c–d—e ‚f‛ „g‟ h′ i″", 0, `'a' "b" c-d-e 'f' "g" h' i"`},
		{"marks kept without FoldMarks", "Síthigh Müller", 0, "síthigh müller"},
		{"white space kept without OneSpace", " a \t b\n", 0, " a \t b\n"},
		{"precomposed accents", "Síthigh Ægir Ёлка Ελλάδα", graph.FoldMarks, "sithigh aegir елка ελλαδα"},
		{"decomposed accents", "Se\u0301bastien", graph.FoldMarks, "sebastien"},
		{"letters spelt out", "Straße Øresund Łódź Œuvre Þór", graph.FoldMarks, "strasse oresund lodz oeuvre thor"},
		{"other scripts' marks kept", "が हिन्दी 社会信用", graph.FoldMarks, "が हिन्दी 社会信用"},
		{"width", "ＡＢＣ１２\u3000ｘ", graph.FoldWidth, "abc12 x"},
		{"width not folded without FoldWidth", "ＡＢＣ", 0, "ａｂｃ"},
		{"dash space", "black-list co‑operation", graph.DashSpace, "black list co operation"},
		{"punct space", "U.S., (PBOC)!", graph.PunctSpace, "u s    pboc  "},
		{"one space trims and collapses", "  a \t\n b  ", graph.OneSpace, "a b"},
		{"search keeps hyphens and punctuation", "Black‑List: Síthigh’s ＳＣＳ", search, "black-list: sithigh's scs"},
		{"mention keeps punctuation and diacritics", "  The  “Social-Credit”  System. Café", mention, `the "social credit" system. café`},
		{"records keep words only", "Müller, J.", records, "muller j"},
		{"records keep Han", "《社会信用》 体系", records, "社会信用 体系"},
		{"empty", "", records, ""},
		{"only punctuation", " .,;- ", records, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := graph.Fold(tc.in, tc.opt); got != tc.want {
				t.Errorf("Fold(%q, %b) = %q, want %q", tc.in, tc.opt, got, tc.want)
			}
		})
	}
}

// BenchmarkFold measures folding a title: one allocation, for the result.
func BenchmarkFold(b *testing.B) {
	for _, bc := range []struct {
		name string
		in   string
	}{
		{"ascii", "The Social Credit System of the People's Republic of China: a survey, 2014-2020"},
		{"accents", "Síthigh, Müller and Łukasz: the “blacklist” of the Straße — ＳＣＳ"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				graph.Fold(bc.in, graph.FoldMarks|graph.PunctSpace|graph.OneSpace)
			}
		})
	}
}
