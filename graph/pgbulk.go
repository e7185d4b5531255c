package graph

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
	"golang.org/x/sync/errgroup"
)

// The bulk writer loads facts into a PostgreSQL store with COPY, in one
// transaction, and writes exactly the rows that Cayley's SQL writer
// (ApplyDeltas with IgnoreDup) writes for the same quads: the nodes' hashes
// and value columns come from Cayley's own csql.HashOf and csql.NodeValues,
// a node's refs count the quad directions that name it, and the quads get
// their horizons in the order the facts give them, with ts = now(), as
// Cayley's INSERTs do. Cayley's tables and indexes are created by Cayley
// (see createPostgres); the bulk writer creates nothing in them. One
// difference: a quad that the facts give twice (a corpus may state a fact
// twice) is written once by both, but Cayley's writer counts its values'
// refs twice, and so again each time the same facts are loaded; the bulk
// writer's refs always equal the references in the quads table.
//
// It stages the quads and their values in temporary tables (COPY), keeps
// the quads the store does not hold yet, and merges: new values are
// inserted and known ones get their refs raised by the new quads
// (Cayley's own INSERT … ON CONFLICT (hash) DO UPDATE), then the new quads
// are inserted. Loading the same facts twice changes nothing. A load that
// is killed rolls back whole, so loading again gives one clean copy.

// Writers lists the writers a PostgreSQL load can use: "bulk" (the
// default) and "cayley", Cayley's own writer.
func Writers() []string { return []string{"bulk", "cayley"} }

// bulkCopyRows is how many staged quads a progress report stands for.
const bulkCopyRows = 5000

// bulkResult is what a bulk write staged and merged.
type bulkResult struct {
	sent     int64 // quads the facts give, duplicates included
	distinct int64 // distinct quads staged
	added    int64 // quads the store did not hold
	total    int64 // quads in the store after the write
	digest   contentDigest
}

// pgCopy is one COPY into a staging table.
type pgCopy struct {
	stmt *sql.Stmt
}

func copyInto(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*pgCopy, error) {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, cols...))
	if err != nil {
		return nil, err
	}
	return &pgCopy{stmt: stmt}, nil
}

func (c *pgCopy) row(vals ...any) error {
	_, err := c.stmt.Exec(vals...)
	return err
}

// end sends the rows buffered and finishes the COPY.
func (c *pgCopy) end() error {
	if _, err := c.stmt.Exec(); err != nil {
		c.stmt.Close()
		return err
	}
	return c.stmt.Close()
}

// nodeColumns are the value columns of Cayley's nodes table, in order.
var nodeColumns = []string{"value", "value_string", "datatype", "language", "iri", "bnode",
	"value_int", "value_bool", "value_float", "value_time"}

// nodeRow is the row of Cayley's nodes table for v without its refs: the
// hash, then nodeColumns, filled by Cayley's own csql.NodeValues.
func nodeRow(h refs.ValueHash, v quad.Value) ([]any, error) {
	key, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: h}, v)
	if err != nil {
		return nil, err
	}
	row := make([]any, 1+len(nodeColumns))
	row[0] = vals[0]
	for i, col := range key.Columns() {
		j := slices.Index(nodeColumns, col)
		if j < 0 {
			return nil, fmt.Errorf("graph: bulk write: Cayley's node column %q is unknown to the bulk writer", col)
		}
		row[1+j] = vals[1+i]
	}
	return row, nil
}

// pgReadBack is v as Cayley's SQL store reads it back: it stores NUL
// bytes in strings as the four characters \x00 and turns those back into
// NUL, so a string that holds either reads back with NUL.
func pgReadBack(v quad.Value) quad.Value {
	const esc = `\x00`
	fix := func(s quad.String) quad.String { return quad.String(strings.ReplaceAll(string(s), esc, "\x00")) }
	switch x := v.(type) {
	case quad.String:
		if strings.Contains(string(x), esc) {
			return fix(x)
		}
	case quad.LangString:
		if strings.Contains(string(x.Value), esc) {
			x.Value = fix(x.Value)
			return x
		}
	case quad.TypedString:
		if strings.Contains(string(x.Value), esc) {
			x.Value = fix(x.Value)
			return x
		}
	}
	return v
}

// bulkWrite writes facts into the PostgreSQL store being loaded, in one
// transaction on the load's connection. progress, if not nil, is called
// with the number of facts staged so far.
func (s *Store) bulkWrite(ctx context.Context, facts []Fact, progress func(done int)) (bulkResult, error) {
	var res bulkResult
	tx, err := s.pg.conn.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	for _, stmt := range []string{
		// Room to sort and hash the staged rows (the quads in the order
		// sent, the values in the order of their hashes, the joins that
		// check the foreign keys) and to build indexes in memory: at
		// 100,000 works (6 million quads) 256 MB spilled each sort to disk.
		// For this transaction only.
		"SET LOCAL work_mem = '1GB'",
		"SET LOCAL maintenance_work_mem = '1GB'",
		// The load is one transaction: waiting for its one commit record
		// to reach the disk adds nothing to its safety (a crash before the
		// manifest is written leaves a store that no reader accepts).
		"SET LOCAL synchronous_commit = off",
		// Staging tables with the columns (and types) of Cayley's own.
		"CREATE TEMP TABLE scsgraph_bulk_nodes ON COMMIT DROP AS SELECT refs, hash, " + strings.Join(nodeColumns, ", ") + " FROM nodes WITH NO DATA",
		"CREATE TEMP TABLE scsgraph_bulk_quads ON COMMIT DROP AS SELECT 0::bigint AS ord, subject_hash, predicate_hash, object_hash, label_hash FROM quads WITH NO DATA",
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return res, err
		}
	}
	values, err := s.stageQuads(ctx, tx, facts, progress, &res)
	if err != nil {
		return res, err
	}
	nc, err := copyInto(ctx, tx, "scsgraph_bulk_nodes", append([]string{"refs", "hash"}, nodeColumns...)...)
	if err != nil {
		return res, err
	}
	for h, n := range values {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r, err := nodeRow(h, n.v)
		if err != nil {
			return res, err
		}
		r = append([]any{n.refs}, r...)
		if err := nc.row(r...); err != nil {
			return res, err
		}
	}
	if err := nc.end(); err != nil {
		return res, err
	}
	clear(values)
	if err := bulkMerge(ctx, tx, &res); err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// stagedValue is a value of the quads staged, and how many of their
// directions name it.
type stagedValue struct {
	v    quad.Value
	refs int64
}

// stageBatch is how many staged quads the goroutine that makes them
// hands at once to the one that copies them.
const stageBatch = 1024

// stageQuads copies the distinct quads of facts into the staging table,
// numbered in the order Cayley's writer would send them, adds them to
// res's digest, and returns their values by hash. One goroutine makes the
// rows (the quads, their hashes and the digest) while another copies the
// ones before, through a channel of a few batches.
func (s *Store) stageQuads(ctx context.Context, tx *sql.Tx, facts []Fact, progress func(done int), res *bulkResult) (map[refs.ValueHash]stagedValue, error) {
	qc, err := copyInto(ctx, tx, "scsgraph_bulk_quads", "ord", "subject_hash", "predicate_hash", "object_hash", "label_hash")
	if err != nil {
		return nil, err
	}
	values := map[refs.ValueHash]stagedValue{}
	batches := make(chan [][5]any, 4)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(batches)
		batch := make([][5]any, 0, stageBatch)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([][5]any, 0, stageBatch)
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		err := s.stageRows(gctx, facts, values, res, func(row [5]any, done int) error {
			batch = append(batch, row)
			if len(batch) < stageBatch {
				return nil
			}
			if progress != nil && res.distinct/bulkCopyRows != (res.distinct-stageBatch)/bulkCopyRows {
				progress(done)
			}
			return send()
		})
		if err != nil {
			return err
		}
		return send()
	})
	g.Go(func() error {
		for batch := range batches {
			for _, row := range batch {
				if err := qc.row(row[:]...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := qc.end(); err != nil {
		return nil, err
	}
	if progress != nil {
		progress(len(facts))
	}
	return values, nil
}

// stageRows calls emit with the staging row of each distinct quad of
// facts (and the number of facts done), counts the quads' values and adds
// the quads to res.
func (s *Store) stageRows(ctx context.Context, facts []Fact, values map[refs.ValueHash]stagedValue, res *bulkResult, emit func(row [5]any, done int) error) error {
	// The quads staged, by the sha256 of their N-Quads line: a corpus can
	// state a fact twice, and Cayley's tables hold it once.
	staged := map[[sha256.Size]byte]struct{}{}
	evSeen := map[string]bool{}
	for i, f := range facts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := f.check(); err != nil {
			return err
		}
		for _, q := range s.quads(f, evSeen) {
			res.sent++
			sum := sha256.Sum256([]byte(q.NQuad()))
			if _, dup := staged[sum]; dup {
				continue
			}
			staged[sum] = struct{}{}
			var row [5]any
			row[0] = res.distinct
			for d, dir := range quad.Directions {
				v := q.Get(dir)
				if v == nil {
					continue
				}
				h := refs.HashOf(v)
				n, ok := values[h]
				if !ok {
					n.v = v
				}
				n.refs++
				values[h] = n
				row[1+d] = h[:]
			}
			res.distinct++
			if rb := readBack(q); rb != q {
				res.digest.add(rb)
			} else {
				res.digest.addSum(sum)
			}
			if err := emit(row, i+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// readBack is q as Cayley's SQL store reads it back (see pgReadBack).
func readBack(q quad.Quad) quad.Quad {
	return quad.Quad{Subject: pgReadBack(q.Subject), Predicate: pgReadBack(q.Predicate),
		Object: pgReadBack(q.Object), Label: pgReadBack(q.Label)}
}

// bulkMerge merges the staged quads and values into Cayley's tables.
func bulkMerge(ctx context.Context, tx *sql.Tx, res *bulkResult) error {
	exec := func(query string) (int64, error) {
		r, err := tx.ExecContext(ctx, query)
		if err != nil {
			return 0, err
		}
		return r.RowsAffected()
	}
	var empty, noNodes bool
	if err := tx.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM quads), NOT EXISTS (SELECT 1 FROM nodes)").Scan(&empty, &noNodes); err != nil {
		return err
	}
	res.added = res.distinct
	var held int64
	if !empty {
		// Leave out the quads the store holds already: a quad is its four
		// hashes (a label may be NULL, as in Cayley's two unique indexes).
		var err error
		held, err = exec(`DELETE FROM scsgraph_bulk_quads b USING quads q
			WHERE q.subject_hash = b.subject_hash AND q.predicate_hash = b.predicate_hash
			AND q.object_hash = b.object_hash AND q.label_hash IS NOT DISTINCT FROM b.label_hash`)
		if err != nil {
			return err
		}
		res.added -= held
	}
	if res.added > 0 {
		// Values: Cayley's statement, with the refs of all the new quads
		// at once: those counted as they were staged, when every quad
		// staged is new, else counted again over the new ones.
		refsOf, from := "n.refs", "scsgraph_bulk_nodes n"
		if held > 0 {
			refsOf, from = "r.refs", from+` JOIN (
				SELECT h, count(*) AS refs FROM (
					SELECT subject_hash AS h FROM scsgraph_bulk_quads
					UNION ALL SELECT predicate_hash FROM scsgraph_bulk_quads
					UNION ALL SELECT object_hash FROM scsgraph_bulk_quads
					UNION ALL SELECT label_hash FROM scsgraph_bulk_quads WHERE label_hash IS NOT NULL
				) d GROUP BY h
			) r ON r.h = n.hash`
		}
		// In the order of the primary key: its index then grows at its
		// right end, instead of at a random page per value.
		// Into an empty table, no value can conflict.
		merge := "ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs"
		if noNodes {
			merge = ""
		}
		if _, err := exec(`INSERT INTO nodes (refs, hash, ` + strings.Join(nodeColumns, ", ") + `)
			SELECT ` + refsOf + `::integer, n.hash, ` + prefixed("n.", nodeColumns) + `
			FROM ` + from + `
			ORDER BY n.hash ` + merge); err != nil {
			return err
		}
		if err := insertQuads(ctx, tx, empty, res.added); err != nil {
			return err
		}
	}
	return tx.QueryRowContext(ctx, "SELECT count(*) FROM quads").Scan(&res.total)
}

// insertQuads inserts the staged quads into Cayley's quads table, in the
// order they were sent, so that their horizons are those Cayley's INSERTs
// would give them. Into an empty table, it drops the table's secondary
// indexes and foreign keys first and creates them again afterwards from
// their own definitions (as PostgreSQL prints them): building an index
// once is much faster than adding each row to six of them, and checking
// each foreign key once than four times per row.
func insertQuads(ctx context.Context, tx *sql.Tx, empty bool, want int64) error {
	var rebuild []string
	if empty {
		var drop []string
		rows, err := tx.QueryContext(ctx, `
			SELECT 'ALTER TABLE quads DROP CONSTRAINT ' || quote_ident(conname),
				'ALTER TABLE quads ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f'
			UNION ALL
			SELECT 'DROP INDEX ' || indexrelid::regclass::text, pg_get_indexdef(indexrelid)
			FROM pg_index WHERE indrelid = 'quads'::regclass AND NOT indisprimary
			ORDER BY 1`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d, c string
			if err := rows.Scan(&d, &c); err != nil {
				rows.Close()
				return err
			}
			drop = append(drop, d)
			rebuild = append([]string{c}, rebuild...)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, stmt := range drop {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
		SELECT subject_hash, predicate_hash, object_hash, label_hash, now()
		FROM scsgraph_bulk_quads ORDER BY ord`)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n != want {
		return fmt.Errorf("%d new quads inserted, %d expected (%v)", n, want, err)
	}
	for _, stmt := range rebuild {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// prefixed is cols, each with prefix, joined by commas.
func prefixed(prefix string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = prefix + c
	}
	return strings.Join(out, ", ")
}

// bulkErr is err from a bulk write: a StoreError when PostgreSQL refused
// something, else err itself (a fact that is not well formed, a cancel).
func bulkErr(cfg Config, err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pgErr(cfg, err)
	}
	return fmt.Errorf("graph: bulk write: %w", err)
}

// bulkDigest is the content digest of the store after the load's one bulk
// write, computed from the quads it staged, when that is the store's
// whole content: it holds as many quads as were staged (and holds each of
// them). Otherwise (a store that held other quads) Commit reads the quads
// back.
func (pl *pgLoad) bulkDigest() (contentDigest, bool) {
	if len(pl.bulk) != 1 {
		return contentDigest{}, false
	}
	r := pl.bulk[0]
	return r.digest, r.total == r.distinct
}
