package schema

import (
	"testing"

	"github.com/scsgraph/scsgraph/loaders/loadertest"
)

// TestProvenanceOnTheCorpus queries the embedded corpus for what the
// provenance audit asked: per-value evidence with its source's link, no
// evidence for an empty field, authors in the data's order, sources with
// their address, claims' variants and holders, the premise of the 2026
// article, the page's own tension and the Meritown pseudonym.
func TestProvenanceOnTheCorpus(t *testing.T) {
	t.Parallel()
	st := loadertest.EmbeddedView(t)
	s, err := New(st, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const page = "https://www.chunchengliu.com/social-credit-systems"
	runQueryTests(t, s, []queryTest{
		{name: "Chinese name from the bank's own site", query: `{ node(id: "actor/pboc") { ... on Actor { nameZh
			zh: evidence(field: "nameZh") { url source { id } } acr: evidence(field: "acronym") { url } } } }`,
			want: `{"node":{"nameZh":"中国人民银行","zh":[{"url":"http://www.pbc.gov.cn/","source":{"id":"source/pbc-gov-cn"}}],"acr":[{"url":"http://www.pbc.gov.cn/en/"}]}}`},
		{name: "no evidence for an empty field", query: `{ node(id: "actor/citizens") { ... on Actor { nameZh
			zh: evidence(field: "nameZh") { url } } } m: node(id: "actor/us-media") { ... on Actor { aliases evidence(field: "aliases") { url } } } }`,
			want: `{"node":{"nameZh":null,"zh":[]},"m":{"aliases":[],"evidence":[]}}`},
		{name: "authors in the data's order when no source gives the byline", query: `{ node(id: "pub/2025-trusting-by-numbers") { ... on Publication {
			authors { id } authorOrderKnown } } }`,
			want: `{"node":{"authors":[{"id":"person/chuncheng-liu"},{"id":"person/akos-rona-tas"}],"authorOrderKnown":false}}`},
		{name: "source with its address", query: `{ node(id: "source/research-page") { ... on Source { title url publisher accessed } } }`,
			want: `{"node":{"title":"Chinese Social Credit Systems","url":"` + page + `","publisher":"Chuncheng Liu","accessed":null}}`},
		{name: "DOI as a link, and cited at its DOI page", query: `{ node(id: "pub/2023-black-or-fifty-shades-of-grey") { ... on Publication {
			doiUrl evidence(field: "doi") { url } } } }`,
			want: `{"node":{"doiUrl":"https://doi.org/10.1080/10670564.2022.2128638","evidence":[{"url":"https://doi.org/10.1080/10670564.2022.2128638"}]}}`},
		{name: "a wording of the monolith myth, with its holder", query: `{ node(id: "claim/orwellian-scoring-scheme") { ... on Claim {
			variantOf { id } heldBy { id } } } }`,
			want: `{"node":{"variantOf":{"id":"claim/unified-orwellian-monolith"},"heldBy":[{"id":"actor/western-media"}]}}`},
		{name: "earlier work's finding is the premise of the 2026 article", query: `{ node(id: "finding/orwellian-portrayal-unlike-reality") { ... on Finding {
			publication { id } premiseOf { id } } } }`,
			want: `{"node":{"publication":null,"premiseOf":{"id":"pub/2026-us-media-scs-imaginary"}}}`},
		{name: "the page's own tension", query: `{ a: node(id: "finding/high-status-more-skeptical") { ... on Finding { conflictsWith { id } quote } }
			b: node(id: "finding/trust-and-status-correlate-with-support") { ... on Finding { conflictsWith { id } } } }`,
			want: `{"a":{"conflictsWith":[{"id":"finding/trust-and-status-correlate-with-support"}],"quote":"counterintuitively, Chinese Communist Party members and high-status individuals often show more skepticism toward state surveillance than the general public"},
				"b":{"conflictsWith":[{"id":"finding/high-status-more-skeptical"}]}}`},
		{name: "pseudonym", query: `{ node(id: "place/meritown") { ... on Place { name pseudonym } } }`,
			want: `{"node":{"name":"Meritown","pseudonym":true}}`},
		{name: "the handbook is an edited book", query: `{ node(id: "venue/oxford-handbook-sociology-of-machine-learning") { ... on Venue {
			isBook publisher publishedBy { id } editors { id } } } }`,
			want: `{"node":{"isBook":true,"publisher":"Oxford University Press","publishedBy":{"id":"actor/oxford-university-press"},
				"editors":[{"id":"person/christian-borch"},{"id":"person/juan-pablo-pardo-guerra"}]}}`},
		{name: "myth corrected by the chapter", query: `{ node(id: "claim/ml-adoption-technical-or-social") { ... on Claim { myth contradictedBy { id } } } }`,
			want: `{"node":{"myth":true,"contradictedBy":[{"id":"finding/ml-technical-and-social-balance"}]}}`},
	})
}
