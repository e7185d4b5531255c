// Package server is "scsgraph serve": it loads the graph, serves it over
// HTTP (GraphQL, the explorer, /export, /id, /metrics, health), swaps in a
// new graph atomically on reload (SIGHUP, --watch), bounds connections,
// and shuts down within its timeout.
//
// Run the server with New(cfg, log).Run(ctx); package main wires the
// command line's flags to Config.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/rs/cors"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/gqlhttp"
	"github.com/scsgraph/scsgraph/web"
)

// Config is what the server is told.
type Config struct {
	Addr     string
	Data     string // the corpus directory of a memory store; "" for the embedded one
	Store    graph.Config
	Origins  []string // browser origins allowed to call /graphql, /export and /id
	Limits   schema.Limits
	MaxBody  int64         // largest request body
	Watch    time.Duration // poll Data this often for changes; 0: never
	Poll     time.Duration // bolt, PostgreSQL: read the store's manifest this often, and serve a new load; 0: never
	Shutdown time.Duration // how long in-flight requests may take to finish on SIGTERM
	MaxConns int           // open connections at most
	MaxFacts int           // memory store: facts at most (0: no limit)
}

// Server holds what the HTTP handlers share: the graph being served.
type Server struct {
	log     *slog.Logger
	cfg     Config
	metrics *metrics
	ready   atomic.Bool

	mu       sync.RWMutex // orders acquire against swap
	current  *served
	retiring sync.WaitGroup // graphs swapped out and not yet closed

	reloadMu   sync.Mutex // one reload at a time
	generation int        // of the graph served; under reloadMu

	statusMu   sync.Mutex
	lastReload reloadStatus
	lastPoll   pollStatus
}

// New returns a server of cfg that logs to log. Nothing is loaded or
// listened on before Run.
func New(cfg Config, log *slog.Logger) *Server {
	return &Server{log: log, cfg: cfg, metrics: newMetrics(), generation: 1}
}

// Run loads the graph and serves it until ctx is cancelled, then shuts
// down, letting requests in flight finish within Config.Shutdown; a
// second after that, the process ends.
func (srv *Server) Run(ctx context.Context) error {
	cfg, log := srv.cfg, srv.log
	start := time.Now()
	// Shutdown is bounded whatever a request, a load or a reload is doing:
	// a second after --shutdown-timeout, the process ends.
	stopWatchdog := context.AfterFunc(ctx, func() {
		time.AfterFunc(cfg.Shutdown+time.Second, func() {
			log.Error("shutdown took longer than --shutdown-timeout; exiting now", "timeout", cfg.Shutdown)
			os.Exit(1)
		})
	})
	defer stopWatchdog()
	first, err := load(ctx, cfg, srv.generation)
	if err != nil {
		return err
	}
	srv.swap(first)
	srv.ready.Store(true)
	log.Info("graph loaded", "store", first.store.Backend(), "view", first.view.Origin(), "version", first.version.String(), "nodes", first.stats.Nodes,
		"edges", first.stats.Edges, "quads", first.stats.Quads, "took", time.Since(start).Round(time.Millisecond))

	h, err := srv.routes(cfg)
	if err != nil {
		srv.close()
		return err
	}
	tcp, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		srv.close()
		return fmt.Errorf("serve: listen %s: %w", cfg.Addr, err)
	}
	ln := newConnLimit(tcp, cfg.MaxConns)
	// Each timeout bounds what one connection may hold: headers, the
	// whole request, the answer, and the wait between requests.
	hs := &http.Server{
		ConnState:         ln.track,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      first.schema.Limits().Timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	wctx, stopWatch := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		srv.watchReloads(wctx)
	}()
	forced := false // requests were cut off: do not wait for them
	defer func() {
		stopWatch()
		if forced {
			return // the process ends now; the stores close with it
		}
		<-watched
		srv.close()
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing the requests in flight", "timeout", cfg.Shutdown, "connections_shed", ln.Shed())
	srv.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.Shutdown)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		// Requests still running after the timeout are cut off, and
		// nothing waits for them: a handler busy in a computation that
		// does not look at its context would hold the process.
		hs.Close()
		forced = true
		return fmt.Errorf("serve: shutdown after %s: %w", cfg.Shutdown, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// close closes the graph served and waits for those swapped out to close.
func (s *Server) close() {
	s.mu.Lock()
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	s.retiring.Wait()
	if cur == nil {
		return
	}
	cur.refs.Wait()
	if err := cur.store.Close(); err != nil {
		s.log.Error("close the graph", "err", err)
	}
}

// servedKey keys the graph a request uses in its context.
type servedKey struct{}

// servedFor returns the graph that wrap pinned to r.
func servedFor(r *http.Request) *served { return r.Context().Value(servedKey{}).(*served) }

// wrap gives every request an id (X-Request-Id), pins the graph served at
// its start for its whole duration, counts it, and logs it (the GraphQL
// handler logs its own requests, with their operation and error codes).
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := gqlhttp.RequestIDFromHeader(r)
		w.Header().Set("X-Request-Id", id)
		sv := s.acquire()
		defer sv.refs.Done()
		ctx := context.WithValue(schema.WithRequestID(r.Context(), id), servedKey{}, sv)
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "(none)"
		}
		s.metrics.http.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		if r.URL.Path != "/graphql" {
			s.log.Info("http", "request_id", id, "method", r.Method, "path", TruncateString(r.URL.Path, 200), "status", rec.status,
				"bytes", rec.bytes, "duration", time.Since(start))
		}
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// TruncateString shortens s to at most n bytes, cut on a rune boundary, for
// a log line or a message.
func TruncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// written logs the error of writing a response body (most often, the client
// went away): the status line has been sent, so there is nothing else to do.
func (s *Server) written(r *http.Request, err error) {
	if err != nil {
		s.log.Info("http: write response", "path", TruncateString(r.URL.Path, 200), "err", err, "request_id", schema.RequestID(r.Context()))
	}
}

// routes wires the endpoints.
func (s *Server) routes(cfg Config) (http.Handler, error) {
	ui, err := web.New()
	if err != nil {
		return nil, err
	}
	c := cors.New(cors.Options{
		AllowOriginFunc:  originMatcher(cfg.Origins),
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Accept", "Authorization", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id"},
		MaxAge:           600,
		AllowCredentials: false,
	})
	gql := gqlhttp.NewHandler(nil, s.log,
		gqlhttp.WithRequestSchema(func(r *http.Request) *schema.Schema { return servedFor(r).schema }),
		gqlhttp.WithMaxBodyBytes(cfg.MaxBody),
		gqlhttp.WithObserver(s.metrics.observe))
	mux := http.NewServeMux()
	mux.Handle("/graphql", c.Handler(gql))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := io.WriteString(w, "ok\n")
		s.written(r, err)
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.Handle("GET /export/{format}", c.Handler(http.HandlerFunc(s.export)))
	mux.Handle("GET /id/{kind}/{slug...}", c.Handler(http.HandlerFunc(s.dereference)))
	mux.Handle("/", ui)
	return s.wrap(mux), nil
}

// readyz says whether the server serves a graph, which version, and how
// the last reload went. A failed reload keeps the status 200: the previous
// graph is still served.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !s.ready.Load() {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	sv := servedFor(r)
	s.statusMu.Lock()
	last := s.lastReload
	s.statusMu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "ready\nversion: %s\ngraph: %d nodes, %d edges, %d quads (%s store)\n",
		sv.version, sv.stats.Nodes, sv.stats.Edges, sv.stats.Quads, sv.store.Backend())
	switch {
	case last.at.IsZero():
	case last.err != nil:
		fmt.Fprintf(&b, "last reload error: %s (at %s; still serving version %d)\n", publicError(last.err, s.cfg), last.at.UTC().Format(time.RFC3339), sv.version.generation)
	default:
		fmt.Fprintf(&b, "last reload: ok (at %s)\n", last.at.UTC().Format(time.RFC3339))
	}
	if sv.version.digest != "" {
		fmt.Fprintf(&b, "digest: %s\n", sv.version.digest)
	}
	b.WriteString(s.pollLine())
	_, err := io.WriteString(w, b.String())
	s.written(r, err)
}

// originMatcher allows exact origins and patterns with a trailing "*" port
// ("http://localhost:*").
func originMatcher(origins []string) func(string) bool {
	return func(origin string) bool {
		for _, o := range origins {
			if o == "*" || o == origin {
				return true
			}
			if prefix, ok := strings.CutSuffix(o, "*"); ok && strings.HasPrefix(origin, prefix) {
				port := origin[len(prefix):]
				if port != "" && strings.Trim(port, "0123456789") == "" {
					return true
				}
			}
		}
		return false
	}
}

// dereference serves /id/{kind}/{slug} as JSON-LD, or redirects a browser
// that asks for HTML to the explorer focused on the node.
func (s *Server) dereference(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("kind") + "/" + r.PathValue("slug")
	st := servedFor(r).view
	if _, ok := st.Node(id); !ok {
		http.Error(w, fmt.Sprintf("no node %q", id), http.StatusNotFound)
		return
	}
	if prefersHTML(r.Header.Get("Accept")) {
		http.Redirect(w, r, "/?focus="+url.QueryEscape(id), http.StatusSeeOther)
		return
	}
	var buf bytes.Buffer
	if err := st.NodeJSONLD(r.Context(), id, &buf); err != nil {
		s.log.Error("dereference", "id", id, "err", err)
		http.Error(w, "cannot describe node", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ld+json")
	_, err := w.Write(buf.Bytes())
	s.written(r, err)
}

// prefersHTML reports whether an Accept header asks for HTML before JSON.
func prefersHTML(accept string) bool {
	h := strings.Index(accept, "text/html")
	if h < 0 {
		return false
	}
	j := strings.Index(accept, "json")
	return j < 0 || h < j
}
