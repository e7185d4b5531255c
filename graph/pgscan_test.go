package graph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// TestPGScanSameView: the view that Store.View builds from PostgreSQL's
// tables equals the view built through Cayley's iterators on the same
// database, for the seed corpus and a generated one of 1,000 works.
func TestPGScanSameView(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		facts func(t *testing.T) []graph.Fact
	}{
		{"seed", seedFacts},
		{"synth1k", func(t *testing.T) []graph.Fact { return synthFacts(t, 1000) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cfg := graph.Config{Backend: "postgres", DB: graphtest.FreshPostgres(t)}
			m := loadPG(t, cfg.DB, "", tc.facts(t))
			st, v, err := graph.OpenView(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := int64(v.Stats().Quads); got != m.Quads {
				t.Fatalf("the view read %d quads; the manifest says %d", got, m.Quads)
			}
			ref, err := graph.ViewByCayleyScan(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			sameView(t, v, ref)
		})
	}
}

// TestPGScanRefuses: a store whose content no longer matches its manifest
// is refused as StoreMismatch, and one whose manifest changed between
// Open and View (a load began) as StoreBusy.
func TestPGScanRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		stmt string // run between Open and View
		want graph.StoreErrorKind
	}{
		{"changed value", `UPDATE nodes SET value_string = value_string || ' (changed)'
			WHERE hash = (SELECT hash FROM nodes WHERE iri IS NULL AND value_string IS NOT NULL ORDER BY hash LIMIT 1)`, graph.StoreMismatch},
		{"new manifest", `UPDATE scsgraph_manifest SET manifest = replace(manifest, '"version":"', '"version":"other ')`, graph.StoreBusy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cfg := graph.Config{Backend: "postgres", DB: graphtest.FreshPostgres(t)}
			loadPG(t, cfg.DB, "", seedFacts(t))
			st, err := graph.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			r, err := graphtest.DB(t, cfg.DB).Exec(tc.stmt)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := r.RowsAffected(); err != nil || n != 1 {
				t.Fatalf("%d rows changed (%v), want 1", n, err)
			}
			v, err := st.View(ctx)
			var se *graph.StoreError
			if !errors.As(err, &se) || se.Kind != tc.want {
				t.Fatalf("View: %v, %v; want a StoreError of kind %d", v, err, tc.want)
			}
		})
	}
}
