package loaders

import (
	"reflect"
	"testing"
)

func TestLatexToText(t *testing.T) {
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
		{`$\alpha$-scores`, "alpha-scores"},
		{`中国人民银行`, "中国人民银行"},
	} {
		if got := latexToText(tc.in); got != tc.want {
			t.Errorf("latexToText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBibNames(t *testing.T) {
	for _, tc := range []struct {
		field string
		want  []personName
	}{
		{`Liu, Chuncheng and Rona-Tas, Akos`, []personName{{Given: "Chuncheng", Family: "Liu"}, {Given: "Akos", Family: "Rona-Tas"}}},
		{`Chuncheng Liu AND Marianne von Blomberg`, []personName{{Given: "Chuncheng", Family: "Liu"}, {Given: "Marianne", Family: "von Blomberg"}}},
		{`Wang, Li and others`, []personName{{Given: "Li", Family: "Wang"}}},
		{`{World Bank} and Anderson, Brand and King, Jr, Martin`, []personName{{Literal: "World Bank"}, {Given: "Brand", Family: "Anderson"}, {Given: "Martin", Family: "King Jr"}}},
		{`M{\"u}ller, J. and Sandberg`, []personName{{Given: "J.", Family: "Müller"}, {Family: "Sandberg"}}},
	} {
		var got []personName
		for _, s := range splitAuthors(tc.field) {
			got = append(got, bibName(s))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("names of %q:\n got %+v\nwant %+v", tc.field, got, tc.want)
		}
	}
}

func TestNameMatching(t *testing.T) {
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

func TestBibChunks(t *testing.T) {
	src := "% comment\n@string{a = \"A\"}\n\n@Article{key1,\n title={x},\n}\n  @book (key2,\n title = {y})\n"
	var got []string
	for _, c := range bibChunks(src) {
		got = append(got, c.typ+" "+c.key+" "+string(rune('0'+c.line)))
	}
	if want := []string{"string a 2", "article key1 4", "book key2 7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("chunks %q, want %q", got, want)
	}
}
