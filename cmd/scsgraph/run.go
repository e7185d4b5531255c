package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/scsgraph/scsgraph/cmd/scsgraph/internal/server"
	"github.com/scsgraph/scsgraph/graph"
)

// usageError is a mistake in the command line; main exits 2 for it. A
// message that starts with a sub-command's name ("serve: ...") is about
// that command.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// hint is where the help for a usage error is: the sub-command's help when
// the message names one, or the program's.
func (e usageError) hint() string {
	name, _, _ := strings.Cut(e.msg, ":")
	for _, c := range commands() {
		if c.name == name {
			return "run 'scsgraph " + name + " -h'"
		}
	}
	return "run 'scsgraph -h'"
}

// helpShown ends a command whose help was asked for (-h, --help): the
// help is printed and the program exits 0.
type helpShown struct{}

func (helpShown) Error() string { return "help shown" }

// command is one sub-command: its positional arguments and what it does,
// for the help texts.
type command struct {
	name, args, desc string
	run              func(context.Context, []string, io.Writer, io.Writer) error
}

// commands lists the sub-commands in the order the help shows them.
func commands() []command {
	return []command{
		{"serve", "", "Serve the GraphQL API (/graphql), GraphiQL, the explorer (/) and the exports (/export/FORMAT) over HTTP.", runServe},
		{"load", "[FILE...]", "Write the corpus and bibliography files (BibTeX, CSL-JSON, RIS, OpenAlex) into a bolt or PostgreSQL store; FILE... are the bibliographies.", runLoad},
		{"validate", "", "Check the corpus in --data (default: the embedded one); print each problem as file:line and exit 1 if there is one.", runValidate},
		{"export", "", "Write the graph, or one of its networks (--graph), in a format for Gephi, networkx, Cytoscape, spreadsheets RDF tools, or reference managers (bibtex, csl-json, ris).", runExport},
		{"query", "QUERY", "Run one GraphQL query against the corpus, without a server, and print the JSON result.", runQuery},
		{"schema", "", "Print the GraphQL schema (SDL).", runSchema},
		{"gen", "", "Write a synthetic corpus of --works works into --out, for benchmarks.", runGen},
	}
}

// usage is the help of the whole program.
func usage() string {
	var b strings.Builder
	b.WriteString(`scsgraph: a knowledge graph of the scholarship on China's social credit systems

Usage:
  scsgraph COMMAND [flags] [arguments]
  scsgraph --version

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.desc)
		if c.args != "" {
			fmt.Fprintf(&b, "  %-9s arguments: %s\n", "", c.args)
		}
	}
	b.WriteString(`
Export formats: ` + strings.Join(graph.ExportFormats(), ", ") + `
Export networks (--graph, for ` + strings.Join(graph.NetworkFormats(), ", ") + `): ` + strings.Join(graph.ExportGraphs(), ", ") + `

Every flag can also be set by an environment variable: --cors-origin is
SCSGRAPH_CORS_ORIGIN (comma-separated), --addr is SCSGRAPH_ADDR, and so on.
Run "scsgraph COMMAND -h" for the flags and arguments of one command.
`)
	return b.String()
}

// run is the whole program: it parses args and runs one sub-command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return usageError{"no command given"}
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, versionText())
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			graph.RouteCayleyLogs(slog.New(slog.NewTextHandler(stderr, nil)))
			err := withStoreHint(c.run(ctx, args[1:], stdout, stderr))
			if errors.As(err, new(helpShown)) {
				return nil
			}
			return err
		}
	}
	return usageError{fmt.Sprintf("unknown command %q", server.TruncateString(name, 40))}
}

// linkedCommit is the commit "make build" names with -ldflags -X, for when
// the Go toolchain records none (GOFLAGS=-buildvcs=false, a tarball).
var linkedCommit string

// versionText is the version, the commit and the Go version the binary was
// built from, as the Go toolchain recorded them.
func versionText() string {
	version, commit, modified, goVersion := "(devel)", "unknown", false, runtime.Version()
	if linkedCommit != "" {
		commit = linkedCommit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if modified {
		commit += " (with uncommitted changes)"
	}
	return fmt.Sprintf("scsgraph %s\ncommit %s\n%s", version, commit, goVersion)
}

// flags is a FlagSet whose flags also read SCSGRAPH_* environment
// variables: a flag not given on the command line takes its variable's
// value. -h prints the command's help to stdout.
type flags struct {
	*flag.FlagSet
	stdout io.Writer
}

// newFlags makes the flags of the sub-command name. Its help goes to
// stdout; parse errors are returned, not printed.
func newFlags(name string, stdout io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flags{fs, stdout}
}

// help is the usage of the sub-command: its arguments, what it does and its flags.
func (f *flags) help() string {
	var b strings.Builder
	args, desc := "", ""
	for _, c := range commands() {
		if c.name == f.Name() {
			args, desc = c.args, c.desc
		}
	}
	fmt.Fprintf(&b, "Usage: scsgraph %s [flags]", f.Name())
	if args != "" {
		b.WriteString(" " + args)
	}
	fmt.Fprintf(&b, "\n\n%s\n\nFlags (each also read from SCSGRAPH_<NAME>, e.g. %s):\n", desc, envName("data"))
	f.SetOutput(&b)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
	return b.String()
}

// envName is the environment variable of a flag: --cors-origin is
// SCSGRAPH_CORS_ORIGIN.
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
			fmt.Fprint(f.stdout, f.help())
			return helpShown{}
		}
		return usageError{f.Name() + ": " + err.Error()}
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
			err = usageError{fmt.Sprintf("%s: %s=%q: %v", f.Name(), envName(fl.Name), v, e)}
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
