package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Media types the abuse tests ask for.
const (
	gqlResponse = "application/graphql-response+json"
	appJSON     = "application/json"
)

// hostile is one request of TestAbuse.
type hostile struct {
	name        string
	method      string // POST when empty
	query       string // GET: the raw query string after "?"
	contentType string // application/json when empty and method is POST; "-" for none
	accept      string // graphql-response+json when empty; "-" for none
	body        []byte
	header      map[string]string
	wantStatus  int
	wantCode    string // extensions.code of the first error; "" for no GraphQL body
	wantLimit   string // extensions.limit of the first error, when it names one
	maxBody     int    // the response must not be longer; 0: 4096
}

// gqlBody is a JSON request body.
func gqlBody(query string, vars any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err) // static inputs
	}
	return b
}

// nested returns a query nesting field n times inside node(id).
func nested(field string, n int) string {
	q := "id"
	for i := 0; i < n; i++ {
		q = "... on Concept { " + field + " { " + q + " } }"
	}
	return `{ node(id: "concept/blacklist") { ` + q + ` } }`
}

// repeat joins n copies of f(i) with spaces.
func repeat(n int, f func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return strings.Join(parts, " ")
}

// hostileRequests is the table of TestAbuse: broken and hostile requests,
// each with the status and error code the server must answer.
func hostileRequests() []hostile {
	fragBomb := "fragment F0 on Query { stats { nodes } }\n"
	for i := 1; i <= 30; i++ {
		fragBomb += fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	deepJSON := `{"query":"{ stats { nodes } }","variables":{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`
	return []hostile{
		{name: "deep nesting", body: gqlBody(nested("broader", 12), nil), wantStatus: 400, wantCode: "DEPTH_LIMIT", wantLimit: "maxDepth"},
		{name: "deep nesting as application/json", accept: appJSON, body: gqlBody(nested("narrower", 30), nil), wantStatus: 200, wantCode: "DEPTH_LIMIT", wantLimit: "maxDepth"},
		{name: "alias bomb", body: gqlBody("{ "+repeat(100, func(i int) string { return fmt.Sprintf("a%d: stats { nodes }", i) })+" }", nil),
			wantStatus: 400, wantCode: "ALIAS_LIMIT", wantLimit: "maxAliases"},
		{name: "huge first", body: gqlBody(`{ publications(first: 1000000) { totalCount } }`, nil), wantStatus: 400, wantCode: "PAGE_SIZE_LIMIT", wantLimit: "maxPageSize"},
		{name: "huge first in a variable", body: gqlBody(`query($n: Int) { concepts(first: $n) { totalCount } }`, map[string]any{"n": 1 << 30}),
			wantStatus: 400, wantCode: "PAGE_SIZE_LIMIT", wantLimit: "maxPageSize"},
		{name: "negative first", body: gqlBody(`{ publications(first: -1) { totalCount } }`, nil), wantStatus: 400, wantCode: "BAD_USER_INPUT"},
		{name: "first beyond int32", body: gqlBody(`{ publications(first: 99999999999) { totalCount } }`, nil), wantStatus: 400, wantCode: "PAGE_SIZE_LIMIT", wantLimit: "maxPageSize"},
		{name: "cyclic fragments", body: gqlBody("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "fragment spreading itself in a field", body: gqlBody(`{ node(id: "actor/pboc") { ...N } } fragment N on Node { ... on Actor { concepts { ...N } } }`, nil),
			wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "unused cyclic fragments", body: gqlBody("{ stats { nodes } } fragment A on Query { ...A }", nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "exponential fragments", body: gqlBody("{ ...F30 }\n"+fragBomb, nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantLimit: "maxSameNameFields"},
		{name: "too many selections", body: gqlBody("{ "+repeat(600, func(i int) string { return fmt.Sprintf("f%d", i) })+" }", nil),
			wantStatus: 400, wantCode: "COST_LIMIT", wantLimit: "maxSelections"},
		{name: "estimated cost", body: gqlBody(`{ publications(first: 100) { edges { node { concepts { publications { concepts { publications { id } } } } } } } }`, nil),
			wantStatus: 400, wantCode: "COST_LIMIT", wantLimit: "maxCost"},
		{name: "10 MB body", body: append(append([]byte(`{"query":"{ stats { nodes } }","x":"`), bytes.Repeat([]byte("a"), 10<<20)...), `"}`...),
			wantStatus: 413, wantCode: "PAYLOAD_TOO_LARGE", wantLimit: "maxBodyBytes"},
		{name: "query text too long", body: gqlBody("{ stats { nodes } }"+strings.Repeat("\n#"+strings.Repeat("x", 500), 200), nil),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxQueryBytes"},
		{name: "one endless line", body: gqlBody(`{ search(text: "`+strings.Repeat("x", 5000)+`") { score } }`, nil),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxLineBytes"},
		{name: "syntax error in a huge query is not echoed", body: gqlBody("{ stats { nodes } "+strings.Repeat("} ", 900), nil),
			wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED", maxBody: 600},
		{name: "syntax error", body: gqlBody("{ stats { nodes }", nil), wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED"},
		{name: "invalid JSON", body: []byte(`{"query": "{ stats { nodes } }"`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "JSON with trailing garbage", body: []byte(`{"query": "{ stats { nodes } }"} {"query": "x"}`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "batched array", body: []byte(`[{"query": "{ stats { nodes } }"}]`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "JSON null", body: []byte(`null`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "query is a number", body: []byte(`{"query": 42}`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "empty query", body: []byte(`{"query": "  "}`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "JSON nested 20000 deep", body: []byte(deepJSON), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "invalid UTF-8", body: []byte("{\"query\": \"{ search(text: \\\"\xff\xfe\\\") { score } }\"}"), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "invalid UTF-8 over GET", method: "GET", query: "query=%7B%20search(text%3A%20%22%FF%22)%20%7B%20score%20%7D%20%7D", wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "text/plain body", contentType: "text/plain", body: gqlBody("{ stats { nodes } }", nil), wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "application/graphql body", contentType: "application/graphql", body: []byte("{ stats { nodes } }"), wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "form body", contentType: "application/x-www-form-urlencoded", body: []byte("query=%7Bstats%7Bnodes%7D%7D"), wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "no content type", contentType: "-", body: gqlBody("{ stats { nodes } }", nil), wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "garbled content type", contentType: "application/json; ;;; charset", body: gqlBody("{ stats { nodes } }", nil), wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "Accept nothing we serve", accept: "text/html", body: gqlBody("{ stats { nodes } }", nil), wantStatus: 406, wantCode: "NOT_ACCEPTABLE"},
		{name: "PUT", method: "PUT", body: gqlBody("{ stats { nodes } }", nil), wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED"},
		{name: "DELETE", method: "DELETE", wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED"},
		{name: "mutation over GET", method: "GET", query: "query=" + url.QueryEscape("mutation { stats { nodes } }"), wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED"},
		{name: "mutation over POST", body: gqlBody("mutation { stats { nodes } }", nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "subscription", body: gqlBody("subscription { stats { nodes } }", nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "introspection nested 3 lists deep", body: gqlBody("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }", nil),
			wantStatus: 400, wantCode: "DEPTH_LIMIT", wantLimit: "maxIntrospectionDepth"},
		{name: "introspection through fragments", body: gqlBody("{ __schema { types { ...T } } } fragment T on __Type { fields { type { ...U } } } fragment U on __Type { interfaces { fields { name } } }", nil),
			wantStatus: 400, wantCode: "DEPTH_LIMIT", wantLimit: "maxIntrospectionDepth"},
		{name: "unknown operation", body: []byte(`{"query": "query A { stats { nodes } }", "operationName": "B"}`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "two operations, none named", body: gqlBody("query A { stats { nodes } } query B { stats { edges } }", nil), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "huge operation name", body: []byte(`{"query": "query A { stats { nodes } }", "operationName": "` + strings.Repeat("B", 100000) + `"}`),
			wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "variable of the wrong type", body: gqlBody(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": map[string]any{"x": 1}}),
			wantStatus: 400, wantCode: "BAD_USER_INPUT"},
		{name: "missing variable", body: gqlBody(`query($id: ID!) { node(id: $id) { id } }`, nil), wantStatus: 400, wantCode: "BAD_USER_INPUT"},
		{name: "variables not an object", body: []byte(`{"query": "{ stats { nodes } }", "variables": "abc"}`), wantStatus: 400, wantCode: "BAD_REQUEST"},
		{name: "neighborhood of depth 50", body: gqlBody(`{ neighborhood(id: "concept/blacklist", depth: 50) { nodes { id } } }`, nil),
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxNeighborhoodDepth"},
		{name: "neighborhood of a million nodes", body: gqlBody(`{ neighborhood(id: "concept/blacklist", limit: 1000000) { nodes { id } } }`, nil),
			wantStatus: 400, wantCode: "PAGE_SIZE_LIMIT", wantLimit: "maxSubgraphNodes"},
		{name: "path of length 1000", body: gqlBody(`{ path(from: "actor/pboc", to: "concept/blacklist", maxLength: 1000) { length } }`, nil),
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxPathLength"},
		{name: "path to nowhere", body: gqlBody(`{ path(from: "actor/pboc", to: "concept/none", maxLength: 10) { length } }`, nil),
			wantStatus: 200, wantCode: "NOT_FOUND"},
		{name: "a million paths", body: gqlBody(`{ paths(from: "actor/pboc", to: "concept/blacklist", first: 1000000) { length } }`, nil),
			wantStatus: 400, wantCode: "PAGE_SIZE_LIMIT", wantLimit: "maxPageSize"},
		{name: "paths of length 1000", body: gqlBody(`{ paths(from: "actor/pboc", to: "concept/blacklist", maxLength: 1000) { length } }`, nil),
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxPathLength"},
		{name: "paths avoiding an unknown predicate", body: gqlBody(`query($p: [String!]) { paths(from: "actor/pboc", to: "concept/blacklist", avoidPredicates: $p) { length } }`,
			map[string]any{"p": []string{strings.Repeat("x", 5000)}}),
			wantStatus: 200, wantCode: "BAD_USER_INPUT"},
		{name: "unknown directive", body: gqlBody(`{ stats @exec(cmd: "rm") { nodes } }`, nil), wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "Int variable given a string", body: gqlBody(`query($n: Int) { concepts(first: $n) { totalCount } }`, map[string]any{"n": "ten"}),
			wantStatus: 400, wantCode: "BAD_USER_INPUT"},
		{name: "header of 100 KB", body: gqlBody("{ stats { nodes } }", nil), header: map[string]string{"X-Big": strings.Repeat("h", 100<<10)},
			wantStatus: 431},
	}
}

// TestAbuse sends each hostile request to the real binary and checks the
// status, the error's code and limit, that no internals leak, and that the
// server then answers a normal query at once.
func TestAbuse(t *testing.T) {
	s := startServer(t)
	client := &http.Client{Timeout: 20 * time.Second}
	cases := hostileRequests()
	if len(cases) < 30 {
		t.Fatalf("%d hostile requests; want at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := s.send(t, client, tc)
			if status != tc.wantStatus {
				t.Errorf("status %d, want %d; body %.300s", status, tc.wantStatus, body)
			}
			if tc.wantCode != "" {
				code, limit := firstError(t, body)
				if code != tc.wantCode {
					t.Errorf("code %q, want %q; body %.300s", code, tc.wantCode, body)
				}
				if limit != tc.wantLimit {
					t.Errorf("limit %q, want %q; body %.300s", limit, tc.wantLimit, body)
				}
			}
			maxBody := tc.maxBody
			if maxBody == 0 {
				maxBody = 4096
			}
			if len(body) > maxBody {
				t.Errorf("the response is %d bytes long; want at most %d: %.300s", len(body), maxBody, body)
			}
			noLeaks(t, body)
			s.healthy(t)
		})
	}
}

// send sends a hostile request and returns the status and body.
func (s *process) send(t *testing.T, client *http.Client, tc hostile) (int, []byte) {
	t.Helper()
	method := tc.method
	if method == "" {
		method = http.MethodPost
	}
	target := s.URL + "/graphql"
	if tc.query != "" {
		target += "?" + tc.query
	}
	req, err := http.NewRequest(method, target, bytes.NewReader(tc.body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case tc.contentType == "-":
	case tc.contentType != "":
		req.Header.Set("Content-Type", tc.contentType)
	case method == http.MethodPost:
		req.Header.Set("Content-Type", appJSON)
	}
	switch tc.accept {
	case "-":
	case "":
		req.Header.Set("Accept", gqlResponse)
	default:
		req.Header.Set("Accept", tc.accept)
	}
	for k, v := range tc.header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, tc.name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// firstError returns the code and limit of the first error in a GraphQL body.
func firstError(t *testing.T, body []byte) (code, limit string) {
	t.Helper()
	var res struct {
		Errors []struct {
			Extensions struct {
				Code  string `json:"code"`
				Limit string `json:"limit"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("the body is not JSON: %v: %.300s", err, body)
	}
	if len(res.Errors) == 0 {
		return "", ""
	}
	return res.Errors[0].Extensions.Code, res.Errors[0].Extensions.Limit
}

// noLeaks fails when a response shows internals: stacks, source paths, panics.
func noLeaks(t *testing.T, body []byte) {
	t.Helper()
	for _, bad := range []string{"goroutine ", ".go:", "panic", "runtime.", "/root/", "/home/"} {
		if bytes.Contains(body, []byte(bad)) {
			t.Errorf("the response shows %q: %.500s", bad, body)
		}
	}
}

// healthy checks that the server answers a normal query within 2 seconds.
func (s *process) healthy(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Post(s.URL+"/graphql", appJSON, strings.NewReader(`{"query":"{ stats { nodes } }"}`))
	if err != nil {
		t.Fatalf("the next normal query failed: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`{"data":{"stats":{"nodes":`)) {
		t.Fatalf("the next normal query: status %d, body %.300s", resp.StatusCode, body)
	}
}
