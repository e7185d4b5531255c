package corpus_test

import "io/fs"

// readFS reads a file of fsys as a string.
func readFS(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	return string(b), err
}
