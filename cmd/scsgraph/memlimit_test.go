package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// seedFacts is how many facts the embedded corpus holds, as load counts
// them in a dry run.
func seedFacts(t *testing.T) int {
	t.Helper()
	out, stderr, code := runCLI(t, "load", "--dry-run")
	var total, corpus int
	if _, err := fmt.Sscanf(out[strings.Index(out, "would write"):], "would write %d facts: %d from the corpus", &total, &corpus); err != nil || code != 0 || corpus == 0 {
		t.Fatalf("load --dry-run: exit %d, %v\n%s%s", code, err, out, stderr)
	}
	return corpus
}

// TestMemoryStoreLimit runs serve with the memory store at small limits
// around the seed's number of facts: above the limit it refuses in one line
// that names the limit, the flag that raises it and the bolt store to use
// instead, and exits 1; at or under the limit (or with no limit) it serves.
func TestMemoryStoreLimit(t *testing.T) {
	t.Parallel()
	facts := seedFacts(t)
	nodes, _ := seedStats(t)
	tests := []struct {
		limit int
		serve bool
	}{
		{100, false},
		{facts - 1, false},
		{facts, true},
		{0, true},
	}
	for _, tc := range tests {
		limit := strconv.Itoa(tc.limit)
		t.Run(limit, func(t *testing.T) {
			t.Parallel()
			if tc.serve {
				s := startServer(t, "--max-memory-facts", limit)
				if n := s.nodeCount(t); n != nodes {
					t.Errorf("served %d nodes; the seed has %d", n, nodes)
				}
				return
			}
			_, stderr, code := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--max-memory-facts", limit)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 1 || len(lines) != 1 {
				t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), stderr)
			}
			for _, want := range []string{fmt.Sprintf("%d facts", facts), "limit of " + limit, "--max-memory-facts", "scsgraph load --store bolt --db FILE, then scsgraph serve --store bolt --db FILE"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, stderr)
				}
			}
		})
	}
}
