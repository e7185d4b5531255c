package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// Institutions of OpenAlex authorships load as organisations, shown by
// GraphQL with their type, ROR address and members, linked from their
// people and found by search; they are not actors.
func TestOrganizationsFromOpenAlex(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "x.bolt")
	if out, errOut, code := runCLI(t, "load", "--store", "bolt", "--db", db, bibFixture("works.json")); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	q := `{ org: node(id: "organization/nordic-institute-of-asian-finance") { kind label
	    ... on Organization { name type ror members { id } } }
	  person: node(id: "person/hao-lin") { ... on Person { organizations { id } } }
	  organizations { nodes { id } }
	  found: search(text: "Nordic Institute", kinds: [ORGANIZATION]) { node { id } }
	  actors(first: 100) { nodes { id } } }`
	out, errOut, code := runCLI(t, "query", q, "--store", "bolt", "--db", db)
	if code != 0 {
		t.Fatalf("query: exit %d\n%s", code, errOut)
	}
	var got struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := map[string]any{}
	if err := json.Unmarshal([]byte(`{
	  "org": {"kind": "ORGANIZATION", "label": "Nordic Institute of Asian Finance", "name": "Nordic Institute of Asian Finance",
	    "type": "UNIVERSITY", "ror": "https://ror.org/00example1", "members": [{"id": "person/sofia-berg"}]},
	  "person": {"organizations": [{"id": "organization/people-s-bank-of-china"}]},
	  "organizations": {"nodes": [{"id": "organization/nordic-institute-of-asian-finance"}, {"id": "organization/people-s-bank-of-china"}]},
	  "found": [{"node": {"id": "organization/nordic-institute-of-asian-finance"}}]
	}`), &want); err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		assertJSON(t, got.Data[k], w)
	}
	for _, a := range got.Data["actors"].(map[string]any)["nodes"].([]any) {
		if id := a.(map[string]any)["id"].(string); id == "actor/nordic-institute-of-asian-finance" {
			t.Errorf("the institution became an actor: %s", id)
		}
	}
}
