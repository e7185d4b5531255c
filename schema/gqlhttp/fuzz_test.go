package gqlhttp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/schema"
)

// FuzzHandler sends fuzzed requests (method, content type, Accept, query
// string and body) through the GraphQL-over-HTTP handler: it must never
// panic, always answer one of its statuses with a GraphQL JSON body of the
// media type it negotiated, never answer 200 to a request error under
// graphql-response+json, and never show internals. "make test" runs it for
// a few seconds; testdata/fuzz/FuzzHandler holds its seeds.
func FuzzHandler(f *testing.F) {
	for _, seed := range []struct {
		method           uint8
		ct, accept, rawq string
		body             string
	}{
		{1, "application/json", "", "", `{"query":"{ stats { nodes } }"}`},
		{1, "application/json; charset=utf-8", mediaResponse, "", `{"query":"query($id: ID!) { node(id: $id) { label } }","variables":{"id":"actor/pboc"}}`},
		{0, "", "application/json", "query=" + url.QueryEscape("{ search(text: \"PBOC\") { score } }"), ""},
		{0, "", "", "query=" + url.QueryEscape("mutation { x }"), ""},
		{1, "application/json", "*/*", "", `{"query":"{ ...A } fragment A on Query { ...A }"}`},
		{1, "application/json", mediaResponse, "", `{"query":"{ neighborhood(id: \"concept/blacklist\", depth: 2) { nodes { id } edges { evidence { quote } } } }"}`},
		{1, "application/json", "", "", `{"query":"{ __schema { types { fields { type { fields { name } } } } } }"}`},
		{1, "application/json", "", "", `{"query":"query($n: Int) { concepts(first: $n) { totalCount } }","variables":{"n":"x"}}`},
		{1, "text/plain", "", "", `{"query":"{ stats { nodes } }"}`},
		{2, "application/json", "text/html", "", ``},
		{1, "application/json", "", "", "{\"query\": \"\xff\"}"},
		{1, "application/json", "", "", `[{"query":"{ stats { nodes } }"}]`},
	} {
		f.Add(seed.method, seed.ct, seed.accept, seed.rawq, []byte(seed.body))
	}
	s := newTestSchema(f, schema.Limits{Timeout: 2 * time.Second})
	h := NewHandler(func() *schema.Schema { return s }, nil, WithMaxBodyBytes(64<<10))
	methods := []string{"GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE"}
	statuses := map[int]bool{200: true, 400: true, 405: true, 406: true, 413: true, 415: true}
	f.Fuzz(func(t *testing.T, method uint8, ct, accept, rawq string, body []byte) {
		m := methods[int(method)%len(methods)]
		r := httptest.NewRequest(m, "/graphql", strings.NewReader(string(body)))
		r.URL.RawQuery = rawq
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !statuses[w.Code] {
			t.Fatalf("status %d; body %.300s", w.Code, w.Body)
		}
		gotCT := w.Header().Get("Content-Type")
		if gotCT != mediaJSON+"; charset=utf-8" && gotCT != mediaResponse+"; charset=utf-8" {
			t.Fatalf("Content-Type %q", gotCT)
		}
		var res struct {
			Data   json.RawMessage
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatalf("the body is not JSON: %v: %.300s", err, w.Body)
		}
		if w.Code != http.StatusOK && len(res.Errors) == 0 {
			t.Fatalf("status %d without errors", w.Code)
		}
		for _, e := range res.Errors {
			if c, _ := e.Extensions["code"].(string); c == "" {
				t.Errorf("an error without a code: %+v", e)
			}
			if c, _ := e.Extensions["code"].(string); c == schema.CodeInternal {
				t.Errorf("an internal error: %+v", e)
			}
		}
		for _, bad := range []string{"goroutine ", ".go:", "runtime error"} {
			if strings.Contains(w.Body.String(), bad) {
				t.Fatalf("the response shows %q: %.300s", bad, w.Body)
			}
		}
		if len(w.Body.Bytes()) > 1<<20 {
			t.Fatalf("a %d-byte answer", w.Body.Len())
		}
	})
}
