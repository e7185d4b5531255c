package schema

import (
	"encoding/json"

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

// fragmentCycle returns the name of a fragment that spreads itself,
// directly or through others, or "". graphql-go's validation rules follow
// spreads before the rule that reports cycles has run, and overflow the
// stack on a cycle (a crash no recover catches), so this runs first.
func fragmentCycle(doc *ast.Document) string {
	spreads := map[string][]string{}
	var collect func(name string, set *ast.SelectionSet)
	collect = func(name string, set *ast.SelectionSet) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				collect(name, s.SelectionSet)
			case *ast.InlineFragment:
				collect(name, s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Name != nil {
					spreads[name] = append(spreads[name], s.Name.Value)
				}
			}
		}
	}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			collect(f.Name.Value, f.SelectionSet)
		}
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(name string) string
	visit = func(name string) string {
		switch state[name] {
		case visiting:
			return name
		case done:
			return ""
		}
		state[name] = visiting
		for _, next := range spreads[name] {
			if c := visit(next); c != "" {
				return c
			}
		}
		state[name] = done
		return ""
	}
	for name := range spreads {
		if c := visit(name); c != "" {
			return c
		}
	}
	return ""
}

// checkVariables checks that each variable's JSON value has the JSON type
// its declared scalar type takes. graphql-go coerces anything into an ID or
// a String (an object becomes "map[x:1]"); the spec does not.
func checkVariables(op *ast.OperationDefinition, vars map[string]any) *Error {
	for _, vd := range op.VariableDefinitions {
		if vd.Variable == nil || vd.Variable.Name == nil {
			continue
		}
		name := vd.Variable.Name.Value
		v, ok := vars[name]
		if !ok || v == nil {
			continue // graphql-go reports missing non-null variables
		}
		if !fitsType(vd.Type, v) {
			return errorf(CodeBadUserInput, "schema: variable $%s: a JSON %s does not fit type %s", truncate(name, 100), jsonKind(v), typeString(vd.Type))
		}
	}
	return nil
}

// fitsType reports whether a decoded JSON value fits a GraphQL input type
// as far as built-in scalars go; other named types are left to graphql-go.
func fitsType(t ast.Type, v any) bool {
	if v == nil {
		return true
	}
	switch x := t.(type) {
	case *ast.NonNull:
		return fitsType(x.Type, v)
	case *ast.List:
		items, ok := v.([]any)
		if !ok {
			return fitsType(x.Type, v) // a single value is coerced to a list of one
		}
		for _, it := range items {
			if !fitsType(x.Type, it) {
				return false
			}
		}
		return true
	case *ast.Named:
		if x.Name == nil {
			return true
		}
		switch x.Name.Value {
		case "ID":
			_, s := v.(string)
			return s || isNumber(v)
		case "String":
			_, ok := v.(string)
			return ok
		case "Boolean":
			_, ok := v.(bool)
			return ok
		case "Int", "Float":
			return isNumber(v)
		}
	}
	return true
}

// isNumber reports whether v is a number as JSON decoding or a Go caller
// gives it.
func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, int, int32, int64, json.Number:
		return true
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64, float32, int, int32, int64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}

func typeString(t ast.Type) string {
	switch x := t.(type) {
	case *ast.NonNull:
		return typeString(x.Type) + "!"
	case *ast.List:
		return "[" + typeString(x.Type) + "]"
	case *ast.Named:
		if x.Name != nil {
			return x.Name.Value
		}
	}
	return "?"
}
