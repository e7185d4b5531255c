package main

import (
	"strings"
	"testing"
)

// The bibliography exports over HTTP and on the command line: the whole
// graph or one concept's or person's publications; an unknown or wrong id
// is refused with a message that names it.
func TestBibliographyExports(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	for _, tc := range []struct {
		path   string
		status int
		has    []string
		hasNot []string
	}{
		{"/export/bibtex", 200, []string{"@article{2023-black-or-fifty-shades-of-grey,", "author = {Trauth-Goik, Alexander and Liu, Chuncheng}",
			"@book{metricocracy,"}, nil},
		{"/export/ris?author=person/akos-rona-tas", 200, []string{"TY  - JOUR", "AU  - Rona-Tas, Akos", "AU  - Liu, Chuncheng", "ER  - "},
			[]string{"Metricocracy"}},
		{"/export/csl-json?concept=concept/blacklist", 200, []string{`"type": "article-journal"`, `"family": "Trauth-Goik"`},
			[]string{"Metricocracy", "Who Supports"}},
		{"/export/bibtex?author=person/nobody", 404, []string{`no node "person/nobody"`}, nil},
		{"/export/ris?author=concept/blacklist", 400, []string{`"concept/blacklist" is a concept, not a person`}, []string{"graph:"}},
	} {
		code, body := s.getText(t, tc.path)
		if code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.path, code, tc.status, body)
		}
		for _, want := range tc.has {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q:\n%s", tc.path, want, body)
			}
		}
		for _, not := range tc.hasNot {
			if strings.Contains(body, not) {
				t.Errorf("%s has %q:\n%s", tc.path, not, body)
			}
		}
	}
	out, errOut, code := runCLI(t, "export", "--format", "bibtex", "--concept", "concept/blacklist")
	if code != 0 || strings.Count(out, "\n@") != 1 || !strings.Contains(out, "@article{2023-black-or-fifty-shades-of-grey,") {
		t.Errorf("export --concept: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, errOut, code := runCLI(t, "export", "--format", "nquads", "--author", "person/akos-rona-tas"); code == 0 || !strings.Contains(errOut, "--concept and --author filter the bibliography formats") {
		t.Errorf("export nquads --author: exit %d: %s", code, errOut)
	}
}
