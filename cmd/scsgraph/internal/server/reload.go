package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
	"github.com/scsgraph/scsgraph/schema"
)

// graphVersion says which graph a server serves.
type graphVersion struct {
	generation int // 1 for the graph loaded at start, +1 for each reload
	// digest identifies the content: "sha256:" and the hex sha256 of the
	// data files read (memory store), or the Digest of the manifest of the
	// store opened (bolt, PostgreSQL).
	digest   string
	loadedAt time.Time // when it was loaded
}

func (v graphVersion) String() string {
	s := fmt.Sprintf("%d", v.generation)
	if v.digest != "" {
		s += " " + shortDigest(v.digest)
	}
	return s + " loaded " + v.loadedAt.UTC().Format(time.RFC3339)
}

// shortDigest is a digest cut to its kind and 16 hex digits.
func shortDigest(d string) string {
	kind, hex, ok := strings.Cut(d, ":")
	if !ok {
		kind, hex = "", d
	} else {
		kind += ":"
	}
	return kind + hex[:min(16, len(hex))]
}

// served is one loaded graph: the store, its view and the schema over it;
// reloads swap the whole. refs counts the requests using it, so that the
// store is closed only once the last of them is done.
type served struct {
	store   *graph.Store
	view    *graph.View
	schema  *schema.Schema
	version graphVersion
	stats   graph.Stats
	refs    sync.WaitGroup
}

// reloadStatus is the outcome of the last reload, for /readyz.
type reloadStatus struct {
	at  time.Time
	err error
}

// load reads and validates the data, then builds a new store and schema
// over it. Nothing that is served is touched: the caller swaps the result
// in. For the memory store the data is cfg.Data (or the embedded corpus);
// a persistent store is opened again, to serve what "scsgraph load" wrote.
func load(ctx context.Context, cfg Config, generation int) (*served, error) {
	v := graphVersion{generation: generation}
	var st *graph.Store
	var view *graph.View
	var err error
	if !persistent(cfg.Store) {
		st, view, v.digest, err = loadMemory(ctx, cfg)
	} else {
		st, view, err = graph.OpenView(ctx, cfg.Store)
	}
	if err != nil {
		return nil, err
	}
	if m, ok := st.Manifest(); ok {
		v.digest = m.Digest
	}
	sch, err := schema.New(view, cfg.Limits)
	if err != nil {
		st.Close()
		return nil, err
	}
	v.loadedAt = time.Now()
	return &served{store: st, view: view, schema: sch, version: v, stats: view.Stats()}, nil
}

// persistent reports whether cfg names a bolt or PostgreSQL store, which
// "scsgraph load" writes, rather than the memory store.
func persistent(cfg graph.Config) bool { return cfg.Backend != "" && cfg.Backend != "memory" }

// loadMemory reads the corpus of cfg (a stable snapshot of --data, or the
// embedded one) into a new memory store, and returns the data's digest.
func loadMemory(ctx context.Context, cfg Config) (*graph.Store, *graph.View, string, error) {
	fsys, name := data.DirFS(cfg.Data)
	if cfg.Data != "" {
		if info, err := os.Stat(cfg.Data); err != nil || !info.IsDir() {
			return nil, nil, "", fmt.Errorf("data directory %s does not exist or is not a directory", cfg.Data)
		}
		snap, err := stableSnapshot(ctx, fsys)
		if err != nil {
			return nil, nil, "", fmt.Errorf("data directory %s: %w", cfg.Data, err)
		}
		fsys = snap
	}
	d, err := digestFS(fsys)
	if err != nil {
		return nil, nil, "", fmt.Errorf("reload: %w", err)
	}
	d = "sha256:" + d
	b := &graph.Batch{}
	if _, err := corpus.Load(fsys, name, b); err != nil {
		return nil, nil, "", err
	}
	if n := len(b.Facts); cfg.MaxFacts > 0 && n > cfg.MaxFacts {
		data := ""
		if cfg.Data != "" {
			data = " --data " + cfg.Data
		}
		return nil, nil, "", fmt.Errorf("the corpus has %d facts, more than the memory store's limit of %d (--max-memory-facts; about 2 GiB of memory at the default): "+
			"serve it from a bolt store instead: scsgraph load --store bolt --db FILE%s, then scsgraph serve --store bolt --db FILE", n, cfg.MaxFacts, data)
	}
	st, view, err := graph.Load(ctx, cfg.Store, b.Facts)
	return st, view, d, err
}

// snapshotReads is how many times stableSnapshot reads the files before it
// gives up on them changing.
const snapshotReads = 10

// stableSnapshot reads every file of fsys into memory, again and again
// until two reads in a row agree, so that a file an editor is rewriting in
// place is not read halfway. It gives up after snapshotReads reads.
func stableSnapshot(ctx context.Context, fsys fs.FS) (fstest.MapFS, error) {
	prev, err := readAllFiles(fsys)
	if err != nil {
		return nil, err
	}
	for range snapshotReads - 1 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		time.Sleep(20 * time.Millisecond)
		next, err := readAllFiles(fsys)
		if err != nil {
			return nil, err
		}
		if sameFiles(prev, next) {
			return next, nil
		}
		prev = next
	}
	return nil, fmt.Errorf("the data files kept changing over %d reads; write them by rename (see docs/operations.md)", snapshotReads)
}

// readAllFiles reads the regular files of fsys into a map.
func readAllFiles(fsys fs.FS) (fstest.MapFS, error) {
	m := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: b, Mode: 0o444}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// sameFiles reports whether two snapshots hold the same files and bytes.
func sameFiles(a, b fstest.MapFS) bool {
	if len(a) != len(b) {
		return false
	}
	for p, f := range a {
		g, ok := b[p]
		if !ok || !bytes.Equal(f.Data, g.Data) {
			return false
		}
	}
	return true
}

// digestFS hashes every regular file's name and content in fsys.
func digestFS(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("digest: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		f, err := fsys.Open(n)
		if err != nil {
			return "", fmt.Errorf("digest: %w", err)
		}
		fmt.Fprintf(h, "%s\x00", n)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("digest %s: %w", n, err)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// dirSignature sums up the names, sizes and modification times of the
// files under dir, so that a poll can tell when they changed.
func dirSignature(dir string) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\n", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("watch %s: %w", dir, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// reload loads the data again and, when it is valid, swaps it in. Invalid
// data leaves the graph served as it was; the error is logged, counted and
// shown on /readyz. Reloads run one at a time.
//
// unchanged, when not nil, is asked after the data was read: false means
// the files changed while they were read, and the reload is dropped (the
// watcher sees the change and tries again when the files are quiet).
//
// It returns the reload's error, nil when the new graph is served.
func (s *Server) reload(ctx context.Context, why string, unchanged func() bool) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	start := time.Now()
	next, err := load(ctx, s.cfg, s.generation+1)
	if err != nil {
		s.reloaded(start, why, err)
		return err
	}
	if unchanged != nil && !unchanged() {
		next.store.Close()
		s.log.Info("reload dropped: the files changed while they were read; waiting for them to be quiet", "trigger", why)
		return errDropped
	}
	s.generation++
	s.swap(next)
	s.reloaded(start, why, nil)
	return nil
}

// errDropped is the error of a reload dropped because the files changed
// while they were read.
var errDropped = errors.New("the files changed while they were read")

// reloaded logs and records the outcome of a reload.
func (s *Server) reloaded(start time.Time, why string, err error) {
	s.metrics.reloaded(err)
	s.statusMu.Lock()
	s.lastReload = reloadStatus{at: time.Now(), err: err}
	s.statusMu.Unlock()
	switch {
	case err != nil && loadRunning(err):
		s.log.Warn("reload failed: the store has no manifest, or a scsgraph load changed it while it was read; still serving the previous graph",
			"trigger", why, "version", s.acquireVersion(), "err", err)
		return
	case err != nil:
		s.log.Error("reload failed; still serving the previous graph", "trigger", why, "version", s.acquireVersion(), "err", err)
		return
	}
	sv := s.acquire()
	defer sv.refs.Done()
	s.log.Info("reloaded", "trigger", why, "version", sv.version.String(), "nodes", sv.stats.Nodes, "edges", sv.stats.Edges,
		"quads", sv.stats.Quads, "took", time.Since(start).Round(time.Millisecond))
}

func (s *Server) acquireVersion() string {
	sv := s.acquire()
	defer sv.refs.Done()
	return sv.version.String()
}

// swap serves next from now on. The graph it replaces is closed once the
// requests that use it are done.
func (s *Server) swap(next *served) {
	s.mu.Lock()
	old := s.current
	s.current = next
	s.mu.Unlock()
	s.metrics.graphLoaded(next.version, next.stats)
	if old == nil {
		return
	}
	s.retiring.Add(1)
	go func() {
		defer s.retiring.Done()
		old.refs.Wait()
		if err := old.store.Close(); err != nil {
			s.log.Error("close the previous graph", "version", old.version.String(), "err", err)
		}
	}()
}

// acquire returns the graph served now, counting one more user of it; the
// caller calls refs.Done when it no longer uses it.
func (s *Server) acquire() *served {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sv := s.current
	sv.refs.Add(1)
	return sv
}

// quiet polls the files under --data until their signature stays sig for
// one watch interval, and returns the signature then. It gives up, and
// returns the last signature, after a hundred intervals.
func (s *Server) quiet(ctx context.Context, sig string) (string, error) {
	for range 100 {
		select {
		case <-ctx.Done():
			return sig, ctx.Err()
		case <-time.After(s.cfg.Watch):
		}
		now, err := dirSignature(s.cfg.Data)
		if err != nil {
			return sig, err
		}
		if now == sig {
			return sig, nil
		}
		sig = now
	}
	return sig, nil
}

// watchReloads reloads on SIGHUP, with --watch when the files under
// --data change, and with --poll when the manifest of a bolt or PostgreSQL
// store names new content, until ctx is done.
func (s *Server) watchReloads(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var tick, pollTick <-chan time.Time
	if s.cfg.Poll > 0 && persistent(s.cfg.Store) {
		t := time.NewTicker(s.cfg.Poll)
		defer t.Stop()
		pollTick = t.C
	}
	var p poller
	sig := ""
	if s.cfg.Watch > 0 {
		t := time.NewTicker(s.cfg.Watch)
		defer t.Stop()
		tick = t.C
		var err error
		if sig, err = dirSignature(s.cfg.Data); err != nil {
			s.log.Error("watch", "err", err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			s.reload(ctx, "SIGHUP", nil)
		case <-pollTick:
			s.pollStore(ctx, &p)
		case <-tick:
			now, err := dirSignature(s.cfg.Data)
			if err != nil {
				s.log.Error("watch", "err", err)
				continue
			}
			if now == sig {
				continue
			}
			// Wait for a quiet moment: until the files have not changed
			// for one more interval.
			if now, err = s.quiet(ctx, now); err != nil {
				s.log.Error("watch", "err", err)
				continue
			}
			sig = now
			s.reload(ctx, "watch", func() bool {
				after, err := dirSignature(s.cfg.Data)
				return err == nil && after == sig
			})
		}
	}
}
