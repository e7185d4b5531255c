package schema

import (
	"errors"
	"slices"
	"strconv"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// Louvain, PageRank and betweenness run in gonum, which cannot be stopped
// at a request's deadline, so their input is bounded instead.
// BenchmarkNetwork (graph/) measured, on a concept network of 1,055 nodes
// and 22,492 links: Louvain 2.1 s, PageRank 0.15 s, betweenness 43 s
// (about 1.8 µs per node × link).
const (
	// maxAnalysisEdges bounds the edges of a subgraph whose communities and
	// centralities one request may compute.
	maxAnalysisEdges = 20000
	// maxBetweennessWork bounds nodes × links for betweenness (about 2 s).
	maxBetweennessWork = 1000000
)

// measureDescs documents each co-occurrence measure with its formula.
var measureDescs = map[graph.Measure]string{
	graph.MeasureCount:       "c, the number of publications that link to both nodes.",
	graph.MeasureAssociation: "c / (ni·nj), where ni and nj count the publications that link to each node (van Eck and Waltman's association strength, as VOSviewer uses).",
	graph.MeasureJaccard:     "c / (ni + nj − c).",
	graph.MeasureCosine:      "c / √(ni·nj) (Salton's cosine).",
	graph.MeasurePMI:         "log2(c·n / (ni·nj)), where n counts the publications of the slice of years (pointwise mutual information; negative when two nodes meet less often than by chance).",
}

// measureHelp is the text every field with a measure argument carries.
const measureHelp = " For nodes i and j, c counts the publications of the slice of years that link to both, ni and nj those that link to each, n all of them; measure turns c into the weight (see CooccurrenceMeasure)."

// analyticsTypes are the types of the analyses: measures, year ranges,
// facets, communities and centralities, relatedness and the claim ledger.
type analyticsTypes struct {
	measure, centrality, relatedness         *graphql.Enum
	years                                    *graphql.InputObject
	community, nodeScore, conceptYear        *graphql.Object
	yearFacet, valueFacet, nodeFacet, facets *graphql.Object
	holder                                   *graphql.Object
}

// analyticsEnums builds the enums and inputs, which node types refer to.
func (b *builder) analyticsEnums() {
	a := &analyticsTypes{}
	b.an = a
	ms := graphql.EnumValueConfigMap{}
	for _, m := range graph.Measures() {
		ms[string(m)] = &graphql.EnumValueConfig{Value: m, Description: measureDescs[m]}
	}
	a.measure = graphql.NewEnum(graphql.EnumConfig{Name: "CooccurrenceMeasure",
		Description: "How a co-occurrence count is normalised, so that frequent nodes (hubs) do not dominate." + measureHelp, Values: ms})
	a.centrality = graphql.NewEnum(graphql.EnumConfig{Name: "Centrality",
		Description: "A centrality of the nodes of a subgraph, read as an undirected graph whose link weights are the sums of the edge weights between two nodes (links of weight ≤ 0 left out).",
		Values: graphql.EnumValueConfigMap{
			"PAGERANK":    {Value: graph.CentralityPageRank, Description: "gonum's weighted PageRank (damping 0.85, converged to 1e-12) over both directions of each link: networkx.pagerank of the undirected weighted graph. Scores add up to 1 and are rounded to 10 decimals (gonum starts from a random vector; runs agree to about 1e-13)."},
			"BETWEENNESS": {Value: graph.CentralityBetweenness, Description: "gonum's betweenness over unweighted shortest paths, divided by (n−1)(n−2)/2 as networkx.betweenness_centrality does: the share of the shortest paths between other nodes that pass through the node, rounded to 12 decimals. Refused (COST_LIMIT, maxBetweennessWork) when nodes × links exceeds 1,000,000."},
			"DEGREE":      {Value: graph.CentralityDegree, Description: "The number of distinct neighbours in the subgraph."},
		}})
	a.relatedness = graphql.NewEnum(graphql.EnumConfig{Name: "Relatedness", Description: "How two publications are related.",
		Values: graphql.EnumValueConfigMap{
			"CONCEPTS":   {Value: graph.RelatedByConcepts, Description: "The concepts both mention."},
			"COUPLING":   {Value: graph.RelatedByCoupling, Description: "Bibliographic coupling: the works both cite, whether or not they are loaded (a loaded work by its id, another by its external IRI, such as https://openalex.org/W…)."},
			"COCITATION": {Value: graph.RelatedByCocitation, Description: "Co-citation: the loaded publications that cite both."},
		}})
	a.years = graphql.NewInputObject(graphql.InputObjectConfig{Name: "YearRange",
		Description: "A slice of years, both bounds inclusive and optional. With a bound, publications without a year are left out.",
		Fields: graphql.InputObjectConfigFieldMap{
			"from": {Type: graphql.Int, Description: "The first year."},
			"to":   {Type: graphql.Int, Description: "The last year."},
		}})
}

// analyticsObjects builds the object types of the analyses, once the node
// types exist.
func (b *builder) analyticsObjects() {
	a := b.an
	nnInt, nnFloat := graphql.NewNonNull(graphql.Int), graphql.NewNonNull(graphql.Float)
	a.community = b.newObject(graphql.ObjectConfig{Name: "Community",
		Description: "A community of a subgraph found by gonum's Louvain modularity optimisation (resolution 1, a fixed seed, so the same graph gives the same communities).",
		Fields: graphql.Fields{
			"id":    {Type: nnInt, Description: "0 for the largest community, then by size, ties by the first member's id.", Resolve: on(func(c graph.Community) any { return c.ID })},
			"label": {Type: graphql.NewNonNull(graphql.String), Description: "The label of the member with the highest weighted degree, ties by id.", Resolve: on(func(c graph.Community) any { return c.Label })},
			"nodes": {Type: nonNullList(b.node), Description: "The members, by id.", Resolve: on(func(c graph.Community) any { return b.values(c.Nodes) })},
			"modularity": {Type: nnFloat, Description: "The community's share of the partition's modularity: L_c/m − (d_c/2m)², where L_c is the weight of the links inside it, d_c the weighted degree of its members and m the weight of all links. The shares add up to Subgraph.modularity.",
				Resolve: on(func(c graph.Community) any { return c.Modularity })},
		}})
	a.nodeScore = b.newObject(graphql.ObjectConfig{Name: "NodeScore", Description: "A node and its score.",
		Fields: graphql.Fields{
			"node":  {Type: graphql.NewNonNull(b.node), Resolve: on(func(s graph.NodeScore) any { n, _ := b.st.Node(s.ID); return b.value(n) })},
			"score": {Type: nnFloat, Resolve: on(func(s graph.NodeScore) any { return s.Score })},
		}})
	a.conceptYear = b.newObject(graphql.ObjectConfig{Name: "TrajectoryYear",
		Description: "One year of a node's trajectory: the publications that link to it that year, out of all that year.",
		Fields: graphql.Fields{
			"year":  {Type: nnInt, Resolve: on(func(y graph.YearShare) any { return y.Year })},
			"count": {Type: nnInt, Description: "The publications of the year that link to the node.", Resolve: on(func(y graph.YearShare) any { return y.Count })},
			"total": {Type: nnInt, Description: "All publications of the year.", Resolve: on(func(y graph.YearShare) any { return y.Total })},
			"share": {Type: nnFloat, Description: "count / total; 0 in a year without publications.", Resolve: on(func(y graph.YearShare) any { return y.Share })},
			"burst": {Type: graphql.NewNonNull(graphql.Boolean),
				Description: "True when count ≥ " + strconv.Itoa(graph.BurstMinCount) + " and share ≥ " + strconv.FormatFloat(graph.BurstFactor, 'g', -1, 64) +
					" × the mean share (the node's publications over all publications, over the years of the trajectory).",
				Resolve: on(func(y graph.YearShare) any { return y.Burst })},
		}})
	a.yearFacet = b.newObject(graphql.ObjectConfig{Name: "YearFacet", Description: "A year and how many publications of the set appeared in it.",
		Fields: graphql.Fields{
			"value": {Type: nnInt, Resolve: on(func(f graph.FacetCount) any { y, _ := strconv.Atoi(f.Value); return y })},
			"count": {Type: nnInt, Resolve: on(func(f graph.FacetCount) any { return f.Count })},
		}})
	a.valueFacet = b.newObject(graphql.ObjectConfig{Name: "TypeFacet", Description: "A publication type and how many publications of the set have it.",
		Fields: graphql.Fields{
			"value": {Type: graphql.NewNonNull(b.pubType), Resolve: on(func(f graph.FacetCount) any { return f.Value })},
			"count": {Type: nnInt, Resolve: on(func(f graph.FacetCount) any { return f.Count })},
		}})
	a.nodeFacet = b.newObject(graphql.ObjectConfig{Name: "NodeFacet", Description: "A node and how many publications of the set link to it.",
		Fields: graphql.Fields{
			"node":  {Type: graphql.NewNonNull(b.node), Resolve: on(func(f graph.FacetCount) any { n, _ := b.st.Node(f.Value); return b.value(n) })},
			"count": {Type: nnInt, Resolve: on(func(f graph.FacetCount) any { return f.Count })},
		}})
	facetFields := graphql.Fields{
		"years": {Type: nonNullList(a.yearFacet), Description: "Publications per year, by year; those without a year are not counted.",
			Resolve: on(func(f *graph.Facets) any { return nonNil(f.Years) })},
		"types": {Type: nonNullList(a.valueFacet), Description: "Publications per type, most first.",
			Resolve: on(func(f *graph.Facets) any { return nonNil(f.Types) })},
	}
	for _, l := range []struct {
		name, desc string
		pick       func(*graph.Facets) []graph.FacetCount
	}{
		{"concepts", "the concepts they mention", func(f *graph.Facets) []graph.FacetCount { return f.Concepts }},
		{"actors", "the actors they mention", func(f *graph.Facets) []graph.FacetCount { return f.Actors }},
		{"methods", "the methods they use", func(f *graph.Facets) []graph.FacetCount { return f.Methods }},
		{"places", "the places they study", func(f *graph.Facets) []graph.FacetCount { return f.Places }},
		{"venues", "their venues", func(f *graph.Facets) []graph.FacetCount { return f.Venues }},
		{"authors", "their authors", func(f *graph.Facets) []graph.FacetCount { return f.Authors }},
	} {
		facetFields[l.name] = b.bounded("PublicationFacets", l.name, &graphql.Field{Type: nonNullList(a.nodeFacet),
			Description: "Publications per value of " + l.desc + ", most first, ties by id; the first values only.",
			Args:        graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: 20}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				first, err := b.firstOf(p)
				if err != nil {
					return nil, err
				}
				all := l.pick(p.Source.(*graph.Facets))
				return nonNil(all[:min(first, len(all))]), nil
			}}, argRanges{"first": pageSize})
	}
	a.facets = b.newObject(graphql.ObjectConfig{Name: "PublicationFacets",
		Description: "Exact counts over the whole filtered set of publications (not the page), field by field, like OpenAlex's group_by. A publication counts once per value, so a count equals the totalCount of the same filter narrowed to that value.",
		Fields:      facetFields})
	a.holder = b.newObject(graphql.ObjectConfig{Name: "ClaimHolder",
		Description: "An actor or a person who holds a claim, and the evidence that quotes them.",
		Fields: graphql.Fields{
			"node":     {Type: graphql.NewNonNull(b.node), Resolve: b.edgeEnd(func(e *graph.Edge) string { return e.Target })},
			"evidence": {Type: nonNullList(b.evidence), Resolve: on(func(e *graph.Edge) any { return nonNil(e.Evidence) })},
		}})
	b.subgraphAnalytics()
	b.addField(b.conns[graph.KindPublication], "facets", &graphql.Field{Type: graphql.NewNonNull(a.facets),
		Description: "Counts of the years, types, concepts, actors, methods, places, venues and authors of every publication the filter keeps.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			return b.st.FacetsOf(p.Context, p.Source.(*page).all)
		}})
}

// subgraphAnalytics adds communities and centralities to Subgraph.
func (b *builder) subgraphAnalytics() {
	a := b.an
	b.addField(b.subgraph, "communities", &graphql.Field{Type: nonNullList(a.community),
		Description: "The communities of the subgraph, by gonum's Louvain modularity optimisation (resolution 1, a fixed seed), largest first. Edges are read as undirected links weighted by the sum of their weights; a node without links is a community of its own.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			nw, err := b.network(p)
			if err != nil {
				return nil, err
			}
			return nw.Communities().Communities, nil
		}})
	b.addField(b.subgraph, "modularity", &graphql.Field{Type: graphql.NewNonNull(graphql.Float),
		Description: "Newman's modularity Q of the communities (resolution 1): the sum of their shares.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			nw, err := b.network(p)
			if err != nil {
				return nil, err
			}
			return nw.Communities().Modularity, nil
		}})
	b.addField(b.subgraph, "centrality", b.bounded("Subgraph", "centrality", &graphql.Field{Type: nonNullList(a.nodeScore),
		Description: "The nodes of the subgraph scored by a centrality, best first, ties by id: at most limit of them (up to maxSubgraphNodes, so that a view can size every node of a subgraph).",
		Args: graphql.FieldConfigArgument{
			"measure": {Type: graphql.NewNonNull(a.centrality)},
			"limit":   {Type: graphql.Int, DefaultValue: 100, Description: "How many nodes to score, best first."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			limit, err := b.intArg(p, "limit")
			if err != nil {
				return nil, err
			}
			nw, err := b.network(p)
			if err != nil {
				return nil, err
			}
			m := p.Args["measure"].(graph.Centrality)
			if nodes, links := nw.Size(); m == graph.CentralityBetweenness && nodes*links > maxBetweennessWork {
				return nil, limitError(CodeCostLimit, "maxBetweennessWork", maxBetweennessWork, nodes*links,
					"schema: centrality: betweenness of %d nodes and %d links takes %d units of work; at most %d are allowed (raise minWeight or narrow the years)",
					nodes, links, nodes*links, maxBetweennessWork)
			}
			scores, err := nw.Centrality(m)
			if err != nil {
				return nil, err
			}
			return scores[:min(limit, len(scores))], nil
		}}, argRanges{"limit": subgraphNodes}))
}

// network reads the parent subgraph as a network, within maxAnalysisEdges.
func (b *builder) network(p graphql.ResolveParams) (*graph.Network, error) {
	sub := p.Source.(*graph.Subgraph)
	nw, err := graph.NewNetwork(sub, maxAnalysisEdges)
	if errors.Is(err, graph.ErrTooLarge) {
		return nil, limitError(CodeCostLimit, "maxAnalysisEdges", maxAnalysisEdges, len(sub.Edges),
			"schema: %s: the subgraph has %d edges; communities and centralities take at most %d (raise minWeight or narrow the years)",
			p.Info.FieldName, len(sub.Edges), maxAnalysisEdges)
	}
	return nw, err
}

// networkArgs are the arguments of the co-occurrence fields.
func (b *builder) networkArgs(withKinds bool) graphql.FieldConfigArgument {
	args := graphql.FieldConfigArgument{
		"measure": {Type: b.an.measure, DefaultValue: graph.MeasureCount, Description: "How to weigh a link (see CooccurrenceMeasure)."},
		"years":   {Type: b.an.years, Description: "Count only the publications of these years."},
	}
	if withKinds {
		args["kinds"] = &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(b.kind)),
			Description: "The kinds of the linked nodes: CONCEPT, ACTOR or both; CONCEPT when absent."}
	}
	return args
}

// yearsArg reads a YearRange argument.
func yearsArg(field string, v any) (graph.YearRange, error) {
	m, _ := v.(map[string]any)
	var r graph.YearRange
	r.From, _ = m["from"].(int)
	r.To, _ = m["to"].(int)
	if r.From != 0 && r.To != 0 && r.From > r.To {
		return r, errorf(CodeBadUserInput, "schema: %s: years: from %d is after to %d", field, r.From, r.To)
	}
	return r, nil
}

// networkOptions reads the arguments networkArgs declares.
func (b *builder) networkOptions(p graphql.ResolveParams, defaultKinds ...graph.Kind) (graph.NetworkOptions, error) {
	field := p.Info.ParentType.Name() + "." + p.Info.FieldName
	years, err := yearsArg(field, p.Args["years"])
	if err != nil {
		return graph.NetworkOptions{}, err
	}
	o := graph.NetworkOptions{Years: years, Kinds: defaultKinds, MinCount: 1}
	o.Measure, _ = p.Args["measure"].(graph.Measure)
	if v, ok := p.Args["kinds"]; ok && v != nil {
		o.Kinds = kindsArg(v)
		for _, k := range o.Kinds {
			if k != graph.KindConcept && k != graph.KindActor {
				return o, errorf(CodeBadUserInput, "schema: %s: kinds: publications mention concepts and actors only, not %s", field, k)
			}
		}
		if len(o.Kinds) == 0 {
			o.Kinds = defaultKinds
		}
	}
	return o, nil
}

// addNetworks adds the root fields of derived graphs, with their
// measures, years and node limit.
func (b *builder) addNetworks(fields graphql.Fields) {
	conceptArgs := b.networkArgs(true)
	conceptArgs["minWeight"] = &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: 1, Description: "Keep the links that at least this many publications make (a count, whatever the measure)."}
	conceptArgs["limit"] = cutArg()
	fields["conceptGraph"] = b.bounded("Query", "conceptGraph", &graphql.Field{Type: graphql.NewNonNull(b.subgraph),
		Description: "The co-occurrence network of concepts (and actors, with kinds): two nodes are linked when publications mention both, weighted by measure; each edge's evidence names those publications." + measureHelp + " " + cutDoc,
		Args:        conceptArgs,
		Resolve: b.cut(func(p graphql.ResolveParams) (any, error) {
			minWeight, err := b.intArg(p, "minWeight")
			if err != nil {
				return nil, err
			}
			o, err := b.networkOptions(p, graph.KindConcept)
			if err != nil {
				return nil, err
			}
			o.MinCount = minWeight
			return b.st.MentionNetwork(p.Context, o)
		})}, argRanges{"minWeight": atLeastOne, "limit": subgraphNodes})
	coauthorArgs := b.networkArgs(false)
	coauthorArgs["limit"] = cutArg()
	fields["coauthorGraph"] = b.bounded("Query", "coauthorGraph", &graphql.Field{Type: graphql.NewNonNull(b.subgraph),
		Description: "The co-author network: people linked when they wrote publications together, weighted by measure (COUNT: the joint publications)." + measureHelp + " " + cutDoc,
		Args:        coauthorArgs,
		Resolve: b.cut(func(p graphql.ResolveParams) (any, error) {
			o, err := b.networkOptions(p)
			if err != nil {
				return nil, err
			}
			return b.st.CoauthorNetwork(p.Context, o)
		})}, argRanges{"limit": subgraphNodes})
	fields["citationGraph"] = b.bounded("Query", "citationGraph", &graphql.Field{Type: graphql.NewNonNull(b.subgraph),
		Description: "The citation network: publications linked by cites edges, when both works are loaded. " + cutDoc,
		Args: graphql.FieldConfigArgument{"limit": cutArg(),
			"years": {Type: b.an.years, Description: "Keep the publications of these years, and the citations between them."}},
		Resolve: b.cut(func(p graphql.ResolveParams) (any, error) {
			years, err := yearsArg("Query.citationGraph", p.Args["years"])
			if err != nil {
				return nil, err
			}
			return b.st.CitationGraphIn(p.Context, years)
		})}, argRanges{"limit": subgraphNodes})
}

// claimsField is Query.claims: the claims by id, myths or not.
func (b *builder) claimsField() *graphql.Field {
	return b.bounded("Query", "claims", &graphql.Field{Type: graphql.NewNonNull(b.conns[graph.KindClaim]),
		Description: "The claims, by id: the ledger of who holds each, which findings contradict or support it, and its variants.",
		Args: graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: 50}, "after": {Type: graphql.String},
			"myth": {Type: graphql.Boolean, Description: "Only myths (true) or only other claims (false); all when absent."}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			all := b.st.List(graph.KindClaim)
			if want, ok := p.Args["myth"].(bool); ok {
				all = slices.DeleteFunc(slices.Clone(all), func(n *graph.Node) bool { v, _ := n.Bool(graph.Myth); return v != want })
			}
			return b.page(p, all)
		}}, argRanges{"first": pageSize})
}

// cooccurringField resolves a list of nodes that publications link to
// together with the parent, through via, of the given kinds.
func (b *builder) cooccurringField(via graph.Predicate, kinds ...graph.Kind) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		o, err := b.networkOptions(p, kinds...)
		if err != nil {
			return nil, err
		}
		// Only the first are ranked in full: a hub's work is bounded by first.
		if o.Limit, err = b.firstOf(p); err != nil {
			return nil, err
		}
		return b.topN(p, func(n *graph.Node) ([]graph.Cooccurrence, error) { return b.st.Cooccurring(p.Context, n.ID, via, o) })
	}
}

// cooccurringArgs are first, measure and years.
func (b *builder) cooccurringArgs() graphql.FieldConfigArgument {
	args := b.networkArgs(false)
	args["first"] = firstArg(10)["first"]
	return args
}

// relatedField resolves Publication.related.
func (b *builder) relatedField(p graphql.ResolveParams) (any, error) {
	by, _ := p.Args["by"].(graph.Relatedness)
	return b.topN(p, func(n *graph.Node) ([]graph.Cooccurrence, error) { return b.st.Related(p.Context, n.ID, by) })
}

// claimFindings resolves Claim.contradictedBy and Claim.supportedBy.
func (b *builder) claimFindings(pred graph.Predicate) graphql.FieldResolveFn {
	return onNodeArgs(func(n *graph.Node, args map[string]any) any {
		variants, _ := args["includeVariants"].(bool)
		return b.values(b.st.ClaimFindings(n.ID, pred, variants))
	})
}

// onNodeArgs makes a resolver that reads its parent as a node and its arguments.
func onNodeArgs(fn func(*graph.Node, map[string]any) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return fn(nodeOf(p.Source), p.Args), nil }
}

// trajectory is the timeline field of concepts and actors.
func (b *builder) trajectory(desc string) prop {
	return b.custom("timeline", "", nonNullList(b.an.conceptYear), nil, desc,
		onNode(func(n *graph.Node) any { return b.st.Trajectory(n.ID, graph.Mentions) }))
}

// findingYear resolves Finding.year.
func (b *builder) findingYear(p graphql.ResolveParams) (any, error) {
	for _, pub := range b.st.OutKind(nodeOf(p.Source).ID, graph.ReportedIn, graph.KindPublication) {
		if pb, ok := b.st.Publication(pub); ok && pb.Year != 0 {
			return pb.Year, nil
		}
	}
	return nil, nil
}

// claimLinks is Claim.contradictedBy or Claim.supportedBy: the findings
// that link to the claim through pred, and with includeVariants those that
// link to its variants too. Its evidence is that of the direct links.
func (b *builder) claimLinks(name string, pred graph.Predicate, desc string) prop {
	return b.custom(name, pred, nonNullList(b.objs[graph.KindFinding]),
		graphql.FieldConfigArgument{"includeVariants": {Type: graphql.Boolean, DefaultValue: false,
			Description: "Also the findings about the claim's variants (the same myth in other words), so that a myth is answered across all its wordings."}},
		desc+" With includeVariants, also those of its variants.", b.claimFindings(pred)).over(linkSpec{in: true, kind: graph.KindFinding})
}
