package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/graph/graphtest"
)

// graphSize is what a server answers to { stats { nodes quads } }.
type graphSize struct{ Nodes, Quads int }

// sizeWatch asks a server for its graph's size again and again, until
// stop is closed, and keeps every answer.
type sizeWatch struct {
	mu      sync.Mutex
	answers []graphSize
	errs    []string
	done    <-chan struct{}
}

// watchSize starts a sizeWatch on s.
func (s *process) watchSize(stop <-chan struct{}) *sizeWatch {
	w := &sizeWatch{}
	client := &http.Client{Timeout: 10 * time.Second}
	w.done = repeatUntil(stop, func() {
		size, err := querySize(client, s.URL)
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil {
			w.errs = append(w.errs, err.Error())
		} else {
			w.answers = append(w.answers, size)
		}
	})
	return w
}

// repeatUntil calls fn, with a pause of 20 ms after each call, until stop is
// closed; the channel it returns is closed when the last call is done.
func repeatUntil(stop <-chan struct{}, fn func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			fn()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return done
}

// count is how many answers w has so far.
func (w *sizeWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.answers)
}

// exportWatch downloads a server's N-Quads export again and again until
// stop is closed, and keeps what each download gave: the digest of its
// sorted lines (a 200), or its status and body.
type exportWatch struct {
	got  map[string]int
	done <-chan struct{}
}

// watchExport starts an exportWatch on s.
func (s *process) watchExport(stop <-chan struct{}) *exportWatch {
	w := &exportWatch{got: map[string]int{}}
	client := &http.Client{Timeout: 30 * time.Second}
	w.done = repeatUntil(stop, func() { w.got[exportDigest(client, s.URL)]++ })
	return w
}

// exportDigest downloads the N-Quads export of the server at url and
// returns "sha256:" and the digest of its lines, sorted (the order of the
// quads is the store's), or the status and body of a failure.
func exportDigest(client *http.Client, url string) string {
	resp, err := client.Get(url + "/export/nquads")
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err.Error()
	}
	if resp.StatusCode != 200 {
		return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	lines := strings.Split(string(body), "\n")
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return fmt.Sprintf("sha256:%x (%d lines)", h, len(lines))
}

// querySize asks the server at url for its graph's size.
func querySize(client *http.Client, url string) (graphSize, error) {
	resp, err := client.Post(url+"/graphql", appJSON, bytes.NewReader(gqlBody(`{ stats { nodes quads } }`, nil)))
	if err != nil {
		return graphSize{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return graphSize{}, err
	}
	var res struct {
		Data struct {
			Stats graphSize `json:"stats"`
		} `json:"data"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != 200 || len(res.Errors) > 0 {
		return graphSize{}, fmt.Errorf("status %d: %v %.200s", resp.StatusCode, err, body)
	}
	return res.Data.Stats, nil
}

// manifestOf is the store's manifest, the zero Manifest if it has none.
func manifestOf(t *testing.T, st graph.Config) graph.Manifest {
	t.Helper()
	m, err := graph.ReadManifest(context.Background(), st)
	var se *graph.StoreError
	if errors.As(err, &se) && se.Kind == graph.StoreMissing {
		return graph.Manifest{}
	} else if err != nil {
		t.Fatal(err)
	}
	return m
}

// servedSize is the size of the graph s serves, checked against the
// quads the store's manifest counts.
func (s *process) servedSize(t *testing.T, m graph.Manifest) graphSize {
	t.Helper()
	size, err := querySize(http.DefaultClient, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if int64(size.Quads) != m.Quads {
		t.Fatalf("the server serves %+v; the manifest counts %d quads", size, m.Quads)
	}
	return size
}

var (
	digestRe = regexp.MustCompile(`(?m)^digest: (\S+)$`)
	pollRe   = regexp.MustCompile(`(?m)^last poll: (\w+)`)
)

// served returns the digest a server serves and the result of its last
// poll, from /readyz.
func (s *process) served(t *testing.T) (digest, poll string) {
	t.Helper()
	_, body := s.readyVersion(t)
	if m := digestRe.FindStringSubmatch(body); m != nil {
		digest = m[1]
	}
	if m := pollRe.FindStringSubmatch(body); m != nil {
		poll = m[1]
	}
	return digest, poll
}

// polls is how many polls of a result a server has counted.
func (s *process) polls(t *testing.T, result string) int {
	t.Helper()
	_, metrics := s.getText(t, "/metrics")
	m := regexp.MustCompile(`(?m)^scsgraph_store_polls_total\{result="` + result + `"\} (\d+)$`).FindStringSubmatch(metrics)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor calls ok every 20 ms until it is true, for at most limit, and
// returns how long that took.
func waitFor(t *testing.T, what string, limit time.Duration, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// TestReplicasFollowLoads runs two "serve --store postgres" on one fresh
// database, polling its manifest every 200 ms. Loads of other corpora (by
// Cayley's writer, then by the bulk writer) are served by both, by
// themselves, within 15 seconds of their end; while they run, every answer
// of either is the old graph or the new one, never a part of the load. A load killed with SIGKILL in the middle of its
// COPY is never served: both keep answering with the graph they had, and
// say on /readyz that the store has no manifest.
func TestReplicasFollowLoads(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("three loads into PostgreSQL and two servers")
	}
	dsn := graphtest.FreshPostgres(t)
	db := graphtest.DB(t, dsn)
	st := graph.Config{Backend: "postgres", DB: dsn}
	start := time.Now()
	killed := genCorpus(t, 1000)
	if out, errOut, code := runCLI(t, "load", "--store", "postgres", "--db", dsn); code != 0 {
		t.Fatalf("load the seed: exit %d\n%s%s", code, out, errOut)
	}
	m := manifestOf(t, st)
	replicas := []*process{
		startServer(t, "--store", "postgres", "--db", dsn, "--poll", "200ms"),
		startServer(t, "--store", "postgres", "--db", dsn, "--poll", "200ms"),
	}
	oldDigest, old := m.Digest, replicas[0].servedSize(t, m)
	for i, r := range replicas {
		if d, _ := r.served(t); d != oldDigest {
			t.Fatalf("replica %d serves digest %q; the manifest says %q", i, d, oldDigest)
		}
	}

	// Loads of other corpora, by each writer, while both replicas are
	// asked for their size all the time. Cayley's writer commits every
	// 5000 quads; the bulk writer once.
	newDigest, fresh := oldDigest, old
	for _, load := range []struct{ writer, data string }{{"cayley", genCorpus(t, 20)}, {"bulk", genCorpus(t, 60)}} {
		newDigest, fresh = followLoad(t, replicas, st, newDigest, fresh, "load", "--store", "postgres", "--db", dsn, "--writer", load.writer, "--data", load.data)
	}

	t.Logf("%s: both loads followed", time.Since(start).Round(time.Millisecond))
	// A load killed in its COPY.
	stop := make(chan struct{})
	var watches []*sizeWatch
	for _, r := range replicas {
		watches = append(watches, r.watchSize(stop))
	}
	pid := killInStatement(t, db, dsn, `COPY "scsgraph_bulk_quads"`, "load", "--store", "postgres", "--db", dsn, "--data", killed)
	waitFor(t, "the killed load's session ends", 30*time.Second, func() bool {
		var gone bool
		if err := db.QueryRow("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", pid).Scan(&gone); err != nil {
			t.Fatal(err)
		}
		return gone
	})
	if d := manifestOf(t, st).Digest; d != "" {
		t.Fatalf("after the killed load the store has a manifest %s", d)
	}
	for i, r := range replicas {
		// Five more polls that find no manifest, after the load is gone.
		base := r.polls(t, "no_manifest")
		waitFor(t, fmt.Sprintf("replica %d polls the store after the kill", i), 10*time.Second, func() bool {
			return r.polls(t, "no_manifest") >= base+5
		})
		d, poll := r.served(t)
		if d != newDigest || poll != "no_manifest" {
			t.Errorf("replica %d after the killed load: digest %s, last poll %q; want %s and no_manifest", i, d, poll, newDigest)
		}
		if n := r.polls(t, "reloaded"); n != 2 {
			t.Errorf("replica %d reloaded %d times; want twice, once for each load", i, n)
		}
	}
	close(stop)
	for i, w := range watches {
		<-w.done
		if len(w.errs) > 0 {
			t.Errorf("replica %d: %d queries failed, first: %s", i, len(w.errs), w.errs[0])
		}
		for _, a := range w.answers {
			if a != fresh {
				t.Errorf("replica %d answered %+v around the killed load; want the graph it served, %+v", i, a, fresh)
				break
			}
		}
		if len(w.answers) == 0 {
			t.Errorf("replica %d answered nothing around the killed load", i)
		}
		if !strings.Contains(replicas[i].logs.String(), "poll: the store has no manifest") {
			t.Errorf("replica %d does not log the missing manifest:\n%s", i, replicas[i].logs)
		}
	}
}

// followLoad runs a load (args) into the store of replicas that serve the
// graph old of digest oldDigest, and asking both for their size all the
// while; it checks that each replica serves the new graph within 15
// seconds of the load's end, and answered with the old or the new graph
// and nothing else. It returns the new digest and graph.
func followLoad(t *testing.T, replicas []*process, st graph.Config, oldDigest string, old graphSize, args ...string) (string, graphSize) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	oldExport := exportDigest(client, replicas[0].URL)
	stop := make(chan struct{})
	var watches []*sizeWatch
	for _, r := range replicas {
		watches = append(watches, r.watchSize(stop))
	}
	exports := replicas[0].watchExport(stop)
	load := execCommand(args...)
	var out bytes.Buffer
	load.Stdout, load.Stderr = &out, &out
	if err := load.Run(); err != nil {
		t.Fatalf("load: %v\n%s", err, out.String())
	}
	loaded := time.Now()

	var during []int
	for _, w := range watches {
		during = append(during, w.count())
	}
	m := manifestOf(t, st)
	newDigest := m.Digest
	if newDigest == oldDigest || newDigest == "" {
		t.Fatalf("the load left the digest %q (before: %q)", newDigest, oldDigest)
	}
	var pickup []time.Duration
	for i, r := range replicas {
		waitFor(t, fmt.Sprintf("replica %d serves the new load", i), 15*time.Second, func() bool {
			d, _ := r.served(t)
			return d == newDigest
		})
		pickup = append(pickup, time.Since(loaded).Round(time.Millisecond))
	}
	close(stop)
	fresh := replicas[0].servedSize(t, m)
	if fresh == old {
		t.Fatalf("the load changed nothing: %+v", fresh)
	}
	t.Logf("%s: %d quads served by the replicas %v after the load ended", strings.Join(args, " "), fresh.Quads, pickup)
	// The exports read the store itself: each is the old graph's or the
	// new one's, or refused while the store holds another.
	<-exports.done
	newExport := exportDigest(client, replicas[0].URL)
	if !strings.HasPrefix(oldExport, "sha256:") || !strings.HasPrefix(newExport, "sha256:") || oldExport == newExport {
		t.Fatalf("the export before the load: %.300s; after: %.300s", oldExport, newExport)
	}
	for got, n := range exports.got {
		switch {
		case got == oldExport || got == newExport:
		case strings.HasPrefix(got, "503 export: a scsgraph load is writing the store"):
		default:
			t.Errorf("replica 0 exported %d times %.300s; want the old export %s or the new %s", n, got, oldExport, newExport)
		}
	}
	t.Logf("replica 0's exports meanwhile: %v", exports.got)
	for i, w := range watches {
		<-w.done
		if len(w.errs) > 0 {
			t.Errorf("replica %d: %d queries failed, first: %s", i, len(w.errs), w.errs[0])
		}
		if during[i] < 5 {
			t.Errorf("replica %d answered %d queries while the load ran; want some", i, during[i])
		}
		seen := map[graphSize]int{}
		for _, a := range w.answers {
			seen[a]++
		}
		for size, n := range seen {
			if size != old && size != fresh {
				t.Errorf("replica %d answered %+v %d times: neither the old graph %+v nor the new %+v", i, size, n, old, fresh)
			}
		}
		if now, err := querySize(client, replicas[i].URL); err != nil || now != fresh {
			t.Errorf("replica %d serves %+v (%v); the store holds %+v", i, now, err, fresh)
		}
		t.Logf("replica %d: %d answers while the load ran; %d of the old graph, %d of the new", i, during[i], seen[old], seen[fresh])
	}
	return newDigest, fresh
}

// TestBoltReplicasFollowLoads runs two "serve --store bolt" on one file,
// polling its manifest every 200 ms: a load, which writes a new file and
// renames it over the old one, is served by both by themselves, and every
// answer meanwhile is the old graph or the new one.
func TestBoltReplicasFollowLoads(t *testing.T) {
	t.Parallel()
	st := graph.Config{Backend: "bolt", DB: loadSeedBolt(t, t.TempDir(), "shared.bolt")}
	m := manifestOf(t, st)
	replicas := []*process{
		startServer(t, "--store", "bolt", "--db", st.DB, "--poll", "200ms"),
		startServer(t, "--store", "bolt", "--db", st.DB, "--poll", "200ms"),
	}
	followLoad(t, replicas, st, m.Digest, replicas[0].servedSize(t, m), "load", "--store", "bolt", "--db", st.DB, "--data", genCorpus(t, 100))
}

// killInStatement runs scsgraph with args and kills it with SIGKILL while
// its session of the database runs a statement that starts with prefix.
// It returns the session's process id.
func killInStatement(t *testing.T, db *sql.DB, dsn, prefix string, args ...string) int {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	cmd := execCommand(args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var pid int
	for deadline := time.Now().Add(2 * time.Minute); pid == 0; time.Sleep(5 * time.Millisecond) {
		err := db.QueryRow("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE $2 || '%'", name, prefix).Scan(&pid)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		select {
		case <-exited:
			t.Fatalf("the command ended before it ran %q:\n%s", prefix, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command never ran %q", prefix)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Fatal("the command finished before it was killed")
	}
	return pid
}
