package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// binary is the scsgraph binary under test: $SCSGRAPH_BIN, or one built by TestMain.
var binary string

func TestMain(m *testing.M) {
	binary = os.Getenv("SCSGRAPH_BIN")
	if binary == "" {
		dir, err := os.MkdirTemp("", "scsgraph-bin")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		binary = filepath.Join(dir, "scsgraph")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
			os.Exit(1)
		}
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// process is a running "scsgraph serve".
type process struct {
	URL  string
	cmd  *exec.Cmd
	logs *lockedBuffer
	done chan error
}

// lockedBuffer is a buffer that one goroutine writes and tests read.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listenRe = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServer runs "scsgraph serve" on a free port and waits until it listens.
func startServer(t *testing.T, args ...string) *process {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &process{cmd: cmd, logs: &lockedBuffer{}, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.logs.WriteString(line + "\n")
			if m := listenRe.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	})
	select {
	case a := <-addr:
		s.URL = "http://" + a
	case err := <-s.done:
		t.Fatalf("process exited before listening: %v\n%s", err, s.logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("process did not listen within 30s\n%s", s.logs)
	}
	return s
}

// post sends a GraphQL query and returns the decoded response.
func (s *process) post(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(s.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return out
}

// example is a query in README.md or docs/examples.md and the output
// printed under it.
type example struct {
	title, query, vars, want string
}

var fenceRe = regexp.MustCompile("(?s)```(graphql|json)\n(.*?)```")

// exampleFiles hold the documented examples, relative to the repository root;
// docs/update-readme-examples.py rewrites the same files.
var exampleFiles = []string{"README.md", "docs/examples.md"}

// readmeExamples finds each ```graphql block followed by a ```json block in
// the exampleFiles. Variables go in a "# variables: {...}" line of the query;
// its first "# " line is its title, prefixed with the file's name.
func readmeExamples(t *testing.T) []example {
	t.Helper()
	var out []example
	for _, name := range exampleFiles {
		raw, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		exs := fileExamples(name, raw)
		if queries := strings.Count(string(raw), "```graphql\n"); len(exs) == 0 || len(exs) != queries {
			t.Fatalf("%s: %d ```graphql blocks, %d of them followed by their ```json output; want all, and at least one", name, queries, len(exs))
		}
		out = append(out, exs...)
	}
	return out
}

// fileExamples returns the examples of one file.
func fileExamples(name string, raw []byte) []example {
	var out []example
	blocks := fenceRe.FindAllStringSubmatchIndex(string(raw), -1)
	for i := 0; i+1 < len(blocks); i++ {
		b, next := blocks[i], blocks[i+1]
		if string(raw[b[2]:b[3]]) != "graphql" || string(raw[next[2]:next[3]]) != "json" {
			continue
		}
		q := string(raw[b[4]:b[5]])
		ex := example{query: q, want: string(raw[next[4]:next[5]])}
		for _, line := range strings.Split(q, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "# variables:"); ok {
				ex.vars = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok && ex.title == "" {
				ex.title = name + ": " + v
			}
		}
		out = append(out, ex)
		i++
	}
	return out
}

// TestREADMEExamples runs every example query in README.md and
// docs/examples.md against the real binary over HTTP and compares the result
// with the output printed there. It
// is one conformance table for every backend: the memory store serves the
// embedded corpus, and bolt and PostgreSQL serve what "scsgraph load" wrote
// into them (PostgreSQL in a fresh database).
func TestREADMEExamples(t *testing.T) {
	examples := readmeExamples(t)
	if len(examples) < 5 {
		t.Fatalf("README.md and docs/examples.md have %d example queries with outputs; want at least 5", len(examples))
	}
	backends := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"memory", nil},
		{"bolt", func(t *testing.T) string { return filepath.Join(t.TempDir(), "scs.bolt") }},
		{"postgres", func(t *testing.T) string { return graphtest.FreshPostgres(t) }},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			var args []string
			if b.db != nil {
				db := b.db(t)
				args = []string{"--store", b.name, "--db", db}
				if out, errOut, code := runCLI(t, append([]string{"load"}, args...)...); code != 0 {
					t.Fatalf("load into %s: exit %d\n%s%s", b.name, code, out, errOut)
				}
			}
			s := startServer(t, args...)
			for _, ex := range examples {
				t.Run(ex.title, func(t *testing.T) { checkExample(t, s, ex) })
			}
		})
	}
}

// checkExample runs one README example against s and compares the result.
func checkExample(t *testing.T, s *process, ex example) {
	t.Helper()
	var vars map[string]any
	if ex.vars != "" {
		if err := json.Unmarshal([]byte(ex.vars), &vars); err != nil {
			t.Fatalf("variables %s: %v", ex.vars, err)
		}
	}
	got := s.post(t, ex.query, vars)
	var want any
	if err := json.Unmarshal([]byte(ex.want), &want); err != nil {
		t.Fatalf("README output is not JSON: %v", err)
	}
	assertJSON(t, got, want)
}

// assertJSON compares two decoded JSON values by their canonical encoding.
func assertJSON(t *testing.T, got, want any) {
	t.Helper()
	g, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("got:\n%s\nwant:\n%s", g, w)
	}
}

// runCLI runs the binary and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestValidateBroken runs "scsgraph validate" on each broken corpus in
// loaders/corpus/testdata/broken: exit 1 and the file:line error of want.txt.
func TestValidateBroken(t *testing.T) {
	dirs, err := filepath.Glob("../../loaders/corpus/testdata/broken/*/want.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 12 {
		t.Fatalf("found %d broken corpora; want at least 12", len(dirs))
	}
	for _, wantFile := range dirs {
		dir := filepath.Dir(wantFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			_, stderr, code := runCLI(t, "validate", "--data", dir)
			if code != 1 {
				t.Errorf("exit code %d, want 1; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, strings.TrimSpace(string(want))) {
				t.Errorf("stderr lacks %q:\n%s", strings.TrimSpace(string(want)), stderr)
			}
			for _, bad := range []string{"panic", "goroutine", ".go:"} {
				if strings.Contains(stderr, bad) {
					t.Errorf("stderr shows %q:\n%s", bad, stderr)
				}
			}
		})
	}
}

func TestCLI(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"validate the embedded corpus", []string{"validate"}, 0, "ok:"},
		{"query prints JSON", []string{"query", `{ stats { byKind { kind count } } }`}, 0, `"kind": "PUBLICATION"`},
		{"query with variables", []string{"query", `query($id: ID!) { node(id: $id) { label } }`, "--vars", `{"id":"actor/pboc"}`}, 0, `"label": "People's Bank of China"`},
		{"query error exits 1", []string{"query", `{ nope }`}, 1, `Cannot query field`},
		{"schema prints SDL", []string{"schema"}, 0, "type Query"},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"bad flag", []string{"serve", "--no-such-flag"}, 2, ""},
		{"export nquads", []string{"export", "--format", "nquads"}, 0, "<https://scsgraph.org/id/actor/pboc>"},
		{"export unknown format", []string{"export", "--format", "pdf"}, 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out, tc.contains) && !strings.Contains(errOut, tc.contains) {
				t.Fatalf("output lacks %q\nstdout: %s\nstderr: %s", tc.contains, out, errOut)
			}
		})
	}
}

// TestServeEndpoints checks the HTTP endpoints besides /graphql, CORS, and a
// graceful stop on SIGTERM.
func TestServeEndpoints(t *testing.T) {
	s := startServer(t, "--cors-origin", "http://127.0.0.1:9999")
	tests := []struct {
		name, method, path, origin string
		status                     int
		header, headerValue        string
	}{
		{"healthz", "GET", "/healthz", "", 200, "", ""},
		{"readyz", "GET", "/readyz", "", 200, "", ""},
		{"graphiql", "GET", "/graphiql", "", 200, "Content-Type", "text/html; charset=utf-8"},
		{"explorer", "GET", "/", "", 200, "Content-Type", "text/html; charset=utf-8"},
		{"cors allowed", "OPTIONS", "/graphql", "http://127.0.0.1:9999", 204, "Access-Control-Allow-Origin", "http://127.0.0.1:9999"},
		{"cors denied", "OPTIONS", "/graphql", "http://evil.example", 204, "Access-Control-Allow-Origin", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, s.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
				req.Header.Set("Access-Control-Request-Method", "POST")
				req.Header.Set("Access-Control-Request-Headers", "content-type")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if testing.Short() && resp.StatusCode == http.StatusServiceUnavailable && bytes.Contains(body, []byte("not built into this binary")) {
				t.Skip("the browser assets are not built (make web); make test builds them")
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.header != "" && resp.Header.Get(tc.header) != tc.headerValue {
				t.Errorf("%s = %q, want %q", tc.header, resp.Header.Get(tc.header), tc.headerValue)
			}
		})
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit within 20s of SIGTERM")
	}
	if !strings.Contains(s.logs.String(), "msg=stopped") {
		t.Errorf("no graceful stop in the log:\n%s", s.logs)
	}
}
