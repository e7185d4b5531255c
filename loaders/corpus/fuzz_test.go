package corpus_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// A fuzz target for the corpus loader. "make test" runs it for a few
// seconds ("go test -run=NONE -fuzz=FuzzCorpusFile -fuzztime=10s ./loaders/corpus");
// testdata/fuzz/FuzzCorpusFile holds its seed corpus and any input that
// once failed. Plain "go test" runs the seeds as regression tests.

// validCorpus reads testdata/valid into a map of file name to content.
func validCorpus(f *testing.F) (map[string][]byte, []string) {
	f.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS("testdata/valid"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("testdata/valid", p))
		files[p] = b
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return files, names
}

// FuzzCorpusFile replaces one file of a valid corpus with the fuzzer's
// content and loads it through Load: it must return facts or an
// error that names the package, never panic, and never write anything
// when it fails.
func FuzzCorpusFile(f *testing.F) {
	files, names := validCorpus(f)
	for i, n := range names {
		f.Add(uint8(i), files[n])
	}
	f.Add(uint8(0), []byte("- id: concept/x\n  label: [unclosed\n"))
	f.Add(uint8(1), []byte("- &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		target := names[int(which)%len(names)]
		fsys := fstest.MapFS{}
		for n, b := range files {
			fsys[n] = &fstest.MapFile{Data: b}
		}
		fsys[target] = &fstest.MapFile{Data: content}
		b := &graph.Batch{}
		_, err := corpus.Load(fsys, "data", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "loaders: ") {
				t.Errorf("error without the package's name: %v", err)
			}
			if len(b.Facts) > 0 {
				t.Errorf("a failed load wrote %d facts", len(b.Facts))
			}
		}
	})
}
