package schema

import (
	"slices"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// query builds the root Query type.
func (b *builder) query() *graphql.Object {
	id := graphql.NewNonNull(graphql.ID)
	kinds := &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(b.kind)), Description: "Keep only these kinds; all when absent."}
	fields := graphql.Fields{
		"node": {Type: b.node, Description: "The node with this id; null and a NOT_FOUND error when there is none.",
			Args: graphql.FieldConfigArgument{"id": {Type: id}}, Resolve: b.resolveNode},
		"nodes": {Type: graphql.NewNonNull(graphql.NewList(b.node)), Description: "The nodes with these ids, in order; null where there is none.",
			Args: graphql.FieldConfigArgument{"ids": {Type: graphql.NewNonNull(graphql.NewList(id))}}, Resolve: b.resolveNodes},
		"search": {Type: nonNullList(b.searchHit), Description: "Nodes whose names, aliases (Chinese ones too), titles or texts match, best first. The last word matches as a prefix.",
			Args:    graphql.FieldConfigArgument{"text": {Type: graphql.NewNonNull(graphql.String)}, "kinds": kinds, "first": {Type: graphql.Int, DefaultValue: 10}},
			Resolve: b.resolveSearch},
		"publications": {Type: graphql.NewNonNull(b.pubConn), Description: "Publications by year, then id.",
			Args:    graphql.FieldConfigArgument{"filter": {Type: b.pubFilter}, "first": {Type: graphql.Int, DefaultValue: 20}, "after": {Type: graphql.String}},
			Resolve: b.resolvePublications},
		"questions": {Type: nonNullList(b.objs[graph.KindQuestion]), Description: "The research questions, in the order of the research page.",
			Resolve: b.resolveQuestions},
		"neighborhood": {Type: graphql.NewNonNull(b.subgraph), Description: "The nodes within depth links of a node (an ego network), at most limit of them.",
			Args: graphql.FieldConfigArgument{"id": {Type: id}, "depth": {Type: graphql.Int, DefaultValue: 1}, "kinds": kinds,
				"limit": {Type: graphql.Int, DefaultValue: 200}},
			Resolve: b.resolveNeighborhood},
		"path": {Type: b.path, Description: "A shortest chain of links between two nodes, in either direction; null when they are not connected within maxLength.",
			Args:    graphql.FieldConfigArgument{"from": {Type: id}, "to": {Type: id}, "maxLength": {Type: graphql.Int, DefaultValue: 6}},
			Resolve: b.resolvePath},
		"conceptGraph": {Type: graphql.NewNonNull(b.subgraph), Description: "The concept co-occurrence network: concepts linked when publications mention both, weighted by how many.",
			Args:    graphql.FieldConfigArgument{"minWeight": {Type: graphql.Int, DefaultValue: 1}},
			Resolve: b.resolveConceptGraph},
		"coauthorGraph": {Type: graphql.NewNonNull(b.subgraph), Description: "The co-author network, weighted by joint publications.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return b.st.CoauthorGraph(p.Context) }},
		"citationGraph": {Type: graphql.NewNonNull(b.subgraph), Description: "The citation network: publications linked by cites edges, when both works are loaded.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return b.st.CitationGraph(p.Context) }},
		"timeline": {Type: nonNullList(b.yearCount), Description: "Per year, the publications, or for other kinds the nodes first linked to a publication that year.",
			Args: graphql.FieldConfigArgument{"kinds": kinds},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return nonNil(b.st.Timeline(kindsArg(p.Args["kinds"]))), nil
			}},
		"stats": {Type: graphql.NewNonNull(b.stats), Resolve: func(graphql.ResolveParams) (any, error) { return b.st.Stats(), nil }},
	}
	for _, l := range []struct {
		name string
		kind graph.Kind
		conn *graphql.Object
	}{
		{"concepts", graph.KindConcept, b.conceptConn}, {"actors", graph.KindActor, b.actorConn},
		{"people", graph.KindPerson, b.personConn}, {"methods", graph.KindMethod, b.methodConn},
		{"places", graph.KindPlace, b.placeConn}, {"venues", graph.KindVenue, b.venueConn},
		{"findings", graph.KindFinding, b.findingConn}, {"claims", graph.KindClaim, b.claimConn},
		{"sources", graph.KindSource, b.sourceConn},
	} {
		fields[l.name] = b.listField(l.kind, l.conn)
	}
	b.addAnalytics(fields)
	return graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: fields})
}

// listField pages through every node of one kind, by id.
func (b *builder) listField(k graph.Kind, conn *graphql.Object) *graphql.Field {
	return &graphql.Field{
		Type:        graphql.NewNonNull(conn),
		Description: "Every " + conn.Name()[:len(conn.Name())-len("Connection")] + ", by id.",
		Args:        graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: 50}, "after": {Type: graphql.String}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			return b.page(p, b.st.List(k))
		},
	}
}

// page cuts a page out of all as the first and after arguments say.
func (b *builder) page(p graphql.ResolveParams, all []*graph.Node) (any, error) {
	first, err := b.firstOf(p)
	if err != nil {
		return nil, err
	}
	after, _ := p.Args["after"].(string)
	return paginate(all, first, after)
}

// lookup returns the node with the id given to field, or a coded error.
func (b *builder) lookup(field, id string) (*graph.Node, error) {
	if err := graph.ValidID(id); err != nil {
		return nil, errorf(CodeBadUserInput, "schema: %s: %s", field, truncate(err.Error(), 200))
	}
	n, ok := b.st.Node(id)
	if !ok {
		return nil, notFound(field, id)
	}
	return n, nil
}

// kindsArg reads a [Kind!] argument.
func kindsArg(v any) []graph.Kind {
	list, _ := v.([]any)
	out := make([]graph.Kind, 0, len(list))
	for _, k := range list {
		if k, ok := k.(graph.Kind); ok {
			out = append(out, k)
		}
	}
	return out
}

// intArg reads an integer argument of the current field and checks its range.
func (b *builder) intArg(p graphql.ResolveParams, name string) (int, error) {
	v, _ := p.Args[name].(int)
	if e := b.lim.checkArg("Query."+p.Info.FieldName, name, v); e != nil {
		return 0, e
	}
	return v, nil
}

func (b *builder) resolveNode(p graphql.ResolveParams) (any, error) {
	n, err := b.lookup("node", p.Args["id"].(string))
	if err != nil {
		return nil, err
	}
	return b.value(n), nil
}

func (b *builder) resolveNodes(p graphql.ResolveParams) (any, error) {
	raw, _ := p.Args["ids"].([]any)
	ids := make([]string, len(raw))
	for i, v := range raw {
		ids[i], _ = v.(string)
	}
	ns := b.st.Nodes(ids)
	out := make([]any, len(ns))
	for i, n := range ns {
		if n != nil {
			out[i] = b.value(n)
		}
	}
	return out, nil
}

func (b *builder) resolveSearch(p graphql.ResolveParams) (any, error) {
	first, err := b.firstOf(p)
	if err != nil {
		return nil, err
	}
	return nonNil(b.st.Search(p.Args["text"].(string), kindsArg(p.Args["kinds"]), first)), nil
}

func (b *builder) resolveQuestions(graphql.ResolveParams) (any, error) {
	qs := slices.Clone(b.st.List(graph.KindQuestion))
	pos := func(n *graph.Node) int {
		if v, ok := n.Int(graph.Position); ok {
			return v
		}
		return int(^uint(0) >> 1)
	}
	slices.SortStableFunc(qs, func(x, y *graph.Node) int { return pos(x) - pos(y) })
	return b.nodeValues(qs), nil
}

func (b *builder) resolveNeighborhood(p graphql.ResolveParams) (any, error) {
	n, err := b.lookup("neighborhood", p.Args["id"].(string))
	if err != nil {
		return nil, err
	}
	depth, err := b.intArg(p, "depth")
	if err != nil {
		return nil, err
	}
	limit, err := b.intArg(p, "limit")
	if err != nil {
		return nil, err
	}
	return b.st.Neighborhood(p.Context, n.ID, depth, kindsArg(p.Args["kinds"]), limit)
}

func (b *builder) resolvePath(p graphql.ResolveParams) (any, error) {
	from, err := b.lookup("path from", p.Args["from"].(string))
	if err != nil {
		return nil, err
	}
	to, err := b.lookup("path to", p.Args["to"].(string))
	if err != nil {
		return nil, err
	}
	maxLength, err := b.intArg(p, "maxLength")
	if err != nil {
		return nil, err
	}
	path, err := b.st.ShortestPath(p.Context, from.ID, to.ID, maxLength, b.lim.PathBudget)
	if err != nil || path == nil {
		return nil, err // a nil *graph.Path would not read as null
	}
	return &graph.Subgraph{Nodes: path.Nodes, Edges: path.Edges}, nil // the Path type reads a subgraph
}

func (b *builder) resolveConceptGraph(p graphql.ResolveParams) (any, error) {
	minWeight, err := b.intArg(p, "minWeight")
	if err != nil {
		return nil, err
	}
	return b.st.ConceptGraph(p.Context, minWeight)
}

func (b *builder) resolvePublications(p graphql.ResolveParams) (any, error) {
	keep, err := b.pubFilterFunc(p.Args["filter"])
	if err != nil {
		return nil, err
	}
	all := slices.DeleteFunc(slices.Clone(b.st.List(graph.KindPublication)), func(n *graph.Node) bool { return !keep(n) })
	return b.page(p, all)
}

// pubFilterFunc turns a PublicationFilter into a test. Unknown ids are
// NOT_FOUND errors rather than empty results, so that typos show.
func (b *builder) pubFilterFunc(v any) (func(*graph.Node) bool, error) {
	f, _ := v.(map[string]any)
	var tests []func(*graph.Node) bool
	if y, ok := f["yearFrom"].(int); ok {
		tests = append(tests, func(n *graph.Node) bool { v, ok := n.Int(graph.DatePublished); return ok && v >= y })
	}
	if y, ok := f["yearTo"].(int); ok {
		tests = append(tests, func(n *graph.Node) bool { v, ok := n.Int(graph.DatePublished); return ok && v <= y })
	}
	if t, ok := f["type"].(string); ok {
		tests = append(tests, func(n *graph.Node) bool { return n.Str(graph.PubType) == t })
	}
	for _, l := range []struct {
		arg  string
		pred graph.Predicate
		kind graph.Kind
	}{
		{"concepts", graph.Mentions, graph.KindConcept}, {"actors", graph.Mentions, graph.KindActor},
		{"authors", graph.Author, graph.KindPerson}, {"methods", graph.UsesMethod, graph.KindMethod},
		{"places", graph.Location, graph.KindPlace}, {"question", graph.Answers, graph.KindQuestion},
	} {
		ids, err := b.filterIDs(l.arg, f[l.arg], l.kind)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			pubs := map[string]bool{}
			for _, p := range b.st.Publications(id, l.pred) {
				pubs[p] = true
			}
			tests = append(tests, func(n *graph.Node) bool { return pubs[n.ID] })
		}
	}
	if text, ok := f["text"].(string); ok {
		hits := map[string]bool{}
		for _, h := range b.st.Search(text, []graph.Kind{graph.KindPublication}, len(b.st.List(graph.KindPublication))) {
			hits[h.Node.ID] = true
		}
		tests = append(tests, func(n *graph.Node) bool { return hits[n.ID] })
	}
	return func(n *graph.Node) bool {
		for _, t := range tests {
			if !t(n) {
				return false
			}
		}
		return true
	}, nil
}

// filterIDs reads an id or a list of ids of kind k from a filter field.
func (b *builder) filterIDs(arg string, v any, k graph.Kind) ([]string, error) {
	var raw []any
	switch x := v.(type) {
	case string:
		raw = []any{x}
	case []any:
		raw = x
	}
	ids := make([]string, 0, len(raw))
	for _, r := range raw {
		id, _ := r.(string)
		n, err := b.lookup("publications filter "+arg, id)
		if err != nil {
			return nil, err
		}
		if n.Kind != k {
			return nil, errorf(CodeBadUserInput, "schema: publications filter %s: %q is a %s, not a %s", arg, id, n.Kind, k)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
