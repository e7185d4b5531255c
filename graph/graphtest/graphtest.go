// Package graphtest helps tests that need a real backend: it makes a fresh
// PostgreSQL database on this machine's server for one test and drops it
// afterwards.
package graphtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq" // the driver Cayley's postgres backend uses
)

// DefaultPostgres is the server the tests use unless SCSGRAPH_TEST_POSTGRES
// names another.
const DefaultPostgres = "postgres://root@127.0.0.1:5432/test?sslmode=disable"

// RequireEnv names the environment variable that turns a missing
// PostgreSQL from a skip into a failure; `make test` sets it, `make check`
// does not.
const RequireEnv = "SCSGRAPH_REQUIRE_POSTGRES"

// FreshPostgres creates a database for one test, drops it when the test
// ends, and returns its DSN. When no PostgreSQL answers, the test is
// skipped, or fails if $SCSGRAPH_REQUIRE_POSTGRES is set.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("SCSGRAPH_TEST_POSTGRES")
	if dsn == "" {
		dsn = DefaultPostgres
	}
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("graphtest: no PostgreSQL answers (%v) and $%s is set", err, RequireEnv)
		}
		t.Skipf("graphtest: no PostgreSQL answers, skipping (%v)", err)
	}
	name := fmt.Sprintf("scsgraph_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("graphtest: create database at %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("graphtest: drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("graphtest: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// DB opens the database of dsn for a test's own queries and closes it when
// the test ends.
func DB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
