// Package web serves scsgraph's browser assets: the graph explorer at "/",
// the GraphiQL IDE at "/graphiql", and their files under "/static/".
//
// Everything is embedded in the binary with go:embed and nothing is loaded
// from a CDN. The third-party libraries (cytoscape.js with its fcose layout and SVG export for the explorer;
// GraphiQL, React and ReactDOM for the IDE) come from the npm registry at
// build time: `make web` runs `npm ci` and web/build.sh, which copies their
// dist files into web/static/vendor/ (gitignored). A binary built before that
// still starts; its "/" and "/graphiql" answer 503 with a page that says to
// run `make web`.
//
// Both pages talk to the GraphQL endpoint at the same origin ("/graphql") by
// default; `?endpoint=URL` points them at another server, which must allow
// this page's origin in its CORS configuration.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var embedded embed.FS

// ContentSecurityPolicy is sent with every response of the handler. Scripts
// and styles come only from this origin (no inline scripts, no eval); inline
// styles are allowed because cytoscape.js and GraphiQL set them; fonts and
// images may be data: URLs (GraphiQL's CSS inlines its fonts). connect-src
// allows any http(s) origin so that `?endpoint=` can name another scsgraph
// server, whose CORS allowlist then decides.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
	"connect-src 'self' http: https:; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'self'"

// The vendored files each page needs; build.sh copies them.
var (
	explorerVendor = []string{"vendor/cytoscape.esm.min.mjs", "vendor/cytoscape-svg.js",
		"vendor/layout-base.js", "vendor/cose-base.js", "vendor/cytoscape-fcose.js"}
	graphiqlVendor = []string{
		"vendor/react.production.min.js",
		"vendor/react-dom.production.min.js",
		"vendor/graphiql.min.js",
		"vendor/graphiql.min.css",
	}
)

// contentTypes is explicit so that responses do not depend on the host's
// mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".map":  "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
}

// asset is one embedded file, read once at start-up.
type asset struct {
	name  string
	body  []byte
	ctype string
	etag  string
}

// handler serves the embedded assets.
type handler struct {
	mux    *http.ServeMux
	assets map[string]*asset // by path under static/, e.g. "explorer.js"
}

// New returns the handler for "/", "/graphiql" and "/static/...". Mount it at
// "/" of the server's mux; other paths answer 404.
func New() (http.Handler, error) {
	return newHandler(embedded)
}

func newHandler(root fs.FS) (http.Handler, error) {
	static, err := fs.Sub(root, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	h := &handler{mux: http.NewServeMux(), assets: map[string]*asset{}}
	err = fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(static, name)
		if err != nil {
			return err
		}
		ctype, ok := contentTypes[path.Ext(name)]
		if !ok {
			ctype = "application/octet-stream"
		}
		sum := sha256.Sum256(body)
		h.assets[name] = &asset{name: name, body: body, ctype: ctype,
			etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: reading embedded assets: %w", err)
	}
	for _, page := range []string{"index.html", "graphiql.html", "explorer.js", "explorer.css", "graphiql.js"} {
		if h.assets[page] == nil {
			return nil, fmt.Errorf("web: embedded asset static/%s is missing", page)
		}
	}

	h.mux.Handle("GET /{$}", h.page("index.html", "graph explorer", explorerVendor))
	h.mux.Handle("GET /graphiql", h.page("graphiql.html", "GraphiQL", graphiqlVendor))
	h.mux.HandleFunc("GET /static/{file...}", func(w http.ResponseWriter, r *http.Request) {
		a := h.assets[r.PathValue("file")]
		if a == nil {
			http.NotFound(w, r)
			return
		}
		h.serve(w, r, a)
	})
	return h, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	h.mux.ServeHTTP(w, r)
}

// page serves the named HTML page, or a 503 page that says how to build the
// vendored assets when any of them is missing.
func (h *handler) page(name, title string, vendor []string) http.Handler {
	var missing []string
	for _, v := range vendor {
		if h.assets[v] == nil {
			missing = append(missing, "static/"+v)
		}
	}
	if len(missing) > 0 {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b bytes.Buffer
			fmt.Fprintf(&b, "<!doctype html>\n<meta charset=utf-8>\n<title>scsgraph: %s unavailable</title>\n", html.EscapeString(title))
			fmt.Fprintf(&b, "<h1>The %s is not built into this binary</h1>\n", html.EscapeString(title))
			fmt.Fprintf(&b, "<p>Its browser libraries are missing: %s.</p>\n", html.EscapeString(strings.Join(missing, ", ")))
			b.WriteString("<p>Run <code>make web</code> (npm ci and web/build.sh), then rebuild scsgraph. " +
				"The GraphQL endpoint at <a href=\"graphql\">/graphql</a> works without them.</p>\n")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			if r.Method != http.MethodHead {
				w.Write(b.Bytes()) //nolint:errcheck // the client went away
			}
		})
	}
	a := h.assets[name]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.serve(w, r, a)
	})
}

// serve writes an asset with its content type and ETag; http.ServeContent
// answers conditional and range requests.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, a *asset) {
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
}
