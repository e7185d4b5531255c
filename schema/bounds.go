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
	switch x := v.(type) {
	case *ast.ListValue:
		if depth > s.lim.MaxInputDepth {
			return s.lim.inputDepthError(where)
		}
		if len(x.Values) > s.lim.MaxListLength {
			return s.lim.listLengthError(where, len(x.Values))
		}
		for _, it := range x.Values {
			if e := s.value(it, where, depth+1); e != nil {
				return e
			}
		}
	case *ast.ObjectValue:
		if depth > s.lim.MaxInputDepth {
			return s.lim.inputDepthError(where)
		}
		if len(x.Fields) > s.lim.MaxListLength {
			return s.lim.listLengthError(where, len(x.Fields))
		}
		for _, f := range x.Fields {
			if e := s.value(f.Value, where, depth+1); e != nil {
				return e
			}
		}
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
// reports a key that merges more than MaxSameNameFields. The walk expands
// each fragment once per place and is bounded by maxSteps.
func (s *shape) merged(sets []*ast.SelectionSet, inFrag map[string]bool) *Error {
	byName := map[string][]*ast.Field{}
	var order []string
	var collect func(set *ast.SelectionSet) *Error
	collect = func(set *ast.SelectionSet) *Error {
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
				byName[name] = append(byName[name], x)
				if n := len(byName[name]); n > s.lim.MaxSameNameFields {
					return limitError(CodeValidationFailed, "maxSameNameFields", s.lim.MaxSameNameFields, n,
						"schema: %d fields are merged into the answer's key %q; at most %d are allowed", n, truncate(name, 100), s.lim.MaxSameNameFields)
				}
			case *ast.InlineFragment:
				if e := collect(x.SelectionSet); e != nil {
					return e
				}
			case *ast.FragmentSpread:
				name := nameOf(x.Name)
				f := s.fragments[name]
				if f == nil || inFrag[name] {
					continue
				}
				inFrag[name] = true
				e := collect(f.SelectionSet)
				delete(inFrag, name)
				if e != nil {
					return e
				}
			}
		}
		return nil
	}
	for _, set := range sets {
		if e := collect(set); e != nil {
			return e
		}
	}
	for _, name := range order {
		var children []*ast.SelectionSet
		for _, f := range byName[name] {
			if f.SelectionSet != nil {
				children = append(children, f.SelectionSet)
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

// checkVariableValues bounds the decoded JSON variables as literals are
// bounded: nesting of lists and objects, and their lengths.
func checkVariableValues(vars map[string]any, lim Limits) *Error {
	var walk func(v any, where string, depth int) *Error
	walk = func(v any, where string, depth int) *Error {
		switch x := v.(type) {
		case []any:
			if depth > lim.MaxInputDepth {
				return lim.inputDepthError(where)
			}
			if len(x) > lim.MaxListLength {
				return lim.listLengthError(where, len(x))
			}
			for _, it := range x {
				if e := walk(it, where, depth+1); e != nil {
					return e
				}
			}
		case map[string]any:
			if depth > lim.MaxInputDepth {
				return lim.inputDepthError(where)
			}
			if len(x) > lim.MaxListLength {
				return lim.listLengthError(where, len(x))
			}
			for _, it := range x {
				if e := walk(it, where, depth+1); e != nil {
					return e
				}
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
