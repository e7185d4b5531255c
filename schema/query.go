package schema

import (
	"context"
	"slices"
	"strings"

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
		"search": b.bounded("Query", "search", &graphql.Field{Type: nonNullList(b.searchHit), Description: "Nodes whose names, aliases (Chinese ones too, as substrings), titles or texts match, best first, and publications whose authors, year, concepts or actors do (\"Liu 2019\", \"Liu blacklist\"). " +
			"The last word matches as a prefix. Case, accents and full-width forms do not matter; a word of 5 to 8 letters may be one typo off a name word, of 9 or more two; " +
			"\"black list\", black-list and blacklist find each other. Each hit says which field and form matched.",
			Args:    graphql.FieldConfigArgument{"text": {Type: graphql.NewNonNull(graphql.String)}, "kinds": kinds, "first": {Type: graphql.Int, DefaultValue: 10}},
			Resolve: b.resolveSearch}, argRanges{"first": pageSize}),
		"neighborhood": b.bounded("Query", "neighborhood", &graphql.Field{Type: graphql.NewNonNull(b.subgraph), Description: "The nodes within depth links of a node (an ego network), at most limit of them.",
			Args: graphql.FieldConfigArgument{"id": {Type: id}, "depth": {Type: graphql.Int, DefaultValue: 1}, "kinds": kinds,
				"limit": {Type: graphql.Int, DefaultValue: 200}},
			Resolve: b.resolveNeighborhood}, argRanges{"depth": neighborhoodDepth, "limit": subgraphNodes}),
		"path": b.bounded("Query", "path", &graphql.Field{Type: b.path, Description: "A shortest chain of links between two nodes, in either direction; null when they are not connected within maxLength. " +
			"avoidKinds and avoidPredicates steer it around people, authorship, ...",
			Args:    b.pathArgs(false),
			Resolve: b.resolvePath}, argRanges{"maxLength": pathLength}),
		"paths": b.bounded("Query", "paths", &graphql.Field{Type: nonNullList(b.path), Description: "Up to first shortest loopless chains of links between two nodes, shortest first (Yen's algorithm), each at most maxLength long; " +
			"empty when the two are not connected within maxLength. Two nodes joined by several links count once. avoidKinds and avoidPredicates steer them.",
			Args:    b.pathArgs(true),
			Resolve: b.resolvePaths}, argRanges{"maxLength": pathLength, "first": pageSize}),
		"timeline": {Type: nonNullList(b.yearCount), Description: "Per year, the publications, or for other kinds the nodes first linked to a publication that year.",
			Args: graphql.FieldConfigArgument{"kinds": kinds},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return nonNil(b.st.Timeline(kindsArg(p.Args["kinds"]))), nil
			}},
		"stats": {Type: graphql.NewNonNull(b.stats), Resolve: func(graphql.ResolveParams) (any, error) { return b.st.Stats(), nil }},
	}
	for _, k := range graph.KindTable() {
		fields[k.List] = b.listField(k)
	}
	b.addNetworks(fields)
	return b.newObject(graphql.ObjectConfig{Name: "Query", Fields: fields})
}

// listField is the Query field that lists the nodes of kind k: a page by
// id; publications by year with a filter; questions in the order of the
// research page; claims with a myth filter.
func (b *builder) listField(k graph.KindInfo) *graphql.Field {
	switch k.Kind {
	case graph.KindPublication:
		return b.bounded("Query", k.List, &graphql.Field{Type: graphql.NewNonNull(b.conns[k.Kind]), Description: "Publications by year, then id.",
			Args:    graphql.FieldConfigArgument{"filter": {Type: b.pubFilter}, "first": {Type: graphql.Int, DefaultValue: 20}, "after": {Type: graphql.String}},
			Resolve: b.resolvePublications}, argRanges{"first": pageSize})
	case graph.KindQuestion:
		return &graphql.Field{Type: nonNullList(b.objs[k.Kind]), Description: "The research questions, in the order of the research page.",
			Resolve: b.resolveQuestions}
	case graph.KindClaim:
		return b.claimsField()
	}
	return b.bounded("Query", k.List, &graphql.Field{
		Type:        graphql.NewNonNull(b.conns[k.Kind]),
		Description: "Every " + k.Type + ", by id.",
		Args:        graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: 50}, "after": {Type: graphql.String}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			return b.page(p, b.st.List(k.Kind))
		},
	}, argRanges{"first": pageSize})
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

// intArg reads an integer argument of the current field and checks it
// against the range the field declares for it.
func (b *builder) intArg(p graphql.ResolveParams, name string) (int, error) {
	v, _ := p.Args[name].(int)
	field := p.Info.ParentType.Name() + "." + p.Info.FieldName
	if r, ok := b.ranges[field][name]; ok {
		if e := b.lim.checkArg(field, name, r, v); e != nil {
			return 0, e
		}
	}
	return v, nil
}

// bounded records the ranges of the integer arguments of field name of
// type typ, and returns f.
func (b *builder) bounded(typ, name string, f *graphql.Field, r argRanges) *graphql.Field {
	b.ranges[typ+"."+name] = r
	return f
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
	hits, err := b.st.Search(p.Context, p.Args["text"].(string), kindsArg(p.Args["kinds"]), first)
	if err != nil {
		return nil, err
	}
	return nonNil(hits), nil
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

// pathArgs are the arguments of path, and of paths with first.
func (b *builder) pathArgs(first bool) graphql.FieldConfigArgument {
	id := graphql.NewNonNull(graphql.ID)
	args := graphql.FieldConfigArgument{
		"from":      {Type: id},
		"to":        {Type: id},
		"maxLength": {Type: graphql.Int, DefaultValue: 6, Description: "The most links a chain may have."},
		"avoidKinds": {Type: graphql.NewList(graphql.NewNonNull(b.kind)),
			Description: "No node of these kinds between the two ends (the ends themselves may be of them): [PERSON] skips the authors."},
		"avoidPredicates": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)),
			Description: "No link with these predicates, by their short names as Edge.predicate shows them: [\"author\"] skips authorship. One of " +
				strings.Join(graph.LinkPredicateNames(), ", ") + "."},
	}
	if first {
		args["first"] = &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: 3, Description: "The most chains to return."}
	}
	return args
}

// pathOptions reads the ends and options of path and paths.
func (b *builder) pathOptions(p graphql.ResolveParams) (from, to string, o graph.PathOptions, err error) {
	f, err := b.lookup(p.Info.FieldName+" from", p.Args["from"].(string))
	if err != nil {
		return "", "", o, err
	}
	t, err := b.lookup(p.Info.FieldName+" to", p.Args["to"].(string))
	if err != nil {
		return "", "", o, err
	}
	if o.MaxLength, err = b.intArg(p, "maxLength"); err != nil {
		return "", "", o, err
	}
	o.Budget, o.AvoidKinds = b.lim.PathBudget, kindsArg(p.Args["avoidKinds"])
	raw, _ := p.Args["avoidPredicates"].([]any)
	for _, v := range raw {
		name, _ := v.(string)
		pred, ok := graph.LinkPredicate(name)
		if !ok {
			return "", "", o, errorf(CodeBadUserInput, "%s: avoidPredicates: unknown predicate %q; want one of %s",
				p.Info.FieldName, truncate(name, 100), strings.Join(graph.LinkPredicateNames(), ", "))
		}
		o.AvoidPredicates = append(o.AvoidPredicates, pred)
	}
	return f.ID, t.ID, o, nil
}

func (b *builder) resolvePath(p graphql.ResolveParams) (any, error) {
	from, to, o, err := b.pathOptions(p)
	if err != nil {
		return nil, err
	}
	path, err := b.st.ShortestPathWith(p.Context, from, to, o)
	if err != nil || path == nil {
		return nil, err // a nil *graph.Path would not read as null
	}
	return &graph.Subgraph{Nodes: path.Nodes, Edges: path.Edges}, nil // the Path type reads a subgraph
}

func (b *builder) resolvePaths(p graphql.ResolveParams) (any, error) {
	first, err := b.firstOf(p)
	if err != nil {
		return nil, err
	}
	from, to, o, err := b.pathOptions(p)
	if err != nil {
		return nil, err
	}
	paths, err := b.st.Paths(p.Context, from, to, first, o)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Subgraph, len(paths))
	for i, path := range paths {
		out[i] = &graph.Subgraph{Nodes: path.Nodes, Edges: path.Edges}
	}
	return out, nil
}

// cutDoc tells how the whole-graph networks obey the node limit.
const cutDoc = "At most limit nodes (default 500, at most maxSubgraphNodes): those with the highest weighted degree, and the edges among them; truncated tells when some were left out."

func cutArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: 500, Description: "The most nodes to return."}
}

// cut applies the limit argument to a resolver of a whole-graph network.
func (b *builder) cut(resolve graphql.FieldResolveFn) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		limit, err := b.intArg(p, "limit")
		if err != nil {
			return nil, err
		}
		v, err := resolve(p)
		if sub, ok := v.(*graph.Subgraph); ok && err == nil {
			return sub.Cut(limit), nil
		}
		return v, err
	}
}

func (b *builder) resolvePublications(p graphql.ResolveParams) (any, error) {
	keep, err := b.pubFilterFunc(p.Context, p.Args["filter"])
	if err != nil {
		return nil, err
	}
	all := slices.DeleteFunc(slices.Clone(b.st.List(graph.KindPublication)), func(n *graph.Node) bool { return !keep(n) })
	return b.page(p, all)
}

// pubFilterFunc turns a PublicationFilter into a test. Unknown ids are
// NOT_FOUND errors rather than empty results, so that typos show.
func (b *builder) pubFilterFunc(ctx context.Context, v any) (func(*graph.Node) bool, error) {
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
		found, err := b.st.Search(ctx, text, []graph.Kind{graph.KindPublication}, len(b.st.List(graph.KindPublication)))
		if err != nil {
			return nil, err
		}
		hits := map[string]bool{}
		for _, h := range found {
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

// CheckArg checks a number that field (a route, say) takes under the name
// of a GraphQL argument (depth, limit, minWeight) as neighborhood and
// conceptGraph check that argument: the error names the limit and carries
// its code. Other names are not checked.
func (l Limits) CheckArg(field, name string, v int) error {
	r, ok := argRanges{"depth": neighborhoodDepth, "limit": subgraphNodes, "minWeight": atLeastOne}[name]
	if !ok {
		return nil
	}
	if e := l.withDefaults().checkArg(field, name, r, v); e != nil {
		return e
	}
	return nil
}
