// Package corpus reads the curated YAML corpus and writes it as facts
// through a graph.Writer.
//
// Load reads the YAML entity files of a corpus (the embedded default in
// package data, or a directory given on the command line; the format is in
// docs/data-format.md). It validates all of it first, reporting every
// problem as "loaders: FILE:LINE: message", and writes only a valid corpus.
// Every fact carries evidence: the data file and line it came from, the
// source the corpus names for that field, and the quote when one is given.
// An Extractor then links each publication to the actors and concepts that
// its title and abstract name, with the sentence as evidence.
package corpus

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
	"github.com/scsgraph/scsgraph/loaders/mention"
)

// fileSpec describes one entity file of a corpus.
type fileSpec struct {
	name    string     // "concepts.yaml": the kind's File in graph's kinds registry
	kind    graph.Kind // the kind of every id in the file
	idField string     // the field that names an entry in messages
	fields  []string   // the fields an entry may have
	read    func(r *record) entity
}

// corpusFiles lists the files of a corpus in the order they are read and written.
// Each file's name is its kind's File in graph.KindTable.
func corpusFiles() []fileSpec {
	specs := []fileSpec{sourcesFile(), peopleFile(), actorsFile(), conceptsFile(), questionsFile(),
		methodsFile(), placesFile(), venuesFile(), publicationsFile(), claimsFile(), findingsFile()}
	for i := range specs {
		ki, _ := graph.KindInfoOf(specs[i].kind)
		specs[i].name = ki.File
	}
	return specs
}

// Summary tells what Load wrote.
type Summary struct {
	Entities map[graph.Kind]int // entries per kind; every entry of sources.yaml counts as a source
	Facts    int                // facts written, mentions included
	Mentions int                // mentions found by the Extractor in titles and abstracts
}

// Load reads the entity files of a corpus from fsys, validates them
// and, only if they are valid, writes their facts to w. dir is the
// directory as errors show it ("data"). A validation error lists every
// problem found, sorted by file and line. Write into a graph.Batch first
// when the load must be all or nothing.
func Load(fsys fs.FS, dir string, w graph.Writer) (Summary, error) {
	c, err := readCorpus(fsys, dir)
	if err != nil {
		return Summary{}, err
	}
	return c.write(w)
}

// Validate reads and validates a corpus without writing it anywhere.
func Validate(fsys fs.FS, dir string) error {
	_, err := Load(fsys, dir, &graph.Batch{})
	return err
}

// Text is a text of a publication that mentions are looked for in.
type Text struct {
	Pub   string // the publication's id
	Field string // "title" or "abstract"
	Text  string
}

// MentionInputs reads and validates a corpus and returns what Load's mention
// extraction works on: the actors and concepts with their aliases, and the
// title and abstract of each publication, in the order of the files.
func MentionInputs(fsys fs.FS, dir string) ([]mention.Target, []Text, error) {
	c, err := readCorpus(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	var texts []Text
	for _, p := range c.pubs {
		for _, ft := range p.texts() {
			texts = append(texts, Text{Pub: p.id, Field: ft.field, Text: ft.text})
		}
	}
	return c.targets, texts, nil
}

// corpus is a read and validated corpus.
type corpus struct {
	entities []entity
	sources  map[string]*source
	counts   map[graph.Kind]int
	pubs     []*publication
	targets  []mention.Target
}

// readCorpus reads every file and validates the whole.
func readCorpus(fsys fs.FS, dir string) (*corpus, error) {
	ps := &loaders.Problems{}
	c := &corpus{sources: map[string]*source{}, counts: map[graph.Kind]int{}}
	for _, spec := range corpusFiles() {
		d := parseDoc(fsys, dir, spec.name, ps)
		if d == nil {
			continue
		}
		for _, item := range d.items {
			r := newRecord(d, item, nouns()[spec.kind], spec.idField, spec.fields, ps)
			ent := spec.read(r)
			ent.base().fields = spec.fields
			c.entities = append(c.entities, ent)
			c.counts[spec.kind]++
		}
	}
	ck := &checker{ps: ps, ids: map[string]*meta{}, sources: c.sources}
	for _, ent := range c.entities {
		c.index(ent, ck)
	}
	for _, ent := range c.entities {
		ent.check(ck)
	}
	c.checkAliases(ps)
	return c, ps.Err()
}

// index records an entity's id (and a source's key), reporting duplicates,
// and gathers what the mention extractor needs.
func (c *corpus) index(ent entity, ck *checker) {
	m := ent.base()
	switch e := ent.(type) {
	case *source:
		if first, dup := c.sources[e.key]; dup && e.key != "" {
			ck.ps.Add(m.file, e.keyLine, "source %q: duplicate key, first defined at line %d", e.key, first.keyLine)
		} else {
			c.sources[e.key] = e
		}
	case *publication:
		c.pubs = append(c.pubs, e)
	}
	if m.id == "" || graph.ValidID(m.id) != nil {
		return // reported when read
	}
	if first, dup := ck.ids[m.id]; dup {
		ck.ps.Add(m.file, m.line, "%s: duplicate id, first defined at %s:%d", m.what(), path.Base(first.file), first.line)
		return
	}
	ck.ids[m.id] = m
}

// named text forms of an actor or concept, with the field they are in.
type alias struct {
	text, field string
}

// aliased is an entity whose names the mention extractor looks for.
type aliased interface {
	entity
	aliases() []alias
}

// checkAliases reports an alias that names two different entities, which
// would make mentions ambiguous, and builds the extractor's targets.
func (c *corpus) checkAliases(ps *loaders.Problems) {
	owner := map[string]*meta{}
	for _, ent := range c.entities {
		a, ok := ent.(aliased)
		if !ok {
			continue
		}
		m := a.base()
		t := mention.Target{ID: m.id}
		for _, al := range a.aliases() {
			key := string(mention.Normalize(al.text))
			if first, ok := owner[key]; ok && first.id != m.id {
				ps.Add(m.file, m.lineOf(al.field), "%s: alias %q also names %q (%s:%d)", m.what(), al.text, first.id, path.Base(first.file), first.line)
				continue
			}
			owner[key] = m
			t.Aliases = append(t.Aliases, al.text)
		}
		c.targets = append(c.targets, t)
	}
}

// write writes every entity, then the mentions the extractor finds.
func (c *corpus) write(w graph.Writer) (Summary, error) {
	e := &emitter{Emitter: loaders.NewEmitter(w), sources: c.sources}
	for _, ent := range c.entities {
		ent.write(e)
	}
	x := mention.NewExtractor(c.targets)
	mentions := 0
	for _, p := range c.pubs {
		for _, t := range p.texts() {
			// The sentence is checked at the address of the field's source.
			url := ""
			if s := e.sourceOf(&p.meta, t.field); s != nil {
				url = s.url
			}
			for _, mn := range x.Mentions(t.text) {
				pred := graph.Mentions
				if mn.Negated {
					pred = graph.NegatedMention
				}
				e.Put(p.id, pred, graph.ID(mn.ID), graph.Evidence{
					Source: p.id, URL: url, Quote: mn.Sentence, File: p.file, Line: p.line,
				})
				mentions++
			}
		}
	}
	if e.Err() != nil {
		return Summary{}, e.Err()
	}
	counts := make(map[graph.Kind]int, len(c.counts))
	for k, n := range c.counts {
		counts[k] = n
	}
	return Summary{Entities: counts, Facts: e.Facts(), Mentions: mentions}, nil
}

// String reports the counts, for command-line output.
func (s Summary) String() string {
	out := ""
	for _, k := range graph.Kinds() {
		if n := s.Entities[k]; n > 0 {
			out += fmt.Sprintf("%s %d, ", nouns()[k], n)
		}
	}
	return out + fmt.Sprintf("%d facts (%d mentions)", s.Facts, s.Mentions)
}
