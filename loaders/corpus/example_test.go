package corpus_test

import (
	"fmt"
	"os"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
	"github.com/scsgraph/scsgraph/loaders/mention"
)

// Load the embedded corpus into a batch, which a store can then take whole.
func ExampleLoad() {
	b := &graph.Batch{}
	sum, err := corpus.Load(data.FS, "data", b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Entities[graph.KindPublication], "publications,", sum.Entities[graph.KindQuestion], "questions")
	// Output: 7 publications, 4 questions
}

// A corpus with a defect is reported with its file and line, and nothing is written.
func ExampleValidate() {
	dir := "testdata/broken/01-unknown-broader"
	fmt.Println(corpus.Validate(os.DirFS(dir), dir))
	// Output: loaders: testdata/broken/01-unknown-broader/concepts.yaml:7: concept "concept/b": unknown broader "concept/x"
}

// The extractor finds the longest alias, in any case, in Chinese as in English.
func ExampleExtractor_Mentions() {
	x := mention.NewExtractor([]mention.Target{
		{ID: "actor/pboc", Aliases: []string{"People's Bank of China", "PBOC", "中国人民银行"}},
		{ID: "concept/social-credit-system", Aliases: []string{"social credit system", "SCS"}},
		{ID: "concept/credit", Aliases: []string{"credit"}},
	})
	for _, m := range x.Mentions("The People’s Bank of China runs a Social Credit System. 中国人民银行很重要。") {
		fmt.Printf("%s: %s\n", m.ID, m.Sentence)
	}
	// Output:
	// actor/pboc: The People’s Bank of China runs a Social Credit System.
	// concept/social-credit-system: The People’s Bank of China runs a Social Credit System.
	// actor/pboc: 中国人民银行很重要。
}
