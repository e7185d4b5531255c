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
