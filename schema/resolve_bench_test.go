package schema_test

// Benchmarks of the resolvers: schema.Do of the requests that make bench
// sends over HTTP (bench/mix), over the embedded seed corpus. They
// measure parsing, validation, the limits' cost analysis and execution,
// without HTTP. Stable names, for benchstat; make bench runs them into
// bench/out/go-bench.txt and profiles BenchmarkDo.

import (
	"context"
	"testing"

	"github.com/scsgraph/scsgraph/bench/mix"
	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/schematest"
)

// seedSchema builds the schema over the embedded corpus with the default
// limits.
func seedSchema(b *testing.B) *schema.Schema {
	b.Helper()
	sch, err := schema.New(schematest.Seed(b), schema.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	return sch
}

// BenchmarkDo runs each query of the mix: node (a publication with nested
// relations), depth2, search, path and cooccur.
func BenchmarkDo(b *testing.B) {
	sch := seedSchema(b)
	ctx := context.Background()
	for _, q := range mix.Queries(mix.Seed()) {
		b.Run(q.Name, func(b *testing.B) {
			req := schema.Request{Query: q.Text, Variables: q.Variables}
			if res := sch.Do(ctx, req); len(res.Errors) > 0 {
				b.Fatalf("%s: %v", q.Name, res.Errors)
			}
			b.ReportAllocs()
			for b.Loop() {
				sch.Do(ctx, req)
			}
		})
	}
}
