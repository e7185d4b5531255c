// Package data holds scsgraph's default corpus: YAML entity files about the
// scholarship on China's social credit systems, built only from the research
// page and the bibliography in shared/seed. The format is described in
// docs/data-format.md; package loaders reads and validates it.
package data

import (
	"embed"
	"io/fs"
	"os"
)

// FS holds the corpus files (*.yaml) at its root, for corpus.Load.
//
//go:embed *.yaml
var FS embed.FS

// DirFS returns the corpus directory dir and the name errors give it: the
// embedded corpus FS, named "data", when dir is empty.
func DirFS(dir string) (fs.FS, string) {
	if dir == "" {
		return FS, "data"
	}
	return os.DirFS(dir), dir
}
