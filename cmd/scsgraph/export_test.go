package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportHTTP asks /export for each network: the file name, the
// truncation header, and the 400s for a bad graph or a number above the
// GraphQL limit.
func TestExportHTTP(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tests := []struct {
		name, path          string
		status              int
		disposition, header string // Content-Disposition, X-Truncated
		body                string // a part of the body
	}{
		{"stated gexf", "/export/gexf", 200, `attachment; filename=scsgraph-stated.gexf`, "false", `xmlns="http://www.gexf.net/1.2draft" version="1.2"`},
		{"concepts gexf", "/export/gexf?graph=concepts", 200, `attachment; filename=scsgraph-concepts.gexf`, "false", `defaultedgetype="undirected"`},
		{"coauthors graphml", "/export/graphml?graph=coauthors", 200, `attachment; filename=scsgraph-coauthors.graphml`, "false", `edgedefault="undirected"`},
		{"citations csv", "/export/csv-edges?graph=citations", 200, `attachment; filename=scsgraph-citations.edges.csv`, "false", "source,target,predicate"},
		{"neighborhood truncated", "/export/cytoscape?graph=neighborhood:actor/pboc&depth=2&limit=5", 200,
			`attachment; filename=scsgraph-neighborhood-actor-pboc.cyjs`, "true", `"truncated": true`},
		{"nquads", "/export/nquads", 200, `attachment; filename=scsgraph-stated.nq`, "false", "<https://scsgraph.org/id/actor/pboc>"},
		{"csv is not a format", "/export/csv", 404, "", "", "csv-edges, csv-nodes"},
		{"unknown graph", "/export/gexf?graph=everything", 400, "", "", `unknown graph "everything"`},
		{"unknown node", "/export/gexf?graph=neighborhood:actor/nobody", 400, "", "", `no node has the id "actor/nobody"`},
		{"depth above the limit", "/export/gexf?graph=neighborhood:actor/pboc&depth=9", 400, "", "", "depth must be at most 4"},
		{"limit above the limit", "/export/gexf?graph=neighborhood:actor/pboc&limit=5000", 400, "", "", "limit must be at most 1000"},
		{"depth not a number", "/export/gexf?graph=neighborhood:actor/pboc&depth=two", 400, "", "", "depth must be an integer"},
		{"graph of a whole-store format", "/export/nquads?graph=concepts", 400, "", "", "writes the whole stated graph"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := http.Get(s.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if got := resp.Header.Get("Content-Disposition"); got != tc.disposition {
				t.Errorf("Content-Disposition %q, want %q", got, tc.disposition)
			}
			if got := resp.Header.Get("X-Truncated"); got != tc.header {
				t.Errorf("X-Truncated %q, want %q", got, tc.header)
			}
			if !strings.Contains(string(body), tc.body) {
				t.Errorf("body lacks %q: %.300s", tc.body, body)
			}
			for _, bad := range []string{"schema:", "graph:", ".go:"} {
				if tc.status != 200 && strings.Contains(string(body), bad) {
					t.Errorf("error shows %q: %s", bad, body)
				}
			}
		})
	}
}

// TestExportCLI runs "scsgraph export" for networks: the output file, the
// note on truncation, and errors that name the user's path and the limit.
func TestExportCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		code     int
		file     string // written, holding want
		want     string // in the file, or else in stdout or stderr
		notAfter string // not in stderr
	}{
		{"concepts gexf", []string{"--format", "gexf", "--graph", "concepts", "--out", filepath.Join(dir, "c.gexf")}, 0, "c.gexf", `<attribute id="year" title="year" type="integer">`, "truncated"},
		{"neighborhood cut", []string{"--format", "csv-nodes", "--graph", "neighborhood:actor/pboc", "--depth", "2", "--limit", "5", "--out", filepath.Join(dir, "n.csv")}, 0, "n.csv", "actor/pboc,ACTOR", ""},
		{"neighborhood cut note", []string{"--format", "csv-nodes", "--graph", "neighborhood:actor/pboc", "--depth", "2", "--limit", "5"}, 0, "", "was cut at --limit 5 nodes", ""},
		{"depth above the limit", []string{"--format", "gexf", "--graph", "neighborhood:actor/pboc", "--depth", "9"}, 2, "", "depth must be at most 4", ""},
		{"unknown graph", []string{"--format", "gexf", "--graph", "everything"}, 1, "", `export: unknown graph "everything"`, "scsgraph: graph:"},
		{"csv is refused", []string{"--format", "csv"}, 1, "", `export: unknown format "csv"`, "scsgraph: graph:"},
		{"missing folder", []string{"--format", "gexf", "--out", "no/such/dir/x.gexf"}, 1, "", "no/such/dir/x.gexf", dir},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, append([]string{"export"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tc.code, errOut)
			}
			text := out + errOut
			if tc.file != "" {
				b, err := os.ReadFile(filepath.Join(dir, tc.file))
				if err != nil {
					t.Fatal(err)
				}
				text = string(b)
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("lacks %q:\n%.500s", tc.want, text)
			}
			if tc.notAfter != "" && strings.Contains(errOut, tc.notAfter) {
				t.Errorf("stderr shows %q: %s", tc.notAfter, errOut)
			}
		})
	}
}
