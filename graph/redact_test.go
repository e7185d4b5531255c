package graph

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/clog"
)

func TestRedactDSN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"postgres://u:s3cret@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"host=h user=u password=s3cret dbname=db", "host=h user=u password=xxxxx dbname=db"},
		{"host=h password='s3 cret' dbname=db", "host=h password=xxxxx dbname=db"},
		{"host=h PASSWORD = s3cret", "host=h PASSWORD = xxxxx"},
		{"data/scs.bolt", "data/scs.bolt"},
	} {
		if got := RedactDSN(tc.in); got != tc.want {
			t.Errorf("RedactDSN(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	if got := RedactSecrets(`open postgres://u:s3cret@h/db: refused`); strings.Contains(got, "s3cret") {
		t.Errorf("RedactSecrets left the password: %s", got)
	}
}

// TestCayleyLogs sends a line as Cayley's SQL backend logs it, with a DSN
// and a %#v dump of a dial error, through RouteCayleyLogs.
func TestCayleyLogs(t *testing.T) {
	var buf bytes.Buffer
	RouteCayleyLogs(slog.New(slog.NewTextHandler(&buf, nil)))
	err := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	clog.Errorf("Couldn't open database at %s: %#v", "postgres://root:s3cret@127.0.0.1:1/db", err)
	got := buf.String()
	for _, bad := range []string{"s3cret", "&net.OpError", "Op:"} {
		if strings.Contains(got, bad) {
			t.Errorf("the log line holds %q: %s", bad, got)
		}
	}
	for _, want := range []string{"level=ERROR", "component=cayley", "dial tcp: connection refused", "root:xxxxx@"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log line lacks %q: %s", want, got)
		}
	}
}
