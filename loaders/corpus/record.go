package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/loaders"
)

// doc is one parsed entity file: a YAML sequence of mappings.
type doc struct {
	name  string // the file name, such as "concepts.yaml"
	path  string // the display path, such as "data/concepts.yaml"
	items []*yaml.Node
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseDoc reads and parses one file. It reports problems and returns nil
// when the file cannot be read or is not a sequence of mappings.
func parseDoc(fsys fs.FS, dir, name string, ps *loaders.Problems) *doc {
	d := &doc{name: name, path: path.Join(dir, name)}
	b, err := fs.ReadFile(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ps.Add(d.path, 0, "missing file")
		return nil
	case err != nil:
		ps.Add(d.path, 0, "%v", err)
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		line := 0
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, convErr := strconv.Atoi(m[1])
			if convErr == nil {
				line = n
			}
			msg = strings.TrimPrefix(msg, m[0])
		}
		ps.Add(d.path, line, "YAML syntax: %s", strings.TrimPrefix(msg, "yaml: "))
		return nil
	}
	if len(root.Content) == 0 {
		return d // an empty file holds no entities
	}
	seq := root.Content[0]
	if seq.Kind != yaml.SequenceNode {
		ps.Add(d.path, seq.Line, "the file must be a YAML sequence of mappings")
		return nil
	}
	for _, item := range seq.Content {
		if item.Kind != yaml.MappingNode {
			ps.Add(d.path, item.Line, "each entry must be a mapping")
			continue
		}
		d.items = append(d.items, item)
	}
	return d
}

// link is one element of a list of links: an id and an optional quote.
type link struct {
	id    string
	quote string
	line  int
}

// record is one entity mapping with its fields by name. Its accessors
// report type errors as problems at the field's line.
type record struct {
	d      *doc
	node   *yaml.Node
	what   string // the entity as messages name it: concept "concept/blacklist"
	fields map[string]*yaml.Node
	ps     *loaders.Problems
}

// newRecord indexes the fields of a mapping and reports unknown and
// repeated fields. noun names the entity in messages ("concept") and idField
// is the field that identifies it ("id", or "key" for sources).
func newRecord(d *doc, node *yaml.Node, noun, idField string, allowed []string, ps *loaders.Problems) *record {
	r := &record{d: d, node: node, fields: map[string]*yaml.Node{}, ps: ps}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if _, dup := r.fields[k.Value]; dup {
			ps.Add(d.path, k.Line, "repeated field %q", k.Value)
		}
		r.fields[k.Value] = v
	}
	r.what = noun
	if v, ok := r.fields[idField]; ok && v.Kind == yaml.ScalarNode {
		r.what = fmt.Sprintf("%s %q", noun, v.Value)
	}
	known := map[string]bool{}
	for _, f := range allowed {
		known[f] = true
	}
	for i := 0; i < len(node.Content); i += 2 {
		if k := node.Content[i]; !known[k.Value] {
			r.problem(k.Line, "unknown field %q", k.Value)
		}
	}
	return r
}

func (r *record) problem(line int, format string, args ...any) {
	r.ps.Add(r.d.path, line, "%s: %s", r.what, fmt.Sprintf(format, args...))
}

// line returns the line of a field's value, or of the entity when the field
// is absent.
func (r *record) line(name string) int {
	if v, ok := r.fields[name]; ok {
		return v.Line
	}
	return r.node.Line
}

// lines returns the line of every field present.
func (r *record) lines() map[string]int {
	m := make(map[string]int, len(r.fields))
	for k, v := range r.fields {
		m[k] = v.Line
	}
	return m
}

func (r *record) has(name string) bool { _, ok := r.fields[name]; return ok }

// str returns an optional string field, "" when absent.
func (r *record) str(name string) string {
	v, ok := r.fields[name]
	if !ok {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		r.problem(v.Line, "field %q must be a string", name)
		return ""
	}
	return v.Value
}

// need returns a required string field and reports it when missing or blank.
func (r *record) need(name string) string {
	if !r.has(name) {
		r.problem(r.node.Line, "missing %q", name)
		return ""
	}
	s := r.str(name)
	if strings.TrimSpace(s) == "" && r.fields[name].Kind == yaml.ScalarNode {
		r.problem(r.line(name), "empty %q", name)
	}
	return s
}

// boolean returns a required boolean field.
func (r *record) boolean(name string) bool {
	v, ok := r.fields[name]
	if !ok {
		r.problem(r.node.Line, "missing %q", name)
		return false
	}
	b, err := strconv.ParseBool(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || err != nil {
		r.problem(v.Line, "field %q must be true or false, not %q", name, v.Value)
	}
	return b
}

// optBoolean returns an optional boolean field, false when absent.
func (r *record) optBoolean(name string) bool {
	if !r.has(name) {
		return false
	}
	return r.boolean(name)
}

// integer returns an optional integer field and whether it was present and valid.
func (r *record) integer(name string) (int, bool) {
	v, ok := r.fields[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		r.problem(v.Line, "bad %s %q: not an integer", name, v.Value)
		return 0, false
	}
	return n, true
}

// seq returns the elements of an optional list field.
func (r *record) seq(name string) []*yaml.Node {
	v, ok := r.fields[name]
	if !ok {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		r.problem(v.Line, "field %q must be a list", name)
		return nil
	}
	return v.Content
}

// strs returns an optional list of strings.
func (r *record) strs(name string) []string {
	var out []string
	for _, e := range r.seq(name) {
		if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
			r.problem(e.Line, "field %q: each element must be a non-empty string", name)
			continue
		}
		out = append(out, e.Value)
	}
	return out
}

// links returns an optional list of links. An element is an id, or a
// mapping {id, quote}; a quote that is given must not be empty.
func (r *record) links(name string) []link {
	var out []link
	for _, e := range r.seq(name) {
		switch e.Kind {
		case yaml.ScalarNode:
			out = append(out, link{id: e.Value, line: e.Line})
		case yaml.MappingNode:
			l := link{line: e.Line}
			hasID, hasQuote := false, false
			for i := 0; i+1 < len(e.Content); i += 2 {
				k, val := e.Content[i], e.Content[i+1]
				switch k.Value {
				case "id":
					l.id, hasID = val.Value, true
				case "quote":
					l.quote, hasQuote = val.Value, true
				default:
					r.problem(k.Line, "%s: unknown field %q in a link", name, k.Value)
				}
			}
			if !hasID {
				r.problem(e.Line, "%s: link without an id", name)
				continue
			}
			if hasQuote && strings.TrimSpace(l.quote) == "" {
				r.problem(e.Line, "%s: empty quote for %q", name, l.id)
			}
			out = append(out, l)
		default:
			r.problem(e.Line, "%s: each element must be an id or a mapping {id, quote}", name)
		}
	}
	return out
}

// link returns an optional single link given as an id; its id is empty
// when the field is absent.
func (r *record) link(name string) link {
	v, ok := r.fields[name]
	if !ok {
		return link{}
	}
	if v.Kind != yaml.ScalarNode || v.Value == "" {
		r.problem(v.Line, "field %q must be an id", name)
		return link{}
	}
	return link{id: v.Value, line: v.Line}
}

// sourceKeys returns the `sources` mapping: field name -> source key, with
// the line of each entry.
func (r *record) sourceKeys() (map[string]string, map[string]int) {
	v, ok := r.fields["sources"]
	if !ok {
		r.problem(r.node.Line, "missing %q", "sources")
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		r.problem(v.Line, "field %q must be a mapping from field names to source keys", "sources")
		return nil, nil
	}
	keys, lines := map[string]string{}, map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		keys[k.Value], lines[k.Value] = val.Value, val.Line
	}
	return keys, lines
}

// oneOf reports a value that is not in the enumeration.
func (r *record) oneOf(name, value string, allowed []string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	r.problem(r.line(name), "unknown %s %q (want one of %s)", name, value, strings.Join(allowed, ", "))
}

// entityMeta reads what every entity has: its id, checked for form and
// kind, and its sources.
func (r *record) entityMeta(kind graph.Kind) meta {
	m := meta{id: r.need("id"), kind: kind, file: r.d.path, line: r.line("id"), lines: r.lines()}
	if m.id != "" {
		if err := graph.ValidID(m.id); err != nil {
			r.problem(m.line, "bad id: %v", err)
		} else if k := graph.KindOf(m.id); k != kind {
			r.problem(m.line, "id of kind %q in %s, want kind %q", k, r.d.name, kind)
		}
	}
	m.sources, m.sourceLines = r.sourceKeys()
	return m
}
