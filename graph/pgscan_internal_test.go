package graph

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// ViewByCayleyScan builds the view of s through Cayley's iterators, as
// Store.View did before it read PostgreSQL's tables itself: the reference
// that the SQL scan's view is compared with. It checks nothing against the
// manifest.
func ViewByCayleyScan(ctx context.Context, s *Store) (*View, error) {
	v, err := buildView(ctx, s, s.eachQuad, nil)
	if err != nil {
		return nil, err
	}
	return &View{store: s, base: s.base, backend: s.backend, origin: "cayley scan", view: v}, nil
}

// TestNodeValue: every kind of value Cayley's SQL store writes (its own
// csql.NodeValues, as the bulk writer uses it) decodes to itself.
func TestNodeValue(t *testing.T) {
	t.Parallel()
	when := time.Date(2014, 6, 14, 9, 30, 0, 0, time.UTC)
	for _, v := range []quad.Value{
		quad.IRI("https://scsgraph.org/id/concept/x"),
		quad.BNode("b1"),
		quad.String("社会信用体系"),
		quad.String("a\x00b"),
		quad.LangString{Value: "信用", Lang: "zh"},
		quad.TypedString{Value: "2014", Type: "http://www.w3.org/2001/XMLSchema#gYear"},
		quad.Int(-42),
		quad.Bool(true),
		quad.Float(2.5),
		quad.Time(when),
	} {
		row, err := nodeRow(refs.HashOf(v), v)
		if err != nil {
			t.Fatal(err)
		}
		// row: the hash, then nodeColumns: value, value_string, datatype,
		// language, iri, bnode, value_int, value_bool, value_float, value_time.
		c := row[1:]
		var (
			data      []byte
			str       sql.NullString
			typ, lang sql.NullString
			iri, bn   sql.NullBool
			vint      sql.NullInt64
			vbool     sql.NullBool
			vfloat    sql.NullFloat64
			vtime     sql.NullTime
		)
		data, _ = c[0].([]byte)
		for i, dst := range []sql.Scanner{&str, &typ, &lang, &iri, &bn, &vint, &vbool, &vfloat, &vtime} {
			if err := dst.Scan(c[1+i]); err != nil {
				t.Fatalf("%#v: column %s: %v", v, nodeColumns[1+i], err)
			}
		}
		got, err := nodeValue(data, str, typ, lang, iri, bn, vint, vbool, vfloat, vtime)
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("%#v decodes to %#v (%v)", v, got, err)
		}
	}
}

// TestPGScanDigest: the digest the SQL scan sums from its cached terms
// equals the one contentDigest.add sums from each quad's N-Quads line, over
// values of each kind the facts write (a NUL byte, a language, an integer,
// a boolean) and evidence with and without a quote.
func TestPGScanDigest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := Config{Backend: "postgres", DB: graphtest.FreshPostgres(t)}
	ev := Evidence{Source: "source/test", File: "test.yaml", Line: 1}
	facts := []Fact{
		{"concept/x", RDFSLabel, "a\x00b \"quoted\"\n", ev},
		{"concept/x", RDFSLabel, LangString{Text: "信用", Lang: "zh"}, Evidence{Source: "source/test", Quote: "q", File: "test.yaml", Line: 2}},
		{"pub/p", DatePublished, 2014, ev},
		{"concept/x", Related, ID("concept/y"), Evidence{URL: "https://example.org/a", File: "t.yaml", Line: 3}},
	}
	st, _, err := Load(ctx, cfg, facts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got, want contentDigest
	var quads []quad.Quad
	if err := st.pgScan(ctx, &got, func(q quad.Quad) error { quads = append(quads, q); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := st.eachQuad(ctx, func(q quad.Quad) error { want.add(q); return nil }); err != nil {
		t.Fatal(err)
	}
	if got != want || int(got.quads) != len(quads) || got.quads < int64(len(facts)) {
		t.Fatalf("SQL scan: %d quads, digest %s; Cayley's: %d, %s", got.quads, got.String(), want.quads, want.String())
	}
}
