package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/graph/graphtest"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// synthFacts are the facts of a generated corpus of n works.
func synthFacts(t *testing.T, n int) []graph.Fact {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(dir, n, 1); err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{}
	if _, err := corpus.Load(os.DirFS(dir), ".", b); err != nil {
		t.Fatal(err)
	}
	return b.Facts
}

// seedFacts are the facts of the embedded corpus.
func seedFacts(t *testing.T) []graph.Fact {
	t.Helper()
	b := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", b); err != nil {
		t.Fatal(err)
	}
	return b.Facts
}

// loadPG loads facts into the PostgreSQL store at dsn with writer, as
// "scsgraph load" does.
func loadPG(t *testing.T, dsn, writer string, facts []graph.Fact) graph.Manifest {
	t.Helper()
	return loadStore(t, graph.Config{Backend: "postgres", DB: dsn, Writer: writer}, facts)
}

// loadStore loads facts into the store of cfg, as "scsgraph load" does.
func loadStore(t *testing.T, cfg graph.Config, facts []graph.Fact) graph.Manifest {
	t.Helper()
	writer := cfg.Writer
	ctx := context.Background()
	st, err := graph.Create(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(ctx, facts); err != nil {
		st.Close()
		t.Fatalf("%s writer: %v", writer, err)
	}
	m, err := st.Commit(ctx)
	if err != nil {
		t.Fatalf("%s writer: commit: %v", writer, err)
	}
	return m
}

// loadBoth loads facts into two fresh databases, with Cayley's writer and
// with the bulk writer at the same time, and returns their DSNs.
func loadBoth(t *testing.T, facts []graph.Fact) (cayley, bulk string) {
	t.Helper()
	cayley, bulk = graphtest.FreshPostgres(t), graphtest.FreshPostgres(t)
	var mc, mb graph.Manifest
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		mc = loadPG(t, cayley, "cayley", facts)
		t.Logf("Cayley's writer: %s", time.Since(start))
	}()
	mb = loadPG(t, bulk, "bulk", facts)
	t.Logf("bulk writer: %s", time.Since(start))
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if mc.Quads != mb.Quads || mc.Digest != mb.Digest {
		t.Errorf("manifests differ: cayley %d quads %s, bulk %d quads %s", mc.Quads, mc.Digest, mb.Quads, mb.Digest)
	}
	return cayley, bulk
}

// pgDump is every row of every table of the public schema of dsn, each
// row as JSON, sorted, by table, and under "schema" the columns, indexes
// and constraints. With maskTS, a quad's ts (the time of its write) is
// replaced by whether it is set. A manifest's "written" time is left out.
func pgDump(t *testing.T, dsn string, maskTS bool) map[string][]string {
	t.Helper()
	db := graphtest.DB(t, dsn)
	lines := func(query string) []string {
		t.Helper()
		rows, err := db.Query(query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	dump := map[string][]string{
		"schema": lines(`SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
				FROM information_schema.columns WHERE table_schema = 'public'
			UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
			UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
				FROM pg_constraint WHERE connamespace = 'public'::regnamespace`),
	}
	for _, table := range lines("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'") {
		var rows []string
		for _, raw := range lines("SELECT to_jsonb(t)::text FROM " + table + " t") {
			var row map[string]any
			if err := json.Unmarshal([]byte(raw), &row); err != nil {
				t.Fatal(err)
			}
			if ts, ok := row["ts"]; ok && maskTS {
				row["ts"] = ts != nil
			}
			if m, ok := row["manifest"].(string); ok {
				var man map[string]any
				if err := json.Unmarshal([]byte(m), &man); err != nil {
					t.Fatal(err)
				}
				delete(man, "written")
				row["manifest"] = man
			}
			b, err := json.Marshal(row)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, string(b))
		}
		slices.Sort(rows)
		dump[table] = rows
	}
	return dump
}

// sameDump fails t where two dumps differ, naming the table and the first
// row that differs.
func sameDump(t *testing.T, what string, got, want map[string][]string) {
	t.Helper()
	tables := slices.Sorted(maps.Keys(want))
	if g := slices.Sorted(maps.Keys(got)); !slices.Equal(g, tables) {
		t.Fatalf("%s: tables %v, want %v", what, g, tables)
	}
	for _, table := range tables {
		g, w := got[table], want[table]
		if len(g) != len(w) {
			t.Errorf("%s: %s has %d rows, want %d", what, table, len(g), len(w))
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s: %s row %d of %d differs:\n got  %s\n want %s", what, table, i, len(w), g[i], w[i])
				break
			}
		}
	}
}

// wrongRefs counts the nodes whose refs are not the number of quad
// directions that name them, and the nodes.
func wrongRefs(t *testing.T, dsn string) (wrong, nodes int) {
	t.Helper()
	db := graphtest.DB(t, dsn)
	err := db.QueryRow(`SELECT count(*) FILTER (WHERE n.refs <> coalesce(r.refs, 0)), count(*) FROM nodes n LEFT JOIN (
			SELECT h, count(*) AS refs FROM (
				SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
				UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL
			) d GROUP BY h) r ON r.h = n.hash`).Scan(&wrong, &nodes)
	if err != nil {
		t.Fatal(err)
	}
	return wrong, nodes
}

// TestBulkWriterMatchesCayley loads a generated corpus of 1,000 works
// once with Cayley's own SQL writer and once with the bulk writer, into
// two fresh databases, and compares every row of every table (a quad's
// write time aside), the schema, the manifests, and what Cayley's quad
// store and path API read from both. Then it loads the same facts again
// with the bulk writer (nothing may change, write times included), and
// loads half of them and then all into a third database (the merge into
// a store that holds quads already), which must give the same rows.
func TestBulkWriterMatchesCayley(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads 1,000 works with Cayley's writer")
	}
	facts := synthFacts(t, 1000)
	cayley, bulk := loadBoth(t, facts)
	want := pgDump(t, cayley, true)
	sameDump(t, "bulk vs cayley", pgDump(t, bulk, true), want)
	if n := len(want["quads"]); n < 60000 {
		t.Fatalf("Cayley's writer wrote only %d quads", n)
	}
	for _, dsn := range []string{cayley, bulk} {
		if wrong, nodes := wrongRefs(t, dsn); wrong != 0 || nodes != len(want["nodes"]) {
			t.Errorf("%d of %d nodes have refs that are not their references", wrong, nodes)
		}
	}

	var reads [2]graph.CayleyReads
	var errs [2]error
	var wg sync.WaitGroup
	for i, dsn := range []string{cayley, bulk} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reads[i], errs[i] = graph.ReadThroughCayley(context.Background(), dsn, 20)
		}()
	}
	wg.Wait()
	rc, rb := reads[0], reads[1]
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d nodes", len(want["nodes"]))
	sameCayleyReads(t, rb, rc, len(want["quads"]), 2000, 1000)

	t.Run("idempotent", func(t *testing.T) {
		before := pgDump(t, bulk, false)
		loadPG(t, bulk, "bulk", facts)
		sameDump(t, "bulk loaded twice", pgDump(t, bulk, false), before)
	})
	t.Run("into a store that holds part", func(t *testing.T) {
		dsn := graphtest.FreshPostgres(t)
		loadPG(t, dsn, "bulk", facts[:len(facts)/2])
		loadPG(t, dsn, "bulk", facts)
		sameDump(t, "half, then all", pgDump(t, dsn, true), want)
	})
}

// TestBulkWriterDuplicateFacts shows the one place where the writers
// differ: a fact stated twice. Both write its quad once; Cayley's writer
// counts its values' refs twice (and burns a horizon), and counts every
// ref again when the same facts are loaded again; the bulk writer's refs
// are the references in the quads table, and a second load changes
// nothing.
func TestBulkWriterDuplicateFacts(t *testing.T) {
	t.Parallel()
	facts := seedFacts(t)
	var dup graph.Fact
	for _, f := range facts {
		if _, ok := f.Object.(graph.ID); ok {
			dup = f
			break
		}
	}
	facts = append(facts, dup)
	cayley, bulk := loadBoth(t, facts)

	refs := func(dsn string) map[string]int {
		db := graphtest.DB(t, dsn)
		rows, err := db.Query("SELECT encode(hash, 'hex'), coalesce(value_string, ''), refs FROM nodes")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var h, v string
			var n int
			if err := rows.Scan(&h, &v, &n); err != nil {
				t.Fatal(err)
			}
			out[h+" "+v] = n
		}
		return out
	}
	quadSet := func(dsn string) []string {
		var out []string
		for _, row := range pgDump(t, dsn, true)["quads"] {
			var q map[string]any
			if err := json.Unmarshal([]byte(row), &q); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(q["subject_hash"], q["predicate_hash"], q["object_hash"], q["label_hash"]))
		}
		slices.Sort(out)
		return out
	}
	if qc, qb := quadSet(cayley), quadSet(bulk); !slices.Equal(qc, qb) || len(qb) != len(facts)-1+countEvidenceQuads(t, bulk) {
		t.Errorf("the writers wrote different quads (%d and %d)", len(qc), len(qb))
	}
	rc, rb := refs(cayley), refs(bulk)
	base := graph.DefaultBaseIRI
	extra := map[string]bool{base + dup.Subject: true, string(dup.Pred): true, base + string(dup.Object.(graph.ID)): true, base + graph.EvidenceID(dup.Evidence): true}
	for k, nb := range rb {
		v := k[41:]
		want := nb
		if extra[v] {
			want++
		}
		if rc[k] != want {
			t.Errorf("%s: Cayley's writer counts %d refs, the bulk writer %d", v, rc[k], nb)
		}
	}
	if wrong, _ := wrongRefs(t, bulk); wrong != 0 {
		t.Errorf("bulk: %d nodes have refs that are not their references", wrong)
	}

	// Again, the same facts.
	loadPG(t, cayley, "cayley", facts)
	loadPG(t, bulk, "bulk", facts)
	rc2 := refs(cayley)
	for k, n := range rc {
		if rc2[k] != 2*n {
			t.Errorf("%s: Cayley's writer counted %d refs, then %d after loading the same facts again; want %d", k, n, rc2[k], 2*n)
			break
		}
	}
	if rb2 := refs(bulk); !maps.Equal(rb2, rb) {
		t.Errorf("loading the same facts again changed the bulk writer's refs")
	}
}

// countEvidenceQuads counts the quads whose subject is their label (an
// evidence node's own quads) in the store at dsn.
func countEvidenceQuads(t *testing.T, dsn string) int {
	t.Helper()
	db := graphtest.DB(t, dsn)
	var n int
	if err := db.QueryRow("SELECT count(*) FROM quads WHERE subject_hash = label_hash").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkPostgresWriters loads a generated corpus (BENCH_WORKS works,
// default 1,000) into a fresh database per iteration with each writer
// and reports quads/s, load and commit included. Run it alone, e.g.
//
//	go test -run NONE -bench PostgresWriters -benchtime 1x ./graph
func BenchmarkPostgresWriters(b *testing.B) {
	works := 1000
	if s := os.Getenv("BENCH_WORKS"); s != "" {
		if _, err := fmt.Sscan(s, &works); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	if _, err := synth.Generate(dir, works, 1); err != nil {
		b.Fatal(err)
	}
	batch := &graph.Batch{}
	if _, err := corpus.Load(os.DirFS(dir), ".", batch); err != nil {
		b.Fatal(err)
	}
	for _, writer := range graph.Writers() {
		b.Run(writer, func(b *testing.B) {
			var quads int64
			for range b.N {
				b.StopTimer()
				dsn := graphtest.FreshPostgres(b)
				b.StartTimer()
				st, err := graph.Create(context.Background(), graph.Config{Backend: "postgres", DB: dsn, Writer: writer})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := st.Write(context.Background(), batch.Facts); err != nil {
					b.Fatal(err)
				}
				m, err := st.Commit(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				quads += m.Quads
			}
			b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

// TestWriterChoice checks which writers each backend accepts; a refused
// choice touches no store.
func TestWriterChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend, writer, err string
	}{
		{"postgres", "nope", `unknown writer "nope" (want one of bulk, cayley)`},
		{"bolt", "nope", `unknown writer "nope" (want one of bulk, cayley)`},
		{"memory", "bulk", "the bulk writer loads bolt and PostgreSQL stores only; a memory store is written by Cayley's writer"},
	}
	for _, tc := range tests {
		db := t.TempDir() + "/never"
		_, err := graph.Create(context.Background(), graph.Config{Backend: tc.backend, DB: db, Writer: tc.writer})
		if err == nil || err.Error() != tc.err {
			t.Errorf("%s with writer %q: error %v, want %q", tc.backend, tc.writer, err, tc.err)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("%s with writer %q: %s was created", tc.backend, tc.writer, db)
		}
	}
}

// sameCayleyReads checks that Cayley read the same from the bulk writer's
// store as from its own writer's: the quads (as many as wantQuads) and the
// path API's answers (at least minOut and minIn edges).
func sameCayleyReads(t *testing.T, bulk, cayley graph.CayleyReads, wantQuads, minOut, minIn int) {
	t.Helper()
	t.Logf("%d quads; Cayley's path API: %d outgoing and %d incoming edges", len(cayley.Quads), len(cayley.Out), len(cayley.In))
	if len(cayley.Quads) != wantQuads || len(cayley.Out) < minOut || len(cayley.In) < minIn {
		t.Fatalf("Cayley read %d quads (the store has %d), %d outgoing and %d incoming edges", len(cayley.Quads), wantQuads, len(cayley.Out), len(cayley.In))
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"quads", bulk.Quads, cayley.Quads}, {"out", bulk.Out, cayley.Out}, {"in", bulk.In, cayley.In}} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("Cayley reads different %s from the two stores: %d vs %d lines", c.name, len(c.got), len(c.want))
		}
	}
}
