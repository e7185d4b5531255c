package bib

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scsgraph/scsgraph/graph"
)

// fold returns s as bibliographic records are compared: lower case,
// without diacritics, with every run of punctuation and spaces made one
// space. Han characters are kept: "Müller, J." -> "muller j". See
// graph.Fold.
func fold(s string) string { return graph.Fold(s, graph.FoldMarks|graph.PunctSpace|graph.OneSpace) }

// slug turns text into the slug of an id: folded, ASCII letters and digits
// joined by '-', at most max bytes, cut at a '-'. Text with no ASCII letter
// or digit (a Chinese title) gets a short hash instead.
func slug(text string, max int) string {
	var words []string
	for _, w := range strings.Fields(fold(text)) {
		var b strings.Builder
		for _, r := range w {
			if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			words = append(words, b.String())
		}
	}
	s := strings.Join(words, "-")
	if s == "" {
		h := sha1.Sum([]byte(text))
		return "h" + hex.EncodeToString(h[:4])
	}
	for len(s) > max {
		i := strings.LastIndexByte(s[:max], '-')
		if i <= 0 {
			return s[:max]
		}
		s = s[:i]
	}
	return s
}

// personName is a name as a record gives it: split into given and family
// names, or a literal that a record keeps whole.
type personName struct {
	Given, Family string
	Literal       string // a name not split into parts (CSL "literal", a braced BibTeX name)
	Suffix        string // "Jr.", "III": BibTeX's "von Last, Jr, First", CSL "suffix"
}

// display is the name as the graph shows it: "Chuncheng Liu", "Martin
// Luther King Jr.".
func (n personName) display() string {
	s := n.Literal
	if s == "" {
		s = strings.TrimSpace(n.Given + " " + n.Family)
	}
	if suf := strings.TrimSpace(n.Suffix); suf != "" {
		s += " " + suf
	}
	return s
}

// parts returns the given and family names, splitting a literal at its
// last word (or at its comma: "Liu, Chuncheng").
func (n personName) parts() (given, family string) {
	if n.Literal == "" {
		return n.Given, n.Family
	}
	if f, g, ok := strings.Cut(n.Literal, ","); ok {
		return strings.TrimSpace(g), strings.TrimSpace(f)
	}
	ws := strings.Fields(n.Literal)
	if len(ws) < 2 {
		return "", n.Literal
	}
	return strings.Join(ws[:len(ws)-1], " "), ws[len(ws)-1]
}

// nameKey is the folded given names, family name and suffix, in that
// order: "Liu, Chuncheng" and "Chuncheng Liu" are one key, but "Wang, Li"
// and "Li, Wang" are two (name words are never sorted).
func (n personName) nameKey() string { return n.matchKey().name }

// initialsOf returns the first letter of each given name ("C. J." -> "cj",
// "Jean-Paul" -> "jp", "MJ" -> "mj"), and whether the given names are
// initials only.
func initialsOf(g string) (string, bool) {
	var b strings.Builder
	only := true
	for _, w := range strings.Fields(g) {
		if r := []rune(strings.Trim(w, ".")); len(r) >= 2 && len(r) <= 3 && allUpper(r) {
			b.WriteString(strings.ToLower(string(r))) // "MJ": initials written together
			continue
		}
		for _, part := range strings.Fields(fold(w)) {
			r, size := utf8.DecodeRuneInString(part)
			b.WriteRune(r)
			if size < len(part) {
				only = false
			}
		}
	}
	return b.String(), only && b.Len() > 0
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// abbreviates reports whether one of a and b gives only initials where the
// other gives initials or full given names, with the same family name and
// initials that agree (one a prefix of the other): "C. Liu" and
// "Chuncheng Liu", "M Kahana" and "M. J. Kahana".
func abbreviates(a, b personName) bool {
	ka, kb := a.matchKey(), b.matchKey()
	return ka.abbreviates(kb)
}

// matchKey is what people matching compares of a name, folded once.
type matchKey struct {
	name     string // nameKey
	family   string // familyKey
	initials string
	only     bool // the given names are initials only
}

func (n personName) matchKey() matchKey {
	g, f := n.parts()
	i, only := initialsOf(g)
	family := fold(f)
	return matchKey{name: fold(g) + "|" + family + "|" + fold(n.Suffix), family: family, initials: i, only: only}
}

// initialKey indexes a name by family name and first initial: "liu|c".
func (k matchKey) initialKey() string {
	if k.family == "" || k.initials == "" {
		return ""
	}
	r := []rune(k.initials)
	return k.family + "|" + string(r[0])
}

// abbreviates reports whether two names may be one person written with
// initials: same family name, initials of which one is a prefix of the
// other, and at least one of them initials only.
func (k matchKey) abbreviates(o matchKey) bool {
	if k.family == "" || k.family != o.family || k.initials == "" || o.initials == "" || !k.only && !o.only {
		return false
	}
	return strings.HasPrefix(k.initials, o.initials) || strings.HasPrefix(o.initials, k.initials)
}

// placeholder tells an author string that names nobody: "anonymous" for
// "Anonymous", "Anon.", "N.N.", "Unknown"; "et al." for "others" and "et
// al." (BibTeX's and the reader's way to say the list goes on); "" for a
// name.
func (n personName) placeholder() string {
	switch fold(n.display()) {
	case "anonymous", "anon", "anonym", "n n", "nn", "unknown", "unknown author", "anonymous author":
		return "anonymous"
	case "others", "et al", "and others", "et alii", "u a":
		return "et al."
	}
	return ""
}

// trimEtAl removes a trailing "et al." from a name ("J. Smith et al." ->
// "J. Smith") and reports whether there was one.
func trimEtAl(n personName) (personName, bool) {
	ws := strings.Fields(n.display())
	if len(ws) < 3 || fold(ws[len(ws)-2]) != "et" || fold(ws[len(ws)-1]) != "al" {
		return n, false
	}
	ws = ws[:len(ws)-2]
	return personName{Given: strings.Join(ws[:len(ws)-1], " "), Family: ws[len(ws)-1]}, true
}
