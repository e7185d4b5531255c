// Package mention finds the actors and concepts a text names: an
// Extractor matches their aliases in normalised text and leaves out
// negated mentions ("not a blacklist").
package mention

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scsgraph/scsgraph/graph"
)

// Target is a node that the Extractor looks for, with the text forms that
// name it: a label, an acronym, aliases, a Chinese name.
type Target struct {
	ID      string
	Aliases []string
}

// Mention is a sentence of a text that names a target.
type Mention struct {
	ID       string // the target
	Alias    string // the first alias found in the sentence, as given in the Target
	Sentence string // the sentence, exactly as it is in the text
	// Negated is true when every place the sentence names the target denies
	// it ("not as a dystopian surveillance apparatus"): the text names the
	// target only to say the subject is not that. See Extractor.
	Negated bool
}

// Extractor finds the actors and concepts that a text names. It matches
// aliases case-insensitively, at word boundaries (none is needed next to Han
// characters), treating curly and straight quotes alike and hyphens and
// dashes as spaces. Where aliases overlap it takes the longest, so
// "social credit system" is not also a mention of "credit".
//
// A match is negated when it ends a short denied noun phrase: a cue ("not",
// "never", "rather than", "instead of"), an optional hedge ("as", "only",
// "merely", "simply", "solely", "just"), an article ("a", "an", "the") and
// at most three more words before the alias, with no punctuation or "but"
// between them. "not as a dystopian surveillance apparatus" denies
// surveillance; "do not wholly embrace the expanding surveillance" does not.
//
// An Extractor is safe for concurrent use.
type Extractor struct {
	byFirst map[string][]pattern // by first word (or first rune, for Han and punctuation), longest first
}

type pattern struct {
	runes []rune
	alias string
	ids   []string
}

// NewExtractor returns an Extractor for the targets. An alias that several
// targets share names them all.
func NewExtractor(targets []Target) *Extractor {
	x := &Extractor{byFirst: map[string][]pattern{}}
	index := map[string]int{} // normalized alias -> position in byFirst[first]
	for _, t := range targets {
		for _, a := range t.Aliases {
			rs := Normalize(a)
			if len(rs) == 0 {
				continue
			}
			key, first := string(rs), firstWord(rs, 0)
			if i, ok := index[key]; ok {
				p := &x.byFirst[first][i]
				if !slices.Contains(p.ids, t.ID) {
					p.ids = append(p.ids, t.ID)
				}
				continue
			}
			index[key] = len(x.byFirst[first])
			x.byFirst[first] = append(x.byFirst[first], pattern{runes: rs, alias: a, ids: []string{t.ID}})
		}
	}
	for _, ps := range x.byFirst {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].runes) > len(ps[j].runes) })
	}
	return x
}

// Match is an alias found in a text.
type Match struct {
	ID      string
	Alias   string // as given in the Target
	Negated bool   // the alias ends a denied noun phrase (see Extractor)
}

// Find returns the aliases that text holds, in order, taking the longest
// alias where several start at the same place and never matching inside a
// longer match.
func (x *Extractor) Find(text string) []Match {
	rs := Normalize(text)
	var out []Match
	for i := 0; i < len(rs); {
		p, ok := x.longest(rs, i)
		if !ok {
			i++
			continue
		}
		neg := negatedAt(rs, i)
		for _, id := range p.ids {
			out = append(out, Match{ID: id, Alias: p.alias, Negated: neg})
		}
		i += len(p.runes)
	}
	return out
}

// firstWord is the word that starts at rs[i], or the single rune there
// when it is not part of a word (Han characters, punctuation).
func firstWord(rs []rune, i int) string {
	j := i + 1
	if isWord(rs[i]) {
		for j < len(rs) && isWord(rs[j]) {
			j++
		}
	}
	return string(rs[i:j])
}

// longest returns the longest pattern that matches rs at i, at word boundaries.
func (x *Extractor) longest(rs []rune, i int) (pattern, bool) {
	if i > 0 && isWord(rs[i-1]) && isWord(rs[i]) {
		return pattern{}, false // inside a word: no alias starts here
	}
	for _, p := range x.byFirst[firstWord(rs, i)] {
		end := i + len(p.runes)
		if end > len(rs) || !slices.Equal(rs[i:end], p.runes) {
			continue
		}
		if end < len(rs) && isWord(rs[end]) && isWord(p.runes[len(p.runes)-1]) {
			continue
		}
		return p, true
	}
	return pattern{}, false
}

// Mentions splits text into sentences and returns one Mention per target
// and sentence, in order.
func (x *Extractor) Mentions(text string) []Mention {
	var out []Mention
	for _, s := range sentenceSpans(text) {
		sentence := text[s.start:s.end]
		seen := map[string]int{} // target -> index in out
		for _, m := range x.Find(sentence) {
			if i, ok := seen[m.ID]; ok {
				out[i].Negated = out[i].Negated && m.Negated
				continue
			}
			seen[m.ID] = len(out)
			out = append(out, Mention{ID: m.ID, Alias: m.Alias, Sentence: sentence, Negated: m.Negated})
		}
	}
	return out
}

// Sentences splits text into sentences, each exactly as it is in the text.
func Sentences(text string) []string {
	spans := sentenceSpans(text)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.start:s.end]
	}
	return out
}

type span struct{ start, end int }

// sentenceSpans finds the sentences of text. A sentence ends at a line
// break, after 。！？, or after . ? ! (and any closing quotes or brackets)
// that is followed by a space and a capital letter, a digit or an opening
// quote, so "the U.S. debate" stays one sentence.
func sentenceSpans(text string) []span {
	var out []span
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			lead := strings.Index(text[start:end], s)
			out = append(out, span{start + lead, start + lead + len(s)})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		switch {
		case r == '\n':
			emit(i)
		case r == '。' || r == '！' || r == '？':
			emit(skipClosers(text, next))
		case r == '.' || r == '?' || r == '!':
			end := skipClosers(text, next)
			if startsSentence(text[end:]) {
				emit(end)
				next = end
			}
		}
		i = next
	}
	emit(len(text))
	return out
}

// skipClosers returns the index after any closing quotes and brackets at i.
func skipClosers(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !strings.ContainsRune(`"')]”’」』）`, r) {
			break
		}
		i += size
	}
	return i
}

// startsSentence reports whether rest is the end of the text, or spaces and
// then what may begin a sentence.
func startsSentence(rest string) bool {
	trimmed := strings.TrimLeft(rest, " \t\r\n")
	if trimmed == "" {
		return true
	}
	if len(trimmed) == len(rest) {
		return false // no space after the full stop: 3.5, U.S.
	}
	first := []rune(trimmed[:min(len(trimmed), utf8.UTFMax)])[0]
	return unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune(`"'(“‘「『（`, first) ||
		unicode.Is(unicode.Han, first)
}

// Normalize folds case, maps curly quotes to straight ones and hyphens and
// dashes to spaces, and collapses runs of spaces, so that text and aliases
// compare alike; it keeps punctuation and diacritics (see graph.Fold).
func Normalize(s string) []rune { return []rune(graph.Fold(s, graph.DashSpace|graph.OneSpace)) }

// isWord reports whether r is part of a word that an alias must not cut:
// a letter or digit of a script that separates words with spaces.
func isWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// negatedAt reports whether the alias that starts at rs[i] ends a denied
// noun phrase: cue, optional hedge, article, and at most three words (see
// Extractor). It reads at most the nine words before i.
func negatedAt(rs []rune, i int) bool {
	words := strings.Fields(string(rs[max(0, i-200):i]))
	if i > 200 && len(words) > 0 {
		words = words[1:] // the first may be cut
	}
	// Keep the words after the last clause break.
	for k := len(words) - 1; k >= 0; k-- {
		w := words[k]
		if w == "but" || strings.IndexFunc(w, func(r rune) bool { return !isWord(r) && r != '\'' }) >= 0 {
			words = words[k+1:]
			break
		}
	}
	if len(words) > 9 {
		words = words[len(words)-9:]
	}
	hedge := func(w string) bool {
		switch w {
		case "as", "only", "merely", "simply", "solely", "just":
			return true
		}
		return false
	}
	article := func(w string) bool { return w == "a" || w == "an" || w == "the" }
	for c := range words {
		j := c + 1
		switch {
		case words[c] == "not" || words[c] == "never":
		case c+1 < len(words) && (words[c] == "rather" && words[c+1] == "than" || words[c] == "instead" && words[c+1] == "of"):
			j++
		default:
			continue
		}
		if j < len(words) && hedge(words[j]) {
			j++
		}
		if j < len(words) && article(words[j]) && len(words)-(j+1) <= 3 {
			return true
		}
	}
	return false
}
