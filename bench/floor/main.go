// Command floor is the floor of scsgraph's benchmark: the least a server can
// do to answer the depth-2 neighborhood query. It reads an N-Quads export
// ("scsgraph export --format nquads") into plain Go maps at start, then
// answers POST / with a GraphQL-shaped JSON body, taking the node id from
// variables.id and ignoring the query text, in the same JSON shape and with
// the same node set as scsgraph's
//
//	neighborhood(id: $id, depth: 2, limit: 1000) { truncated nodes { id kind label } edges { source target predicate } }
//
// It has no GraphQL, no Cayley, no limits and no logging per request, so
// scsgraph's throughput as a fraction of the floor's is what the rest of the
// stack costs.
//
//	floor --nquads seed.nq [--addr 127.0.0.1:0]
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/scsgraph/scsgraph/bench/mix"
)

const rdfsLabel = "http://www.w3.org/2000/01/rdf-schema#label"

// edge is one stated link between two nodes, by node id; pred is the
// predicate's IRI, so that edges sort as scsgraph sorts them.
type edge struct{ source, pred, target string }

// graph is the whole export as maps.
type graph struct {
	labels  map[string]string
	out, in map[string][]edge // by source, by target; deduplicated
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	file := fs.String("nquads", "", "N-Quads export to serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("floor: --nquads FILE is required")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	g, err := read(*file)
	if err != nil {
		return err
	}
	log.Info("graph loaded", "nodes", len(g.labels))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("floor: listen %s: %w", *addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /", g.serve)
	srv := &http.Server{Handler: mux}
	log.Info("listening", "addr", ln.Addr().String())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("floor: %w", err)
	}
	return nil
}

// read loads the labels and the link quads of an N-Quads file.
func read(path string) (*graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("floor: %w", err)
	}
	defer f.Close()
	g := &graph{labels: map[string]string{}, out: map[string][]edge{}, in: map[string][]edge{}}
	seen := map[edge]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		s, p, o, ok := split(sc.Text())
		if !ok {
			continue
		}
		subj, ok := id(s)
		if !ok {
			continue
		}
		if p == "<"+rdfsLabel+">" {
			if v, err := literal(o); err == nil {
				g.labels[subj] = v
			} else {
				return nil, fmt.Errorf("floor: %s:%d: %w", path, n, err)
			}
			continue
		}
		pred := strings.Trim(p, "<>")
		obj, isNode := id(o)
		if _, link := short[pred]; !link || !isNode {
			continue
		}
		e := edge{subj, pred, obj}
		if !seen[e] {
			seen[e] = true
			g.out[subj] = append(g.out[subj], e)
			g.in[obj] = append(g.in[obj], e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("floor: %s: %w", path, err)
	}
	for _, m := range []map[string][]edge{g.out, g.in} {
		for _, es := range m {
			slices.SortFunc(es, cmpEdge)
		}
	}
	return g, nil
}

// split cuts a line "<s> <p> OBJECT <label> ." into subject, predicate and
// object terms; the object is an IRI or a literal with its suffix.
func split(line string) (s, p, o string, ok bool) {
	s, rest, ok1 := strings.Cut(line, " ")
	p, rest, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || !strings.HasPrefix(s, "<") {
		return "", "", "", false
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ".")
	rest = strings.TrimSpace(rest)
	if strings.HasSuffix(rest, ">") { // drop the graph label
		if i := strings.LastIndex(rest, " <"); i > 0 {
			rest = rest[:i]
		}
	}
	return s, p, rest, true
}

// id returns the node id of an IRI term under the base.
func id(term string) (string, bool) {
	if !strings.HasPrefix(term, "<") {
		return "", false
	}
	return strings.CutPrefix(strings.Trim(term, "<>"), mix.BaseIRI)
}

// literal returns the text of a literal term "..."[@lang|^^<type>].
func literal(term string) (string, error) {
	end := strings.LastIndexByte(term, '"')
	if !strings.HasPrefix(term, `"`) || end < 1 {
		return "", fmt.Errorf("not a literal: %.40s", term)
	}
	return strconv.Unquote(term[:end+1])
}

func cmpEdge(a, b edge) int {
	return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.pred, b.pred), cmp.Compare(a.target, b.target))
}

// short maps the IRIs of link predicates to the names the API shows.
var short = func() map[string]string {
	m := map[string]string{}
	for _, l := range mix.Links {
		m[l.IRI] = l.Short
	}
	return m
}()

// kinds maps id prefixes to the API's Kind names.
var kinds = map[string]string{"pub": "PUBLICATION"}

func kindOf(id string) string {
	k, _, _ := strings.Cut(id, "/")
	if name, ok := kinds[k]; ok {
		return name
	}
	return strings.ToUpper(k)
}

type (
	wireNode struct {
		ID    string `json:"id"`
		Kind  string `json:"kind"`
		Label string `json:"label"`
	}
	wireEdge struct {
		Source    string `json:"source"`
		Target    string `json:"target"`
		Predicate string `json:"predicate"`
	}
	subgraph struct {
		Truncated bool       `json:"truncated"`
		Nodes     []wireNode `json:"nodes"`
		Edges     []wireEdge `json:"edges"`
	}
)

// neighborhood mirrors graph.View.Neighborhood: breadth first, each step
// taking the edges that touch the frontier in sorted order, never adding a
// source node, at most limit nodes.
func (g *graph) neighborhood(centre string, depth, limit int) subgraph {
	in := map[string]bool{centre: true}
	order := []string{centre}
	frontier := []string{centre}
	truncated := false
	for d := 0; d < depth && len(frontier) > 0 && !truncated; d++ {
		var es []edge
		for _, f := range frontier {
			es = append(es, g.out[f]...)
			es = append(es, g.in[f]...)
		}
		slices.SortFunc(es, cmpEdge)
		es = slices.Compact(es)
		var next []string
		for _, e := range es {
			for _, n := range []string{e.source, e.target} {
				if in[n] || strings.HasPrefix(n, "source/") {
					continue
				}
				if len(order) >= limit {
					truncated = true
					break
				}
				in[n] = true
				order = append(order, n)
				next = append(next, n)
			}
		}
		frontier = next
	}
	sub := subgraph{Truncated: truncated, Nodes: []wireNode{}, Edges: []wireEdge{}}
	for _, n := range order {
		label := g.labels[n]
		if label == "" {
			label = n
		}
		sub.Nodes = append(sub.Nodes, wireNode{n, kindOf(n), label})
		for _, e := range g.out[n] {
			if in[e.target] {
				sub.Edges = append(sub.Edges, wireEdge{e.source, e.target, short[e.pred]})
			}
		}
	}
	return sub
}

// serve answers {"variables": {"id": ...}} with the depth-2 neighborhood.
func (g *graph) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Variables struct {
			ID string `json:"id"`
		} `json:"variables"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "floor: bad request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if _, ok := g.labels[req.Variables.ID]; !ok {
		http.Error(w, fmt.Sprintf("floor: no node %q", req.Variables.ID), http.StatusNotFound)
		return
	}
	body, err := json.Marshal(map[string]any{"data": map[string]any{"neighborhood": g.neighborhood(req.Variables.ID, 2, 1000)}})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
