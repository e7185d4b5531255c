package main

import (
	"strings"
	"testing"
)

// TestMemoryStoreLimit runs serve with the memory store at small limits
// around the seed's 832 facts: above the limit it refuses in one line that
// names the limit, the flag that raises it and the bolt store to use
// instead, and exits 1; at or under the limit (or with no limit) it serves.
func TestMemoryStoreLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit string
		serve bool
	}{
		{"100", false},
		{"831", false},
		{"832", true},
		{"0", true},
	}
	for _, tc := range tests {
		t.Run(tc.limit, func(t *testing.T) {
			t.Parallel()
			if tc.serve {
				s := startServer(t, "--max-memory-facts", tc.limit)
				if n := s.nodeCount(t); n != 125 {
					t.Errorf("served %d nodes; the seed has 125", n)
				}
				return
			}
			_, stderr, code := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--max-memory-facts", tc.limit)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 1 || len(lines) != 1 {
				t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), stderr)
			}
			for _, want := range []string{"832 facts", "limit of " + tc.limit, "--max-memory-facts", "scsgraph load --store bolt --db FILE, then scsgraph serve --store bolt --db FILE"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, stderr)
				}
			}
		})
	}
}
