package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// openBolt opens the bolt store db and builds its view, closing the store
// when t ends.
func openBolt(t *testing.T, db string) *graph.View {
	t.Helper()
	st, v, err := graph.OpenView(context.Background(), graph.Config{Backend: "bolt", DB: db})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return v
}

// sameView reports how two views differ: in their nodes (every property
// and its evidence), their edges, their counts, or a search.
func sameView(t *testing.T, got, want *graph.View) {
	t.Helper()
	if !reflect.DeepEqual(got.Stats(), want.Stats()) {
		t.Fatalf("stats %+v, want %+v", got.Stats(), want.Stats())
	}
	for _, k := range graph.Kinds() {
		if !reflect.DeepEqual(got.List(k), want.List(k)) {
			t.Errorf("the %s nodes differ", k)
		}
		for _, n := range want.List(k) {
			for _, p := range graph.SearchedPredicates() {
				if g, w := got.PropertyEvidence(n.ID, p), want.PropertyEvidence(n.ID, p); !reflect.DeepEqual(g, w) {
					t.Errorf("%s %s: evidence %v, want %v", n.ID, p, g, w)
				}
			}
		}
	}
	if !reflect.DeepEqual(got.AllEdges(), want.AllEdges()) {
		t.Error("the edges differ")
	}
	for _, q := range []string{"credit", "blacklist pboc", "中国人民银行"} {
		g, err1 := got.Search(context.Background(), q, nil, 20)
		w, err2 := want.Search(context.Background(), q, nil, 20)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(g, w) {
			t.Errorf("search %q: %v (%v), want %v (%v)", q, g, err1, w, err2)
		}
	}
}

// TestViewSnapshot builds the view of a bolt store by a scan, which writes
// a snapshot beside it; the next view is read from the snapshot and equals
// the scanned one, and equals a memory store's view of the same facts.
func TestViewSnapshot(t *testing.T) {
	t.Parallel()
	facts := seedFacts(t)
	db := filepath.Join(t.TempDir(), "g.bolt")
	loadBolt(t, db, "", facts)
	if _, err := os.Stat(db + ".view"); !os.IsNotExist(err) {
		t.Fatalf("a load wrote a snapshot (%v); the first view should", err)
	}
	scanned := openBolt(t, db)
	if o := scanned.Origin(); !strings.HasPrefix(o, "scan") || !strings.HasSuffix(o, "snapshot g.bolt.view written") {
		t.Fatalf("first view: origin %q, want a scan that wrote the snapshot", o)
	}
	read := openBolt(t, db)
	if o := read.Origin(); o != "snapshot g.bolt.view" {
		t.Fatalf("second view: origin %q, want the snapshot", o)
	}
	sameView(t, read, scanned)
	_, mem, err := graph.Load(context.Background(), graph.Config{Backend: "memory"}, facts)
	if err != nil {
		t.Fatal(err)
	}
	sameView(t, read, mem)
}

// TestViewSnapshotStale loads part of the seed, builds a view (and its
// snapshot), then loads the rest into the same store: the snapshot, of the
// first load, is refused, the view holds everything, and a new snapshot
// replaces the old. A damaged snapshot is refused the same way.
func TestViewSnapshotStale(t *testing.T) {
	t.Parallel()
	facts := seedFacts(t)
	db := filepath.Join(t.TempDir(), "g.bolt")
	half := len(facts) / 2
	loadBolt(t, db, "", facts[:half])
	first := openBolt(t, db)
	loadBolt(t, db, "", facts[half:])

	v := openBolt(t, db)
	if o := v.Origin(); !strings.Contains(o, "was made of another load of the store (stale)") || !strings.HasSuffix(o, "written") {
		t.Fatalf("after a second load: origin %q, want the stale snapshot refused and a new one written", o)
	}
	_, mem, err := graph.Load(context.Background(), graph.Config{Backend: "memory"}, facts)
	if err != nil {
		t.Fatal(err)
	}
	sameView(t, v, mem)
	if first.Stats().Quads >= v.Stats().Quads {
		t.Fatalf("the first load has %d quads, both %d: the test loads nothing new", first.Stats().Quads, v.Stats().Quads)
	}
	if o := openBolt(t, db).Origin(); o != "snapshot g.bolt.view" {
		t.Fatalf("third view: origin %q, want the new snapshot", o)
	}

	raw, err := os.ReadFile(db + ".view")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db+".view", raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	damaged := openBolt(t, db)
	if o := damaged.Origin(); !strings.Contains(o, "cannot be read") || !strings.HasSuffix(o, "written") {
		t.Fatalf("damaged snapshot: origin %q, want it refused and rewritten", o)
	}
	sameView(t, damaged, mem)
}
