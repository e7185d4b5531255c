package graph

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/lib/pq"
)

func TestClassifyUnavailable(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("graph: read quad: no such value"), false},
		{"not found", ErrNotFound, false},
		{"refused, typed", fmt.Errorf("graph: read values: %w", refused), true},
		{"bad conn", fmt.Errorf("read: %w", driver.ErrBadConn), true},
		{"admin shutdown", &pq.Error{Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{"syntax error", &pq.Error{Code: "42601", Message: "syntax error"}, false},
		{"flattened by Cayley", errors.New("sql: dial tcp 127.0.0.1:5432: connect: connection refused"), true},
		{"starting up, as text", errors.New("pq: the database system is starting up"), true},
		{"already classified", classify(refused), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := classify(tc.err)
			if is := errors.Is(got, ErrUnavailable); is != tc.want {
				t.Errorf("errors.Is(classify(%v), ErrUnavailable) = %v, want %v", tc.err, is, tc.want)
			}
			if tc.err == nil {
				if got != nil {
					t.Errorf("classify(nil) = %v", got)
				}
				return
			}
			if got.Error() != tc.err.Error() {
				t.Errorf("message changed: %q, want %q", got.Error(), tc.err.Error())
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("classify(%v) does not wrap the error it was given", tc.err)
			}
		})
	}
}
