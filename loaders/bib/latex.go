package bib

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latexAccent returns the combining mark that a LaTeX accent command puts
// on the next letter (\"u -> ü, \c{c} -> ç), or 0.
func latexAccent(name string) rune {
	switch name {
	case `"`:
		return '\u0308'
	case `'`:
		return '\u0301'
	case "`":
		return '\u0300'
	case "^":
		return '\u0302'
	case "~":
		return '\u0303'
	case "=":
		return '\u0304'
	case ".":
		return '\u0307'
	case "c":
		return '\u0327'
	case "v":
		return '\u030C'
	case "u":
		return '\u0306'
	case "H":
		return '\u030B'
	case "k":
		return '\u0328'
	case "r":
		return '\u030A'
	case "d":
		return '\u0323'
	case "b":
		return '\u0331'
	}
	return 0
}

// latexSymbol returns what a LaTeX command that stands for a letter, a
// sign or a word prints, in text and in math.
func latexSymbol(name string) (string, bool) {
	switch name {
	case "ss":
		return "ß", true
	case "SS":
		return "SS", true
	case "o":
		return "ø", true
	case "O":
		return "Ø", true
	case "ae":
		return "æ", true
	case "AE":
		return "Æ", true
	case "oe":
		return "œ", true
	case "OE":
		return "Œ", true
	case "aa":
		return "å", true
	case "AA":
		return "Å", true
	case "l":
		return "ł", true
	case "L":
		return "Ł", true
	case "i":
		return "ı", true
	case "j":
		return "ȷ", true
	case "dh":
		return "ð", true
	case "DH":
		return "Ð", true
	case "th":
		return "þ", true
	case "TH":
		return "Þ", true
	case "ng":
		return "ŋ", true
	case "NG":
		return "Ŋ", true
	case "dj":
		return "đ", true
	case "DJ":
		return "Đ", true
	case "&":
		return "&", true
	case "%":
		return "%", true
	case "$":
		return "$", true
	case "#":
		return "#", true
	case "_":
		return "_", true
	case "{":
		return "{", true
	case "}":
		return "}", true
	case " ":
		return " ", true
	case ",":
		return " ", true
	case ";":
		return " ", true
	case ":":
		return " ", true
	case "\\":
		return " ", true
	case "quad":
		return " ", true
	case "qquad":
		return " ", true
	case "par":
		return " ", true
	case "newline":
		return " ", true
	case "linebreak":
		return " ", true
	case "nobreakspace":
		return " ", true
	case "textendash":
		return "–", true
	case "textemdash":
		return "—", true
	case "textquoteright":
		return "’", true
	case "textquoteleft":
		return "‘", true
	case "textquotedblleft":
		return "“", true
	case "textquotedblright":
		return "”", true
	case "textquotesingle":
		return "'", true
	case "ldots":
		return "…", true
	case "dots":
		return "…", true
	case "textellipsis":
		return "…", true
	case "cdots":
		return "⋯", true
	case "textregistered":
		return "®", true
	case "texttrademark":
		return "™", true
	case "textcopyright":
		return "©", true
	case "copyright":
		return "©", true
	case "TeX":
		return "TeX", true
	case "LaTeX":
		return "LaTeX", true
	case "LaTeXe":
		return "LaTeX2ε", true
	case "BibTeX":
		return "BibTeX", true
	case "XeTeX":
		return "XeTeX", true
	case "textbackslash":
		return `\`, true
	case "textasciitilde":
		return "~", true
	case "textasciicircum":
		return "^", true
	case "textunderscore":
		return "_", true
	case "textbar":
		return "|", true
	case "textless":
		return "<", true
	case "textgreater":
		return ">", true
	case "textdegree":
		return "°", true
	case "textsection":
		return "§", true
	case "S":
		return "§", true
	case "P":
		return "¶", true
	case "textparagraph":
		return "¶", true
	case "dag":
		return "†", true
	case "textdagger":
		return "†", true
	case "ddag":
		return "‡", true
	case "pounds":
		return "£", true
	case "textsterling":
		return "£", true
	case "euro":
		return "€", true
	case "texteuro":
		return "€", true
	case "textyen":
		return "¥", true
	case "textcent":
		return "¢", true
	case "guillemotleft":
		return "«", true
	case "guillemotright":
		return "»", true
	case "guillemetleft":
		return "«", true
	case "guillemetright":
		return "»", true
	case "textbullet":
		return "•", true
	case "textperiodcentered":
		return "·", true
	case "textexclamdown":
		return "¡", true
	case "textquestiondown":
		return "¿", true
	case "textdollar":
		return "$", true
	case "textpercent":
		return "%", true
	case "textperthousand":
		return "‰", true
	case "alpha":
		return "α", true
	case "beta":
		return "β", true
	case "gamma":
		return "γ", true
	case "delta":
		return "δ", true
	case "epsilon":
		return "ϵ", true
	case "varepsilon":
		return "ε", true
	case "zeta":
		return "ζ", true
	case "eta":
		return "η", true
	case "theta":
		return "θ", true
	case "vartheta":
		return "ϑ", true
	case "iota":
		return "ι", true
	case "kappa":
		return "κ", true
	case "lambda":
		return "λ", true
	case "mu":
		return "μ", true
	case "nu":
		return "ν", true
	case "xi":
		return "ξ", true
	case "pi":
		return "π", true
	case "varpi":
		return "ϖ", true
	case "rho":
		return "ρ", true
	case "varrho":
		return "ϱ", true
	case "sigma":
		return "σ", true
	case "varsigma":
		return "ς", true
	case "tau":
		return "τ", true
	case "upsilon":
		return "υ", true
	case "phi":
		return "ϕ", true
	case "varphi":
		return "φ", true
	case "chi":
		return "χ", true
	case "psi":
		return "ψ", true
	case "omega":
		return "ω", true
	case "Gamma":
		return "Γ", true
	case "Delta":
		return "Δ", true
	case "Theta":
		return "Θ", true
	case "Lambda":
		return "Λ", true
	case "Xi":
		return "Ξ", true
	case "Pi":
		return "Π", true
	case "Sigma":
		return "Σ", true
	case "Upsilon":
		return "Υ", true
	case "Phi":
		return "Φ", true
	case "Psi":
		return "Ψ", true
	case "Omega":
		return "Ω", true
	case "cdot":
		return "·", true
	case "times":
		return "×", true
	case "div":
		return "÷", true
	case "pm":
		return "±", true
	case "mp":
		return "∓", true
	case "leq":
		return "≤", true
	case "le":
		return "≤", true
	case "geq":
		return "≥", true
	case "ge":
		return "≥", true
	case "neq":
		return "≠", true
	case "ne":
		return "≠", true
	case "approx":
		return "≈", true
	case "sim":
		return "∼", true
	case "simeq":
		return "≃", true
	case "equiv":
		return "≡", true
	case "propto":
		return "∝", true
	case "infty":
		return "∞", true
	case "partial":
		return "∂", true
	case "nabla":
		return "∇", true
	case "sum":
		return "∑", true
	case "prod":
		return "∏", true
	case "int":
		return "∫", true
	case "to":
		return "→", true
	case "rightarrow":
		return "→", true
	case "leftarrow":
		return "←", true
	case "Rightarrow":
		return "⇒", true
	case "Leftarrow":
		return "⇐", true
	case "leftrightarrow":
		return "↔", true
	case "Leftrightarrow":
		return "⇔", true
	case "mapsto":
		return "↦", true
	case "in":
		return "∈", true
	case "notin":
		return "∉", true
	case "subset":
		return "⊂", true
	case "subseteq":
		return "⊆", true
	case "supset":
		return "⊃", true
	case "cup":
		return "∪", true
	case "cap":
		return "∩", true
	case "emptyset":
		return "∅", true
	case "forall":
		return "∀", true
	case "exists":
		return "∃", true
	case "neg":
		return "¬", true
	case "wedge":
		return "∧", true
	case "land":
		return "∧", true
	case "vee":
		return "∨", true
	case "lor":
		return "∨", true
	case "circ":
		return "∘", true
	case "bullet":
		return "•", true
	case "ell":
		return "ℓ", true
	case "hbar":
		return "ℏ", true
	case "prime":
		return "′", true
	case "star":
		return "⋆", true
	case "ast":
		return "∗", true
	case "mid":
		return "|", true
	case "langle":
		return "⟨", true
	case "rangle":
		return "⟩", true
	case "ll":
		return "≪", true
	case "gg":
		return "≫", true
	case "lfloor":
		return "⌊", true
	case "rfloor":
		return "⌋", true
	case "lceil":
		return "⌈", true
	case "rceil":
		return "⌉", true
	case "sqrt":
		return "√", true
	case "degree":
		return "°", true
	}
	return "", false
}

// latexSilent reports whether a command prints nothing: a font switch
// ({\it x}), the italic correction \/, a spacing or grouping command.
func latexSilent(name string) bool {
	switch name {
	case "it", "em", "tt", "bf", "sl", "sc", "rm", "sf", "up", "md", "itshape", "bfseries", "ttfamily", "scshape", "slshape", "upshape", "mdseries", "rmfamily", "sffamily", "normalfont", "relax", "protect", "/", "-", "@", "!", "displaystyle", "textstyle", "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "small", "large", "Large", "footnotesize", "scriptsize", "tiny", "normalsize", "huge", "Huge", "boldmath", "unboldmath", "nolinkurl", "sp", "limits", "nolimits":
		return true
	}
	return false
}

// latexDropped reports whether a command's argument is not part of the
// text (a footnote, a citation, BibTeX's \noopsort sorting key).
func latexDropped(name string) bool {
	switch name {
	case "footnote", "cite", "citep", "citet", "label", "ref", "index", "noopsort", "nocite", "thanks", "hspace", "vspace":
		return true
	}
	return false
}

// latexGroup is an open brace group and what its closing brace prints.
type latexGroup struct {
	after string
	drop  bool         // the group's text is left out
	rest  []latexGroup // what the groups after it print (\frac's second argument)
}

// latexToText turns the LaTeX of a BibTeX field into plain Unicode text:
// accents ({\"u}, \'{e}, \c{c}) become letters; text commands (\emph{x},
// \textbf{x}) leave their argument and font switches ({\it x}, {\tt x})
// nothing; symbols (\&, \textregistered, \TeX, \textbackslash) become
// their characters; math stays readable ($\alpha$ → α, $p>0$ → p>0,
// $\cdot$ → ·, \frac{a}{b} → a/b, H$_2$O → H₂O); protecting braces go;
// dashes (--, ---) and TeX's double quotes become – — “ ”; `~`, a tie, is
// a space; and runs of white space become one space. A `$` that opens no
// math (a lone dollar) stays a dollar. The work is linear in the input:
// one pass, and accent arguments are read only when short.
func latexToText(s string) string {
	if !strings.ContainsAny(s, "\\{}$~-`'\n\t\r") {
		return strings.Join(strings.Fields(s), " ")
	}
	lastDollar := unpairedDollar(s)
	var b strings.Builder
	var groups []latexGroup
	var pending []latexGroup // what the next groups print, set by \frac and \href
	drop := 0                // dropped groups open
	emit := func(t string) {
		if drop == 0 {
			b.WriteString(t)
		}
	}
	math := false
	for i := 0; i < len(s); {
		c := s[i]
		if len(pending) > 0 && c != '{' && c != '\\' && !isSpace(c) {
			pending = nil // the command had no argument group
		}
		switch {
		case c == '\\':
			name, next := latexCommand(s, i+1)
			i = next
			if isLetters(name) {
				for i < len(s) && isSpace(s[i]) {
					i++ // the spaces that end a command name
				}
			}
			switch {
			case name == "(" || name == "[":
				math = true
			case name == ")" || name == "]":
				math = false
			case latexAccent(name) != 0 && !(math && len(name) == 1 && isLetters(name)):
				letter, after := latexArgument(s, i)
				i = after
				emit(accented(letter, name, latexAccent(name)))
			case latexSymbolOK(name):
				sym, _ := latexSymbol(name)
				emit(sym)
				if i+1 < len(s) && s[i] == '{' && s[i+1] == '}' {
					i += 2 // \ss{}, \TeX{}
				}
			case latexSilent(name):
			case latexDropped(name):
				pending = []latexGroup{{drop: true}}
			case name == "frac" || name == "dfrac" || name == "tfrac":
				pending = []latexGroup{{after: "/"}, {}}
			case name == "href":
				pending = []latexGroup{{drop: true}, {}}
			case i < len(s) && s[i] == '{':
				// Any other command with an argument: keep the argument
				// (\emph{x}, \textbf{x}, \mathrm{x}, \url{x}).
			case isLetters(name):
				emit(name) // an unknown command without one: its name (\log)
			}
			continue
		case c == '{':
			g := latexGroup{}
			if len(pending) > 0 {
				g, g.rest, pending = pending[0], pending[1:], nil
			}
			if g.drop {
				drop++
			}
			groups = append(groups, g)
			i++
			continue
		case c == '}':
			if len(groups) > 0 {
				g := groups[len(groups)-1]
				groups = groups[:len(groups)-1]
				if g.drop {
					drop--
				}
				emit(g.after)
				pending = g.rest
			}
			i++
			continue
		case c == '$':
			if i == lastDollar {
				emit("$")
			} else {
				math = !math
			}
			if i+1 < len(s) && s[i+1] == '$' {
				i++
			}
		case c == '~':
			emit(" ")
		case math && (c == '^' || c == '_'):
			if text, n := latexScript(s[i+1:], c == '^'); n > 0 {
				emit(text)
				i += 1 + n
				continue
			}
			emit(s[i : i+1])
		case !math && c == '-' || c == '`' || c == '\'':
			if lig, text, ok := latexLigature(s[i:]); ok {
				emit(text)
				i += len(lig)
				continue
			}
			emit(s[i : i+1])
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			emit(s[i : i+size])
			i += size
			continue
		}
		i++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// latexScript reads the superscript or subscript after ^ or _ in math
// when it is digits, signs or parentheses (x^2, H_{2}O, 10^{-3}) and
// returns it in Unicode's superscript or subscript characters, with the
// bytes it read; n is 0 for any other script, which stays as written.
func latexScript(s string, sup bool) (text string, n int) {
	arg := ""
	switch {
	case s == "":
		return "", 0
	case s[0] == '{':
		end := strings.IndexByte(s[:min(len(s), 10)], '}')
		if end < 0 {
			return "", 0
		}
		arg, n = s[1:end], end+1
	default:
		arg, n = s[:1], 1
	}
	from, to := "0123456789+-=()", []rune("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
	if !sup {
		to = []rune("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
	}
	var b strings.Builder
	for i := 0; i < len(arg); i++ {
		k := strings.IndexByte(from, arg[i])
		if k < 0 {
			return "", 0
		}
		b.WriteRune(to[k])
	}
	return b.String(), n
}

// unpairedDollar returns the offset of a `$` that opens math which never
// closes (the last of an odd number), or -1. `$$` counts as one, `\$` as
// none.
func unpairedDollar(s string) int {
	n, last := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '$':
			n++
			last = i
			if i+1 < len(s) && s[i+1] == '$' {
				i++
			}
		}
	}
	if n%2 == 1 {
		return last
	}
	return -1
}

// accented puts an accent on a letter; with no letter (\~{}), it is the
// accent's own character.
func accented(letter, name string, mark rune) string {
	if letter == "" {
		if len(name) == 1 && !isLetters(name) {
			return name
		}
		return ""
	}
	if letter == "ı" {
		letter = "i"
	}
	if letter == "ȷ" {
		letter = "j"
	}
	_, size := utf8.DecodeRuneInString(letter)
	return norm.NFC.String(letter[:size] + string(mark) + letter[size:])
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
		_, size := utf8.DecodeRuneInString(s[i:])
		return s[i : i+size], i + size
	}
	return s[i:j], j
}

// maxAccentArg is the longest braced argument read as an accent's letter
// ({\i}, {{u}}); a longer one is not a letter, and is read as text.
const maxAccentArg = 16

// latexArgument reads the argument of an accent: {x}, a command such as
// \i, or the next character after optional spaces.
func latexArgument(s string, i int) (string, int) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) {
		return "", i
	}
	switch s[i] {
	case '{':
		end := strings.IndexByte(s[i:min(len(s), i+maxAccentArg)], '}')
		if end < 0 {
			return "", i // not a letter: the group is read as text
		}
		inner := s[i+1 : i+end]
		for strings.Count(inner, "{") > strings.Count(inner, "}") && i+end+1 < len(s) {
			next := strings.IndexByte(s[i+end+1:min(len(s), i+maxAccentArg)], '}')
			if next < 0 {
				return "", i
			}
			end += next + 1
			inner = s[i+1 : i+end]
		}
		return latexToText(inner), i + end + 1
	case '\\':
		name, next := latexCommand(s, i+1)
		if sym, ok := latexSymbol(name); ok {
			return sym, next
		}
		return "", next
	case '}':
		return "", i
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i : i+size], i + size
}

func latexSymbolOK(name string) bool {
	_, ok := latexSymbol(name)
	return ok
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			return false
		}
	}
	return s != ""
}

// markupTag matches the inline HTML (and JATS or MathML) tags that OpenAlex
// and CSL-JSON titles and abstracts carry.
var markupTag = regexp.MustCompile(`(?i)</?(?:[a-z]+:)?(?:i|b|em|strong|sup|sub|sc|scp|span|u|p|br|inf|a|font|small|big|tt|italic|bold|title|sec|mi|mo|mn|ms|mtext|msub|msup|msubsup|mrow|mfrac|msqrt|math|mspace|mstyle|semantics|annotation)\b[^<>]*>`)

// markupSpace matches the white space before a superscript or subscript,
// which OpenAlex adds ("5 <sup>th</sup>").
var markupSpace = regexp.MustCompile(`(?i)\s+(<(?:sup|sub|inf)\b)`)

// htmlText turns the inline HTML of a title or abstract into text: tags
// go, entities (&amp;) become characters, white space is one space.
func htmlText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = markupSpace.ReplaceAllString(s, "$1")
		s = html.UnescapeString(markupTag.ReplaceAllString(s, ""))
	}
	return strings.Join(strings.Fields(s), " ")
}
