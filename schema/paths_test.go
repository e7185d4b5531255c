package schema

import "testing"

// TestPathsQueries checks path and paths with their steering arguments, as
// JSON, and their errors.
func TestPathsQueries(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	runQueryTests(t, s, []queryTest{
		{name: "k shortest paths, shortest first", query: `{ paths(from: "concept/blacklist", to: "person/carol", first: 3) { length nodes { id } edges { predicate } } }`,
			want: `{"paths":[
			{"length":2,"nodes":[{"id":"concept/blacklist"},{"id":"pub/2024-book"},{"id":"person/carol"}],"edges":[{"predicate":"mentions"},{"predicate":"author"}]},
			{"length":3,"nodes":[{"id":"concept/blacklist"},{"id":"concept/scs"},{"id":"pub/2024-book"},{"id":"person/carol"}],"edges":[{"predicate":"broader"},{"predicate":"mentions"},{"predicate":"author"}]},
			{"length":4,"nodes":[{"id":"concept/blacklist"},{"id":"pub/2019-multiple"},{"id":"person/alice"},{"id":"pub/2024-book"},{"id":"person/carol"}],"edges":[{"predicate":"mentions"},{"predicate":"author"},{"predicate":"author"},{"predicate":"author"}]}]}`},
		{name: "paths within maxLength", query: `{ paths(from: "concept/blacklist", to: "person/carol", first: 10, maxLength: 3) { length } }`,
			want: `{"paths":[{"length":2},{"length":3}]}`},
		{name: "paths skipping people", query: `{ paths(from: "concept/blacklist", to: "person/carol", first: 10, maxLength: 5, avoidKinds: [PERSON]) { nodes { id } } }`,
			want: `{"paths":[
			{"nodes":[{"id":"concept/blacklist"},{"id":"pub/2024-book"},{"id":"person/carol"}]},
			{"nodes":[{"id":"concept/blacklist"},{"id":"concept/scs"},{"id":"pub/2024-book"},{"id":"person/carol"}]},
			{"nodes":[{"id":"concept/blacklist"},{"id":"pub/2019-multiple"},{"id":"concept/scs"},{"id":"pub/2024-book"},{"id":"person/carol"}]},
			{"nodes":[{"id":"concept/blacklist"},{"id":"pub/2022-fifty-shades"},{"id":"pub/2019-multiple"},{"id":"concept/scs"},{"id":"pub/2024-book"},{"id":"person/carol"}]}]}`},
		{name: "paths without mentions", query: `{ paths(from: "concept/blacklist", to: "person/carol", avoidPredicates: ["mentions"]) { length } }`,
			want: `{"paths":[]}`},
		{name: "path skipping publications", query: `{ path(from: "concept/blacklist", to: "person/carol", avoidKinds: [PUBLICATION]) { length } }`,
			want: `{"path":null}`},
		{name: "path without authorship", query: `{ path(from: "person/alice", to: "concept/scs", avoidPredicates: ["author"]) { length } }`,
			want: `{"path":null}`},
		{name: "path from a person skipping people", query: `{ path(from: "person/alice", to: "concept/scs", avoidKinds: [PERSON]) { length nodes { id } } }`,
			want: `{"path":{"length":2,"nodes":[{"id":"person/alice"},{"id":"pub/2019-multiple"},{"id":"concept/scs"}]}}`},
		{name: "unknown predicate", query: `{ paths(from: "concept/blacklist", to: "person/carol", avoidPredicates: ["wrote"]) { length } }`,
			codes: []string{CodeBadUserInput}},
		{name: "paths first too large", query: `{ paths(from: "concept/blacklist", to: "person/carol", first: 500) { length } }`,
			codes: []string{CodePageSizeLimit}, limit: "maxPageSize"},
		{name: "paths too long", query: `{ paths(from: "concept/blacklist", to: "person/carol", maxLength: 50) { length } }`,
			codes: []string{CodeBadUserInput}, limit: "maxPathLength"},
		{name: "paths to unknown id", query: `{ paths(from: "concept/blacklist", to: "person/nobody") { length } }`,
			codes: []string{CodeNotFound}},
	})
}
