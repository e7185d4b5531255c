package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// genCorpus writes a synthetic corpus of n works with "scsgraph gen".
func genCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), fmt.Sprintf("works%d", n))
	if out, errOut, code := runCLI(t, "gen", "--works", strconv.Itoa(n), "--out", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errOut)
	}
	return dir
}

// bigLimits lifts the request limits so that one request can walk the
// whole of a large corpus; only --timeout then stops it.
func bigLimits() []string {
	return []string{"--max-neighborhood-depth", "50", "--max-subgraph-nodes", "1000000", "--max-cost", "1000000000",
		"--max-path-length", "50", "--path-budget", "100000000"}
}

// execCommand is the binary under test with args, not started.
func execCommand(args ...string) *exec.Cmd { return exec.Command(binary, args...) }

// gqlResult is a decoded GraphQL response.
type gqlResult struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// code returns the first error's code, or "".
func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// query posts a query with a client timeout and returns the status and
// decoded body.
func (s *process) query(t *testing.T, timeout time.Duration, q string) (int, gqlResult, error) {
	t.Helper()
	client := &http.Client{Timeout: timeout}
	resp, err := client.Post(s.URL+"/graphql", appJSON, bytes.NewReader(gqlBody(q, nil)))
	if err != nil {
		return 0, gqlResult{}, err
	}
	defer resp.Body.Close()
	var res gqlResult
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, res, err
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return resp.StatusCode, res, fmt.Errorf("decode %.200s: %w", body, err)
	}
	return resp.StatusCode, res, nil
}

// getText fetches a plain endpoint.
func (s *process) getText(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// cpuTime returns the CPU time a process has used so far, from /proc.
func cpuTime(t *testing.T, pid int) time.Duration {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// The command name may hold spaces: the fields start after its ")".
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+2:]))
	utime, err1 := strconv.Atoi(fields[11])
	stime, err2 := strconv.Atoi(fields[12])
	if err1 != nil || err2 != nil {
		t.Fatalf("/proc/%d/stat: %v %v", pid, err1, err2)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// TestTimeoutStopsTraversals asks a server with a tiny --timeout (5ms) for walks
// over a large corpus: each answers TIMEOUT at about the deadline, the
// walk stops using CPU, and the next query is answered at once.
func TestTimeoutStopsTraversals(t *testing.T) {
	dir := genCorpus(t, 2000)
	s := startServer(t, append([]string{"--data", dir, "--timeout", "5ms"}, bigLimits()...)...)
	s.waitIdle(t) // the collector works on the load's garbage for a while
	for _, q := range []string{
		`{ neighborhood(id: "concept/c0", depth: 50, limit: 1000000) { truncated nodes { id } } }`,
		`{ neighborhood(id: "person/p0", depth: 40, limit: 1000000) { edges { source target } } }`,
		`{ conceptGraph(minWeight: 1) { edges { source target weight } } }`,
	} {
		t.Run(q, func(t *testing.T) {
			start := time.Now()
			status, res, err := s.query(t, 10*time.Second, q)
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if status != 200 || res.code() != "TIMEOUT" {
				t.Fatalf("status %d, code %q, want 200 and TIMEOUT: %+v", status, res.code(), res.Errors)
			}
			if took > 2*time.Second {
				t.Errorf("answered after %s; the deadline is 5ms", took)
			}
			// The walk must stop with the request: the process then idles.
			before := cpuTime(t, s.cmd.Process.Pid)
			time.Sleep(time.Second)
			if used := cpuTime(t, s.cmd.Process.Pid) - before; used > 300*time.Millisecond {
				t.Errorf("the server used %s of CPU in the second after the timeout; the walk did not stop", used)
			}
			start = time.Now()
			s.healthy(t)
			if took := time.Since(start); took > 500*time.Millisecond {
				t.Errorf("the next query took %s", took)
			}
		})
	}
}

// waitIdle waits, for at most 10 seconds, until the server uses less than
// a tenth of a CPU.
func (s *process) waitIdle(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		before := cpuTime(t, s.cmd.Process.Pid)
		time.Sleep(300 * time.Millisecond)
		if cpuTime(t, s.cmd.Process.Pid)-before < 30*time.Millisecond {
			return
		}
	}
	t.Log("the server never went idle")
}

var versionRe = regexp.MustCompile(`(?m)^version: (\d+) `)

// readyVersion returns the graph version /readyz reports, and its text.
func (s *process) readyVersion(t *testing.T) (int, string) {
	t.Helper()
	status, body := s.getText(t, "/readyz")
	if status != 200 {
		t.Fatalf("/readyz: status %d: %s", status, body)
	}
	m := versionRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("/readyz shows no version:\n%s", body)
	}
	v, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return v, body
}

// waitReady waits until /readyz satisfies ok, for at most 15 seconds.
func (s *process) waitReady(t *testing.T, what string, ok func(version int, body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, body := s.readyVersion(t)
		if ok(v, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: /readyz says:\n%s\nlog:\n%s", what, body, s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// copyDir copies the regular files of src into dst, replacing dst's.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.RemoveAll(dst); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// nodeCount asks the server for stats.nodes.
func (s *process) nodeCount(t *testing.T) int {
	t.Helper()
	status, res, err := s.query(t, 5*time.Second, `{ stats { nodes } }`)
	if err != nil || status != 200 || len(res.Errors) > 0 {
		t.Fatalf("stats: status %d, %v, %+v", status, err, res.Errors)
	}
	return int(res.Data["stats"].(map[string]any)["nodes"].(float64))
}

// hammer sends queries until stop is closed and reports every failure.
func (s *process) hammer(stop <-chan struct{}) <-chan []string {
	out := make(chan []string, 1)
	go func() {
		var bad []string
		client := &http.Client{Timeout: 10 * time.Second}
		for n := 0; ; n++ {
			select {
			case <-stop:
				out <- bad
				return
			default:
			}
			q := `{ stats { nodes } concepts(first: 5) { edges { node { id label } } } }`
			if n%2 == 1 {
				q = `{ neighborhood(id: "concept/c1", depth: 2) { nodes { id } } }`
			}
			resp, err := client.Post(s.URL+"/graphql", appJSON, bytes.NewReader(gqlBody(q, nil)))
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || bytes.Contains(body, []byte(`"errors"`)) {
				bad = append(bad, fmt.Sprintf("status %d: %v %.200s", resp.StatusCode, err, body))
			}
		}
	}()
	return out
}

// TestReload changes the data under a running server: --watch picks up
// valid changes, SIGHUP reloads, invalid data keeps the old graph served
// with the error on /readyz, and queries in flight never fail.
func TestReload(t *testing.T) {
	small, large := genCorpus(t, 10), genCorpus(t, 20)
	dir := filepath.Join(t.TempDir(), "data")
	copyDir(t, small, dir)
	s := startServer(t, "--data", dir, "--watch", "--watch-interval", "100ms")
	v1, body := s.readyVersion(t)
	if v1 != 1 || !strings.Contains(body, "sha256:") {
		t.Fatalf("/readyz at start:\n%s", body)
	}
	smallNodes := s.nodeCount(t)
	stop := make(chan struct{})
	failures := s.hammer(stop)

	// A valid change, seen by --watch.
	copyDir(t, large, dir)
	s.waitReady(t, "the watched reload", func(v int, _ string) bool { return v == 2 })
	largeNodes := s.nodeCount(t)
	if largeNodes <= smallNodes {
		t.Errorf("after the reload: %d nodes; before: %d", largeNodes, smallNodes)
	}

	// Invalid data: the old graph stays, /readyz says why, still 200.
	if err := os.WriteFile(filepath.Join(dir, "concepts.yaml"), []byte("- id: concept/x\n  label: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	body = s.waitReady(t, "the failed reload", func(_ int, b string) bool { return strings.Contains(b, "last reload error:") })
	if v, _ := s.readyVersion(t); v != 2 {
		t.Errorf("version %d after a failed reload; want 2 still", v)
	}
	if !strings.Contains(body, "concepts.yaml") {
		t.Errorf("/readyz does not name the broken file:\n%s", body)
	}
	if n := s.nodeCount(t); n != largeNodes {
		t.Errorf("%d nodes after a failed reload; want the old %d", n, largeNodes)
	}
	if !strings.Contains(s.logs.String(), "reload failed; still serving the previous graph") {
		t.Errorf("the failed reload is not logged:\n%s", s.logs)
	}

	// SIGHUP reloads the repaired data.
	copyDir(t, small, dir)
	s.waitReady(t, "the repaired reload", func(v int, b string) bool { return v == 3 && strings.Contains(b, "last reload: ok") })
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.waitReady(t, "the SIGHUP reload", func(v int, _ string) bool { return v == 4 })
	if n := s.nodeCount(t); n != smallNodes {
		t.Errorf("%d nodes after the SIGHUP reload; want %d", n, smallNodes)
	}
	if !strings.Contains(s.logs.String(), "trigger=SIGHUP") {
		t.Errorf("the SIGHUP reload is not logged:\n%s", s.logs)
	}
	close(stop)
	if bad := <-failures; len(bad) > 0 {
		t.Errorf("%d queries failed during the reloads, first: %s", len(bad), bad[0])
	}
	_, metrics := s.getText(t, "/metrics")
	for _, want := range []string{`scsgraph_reloads_total{result="ok"} 3`, "scsgraph_graph_version 4"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	// At least the broken file's failure. copyDir writes the repaired corpus
	// file by file, and --watch may read the directory half copied (small
	// and large files mixed, whose references do not resolve): that read
	// is a failed reload too, and the old graph keeps serving.
	const errorsLine = `scsgraph_reloads_total{result="error"} `
	failed := -1
	if i := strings.Index(metrics, errorsLine); i >= 0 {
		fmt.Sscanf(metrics[i+len(errorsLine):], "%d", &failed)
	}
	if failed < 1 {
		t.Errorf("/metrics counts %d failed reloads (-1: none); want at least 1:\n%s", failed, metrics)
	}
}

// TestSIGTERMFinishesInFlight stops a server while slow queries run: each
// completes with its data, and the server then exits cleanly.
func TestSIGTERMFinishesInFlight(t *testing.T) {
	dir := genCorpus(t, 2000)
	s := startServer(t, append([]string{"--data", dir, "--timeout", "60s"}, bigLimits()...)...)
	const n = 3
	type outcome struct {
		status int
		res    gqlResult
		err    error
	}
	results := make(chan outcome, n)
	for i := 0; i < n; i++ {
		go func() {
			status, res, err := s.query(t, 60*time.Second, fmt.Sprintf(`{ neighborhood(id: "concept/c%d", depth: 50, limit: 1000000) { truncated nodes { id } } }`, i))
			results <- outcome{status, res, err}
		}()
	}
	time.Sleep(300 * time.Millisecond) // the queries are running: each takes about a second alone
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		o := <-results
		if o.err != nil || o.status != 200 || len(o.res.Errors) > 0 || o.res.Data["neighborhood"] == nil {
			t.Errorf("query in flight at SIGTERM: status %d, err %v, errors %+v", o.status, o.err, o.res.Errors)
		}
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit within 30s of SIGTERM")
	}
	logs := s.logs.String()
	if !strings.Contains(logs, "shutting down") || !strings.Contains(logs, "msg=stopped") {
		t.Errorf("no graceful stop in the log:\n%s", logs)
	}
}

// storeQuads asks "scsgraph query" for the quads in a bolt store.
func storeQuads(t *testing.T, db string) int {
	t.Helper()
	out, errOut, code := runCLI(t, "query", "--store", "bolt", "--db", db, `{ stats { quads nodes } }`)
	if code != 0 {
		t.Fatalf("query the bolt store %s: exit %d\n%s%s", db, code, out, errOut)
	}
	var res struct {
		Data struct{ Stats struct{ Quads, Nodes int } }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("query output: %v\n%s", err, out)
	}
	return res.Data.Stats.Quads
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// TestKillDuringBoltLoad kills "scsgraph load" with SIGKILL halfway through
// writing a large corpus into a bolt store that holds a small one: the
// store still serves the small one (a load writes a new file and renames
// it only when it is complete), and loading again completes it to exactly
// what clean loads write.
func TestKillDuringBoltLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a large corpus three times")
	}
	small, dir := genCorpus(t, 10), genCorpus(t, 2000)
	tmp := t.TempDir()
	clean, killed := filepath.Join(tmp, "clean.bolt"), filepath.Join(tmp, "killed.bolt")
	for _, db := range []string{clean, killed} {
		if out, errOut, code := runCLI(t, "load", "--store", "bolt", "--db", db, "--data", small); code != 0 {
			t.Fatalf("load the small corpus: exit %d\n%s%s", code, out, errOut)
		}
	}
	before := storeQuads(t, killed)

	var wg sync.WaitGroup
	wg.Add(1)
	var cleanOut, cleanErr string
	var cleanCode int
	go func() { // the reference load runs alongside
		defer wg.Done()
		cleanOut, cleanErr, cleanCode = runCLI(t, "load", "--store", "bolt", "--db", clean, "--data", dir)
	}()

	cmd := execCommand("load", "--store", "bolt", "--db", killed, "--data", dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	loading := killed + ".loading"
	deadline := time.Now().Add(60 * time.Second)
	for dirSize(loading) < 32<<20 { // well into the writes, which run to about 90 MB
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("the load never wrote 32 MB (%d bytes)", dirSize(loading))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the load finished before it was killed; kill it earlier")
	}
	killedAt := dirSize(loading)
	wg.Wait()
	if cleanCode != 0 {
		t.Fatalf("clean load: exit %d\n%s%s", cleanCode, cleanOut, cleanErr)
	}
	want := storeQuads(t, clean)

	if got := storeQuads(t, killed); got != before { // the killed load changed nothing that is served
		t.Errorf("after the killed load, the store holds %d quads; before it, %d", got, before)
	}
	if out, errOut, code := runCLI(t, "load", "--store", "bolt", "--db", killed, "--data", dir); code != 0 {
		t.Fatalf("resumed load: exit %d\n%s%s", code, out, errOut)
	}
	if got := storeQuads(t, killed); got != want {
		t.Errorf("after the resumed load: %d quads; clean loads write %d", got, want)
	}
	if _, err := os.Stat(loading); !os.IsNotExist(err) {
		t.Errorf("the resumed load left %s: %v", loading, err)
	}
	t.Logf("killed at %d MB of the new file; the store kept its %d quads; the resumed load wrote %d", killedAt>>20, before, want)
}

// TestMetricsReadyzAndLogs checks /metrics (requests and latency by
// operation, rejections by code and limit, graph size), /readyz, and that
// every request's log line carries its request id.
func TestMetricsReadyzAndLogs(t *testing.T) {
	s := startServer(t, "--max-depth", "3")
	if status, res, err := s.query(t, 5*time.Second, `query Q { stats { nodes } }`); err != nil || status != 200 || len(res.Errors) > 0 {
		t.Fatalf("query Q: %d %v %+v", status, err, res.Errors)
	}
	if _, res, err := s.query(t, 5*time.Second, nested("broader", 4)); err != nil || res.code() != "DEPTH_LIMIT" {
		t.Fatalf("deep query: %v %+v", err, res.Errors)
	}
	req, err := http.NewRequest("GET", s.URL+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Request-Id", "probe-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "probe-123" {
		t.Errorf("X-Request-Id %q, want probe-123", got)
	}
	_, metrics := s.getText(t, "/metrics")
	for _, want := range []string{
		`scsgraph_graphql_requests_total{operation="Q",status="200"} 1`,
		`scsgraph_graphql_request_duration_seconds_count{operation="Q"} 1`,
		`scsgraph_graphql_rejections_total{code="DEPTH_LIMIT",limit="maxDepth"} 1`,
		`scsgraph_graphql_errors_total{code="DEPTH_LIMIT"} 1`,
		`scsgraph_http_requests_total{route="GET /healthz",status="200"} 1`,
		"scsgraph_graph_nodes 1", "scsgraph_graph_quads ", "scsgraph_graph_version 1", `scsgraph_graph_digest_info{digest="sha256:`,
		"process_resident_memory_bytes ", "go_goroutines ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	_, ready := s.getText(t, "/readyz")
	if !regexp.MustCompile(`(?s)^ready\nversion: 1 sha256:[0-9a-f]{16} loaded \S+\ngraph: \d+ nodes, \d+ edges, \d+ quads \(memory store\)\ndigest: sha256:[0-9a-f]{64}\n$`).MatchString(ready) {
		t.Errorf("/readyz:\n%s", ready)
	}
	logs := s.logs.String()
	for _, re := range []string{`msg=http request_id=probe-123 method=GET path=/healthz status=200`, `msg=graphql request_id=[0-9a-f]{16} .*operation=Q`,
		`msg=graphql request_id=[0-9a-f]{16} .*codes=DEPTH_LIMIT`} {
		if !regexp.MustCompile(re).MatchString(logs) {
			t.Errorf("the log lacks %s:\n%s", re, logs)
		}
	}
}
