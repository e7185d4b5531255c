package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// apiKinds are the Kind enum values of the GraphQL API, which every export
// must use too.
var apiKinds = map[string]bool{"PUBLICATION": true, "PERSON": true, "ACTOR": true, "CONCEPT": true, "QUESTION": true,
	"METHOD": true, "PLACE": true, "VENUE": true, "FINDING": true, "CLAIM": true, "SOURCE": true}

// debianPython is Debian's Python, whose python3-networkx and python3-pandas
// make test installs; another python3 on the PATH may lack them.
const debianPython = "/usr/bin/python3"

// needPython skips the test when Debian's python3 with networkx and pandas
// is absent.
func needPython(t *testing.T) {
	t.Helper()
	if out, err := exec.Command(debianPython, "-c", "import networkx, pandas").CombinedOutput(); err != nil {
		t.Skipf("%s with networkx and pandas is not installed: %v %s", debianPython, err, out)
	}
}

// readResult is what testdata/read_exports.py reports about one file.
type readResult struct {
	Nodes, Edges  int
	Directed      bool
	Kinds         []string
	YearTypes     []string `json:"year_types"`
	Years         []int
	StartTypes    []string `json:"start_types"`
	Starts        int
	WeightTypes   []string `json:"weight_types"`
	Weights       float64
	Truncated     any
	Columns       []string
	YearDtype     string `json:"year_dtype"`
	WeightDtype   string `json:"weight_dtype"`
	StartIntegral bool   `json:"start_integral"`
	EmptyEvidence int    `json:"empty_evidence"`
}

// TestExportsReadByTools writes every network of the seed graph in every
// graph-file format and reads the files with networkx (read_gexf,
// read_graphml), pandas and json in Debian's Python: each must hold the
// nodes and edges of the network, years as integers, weights as doubles
// and the kinds as GraphQL names them.
func TestExportsReadByTools(t *testing.T) {
	t.Parallel()
	needPython(t)
	ctx := context.Background()
	st := seedStore(t)
	dir := t.TempDir()
	concepts, _ := st.ConceptGraph(ctx, 1)
	coauthors, _ := st.CoauthorGraph(ctx)
	citations, _ := st.CitationGraph(ctx)
	hood, _ := st.Neighborhood(ctx, "actor/pboc", 2, nil, 10)
	if !hood.Truncated {
		t.Fatal("the neighborhood of actor/pboc at depth 2 fits in 10 nodes: the truncation case tests nothing")
	}
	stated := st.Stats()
	var statedNodes []*graph.Node
	for _, k := range graph.Kinds() {
		statedNodes = append(statedNodes, st.List(k)...)
	}
	cases := []struct {
		opts       graph.ExportOptions
		name       string
		nodes      []*graph.Node
		edges      []*graph.Edge
		directed   bool
		truncated  bool
		nodeCount  int
		edgesCount int
	}{
		{graph.ExportOptions{}, "stated", statedNodes, st.AllEdges(), true, false, stated.Nodes, stated.Edges},
		{graph.ExportOptions{Graph: "concepts"}, "concepts", concepts.Nodes, concepts.Edges, false, false, len(concepts.Nodes), len(concepts.Edges)},
		{graph.ExportOptions{Graph: "coauthors"}, "coauthors", coauthors.Nodes, coauthors.Edges, false, false, len(coauthors.Nodes), len(coauthors.Edges)},
		{graph.ExportOptions{Graph: "citations"}, "citations", citations.Nodes, citations.Edges, true, false, len(citations.Nodes), len(citations.Edges)},
		{graph.ExportOptions{Graph: "neighborhood:actor/pboc", Depth: 2, Limit: 10}, "neighborhood-actor-pboc", hood.Nodes, hood.Edges, true, true, len(hood.Nodes), len(hood.Edges)},
	}
	for _, c := range cases {
		if len(c.nodes) == 0 && c.name != "citations" {
			t.Fatalf("%s: the seed network is empty", c.name)
		}
		for _, f := range graph.NetworkFormats() {
			var buf bytes.Buffer
			res, err := st.ExportGraph(ctx, f, c.opts, &buf)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, f, err)
			}
			if res.Truncated != c.truncated || res.Nodes != c.nodeCount {
				t.Errorf("%s %s: result %+v, want %d nodes, truncated %v", c.name, f, res, c.nodeCount, c.truncated)
			}
			name := graph.ExportFileName(f, c.opts)
			if !strings.HasPrefix(name, "scsgraph-"+c.name+".") {
				t.Errorf("file name %q, want scsgraph-%s.*", name, c.name)
			}
			if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, err := exec.Command(debianPython, "testdata/read_exports.py", dir).Output()
	if err != nil {
		t.Fatalf("read_exports.py: %v\n%s", err, errText(err))
	}
	var got map[string]readResult
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, c := range cases {
		years := map[int]bool{}
		hasPub := false
		for _, n := range c.nodes[:c.nodeCount] {
			if y, ok := n.Int(graph.DatePublished); ok && n.Kind == graph.KindPublication {
				years[y], hasPub = true, true
			}
		}
		wantYears := []int{}
		for y := range years {
			wantYears = append(wantYears, y)
		}
		sort.Ints(wantYears)
		weights := 0.0
		for _, e := range c.edges {
			weights += e.Weight
		}
		intType := []string{}
		if hasPub {
			intType = []string{"int"}
		}
		for _, file := range []string{".gexf", ".graphml"} {
			r, ok := got["scsgraph-"+c.name+file]
			if !ok {
				t.Errorf("%s%s: not read", c.name, file)
				continue
			}
			if r.Nodes != c.nodeCount || r.Edges != c.edgesCount || r.Directed != c.directed {
				t.Errorf("%s%s: networkx reads %d nodes, %d edges, directed %v; want %d, %d, %v", c.name, file, r.Nodes, r.Edges, r.Directed, c.nodeCount, c.edgesCount, c.directed)
			}
			if !reflect.DeepEqual(r.YearTypes, intType) || !reflect.DeepEqual(r.Years, wantYears) {
				t.Errorf("%s%s: years %v of types %v; want %v as %v", c.name, file, r.Years, r.YearTypes, wantYears, intType)
			}
			if len(c.nodes) > 0 && (!reflect.DeepEqual(r.StartTypes, []string{"int"}) || r.Starts == 0) {
				t.Errorf("%s%s: %d start years of types %v; want some, as int", c.name, file, r.Starts, r.StartTypes)
			}
			if len(c.edges) > 0 && !reflect.DeepEqual(r.WeightTypes, []string{"float"}) || r.Weights != weights {
				t.Errorf("%s%s: weights sum to %v, types %v; want %v as float", c.name, file, r.Weights, r.WeightTypes, weights)
			}
			for _, k := range r.Kinds {
				if !apiKinds[k] {
					t.Errorf("%s%s: kind %q is not a GraphQL Kind", c.name, file, k)
				}
			}
		}
		if r := got["scsgraph-"+c.name+".graphml"]; r.Truncated != c.truncated {
			t.Errorf("%s.graphml: truncated %v, want %v", c.name, r.Truncated, c.truncated)
		}
		cy := got["scsgraph-"+c.name+".cyjs"]
		if cy.Nodes != c.nodeCount || cy.Edges != c.edgesCount || cy.Truncated != c.truncated || !reflect.DeepEqual(cy.YearTypes, intType) {
			t.Errorf("%s.cyjs: %+v", c.name, cy)
		}
		nodes, edges := got["scsgraph-"+c.name+".nodes.csv"], got["scsgraph-"+c.name+".edges.csv"]
		if nodes.Nodes != c.nodeCount || nodes.YearDtype != "Int64" || !reflect.DeepEqual(nodes.Years, wantYears) ||
			!reflect.DeepEqual(nodes.Columns, []string{"id", "kind", "label", "iri", "year", "start"}) {
			t.Errorf("%s.nodes.csv: %+v", c.name, nodes)
		}
		for _, k := range nodes.Kinds {
			if !apiKinds[k] {
				t.Errorf("%s.nodes.csv: kind %q is not a GraphQL Kind", c.name, k)
			}
		}
		if edges.Edges != c.edgesCount || !edges.StartIntegral || edges.EmptyEvidence != 0 && c.edgesCount > 0 ||
			!reflect.DeepEqual(edges.Columns, []string{"source", "target", "predicate", "weight", "evidence", "start"}) {
			t.Errorf("%s.edges.csv: %+v", c.name, edges)
		}
	}
}

// errText is the standard error of a failed command, if it kept one.
func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
