package schema

import (
	"context"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// update rewrites the golden SDL: go test ./schema -run TestGoldenSDL -update
var update = flag.Bool("update", false, "rewrite schema/schema.graphql from the schema built here")

// goldenSDL is the committed SDL, the one `scsgraph schema` prints: every
// change to the API shows in review as a change to this file.
const goldenSDL = "schema.graphql"

func TestGoldenSDL(t *testing.T) {
	t.Parallel()
	st, v, err := graph.Load(context.Background(), graph.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sch, err := New(v, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := sch.SDL()
	if *update {
		if err := os.WriteFile(goldenSDL, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenSDL)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./schema -run TestGoldenSDL -update)", err)
	}
	if got != string(want) {
		t.Errorf("the schema differs from schema/%s; if the change is intended, run: go test ./schema -run TestGoldenSDL -update\n%s",
			goldenSDL, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line where two texts differ, with its number.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  golden: " + a + "\n  now:    " + b
		}
	}
	return ""
}
