// Package graph is scsgraph's knowledge graph: the only package that imports
// Cayley and its quads. A Store opens a Cayley quad store (memory, bolt or
// PostgreSQL) and writes facts with their evidence as quads; a View, built
// from a store after each load and immutable, serves typed reads and
// traversals.
package graph

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	_ "github.com/cayleygraph/cayley/graph/memstore"     // the memory backend
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // the PostgreSQL backend
	"github.com/cayleygraph/quad"
)

// Config says which backend to open and how to name nodes.
type Config struct {
	Backend string // "memory" (default), "bolt" or "postgres"
	DB      string // the bolt file or the PostgreSQL DSN
	BaseIRI string // DefaultBaseIRI when empty
	Conns   int    // PostgreSQL: connections a reader opens at most (0: DefaultReadConns)
	// Writer is how a load writes a bolt or PostgreSQL store: "bulk" (COPY
	// into PostgreSQL, the default there; or each bolt bucket written once,
	// see boltBulkWrite) or "cayley" (Cayley's own writer, one INSERT per
	// value and per quad, or a bbolt transaction per batch; the default for
	// bolt, whose bulk writer needs about twice the memory).
	Writer string
}

// Store is a Cayley quad store: it opens, writes and commits the quads,
// and builds read views of them (see View). Writes are not safe for
// concurrent use.
type Store struct {
	qs       cgraph.QuadStore
	base     string
	backend  string
	cfg      Config
	manifest *Manifest // of a persistent store opened to read
	bolt     *boltLoad // a load into bolt, until Commit
	pg       *pgLoad   // a load into PostgreSQL, until Commit
}

// Backends lists the backend names Open accepts.
func Backends() []string { return []string{"memory", "bolt", "postgres"} }

// checkConfig fills in cfg's defaults and checks its backend.
func checkConfig(cfg Config) (Config, error) {
	if cfg.Backend == "" {
		cfg.Backend = "memory"
	}
	if cfg.BaseIRI == "" {
		cfg.BaseIRI = DefaultBaseIRI
	}
	if !slices.Contains(Backends(), cfg.Backend) {
		return cfg, fmt.Errorf("unknown store %q (want one of %s)", cfg.Backend, strings.Join(Backends(), ", "))
	}
	if cfg.Backend != "memory" && cfg.DB == "" {
		return cfg, fmt.Errorf("no %s store given (--db)", cfg.Backend)
	}
	switch {
	case cfg.Writer == "" && cfg.Backend == "postgres":
		cfg.Writer = "bulk"
	case cfg.Writer == "" || cfg.Writer == "cayley":
	case !slices.Contains(Writers(), cfg.Writer):
		return cfg, fmt.Errorf("unknown writer %q (want one of %s)", cfg.Writer, strings.Join(Writers(), ", "))
	case cfg.Backend == "memory":
		return cfg, fmt.Errorf("the %s writer loads bolt and PostgreSQL stores only; a %s store is written by Cayley's writer", cfg.Writer, cfg.Backend)
	}
	return cfg, nil
}

// Open opens a store to read; View then reads it. A memory store starts
// empty (fill it with Write). A bolt or PostgreSQL store must be one that a
// load wrote and committed (see Create): it is opened read-only, and
// refused, with a *StoreError, when it does not exist or has no manifest;
// View refuses it when its content does not match the manifest.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg, err := checkConfig(cfg)
	if err != nil {
		return nil, err
	}
	var qs cgraph.QuadStore
	var m Manifest
	switch cfg.Backend {
	case "memory":
		if qs, err = cgraph.NewQuadStore("memstore", "", nil); err != nil {
			return nil, err
		}
	case "bolt":
		if m, err = checkBolt(cfg); err != nil {
			return nil, err
		}
		if qs, err = openBoltRead(cfg); err != nil {
			return nil, err
		}
	case "postgres":
		if m, err = readPGManifest(ctx, cfg); err != nil {
			return nil, err
		}
		if qs, err = openPostgresRead(cfg); err != nil {
			return nil, err
		}
	}
	s := &Store{qs: qs, base: cfg.BaseIRI, backend: cfg.Backend, cfg: cfg}
	if cfg.Backend != "memory" {
		s.manifest = &m
	}
	return s, nil
}

// Create opens a bolt or PostgreSQL store for a load, creating it when it
// does not exist; only "scsgraph load" does this. Write the facts, then
// Commit. Until Commit, readers see the store as it was (bolt: the load
// writes a new file) or refuse it (PostgreSQL: its manifest is deleted
// first); a load that fails or is killed leaves it so, and running it
// again completes it. A second load of the same store is refused while
// one runs.
func Create(ctx context.Context, cfg Config) (*Store, error) {
	cfg, err := checkConfig(cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{base: cfg.BaseIRI, backend: cfg.Backend, cfg: cfg}
	switch cfg.Backend {
	case "bolt":
		s.qs, s.bolt, err = createBolt(cfg)
	case "postgres":
		s.qs, s.pg, err = createPostgres(ctx, cfg)
	default:
		return nil, fmt.Errorf("a %s store cannot be loaded: it would be lost on exit", cfg.Backend)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Commit finishes a load begun by Create: it counts the quads, writes the
// store's manifest (bolt: renames the new file over the store first) and
// closes the store. PostgreSQL reads every quad back for the manifest's
// content digest.
func (s *Store) Commit(ctx context.Context) (Manifest, error) {
	quads, err := s.QuadCount(ctx)
	if err != nil {
		s.Close()
		return Manifest{}, err
	}
	switch {
	case s.bolt != nil:
		bl := s.bolt
		s.bolt = nil
		return bl.commit(s.qs, quads)
	case s.pg != nil:
		pl := s.pg
		s.pg = nil
		defer s.qs.Close()
		d, ok := pl.bulkDigest()
		if !ok { // read every quad back
			d = contentDigest{}
			if err := s.eachQuad(ctx, func(q quad.Quad) error { d.add(q); return nil }); err != nil {
				pl.abort()
				return Manifest{}, err
			}
		}
		m := newManifest("postgres", d.quads, d.String())
		return m, pl.commit(ctx, m)
	}
	return Manifest{}, errors.New("graph: commit: the store was not opened by Create")
}

// Manifest is the manifest of a bolt or PostgreSQL store opened by Open,
// and false for a memory store.
func (s *Store) Manifest() (Manifest, bool) {
	if s.manifest == nil {
		return Manifest{}, false
	}
	return *s.manifest, true
}

// Close closes the underlying quad store; a load not committed is
// abandoned.
func (s *Store) Close() error {
	if s.bolt != nil {
		defer s.bolt.abort()
	}
	if s.pg != nil {
		defer s.pg.abort()
	}
	return s.qs.Close()
}

// Backend names the backend the store runs on.
func (s *Store) Backend() string { return s.backend }

// BaseIRI is the base that node ids are appended to.
func (s *Store) BaseIRI() string { return s.base }

// IRI returns the IRI of a node id.
func (s *Store) IRI(id string) string { return s.base + id }

// Write adds facts to the quad store, in batches, ignoring quads already
// there, so that writing the same facts twice changes nothing. Build a new
// View afterwards to see them in reads. It returns the number of quads sent.
func (s *Store) Write(ctx context.Context, facts []Fact) (int, error) {
	return s.WriteWithProgress(ctx, facts, nil)
}

// WriteWithProgress is Write, calling progress after each batch with the
// number of facts written so far. Each batch is one transaction of the
// backend, so an interrupted write leaves whole batches, and writing the
// same facts again completes it. A PostgreSQL load with the bulk writer
// writes all the facts in one transaction (see bulkWrite).
func (s *Store) WriteWithProgress(ctx context.Context, facts []Fact, progress func(done int)) (int, error) {
	if s.pg != nil && s.cfg.Writer == "bulk" {
		res, err := s.bulkWrite(ctx, facts, progress)
		if err != nil {
			return 0, bulkErr(s.cfg, err)
		}
		s.pg.bulk = append(s.pg.bulk, res)
		return int(res.sent), nil
	}
	if s.bolt != nil && s.cfg.Writer == "bulk" {
		n, err := s.boltBulkWrite(ctx, facts, progress)
		if !errors.Is(err, errBoltNotFresh) {
			return n, err
		}
	}
	return s.writeBatches(ctx, facts, progress, func(batch []cgraph.Delta) error {
		if err := s.qs.ApplyDeltas(batch, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return fmt.Errorf("graph: write: %w", err)
		}
		return nil
	})
}

// writeBatch is how many quads Cayley's writer gets at once (at least;
// a fact's quads stay in one batch). The ids Cayley's KV writer gives
// depend on it (see boltBulkWrite).
const writeBatch = 5000

// writeBatches checks each fact and gives apply its quads, in batches of
// writeBatch quads, calling progress after each batch with the number of
// facts done. It returns the number of quads sent.
func (s *Store) writeBatches(ctx context.Context, facts []Fact, progress func(done int), apply func([]cgraph.Delta) error) (int, error) {
	var buf []cgraph.Delta
	n := 0
	// Evidence nodes already sent by this call: a failed call sends them again.
	evSeen := map[string]bool{}
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := apply(buf); err != nil {
			return err
		}
		n += len(buf)
		buf = buf[:0]
		return nil
	}
	for i, f := range facts {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("graph: write: %w", err)
		}
		if err := f.check(); err != nil {
			return n, err
		}
		for _, q := range s.quads(f, evSeen) {
			buf = append(buf, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		if len(buf) >= writeBatch {
			if err := flush(); err != nil {
				return n, err
			}
			if progress != nil {
				progress(i + 1)
			}
		}
	}
	if err := flush(); err != nil {
		return n, err
	}
	if progress != nil {
		progress(len(facts))
	}
	return n, nil
}

// EvidenceID is the id of the evidence node for e; equal evidence, equal id.
func EvidenceID(e Evidence) string {
	parts := []string{e.Source, e.URL, e.Quote, e.File, strconv.Itoa(e.Line)}
	if e.SHA256 != "" {
		parts = append(parts, e.SHA256) // only then, so that corpus evidence keeps its ids
	}
	h := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	return "evidence/" + hex.EncodeToString(h[:8])
}

// quads turns a fact into its quad, preceded by the evidence node's quads the
// first time that evidence is seen.
func (s *Store) quads(f Fact, evSeen map[string]bool) []quad.Quad {
	evID := EvidenceID(f.Evidence)
	ev := quad.IRI(s.IRI(evID))
	var out []quad.Quad
	if !evSeen[evID] {
		evSeen[evID] = true
		e := f.Evidence
		if e.Source != "" {
			out = append(out, quad.Quad{Subject: ev, Predicate: quad.IRI(WasDerivedFrom), Object: quad.IRI(s.IRI(e.Source)), Label: ev})
		}
		if e.URL != "" {
			out = append(out, quad.Quad{Subject: ev, Predicate: quad.IRI(WasDerivedFrom), Object: quad.IRI(e.URL), Label: ev})
		}
		if e.Quote != "" {
			out = append(out, quad.Quad{Subject: ev, Predicate: quad.IRI(Value), Object: quad.String(e.Quote), Label: ev})
		}
		if e.File != "" {
			out = append(out, quad.Quad{Subject: ev, Predicate: quad.IRI(At), Object: quad.String(e.File + ":" + strconv.Itoa(e.Line)), Label: ev})
		}
		if e.SHA256 != "" {
			out = append(out, quad.Quad{Subject: ev, Predicate: quad.IRI(SHA256), Object: quad.String(e.SHA256), Label: ev})
		}
	}
	var obj quad.Value
	switch o := f.Object.(type) {
	case ID:
		obj = quad.IRI(s.IRI(string(o)))
	case IRI:
		obj = quad.IRI(o)
	case string:
		obj = quad.String(o)
	case int:
		obj = quad.Int(o)
	case bool:
		obj = quad.Bool(o)
	case LangString:
		obj = quad.LangString{Value: quad.String(o.Text), Lang: o.Lang}
	}
	return append(out, quad.Quad{Subject: quad.IRI(s.IRI(f.Subject)), Predicate: quad.IRI(f.Pred), Object: obj, Label: ev})
}

// QuadCount asks the backend how many quads it holds, without building a view.
func (s *Store) QuadCount(ctx context.Context) (int64, error) {
	st, err := s.qs.Stats(ctx, true)
	if err != nil {
		return 0, classify(fmt.Errorf("graph: count quads: %w", err))
	}
	return st.Quads.Value, nil
}

// matches checks content read from the store against its manifest m.
// d is the digest of the quads read, nil where the backend needs none
// (bolt: the whole file was checked before it was opened). On PostgreSQL
// the manifest is read again first: content read while a load ran is
// refused as StoreBusy (or StoreMissing while the load runs), not as a
// damaged store, so that a server tries again later.
func (s *Store) matches(ctx context.Context, m Manifest, quads int64, d *contentDigest) error {
	var mismatch error
	switch {
	case quads < m.Quads:
		mismatch = storeErr(s.cfg, StoreMismatch, "holds %d quads; the manifest written by load promises %d (a smaller graph than was loaded)", quads, m.Quads)
	case quads != m.Quads:
		mismatch = storeErr(s.cfg, StoreMismatch, "holds %d quads; the manifest written by load says %d", quads, m.Quads)
	case d != nil && d.String() != m.Digest:
		mismatch = storeErr(s.cfg, StoreMismatch, "does not match its manifest: the quads read are not those load wrote")
	}
	if d == nil {
		return mismatch
	}
	now, err := readPGManifest(ctx, s.cfg)
	if err != nil {
		return err
	}
	if now != m {
		return storeErr(s.cfg, StoreBusy, "was changed by a scsgraph load while it was read; try again when the load is done")
	}
	return mismatch
}

// eachQuad calls fn for every quad in the store. Exports and the view use it.
func (s *Store) eachQuad(ctx context.Context, fn func(q quad.Quad) error) error {
	return s.scan(ctx, s.qs.QuadsAllIterator(), fn)
}

// quadsAt calls fn for each quad whose direction d is v, through the index.
func (s *Store) quadsAt(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	ref, err := s.qs.ValueOf(v)
	if err != nil || ref == nil {
		return classify(err)
	}
	return s.scan(ctx, s.qs.QuadIterator(d, ref), fn)
}

// scan calls fn for each quad an iterator of quads yields, in order. It
// reads the quads' refs in chunks and resolves the values of a chunk that
// are not known yet with several goroutines at once: PostgreSQL answers one
// value per query, and bolt reads each from its log, so the round trips, not
// the work, took the time. IRIs, which many quads share, are remembered for
// the whole scan; literals are rarely shared and are not kept. An error of
// the backend that means it cannot be reached wraps ErrUnavailable.
func (s *Store) scan(ctx context.Context, sh iterator.Shape, fn func(q quad.Quad) error) error {
	it := sh.Iterate()
	defer it.Close()
	iris := map[any]quad.IRI{}
	chunk := make([][4]cgraph.Ref, 0, scanChunk)
	emit := func() error {
		vals, err := s.resolve(ctx, chunk, iris)
		if err != nil {
			return err
		}
		for _, refs := range chunk {
			var q quad.Quad
			for d, ref := range refs {
				if ref == nil {
					continue
				}
				v, ok := vals[ref.Key()]
				if !ok {
					v = iris[ref.Key()]
				}
				q.Set(quad.Directions[d], v)
			}
			if err := fn(q); err != nil {
				return err
			}
		}
		chunk = chunk[:0]
		return nil
	}
	for it.Next(ctx) {
		var refs [4]cgraph.Ref
		for d, dir := range quad.Directions {
			ref, err := s.qs.QuadDirection(it.Result(), dir)
			if err != nil {
				return classify(fmt.Errorf("graph: read quad: %w", err))
			}
			refs[d] = ref
		}
		chunk = append(chunk, refs)
		if len(chunk) == scanChunk {
			if err := emit(); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		return classify(err)
	}
	return emit()
}

// scanChunk is how many quads scan resolves together; scanWorkers is how
// many parts of a chunk's values are read from the backend at once.
const (
	scanChunk   = 4096
	scanWorkers = 8
)

// resolve reads the values of a chunk of quads that iris does not hold and
// adds the IRIs among them to iris. The values are read in up to scanWorkers
// parts at once, each through Cayley's ValuesOf, which reads a part in one
// transaction on bolt and one value per query on PostgreSQL; a small chunk
// (an index lookup) is read in one part.
func (s *Store) resolve(ctx context.Context, chunk [][4]cgraph.Ref, iris map[any]quad.IRI) (map[any]quad.Value, error) {
	var need []cgraph.Ref
	vals := map[any]quad.Value{}
	for _, refs := range chunk {
		for _, ref := range refs {
			if ref == nil {
				continue
			}
			k := ref.Key()
			if _, ok := iris[k]; ok {
				continue
			}
			if _, ok := vals[k]; !ok {
				vals[k] = nil
				need = append(need, ref)
			}
		}
	}
	got := make([]quad.Value, len(need))
	parts := min(scanWorkers, 1+len(need)/64)
	size := (len(need) + parts - 1) / parts
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for w := range parts {
		lo, hi := w*size, min(len(need), (w+1)*size)
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			vs, err := cgraph.ValuesOf(ctx, s.qs, need[lo:hi])
			if err != nil {
				errs[w] = classify(fmt.Errorf("graph: read values: %w", err))
				return
			}
			copy(got[lo:hi], vs)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, ref := range need {
		vals[ref.Key()] = got[i]
		if iri, ok := got[i].(quad.IRI); ok {
			iris[ref.Key()] = iri
		}
	}
	return vals, nil
}

// Load writes facts into a store, opens it to read and builds its view:
// the one step from validated facts to a graph that serves them. A memory
// store is filled in place; a bolt or PostgreSQL store is loaded (Create,
// Write, Commit) and then opened. The caller closes the store once the
// view is no longer used.
func Load(ctx context.Context, cfg Config, facts []Fact) (*Store, *View, error) {
	s, err := loadStore(ctx, cfg, facts)
	return withView(ctx, s, err)
}

// OpenView opens the store cfg names to read (see Open) and builds its
// view. The caller closes the store once the view is no longer used.
func OpenView(ctx context.Context, cfg Config) (*Store, *View, error) {
	s, err := Open(ctx, cfg)
	return withView(ctx, s, err)
}

// withView builds the view of s, opened with err; it closes s when it
// cannot.
func withView(ctx context.Context, s *Store, err error) (*Store, *View, error) {
	if err != nil {
		return nil, nil, err
	}
	v, err := s.View(ctx)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, v, nil
}

// loadStore writes facts into the store cfg names and opens it to read.
func loadStore(ctx context.Context, cfg Config, facts []Fact) (*Store, error) {
	if cfg.Backend != "" && cfg.Backend != "memory" {
		w, err := Create(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(ctx, facts); err != nil {
			w.Close()
			return nil, err
		}
		if _, err := w.Commit(ctx); err != nil {
			return nil, err
		}
		return Open(ctx, cfg)
	}
	s, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := s.Write(ctx, facts); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
