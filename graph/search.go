package graph

import (
	"sort"
	"strings"
	"unicode"
)

// Hit is one search result.
type Hit struct {
	Node    *Node
	Score   float64
	Snippet string
}

type field struct {
	text   string // normalised
	raw    string
	weight float64
	name   bool // a name or alias: exact and prefix matches count more
}

type searchIndex struct {
	nodes    []*Node
	fields   [][]field
	postings map[string][]int // token -> node positions, ascending
	vocab    []string         // sorted tokens, for prefix matches
}

// searchFields are the properties search looks in, with their weights.
var searchFields = []struct {
	p      Predicate
	weight float64
	name   bool
}{
	{RDFSLabel, 10, true}, {Name, 8, true}, {PrefLabel, 8, true}, {AltLabel, 6, true},
	{Acronym, 8, true}, {Description, 2, false}, {Text, 2, false}, {Abstract, 1, false},
	{Definition, 1, false}, {Quote, 1, false},
}

// normalize folds case, curly quotes and dashes so that text matches however it is typed.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '‘', '’', '`':
			return '\''
		case '“', '”':
			return '"'
		case '‐', '‑', '–', '—':
			return '-'
		}
		return unicode.ToLower(r)
	}, s)
}

// tokens splits normalised text into words; each Han character is a word.
func tokens(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func newSearchIndex(v *view) *searchIndex {
	idx := &searchIndex{postings: map[string][]int{}}
	for _, k := range Kinds {
		if k == KindSource {
			continue
		}
		for _, n := range v.byKind[k] {
			pos := len(idx.nodes)
			idx.nodes = append(idx.nodes, n)
			var fs []field
			seen := map[string]bool{}
			for _, sf := range searchFields {
				for _, val := range n.props[sf.p] {
					raw := literalString(val)
					fs = append(fs, field{text: normalize(raw), raw: raw, weight: sf.weight, name: sf.name})
					for _, t := range tokens(normalize(raw)) {
						if !seen[t] {
							seen[t] = true
							idx.postings[t] = append(idx.postings[t], pos)
						}
					}
				}
			}
			idx.fields = append(idx.fields, fs)
		}
	}
	for t := range idx.postings {
		idx.vocab = append(idx.vocab, t)
	}
	sort.Strings(idx.vocab)
	return idx
}

// candidates returns the positions of nodes holding every query token, the
// last one as a prefix (so that search works while typing).
func (idx *searchIndex) candidates(qt []string) []int {
	var set map[int]bool
	for i, t := range qt {
		cur := map[int]bool{}
		add := func(tok string) {
			for _, p := range idx.postings[tok] {
				if set == nil || set[p] {
					cur[p] = true
				}
			}
		}
		if i == len(qt)-1 {
			for j := sort.SearchStrings(idx.vocab, t); j < len(idx.vocab) && strings.HasPrefix(idx.vocab[j], t); j++ {
				add(idx.vocab[j])
			}
		} else {
			add(t)
		}
		set = cur
		if len(set) == 0 {
			return nil
		}
	}
	out := make([]int, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

// Search ranks the nodes whose labels, aliases, titles or texts match text.
// Exact and prefix matches of names and aliases rank first.
func (s *Store) Search(text string, kinds []Kind, first int) []Hit {
	idx := s.view.search
	q := strings.TrimSpace(normalize(text))
	qt := tokens(q)
	if len(qt) == 0 || first <= 0 {
		return nil
	}
	allowed := kindSet(kinds)
	type scored struct {
		pos   int
		score float64
		best  int // the field whose text the snippet shows, or -1
	}
	var hits []scored
	for _, pos := range idx.candidates(qt) {
		n := idx.nodes[pos]
		if !allowed(n.Kind) {
			continue
		}
		h := scored{pos: pos, best: -1}
		bestScore := 0.0
		for i, f := range idx.fields[pos] {
			sc := 0.0
			switch {
			case f.name && f.text == q:
				sc = 10 * f.weight
			case f.name && strings.HasPrefix(f.text, q):
				sc = 5 * f.weight
			case strings.Contains(f.text, q):
				sc = 2 * f.weight
			default:
				for _, t := range qt {
					if strings.Contains(f.text, t) {
						sc += f.weight / float64(len(qt))
					}
				}
			}
			if sc > bestScore && !f.name {
				h.best, bestScore = i, sc
			}
			h.score += sc
		}
		if h.score > 0 {
			hits = append(hits, h)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return idx.nodes[hits[i].pos].ID < idx.nodes[hits[j].pos].ID
	})
	if len(hits) > first {
		hits = hits[:first]
	}
	// Snippets are cut only for the hits returned: they are the costly part.
	out := make([]Hit, len(hits))
	for i, h := range hits {
		n := idx.nodes[h.pos]
		out[i] = Hit{Node: n, Score: h.score, Snippet: n.Label}
		if h.best >= 0 {
			f := idx.fields[h.pos][h.best]
			out[i].Snippet = snip(f.raw, f.text, qt[0])
		}
	}
	return out
}

// snip returns about 120 characters of raw around the first match of tok in norm.
func snip(raw, norm, tok string) string {
	r, nr := []rune(raw), []rune(norm)
	if len(r) != len(nr) {
		r = nr
	}
	at := strings.Index(norm, tok)
	if at < 0 {
		at = 0
	}
	start := len([]rune(norm[:at]))
	lo, hi := max(0, start-50), min(len(r), start+70)
	out := strings.TrimSpace(string(r[lo:hi]))
	if lo > 0 {
		out = "…" + out
	}
	if hi < len(r) {
		out += "…"
	}
	return out
}
