package schema

import (
	"slices"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// how says how a property becomes a GraphQL field.
type how int

const (
	howStr    how = iota // String: the first value of pred (or of alt when pred has none)
	howStrs              // [String!]!: every value of pred
	howPlain             // [String!]!: the values of pred without a language
	howZh                // String: the value of pred in Chinese
	howInt               // Int
	howBool              // Boolean!: false when absent
	howOne               // the node linked through pred
	howMany              // [T!]!: the nodes linked through pred
	howCustom            // typ, args and resolve as given
)

// prop declares one field of a node type and where its facts live, so that
// the field and its evidence come from one place.
type prop struct {
	name, desc string
	how        how
	pred       graph.Predicate // "" for derived fields, which have no evidence of their own
	alt        graph.Predicate // howStr: read when pred has no value
	in         bool            // links: the nodes that link here through pred
	inv        graph.Predicate // links: also the nodes that link here through inv
	kind       graph.Kind      // links: the kind of the linked nodes
	link       bool            // howCustom: pred links nodes
	typ        graphql.Output  // howCustom
	args       graphql.FieldConfigArgument
	resolve    graphql.FieldResolveFn
}

func (p prop) isLink() bool { return p.how == howOne || p.how == howMany || p.link }

// str, strs, ... declare the common kinds of prop briefly.
func str(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, how: howStr, pred: pred, desc: desc}
}

func named(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, how: howStr, pred: pred, alt: graph.RDFSLabel, desc: desc}
}

func links(name string, pred graph.Predicate, k graph.Kind, desc string) prop {
	return prop{name: name, how: howMany, pred: pred, kind: k, desc: desc}
}

func linksIn(name string, pred graph.Predicate, k graph.Kind, desc string) prop {
	return prop{name: name, how: howMany, pred: pred, in: true, kind: k, desc: desc}
}

func (b *builder) custom(name string, pred graph.Predicate, typ graphql.Output, args graphql.FieldConfigArgument, desc string, fn graphql.FieldResolveFn) prop {
	return prop{name: name, how: howCustom, pred: pred, typ: typ, args: args, resolve: fn, desc: desc}
}

func firstArg(def int) graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: def, Description: "How many to return, most shared first."}}
}

func aliases() prop {
	return prop{name: "aliases", how: howPlain, pred: graph.AltLabel, desc: "Other names, without the Chinese one."}
}

func nameZh() prop {
	return prop{name: "nameZh", how: howZh, pred: graph.AltLabel, desc: "The Chinese name, where known."}
}

func description() prop { return str("description", graph.Description, "") }

// propsOf lists the fields of kind k beyond the Node fields.
func (b *builder) propsOf(k graph.Kind) []prop {
	pubs := func(pred graph.Predicate, desc string) prop {
		return linksIn("publications", pred, graph.KindPublication, desc)
	}
	switch k {
	case graph.KindPublication:
		return b.publicationProps()
	case graph.KindPerson:
		return []prop{named("name", graph.Name, ""), nameZh(), aliases(), str("affiliation", graph.Affiliation, ""), description(),
			pubs(graph.Author, "The publications the person wrote, by year."),
			b.custom("coauthors", "", nonNullList(b.coauthor), nil, "The people the person wrote with, most joint publications first.", b.coauthors)}
	case graph.KindActor:
		return []prop{named("name", graph.Name, ""), str("acronym", graph.Acronym, ""), nameZh(), aliases(),
			b.custom("type", graph.ActorType, b.actorType, nil, "", onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(graph.ActorType)) })),
			description(),
			pubs(graph.Mentions, "The publications that mention the actor, by year."),
			b.custom("concepts", "", nonNullList(b.coConcept), b.cooccurringArgs(), "The concepts mentioned together with the actor, best first."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindConcept)),
			b.trajectory("The publications per year that mention the actor, and its bursts.")}
	case graph.KindConcept:
		return []prop{str("prefLabel", graph.PrefLabel, "The SKOS preferred label."),
			{name: "altLabels", how: howStrs, pred: graph.AltLabel, desc: "Other labels, the Chinese one included."},
			str("definition", graph.Definition, "A definition quoted from a source."),
			{name: "broader", how: howMany, pred: graph.Broader, inv: graph.Narrower, kind: graph.KindConcept},
			{name: "narrower", how: howMany, pred: graph.Narrower, inv: graph.Broader, kind: graph.KindConcept},
			{name: "related", how: howMany, pred: graph.Related, inv: graph.Related, kind: graph.KindConcept},
			b.custom("cooccurring", "", nonNullList(b.coConcept), b.cooccurringArgs(), "The concepts the same publications mention, best first by the measure (ties: more shared, then id)."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindConcept)),
			pubs(graph.Mentions, "The publications that mention the concept, by year."),
			b.custom("actors", "", nonNullList(b.coActor), b.cooccurringArgs(), "The actors the same publications mention, best first by the measure."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindActor)),
			b.trajectory("The publications per year that mention the concept, and its bursts (CiteSpace's idea, with the simple rule of TrajectoryYear.burst).")}
	case graph.KindQuestion:
		return []prop{named("text", graph.Text, "The question."), str("intro", graph.Description, "The paragraph that introduces the question."),
			{name: "position", how: howInt, pred: graph.Position, desc: "The question's place in the order of the research page."},
			pubs(graph.Answers, "The publications that answer the question, by year.")}
	case graph.KindMethod:
		return []prop{named("name", graph.Name, ""), aliases(), description(), pubs(graph.UsesMethod, "The publications that use the method, by year.")}
	case graph.KindPlace:
		return []prop{named("name", graph.Name, ""), aliases(), description(), pubs(graph.Location, "The publications that study the place, by year.")}
	case graph.KindVenue:
		return []prop{named("name", graph.Name, ""), aliases(), description(), str("publisher", graph.Publisher, ""),
			pubs(graph.IsPartOf, "The publications in the venue, by year.")}
	case graph.KindFinding:
		return []prop{named("statement", graph.Text, "The finding in one sentence."),
			{name: "publication", how: howOne, pred: graph.ReportedIn, kind: graph.KindPublication, desc: "The publication that reports the finding."},
			str("quote", graph.Quote, "The words of the source the finding rests on."),
			b.custom("year", "", graphql.Int, nil, "The year of the publication that reports the finding.", b.findingYear),
			links("supports", graph.Supports, graph.KindClaim, "The claims the finding supports."),
			links("contradicts", graph.Contradicts, graph.KindClaim, "The claims the finding contradicts.")}
	case graph.KindClaim:
		return []prop{named("statement", graph.Text, "The claim in one sentence."),
			str("quote", graph.Quote, "The words of the source that state the claim."),
			{name: "myth", how: howBool, pred: graph.Myth, desc: "True for a claim the research corrects."},
			b.claimLinks("supportedBy", graph.Supports, "The findings that support the claim, by id."),
			b.claimLinks("contradictedBy", graph.Contradicts, "The findings that contradict the claim, by id."),
			{name: "variants", how: howCustom, pred: graph.VariantOf, inv: graph.VariantOf, kind: graph.KindClaim, typ: nonNullList(b.objs[graph.KindClaim]),
				desc: "The claims that state the same myth in other words: every claim connected by variantOf links, either way and transitively, by id.",
				link: true, resolve: onNode(func(n *graph.Node) any { return b.values(b.st.Variants(n.ID)) })},
			{name: "holders", how: howCustom, typ: nonNullList(b.an.holder),
				desc:    "The actors and people who hold the claim, each with the evidence that quotes them.",
				resolve: onNode(func(n *graph.Node) any { return nonNil(b.st.Holders(n.ID)) })}}
	case graph.KindSource:
		return []prop{named("title", graph.Name, ""), description()}
	}
	return nil
}

func (b *builder) publicationProps() []prop {
	return []prop{
		b.custom("title", graph.Name, graphql.String, nil, "The title; null when the sources do not give it (see description).",
			onPub(func(p *graph.Publication) any { return nilIfEmpty(p.Title) })),
		b.custom("titleKnown", graph.TitleKnown, graphql.NewNonNull(graphql.Boolean), nil, "Whether the sources give the title.",
			onPub(func(p *graph.Publication) any { return p.TitleKnown })),
		{name: "year", how: howInt, pred: graph.DatePublished, desc: "The year of publication."},
		b.custom("type", graph.PubType, b.pubType, nil, "", onPub(func(p *graph.Publication) any { return nilIfEmpty(p.Type) })),
		{name: "venue", how: howOne, pred: graph.IsPartOf, kind: graph.KindVenue, desc: "The journal or series."},
		str("doi", graph.DOI, "The DOI, as given by a source; never guessed."),
		str("abstract", graph.Abstract, ""),
		str("description", graph.Description, "An honest label built from the sources, for works without a known title."),
		str("status", graph.Status, "For example: in progress."),
		str("pagination", graph.Pagination, "Volume, issue and pages, as given."),
		str("published", graph.PublishedOn, "A full date given by a source."),
		str("publisher", graph.Publisher, ""),
		{name: "preprints", how: howStrs, pred: graph.Preprint, desc: "Preprint versions, as given."},
		{name: "authors", how: howCustom, pred: graph.Author, link: true, kind: graph.KindPerson, typ: nonNullList(b.objs[graph.KindPerson]),
			desc: "The authors, in order (see authorOrderKnown).", resolve: onPub(func(p *graph.Publication) any { return b.values(p.Authors) })},
		{name: "authorOrderKnown", how: howBool, pred: graph.AuthorOrderKnown, desc: "Whether the sources give the order of the authors."},
		{name: "question", how: howOne, pred: graph.Answers, kind: graph.KindQuestion, desc: "The research question the publication answers."},
		links("concepts", graph.Mentions, graph.KindConcept, "The concepts the publication mentions."),
		links("actors", graph.Mentions, graph.KindActor, "The actors the publication mentions."),
		links("methods", graph.UsesMethod, graph.KindMethod, ""),
		links("places", graph.Location, graph.KindPlace, "The places the publication studies."),
		linksIn("findings", graph.ReportedIn, graph.KindFinding, "The findings the publication reports."),
		links("cites", graph.Cites, graph.KindPublication, "The publications it cites."),
		linksIn("citedBy", graph.Cites, graph.KindPublication, "The publications that cite it."),
		b.custom("related", "", nonNullList(b.relatedPub), graphql.FieldConfigArgument{
			"first": firstArg(10)["first"],
			"by":    {Type: b.an.relatedness, DefaultValue: graph.RelatedByConcepts, Description: "What the publications share (see Relatedness)."},
		}, "Other publications, ranked by how many items they share with this one: concepts, references (bibliographic coupling) or citing works (co-citation); shared lists the items.", b.relatedField),
	}
}

// propField builds the GraphQL field of p.
func (b *builder) propField(p prop) *graphql.Field {
	f := &graphql.Field{Description: p.desc, Args: p.args}
	switch p.how {
	case howStr:
		f.Type = graphql.String
		f.Resolve = onNode(func(n *graph.Node) any {
			if v := n.Str(p.pred); v != "" || p.alt == "" {
				return nilIfEmpty(v)
			}
			return nilIfEmpty(n.Str(p.alt))
		})
	case howStrs:
		f.Type = nonNullList(graphql.String)
		f.Resolve = onNode(func(n *graph.Node) any { return nonNil(n.Strs(p.pred)) })
	case howPlain:
		f.Type = nonNullList(graphql.String)
		f.Resolve = onNode(func(n *graph.Node) any { return nonNil(n.PlainStrs(p.pred)) })
	case howZh:
		f.Type = graphql.String
		f.Resolve = onNode(func(n *graph.Node) any { return nilIfEmpty(n.LangStr(p.pred, "zh")) })
	case howInt:
		f.Type = graphql.Int
		f.Resolve = onNode(func(n *graph.Node) any {
			if v, ok := n.Int(p.pred); ok {
				return v
			}
			return nil
		})
	case howBool:
		f.Type = graphql.NewNonNull(graphql.Boolean)
		f.Resolve = onNode(func(n *graph.Node) any { v, _ := n.Bool(p.pred); return v })
	case howOne:
		f.Type = b.objs[p.kind]
		f.Resolve = onNode(func(n *graph.Node) any {
			if ids := b.linked(n, p); len(ids) > 0 {
				return b.value(b.nodes(ids[:1])[0])
			}
			return nil
		})
	case howMany:
		f.Type = nonNullList(b.objs[p.kind])
		f.Resolve = onNode(func(n *graph.Node) any { return b.values(b.linked(n, p)) })
	case howCustom:
		f.Type, f.Resolve = p.typ, p.resolve
	}
	return f
}

// linkEdges returns the edges that make up link field p of n.
func (b *builder) linkEdges(n *graph.Node, p prop) []*graph.Edge {
	var es []*graph.Edge
	add := func(src string, pred graph.Predicate, dst string) {
		if e, ok := b.st.Edge(src, pred, dst); ok {
			es = append(es, e)
		}
	}
	if p.in {
		for _, src := range b.st.InKind(n.ID, p.pred, p.kind) {
			add(src, p.pred, n.ID)
		}
	} else {
		for _, dst := range b.st.OutKind(n.ID, p.pred, p.kind) {
			add(n.ID, p.pred, dst)
		}
	}
	if p.inv != "" {
		for _, src := range b.st.InKind(n.ID, p.inv, p.kind) {
			add(src, p.inv, n.ID)
		}
	}
	return es
}

// linked returns the ids of the nodes link field p of n points at: sorted by
// id, or by year for publications.
func (b *builder) linked(n *graph.Node, p prop) []string {
	var ids []string
	for _, e := range b.linkEdges(n, p) {
		other := e.Target
		if other == n.ID {
			other = e.Source
		}
		ids = append(ids, other)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if p.kind == graph.KindPublication {
		b.st.SortByYear(ids)
	}
	return ids
}

// fieldEvidence is the evidence for one field.
type fieldEvidence struct {
	field    string
	evidence []graph.Evidence
}

// evidenceOf returns the evidence behind field p of n, without repeats.
func (b *builder) evidenceOf(n *graph.Node, p prop) []graph.Evidence {
	var all []graph.Evidence
	if p.isLink() {
		for _, e := range b.linkEdges(n, p) {
			all = append(all, e.Evidence...)
		}
	} else {
		all = b.st.PropertyEvidence(n.ID, p.pred)
		if len(all) == 0 && p.alt != "" {
			all = b.st.PropertyEvidence(n.ID, p.alt)
		}
	}
	out := []graph.Evidence{}
	for _, e := range all {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// sourced returns the props that have evidence, the label first.
func sourced(props []prop) []prop {
	out := []prop{{name: "label", how: howStr, pred: graph.RDFSLabel}}
	for _, p := range props {
		if p.pred != "" {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) evidenceField(props []prop) *graphql.Field {
	props = sourced(props)
	return &graphql.Field{
		Type:        nonNullList(b.evidence),
		Description: "Where the value of a field came from, for example evidence(field: \"title\").",
		Args:        graphql.FieldConfigArgument{"field": {Type: graphql.NewNonNull(graphql.String), Description: "The name of a field of this type."}},
		Resolve: func(rp graphql.ResolveParams) (any, error) {
			name, _ := rp.Args["field"].(string)
			n := nodeOf(rp.Source)
			var names []string
			for _, p := range props {
				if p.name == name {
					return b.evidenceOf(n, p), nil
				}
				names = append(names, p.name)
			}
			return nil, errorf(CodeBadUserInput, "schema: %s.evidence: no field %q with evidence; try one of %s",
				rp.Info.ParentType.Name(), truncate(name, 50), strings.Join(names, ", "))
		},
	}
}

func (b *builder) provenanceField(props []prop) *graphql.Field {
	props = sourced(props)
	return &graphql.Field{
		Type:        nonNullList(b.fieldEvidence),
		Description: "The evidence for every field that has a value, field by field.",
		Resolve: onNode(func(n *graph.Node) any {
			out := []fieldEvidence{}
			for _, p := range props {
				if ev := b.evidenceOf(n, p); len(ev) > 0 {
					out = append(out, fieldEvidence{p.name, ev})
				}
			}
			return out
		}),
	}
}
