package schema

import (
	"slices"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/scsgraph/scsgraph/graph"
)

// prop declares one field of a node type in one place: its name, type,
// arguments and resolver, and the facts behind it, from which its
// evidence comes (evidence(field:) and provenance). The constructors below
// (str, named, strs, ..., links, custom) fill it in for the common shapes.
type prop struct {
	name, desc string
	typ        graphql.Output
	args       graphql.FieldConfigArgument
	ranges     argRanges // the ranges of its integer arguments
	resolve    graphql.FieldResolveFn
	// The facts behind the field: a field without pred is derived and has
	// no evidence of its own.
	pred  graph.Predicate
	alt   graph.Predicate        // a value field: its evidence is alt's when pred has none
	empty func(*graph.Node) bool // a value field: true when n has no value, and so no evidence; nil for never
	link  *linkSpec              // a link field: the edges its evidence comes from
}

// linkSpec says which edges through a prop's pred make up a link field.
type linkSpec struct {
	in   bool            // the nodes that link here through pred, rather than those pred links to
	inv  graph.Predicate // also the nodes that link here through inv
	kind graph.Kind      // the kind of the linked nodes; "" for any
}

// str declares a String field: the first value of pred.
func str(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, desc: desc, typ: graphql.String, pred: pred,
		resolve: onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(pred)) }),
		empty:   func(n *graph.Node) bool { return n.Str(pred) == "" }}
}

// named declares a String field: the first value of pred, else the label.
func named(name string, pred graph.Predicate, desc string) prop {
	alt := graph.RDFSLabel
	first := func(n *graph.Node) string {
		if v := n.Str(pred); v != "" {
			return v
		}
		return n.Str(alt)
	}
	return prop{name: name, desc: desc, typ: graphql.String, pred: pred, alt: alt,
		resolve: onNode(func(n *graph.Node) any { return nilIfEmpty(first(n)) }),
		empty:   func(n *graph.Node) bool { return first(n) == "" }}
}

// strs declares a [String!]! field: every value of pred.
func strs(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, desc: desc, typ: nonNullList(graphql.String), pred: pred,
		resolve: onNode(func(n *graph.Node) any { return nonNil(n.Strs(pred)) }),
		empty:   func(n *graph.Node) bool { return len(n.Strs(pred)) == 0 }}
}

// integer declares an Int field: the value of pred.
func integer(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, desc: desc, typ: graphql.Int, pred: pred,
		resolve: onNode(func(n *graph.Node) any {
			if v, ok := n.Int(pred); ok {
				return v
			}
			return nil
		}),
		empty: func(n *graph.Node) bool { return !n.Has(pred) }}
}

// boolean declares a Boolean! field: the value of pred, false when absent.
func boolean(name string, pred graph.Predicate, desc string) prop {
	return prop{name: name, desc: desc, typ: graphql.NewNonNull(graphql.Boolean), pred: pred,
		resolve: onNode(func(n *graph.Node) any { v, _ := n.Bool(pred); return v }),
		empty:   func(n *graph.Node) bool { return !n.Has(pred) }}
}

// aliases declares the English aliases: the values of altLabel without a language.
func aliases() prop {
	pred := graph.AltLabel
	return prop{name: "aliases", desc: "Other names in English, without the Chinese one (see nameZh).", typ: nonNullList(graphql.String), pred: pred,
		resolve: onNode(func(n *graph.Node) any { return nonNil(n.PlainStrs(pred)) }),
		empty:   func(n *graph.Node) bool { return len(n.PlainStrs(pred)) == 0 }}
}

// nameZh declares the Chinese name.
func nameZh() prop {
	pred := graph.NameZh
	return prop{name: "nameZh", desc: "The Chinese name, where a source gives it; its evidence names that source.", typ: graphql.String, pred: pred,
		resolve: onNode(func(n *graph.Node) any { return nilIfEmpty(n.LangStr(pred, "zh")) }),
		empty:   func(n *graph.Node) bool { return n.LangStr(pred, "zh") == "" }}
}

func description() prop { return str("description", graph.Description, "") }

// links declares a [T!]! field of the nodes of kind k that n links to
// through pred, sorted by id (publications by year).
func (b *builder) links(name string, pred graph.Predicate, k graph.Kind, desc string) prop {
	return b.linkList(name, pred, linkSpec{kind: k}, desc)
}

// linksIn declares a [T!]! field of the nodes of kind k that link to n
// through pred, sorted by id (publications by year).
func (b *builder) linksIn(name string, pred graph.Predicate, k graph.Kind, desc string) prop {
	return b.linkList(name, pred, linkSpec{in: true, kind: k}, desc)
}

// linkList declares a [T!]! field of the nodes l and pred link n with.
func (b *builder) linkList(name string, pred graph.Predicate, l linkSpec, desc string) prop {
	return prop{name: name, desc: desc, typ: nonNullList(b.objs[l.kind]), pred: pred, link: &l,
		resolve: onNode(func(n *graph.Node) any { return b.values(b.linked(n, pred, l)) })}
}

// linkOne declares a field of the first node of kind k that n links to
// through pred, or null.
func (b *builder) linkOne(name string, pred graph.Predicate, k graph.Kind, desc string) prop {
	l := linkSpec{kind: k}
	return prop{name: name, desc: desc, typ: b.objs[k], pred: pred, link: &l,
		resolve: onNode(func(n *graph.Node) any {
			if ids := b.linked(n, pred, l); len(ids) > 0 {
				return b.value(b.nodes(ids[:1])[0])
			}
			return nil
		})}
}

// custom declares a field with its own type, arguments and resolver; its
// evidence is that of pred, if given.
func (b *builder) custom(name string, pred graph.Predicate, typ graphql.Output, args graphql.FieldConfigArgument, desc string, fn graphql.FieldResolveFn) prop {
	return prop{name: name, desc: desc, typ: typ, args: args, pred: pred, resolve: fn}
}

// within gives p's integer arguments their ranges.
func (p prop) within(r argRanges) prop {
	p.ranges = r
	return p
}

// over makes p a link field whose evidence is that of the edges l and
// p.pred make.
func (p prop) over(l linkSpec) prop {
	p.link = &l
	return p
}

func firstArg(def int) graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{"first": {Type: graphql.Int, DefaultValue: def, Description: "How many to return, most shared first."}}
}

// propsOf lists the fields of kind k beyond the Node fields.
func (b *builder) propsOf(k graph.Kind) []prop {
	pubs := func(pred graph.Predicate, desc string) prop {
		return b.linksIn("publications", pred, graph.KindPublication, desc)
	}
	switch k {
	case graph.KindPublication:
		return b.publicationProps()
	case graph.KindPerson:
		return []prop{named("name", graph.Name, ""), nameZh(), aliases(), str("affiliation", graph.Affiliation, ""), description(),
			b.links("organizations", graph.Affiliation, graph.KindOrganization, "The organisations the person is affiliated with, where a source names them."),
			pubs(graph.Author, "The publications the person wrote, by year."),
			b.custom("coauthors", "", nonNullList(b.coauthor), firstArg(20), "The people the person wrote with, most joint publications first (the first of them).", b.coauthors).within(argRanges{"first": pageSize})}
	case graph.KindActor:
		return []prop{named("name", graph.Name, ""), str("acronym", graph.Acronym, ""), nameZh(), aliases(),
			strs("aliasesZh", graph.AltNameZh, "Other Chinese names (short forms), where a source gives them."),
			b.custom("type", graph.ActorType, b.actorType, nil, "", onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(graph.ActorType)) })),
			description(),
			pubs(graph.Mentions, "The publications that mention the actor, by year."),
			b.custom("concepts", "", nonNullList(b.coConcept), b.cooccurringArgs(), "The concepts mentioned together with the actor, best first."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindConcept)).within(argRanges{"first": pageSize}),
			b.trajectory("The publications per year that mention the actor, and its bursts.")}
	case graph.KindConcept:
		return []prop{str("prefLabel", graph.PrefLabel, "The SKOS preferred label."),
			strs("altLabels", graph.AltLabel, "Other labels: the forms the mention extractor looks for."),
			str("definition", graph.Definition, "A definition quoted from a source."),
			b.linkList("broader", graph.Broader, linkSpec{inv: graph.Narrower, kind: graph.KindConcept}, ""),
			b.linkList("narrower", graph.Narrower, linkSpec{inv: graph.Broader, kind: graph.KindConcept}, ""),
			b.linkList("related", graph.Related, linkSpec{inv: graph.Related, kind: graph.KindConcept}, ""),
			b.custom("cooccurring", "", nonNullList(b.coConcept), b.cooccurringArgs(), "The concepts the same publications mention, best first by the measure (ties: more shared, then id)."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindConcept)).within(argRanges{"first": pageSize}),
			pubs(graph.Mentions, "The publications that mention the concept, by year."),
			b.custom("actors", "", nonNullList(b.coActor), b.cooccurringArgs(), "The actors the same publications mention, best first by the measure."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindActor)).within(argRanges{"first": pageSize}),
			b.trajectory("The publications per year that mention the concept, and its bursts (CiteSpace's idea, with the simple rule of TrajectoryYear.burst).")}
	case graph.KindQuestion:
		return []prop{named("text", graph.Text, "The question."), str("intro", graph.Description, "The paragraph that introduces the question."),
			integer("position", graph.Position, "The question's place in the order of the research page."),
			pubs(graph.Answers, "The publications that answer the question, by year.")}
	case graph.KindMethod:
		return []prop{named("name", graph.Name, ""), aliases(), description(), pubs(graph.UsesMethod, "The publications that use the method, by year.")}
	case graph.KindPlace:
		return []prop{named("name", graph.Name, ""), aliases(), description(),
			boolean("pseudonym", graph.Pseudonym, "True when the source marks the name as a pseudonym (the page writes “Meritown” in quotation marks): not the place's real name."),
			pubs(graph.Location, "The publications that study the place, by year.")}
	case graph.KindOrganization:
		return []prop{named("name", graph.Name, ""), aliases(),
			b.custom("type", graph.ActorType, b.actorType, nil, "UNIVERSITY, GOVERNMENT or OTHER, from the OpenAlex institution type.",
				onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(graph.ActorType)) })),
			b.custom("ror", graph.SameAs, graphql.String, nil, "The ROR address (https://ror.org/...), where a source gives it.",
				onNode(func(n *graph.Node) any { return nilIfEmpty(rorAddress(n.Strs(graph.SameAs))) })),
			b.linksIn("members", graph.Affiliation, graph.KindPerson, "The people affiliated with the organisation."),
			pubs(graph.Author, "The publications the organisation is credited as an author of, by year.")}
	case graph.KindVenue:
		return []prop{named("name", graph.Name, ""), aliases(), description(),
			b.custom("isBook", graph.RDFType, graphql.NewNonNull(graphql.Boolean), nil, "True for an edited book (schema:Book), false for a periodical.",
				onNode(func(n *graph.Node) any { return n.IsA(graph.ClassBook) })),
			b.publisherName(), b.publishedBy(),
			b.links("editors", graph.Editor, graph.KindPerson, "The editors of an edited book, where a source names them."),
			pubs(graph.IsPartOf, "The publications in the venue, by year.")}
	case graph.KindFinding:
		return []prop{named("statement", graph.Text, "The finding in one sentence."),
			b.linkOne("publication", graph.ReportedIn, graph.KindPublication, "The publication that reports the finding."),
			str("quote", graph.Quote, "The words of the source the finding rests on."),
			b.linkOne("premiseOf", graph.PremiseOf, graph.KindPublication,
				"For a finding the source credits to earlier work it does not name: the publication that takes it as its premise (publication is then null)."),
			b.custom("year", "", graphql.Int, nil, "The year of the publication that reports the finding.", b.findingYear),
			b.links("supports", graph.Supports, graph.KindClaim, "The claims the finding supports."),
			b.links("contradicts", graph.Contradicts, graph.KindClaim, "The claims the finding contradicts."),
			b.links("conflictsWith", graph.ConflictsWith, graph.KindFinding,
				"Findings that the sources state in contradiction with this one (the research page's own tensions), each link with both quotes.")}
	case graph.KindClaim:
		return []prop{named("statement", graph.Text, "The claim in one sentence."),
			str("quote", graph.Quote, "The words of the source that state the claim."),
			boolean("myth", graph.Myth, "True for a claim the research corrects."),
			b.linkOne("variantOf", graph.VariantOf, graph.KindClaim,
				"The claim whose myth this one words differently (the four wordings of the “one Big Brother system” myth point at claim/unified-orwellian-monolith); null for that claim itself and for claims with no variant."),
			b.custom("heldBy", graph.HeldBy, nonNullList(b.node), nil,
				"The actors or people the source says hold the claim; its evidence quotes the words that say so. Empty where the source names no holder.",
				onNode(func(n *graph.Node) any { return b.values(b.st.Out(n.ID, graph.HeldBy)) })).over(linkSpec{}),
			b.claimLinks("supportedBy", graph.Supports, "The findings that support the claim, by id."),
			b.claimLinks("contradictedBy", graph.Contradicts, "The findings that contradict the claim, by id."),
			b.custom("variants", graph.VariantOf, nonNullList(b.objs[graph.KindClaim]), nil,
				"The claims that state the same myth in other words: every claim connected by variantOf links, either way and transitively, by id.",
				onNode(func(n *graph.Node) any { return b.values(b.st.Variants(n.ID)) })).over(linkSpec{inv: graph.VariantOf, kind: graph.KindClaim}),
			b.custom("holders", "", nonNullList(b.an.holder), nil,
				"The actors and people who hold the claim, each with the evidence that quotes them.",
				onNode(func(n *graph.Node) any { return nonNil(b.st.Holders(n.ID)) }))}
	case graph.KindSource:
		return []prop{named("title", graph.Name, "The title of the source where known, else a short description of it."),
			str("url", graph.URL, "The public address where a reader checks the facts the source backs (a DOI as its https://doi.org/ page)."),
			str("publisher", graph.Publisher, "Who publishes the source, where known."),
			str("accessed", graph.Accessed, "The date the source was read (YYYY-MM-DD), where known."),
			description()}
	}
	return nil
}

func (b *builder) publicationProps() []prop {
	return []prop{
		b.custom("title", graph.Name, graphql.String, nil, "The title; null when the sources do not give it (see description).",
			b.onPub(func(p *graph.Publication) any { return nilIfEmpty(p.Title) })),
		b.custom("titleKnown", graph.TitleKnown, graphql.NewNonNull(graphql.Boolean), nil, "Whether the sources give the title.",
			b.onPub(func(p *graph.Publication) any { return p.TitleKnown })),
		integer("year", graph.DatePublished, "The year of publication."),
		b.custom("type", graph.PubType, b.pubType, nil, "", b.onPub(func(p *graph.Publication) any { return nilIfEmpty(p.Type) })),
		b.linkOne("venue", graph.IsPartOf, graph.KindVenue, "The journal or series."),
		str("doi", graph.DOI, "The DOI, as given by a source; never guessed."),
		b.custom("doiUrl", graph.DOI, graphql.String, nil, "The DOI as a link a reader can follow: https://doi.org/ and the DOI; null when no source gives a DOI.",
			b.onPub(func(p *graph.Publication) any {
				if p.DOI == "" {
					return nil
				}
				return "https://doi.org/" + p.DOI
			})),
		str("abstract", graph.Abstract, ""),
		str("description", graph.Description, "An honest label built from the sources, for works without a known title."),
		str("status", graph.Status, "For example: in progress."),
		str("pagination", graph.Pagination, "Volume, issue and pages, as given."),
		str("published", graph.PublishedOn, "The full date of first publication (online) that a source gives, YYYY-MM-DD; the year may be that of the issue."),
		b.publisherName(), b.publishedBy(),
		strs("preprints", graph.Preprint, "Preprint versions, as given."),
		b.custom("authors", graph.Author, nonNullList(b.objs[graph.KindPerson]), nil,
			"The authors. Where authorOrderKnown is true this is the byline order a source gives; otherwise it is the order the data lists them in, which is not a byline order: do not cite it as one.",
			b.onPub(func(p *graph.Publication) any { return b.values(ofKind(p.Authors, graph.KindPerson)) })).over(linkSpec{kind: graph.KindPerson}),
		b.custom("authorOrganizations", graph.Author, nonNullList(b.objs[graph.KindOrganization]), nil,
			"The organisations credited as authors (a corporate author such as a braced BibTeX name), in order.",
			b.onPub(func(p *graph.Publication) any { return b.values(ofKind(p.Authors, graph.KindOrganization)) })).over(linkSpec{kind: graph.KindOrganization}),
		boolean("authorOrderKnown", graph.AuthorOrderKnown, "Whether a source gives the byline order of the authors; when false, authors is not in byline order."),
		b.linkOne("question", graph.Answers, graph.KindQuestion, "The research question the publication answers."),
		b.links("concepts", graph.Mentions, graph.KindConcept, "The concepts the publication mentions."),
		b.links("actors", graph.Mentions, graph.KindActor, "The actors the publication mentions."),
		b.links("methods", graph.UsesMethod, graph.KindMethod, ""),
		b.links("places", graph.Location, graph.KindPlace, "The places the publication studies."),
		b.linksIn("findings", graph.ReportedIn, graph.KindFinding, "The findings the publication reports."),
		b.links("cites", graph.Cites, graph.KindPublication, "The publications it cites."),
		b.linksIn("citedBy", graph.Cites, graph.KindPublication, "The publications that cite it."),
		b.custom("related", "", nonNullList(b.relatedPub), graphql.FieldConfigArgument{
			"first": firstArg(10)["first"],
			"by":    {Type: b.an.relatedness, DefaultValue: graph.RelatedByConcepts, Description: "What the publications share (see Relatedness)."},
		}, "Other publications, ranked by how many items they share with this one: concepts, references (bibliographic coupling) or citing works (co-citation); shared lists the items.", b.relatedField).within(argRanges{"first": pageSize}),
	}
}

// propField builds the GraphQL field of p.
func propField(p prop) *graphql.Field {
	return &graphql.Field{Type: p.typ, Args: p.args, Description: p.desc, Resolve: p.resolve}
}

// linkEdges returns the edges through pred that l says make up a link
// field of n.
func (b *builder) linkEdges(n *graph.Node, pred graph.Predicate, l linkSpec) []*graph.Edge {
	var es []*graph.Edge
	add := func(src string, pred graph.Predicate, dst string) {
		if e, ok := b.st.Edge(src, pred, dst); ok {
			es = append(es, e)
		}
	}
	switch {
	case l.in:
		for _, src := range b.st.InKind(n.ID, pred, l.kind) {
			add(src, pred, n.ID)
		}
	case l.kind == "": // links to nodes of any kind (the holders of a claim)
		for _, dst := range b.st.Out(n.ID, pred) {
			add(n.ID, pred, dst)
		}
	default:
		for _, dst := range b.st.OutKind(n.ID, pred, l.kind) {
			add(n.ID, pred, dst)
		}
	}
	if l.inv != "" {
		for _, src := range b.st.InKind(n.ID, l.inv, l.kind) {
			add(src, l.inv, n.ID)
		}
	}
	return es
}

// linked returns the ids of the nodes a link field of n points at: sorted
// by id, or by year for publications.
func (b *builder) linked(n *graph.Node, pred graph.Predicate, l linkSpec) []string {
	var ids []string
	for _, e := range b.linkEdges(n, pred, l) {
		other := e.Target
		if other == n.ID {
			other = e.Source
		}
		ids = append(ids, other)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if l.kind == graph.KindPublication {
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
	if p.link != nil {
		for _, e := range b.linkEdges(n, p.pred, *p.link) {
			all = append(all, e.Evidence...)
		}
	} else if p.empty == nil || !p.empty(n) {
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
	out := []prop{str("label", graph.RDFSLabel, "")}
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

// publisherName declares `publisher`: the publisher's name, from the linked
// actor or, for an imported work, the name as the record gives it.
func (b *builder) publisherName() prop {
	return b.custom("publisher", graph.Publisher, graphql.String, nil, "The publisher's name, where a source names it (see publishedBy for the actor).",
		onNode(func(n *graph.Node) any {
			for _, id := range b.st.Out(n.ID, graph.Publisher) {
				if a, ok := b.st.Node(id); ok {
					return a.Label
				}
			}
			return nilIfEmpty(n.Str(graph.Publisher))
		}))
}

// publishedBy declares `publishedBy`: the publisher as an actor.
func (b *builder) publishedBy() prop {
	return b.linkOne("publishedBy", graph.Publisher, graph.KindActor, "The publisher, as an actor, where a source names it.")
}

// ofKind returns the ids of kind k, in order.
func ofKind(ids []string, k graph.Kind) []string {
	var out []string
	for _, id := range ids {
		if graph.KindOf(id) == k {
			out = append(out, id)
		}
	}
	return out
}

// rorAddress returns the ROR address among a node's sameAs values, or "".
func rorAddress(same []string) string {
	for _, s := range same {
		if s = strings.Trim(s, "<>"); strings.HasPrefix(s, "https://ror.org/") {
			return s
		}
	}
	return ""
}
