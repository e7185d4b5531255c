package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
)

// CayleyReads is what Cayley's own quad store reads from a store: every
// quad (as N-Quads lines) and the answers of its path API to two queries,
// each line a "subject predicate object" triple: Out, the outgoing edges
// of every predicate of every sample-th node that is a subject, and In,
// the incoming edges of every sample-th node of the graph that is an
// object (evidence and literals left out), all sorted. It reads through
// Cayley alone, not the read view. (Cayley's path API answers a start of
// many nodes on PostgreSQL with one query per node and per value: a
// sample keeps the time down.)
type CayleyReads struct {
	Quads, Out, In []string
}

// ReadThroughCayley opens Cayley's quad store on the PostgreSQL store at
// dsn (no manifest check, no view) and reads it as CayleyReads says.
func ReadThroughCayley(ctx context.Context, dsn string, sample int) (CayleyReads, error) {
	qs, err := cgraph.NewQuadStore("postgres", dsn, cgraph.Options{})
	if err != nil {
		return CayleyReads{}, err
	}
	defer qs.Close()
	return readThroughCayley(ctx, qs, sample)
}

// ReadBoltThroughCayley opens Cayley's KV quad store on the bolt file at
// path read-only (no manifest check, no view) and reads it as CayleyReads
// says.
func ReadBoltThroughCayley(ctx context.Context, path string, sample int) (CayleyReads, error) {
	qs, err := openBoltRead(Config{Backend: "bolt", DB: path})
	if err != nil {
		return CayleyReads{}, err
	}
	defer qs.Close()
	return readThroughCayley(ctx, qs, sample)
}

// readThroughCayley reads qs as CayleyReads says.
func readThroughCayley(ctx context.Context, qs cgraph.QuadStore, sample int) (CayleyReads, error) {
	var r CayleyReads
	s := &Store{qs: qs}
	subjects := map[quad.Value]bool{}
	objects := map[quad.Value]bool{}
	err := s.eachQuad(ctx, func(q quad.Quad) error {
		r.Quads = append(r.Quads, q.NQuad())
		subjects[q.Subject] = true
		if o, ok := q.Object.(quad.IRI); ok && strings.HasPrefix(string(o), DefaultBaseIRI) && !strings.Contains(string(o), "/evidence/") {
			objects[o] = true
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	collect := func(out *[]string) func(map[string]quad.Value) error {
		return func(m map[string]quad.Value) error {
			*out = append(*out, fmt.Sprintf("%s %s %s", m["s"], m["p"], m["o"]))
			return nil
		}
	}
	outs := path.StartPath(qs, every(subjects, sample)...).Tag("s").OutWithTags([]string{"p"}).Tag("o")
	if err := outs.Iterate(ctx).TagValues(qs, collect(&r.Out)); err != nil {
		return r, err
	}
	ins := path.StartPath(qs, every(objects, sample)...).Tag("o").InWithTags([]string{"p"}).Tag("s")
	if err := ins.Iterate(ctx).TagValues(qs, collect(&r.In)); err != nil {
		return r, err
	}
	for _, l := range [][]string{r.Quads, r.Out, r.In} {
		slices.Sort(l)
	}
	return r, nil
}

// every is every n-th value of m, in the order of their N-Quads form.
func every(m map[quad.Value]bool, n int) []quad.Value {
	all := make([]quad.Value, 0, len(m))
	for v := range m {
		all = append(all, v)
	}
	slices.SortFunc(all, func(a, b quad.Value) int { return strings.Compare(a.String(), b.String()) })
	var out []quad.Value
	for i := 0; i < len(all); i += max(n, 1) {
		out = append(out, all[i])
	}
	return out
}
