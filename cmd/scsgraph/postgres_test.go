package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// pgCluster runs pg_ctlcluster on this machine's one PostgreSQL cluster.
func pgCluster(t *testing.T, action string) {
	t.Helper()
	entries, err := os.ReadDir("/etc/postgresql")
	if err != nil || len(entries) != 1 {
		t.Fatalf("want one PostgreSQL version in /etc/postgresql: %v %v", entries, err)
	}
	out, err := exec.Command("pg_ctlcluster", "--skip-systemctl-redirect", entries[0].Name(), "main", action).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_ctlcluster %s: %v\n%s", action, err, out)
	}
}

// TestPostgresRestart restarts PostgreSQL under "serve --store postgres":
// while the database is down, a query that needs it gets a clear
// STORE_UNAVAILABLE error (or still succeeds); within 10 seconds of the
// restart, queries succeed again without restarting the server.
//
// It restarts the machine's cluster, which other packages' tests use, so it
// runs only when SCSGRAPH_TEST_PG_RESTART=1 ("make test" runs it alone).
func TestPostgresRestart(t *testing.T) {
	if os.Getenv("SCSGRAPH_TEST_PG_RESTART") != "1" {
		t.Skip("set SCSGRAPH_TEST_PG_RESTART=1: this test restarts the PostgreSQL cluster")
	}
	dsn := graphtest.FreshPostgres(t)
	if out, errOut, code := runCLI(t, "load", "--store", "postgres", "--db", dsn); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	s := startServer(t, "--store", "postgres", "--db", dsn)
	// GraphQL reads the in-memory view, which needs no database; the N-Quads
	// export reads every quad from PostgreSQL.
	ok := func() (bool, string) {
		resp, err := http.Get(s.URL + "/export/nquads")
		if err != nil {
			return false, "transport: " + err.Error()
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case err != nil:
			return false, "transport: " + err.Error()
		case resp.StatusCode == 200 && bytes.Count(body, []byte("\n")) > 1000:
			return true, ""
		case resp.StatusCode == 503 && bytes.Contains(body, []byte("is the database up?")):
			return false, "STORE_UNAVAILABLE"
		}
		return false, fmt.Sprintf("unclear answer: status %d, %.200s", resp.StatusCode, body)
	}
	if good, why := ok(); !good {
		t.Fatalf("before the restart: %s", why)
	}

	stopped := true
	pgCluster(t, "stop")
	t.Cleanup(func() {
		if stopped {
			pgCluster(t, "start")
		}
	})
	good, why := ok()
	if !good && why != "STORE_UNAVAILABLE" {
		t.Errorf("while PostgreSQL is down: %s; want STORE_UNAVAILABLE or success", why)
	}
	t.Logf("while PostgreSQL was down: success %v %s", good, why)
	s.healthy(t) // what the in-memory view answers does not need the database
	// recovers waits for a success within 10 seconds, accepting only
	// STORE_UNAVAILABLE before it.
	recovers := func(what string) {
		t.Helper()
		since := time.Now()
		for {
			good, why := ok()
			if good {
				t.Logf("%s: queries succeed again after %s", what, time.Since(since).Round(time.Millisecond))
				return
			}
			if why != "STORE_UNAVAILABLE" {
				t.Errorf("%s: %s", what, why)
			}
			if time.Since(since) > 10*time.Second {
				t.Fatalf("%s: no success within 10s; last: %s\n%s", what, why, s.logs)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	pgCluster(t, "start")
	stopped = false
	recovers("after stop and start")
	pgCluster(t, "restart") // the pool's connections all die at once
	recovers("after a restart")
	if !strings.Contains(s.logs.String(), "connection refused") {
		t.Errorf("the log does not say why the query failed:\n%s", s.logs)
	}
}
