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
// graph, so a fixed guess prices them wrong. A root field of object type
// that takes no `first` or `limit`, whose arguments are all integers, and
// whose type has list fields, is resolved during the analysis (once per
// loaded graph and arguments: the answer cannot change) and its lists are
// priced at their real lengths. Execution reuses the resolved value.

// maxWholeItems bounds the list items the resolved whole-graph values kept
// per loaded graph hold together; a larger value is resolved again when it
// is executed.
const maxWholeItems = 1 << 18

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
		if a.Name() == "first" || a.Name() == "limit" || unwrapNonNull(a.Type) != graphql.Int {
			return false
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
	b, _ := json.Marshal(args) // integers only: never fails
	return field + "\x00" + string(b)
}

// resolveWhole returns the value of the whole-graph field def of the root
// type for args, from the cache or by resolving it with resolve.
func (s *Schema) resolveWhole(ctx context.Context, def *graphql.FieldDefinition, args map[string]any, resolve graphql.FieldResolveFn) (wholeValue, error) {
	key := wholeKey(def.Name, args)
	if w, ok := s.whole.get(key); ok {
		return w, nil
	}
	root := s.gql.QueryType()
	v, err := resolve(graphql.ResolveParams{Context: ctx, Args: args,
		Info: graphql.ResolveInfo{FieldName: def.Name, ParentType: root, ReturnType: def.Type, Schema: s.gql}})
	if err != nil {
		return wholeValue{}, err
	}
	w := wholeValue{value: v, sizes: map[string]int{}}
	obj := unwrapNonNull(def.Type).(*graphql.Object)
	for name, f := range obj.Fields() {
		if _, isList := unwrapNonNull(f.Type).(*graphql.List); !isList || f.Resolve == nil {
			continue
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
	s.whole.put(key, w)
	return w, nil
}

// wholeArgs returns the arguments of a whole-graph field as its resolver
// reads them: defaults, then integer literals and variables.
func (a *analysis) wholeArgs(f *ast.Field, def *graphql.FieldDefinition) (map[string]any, bool) {
	args := map[string]any{}
	for _, arg := range def.Args {
		if d, ok := arg.DefaultValue.(int); ok {
			args[arg.Name()] = d
		}
	}
	for _, arg := range f.Arguments {
		v, ok := a.intValue(arg.Value)
		if !ok {
			return nil, false
		}
		args[arg.Name.Value] = v
	}
	return args, true
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
			args := map[string]any{}
			for k, v := range p.Args {
				if n, ok := v.(int); ok {
					args[k] = n
				}
			}
			w, err := s.resolveWhole(p.Context, def, args, resolve)
			return w.value, err
		}
	}
}
