// Package loaders is what the input packages share: problems, the
// errors of a load that name a file and a line. The inputs are packages
// of their own: loaders/corpus reads the curated YAML corpus,
// loaders/bib reads bibliographies (BibTeX, CSL-JSON, OpenAlex, RIS) and
// resolves their entities, and loaders/mention finds the actors and
// concepts a text mentions. Each turns what it reads into graph.Facts,
// each with its evidence.
package loaders

import (
	"errors"
	"fmt"
	"sort"
)

// Problem is one error at a line of an input file: a corpus file or a
// bibliography.
type Problem struct {
	File string // the display path, such as "data/concepts.yaml"
	Line int    // 0 when the problem is the whole file's
	Msg  string
}

// Error returns "loaders: file:line: msg", or "loaders: file: msg" when
// the line is 0.
func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("loaders: %s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("loaders: %s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems collects errors so that a load reports all of them, not just
// the first.
type Problems struct {
	List []Problem
}

// Add records a problem at a line of a file; the message is formatted as
// by fmt.Sprintf.
func (ps *Problems) Add(file string, line int, format string, args ...any) {
	ps.List = append(ps.List, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the problems sorted by file and line, without repeats,
// joined, or nil when there are none.
func (ps *Problems) Err() error {
	if len(ps.List) == 0 {
		return nil
	}
	sort.SliceStable(ps.List, func(i, j int) bool {
		a, b := ps.List[i], ps.List[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	errs := make([]error, 0, len(ps.List))
	seen := map[string]bool{}
	for _, p := range ps.List {
		if s := p.Error(); !seen[s] {
			seen[s] = true
			errs = append(errs, p)
		}
	}
	return errors.Join(errs...)
}
