package corpus_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/loadertest"
)

func embeddedStore(t *testing.T) *graph.View { return loadertest.EmbeddedView(t) }

// TestNegatedMentionsLeftOut checks that Metricocracy's “not as a dystopian
// surveillance apparatus” is kept as a negated mention, with its sentence,
// and counts in no co-occurrence, no related publication and no list of the
// publication's concepts.
func TestNegatedMentionsLeftOut(t *testing.T) {
	t.Parallel()
	st := embeddedStore(t)
	ctx := context.Background()
	const pub, surv = "pub/metricocracy", "concept/surveillance"
	e, ok := st.Edge(pub, graph.NegatedMention, surv)
	if !ok || len(e.Evidence) != 1 || !strings.Contains(e.Evidence[0].Quote, "not as a dystopian surveillance apparatus") {
		t.Fatalf("negated edge %s -> %s: %+v, %v; want one with the sentence", pub, surv, e, ok)
	}
	if _, ok := st.Edge(pub, graph.Mentions, surv); ok {
		t.Errorf("%s also mentions %s", pub, surv)
	}
	p, _ := st.Publication(pub)
	if slices.Contains(p.Concepts, surv) {
		t.Errorf("%s concepts %v include %s", pub, p.Concepts, surv)
	}
	co, err := st.CooccurringConcepts(ctx, surv)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range co {
		if slices.Contains(c.Via, pub) {
			t.Errorf("%s co-occurs with %s through %s", surv, c.ID, pub)
		}
	}
	rel, err := st.RelatedPublications(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rel {
		if slices.Contains(r.Via, surv) {
			t.Errorf("%s is related to %s through %s", pub, r.ID, surv)
		}
	}
}

// TestAuthorOrderAsGiven checks that authors keep the data file's order
// whether or not a source gives the byline order: nothing sorts them.
func TestAuthorOrderAsGiven(t *testing.T) {
	t.Parallel()
	st := embeddedStore(t)
	for _, tc := range []struct {
		pub   string
		known bool
		want  []string
	}{
		{"pub/2025-trusting-by-numbers", false, []string{"person/chuncheng-liu", "person/akos-rona-tas"}},
		{"pub/2026-us-media-scs-imaginary", false, []string{"person/chuncheng-liu", "person/marianne-von-blomberg"}},
		{"pub/2023-black-or-fifty-shades-of-grey", true, []string{"person/alexander-trauth-goik", "person/chuncheng-liu"}},
	} {
		p, ok := st.Publication(tc.pub)
		if !ok {
			t.Fatalf("no %s", tc.pub)
		}
		if !reflect.DeepEqual(p.Authors, tc.want) || p.AuthorOrderKnown != tc.known {
			t.Errorf("%s: authors %v (order known %v), want %v (%v)", tc.pub, p.Authors, p.AuthorOrderKnown, tc.want, tc.known)
		}
	}
}

// TestNodePageLinksSources checks that a node's JSON-LD page (/id/...) gives
// the source of each fact as a link to its public address.
func TestNodePageLinksSources(t *testing.T) {
	t.Parallel()
	st := embeddedStore(t)
	for _, tc := range []struct{ id, url string }{
		{"actor/pboc", "http://www.pbc.gov.cn/"}, // the Chinese name
		{"actor/pboc", "https://www.chunchengliu.com/social-credit-systems"},
		{"pub/2023-black-or-fifty-shades-of-grey", "https://doi.org/10.1080/10670564.2022.2128638"},
	} {
		var buf strings.Builder
		if err := st.NodeJSONLD(context.Background(), tc.id, &buf); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal([]byte(buf.String()), &doc); err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if !strings.Contains(buf.String(), `"@id": "`+tc.url+`"`) && !strings.Contains(buf.String(), `"@id":"`+tc.url+`"`) {
			t.Errorf("the JSON-LD of %s does not link %s", tc.id, tc.url)
		}
	}
}
