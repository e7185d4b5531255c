package bib_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders/bib"
	"github.com/scsgraph/scsgraph/loaders/corpus"
)

// bibLoad is a corpus and bibliographies loaded into a memory store.
type bibLoad struct {
	batch   *graph.Batch
	corpus  int // facts of the corpus alone
	reports []*bib.Report
	store   *graph.View
}

// loadBib loads the embedded corpus and then each file of testdata/bib,
// in order, through one catalog, and fails on any error.
func loadBib(t *testing.T, opts bib.Options, files ...string) *bibLoad {
	t.Helper()
	l, err := tryLoadBib(t, opts, files...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func tryLoadBib(t *testing.T, opts bib.Options, files ...string) (*bibLoad, error) {
	t.Helper()
	l := &bibLoad{batch: &graph.Batch{}}
	if _, err := corpus.Load(data.FS, "data", l.batch); err != nil {
		t.Fatal(err)
	}
	l.corpus = len(l.batch.Facts)
	cat := bib.NewCatalog()
	cat.Add(l.batch.Facts)
	for _, name := range files {
		f, err := os.Open(filepath.Join("testdata/bib", name))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := bib.Load(name, f, cat, l.batch, opts)
		f.Close()
		l.reports = append(l.reports, rep)
		if err != nil {
			return l, err
		}
	}
	store, st, err := graph.Load(context.Background(), graph.Config{}, l.batch.Facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	l.store = st
	return l, nil
}

// nodeIDs returns the ids of every node of the store, sorted.
func nodeIDs(st *graph.View) []string {
	var out []string
	for _, k := range graph.Kinds() {
		for _, n := range st.List(k) {
			out = append(out, n.ID)
		}
	}
	sort.Strings(out)
	return out
}

// edgesFrom returns the edges leaving id as "predicate target", sorted.
func edgesFrom(st *graph.View, id string) []string {
	var out []string
	for _, e := range st.EdgesOf(id) {
		if e.Source == id {
			out = append(out, e.Predicate.ShortName()+" "+e.Target)
		}
	}
	sort.Strings(out)
	return out
}

// newIDs returns the node ids the bibliographies added to the corpus.
func (l *bibLoad) newIDs(t *testing.T) []string {
	t.Helper()
	store, st, err := graph.Load(context.Background(), graph.Config{}, l.batch.Facts[:l.corpus])
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	old := map[string]bool{}
	for _, id := range nodeIDs(st) {
		old[id] = true
	}
	var out []string
	for _, id := range nodeIDs(l.store) {
		if !old[id] {
			out = append(out, id)
		}
	}
	return out
}

func warnings(reps []*bib.Report) []string {
	var out []string
	for _, r := range reps {
		for _, w := range r.Warnings {
			out = append(out, w.Error())
		}
	}
	return out
}

func TestBibTeXQuirks(t *testing.T) {
	t.Parallel()
	l := loadBib(t, bib.Options{}, "quirks.bib")
	st := l.store
	wantNew := []string{
		"concept/credit-reporting",
		"organization/the-editorial-collective", // a braced name is a corporate author
		"person/francoise-lefevre", "person/frantisek-simek", "person/jane-doe", "person/li-wang", "person/maria-garcia",
		"pub/2019-credit-and-credibility", "pub/2022-a-journal-nobody-defined", "pub/2024-metric-governance-in-east-asia",
		"pub/doi-10.1080-10670564.2021.9999999",
	}
	if got := l.newIDs(t); !reflect.DeepEqual(got, wantNew) {
		t.Errorf("new nodes:\n got %q\nwant %q", got, wantNew)
	}
	wantEdges := map[string][]string{
		"pub/2019-credit-and-credibility": {
			"author person/li-wang", "author person/maria-garcia",
			"isPartOf venue/international-sociology", // through the @string macro ISJ
			"mentions concept/blacklist", "mentions concept/credit",
		},
		"pub/doi-10.1080-10670564.2021.9999999": {
			"author person/francoise-lefevre", "author person/frantisek-simek",
			"isPartOf venue/journal-of-contemporary-china",
			"mentions actor/ndrc", "mentions actor/pboc",
			"mentions concept/blacklist", "mentions concept/credit", "mentions concept/credit-reporting",
			"mentions concept/financial-credit-score",
		},
		"pub/2024-metric-governance-in-east-asia": {"author organization/the-editorial-collective"},
	}
	for id, want := range wantEdges {
		if got := edgesFrom(st, id); !reflect.DeepEqual(got, want) {
			t.Errorf("edges from %s:\n got %q\nwant %q", id, got, want)
		}
	}
	for _, tc := range []struct {
		id, title, pagination, doi string
		year                       int
		typ                        string
		authors                    []string
	}{
		{"pub/2019-credit-and-credibility", "Credit and Credibility: Blacklists in China's Courts", "34(5): 600–619", "",
			2019, "ARTICLE", []string{"person/li-wang", "person/maria-garcia"}},
		{"pub/doi-10.1080-10670564.2021.9999999", "The People's Bank of China and the Credit Reference Center", "30(130): 512–530",
			"10.1080/10670564.2021.9999999", 2021, "ARTICLE", []string{"person/frantisek-simek", "person/francoise-lefevre"}},
		{"pub/2024-metric-governance-in-east-asia", "Metric Governance in East Asia", "", "",
			2024, "BOOK", []string{"organization/the-editorial-collective"}},
	} {
		p, ok := st.Publication(tc.id)
		if !ok {
			t.Errorf("no publication %s", tc.id)
			continue
		}
		got := fmt.Sprint(p.Title, "|", p.Pagination, "|", p.DOI, "|", p.Year, "|", p.Type, "|", p.Authors)
		want := fmt.Sprint(tc.title, "|", tc.pagination, "|", tc.doi, "|", tc.year, "|", tc.typ, "|", tc.authors)
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.id, got, want)
		}
		if imported, _ := p.Bool(graph.Imported); !imported {
			t.Errorf("%s is not marked imported", tc.id)
		}
	}
	for id, name := range map[string]string{
		"person/maria-garcia":                   "María García",      // Garc{\'\i}a
		"person/frantisek-simek":                "František Šimek",   // {\v{S}}imek, Franti{\v{s}}ek
		"person/francoise-lefevre":              "Françoise Lefèvre", // Lef{\`e}vre, Fran{\c{c}}oise
		"person/li-wang":                        "Li Wang",
		"organization/the-editorial-collective": "The Editorial Collective", // a braced name, kept whole: an organisation
	} {
		if n, ok := st.Node(id); !ok || n.Str(graph.Name) != name {
			t.Errorf("%s: name %q, want %q", id, n.Str(graph.Name), name)
		}
	}
	// 中国人民银行 in the abstract links to the PBOC, with its sentence.
	e, ok := st.Edge("pub/doi-10.1080-10670564.2021.9999999", graph.Mentions, "actor/pboc")
	if !ok {
		t.Fatal("no mention of actor/pboc")
	}
	var quotes []string
	for _, ev := range e.Evidence {
		quotes = append(quotes, ev.Quote)
		if ev.File != "quirks.bib" || ev.Line != 24 {
			t.Errorf("mention evidence at %s:%d, want quirks.bib:24", ev.File, ev.Line)
		}
	}
	want := "We follow the credit reference center of the 中国人民银行 since 2006."
	if !slices.Contains(quotes, want) {
		t.Errorf("mention quotes %q lack %q", quotes, want)
	}
	if len(e.Evidence) != 3 {
		t.Errorf("PBOC mention has %d pieces of evidence, want 3 (title, two sentences)", len(e.Evidence))
	}
	// Every quad's label names the file and the record's line.
	for _, f := range l.batch.Facts[l.corpus:] {
		if f.Evidence.File != "quirks.bib" || !slices.Contains([]int{8, 24, 37, 44}, f.Evidence.Line) {
			t.Errorf("fact %s %s has evidence %s:%d", f.Subject, f.Pred.ShortName(), f.Evidence.File, f.Evidence.Line)
		}
	}
}

func TestBrokenRecords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file     string
		warnings []string
		skips    int      // how many of the warnings are records skipped
		loaded   []string // publications that still load
	}{
		// An undefined macro is empty, as BibTeX has it: the entry loads,
		// without a venue, and the warning says so.
		{"quirks.bib", []string{
			`loaders: quirks.bib:19: entry "broken_2020": unclosed brace at line 20`,
			`loaders: quirks.bib:37: entry "macro_missing_2022": field journal: undefined @string macro "UndefinedJournal": read as empty, as BibTeX does`,
		}, 1, []string{"pub/2019-credit-and-credibility", "pub/2022-a-journal-nobody-defined", "pub/2024-metric-governance-in-east-asia", "pub/doi-10.1080-10670564.2021.9999999"}},
		// An item whose date has no year loads, with its year unknown.
		{"broken-items.json", []string{
			`loaders: broken-items.json:9: item "author_is_a_string": field "author": want a list, not string`,
			`loaders: broken-items.json:16: item "no_year": issued {"literal": "spring"}: year "spring" is not a year: the year is left unknown`,
		}, 1, []string{"pub/2021-a-good-item", "pub/an-item-issued-in-spring"}},
		{"broken-works.jsonl", []string{
			`loaders: broken-works.jsonl:2: record "W2": JSON syntax: unexpected end of JSON input`,
			`loaders: broken-works.jsonl:3: work "W3": no title`,
		}, 2, []string{"pub/openalex-w1"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			l := loadBib(t, bib.Options{}, tc.file)
			if got := warnings(l.reports); !reflect.DeepEqual(got, tc.warnings) {
				t.Errorf("warnings:\n got %q\nwant %q", got, tc.warnings)
			}
			for _, id := range tc.loaded {
				if _, ok := l.store.Publication(id); !ok {
					t.Errorf("good record %s did not load", id)
				}
			}
			if n := l.reports[0].Count("skip", ""); n != tc.skips {
				t.Errorf("report skips %d records, want %d", n, tc.skips)
			}

			strict, err := tryLoadBib(t, bib.Options{Strict: true}, tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.warnings[0]) {
				t.Fatalf("strict load: error %v, want one containing %q", err, tc.warnings[0])
			}
			if len(strict.batch.Facts) != strict.corpus {
				t.Errorf("strict load wrote %d facts", len(strict.batch.Facts)-strict.corpus)
			}
		})
	}
}

// The same bibliography in BibTeX, CSL-JSON, OpenAlex and RIS loads into the
// same graph: the same nodes, the same edges, the same counts.
func TestFormatsOneGraph(t *testing.T) {
	t.Parallel()
	type graphShape struct {
		stats graph.Stats
		ids   []string
		edges []string
	}
	shape := func(file string) graphShape {
		st := loadBib(t, bib.Options{}, file).store
		var edges []string
		for _, e := range st.AllEdges() {
			edges = append(edges, e.Source+" "+e.Predicate.ShortName()+" "+e.Target)
		}
		return graphShape{st.Stats(), nodeIDs(st), edges}
	}
	want := shape("library.bib")
	for _, p := range []string{"pub/doi-10.5555-jcg.2021.0006", "pub/doi-10.5555-cqr.2020.0012", "pub/doi-10.5555-hdc.2022.0007",
		"person/jurgen-muller", "person/mei-zhang", "person/wei-chen",
		"venue/journal-of-chinese-governance", "venue/handbook-of-digital-china",
		"concept/court-enforcement", "concept/municipal-pilots"} {
		if !slices.Contains(want.ids, p) {
			t.Errorf("library.bib: no node %s", p)
		}
	}
	for _, file := range []string{"library.json", "library.jsonl", "library.ris"} {
		got := shape(file)
		if !reflect.DeepEqual(got.stats, want.stats) {
			t.Errorf("%s: stats %+v, want those of library.bib %+v", file, got.stats, want.stats)
		}
		if !reflect.DeepEqual(got.ids, want.ids) {
			t.Errorf("%s: node ids differ from library.bib:\n got %q\nwant %q", file, got.ids, want.ids)
		}
		if !reflect.DeepEqual(got.edges, want.edges) {
			t.Errorf("%s: edges differ from library.bib", file)
		}
	}
}

// Loading the seed corpus and then a BibTeX file that holds two of its
// publications merges them: no duplicates, and the evidence of both
// sources on the same node.
func TestSeedMerge(t *testing.T) {
	t.Parallel()
	l := loadBib(t, bib.Options{}, "seed-overlap.bib")
	st := l.store
	if got := l.newIDs(t); !reflect.DeepEqual(got, []string{
		"person/c-liu", "person/qiang-zhao", "pub/2018-soil-credit-rural-lending-cooperatives-in-anhui", "venue/rural-finance-letters",
	}) {
		t.Errorf("new nodes %q: want only the unrelated work, its venue and its authors", got)
	}
	dois := map[string]string{}
	for _, n := range st.List(graph.KindPublication) {
		for _, d := range n.Strs(graph.DOI) {
			if first, dup := dois[strings.ToLower(d)]; dup {
				t.Errorf("DOI %s on %s and %s", d, first, n.ID)
			}
			dois[strings.ToLower(d)] = n.ID
		}
		if titles := n.Strs(graph.Name); len(titles) > 1 {
			t.Errorf("%s has %d titles: %q", n.ID, len(titles), titles)
		}
	}
	files := func(evs []graph.Evidence) []string {
		var out []string
		for _, e := range evs {
			out = appendUniqueString(out, fmt.Sprintf("%s:%d", e.File, e.Line))
		}
		return out
	}
	for _, tc := range []struct {
		pub, doi string
		bibLine  int
	}{
		{"pub/2023-black-or-fifty-shades-of-grey", "10.1080/10670564.2022.2128638", 4},
		{"pub/2022-who-supports-expanding-surveillance", "10.1177/02685809221084446", 13},
	} {
		evs := files(st.PropertyEvidence(tc.pub, graph.DOI))
		bib := fmt.Sprintf("seed-overlap.bib:%d", tc.bibLine)
		if len(evs) != 2 || !strings.HasPrefix(evs[0], "data/publications.yaml:") || evs[1] != bib {
			t.Errorf("%s: DOI evidence %q, want data/publications.yaml and %s", tc.pub, evs, bib)
		}
		e, ok := st.Edge(tc.pub, graph.Author, "person/chuncheng-liu")
		if !ok {
			t.Fatalf("%s: no author edge to person/chuncheng-liu", tc.pub)
		}
		if evs := files(e.Evidence); len(evs) != 2 || evs[1] != bib {
			t.Errorf("%s: author evidence %q, want the YAML file and %s", tc.pub, evs, bib)
		}
	}
	// "Liu, C." is Chuncheng Liu on the merged work, whose authors agree,
	// but another person on an unrelated work with unknown co-authors.
	rep := l.reports[0].String()
	for _, want := range []string{
		`merge pub/2023-black-or-fifty-shades-of-grey`, `same DOI 10.1080/10670564.2022.2128638`,
		`author "C. Liu": "C. Liu" matches "Chuncheng Liu", an author of the same work`,
		`add   person/c-liu`,
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	if got := st.Out("pub/2018-soil-credit-rural-lending-cooperatives-in-anhui", graph.Author); !slices.Contains(got, "person/c-liu") {
		t.Errorf("authors of the unrelated work: %q", got)
	}
}

func appendUniqueString(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

func TestOpenAlexWorks(t *testing.T) {
	t.Parallel()
	l := loadBib(t, bib.Options{}, "works.json")
	st := l.store
	citing := "pub/openalex-w4307000002"
	// W4307000001 merged into the seed publication by DOI; W4307000003
	// comes later in the file; W1000000000 is not loaded.
	if got, want := edgesFrom(st, citing), []string{
		"author person/hao-lin", "author person/sofia-berg",
		"cites pub/2023-black-or-fifty-shades-of-grey", "cites pub/doi-10.5555-lws.2022.0001",
		"mentions actor/pboc", "mentions concept/credit", "mentions concept/credit-reference",
		"mentions concept/credit-reporting", "mentions concept/credit-reporting-systems", "mentions concept/social-credit-system",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("edges from %s:\n got %q\nwant %q", citing, got, want)
	}
	p, _ := st.Publication("pub/2023-black-or-fifty-shades-of-grey")
	if !reflect.DeepEqual(p.CitedBy, []string{citing}) {
		t.Errorf("cited by %q", p.CitedBy)
	}
	sub, err := st.CitationGraph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Nodes) != 3 || len(sub.Edges) != 2 {
		t.Errorf("citation graph: %d nodes, %d edges; want 3 and 2", len(sub.Nodes), len(sub.Edges))
	}
	// Institutions become organisations, not actors of social credit (not
	// even the PBOC's namesake), with their ROR ids.
	for person, org := range map[string]string{"person/hao-lin": "organization/people-s-bank-of-china",
		"person/sofia-berg": "organization/nordic-institute-of-asian-finance"} {
		if _, ok := st.Edge(person, graph.Affiliation, org); !ok {
			t.Errorf("no affiliation %s -> %s", person, org)
		}
	}
	if n, _ := st.Node("organization/nordic-institute-of-asian-finance"); n == nil || !slices.Equal(n.Strs(graph.SameAs), []string{"<https://ror.org/00example1>"}) {
		t.Errorf("organization/nordic-institute-of-asian-finance: sameAs %q, want its ROR id", n.Strs(graph.SameAs))
	}
	if got := st.List(graph.KindActor); slices.ContainsFunc(got, func(n *graph.Node) bool { return n.Has(graph.Imported) }) {
		t.Error("an OpenAlex institution became an actor")
	}
	// "S. Berg" with Sofia Berg's ORCID is Sofia Berg.
	if got := st.Out("pub/doi-10.5555-lws.2022.0001", graph.Author); !reflect.DeepEqual(got, []string{"person/sofia-berg"}) {
		t.Errorf("authors of W4307000003: %q", got)
	}
	for _, c := range []string{"concept/credit-reporting", "concept/credit-reporting-systems", "concept/credit-reference"} {
		if n, ok := st.Node(c); !ok || !n.Has(graph.Imported) {
			t.Errorf("%s: missing or not marked imported", c)
		}
	}
	if _, ok := st.Node("concept/political-science"); ok {
		t.Error("a low-scored OpenAlex concept was imported")
	}
	// Each work's evidence is its OpenAlex address and the line of its '{'.
	for id, line := range map[string]int{citing: 57, "pub/doi-10.5555-lws.2022.0001": 214} {
		evs := st.PropertyEvidence(id, graph.Name)
		if len(evs) != 1 || evs[0].Line != line || !strings.HasPrefix(evs[0].URL, "https://openalex.org/W") {
			t.Errorf("%s: title evidence %+v, want line %d and an OpenAlex URL", id, evs, line)
		}
	}
	if got := p.Abstract; strings.Contains(got, "中国人民银行") {
		t.Errorf("the seed abstract was replaced: %q", got)
	}
	a, _ := st.Publication(citing)
	if !strings.HasPrefix(a.Abstract, "Since 2006 the 中国人民银行 has run") {
		t.Errorf("abstract from the inverted index: %q", a.Abstract)
	}
}

// Loading the same file twice, or a dry run, changes nothing.
func TestLoadTwiceAndDryRun(t *testing.T) {
	t.Parallel()
	once := loadBib(t, bib.Options{}, "library.bib")
	twice := loadBib(t, bib.Options{}, "library.bib", "library.bib")
	if a, b := once.store.Stats(), twice.store.Stats(); !reflect.DeepEqual(a, b) {
		t.Errorf("stats after one load %+v, after two %+v", a, b)
	}
	if n := twice.reports[1].Count("add", ""); n != 0 {
		t.Errorf("second load added %d nodes:\n%s", n, twice.reports[1])
	}
	if a, b := warnings(twice.reports[1:]), warnings(once.reports); !reflect.DeepEqual(a, b) {
		t.Errorf("second load warns %q, the first %q (a key seen in an earlier file is no repeat)", a, b)
	}
	dry := loadBib(t, bib.Options{DryRun: true}, "library.bib")
	if len(dry.batch.Facts) != dry.corpus {
		t.Errorf("dry run wrote %d facts", len(dry.batch.Facts)-dry.corpus)
	}
	if a, b := dry.reports[0].String(), once.reports[0].String(); a != b {
		t.Errorf("dry-run report differs:\n%s\nwant\n%s", a, b)
	}
}

// The format is told by the content: a .ris file loads as RIS, and only
// content that is no bibliography, in a file whose extension tells
// nothing, is refused.
func TestUnknownFormat(t *testing.T) {
	t.Parallel()
	rep, err := bib.Load("refs.ris", strings.NewReader("TY  - JOUR\nTI  - A Title\nPY  - 2020\nER  - \n"), bib.NewCatalog(), &graph.Batch{}, bib.Options{})
	if err != nil || rep.Format != "ris" || rep.Count("add", graph.KindPublication) != 1 {
		t.Errorf("refs.ris: error %v, report %v", err, rep)
	}
	_, err = bib.Load("refs.txt", strings.NewReader("hello"), bib.NewCatalog(), &graph.Batch{}, bib.Options{})
	if err == nil || !strings.Contains(err.Error(), `loaders: refs.txt: unknown bibliography format: the content is not BibTeX`) {
		t.Errorf("error %v", err)
	}
	_, err = bib.Load("refs.json", strings.NewReader("[\n{\"id\": 1,\n"), bib.NewCatalog(), &graph.Batch{}, bib.Options{})
	if err == nil || !strings.Contains(err.Error(), "loaders: refs.json:") {
		t.Errorf("error %v", err)
	}
}

// Nothing is skipped silently: in every quirk fixture, each record read is
// a work added, a work merged, or a skip with its reason.
func TestEveryRecordCounted(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir("testdata/bib/quirks")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".want.json") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			f, err := os.Open(filepath.Join("testdata/bib/quirks", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rep, err := bib.Load(e.Name(), f, bib.NewCatalog(), &graph.Batch{}, bib.Options{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			added, merged, skipped := rep.Count("add", graph.KindPublication), rep.Count("merge", graph.KindPublication), rep.Count("skip", "")
			if (rep.Records == 0) != (e.Name() == "definitions.bib") || added+merged+skipped != rep.Records {
				t.Errorf("%d records read, but %d added + %d merged + %d skipped:\n%s", rep.Records, added, merged, skipped, rep)
			}
			for _, a := range rep.Actions {
				if a.Verb == "skip" && (a.Reason == "" || a.Line == 0) {
					t.Errorf("a skip without a reason or a line: %+v", a)
				}
			}
		})
	}
}
