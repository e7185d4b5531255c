// Package loadertest helps tests of the packages downstream of the loaders:
// it loads the embedded corpus into a memory store.
package loadertest

import (
	"context"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// EmbeddedView loads the embedded corpus (data/) into a memory store that
// is closed when the test ends, and returns its view.
func EmbeddedView(t testing.TB) *graph.View {
	t.Helper()
	b := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", b); err != nil {
		t.Fatal(err)
	}
	st, v, err := graph.Load(context.Background(), graph.Config{}, b.Facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return v
}
