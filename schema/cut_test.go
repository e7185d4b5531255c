package schema

import "testing"

// The whole-graph networks obey the node limit: the best-connected nodes,
// the edges among them, and truncated; a limit above maxSubgraphNodes is
// refused with the limit's name. A person's co-authors are a list with
// first, like the other co-occurrence lists.
func TestWholeGraphLimits(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{MaxSubgraphNodes: 50})
	runQueryTests(t, s, []queryTest{
		{name: "coauthor graph cut", query: `{ coauthorGraph(limit: 2) { nodes { id } edges { source target weight } truncated } }`,
			want: `{"coauthorGraph":{"nodes":[{"id":"person/alice"},{"id":"person/bob"}],
			"edges":[{"source":"person/alice","target":"person/bob","weight":1}],"truncated":true}}`},
		{name: "coauthor graph whole", query: `{ coauthorGraph(limit: 3) { nodes { id } truncated } }`,
			want: `{"coauthorGraph":{"nodes":[{"id":"person/alice"},{"id":"person/bob"},{"id":"person/carol"}],"truncated":false}}`},
		{name: "concept graph cut", query: `{ conceptGraph(limit: 1) { nodes { id } edges { source } truncated } }`,
			want: `{"conceptGraph":{"nodes":[{"id":"concept/blacklist"}],"edges":[],"truncated":true}}`},
		{name: "citation graph cut", query: `{ citationGraph(limit: 1) { nodes { id } edges { source } truncated } }`,
			want: `{"citationGraph":{"nodes":[{"id":"pub/2019-multiple"}],"edges":[],"truncated":true}}`},
		{name: "coauthor limit too large", query: `{ coauthorGraph(limit: 51) { truncated } }`, codes: []string{CodePageSizeLimit}, limit: "maxSubgraphNodes"},
		{name: "coauthors of a person, first", query: `{ node(id: "person/alice") { ... on Person { coauthors(first: 1) { person { id } count } } } }`,
			want: `{"node":{"coauthors":[{"person":{"id":"person/bob"},"count":1}]}}`},
		{name: "coauthors of a person, first too large", query: `{ node(id: "person/alice") { ... on Person { coauthors(first: 101) { count } } } }`,
			codes: []string{CodePageSizeLimit}, limit: "maxPageSize"},
		{name: "coauthor limit zero", query: `{ coauthorGraph(limit: 0) { truncated } }`, codes: []string{CodeBadUserInput}},
	})
}
