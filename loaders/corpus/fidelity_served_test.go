package corpus_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
	"github.com/scsgraph/scsgraph/loaders/mention"
)

// bibBlocks splits bibliography.md into its top-level list items and
// paragraphs, each with the lines under it, so that a fact can be checked
// against the item that names its source.
func bibBlocks(bib string) []string {
	start := regexp.MustCompile(`^(\d+\. |- |#)`)
	var blocks []string
	cur := ""
	for _, l := range strings.Split(bib, "\n") {
		if start.MatchString(l) || l == "" {
			if strings.TrimSpace(cur) != "" {
				blocks = append(blocks, oneSpace(cur))
			}
			cur = ""
		}
		cur += l + "\n"
	}
	return append(blocks, oneSpace(cur))
}

// quoted finds the text between curly double quotes.
var quoted = regexp.MustCompile(`“([^”]+)”`)

// bibNames are the words by which bibliography.md names a source that it
// does not name by its address.
func bibNames() map[string][]string {
	return map[string][]string{
		"source/publication-list": {"the publication list on the scholar's site", "the scholar's site"},
	}
}

// sourceTexts returns, for an evidence, the texts that must contain what it
// supports: the research page when its address is the page's, and the
// items of bibliography.md that name its address (a DOI page by its DOI) or
// the source itself.
func (f *fidelity) sourceTexts(ev graph.Evidence) []string {
	var out []string
	if ev.URL == f.pageURL {
		out = append(out, f.seed.page)
	}
	keys := []string{ev.URL, strings.TrimPrefix(ev.URL, "https://doi.org/")}
	keys = append(keys, bibNames()[ev.Source]...)
	for _, b := range f.blocks {
		for _, k := range keys {
			if k != "" && strings.Contains(b, k) {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// fidelity holds what the served-value checks compare with.
type fidelity struct {
	seed    seed
	blocks  []string
	pageURL string
	names   map[string][]string // node -> label, names, aliases
	scholar string              // the person whose research page it is
}

// contains reports whether one of texts holds s, comparing with one space
// and straight apostrophes, and ignoring case.
func contains(texts []string, s string) bool {
	for _, t := range texts {
		if strings.Contains(fold(t), fold(s)) {
			return true
		}
	}
	return false
}

// names reports whether text names node, as the mention extractor reads it.
func (f *fidelity) namesNode(text, node string) bool {
	x := mention.NewExtractor([]mention.Target{{ID: node, Aliases: f.names[node]}})
	return len(x.Find(text)) > 0
}

// TestFidelityServedValues checks every fact of the embedded corpus, which
// is what the API serves: its evidence has a public URL; a value taken from
// a source is found in that source's text (the research page, or the item
// of bibliography.md that names the source's address); a quote is found
// verbatim; a quote that links a publication to a concept or an actor, or
// two concepts, names them; and a quote from a question's introduction is
// from a sentence that names the work it is linked to.
func TestFidelityServedValues(t *testing.T) {
	t.Parallel()
	sd := readSeed(t)
	b := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", b); err != nil {
		t.Fatal(err)
	}
	f := &fidelity{seed: sd, blocks: bibBlocks(sd.bibliography), names: map[string][]string{}}
	abstracts := map[string]string{}
	intros := map[string]string{}   // question -> intro
	question := map[string]string{} // publication -> question
	for _, x := range b.Facts {
		switch x.Pred {
		case graph.Name, graph.PrefLabel, graph.AltLabel, graph.Acronym, graph.NameZh, graph.AltNameZh:
			f.names[x.Subject] = append(f.names[x.Subject], literal(x.Object))
		case graph.URL:
			if x.Subject == "source/research-page" {
				f.pageURL = x.Object.(string)
			}
		case graph.Abstract:
			abstracts[x.Subject] = x.Object.(string)
		case graph.Answers:
			question[x.Subject] = string(x.Object.(graph.ID))
		case graph.Description:
			if graph.KindOf(x.Subject) == graph.KindQuestion {
				intros[x.Subject] = x.Object.(string)
			}
		}
	}
	if f.pageURL == "" {
		t.Fatal("source/research-page has no url")
	}
	f.scholar = "person/chuncheng-liu"
	checked := map[string]int{}
	for _, x := range b.Facts {
		ev := x.Evidence
		what := fmt.Sprintf("%s:%d: %s %s %v", ev.File, ev.Line, x.Subject, x.Pred.ShortName(), x.Object)
		if ev.URL == "" {
			t.Errorf("%s: evidence without a url", what)
			continue
		}
		texts := f.sourceTexts(ev)
		if len(texts) == 0 {
			t.Errorf("%s: no text of the seed is the source %s (%s)", what, ev.Source, ev.URL)
			continue
		}
		if ev.Quote != "" {
			checked["quote"]++
			if !contains(texts, ev.Quote) {
				t.Errorf("%s: quote %q is not in the text of %s", what, ev.Quote, ev.URL)
			}
		}
		if graph.KindOf(x.Subject) == graph.KindSource {
			continue // a source's own description of itself
		}
		if id, ok := x.Object.(graph.ID); ok {
			checked["link"]++
			f.checkLink(t, what, x, string(id), texts, abstracts, intros, question)
			continue
		}
		switch x.Pred {
		case graph.Name, graph.PrefLabel, graph.AltLabel, graph.Acronym, graph.NameZh, graph.AltNameZh, graph.Abstract, graph.Definition,
			graph.Quote, graph.DOI, graph.Pagination, graph.Preprint, graph.PublishedOn, graph.Status:
			checked["value"]++
			ok := contains(texts, literal(x.Object))
			if x.Pred == graph.Name && graph.KindOf(x.Subject) == graph.KindMethod {
				// A method's name is a category; one of its aliases is the page's words.
				for _, n := range f.names[x.Subject] {
					ok = ok || contains(texts, n)
				}
			}
			if !ok {
				t.Errorf("%s: value %q is not in the text of %s", what, literal(x.Object), ev.URL)
			}
		case graph.DatePublished:
			checked["value"]++
			if !contains(texts, strconv.Itoa(x.Object.(int))) {
				t.Errorf("%s: year %v is not in the text of %s", what, x.Object, ev.URL)
			}
		case graph.Description, graph.Text, graph.Affiliation:
			checked["value"]++
			if graph.KindOf(x.Subject) == graph.KindQuestion {
				if !contains(texts, literal(x.Object)) {
					t.Errorf("%s: %q is not in the text of %s", what, literal(x.Object), ev.URL)
				}
				continue
			}
			// Our own words (a statement, a description): what they put in
			// quotation marks is the source's, verbatim.
			for _, m := range quoted.FindAllStringSubmatch(literal(x.Object), -1) {
				if !contains(texts, m[1]) {
					t.Errorf("%s: the quoted %q is not in the text of %s", what, m[1], ev.URL)
				}
			}
		case graph.Pseudonym:
			checked["value"]++
			for _, n := range f.names[x.Subject] {
				if !contains(texts, "“"+n) {
					t.Errorf("%s: the source does not write %q in quotation marks", what, n)
				}
			}
		}
	}
	t.Logf("checked %d facts: %d quotes, %d values, %d links", len(b.Facts), checked["quote"], checked["value"], checked["link"])
}

// checkLink checks a link between two nodes.
func (f *fidelity) checkLink(t *testing.T, what string, x graph.Fact, target string, texts []string,
	abstracts, intros, question map[string]string) {
	t.Helper()
	q := x.Evidence.Quote
	switch x.Pred {
	case graph.Mentions, graph.NegatedMention, graph.Broader, graph.Narrower, graph.Related, graph.HeldBy:
		if q == "" {
			t.Errorf("%s: no quote", what)
			return
		}
		if !f.namesNode(q, target) {
			t.Errorf("%s: the quote %q does not name %s", what, q, target)
		}
		if x.Pred != graph.HeldBy && graph.KindOf(x.Subject) != graph.KindPublication && !f.namesNode(q, x.Subject) {
			t.Errorf("%s: the quote %q does not name %s", what, q, x.Subject)
		}
	case graph.RDFType:
	default:
		if q == "" {
			ok := contains(texts, firstOr(f.names[target], target))
			if x.Pred == graph.Author && target == f.scholar {
				ok = true // every work of the page and of bibliography.md's list is the scholar's
			}
			if x.Pred == graph.Answers {
				ok = true // the heading above the abstract: TestFidelityPublications
			}
			if !ok {
				t.Errorf("%s: %s (%q) is not in the text of %s", what, target, firstOr(f.names[target], target), x.Evidence.URL)
			}
		}
	}
	// A quote that ties a publication to something must come from its
	// abstract, or from a sentence of its question's introduction that
	// names the work.
	pub := ""
	switch {
	case graph.KindOf(x.Subject) == graph.KindPublication && q != "" && x.Evidence.Source != x.Subject:
		pub = x.Subject
	case x.Pred == graph.ReportedIn || x.Pred == graph.PremiseOf:
		pub = target
	}
	if pub == "" || strings.Contains(abstracts[pub], q) {
		return
	}
	intro := intros[question[pub]]
	if intro == "" || !strings.Contains(intro, q) {
		t.Errorf("%s: quote %q is in neither the abstract of %s nor its question's introduction", what, q, pub)
		return
	}
	for _, s := range mention.Sentences(intro) {
		if strings.Contains(s, q) || strings.Contains(q, s) {
			if got := introNames(s); got != pub {
				t.Errorf("%s: the introduction's sentence %q names %q, not %s", what, s, got, pub)
			}
		}
	}
}

// introNames returns the work that a sentence of a question's introduction
// names, as a reader of the page attributes it; "" for a sentence that
// names none.
func introNames(sentence string) string {
	for prefix, pub := range map[string]string{
		"My early research (2019)":                    "pub/2019-multiple-social-credit-systems-in-china",
		"I show that the SCS is not":                  "pub/2019-multiple-social-credit-systems-in-china",
		"Through a detailed case study":               "pub/2025-trusting-by-numbers",
		"Based on interviews with policymakers":       "pub/2025-oxford-handbook-chapter-machine-learning-adoption",
		"Using national survey data":                  "pub/2022-who-supports-expanding-surveillance",
		"With Alexander Trauth-Goik":                  "pub/2023-black-or-fifty-shades-of-grey",
		"With Marianne von Blomberg":                  "pub/2026-us-media-scs-imaginary",
		"This narrative often serves as a rhetorical": "pub/2026-us-media-scs-imaginary",
	} {
		if strings.HasPrefix(sentence, prefix) {
			return pub
		}
	}
	return ""
}

func firstOr(ss []string, def string) string {
	if len(ss) > 0 {
		return ss[0]
	}
	return def
}

// literal is a fact's object as text.
func literal(o any) string {
	switch v := o.(type) {
	case string:
		return v
	case graph.LangString:
		return v.Text
	}
	return fmt.Sprint(o)
}
