package graph

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// TestOpenBoltReadDamaged opens damaged copies of a bolt store with the
// read-only opener alone, without the manifest's check in front of it:
// bbolt's errors and panics (a fault in its memory map included) come back
// as a *StoreError, never as a crash.
func TestOpenBoltReadDamaged(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "g.bolt")
	// Cayley's writer: the pages damaged below are those of its layout.
	tinyStore(t, Config{Backend: "bolt", DB: db, Writer: "cayley"}).store.Close()
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the error: "is damaged" is a panic of bbolt's, recovered
	}{
		{"16 KiB", raw[:16<<10], "is damaged"},
		{"half", raw[:len(raw)/2], "is damaged"},
		{"one page", raw[:page], "file size too small"},
		{"metas zeroed", append(make([]byte, 2*page), raw[2*page:]...), "invalid database"},
		{"pages 2-4 zeroed", append(append(bytes.Clone(raw[:2*page]), make([]byte, 3*page)...), raw[5*page:]...), "is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{Backend: "bolt", DB: filepath.Join(t.TempDir(), "d.bolt")}
			if err := os.WriteFile(cfg.DB, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			qs, err := openBoltRead(cfg)
			if err == nil {
				qs.Close()
				t.Fatal("bbolt opened the damaged file")
			}
			if _, ok := err.(*StoreError); !ok || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %T %v; want a *StoreError with %q", err, err, tc.want)
			}
		})
	}
}

// TestReadManifest reads the manifest a load wrote on each persistent
// backend: it names its writer and backend, counts the quads the store
// serves, and carries the backend's kind of digest.
func TestReadManifest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ backend, digest string }{
		{"bolt", "file-sha256:"},
		{"postgres", "quads-sha256-sum:"},
	} {
		t.Run(tc.backend, func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "g.bolt")
			if tc.backend == "postgres" {
				db = graphtest.FreshPostgres(t)
			}
			s := tiny(t, tc.backend, db)
			m, err := ReadManifest(context.Background(), Config{Backend: tc.backend, DB: db})
			if err != nil {
				t.Fatal(err)
			}
			if m.Writer != ManifestWriter || m.Backend != tc.backend || m.Format != ManifestFormat ||
				m.Quads != int64(s.Stats().Quads) || !strings.HasPrefix(m.Digest, tc.digest) || len(m.Digest) != len(tc.digest)+64 {
				t.Errorf("manifest %+v; the store serves %d quads", m, s.Stats().Quads)
			}
			if got, ok := s.store.Manifest(); !ok || got != m {
				t.Errorf("the store opened with %+v, %v; the manifest is %+v", got, ok, m)
			}
		})
	}
}

// TestCreateBoltMismatch starts a load into a bolt store whose file does
// not match its manifest: Create refuses it with a *StoreError that says
// so (it crashed on a nil load before), and the store stays as it was.
func TestCreateBoltMismatch(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "g.bolt")
	tiny(t, "bolt", db).store.Close()
	if err := os.WriteFile(db, append(mustRead(t, db), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, db)
	s, err := Create(context.Background(), Config{Backend: "bolt", DB: db})
	var se *StoreError
	if !errors.As(err, &se) || se.Kind != StoreMismatch || s != nil {
		t.Fatalf("Create: %v, %v; want a StoreMismatch", s, err)
	}
	if !bytes.Equal(mustRead(t, db), before) {
		t.Error("the refused load changed the store")
	}
	if _, err := os.Stat(db + ".loading"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused load left %s.loading: %v", db, err)
	}
}

// mustRead reads a file.
func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
