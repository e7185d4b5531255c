package main

import (
	"database/sql"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// pgState sums up a PostgreSQL store: its quads, the highest horizon,
// its nodes and their refs, and its manifest's digest ("" if none).
type pgState struct {
	Quads, Horizon, Nodes, Refs int64
	Digest                      string
}

func readPGState(t *testing.T, db *sql.DB) pgState {
	t.Helper()
	var s pgState
	err := db.QueryRow(`SELECT (SELECT count(*) FROM quads), (SELECT coalesce(max(horizon), 0) FROM quads),
		(SELECT count(*) FROM nodes), (SELECT coalesce(sum(refs), 0) FROM nodes),
		coalesce((SELECT manifest::json->>'digest' FROM scsgraph_manifest), '')`).Scan(&s.Quads, &s.Horizon, &s.Nodes, &s.Refs, &s.Digest)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKillDuringPostgresBulkLoad kills "scsgraph load --store postgres"
// (the bulk writer) with SIGKILL at three points of its one transaction:
// while it copies the quads into its staging table, while it merges the
// values into Cayley's nodes table, and while it drops the quads table's
// indexes to rebuild them. Each time the database is left as it was
// before (Cayley's empty tables, no manifest: serve refuses it), the
// killed session goes away within seconds, and loading again gives what
// a clean load gives.
func TestKillDuringPostgresBulkLoad(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads 1,000 works four times")
	}
	dir := genCorpus(t, 1000)
	clean := graphtest.FreshPostgres(t)
	if out, errOut, code := runCLI(t, "load", "--store", "postgres", "--db", clean, "--data", dir); code != 0 {
		t.Fatalf("clean load: exit %d\n%s%s", code, out, errOut)
	}
	cdb := graphtest.DB(t, clean)
	want := readPGState(t, cdb)
	if want.Quads < 60000 || want.Horizon != want.Quads || want.Digest == "" {
		t.Fatalf("the clean load wrote %+v", want)
	}

	cases := []struct {
		name string
		lock string // a lock the test holds while the load runs, or ""
		at   string // the statement the load is killed in
	}{
		{"copying the quads", "", `COPY "scsgraph_bulk_quads"`},
		{"merging the values", "LOCK TABLE nodes IN EXCLUSIVE MODE", "INSERT INTO nodes"},
		{"dropping the indexes", "LOCK TABLE quads IN ACCESS SHARE MODE", "ALTER TABLE quads DROP CONSTRAINT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dsn := graphtest.FreshPostgres(t)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimPrefix(u.Path, "/")
			db := graphtest.DB(t, dsn)
			// Cayley's tables, with their indexes, empty.
			if out, errOut, code := runCLI(t, "load", "--store", "postgres", "--db", dsn); code != 0 {
				t.Fatalf("seed load: exit %d\n%s%s", code, out, errOut)
			}
			pgExec(t, dsn, "TRUNCATE quads, nodes RESTART IDENTITY", "DELETE FROM scsgraph_manifest")
			var hold *sql.Tx
			if tc.lock != "" {
				if hold, err = db.Begin(); err != nil {
					t.Fatal(err)
				}
				defer hold.Rollback()
				if _, err := hold.Exec(tc.lock); err != nil {
					t.Fatal(err)
				}
			}
			cmd := execCommand("load", "--store", "postgres", "--db", dsn, "--data", dir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var pid int
			deadline := time.Now().Add(2 * time.Minute)
			for pid == 0 {
				err := db.QueryRow("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE $2 || '%'", name, tc.at).Scan(&pid)
				if err != nil && err != sql.ErrNoRows {
					t.Fatal(err)
				}
				select {
				case <-exited:
					t.Fatalf("the load ended before it ran %q", tc.at)
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("the load never ran %q", tc.at)
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if err := <-exited; err == nil {
				t.Fatal("the load finished before it was killed")
			}
			if hold != nil {
				hold.Rollback()
			}
			// The killed session ends, and its transaction with it.
			killed := time.Now()
			for gone := false; !gone; {
				if err := db.QueryRow("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", pid).Scan(&gone); err != nil {
					t.Fatal(err)
				}
				if time.Since(killed) > 30*time.Second {
					t.Fatalf("the killed load's session %d still runs after 30 s", pid)
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Logf("the killed load's session ended %s after the kill", time.Since(killed).Round(time.Millisecond))
			if got := readPGState(t, db); got != (pgState{}) {
				t.Errorf("after the kill, the store holds %+v; want Cayley's empty tables and no manifest", got)
			}
			_, stderr, code := runCLI(t, "query", "--store", "postgres", "--db", dsn, "{ stats { quads } }")
			if code != 1 || !strings.Contains(stderr, "has no manifest") {
				t.Errorf("query after the kill: exit %d\n%s", code, stderr)
			}

			if out, errOut, code := runCLI(t, "load", "--store", "postgres", "--db", dsn, "--data", dir); code != 0 {
				t.Fatalf("load again: exit %d\n%s%s", code, out, errOut)
			}
			if got := readPGState(t, db); got != want {
				t.Errorf("loaded again: %+v; a clean load: %+v", got, want)
			}
		})
	}
}
