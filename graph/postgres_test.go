package graph

import (
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// TestReadOnlyDSN: a session opened through readOnlyDSN, in URL and in
// key=value form, cannot create a table even as the database's owner.
func TestReadOnlyDSN(t *testing.T) {
	t.Parallel()
	dsn := graphtest.FreshPostgres(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	kv := "host=" + u.Hostname() + " port=" + u.Port() + " user=" + u.User.Username() + " dbname=" + strings.TrimPrefix(u.Path, "/") + " sslmode=disable"
	for _, d := range []string{dsn, kv} {
		db, err := sql.Open("postgres", readOnlyDSN(d))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec("CREATE TABLE written (i integer)")
		db.Close()
		if err == nil || !strings.Contains(err.Error(), "read-only transaction") {
			t.Errorf("CREATE TABLE through %s: %v; want a read-only error", readOnlyDSN(d), err)
		}
	}
}

// TestLoadsBackToBack loads the same PostgreSQL store again as soon as the
// last load has committed, as a script does: the load lock must be free
// by then, not held until the server notices the closed session.
func TestLoadsBackToBack(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cfg := Config{Backend: "postgres", DB: graphtest.FreshPostgres(t)}
	facts := []Fact{{"concept/x", RDFSLabel, "ex", Evidence{Source: "source/test", File: "test.yaml", Line: 1}}}
	for i := range 20 {
		s, err := Create(ctx, cfg)
		if err != nil {
			t.Fatalf("load %d: %v", i+1, err)
		}
		if _, err := s.Write(ctx, facts); err != nil {
			s.Close()
			t.Fatalf("load %d: %v", i+1, err)
		}
		if _, err := s.Commit(ctx); err != nil {
			t.Fatalf("load %d: commit: %v", i+1, err)
		}
	}
}
