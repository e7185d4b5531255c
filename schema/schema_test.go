package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/parser"

	"github.com/scsgraph/scsgraph/graph"
)

// codes returns the extensions.code of each error.
func codes(res *graphql.Result) []string {
	var out []string
	for _, e := range res.Errors {
		out = append(out, codeOf(e))
	}
	return out
}

type queryTest struct {
	name  string
	query string
	vars  map[string]any
	want  string   // the data, as JSON; "" to skip
	codes []string // the codes of the errors, in order
	limit string   // the extensions.limit of the first error, when a limit is hit
}

func runQueryTests(t *testing.T, s *Schema, tests []queryTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Do(context.Background(), Request{Query: tt.query, Variables: tt.vars})
			if got := codes(res); !reflect.DeepEqual(got, tt.codes) {
				t.Fatalf("error codes = %v, want %v; errors: %+v", got, tt.codes, res.Errors)
			}
			if tt.limit != "" && res.Errors[0].Extensions["limit"] != tt.limit {
				t.Errorf("limit = %v, want %s", res.Errors[0].Extensions["limit"], tt.limit)
			}
			if tt.want == "" {
				return
			}
			got, err := json.Marshal(res.Data)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, got, []byte(tt.want)) {
				t.Errorf("data = %s\nwant   %s", got, tt.want)
			}
		})
	}
}

func TestQueries(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	runQueryTests(t, s, []queryTest{
		{name: "node publication", query: `{ node(id: "pub/2019-multiple") { id kind label iri ... on Publication {
			title titleKnown year type venue { name publisher } doi pagination preprints authors { id } authorOrderKnown
			question { text } concepts { id } actors { id } methods { name } places { name } findings { statement }
			cites { id } citedBy { id } related(first: 1) { publication { id } score sharedConcepts { id } } } } }`,
			want: `{"node":{"id":"pub/2019-multiple","kind":"PUBLICATION","label":"Multiple Social Credit Systems in China",
			"iri":"https://scsgraph.org/id/pub/2019-multiple","title":"Multiple Social Credit Systems in China","titleKnown":true,
			"year":2019,"type":"ARTICLE","venue":{"name":"Journal A","publisher":"Press A"},"doi":null,"pagination":"21(1): 22–32",
			"preprints":[],"authors":[{"id":"person/alice"}],"authorOrderKnown":true,"question":{"text":"Is there one unified system?"},
			"concepts":[{"id":"concept/blacklist"},{"id":"concept/scs"}],"actors":[{"id":"actor/pboc"}],
			"methods":[{"name":"national survey"}],"places":[{"name":"Meritown"}],"findings":[{"statement":"There are multiple SCSs."}],
			"cites":[],"citedBy":[{"id":"pub/2022-fifty-shades"}],
			"related":[{"publication":{"id":"pub/2024-book"},"score":2,"sharedConcepts":[{"id":"concept/blacklist"},{"id":"concept/scs"}]}]}}`},
		{name: "publication title evidence", query: `{ node(id: "pub/2019-multiple") { ... on Publication {
			evidence(field: "title") { source { id } url quote file line }
			concepts: evidence(field: "concepts") { source { id } quote line } } } }`,
			want: `{"node":{"evidence":[{"source":null,"url":"https://econpapers.repec.org/RePEc:osf:socarx:v9frs","quote":null,"file":"publications.yaml","line":3}],
			"concepts":[{"source":{"id":"pub/2019-multiple"},"quote":"Beyond the blacklist","line":9},{"source":{"id":"source/page"},"quote":null,"line":59}]}}`},
		{name: "publication with unknown title and author order", query: `{ node(id: "pub/2024-book") { ... on Publication {
			title titleKnown description status type authors { name } authorOrderKnown } } }`,
			want: `{"node":{"title":null,"titleKnown":false,"description":"A book on social credit (in progress)","status":"in progress",
			"type":"BOOK","authors":[{"name":"Alice Liu"},{"name":"Carol Wu"}],"authorOrderKnown":false}}`},
		{name: "authors in order", query: `{ node(id: "pub/2022-fifty-shades") { ... on Publication { authors { id } doi preprints } } }`,
			want: `{"node":{"authors":[{"id":"person/bob"},{"id":"person/alice"}],"doi":"10.1177/02685809221084446","preprints":["SocArXiv v9frs"]}}`},
		{name: "person", query: `{ node(id: "person/alice") { ... on Person { name nameZh affiliation aliases
			publications { id } coauthors { person { id } count publications { id } } } } }`,
			want: `{"node":{"name":"Alice Liu","nameZh":"刘爱","affiliation":"University A","aliases":[],
			"publications":[{"id":"pub/2019-multiple"},{"id":"pub/2022-fifty-shades"},{"id":"pub/2024-book"}],
			"coauthors":[{"person":{"id":"person/bob"},"count":1,"publications":[{"id":"pub/2022-fifty-shades"}]},
			{"person":{"id":"person/carol"},"count":1,"publications":[{"id":"pub/2024-book"}]}]}}`},
		{name: "actor", query: `{ node(id: "actor/pboc") { ... on Actor { name acronym nameZh aliases type
			publications { id } concepts(first: 1) { concept { id } weight publications { id } } } } }`,
			want: `{"node":{"name":"People's Bank of China","acronym":"PBOC","nameZh":"中国人民银行","aliases":["central bank"],"type":"STATE_AGENCY",
			"publications":[{"id":"pub/2019-multiple"},{"id":"pub/2022-fifty-shades"}],
			"concepts":[{"concept":{"id":"concept/blacklist"},"weight":2,"publications":[{"id":"pub/2019-multiple"},{"id":"pub/2022-fifty-shades"}]}]}}`},
		{name: "actor name falls back to label", query: `{ node(id: "actor/ndrc") { ... on Actor { name nameZh } } }`,
			want: `{"node":{"name":"National Development and Reform Commission","nameZh":null}}`},
		{name: "concept", query: `{ node(id: "concept/blacklist") { label ... on Concept { prefLabel altLabels definition
			broader { id } narrower { id } related { id } cooccurring(first: 5) { concept { id } weight }
			publications { id } actors { actor { id } weight publications { id } } } } }`,
			want: `{"node":{"label":"blacklist","prefLabel":"blacklist","altLabels":["blacklists","黑名单"],
			"definition":"A list of untrustworthy parties.","broader":[{"id":"concept/scs"}],"narrower":[],"related":[{"id":"concept/score"}],
			"cooccurring":[{"concept":{"id":"concept/scs"},"weight":2},{"concept":{"id":"concept/score"},"weight":1}],
			"publications":[{"id":"pub/2019-multiple"},{"id":"pub/2022-fifty-shades"},{"id":"pub/2024-book"}],
			"actors":[{"actor":{"id":"actor/pboc"},"weight":2,"publications":[{"id":"pub/2019-multiple"},{"id":"pub/2022-fifty-shades"}]},
			{"actor":{"id":"actor/ndrc"},"weight":1,"publications":[{"id":"pub/2022-fifty-shades"}]}]}}`},
		{name: "narrower from broader, related both ways", query: `{ scs: node(id: "concept/scs") { ... on Concept { narrower { id } } }
			score: node(id: "concept/score") { ... on Concept { related { id } } } }`,
			want: `{"scs":{"narrower":[{"id":"concept/blacklist"}]},"score":{"related":[{"id":"concept/blacklist"}]}}`},
		{name: "question, method, place, venue", query: `{
			q: node(id: "question/unified") { ... on Question { text intro position publications { id } } }
			m: node(id: "method/survey") { ... on Method { name aliases description publications { id } } }
			p: node(id: "place/meritown") { ... on Place { name aliases description publications { id } } }
			v: node(id: "venue/journal-a") { ... on Venue { name publisher publications { id } } } }`,
			want: `{"q":{"text":"Is there one unified system?","intro":"Many assume there is one.","position":1,"publications":[{"id":"pub/2019-multiple"}]},
			"m":{"name":"national survey","aliases":["national surveys"],"description":null,"publications":[{"id":"pub/2019-multiple"}]},
			"p":{"name":"Meritown","aliases":[],"description":"a northern Chinese city","publications":[{"id":"pub/2019-multiple"}]},
			"v":{"name":"Journal A","publisher":"Press A","publications":[{"id":"pub/2019-multiple"}]}}`},
		{name: "finding, claim, source", query: `{
			f: node(id: "finding/multiple") { ... on Finding { statement quote publication { id } supports { id } contradicts { id myth } } }
			c: node(id: "claim/one-database") { kind ... on Claim { statement quote myth supportedBy { id } contradictedBy { id } } }
			s: node(id: "source/page") { kind ... on Source { title } } }`,
			want: `{"f":{"statement":"There are multiple SCSs.","quote":"there are in fact multiple SCSs","publication":{"id":"pub/2019-multiple"},
			"supports":[],"contradicts":[{"id":"claim/one-database","myth":true}]},
			"c":{"kind":"CLAIM","statement":"The SCS is one centralized database.","quote":"Many assume the SCS is a single, centralized database.",
			"myth":true,"supportedBy":[],"contradictedBy":[{"id":"finding/multiple"}]},
			"s":{"kind":"SOURCE","title":"Research page"}}`},
		{name: "provenance", query: `{ node(id: "place/meritown") { provenance { field evidence { sourceId file line } } } }`,
			want: `{"node":{"provenance":[{"field":"label","evidence":[{"sourceId":"source/page","file":"fixture.yaml","line":23}]},
			{"field":"name","evidence":[{"sourceId":"source/page","file":"fixture.yaml","line":24}]},
			{"field":"description","evidence":[{"sourceId":"source/page","file":"fixture.yaml","line":25}]},
			{"field":"publications","evidence":[{"sourceId":"source/page","file":"fixture.yaml","line":58}]}]}}`},
		{name: "nodes keeps order and nulls", query: `{ nodes(ids: ["actor/ndrc", "concept/none", "pub/2024-book"]) { id } }`,
			want: `{"nodes":[{"id":"actor/ndrc"},null,{"id":"pub/2024-book"}]}`},
		{name: "search Chinese alias", query: `{ search(text: "人民银行") { node { id } snippet } }`,
			want: `{"search":[{"node":{"id":"actor/pboc"},"snippet":"People's Bank of China"}]}`},
		{name: "search prefix within kinds", query: `{ search(text: "black", kinds: [CONCEPT], first: 5) { node { id label } } }`,
			want: `{"search":[{"node":{"id":"concept/blacklist","label":"blacklist"}}]}`},
		{name: "search nothing", query: `{ search(text: "zzzz") { score } }`, want: `{"search":[]}`},
		{name: "publications by year", query: `{ publications { totalCount nodes { id year } } }`,
			want: `{"publications":{"totalCount":3,"nodes":[{"id":"pub/2019-multiple","year":2019},{"id":"pub/2022-fifty-shades","year":2022},{"id":"pub/2024-book","year":2024}]}}`},
		{name: "publications filter years and type", query: `{ publications(filter: {yearFrom: 2020, type: ARTICLE}) { totalCount nodes { id } } }`,
			want: `{"publications":{"totalCount":1,"nodes":[{"id":"pub/2022-fifty-shades"}]}}`},
		{name: "publications filter links", query: `query($c: [ID!]) { publications(filter: {concepts: $c, authors: ["person/alice"], yearTo: 2023}) { nodes { id } } }`,
			vars: map[string]any{"c": []any{"concept/blacklist", "concept/scs"}},
			want: `{"publications":{"nodes":[{"id":"pub/2019-multiple"}]}}`},
		{name: "publications filter question, method, place, actor", query: `{ publications(filter: {question: "question/unified",
			methods: ["method/survey"], places: ["place/meritown"], actors: ["actor/pboc"]}) { nodes { id } } }`,
			want: `{"publications":{"nodes":[{"id":"pub/2019-multiple"}]}}`},
		{name: "publications filter text", query: `{ publications(filter: {text: "fifty shades"}) { nodes { id } } }`,
			want: `{"publications":{"nodes":[{"id":"pub/2022-fifty-shades"}]}}`},
		{name: "concepts", query: `{ concepts { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage } } }`,
			want: `{"concepts":{"totalCount":3,"nodes":[{"id":"concept/blacklist"},{"id":"concept/score"},{"id":"concept/scs"}],"pageInfo":{"hasNextPage":false,"hasPreviousPage":false}}}`},
		{name: "actors and people", query: `{ actors { nodes { id } } people(first: 1) { totalCount edges { node { name } } pageInfo { hasNextPage } } }`,
			want: `{"actors":{"nodes":[{"id":"actor/ndrc"},{"id":"actor/pboc"}]},"people":{"totalCount":3,"edges":[{"node":{"name":"Alice Liu"}}],"pageInfo":{"hasNextPage":true}}}`},
		{name: "other lists", query: `{ methods { totalCount } places { totalCount } venues { totalCount } findings { nodes { id } }
			claims { nodes { id } } sources { nodes { id } } }`,
			want: `{"methods":{"totalCount":1},"places":{"totalCount":1},"venues":{"totalCount":1},"findings":{"nodes":[{"id":"finding/multiple"}]},
			"claims":{"nodes":[{"id":"claim/one-database"}]},"sources":{"nodes":[{"id":"source/page"}]}}`},
		{name: "empty page", query: `{ concepts(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor startCursor } } }`,
			want: `{"concepts":{"totalCount":3,"edges":[],"pageInfo":{"hasNextPage":true,"endCursor":null,"startCursor":null}}}`},
		{name: "questions in order", query: `{ questions { id position } }`,
			want: `{"questions":[{"id":"question/unified","position":1},{"id":"question/scores","position":2}]}`},
		{name: "neighborhood", query: `{ neighborhood(id: "concept/score") { nodes { id } edges { source target predicate label weight evidence { line } } truncated } }`,
			want: `{"neighborhood":{"nodes":[{"id":"concept/score"},{"id":"concept/blacklist"},{"id":"pub/2022-fifty-shades"}],
			"edges":[{"source":"concept/score","target":"concept/blacklist","predicate":"related","label":"is related to","weight":1,"evidence":[{"line":36}]},
			{"source":"pub/2022-fifty-shades","target":"concept/blacklist","predicate":"mentions","label":"mentions","weight":1,"evidence":[{"line":72}]},
			{"source":"pub/2022-fifty-shades","target":"concept/score","predicate":"mentions","label":"mentions","weight":1,"evidence":[{"line":73}]}],
			"truncated":false}}`},
		{name: "neighborhood limited", query: `{ neighborhood(id: "concept/score", depth: 2, kinds: [CONCEPT, PUBLICATION], limit: 2) { nodes { id } truncated } }`,
			want: `{"neighborhood":{"nodes":[{"id":"concept/score"},{"id":"concept/blacklist"}],"truncated":true}}`},
		{name: "path", query: `{ path(from: "actor/ndrc", to: "method/survey") { length nodes { id } edges { source predicate target sourceNode { label } } } }`,
			want: `{"path":{"length":3,"nodes":[{"id":"actor/ndrc"},{"id":"pub/2022-fifty-shades"},{"id":"pub/2019-multiple"},{"id":"method/survey"}],
			"edges":[{"source":"pub/2022-fifty-shades","predicate":"mentions","target":"actor/ndrc","sourceNode":{"label":"Black or Fifty Shades of Grey?"}},
			{"source":"pub/2022-fifty-shades","predicate":"cites","target":"pub/2019-multiple","sourceNode":{"label":"Black or Fifty Shades of Grey?"}},
			{"source":"pub/2019-multiple","predicate":"usesMethod","target":"method/survey","sourceNode":{"label":"Multiple Social Credit Systems in China"}}]}}`},
		{name: "path too short", query: `{ path(from: "actor/ndrc", to: "method/survey", maxLength: 2) { length } }`, want: `{"path":null}`},
		{name: "path unconnected", query: `{ path(from: "question/scores", to: "concept/scs") { length } }`, want: `{"path":null}`},
		{name: "concept graph", query: `{ conceptGraph(minWeight: 2) { nodes { id } edges { source target predicate weight evidence { source { id } } } truncated } }`,
			want: `{"conceptGraph":{"nodes":[{"id":"concept/blacklist"},{"id":"concept/scs"}],
			"edges":[{"source":"concept/blacklist","target":"concept/scs","predicate":"cooccursWith","weight":2,
			"evidence":[{"source":{"id":"pub/2019-multiple"}},{"source":{"id":"pub/2024-book"}}]}],"truncated":false}}`},
		{name: "citation graph", query: `{ citationGraph { nodes { id imported } edges { source target predicate } } }`,
			want: `{"citationGraph":{"nodes":[{"id":"pub/2019-multiple","imported":false},{"id":"pub/2022-fifty-shades","imported":false}],
			"edges":[{"source":"pub/2022-fifty-shades","target":"pub/2019-multiple","predicate":"cites"}]}}`},
		{name: "coauthor graph", query: `{ coauthorGraph { nodes { id } edges { source target label weight } } }`,
			want: `{"coauthorGraph":{"nodes":[{"id":"person/alice"},{"id":"person/bob"},{"id":"person/carol"}],
			"edges":[{"source":"person/alice","target":"person/bob","label":"co-authored with","weight":1},
			{"source":"person/alice","target":"person/carol","label":"co-authored with","weight":1}]}}`},
		{name: "timeline", query: `{ pubs: timeline { year count } concepts: timeline(kinds: [CONCEPT]) { year count } }`,
			want: `{"pubs":[{"year":2019,"count":1},{"year":2022,"count":1},{"year":2024,"count":1}],
			"concepts":[{"year":2019,"count":2},{"year":2022,"count":1}]}`},
		{name: "stats", query: `{ stats { nodes edges byKind { kind count } } }`,
			want: `{"stats":{"nodes":19,"edges":23,"byKind":[{"kind":"PUBLICATION","count":3},{"kind":"PERSON","count":3},{"kind":"ACTOR","count":2},
			{"kind":"CONCEPT","count":3},{"kind":"QUESTION","count":2},{"kind":"METHOD","count":1},{"kind":"PLACE","count":1},
			{"kind":"VENUE","count":1},{"kind":"FINDING","count":1},{"kind":"CLAIM","count":1},{"kind":"SOURCE","count":1},{"kind":"ORGANIZATION","count":0}]}}`},
		{name: "introspection is not depth limited", query: `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`},
		{name: "typename", query: `{ node(id: "actor/pboc") { __typename } }`, want: `{"node":{"__typename":"Actor"}}`},
	})
}

func TestErrors(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{MaxCost: 3000})
	deep := "{ node(id: \"pub/2019-multiple\") { ... on Publication { authors { publications { authors { publications { authors { publications { authors { publications { authors { publications { id } } } } } } } } } } } } }"
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := range 16 {
		fmt.Fprintf(&aliases, "a%d: stats { nodes } ", i)
	}
	aliases.WriteString("}")
	runQueryTests(t, s, []queryTest{
		{name: "unknown id", query: `{ node(id: "concept/none") { id } }`, want: `{"node":null}`, codes: []string{CodeNotFound}},
		{name: "malformed id", query: `{ node(id: "no slash") { id } }`, want: `{"node":null}`, codes: []string{CodeBadUserInput}},
		{name: "neighborhood of unknown id", query: `{ neighborhood(id: "actor/none") { truncated } }`, codes: []string{CodeNotFound}},
		{name: "path to unknown id", query: `{ path(from: "actor/pboc", to: "actor/none") { length } }`, want: `{"path":null}`, codes: []string{CodeNotFound}},
		{name: "unknown filter id", query: `{ publications(filter: {concepts: ["concept/none"]}) { totalCount } }`, codes: []string{CodeNotFound}},
		{name: "filter id of the wrong kind", query: `{ publications(filter: {authors: ["actor/pboc"]}) { totalCount } }`, codes: []string{CodeBadUserInput}},
		{name: "bad cursor", query: `{ concepts(after: "not a cursor!") { totalCount } }`, codes: []string{CodeBadUserInput}},
		{name: "cursor of a missing item", query: `{ concepts(after: "` + encodeCursor("concept/gone") + `") { totalCount } }`, codes: []string{CodeBadUserInput}},
		{name: "negative first", query: `{ concepts(first: -1) { totalCount } }`, codes: []string{CodeBadUserInput}},
		{name: "first too large", query: `{ concepts(first: 1000) { totalCount } }`, codes: []string{CodePageSizeLimit}, limit: "maxPageSize"},
		{name: "first too large in a variable", query: `query($n: Int) { search(text: "x", first: $n) { score } }`,
			vars: map[string]any{"n": float64(101)}, codes: []string{CodePageSizeLimit}, limit: "maxPageSize"},
		{name: "nested first too large", query: `{ node(id: "concept/scs") { ... on Concept { cooccurring(first: 500) { weight } } } }`,
			codes: []string{CodePageSizeLimit}},
		{name: "neighborhood too deep", query: `{ neighborhood(id: "actor/pboc", depth: 5) { truncated } }`, codes: []string{CodeBadUserInput}, limit: "maxNeighborhoodDepth"},
		{name: "neighborhood limit too large", query: `{ neighborhood(id: "actor/pboc", limit: 100000) { truncated } }`, codes: []string{CodePageSizeLimit}, limit: "maxSubgraphNodes"},
		{name: "path too long", query: `{ path(from: "actor/pboc", to: "actor/ndrc", maxLength: 50) { length } }`, codes: []string{CodeBadUserInput}, limit: "maxPathLength"},
		{name: "min weight zero", query: `{ conceptGraph(minWeight: 0) { truncated } }`, codes: []string{CodeBadUserInput}},
		{name: "depth limit", query: deep, codes: []string{CodeDepthLimit}, limit: "maxDepth"},
		{name: "depth limit through fragments", query: `{ node(id: "person/alice") { ...P } } fragment P on Person { publications { authors { publications { authors { publications { authors { publications { authors { publications { authors { id } } } } } } } } } } }`,
			codes: []string{CodeDepthLimit}},
		{name: "alias limit", query: aliases.String(), codes: []string{CodeAliasLimit}, limit: "maxAliases"},
		{name: "cost limit", query: `{ publications(first: 100) { nodes { concepts { publications { concepts { id } } } } } }`,
			codes: []string{CodeCostLimit}, limit: "maxCost"},
		{name: "parse error", query: `{ node(id: "x") { id }`, codes: []string{CodeParseFailed}},
		{name: "unknown field", query: `{ nodez { id } }`, codes: []string{CodeValidationFailed}},
		{name: "missing argument", query: `{ node { id } }`, codes: []string{CodeValidationFailed}},
		{name: "bad enum", query: `{ search(text: "x", kinds: [NOPE]) { score } }`, codes: []string{CodeValidationFailed}},
		{name: "no mutations", query: `mutation { stats { nodes } }`, codes: []string{CodeValidationFailed}},
		{name: "variable of the wrong type", query: `query($n: Int) { concepts(first: $n) { totalCount } }`,
			vars: map[string]any{"n": "ten"}, codes: []string{CodeBadUserInput}},
		{name: "unknown evidence field", query: `{ node(id: "pub/2019-multiple") { ... on Publication { evidence(field: "colour") { url } } } }`,
			codes: []string{CodeBadUserInput}},
		{name: "empty query", query: `  `, codes: []string{CodeBadRequest}},
		{name: "two operations without a name", query: `query A { stats { nodes } } query B { stats { edges } }`, codes: []string{CodeBadRequest}},
	})
}

func TestAliasesUnderLimit(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{MaxAliases: 2})
	res := s.Do(context.Background(), Request{Query: `{ a: stats { nodes } b: stats { edges } }`})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	res = s.Do(context.Background(), Request{Query: `{ a: stats { nodes } b: stats { edges } c: stats { quads } }`})
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeAliasLimit}) {
		t.Fatalf("codes = %v", got)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	const q = `query($after: String) { publications(first: 2, after: $after) {
		totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`
	type conn struct {
		Publications struct {
			TotalCount int
			Edges      []struct {
				Cursor string
				Node   struct{ ID string }
			}
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				EndCursor                    *string
			}
		}
	}
	page := func(after any) conn {
		t.Helper()
		res := s.Do(context.Background(), Request{Query: q, Variables: map[string]any{"after": after}})
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %+v", res.Errors)
		}
		raw, err := json.Marshal(res.Data)
		if err != nil {
			t.Fatal(err)
		}
		var c conn
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	var seen []string
	after := any(nil)
	for i := 0; ; i++ {
		c := page(after)
		p := c.Publications
		if p.TotalCount != 3 || p.PageInfo.HasPreviousPage != (i > 0) {
			t.Fatalf("page %d: %+v", i, p)
		}
		for _, e := range p.Edges {
			seen = append(seen, e.Node.ID)
		}
		if last := p.Edges[len(p.Edges)-1].Cursor; p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != last {
			t.Fatalf("page %d: endCursor %v, last edge's cursor %s", i, p.PageInfo.EndCursor, last)
		}
		if !p.PageInfo.HasNextPage {
			break
		}
		after = *p.PageInfo.EndCursor
		if i > 3 {
			t.Fatal("pagination does not end")
		}
	}
	want := []string{"pub/2019-multiple", "pub/2022-fifty-shades", "pub/2024-book"}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("pages = %v, want %v", seen, want)
	}
	// A page that ends exactly at the end of the list has no next page.
	c := page(encodeCursor("pub/2019-multiple"))
	if p := c.Publications; len(p.Edges) != 2 || p.PageInfo.HasNextPage {
		t.Fatalf("last full page: %+v", p)
	}
}

func TestPanicIsInternal(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	s := newTestSchema(t, Limits{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	stats := s.gql.QueryType().Fields()["stats"]
	stats.Resolve = s.guard("Query.stats", func(graphql.ResolveParams) (any, error) { panic("secret detail") })
	res := s.Do(WithRequestID(context.Background(), "req-1"), Request{Query: `{ stats { nodes } }`})
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeInternal}) {
		t.Fatalf("codes = %v (%+v)", got, res.Errors)
	}
	if strings.Contains(res.Errors[0].Message, "secret") {
		t.Errorf("the panic text reached the client: %q", res.Errors[0].Message)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "req-1") {
		t.Errorf("the panic was not logged with the request id: %s", logs.String())
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{Timeout: 20 * time.Millisecond})
	stats := s.gql.QueryType().Fields()["stats"]
	stats.Resolve = s.guard("Query.stats", func(p graphql.ResolveParams) (any, error) {
		<-p.Context.Done()
		return nil, p.Context.Err()
	})
	res := s.Do(context.Background(), Request{Query: `{ stats { nodes } }`})
	if got := codes(res); len(got) != 1 || got[0] != CodeTimeout {
		t.Fatalf("codes = %v (%+v)", got, res.Errors)
	}
}

func TestParseErrorIsShort(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	q := "{ " + strings.Repeat("x ", 900) + "!"
	res := s.Do(context.Background(), Request{Query: q})
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeParseFailed}) {
		t.Fatalf("codes = %v", got)
	}
	if n := len(res.Errors[0].Message); n > 210 {
		t.Errorf("the message is %d bytes long", n)
	}
	res = s.Do(context.Background(), Request{Query: "{" + strings.Repeat(" ", 70000) + "}"})
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeQueryTooLarge}) {
		t.Fatalf("codes = %v", got)
	}
}

// TestExpensiveDocuments checks that documents that would make parsing,
// validation or the analysis slow are rejected early.
func TestExpensiveDocuments(t *testing.T) {
	s := newTestSchema(t, Limits{})
	nest := "query { ...F0 } fragment F0 on Query { ...F1 ...F1 }"
	for i := 1; i < 40; i++ {
		nest += fmt.Sprintf(" fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	nest += " fragment F40 on Query { stats { nodes } }"
	for _, tt := range []struct {
		name, query, code, limit string
	}{
		{"many tokens", "{ " + strings.Repeat("x ", 30000) + "}", CodeQueryTooLarge, "maxTokens"},
		{"many fields", "{ " + strings.Repeat("x ", 600) + "}", CodeCostLimit, "maxSelections"},
		{"syntax error far along one line", "{ " + strings.Repeat("stats ", 900) + "!", CodeParseFailed, ""},
		{"long string literal", `{ node(id: "` + strings.Repeat("x", 5000) + `") { id } }`, CodeQueryTooLarge, "maxLineBytes"},
		{"fragments that double", nest, CodeValidationFailed, "maxSameNameFields"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Do(context.Background(), Request{Query: tt.query})
			if got := codes(res); !reflect.DeepEqual(got, []string{tt.code}) {
				t.Fatalf("codes = %v, want %s (%+v)", got, tt.code, res.Errors)
			}
			if l, _ := res.Errors[0].Extensions["limit"].(string); l != tt.limit {
				t.Errorf("limit = %q, want %q", l, tt.limit)
			}
		})
	}
}

func TestBreakLines(t *testing.T) {
	t.Parallel()
	q := `{ search(text: "a, b c # not a comment", first: 1) { score } }` + strings.Repeat(" ", 3*maxLine) + `# a, comment`
	got, ok := breakLines(q)
	if !ok || len(got) != len(q) {
		t.Fatalf("breakLines: ok=%v, len %d -> %d", ok, len(q), len(got))
	}
	if !strings.HasPrefix(got, `{ search(text: "a, b c # not a comment", first: 1) { score } }`) || !strings.HasSuffix(got, " # a, comment") {
		t.Errorf("breakLines changed the query's text: %q", got)
	}
	long := "{ x " + strings.Repeat(",", 3*maxLine) + " }"
	got, ok = breakLines(long)
	if !ok || strings.Count(got, "\n") < 3 {
		t.Errorf("breakLines did not break a long line: ok=%v", ok)
	}
}

func TestSDL(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	sdl := s.SDL()
	if _, err := parser.Parse(parser.ParseParams{Source: sdl}); err != nil {
		t.Fatalf("the SDL does not parse: %v\n%s", err, sdl)
	}
	for _, want := range []string{
		"type Query {",
		"  node(id: ID!): Node\n",
		"  publications(after: String, filter: PublicationFilter, first: Int = 20): PublicationConnection!\n",
		"  neighborhood(depth: Int = 1, id: ID!, kinds: [Kind!], limit: Int = 200): Subgraph!\n",
		"type Publication implements Node {",
		"  evidence(field: String!): [Evidence!]!\n",
		"interface Node {",
		"enum Kind {",
		"  SOURCE\n",
		"input PublicationFilter {",
	} {
		if !strings.Contains(sdl, want) {
			t.Errorf("the SDL lacks %q", want)
		}
	}
	for name := range s.gql.TypeMap() {
		if !strings.HasPrefix(name, "__") && !builtinScalar(name) && !strings.Contains(sdl, " "+name+" ") {
			t.Errorf("the SDL lacks type %s", name)
		}
	}
}

func TestNewNeedsStore(t *testing.T) {
	t.Parallel()
	if _, err := New(nil, Limits{}); err == nil {
		t.Fatal("New(nil) succeeded")
	}
}

func TestUserText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"schema: node: no node \"x\"", "node: no node \"x\""},
		{"load: graph: open: schema: x", "load: open: x"},
		{"loaders: a.yaml: missing file\nloaders: b.yaml: missing file", "a.yaml: missing file\nb.yaml: missing file"},
		{"graph: path from \"a\" to \"b\": node budget exceeded", "path from \"a\" to \"b\": node budget exceeded"},
		{"time 12:30: subgraph: x", "time 12:30: subgraph: x"},
		{"no prefix here", "no prefix here"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := UserText(tc.in); got != tc.want {
			t.Errorf("UserText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestErrorUnwrap(t *testing.T) {
	t.Parallel()
	down := fmt.Errorf("graph: read quad: %w", graph.ErrUnavailable)
	for _, tc := range []struct {
		name     string
		err      error
		code     string
		wrapped  error
		wantWrap bool
	}{
		{"unavailable", down, CodeUnavailable, graph.ErrUnavailable, true},
		{"not found", fmt.Errorf("node: %w", graph.ErrNotFound), CodeNotFound, graph.ErrNotFound, true},
		{"deadline", context.DeadlineExceeded, CodeTimeout, context.DeadlineExceeded, true},
		{"bug", errors.New("boom"), CodeInternal, graph.ErrUnavailable, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, _ := classify(tc.err, Limits{}.withDefaults())
			if e.Code != tc.code {
				t.Errorf("code %s, want %s", e.Code, tc.code)
			}
			if got := errors.Is(e, tc.wrapped); got != tc.wantWrap {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", e, tc.wrapped, got, tc.wantWrap)
			}
			if !errors.Is(e, tc.err) {
				t.Errorf("the *Error does not unwrap to the error it was made from")
			}
		})
	}
}

func TestTruncateRuneBoundary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"社会信用体系", 18, "社会信用体系"},
		{"社会信用体系", 7, "社会…"},
		{"社会信用体系", 6, "社会…"},
		{"社会信用体系", 2, "…"},
		{"ab社会", 3, "ab…"},
		{"social credit", 6, "social…"},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.in, tc.n), func(t *testing.T) {
			t.Parallel()
			got := truncate(tc.in, tc.n)
			if got != tc.want || !utf8.ValidString(got) {
				t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}
