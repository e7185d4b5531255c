package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// A bolt store is one file, written by etcd's bbolt through Cayley's KV
// quad store, with its manifest beside it. A load writes a new file
// (DB + ".loading", a copy of the store when there is one), then renames
// it over the store and writes the manifest, which holds the new file's
// size and sha256. A server opens the store read-only after checking the
// whole file against the manifest, so a truncated, overwritten or damaged
// file is refused before bbolt reads a page of it, and a server that holds
// the old file keeps reading it after a load has renamed a new one over it.

// boltManifestPath is where a bolt store's manifest lives.
func boltManifestPath(db string) string { return db + ".manifest" }

// boltFileDigest is the size and digest of a bolt file as a manifest records it.
func boltFileDigest(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, "file-sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// checkBolt checks that cfg.DB is a bolt file that load wrote, unchanged
// since, and returns its manifest.
func checkBolt(cfg Config) (Manifest, error) {
	info, err := os.Stat(cfg.DB)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Manifest{}, storeErr(cfg, StoreMissing, "does not exist")
	case err != nil:
		return Manifest{}, storeErr(cfg, StoreUnavailable, "cannot be read: %v", pathErr(err))
	case info.IsDir():
		return Manifest{}, storeErr(cfg, StoreMismatch, "is a directory, not a bolt file that scsgraph load wrote (a store of an older scsgraph? load again into a new file)")
	}
	m, err := readBoltManifest(cfg)
	if err != nil {
		return m, err
	}
	n, digest, err := boltFileDigest(cfg.DB)
	switch {
	case err != nil:
		return m, storeErr(cfg, StoreUnavailable, "cannot be read: %v", pathErr(err))
	case n != m.Bytes:
		return m, storeErr(cfg, StoreMismatch, "is %d bytes long; the manifest written by load says %d (truncated or overwritten since)", n, m.Bytes)
	case digest != m.Digest:
		return m, storeErr(cfg, StoreMismatch, "does not match its manifest: its content changed after load wrote it (a damaged or overwritten file)")
	}
	return m, nil
}

// readBoltManifest reads the manifest beside the bolt file of cfg.
func readBoltManifest(cfg Config) (Manifest, error) {
	raw, err := os.ReadFile(boltManifestPath(cfg.DB))
	if errors.Is(err, os.ErrNotExist) {
		return Manifest{}, storeErr(cfg, StoreMissing, "was not written by %s: it has no manifest %s", ManifestWriter, filepath.Base(boltManifestPath(cfg.DB)))
	} else if err != nil {
		return Manifest{}, storeErr(cfg, StoreUnavailable, "has a manifest that cannot be read: %v", pathErr(err))
	}
	return parseManifest(cfg, raw)
}

// pathErr is err without the path it names: errors show the store as the
// user typed it, once.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// openBoltRead opens a checked bolt file read-only. bbolt's panics on a
// damaged file (a fault in its memory map included) become errors.
func openBoltRead(cfg Config) (qs cgraph.QuadStore, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			qs, err = nil, storeErr(cfg, StoreMismatch, "is damaged: %v", r)
		}
	}()
	db, err := bolt.Open(cfg.DB, 0o444, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, storeErr(cfg, StoreMismatch, "cannot be opened: %v", pathErr(err))
	}
	qs, err = kv.New(hbolt.New(db), cgraph.Options{kv.OptNoBloom: true})
	if err != nil {
		db.Close()
		return nil, storeErr(cfg, StoreMismatch, "cannot be opened: %v", err)
	}
	return qs, nil
}

// boltLoad is a load in progress into a bolt store.
type boltLoad struct {
	cfg      Config
	tmp      string   // the file written
	lock     *os.File // DB + ".lock", flocked while the load runs
	db       *bolt.DB
	released bool
}

// createBolt starts a load into cfg.DB: it locks the store against other
// loads and opens a new file, a copy of the store when it exists (so that
// loading adds to what an earlier load wrote), for writing.
func createBolt(cfg Config) (qs cgraph.QuadStore, bl *boltLoad, err error) {
	lock, err := os.OpenFile(cfg.DB+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be written: %v", pathErr(err))
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, nil, storeErr(cfg, StoreBusy, "is being written by another scsgraph load")
	}
	bl = &boltLoad{cfg: cfg, tmp: cfg.DB + ".loading", lock: lock}
	started := bl // the returns below set bl to nil
	defer func() {
		if err != nil {
			started.abort()
		}
	}()
	// A file left by a killed load is thrown away: a load writes all of its
	// input again.
	if err := os.Remove(bl.tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be written: %v", pathErr(err))
	}
	if _, err := os.Stat(cfg.DB); err == nil {
		if _, err := checkBolt(cfg); err != nil {
			return nil, nil, err
		}
		if err := copyFile(cfg.DB, bl.tmp); err != nil {
			return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be copied to add to it: %v", pathErr(err))
		}
	}
	// The new file is synced once, when the load is complete: a load that
	// dies before leaves a file that nothing reads.
	bl.db, err = bolt.Open(bl.tmp, 0o644, &bolt.Options{Timeout: time.Second, NoSync: true, NoGrowSync: true})
	if err != nil {
		return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be written: %v", pathErr(err))
	}
	kdb := hbolt.New(bl.db)
	if err := kv.Init(kdb, cgraph.Options{}); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be initialised: %v", err)
	}
	qs, err = kv.New(kdb, cgraph.Options{})
	if err != nil {
		return nil, nil, storeErr(cfg, StoreUnavailable, "cannot be opened to write: %v", err)
	}
	return qs, bl, nil
}

// commit syncs and closes the new file, renames it over the store and
// writes its manifest.
func (bl *boltLoad) commit(qs cgraph.QuadStore, quads int64) (Manifest, error) {
	defer bl.abort()
	cfg := bl.cfg
	if err := bl.db.Sync(); err != nil {
		return Manifest{}, storeErr(cfg, StoreUnavailable, "cannot be written: %v", err)
	}
	if err := qs.Close(); err != nil { // closes bl.db
		return Manifest{}, storeErr(cfg, StoreUnavailable, "cannot be written: %v", err)
	}
	bl.db = nil
	n, digest, err := boltFileDigest(bl.tmp)
	if err != nil {
		return Manifest{}, storeErr(cfg, StoreUnavailable, "cannot be read back: %v", pathErr(err))
	}
	m := newManifest("bolt", quads, digest)
	m.Bytes = n
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	mtmp := boltManifestPath(cfg.DB) + ".loading"
	if err := writeFileSync(mtmp, append(raw, '\n')); err != nil {
		return m, storeErr(cfg, StoreUnavailable, "manifest cannot be written: %v", pathErr(err))
	}
	// The data first, then the manifest: in between, a reader finds a
	// manifest that does not match and refuses the store.
	if err := os.Rename(bl.tmp, cfg.DB); err != nil {
		return m, storeErr(cfg, StoreUnavailable, "cannot be replaced: %v", pathErr(err))
	}
	if err := os.Rename(mtmp, boltManifestPath(cfg.DB)); err != nil {
		return m, storeErr(cfg, StoreUnavailable, "manifest cannot be written: %v", pathErr(err))
	}
	syncDir(filepath.Dir(cfg.DB))
	return m, nil
}

// abort closes and removes what an unfinished load wrote, and unlocks the
// store. It may be called more than once.
func (bl *boltLoad) abort() {
	if bl.released {
		return
	}
	bl.released = true
	if bl.db != nil {
		bl.db.Close()
	}
	os.Remove(bl.tmp)
	os.Remove(boltManifestPath(bl.cfg.DB) + ".loading")
	bl.lock.Close() // releases the flock
}

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeFileSync writes data to a new file path and syncs it.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync: %w", err)
	}
	return f.Close()
}

// syncDir makes renames in dir durable; a failure only weakens durability.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
