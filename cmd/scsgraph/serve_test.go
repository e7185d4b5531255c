package main

import (
	"context"
	"errors"
	"io"
	"testing"
	"unicode/utf8"
)

func TestTruncateString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short enough", "社会信用", 12, "社会信用"},
		{"on a boundary", "社会信用体系", 6, "社会..."},
		{"inside a rune", "社会信用体系", 7, "社会..."},
		{"inside the first rune", "社会信用体系", 2, "..."},
		{"mixed", "/id/concept/社会信用", 13, "/id/concept/..."},
		{"ascii", "/export/graphml", 7, "/export..."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := truncateString(tc.in, tc.n)
			if got != tc.want || !utf8.ValidString(got) {
				t.Errorf("truncateString(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}

// failingWriter refuses every write, as a closed pipe or a full disk does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteErrors checks that a command whose output cannot be
// written fails with the write's error instead of exiting 0.
func TestOutputWriteErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		run  func(context.Context, []string, io.Writer, io.Writer) error
		args []string
		want string
	}{
		{"schema", runSchema, nil, "schema: write: no space left on device"},
		{"query", runQuery, []string{`{ node(id: "actor/nobody") { id } }`}, "query: write result: no space left on device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.run(context.Background(), tc.args, failingWriter{}, io.Discard)
			if err == nil || err.Error() != tc.want {
				t.Errorf("%s with a failing stdout: %v, want %q", tc.name, err, tc.want)
			}
		})
	}
}
