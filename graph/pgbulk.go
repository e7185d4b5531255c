package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// The bulk writer loads facts into a PostgreSQL store with COPY, in one
// transaction, and writes exactly the rows that Cayley's SQL writer
// (ApplyDeltas with IgnoreDup) writes for the same quads: the nodes' hashes
// and value columns come from Cayley's own csql.HashOf and csql.NodeValues,
// a node's refs count the quad directions that name it, and the quads get
// their horizons in the order the facts give them, with ts = now(), as
// Cayley's INSERTs do. Cayley's tables and indexes are created by Cayley
// (see createPostgres); the bulk writer creates nothing in them.
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
	sent     int64 // quads staged, duplicates included
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
		// Staging tables with the columns (and types) of Cayley's own.
		"CREATE TEMP TABLE scsgraph_bulk_nodes ON COMMIT DROP AS SELECT hash, " + strings.Join(nodeColumns, ", ") + " FROM nodes WITH NO DATA",
		"CREATE TEMP TABLE scsgraph_bulk_quads ON COMMIT DROP AS SELECT 0::bigint AS ord, subject_hash, predicate_hash, object_hash, label_hash FROM quads WITH NO DATA",
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return res, err
		}
	}

	// Stage the quads, in the order Cayley's writer would send them, and
	// remember each value once for the nodes.
	qc, err := copyInto(ctx, tx, "scsgraph_bulk_quads", "ord", "subject_hash", "predicate_hash", "object_hash", "label_hash")
	if err != nil {
		return res, err
	}
	values := map[refs.ValueHash]quad.Value{}
	evSeen := map[string]bool{}
	var row [5]any
	for i, f := range facts {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := f.check(); err != nil {
			return res, err
		}
		for _, q := range s.quads(f, evSeen) {
			row[0] = res.sent
			for d, dir := range quad.Directions {
				v := q.Get(dir)
				if v == nil {
					row[1+d] = nil
					continue
				}
				h := refs.HashOf(v)
				if _, ok := values[h]; !ok {
					values[h] = v
				}
				row[1+d] = h[:]
			}
			if err := qc.row(row[:]...); err != nil {
				return res, err
			}
			res.digest.add(quad.Quad{Subject: pgReadBack(q.Subject), Predicate: pgReadBack(q.Predicate),
				Object: pgReadBack(q.Object), Label: pgReadBack(q.Label)})
			res.sent++
			if progress != nil && res.sent%bulkCopyRows == 0 {
				progress(i + 1)
			}
		}
	}
	if err := qc.end(); err != nil {
		return res, err
	}
	if progress != nil {
		progress(len(facts))
	}
	nc, err := copyInto(ctx, tx, "scsgraph_bulk_nodes", append([]string{"hash"}, nodeColumns...)...)
	if err != nil {
		return res, err
	}
	for h, v := range values {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r, err := nodeRow(h, v)
		if err != nil {
			return res, err
		}
		if err := nc.row(r...); err != nil {
			return res, err
		}
	}
	if err := nc.end(); err != nil {
		return res, err
	}
	values = nil

	if err := bulkMerge(ctx, tx, &res); err != nil {
		return res, err
	}
	return res, tx.Commit()
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
	var err error
	// The distinct quads staged, each with its first position.
	if res.distinct, err = exec(`CREATE TEMP TABLE scsgraph_bulk_new ON COMMIT DROP AS
		SELECT DISTINCT ON (subject_hash, predicate_hash, object_hash, label_hash) *
		FROM scsgraph_bulk_quads
		ORDER BY subject_hash, predicate_hash, object_hash, label_hash, ord`); err != nil {
		return err
	}
	// Those the store holds already: a quad is its four hashes (a label
	// may be NULL, as in Cayley's two unique indexes).
	held, err := exec(`DELETE FROM scsgraph_bulk_new b USING quads q
		WHERE q.subject_hash = b.subject_hash AND q.predicate_hash = b.predicate_hash
		AND q.object_hash = b.object_hash AND q.label_hash IS NOT DISTINCT FROM b.label_hash`)
	if err != nil {
		return err
	}
	res.added = res.distinct - held
	if res.added > 0 {
		// Values: Cayley's statement, with the refs of all the new quads at once.
		cols := strings.Join(nodeColumns, ", ")
		if _, err := exec(`INSERT INTO nodes (refs, hash, ` + cols + `)
			SELECT r.refs, n.hash, ` + prefixed("n.", nodeColumns) + `
			FROM scsgraph_bulk_nodes n JOIN (
				SELECT h, count(*)::integer AS refs FROM (
					SELECT subject_hash AS h FROM scsgraph_bulk_new
					UNION ALL SELECT predicate_hash FROM scsgraph_bulk_new
					UNION ALL SELECT object_hash FROM scsgraph_bulk_new
					UNION ALL SELECT label_hash FROM scsgraph_bulk_new WHERE label_hash IS NOT NULL
				) d GROUP BY h
			) r ON r.h = n.hash
			ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`); err != nil {
			return err
		}
		// Quads, in the order they were sent, so that their horizons are
		// those Cayley's INSERTs would give them.
		n, err := exec(`INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
			SELECT subject_hash, predicate_hash, object_hash, label_hash, now()
			FROM scsgraph_bulk_new ORDER BY ord`)
		if err != nil {
			return err
		}
		if n != res.added {
			return fmt.Errorf("graph: bulk write: %d new quads inserted, %d expected", n, res.added)
		}
	}
	return tx.QueryRowContext(ctx, "SELECT count(*) FROM quads").Scan(&res.total)
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
// whole content: the store holds exactly the distinct quads staged, and
// none was staged twice. Otherwise Commit reads the quads back.
func (pl *pgLoad) bulkDigest() (contentDigest, bool) {
	if len(pl.bulk) != 1 {
		return contentDigest{}, false
	}
	r := pl.bulk[0]
	return r.digest, r.sent == r.distinct && r.total == r.distinct
}
