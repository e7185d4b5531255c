package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/schematest"
)

// TestRoutes serves the embedded corpus from a memory store through the
// server's routes, in process, and checks each route's status, type and
// body; the GraphQL answer is compared, as JSON, with the schema's own.
func TestRoutes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := Config{Origins: []string{"http://localhost:*"}}
	s := New(cfg, slog.New(slog.DiscardHandler))
	first, err := load(ctx, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.swap(first)
	s.ready.Store(true)
	t.Cleanup(s.close)
	h, err := s.routes(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const stats = `{ stats { nodes edges } }`
	want, err := json.Marshal(first.schema.Do(ctx, schema.Request{Query: stats}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, target, accept, body string
		status                             int
		ctype                              string // the Content-Type's prefix; "" to skip
		has                                string // in the body; "" to skip
		location                           string // the Location header; "" to skip
		wantJSON                           []byte // the body as JSON; nil to skip
	}{
		{name: "healthz", method: "GET", target: "/healthz", status: 200, ctype: "text/plain", has: "ok\n"},
		{name: "readyz", method: "GET", target: "/readyz", status: 200, ctype: "text/plain", has: "ready\nversion: 1 sha256:"},
		{name: "graphql", method: "POST", target: "/graphql", body: `{"query":"` + stats + `"}`, status: 200, ctype: "application/json", wantJSON: want},
		{name: "id as JSON-LD", method: "GET", target: "/id/actor/pboc", accept: "application/ld+json", status: 200, ctype: "application/ld+json", has: "actor/pboc"},
		{name: "id for a browser", method: "GET", target: "/id/actor/pboc", accept: "text/html", status: 303, location: "/?focus=actor%2Fpboc"},
		{name: "no such id", method: "GET", target: "/id/actor/nobody", status: 404, has: `no node "actor/nobody"`},
		{name: "no such export", method: "GET", target: "/export/nope", status: 404, has: "unknown export format"},
		{name: "export with a bad number", method: "GET", target: "/export/graphml?depth=x", status: 400, has: "depth must be an integer"},
		{name: "metrics", method: "GET", target: "/metrics", status: 200, has: "scsgraph_"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", w.Code, tc.status, w.Body)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if ct := w.Header().Get("Content-Type"); tc.ctype != "" && !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, tc.ctype)
			}
			if tc.has != "" && !bytes.Contains(w.Body.Bytes(), []byte(tc.has)) {
				t.Errorf("body %.300s lacks %q", w.Body, tc.has)
			}
			if loc := w.Header().Get("Location"); tc.location != "" && loc != tc.location {
				t.Errorf("Location %q, want %q", loc, tc.location)
			}
			if tc.wantJSON != nil && !schematest.JSONEqual(t, w.Body.Bytes(), tc.wantJSON) {
				t.Errorf("body %s, want %s", w.Body, tc.wantJSON)
			}
		})
	}
}
