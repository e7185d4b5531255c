package graph_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/scsgraph/scsgraph/graph"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// loadBolt loads facts into a new bolt file at path with writer, as
// "scsgraph load" does.
func loadBolt(t *testing.T, path, writer string, facts []graph.Fact) graph.Manifest {
	t.Helper()
	return loadStore(t, graph.Config{Backend: "bolt", DB: path, Writer: writer}, facts)
}

// boltDump is every key of every bucket of the bolt file at path, nested
// buckets included, as "bucket/…/key" → value. A primitive of Cayley's
// log has its timestamp (the time of its write) set to zero.
func boltDump(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	var walk func(prefix string, b *bolt.Bucket) error
	walk = func(prefix string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			name := fmt.Sprintf("%s/%x", prefix, k)
			if v == nil {
				out[name] = "bucket"
				return walk(name, b.Bucket(k))
			}
			if prefix == fmt.Sprintf("%x", "log") {
				var p cproto.Primitive
				if err := proto.Unmarshal(v, &p); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				if p.Timestamp == 0 {
					return fmt.Errorf("%s: a primitive without its time", name)
				}
				p.Timestamp = 0
				if v, err = proto.Marshal(&p); err != nil {
					return err
				}
			}
			out[name] = fmt.Sprintf("%x", v)
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			out[fmt.Sprintf("%x", name)] = "bucket"
			return walk(fmt.Sprintf("%x", name), b)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBoltBulkWriterMatchesCayley loads 1,000 generated works into two new
// bolt files, once with Cayley's KV writer and once with the bulk writer,
// and compares every key and value of every bucket (the primitives' write
// times aside), the manifests' quad counts, every quad as Cayley's quad
// store reads it and the answers of Cayley's path API on both. Then it
// loads both files again (into a file that holds quads, the bulk writer
// leaves the work to Cayley's): they stay the same.
func TestBoltBulkWriterMatchesCayley(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads 1,000 works with Cayley's writer")
	}
	facts := synthFacts(t, 1000)
	dir := t.TempDir()
	files := map[string]string{"cayley": filepath.Join(dir, "cayley.bolt"), "bulk": filepath.Join(dir, "bulk.bolt")}
	var ms [2]graph.Manifest
	var wg sync.WaitGroup
	for i, writer := range []string{"cayley", "bulk"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ms[i] = loadBolt(t, files[writer], writer, facts)
		}()
	}
	wg.Wait()
	if ms[0].Quads != ms[1].Quads || ms[0].Quads < 60000 {
		t.Fatalf("quads: cayley %d, bulk %d", ms[0].Quads, ms[1].Quads)
	}
	want := boltDump(t, files["cayley"])
	got := boltDump(t, files["bulk"])
	sameKeys(t, "bulk vs cayley", got, want)

	var reads [2]graph.CayleyReads
	var errs [2]error
	for i, writer := range []string{"cayley", "bulk"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reads[i], errs[i] = graph.ReadBoltThroughCayley(context.Background(), files[writer], 5)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d keys", len(want))
	sameCayleyReads(t, reads[1], reads[0], int(ms[0].Quads), 5000, 2000)

	// Loading into a file that holds quads goes through Cayley's writer,
	// which counts every reference again: the two files stay the same.
	t.Run("loaded again", func(t *testing.T) {
		for _, writer := range []string{"cayley", "bulk"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				loadBolt(t, files[writer], writer, facts)
			}()
		}
		wg.Wait()
		again := boltDump(t, files["bulk"])
		sameKeys(t, "bulk then cayley vs cayley twice", again, boltDump(t, files["cayley"]))
		if len(again) != len(got) {
			t.Errorf("loading again changed the number of keys: %d, then %d", len(got), len(again))
		}
	})
}

// sameKeys reports the keys that differ between two dumps, a few of them.
func sameKeys(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diff []string
	for k, v := range want {
		if g, ok := got[k]; !ok {
			diff = append(diff, "missing "+k)
		} else if g != v {
			diff = append(diff, fmt.Sprintf("%s: %.80s, want %.80s", k, g, v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diff = append(diff, "extra "+k)
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		t.Errorf("%s: %d of %d keys differ; the first:\n%s", what, len(diff), len(want), fmt.Sprint(diff[:min(len(diff), 10)]))
	}
}
