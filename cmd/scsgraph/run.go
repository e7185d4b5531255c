package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// usageError is a mistake in the command line; main exits 2 for it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `scsgraph: a knowledge graph of the scholarship on China's social credit systems

Usage:
  scsgraph serve    [--addr 127.0.0.1:8080] [--data DIR] [--store memory|bolt|postgres] [--db PATH|DSN] [--cors-origin O]...
  scsgraph load     --store bolt|postgres --db ... [--writer bulk|cayley] [--data DIR] [FILE...]
  scsgraph validate [--data DIR]
  scsgraph export   --format nquads|jsonld|graphml|gexf|cytoscape|csv [--out FILE]
  scsgraph query    'QUERY' [--vars JSON]
  scsgraph schema
  scsgraph gen      --works N [--seed S] --out DIR   # a synthetic corpus for benchmarks

Every flag can also be set by an environment variable: --cors-origin is
SCSGRAPH_CORS_ORIGIN (comma-separated), --addr is SCSGRAPH_ADDR, and so on.
Run "scsgraph COMMAND -h" for the flags of one command.
`

// run is the whole program: it parses args and runs one sub-command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":    runServe,
		"validate": runValidate,
		"query":    runQuery,
		"schema":   runSchema,
		"load":     runLoad,
		"export":   runExport,
		"gen":      runGen,
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", name)}
	}
	graph.RouteCayleyLogs(slog.New(slog.NewTextHandler(stderr, nil)))
	return withStoreHint(cmd(ctx, args[1:], stdout, stderr))
}

// flags is a FlagSet whose flags also read SCSGRAPH_* environment
// variables: a flag not given on the command line takes its variable's value.
type flags struct{ *flag.FlagSet }

func newFlags(name string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return &flags{fs}
}

func envName(flagName string) string {
	return "SCSGRAPH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// listValue is a repeatable flag; values may also be comma-separated.
// The first Set replaces the default.
type listValue struct {
	vals []string
	set  bool
}

func (l *listValue) String() string { return strings.Join(l.vals, ",") }

func (l *listValue) Set(s string) error {
	if !l.set {
		l.vals, l.set = nil, true
	}
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			l.vals = append(l.vals, x)
		}
	}
	return nil
}

// List defines a repeatable string flag with defaults.
func (f *flags) List(name, help string, def []string) *listValue {
	l := &listValue{vals: def}
	f.Var(l, name, help+" (repeatable or comma-separated)")
	return l
}

// parse parses args, then gives each flag not set on the command line the
// value of its environment variable, if there is one.
func (f *flags) parse(args []string) error {
	if err := f.FlagSet.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{"help requested"}
		}
		return usageError{err.Error()}
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var err error
	f.VisitAll(func(fl *flag.Flag) {
		v, ok := os.LookupEnv(envName(fl.Name))
		if set[fl.Name] || !ok || err != nil {
			return
		}
		if e := f.Set(fl.Name, v); e != nil {
			err = usageError{fmt.Sprintf("%s=%q: %v", envName(fl.Name), v, e)}
		}
	})
	return err
}

// storeFlags choose the store and the corpus of a command.
type storeFlags struct {
	backend, db, data, base *string
}

// storeFlags defines --store (defaulting to backend), --db, --data and --base-iri.
func (f *flags) storeFlags(backend, help string) storeFlags {
	return storeFlags{
		backend: f.String("store", backend, help),
		db:      f.String("db", "", "bolt file or PostgreSQL DSN"),
		data:    f.String("data", "", "data directory (default: the embedded corpus)"),
		base:    f.String("base-iri", graph.DefaultBaseIRI, "base IRI of node ids"),
	}
}

// config is the graph configuration the flags name.
func (s storeFlags) config() graph.Config {
	return graph.Config{Backend: *s.backend, DB: *s.db, BaseIRI: *s.base}
}
