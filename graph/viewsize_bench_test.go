package graph_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// BenchmarkViewBytes measures what the read view of a generated corpus holds
// in memory: the live heap after building the view minus the live heap
// before (each after a garbage collection), per quad and in all, at 1,000
// and 10,000 works. The memory store beneath the view is not counted. Its
// time per op is the time to build the view from a memory store's scan.
//
//	go test ./graph -run '^$' -bench ViewBytes -benchtime 1x
func BenchmarkViewBytes(b *testing.B) {
	for _, works := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("works=%d", works), func(b *testing.B) {
			if testing.Short() && works > 1000 {
				b.Skip("10,000 works in -short mode")
			}
			st := generatedStore(b, works)
			ctx := context.Background()
			var v *graph.View
			var before, after runtime.MemStats
			for b.Loop() {
				v = nil
				runtime.GC()
				runtime.ReadMemStats(&before)
				var err error
				if v, err = st.View(ctx); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
			}
			quads := v.Stats().Quads
			heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
			b.ReportMetric(float64(quads), "quads")
			b.ReportMetric(heap/float64(quads), "B/quad")
			b.ReportMetric(heap/(1<<20), "MiB")
			runtime.KeepAlive(v)
		})
	}
}

// generatedStore writes a generated corpus of works works into a new memory
// store, closed when b ends.
func generatedStore(b *testing.B, works int) *graph.Store {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.Generate(dir, works, 1); err != nil {
		b.Fatal(err)
	}
	batch := &graph.Batch{}
	if _, err := corpus.Load(os.DirFS(dir), dir, batch); err != nil {
		b.Fatal(err)
	}
	st, err := graph.Open(context.Background(), graph.Config{Backend: "memory"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := st.Write(context.Background(), batch.Facts); err != nil {
		b.Fatal(err)
	}
	return st
}
