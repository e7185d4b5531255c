package gqlhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/schema"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, schema.Limits{})
	var logs bytes.Buffer
	h := NewHandler(func() *schema.Schema { return s }, slog.New(slog.NewTextHandler(&logs, nil)), WithMaxBodyBytes(256))
	get := func(params url.Values) string { return "/graphql?" + params.Encode() }
	stats := `{"query":"{ stats { nodes } }"}`
	for _, tt := range []struct {
		name        string
		method      string
		target      string
		contentType string
		accept      string
		body        string
		wantStatus  int
		wantType    string
		wantBody    string // JSON; "" to skip
		wantCode    string // the first error's code; "" for none
	}{
		{name: "POST", method: "POST", contentType: "application/json", body: stats,
			wantStatus: 200, wantType: mediaJSON, wantBody: `{"data":{"stats":{"nodes":19}}}`},
		{name: "POST with charset and variables", method: "POST", contentType: "application/json; charset=utf-8",
			body:       `{"query":"query($id: ID!) { node(id: $id) { label } }","variables":{"id":"actor/pboc"}}`,
			wantStatus: 200, wantType: mediaJSON, wantBody: `{"data":{"node":{"label":"People's Bank of China"}}}`},
		{name: "POST asking for graphql-response+json", method: "POST", contentType: "application/json", accept: mediaResponse + ", application/json;q=0.9",
			body: stats, wantStatus: 200, wantType: mediaResponse},
		{name: "GET", method: "GET", target: get(url.Values{"query": {"query Q($t: String!) { search(text: $t) { node { id } } }"}, "variables": {`{"t":"PBOC"}`}, "operationName": {"Q"}}),
			wantStatus: 200, wantType: mediaJSON, wantBody: `{"data":{"search":[{"node":{"id":"actor/pboc"}},{"node":{"id":"pub/2019-multiple"}}]}}`},
		{name: "GET with a mutation", method: "GET", target: get(url.Values{"query": {"mutation { stats { nodes } }"}}),
			wantStatus: 405, wantType: mediaJSON, wantCode: schema.CodeMethodNotAllowed},
		{name: "GET without a query", method: "GET", target: "/graphql", wantStatus: 400, wantCode: schema.CodeBadRequest},
		{name: "GET with bad variables", method: "GET", target: get(url.Values{"query": {"{ stats { nodes } }"}, "variables": {"[1"}}),
			wantStatus: 400, wantCode: schema.CodeBadRequest},
		{name: "PUT", method: "PUT", body: stats, contentType: "application/json", wantStatus: 405, wantCode: schema.CodeMethodNotAllowed},
		{name: "unsupported content type", method: "POST", contentType: "text/plain", body: stats, wantStatus: 415, wantCode: schema.CodeUnsupportedType},
		{name: "not acceptable", method: "POST", contentType: "application/json", accept: "text/html", body: stats, wantStatus: 406, wantCode: schema.CodeNotAcceptable},
		{name: "body too large", method: "POST", contentType: "application/json", body: `{"query":"{ stats { nodes } }` + strings.Repeat(" ", 300) + `"}`,
			wantStatus: 413, wantCode: schema.CodePayloadTooLarge},
		{name: "invalid JSON", method: "POST", contentType: "application/json", body: `{"query": `, wantStatus: 400, wantCode: schema.CodeBadRequest},
		{name: "validation error as application/json", method: "POST", contentType: "application/json", body: `{"query":"{ nope }"}`,
			wantStatus: 200, wantType: mediaJSON, wantCode: schema.CodeValidationFailed},
		{name: "validation error as graphql-response+json", method: "POST", contentType: "application/json", accept: mediaResponse,
			body: `{"query":"{ nope }"}`, wantStatus: 400, wantType: mediaResponse, wantCode: schema.CodeValidationFailed},
		{name: "parse error as graphql-response+json", method: "POST", contentType: "application/json", accept: mediaResponse,
			body: `{"query":"{"}`, wantStatus: 400, wantType: mediaResponse, wantCode: schema.CodeParseFailed},
		{name: "field error as graphql-response+json", method: "POST", contentType: "application/json", accept: mediaResponse,
			body: `{"query":"{ node(id: \"actor/none\") { id } }"}`, wantStatus: 200, wantType: mediaResponse, wantCode: schema.CodeNotFound},
		{name: "wildcard accept", method: "POST", contentType: "application/json", accept: "*/*", body: stats, wantStatus: 200, wantType: mediaJSON},
	} {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "/graphql"
			}
			r := httptest.NewRequest(tt.method, target, strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			if tt.accept != "" {
				r.Header.Set("Accept", tt.accept)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", w.Code, tt.wantStatus, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); tt.wantType != "" && !strings.HasPrefix(ct, tt.wantType) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.wantType)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if tt.wantBody != "" && !jsonEqual(t, w.Body.Bytes(), []byte(tt.wantBody)) {
				t.Errorf("body = %s, want %s", w.Body, tt.wantBody)
			}
			var res struct {
				Errors []struct {
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
				t.Fatalf("the body is not JSON: %v: %s", err, w.Body)
			}
			code := ""
			if len(res.Errors) > 0 {
				code, _ = res.Errors[0].Extensions["code"].(string)
			}
			if code != tt.wantCode {
				t.Errorf("code = %q, want %q; body %s", code, tt.wantCode, w.Body)
			}
		})
	}
	if !strings.Contains(logs.String(), "request_id=") {
		t.Errorf("log lines name no request id: %s", logs.String())
	}
}

func TestHandlerKeepsRequestID(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, schema.Limits{})
	h := NewHandler(func() *schema.Schema { return s }, nil)
	r := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ stats { nodes } }"}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Request-Id", "abc-123")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got := w.Header().Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("X-Request-Id = %q", got)
	}
}

func TestHandlerWithoutSchema(t *testing.T) {
	t.Parallel()
	h := NewHandler(func() *schema.Schema { return nil }, nil)
	r := httptest.NewRequest("GET", "/graphql?query=%7Bstats%7Bnodes%7D%7D", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status = %d", w.Code)
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		accept, want string
		ok           bool
	}{
		{"", mediaJSON, true},
		{"*/*", mediaJSON, true},
		{"application/*", mediaJSON, true},
		{"application/json", mediaJSON, true},
		{mediaResponse, mediaResponse, true},
		{"application/json, " + mediaResponse, mediaResponse, true},
		{"application/json;q=0.5, " + mediaResponse + ";q=0.4", mediaJSON, true},
		{mediaResponse + ";q=0, application/json", mediaJSON, true},
		{"text/html", "", false},
		{"application/json;q=0", "", false},
	} {
		got, ok := negotiate(tt.accept)
		if got != tt.want || ok != tt.ok {
			t.Errorf("negotiate(%q) = %q, %v; want %q, %v", tt.accept, got, ok, tt.want, tt.ok)
		}
	}
}

// TestResponseCache sends requests in order to one handler and checks which
// are answered from the response cache, and that a cached answer is the
// answer the schema computes.
func TestResponseCache(t *testing.T) {
	t.Parallel()
	node := func(id string) string {
		return `{"query":"query N($id: ID!) { node(id: $id) { id label } }","variables":{"id":"` + id + `"}}`
	}
	steps := []struct {
		name       string
		body       string
		wantCached bool
	}{
		{"first request", node("actor/pboc"), false},
		{"the same request", node("actor/pboc"), true},
		{"other variables", node("actor/ndrc"), false},
		{"the same variables, keys in another order", `{"variables":{"id":"actor/ndrc"},"query":"query N($id: ID!) { node(id: $id) { id label } }"}`, true},
		{"another operation name", `{"query":"query N($id: ID!) { node(id: $id) { id label } }","variables":{"id":"actor/ndrc"},"operationName":"N"}`, false},
		{"a field error", node("actor/none"), false},
		{"the field error again: errors are not kept", node("actor/none"), false},
		{"a parse error", `{"query":"{"}`, false},
		{"the parse error again", `{"query":"{"}`, false},
	}
	for _, tc := range []struct {
		name  string
		bytes int
		want  func(cachedInTable bool) bool
	}{
		{"default size", 0, func(c bool) bool { return c }},
		{"disabled", -1, func(bool) bool { return false }},
		{"too small for any answer", 8, func(bool) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newTestSchema(t, schema.Limits{ResponseCacheBytes: tc.bytes})
			uncached := newTestSchema(t, schema.Limits{ResponseCacheBytes: -1})
			var got Outcome
			h := NewHandler(func() *schema.Schema { return s }, nil, WithObserver(func(o Outcome) { got = o }))
			ref := NewHandler(func() *schema.Schema { return uncached }, nil)
			send := func(h http.Handler, body string) *httptest.ResponseRecorder {
				r := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w
			}
			for _, st := range steps {
				w := send(h, st.body)
				if want := tc.want(st.wantCached); got.Cached != want {
					t.Errorf("%s: cached = %v, want %v", st.name, got.Cached, want)
				}
				if got.Operation != "N" && strings.Contains(st.body, "query N") {
					t.Errorf("%s: operation = %q, want N", st.name, got.Operation)
				}
				want := send(ref, st.body)
				if w.Code != want.Code || w.Body.String() != want.Body.String() {
					t.Errorf("%s: got %d %s, want %d %s", st.name, w.Code, w.Body, want.Code, want.Body)
				}
			}
		})
	}
}

// TestRequestErrorsHaveNoData checks the spec's rule that a request which
// never executed has no "data" entry, and that executed ones keep it.
func TestRequestErrorsHaveNoData(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, schema.Limits{})
	h := NewHandler(func() *schema.Schema { return s }, nil)
	for _, tt := range []struct {
		body     string
		wantData bool
	}{
		{`{"query":"{"}`, false},
		{`{"query":"{ nope }"}`, false},
		{`{"query":"query($n: Int!) { concepts(first: $n) { totalCount } }"}`, false},
		{`{"query":"{ node(id: \"actor/none\") { id } }"}`, true},
		{`{"query":"{ stats { nodes } }"}`, true},
	} {
		r := httptest.NewRequest("POST", "/graphql", strings.NewReader(tt.body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", mediaResponse)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if _, has := m["data"]; has != tt.wantData {
			t.Errorf("%s: data entry %v, want %v: %s", tt.body, has, tt.wantData, w.Body)
		}
	}
}

// TestResponseCacheGoesWithItsSchema checks that a schema keeps one
// response cache, that a schema with the cache turned off has none, and
// that a schema's cache is dropped once the schema is unreachable, as a
// reload's old schema is.
func TestResponseCacheGoesWithItsSchema(t *testing.T) {
	t.Parallel()
	h := NewHandler(nil, nil).(*handler)
	cached := func() int {
		h.caches.mu.Lock()
		defer h.caches.mu.Unlock()
		return len(h.caches.m)
	}
	if c := h.caches.of(newTestSchema(t, schema.Limits{ResponseCacheBytes: -1})); c != nil || cached() != 0 {
		t.Fatalf("a schema without a response cache got one (%d kept)", cached())
	}
	func() {
		s := newTestSchema(t, schema.Limits{})
		if c := h.caches.of(s); c == nil || c != h.caches.of(s) || cached() != 1 {
			t.Fatalf("want one cache for the schema, kept once; %d kept", cached())
		}
	}()
	for i := 0; i < 200 && cached() > 0; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if n := cached(); n != 0 {
		t.Errorf("%d caches kept after their schema was collected", n)
	}
}

// TestEncodeResultAsEncodingJSON checks that encodeResult writes what
// encoding/json writes, byte for byte, for results of every shape: nested
// maps and lists, floats, nulls, errors with extensions and paths, and
// strings with HTML characters, quotes, control characters, Chinese and
// invalid UTF-8.
func TestEncodeResultAsEncodingJSON(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, schema.Limits{})
	var results []*graphql.Result
	for _, q := range []string{
		`{ stats { nodes edges quads byKind { kind count } } }`,
		`{ neighborhood(id: "concept/blacklist", depth: 2) { truncated nodes { id kind label iri } edges { source target predicate label weight evidence { url quote file line } } } }`,
		`{ search(text: "liu", first: 5) { score snippet matchedField node { id label } } }`,
		`{ node(id: "person/alice") { id ... on Person { name nameZh aliases coauthors { count person { id } } } } }`,
		`{ conceptGraph { nodes { id } edges { source target weight } } }`,
		`{ node(id: "concept/nope") { id } }`,
		`{ neighborhood(id: "concept/blacklist", depth: 99) { truncated } }`,
	} {
		results = append(results, s.Do(context.Background(), schema.Request{Query: q}))
	}
	results = append(results, &graphql.Result{Data: map[string]any{
		"html": "<a href=\"x\">&</a>", "ctl": "tab\t nl\n nul\x00 \u2028", "zh": "中国人民银行", "bad": "\xff\xfe",
		"floats": []any{0.1, 1e21, 1e-7, 3.0, math.Copysign(0, -1), 123456789.125}, "ints": []any{0, -1, 1 << 40}, "null": nil, "bool": true,
		"nested": map[string]any{"b": []any{map[string]any{"z": 1, "a": "x"}}, "a": []any{}},
	}})
	for i, res := range results {
		want, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeResult(res)
		if err != nil {
			t.Fatalf("result %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("result %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
