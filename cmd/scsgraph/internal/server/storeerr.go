package server

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/scsgraph/scsgraph/graph"
)

// absPathRe is an absolute path in a message: after a start, a space, a
// quote, a parenthesis or "=".
var absPathRe = regexp.MustCompile(`(^|[\s"'(=])/[^\s"')]+`)

// publicError is err as /readyz shows it to anyone: without the store's
// name or DSN (a database name, a path), the data directory, or any other
// absolute path.
func publicError(err error, cfg Config) string {
	var se *graph.StoreError
	if errors.As(err, &se) {
		return fmt.Sprintf("the %s store %s", se.Backend, se.Reason)
	}
	msg := graph.RedactSecrets(err.Error())
	if db := cfg.Store.DB; db != "" {
		msg = strings.ReplaceAll(msg, db, "<store>")
		msg = strings.ReplaceAll(msg, graph.RedactDSN(db), "<store>")
	}
	if cfg.Data != "" {
		if abs, err := filepath.Abs(cfg.Data); err == nil {
			msg = strings.ReplaceAll(msg, abs, "<data>")
		}
		msg = strings.ReplaceAll(msg, filepath.Clean(cfg.Data), "<data>")
	}
	return absPathRe.ReplaceAllString(msg, "${1}<path>")
}
