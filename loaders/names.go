package loaders

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold returns s as bibliographic records are compared: lower case,
// without diacritics, with every run of punctuation and spaces made one
// space. Han characters are kept: "Müller, J." -> "muller j".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if x, ok := foldLetters()[r]; ok {
			b.WriteString(x)
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// foldLetters maps the Latin letters that Unicode does not decompose.
func foldLetters() map[rune]string {
	return map[rune]string{'ß': "ss", 'ø': "o", 'ł': "l", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ı': "i", 'þ': "th"}
}

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

// display is the name as the graph shows it: "Chuncheng Liu".
func (n personName) display() string {
	if n.Literal != "" {
		return n.Literal
	}
	return strings.TrimSpace(n.Given + " " + n.Family)
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

// nameKey is the folded words of the whole name, sorted, so that
// "Liu, Chuncheng", "Chuncheng Liu" and "Liu Chuncheng" are one key.
func (n personName) nameKey() string {
	g, f := n.parts()
	ws := strings.Fields(fold(g + " " + f))
	sort.Strings(ws)
	return strings.Join(ws, " ")
}

// familyKey is the folded family name.
func (n personName) familyKey() string {
	_, f := n.parts()
	return fold(f)
}

// initials returns the first letter of each given name ("C. J." -> "cj"),
// and whether the given names are initials only.
func (n personName) initials() (string, bool) {
	g, _ := n.parts()
	var b strings.Builder
	only := true
	for _, w := range strings.Fields(fold(g)) {
		r := []rune(w)
		b.WriteRune(r[0])
		if len(r) > 1 {
			only = false
		}
	}
	return b.String(), only && b.Len() > 0
}

// abbreviates reports whether one of a and b gives only initials where the
// other gives the given names in full, with the same family name and
// initials: "C. Liu" and "Chuncheng Liu".
func abbreviates(a, b personName) bool {
	if a.familyKey() == "" || a.familyKey() != b.familyKey() {
		return false
	}
	ia, onlyA := a.initials()
	ib, onlyB := b.initials()
	if ia == "" || ib == "" || onlyA == onlyB {
		return false
	}
	short, long := ia, ib
	if onlyB {
		short, long = ib, ia
	}
	return strings.HasPrefix(long, short)
}
