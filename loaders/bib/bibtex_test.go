package bib

import (
	"reflect"
	"testing"
)

func TestLatexToText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`M{\"u}ller`, "Müller"},
		{`M\"{u}ller`, "Müller"},
		{`M{\"{u}}ller`, "Müller"},
		{`Garc{\'\i}a`, "García"},
		{`Fran{\c{c}}ois \c c`, "François ç"},
		{`{\v{S}}imek`, "Šimek"},
		{`Lef{\` + "`" + `e}vre`, "Lefèvre"},
		{`{\ss} \o{} \AA`, "ß ø Å"},
		{`{{The} {Social} {Credit} {System}}`, "The Social Credit System"},
		{`\emph{blacklist} and \textit{trust}`, "blacklist and trust"},
		{`50\% of A \& B --- ` + "``quoted''" + ` 1--2`, "50% of A & B — “quoted” 1–2"},
		{"two\n\tlines~here", "two lines here"},
		{`$\alpha$-scores`, "α-scores"},
		{`中国人民银行`, "中国人民银行"},
		// The leaks of issue 11.
		{`{\it Umlaut\/}s`, "Umlauts"},
		{`{\tt NOFILL} and {\em x}`, "NOFILL and x"},
		{`FitBit{\textregistered}`, "FitBit®"},
		{`K{$\cdot$}p`, "K·p"},
		{`{\TeX book}`, "TeXbook"},
		{`(1\textbackslash{}times1)`, `(1\times1)`},
		{`$p>0$ and $\alpha \leq \beta$`, "p>0 and α≤β"}, // the space after a command's name goes, as in TeX
		{`CO$_2$ and $x^{2}$, $10^{-3}$ but $x^n$`, "CO₂ and x², 10⁻³ but x^n"},
		{`$\frac{1}{2}$ and \href{https://x.org}{a link}\cite{k}\footnote{gone}.`, "1/2 and a link."},
		{`a lone $ sign`, "a lone $ sign"},
		{`\~{} and \^{}`, "~ and ^"},
		{`{\noopsort{a}}Zhang`, "Zhang"},
		{`\"{\"{\"{u}}}`, "ü̈̈"},
		{`\'`, "'"},
		{`\`, ""},
		{`{{{`, ""},
	} {
		if got := latexToText(tc.in); got != tc.want {
			t.Errorf("latexToText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBibNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		want  []personName
	}{
		{`Liu, Chuncheng and Rona-Tas, Akos`, []personName{{Given: "Chuncheng", Family: "Liu"}, {Given: "Akos", Family: "Rona-Tas"}}},
		{`Chuncheng Liu AND Marianne von Blomberg`, []personName{{Given: "Chuncheng", Family: "Liu"}, {Given: "Marianne", Family: "von Blomberg"}}},
		{`Wang, Li and others`, []personName{{Given: "Li", Family: "Wang"}}},
		{`{World Bank} and Anderson, Brand and King, Jr, Martin`, []personName{{Literal: "World Bank"}, {Given: "Brand", Family: "Anderson"}, {Given: "Martin", Family: "King", Suffix: "Jr"}}},
		{`M{\"u}ller, J. and Sandberg`, []personName{{Given: "J.", Family: "Müller"}, {Family: "Sandberg"}}},
	} {
		var got []personName
		names, _ := splitAuthors(tc.field)
		for _, s := range names {
			got = append(got, bibName(s))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("names of %q:\n got %+v\nwant %+v", tc.field, got, tc.want)
		}
	}
}

func TestNameMatching(t *testing.T) {
	t.Parallel()
	liu := personName{Given: "Chuncheng", Family: "Liu"}
	for _, tc := range []struct {
		other        personName
		sameKey, abb bool
	}{
		{personName{Literal: "Chuncheng Liu"}, true, false},
		{personName{Literal: "Liu Chuncheng"}, false, false}, // name words keep their order: given Liu, family Chuncheng
		{personName{Literal: "Liu, Chuncheng"}, true, false},
		{personName{Given: "C.", Family: "Liu"}, false, true},
		{personName{Given: "C", Family: "LIU"}, false, true},
		{personName{Given: "J.", Family: "Liu"}, false, false},
		{personName{Given: "Chun", Family: "Liu"}, false, false},
		{personName{Given: "C.", Family: "Li"}, false, false},
	} {
		if got := liu.nameKey() == tc.other.nameKey(); got != tc.sameKey {
			t.Errorf("same key as %+v: %v, want %v", tc.other, got, tc.sameKey)
		}
		if got := abbreviates(liu, tc.other); got != tc.abb {
			t.Errorf("abbreviates %+v: %v, want %v", tc.other, got, tc.abb)
		}
	}
}

func TestSlugAndKeys(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Black or Fifty Shades of Grey?": "black-or-fifty-shades-of-grey",
		"Jürgen Müller":                  "jurgen-muller",
		"中国人民银行":                         "h" + slug("中国人民银行", 60)[1:],
	} {
		if got := slug(in, 60); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := slug("a very long title that goes on and on and on", 20); got != "a-very-long-title" {
		t.Errorf("cut slug %q", got)
	}
	for in, want := range map[string]string{
		"https://doi.org/10.1080/ABC": "10.1080/abc", "doi:10.1/x": "10.1/x", "10.5555/x ": "10.5555/x", "not a doi": "",
	} {
		if got := normDOI(in); got != want {
			t.Errorf("normDOI(%q) = %q, want %q", in, got, want)
		}
	}
	if got := invertedAbstract(map[string][]int{"the": {0, 2}, "blacklist": {3}, "and": {1}}); got != "the and the blacklist" {
		t.Errorf("invertedAbstract: %q", got)
	}
}
