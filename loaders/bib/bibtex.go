package bib

import (
	"fmt"
	"strings"

	"github.com/scsgraph/scsgraph/loaders"
)

// BibTeX is read by the small tokenizer and parser below, written against
// BibTeX's own grammar (bibtex.web, and btparse, which biber uses), rather
// than by a third-party parser: the one used before (jschaf/bibtex) looped
// on its own errors and did not implement BibTeX's semantics (`#` of any
// mix, @comment blocks, the first of two repeated fields). The parser makes
// one pass over the file, never goes back, and keeps no state but the
// offset and line it has reached, so its work is linear in the input.
//
// The grammar, as BibTeX reads it:
//   - Text outside an entry is a comment; an entry starts at an `@`
//     followed by a type and `{` or `(`; an `@` followed by anything else
//     (an e-mail address) is comment text too.
//   - @comment{...} is skipped whole (btparse); @preamble{...} is read and
//     ignored; @string{name = value} defines a macro (names are
//     case-insensitive).
//   - An entry is @type{key, name = value, ...} or @type(key, ...). The key
//     is anything up to a comma or white space: empty, with an apostrophe
//     or with non-ASCII letters.
//   - A value is parts joined by `#`: {braced} or "quoted" text (braces
//     inside balance; a backslash does not escape a brace), a number, or a
//     macro name. An undefined macro is empty, with a warning.
//   - A repeated field keeps its first value, with a warning.
//
// Recovery: a broken entry (a brace that never closes, a missing comma)
// spoils only itself. Inside a value, a line that starts with `@type{`
// ends the entry as broken, so that an unclosed brace does not swallow
// the entries after it; the parser goes on at the next line that starts
// with `@`.

// bibState is what the BibTeX files of one load share: the @string macros
// (with BibTeX's predefined ones) and the entries by key, for crossref and
// xdata across files. The Catalog carries it from one Load call
// to the next.
type bibState struct {
	macros  map[string]string    // lower-case name -> raw LaTeX value
	entries map[string]*bibEntry // lower-case key -> the first entry with it
	files   int                  // the BibTeX files read so far
}

// newBibState returns a state with BibTeX's predefined macros: the month
// names, and the journal macros of plain.bst.
func newBibState() *bibState {
	st := &bibState{macros: map[string]string{}, entries: map[string]*bibEntry{}}
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		st.macros[strings.ToLower(m[:3])] = m
	}
	for k, v := range plainJournals() {
		st.macros[k] = v
	}
	return st
}

// plainJournals are the journal macros that BibTeX's standard style
// plain.bst defines.
func plainJournals() map[string]string {
	return map[string]string{
		"acmcs": "ACM Computing Surveys", "acta": "Acta Informatica", "cacm": "Communications of the ACM",
		"ibmjrd": "IBM Journal of Research and Development", "ibmsj": "IBM Systems Journal",
		"ieeese": "IEEE Transactions on Software Engineering", "ieeetc": "IEEE Transactions on Computers",
		"ieeetcad": "IEEE Transactions on Computer-Aided Design of Integrated Circuits",
		"ipl":      "Information Processing Letters",
		"jacm":     "Journal of the ACM",
		"jcss":     "Journal of Computer and System Sciences", "scp": "Science of Computer Programming",
		"sicomp": "SIAM Journal on Computing", "tocs": "ACM Transactions on Computer Systems",
		"tods": "ACM Transactions on Database Systems", "tog": "ACM Transactions on Graphics",
		"toms": "ACM Transactions on Mathematical Software", "toois": "ACM Transactions on Office Information Systems",
		"toplas": "ACM Transactions on Programming Languages and Systems", "tcs": "Theoretical Computer Science",
	}
}

// bibEntry is one parsed entry: its fields as raw LaTeX, macros expanded.
type bibEntry struct {
	file     int // the file it is in: 1 for the first BibTeX file of the load
	typ, key string
	line     int
	fields   map[string]string // lower-case name -> value
	warnings []string          // what was wrong but did not spoil it
}

// bibParser is the state of one pass over a file.
type bibParser struct {
	src   string
	i     int // offset reached
	line  int // line of src[i]
	st    *bibState
	warns []string // warnings of the entry being read
	field string   // the field or macro being read, for warnings
	// inComment is set in an @comment block, where a line may start an
	// entry that the block comments out.
	inComment bool
}

// readBibTeX reads the entries of a BibTeX file: broken ones are reported
// to skips, and the warnings of those that load to warns. st carries
// macros and entries from the files before and to the files after.
func readBibTeX(name string, data []byte, st *bibState, skips, warns *loaders.Problems) []*workRecord {
	st.files++
	p := &bibParser{src: strings.TrimPrefix(string(data), "\ufeff"), line: 1, st: st}
	var entries []*bibEntry
	for p.next() {
		line := p.line
		p.i++ // '@'
		p.space()
		typ := strings.ToLower(p.ident())
		p.space()
		if typ == "" || p.i >= len(p.src) || p.src[p.i] != '{' && p.src[p.i] != '(' {
			continue // an @ in comment text
		}
		closer := byte('}')
		if p.src[p.i] == '(' {
			closer = ')'
		}
		p.i++
		p.warns = nil
		var err error
		what := "@" + typ
		switch typ {
		case "comment":
			err = p.skipComment(closer)
		case "preamble":
			p.field = "@preamble"
			_, err = p.value()
			if err == nil {
				err = p.close(closer)
			}
		case "string":
			err = p.macros(closer)
		default:
			var e *bibEntry
			e, err = p.entry(typ, closer, line)
			e.file = st.files
			what = fmt.Sprintf("entry %q", e.key)
			if err == nil {
				entries = append(entries, e)
			}
		}
		if err != nil {
			skips.Add(name, line, "%s: %v", what, err)
			p.recover()
			continue
		}
		for _, w := range p.warns {
			warns.Add(name, line, "%s: %s", what, w)
		}
	}
	var out []*workRecord
	for _, e := range entries {
		k := strings.ToLower(e.key)
		if prev, ok := st.entries[k]; ok && k != "" {
			if prev.file == st.files {
				e.warnings = append(e.warnings, fmt.Sprintf("key repeated (first at line %d): both entries load; a crossref to it reads the first", prev.line))
			}
		} else if k != "" {
			st.entries[k] = e
		}
	}
	for _, e := range entries {
		st.inherit(e)
		switch e.typ {
		case "xdata", "set": // data for other entries, not works
		default:
			out = append(out, bibRecord(name, e))
		}
		for _, w := range e.warnings {
			warns.Add(name, e.line, "entry %q: %s", e.key, w)
		}
	}
	return out
}

// next moves to the next '@', counting lines, and reports whether there
// is one.
func (p *bibParser) next() bool {
	j := strings.IndexByte(p.src[p.i:], '@')
	if j < 0 {
		p.i = len(p.src)
		return false
	}
	p.line += strings.Count(p.src[p.i:p.i+j], "\n")
	p.i += j
	return true
}

// recover skips a broken entry: to the next line that starts with '@'.
func (p *bibParser) recover() {
	if p.i > 0 && p.src[p.i-1] == '\n' && p.entryStarts() {
		return // the broken value ended at the line of the next entry
	}
	for p.i < len(p.src) {
		j := strings.IndexByte(p.src[p.i:], '\n')
		if j < 0 {
			p.i = len(p.src)
			return
		}
		p.i += j + 1
		p.line++
		k := p.i
		for k < len(p.src) && (p.src[k] == ' ' || p.src[k] == '\t') {
			k++
		}
		if k < len(p.src) && p.src[k] == '@' {
			p.i = k
			return
		}
	}
}

func (p *bibParser) fail(format string, args ...any) error {
	return fmt.Errorf("syntax error at line %d: %s", p.line, fmt.Sprintf(format, args...))
}

func (p *bibParser) peek() byte {
	if p.i < len(p.src) {
		return p.src[p.i]
	}
	return 0
}

// space skips white space, and %-comments (which BibTeX does not have,
// but which files use to comment out a field).
func (p *bibParser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case '\n':
			p.line++
			p.i++
		case ' ', '\t', '\r', '\f', '\v':
			p.i++
		case '%':
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

// bibNotIdent are the characters that end an identifier: a type, field or
// macro name.
const bibNotIdent = " \t\n\r\f\v\"#%'(),={}@"

// ident reads an identifier.
func (p *bibParser) ident() string {
	start := p.i
	for p.i < len(p.src) && strings.IndexByte(bibNotIdent, p.src[p.i]) < 0 {
		p.i++
	}
	return p.src[start:p.i]
}

// close reads the character that closes an entry.
func (p *bibParser) close(closer byte) error {
	p.space()
	if p.peek() != closer {
		if p.i >= len(p.src) {
			return p.fail("the entry never closes (no %c)", closer)
		}
		return p.fail("%c expected, not %q", closer, p.src[p.i])
	}
	p.i++
	return nil
}

// skipComment skips the block of an @comment, entries in it included.
func (p *bibParser) skipComment(closer byte) error {
	p.inComment = true
	_, err := p.balanced(closer, p.line)
	p.inComment = false
	return err
}

// macros reads the definitions of an @string: name = value, ...
func (p *bibParser) macros(closer byte) error {
	for {
		p.space()
		name := strings.ToLower(p.ident())
		if name == "" {
			return p.fail("a macro name was expected")
		}
		p.space()
		if p.peek() != '=' {
			return p.fail("no = after the macro name %q", name)
		}
		p.i++
		p.field = "@string " + name
		v, err := p.value()
		if err != nil {
			return err
		}
		p.st.macros[name] = v
		p.space()
		if p.peek() == ',' {
			p.i++
			continue
		}
		return p.close(closer)
	}
}

// entry reads an entry after its '{' or '('.
func (p *bibParser) entry(typ string, closer byte, line int) (*bibEntry, error) {
	e := &bibEntry{typ: typ, line: line, fields: map[string]string{}}
	p.space()
	start, startLine := p.i, p.line
	for p.i < len(p.src) && strings.IndexByte(" \t\n\r\f\v,", p.src[p.i]) < 0 && p.src[p.i] != closer {
		p.i++
	}
	e.key = p.src[start:p.i]
	p.space()
	switch p.peek() {
	case '=': // no key: the first field follows the brace
		e.key, p.i, p.line = "", start, startLine
	case ',':
		p.i++
	case closer:
		p.i++
		return e, nil
	default:
		if p.i >= len(p.src) {
			return e, p.fail("the entry never closes (no %c)", closer)
		}
		return e, p.fail("no comma after the key")
	}
	for {
		p.space()
		if p.peek() == closer {
			p.i++
			break
		}
		if p.i >= len(p.src) {
			return e, p.fail("the entry never closes (no %c)", closer)
		}
		name := strings.ToLower(p.ident())
		if name == "" {
			return e, p.fail("a field name was expected, not %q", p.src[p.i])
		}
		p.space()
		if p.peek() != '=' {
			return e, p.fail("no = after the field name %q", name)
		}
		p.i++
		p.field = name
		v, err := p.value()
		if err != nil {
			return e, err
		}
		if _, dup := e.fields[name]; dup {
			e.warnings = append(e.warnings, fmt.Sprintf("field %s repeated: the first value is kept, as BibTeX does", name))
		} else {
			e.fields[name] = v
		}
		p.space()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if p.peek() == closer {
			p.i++
			break
		}
		if p.i >= len(p.src) {
			return e, p.fail("the entry never closes (no %c)", closer)
		}
		return e, p.fail("a field must be followed by , or %c, not %q", closer, p.src[p.i])
	}
	e.warnings = append(p.warns, e.warnings...)
	p.warns = nil
	return e, nil
}

// value reads a value: parts joined by '#'.
func (p *bibParser) value() (string, error) {
	var b strings.Builder
	for {
		p.space()
		c := p.peek()
		switch {
		case c == '{' || c == '"':
			p.i++
			end := byte('"')
			if c == '{' {
				end = '}'
			}
			s, err := p.balanced(end, p.line)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c >= '0' && c <= '9':
			start := p.i
			for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
				p.i++
			}
			b.WriteString(p.src[start:p.i])
		default:
			name := p.ident()
			if name == "" {
				if p.i >= len(p.src) {
					return "", p.fail("the value never comes: the file ends")
				}
				return "", p.fail("a value was expected, not %q", p.src[p.i])
			}
			v, ok := p.st.macros[strings.ToLower(name)]
			if !ok {
				p.warns = append(p.warns, fmt.Sprintf("field %s: undefined @string macro %q: read as empty, as BibTeX does", p.field, name))
			}
			b.WriteString(v)
		}
		p.space()
		if p.peek() != '#' {
			return b.String(), nil
		}
		p.i++
	}
}

// balanced reads text after its opening '{' or '"' up to end at brace
// depth 0, and returns it without the delimiters. A line that starts with
// "@type{" ends it as broken (the brace opened before never closes).
func (p *bibParser) balanced(end byte, line int) (string, error) {
	start := p.i
	var open []int // lines of the braces open
	for p.i < len(p.src) {
		c := p.src[p.i]
		p.i++
		switch {
		case c == '{':
			open = append(open, p.line)
		case c == '}' && len(open) > 0:
			open = open[:len(open)-1]
		case c == end && len(open) == 0:
			return p.src[start : p.i-1], nil
		case c == '}' && end == '"':
			p.i--
			return "", fmt.Errorf("unclosed quote at line %d (a } at line %d closes more than was opened)", line, p.line)
		case c == '}':
			p.i--
			return "", p.fail("a } closes more than was opened")
		case c == '\n':
			p.line++
			if !p.inComment && p.entryStarts() {
				return "", p.unclosed(end, line, open)
			}
		}
	}
	return "", p.unclosed(end, line, open)
}

// unclosed describes a value that never closes.
func (p *bibParser) unclosed(end byte, line int, open []int) error {
	if len(open) > 0 {
		return fmt.Errorf("unclosed brace at line %d", open[len(open)-1])
	}
	if end == '"' {
		return fmt.Errorf("unclosed quote at line %d", line)
	}
	return fmt.Errorf("unclosed brace at line %d", line)
}

// entryStarts reports whether the line at p.i starts an entry:
// optional blanks, '@', letters, optional blanks, '{' or '('.
func (p *bibParser) entryStarts() bool {
	k := p.i
	for k < len(p.src) && (p.src[k] == ' ' || p.src[k] == '\t') {
		k++
	}
	if k >= len(p.src) || p.src[k] != '@' {
		return false
	}
	k++
	n := 0
	for k < len(p.src) && (p.src[k]|0x20 >= 'a' && p.src[k]|0x20 <= 'z') && n < 32 {
		k++
		n++
	}
	for k < len(p.src) && (p.src[k] == ' ' || p.src[k] == '\t') && n > 0 {
		k++
	}
	return n > 0 && k < len(p.src) && (p.src[k] == '{' || p.src[k] == '(')
}

// inherit fills the fields an entry lacks from its @xdata entries and its
// crossref parent (biblatex's and BibTeX's inheritance): a part (inbook,
// incollection, inproceedings) takes the parent's title as its booktitle,
// never as its own title. Chains are followed up to a few levels.
func (st *bibState) inherit(e *bibEntry) {
	seen := map[*bibEntry]bool{e: true}
	lookup := func(cur *bibEntry, field, key string) *bibEntry {
		x, ok := st.entries[strings.ToLower(key)]
		if !ok && cur == e {
			e.warnings = append(e.warnings, fmt.Sprintf("%s %q: no such entry", field, key))
		}
		if !ok || seen[x] {
			return nil
		}
		seen[x] = true
		return x
	}
	cur := e
	for depth := 0; depth < 4 && cur != nil; depth++ {
		for _, k := range splitKeywords(cur.fields["xdata"]) {
			if x := lookup(cur, "xdata", k); x != nil {
				e.take(x, false)
			}
		}
		var next *bibEntry
		if k := strings.TrimSpace(cur.fields["crossref"]); k != "" {
			if next = lookup(cur, "crossref", k); next != nil {
				e.take(next, strings.HasPrefix(e.typ, "in"))
			}
		}
		cur = next
	}
}

// take copies the fields e lacks from x, but those that name x itself.
// For a part (an inbook of a book), x's title is e's booktitle.
func (e *bibEntry) take(x *bibEntry, part bool) {
	for name, v := range x.fields {
		switch name {
		case "crossref", "xdata", "xref", "ids", "entryset", "label", "shorthand", "key":
			continue
		case "title":
			if part {
				continue
			}
		}
		if _, ok := e.fields[name]; !ok {
			e.fields[name] = v
		}
	}
	if _, ok := e.fields["booktitle"]; part && !ok && x.fields["title"] != "" {
		e.fields["booktitle"] = x.fields["title"]
	}
}

// bibRecord turns an entry into a record.
func bibRecord(name string, e *bibEntry) *workRecord {
	f := e.fields
	text := func(k string) string { return latexToText(f[k]) }
	rec := &workRecord{file: name, line: e.line, noun: "entry", key: e.key,
		typ: bibType(e.typ), rawType: e.typ, title: text("title"), abstract: text("abstract"),
		doi: verbatim(f["doi"]), publisher: text("publisher"),
		volume: text("volume"), issue: firstOf(text("number"), text("issue")),
		chapter: text("chapter"), booktitle: text("booktitle")}
	rec.pages = text("pages")
	rec.pagination = pagination(rec.volume, rec.issue, rec.pages)
	for _, v := range []string{"journal", "journaltitle", "booktitle"} {
		if rec.venue == "" {
			rec.venue = text(v)
		}
	}
	y, warn := recordYear(firstOf(text("year"), text("date")))
	rec.year = y
	if warn != "" {
		e.warnings = append(e.warnings, warn)
	}
	if d := normDOI(rec.doi); d != "" {
		rec.url = "https://doi.org/" + d
	} else {
		rec.url = verbatim(f["url"])
	}
	names, etAl := splitAuthors(f["author"])
	rec.etAl = etAl
	for _, s := range names {
		if n := bibName(s); n != (personName{}) {
			rec.authors = append(rec.authors, author{name: n})
		}
	}
	rec.keywords = splitKeywords(text("keywords"))
	return rec
}

// verbatim reads a field that BibTeX styles print as it is (url, doi):
// braces go, the escapes \_ \% \& \# \~ \$ lose their backslash, and a
// `~` stays a tilde. White space (a line break in a long address) goes.
func verbatim(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, `\url`):
		s = s[len(`\url`):]
	case strings.HasPrefix(s, `\href{`):
		if end := strings.IndexByte(s, '}'); end > 0 {
			s = s[len(`\href{`):end] // the address, not the text shown
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{' || c == '}':
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`_%&#~$`, s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bibType maps a BibTeX or biblatex entry type to a publication type.
func bibType(t string) string {
	switch strings.ToLower(t) {
	case "book", "booklet", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference", "mvreference":
		return "BOOK"
	case "incollection", "inbook", "bookinbook", "suppbook", "suppcollection", "inreference", "inproceedings_chapter", "bookchapter":
		return "CHAPTER"
	}
	return "ARTICLE"
}

// splitAuthors splits an author field at each "and" (any case) outside
// braces. "others", and a trailing "et al.", mark the list as incomplete
// (BibTeX's "and others"): they are not people, and etAl tells so.
func splitAuthors(s string) (names []string, etAl bool) {
	and := func(s string, i int) int {
		if !isSpace(s[i]) || i > 0 && isSpace(s[i-1]) {
			return 0 // only the first space of a run starts a separator, so that the work stays linear
		}
		rest := strings.TrimLeft(s[i:], " \t\r\n~")
		if len(rest) > 4 && strings.EqualFold(rest[:3], "and") && isSpace(rest[3]) {
			return len(s) - i - len(rest) + 3
		}
		return 0
	}
	for _, n := range splitBraced(s, and) {
		n, more := stripEtAl(n)
		etAl = etAl || more
		if n != "" {
			names = append(names, n)
		}
	}
	return names, etAl
}

// stripEtAl removes "others", "et al." or "et al" that ends a name or is
// the whole of it, and reports whether it did.
func stripEtAl(n string) (string, bool) {
	n = strings.TrimSpace(n)
	l := strings.ToLower(n)
	for _, suffix := range []string{"others", "et al.", "et al", "et. al.", "u. a."} {
		if l == suffix {
			return "", true
		}
		if strings.HasSuffix(l, " "+suffix) && suffix != "others" {
			return strings.TrimRight(strings.TrimSpace(n[:len(n)-len(suffix)]), ","), true
		}
	}
	return n, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// bibName reads one BibTeX name by BibTeX's rules: "First von Last",
// "von Last, First" or "von Last, Jr, First". The von part belongs to the
// family name ("von Blomberg"); a braced group is one word ("R {La Joie}":
// given R, family La Joie), and a name that is one braced group is kept
// whole ("{World Bank}").
func bibName(s string) personName {
	s = strings.TrimSpace(s)
	if wholeBraced(s) {
		return personName{Literal: latexToText(s)}
	}
	parts := splitTopLevel(s, ',')
	words := func(s string) []string {
		return splitBraced(s, func(s string, i int) int {
			if isSpace(s[i]) || s[i] == '~' {
				return 1
			}
			return 0
		})
	}
	join := func(ws []string) string {
		var keep []string
		for _, w := range ws {
			if w != "" {
				keep = append(keep, w)
			}
		}
		return latexToText(strings.Join(keep, " "))
	}
	switch len(parts) {
	case 1:
		var ws []string
		for _, w := range words(parts[0]) {
			if w != "" {
				ws = append(ws, w)
			}
		}
		if len(ws) < 2 {
			return personName{Family: join(ws)}
		}
		cut := len(ws) - 1 // the last word is always the family name
		for i := 0; i < len(ws)-1; i++ {
			if lowerWord(ws[i]) {
				cut = i // the von part starts the family name
				break
			}
		}
		return personName{Given: join(ws[:cut]), Family: join(ws[cut:])}
	case 2:
		return personName{Given: join(words(parts[1])), Family: join(words(parts[0]))}
	default:
		return personName{Given: join(words(strings.Join(parts[2:], " "))), Family: join(words(parts[0])),
			Suffix: join(words(parts[1]))}
	}
}

// lowerWord reports whether a name word starts with a lower-case letter
// at brace depth 0, as BibTeX tells a "von" word: "von", "de", "{\'e}mile"
// is lower case too (an accent command counts as its letter), "{La Joie}"
// is not.
func lowerWord(w string) bool {
	if strings.HasPrefix(w, `{\`) {
		t := latexToText(w)
		for _, r := range t {
			return r >= 'a' && r <= 'z' || r > 0x7f && strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
		}
		return false
	}
	if strings.HasPrefix(w, "{") {
		return false
	}
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			return true
		}
		if r >= 'A' && r <= 'Z' {
			return false
		}
		if r > 0x7f {
			return strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
		}
	}
	return false
}

// wholeBraced reports whether s is one braced group, "{World Bank}": its
// braces never close before its last character.
func wholeBraced(s string) bool {
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return false
	}
	beforeEnd := func(s string, i int) int {
		if i < len(s)-1 {
			return 1
		}
		return 0
	}
	return len(splitBraced(s, beforeEnd)) == 1
}

// splitTopLevel splits s at sep outside braces, trimming each part.
func splitTopLevel(s string, sep byte) []string {
	return splitBraced(s, func(s string, i int) int {
		if s[i] == sep {
			return 1
		}
		return 0
	})
}

// splitBraced splits s outside braces wherever sepLen, given s and an
// index, returns the length of a separator there, trimming each part.
func splitBraced(s string, sepLen func(s string, i int) int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth != 0 {
			continue
		}
		if n := sepLen(s, i); n > 0 {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + n
			i = start - 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// splitKeywords splits a keywords field at commas and semicolons.
func splitKeywords(s string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// minBibYear is the earliest year a bibliography record may give: older
// works (1645) exist in real libraries; what is earlier is taken for a
// mistake.
const minBibYear = 1000

// recordYear reads the year of a record from a year or date field: the
// first number of four digits ("1995", "January 1978", "2019-05-01",
// "1995a"). With none ("in press", "forthcoming", ""), or one out of
// minBibYear..loaders.MaxYear, the year is unknown and warn says why.
func recordYear(s string) (year int, warn string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "no year: the year is left unknown"
	}
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i == 4 {
			y := int(s[i]-'0')*1000 + int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if y < minBibYear || y > loaders.MaxYear {
				return 0, fmt.Sprintf("year %d out of range %d..%d: the year is left unknown", y, minBibYear, loaders.MaxYear)
			}
			return y, ""
		}
		i = j
	}
	return 0, fmt.Sprintf("year %q is not a year: the year is left unknown", shorten(s, 40))
}

// shorten cuts s to at most n bytes, at a rune boundary, for messages.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
