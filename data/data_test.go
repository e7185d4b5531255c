package data_test

import (
	"io/fs"
	"testing"

	"github.com/scsgraph/scsgraph/data"
)

func TestFSHoldsEveryEntityFile(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sources.yaml", "people.yaml", "actors.yaml", "concepts.yaml", "questions.yaml",
		"methods.yaml", "places.yaml", "venues.yaml", "publications.yaml", "claims.yaml", "findings.yaml"} {
		b, err := fs.ReadFile(data.FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}
