package graph

import (
	"fmt"
	"strings"
)

// KindOf returns the kind of a node id ("concept/blacklist" -> KindConcept).
func KindOf(id string) Kind {
	k, _, _ := strings.Cut(id, "/")
	return Kind(k)
}

// ValidID returns an error unless id has the form kind/slug with a known
// kind (one of Kinds, or evidence) and a slug of lower-case letters, digits,
// '-', '.', '_' and '/'.
func ValidID(id string) error {
	k, slug, ok := strings.Cut(id, "/")
	if !ok || slug == "" {
		return fmt.Errorf("id %q is not of the form kind/slug", id)
	}
	known := Kind(k) == KindEvidence
	for _, kk := range Kinds() {
		known = known || kk == Kind(k)
	}
	if !known {
		return fmt.Errorf("id %q has unknown kind %q", id, k)
	}
	for _, r := range slug {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_' || r == '/') {
			return fmt.Errorf("id %q: slug may hold only a-z, 0-9, '-', '.', '_' and '/', not %q", id, r)
		}
	}
	return nil
}

// ID is a node id used as the object of a fact, to tell it from a string literal.
type ID string

// IRI is an absolute IRI used as an object, such as a class of schema.org.
type IRI string

// LangString is a literal in a language, such as 中国人民银行@zh.
type LangString struct {
	Text string
	Lang string
}

// Evidence says where a fact came from. Every fact has one.
type Evidence struct {
	Source string // a node id: the publication whose text supports the fact, or a source node (source/research-page)
	URL    string // an external address, when the source is one
	Quote  string // the exact words that support the fact, when given
	File   string // the data file, relative to the data directory; an imported file's base name
	Line   int    // the line in File
	SHA256 string // an imported file's SHA-256, hex; "" for the corpus
}

// Fact is one statement: Subject -Pred-> Object, and where it came from.
// Object is an ID, an IRI, a string, an int, a bool or a LangString.
type Fact struct {
	Subject  string
	Pred     Predicate
	Object   any
	Evidence Evidence
}

// Writer takes facts, one at a time. Loaders write through it; Batch
// implements it (Store.Write takes a whole slice of facts instead).
type Writer interface {
	Write(f Fact) error
}

// Batch collects facts in memory, in order, so that a load can be validated
// whole before anything reaches a store.
type Batch struct {
	Facts []Fact
}

// Write appends f after checking it is well formed.
func (b *Batch) Write(f Fact) error {
	if err := f.check(); err != nil {
		return err
	}
	b.Facts = append(b.Facts, f)
	return nil
}

func (f Fact) check() error {
	if err := ValidID(f.Subject); err != nil {
		return fmt.Errorf("graph: fact %s %s: %w", f.Subject, f.Pred.ShortName(), err)
	}
	if f.Pred == "" {
		return fmt.Errorf("graph: fact about %s: empty predicate", f.Subject)
	}
	switch o := f.Object.(type) {
	case ID:
		if err := ValidID(string(o)); err != nil {
			return fmt.Errorf("graph: fact %s %s: %w", f.Subject, f.Pred.ShortName(), err)
		}
	case IRI:
		if !strings.Contains(string(o), "://") {
			return fmt.Errorf("graph: fact %s %s: IRI %q is not absolute", f.Subject, f.Pred.ShortName(), o)
		}
	case string, int, bool, LangString:
	default:
		return fmt.Errorf("graph: fact %s %s: unsupported object type %T", f.Subject, f.Pred.ShortName(), f.Object)
	}
	if f.Evidence.Source == "" && f.Evidence.URL == "" && f.Evidence.File == "" {
		return fmt.Errorf("graph: fact %s %s has no evidence", f.Subject, f.Pred.ShortName())
	}
	return nil
}
