package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// FoldOption says what Fold does beyond what it always does.
type FoldOption uint8

const (
	// FoldMarks drops diacritics: a Latin, Greek or Cyrillic letter loses
	// its combining marks ("é" → "e", "Ё" → "е"), precomposed or not; the
	// combining diacritical marks (U+0300–U+036F, U+1AB0–U+1AFF,
	// U+1DC0–U+1DFF, U+20D0–U+20FF, U+FE20–U+FE2F) are dropped wherever they
	// stand; and the Latin letters that Unicode does not decompose are
	// spelt out: ß → ss, ø → o, ł → l, æ → ae, œ → oe, đ → d, ı → i, þ → th.
	// The marks of other scripts (kana voicing, Indic vowel signs) are kept.
	FoldMarks FoldOption = 1 << iota
	// FoldWidth folds full- and half-width forms to their usual width
	// ("ＡＢＣ" → "abc", the ideographic space U+3000 → " ").
	FoldWidth
	// DashSpace makes hyphens and dashes spaces instead of "-".
	DashSpace
	// PunctSpace makes every character that is not a letter, a digit or a
	// mark a space: punctuation, quotes, symbols.
	PunctSpace
	// OneSpace makes each run of white space (after the options above: of
	// dashes with DashSpace, of punctuation with PunctSpace) one space " ",
	// and drops white space at both ends.
	OneSpace
)

// Fold returns text as it is compared, so that text matches however it is
// typed. It always folds case (unicode.ToLower, rune by rune), makes
// curly, low and prime single quotes (‘ ’ ‚ ‛ ′ `) "'" and double ones
// (“ ” „ ‟ ″) `"`, and makes hyphens and dashes (‐ ‑ ‒ – — ― − ﹣ －) "-".
// The options fold more. Han characters and other scripts' letters are
// kept as they are. Fold makes one allocation, for the result.
//
// The three uses: search (FoldMarks|FoldWidth) keeps punctuation and
// hyphens, which its tokenizer reads; mention extraction
// (DashSpace|OneSpace) keeps punctuation, which negation and sentence
// rules read, and diacritics, which aliases are written with; matching
// bibliographic records (FoldMarks|PunctSpace|OneSpace) keeps only words:
// "Müller, J." → "muller j".
func Fold(s string, opt FoldOption) string {
	f := folder{opt: opt}
	f.b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			f.put(r)
			continue
		}
		if opt&FoldWidth != 0 && (r == 0x3000 || r >= 0xFF00 && r <= 0xFFEF) {
			if w := width.LookupRune(r).Folded(); w != 0 {
				r = w
			}
		}
		if opt&FoldMarks == 0 {
			f.put(r)
			continue
		}
		if diacritic(r) {
			continue
		}
		if !unicode.Is(unicode.Latin, r) && !unicode.Is(unicode.Greek, r) && !unicode.Is(unicode.Cyrillic, r) {
			f.put(r)
			continue
		}
		var in [utf8.UTFMax]byte
		d := norm.NFD.Properties(in[:utf8.EncodeRune(in[:], r)]).Decomposition()
		if d == nil {
			f.put(r)
			continue
		}
		for len(d) > 0 {
			c, n := utf8.DecodeRune(d)
			if !diacritic(c) {
				f.put(c)
			}
			d = d[n:]
		}
	}
	return f.b.String()
}

// diacritic reports whether r is in a block of combining diacritical marks.
func diacritic(r rune) bool {
	return r >= 0x300 && r <= 0x36F || r >= 0x1AB0 && r <= 0x1AFF || r >= 0x1DC0 && r <= 0x1DFF ||
		r >= 0x20D0 && r <= 0x20FF || r >= 0xFE20 && r <= 0xFE2F
}

// folder writes the folded runes of one Fold call.
type folder struct {
	b     strings.Builder
	opt   FoldOption
	space bool // OneSpace: a space is due before the next rune written
}

// put folds one rune (after width and marks) and writes it.
func (f *folder) put(r rune) {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`':
		r = '\''
	case '“', '”', '„', '‟', '″':
		r = '"'
	case '-', '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－':
		r = '-'
		if f.opt&DashSpace != 0 {
			r = ' '
		}
	default:
		r = unicode.ToLower(r)
	}
	if f.opt&PunctSpace != 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
		r = ' '
	}
	if f.opt&OneSpace != 0 {
		if unicode.IsSpace(r) {
			f.space = f.b.Len() > 0
			return
		}
		if f.space {
			f.b.WriteByte(' ')
			f.space = false
		}
	}
	if f.opt&FoldMarks != 0 {
		if s := spelt(r); s != "" {
			f.b.WriteString(s)
			return
		}
	}
	f.b.WriteRune(r)
}

// spelt spells out the Latin letters that Unicode does not decompose, or
// returns "".
func spelt(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'đ':
		return "d"
	case 'ı':
		return "i"
	case 'þ':
		return "th"
	}
	return ""
}
