package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// The bolt bulk writer (--writer bulk; not the default for bolt, as it
// holds the whole log in memory) loads facts into the new file of a bolt load that
// holds no quads yet, and writes exactly the keys and values that Cayley's
// KV writer (ApplyDeltas with IgnoreDup, in the batches WriteWithProgress
// sends) writes for the same facts: it splits each batch with Cayley's own
// graphlog.SplitDeltas, gives the batch's new values, then its new quads,
// the next ids in Cayley's order, counts each value's references as
// Cayley does (a quad given twice counts twice, and is written once), and
// writes the log of primitives (protobuf, Cayley's own type), the value
// and reference buckets, the quad indexes named in the file's meta, and
// the meta's horizon and size. The one difference is time: a primitive's
// timestamp is when it was made, by either writer.
//
// Cayley's writer reads and rewrites B-tree pages keyed by hashes for
// every batch; the bulk writer keeps the ids, counts and index lists in
// memory and writes each bucket once, in key order.

// errBoltNotFresh is returned by boltBulkWrite for a file that holds
// quads already (a load that adds to a store): Cayley's writer writes it.
var errBoltNotFresh = errors.New("graph: bolt bulk write: the file holds quads already")

// boltPutsPerTx is how many keys the bulk writer puts per bbolt
// transaction: the dirty pages of one stay in memory until it commits.
const boltPutsPerTx = 200_000

// boltNode is a value the bulk writer has given an id.
type boltNode struct {
	id   uint64
	refs uint64
}

// boltBulk is what a bolt bulk write has made so far.
type boltBulk struct {
	nodes   map[refs.ValueHash]*boltNode
	quads   map[[4]uint64]struct{}
	log     [][]byte // the marshalled primitive of each id, from 1
	indexes []quadIndex
	lists   []map[string][]uint64 // per index: quad ids by key
	size    int64
}

// quadIndex is one of Cayley's KV quad indexes, as its meta records it.
type quadIndex struct {
	Dirs   []quad.Direction `json:"dirs"`
	Unique bool             `json:"unique"`
}

// bucket is the index's bucket name: its directions' prefixes.
func (ix quadIndex) bucket() []byte {
	b := make([]byte, len(ix.Dirs))
	for i, d := range ix.Dirs {
		b[i] = d.Prefix()
	}
	return b
}

// key is the index's key for p: its directions' ids, big-endian.
func (ix quadIndex) key(p *cproto.Primitive) string {
	k := make([]byte, 8*len(ix.Dirs))
	for i, d := range ix.Dirs {
		binary.BigEndian.PutUint64(k[8*i:], p.GetDirection(d))
	}
	return string(k)
}

// boltBulkWrite writes facts into the new file of the bolt load, in
// the batches that Cayley's writer gets (writeBatches), and returns
// the number of quads sent. It returns errBoltNotFresh, having written
// nothing, when the file holds quads already.
func (s *Store) boltBulkWrite(ctx context.Context, facts []Fact, progress func(done int)) (int, error) {
	db := s.bolt.db
	b := &boltBulk{nodes: map[refs.ValueHash]*boltNode{}, quads: map[[4]uint64]struct{}{}}
	err := db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		if meta == nil {
			return errors.New("graph: bolt bulk write: the file has no meta bucket")
		}
		if meta.Get([]byte("horizon")) != nil || meta.Get([]byte("size")) != nil {
			return errBoltNotFresh
		}
		return json.Unmarshal(meta.Get([]byte("indexes")), &b.indexes)
	})
	if err != nil {
		return 0, err
	}
	b.lists = make([]map[string][]uint64, len(b.indexes))
	for i := range b.lists {
		b.lists[i] = map[string][]uint64{}
	}
	n, err := s.writeBatches(ctx, facts, progress, func(batch []cgraph.Delta) error {
		if err := b.add(batch); err != nil {
			return fmt.Errorf("graph: bolt bulk write: %w", err)
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if err := b.write(ctx, db); err != nil {
		return n, fmt.Errorf("graph: bolt bulk write: %w", err)
	}
	return n, nil
}

// add gives one batch ids as Cayley's ApplyDeltas does: first the batch's
// new values, in the order of their hashes, then its new quads, in order.
func (b *boltBulk) add(batch []cgraph.Delta) error {
	d := graphlog.SplitDeltas(batch)
	ids := make(map[refs.ValueHash]uint64, len(d.IncNode))
	for _, u := range d.IncNode {
		if nd, ok := b.nodes[u.Hash]; ok {
			nd.refs += uint64(u.RefInc)
			ids[u.Hash] = nd.id
			continue
		}
		val, err := pquads.MarshalValue(u.Val)
		if err != nil {
			return err
		}
		nd := &boltNode{id: uint64(len(b.log)) + 1, refs: uint64(u.RefInc)}
		if err := b.append(&cproto.Primitive{ID: nd.id, Value: val, Timestamp: time.Now().UnixNano()}); err != nil {
			return err
		}
		b.nodes[u.Hash] = nd
		ids[u.Hash] = nd.id
	}
	var links []*cproto.Primitive
	for _, u := range d.QuadAdd {
		var p cproto.Primitive
		var key [4]uint64
		for i, dir := range quad.Directions {
			id, ok := ids[u.Quad.Get(dir)]
			if !ok {
				continue
			}
			p.SetDirection(dir, id)
			key[i] = id
		}
		if _, dup := b.quads[key]; dup {
			continue
		}
		b.quads[key] = struct{}{}
		links = append(links, &p)
	}
	for _, p := range links {
		p.ID = uint64(len(b.log)) + 1
		p.Timestamp = time.Now().UnixNano()
		for i, ix := range b.indexes {
			k := ix.key(p)
			b.lists[i][k] = append(b.lists[i][k], p.ID)
		}
		if err := b.append(p); err != nil {
			return err
		}
	}
	b.size += int64(len(links))
	return nil
}

// append adds p, whose id is the next, to the log.
func (b *boltBulk) append(p *cproto.Primitive) error {
	raw, err := proto.Marshal(p)
	if err != nil {
		return err
	}
	b.log = append(b.log, raw)
	return nil
}

// boltPut is one key to put into a bucket, nested below the root.
type boltPut struct {
	bucket []byte
	key    []byte
	val    []byte
}

// boltWriter puts keys into a bolt file in transactions of boltPutsPerTx
// keys: a load of a few thousand quads is one transaction, as with
// Cayley's writer.
type boltWriter struct {
	db   *bolt.DB
	tx   *bolt.Tx
	bk   *bolt.Bucket
	name []byte
	n    int
}

// put puts one key.
func (w *boltWriter) put(ctx context.Context, p boltPut) error {
	if w.tx == nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		tx, err := w.db.Begin(true)
		if err != nil {
			return err
		}
		w.tx, w.bk, w.n = tx, nil, 0
	}
	if w.bk == nil || !bytes.Equal(p.bucket, w.name) {
		var err error
		if w.bk, err = w.tx.CreateBucketIfNotExists(p.bucket); err != nil {
			return err
		}
		w.name = p.bucket
	}
	if err := w.bk.Put(p.key, p.val); err != nil {
		return err
	}
	if w.n++; w.n >= boltPutsPerTx {
		return w.commit()
	}
	return nil
}

// commit commits the transaction open, if any.
func (w *boltWriter) commit() error {
	if w.tx == nil {
		return nil
	}
	tx := w.tx
	w.tx = nil
	return tx.Commit()
}

// abort rolls back the transaction open, if any.
func (w *boltWriter) abort() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
}

// write puts everything made into the file, bucket by bucket in key order.
func (b *boltBulk) write(ctx context.Context, db *bolt.DB) error {
	w := &boltWriter{db: db}
	defer w.abort()
	horizon := len(b.log)
	// The log of primitives, by id; each is let go once its transaction
	// commits.
	for i, raw := range b.log {
		b.log[i] = nil
		if err := w.put(ctx, boltPut{[]byte("log"), binary.BigEndian.AppendUint64(nil, uint64(i+1)), raw}); err != nil {
			return err
		}
	}
	b.log = nil
	// Each value's id and references, in buckets by the hash's first two bytes.
	hashes := make([]refs.ValueHash, 0, len(b.nodes))
	for h := range b.nodes {
		hashes = append(hashes, h)
	}
	slices.SortFunc(hashes, func(x, y refs.ValueHash) int { return bytes.Compare(x[:], y[:]) })
	for _, prefix := range []byte{'v', 'n'} {
		for _, h := range hashes {
			nd := b.nodes[h]
			v := nd.id
			if prefix == 'n' {
				v = nd.refs
			}
			if err := w.put(ctx, boltPut{[]byte{prefix, h[0], h[1]}, h[:], binary.AppendUvarint(nil, v)}); err != nil {
				return err
			}
		}
	}
	b.nodes = nil
	// The quad indexes: each key's quad ids, in order, as uvarints.
	for i, ix := range b.indexes {
		keys := make([]string, 0, len(b.lists[i]))
		for k := range b.lists[i] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			var v []byte
			for _, id := range b.lists[i][k] {
				v = binary.AppendUvarint(v, id)
			}
			if err := w.put(ctx, boltPut{ix.bucket(), []byte(k), v}); err != nil {
				return err
			}
		}
		b.lists[i] = nil
	}
	// The meta: the last id given and the number of quads, as Cayley's
	// writer leaves them (it writes neither when it gave none).
	if horizon > 0 {
		if err := w.put(ctx, boltPut{[]byte("meta"), []byte("horizon"), binary.LittleEndian.AppendUint64(nil, uint64(horizon))}); err != nil {
			return err
		}
	}
	if b.size > 0 {
		if err := w.put(ctx, boltPut{[]byte("meta"), []byte("size"), binary.LittleEndian.AppendUint64(nil, uint64(b.size))}); err != nil {
			return err
		}
	}
	return w.commit()
}
