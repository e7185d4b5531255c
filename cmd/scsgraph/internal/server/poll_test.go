package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

func TestPollBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		interval time.Duration
		n        int
		want     time.Duration
	}{
		{time.Second, 1, time.Second},
		{time.Second, 2, 2 * time.Second},
		{time.Second, 4, 8 * time.Second},
		{time.Second, 9, 256 * time.Second},
		{time.Second, 10, maxPollBackoff},
		{time.Second, 1000, maxPollBackoff},
		{10 * time.Minute, 3, 10 * time.Minute}, // an interval longer than the cap
	} {
		if got := pollBackoff(tc.interval, tc.n); got != tc.want {
			t.Errorf("pollBackoff(%s, %d) = %s, want %s", tc.interval, tc.n, got, tc.want)
		}
	}
}

// loadBolt writes facts into the bolt store of cfg, as "scsgraph load" does.
func loadBolt(t *testing.T, cfg graph.Config, facts []graph.Fact) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Create(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(ctx, facts); err != nil {
		st.Close()
		t.Fatal(err)
	}
	if _, err := st.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestPollStore polls a bolt store through each state a store can be in,
// and checks what the server serves, what /readyz and the log say, and
// that a digest whose reload failed is not read again before its backoff.
func TestPollStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := &graph.Batch{}
	fsys, name := data.DirFS("")
	if _, err := corpus.Load(fsys, name, b); err != nil {
		t.Fatal(err)
	}
	store := graph.Config{Backend: "bolt", DB: filepath.Join(t.TempDir(), "poll.bolt")}
	manifest := store.DB + ".manifest"
	loadBolt(t, store, b.Facts[:len(b.Facts)/2])

	var logs bytes.Buffer
	cfg := Config{Store: store, Poll: time.Second}
	s := New(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	first, err := load(ctx, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.swap(first)
	t.Cleanup(s.close)
	var p poller
	halfDigest := first.version.digest
	if !strings.HasPrefix(halfDigest, "file-sha256:") {
		t.Fatalf("served digest %q; want the bolt manifest's", halfDigest)
	}
	saved, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	otherDigest := func() {
		var m map[string]any
		if err := json.Unmarshal(saved, &m); err != nil {
			t.Fatal(err)
		}
		m["digest"] = "file-sha256:" + strings.Repeat("0", 64)
		raw, _ := json.Marshal(m)
		if err := os.WriteFile(manifest, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	steps := []struct {
		name     string
		change   func()
		result   string
		reloaded bool   // a reload was tried
		digest   string // served afterwards; "" for halfDigest
		readyz   string // in /readyz's poll line
	}{
		{"unchanged", func() {}, pollUnchanged, false, "", "last poll: unchanged, manifest file-sha256:"},
		{"manifest gone", func() { os.Remove(manifest) }, pollNoManifest, false, "", "last poll: no_manifest: the bolt store was not written by scsgraph load"},
		{"still gone", func() {}, pollNoManifest, false, "", "last poll: no_manifest"},
		{"manifest unreadable", func() { os.Mkdir(manifest, 0o755) }, pollError, false, "", "last poll: error: the bolt store has a manifest that cannot be read"},
		{"manifest back", func() { os.Remove(manifest); os.WriteFile(manifest, saved, 0o644) }, pollUnchanged, false, "", "last poll: unchanged"},
		{"a digest the file does not match", otherDigest, pollFailed, true, "", "last poll: reload_failed, manifest file-sha256:0000000000000000: the bolt store does not match its manifest"},
		{"the same digest, before its backoff", func() {}, pollFailed, false, "", "last poll: reload_failed"},
		{"a new load", func() { os.WriteFile(manifest, saved, 0o644); loadBolt(t, store, b.Facts) }, pollReloaded, true, "new", "last poll: reloaded"},
		{"unchanged after the load", func() {}, pollUnchanged, false, "new", "last poll: unchanged"},
	}
	for _, step := range steps {
		step.change()
		before := s.lastReload.at
		s.pollStore(ctx, &p)
		if s.lastPoll.result != step.result {
			t.Fatalf("%s: poll result %q (%v), want %q", step.name, s.lastPoll.result, s.lastPoll.err, step.result)
		}
		if tried := s.lastReload.at != before; tried != step.reloaded {
			t.Errorf("%s: reload tried: %v, want %v", step.name, tried, step.reloaded)
		}
		want := halfDigest
		if step.digest == "new" {
			m, err := graph.ReadManifest(ctx, store)
			if err != nil {
				t.Fatal(err)
			}
			want = m.Digest
			if want == halfDigest {
				t.Fatalf("%s: the new load has the old digest", step.name)
			}
		}
		if got := s.servedDigest(); got != want {
			t.Errorf("%s: serves digest %s, want %s", step.name, got, want)
		}
		if line := s.pollLine(); !strings.Contains(line, step.readyz) || strings.Contains(line, store.DB) {
			t.Errorf("%s: /readyz says %q, want %q and not the store's path", step.name, line, step.readyz)
		}
	}
	if got := s.acquireVersion(); !strings.HasPrefix(got, "2 file-sha256:") {
		t.Errorf("version %q after the new load; want generation 2", got)
	}
	log := logs.String()
	for _, want := range []struct {
		text string
		n    int
	}{
		{"poll: the store has no manifest", 1},
		{"poll: the store's manifest cannot be read", 1},
		{"poll: the store's manifest can be read again", 1},
		{"reload failed; still serving the previous graph", 1},
		{"msg=reloaded trigger=poll", 1},
	} {
		if n := strings.Count(log, want.text); n != want.n {
			t.Errorf("the log has %q %d times, want %d:\n%s", want.text, n, want.n, log)
		}
	}
}
