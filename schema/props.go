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
	return prop{name: "aliases", how: howPlain, pred: graph.AltLabel, desc: "Other names in English, without the Chinese one (see nameZh)."}
}

func nameZh() prop {
	return prop{name: "nameZh", how: howZh, pred: graph.NameZh, desc: "The Chinese name, where a source gives it; its evidence names that source."}
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
			links("organizations", graph.Affiliation, graph.KindOrganization, "The organisations the person is affiliated with, where a source names them."),
			pubs(graph.Author, "The publications the person wrote, by year."),
			b.custom("coauthors", "", nonNullList(b.coauthor), firstArg(20), "The people the person wrote with, most joint publications first (the first of them).", b.coauthors)}
	case graph.KindActor:
		return []prop{named("name", graph.Name, ""), str("acronym", graph.Acronym, ""), nameZh(), aliases(),
			{name: "aliasesZh", how: howStrs, pred: graph.AltNameZh, desc: "Other Chinese names (short forms), where a source gives them."},
			b.custom("type", graph.ActorType, b.actorType, nil, "", onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(graph.ActorType)) })),
			description(),
			pubs(graph.Mentions, "The publications that mention the actor, by year."),
			b.custom("concepts", "", nonNullList(b.coConcept), b.cooccurringArgs(), "The concepts mentioned together with the actor, best first."+measureHelp, b.cooccurringField(graph.Mentions, graph.KindConcept)),
			b.trajectory("The publications per year that mention the actor, and its bursts.")}
	case graph.KindConcept:
		return []prop{str("prefLabel", graph.PrefLabel, "The SKOS preferred label."),
			{name: "altLabels", how: howStrs, pred: graph.AltLabel, desc: "Other labels: the forms the mention extractor looks for."},
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
		return []prop{named("name", graph.Name, ""), aliases(), description(),
			{name: "pseudonym", how: howBool, pred: graph.Pseudonym, desc: "True when the source marks the name as a pseudonym (the page writes “Meritown” in quotation marks): not the place's real name."},
			pubs(graph.Location, "The publications that study the place, by year.")}
	case graph.KindOrganization:
		return []prop{named("name", graph.Name, ""), aliases(),
			b.custom("type", graph.ActorType, b.actorType, nil, "UNIVERSITY, GOVERNMENT or OTHER, from the OpenAlex institution type.",
				onNode(func(n *graph.Node) any { return nilIfEmpty(n.Str(graph.ActorType)) })),
			b.custom("ror", graph.SameAs, graphql.String, nil, "The ROR address (https://ror.org/...), where a source gives it.",
				onNode(func(n *graph.Node) any { return nilIfEmpty(rorAddress(n.Strs(graph.SameAs))) })),
			linksIn("members", graph.Affiliation, graph.KindPerson, "The people affiliated with the organisation."),
			pubs(graph.Author, "The publications the organisation is credited as an author of, by year.")}
	case graph.KindVenue:
		return []prop{named("name", graph.Name, ""), aliases(), description(),
			b.custom("isBook", graph.RDFType, graphql.NewNonNull(graphql.Boolean), nil, "True for an edited book (schema:Book), false for a periodical.",
				onNode(func(n *graph.Node) any { return n.IsA(graph.ClassBook) })),
			b.publisherName(), b.publishedBy(),
			links("editors", graph.Editor, graph.KindPerson, "The editors of an edited book, where a source names them."),
			pubs(graph.IsPartOf, "The publications in the venue, by year.")}
	case graph.KindFinding:
		return []prop{named("statement", graph.Text, "The finding in one sentence."),
			{name: "publication", how: howOne, pred: graph.ReportedIn, kind: graph.KindPublication, desc: "The publication that reports the finding."},
			str("quote", graph.Quote, "The words of the source the finding rests on."),
			{name: "premiseOf", how: howOne, pred: graph.PremiseOf, kind: graph.KindPublication,
				desc: "For a finding the source credits to earlier work it does not name: the publication that takes it as its premise (publication is then null)."},
			b.custom("year", "", graphql.Int, nil, "The year of the publication that reports the finding.", b.findingYear),
			links("supports", graph.Supports, graph.KindClaim, "The claims the finding supports."),
			links("contradicts", graph.Contradicts, graph.KindClaim, "The claims the finding contradicts."),
			{name: "conflictsWith", how: howMany, pred: graph.ConflictsWith, kind: graph.KindFinding,
				desc: "Findings that the sources state in contradiction with this one (the research page's own tensions), each link with both quotes."}}
	case graph.KindClaim:
		return []prop{named("statement", graph.Text, "The claim in one sentence."),
			str("quote", graph.Quote, "The words of the source that state the claim."),
			{name: "myth", how: howBool, pred: graph.Myth, desc: "True for a claim the research corrects."},
			{name: "variantOf", how: howOne, pred: graph.VariantOf, kind: graph.KindClaim,
				desc: "The claim whose myth this one words differently (the four wordings of the “one Big Brother system” myth point at claim/unified-orwellian-monolith); null for that claim itself and for claims with no variant."},
			{name: "heldBy", how: howCustom, pred: graph.HeldBy, link: true, typ: nonNullList(b.node),
				desc:    "The actors or people the source says hold the claim; its evidence quotes the words that say so. Empty where the source names no holder.",
				resolve: onNode(func(n *graph.Node) any { return b.values(b.st.Out(n.ID, graph.HeldBy)) })},
			b.claimLinks("supportedBy", graph.Supports, "The findings that support the claim, by id."),
			b.claimLinks("contradictedBy", graph.Contradicts, "The findings that contradict the claim, by id."),
			{name: "variants", how: howCustom, pred: graph.VariantOf, inv: graph.VariantOf, kind: graph.KindClaim, typ: nonNullList(b.objs[graph.KindClaim]),
				desc: "The claims that state the same myth in other words: every claim connected by variantOf links, either way and transitively, by id.",
				link: true, resolve: onNode(func(n *graph.Node) any { return b.values(b.st.Variants(n.ID)) })},
			{name: "holders", how: howCustom, typ: nonNullList(b.an.holder),
				desc:    "The actors and people who hold the claim, each with the evidence that quotes them.",
				resolve: onNode(func(n *graph.Node) any { return nonNil(b.st.Holders(n.ID)) })}}
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
		{name: "year", how: howInt, pred: graph.DatePublished, desc: "The year of publication."},
		b.custom("type", graph.PubType, b.pubType, nil, "", b.onPub(func(p *graph.Publication) any { return nilIfEmpty(p.Type) })),
		{name: "venue", how: howOne, pred: graph.IsPartOf, kind: graph.KindVenue, desc: "The journal or series."},
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
		{name: "preprints", how: howStrs, pred: graph.Preprint, desc: "Preprint versions, as given."},
		{name: "authors", how: howCustom, pred: graph.Author, link: true, kind: graph.KindPerson, typ: nonNullList(b.objs[graph.KindPerson]),
			desc:    "The authors. Where authorOrderKnown is true this is the byline order a source gives; otherwise it is the order the data lists them in, which is not a byline order: do not cite it as one.",
			resolve: b.onPub(func(p *graph.Publication) any { return b.values(ofKind(p.Authors, graph.KindPerson)) })},
		{name: "authorOrganizations", how: howCustom, pred: graph.Author, link: true, kind: graph.KindOrganization, typ: nonNullList(b.objs[graph.KindOrganization]),
			desc:    "The organisations credited as authors (a corporate author such as a braced BibTeX name), in order.",
			resolve: b.onPub(func(p *graph.Publication) any { return b.values(ofKind(p.Authors, graph.KindOrganization)) })},
		{name: "authorOrderKnown", how: howBool, pred: graph.AuthorOrderKnown, desc: "Whether a source gives the byline order of the authors; when false, authors is not in byline order."},
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
	switch {
	case p.in:
		for _, src := range b.st.InKind(n.ID, p.pred, p.kind) {
			add(src, p.pred, n.ID)
		}
	case p.kind == "": // links to nodes of any kind (the holders of a claim)
		for _, dst := range b.st.Out(n.ID, p.pred) {
			add(n.ID, p.pred, dst)
		}
	default:
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
	} else if !p.empty(n) {
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

// empty reports whether the field that p declares has no value on n, so
// that it has no evidence either (a Chinese name that no source gives has
// none, even when the node has English aliases).
func (p prop) empty(n *graph.Node) bool {
	switch p.how {
	case howStr:
		return n.Str(p.pred) == "" && (p.alt == "" || n.Str(p.alt) == "")
	case howStrs:
		return len(n.Strs(p.pred)) == 0
	case howPlain:
		return len(n.PlainStrs(p.pred)) == 0
	case howZh:
		return n.LangStr(p.pred, "zh") == ""
	case howInt, howBool:
		return !n.Has(p.pred)
	}
	return false
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
	return prop{name: "publishedBy", how: howOne, pred: graph.Publisher, kind: graph.KindActor, desc: "The publisher, as an actor, where a source names it."}
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
