package graph

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cayleygraph/quad"
)

// A view snapshot is every quad of a bolt store in the order of its scan,
// written beside the store (DB + ".view") the first time a view of it is
// built and read instead of the scan afterwards: Cayley's bolt scan reads
// each quad and each value through its own B-tree lookup, which took most
// of a large store's start-up. The snapshot holds the digest of the
// manifest it was made under; a snapshot of any other digest (the store
// was loaded again since), or one that cannot be read whole, is not used,
// and a new one replaces it. The manifest's digest was checked against
// the whole bolt file when the store was opened, so a snapshot whose
// digest matches holds exactly the quads of the file being served.

// snapshotFormat is the version of the snapshot layout this build writes
// and reads.
const snapshotFormat = 2

// snapshotPath is where the view snapshot of a bolt store lives.
func snapshotPath(db string) string { return db + ".view" }

// snapshot is the file's content, two gob messages: a header, so that a
// stale snapshot is refused without reading the rest, then the distinct
// values and four value numbers per quad (subject, predicate, object,
// label; -1 for none).
type snapshot struct {
	snapshotHeader
	snapshotBody
}

type snapshotHeader struct {
	Format int
	Digest string // the manifest's
	Quads  int64
}

type snapshotBody struct {
	Values []snapValue
	Refs   []int32
}

// snapValue is one value of a quad, in the types the store writes.
type snapValue struct {
	Type uint8 // one of the snap* constants
	S    string
	Lang string
	I    int64
}

const (
	snapIRI uint8 = iota + 1
	snapString
	snapInt
	snapBool
	snapLangString
)

// snapValueOf returns the snapshot form of v, or false for a type the store
// does not write.
func snapValueOf(v quad.Value) (snapValue, bool) {
	switch x := v.(type) {
	case quad.IRI:
		return snapValue{Type: snapIRI, S: string(x)}, true
	case quad.String:
		return snapValue{Type: snapString, S: string(x)}, true
	case quad.Int:
		return snapValue{Type: snapInt, I: int64(x)}, true
	case quad.Bool:
		b := snapValue{Type: snapBool}
		if x {
			b.I = 1
		}
		return b, true
	case quad.LangString:
		return snapValue{Type: snapLangString, S: string(x.Value), Lang: x.Lang}, true
	}
	return snapValue{}, false
}

// value returns the quad value v stands for.
func (v snapValue) value() (quad.Value, error) {
	switch v.Type {
	case snapIRI:
		return quad.IRI(v.S), nil
	case snapString:
		return quad.String(v.S), nil
	case snapInt:
		return quad.Int(v.I), nil
	case snapBool:
		return quad.Bool(v.I != 0), nil
	case snapLangString:
		return quad.LangString{Value: quad.String(v.S), Lang: v.Lang}, nil
	}
	return nil, fmt.Errorf("a value of unknown type %d", v.Type)
}

// snapshotWriter collects the quads of a scan for a snapshot.
type snapshotWriter struct {
	snap  snapshot
	index map[quad.Value]int32
	ok    bool // false once a quad held a value the snapshot cannot hold
}

func newSnapshotWriter(m Manifest) *snapshotWriter {
	return &snapshotWriter{snap: snapshot{snapshotHeader: snapshotHeader{Format: snapshotFormat, Digest: m.Digest, Quads: m.Quads}},
		index: map[quad.Value]int32{}, ok: true}
}

// add records q.
func (w *snapshotWriter) add(q quad.Quad) {
	if !w.ok {
		return
	}
	for _, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == nil {
			w.snap.Refs = append(w.snap.Refs, -1)
			continue
		}
		i, seen := w.index[v]
		if !seen {
			sv, ok := snapValueOf(v)
			if !ok {
				w.ok, w.snap, w.index = false, snapshot{}, nil
				return
			}
			i = int32(len(w.snap.Values))
			w.index[v] = i
			w.snap.Values = append(w.snap.Values, sv)
		}
		w.snap.Refs = append(w.snap.Refs, i)
	}
}

// write writes the snapshot beside the bolt store db: to a new file, then
// renamed over the old one, so that a reader sees a whole snapshot or none.
func (w *snapshotWriter) write(db string) error {
	if !w.ok {
		return errors.New("the store holds a value of a type a snapshot cannot hold")
	}
	path := snapshotPath(db)
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return pathErr(err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	bw := bufio.NewWriterSize(tmp, 1<<20)
	enc := gob.NewEncoder(bw)
	for _, msg := range []any{&w.snap.snapshotHeader, &w.snap.snapshotBody} {
		if err := enc.Encode(msg); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return pathErr(err)
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it 0600; the store's other files are 0644
		tmp.Close()
		return pathErr(err)
	}
	if err := tmp.Close(); err != nil {
		return pathErr(err)
	}
	return pathErr(os.Rename(tmp.Name(), path))
}

// readSnapshot reads the snapshot beside the bolt store db and returns a
// function that calls fn with each of its quads, in the scan's order. It
// refuses, with an error that says why, a snapshot that is missing, that
// cannot be decoded, or that was made under another manifest.
func readSnapshot(db string, m Manifest) (func(ctx context.Context, fn func(quad.Quad) error) error, error) {
	f, err := os.Open(snapshotPath(db))
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var snap snapshot
	if err := dec.Decode(&snap.snapshotHeader); err != nil {
		return nil, fmt.Errorf("cannot be read: %w", err)
	}
	switch {
	case snap.Format != snapshotFormat:
		return nil, fmt.Errorf("is of format %d, not %d", snap.Format, snapshotFormat)
	case snap.Digest != m.Digest || snap.Quads != m.Quads:
		return nil, errors.New("was made of another load of the store (stale)")
	}
	if err := dec.Decode(&snap.snapshotBody); err != nil {
		return nil, fmt.Errorf("cannot be read: %w", err)
	}
	switch {
	case int64(len(snap.Refs)) != 4*snap.Quads:
		return nil, fmt.Errorf("holds %d value numbers for %d quads", len(snap.Refs), snap.Quads)
	}
	values := make([]quad.Value, len(snap.Values))
	for i, v := range snap.Values {
		if values[i], err = v.value(); err != nil {
			return nil, err
		}
	}
	for _, r := range snap.Refs {
		if r < -1 || int(r) >= len(values) {
			return nil, fmt.Errorf("names value %d of %d", r, len(values))
		}
	}
	return func(ctx context.Context, fn func(quad.Quad) error) error {
		refs := snap.Refs
		for i := 0; i < len(refs); i += 4 {
			if i%(1<<16) == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var q quad.Quad
			for d, r := range refs[i : i+4] {
				if r >= 0 {
					q.Set(quad.Directions[d], values[r])
				}
			}
			if err := fn(q); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
