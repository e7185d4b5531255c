package loaders

import (
	"fmt"
	goscan "go/scanner"
	gotok "go/token"
	"strings"
)

// The BibTeX parser loops forever, allocating as it goes, on some broken
// input that ends inside a string or a braced value (fuzzing found
// `@string{"x"}` and `@string{j = x"}`): its loops wait for a closing token
// and do not stop at the end of the input. bibShape checks an entry's
// shape first, so the parser only ever sees entries whose strings and
// braces all close.

// bibShape checks that text starts with one well-formed BibTeX entry or
// @string: @type{key, name = value # value, ...} (or with parentheses),
// where a value is a number, a macro name, a {braced} or a "quoted" text
// with balanced braces. It returns the length of the entry, so that the
// text after it (a comment in BibTeX) is not parsed, or an error naming
// the line (1-based, within text) where the shape breaks.
func bibShape(text string, isString bool) (int, error) {
	p := &shape{s: text}
	p.space()
	if !p.eat('@') {
		return 0, p.fail("an entry must start with @")
	}
	if p.name() == "" {
		return 0, p.fail("no entry type after @")
	}
	p.space()
	closer := byte('}')
	switch {
	case p.eat('{'):
	case p.eat('('):
		closer = ')'
	default:
		return 0, p.fail("no { after the entry type")
	}
	p.space()
	if !isString {
		if p.key() == "" {
			return 0, p.fail("no citation key")
		}
		p.space()
		if !p.eat(',') {
			if p.eat(closer) {
				return p.i, nil
			}
			return 0, p.fail("no comma after the citation key")
		}
	}
	for {
		p.space()
		if p.eat(closer) {
			return p.i, nil
		}
		if err := p.field(); err != nil {
			return 0, err
		}
		p.space()
		if p.eat(closer) {
			return p.i, nil
		}
		if !p.eat(',') {
			return 0, p.fail(fmt.Sprintf("a field must be followed by , or %c", closer))
		}
	}
}

// shape is the state of bibShape: the text and the offset reached.
type shape struct {
	s string
	i int
}

// fail reports msg at the offset reached, as the parser reports errors.
func (p *shape) fail(msg string) error {
	var el goscan.ErrorList
	el.Add(gotok.Position{Line: 1 + strings.Count(p.s[:p.i], "\n")}, msg)
	return el
}

func (p *shape) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// space skips white space and %-comments.
func (p *shape) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			p.i++
		case '%':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

// name reads a BibTeX identifier: a field or macro name, or a number.
func (p *shape) name() string {
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(" \t\n\r\f\v\"#%'(),={}@", rune(p.s[p.i])) {
		p.i++
	}
	return p.s[start:p.i]
}

// key reads a citation key: anything up to a comma, white space or brace.
func (p *shape) key() string {
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(" \t\n\r\f\v,{}()\"", rune(p.s[p.i])) {
		p.i++
	}
	return p.s[start:p.i]
}

// field reads name = value # value ...
func (p *shape) field() error {
	if p.name() == "" {
		return p.fail("a field name was expected")
	}
	p.space()
	if !p.eat('=') {
		return p.fail("no = after the field name")
	}
	for {
		p.space()
		if err := p.atom(); err != nil {
			return err
		}
		p.space()
		if !p.eat('#') {
			return nil
		}
	}
}

// atom reads a number, a macro name, a {braced} or a "quoted" value.
func (p *shape) atom() error {
	switch {
	case p.eat('{'):
		return p.balanced('}')
	case p.eat('"'):
		return p.balanced('"')
	case p.name() != "":
		return nil
	}
	return p.fail("a value was expected")
}

// balanced reads up to end at brace depth 0, braces balanced; a backslash
// escapes the next character, as the parser's scanner has it.
func (p *shape) balanced(end byte) error {
	start := p.i
	depth := 0
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '\\' && p.i < len(p.s):
			p.i++
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == end && depth == 0:
			return nil
		case c == '}':
			p.i--
			return p.fail("a } closes more than was opened")
		}
	}
	p.i = start
	return p.fail(fmt.Sprintf("a value that never closes (no %c)", end))
}
