package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// hintedError is an error with a line that says what to do about it.
type hintedError struct {
	err  error
	hint string
}

func (e hintedError) Error() string { return e.err.Error() + "; " + e.hint }
func (e hintedError) Unwrap() error { return e.err }

// withStoreHint adds to a store that cannot be served the "scsgraph load"
// command that (re)writes it, naming the store as the user typed it.
func withStoreHint(err error) error {
	var se *graph.StoreError
	if !errors.As(err, &se) || se.Backend == "memory" {
		return err
	}
	load := fmt.Sprintf("scsgraph load --store %s --db %s [--data DIR] [FILE...]", se.Backend, shellQuote(se.Store))
	switch {
	case se.Kind == graph.StoreMissing:
		return hintedError{err, "create it with: " + load}
	case se.Kind != graph.StoreMismatch:
		return err
	case se.Backend == "bolt":
		return hintedError{err, fmt.Sprintf("remove it and %s, then load it again: %s", filepath.Base(se.Store)+".manifest", load)}
	}
	return hintedError{err, "load it again: " + load}
}

// shellQuote quotes s for a shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
