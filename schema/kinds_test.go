package schema

import (
	"testing"

	"github.com/scsgraph/scsgraph/graph"
)

// TestKindsInSchema checks that the schema shows each kind of graph's
// registry under the registry's names: its object type with its
// description, its value of the enum Kind, and its field of Query.
func TestKindsInSchema(t *testing.T) {
	t.Parallel()
	type named struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	var got struct {
		Schema struct {
			QueryType struct {
				Fields []named `json:"fields"`
			} `json:"queryType"`
			Types []named `json:"types"`
		} `json:"__schema"`
		Kind struct {
			EnumValues []named `json:"enumValues"`
		} `json:"kind"`
	}
	do(t, newTestSchema(t, Limits{}), `{ __schema { queryType { fields { name description } } types { name description } }
		kind: __type(name: "Kind") { enumValues { name description } } }`, nil, &got)
	index := func(ns []named) map[string]string {
		m := map[string]string{}
		for _, n := range ns {
			m[n.Name] = n.Description
		}
		return m
	}
	types, enum, fields := index(got.Schema.Types), index(got.Kind.EnumValues), index(got.Schema.QueryType.Fields)
	if len(enum) != len(graph.KindTable()) {
		t.Errorf("the enum Kind has %d values, the registry %d kinds", len(enum), len(graph.KindTable()))
	}
	for _, k := range graph.KindTable() {
		if d, ok := types[k.Type]; !ok || d != k.Description {
			t.Errorf("%s: type %s described %q (%v), want %q", k.Kind, k.Type, d, ok, k.Description)
		}
		if d, ok := enum[k.Enum]; !ok || d != k.Description {
			t.Errorf("%s: enum value %s described %q (%v), want %q", k.Kind, k.Enum, d, ok, k.Description)
		}
		if _, ok := fields[k.List]; !ok {
			t.Errorf("%s: Query has no field %s", k.Kind, k.List)
		}
	}
}

// TestTypeEnums checks that the enums PublicationType and ActorType hold
// the values of graph's registry, and that each publication type has a
// class.
func TestTypeEnums(t *testing.T) {
	t.Parallel()
	var got struct {
		Pub   struct{ EnumValues []struct{ Name string } } `json:"pub"`
		Actor struct{ EnumValues []struct{ Name string } } `json:"actor"`
	}
	do(t, newTestSchema(t, Limits{}), `{ pub: __type(name: "PublicationType") { enumValues { name } }
		actor: __type(name: "ActorType") { enumValues { name } } }`, nil, &got)
	names := func(vs []struct{ Name string }) map[string]bool {
		m := map[string]bool{}
		for _, v := range vs {
			m[v.Name] = true
		}
		return m
	}
	for _, tc := range []struct {
		enum string
		got  map[string]bool
		want []string
	}{
		{"PublicationType", names(got.Pub.EnumValues), graph.PublicationTypes()},
		{"ActorType", names(got.Actor.EnumValues), graph.ActorTypes()},
	} {
		if len(tc.got) != len(tc.want) {
			t.Errorf("%s has %d values, the registry %d", tc.enum, len(tc.got), len(tc.want))
		}
		for _, v := range tc.want {
			if !tc.got[v] {
				t.Errorf("%s has no value %s", tc.enum, v)
			}
		}
	}
	for _, typ := range graph.PublicationTypes() {
		if graph.PublicationClass(typ) == "" {
			t.Errorf("publication type %s has no class", typ)
		}
	}
	if c := graph.PublicationClass("POSTER"); c != "" {
		t.Errorf("PublicationClass(POSTER) = %q, want none", c)
	}
}
