package main

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestCLIHelp checks the help of the program and of every sub-command, the
// version, and the one-line errors of wrong flags and missing paths.
func TestCLIHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // each in stdout
		stderr []string // each in stderr
		lines  int      // stderr lines, when > 0
	}{
		{"help", []string{"--help"}, 0, []string{"Commands:", "serve", "export", "arguments: [FILE...]", "csv-nodes", "neighborhood:ID"}, nil, 0},
		{"-h", []string{"-h"}, 0, []string{"Commands:"}, nil, 0},
		{"version", []string{"--version"}, 0, []string{"scsgraph ", "commit ", runtime.Version()}, nil, 0},
		{"wrong flag", []string{"serve", "--no-such-flag"}, 2, nil, []string{"scsgraph: serve: flag provided but not defined: -no-such-flag (run 'scsgraph serve -h')"}, 1},
		{"wrong flag value", []string{"export", "--depth", "two"}, 2, nil, []string{`export: invalid value "two" for flag -depth`, "(run 'scsgraph export -h')"}, 1},
		{"unknown command", []string{"frobnicate"}, 2, nil, []string{`unknown command "frobnicate" (run 'scsgraph -h')`}, 1},
		{"missing data folder", []string{"validate", "--data", "no/such/folder"}, 1, nil, []string{"scsgraph: --data no/such/folder: no such directory"}, 1},
		{"missing bibliography", []string{"load", "--dry-run", "no/such.bib"}, 1, nil, []string{"scsgraph: load: open no/such.bib: no such file or directory"}, 1},
		{"missing output folder", []string{"export", "--out", "no/such/x.nq"}, 1, nil, []string{"scsgraph: export: open no/such/x.nq: no such file or directory"}, 1},
		{"no package prefix", []string{"query", `{ node(id: "actor/nobody") { id } }`}, 1, []string{`"message": "node: no node \"actor/nobody\""`}, nil, 0},
	}
	// The csv format the old help listed is refused, and help no longer lists it.
	formats := regexp.MustCompile(`\bcsv\b[^-]`)
	internal := regexp.MustCompile(`\b(schema|graph|loaders): |help requested|goroutine |\.go:\d`)
	for _, c := range commands() {
		tests = append(tests, struct {
			name   string
			args   []string
			code   int
			stdout []string
			stderr []string
			lines  int
		}{"help of " + c.name, []string{c.name, "-h"}, 0, []string{"Usage: scsgraph " + c.name + " [flags]" + strings.TrimRight(" "+c.args, " "), c.desc, "Flags"}, nil, 0})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			if n := strings.Count(errOut, "\n"); tc.lines > 0 && n != tc.lines {
				t.Errorf("stderr has %d lines, want %d:\n%s", n, tc.lines, errOut)
			}
			if m := internal.FindString(out + errOut); m != "" {
				t.Errorf("output shows %q:\nstdout: %s\nstderr: %s", m, out, errOut)
			}
			if formats.MatchString(out) {
				t.Errorf("help lists a csv format:\n%s", out)
			}
		})
	}
}
