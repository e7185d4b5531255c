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
	AltLabel  Predicate = NSSKOS + "altLabel" // other names of any node, in English

	// schema.org: publications, people, organizations, places.
	Name          Predicate = NSSchema + "name"
	Description   Predicate = NSSchema + "description"
	Abstract      Predicate = NSSchema + "abstract"
	DatePublished Predicate = NSSchema + "datePublished" // the year, an integer
	PublishedOn   Predicate = NSSCS + "publishedOnline"  // the full date a source gives for the first, online, publication
	Author        Predicate = NSSchema + "author"
	IsPartOf      Predicate = NSSchema + "isPartOf" // publication -> venue
	Mentions      Predicate = NSSchema + "mentions" // publication -> concept or actor
	Location      Predicate = NSSchema + "contentLocation"
	Affiliation   Predicate = NSSchema + "affiliation" // a literal
	Publisher     Predicate = NSSchema + "publisher"   // venue or publication -> actor; a literal name for imported works
	Editor        Predicate = NSSchema + "editor"      // venue (an edited book) -> person
	URL           Predicate = NSSchema + "url"         // the public address of a source
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
	WasDerivedFrom       Predicate = NSPROV + "wasDerivedFrom"
	QualifiedAttribution Predicate = NSPROV + "qualifiedAttribution" // exports: publication -> one author's attribution, with its schema:position
	Agent                Predicate = NSPROV + "agent"                // exports: attribution -> person
	Value                Predicate = NSPROV + "value"                // the quote

	// scs: our own.
	TitleKnown       Predicate = NSSCS + "titleKnown"
	PubType          Predicate = NSSCS + "publicationType" // ARTICLE, CHAPTER, BOOK
	DOI              Predicate = NSSCS + "doi"
	Preprint         Predicate = NSSCS + "preprint"
	AuthorOrder      Predicate = NSSCS + "authorOrder" // the author ids in the order the data gives them, space separated; the byline order only where authorOrderKnown
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
	SHA256           Predicate = NSSCS + "sha256"         // evidence: the SHA-256 (hex) of the imported file it was read from
	NameZh           Predicate = NSSCS + "nameZh"         // the Chinese name, a literal tagged @zh, apart from the English altLabels
	AltNameZh        Predicate = NSSCS + "altNameZh"      // another Chinese name (a short form), tagged @zh
	Accessed         Predicate = NSSCS + "accessed"       // the date a source was read, where known
	Pseudonym        Predicate = NSSCS + "pseudonym"      // true for a name the source marks as a pseudonym ("Meritown")
	NegatedMention   Predicate = NSSCS + "negatedMention" // publication -> concept or actor named only to be denied ("not as a ... apparatus")
	HeldBy           Predicate = NSSCS + "heldBy"         // claim -> the actor or person the source says holds it
	VariantOf        Predicate = NSSCS + "variantOf"      // claim -> the claim whose myth it words differently
	PremiseOf        Predicate = NSSCS + "premiseOf"      // finding of earlier, unnamed work -> the publication that takes it as its premise
	ConflictsWith    Predicate = NSSCS + "conflictsWith"  // finding <-> finding that the sources state in contradiction (both ways)
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
	ClassAttribution      = NSPROV + "Attribution" // a qualified authorship, with its schema:position
)

// linkPredicates are the node-to-node predicates, with their short names as
// the API shows them.
var linkPredicates = map[Predicate]string{
	Author:         "author",
	Editor:         "editor",
	Publisher:      "publisher",
	NegatedMention: "negatedMention", // shown with negated: true
	HeldBy:         "heldBy",
	VariantOf:      "variantOf",
	PremiseOf:      "premiseOf",
	ConflictsWith:  "conflictsWith",
	IsPartOf:       "isPartOf",
	Mentions:       "mentions",
	Location:       "contentLocation",
	Cites:          "cites",
	Broader:        "broader",
	Narrower:       "narrower",
	Related:        "related",
	Answers:        "answers",
	UsesMethod:     "usesMethod",
	ReportedIn:     "reportedIn",
	Supports:       "supports",
	Contradicts:    "contradicts",
	CooccursWith:   "cooccursWith",
	CoauthorWith:   "coauthorWith",
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
