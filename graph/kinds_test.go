package graph_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
)

// TestKindTable checks the registry against itself: every kind of Kinds
// has one entry, in order, with a class of a known namespace, and no name
// of the API or the corpus is used by two kinds.
func TestKindTable(t *testing.T) {
	t.Parallel()
	table := graph.KindTable()
	kinds := graph.Kinds()
	if len(table) != len(kinds) {
		t.Fatalf("%d entries for %d kinds", len(table), len(kinds))
	}
	seen := map[string]graph.Kind{}
	for i, ki := range table {
		if ki.Kind != kinds[i] {
			t.Errorf("entry %d is %s, Kinds has %s", i, ki.Kind, kinds[i])
		}
		if !strings.HasPrefix(ki.Class, graph.NSSchema) && !strings.HasPrefix(ki.Class, graph.NSSKOS) && !strings.HasPrefix(ki.Class, graph.NSSCS) {
			t.Errorf("%s: class %q is in no namespace of the vocabulary", ki.Kind, ki.Class)
		}
		for _, name := range []struct{ field, v string }{
			{"Enum", ki.Enum}, {"Type", ki.Type}, {"List", ki.List}, {"Noun", ki.Noun}, {"File", ki.File}, {"Description", ki.Description},
		} {
			if name.v == "" {
				if name.field != "File" {
					t.Errorf("%s: no %s", ki.Kind, name.field)
				}
				continue
			}
			key := name.field + " " + name.v
			if other, ok := seen[key]; ok {
				t.Errorf("%s %q names both %s and %s", name.field, name.v, other, ki.Kind)
			}
			seen[key] = ki.Kind
		}
		if ki.Enum != strings.ToUpper(ki.Enum) || ki.Type[:1] != strings.ToUpper(ki.Type[:1]) {
			t.Errorf("%s: enum %q or type %q not in GraphQL's case", ki.Kind, ki.Enum, ki.Type)
		}
		if err := graph.ValidID(string(ki.Kind) + "/x"); err != nil {
			t.Errorf("%s: %v", ki.Kind, err)
		}
	}
}

func TestKindInfoOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind  graph.Kind
		ok    bool
		typ   string
		class string
	}{
		{graph.KindPublication, true, "Publication", graph.ClassScholarlyArticle},
		{graph.KindActor, true, "Actor", graph.ClassOrganization},
		{graph.KindVenue, true, "Venue", graph.ClassPeriodical},
		{graph.KindOrganization, true, "Organization", graph.ClassOrganization},
		{graph.KindEvidence, false, "", ""},
		{"nothing", false, "", ""},
	} {
		ki, ok := graph.KindInfoOf(tc.kind)
		if ok != tc.ok || ki.Type != tc.typ || ki.Class != tc.class {
			t.Errorf("KindInfoOf(%s) = %+v, %v; want type %q, class %q, %v", tc.kind, ki, ok, tc.typ, tc.class, tc.ok)
		}
	}
}

// TestKindFiles checks the registry's corpus files against the embedded
// corpus and the synthetic generator: each file a kind names is there,
// and each corpus file belongs to a kind.
func TestKindFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := synth.Generate(dir, 5, 1); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{{"data", data.FS}, {"synth", os.DirFS(dir)}} {
		files, err := fs.Glob(c.fsys, "*.yaml")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, ki := range graph.KindTable() {
			if ki.File != "" {
				want[ki.File] = true
			}
		}
		for _, f := range files {
			if !want[f] {
				t.Errorf("%s: %s is the file of no kind", c.name, f)
			}
			delete(want, f)
		}
		for f := range want {
			t.Errorf("%s: no %s", c.name, f)
		}
	}
}
