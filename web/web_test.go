package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeFS is the embedded tree: the pages, and the vendored files when vendored.
func fakeFS(vendored bool) fstest.MapFS {
	fsys := fstest.MapFS{
		"static/index.html":        {Data: []byte("<!doctype html><title>explorer</title>")},
		"static/graphiql.html":     {Data: []byte("<!doctype html><title>graphiql</title>")},
		"static/explorer.js":       {Data: []byte("export {};")},
		"static/explorer.css":      {Data: []byte("body{}")},
		"static/graphiql.js":       {Data: []byte("1;")},
		"static/vendor/README.md":  {Data: []byte("# vendor")},
		"static/favicon.svg":       {Data: []byte("<svg/>")},
		"static/unknown.extension": {Data: []byte("?")},
	}
	if vendored {
		for _, v := range append(explorerVendor, graphiqlVendor...) {
			fsys["static/"+v] = &fstest.MapFile{Data: []byte("/* " + v + " */")}
		}
	}
	return fsys
}

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServe(t *testing.T) {
	h, err := newHandler(fakeFS(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, wantType, wantBody string
		wantStatus               int
	}{
		{"/", "text/html; charset=utf-8", "<title>explorer", 200},
		{"/graphiql", "text/html; charset=utf-8", "<title>graphiql", 200},
		{"/static/explorer.js", "text/javascript; charset=utf-8", "export", 200},
		{"/static/vendor/cytoscape.esm.min.mjs", "text/javascript; charset=utf-8", "cytoscape", 200},
		{"/static/vendor/graphiql.min.css", "text/css; charset=utf-8", "graphiql", 200},
		{"/static/favicon.svg", "image/svg+xml", "<svg", 200},
		{"/static/unknown.extension", "application/octet-stream", "?", 200},
		{"/static/missing.js", "", "", 404},
		{"/static/", "", "", 404},
		{"/other", "", "", 404},
		{"/index.html", "", "", 404},
	} {
		res := get(t, h, tc.path)
		if res.StatusCode != tc.wantStatus {
			t.Errorf("GET %s: status %d, want %d", tc.path, res.StatusCode, tc.wantStatus)
			continue
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("GET %s: Content-Security-Policy %q does not restrict scripts to 'self'", tc.path, csp)
		}
		if tc.wantStatus != 200 {
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, tc.wantType)
		}
		if got := body(t, res); !strings.Contains(got, tc.wantBody) {
			t.Errorf("GET %s: body %q does not contain %q", tc.path, got, tc.wantBody)
		}
	}
}

func TestMethods(t *testing.T) {
	h, err := newHandler(fakeFS(true))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/static/explorer.js", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD /static/explorer.js: status %d, %d body bytes; want 200 and none", rec.Code, rec.Body.Len())
	}
}

func TestETag(t *testing.T) {
	h, err := newHandler(fakeFS(true))
	if err != nil {
		t.Fatal(err)
	}
	etag := get(t, h, "/static/explorer.js").Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /static/explorer.js: no ETag")
	}
	if res := get(t, h, "/static/explorer.js", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s: status %d, want 304", etag, res.StatusCode)
	}
}

// Before `make web`, the pages explain what to do instead of failing.
func TestNotVendored(t *testing.T) {
	h, err := newHandler(fakeFS(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/graphiql"} {
		res := get(t, h, path)
		b := body(t, res)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(b, "make web") {
			t.Errorf("GET %s without vendored assets: status %d, body %q; want 503 saying to run make web", path, res.StatusCode, b)
		}
	}
	if res := get(t, h, "/static/explorer.js"); res.StatusCode != 200 {
		t.Errorf("GET /static/explorer.js without vendored assets: status %d, want 200", res.StatusCode)
	}
}

func TestMissingPage(t *testing.T) {
	fsys := fakeFS(true)
	delete(fsys, "static/index.html")
	if _, err := newHandler(fsys); err == nil || !strings.Contains(err.Error(), "static/index.html") {
		t.Errorf("newHandler without index.html: error %v, want one naming static/index.html", err)
	}
}

// The embedded assets themselves: the pages are there and reference only
// local files.
func TestEmbedded(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, h, "/static/index.html")
	b := body(t, res)
	if res.StatusCode != 200 || !strings.Contains(b, `src="static/explorer.js"`) {
		t.Fatalf("GET /static/index.html: status %d, body %q", res.StatusCode, b)
	}
	for _, page := range []string{"/static/index.html", "/static/graphiql.html", "/static/explorer.js", "/static/graphiql.js"} {
		b := body(t, get(t, h, page))
		for _, remote := range []string{`src="http`, `src="//`, `href="http`, `from 'http`, `import("http`} {
			if strings.Contains(b, remote) {
				t.Errorf("%s loads a remote resource (%s)", page, remote)
			}
		}
	}
	// With or without `make web`, "/" answers.
	if res := get(t, h, "/"); res.StatusCode != 200 && res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /: status %d", res.StatusCode)
	}
}
