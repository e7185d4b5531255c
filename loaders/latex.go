package loaders

import (
	"html"
	"regexp"
	"strings"
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

// latexSymbols maps LaTeX commands that stand for a letter, a sign or a
// word, in text and in math.
func latexSymbols() map[string]string {
	return map[string]string{
		// letters
		"ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
		"aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
		"th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
		// escaped characters and spaces
		"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
		" ": " ", ",": " ", ";": " ", ":": " ", "\\": " ", "quad": " ", "qquad": " ",
		"par": " ", "newline": " ", "linebreak": " ", "nobreakspace": " ",
		// signs
		"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
		"textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'",
		"ldots": "…", "dots": "…", "textellipsis": "…", "cdots": "⋯",
		"textregistered": "®", "texttrademark": "™", "textcopyright": "©", "copyright": "©",
		"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
		"textbackslash": `\`, "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
		"textbar": "|", "textless": "<", "textgreater": ">", "textdegree": "°", "textsection": "§",
		"S": "§", "P": "¶", "textparagraph": "¶", "dag": "†", "textdagger": "†", "ddag": "‡",
		"pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textyen": "¥", "textcent": "¢",
		"guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
		"textbullet": "•", "textperiodcentered": "·", "textexclamdown": "¡", "textquestiondown": "¿",
		"textdollar": "$", "textpercent": "%", "textperthousand": "‰",
		// math
		"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
		"zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
		"lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
		"varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
		"varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
		"Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
		"Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
		"cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤",
		"geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
		"equiv": "≡", "propto": "∝", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑",
		"prod": "∏", "int": "∫", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
		"Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "in": "∈",
		"notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩",
		"emptyset": "∅", "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "land": "∧",
		"vee": "∨", "lor": "∨", "circ": "∘", "bullet": "•", "ell": "ℓ", "hbar": "ℏ", "prime": "′",
		"star": "⋆", "ast": "∗", "mid": "|", "langle": "⟨", "rangle": "⟩", "ll": "≪", "gg": "≫",
		"lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "sqrt": "√", "degree": "°",
	}
}

// latexSilent are commands that print nothing: font switches ({\it x}),
// the italic correction \/, and spacing or grouping commands.
func latexSilent() map[string]bool {
	m := map[string]bool{}
	for _, c := range []string{"it", "em", "tt", "bf", "sl", "sc", "rm", "sf", "up", "md",
		"itshape", "bfseries", "ttfamily", "scshape", "slshape", "upshape", "mdseries", "rmfamily", "sffamily",
		"normalfont", "relax", "protect", "/", "-", "@", "!", "displaystyle", "textstyle", "left", "right",
		"big", "Big", "bigl", "bigr", "Bigl", "Bigr", "small", "large", "Large", "footnotesize", "scriptsize",
		"tiny", "normalsize", "huge", "Huge", "boldmath", "unboldmath", "nolinkurl", "sp", "limits", "nolimits"} {
		m[c] = true
	}
	return m
}

// latexDropped are commands whose argument is not part of the text (a
// footnote, a citation, BibTeX's \noopsort sorting key).
func latexDropped() map[string]bool {
	return map[string]bool{"footnote": true, "cite": true, "citep": true, "citet": true, "label": true,
		"ref": true, "index": true, "noopsort": true, "nocite": true, "thanks": true, "hspace": true, "vspace": true}
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
// $\cdot$ → ·, \frac{a}{b} → a/b); protecting braces go; dashes (--,
// ---) and TeX's double quotes become – — “ ”; `~`, a tie, is a space;
// and runs of white space become one space. A `$` that opens no math (a lone dollar) stays a dollar. The
// work is linear in the input: one pass, and accent arguments are read
// only when short.
func latexToText(s string) string {
	if strings.IndexAny(s, "\\{}$~-`'\n\t\r") < 0 {
		return strings.Join(strings.Fields(s), " ")
	}
	accents, symbols, silent, dropped := latexAccents(), latexSymbols(), latexSilent(), latexDropped()
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
			case accents[name] != 0 && !(math && len(name) == 1 && isLetters(name)):
				letter, after := latexArgument(s, i)
				i = after
				emit(accented(letter, name, accents[name]))
			case symbols[name] != "":
				emit(symbols[name])
				if i+1 < len(s) && s[i] == '{' && s[i+1] == '}' {
					i += 2 // \ss{}, \TeX{}
				}
			case silent[name]:
			case dropped[name]:
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
		if sym, ok := latexSymbols()[name]; ok {
			return sym, next
		}
		return "", next
	case '}':
		return "", i
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i : i+size], i + size
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
	if strings.IndexAny(s, "<&") >= 0 {
		s = markupSpace.ReplaceAllString(s, "$1")
		s = html.UnescapeString(markupTag.ReplaceAllString(s, ""))
	}
	return strings.Join(strings.Fields(s), " ")
}
