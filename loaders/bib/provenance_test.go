package bib_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
)

// TestImportedEvidenceNamesTheFile checks that facts read from an imported
// bibliography record the file's base name and SHA-256, and never the
// directory it was loaded from.
func TestImportedEvidenceNamesTheFile(t *testing.T) {
	t.Parallel()
	content, err := os.ReadFile("testdata/bib/library.bib")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	const loadedAs = "/home/someone/private/library.bib"
	b := &graph.Batch{}
	cat := bib.NewCatalog()
	rep, err := bib.Load(loadedAs, strings.NewReader(string(content)), cat, b, bib.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Facts == 0 || len(b.Facts) == 0 {
		t.Fatal("nothing loaded")
	}
	for _, f := range b.Facts {
		ev := f.Evidence
		if ev.File != "library.bib" || ev.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("%s %s: evidence file %q sha256 %q, want library.bib and the file's hash", f.Subject, f.Pred.ShortName(), ev.File, ev.SHA256)
		}
		if strings.Contains(ev.File+ev.Source+ev.URL+ev.Quote, "/home/") {
			t.Fatalf("%s: evidence %+v shows the loading path", f.Subject, ev)
		}
	}
}
