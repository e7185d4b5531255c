package loaders

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latexAccents maps a LaTeX accent command to the combining mark it puts
// on the next letter: \"u -> ü, \c{c} -> ç.
func latexAccents() map[string]rune {
	return map[string]rune{
		`"`: '\u0308', `'`: '\u0301', "`": '\u0300', "^": '\u0302', "~": '\u0303',
		"=": '\u0304', ".": '\u0307', "c": '\u0327', "v": '\u030C', "u": '\u0306',
		"H": '\u030B', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
	}
}

// latexSymbols maps LaTeX commands that stand for a letter or a sign.
func latexSymbols() map[string]string {
	return map[string]string{
		"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
		"aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
		"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
		"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
		"ldots": "…", "dots": "…", "textellipsis": "…", " ": " ", ",": " ", "\\": " ",
	}
}

// latexToText turns the LaTeX of a BibTeX field into plain Unicode text:
// accents ({\"u}, \'{e}, \c{c}) become letters, text commands (\emph{x})
// leave their argument, protecting braces go, “ ” -- --- ~ become “ ” – —
// and a space, and runs of white space become one space.
func latexToText(s string) string {
	var b strings.Builder
	accents, symbols := latexAccents(), latexSymbols()
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			name, next := latexCommand(s, i+1)
			i = next
			if mark, ok := accents[name]; ok {
				letter, after := latexArgument(s, i)
				i = after
				if letter == "ı" {
					letter = "i"
				}
				b.WriteString(norm.NFC.String(letter + string(mark)))
				continue
			}
			if sym, ok := symbols[name]; ok {
				b.WriteString(sym)
				if isLetters(name) && i < len(s) && s[i] == ' ' {
					i++ // the space that ends a command name
				}
				if i+1 < len(s) && s[i] == '{' && s[i+1] == '}' {
					i += 2 // \ss{}
				}
				continue
			}
			// Any other command: drop it and keep its argument ("\emph{x}"),
			// or keep its name when it has none ("\LaTeX", "\alpha").
			if isLetters(name) && (i >= len(s) || s[i] != '{') {
				b.WriteString(name)
			}
		case c == '{' || c == '}' || c == '$':
			i++
		case c == '~':
			b.WriteByte(' ')
			i++
		default:
			if lig, text, ok := latexLigature(s[i:]); ok {
				b.WriteString(text)
				i += len(lig)
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			i += size
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// latexLigature returns the TeX ligature that s starts with (--- -- “ ”),
// and the character it stands for.
func latexLigature(s string) (lig, text string, ok bool) {
	for _, l := range [][2]string{{"---", "—"}, {"--", "–"}, {"``", "“"}, {"''", "”"}} {
		if strings.HasPrefix(s, l[0]) {
			return l[0], l[1], true
		}
	}
	return "", "", false
}

// latexCommand reads the name of a command that starts at i (after the
// backslash): a run of letters, or one other character.
func latexCommand(s string, i int) (string, int) {
	if i >= len(s) {
		return "", i
	}
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	if j == i {
		return s[i : i+1], i + 1
	}
	return s[i:j], j
}

// latexArgument reads the argument of an accent: {x}, a command such as
// \i, or the next character after optional spaces.
func latexArgument(s string, i int) (string, int) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) {
		return "", i
	}
	if s[i] == '{' {
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return s[i+1:], len(s)
		}
		return latexToText(s[i+1 : i+end]), i + end + 1
	}
	if s[i] == '\\' {
		name, next := latexCommand(s, i+1)
		if sym, ok := latexSymbols()[name]; ok {
			return sym, next
		}
		return "", next
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i : i+size], i + size
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}
