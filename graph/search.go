package graph

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Hit is one search result, with what matched: the field or fields
// ("label", "author + year"), the form found there (an alias, the word a
// typo stands for), and whether every word matched as typed.
type Hit struct {
	Node    *Node
	Score   float64
	Snippet string
	Field   string
	Form    string
	Exact   bool
}

type field struct {
	text   string // normalised
	raw    string
	key    string // the field's name as a hit shows it
	flat   string // a name's text without spaces and hyphens ("techno-orientalism" = technoorientalism)
	weight float64
	name   bool // a name or alias: exact and prefix matches count more
	linked bool // a publication's author, year, concept or actor
}

// flatten removes spaces and hyphens from normalised text.
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// searchIndex is flat: the fields of every node in one slice, and the
// postings of every token in another, found through the sorted vocabulary
// by binary search, so that a query's work depends on the tokens it names
// and the nodes that hold them, not on the size of the vocabulary.
type searchIndex struct {
	nodes    []*Node
	fields   []field   // the fields of every node, node after node
	fieldOff []int32   // node pos's fields are fields[fieldOff[pos]:fieldOff[pos+1]]
	maxBonus []float64 // by node: the most its names can add to a score
	vocab    []string  // sorted tokens
	postOff  []int32   // vocab[i]'s postings are posts[postOff[i]:postOff[i+1]]
	posts    []posting // the nodes holding each token, ascending
	fuzzy    []uint64  // sorted deletion neighbourhood of the name words: hash<<fuzzyIDBits | vocab index
	scratch  sync.Pool // *scratch, reused by queries
}

// fieldsOf returns the fields of the node at pos.
func (idx *searchIndex) fieldsOf(pos int32) []field {
	return idx.fields[idx.fieldOff[pos]:idx.fieldOff[pos+1]]
}

// postingsAt returns the postings of vocab[i].
func (idx *searchIndex) postingsAt(i int) []posting {
	return idx.posts[idx.postOff[i]:idx.postOff[i+1]]
}

// postings returns the nodes holding tok, ascending.
func (idx *searchIndex) postings(tok string) []posting {
	if i, ok := slices.BinarySearch(idx.vocab, tok); ok {
		return idx.postingsAt(i)
	}
	return nil
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

// maxCorrections bounds the words a misspelt query word may stand for.
const maxCorrections = 8

// fuzzyIDBits is the part of a fuzzy index entry that holds a vocabulary index.
const fuzzyIDBits = 24

// searchFields are the properties search looks in, with their weights and
// the names hits give them.
var searchFields = []struct {
	p      Predicate
	key    string
	weight float64
	name   bool
}{
	{RDFSLabel, "label", 10, true}, {Name, "name", 8, true}, {PrefLabel, "prefLabel", 8, true}, {AltLabel, "altLabel", 6, true},
	{NameZh, "nameZh", 6, true}, {AltNameZh, "altNameZh", 6, true},
	{Acronym, "acronym", 8, true}, {Description, "description", 2, false}, {Text, "text", 2, false}, {Abstract, "abstract", 1, false},
	{Definition, "definition", 1, false}, {Quote, "quote", 1, false},
}

// SearchedPredicates lists the properties search looks in, weightiest first.
func SearchedPredicates() []Predicate {
	out := make([]Predicate, 0, len(searchFields))
	for _, f := range searchFields {
		out = append(out, f.p)
	}
	return out
}

// linkedFields are what a publication is also found by: the names of its
// authors and the labels of the concepts and actors it mentions (the field
// is named after the kind: concept, actor), and its year, so that
// "Liu 2019", "Liu blacklist" and "Liu PBOC" find works.
var linkedFields = []struct {
	p      Predicate
	key    string
	weight float64
}{
	{Author, "author", 2}, {Mentions, "", 1},
}

// normalize folds case, accents (Síthigh = Sithigh), full-width forms
// (ＡＢＣ = ABC), curly quotes and dashes, so that text matches however it
// is typed; it keeps hyphens and punctuation, which scan reads (see Fold).
func normalize(s string) string { return Fold(s, FoldMarks|FoldWidth) }

// tokens splits normalised text into words; each Han character is a word.
func tokens(s string) []string {
	var out []string
	scan(s, func(tok string, _ rune) { out = append(out, tok) })
	return out
}

// scan calls fn for each word of normalised text with the character that
// separated it from the word before (0 for none or several).
func scan(s string, fn func(tok string, sep rune)) {
	start, sep, seps := -1, rune(0), 0
	flush := func(end int) {
		if start >= 0 {
			if seps != 1 {
				sep = 0
			}
			fn(s[start:end], sep)
			start, sep, seps = -1, 0, 0
		}
	}
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush(i)
			fn(string(r), 0)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
			sep, seps = r, seps+1
		}
	}
	flush(len(s))
}

// indexTokens are the words of a field, and the words joined across a
// hyphen (black-list gives blacklist), or in a name across a space too
// (Black List), so that either spelling finds the other.
func indexTokens(text string, name bool) []string {
	var out []string
	prev := ""
	scan(text, func(tok string, sep rune) {
		out = append(out, tok)
		if prev != "" && isWord(prev) && isWord(tok) && (sep == '-' || name && sep == ' ') {
			out = append(out, prev+tok)
		}
		prev = tok
	})
	return out
}

// isWord reports whether tok is made of letters only, not Han characters.
func isWord(tok string) bool {
	for _, r := range tok {
		if !unicode.IsLetter(r) || unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return tok != ""
}

func newSearchIndex(v *view) *searchIndex {
	idx := &searchIndex{fieldOff: []int32{0}}
	postings := map[string][]posting{} // token -> the nodes holding it, ascending
	named := map[string]bool{}         // words found in some name: the ones typos are corrected to
	linked := map[string]string{}      // normalised labels of authors and concepts, by id
	classes := map[string]uint8{}      // of one node's tokens, reused
	var order []string
	for _, k := range Kinds() {
		if k == KindSource {
			continue
		}
		for _, n := range v.byKind[k] {
			pos := int32(len(idx.nodes))
			idx.nodes = append(idx.nodes, n)
			fs := idx.fields
			clear(classes)
			order = order[:0]
			add := func(f field) {
				if f.name {
					f.flat = flatten(f.text)
				}
				fs = append(fs, f)
				class := inText
				if f.name {
					class = inName
				}
				for _, t := range indexTokens(f.text, f.name) {
					if classes[t] == 0 {
						order = append(order, t)
					}
					classes[t] |= class
					if f.name {
						named[t] = true
					}
				}
			}
			for _, sf := range searchFields {
				for _, x := range n.values(sf.p) {
					raw := literalString(x.v)
					add(field{text: normalize(raw), raw: raw, weight: sf.weight, name: sf.name, key: sf.key})
				}
			}
			if k == KindPublication {
				for _, lf := range linkedFields {
					for _, e := range v.out(n.ID) {
						if e.Predicate != lf.p || v.node(e.Target) == nil {
							continue
						}
						raw := v.node(e.Target).Label
						text, ok := linked[e.Target]
						if !ok {
							text = normalize(raw)
							linked[e.Target] = text
						}
						key := lf.key
						if key == "" {
							key = string(KindOf(e.Target))
						}
						add(field{text: text, raw: raw, weight: lf.weight, key: key, linked: true})
					}
				}
				if y, ok := n.Int(DatePublished); ok {
					year := strconv.Itoa(y)
					add(field{text: year, raw: year, weight: 2, key: "year", linked: true})
				}
			}
			for _, t := range order {
				postings[t] = append(postings[t], posting{pos, classes[t]})
			}
			idx.fields = fs
			idx.fieldOff = append(idx.fieldOff, int32(len(fs)))
			bonus := 0.0
			for _, f := range idx.fieldsOf(pos) {
				if f.name {
					bonus += 10 * f.weight
				}
			}
			idx.maxBonus = append(idx.maxBonus, bonus)
		}
	}
	idx.fields = slices.Clone(idx.fields) // no spare capacity
	idx.vocab = make([]string, 0, len(postings))
	total := 0
	for t, ps := range postings {
		idx.vocab = append(idx.vocab, t)
		total += len(ps)
	}
	sort.Strings(idx.vocab)
	idx.postOff = make([]int32, 0, len(idx.vocab)+1)
	idx.posts = make([]posting, 0, total)
	for _, t := range idx.vocab {
		idx.postOff = append(idx.postOff, int32(len(idx.posts)))
		idx.posts = append(idx.posts, postings[t]...)
	}
	idx.postOff = append(idx.postOff, int32(len(idx.posts)))
	for id, t := range idx.vocab {
		if id >= 1<<fuzzyIDBits {
			break
		}
		n := utf8.RuneCountInString(t)
		if !named[t] || !isWord(t) || n < 4 {
			continue
		}
		d := 1 // the words of 4 to 6 letters are corrections of queries of up to 8 letters, one edit away
		if n >= 7 {
			d = 2
		}
		eachDeletion(t, d, func(h uint64) { idx.fuzzy = append(idx.fuzzy, h<<fuzzyIDBits|uint64(id)) })
	}
	slices.Sort(idx.fuzzy)
	idx.fuzzy = slices.Clone(slices.Compact(idx.fuzzy)) // no spare capacity
	return idx
}

// typoDistance is the edit distance a query word may be off by: none below
// 5 letters, 1 for 5 to 8, 2 for 9 or more.
func typoDistance(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// eachDeletion calls fn with the hash of w and of every string made by
// deleting up to d (at most 2) of its characters: its deletion
// neighbourhood (SymSpell). Two words within edit distance d share one.
// A string made twice is hashed twice; it builds no strings.
func eachDeletion(w string, d int, fn func(h uint64)) {
	r := []rune(w)
	var buf [utf8.UTFMax]byte
	hash := func(skip1, skip2 int) uint64 {
		h := uint64(14695981039346656037) // FNV-1a
		for i, c := range r {
			if i == skip1 || i == skip2 {
				continue
			}
			n := utf8.EncodeRune(buf[:], c)
			for _, b := range buf[:n] {
				h = (h ^ uint64(b)) * 1099511628211
			}
		}
		return h >> fuzzyIDBits
	}
	fn(hash(-1, -1))
	for i := range r {
		if d >= 1 {
			fn(hash(i, -1))
		}
		for j := i + 1; d >= 2 && j < len(r); j++ {
			fn(hash(i, j))
		}
	}
}

// corrections returns the name words within the typo distance of word,
// closest first, then most held; at most maxCorrections. Its work depends
// on the length of word, not on the size of the vocabulary.
func (idx *searchIndex) corrections(word string) []string {
	d := typoDistance(word)
	if d == 0 || !isWord(word) {
		return nil
	}
	type cand struct {
		word string
		dist int
	}
	var cands []cand
	var hashes []uint64
	eachDeletion(word, d, func(h uint64) { hashes = append(hashes, h) })
	slices.Sort(hashes)
	seen := map[uint64]bool{}
	for _, h := range slices.Compact(hashes) {
		for i := sort.Search(len(idx.fuzzy), func(i int) bool { return idx.fuzzy[i]>>fuzzyIDBits >= h }); i < len(idx.fuzzy) && idx.fuzzy[i]>>fuzzyIDBits == h; i++ {
			id := idx.fuzzy[i] & (1<<fuzzyIDBits - 1)
			if seen[id] {
				continue
			}
			seen[id] = true
			w := idx.vocab[id]
			if dist := editDistance(word, w, d); dist <= d {
				cands = append(cands, cand{w, dist})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if na, nb := len(idx.postings(a.word)), len(idx.postings(b.word)); na != nb {
			return na > nb
		}
		return a.word < b.word
	})
	out := make([]string, 0, min(len(cands), maxCorrections))
	for _, c := range cands[:min(len(cands), maxCorrections)] {
		out = append(out, c.word)
	}
	return out
}

// editDistance is the optimal string alignment distance of a and b (an
// insertion, a deletion, a substitution or a swap of two neighbours counts
// one), or max+1 when it is above max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// term is one word of a query and the index words that count as it.
type term struct {
	word   string
	alts   []string // the word itself, a joined form ("black list" gives blacklist), or its corrections
	prefix bool     // the last word: alts match as prefixes, so that search works while typing
	fuzzy  bool     // alts are corrections of a typo
}

// terms reads the query words: each as typed when the index holds it (the
// last one as a prefix), else its corrections; two neighbours also match
// the index word they make together.
func (idx *searchIndex) terms(qt []string) []term {
	ts := make([]term, len(qt))
	for i, w := range qt {
		t := term{word: w, prefix: i == len(qt)-1}
		held := len(idx.postings(w)) > 0
		if t.prefix {
			j := sort.SearchStrings(idx.vocab, w)
			held = j < len(idx.vocab) && strings.HasPrefix(idx.vocab[j], w)
		}
		if held {
			t.alts = []string{w}
		} else if c := idx.corrections(w); len(c) > 0 {
			t.alts, t.fuzzy, t.prefix = c, true, false
		}
		ts[i] = t
	}
	for i := 0; i+1 < len(qt); i++ {
		if joined := qt[i] + qt[i+1]; isWord(joined) && len(idx.postings(joined)) > 0 {
			ts[i].alts = append(ts[i].alts, joined)
			ts[i+1].alts = append(ts[i+1].alts, joined)
		}
	}
	return ts
}

// match is a node that holds every query term: classes has two bits per
// term, saying whether it was found in a name, a text or both.
type match struct {
	pos     int32
	classes uint32
}

// candidates calls fn for each node holding every query term. It marks
// classes in a dense array, reused through a pool, rather than in maps: a
// common word is held by most publications.
func (idx *searchIndex) candidates(ts []term, fn func(match)) {
	sc, _ := idx.scratch.Get().(*scratch)
	if sc == nil || len(sc.classes) != len(idx.nodes) {
		sc = &scratch{classes: make([]uint32, len(idx.nodes))}
	}
	defer idx.scratch.Put(sc)
	classes, touched := sc.classes, sc.touched[:0]
	for i, t := range ts {
		mark := func(ps []posting) {
			for _, p := range ps {
				c := classes[p.pos]
				if i == 0 && c == 0 {
					touched = append(touched, p.pos)
				}
				if i == 0 || hasAll(c, i) {
					classes[p.pos] = c | uint32(p.class)<<(2*i)
				}
			}
		}
		for _, alt := range t.alts {
			if !t.prefix {
				mark(idx.postings(alt))
				continue
			}
			for j := sort.SearchStrings(idx.vocab, alt); j < len(idx.vocab) && strings.HasPrefix(idx.vocab[j], alt); j++ {
				mark(idx.postingsAt(j))
			}
		}
	}
	for _, pos := range touched {
		if c := classes[pos]; hasAll(c, len(ts)) {
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

// hanRuns are the runs of two or more Han characters in s: a Chinese query
// matches where its characters stand together, not scattered.
func hanRuns(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 1 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			cur = append(cur, r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

// Search ranks the nodes whose labels, aliases, titles or texts match text,
// and the publications whose authors, year or concepts do. It forgives: case,
// accents and full-width forms fold; a word of 5 to 8 letters that the index
// lacks stands for the name words one edit away, of 9 or more two edits; two
// words match the word they make together, and a hyphenated word its halves
// joined; Chinese matches as a substring. Each word found in a name or
// alias counts more than one found in a longer text (half as much for a
// corrected typo), and each name or alias equal to the whole query,
// starting with it or containing it counts most. Only names are read at
// query time; texts are known from the index, so a common word costs no
// scan of abstracts. When ctx is done, Search stops scoring and returns
// ctx's error.
func (s *View) Search(ctx context.Context, text string, kinds []Kind, first int) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	idx := s.view.search
	q := strings.TrimSpace(normalize(text))
	qt := tokens(q)
	if len(qt) > maxQueryTokens {
		qt = qt[:maxQueryTokens]
	}
	if len(qt) == 0 || first <= 0 {
		return nil, nil
	}
	ts := idx.terms(qt)
	for _, t := range ts {
		if len(t.alts) == 0 {
			return nil, nil
		}
	}
	forms := idx.queryForms(q, ts)
	han := hanRuns(q)
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
	var seen int
	var stopped error
	idx.candidates(ts, func(m match) {
		// candidates must see every match through to clean its scratch, so
		// a done ctx skips the scoring instead of stopping the loop.
		if seen++; stopped != nil || (seen%searchCheckEvery == 0 && ctx.Err() != nil) {
			stopped = ctx.Err()
			return
		}
		if !allowed(idx.nodes[m.pos].Kind) || !idx.holdsAll(m.pos, han) {
			return
		}
		score, named := 0.0, false
		for i, t := range ts {
			c := uint8(m.classes >> (2 * i) & 3)
			w := 1.0
			if t.fuzzy {
				w = 0.5
			}
			if c&inName != 0 {
				score += 6 * w
				named = true
			}
			if c&inText != 0 {
				score += w
			}
		}
		// Comparing the names with the query is the costly part; skip it when
		// even the best it can add would not reach the top list.
		full := first <= topK && len(hits) == first
		if named && !(full && score+idx.maxBonus[m.pos] < hits[first-1].score) {
			for _, f := range idx.fieldsOf(m.pos) {
				if f.name {
					b, _ := nameBonus(f, forms)
					score += b
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
	if stopped != nil {
		return nil, stopped
	}
	if first > topK {
		sort.Slice(hits, func(i, j int) bool { return better(hits[i], hits[j]) })
		hits = hits[:min(first, len(hits))]
	}
	out := make([]Hit, len(hits))
	for i, h := range hits {
		n := idx.nodes[h.pos]
		field, form, exact := idx.explain(h.pos, ts, forms, han)
		out[i] = Hit{Node: n, Score: h.score, Snippet: idx.snippet(h.pos, ts), Field: field, Form: form, Exact: exact}
	}
	return out, nil
}

// searchCheckEvery is how many candidates Search scores between two looks
// at its context.
const searchCheckEvery = 256

// queryForm is a whole query as a name may hold it: as typed (exact), or
// with its typos corrected and its words joined (a variant, worth less).
type queryForm struct {
	text  string
	flat  string // text without spaces and hyphens
	exact bool
}

// queryForms are q itself and, when its words needed corrections or
// joining, the query those make.
func (idx *searchIndex) queryForms(q string, ts []term) []queryForm {
	forms := []queryForm{{q, flatten(q), true}}
	var words []string
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case i+1 < len(ts) && slices.Contains(t.alts, t.word+ts[i+1].word):
			words = append(words, t.word+ts[i+1].word)
			i++
		case t.fuzzy:
			words = append(words, t.alts[0])
		default:
			words = append(words, t.word)
		}
	}
	if v := strings.Join(words, " "); v != q && v != "" {
		forms = append(forms, queryForm{v, flatten(v), false})
	}
	return forms
}

// nameBonus is what a name adds to a score when it equals a form of the
// query, starts with it or contains it (a variant, or a name equal to the
// query but for spaces and hyphens, counts 0.8 of that), and whether the
// form matched was the query as typed.
func nameBonus(f field, forms []queryForm) (float64, bool) {
	best, exact := 0.0, false
	for _, qf := range forms {
		b, variant := 0.0, !qf.exact
		switch {
		case f.text == qf.text:
			b = 10 * f.weight
		case strings.HasPrefix(f.text, qf.text):
			b = 5 * f.weight
		case strings.Contains(f.text, qf.text):
			b = 2 * f.weight
		case f.flat == qf.flat:
			b, variant = 10*f.weight, true
		}
		if variant {
			b *= 0.8
		}
		if b > best {
			best, exact = b, !variant
		}
	}
	return best, exact
}

// holdsAll reports whether some field of the node holds each Han run.
func (idx *searchIndex) holdsAll(pos int32, runs []string) bool {
	for _, r := range runs {
		if !slices.ContainsFunc(idx.fieldsOf(pos), func(f field) bool { return strings.Contains(f.text, r) }) {
			return false
		}
	}
	return true
}

// holdsRuns reports whether text holds every Han run.
func holdsRuns(text string, runs []string) bool {
	for _, r := range runs {
		if !strings.Contains(text, r) {
			return false
		}
	}
	return true
}

// explain says what matched in a hit: a name equal to a form of the query,
// or else for each word the first field (the weightiest) that holds it;
// the form found there (the name, or the word); and whether every word
// matched as typed.
func (idx *searchIndex) explain(pos int32, ts []term, forms []queryForm, han []string) (field, form string, exact bool) {
	fs := idx.fieldsOf(pos)
	if len(han) > 0 {
		// A Chinese query matched where its characters stand together: the
		// field to show is the one that holds every run, not the first that
		// holds each character.
		for _, f := range fs {
			if holdsRuns(f.text, han) {
				return f.key, f.raw, true
			}
		}
	}
	for _, f := range fs {
		if !f.name {
			continue
		}
		for _, qf := range forms {
			if f.text == qf.text || f.flat == qf.flat {
				return f.key, f.raw, qf.exact && f.text == qf.text
			}
		}
	}
	var keys, found []string
	exact = true
	for _, t := range ts {
		for _, f := range fs {
			tok, joined, ok := holds(f, t)
			if !ok {
				continue
			}
			if !slices.Contains(keys, f.key) {
				keys = append(keys, f.key)
			}
			shown := tok
			if f.name || f.linked {
				shown = f.raw
			}
			if !slices.Contains(found, shown) {
				found = append(found, shown)
			}
			exact = exact && !t.fuzzy && !joined && (tok == t.word || t.prefix && strings.HasPrefix(tok, t.word))
			break
		}
	}
	return strings.Join(keys, " + "), strings.Join(found, " + "), exact
}

// holds returns the word of f that counts as t, if there is one, and
// whether f holds it only as two words joined (Black List for blacklist).
func holds(f field, t term) (tok string, joined, ok bool) {
	for _, tok := range indexTokens(f.text, f.name) {
		for _, alt := range t.alts {
			if tok == alt || t.prefix && strings.HasPrefix(tok, alt) {
				return tok, !slices.Contains(tokens(f.text), tok), true
			}
		}
	}
	return "", false, false
}

// snippet is the part of the node's first text that holds the query's first
// word, or the node's label when no text does.
func (idx *searchIndex) snippet(pos int32, ts []term) string {
	for _, f := range idx.fieldsOf(pos) {
		if f.name || f.linked {
			continue
		}
		for _, alt := range ts[0].alts {
			if strings.Contains(f.text, alt) {
				return snip(f.raw, f.text, alt)
			}
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
