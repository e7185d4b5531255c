package schema

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
)

// TestArgRanges checks the ranges fields declare for their integer
// arguments against the schema: every Int argument with a name that has a
// limit (first, limit, depth, maxLength, minWeight) has a range, and every
// range names an Int argument of its field.
func TestArgRanges(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	limited := []string{"first", "limit", "depth", "maxLength", "minWeight"}
	seen := map[string]bool{}
	for name, typ := range s.gql.TypeMap() {
		obj, ok := typ.(*graphql.Object)
		if !ok || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range obj.Fields() {
			field := name + "." + f.Name
			for _, a := range f.Args {
				if a.Type != graphql.Int {
					continue
				}
				_, ok := s.ranges[field][a.Name()]
				if ok {
					seen[field+"("+a.Name()+")"] = true
				}
				if !ok && slices.Contains(limited, a.Name()) {
					t.Errorf("%s(%s: Int) declares no range", field, a.Name())
				}
			}
		}
	}
	n := 0
	for field, rs := range s.ranges {
		for arg := range rs {
			n++
			if !seen[field+"("+arg+")"] {
				t.Errorf("%s declares a range for %s, which is not one of its Int arguments", field, arg)
			}
		}
	}
	if n < 20 {
		t.Errorf("%d ranges declared; the schema has more integer arguments with limits", n)
	}
}

// TestEveryResolverGuarded calls every field's resolver with a parent it
// does not expect and no arguments: each is wrapped where it is declared,
// so none panics; a resolver that fails answers an INTERNAL error.
func TestEveryResolverGuarded(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	n := 0
	for name, typ := range s.gql.TypeMap() {
		obj, ok := typ.(*graphql.Object)
		if !ok || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range obj.Fields() {
			if f.Resolve == nil {
				continue
			}
			n++
			field := name + "." + f.Name
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s panicked: %v", field, r)
					}
				}()
				_, err := f.Resolve(graphql.ResolveParams{Source: struct{}{}, Args: map[string]any{}, Context: context.Background(),
					Info: graphql.ResolveInfo{FieldName: f.Name, ParentType: obj, ReturnType: f.Type}})
				var e *Error
				if err != nil && (!errors.As(err, &e) || e.Code == "") {
					t.Errorf("%s: error without a code: %v", field, err)
				}
			}()
		}
	}
	if n < 100 {
		t.Errorf("%d resolvers called; the schema has more", n)
	}
}
