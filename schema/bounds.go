package schema

import (
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/lexer"
	"github.com/graphql-go/graphql/language/source"
)

// The checks here bound the work graphql-go's parser and validation rules
// do before they start. The parser is linear in the tokens it reads, so the
// token budget bounds it. Validation is not: OverlappingFieldsCanBeMerged
// compares every pair of fields merged at one place of the answer (and
// prints their arguments to compare them), and ArgumentsOfCorrectType
// prints an invalid value at every level of its nesting. The per-place
// field limit and the input depth limit make both linear in the tokens,
// times a constant.

// countTokens returns the number of lexical tokens in body, stopping at
// max+1. A lexical error ends the count early: the parser reports it.
func countTokens(body string, max int) int {
	lex := lexer.Lex(source.NewSource(&source.Source{Body: []byte(body)}))
	n := 0
	for n <= max {
		tok, err := lex(0)
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		n++
	}
	return n
}

// tokensError is the error for a document above Limits.MaxTokens.
func (l Limits) tokensError(n int) *Error {
	return limitError(CodeQueryTooLarge, "maxTokens", l.MaxTokens, n,
		"schema: the query has more than %d tokens (names, values and punctuation)", l.MaxTokens)
}

// shape walks a parsed document once, before validation, and reports the
// first bound it breaks: directives at one location, arguments of one
// field or directive, the nesting and length of input values, and fields
// merged at one place of the answer.
type shape struct {
	lim       Limits
	fragments map[string]*ast.FragmentDefinition
	steps     int
}

// checkShape returns the first limit doc breaks, or nil.
func checkShape(doc *ast.Document, lim Limits) *Error {
	s := &shape{lim: lim, fragments: map[string]*ast.FragmentDefinition{}}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			s.fragments[f.Name.Value] = f
		}
	}
	for _, d := range doc.Definitions {
		switch x := d.(type) {
		case *ast.OperationDefinition:
			if e := s.directives(x.Directives, "the operation"); e != nil {
				return e
			}
			for _, vd := range x.VariableDefinitions {
				if vd.DefaultValue != nil {
					if e := s.value(vd.DefaultValue, "a variable's default value", 1); e != nil {
						return e
					}
				}
			}
			if e := s.selections(x.SelectionSet); e != nil {
				return e
			}
			if e := s.merged([]*ast.SelectionSet{x.SelectionSet}, map[string]bool{}); e != nil {
				return e
			}
		case *ast.FragmentDefinition:
			if e := s.directives(x.Directives, "fragment "+nameOf(x.Name)); e != nil {
				return e
			}
			if e := s.selections(x.SelectionSet); e != nil {
				return e
			}
			if e := s.merged([]*ast.SelectionSet{x.SelectionSet}, map[string]bool{}); e != nil {
				return e
			}
		}
	}
	return nil
}

func nameOf(n *ast.Name) string {
	if n == nil {
		return ""
	}
	return truncate(n.Value, 100)
}

// selections checks the directives and arguments written in set.
func (s *shape) selections(set *ast.SelectionSet) *Error {
	if set == nil {
		return nil
	}
	for _, sel := range set.Selections {
		switch x := sel.(type) {
		case *ast.Field:
			where := "field " + nameOf(x.Name)
			if e := s.directives(x.Directives, where); e != nil {
				return e
			}
			if e := s.arguments(x.Arguments, where); e != nil {
				return e
			}
			if e := s.selections(x.SelectionSet); e != nil {
				return e
			}
		case *ast.InlineFragment:
			if e := s.directives(x.Directives, "an inline fragment"); e != nil {
				return e
			}
			if e := s.selections(x.SelectionSet); e != nil {
				return e
			}
		case *ast.FragmentSpread:
			if e := s.directives(x.Directives, "spread of "+nameOf(x.Name)); e != nil {
				return e
			}
		}
	}
	return nil
}

func (s *shape) directives(ds []*ast.Directive, where string) *Error {
	if len(ds) > s.lim.MaxDirectives {
		return limitError(CodeValidationFailed, "maxDirectives", s.lim.MaxDirectives, len(ds),
			"schema: %s has %d directives; at most %d are allowed at one location", where, len(ds), s.lim.MaxDirectives)
	}
	for _, d := range ds {
		if e := s.arguments(d.Arguments, "directive @"+nameOf(d.Name)); e != nil {
			return e
		}
	}
	return nil
}

func (s *shape) arguments(args []*ast.Argument, where string) *Error {
	if len(args) > s.lim.MaxArguments {
		return limitError(CodeValidationFailed, "maxArguments", s.lim.MaxArguments, len(args),
			"schema: %s has %d arguments; at most %d are allowed", where, len(args), s.lim.MaxArguments)
	}
	for _, a := range args {
		if e := s.value(a.Value, where+" argument "+nameOf(a.Name), 1); e != nil {
			return e
		}
	}
	return nil
}

// value checks the nesting and list lengths of a literal input value, depth
// being the nesting of v itself (1 for a scalar argument).
func (s *shape) value(v ast.Value, where string, depth int) *Error {
	var items []ast.Value
	switch x := v.(type) {
	case *ast.ListValue:
		items = x.Values
	case *ast.ObjectValue:
		items = make([]ast.Value, len(x.Fields))
		for i, f := range x.Fields {
			items[i] = f.Value
		}
	default:
		return nil
	}
	if e := s.lim.container(where, depth, len(items)); e != nil {
		return e
	}
	for _, it := range items {
		if e := s.value(it, where, depth+1); e != nil {
			return e
		}
	}
	return nil
}

// container checks a list or an object of n items at depth against
// MaxInputDepth and MaxListLength.
func (l Limits) container(where string, depth, n int) *Error {
	switch {
	case depth > l.MaxInputDepth:
		return l.inputDepthError(where)
	case n > l.MaxListLength:
		return l.listLengthError(where, n)
	}
	return nil
}

func (l Limits) inputDepthError(where string) *Error {
	return limitError(CodeBadUserInput, "maxInputDepth", l.MaxInputDepth, 0,
		"schema: %s nests lists and objects more than %d deep", where, l.MaxInputDepth)
}

func (l Limits) listLengthError(where string, n int) *Error {
	return limitError(CodeBadUserInput, "maxListLength", l.MaxListLength, n,
		"schema: %s holds %d items; at most %d are allowed", where, n, l.MaxListLength)
}

// merged counts the fields that the answer merges into one key (fields of
// one response name in sets, fragments expanded), level by level, and
// reports a key that merges more than MaxSameNameFields. Fields merged
// under the same type condition must be the same field with the same
// arguments: that conflict is reported here, once, rather than by
// OverlappingFieldsCanBeMerged, which prints the arguments of every pair
// it compares and reports every pair. The walk expands each fragment once
// per place and is bounded by maxSteps.
func (s *shape) merged(sets []*ast.SelectionSet, inFrag map[string]bool) *Error {
	type use struct {
		f    *ast.Field
		cond string // the type condition the field is under; "" for none
	}
	byName := map[string][]use{}
	var order []string
	var collect func(set *ast.SelectionSet, cond string) *Error
	collect = func(set *ast.SelectionSet, cond string) *Error {
		if set == nil {
			return nil
		}
		for _, sel := range set.Selections {
			if s.steps++; s.steps > maxSteps {
				return limitError(CodeCostLimit, "maxCost", s.lim.MaxCost, 0,
					"schema: the query expands to more than %d fields through its fragments; its cost is above %d", maxSteps, s.lim.MaxCost)
			}
			switch x := sel.(type) {
			case *ast.Field:
				name := nameOf(x.Name)
				if x.Alias != nil && x.Alias.Value != "" {
					name = x.Alias.Value
				}
				if _, ok := byName[name]; !ok {
					order = append(order, name)
				}
				for _, u := range byName[name] {
					if u.cond == cond && (nameOf(u.f.Name) != nameOf(x.Name) || !sameArguments(u.f.Arguments, x.Arguments)) {
						return errorf(CodeValidationFailed, "schema: fields merged into the answer's key %q differ in name or arguments; use different aliases", truncate(name, 100))
					}
					if u.cond == cond {
						break // the first one under cond stands for the others
					}
				}
				byName[name] = append(byName[name], use{x, cond})
				if n := len(byName[name]); n > s.lim.MaxSameNameFields {
					return limitError(CodeValidationFailed, "maxSameNameFields", s.lim.MaxSameNameFields, n,
						"schema: %d fields are merged into the answer's key %q; at most %d are allowed", n, truncate(name, 100), s.lim.MaxSameNameFields)
				}
			case *ast.InlineFragment:
				c := cond
				if x.TypeCondition != nil {
					c = nameOf(x.TypeCondition.Name)
				}
				if e := collect(x.SelectionSet, c); e != nil {
					return e
				}
			case *ast.FragmentSpread:
				name := nameOf(x.Name)
				f := s.fragments[name]
				if f == nil || inFrag[name] {
					continue
				}
				c := cond
				if f.TypeCondition != nil {
					c = nameOf(f.TypeCondition.Name)
				}
				inFrag[name] = true
				e := collect(f.SelectionSet, c)
				delete(inFrag, name)
				if e != nil {
					return e
				}
			}
		}
		return nil
	}
	for _, set := range sets {
		if e := collect(set, ""); e != nil {
			return e
		}
	}
	for _, name := range order {
		var children []*ast.SelectionSet
		for _, u := range byName[name] {
			if u.f.SelectionSet != nil {
				children = append(children, u.f.SelectionSet)
			}
		}
		if len(children) > 0 {
			if e := s.merged(children, inFrag); e != nil {
				return e
			}
		}
	}
	return nil
}

// sameArguments reports whether two argument lists are written alike, as
// OverlappingFieldsCanBeMerged compares them (by their printed form).
func sameArguments(a, b []*ast.Argument) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if nameOf(x.Name) == nameOf(y.Name) {
				found = sameValue(x.Value, y.Value)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// sameValue reports whether two literal values are written alike.
func sameValue(a, b ast.Value) bool {
	if a == nil || b == nil || a.GetKind() != b.GetKind() {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case *ast.ListValue:
		y := b.(*ast.ListValue)
		if len(x.Values) != len(y.Values) {
			return false
		}
		for i := range x.Values {
			if !sameValue(x.Values[i], y.Values[i]) {
				return false
			}
		}
		return true
	case *ast.ObjectValue:
		y := b.(*ast.ObjectValue)
		if len(x.Fields) != len(y.Fields) {
			return false
		}
		for i := range x.Fields {
			if nameOf(x.Fields[i].Name) != nameOf(y.Fields[i].Name) || !sameValue(x.Fields[i].Value, y.Fields[i].Value) {
				return false
			}
		}
		return true
	case *ast.Variable:
		return nameOf(x.Name) == nameOf(b.(*ast.Variable).Name)
	}
	return a.GetValue() == b.GetValue()
}

// checkVariableValues bounds the decoded JSON variables as literals are
// bounded: nesting of lists and objects, and their lengths.
func checkVariableValues(vars map[string]any, lim Limits) *Error {
	var walk func(v any, where string, depth int) *Error
	walk = func(v any, where string, depth int) *Error {
		var items []any
		switch x := v.(type) {
		case []any:
			items = x
		case map[string]any:
			if e := lim.container(where, depth, len(x)); e != nil {
				return e
			}
			for _, it := range x {
				if e := walk(it, where, depth+1); e != nil {
					return e
				}
			}
			return nil
		default:
			return nil
		}
		if e := lim.container(where, depth, len(items)); e != nil {
			return e
		}
		for _, it := range items {
			if e := walk(it, where, depth+1); e != nil {
				return e
			}
		}
		return nil
	}
	for name, v := range vars {
		if e := walk(v, "variable $"+truncate(name, 100), 1); e != nil {
			return e
		}
	}
	return nil
}

// scanVariables checks the JSON text of a request's variables as
// checkVariableValues checks decoded ones (nesting and lengths of lists and
// objects) in one pass that allocates nothing, so that a request over the
// bounds is refused before its variables are decoded. Malformed JSON is
// left to the decoder.
func (l Limits) scanVariables(raw []byte) *Error {
	type level struct {
		commas   int
		expected bool // a key of the variables object comes next
	}
	var stack []level // open containers; stack[0] is the variables object
	name, keyStart := "", -1
	inString, escaped := false, false
	for i, c := range raw {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if keyStart >= 0 {
					name, keyStart = truncate(string(raw[keyStart:i]), 100), -1
				}
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			if len(stack) == 1 && stack[0].expected {
				keyStart, stack[0].expected = i+1, false
			}
		case '[', '{':
			stack = append(stack, level{expected: c == '{' && len(stack) == 0})
			if len(stack)-1 > l.MaxInputDepth {
				return l.inputDepthError("variable $" + name)
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) == 0 {
				continue
			}
			top := &stack[len(stack)-1]
			top.commas++
			if len(stack) == 1 {
				top.expected = true
			} else if top.commas+1 > l.MaxListLength {
				return l.listLengthError("variable $"+name, top.commas+1)
			}
		}
	}
	return nil
}
