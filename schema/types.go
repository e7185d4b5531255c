package schema

import (
	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// builder makes the GraphQL types over one store.
type builder struct {
	st   *graph.View
	lim  Limits
	objs map[graph.Kind]*graphql.Object

	kind, pubType, actorType                 *graphql.Enum
	node                                     *graphql.Interface
	evidence, fieldEvidence, edge            *graphql.Object
	subgraph, path, pageInfo                 *graphql.Object
	searchHit, yearCount, kindCount, stats   *graphql.Object
	coConcept, coActor, coauthor, relatedPub *graphql.Object
	conns                                    map[graph.Kind]*graphql.Object // the connection of each paged kind
	pubFilter                                *graphql.InputObject
	an                                       *analyticsTypes
	ranges                                   map[string]argRanges // by Type.field: the ranges of its integer arguments
	// Values made once, so that resolvers hand them over without
	// allocating: each kind as an any, each link predicate's short name.
	kindValues map[graph.Kind]any
	shortNames map[graph.Predicate]*string
}

func newBuilder(st *graph.View, lim Limits) *builder {
	b := &builder{st: st, lim: lim, objs: map[graph.Kind]*graphql.Object{}, ranges: map[string]argRanges{},
		kindValues: map[graph.Kind]any{}, shortNames: map[graph.Predicate]*string{}}
	for _, k := range graph.KindTable() {
		b.kindValues[k.Kind] = k.Kind
	}
	for _, name := range graph.LinkPredicateNames() {
		if p, ok := graph.LinkPredicate(name); ok {
			short := p.ShortName()
			b.shortNames[p] = &short
		}
	}
	b.enums()
	b.analyticsEnums()
	b.node = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Node",
		Description: "Anything in the graph. Its id is kind/slug and stable across reloads.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			fs := b.nodeFields()
			fs["evidence"] = b.evidenceField(nil)
			fs["provenance"] = b.provenanceField(nil)
			return fs
		}),
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			if n := nodeOf(p.Value); n != nil {
				return b.objs[n.Kind]
			}
			return nil
		},
	})
	b.supportTypes()
	for _, k := range graph.KindTable() {
		b.objs[k.Kind] = b.object(k)
	}
	b.resultTypes()
	b.analyticsObjects()
	return b
}

// newObject builds an object type whose resolvers are guarded (see
// Limits.guard): a field's resolver is wrapped where it is declared, once.
func (b *builder) newObject(cfg graphql.ObjectConfig) *graphql.Object {
	switch fs := cfg.Fields.(type) {
	case graphql.Fields:
		cfg.Fields = b.guarded(cfg.Name, fs)
	case graphql.FieldsThunk:
		cfg.Fields = graphql.FieldsThunk(func() graphql.Fields { return b.guarded(cfg.Name, fs()) })
	}
	return graphql.NewObject(cfg)
}

// addField adds field name to obj, its resolver guarded.
func (b *builder) addField(obj *graphql.Object, name string, f *graphql.Field) {
	obj.AddFieldConfig(name, b.guarded(obj.Name(), graphql.Fields{name: f})[name])
}

// guarded wraps the resolvers of fs, the fields of type typ: each is
// guarded, and a String or ID field hands its value over by reference.
func (b *builder) guarded(typ string, fs graphql.Fields) graphql.Fields {
	for name, f := range fs {
		if f.Resolve == nil {
			continue
		}
		if t := unwrapNonNull(f.Type); t == graphql.String || t == graphql.ID {
			f.Resolve = byReference(f.Resolve)
		}
		f.Resolve = b.lim.guard(typ+"."+name, f.Resolve)
	}
	return fs
}

// byReference makes fn's string values *string: graphql-go's String and
// ID scalars serialize a *string as it is, and any other value through
// fmt.Sprintf("%v"), which cost a tenth of a depth-2 request's time.
func byReference(fn graphql.FieldResolveFn) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		v, err := fn(p)
		if s, ok := v.(string); ok {
			return &s, err
		}
		return v, err
	}
}

// types lists the types reachable only through the Node interface.
func (b *builder) types() []graphql.Type {
	var out []graphql.Type
	for _, k := range graph.KindTable() {
		out = append(out, b.objs[k.Kind])
	}
	return out
}

func (b *builder) enums() {
	kinds := graphql.EnumValueConfigMap{}
	for _, k := range graph.KindTable() {
		kinds[k.Enum] = &graphql.EnumValueConfig{Value: k.Kind, Description: k.Description}
	}
	b.kind = graphql.NewEnum(graphql.EnumConfig{Name: "Kind", Description: "The kind of a node: the part of its id before the slash.", Values: kinds})
	b.pubType = stringEnum("PublicationType", "The type of a publication.", graph.PublicationTypes()...)
	b.actorType = stringEnum("ActorType", "The type of an actor.", graph.ActorTypes()...)
}

// stringEnum is an enum whose values are their own names.
func stringEnum(name, desc string, values ...string) *graphql.Enum {
	m := graphql.EnumValueConfigMap{}
	for _, v := range values {
		m[v] = &graphql.EnumValueConfig{Value: v}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: name, Description: desc, Values: m})
}

// nodeFields are the fields every node has.
func (b *builder) nodeFields() graphql.Fields {
	return graphql.Fields{
		"id": {Type: graphql.NewNonNull(graphql.ID), Description: "kind/slug, for example concept/blacklist.",
			Resolve: onNode(func(n *graph.Node) any { return &n.ID })},
		"kind": {Type: graphql.NewNonNull(b.kind),
			Resolve: onNode(func(n *graph.Node) any {
				if v, ok := b.kindValues[n.Kind]; ok {
					return v
				}
				return n.Kind
			})},
		"label": {Type: graphql.NewNonNull(graphql.String), Description: "A human-readable name.",
			Resolve: onNode(func(n *graph.Node) any { return &n.Label })},
		"iri": {Type: graphql.NewNonNull(graphql.String), Description: "The node's IRI, which dereferences to JSON-LD.",
			Resolve: onNode(func(n *graph.Node) any { return &n.IRI })},
		"imported": {Type: graphql.NewNonNull(graphql.Boolean), Description: "True for a node added by a bibliography import rather than the curated corpus.",
			Resolve: onNode(func(n *graph.Node) any { v, _ := n.Bool(graph.Imported); return v })},
	}
}

// object builds the type of one kind: the Node fields, its properties, and
// evidence and provenance over those properties.
func (b *builder) object(k graph.KindInfo) *graphql.Object {
	return b.newObject(graphql.ObjectConfig{
		Name:        k.Type,
		Description: k.Description,
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			fs := b.nodeFields()
			props := b.propsOf(k.Kind)
			for _, p := range props {
				fs[p.name] = b.bounded(k.Type, p.name, propField(p), p.ranges)
			}
			fs["imported"] = &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean),
				Description: "True for a node added by a bibliography import rather than the curated corpus.",
				Resolve:     onNode(func(n *graph.Node) any { v, _ := n.Bool(graph.Imported); return v })}
			fs["evidence"] = b.evidenceField(props)
			fs["provenance"] = b.provenanceField(props)
			return fs
		}),
	})
}

// supportTypes builds the types that node types refer to.
func (b *builder) supportTypes() {
	str, nnStr := graphql.String, graphql.NewNonNull(graphql.String)
	b.evidence = b.newObject(graphql.ObjectConfig{
		Name:        "Evidence",
		Description: "Where a fact came from: a source node or address, the quote that supports it, and the data file and line.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"source": {Type: b.node, Description: "The publication or source node the fact derives from, when the API shows it.",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						e := p.Source.(graph.Evidence)
						if n, ok := b.st.Node(e.Source); ok && e.Source != "" {
							return b.value(n), nil
						}
						return nil, nil
					}},
				"sourceId": {Type: graphql.ID, Description: "The id of the source node, even when the API does not show it.",
					Resolve: on(func(e graph.Evidence) any { return nilIfEmpty(e.Source) })},
				"url": {Type: str, Description: "The most specific public link to check the fact: the page the quote is on, else the source's address (a DOI as its https://doi.org/ page). Every fact of the embedded corpus has one.",
					Resolve: on(func(e graph.Evidence) any { return nilIfEmpty(e.URL) })},
				"sha256": {Type: str, Description: "For a fact read from an imported file: the SHA-256 of the file (hex), so that file names the file exactly.",
					Resolve: on(func(e graph.Evidence) any { return nilIfEmpty(e.SHA256) })},
				"quote": {Type: str, Description: "The exact words that support the fact.", Resolve: on(func(e graph.Evidence) any { return nilIfEmpty(e.Quote) })},
				"file":  {Type: str, Description: "The data file, relative to the data directory; for an imported bibliography, the file's name (never a path of the loading machine).", Resolve: on(func(e graph.Evidence) any { return nilIfEmpty(e.File) })},
				"line": {Type: graphql.Int, Description: "The line in file where the record the fact was read from starts.", Resolve: func(p graphql.ResolveParams) (any, error) {
					if e := p.Source.(graph.Evidence); e.File != "" {
						return e.Line, nil
					}
					return nil, nil
				}},
			}
		}),
	})
	b.fieldEvidence = b.newObject(graphql.ObjectConfig{
		Name:        "FieldEvidence",
		Description: "The evidence for one field of a node.",
		Fields: graphql.Fields{
			"field":    {Type: nnStr, Resolve: on(func(v fieldEvidence) any { return v.field })},
			"evidence": {Type: nonNullList(b.evidence), Resolve: on(func(v fieldEvidence) any { return v.evidence })},
		},
	})
	b.edge = b.newObject(graphql.ObjectConfig{
		Name:        "Edge",
		Description: "A link between two nodes, with the evidence for it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"source": {Type: graphql.NewNonNull(graphql.ID), Resolve: on(func(e *graph.Edge) any { return &e.Source })},
				"target": {Type: graphql.NewNonNull(graphql.ID), Resolve: on(func(e *graph.Edge) any { return &e.Target })},
				"predicate": {Type: nnStr, Description: "The predicate's short name: mentions, author, broader, ...", Resolve: on(func(e *graph.Edge) any {
					if s, ok := b.shortNames[e.Predicate]; ok {
						return s
					}
					return e.Predicate.ShortName()
				})},
				"predicateIri": {Type: nnStr, Description: "The predicate's IRI.", Resolve: on(func(e *graph.Edge) any { return string(e.Predicate) })},
				"label":        {Type: nnStr, Description: "The link read as words: source <label> target.", Resolve: on(func(e *graph.Edge) any { return edgeLabel(e.Predicate) })},
				"weight":       {Type: graphql.Float, Description: "1 for a stated link; the count of shared publications for derived ones.", Resolve: on(func(e *graph.Edge) any { return e.Weight })},
				"evidence":     {Type: nonNullList(b.evidence), Resolve: on(func(e *graph.Edge) any { return nonNil(e.Evidence) })},
				"negated": {Type: graphql.NewNonNull(graphql.Boolean), Description: "True for a mention that the text makes only to deny it (“not as a dystopian surveillance apparatus”); such a mention counts in no co-occurrence and no related publication.",
					Resolve: on(func(e *graph.Edge) any { return e.Predicate == graph.NegatedMention })},
				"sourceNode": {Type: b.node, Resolve: b.edgeEnd(func(e *graph.Edge) string { return e.Source })},
				"targetNode": {Type: b.node, Resolve: b.edgeEnd(func(e *graph.Edge) string { return e.Target })},
			}
		}),
	})
	b.coConcept = b.cooccurrence("CooccurringConcept", "concept", graph.KindConcept, "weight", "A concept mentioned by the same publications.")
	b.coActor = b.cooccurrence("CooccurringActor", "actor", graph.KindActor, "weight", "An actor mentioned by the same publications.")
	b.coauthor = b.cooccurrence("Coauthor", "person", graph.KindPerson, "count", "A person who wrote publications with another.")
	b.relatedPub = b.newObject(graphql.ObjectConfig{
		Name:        "RelatedPublication",
		Description: "A publication related to another by shared concepts, shared references (coupling) or shared citing works (co-citation), ranked by how many.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"publication": {Type: graphql.NewNonNull(b.objs[graph.KindPublication]), Resolve: b.coNode()},
				"score":       {Type: graphql.NewNonNull(graphql.Float), Description: "The number of shared items.", Resolve: coWeight},
				"sharedConcepts": {Type: nonNullList(b.objs[graph.KindConcept]), Description: "The shared concepts (by: CONCEPTS); empty otherwise.",
					Resolve: on(func(v graph.Cooccurrence) any { return b.values(v.Via) })},
				"shared": {Type: nonNullList(graphql.String), Description: "The ids of the shared items, the reason for the relation: concepts (CONCEPTS), cited works (COUPLING: an id when the work is loaded, else its external IRI) or citing publications (COCITATION).",
					Resolve: on(func(v graph.Cooccurrence) any { return nonNil(v.Via) })},
				"sharedNodes": {Type: nonNullList(b.node), Description: "The shared items that are loaded, as nodes.",
					Resolve: on(func(v graph.Cooccurrence) any { return b.values(v.Via) })},
			}
		}),
	})
	b.pageInfo = b.newObject(graphql.ObjectConfig{
		Name:        "PageInfo",
		Description: "Where a page sits in its list (Relay).",
		Fields: graphql.Fields{
			"hasNextPage":     {Type: graphql.NewNonNull(graphql.Boolean), Resolve: on(func(pg *page) any { return pg.hasNext })},
			"hasPreviousPage": {Type: graphql.NewNonNull(graphql.Boolean), Resolve: on(func(pg *page) any { return pg.start > 0 })},
			"startCursor":     {Type: str, Resolve: on(func(pg *page) any { return pg.cursor(0) })},
			"endCursor":       {Type: str, Resolve: on(func(pg *page) any { return pg.cursor(len(pg.items) - 1) })},
		},
	})
	b.pubFilter = graphql.NewInputObject(graphql.InputObjectConfig{
		Name:        "PublicationFilter",
		Description: "Narrows publications. Every given condition must hold; a list of ids matches publications linked to every id in it.",
		Fields: graphql.InputObjectConfigFieldMap{
			"yearFrom": {Type: graphql.Int, Description: "The earliest year, inclusive."},
			"yearTo":   {Type: graphql.Int, Description: "The latest year, inclusive."},
			"type":     {Type: b.pubType},
			"concepts": {Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Concept ids the publication mentions."},
			"actors":   {Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Actor ids the publication mentions."},
			"authors":  {Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Person ids among the authors."},
			"methods":  {Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Method ids the publication uses."},
			"places":   {Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Place ids the publication studies."},
			"question": {Type: graphql.ID, Description: "The question the publication answers."},
			"text":     {Type: graphql.String, Description: "Words as search finds them: in the title, abstract or description, or the authors, year, concepts and actors."},
		},
	})
}

// cooccurrence builds a type of a node that shares publications with another.
func (b *builder) cooccurrence(name, field string, k graph.Kind, weight, desc string) *graphql.Object {
	return b.newObject(graphql.ObjectConfig{
		Name:        name,
		Description: desc,
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				field:  {Type: graphql.NewNonNull(b.objs[k]), Resolve: b.coNode()},
				weight: {Type: graphql.NewNonNull(graphql.Int), Description: "The number of shared publications.", Resolve: coWeight},
				"score": {Type: graphql.NewNonNull(graphql.Float), Description: "The weight normalised by the measure asked for (the weight itself for COUNT).",
					Resolve: on(func(v graph.Cooccurrence) any { return v.Score })},
				"publications": {Type: nonNullList(b.objs[graph.KindPublication]), Description: "The shared publications.", Resolve: b.coVia()},
			}
		}),
	})
}

// resultTypes builds the types that root fields return.
func (b *builder) resultTypes() {
	nnInt := graphql.NewNonNull(graphql.Int)
	b.subgraph = b.nodesAndEdges("Subgraph", "A set of nodes and the edges among them, for a force layout or an ego network.",
		"truncated", &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean), Description: "True when a limit cut the subgraph short.",
			Resolve: on(func(v *graph.Subgraph) any { return v.Truncated })})
	b.path = b.nodesAndEdges("Path", "A chain of links between two nodes; nodes in order from the first to the last, and edges in the same order (edges[i] joins nodes[i] and nodes[i+1], in either direction).",
		"length", &graphql.Field{Type: nnInt, Description: "The number of edges.", Resolve: on(func(v *graph.Subgraph) any { return len(v.Edges) })})
	b.searchHit = b.newObject(graphql.ObjectConfig{
		Name:        "SearchHit",
		Description: "A search result, with what matched, so that the ranking can be explained.",
		Fields: graphql.Fields{
			"node":    {Type: graphql.NewNonNull(b.node), Resolve: on(func(v graph.Hit) any { return b.value(v.Node) })},
			"score":   {Type: graphql.NewNonNull(graphql.Float), Description: "Higher is better; exact matches of names and aliases rank first.", Resolve: on(func(v graph.Hit) any { return v.Score })},
			"snippet": {Type: graphql.NewNonNull(graphql.String), Description: "The text around the match.", Resolve: on(func(v graph.Hit) any { return v.Snippet })},
			"matchedField": {Type: graphql.NewNonNull(graphql.String), Description: "Where the query matched: label, name, prefLabel, altLabel, acronym, description, text, abstract, definition or quote; " +
				"for a publication also author, year, concept or actor (the label of a concept or actor it mentions); several joined by \" + \" when the words matched in different fields (\"author + year\").",
				Resolve: on(func(v graph.Hit) any { return v.Field })},
			"matchedForm": {Type: graphql.NewNonNull(graphql.String), Description: "What was found there: the name or alias as written, or the word; for a typo, the word it stands for.",
				Resolve: on(func(v graph.Hit) any { return v.Form })},
			"exact": {Type: graphql.NewNonNull(graphql.Boolean), Description: "True when every word matched as typed (case, accents and width aside; the last word as a prefix); " +
				"false when a typo was corrected or words were joined (\"black list\" for blacklist).",
				Resolve: on(func(v graph.Hit) any { return v.Exact })},
		},
	})
	b.yearCount = b.newObject(graphql.ObjectConfig{
		Name: "YearCount",
		Fields: graphql.Fields{
			"year":  {Type: nnInt, Resolve: on(func(v graph.YearCount) any { return v.Year })},
			"count": {Type: nnInt, Resolve: on(func(v graph.YearCount) any { return v.Count })},
		},
	})
	b.kindCount = b.newObject(graphql.ObjectConfig{
		Name: "KindCount",
		Fields: graphql.Fields{
			"kind":  {Type: graphql.NewNonNull(b.kind), Resolve: on(func(v kindCount) any { return v.kind })},
			"count": {Type: nnInt, Resolve: on(func(v kindCount) any { return v.count })},
		},
	})
	b.stats = b.newObject(graphql.ObjectConfig{
		Name:        "Stats",
		Description: "What the store holds.",
		Fields: graphql.Fields{
			"nodes":  {Type: nnInt, Description: "Nodes the API shows.", Resolve: on(func(s graph.Stats) any { return s.Nodes })},
			"edges":  {Type: nnInt, Description: "Links between nodes.", Resolve: on(func(s graph.Stats) any { return s.Edges })},
			"quads":  {Type: nnInt, Description: "Quads in the store, evidence included.", Resolve: on(func(s graph.Stats) any { return s.Quads })},
			"byKind": {Type: nonNullList(b.kindCount), Resolve: on(byKind)},
		},
	})
	b.conns = map[graph.Kind]*graphql.Object{}
	for _, k := range graph.KindTable() {
		if k.Paged() {
			b.conns[k.Kind] = b.connection(k.Kind)
		}
	}
}

// nodesAndEdges builds a type over a *graph.Subgraph: its nodes, its
// edges, and one more field.
func (b *builder) nodesAndEdges(name, desc, field string, f *graphql.Field) *graphql.Object {
	return b.newObject(graphql.ObjectConfig{
		Name:        name,
		Description: desc,
		Fields: graphql.Fields{
			"nodes": {Type: nonNullList(b.node), Resolve: on(func(v *graph.Subgraph) any { return b.nodeValues(v.Nodes) })},
			"edges": {Type: nonNullList(b.edge), Resolve: on(func(v *graph.Subgraph) any { return v.Edges })},
			field:   f,
		},
	})
}

// connection builds the Relay connection and edge types of one kind.
func (b *builder) connection(k graph.Kind) *graphql.Object {
	obj := b.objs[k]
	edge := b.newObject(graphql.ObjectConfig{
		Name:        obj.Name() + "Edge",
		Description: "One item of a page, with its cursor.",
		Fields: graphql.Fields{
			"cursor": {Type: graphql.NewNonNull(graphql.String), Resolve: on(func(v pageItem) any { return v.cursor })},
			"node":   {Type: graphql.NewNonNull(obj), Resolve: on(func(v pageItem) any { return b.value(v.node) })},
		},
	})
	return b.newObject(graphql.ObjectConfig{
		Name:        obj.Name() + "Connection",
		Description: "A page of " + obj.Name() + " items (Relay). Pass pageInfo.endCursor as after to get the next page.",
		Fields: graphql.Fields{
			"edges":      {Type: nonNullList(edge), Resolve: on(func(pg *page) any { return pg.edges() })},
			"nodes":      {Type: nonNullList(obj), Description: "The items of edges, without cursors.", Resolve: on(func(pg *page) any { return b.nodeValues(pg.items) })},
			"pageInfo":   {Type: graphql.NewNonNull(b.pageInfo), Resolve: on(func(pg *page) any { return pg })},
			"totalCount": {Type: graphql.NewNonNull(graphql.Int), Description: "The number of items in the whole list.", Resolve: on(func(pg *page) any { return pg.total })},
		},
	})
}

func nonNullList(t graphql.Type) graphql.Output {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// edgeLabel reads a predicate as words.
func edgeLabel(p graph.Predicate) string {
	switch p {
	case graph.Author:
		return "has author"
	case graph.IsPartOf:
		return "is published in"
	case graph.Location:
		return "studies place"
	case graph.Broader:
		return "has broader concept"
	case graph.Narrower:
		return "has narrower concept"
	case graph.Related:
		return "is related to"
	case graph.UsesMethod:
		return "uses method"
	case graph.ReportedIn:
		return "is reported in"
	case graph.NegatedMention:
		return "mentions, to deny it,"
	case graph.Editor:
		return "is edited by"
	case graph.Publisher:
		return "is published by"
	case graph.HeldBy:
		return "is held by"
	case graph.VariantOf:
		return "is a variant of"
	case graph.PremiseOf:
		return "is the premise of"
	case graph.ConflictsWith:
		return "conflicts with"
	case graph.CooccursWith:
		return "co-occurs with"
	case graph.CoauthorWith:
		return "co-authored with"
	}
	return p.ShortName()
}
