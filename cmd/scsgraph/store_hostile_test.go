package main

import (
	"bytes"
	"context"
	bin "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// seedStats is what the embedded corpus loads into, as the memory store
// counts it: a store that load wrote from it must hold the same.
func seedStats(t *testing.T) (nodes, quads int) {
	t.Helper()
	out, stderr, code := runCLI(t, "query", "{ stats { nodes quads } }")
	var res struct {
		Data struct{ Stats struct{ Nodes, Quads int } }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || res.Data.Stats.Quads == 0 {
		t.Fatalf("stats of the embedded corpus: exit %d, %v\n%s%s", code, err, out, stderr)
	}
	return res.Data.Stats.Nodes, res.Data.Stats.Quads
}

// loadSeedBolt loads the embedded corpus into dir/name and returns its path.
func loadSeedBolt(t *testing.T, dir, name string, extra ...string) string {
	t.Helper()
	db := filepath.Join(dir, name)
	if out, errOut, code := runCLI(t, append([]string{"load", "--store", "bolt", "--db", db}, extra...)...); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

// runIn runs the binary in dir, for at most 20 seconds, and returns its
// output and exit code.
func runIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after 20s (serving?)\n%s", args, errb.String())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// oneLineRefusal checks that a command failed as a refused store should:
// exit 1 and one line on stderr that names the store as typed and what
// to run, with no stack trace, panic or Go value dump.
func oneLineRefusal(t *testing.T, stderr string, code int, store string, wants ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if code != 1 || len(lines) != 1 {
		t.Fatalf("exit %d, %d lines; want exit 1 and one line:\n%s", code, len(lines), stderr)
	}
	if !strings.HasPrefix(lines[0], "scsgraph: ") || !strings.Contains(lines[0], " "+store+" ") {
		t.Errorf("the line does not name the store %q: %s", store, lines[0])
	}
	for _, w := range wants {
		if !strings.Contains(lines[0], w) {
			t.Errorf("the line lacks %q: %s", w, lines[0])
		}
	}
	for _, bad := range []string{"panic", "goroutine ", "runtime.", "SIGSEGV", "&", "{", "internal error", "listening"} {
		if strings.Contains(lines[0], bad) {
			t.Errorf("the line holds %q: %s", bad, lines[0])
		}
	}
}

// boltMeta reads what a corruption needs from a bolt file: its page size,
// the number of pages, and the freelist page of the newest meta page.
func boltMeta(t *testing.T, raw []byte) (pageSize, pages int, freelist uint64) {
	t.Helper()
	// A meta page: a 16-byte page header, then magic, version, page size
	// and flags (4 bytes each), the root bucket (16), the freelist page,
	// the high-water page and the transaction id (8 each).
	const meta = 16
	pageSize = int(bin.LittleEndian.Uint32(raw[meta+8:]))
	if pageSize < 512 || pageSize > 1<<16 || len(raw) < 2*pageSize {
		t.Fatalf("not a bolt file: page size %d, %d bytes", pageSize, len(raw))
	}
	var txid uint64
	for p := range 2 {
		m := raw[p*pageSize+meta:]
		if tx := bin.LittleEndian.Uint64(m[48:]); tx >= txid {
			txid, freelist = tx, bin.LittleEndian.Uint64(m[32:])
		}
	}
	if int(freelist) >= len(raw)/pageSize {
		t.Fatalf("freelist page %d beyond the file's %d pages", freelist, len(raw)/pageSize)
	}
	return pageSize, len(raw) / pageSize, freelist
}

// flip inverts n bytes of raw from off.
func flip(raw []byte, off, n int) {
	for i := off; i < off+n; i++ {
		raw[i] ^= 0xff
	}
}

// TestCorruptBoltStore damages a bolt store in each way of the table and
// starts "serve" on it: each refuses with exit 1 and one line naming the
// store as typed (a relative path here) and the load command; none serves.
// The intact store serves every quad.
func TestCorruptBoltStore(t *testing.T) {
	t.Parallel()
	_, seedQuads := seedStats(t)
	src := loadSeedBolt(t, t.TempDir(), "seed.bolt")
	other := loadSeedBolt(t, t.TempDir(), "other.bolt", "--data", genCorpus(t, 5))
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(src + ".manifest")
	if err != nil {
		t.Fatal(err)
	}
	pageSize, pages, freelist := boltMeta(t, raw)
	t.Logf("%d bytes: %d pages of %d; freelist at page %d", len(raw), pages, pageSize, freelist)
	type damage func(t *testing.T, dir string) // damages dir/store.bolt
	file := func(edit func(b []byte) []byte) damage {
		return func(t *testing.T, dir string) {
			b := edit(bytes.Clone(raw))
			if err := os.WriteFile(filepath.Join(dir, "store.bolt"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name  string
		hurt  damage
		wants []string
	}{
		{"truncated to 16 KiB", file(func(b []byte) []byte { return b[:16<<10] }), []string{"truncated"}},
		{"truncated to half", file(func(b []byte) []byte { return b[:len(b)/2] }), []string{"truncated"}},
		{"last page cut", file(func(b []byte) []byte { return b[:len(b)-pageSize] }), []string{"truncated"}},
		{"one byte cut", file(func(b []byte) []byte { return b[:len(b)-1] }), []string{"truncated"}},
		{"empty file", file(func(b []byte) []byte { return b[:0] }), []string{"truncated"}},
		{"bytes appended", file(func(b []byte) []byte { return append(b, make([]byte, pageSize)...) }), []string{"bytes long"}},
		{"meta page 0 flipped", file(func(b []byte) []byte { flip(b, 16+16, 16); return b }), []string{"does not match its manifest"}},
		{"meta page 1 flipped", file(func(b []byte) []byte { flip(b, pageSize+16+16, 16); return b }), []string{"does not match its manifest"}},
		{"freelist page flipped", file(func(b []byte) []byte { flip(b, int(freelist)*pageSize+16, 8); return b }), []string{"does not match its manifest"}},
		{"data page flipped", file(func(b []byte) []byte { flip(b, (pages/2)*pageSize+pageSize/2, 4); return b }), []string{"does not match its manifest"}},
		{"one bit flipped in the last page", file(func(b []byte) []byte { b[len(b)-pageSize/2] ^= 1; return b }), []string{"does not match its manifest"}},
		{"random bytes over pages 2-4", file(func(b []byte) []byte {
			for i := 2 * pageSize; i < 5*pageSize; i++ {
				b[i] = byte(rng.UintN(256))
			}
			return b
		}), []string{"does not match its manifest"}},
		{"a directory", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "store.bolt"))
			if err := os.Mkdir(filepath.Join(dir, "store.bolt"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{"is a directory"}},
		{"a missing file", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "store.bolt"))
			os.Remove(filepath.Join(dir, "store.bolt.manifest"))
		}, []string{"does not exist", "create it with: scsgraph load --store bolt --db store.bolt"}},
		{"no manifest", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "store.bolt.manifest"))
		}, []string{"was not written by scsgraph load", "create it with: scsgraph load"}},
		{"another store's manifest", func(t *testing.T, dir string) {
			b, err := os.ReadFile(other + ".manifest")
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "store.bolt.manifest"), b, 0o644)
		}, []string{"bytes long"}},
		{"a manifest that promises more quads", func(t *testing.T, dir string) {
			b := bytes.Replace(manifest, []byte(fmt.Sprintf(`"quads": %d`, seedQuads)), []byte(`"quads": 99999`), 1)
			if bytes.Equal(b, manifest) {
				t.Fatalf("the manifest does not hold %d quads:\n%s", seedQuads, manifest)
			}
			os.WriteFile(filepath.Join(dir, "store.bolt.manifest"), b, 0o644)
		}, []string{fmt.Sprintf("holds %d quads; the manifest written by load promises 99999", seedQuads)}},
		{"a damaged manifest", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "store.bolt.manifest"), manifest[:len(manifest)/2], 0o644)
		}, []string{"has a damaged manifest"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "store.bolt"), raw, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "store.bolt.manifest"), manifest, 0o644); err != nil {
				t.Fatal(err)
			}
			tc.hurt(t, dir)
			_, stderr, code := runIn(t, dir, "serve", "--addr", "127.0.0.1:0", "--store", "bolt", "--db", "store.bolt")
			oneLineRefusal(t, stderr, code, "store.bolt", tc.wants...)
			// query opens stores the same way: it answers nothing either.
			out, stderr, code := runIn(t, dir, "query", "--store", "bolt", "--db", "store.bolt", "{ stats { quads } }")
			if code != 1 || out != "" {
				t.Errorf("query on the damaged store: exit %d, output %q, %s", code, out, stderr)
			}
			if tc.name == "a missing file" {
				if _, err := os.Stat(filepath.Join(dir, "store.bolt")); !os.IsNotExist(err) {
					t.Errorf("serve created the store: %v", err)
				}
			}
		})
	}
	t.Run("intact", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "store.bolt"), raw, 0o644)
		os.WriteFile(filepath.Join(dir, "store.bolt.manifest"), manifest, 0o644)
		out, stderr, code := runIn(t, dir, "query", "--store", "bolt", "--db", "store.bolt", "{ stats { quads } }")
		if code != 0 || !strings.Contains(out, fmt.Sprintf(`"quads": %d`, seedQuads)) {
			t.Errorf("the intact store: exit %d\n%s%s", code, out, stderr)
		}
	})
}

// TestBoltLoadWhileServing loads a larger corpus into the bolt store a
// server reads, without --poll: the server keeps serving the old graph,
// read-only, until SIGHUP, then serves the new one; a second load at the
// same time is refused. (With --poll, TestBoltReplicasFollowLoads.)
func TestBoltLoadWhileServing(t *testing.T) {
	t.Parallel()
	db := loadSeedBolt(t, t.TempDir(), "live.bolt", "--data", genCorpus(t, 10))
	s := startServer(t, "--store", "bolt", "--db", db, "--poll", "0")
	before := s.nodeCount(t)
	stop := make(chan struct{})
	failures := s.hammer(stop)

	cmd := execCommand("load", "--store", "bolt", "--db", db, "--data", genCorpus(t, 100))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// While the first load runs, another is refused.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(db + ".loading"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the load never began its new file")
		}
	}
	if _, stderr, code := runCLI(t, "load", "--store", "bolt", "--db", db); code != 1 || !strings.Contains(stderr, "is being written by another scsgraph load") {
		t.Errorf("a second load at the same time: exit %d, %s", code, stderr)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("load while serving: %v\n%s", err, out.String())
	}
	if n := s.nodeCount(t); n != before {
		t.Errorf("before SIGHUP the server serves %d nodes; want the old %d", n, before)
	}
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.waitReady(t, "the reload of the new load", func(v int, _ string) bool { return v == 2 })
	if n := s.nodeCount(t); n <= before {
		t.Errorf("after SIGHUP: %d nodes; want more than %d", n, before)
	}
	close(stop)
	if bad := <-failures; len(bad) > 0 {
		t.Errorf("%d queries failed during the load and reload, first: %s", len(bad), bad[0])
	}
}

// TestConnectionFlood opens --max-conns + 2,000 idle connections (the
// 20,000-connection attack at a tenth of the scale, under the machine's
// hard limit of 20,000 descriptors): a client that comes after them is
// answered within a second, and the server holds no more descriptors
// than its limit allows.
func TestConnectionFlood(t *testing.T) {
	t.Parallel()
	const maxConns, flood = 256, 2000
	s := startServer(t, "--max-conns", fmt.Sprint(maxConns))
	addr := strings.TrimPrefix(s.URL, "http://")
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for i := 0; i < maxConns+flood; i++ {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		if i%2 == 1 {
			c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")) // a slow header, never finished
		}
		idle = append(idle, c)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Get(s.URL + "/graphql?query=" + url.QueryEscape("{ stats { nodes } }"))
	took := time.Since(start)
	if err != nil {
		t.Fatalf("the client after %d idle connections: %v", maxConns+flood, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || took > time.Second {
		t.Errorf("the client after %d idle connections: status %d after %s; want 200 within 1s", maxConns+flood, resp.StatusCode, took)
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	if len(fds) > maxConns+32 {
		t.Errorf("the server holds %d descriptors; --max-conns is %d", len(fds), maxConns)
	}
	t.Logf("answered in %s after %d idle connections; the server holds %d descriptors", took.Round(time.Millisecond), maxConns+flood, len(fds))
	s.healthy(t)
}

// TestShutdownBounded sends SIGTERM while requests cannot finish in time (a
// validation bomb that burns CPU, a body that never ends): the process
// ends within --shutdown-timeout and a second.
func TestShutdownBounded(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--shutdown-timeout", "1s", "--timeout", "60s")
	addr := strings.TrimPrefix(s.URL, "http://")
	const depth = 500
	bomb := fmt.Sprintf(`{ nodes(ids: %s1%s) { id } }`, strings.Repeat("[", depth), strings.Repeat("]", depth))
	go s.query(t, 60*time.Second, bomb)
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"query\":")
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
		t.Logf("ended %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	case <-time.After(3 * time.Second):
		t.Fatalf("still running 3s after SIGTERM with --shutdown-timeout 1s\n%s", s.logs)
	}
}

// TestWatchInPlaceRewrite rewrites a data file in place, as an editor
// that does not write by rename does, again and again: the first part
// (a valid corpus with one concept fewer) lands, then, a moment later,
// the rest. --watch never serves the half-written file; a reload error
// on /readyz shows no absolute path.
func TestWatchInPlaceRewrite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	copyDir(t, "../../data", dir)
	file := filepath.Join(dir, "concepts.yaml")
	full, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.LastIndex(full, []byte("\n- ")) + 1
	// The first part alone is a valid corpus: served, it would be wrong.
	part := filepath.Join(t.TempDir(), "part")
	copyDir(t, dir, part)
	os.WriteFile(filepath.Join(part, "concepts.yaml"), full[:cut], 0o644)
	if _, stderr, code := runCLI(t, "validate", "--data", part); code != 0 {
		t.Fatalf("the first part is not a valid corpus, so this test would prove nothing: %s", stderr)
	}

	s := startServer(t, "--data", dir, "--watch", "--watch-interval", "300ms")
	want := s.nodeCount(t)
	stop := make(chan struct{})
	var wrong []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // watch what is served, all the time
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if n := s.nodeCount(t); n != want {
				mu.Lock()
				wrong = append(wrong, n)
				mu.Unlock()
			}
		}
	}()
	const rewrites = 8
	for range rewrites {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(full[:cut])
		time.Sleep(50 * time.Millisecond)
		f.Write(full[cut:])
		f.Close()
		time.Sleep(400 * time.Millisecond)
	}
	s.waitReady(t, "a reload after the rewrites", func(v int, _ string) bool { return v > 1 })
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	if len(wrong) > 0 {
		t.Errorf("while the file was rewritten in place, the server served %v nodes (want %d) %d times", wrong[0], want, len(wrong))
	}
	v, _ := s.readyVersion(t)
	t.Logf("%d in-place rewrites: %d reloads, never a half-written file", rewrites, v-1)

	// A broken file: /readyz names it, not the absolute directory.
	abs, _ := filepath.Abs(dir)
	os.WriteFile(file, []byte("- id: concept/x\n  label: [unclosed\n"), 0o644)
	body := s.waitReady(t, "the failed reload", func(_ int, b string) bool { return strings.Contains(b, "last reload error:") })
	if !strings.Contains(body, "concepts.yaml") || strings.Contains(body, abs) || strings.Contains(body, os.TempDir()) {
		t.Errorf("/readyz should name concepts.yaml without the absolute path %s:\n%s", abs, body)
	}
}

// pgExec runs statements on the database of dsn.
func pgExec(t *testing.T, dsn string, stmts ...string) {
	t.Helper()
	db := graphtest.DB(t, dsn)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// pgTables counts the tables in the public schema of dsn.
func pgTables(t *testing.T, dsn string) int {
	t.Helper()
	db := graphtest.DB(t, dsn)
	var n int
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPostgresStoreHostile: a bad DSN leaks no password and no Go dump; an
// empty database is refused and left empty; a healthy load and start log
// no error; serve runs as a SELECT-only role limited to 4 connections;
// (--db-conns 2: 3 connections to start, 4 during a reload);
// reloads that would swap in fewer quads than the manifest promises, or
// an empty database, are refused and reported without the database name.
func TestPostgresStoreHostile(t *testing.T) {
	t.Parallel()
	seedNodes, seedQuads := seedStats(t)
	dsn := graphtest.FreshPostgres(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(u.Path, "/")

	t.Run("bad DSN", func(t *testing.T) {
		for _, bad := range []string{
			"postgres://root:s3cret-pw@127.0.0.1:1/" + dbName + "?sslmode=disable",
			"host=127.0.0.1 port=1 user=root password=s3cret-pw dbname=" + dbName + " sslmode=disable",
		} {
			for _, cmd := range []string{"serve", "load"} {
				_, stderr, code := runCLI(t, cmd, "--store", "postgres", "--db", bad)
				lines := strings.Split(strings.TrimSpace(stderr), "\n")
				if code != 1 || len(lines) > 3 {
					t.Errorf("%s: exit %d, %d lines:\n%s", cmd, code, len(lines), stderr)
				}
				for _, leak := range []string{"s3cret-pw", "&net.OpError", "&errors", "{Op:", "goroutine"} {
					if strings.Contains(stderr, leak) {
						t.Errorf("%s: the output holds %q:\n%s", cmd, leak, stderr)
					}
				}
				if !strings.Contains(stderr, "connection refused") {
					t.Errorf("%s: the output does not say why:\n%s", cmd, stderr)
				}
			}
		}
	})

	t.Run("empty database", func(t *testing.T) {
		_, stderr, code := runCLI(t, "serve", "--store", "postgres", "--db", dsn)
		oneLineRefusal(t, stderr, code, dsn, "was not written by scsgraph load", "create it with: scsgraph load --store postgres")
		if n := pgTables(t, dsn); n != 0 {
			t.Errorf("serve created %d tables in an empty database", n)
		}
	})

	// A healthy load, twice (the second finds Cayley's tables there).
	for range 2 {
		out, stderr, code := runCLI(t, "load", "--store", "postgres", "--db", dsn)
		if code != 0 || strings.Contains(stderr, "Cannot create") || strings.Contains(stderr, "ERROR") {
			t.Fatalf("load: exit %d\n%s%s", code, out, stderr)
		}
	}

	// A SELECT-only role that may open 4 connections.
	role := fmt.Sprintf("scsgraph_ro_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	pgExec(t, dsn, "CREATE ROLE "+role+" LOGIN CONNECTION LIMIT 4", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO "+role)
	t.Cleanup(func() { pgExec(t, dsn, "DROP OWNED BY "+role, "DROP ROLE "+role) })
	ro := *u
	ro.User = url.User(role)
	s := startServer(t, "--store", "postgres", "--db", ro.String(), "--db-conns", "2")
	if n := s.nodeCount(t); n != seedNodes {
		t.Errorf("served %d nodes; the seed has %d", n, seedNodes)
	}
	if logs := s.logs.String(); strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "Cannot create") {
		t.Errorf("a healthy start logged an error:\n%s", logs)
	}
	_, before := s.readyVersion(t)

	// reload is SIGHUP, then the outcome on /readyz.
	reload := func(what, want string) {
		t.Helper()
		if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		body := s.waitReady(t, what, func(_ int, b string) bool { return strings.Contains(b, want) })
		if v, _ := s.readyVersion(t); v != 1 {
			t.Errorf("%s: version %d served; want 1 still", what, v)
		}
		if strings.Contains(body, dbName) || strings.Contains(body, "127.0.0.1") {
			t.Errorf("%s: /readyz shows the database:\n%s", what, body)
		}
		if n := s.nodeCount(t); n != seedNodes {
			t.Errorf("%s: %d nodes served; want the old %d", what, n, seedNodes)
		}
	}
	pgExec(t, dsn, "DELETE FROM quads WHERE ctid IN (SELECT ctid FROM quads LIMIT 10)")
	reload("a reload with fewer quads", fmt.Sprintf("the manifest written by load promises %d", seedQuads))
	pgExec(t, dsn, "DROP TABLE quads, nodes, scsgraph_manifest")
	reload("a reload of an empty database", "was not written by scsgraph load")
	if n := pgTables(t, dsn); n != 0 {
		t.Errorf("the reload created %d tables", n)
	}
	if _, body := s.readyVersion(t); !strings.Contains(body, strings.Split(before, "\n")[2]) {
		t.Errorf("/readyz no longer shows the graph served:\n%s", body)
	}
}
