package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"time"

	"github.com/scsgraph/scsgraph/cmd/scsgraph/internal/server"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
)

// defaultOrigins are the browser origins allowed by default: local pages only.
var defaultOrigins = []string{"http://localhost:*", "http://127.0.0.1:*"}

// defaultMaxMemoryFacts is how many facts serve puts in a memory store
// unless --max-memory-facts says otherwise. Measured on generated corpora
// (docs/operations.md): 354,244 facts (10,000 works) take 1.18 GiB of
// RSS once served, 557,909 (16,000 works) 1.97 GiB, about 3.9 KB per
// fact; 500,000 facts (about 14,000 works) stay near 1.75 GiB.
const defaultMaxMemoryFacts = 500_000

// defaultPoll is how often serve reads the manifest of a bolt or
// PostgreSQL store: one small query or file read, so that several
// servers on one store serve a new load within seconds by themselves.
const defaultPoll = 5 * time.Second

// runServe serves the graph over HTTP until ctx is cancelled (SIGINT,
// SIGTERM), reloading the data on SIGHUP, with --watch when the files
// under --data change, and with --poll when a load completes into its
// bolt or PostgreSQL store.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("serve", stdout)
	cfg := server.Config{}
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on")
	sf := f.storeFlags("memory", "store: memory, bolt or postgres")
	conns := f.Int("db-conns", graph.DefaultReadConns, "PostgreSQL: connections to read through at most (serve needs one more to start, two more during a reload)")
	origins := f.List("cors-origin", "browser origin allowed to call /graphql", defaultOrigins)
	watch := f.Bool("watch", false, "reload when the files under --data change (SIGHUP always reloads)")
	f.DurationVar(&cfg.Watch, "watch-interval", 2*time.Second, "how often --watch looks at the files")
	f.DurationVar(&cfg.Poll, "poll", defaultPoll, "bolt, postgres: read the store's manifest this often and serve a new load once it is complete (0: never; SIGHUP always reloads)")
	f.DurationVar(&cfg.Shutdown, "shutdown-timeout", 15*time.Second, "how long requests in flight may take to finish on SIGTERM; the process ends by then")
	f.IntVar(&cfg.MaxConns, "max-conns", 1024, "open connections at most; at the limit, the oldest idle one is closed for a new one")
	f.IntVar(&cfg.MaxFacts, "max-memory-facts", defaultMaxMemoryFacts, "memory store: refuse a corpus of more facts than this (about 2 GiB at the default; 0: no limit); serve larger ones from --store bolt or postgres")
	limitFlags(f, &cfg.Limits, &cfg.MaxBody)
	if err := f.parse(args); err != nil {
		return err
	}
	if cfg.MaxConns < 1 {
		return usageError{"serve: --max-conns must be at least 1"}
	}
	cfg.Addr, cfg.Data, cfg.Origins = *addr, *sf.data, origins.vals
	cfg.Store = sf.config()
	cfg.Store.Conns = *conns
	switch {
	case !*watch:
		cfg.Watch = 0
	case cfg.Data == "" || (cfg.Store.Backend != "memory" && cfg.Store.Backend != ""):
		return usageError{"serve: --watch needs --data DIR and the memory store (a persistent store changes by \"scsgraph load\"; send SIGHUP)"}
	case cfg.Watch <= 0:
		return usageError{"serve: --watch-interval must be positive"}
	}
	switch {
	case cfg.Poll < 0:
		return usageError{"serve: --poll must be positive, or 0 for never"}
	case cfg.Store.Backend == "memory" || cfg.Store.Backend == "":
		pollSet := false
		f.Visit(func(fl *flag.Flag) { pollSet = pollSet || fl.Name == "poll" })
		if pollSet {
			return usageError{"serve: --poll needs --store bolt or postgres (the memory store reloads its files with --watch)"}
		}
		cfg.Poll = 0
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg.Limits.Log = log
	return server.New(cfg, log).Run(ctx)
}

// limitFlags defines a flag for each request limit; 0 keeps the default.
func limitFlags(f *flags, l *schema.Limits, maxBody *int64) {
	f.Int64Var(maxBody, "max-body-bytes", 0, "largest POST body (0: default 1 MiB)")
	f.IntVar(&l.MaxSelections, "max-selections", 0, "fields and fragments written in one query (0: default 500)")
	f.IntVar(&l.MaxDepth, "max-depth", 0, "deepest field nesting (0: default 10)")
	f.IntVar(&l.MaxAliases, "max-aliases", 0, "aliases in one operation (0: default 15)")
	f.IntVar(&l.MaxPageSize, "max-page-size", 0, "largest first: (0: default 100)")
	f.IntVar(&l.MaxCost, "max-cost", 0, "estimated cost of one operation (0: default 50000)")
	f.IntVar(&l.MaxSubgraphNodes, "max-subgraph-nodes", 0, "largest neighborhood limit (0: default 1000)")
	f.IntVar(&l.MaxNeighborhoodDepth, "max-neighborhood-depth", 0, "largest neighborhood depth (0: default 4)")
	f.IntVar(&l.MaxPathLength, "max-path-length", 0, "largest path maxLength (0: default 10)")
	f.IntVar(&l.PathBudget, "path-budget", 0, "nodes one path search may visit (0: default 100000)")
	f.IntVar(&l.MaxQueryBytes, "max-query-bytes", 0, "length of the query text (0: default 65536)")
	f.DurationVar(&l.Timeout, "timeout", 0, "deadline of one request (0: default 5s)")
	f.BoolVar(&l.NoIntrospection, "no-introspection", false, "refuse __schema and __type queries (for public deployments; GraphiQL's docs need them)")
	f.IntVar(&l.ResponseCacheBytes, "response-cache-bytes", 0, "answers without errors kept per loaded graph (0: default 64 MiB; -1: no cache)")
}
