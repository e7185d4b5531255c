package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
)

// analyticsDoc is the page of analyses, whose examples show real output.
const analyticsDoc = "../docs/analytics.md"

// docExample is a graphql block and the json block after it.
var docExample = regexp.MustCompile("(?s)```graphql\n(.*?)```\n\n```json\n(.*?)```")

// TestAnalyticsDoc runs every query of docs/analytics.md on the seed and
// compares the answer with the JSON shown after it; with -update it writes
// the answers in instead.
func TestAnalyticsDoc(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(analyticsDoc)
	if err != nil {
		t.Fatal(err)
	}
	s := corpusSchema(t, data.FS, "data")
	examples := docExample.FindAllSubmatchIndex(doc, -1)
	if len(examples) < 8 {
		t.Fatalf("%s: %d examples, want at least 8", analyticsDoc, len(examples))
	}
	var out bytes.Buffer
	last := 0
	for _, m := range examples {
		query, shown := doc[m[2]:m[3]], doc[m[4]:m[5]]
		res := s.Do(context.Background(), Request{Query: string(query)})
		if len(res.Errors) > 0 {
			t.Errorf("%s: %s: %+v", analyticsDoc, query, res.Errors)
			continue
		}
		got := docJSON(t, res.Data, "")
		if *update {
			out.Write(doc[last:m[4]])
			out.Write(got)
			out.WriteByte('\n')
			last = m[5]
			continue
		}
		if len(shown) == 0 || !jsonEqual(t, got, shown) {
			t.Errorf("%s: the output of\n%s\nis\n%s\nnot what the page shows (go test ./schema -run TestAnalyticsDoc -update)", analyticsDoc, query, got)
		}
	}
	if *update {
		out.Write(doc[last:])
		if err := os.WriteFile(analyticsDoc, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// docJSON writes v as JSON for reading: a value whose compact form is short
// stays on one line; longer objects and lists take one line per item.
func docJSON(t *testing.T, v any, indent string) []byte {
	t.Helper()
	compact, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if len(compact)+len(indent) <= 100 {
		return compact
	}
	var b strings.Builder
	inner := indent + "  "
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{\n")
		for i, k := range keys {
			name, _ := json.Marshal(k)
			b.WriteString(inner + string(name) + ": " + string(docJSON(t, x[k], inner)))
			if i < len(keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case []any:
		b.WriteString("[\n")
		for i, item := range x {
			b.WriteString(inner + string(docJSON(t, item, inner)))
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	default:
		return compact
	}
	return []byte(b.String())
}
