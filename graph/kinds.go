package graph

// Kind is the kind of a node, the part of its id before the slash.
type Kind string

// The node kinds.
const (
	KindPublication Kind = "pub"
	KindPerson      Kind = "person"
	KindActor       Kind = "actor"
	KindConcept     Kind = "concept"
	KindQuestion    Kind = "question"
	KindMethod      Kind = "method"
	KindPlace       Kind = "place"
	KindVenue       Kind = "venue"
	KindFinding     Kind = "finding"
	KindClaim       Kind = "claim"
	KindSource      Kind = "source"
	// KindOrganization is a university, company or agency that people work
	// for (an OpenAlex institution, with its ROR id) or that is credited as
	// an author; not an actor of social credit.
	KindOrganization Kind = "organization"
	KindEvidence     Kind = "evidence"
)

// Kinds lists the kinds of nodes the API shows, in the fixed order of
// KindTable.
func Kinds() []Kind {
	table := KindTable()
	out := make([]Kind, len(table))
	for i, ki := range table {
		out[i] = ki.Kind
	}
	return out
}

// KindInfo is what the code says about one kind of node the API shows:
// its class, its names in the GraphQL API and in the corpus, and its
// description. KindTable holds one for each kind; a new kind starts there.
type KindInfo struct {
	Kind  Kind
	Class string // the rdf:type its nodes carry; a publication may carry ClassChapter or ClassBook instead, a venue ClassBook
	Enum  string // its value of the GraphQL enum Kind: "CONCEPT"
	Type  string // its GraphQL object type: "Concept"
	List  string // the Query field that lists its nodes: "concepts", a page by id; publications have a filter and questions a plain list
	Noun  string // one of its nodes, in messages: "concept"
	File  string // the corpus file that lists its nodes: "concepts.yaml"; "" when imports alone make them
	// Description is the GraphQL description of its type and enum value.
	Description string
}

// KindTable lists the kinds the API shows, in the order of Kinds. It is
// made anew on each call, so callers may keep or change what it returns.
func KindTable() []KindInfo {
	return []KindInfo{
		{KindPublication, ClassScholarlyArticle, "PUBLICATION", "Publication", "publications", "publication", "publications.yaml",
			"An article, chapter or book."},
		{KindPerson, ClassPerson, "PERSON", "Person", "people", "person", "people.yaml",
			"A scholar: the author or a co-author."},
		{KindActor, ClassOrganization, "ACTOR", "Actor", "actors", "actor", "actors.yaml",
			"An institution or group that takes part in social credit: PBOC, NDRC, ..."},
		{KindConcept, ClassConcept, "CONCEPT", "Concept", "concepts", "concept", "concepts.yaml",
			"A SKOS concept of the field: blacklist, credit score, ..."},
		{KindQuestion, ClassQuestion, "QUESTION", "Question", "questions", "question", "questions.yaml",
			"A research question the publications answer."},
		{KindMethod, ClassMethod, "METHOD", "Method", "methods", "method", "methods.yaml",
			"A research method: a national survey, fieldwork, ..."},
		{KindPlace, ClassPlace, "PLACE", "Place", "places", "place", "places.yaml",
			"A place a publication studies."},
		{KindVenue, ClassPeriodical, "VENUE", "Venue", "venues", "venue", "venues.yaml",
			"A journal, newsletter or book series."},
		{KindFinding, ClassFinding, "FINDING", "Finding", "findings", "finding", "findings.yaml",
			"A result a publication reports, and the claims it supports or contradicts."},
		{KindClaim, ClassClaim, "CLAIM", "Claim", "claims", "claim", "claims.yaml",
			"Something the literature or the public believes; a myth is a claim the research corrects."},
		{KindSource, ClassSource, "SOURCE", "Source", "sources", "source", "sources.yaml",
			"Where facts come from: a research page, a DOI page, an institution's site; with the public address where a reader checks them."},
		{KindOrganization, ClassOrganization, "ORGANIZATION", "Organization", "organizations", "organization", "",
			"A university, company or agency people work for (an OpenAlex institution, with its ROR id), or an organisation credited as an author. Not an actor of social credit."},
	}
}

// KindInfoOf returns the entry of KindTable for k, and false for a kind
// the API does not show (evidence) or does not know.
func KindInfoOf(k Kind) (KindInfo, bool) {
	for _, ki := range KindTable() {
		if ki.Kind == k {
			return ki, true
		}
	}
	return KindInfo{}, false
}

// PublicationTypes returns the types a publication may have, in order:
// the values of its `type` in the corpus and of the GraphQL enum
// PublicationType, and what a bibliography's entry types map to.
func PublicationTypes() []string { return []string{"ARTICLE", "CHAPTER", "BOOK"} }

// PublicationClass returns the rdf:type of a publication of type t
// (one of PublicationTypes), and "" for another t.
func PublicationClass(t string) string {
	switch t {
	case "ARTICLE":
		return ClassScholarlyArticle
	case "CHAPTER":
		return ClassChapter
	case "BOOK":
		return ClassBook
	}
	return ""
}

// ActorTypes returns the types an actor may have, in order: the values of
// its `type` in the corpus and of the GraphQL enum ActorType. An
// organization's type is one of them too.
func ActorTypes() []string {
	return []string{"STATE_AGENCY", "PARTY", "GOVERNMENT", "SOCIAL_GROUP", "MEDIA", "PUBLISHER", "UNIVERSITY", "OTHER"}
}

// Paged reports whether the Query field List of the kind is a Relay
// connection (every kind but questions, which are a plain list in the
// order of the research page).
func (k KindInfo) Paged() bool { return k.Kind != KindQuestion }
