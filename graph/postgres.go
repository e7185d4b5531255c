package graph

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/lib/pq"
)

// A PostgreSQL store is Cayley's tables (nodes, quads) and a table of our
// own, scsgraph_manifest, with one row: the manifest of the last load. A
// load deletes that row first, in its own transaction, and writes the new
// one when every quad is written, so a server never takes a half-written
// load for a complete one. A server reads with a read-only session
// (default_transaction_read_only) through a small pool (Config.Conns),
// creates nothing,
// and checks the content it read against the manifest.

// DefaultReadConns is how many connections a reader of a PostgreSQL store
// opens at most, unless Config.Conns says otherwise.
const DefaultReadConns = 4

// manifestTable is where a PostgreSQL store keeps its manifest.
const manifestTable = "scsgraph_manifest"

// loadLockKey is the advisory lock a load holds on its database.
const loadLockKey = 0x5c59_7a4f

// unlockTimeout bounds the wait for the load lock's release; when it
// passes, the lock goes with the closed session.
const unlockTimeout = 2 * time.Second

// readOnlyDSN is dsn with the session set to read-only transactions: lib/pq
// sends settings it does not know as run-time parameters.
func readOnlyDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " default_transaction_read_only=on"
}

// openSQL opens one connection to the database of cfg, checked by a ping.
func openSQL(ctx context.Context, cfg Config, dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, storeErr(cfg, StoreUnavailable, "cannot be reached: %v", err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, pgErr(cfg, err)
	}
	return db, nil
}

// pgErr says why the database of cfg could not be used, without the DSN.
func pgErr(cfg Config, err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code.Name() {
		case "invalid_catalog_name":
			return storeErr(cfg, StoreUnavailable, "does not exist: no such database (create an empty one, e.g. with createdb, for scsgraph load to fill)")
		case "undefined_table":
			return storeErr(cfg, StoreMissing, "was not written by %s: it has no table %s", ManifestWriter, manifestTable)
		}
		return storeErr(cfg, StoreUnavailable, "cannot be used: %s (%s)", pe.Message, pe.Code.Name())
	}
	return storeErr(cfg, StoreUnavailable, "cannot be reached: %v", err)
}

// readPGManifest reads the manifest of the database of cfg.
func readPGManifest(ctx context.Context, cfg Config) (Manifest, error) {
	db, err := openSQL(ctx, cfg, readOnlyDSN(cfg.DB))
	if err != nil {
		return Manifest{}, err
	}
	defer db.Close()
	return manifestIn(ctx, cfg, db)
}

// manifestIn reads the manifest of the store of cfg through q: a database
// or a transaction.
func manifestIn(ctx context.Context, cfg Config, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (Manifest, error) {
	var raw string
	err := q.QueryRowContext(ctx, "SELECT manifest FROM "+manifestTable+" WHERE id = 1").Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Manifest{}, storeErr(cfg, StoreMissing, "has no manifest: a scsgraph load is writing it, or the last one did not finish")
	} else if err != nil {
		return Manifest{}, pgErr(cfg, err)
	}
	return parseManifest(cfg, []byte(raw))
}

// openPostgresRead opens Cayley's quad store on cfg read-only, through
// at most cfg.Conns connections, of which one stays open when idle. The
// start-up scan reads through all of them at once; checking the manifest
// takes one more, for a moment. So a reader needs Conns+1 connections to
// start, and a server Conns+2 during a reload (the graph served keeps its
// idle one).
func openPostgresRead(cfg Config) (cgraph.QuadStore, error) {
	n := cfg.Conns
	if n <= 0 {
		n = DefaultReadConns
	}
	qs, err := cgraph.NewQuadStore("postgres", readOnlyDSN(cfg.DB), cgraph.Options{"maxopenconnections": n, "maxidleconnections": 1})
	if err != nil {
		return nil, pgErr(cfg, err)
	}
	return qs, nil
}

// pgLoad is a load in progress into a PostgreSQL store: it holds the
// load's advisory lock on a connection of its own.
type pgLoad struct {
	cfg  Config
	db   *sql.DB
	conn *sql.Conn
	bulk []bulkResult // what each bulk write wrote
}

// createPostgres starts a load into the database of cfg: it takes the load
// lock, creates the manifest table and Cayley's tables when they are not
// there, and deletes the manifest until the load commits.
func createPostgres(ctx context.Context, cfg Config) (cgraph.QuadStore, *pgLoad, error) {
	db, err := openSQL(ctx, cfg, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	pl := &pgLoad{cfg: cfg, db: db}
	fail := func(err error) (cgraph.QuadStore, *pgLoad, error) {
		pl.abort()
		return nil, nil, err
	}
	if pl.conn, err = db.Conn(ctx); err != nil {
		return fail(pgErr(cfg, err))
	}
	var locked bool
	if err := pl.conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", loadLockKey).Scan(&locked); err != nil {
		return fail(pgErr(cfg, err))
	}
	if !locked {
		return fail(storeErr(cfg, StoreBusy, "is being written by another scsgraph load"))
	}
	// A load killed in a long statement leaves its session running (and
	// holding the load lock) until PostgreSQL notices: let it look every
	// second (PostgreSQL 14 and later; older ones keep the default).
	_, _ = pl.conn.ExecContext(ctx, "SET client_connection_check_interval = '1s'")
	var exists bool
	err = pl.conn.QueryRowContext(ctx, "SELECT to_regclass('nodes') IS NOT NULL AND to_regclass('quads') IS NOT NULL").Scan(&exists)
	if err != nil {
		return fail(pgErr(cfg, err))
	}
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS " + manifestTable + " (id integer PRIMARY KEY CHECK (id = 1), manifest text NOT NULL)",
		"DELETE FROM " + manifestTable,
	} {
		if _, err := pl.conn.ExecContext(ctx, stmt); err != nil {
			return fail(pgErr(cfg, err))
		}
	}
	if !exists { // Cayley logs an error when its tables exist: ask only for new ones
		if err := cgraph.InitQuadStore("postgres", cfg.DB, cgraph.Options{}); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return fail(pgErr(cfg, err))
		}
	}
	qs, err := cgraph.NewQuadStore("postgres", cfg.DB, cgraph.Options{})
	if err != nil {
		return fail(pgErr(cfg, err))
	}
	return qs, pl, nil
}

// commit writes the manifest and releases the load lock.
func (pl *pgLoad) commit(ctx context.Context, m Manifest) error {
	defer pl.abort()
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = pl.conn.ExecContext(ctx, "INSERT INTO "+manifestTable+" (id, manifest) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET manifest = EXCLUDED.manifest", string(raw))
	if err != nil {
		return pgErr(pl.cfg, err)
	}
	return nil
}

// abort releases the load lock and closes the connection that held it. It
// unlocks first: a closed session lets go of its locks only when its
// server process ends, which the next load does not wait for.
func (pl *pgLoad) abort() {
	if pl.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		_, _ = pl.conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", loadLockKey)
		cancel()
		pl.conn.Close()
		pl.conn = nil
	}
	pl.db.Close()
}
