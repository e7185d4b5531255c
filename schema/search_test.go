package schema

import "testing"

// TestSearchExplains checks, as JSON, that search hits say which field and
// form matched and whether the query matched as typed.
func TestSearchExplains(t *testing.T) {
	t.Parallel()
	s := newTestSchema(t, Limits{})
	runQueryTests(t, s, []queryTest{
		{name: "typo", query: `{ search(text: "blaclist", first: 1) { node { id } matchedField matchedForm exact } }`,
			want: `{"search":[{"node":{"id":"concept/blacklist"},"matchedField":"label","matchedForm":"blacklist","exact":false}]}`},
		{name: "acronym, full-width", query: `{ search(text: "ＰＢＯＣ", first: 1) { node { id } matchedField matchedForm exact } }`,
			want: `{"search":[{"node":{"id":"actor/pboc"},"matchedField":"acronym","matchedForm":"PBOC","exact":true}]}`},
		{name: "author and year", query: `{ search(text: "Liu 2022", kinds: [PUBLICATION]) { node { id } matchedField matchedForm exact } }`,
			want: `{"search":[{"node":{"id":"pub/2022-fifty-shades"},"matchedField":"author + year","matchedForm":"Alice Liu + 2022","exact":true}]}`},
		{name: "Chinese substring", query: `{ search(text: "人民银", first: 1) { node { id } matchedForm exact } }`,
			want: `{"search":[{"node":{"id":"actor/pboc"},"matchedForm":"中国人民银行","exact":true}]}`},
	})
}
