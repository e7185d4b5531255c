package gqlhttp_test

// BenchmarkServe runs the requests of make bench's mix through the
// GraphQL-over-HTTP handler, response cache off, over the embedded seed:
// what a request costs the server, JSON encoding included, without the
// network.

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/bench/mix"
	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/gqlhttp"
	"github.com/scsgraph/scsgraph/schema/schematest"
)

func BenchmarkServe(b *testing.B) {
	sch, err := schema.New(schematest.Seed(b), schema.Limits{ResponseCacheBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	h := gqlhttp.NewHandler(func() *schema.Schema { return sch }, nil)
	for _, q := range mix.Queries(mix.Seed()) {
		b.Run(q.Name, func(b *testing.B) {
			body, err := json.Marshal(map[string]any{"query": q.Text, "variables": q.Variables})
			if err != nil {
				b.Fatal(err)
			}
			serve := func() *httptest.ResponseRecorder {
				r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w
			}
			if w := serve(); w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
				b.Fatalf("%s: %d %s", q.Name, w.Code, w.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				serve()
			}
		})
	}
}
