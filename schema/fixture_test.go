package schema

import (
	"testing"

	"github.com/scsgraph/scsgraph/schema/schematest"
)

// jsonEqual reports whether two JSON texts hold the same value.
var jsonEqual = schematest.JSONEqual

// newTestSchema builds the schema over the fixture.
func newTestSchema(t testing.TB, lim Limits) *Schema {
	t.Helper()
	s, err := New(schematest.Fixture(t), lim)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
