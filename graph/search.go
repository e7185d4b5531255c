package graph

import (
	"sort"
	"strings"
	"sync"
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
	maxBonus []float64            // by node: the most its names can add to a score
	postings map[string][]posting // token -> the nodes holding it, ascending
	vocab    []string             // sorted tokens, for prefix matches
	scratch  sync.Pool            // *scratch, reused by queries
}

// scratch is what one query works in: a mark per node, all zero between
// queries, and the nodes it marked. Reusing it matters on a large corpus: a
// common word is held by most publications, and growing fresh slices for
// them cost more than the search itself.
type scratch struct {
	classes []uint32
	touched []int32
}

// posting is a node holding a token, and where: in a name or alias, in a
// longer text, or both.
type posting struct {
	pos   int32
	class uint8
}

const (
	inName uint8 = 1
	inText uint8 = 2
)

// topK is the largest first for which Search keeps a running top list;
// above it, sorting every hit once is cheaper.
const topK = 64

// maxQueryTokens bounds the words of a query that count; more add nothing.
const maxQueryTokens = 16

// searchFields are the properties search looks in, with their weights.
var searchFields = []struct {
	p      Predicate
	weight float64
	name   bool
}{
	{RDFSLabel, 10, true}, {Name, 8, true}, {PrefLabel, 8, true}, {AltLabel, 6, true}, {NameZh, 6, true}, {AltNameZh, 6, true},
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
	idx := &searchIndex{postings: map[string][]posting{}}
	for _, k := range Kinds() {
		if k == KindSource {
			continue
		}
		for _, n := range v.byKind[k] {
			pos := int32(len(idx.nodes))
			idx.nodes = append(idx.nodes, n)
			var fs []field
			classes := map[string]uint8{}
			var order []string
			for _, sf := range searchFields {
				class := inText
				if sf.name {
					class = inName
				}
				for _, val := range n.props[sf.p] {
					raw := literalString(val)
					norm := normalize(raw)
					fs = append(fs, field{text: norm, raw: raw, weight: sf.weight, name: sf.name})
					for _, t := range tokens(norm) {
						if classes[t] == 0 {
							order = append(order, t)
						}
						classes[t] |= class
					}
				}
			}
			for _, t := range order {
				idx.postings[t] = append(idx.postings[t], posting{pos, classes[t]})
			}
			idx.fields = append(idx.fields, fs)
			bonus := 0.0
			for _, f := range fs {
				if f.name {
					bonus += 10 * f.weight
				}
			}
			idx.maxBonus = append(idx.maxBonus, bonus)
		}
	}
	for t := range idx.postings {
		idx.vocab = append(idx.vocab, t)
	}
	sort.Strings(idx.vocab)
	return idx
}

// match is a node that holds every query token: classes has two bits per
// token, saying whether it was found in a name, a text or both.
type match struct {
	pos     int32
	classes uint32
}

// candidates calls fn for each node holding every query token, the last one
// as a prefix (so that search works while typing). It marks classes in a
// dense array, reused through a pool, rather than in maps: a common word is
// held by most publications.
func (idx *searchIndex) candidates(qt []string, fn func(match)) {
	sc, _ := idx.scratch.Get().(*scratch)
	if sc == nil || len(sc.classes) != len(idx.nodes) {
		sc = &scratch{classes: make([]uint32, len(idx.nodes))}
	}
	defer idx.scratch.Put(sc)
	classes, touched := sc.classes, sc.touched[:0]
	for i, t := range qt {
		mark := func(tok string) {
			for _, p := range idx.postings[tok] {
				c := classes[p.pos]
				if i == 0 && c == 0 {
					touched = append(touched, p.pos)
				}
				if i == 0 || hasAll(c, i) {
					classes[p.pos] = c | uint32(p.class)<<(2*i)
				}
			}
		}
		if i == len(qt)-1 {
			for j := sort.SearchStrings(idx.vocab, t); j < len(idx.vocab) && strings.HasPrefix(idx.vocab[j], t); j++ {
				mark(idx.vocab[j])
			}
		} else {
			mark(t)
		}
	}
	for _, pos := range touched {
		if c := classes[pos]; hasAll(c, len(qt)) {
			fn(match{pos, c})
		}
		classes[pos] = 0 // clean for the next query
	}
	sc.touched = touched
}

// hasAll reports whether classes marks each of the first n tokens.
func hasAll(classes uint32, n int) bool {
	for i := 0; i < n; i++ {
		if classes>>(2*i)&3 == 0 {
			return false
		}
	}
	return true
}

// Search ranks the nodes whose labels, aliases, titles or texts match text.
// Each word found in a name or alias counts more than one found in a longer
// text, and each name or alias equal to the whole query, starting with it
// or containing it counts most. Only names are read at query time; texts are
// known from the index, so a common word costs no scan of abstracts.
func (s *Store) Search(text string, kinds []Kind, first int) []Hit {
	idx := s.view.search
	q := strings.TrimSpace(normalize(text))
	qt := tokens(q)
	if len(qt) > maxQueryTokens {
		qt = qt[:maxQueryTokens]
	}
	if len(qt) == 0 || first <= 0 {
		return nil
	}
	allowed := kindSet(kinds)
	type scored struct {
		pos   int32
		score float64
	}
	better := func(a, b scored) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return idx.nodes[a.pos].ID < idx.nodes[b.pos].ID
	}
	// hits holds the best `first` so far, best first: a common word matches
	// thousands of nodes, and sorting them all would cost more than scoring.
	var hits []scored
	idx.candidates(qt, func(m match) {
		if !allowed(idx.nodes[m.pos].Kind) {
			return
		}
		score, named := 0.0, false
		for i := range qt {
			c := uint8(m.classes >> (2 * i) & 3)
			if c&inName != 0 {
				score += 6
				named = true
			}
			if c&inText != 0 {
				score++
			}
		}
		// Comparing the names with the query is the costly part; skip it when
		// even the best it can add would not reach the top list.
		full := first <= topK && len(hits) == first
		if named && !(full && score+idx.maxBonus[m.pos] < hits[first-1].score) {
			for _, f := range idx.fields[m.pos] {
				switch {
				case !f.name:
				case f.text == q:
					score += 10 * f.weight
				case strings.HasPrefix(f.text, q):
					score += 5 * f.weight
				case strings.Contains(f.text, q):
					score += 2 * f.weight
				}
			}
		}
		h := scored{m.pos, score}
		if first > topK {
			hits = append(hits, h)
			return
		}
		if len(hits) == first && !better(h, hits[first-1]) {
			return
		}
		at := sort.Search(len(hits), func(i int) bool { return better(h, hits[i]) })
		if len(hits) < first {
			hits = append(hits, scored{})
		}
		copy(hits[at+1:], hits[at:len(hits)-1])
		hits[at] = h
	})
	if first > topK {
		sort.Slice(hits, func(i, j int) bool { return better(hits[i], hits[j]) })
		hits = hits[:min(first, len(hits))]
	}
	out := make([]Hit, len(hits))
	for i, h := range hits {
		n := idx.nodes[h.pos]
		out[i] = Hit{Node: n, Score: h.score, Snippet: idx.snippet(h.pos, qt)}
	}
	return out
}

// snippet is the part of the node's first text that holds the query's first
// word, or the node's label when no text does.
func (idx *searchIndex) snippet(pos int32, qt []string) string {
	for _, f := range idx.fields[pos] {
		if !f.name && strings.Contains(f.text, qt[0]) {
			return snip(f.raw, f.text, qt[0])
		}
	}
	return idx.nodes[pos].Label
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
