package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bibFixture is a bibliography of loaders/bib/testdata/bib.
func bibFixture(name string) string { return filepath.Join("../../loaders/bib/testdata/bib", name) }

// noFile fails when path exists.
func noFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s exists (stat: %v); the load should have written nothing", path, err)
	}
}

// TestLoadBibliographies runs "scsgraph load" with bibliography files: a
// dry run reports without writing, --strict fails on a broken record, and
// a real load writes the merged graph that "scsgraph query" then reads.
func TestLoadBibliographies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string // after "load --store bolt --db DB"
		code     int
		stdout   []string
		stderr   []string
		noWrite  bool
		queryOut []string // what a query of the store then shows
	}{
		{
			name: "dry run",
			args: []string{"--dry-run", bibFixture("quirks.bib")},
			stdout: []string{
				"quirks.bib (bibtex): 5 records: 4 works added, 0 merged, 1 skipped",
				"add   pub/doi-10.1080-10670564.2021.9999999",
				`quirks.bib:19 entry "broken_2020": unclosed brace at line 20`,
				"dry run: nothing written", "(1 broken records skipped)",
			},
			stderr:  []string{`warning: loaders: ` + bibFixture("quirks.bib") + `:37: entry "macro_missing_2022": field journal: undefined @string macro "UndefinedJournal": read as empty`},
			noWrite: true,
		},
		{
			name:    "strict fails on a broken record",
			args:    []string{"--strict", bibFixture("quirks.bib")},
			code:    1,
			stderr:  []string{`scsgraph: ` + bibFixture("quirks.bib") + `:19: entry "broken_2020": unclosed brace at line 20`},
			noWrite: true,
		},
		{
			name:    "flags after the files",
			args:    []string{bibFixture("library.json"), "--dry-run"},
			stdout:  []string{"library.json (csl-json): 3 records: 3 works added", "dry run: nothing written"},
			noWrite: true,
		},
		{
			name: "load merges into the corpus",
			args: []string{bibFixture("seed-overlap.bib"), bibFixture("works.json")},
			stdout: []string{
				"merge pub/2023-black-or-fifty-shades-of-grey",
				`works.json:214 work "W4307000003": author "S. Berg": same ORCID`,
				"loaded ", "quads/s",
			},
			queryOut: []string{
				`"label": "Who Reports to the Central Bank? Credit Reporting Reform in China"`,
				`"count": 10, "kind": "PUBLICATION"`, // 7 seed publications, 2 of them merged, and 3 new
			},
		},
		{
			name:   "unreadable file",
			args:   []string{bibFixture("no-such.bib")},
			code:   1,
			stderr: []string{"no-such.bib: no such file or directory"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "x.bolt")
			out, errOut, code := runCLI(t, append([]string{"load", "--store", "bolt", "--db", db}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if tc.noWrite {
				noFile(t, db)
			}
			if len(tc.queryOut) == 0 {
				return
			}
			q := `{ node(id: "pub/openalex-w4307000002") { label } stats { byKind { kind count } } }`
			out, errOut, code = runCLI(t, "query", q, "--store", "bolt", "--db", db)
			if code != 0 {
				t.Fatalf("query: exit %d\n%s", code, errOut)
			}
			compact := strings.Join(strings.Fields(out), " ")
			for _, want := range tc.queryOut {
				if !strings.Contains(compact, want) {
					t.Errorf("query output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
