package graph

// Namespaces of the vocabularies scsgraph uses.
const (
	NSSchema = "http://schema.org/"
	NSSKOS   = "http://www.w3.org/2004/02/skos/core#"
	NSPROV   = "http://www.w3.org/ns/prov#"
	NSRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS   = "http://www.w3.org/2000/01/rdf-schema#"
	NSSCS    = "https://scsgraph.org/ns#"
	NSXSD    = "http://www.w3.org/2001/XMLSchema#"
)

// DefaultBaseIRI is the base of node IRIs unless configured otherwise.
const DefaultBaseIRI = "https://scsgraph.org/id/"

// Predicate is the IRI of a predicate. All predicates are declared here.
type Predicate string

// Predicates. Node-to-node predicates link two nodes; the rest carry literals.
const (
	// Every node.
	RDFType   Predicate = NSRDF + "type"
	RDFSLabel Predicate = NSRDFS + "label"
	AltLabel  Predicate = NSSKOS + "altLabel" // aliases of any node; a Chinese name carries @zh

	// schema.org: publications, people, organizations, places.
	Name          Predicate = NSSchema + "name"
	Description   Predicate = NSSchema + "description"
	Abstract      Predicate = NSSchema + "abstract"
	DatePublished Predicate = NSSchema + "datePublished" // the year, an integer
	PublishedOn   Predicate = NSSchema + "dateCreated"   // a full date given by a source
	Author        Predicate = NSSchema + "author"
	IsPartOf      Predicate = NSSchema + "isPartOf" // publication -> venue
	Mentions      Predicate = NSSchema + "mentions" // publication -> concept or actor
	Location      Predicate = NSSchema + "contentLocation"
	Affiliation   Predicate = NSSchema + "affiliation" // a literal
	Publisher     Predicate = NSSchema + "publisher"   // a literal
	Position      Predicate = NSSchema + "position"
	Text          Predicate = NSSchema + "text"
	Pagination    Predicate = NSSchema + "pagination" // volume, issue and pages as given
	Cites         Predicate = NSSchema + "citation"   // publication -> publication it cites
	Status        Predicate = NSSchema + "creativeWorkStatus"
	SameAs        Predicate = NSSchema + "sameAs" // an external identifier of the same thing: ORCID, ROR

	// SKOS for concepts.
	PrefLabel  Predicate = NSSKOS + "prefLabel"
	Definition Predicate = NSSKOS + "definition"
	Broader    Predicate = NSSKOS + "broader"
	Narrower   Predicate = NSSKOS + "narrower"
	Related    Predicate = NSSKOS + "related"

	// PROV for evidence nodes.
	WasDerivedFrom Predicate = NSPROV + "wasDerivedFrom"
	Value          Predicate = NSPROV + "value" // the quote

	// scs: our own.
	TitleKnown       Predicate = NSSCS + "titleKnown"
	PubType          Predicate = NSSCS + "publicationType" // ARTICLE, CHAPTER, BOOK
	DOI              Predicate = NSSCS + "doi"
	Preprint         Predicate = NSSCS + "preprint"
	AuthorOrder      Predicate = NSSCS + "authorOrder" // the author ids in order, space separated
	AuthorOrderKnown Predicate = NSSCS + "authorOrderKnown"
	Answers          Predicate = NSSCS + "answers"    // publication -> question
	UsesMethod       Predicate = NSSCS + "usesMethod" // publication -> method
	ReportedIn       Predicate = NSSCS + "reportedIn" // finding -> publication
	Supports         Predicate = NSSCS + "supports"   // finding -> claim
	Contradicts      Predicate = NSSCS + "contradicts"
	Acronym          Predicate = NSSCS + "acronym"
	ActorType        Predicate = NSSCS + "actorType"
	Myth             Predicate = NSSCS + "myth"
	Quote            Predicate = NSSCS + "quote" // the quote a finding or claim rests on
	Imported         Predicate = NSSCS + "imported"
	At               Predicate = NSSCS + "at"             // evidence: "file:line" of the data it was read from
	VariantOf        Predicate = NSSCS + "variantOf"      // claim -> claim stating the same myth in other words; read as symmetric and transitive
	HeldBy           Predicate = NSSCS + "heldBy"         // claim -> actor or person who holds it; the evidence quotes them
	ReferencesWork   Predicate = NSSCS + "referencesWork" // publication -> the external IRI of a cited work that is not loaded (https://openalex.org/W…)

	// Derived links, computed by traversals and never stored.
	CooccursWith Predicate = NSSCS + "cooccursWith" // concept -- concept, weighted by shared publications
	CoauthorWith Predicate = NSSCS + "coauthorWith" // person -- person, weighted by joint publications
)

// Classes, the objects of RDFType.
const (
	ClassScholarlyArticle = NSSchema + "ScholarlyArticle"
	ClassChapter          = NSSchema + "Chapter"
	ClassBook             = NSSchema + "Book"
	ClassPerson           = NSSchema + "Person"
	ClassOrganization     = NSSchema + "Organization"
	ClassPlace            = NSSchema + "Place"
	ClassPeriodical       = NSSchema + "Periodical"
	ClassConcept          = NSSKOS + "Concept"
	ClassEntity           = NSPROV + "Entity"
	ClassQuestion         = NSSCS + "ResearchQuestion"
	ClassMethod           = NSSCS + "Method"
	ClassFinding          = NSSCS + "Finding"
	ClassClaim            = NSSCS + "Claim"
	ClassSource           = NSSCS + "Source"
)

// linkPredicates are the node-to-node predicates, with their short names as
// the API shows them.
var linkPredicates = map[Predicate]string{
	Author:       "author",
	IsPartOf:     "isPartOf",
	Mentions:     "mentions",
	Location:     "contentLocation",
	Cites:        "cites",
	Broader:      "broader",
	Narrower:     "narrower",
	Related:      "related",
	Answers:      "answers",
	UsesMethod:   "usesMethod",
	ReportedIn:   "reportedIn",
	Supports:     "supports",
	Contradicts:  "contradicts",
	VariantOf:    "variantOf",
	HeldBy:       "heldBy",
	CooccursWith: "cooccursWith",
	CoauthorWith: "coauthorWith",
}

// ShortName is the predicate's name as the API shows it: "mentions", "broader".
func (p Predicate) ShortName() string {
	if s, ok := linkPredicates[p]; ok {
		return s
	}
	s := string(p)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '#' || s[i] == '/' {
			return s[i+1:]
		}
	}
	return s
}

// IsLink reports whether p links two nodes.
func (p Predicate) IsLink() bool { _, ok := linkPredicates[p]; return ok }
