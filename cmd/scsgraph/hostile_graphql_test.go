package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// This file holds the GraphQL rows of the hostile-input table (issue 16):
// documents and requests built to make parsing, validation or execution
// do unbounded work. Each row runs against the real binary on 127.0.0.1,
// at a reduced scale for floods, and checks the limit named in the
// answer, a generous time bound (the work was refused before it was done,
// not a speed goal), RSS growth under 20% for floods, and that the next
// normal query is answered.

// bombRequest is one request of a row.
type bombRequest struct {
	get    bool   // GET /graphql?query=..., as a cross-site page can send it
	body   []byte // the POST body as is, when set
	query  string // the GraphQL document
	vars   any    // variables, for POST
	opName string
	origin string // an Origin header, when set
}

// graphqlBomb is one row of TestHostileGraphQL.
type graphqlBomb struct {
	name       string
	server     string                  // which server: a key of hostileServers
	req        func(i int) bombRequest // request i of the row
	requests   int                     // how many; 1 when 0
	concurrent int                     // sent this many at a time; 1 when 0
	wantStatus int                     // 0: any
	wantCode   string                  // extensions.code of the first error
	wantLimit  string                  // extensions.limit of the first error
	within     time.Duration
	rss        bool // a flood: RSS may grow by less than 20%
}

// hostileServers are the flags of the servers the rows run against;
// "works1000" also loads a generated corpus of 1,000 works.
var hostileServers = map[string][]string{
	"seed":      nil,
	"works1000": nil,
	// A server whose deadline every heavy query passes: the floods of
	// timed-out requests run there.
	"tiny-timeout": append([]string{"--timeout", "5ms"}, bigLimits()...),
}

// nestedLists returns n opening brackets, v, and n closing ones.
func nestedLists(n int, v string) string {
	return strings.Repeat("[ ", n) + v + strings.Repeat(" ]", n)
}

// nestedObjects returns an input object nested n deep: {x: {x: ... v}}.
func nestedObjects(n int, v string) string {
	return strings.Repeat("{x: ", n) + v + strings.Repeat(" }", n)
}

// nestedJSON returns a JSON object nested n deep.
func nestedJSON(n int) any {
	var v any = "leaf"
	for range n {
		v = map[string]any{"x": v}
	}
	return v
}

// ids returns n short ids (most name no node).
func ids(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "x/" + strconv.Itoa(i)
	}
	return out
}

// introspectionQuery is GraphiQL's introspection query.
func introspectionQuery(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../schema/testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// padded returns q after a 63 KB comment that makes each document of a
// flood different: the parser reads it, and the document still fits the
// token budget.
func padded(i int, q string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# document %d\n", i)
	line := "# " + strings.Repeat("x", 1000) + "\n"
	for b.Len()+len(line) < 63<<10 {
		b.WriteString(line)
	}
	return b.String() + q
}

func hostileBombs(t *testing.T) []graphqlBomb {
	one := func(q string) func(int) bombRequest { return func(int) bombRequest { return bombRequest{query: q} } }
	sameName := func(n int, differ bool) string {
		return "{ " + repeat(n, func(i int) string {
			if differ {
				return fmt.Sprintf(`search(text: "w%d") { score }`, i)
			}
			return `search(text: "w") { score }`
		}) + " }"
	}
	aliased := func(n int, f string) string {
		return "{ " + repeat(n, func(i int) string { return fmt.Sprintf("a%d: %s", i, f) }) + " }"
	}
	intro := introspectionQuery(t)
	// Three GraphiQL introspection walks in one 6 KB document.
	tripleIntro := strings.Replace(intro, "query IntrospectionQuery {\n  __schema {",
		"query IntrospectionQuery {\n  b: __schema { types { ...FullType } }\n  c: __schema { types { ...FullType } }\n  __schema {", 1)
	tripleIntro += strings.Repeat("# "+strings.Repeat("i", 100)+"\n", 40)
	invalidLiteral := func(depth int) func(int) bombRequest {
		return func(int) bombRequest {
			return bombRequest{get: true, origin: "http://evil.example", query: `{ node(id: ` + nestedLists(depth, "1") + `) { id } }`}
		}
	}
	idFlood := gqlBody(`query($ids: [ID!]!) { nodes(ids: $ids) { id label } }`, map[string]any{"ids": ids(80000)})
	deepAnswer := `... on Concept { publications { concepts { publications { concepts { id label } } } } }`
	return []graphqlBomb{
		{name: "240 same-name fields with different arguments (7 KB)", server: "seed", req: one(sameName(240, true)),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "100 same-name fields under the token budget", server: "seed", req: one(sameName(100, false)),
			wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantLimit: "maxSameNameFields", within: 2 * time.Second},
		{name: "input object nested 6,000 deep with an unknown field (42 KB)", server: "seed",
			req:        one(`{ publications(filter: ` + nestedObjects(6000, "1") + `) { totalCount } }`),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "input object nested 6,000 deep in a variable", server: "seed",
			req: func(int) bombRequest {
				return bombRequest{query: `query($f: PublicationFilter) { publications(filter: $f) { totalCount } }`, vars: map[string]any{"f": nestedJSON(6000)}}
			},
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxInputDepth", within: 2 * time.Second},
		{name: "5,000 unknown directives on one field (45 KB)", server: "seed",
			req:        one("{ stats " + repeat(5000, func(i int) string { return fmt.Sprintf("@d%d", i) }) + " { nodes } }"),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "20 unknown directives on one field", server: "seed",
			req:        one("{ stats " + repeat(20, func(i int) string { return fmt.Sprintf("@d%d", i) }) + " { nodes } }"),
			wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantLimit: "maxDirectives", within: 2 * time.Second},
		{name: "lists nested 300 deep in an argument", server: "seed",
			req:        one(`{ publications(filter: {concepts: ` + nestedLists(300, `"concept/scs"`) + `}) { totalCount } }`),
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxInputDepth", within: 2 * time.Second},
		{name: "lists nested 300 deep in a variable", server: "seed",
			req: func(int) bombRequest {
				var v any = "concept/scs"
				for range 300 {
					v = []any{v}
				}
				return bombRequest{query: `query($c: [ID!]) { publications(filter: {concepts: $c}) { totalCount } }`, vars: map[string]any{"c": v}}
			},
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxInputDepth", within: 2 * time.Second},
		{name: "nodes(ids) with 80,000 ids, 8 at a time", server: "seed", requests: 24, concurrent: 8, rss: true,
			req: func(int) bombRequest {
				return bombRequest{body: idFlood}
			},
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxListLength", within: 20 * time.Second},
		{name: "nodes(ids) timing out, 8 at a time", server: "tiny-timeout", requests: 24, concurrent: 8, rss: true,
			req: func(int) bombRequest {
				list := make([]any, 1000)
				for i := range list {
					list[i] = "concept/blacklist"
				}
				return bombRequest{query: `query($ids: [ID!]!) { nodes(ids: $ids) { id ` + deepAnswer + ` } }`, vars: map[string]any{"ids": list}}
			},
			wantCode: "TIMEOUT", wantLimit: "timeout", within: 20 * time.Second}, // 200, or 400 when validation runs out of time
		{name: "240 aliased __schema walks (6 KB)", server: "seed", req: one(aliased(240, "__schema { queryType { name } }")),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "16 aliased __schema walks", server: "seed", req: one(aliased(16, "__schema { types { name } }")),
			wantStatus: 400, wantCode: "ALIAS_LIMIT", wantLimit: "maxAliases", within: 2 * time.Second},
		{name: "invalid literal nested 250 deep, cross-site GET", server: "seed", req: invalidLiteral(250),
			wantStatus: 400, wantCode: "BAD_USER_INPUT", wantLimit: "maxInputDepth", within: 2 * time.Second},
		{name: "invalid literal nested 500 deep, cross-site GET", server: "seed", req: invalidLiteral(500),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "invalid literal nested 1,000 deep, cross-site GET", server: "seed", req: invalidLiteral(1000),
			wantStatus: 400, wantCode: "QUERY_TOO_LARGE", wantLimit: "maxTokens", within: 2 * time.Second},
		{name: "16 concurrent 6 KB introspection queries", server: "seed", requests: 16, concurrent: 16, rss: true,
			req:        one(tripleIntro),
			wantStatus: 400, wantCode: "COST_LIMIT", wantLimit: "maxCost", within: 10 * time.Second},
		{name: "16 concurrent GraphiQL introspections, answered", server: "seed", requests: 16, concurrent: 16, rss: true,
			req: one(intro), wantStatus: 200, within: 10 * time.Second},
		{name: "15 aliased conceptGraph on 1,000 works", server: "works1000",
			req:        one(aliased(15, "conceptGraph { nodes { id label } edges { source target weight evidence { quote } } }")),
			wantStatus: 400, wantCode: "COST_LIMIT", wantLimit: "maxCost", within: 10 * time.Second},
		{name: "1,100 different 64 KB documents rejected by a limit", server: "seed", requests: 1100, concurrent: 8, rss: true,
			req:        func(i int) bombRequest { return bombRequest{query: padded(i, nested("broader", 12))} },
			wantStatus: 400, wantCode: "DEPTH_LIMIT", wantLimit: "maxDepth", within: 60 * time.Second},
	}
}

// TestHostileGraphQL sends each row of the table to its server and checks
// the answers, the time they took, RSS for floods, and the next query.
func TestHostileGraphQL(t *testing.T) {
	t.Parallel()
	bombs := hostileBombs(t)
	byServer := map[string][]graphqlBomb{}
	for _, b := range bombs {
		if testing.Short() && (b.rss || b.server != "seed") {
			continue // floods and the generated corpus run in make test, not in make check
		}
		byServer[b.server] = append(byServer[b.server], b)
	}
	for name, rows := range byServer {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := hostileServers[name]
			if name == "works1000" {
				args = append([]string{"--data", genCorpus(t, 1000)}, args...)
			}
			s := startServer(t, args...)
			for _, b := range rows { // one at a time: RSS is measured per row
				t.Run(b.name, func(t *testing.T) { s.explode(t, b) })
			}
		})
	}
}

// explode sends one row's requests and checks them.
func (s *process) explode(t *testing.T, b graphqlBomb) {
	n, conc := max(b.requests, 1), max(b.concurrent, 1)
	if b.rss {
		// A first round grows the heap to its working size, so that the
		// measured rounds show what stays, not the first allocation.
		s.sendBombs(t, b, min(n, 3*conc), conc)
		s.waitIdle(t)
	}
	before := rssKB(t, s.cmd.Process.Pid)
	start := time.Now()
	s.sendBombs(t, b, n, conc)
	if took := time.Since(start); took > b.within {
		t.Errorf("%d requests took %s; want under %s", n, took, b.within)
	}
	if b.rss {
		s.waitIdle(t)
		after := rssKB(t, s.cmd.Process.Pid)
		t.Logf("%s: RSS %d -> %d KB", b.name, before, after)
		if after > before*12/10 {
			// The Go heap's size after a round moves by up to about a fifth
			// with the moment of its last collection. A leak keeps what it
			// took: after one more round, RSS is still measured against
			// the same before.
			s.sendBombs(t, b, n, conc)
			s.waitIdle(t)
			after = rssKB(t, s.cmd.Process.Pid)
			t.Logf("%s: RSS %d -> %d KB after one more round", b.name, before, after)
		}
		if after > before*12/10 {
			t.Errorf("RSS grew from %d to %d KB (more than 20%%)", before, after)
		}
	}
	// No work goes on after the answers: the process idles within a second.
	before2 := cpuTime(t, s.cmd.Process.Pid)
	time.Sleep(500 * time.Millisecond)
	if used := cpuTime(t, s.cmd.Process.Pid) - before2; used > 200*time.Millisecond {
		t.Errorf("the server used %s of CPU in the half second after the answers", used)
	}
	s.healthy(t)
}

// sendBombs sends n requests of b, conc at a time, and checks each answer.
func (s *process) sendBombs(t *testing.T, b graphqlBomb, n, conc int) {
	t.Helper()
	client := &http.Client{Timeout: 60 * time.Second}
	var wg sync.WaitGroup
	next := make(chan int)
	var mu sync.Mutex
	failures := 0
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				status, body, err := s.bomb(client, b.req(i))
				msg := ""
				switch {
				case err != nil:
					msg = err.Error()
				case b.wantStatus != 0 && status != b.wantStatus:
					msg = fmt.Sprintf("status %d, want %d: %.300s", status, b.wantStatus, body)
				case b.wantCode == "":
					var res gqlResult
					if err := json.Unmarshal(body, &res); err != nil || len(res.Errors) > 0 || res.Data == nil {
						msg = fmt.Sprintf("want data and no errors (%v): %.300s", err, body)
					}
				default:
					code, limit, err := firstErrorOf(body)
					if err != nil || code != b.wantCode || limit != b.wantLimit {
						msg = fmt.Sprintf("code %q limit %q, want %q %q (%v): %.300s", code, limit, b.wantCode, b.wantLimit, err, body)
					}
					for _, bad := range []string{"goroutine ", ".go:", "panic", "runtime."} {
						if bytes.Contains(body, []byte(bad)) {
							msg = fmt.Sprintf("the answer shows %q: %.300s", bad, body)
						}
					}
					if len(body) > 4096 {
						msg = fmt.Sprintf("the answer is %d bytes long: %.300s", len(body), body)
					}
				}
				if msg != "" {
					mu.Lock()
					if failures++; failures <= 3 {
						t.Errorf("request %d: %s", i, msg)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// bomb sends one request and returns the status and body.
func (s *process) bomb(client *http.Client, r bombRequest) (int, []byte, error) {
	var req *http.Request
	var err error
	if r.get {
		req, err = http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(r.query), nil)
	} else if r.body != nil {
		req, err = http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(r.body))
		if err == nil {
			req.Header.Set("Content-Type", appJSON)
		}
	} else {
		payload := map[string]any{"query": r.query, "variables": r.vars}
		if r.opName != "" {
			payload["operationName"] = r.opName
		}
		body, jerr := json.Marshal(payload)
		if jerr != nil {
			return 0, nil, jerr
		}
		req, err = http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", appJSON)
		}
	}
	if err != nil {
		return 0, nil, err
	}
	if r.origin != "" {
		req.Header.Set("Origin", r.origin)
	}
	req.Header.Set("Accept", gqlResponse)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// firstErrorOf returns the code and limit of the first error of a body.
func firstErrorOf(body []byte) (code, limit string, err error) {
	var res gqlResult
	if err := json.Unmarshal(body, &res); err != nil {
		return "", "", err
	}
	if len(res.Errors) == 0 {
		return "", "", fmt.Errorf("no errors")
	}
	code, _ = res.Errors[0].Extensions["code"].(string)
	limit, _ = res.Errors[0].Extensions["limit"].(string)
	return code, limit, nil
}

// rssKB returns the resident set size of a process, from /proc.
func rssKB(t *testing.T, pid int) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^VmRSS:\s+(\d+) kB`).FindSubmatch(raw)
	if m == nil {
		t.Fatalf("/proc/%d/status has no VmRSS", pid)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestJunkOperationNames sends operation names that match nothing, or name
// operations of documents that a limit or validation rejects: none of them
// may take one of /metrics' operation labels, and a real operation still
// gets its own.
func TestJunkOperationNames(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	client := &http.Client{Timeout: 10 * time.Second}
	for i := range 300 {
		junk := fmt.Sprintf("Junk%d", i)
		for _, r := range []bombRequest{
			{query: `query Real { stats { nodes } }`, opName: junk},              // no such operation
			{query: `query ` + junk + ` { nosuch }`},                             // invalid
			{query: `query ` + junk + ` ` + nested("broader", 12), opName: junk}, // over maxDepth
		} {
			status, body, err := s.bomb(client, r)
			if err != nil || status != 400 {
				t.Fatalf("%s: status %d, %v: %.300s", junk, status, err, body)
			}
		}
	}
	if status, res, err := s.query(t, 5*time.Second, `query Legit { stats { nodes } }`); err != nil || status != 200 || len(res.Errors) > 0 {
		t.Fatalf("query Legit: %d %v %+v", status, err, res.Errors)
	}
	_, metrics := s.getText(t, "/metrics")
	if strings.Contains(metrics, "Junk") {
		t.Errorf("/metrics shows a junk operation name: %s", regexp.MustCompile(`.*Junk.*`).FindString(metrics))
	}
	if want := `scsgraph_graphql_requests_total{operation="Legit",status="200"} 1`; !strings.Contains(metrics, want) {
		t.Errorf("/metrics lacks %q", want)
	}
	s.healthy(t)
}

// TestNoIntrospection checks --no-introspection: GraphiQL's introspection
// query is refused with the limit "introspection", __typename still works.
func TestNoIntrospection(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--no-introspection")
	status, body, err := s.bomb(&http.Client{Timeout: 10 * time.Second}, bombRequest{query: introspectionQuery(t)})
	if err != nil {
		t.Fatal(err)
	}
	code, limit, err := firstErrorOf(body)
	if status != 400 || code != "GRAPHQL_VALIDATION_FAILED" || limit != "introspection" || err != nil {
		t.Errorf("introspection: status %d, code %q, limit %q (%v): %.300s", status, code, limit, err, body)
	}
	if got := s.post(t, `{ node(id: "actor/pboc") { __typename } }`, nil); !jsonEqualValues(got, map[string]any{"data": map[string]any{"node": map[string]any{"__typename": "Actor"}}}) {
		t.Errorf("__typename: %v", got)
	}
}

// TestLegitimateQueriesFitTheBudgets sends GraphiQL's introspection query,
// the explorer's introspection and every notebook query: none may be
// refused by a limit (README's examples run in TestREADMEExamples).
func TestLegitimateQueriesFitTheBudgets(t *testing.T) {
	t.Parallel()
	queries := map[string]string{"GraphiQL introspection": introspectionQuery(t)}
	js, err := os.ReadFile("../../web/static/explorer.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)const INTROSPECT = `(.*?)`").FindSubmatch(js)
	if m == nil {
		t.Fatal("explorer.js has no INTROSPECT query")
	}
	queries["explorer introspection"] = string(m[1])
	nb, err := os.ReadFile("../../examples/scsgraph.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var notebook struct {
		Cells []struct {
			Type   string   `json:"cell_type"`
			Source []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(nb, &notebook); err != nil {
		t.Fatal(err)
	}
	for i, c := range notebook.Cells {
		for j, q := range regexp.MustCompile(`(?s)(?:^|[^f])'''\s*(query \w+\(.*?)'''`).FindAllStringSubmatch(strings.Join(c.Source, ""), -1) {
			queries[fmt.Sprintf("notebook cell %d query %d", i, j)] = q[1]
		}
	}
	if len(queries) < 4 {
		t.Fatalf("found %d queries; want the notebook's too", len(queries))
	}
	s := startServer(t)
	for name, q := range queries {
		vars := map[string]any{"id": "concept/blacklist", "minWeight": 1}
		_, res, err := s.queryVars(t, q, vars)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, e := range res.Errors {
			if e.Extensions["limit"] != nil {
				t.Errorf("%s: refused by %v: %s", name, e.Extensions["limit"], e.Message)
			}
		}
	}
}

// queryVars posts a query with variables and decodes the answer.
func (s *process) queryVars(t *testing.T, q string, vars map[string]any) (int, gqlResult, error) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(s.URL+"/graphql", appJSON, bytes.NewReader(gqlBody(q, vars)))
	if err != nil {
		return 0, gqlResult{}, err
	}
	defer resp.Body.Close()
	var res gqlResult
	err = json.NewDecoder(resp.Body).Decode(&res)
	return resp.StatusCode, res, err
}

// jsonEqualValues compares two decoded JSON values.
func jsonEqualValues(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
