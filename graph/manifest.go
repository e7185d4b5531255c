package graph

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/cayleygraph/quad"
)

// ManifestFormat is the version of the manifest's layout that this build
// writes and reads.
const ManifestFormat = 1

// ManifestWriter is the Writer of every manifest "scsgraph load" writes.
const ManifestWriter = "scsgraph load"

// Manifest is what "scsgraph load" records with a store it wrote: a bolt
// store keeps it in a file beside the database (DB + ".manifest"), a
// PostgreSQL store in the table scsgraph_manifest. Opening a store to read
// refuses one without a manifest (load did not write it, or a load is
// running or was killed) and one whose content does not match it. Servers
// that share a store can poll it: a new Digest means a new load.
type Manifest struct {
	Format  int       `json:"format"`  // ManifestFormat
	Writer  string    `json:"writer"`  // ManifestWriter
	Version string    `json:"version"` // the writer's build: module version and VCS revision
	Written time.Time `json:"written"` // when the load finished
	Backend string    `json:"backend"` // "bolt" or "postgres"
	Quads   int64     `json:"quads"`   // quads in the store
	// Digest identifies the content. bolt: "file-sha256:" and the hex
	// sha256 of the whole database file (Bytes long). PostgreSQL:
	// "quads-sha256-sum:" and the hex sum of the sha256 of each quad's
	// N-Quads line, which does not depend on the order of the quads.
	Digest string `json:"digest"`
	Bytes  int64  `json:"bytes,omitempty"` // bolt: the database file's size
}

// ReadManifest reads the manifest of a bolt or PostgreSQL store without
// opening or checking the store: a cheap poll for servers that share a
// store (a new Digest means a new load; open the store to check it).
func ReadManifest(ctx context.Context, cfg Config) (Manifest, error) {
	cfg, err := checkConfig(cfg)
	if err != nil {
		return Manifest{}, err
	}
	switch cfg.Backend {
	case "bolt":
		return readBoltManifest(cfg)
	case "postgres":
		return readPGManifest(ctx, cfg)
	}
	return Manifest{}, fmt.Errorf("a %s store has no manifest", cfg.Backend)
}

// newManifest is a manifest of this build for a store of backend.
func newManifest(backend string, quads int64, digest string) Manifest {
	return Manifest{Format: ManifestFormat, Writer: ManifestWriter, Version: buildVersion(),
		Written: time.Now().UTC().Truncate(time.Second), Backend: backend, Quads: quads, Digest: digest}
}

// parseManifest decodes the manifest of the store of cfg and checks that
// load wrote it for that kind of store, in a format this build reads.
func parseManifest(cfg Config, b []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return m, storeErr(cfg, StoreMismatch, "has a damaged manifest (%v)", err)
	}
	switch {
	case m.Writer != ManifestWriter:
		return m, storeErr(cfg, StoreMismatch, "has a manifest not written by %s (writer %q)", ManifestWriter, m.Writer)
	case m.Format != ManifestFormat:
		return m, storeErr(cfg, StoreMismatch, "has a manifest of format %d; this scsgraph reads format %d", m.Format, ManifestFormat)
	case m.Backend != cfg.Backend:
		return m, storeErr(cfg, StoreMismatch, "has the manifest of a %s store", m.Backend)
	}
	return m, nil
}

// buildVersion names this build: its module version and VCS revision.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// contentDigest sums up a set of quads whatever their order: the count,
// and the sum (in four 64-bit lanes) of the sha256 of each quad's N-Quads
// line. A quad store holds each quad once, so equal content gives equal
// digests on every backend.
type contentDigest struct {
	quads int64
	sum   [4]uint64
}

func (d *contentDigest) add(q quad.Quad) { d.addSum(sha256.Sum256([]byte(q.NQuad()))) }

// addSum adds a quad by the sha256 of its N-Quads line.
func (d *contentDigest) addSum(h [sha256.Size]byte) {
	for i := range d.sum {
		d.sum[i] += binary.BigEndian.Uint64(h[8*i:])
	}
	d.quads++
}

// String is the digest as a manifest records it.
func (d *contentDigest) String() string {
	var b [32]byte
	for i, x := range d.sum {
		binary.BigEndian.PutUint64(b[8*i:], x)
	}
	return "quads-sha256-sum:" + hex.EncodeToString(b[:])
}

// StoreError says why a store cannot be opened or written: it names the
// store as the user gave it (a DSN without its password) and what is
// wrong, in one line.
type StoreError struct {
	Backend string
	Store   string // as the user typed it, redacted
	Reason  string
	Kind    StoreErrorKind
}

// StoreErrorKind tells what would repair a store.
type StoreErrorKind int

const (
	// StoreMissing: the store does not exist, or no load finished writing
	// it; "scsgraph load" creates it.
	StoreMissing StoreErrorKind = iota
	// StoreMismatch: the store is not what load wrote (damaged, changed,
	// or of another kind); load it again into a new store.
	StoreMismatch
	// StoreUnavailable: the store cannot be reached or used now (a
	// database down, a permission); the store itself may be fine.
	StoreUnavailable
	// StoreBusy: another load is writing the store.
	StoreBusy
)

func (e *StoreError) Error() string {
	return fmt.Sprintf("%s store %s %s", e.Backend, e.Store, e.Reason)
}

// storeErr is a StoreError for cfg.
func storeErr(cfg Config, kind StoreErrorKind, format string, args ...any) *StoreError {
	return &StoreError{Backend: cfg.Backend, Store: RedactDSN(cfg.DB), Reason: RedactSecrets(fmt.Sprintf(format, args...)), Kind: kind}
}
