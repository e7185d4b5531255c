package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/scsgraph/scsgraph/data"
)

// seed holds the texts the corpus is built from.
type seed struct {
	page, bibliography, design string
}

// readSeed reads shared/seed from $SCSGRAPH_SEED_DIR or beside the repository,
// and skips the test when it is not there.
func readSeed(t *testing.T) seed {
	t.Helper()
	// shared/seed beside the repository, or beside the directory that holds
	// a worktree of it.
	dirs := []string{filepath.Join("..", "..", "shared", "seed"), filepath.Join("..", "..", "..", "shared", "seed")}
	if d := os.Getenv("SCSGRAPH_SEED_DIR"); d != "" {
		dirs = append([]string{d}, dirs...)
	}
	for _, dir := range dirs {
		page, err := os.ReadFile(filepath.Join(dir, "research-page.txt"))
		if err != nil {
			continue
		}
		bib, err := os.ReadFile(filepath.Join(dir, "bibliography.md"))
		if err != nil {
			t.Fatalf("%s has the research page but not the bibliography: %v", dir, err)
		}
		design, err := os.ReadFile(filepath.Join(dir, "..", "DESIGN.md"))
		if err != nil {
			t.Fatalf("no DESIGN.md beside %s: %v", dir, err)
		}
		return seed{page: string(page), bibliography: string(bib), design: string(design)}
	}
	t.Skipf("no seed (research-page.txt) in %v; set SCSGRAPH_SEED_DIR", dirs)
	return seed{}
}

// entries decodes one corpus file into generic mappings.
func entries(t *testing.T, name string) []map[string]any {
	t.Helper()
	b, err := data.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// oneSpace collapses runs of white space, so that text wrapped in the
// bibliography compares with text on one line.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// fold lower-cases s and straightens curly apostrophes.
func fold(s string) string { return strings.ToLower(strings.ReplaceAll(oneSpace(s), "’", "'")) }

func TestFidelityPublications(t *testing.T) {
	t.Parallel()
	sd := readSeed(t)
	lines := strings.Split(sd.page, "\n")
	questions := map[string]string{} // id -> text
	for _, q := range entries(t, "questions.yaml") {
		questions[q["id"].(string)] = q["text"].(string)
	}
	isHeading := func(l string) bool {
		for _, q := range questions {
			if l == q {
				return true
			}
		}
		return l == "Metricocracy"
	}
	bib := oneSpace(sd.bibliography)
	for _, p := range entries(t, "publications.yaml") {
		id := p["id"].(string)
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			abstract := p["abstract"].(string)
			if !strings.Contains(sd.page, abstract) {
				t.Fatalf("abstract is not an exact substring of the research page")
			}
			first := strings.SplitN(abstract, "\n", 2)[0]
			at := -1
			for i, l := range lines {
				if l == first {
					at = i
				}
			}
			if at < 1 {
				t.Fatalf("abstract does not start a line of the page")
			}
			if year, ok := p["year"]; ok {
				if got := lines[at-1]; got != strconv.Itoa(year.(int)) {
					t.Errorf("year %v, but the line before the abstract is %q", year, got)
				}
			}
			heading := ""
			for i := at - 1; i >= 0; i-- {
				if isHeading(lines[i]) {
					heading = lines[i]
					break
				}
			}
			if q, ok := p["question"]; ok {
				if want := questions[q.(string)]; heading != want {
					t.Errorf("question %v is %q, but the heading above the abstract is %q", q, want, heading)
				}
			} else if heading != p["title"] {
				t.Errorf("no question, and the heading above the abstract %q is not the title %q", heading, p["title"])
			}
			for _, field := range []string{"title", "doi", "citation", "published"} {
				if v, ok := p[field]; ok && !strings.Contains(bib, oneSpace(yamlString(v))) {
					t.Errorf("%s %q is not in bibliography.md", field, v)
				}
			}
			if pre, ok := p["preprints"].([]any); ok {
				for _, v := range pre {
					if !strings.Contains(bib, v.(string)) {
						t.Errorf("preprint %q is not in bibliography.md", v)
					}
				}
			}
		})
	}
}

// yamlString renders a scalar the YAML decoder typed (a date, a number) as text.
func yamlString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case interface{ Format(string) string }: // time.Time
		return v.Format("2006-01-02")
	default:
		b, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
}

func TestFidelityQuestions(t *testing.T) {
	t.Parallel()
	sd := readSeed(t)
	lines := strings.Split(sd.page, "\n")
	for _, q := range entries(t, "questions.yaml") {
		text, intro := q["text"].(string), q["intro"].(string)
		at := -1
		for i, l := range lines {
			if l == text {
				at = i
			}
		}
		if at < 0 || at+1 >= len(lines) {
			t.Errorf("%v: text %q is not a line of the page", q["id"], text)
			continue
		}
		if lines[at+1] != intro {
			t.Errorf("%v: intro is not the paragraph under the question", q["id"])
		}
	}
}

// TestFidelityQuotes checks that every quote and definition is in the
// research page or the bibliography, exactly.
func TestFidelityQuotes(t *testing.T) {
	t.Parallel()
	sd := readSeed(t)
	var walk func(file, path string, v any)
	walk = func(file, path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "quote" || k == "definition") {
					if !strings.Contains(sd.page, s) && !strings.Contains(sd.bibliography, s) {
						t.Errorf("%s %s.%s: %q is in neither the page nor the bibliography", file, path, k, s)
					}
				}
				walk(file, path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(file, path+"["+strconv.Itoa(i)+"]", x)
			}
		}
	}
	names, err := data.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		for _, e := range entries(t, n.Name()) {
			name := e["id"]
			if name == nil {
				name = e["key"] // sources.yaml: an entry without an id has a key
			}
			walk(n.Name(), fmt.Sprint(name), e)
		}
	}
}

// TestFidelityNames checks that names, aliases and labels are words of the
// sources: the mention extractor looks for them, so none is made up.
func TestFidelityNames(t *testing.T) {
	t.Parallel()
	sd := readSeed(t)
	all := fold(sd.page + "\n" + sd.bibliography + "\n" + sd.design)
	check := func(file string, e map[string]any, fields ...string) {
		for _, f := range fields {
			var vals []any
			switch v := e[f].(type) {
			case string:
				vals = []any{v}
			case []any:
				vals = v
			}
			for _, v := range vals {
				if !strings.Contains(all, fold(v.(string))) {
					t.Errorf("%s %v: %s %q is in none of the page, the bibliography and DESIGN.md", file, e["id"], f, v)
				}
			}
		}
	}
	for _, e := range entries(t, "concepts.yaml") {
		check("concepts.yaml", e, "label", "altLabels")
	}
	for _, e := range entries(t, "actors.yaml") {
		check("actors.yaml", e, "acronym", "nameZh", "aliases")
	}
	for _, e := range entries(t, "people.yaml") {
		check("people.yaml", e, "name", "nameZh")
	}
	for _, e := range entries(t, "venues.yaml") {
		check("venues.yaml", e, "name")
	}
	for _, e := range entries(t, "sources.yaml") {
		if u, ok := e["url"].(string); ok && !strings.Contains(sd.bibliography, strings.TrimPrefix(u, "https://doi.org/")) {
			t.Errorf("sources.yaml %v: url %q is not in bibliography.md", e["key"], u)
		}
	}
}
