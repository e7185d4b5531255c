package graph

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// A PostgreSQL store's view is built from two streaming queries over
// Cayley's own tables, in one read-only REPEATABLE READ transaction (one
// snapshot, with the manifest): every row of nodes, decoded as Cayley's
// SQL store decodes a value (its NameOf), into a map by hash; then every
// row of quads, in the table's order as Cayley's QuadsAllIterator reads
// it, its four hashes looked up in that map. Cayley's iterator asks the
// database for each value it does not hold, which took 7 minutes at
// 100,000 works; memory is bounded by the store: one value per node,
// which the view then shares.

// pgScan calls fn for every quad of the PostgreSQL store s, read from
// Cayley's tables in one snapshot that also holds the manifest s was
// opened with (a manifest that changed since is refused as StoreBusy), and
// adds each quad to d.
func (s *Store) pgScan(ctx context.Context, d *contentDigest, fn func(quad.Quad) error) error {
	db, err := openSQL(ctx, s.cfg, readOnlyDSN(s.cfg.DB))
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return pgErr(s.cfg, err)
	}
	defer tx.Rollback()
	if err := s.sameManifest(ctx, tx); err != nil {
		return err
	}
	vals, err := pgNodes(ctx, tx)
	if err != nil {
		return s.readErr("nodes", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads")
	if err != nil {
		return s.readErr("quads", err)
	}
	defer rows.Close()
	var (
		hs   [4]sql.RawBytes
		last [4]refs.ValueHash // the hashes of the quad before, and their values:
		prev [4]pgValue        // neighbouring quads often share some
		line []byte            // the quad's N-Quads line
	)
	for rows.Next() {
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return s.readErr("quads", err)
		}
		var q quad.Quad
		line = line[:0]
		for i, h := range hs {
			if h == nil {
				continue
			}
			if len(h) != quad.HashSize {
				return storeErr(s.cfg, StoreMismatch, "has a quad whose %s hash is %d bytes long, not %d", quad.Directions[i], len(h), quad.HashSize)
			}
			if k := refs.ValueHash(h); k != last[i] || prev[i].v == nil {
				v, ok := vals[k]
				if !ok {
					return storeErr(s.cfg, StoreMismatch, "has a quad whose %s (hash %x) is not in its nodes table", quad.Directions[i], []byte(h))
				}
				last[i], prev[i] = k, v
			}
			q.Set(quad.Directions[i], prev[i].v)
			if i < 3 || prev[i].term != "" { // as quad.Quad.NQuad writes the line
				line = append(append(line, prev[i].term...), ' ')
			}
		}
		d.addSum(sha256.Sum256(append(line, '.')))
		if err := fn(q); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.readErr("quads", err)
	}
	return nil
}

// pgValue is a value of Cayley's nodes table and its N-Quads term.
type pgValue struct {
	v    quad.Value
	term string
}

// sameManifest checks that the manifest in tx's snapshot is the one s was
// opened with.
func (s *Store) sameManifest(ctx context.Context, tx *sql.Tx) error {
	m, err := manifestIn(ctx, s.cfg, tx)
	if err != nil {
		return err
	}
	if s.manifest == nil || m != *s.manifest {
		return storeErr(s.cfg, StoreBusy, "was changed by a scsgraph load while it was read; try again when the load is done")
	}
	return nil
}

// readErr is err from reading table: the context's error as it is, else
// wrapped, and marked ErrUnavailable when the database went away.
func (s *Store) readErr(table string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return classify(fmt.Errorf("graph: read %s of %s: %w", table, RedactDSN(s.cfg.DB), err))
}

// pgNodes reads every row of Cayley's nodes table into a map by hash.
func pgNodes(ctx context.Context, tx *sql.Tx) (map[refs.ValueHash]pgValue, error) {
	var n int64
	// The planner's estimate: a size hint, not a bound on what is read.
	if err := tx.QueryRowContext(ctx, "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = 'nodes'").Scan(&n); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT hash, "+strings.Join(nodeColumns, ", ")+" FROM nodes")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := make(map[refs.ValueHash]pgValue, min(n, 1<<24))
	var (
		hash, data sql.RawBytes
		str        sql.NullString
		typ, lang  sql.NullString
		iri, bnode sql.NullBool
		vint       sql.NullInt64
		vbool      sql.NullBool
		vfloat     sql.NullFloat64
		vtime      sql.NullTime
	)
	for rows.Next() {
		if err := rows.Scan(&hash, &data, &str, &typ, &lang, &iri, &bnode, &vint, &vbool, &vfloat, &vtime); err != nil {
			return nil, err
		}
		if len(hash) != quad.HashSize {
			return nil, fmt.Errorf("a node's hash is %d bytes long, not %d", len(hash), quad.HashSize)
		}
		v, err := nodeValue(data, str, typ, lang, iri, bnode, vint, vbool, vfloat, vtime)
		if err != nil {
			return nil, fmt.Errorf("node %x: %w", []byte(hash), err)
		}
		vals[refs.ValueHash(hash)] = pgValue{v, v.String()}
	}
	return vals, rows.Err()
}

// nodeValue is the value of a row of Cayley's nodes table, decoded as
// Cayley's SQL store decodes it (QuadStore.NameOf): the first column that
// is not NULL says the kind of value; data, Cayley's protobuf encoding,
// is the last resort.
func nodeValue(data []byte, str, typ, lang sql.NullString, iri, bnode sql.NullBool, vint sql.NullInt64, vbool sql.NullBool, vfloat sql.NullFloat64, vtime sql.NullTime) (quad.Value, error) {
	unescape := func(s string) quad.String { return quad.String(strings.ReplaceAll(s, `\x00`, "\x00")) }
	switch {
	case str.Valid && iri.Bool:
		return quad.IRI(str.String), nil
	case str.Valid && bnode.Bool:
		return quad.BNode(str.String), nil
	case str.Valid && lang.Valid:
		return quad.LangString{Value: unescape(str.String), Lang: lang.String}, nil
	case str.Valid && typ.Valid:
		return quad.TypedString{Value: unescape(str.String), Type: quad.IRI(typ.String)}, nil
	case str.Valid:
		return unescape(str.String), nil
	case vint.Valid:
		return quad.Int(vint.Int64), nil
	case vbool.Valid:
		return quad.Bool(vbool.Bool), nil
	case vfloat.Valid:
		return quad.Float(vfloat.Float64), nil
	case vtime.Valid:
		return quad.Time(vtime.Time.UTC()), nil
	}
	v, err := pquads.UnmarshalValue(data)
	switch {
	case err != nil:
		return nil, fmt.Errorf("unmarshal value: %w", err)
	case v == nil:
		return nil, errors.New("no value in any column")
	}
	return v, nil
}
