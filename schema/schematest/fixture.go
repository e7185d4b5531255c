// Package schematest holds the fixtures that the tests of schema and its
// transport share.
package schematest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// Seed loads the embedded corpus into a memory store and returns its
// view: what the benchmarks of the schema and its transport run over.
func Seed(t testing.TB) *graph.View {
	t.Helper()
	ctx := context.Background()
	batch := &graph.Batch{}
	if _, err := corpus.Load(data.FS, "data", batch); err != nil {
		t.Fatal(err)
	}
	st, err := graph.Open(ctx, graph.Config{Backend: "memory"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Write(ctx, batch.Facts); err != nil {
		t.Fatal(err)
	}
	v, err := st.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Fixture writes a small corpus with every kind of node: three
// publications by three people, mentioning concepts and actors, with a
// question, a method, a place, a venue, a finding and a myth.
func Fixture(t testing.TB) *graph.View {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	line := 0
	ev := func() graph.Evidence {
		line++
		return graph.Evidence{Source: "source/page", File: "fixture.yaml", Line: line}
	}
	var facts []graph.Fact
	add := func(subj string, pred graph.Predicate, objs ...any) {
		for _, o := range objs {
			facts = append(facts, graph.Fact{Subject: subj, Pred: pred, Object: o, Evidence: ev()})
		}
	}
	zh := func(s string) graph.LangString { return graph.LangString{Text: s, Lang: "zh"} }

	add("source/page", graph.RDFSLabel, "Research page")
	add("source/page", graph.Name, "Research page")

	add("person/alice", graph.RDFSLabel, "Alice Liu")
	add("person/alice", graph.Name, "Alice Liu")
	add("person/alice", graph.NameZh, zh("刘爱"))
	add("person/alice", graph.Affiliation, "University A")
	add("person/bob", graph.RDFSLabel, "Bob Chen")
	add("person/bob", graph.Name, "Bob Chen")
	add("person/carol", graph.RDFSLabel, "Carol Wu")
	add("person/carol", graph.Name, "Carol Wu")

	add("venue/journal-a", graph.RDFSLabel, "Journal A")
	add("venue/journal-a", graph.Name, "Journal A")
	add("venue/journal-a", graph.Publisher, "Press A")

	add("question/unified", graph.RDFSLabel, "Is there one unified system?")
	add("question/unified", graph.Text, "Is there one unified system?")
	add("question/unified", graph.Description, "Many assume there is one.")
	add("question/unified", graph.Position, 1)
	add("question/scores", graph.RDFSLabel, "Does everyone have a score?")
	add("question/scores", graph.Position, 2)

	add("method/survey", graph.RDFSLabel, "national survey")
	add("method/survey", graph.Name, "national survey")
	add("method/survey", graph.AltLabel, "national surveys")
	add("place/meritown", graph.RDFSLabel, "Meritown")
	add("place/meritown", graph.Name, "Meritown")
	add("place/meritown", graph.Description, "a northern Chinese city")

	add("concept/scs", graph.RDFSLabel, "social credit system")
	add("concept/scs", graph.PrefLabel, "social credit system")
	add("concept/blacklist", graph.RDFSLabel, "blacklist")
	add("concept/blacklist", graph.PrefLabel, "blacklist")
	add("concept/blacklist", graph.AltLabel, "blacklists", zh("黑名单"))
	add("concept/blacklist", graph.Definition, "A list of untrustworthy parties.")
	add("concept/blacklist", graph.Broader, graph.ID("concept/scs"))
	add("concept/score", graph.RDFSLabel, "credit score")
	add("concept/score", graph.PrefLabel, "credit score")
	add("concept/score", graph.Related, graph.ID("concept/blacklist"))

	add("actor/pboc", graph.RDFSLabel, "People's Bank of China")
	add("actor/pboc", graph.Name, "People's Bank of China")
	add("actor/pboc", graph.Acronym, "PBOC")
	add("actor/pboc", graph.NameZh, zh("中国人民银行"))
	add("actor/pboc", graph.AltLabel, "central bank")
	add("actor/pboc", graph.ActorType, "STATE_AGENCY")
	add("actor/ndrc", graph.RDFSLabel, "National Development and Reform Commission")
	add("actor/ndrc", graph.Acronym, "NDRC")
	add("actor/ndrc", graph.ActorType, "STATE_AGENCY")

	p1 := "pub/2019-multiple"
	add(p1, graph.RDFSLabel, "Multiple Social Credit Systems in China")
	facts = append(facts, graph.Fact{Subject: p1, Pred: graph.Name, Object: "Multiple Social Credit Systems in China",
		Evidence: graph.Evidence{URL: "https://econpapers.repec.org/RePEc:osf:socarx:v9frs", File: "publications.yaml", Line: 3}})
	add(p1, graph.TitleKnown, true)
	add(p1, graph.DatePublished, 2019)
	add(p1, graph.PubType, "ARTICLE")
	add(p1, graph.IsPartOf, graph.ID("venue/journal-a"))
	add(p1, graph.Pagination, "21(1): 22–32")
	add(p1, graph.Abstract, "Beyond the blacklist, the PBOC runs a credit system.")
	add(p1, graph.Author, graph.ID("person/alice"))
	add(p1, graph.AuthorOrder, "person/alice")
	add(p1, graph.AuthorOrderKnown, true)
	add(p1, graph.Answers, graph.ID("question/unified"))
	add(p1, graph.UsesMethod, graph.ID("method/survey"))
	add(p1, graph.Location, graph.ID("place/meritown"))
	facts = append(facts, graph.Fact{Subject: p1, Pred: graph.Mentions, Object: graph.ID("concept/blacklist"),
		Evidence: graph.Evidence{Source: p1, Quote: "Beyond the blacklist", File: "publications.yaml", Line: 9}})
	add(p1, graph.Mentions, graph.ID("concept/scs"), graph.ID("actor/pboc"))

	p2 := "pub/2022-fifty-shades"
	add(p2, graph.RDFSLabel, "Black or Fifty Shades of Grey?")
	add(p2, graph.Name, "Black or Fifty Shades of Grey?")
	add(p2, graph.TitleKnown, true)
	add(p2, graph.DatePublished, 2022)
	add(p2, graph.PubType, "ARTICLE")
	add(p2, graph.DOI, "10.1177/02685809221084446")
	add(p2, graph.Preprint, "SocArXiv v9frs")
	add(p2, graph.Author, graph.ID("person/bob"), graph.ID("person/alice"))
	add(p2, graph.AuthorOrder, "person/bob person/alice")
	add(p2, graph.AuthorOrderKnown, true)
	add(p2, graph.Mentions, graph.ID("concept/blacklist"), graph.ID("concept/score"), graph.ID("actor/pboc"), graph.ID("actor/ndrc"))
	add(p2, graph.Cites, graph.ID(p1))

	p3 := "pub/2024-book"
	add(p3, graph.RDFSLabel, "A book on social credit (in progress)")
	add(p3, graph.Description, "A book on social credit (in progress)")
	add(p3, graph.TitleKnown, false)
	add(p3, graph.DatePublished, 2024)
	add(p3, graph.PubType, "BOOK")
	add(p3, graph.Status, "in progress")
	add(p3, graph.Author, graph.ID("person/alice"), graph.ID("person/carol"))
	add(p3, graph.AuthorOrderKnown, false)
	add(p3, graph.Mentions, graph.ID("concept/scs"), graph.ID("concept/blacklist"))

	add("claim/one-database", graph.RDFSLabel, "The SCS is one centralized database.")
	add("claim/one-database", graph.Text, "The SCS is one centralized database.")
	add("claim/one-database", graph.Quote, "Many assume the SCS is a single, centralized database.")
	add("claim/one-database", graph.Myth, true)
	add("finding/multiple", graph.RDFSLabel, "There are multiple SCSs.")
	add("finding/multiple", graph.Text, "There are multiple SCSs.")
	add("finding/multiple", graph.Quote, "there are in fact multiple SCSs")
	add("finding/multiple", graph.ReportedIn, graph.ID(p1))
	add("finding/multiple", graph.Contradicts, graph.ID("claim/one-database"))

	if _, err := st.Write(ctx, facts); err != nil {
		t.Fatal(err)
	}
	v, err := st.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// JSONEqual reports whether two JSON texts hold the same value.
func JSONEqual(t *testing.T, got, want []byte) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v\n%s", err, want)
	}
	return reflect.DeepEqual(g, w)
}
