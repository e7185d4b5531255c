package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/scsgraph/scsgraph/data"
	"github.com/scsgraph/scsgraph/data/synth"
	"github.com/scsgraph/scsgraph/graph"
)

// factList builds facts with distinct evidence lines from (subject,
// predicate, object) triples.
type factList []graph.Fact

func (fl *factList) add(subj string, pred graph.Predicate, objs ...any) {
	for _, o := range objs {
		*fl = append(*fl, graph.Fact{Subject: subj, Pred: pred, Object: o,
			Evidence: graph.Evidence{Source: "source/test", File: "test.yaml", Line: len(*fl) + 1}})
	}
}

func (fl *factList) pub(id string, year int, mentions ...string) {
	fl.add(id, graph.RDFSLabel, id)
	if year != 0 {
		fl.add(id, graph.DatePublished, year)
	}
	for _, m := range mentions {
		fl.add(id, graph.Mentions, graph.ID(m))
	}
}

func storeOf(t *testing.T, facts []graph.Fact) *graph.View {
	t.Helper()
	store, st, err := openMemory(facts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return st
}

// measureCorpus is the hand-made graph of TestMeasures: five publications
// (p5 mentions nothing, p4 is of 2021), so that nA = nB = 3, nC = 2,
// nD = 1, n = 5, and AB and AC are shared by two publications, BC and BD
// by one.
func measureCorpus(t *testing.T) *graph.View {
	var fl factList
	fl.pub("pub/p1", 2020, "concept/a", "concept/b", "concept/c")
	fl.pub("pub/p2", 2020, "concept/a", "concept/b")
	fl.pub("pub/p3", 2020, "concept/a", "concept/c")
	fl.pub("pub/p4", 2021, "concept/b", "concept/d")
	fl.pub("pub/p5", 2020)
	return storeOf(t, fl)
}

func TestMeasures(t *testing.T) {
	t.Parallel()
	st := measureCorpus(t)
	ctx := context.Background()
	// The weights of AB, AC, BC and BD, worked out by hand from the counts.
	tests := []struct {
		measure graph.Measure
		years   graph.YearRange
		want    map[string]float64
	}{
		{graph.MeasureCount, graph.YearRange{}, map[string]float64{"a-b": 2, "a-c": 2, "b-c": 1, "b-d": 1}},
		{graph.MeasureAssociation, graph.YearRange{}, map[string]float64{"a-b": 2.0 / 9, "a-c": 2.0 / 6, "b-c": 1.0 / 6, "b-d": 1.0 / 3}},
		{graph.MeasureJaccard, graph.YearRange{}, map[string]float64{"a-b": 0.5, "a-c": 2.0 / 3, "b-c": 0.25, "b-d": 1.0 / 3}},
		{graph.MeasureCosine, graph.YearRange{}, map[string]float64{"a-b": 0.6666666666666666, "a-c": 0.8164965809277261, "b-c": 0.4082482904638631, "b-d": 0.5773502691896258}},
		{graph.MeasurePMI, graph.YearRange{}, map[string]float64{"a-b": 0.15200309344505006, "a-c": 0.7369655941662062, "b-c": -0.2630344058337938, "b-d": 0.7369655941662062}},
		// 2020 only: p4 drops out, so nB = 2, n = 4, and BD disappears.
		{graph.MeasureJaccard, graph.YearRange{From: 2020, To: 2020}, map[string]float64{"a-b": 2.0 / 3, "a-c": 2.0 / 3, "b-c": 1.0 / 3}},
		{graph.MeasurePMI, graph.YearRange{To: 2020}, map[string]float64{"a-b": math.Log2(2 * 4.0 / 6), "a-c": math.Log2(2 * 4.0 / 6), "b-c": math.Log2(4.0 / 4)}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%d-%d", tt.measure, tt.years.From, tt.years.To), func(t *testing.T) {
			t.Parallel()
			sub, err := st.MentionNetwork(ctx, graph.NetworkOptions{Measure: tt.measure, Years: tt.years})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, e := range sub.Edges {
				got[e.Source[len("concept/"):]+"-"+e.Target[len("concept/"):]] = e.Weight
			}
			if len(got) != len(tt.want) {
				t.Fatalf("edges = %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if math.Abs(got[k]-w) > 1e-12 {
					t.Errorf("%s = %.15g, want %.15g", k, got[k], w)
				}
			}
			// The list of one node agrees with the network.
			co, err := st.Cooccurring(ctx, "concept/a", graph.Mentions, graph.NetworkOptions{Kinds: []graph.Kind{graph.KindConcept}, Measure: tt.measure, Years: tt.years})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range co {
				if k := "a-" + c.ID[len("concept/"):]; math.Abs(c.Score-tt.want[k]) > 1e-12 {
					t.Errorf("cooccurring a: %s = %.15g, want %.15g", k, c.Score, tt.want[k])
				}
			}
		})
	}
	// Edges keep the publications behind them.
	sub, err := st.MentionNetwork(ctx, graph.NetworkOptions{Measure: graph.MeasureCosine})
	if err != nil {
		t.Fatal(err)
	}
	var via []string
	for _, ev := range sub.Edges[0].Evidence {
		via = append(via, ev.Source)
	}
	if sub.Edges[0].Source != "concept/a" || sub.Edges[0].Target != "concept/b" || !reflect.DeepEqual(via, []string{"pub/p1", "pub/p2"}) {
		t.Errorf("first edge %s-%s via %v, want concept/a-concept/b via [pub/p1 pub/p2]", sub.Edges[0].Source, sub.Edges[0].Target, via)
	}
}

// exported is a network and our analysis of it, as the networkx check reads it.
type exported struct {
	Name        string             `json:"name"`
	Nodes       []string           `json:"nodes"`
	Edges       [][3]any           `json:"edges"` // source, target, weight; python adds up repeats
	PageRank    map[string]float64 `json:"pagerank"`
	Betweenness map[string]float64 `json:"betweenness"` // nil: not checked
	Communities [][]string         `json:"communities"`
	Modularity  float64            `json:"modularity"`
}

func export(t *testing.T, name string, sub *graph.Subgraph, betweenness bool) exported {
	t.Helper()
	nw, err := graph.NewNetwork(sub, 0)
	if err != nil {
		t.Fatal(err)
	}
	ex := exported{Name: name, PageRank: map[string]float64{}}
	for _, n := range sub.Nodes {
		ex.Nodes = append(ex.Nodes, n.ID)
	}
	for _, e := range sub.Edges {
		ex.Edges = append(ex.Edges, [3]any{e.Source, e.Target, e.Weight})
	}
	pr, err := nw.Centrality(graph.CentralityPageRank)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pr {
		ex.PageRank[s.ID] = s.Score
	}
	if again, err := nw.Centrality(graph.CentralityPageRank); err != nil || !reflect.DeepEqual(again, pr) {
		t.Errorf("%s: PageRank gave other scores on another run (%v)", name, err)
	}
	if betweenness {
		ex.Betweenness = map[string]float64{}
		bs, err := nw.Centrality(graph.CentralityBetweenness)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range bs {
			ex.Betweenness[s.ID] = s.Score
		}
	}
	part := nw.Communities()
	sum := 0.0
	for _, c := range part.Communities {
		ex.Communities = append(ex.Communities, c.Nodes)
		sum += c.Modularity
	}
	ex.Modularity = part.Modularity
	if math.Abs(sum-part.Modularity) > 1e-12 || part.Modularity <= 0 {
		t.Errorf("%s: modularity %g, sum of the communities' shares %g", name, part.Modularity, sum)
	}
	for range 2 {
		if again := nw.Communities(); !reflect.DeepEqual(again, part) {
			t.Fatalf("%s: Louvain gave another partition on another run", name)
		}
	}
	return ex
}

// TestNetworkMatchesNetworkx writes concept and co-author networks of the
// seed and of a generated corpus with our PageRank, betweenness and
// communities, and has testdata/networkx_check.py recompute them with
// networkx: PageRank within 1e-6 of networkx.pagerank (tol 1e-12), the
// modularity of our partition within 1e-6 of networkx's.
func TestNetworkMatchesNetworkx(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: networkx on generated networks takes 20 s")
	}
	python := "python3"
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		python = "/usr/bin/python3" // Debian's, with python3-networkx and python3-scipy
	}
	if err := exec.Command(python, "-c", "import networkx, scipy").Run(); err != nil {
		t.Fatalf("python3 with networkx and scipy is needed (make debs): %v", err)
	}
	ctx := context.Background()
	seed := &benchCorpus{}
	if err := seed.load(data.FS, "data"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := synth.Generate(dir, 1000, 1); err != nil {
		t.Fatal(err)
	}
	gen := &benchCorpus{}
	if err := gen.load(os.DirFS(dir), dir); err != nil {
		t.Fatal(err)
	}
	defer seed.backing.Close()
	defer gen.backing.Close()
	var all []exported
	for _, c := range []struct {
		name        string
		st          *graph.View
		o           graph.NetworkOptions
		betweenness bool
	}{
		{"seed concepts, association strength", seed.store, graph.NetworkOptions{Measure: graph.MeasureAssociation}, true},
		{"seed concepts and actors, count", seed.store, graph.NetworkOptions{Kinds: []graph.Kind{graph.KindConcept, graph.KindActor}}, true},
		{"synth1k concepts 2015-2020, jaccard, min 2", gen.store, graph.NetworkOptions{Measure: graph.MeasureJaccard, MinCount: 2, Years: graph.YearRange{From: 2015, To: 2020}}, true},
		{"synth1k concepts, count, min 2", gen.store, graph.NetworkOptions{MinCount: 2}, false},
	} {
		sub, err := c.st.MentionNetwork(ctx, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Edges) < 10 {
			t.Fatalf("%s: only %d edges", c.name, len(sub.Edges))
		}
		all = append(all, export(t, c.name, sub, c.betweenness))
	}
	co, err := gen.store.CoauthorNetwork(ctx, graph.NetworkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, export(t, "synth1k co-authors", co, true))
	raw, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "networks.json")
	if err := os.WriteFile(in, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "testdata/networkx_check.py", in).CombinedOutput()
	t.Logf("networkx_check.py:\n%s", out)
	if err != nil {
		t.Fatalf("networkx disagrees: %v", err)
	}
}

// TestCommunitiesOfTwoCliques checks the partition of an obvious graph:
// two triangles joined by one weak link.
func TestCommunitiesOfTwoCliques(t *testing.T) {
	t.Parallel()
	var fl factList
	// a, b, c always together, d, e, f always together, c and d once.
	for i, group := range [][]string{{"a", "b", "c"}, {"d", "e", "f"}} {
		for j := range 3 {
			var ms []string
			for _, g := range group {
				ms = append(ms, "concept/"+g)
			}
			fl.pub(fmt.Sprintf("pub/g%d-%d", i, j), 2020, ms...)
		}
	}
	fl.pub("pub/bridge", 2021, "concept/c", "concept/d")
	st := storeOf(t, fl)
	sub, err := st.MentionNetwork(context.Background(), graph.NetworkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := graph.NewNetwork(sub, 0)
	if err != nil {
		t.Fatal(err)
	}
	part := nw.Communities()
	var got [][]string
	for _, c := range part.Communities {
		got = append(got, c.Nodes)
	}
	want := [][]string{{"concept/a", "concept/b", "concept/c"}, {"concept/d", "concept/e", "concept/f"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("communities = %v, want %v", got, want)
	}
	// m = 19 (6 triangle links of weight 3, one of 1); each side has
	// L = 9 and degree 19, so Q = 2 (9/19 − (19/38)²) = 18/19 − 1/2.
	if want := 18.0/19 - 0.5; math.Abs(part.Modularity-want) > 1e-12 {
		t.Errorf("modularity = %.15g, want %.15g", part.Modularity, want)
	}
	bs, err := nw.Centrality(graph.CentralityBetweenness)
	if err != nil {
		t.Fatal(err)
	}
	// c lies on the shortest paths of a and b to d, e and f: 6 of the 10
	// pairs of other nodes, so 0.6 as networkx normalises it; d likewise.
	if bs[0].ID != "concept/c" || math.Abs(bs[0].Score-0.6) > 1e-12 || bs[1].ID != "concept/d" || math.Abs(bs[1].Score-0.6) > 1e-12 {
		t.Errorf("betweenness = %v, want c and d at 0.6", bs[:2])
	}
	deg, err := nw.Centrality(graph.CentralityDegree)
	if err != nil {
		t.Fatal(err)
	}
	if deg[0].ID != "concept/c" || deg[0].Score != 3 || deg[5].Score != 2 {
		t.Errorf("degree = %v, want c and d 3, the others 2", deg)
	}
	if _, err := graph.NewNetwork(sub, 3); err == nil {
		t.Error("a network of 7 edges passed a limit of 3")
	}
}

// refsCorpus is a generated corpus with references: 300 publications, each
// citing up to 8 earlier ones and up to 8 of 120 works that are not loaded.
func refsCorpus(t *testing.T) (*graph.View, map[string]map[string]bool, map[string]map[string]bool) {
	rng := rand.New(rand.NewPCG(7, 7))
	var fl factList
	refs := map[string]map[string]bool{}   // publication -> what it cites
	citers := map[string]map[string]bool{} // loaded publication -> who cites it
	const n = 300
	for i := range n {
		id := fmt.Sprintf("pub/w%03d", i)
		fl.pub(id, 2000+i%20)
		refs[id] = map[string]bool{}
		citers[id] = map[string]bool{}
		for range rng.IntN(9) {
			if i == 0 {
				break
			}
			target := fmt.Sprintf("pub/w%03d", rng.IntN(i))
			if !refs[id][target] {
				fl.add(id, graph.Cites, graph.ID(target))
				refs[id][target] = true
				citers[target][id] = true
			}
		}
		for range rng.IntN(9) {
			ext := fmt.Sprintf("https://openalex.org/W%d", 1000+rng.IntN(120))
			if !refs[id][ext] {
				fl.add(id, graph.ReferencesWork, graph.IRI(ext))
				refs[id][ext] = true
			}
		}
	}
	return storeOf(t, fl), refs, citers
}

// TestCouplingAndCocitation compares Related with a brute-force count of
// the shared references and shared citing works of every pair.
func TestCouplingAndCocitation(t *testing.T) {
	t.Parallel()
	st, refs, citers := refsCorpus(t)
	ctx := context.Background()
	brute := func(sets map[string]map[string]bool, a string) map[string][]string {
		out := map[string][]string{}
		for b, items := range sets {
			if b == a {
				continue
			}
			for x := range sets[a] {
				if items[x] {
					out[b] = append(out[b], x)
				}
			}
		}
		for _, v := range out {
			sort.Strings(v)
		}
		return out
	}
	coupled, cocited := 0, 0
	for _, c := range []struct {
		by   graph.Relatedness
		sets map[string]map[string]bool
		seen *int
	}{{graph.RelatedByCoupling, refs, &coupled}, {graph.RelatedByCocitation, citers, &cocited}} {
		for a := range c.sets {
			rel, err := st.Related(ctx, a, c.by)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for i, r := range rel {
				got[r.ID] = r.Via
				if r.Weight != len(r.Via) || i > 0 && (rel[i-1].Weight < r.Weight || rel[i-1].Weight == r.Weight && rel[i-1].ID > r.ID) {
					t.Fatalf("%s of %s: not ranked: %v", c.by, a, rel)
				}
			}
			want := brute(c.sets, a)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s of %s:\n got %v\nwant %v", c.by, a, got, want)
			}
			*c.seen += len(got)
		}
	}
	// The corpus must exercise both: many coupled and co-cited pairs, and
	// coupling through works that are not loaded.
	if coupled < 1000 || cocited < 1000 {
		t.Errorf("only %d coupled and %d co-cited pairs", coupled, cocited)
	}
	rel, err := st.Related(ctx, "pub/w299", graph.RelatedByCoupling)
	if err != nil {
		t.Fatal(err)
	}
	external := slices.ContainsFunc(rel, func(c graph.Cooccurrence) bool {
		return slices.ContainsFunc(c.Via, func(v string) bool { return len(v) > 8 && v[:8] == "https://" })
	})
	if !external {
		t.Error("no coupling through a work that is not loaded")
	}
}

func TestTrajectory(t *testing.T) {
	t.Parallel()
	var fl factList
	// Ten publications a year in 2018-2021; concept x in 1, 1, 4, 0 of them.
	mentions := map[int]int{2018: 1, 2019: 1, 2020: 4}
	for y := 2018; y <= 2021; y++ {
		for i := range 10 {
			var ms []string
			if i < mentions[y] {
				ms = []string{"concept/x"}
			}
			fl.pub(fmt.Sprintf("pub/%d-%d", y, i), y, ms...)
		}
	}
	fl.pub("pub/undated", 0, "concept/x")
	st := storeOf(t, fl)
	// Mean share 6/40 = 0.15; 2020's 0.4 is above twice that, with 4 ≥ 2.
	want := []graph.YearShare{
		{Year: 2018, Count: 1, Total: 10, Share: 0.1},
		{Year: 2019, Count: 1, Total: 10, Share: 0.1},
		{Year: 2020, Count: 4, Total: 10, Share: 0.4, Burst: true},
		{Year: 2021, Count: 0, Total: 10, Share: 0},
	}
	if got := st.Trajectory("concept/x", graph.Mentions); !reflect.DeepEqual(got, want) {
		t.Errorf("trajectory = %+v\nwant %+v", got, want)
	}
	if got := st.Trajectory("concept/none", graph.Mentions); len(got) != 0 {
		t.Errorf("trajectory of an unknown concept = %v", got)
	}
}

func TestVariantsAndLedger(t *testing.T) {
	t.Parallel()
	var fl factList
	// a <- b, c -> b: all three state one myth; d is another claim.
	fl.add("claim/b", graph.VariantOf, graph.ID("claim/a"))
	fl.add("claim/c", graph.VariantOf, graph.ID("claim/b"))
	fl.add("claim/d", graph.RDFSLabel, "d")
	fl.add("finding/f1", graph.Contradicts, graph.ID("claim/a"))
	fl.add("finding/f2", graph.Contradicts, graph.ID("claim/c"))
	fl.add("finding/f3", graph.Contradicts, graph.ID("claim/d"))
	fl.add("finding/f4", graph.Supports, graph.ID("claim/b"))
	fl.add("claim/a", graph.HeldBy, graph.ID("actor/media"))
	st := storeOf(t, fl)
	tests := []struct {
		claim                    string
		variants, direct, across []string
	}{
		{"claim/a", []string{"claim/b", "claim/c"}, []string{"finding/f1"}, []string{"finding/f1", "finding/f2"}},
		{"claim/c", []string{"claim/a", "claim/b"}, []string{"finding/f2"}, []string{"finding/f1", "finding/f2"}},
		{"claim/d", nil, []string{"finding/f3"}, []string{"finding/f3"}},
	}
	for _, tt := range tests {
		if got := st.Variants(tt.claim); !reflect.DeepEqual(got, tt.variants) {
			t.Errorf("variants of %s = %v, want %v", tt.claim, got, tt.variants)
		}
		if got := st.ClaimFindings(tt.claim, graph.Contradicts, false); !reflect.DeepEqual(got, tt.direct) {
			t.Errorf("contradictedBy of %s = %v, want %v", tt.claim, got, tt.direct)
		}
		if got := st.ClaimFindings(tt.claim, graph.Contradicts, true); !reflect.DeepEqual(got, tt.across) {
			t.Errorf("contradictedBy of %s across variants = %v, want %v", tt.claim, got, tt.across)
		}
	}
	if got := st.ClaimFindings("claim/c", graph.Supports, true); !reflect.DeepEqual(got, []string{"finding/f4"}) {
		t.Errorf("supportedBy of claim/c across variants = %v", got)
	}
	if hs := st.Holders("claim/a"); len(hs) != 1 || hs[0].Target != "actor/media" || len(hs[0].Evidence) != 1 {
		t.Errorf("holders of claim/a = %+v", hs)
	}
}
