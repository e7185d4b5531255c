package schema

import (
	"github.com/graphql-go/graphql/language/ast"
)

// graphql-go does work that grows with the square of some inputs: a syntax
// error quotes its line with a padding built one byte at a time (quadratic
// in the column), and validation compares every pair of fields with one
// name. The checks here run before those steps and keep them cheap.

// maxLine is the longest line handed to the parser.
const maxLine = 1024

// breakLines returns q with insignificant whitespace and commas outside
// strings and comments turned into newlines, so that no line runs much past
// maxLine bytes. Offsets do not change; line and column numbers do, for
// queries with very long lines only. ok is false when a line is still too
// long (a long string literal, say): such a query should pass the text as
// a variable instead.
func breakLines(q string) (out string, ok bool) {
	b := []byte(q)
	const (
		normal = iota
		str
		block
		comment
	)
	state, lineLen := normal, 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\n' || c == '\r' {
			lineLen = 0
			if state == comment {
				state = normal
			}
			continue
		}
		lineLen++
		switch state {
		case normal:
			switch {
			case c == '#':
				state = comment
			case c == '"' && i+2 < len(b) && b[i+1] == '"' && b[i+2] == '"':
				state, i, lineLen = block, i+2, lineLen+2
			case c == '"':
				state = str
			case (c == ' ' || c == '\t' || c == ',') && lineLen > maxLine/2:
				b[i], lineLen = '\n', 0
			}
		case str:
			switch c {
			case '\\':
				i, lineLen = i+1, lineLen+1
			case '"':
				state = normal
			}
		case block:
			switch {
			case c == '\\' && i+3 < len(b) && string(b[i+1:i+4]) == `"""`:
				i, lineLen = i+3, lineLen+3
			case c == '"' && i+2 < len(b) && b[i+1] == '"' && b[i+2] == '"':
				state, i, lineLen = normal, i+2, lineLen+2
			}
		}
		if lineLen > maxLine {
			return q, false
		}
	}
	return string(b), true
}

// countSelections counts the fields, fragment spreads and inline fragments
// written in doc, fragments counted once.
func countSelections(doc *ast.Document) int {
	n := 0
	var walk func(set *ast.SelectionSet)
	walk = func(set *ast.SelectionSet) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			n++
			switch s := sel.(type) {
			case *ast.Field:
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, d := range doc.Definitions {
		switch x := d.(type) {
		case *ast.OperationDefinition:
			walk(x.SelectionSet)
		case *ast.FragmentDefinition:
			walk(x.SelectionSet)
		}
	}
	return n
}
