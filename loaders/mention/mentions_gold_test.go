package mention_test

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
	"github.com/scsgraph/scsgraph/loaders/corpus"
	"github.com/scsgraph/scsgraph/loaders/mention"
)

// goldMention is one judged mention edge of testdata/mentions-gold.yaml.
type goldMention struct {
	Pub     string `yaml:"pub"`
	Target  string `yaml:"target"`
	Negated bool   `yaml:"negated"`
	Verdict string `yaml:"verdict"` // correct, wrong or missed
	Reason  string `yaml:"reason"`
}

func (g goldMention) key() string {
	return fmt.Sprintf("%s -> %s (negated %v)", g.Pub, g.Target, g.Negated)
}

func readGold(t *testing.T) map[string]goldMention {
	t.Helper()
	b, err := os.ReadFile("testdata/mentions-gold.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list []goldMention
	if err := yaml.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	gold := map[string]goldMention{}
	for _, g := range list {
		if g.Verdict != "correct" && g.Verdict != "wrong" && g.Verdict != "missed" || g.Reason == "" {
			t.Fatalf("gold %s: verdict %q, reason %q: want correct, wrong or missed, and a reason", g.key(), g.Verdict, g.Reason)
		}
		if _, dup := gold[g.key()]; dup {
			t.Fatalf("gold %s is judged twice", g.key())
		}
		gold[g.key()] = g
	}
	return gold
}

// TestMentionGold compares the mention edges that extraction finds in the
// embedded corpus with the judged edges of testdata/mentions-gold.yaml, for
// the corpus loader's Extractor and for the one the bibliography import
// builds from a Catalog, and reports precision and recall.
func TestMentionGold(t *testing.T) {
	t.Parallel()
	gold := readGold(t)
	targets, texts, err := corpus.MentionInputs(data.FS, "data")
	if err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", b); err != nil {
		t.Fatal(err)
	}
	cat := bib.NewCatalog()
	cat.Add(b.Facts)
	for _, tc := range []struct {
		name string
		x    *mention.Extractor
	}{
		{"corpus", mention.NewExtractor(targets)},
		{"import catalog", cat.Extractor()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			found := map[string]goldMention{}
			for _, ft := range texts {
				for _, m := range tc.x.Mentions(ft.Text) {
					g := goldMention{Pub: ft.Pub, Target: m.ID, Negated: m.Negated}
					found[g.key()] = g
				}
			}
			correct, wrong := 0, 0
			for k := range found {
				g, ok := gold[k]
				switch {
				case !ok:
					t.Errorf("unjudged mention %s: judge it in testdata/mentions-gold.yaml", k)
				case g.Verdict == "wrong":
					wrong++
					t.Errorf("wrong mention %s: %s", k, g.Reason)
				case g.Verdict == "missed":
					t.Errorf("mention %s is now found: mark it correct in the gold file", k)
				default:
					correct++
				}
			}
			relevant := 0
			var lost []string
			for k, g := range gold {
				if g.Verdict == "wrong" {
					continue
				}
				relevant++
				if _, ok := found[k]; !ok && g.Verdict == "correct" {
					lost = append(lost, k)
				}
			}
			sort.Strings(lost)
			for _, k := range lost {
				t.Errorf("lost correct mention %s: %s", k, gold[k].Reason)
			}
			if len(found) == 0 || relevant == 0 {
				t.Fatal("no mentions found or judged")
			}
			t.Logf("%d mention edges found: %d correct, %d wrong; %d true mentions judged: precision %.3f, recall %.3f",
				len(found), correct, wrong, relevant, float64(correct)/float64(len(found)), float64(correct)/float64(relevant))
		})
	}
}
