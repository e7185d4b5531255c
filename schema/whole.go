package schema

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// Whole-graph fields (conceptGraph, coauthorGraph, citationGraph, and any
// root field like them) return an object whose lists can hold the whole
// graph, so a fixed guess prices them wrong (their `limit` bounds the
// nodes, not the edges among them). A root field of object type that takes
// no `first` and whose type has list fields is resolved during the
// analysis (once per loaded graph and arguments: the answer cannot change)
// and its lists are priced at their real lengths. Execution reuses the
// resolved value.

// maxWholeItems bounds the list items the resolved whole-graph values kept
// per loaded graph hold together; a larger value is resolved again when it
// is executed.
const maxWholeItems = 1 << 18

// analysedLists are list fields computed by an analysis of the value
// (Louvain communities): pricing does not run them, and they cost the
// usual guess.
var analysedLists = map[string]bool{"communities": true}

// wholeValue is a whole-graph field's resolved value and the lengths of
// its type's list fields.
type wholeValue struct {
	value any
	sizes map[string]int
	items int
}

// isWhole reports whether def, a field of the root type, is priced by its
// resolved value.
func isWhole(def *graphql.FieldDefinition) bool {
	obj, ok := unwrapNonNull(def.Type).(*graphql.Object)
	if !ok || def.Resolve == nil {
		return false
	}
	for _, a := range def.Args {
		if a.Name() == "first" {
			return false // a page of a connection, priced by first
		}
	}
	for _, f := range obj.Fields() {
		if _, isList := unwrapNonNull(f.Type).(*graphql.List); isList {
			return true
		}
	}
	return false
}

// wholeKey keys a whole-graph field's value by field and arguments.
func wholeKey(field string, args map[string]any) string {
	b, err := json.Marshal(args) // coerced input values: numbers, strings, lists and maps
	if err != nil {
		return field + "\x00" + reflect.ValueOf(args).String()
	}
	return field + "\x00" + string(b)
}

// resolveWhole returns the value of the whole-graph field def of the root
// type for args, from the cache or by resolving it with resolve.
func (s *Schema) resolveWhole(ctx context.Context, def *graphql.FieldDefinition, args map[string]any, resolve graphql.FieldResolveFn) (wholeValue, error) {
	key := wholeKey(def.Name, args)
	if w, ok := s.whole.Get(key); ok {
		return w, nil
	}
	root := s.gql.QueryType()
	v, err := resolve(graphql.ResolveParams{Context: ctx, Args: args,
		Info: graphql.ResolveInfo{FieldName: def.Name, ParentType: root, ReturnType: def.Type, Schema: s.gql}})
	if err != nil {
		return wholeValue{}, err
	}
	w := wholeValue{value: v, sizes: map[string]int{}}
	if rv := reflect.ValueOf(v); v == nil || rv.Kind() == reflect.Pointer && rv.IsNil() {
		s.whole.Put(key, w) // null (path between unconnected nodes): no lists
		return w, nil
	}
	obj := unwrapNonNull(def.Type).(*graphql.Object)
	for name, f := range obj.Fields() {
		if _, isList := unwrapNonNull(f.Type).(*graphql.List); !isList || f.Resolve == nil || len(f.Args) > 0 || analysedLists[name] {
			continue // priced by their arguments (centrality) or by the usual guess
		}
		items, err := f.Resolve(graphql.ResolveParams{Context: ctx, Source: v,
			Info: graphql.ResolveInfo{FieldName: name, ParentType: obj, ReturnType: f.Type, Schema: s.gql}})
		if err != nil {
			return wholeValue{}, err
		}
		if rv := reflect.ValueOf(items); rv.Kind() == reflect.Slice {
			w.sizes[name] = rv.Len()
			w.items += rv.Len()
		}
	}
	s.whole.Put(key, w)
	return w, nil
}

// wholeArgs returns the arguments of a whole-graph field as its resolver
// reads them: defaults, then literals and variables coerced to their
// input types as graphql-go coerces them.
func (a *analysis) wholeArgs(f *ast.Field, def *graphql.FieldDefinition) (map[string]any, bool) {
	args := map[string]any{}
	types := map[string]graphql.Input{}
	for _, arg := range def.Args {
		types[arg.Name()] = arg.Type
		if arg.DefaultValue != nil {
			args[arg.Name()] = arg.DefaultValue
		}
	}
	for _, arg := range f.Arguments {
		t, known := types[arg.Name.Value]
		if !known {
			return nil, false
		}
		v, ok := a.inputValue(t, arg.Value)
		if !ok {
			return nil, false
		}
		if v == nil {
			delete(args, arg.Name.Value)
			continue
		}
		args[arg.Name.Value] = v
	}
	return args, true
}

// inputValue coerces a literal or a variable to input type t, or reports
// that it cannot (the field is then priced by the usual guesses, and
// validation reports what is wrong). The documents that reach it passed
// the depth and length limits, so the recursion is bounded.
func (a *analysis) inputValue(t graphql.Input, v ast.Value) (any, bool) {
	if x, ok := v.(*ast.Variable); ok {
		if x.Name == nil {
			return nil, false
		}
		if raw, ok := a.vars[x.Name.Value]; ok {
			return coerceVariable(t, raw)
		}
		if d, ok := a.varDefs[x.Name.Value]; ok {
			return a.inputValue(t, d)
		}
		return nil, true // an absent variable without a default: no value
	}
	switch tt := unwrapNonNull(t).(type) {
	case *graphql.Scalar:
		out := tt.ParseLiteral(v)
		return out, out != nil
	case *graphql.Enum:
		out := tt.ParseLiteral(v)
		return out, out != nil
	case *graphql.List:
		items := []ast.Value{v}
		if l, ok := v.(*ast.ListValue); ok {
			items = l.Values
		}
		out := make([]any, 0, len(items))
		for _, item := range items {
			x, ok := a.inputValue(tt.OfType, item)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	case *graphql.InputObject:
		obj, ok := v.(*ast.ObjectValue)
		if !ok {
			return nil, false
		}
		out := map[string]any{}
		fields := tt.Fields()
		for name, f := range fields {
			if f.DefaultValue != nil {
				out[name] = f.DefaultValue
			}
		}
		for _, of := range obj.Fields {
			f, known := fields[of.Name.Value]
			if !known {
				return nil, false
			}
			x, ok := a.inputValue(f.Type, of.Value)
			if !ok {
				return nil, false
			}
			out[of.Name.Value] = x
		}
		return out, true
	}
	return nil, false
}

// coerceVariable coerces a decoded JSON variable to input type t.
func coerceVariable(t graphql.Input, raw any) (any, bool) {
	if raw == nil {
		return nil, true
	}
	switch tt := unwrapNonNull(t).(type) {
	case *graphql.Scalar:
		out := tt.ParseValue(raw)
		return out, out != nil
	case *graphql.Enum:
		out := tt.ParseValue(raw)
		return out, out != nil
	case *graphql.List:
		items, isList := raw.([]any)
		if !isList {
			items = []any{raw}
		}
		out := make([]any, 0, len(items))
		for _, item := range items {
			x, ok := coerceVariable(tt.OfType, item)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	case *graphql.InputObject:
		m, isMap := raw.(map[string]any)
		if !isMap {
			return nil, false
		}
		out := map[string]any{}
		for name, f := range tt.Fields() {
			rv, given := m[name]
			if !given {
				if f.DefaultValue != nil {
					out[name] = f.DefaultValue
				}
				continue
			}
			x, ok := coerceVariable(f.Type, rv)
			if !ok {
				return nil, false
			}
			out[name] = x
		}
		return out, true
	}
	return nil, false
}

// wholeResolvers has the whole-graph fields of the root type answer from
// the values the analysis resolved. It runs after guardResolvers: the
// resolvers it wraps are guarded.
func (s *Schema) wholeResolvers() {
	s.wholeRaw = map[string]graphql.FieldResolveFn{}
	for _, def := range s.gql.QueryType().Fields() {
		if !isWhole(def) {
			continue
		}
		def, resolve := def, def.Resolve
		s.wholeRaw[def.Name] = resolve
		def.Resolve = func(p graphql.ResolveParams) (any, error) {
			p.Context = requestContext(p.Context)
			if p.Context.Err() != nil {
				return zeroValue(p.Info.ReturnType), nil
			}
			w, err := s.resolveWhole(p.Context, def, p.Args, resolve)
			return w.value, err
		}
	}
}
