package main

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
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/cors"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/web"
)

// defaultOrigins are the browser origins allowed by default: local pages only.
var defaultOrigins = []string{"http://localhost:*", "http://127.0.0.1:*"}

// serveConfig is what "scsgraph serve" is told.
type serveConfig struct {
	addr    string
	data    string
	store   graph.Config
	origins []string
	limits  schema.Limits
}

// runServe serves the graph over HTTP until ctx is cancelled (SIGINT, SIGTERM).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("serve", stderr)
	cfg := serveConfig{}
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := f.String("data", "", "data directory (default: the embedded corpus)")
	backend := f.String("store", "memory", "store: memory, bolt or postgres")
	db := f.String("db", "", "bolt file or PostgreSQL DSN")
	base := f.String("base-iri", graph.DefaultBaseIRI, "base IRI of node ids")
	origins := f.List("cors-origin", "browser origin allowed to call /graphql", defaultOrigins)
	limitFlags(f, &cfg.limits)
	if err := f.parse(args); err != nil {
		return err
	}
	cfg.addr, cfg.data, cfg.origins = *addr, *dir, origins.vals
	cfg.store = graph.Config{Backend: *backend, DB: *db, BaseIRI: *base}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg.limits.Log = log
	return serve(ctx, cfg, log)
}

// served is one loaded graph and the schema over it; reloads swap the whole.
type served struct {
	store  *graph.Store
	schema *schema.Schema
}

// server holds what the HTTP handlers share: the graph being served.
type server struct {
	log     *slog.Logger
	current atomic.Pointer[served]
	ready   atomic.Bool
}

func (s *server) schema() *schema.Schema { return s.current.Load().schema }
func (s *server) store() *graph.Store    { return s.current.Load().store }

func serve(ctx context.Context, cfg serveConfig, log *slog.Logger) error {
	start := time.Now()
	st, err := openStore(ctx, cfg.store, cfg.data)
	if err != nil {
		return err
	}
	defer st.Close()
	sch, err := schema.New(st, cfg.limits)
	if err != nil {
		return err
	}
	srv := &server{log: log}
	srv.current.Store(&served{store: st, schema: sch})
	srv.ready.Store(true)
	stats := st.Stats()
	log.Info("graph loaded", "store", st.Backend(), "nodes", stats.Nodes, "edges", stats.Edges, "quads", stats.Quads, "took", time.Since(start).Round(time.Millisecond))

	h, err := srv.routes(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: listen %s: %w", cfg.addr, err)
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      sch.Limits().Timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	srv.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// routes wires the endpoints.
func (s *server) routes(cfg serveConfig) (http.Handler, error) {
	ui, err := web.New()
	if err != nil {
		return nil, err
	}
	c := cors.New(cors.Options{
		AllowOriginFunc:  originMatcher(cfg.origins),
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Accept", "Authorization"},
		MaxAge:           600,
		AllowCredentials: false,
	})
	mux := http.NewServeMux()
	mux.Handle("/graphql", c.Handler(schema.NewHandler(s.schema, s.log)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !s.ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.HandleFunc("GET /export/{format}", s.export)
	mux.HandleFunc("GET /id/{kind}/{slug...}", s.dereference)
	mux.Handle("/", ui)
	return mux, nil
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

// export serves the whole graph in one of graph.ExportFormats.
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	ct := graph.ExportContentType(format)
	if ct == "" {
		http.Error(w, fmt.Sprintf("unknown export format %q; want one of %s", format, strings.Join(graph.ExportFormats(), ", ")), http.StatusNotFound)
		return
	}
	var buf bytes.Buffer
	if err := s.store().Export(r.Context(), format, &buf); err != nil {
		s.log.Error("export", "format", format, "err", err)
		http.Error(w, "export failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(buf.Bytes())
}

// dereference serves /id/{kind}/{slug} as JSON-LD, or redirects a browser
// that asks for HTML to the explorer focused on the node.
func (s *server) dereference(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("kind") + "/" + r.PathValue("slug")
	st := s.store()
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
	w.Write(buf.Bytes())
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

// limitFlags defines a flag for each query limit; 0 keeps the default.
func limitFlags(f *flags, l *schema.Limits) {
	f.IntVar(&l.MaxDepth, "max-depth", 0, "deepest field nesting (0: default 10)")
	f.IntVar(&l.MaxAliases, "max-aliases", 0, "aliases in one operation (0: default 15)")
	f.IntVar(&l.MaxPageSize, "max-page-size", 0, "largest first: (0: default 100)")
	f.IntVar(&l.MaxCost, "max-cost", 0, "estimated cost of one operation (0: default 10000)")
	f.IntVar(&l.MaxSubgraphNodes, "max-subgraph-nodes", 0, "largest neighborhood limit (0: default 1000)")
	f.IntVar(&l.MaxNeighborhoodDepth, "max-neighborhood-depth", 0, "largest neighborhood depth (0: default 4)")
	f.IntVar(&l.MaxPathLength, "max-path-length", 0, "largest path maxLength (0: default 10)")
	f.IntVar(&l.PathBudget, "path-budget", 0, "nodes one path search may visit (0: default 100000)")
	f.IntVar(&l.MaxQueryBytes, "max-query-bytes", 0, "length of the query text (0: default 65536)")
	f.DurationVar(&l.Timeout, "timeout", 0, "deadline of one request (0: default 5s)")
}
