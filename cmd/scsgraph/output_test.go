package main

import (
	"context"
	"errors"
	"io"
	"testing"
)

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
