package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// spaced returns n copies of s joined by spaces.
func spaced(n int, f func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return strings.Join(parts, " ")
}

// nestedValue returns a literal of n lists around v.
func nestedValue(n int, v string) string {
	return strings.Repeat("[", n) + v + strings.Repeat("]", n)
}

func TestCountTokens(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		query string
		max   int
		want  int
	}{
		{"{ a }", 100, 3},
		{`query Q($x: Int = 3) { a(b: $x) @skip(if: true) { ...F } }`, 100, 30},
		{"# a comment only\n", 100, 0},
		{"{ a, b,,, c }", 100, 5}, // commas are not tokens
		{`{ a(s: "x y z", b: """block "quoted" text""") }`, 100, 11},
		{strings.Repeat("a ", 50), 10, 11}, // stops at max+1
		{"{ a ^ }", 100, 2},                // a lexical error ends the count
	} {
		if got := countTokens(tt.query, tt.max); got != tt.want {
			t.Errorf("countTokens(%q, %d) = %d, want %d", tt.query, tt.max, got, tt.want)
		}
	}
}

// TestBounds checks each limit that runs before validation, at and above
// its value, with literals and with variables.
func TestBounds(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	wide := newTestSchema(t, Limits{MaxTokens: 10000, MaxSelections: 5000})
	idList := func(n int) string {
		return "[" + spaced(n, func(int) string { return `"actor/pboc"` }) + "]"
	}
	ids := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = "actor/pboc"
		}
		return out
	}
	deepJSON := func(n int) any {
		var v any = "concept/scs"
		for range n {
			v = []any{v}
		}
		return v
	}
	for _, tt := range []struct {
		name  string
		s     *Schema
		query string
		vars  map[string]any
		codes []string
		limit string
	}{
		{name: "tokens", query: "{ " + spaced(300, func(int) string { return "stats { nodes }" }) + " }",
			codes: []string{CodeQueryTooLarge}, limit: "maxTokens"},
		{name: "five directives", query: `{ stats @include(if: true) @skip(if: false) @include(if: true) @skip(if: false) @include(if: true) { nodes } }`,
			codes: nil}, // graphql-go lets @include and @skip repeat
		{name: "six directives", query: `{ stats @a @b @c @d @e @f { nodes } }`, codes: []string{CodeValidationFailed}, limit: "maxDirectives"},
		{name: "six directives on a fragment spread", query: `{ ...F @a @b @c @d @e @f } fragment F on Query { stats { nodes } }`,
			codes: []string{CodeValidationFailed}, limit: "maxDirectives"},
		{name: "eleven arguments", query: `{ search(text: "a", ` + spaced(10, func(i int) string { return fmt.Sprintf("a%d: 1", i) }) + `) { score } }`,
			codes: []string{CodeValidationFailed}, limit: "maxArguments"},
		{name: "eleven directive arguments", query: `{ stats @include(if: true, ` + spaced(10, func(i int) string { return fmt.Sprintf("a%d: 1", i) }) + `) { nodes } }`,
			codes: []string{CodeValidationFailed}, limit: "maxArguments"},
		{name: "input nested 8 deep", query: `{ publications(filter: {concepts: ` + nestedValue(7, `"concept/scs"`) + `}) { totalCount } }`,
			codes: []string{CodeValidationFailed}}, // the wrong type, found by validation
		{name: "input nested 9 deep", query: `{ publications(filter: {concepts: ` + nestedValue(8, `"concept/scs"`) + `}) { totalCount } }`,
			codes: []string{CodeBadUserInput}, limit: "maxInputDepth"},
		{name: "default value nested 9 deep", query: `query($c: [ID] = ` + nestedValue(9, `"concept/scs"`) + `) { publications(filter: {concepts: $c}) { totalCount } }`,
			codes: []string{CodeBadUserInput}, limit: "maxInputDepth"},
		{name: "variable nested 9 deep", query: `query($c: [ID!]) { publications(filter: {concepts: $c}) { totalCount } }`,
			vars: map[string]any{"c": deepJSON(9)}, codes: []string{CodeBadUserInput}, limit: "maxInputDepth"},
		{name: "variable object nested 9 deep", query: `query($f: PublicationFilter) { publications(filter: $f) { totalCount } }`,
			vars:  map[string]any{"f": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": map[string]any{"x": 1}}}}}}}}}},
			codes: []string{CodeBadUserInput}, limit: "maxInputDepth"},
		{name: "1000 ids", s: wide, query: `{ nodes(ids: ` + idList(1000) + `) { id } }`},
		{name: "1001 ids", s: wide, query: `{ nodes(ids: ` + idList(1001) + `) { id } }`, codes: []string{CodeBadUserInput}, limit: "maxListLength"},
		{name: "1001 ids in a variable", query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, vars: map[string]any{"ids": ids(1001)},
			codes: []string{CodeBadUserInput}, limit: "maxListLength"},
		{name: "1001 filter ids in a variable", query: `query($c: [ID!]) { publications(filter: {concepts: $c}) { totalCount } }`,
			vars: map[string]any{"c": ids(1001)}, codes: []string{CodeBadUserInput}, limit: "maxListLength"},
		{name: "4 merged fields", query: "{ " + spaced(4, func(int) string { return "stats { nodes }" }) + " }"},
		{name: "5 merged fields", query: "{ " + spaced(5, func(int) string { return "stats { nodes }" }) + " }",
			codes: []string{CodeValidationFailed}, limit: "maxSameNameFields"},
		{name: "9 merged fields through fragments", query: "{ ...A ...B ...C } fragment A on Query { " + spaced(3, func(int) string { return "stats { nodes }" }) +
			" } fragment B on Query { ...A } fragment C on Query { ...A ...B }", codes: []string{CodeValidationFailed}, limit: "maxSameNameFields"},
		{name: "9 merged fields one level down", query: "{ " + spaced(3, func(int) string { return "stats { " + spaced(3, func(int) string { return "nodes" }) + " }" }) + " }",
			codes: []string{CodeValidationFailed}, limit: "maxSameNameFields"},
		{name: "merged fields with different arguments", query: `{ search(text: "a") { score } search(text: "b") { score } }`, codes: []string{CodeValidationFailed}},
		{name: "merged fields with the same arguments", query: `{ search(text: "a", kinds: [ACTOR]) { score } search(kinds: [ACTOR], text: "a") { score } }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := s
			if tt.s != nil {
				s = tt.s
			}
			res := s.Do(context.Background(), Request{Query: tt.query, Variables: tt.vars})
			if got := codes(res); fmt.Sprint(got) != fmt.Sprint(tt.codes) {
				t.Fatalf("codes = %v, want %v (%+v)", got, tt.codes, res.Errors)
			}
			if len(tt.codes) > 0 {
				if l, _ := res.Errors[0].Extensions["limit"].(string); l != tt.limit {
					t.Errorf("limit = %q, want %q (%s)", l, tt.limit, res.Errors[0].Message)
				}
			}
		})
	}
}

// TestErrorLocations checks the lines and columns of validation and
// execution errors, which graphql-go gives as offsets here (see parse).
func TestErrorLocations(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	for _, tt := range []struct {
		query string
		want  string
	}{
		{"{\n  stats {\n    nosuch\n  }\n}", `[{"line":3,"column":5}]`},
		{"{\r\n  stats {\r\n    nosuch\r\n  }\r\n}", `[{"line":3,"column":5}]`},
		{"{ stats { nosuch } }", `[{"line":1,"column":11}]`},
		{"# comment\r{ a: node(id: \"actor/none\") { id } }", `[{"line":2,"column":3}]`},
	} {
		res := s.Do(context.Background(), Request{Query: tt.query})
		if len(res.Errors) != 1 {
			t.Fatalf("%q: %+v", tt.query, res.Errors)
		}
		b, _ := json.Marshal(res.Errors[0].Locations)
		if string(b) != tt.want {
			t.Errorf("%q: locations %s, want %s", tt.query, b, tt.want)
		}
	}
}

// TestErrorCap checks that a response holds at most MaxErrors errors and
// a last one that says so, from validation and from execution.
func TestErrorCap(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{MaxErrors: 100})
	res := s.Do(context.Background(), Request{Query: "{ " + spaced(150, func(i int) string { return fmt.Sprintf("a%d", i) }) + " }"})
	if len(res.Errors) != 101 {
		t.Fatalf("%d errors, want 101", len(res.Errors))
	}
	if l := res.Errors[100].Extensions["limit"]; l != "maxErrors" {
		t.Errorf("the last error's limit is %v: %s", l, res.Errors[100].Message)
	}
	small := newTestSchema(t, Limits{MaxErrors: 3})
	res = small.Do(context.Background(), Request{Query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
		Variables: map[string]any{"ids": []any{"actor/pboc"}}})
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	res = small.Do(context.Background(), Request{Query: "{ " + spaced(5, func(i int) string {
		return fmt.Sprintf(`n%d: node(id: "actor/none%d") { id }`, i, i)
	}) + " }"})
	if got := codes(res); fmt.Sprint(got) != fmt.Sprint([]string{CodeNotFound, CodeNotFound, CodeNotFound, CodeValidationFailed}) {
		t.Errorf("codes = %v", got)
	}
}

// TestIntrospectionLimits checks that introspection is priced, its aliases
// counted, and that NoIntrospection refuses it but keeps __typename.
func TestIntrospectionLimits(t *testing.T) {
	t.Parallel()
	intro, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	def := newTestSchema(t, Limits{})
	cheap := newTestSchema(t, Limits{MaxCost: 5000})
	off := newTestSchema(t, Limits{NoIntrospection: true})
	twice := strings.Replace(string(intro), "  __schema {", "  again: __schema { types { ...FullType } }\n  __schema {", 1)
	for _, tt := range []struct {
		name  string
		s     *Schema
		query string
		codes []string
		limit string
	}{
		{"GraphiQL's introspection", def, string(intro), nil, ""},
		{"GraphiQL's introspection twice", def, twice, []string{CodeCostLimit}, "maxCost"},
		{"GraphiQL's introspection on a small budget", cheap, string(intro), []string{CodeCostLimit}, "maxCost"},
		{"16 aliased __typename", def, "{ " + spaced(16, func(i int) string { return fmt.Sprintf("a%d: __typename", i) }) + " }", []string{CodeAliasLimit}, "maxAliases"},
		{"__schema turned off", off, `{ __schema { queryType { name } } }`, []string{CodeValidationFailed}, "introspection"},
		{"__type turned off", off, `{ __type(name: "Query") { name } }`, []string{CodeValidationFailed}, "introspection"},
		{"__typename with introspection off", off, `{ __typename node(id: "actor/pboc") { __typename } }`, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := tt.s.Do(context.Background(), Request{Query: tt.query})
			if got := codes(res); fmt.Sprint(got) != fmt.Sprint(tt.codes) {
				t.Fatalf("codes = %v, want %v (%+v)", got, tt.codes, res.Errors)
			}
			if len(tt.codes) > 0 && res.Errors[0].Extensions["limit"] != tt.limit {
				t.Errorf("limit = %v, want %s", res.Errors[0].Extensions["limit"], tt.limit)
			}
		})
	}
}

// TestListPricing checks that a list field taking a list of ids costs one
// item per id, and that a whole-graph field costs the lists it returns.
func TestListPricing(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{MaxCost: 100})
	for _, tt := range []struct {
		name string
		ids  int
		cost int // 1 + ids × (id + label)
	}{
		{"10 ids", 10, 21}, {"49 ids", 49, 99}, {"50 ids", 50, 101},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			list := make([]any, tt.ids)
			for i := range list {
				list[i] = "actor/pboc"
			}
			for _, q := range []Request{
				{Query: `query($ids: [ID!]!) { nodes(ids: $ids) { id label } }`, Variables: map[string]any{"ids": list}},
				{Query: `{ nodes(ids: ` + strings.TrimSuffix(strings.Repeat(`"actor/pboc", `, tt.ids), ", ") + `]) { id label } }`},
			} {
				if !strings.Contains(q.Query, "$ids") {
					q.Query = strings.Replace(q.Query, "ids: ", "ids: [", 1)
				}
				res := s.Do(context.Background(), q)
				if tt.cost <= 100 {
					if len(res.Errors) > 0 {
						t.Fatalf("errors: %+v", res.Errors)
					}
					continue
				}
				if got := codes(res); fmt.Sprint(got) != "[COST_LIMIT]" || res.Errors[0].Extensions["got"] != tt.cost {
					t.Errorf("codes %v, extensions %v; want COST_LIMIT with got %d", got, res.Errors[0].Extensions, tt.cost)
				}
			}
		})
	}

	// conceptGraph: 1 + (1 + nodes × 1) + (1 + edges × 1).
	full := newTestSchema(t, Limits{})
	res := full.Do(context.Background(), Request{Query: `{ conceptGraph { nodes { id } edges { source } } }`})
	var got struct {
		ConceptGraph struct{ Nodes, Edges []any }
	}
	b, _ := json.Marshal(res.Data)
	if err := json.Unmarshal(b, &got); err != nil || len(res.Errors) > 0 {
		t.Fatalf("conceptGraph: %v %+v", err, res.Errors)
	}
	n, e := len(got.ConceptGraph.Nodes), len(got.ConceptGraph.Edges)
	if n == 0 || e == 0 {
		t.Fatalf("the fixture's concept graph is empty")
	}
	tight := newTestSchema(t, Limits{MaxCost: 2 + n + e})
	res = tight.Do(context.Background(), Request{Query: `{ conceptGraph { nodes { id } edges { source } } }`})
	if gotCodes := codes(res); fmt.Sprint(gotCodes) != "[COST_LIMIT]" || res.Errors[0].Extensions["got"] != 3+n+e {
		t.Errorf("codes %v (%+v); want COST_LIMIT with got %d", gotCodes, res.Errors, 3+n+e)
	}
	tight = newTestSchema(t, Limits{MaxCost: 3 + n + e})
	if res := tight.Do(context.Background(), Request{Query: `{ conceptGraph { nodes { id } edges { source } } }`}); len(res.Errors) > 0 {
		t.Errorf("errors at the exact cost: %+v", res.Errors)
	}
}

// TestDocumentCache checks that the document cache keeps only documents
// that passed every check, and holds no more bytes than its budget.
func TestDocumentCache(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{DocumentCacheBytes: 64 << 10, MaxDepth: 2})
	for _, q := range []string{
		`{ node(id: "concept/blacklist") { ... on Concept { broader { broader { id } } } } }`, // maxDepth
		`{ stats { nodes } `, // syntax
		`{ nosuch }`,         // validation
		"{ " + spaced(9, func(int) string { return "stats { nodes }" }) + " }", // merged fields
	} {
		if res := s.Do(context.Background(), Request{Query: q}); len(res.Errors) == 0 {
			t.Fatalf("%s: no error", q)
		}
	}
	if n := s.docs.Len(); n != 0 {
		t.Errorf("%d rejected documents were cached", n)
	}
	for i := range 300 {
		q := fmt.Sprintf("# query %d %s\n{ stats { nodes } }", i, strings.Repeat("x", 500))
		if res := s.Do(context.Background(), Request{Query: q}); len(res.Errors) > 0 {
			t.Fatalf("errors: %+v", res.Errors)
		}
	}
	if s.docs.Cost() > 64<<10 || s.docs.Len() == 0 || s.docs.Len() >= 300 {
		t.Errorf("the cache holds %d documents in %d bytes; want some, within %d bytes", s.docs.Len(), s.docs.Cost(), 64<<10)
	}
}

// TestDocumentBytes checks that astBytesPerToken is not below what a
// parsed document takes: the estimate the cache counts must not undercount.
func TestDocumentBytes(t *testing.T) {
	intro, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		string(intro),
		"{ " + spaced(300, func(i int) string { return fmt.Sprintf(`a%d: search(text: "w%d", first: 2) { score }`, i, i) }) + " }",
	} {
		tokens := countTokens(q, 1<<20)
		const n = 20
		docs := make([]any, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range docs {
			docs[i], err = parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(q)})})
			if err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		per := int(after.HeapAlloc-before.HeapAlloc) / n
		runtime.KeepAlive(docs)
		if est := len(q) + tokens*astBytesPerToken; per > est {
			t.Errorf("a document of %d tokens takes %d bytes; the cache counts %d", tokens, per, est)
		}
		t.Logf("%d tokens: %d bytes (%d per token)", tokens, per, per/max(tokens, 1))
	}
}

// TestValidationDeadline checks that validation answers TIMEOUT, and
// caches nothing, when the request's deadline has passed.
func TestValidationDeadline(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{Timeout: time.Nanosecond})
	res := s.Do(context.Background(), Request{Query: `{ stats { nodes } }`})
	if got := codes(res); fmt.Sprint(got) != "[TIMEOUT]" {
		t.Fatalf("codes = %v (%+v)", got, res.Errors)
	}
	if n := s.docs.Len(); n != 0 {
		t.Errorf("%d documents cached", n)
	}
}

func TestZeroValue(t *testing.T) {
	t.Parallel()
	obj := graphql.NewObject(graphql.ObjectConfig{Name: "O", Fields: graphql.Fields{"x": {Type: graphql.Int}}})
	for _, tt := range []struct {
		typ  graphql.Output
		want string
	}{
		{graphql.String, "null"}, {obj, "null"}, {graphql.NewList(obj), "null"},
		{graphql.NewNonNull(graphql.NewList(obj)), "[]"}, {graphql.NewNonNull(graphql.String), `""`},
		{graphql.NewNonNull(graphql.ID), `""`}, {graphql.NewNonNull(graphql.Int), "0"},
		{graphql.NewNonNull(graphql.Float), "0"}, {graphql.NewNonNull(graphql.Boolean), "false"},
		{graphql.NewNonNull(obj), "null"},
	} {
		b, _ := json.Marshal(zeroValue(tt.typ))
		if string(b) != tt.want {
			t.Errorf("zeroValue(%s) = %s, want %s", tt.typ, b, tt.want)
		}
	}
}

// BenchmarkWorstDocuments parses and validates, without the document
// cache, documents at the edge of the bounds: the numbers in
// docs/limits.md come from here.
func BenchmarkWorstDocuments(b *testing.B) {
	intro, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		b.Fatal(err)
	}
	s := newTestSchema(b, Limits{})
	// As many aliased node fields as the token budget allows, each
	// merging 4 concepts fields (maxSameNameFields) with children.
	merged := func(aliases int, child string) string {
		return "{ " + spaced(aliases, func(j int) string {
			return fmt.Sprintf(`a%d: node(id: "actor/pboc") { ... on Actor { `, j) +
				spaced(4, func(int) string { return `concepts { ` + child + ` }` }) + " } }"
		}) + " }"
	}
	for _, bb := range []struct{ name, query string }{
		{"GraphiQL introspection", string(intro)},
		{"merged fields", merged(15, "id label publications { id }")},
		{"merged fields with arguments", merged(8, `search(text: "x", kinds: [ACTOR, CONCEPT]) { node { id } } p: publications { id }`)},
		{"invalid literals 8 deep", "{ " + spaced(15, func(i int) string {
			return fmt.Sprintf(`a%d: node(id: %s) { id }`, i, nestedValue(8, "1"))
		}) + " }"},
		{"490 ids", `{ nodes(ids: [` + spaced(490, func(int) string { return `"actor/pboc"` }) + `]) { id } }`},
		{"unknown fields", "{ " + spaced(490, func(i int) string { return fmt.Sprintf("f%d", i) }) + " }"},
		{"unknown fields after 60 KB of comments", strings.Repeat("# "+strings.Repeat("c", 1000)+"\n", 60) + "{ " + spaced(490, func(i int) string { return fmt.Sprintf("f%d", i) }) + " }"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			if _, _, fails := s.parse(bb.query); fails != nil {
				b.Fatalf("refused before validation: %s", fails[0].Message)
			}
			b.Logf("%d tokens", countTokens(bb.query, 1<<20))
			for b.Loop() {
				doc, _, _ := s.parse(bb.query)
				s.validate(context.Background(), doc)
			}
		})
	}
}

// TestWholeGraphShared runs whole-graph fields, whose values the schema
// keeps and shares, from several goroutines (go test -race checks the
// sharing): every answer must be the same.
func TestWholeGraphShared(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	q := `{ conceptGraph { nodes { id label } edges { source target weight evidence { quote } } } coauthorGraph { nodes { id } edges { source target } } stats { nodes byKind { kind count } } }`
	answers := make([]string, 8)
	done := make(chan struct{})
	for i := range answers {
		go func() {
			defer func() { done <- struct{}{} }()
			res := s.Do(context.Background(), Request{Query: q})
			b, _ := json.Marshal(res)
			answers[i] = string(b)
		}()
	}
	for range answers {
		<-done
	}
	for i, a := range answers {
		if a != answers[0] || strings.Contains(a, `"errors"`) {
			t.Fatalf("answer %d differs or has errors: %.300s", i, a)
		}
	}
}

// TestScanVariables checks the scan of raw JSON variables against the
// check of decoded ones: the same verdict, before decoding.
func TestScanVariables(t *testing.T) {
	t.Parallel()
	lim := Limits{}.withDefaults()
	list := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat(`"a",`, n), ",") + "]" }
	for _, tt := range []struct {
		raw, limit string
	}{
		{`{"ids": ` + list(1000) + `}`, ""},
		{`{"ids": ` + list(1001) + `}`, "maxListLength"},
		{`{"a": 1, "ids": {"x": ` + list(1001) + `}}`, "maxListLength"},
		{`{"f": ` + nestedValue(8, "1") + `}`, ""},
		{`{"f": ` + nestedValue(9, "1") + `}`, "maxInputDepth"},
		{`{"f": ` + strings.Repeat(`{"x":`, 9) + "1" + strings.Repeat("}", 9) + `}`, "maxInputDepth"},
		{`{"s": "[[[[[[[[[[,,,,\"]]]"}`, ""}, // brackets and commas in strings do not count
		{`{"s": "` + strings.Repeat(",", 2000) + `"}`, ""},
		{`{` + strings.Repeat(`"v": 1, `, 1500) + `"w": 1}`, ""}, // many variables: the body's size bounds them
		{`null`, ""},
		{`[1, 2`, ""}, // malformed: left to the decoder
	} {
		var decoded map[string]any
		jsonErr := json.Unmarshal([]byte(tt.raw), &decoded)
		got := ""
		if e := lim.scanVariables([]byte(tt.raw)); e != nil {
			got = e.Limit
		}
		if got != tt.limit {
			t.Errorf("scanVariables(%.60s) = %q, want %q", tt.raw, got, tt.limit)
		}
		if jsonErr == nil && got == "" { // agrees with the check of decoded values
			if e := checkVariableValues(decoded, lim); e != nil {
				t.Errorf("%.60s: the scan passes, the decoded check says %s", tt.raw, e.Limit)
			}
		}
	}
	if e := lim.scanVariables([]byte(`{"first": 1, "ids": ` + list(1001) + `}`)); e == nil || !strings.Contains(e.Message, "$ids") {
		t.Errorf("the error does not name $ids: %v", e)
	}
}
