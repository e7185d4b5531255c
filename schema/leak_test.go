package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/gqlhttp"
)

// syncBuffer is a log sink that the handler and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestNoLeaks makes resolvers panic and fail with internal detail: the
// client gets a generic INTERNAL error that names the request id, the log
// gets the detail under that id, and nothing else reaches the client.
func TestNoLeaks(t *testing.T) {
	t.Parallel()
	const secret = "secret /srv/scsgraph/graph/x.go:42 detail"
	for _, tt := range []struct {
		name    string
		resolve graphql.FieldResolveFn
		logs    string
	}{
		{"panic with a string", func(graphql.ResolveParams) (any, error) { panic(secret) }, "schema: resolver panic"},
		{"panic with an error", func(graphql.ResolveParams) (any, error) { panic(errors.New(secret)) }, "schema: resolver panic"},
		{"nil pointer", func(graphql.ResolveParams) (any, error) {
			var m map[string]*int
			return *m["x"], nil
		}, "nil pointer"},
		{"internal error", func(graphql.ResolveParams) (any, error) { return nil, errors.New(secret) }, "schema: resolver error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			s := schema.NewTestSchema(t, schema.Limits{Log: slog.New(slog.NewTextHandler(&logs, nil))})
			schema.SetResolver(s, "stats", tt.resolve)
			h := gqlhttp.NewHandler(func() *schema.Schema { return s }, slog.New(slog.NewTextHandler(&logs, nil)))
			r := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ stats { nodes } }"}`))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			id := w.Header().Get("X-Request-Id")
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Errorf("status %d", w.Code)
			}
			for _, bad := range []string{"secret", ".go:", "goroutine", "panic", "nil pointer", "runtime"} {
				if strings.Contains(body, bad) {
					t.Errorf("the response shows %q: %s", bad, body)
				}
			}
			var res struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || len(res.Errors) != 1 {
				t.Fatalf("body %s: %v", body, err)
			}
			e := res.Errors[0]
			if e.Extensions["code"] != schema.CodeInternal || e.Extensions["requestId"] != id || !strings.Contains(e.Message, id) {
				t.Errorf("error %+v; want INTERNAL naming request id %s", e, id)
			}
			l := logs.String()
			if !strings.Contains(l, tt.logs) || !strings.Contains(l, "request_id="+id) {
				t.Errorf("the log lacks %q under request_id=%s:\n%s", tt.logs, id, l)
			}
		})
	}
}
