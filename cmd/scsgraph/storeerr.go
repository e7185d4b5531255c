package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
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

// absPathRe is an absolute path in a message: after a start, a space, a
// quote, a parenthesis or "=".
var absPathRe = regexp.MustCompile(`(^|[\s"'(=])/[^\s"')]+`)

// publicError is err as /readyz shows it to anyone: without the store's
// name or DSN (a database name, a path), the data directory, or any other
// absolute path.
func publicError(err error, cfg serveConfig) string {
	var se *graph.StoreError
	if errors.As(err, &se) {
		return fmt.Sprintf("the %s store %s", se.Backend, se.Reason)
	}
	msg := graph.RedactSecrets(err.Error())
	if db := cfg.store.DB; db != "" {
		msg = strings.ReplaceAll(msg, db, "<store>")
		msg = strings.ReplaceAll(msg, graph.RedactDSN(db), "<store>")
	}
	if cfg.data != "" {
		if abs, err := filepath.Abs(cfg.data); err == nil {
			msg = strings.ReplaceAll(msg, abs, "<data>")
		}
		msg = strings.ReplaceAll(msg, filepath.Clean(cfg.data), "<data>")
	}
	return absPathRe.ReplaceAllString(msg, "${1}<path>")
}
