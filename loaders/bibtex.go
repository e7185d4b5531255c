package loaders

import (
	"errors"
	"fmt"
	goscan "go/scanner"
	gotok "go/token"
	"regexp"
	"strconv"
	"strings"

	"github.com/jschaf/bibtex/ast"
	"github.com/jschaf/bibtex/parser"
)

// BibTeX is parsed with github.com/jschaf/bibtex: a recursive-descent
// parser modelled on go/parser that keeps positions, reports errors as a
// go/scanner.ErrorList and keeps no global state. The file is split into
// entries at each line that opens one ("@article{key,"), and each entry is
// parsed alone, so that a broken entry (an unclosed brace) spoils only
// itself and each error names the entry's line and key. @string macros
// carry over from entry to entry; LaTeX is turned into Unicode here.

// bibHeader matches the line that opens an entry, and its type and key.
var bibHeader = regexp.MustCompile(`^\s*@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()=]*)`)

// bibChunk is the text of one entry and the line where it starts.
type bibChunk struct {
	typ, key string
	line     int
	text     string
}

// bibChunks splits a BibTeX file into entries. Text before the first
// entry is a comment.
func bibChunks(src string) []bibChunk {
	src = strings.TrimPrefix(src, "\ufeff")
	var out []bibChunk
	var b strings.Builder
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].text = b.String()
		}
		b.Reset()
	}
	for i, l := range strings.SplitAfter(src, "\n") {
		if m := bibHeader.FindStringSubmatch(l); m != nil {
			flush()
			out = append(out, bibChunk{typ: strings.ToLower(m[1]), key: m[2], line: i + 1})
		}
		b.WriteString(l)
	}
	flush()
	return out
}

// bibReader reads the entries of one file.
type bibReader struct {
	name   string
	ps     *problems
	macros map[string]string // @string macros, by lower-case name, as raw LaTeX
}

// readBibTeX reads the entries of a BibTeX file. Broken entries are
// reported to ps and left out.
func readBibTeX(name string, data []byte, ps *problems) []*workRecord {
	r := &bibReader{name: name, ps: ps, macros: map[string]string{}}
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		r.macros[strings.ToLower(m[:3])] = m // the month macros BibTeX predefines
	}
	var out []*workRecord
	for _, c := range bibChunks(string(data)) {
		switch c.typ {
		case "comment", "preamble":
			continue
		case "string":
			r.macro(c)
		default:
			if rec := r.entry(c); rec != nil {
				out = append(out, rec)
			}
		}
	}
	return out
}

// parse parses one chunk. The parser is third-party code run on user
// input: a panic in it is reported as an error of the entry.
func (r *bibReader) parse(c bibChunk) (f *ast.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the BibTeX parser failed: %v", p)
		}
	}()
	n, err := bibShape(c.text, c.typ == "string")
	if err != nil {
		return nil, err
	}
	return parser.ParseFile(gotok.NewFileSet(), r.name, c.text[:n], parser.ParseStrings)
}

// problem reports a broken entry at its first line.
func (r *bibReader) problem(c bibChunk, format string, args ...any) {
	what := "entry"
	if c.key != "" {
		what = fmt.Sprintf("entry %q", c.key)
	}
	if c.typ == "string" {
		what = "@string"
	}
	r.ps.add(r.name, c.line, "%s: %s", what, fmt.Sprintf(format, args...))
}

// syntaxMessage describes a parse error with its line in the file.
func (r *bibReader) syntaxMessage(c bibChunk, err error) string {
	var el goscan.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		return fmt.Sprintf("syntax error at line %d: %s", c.line+el[0].Pos.Line-1, el[0].Msg)
	}
	return err.Error()
}

// macro reads an @string definition.
func (r *bibReader) macro(c bibChunk) {
	f, err := r.parse(c)
	if err != nil {
		r.problem(c, "%s", r.syntaxMessage(c, err))
		return
	}
	for _, d := range f.Entries {
		a, ok := d.(*ast.AbbrevDecl)
		if !ok || a.Tag == nil {
			continue
		}
		v, err := r.render(a.Tag.Value)
		if err != nil {
			r.problem(c, "%v", err)
			continue
		}
		r.macros[strings.ToLower(a.Tag.Name)] = v
	}
}

// entry reads one bibliographic entry.
func (r *bibReader) entry(c bibChunk) *workRecord {
	if line := unclosedBrace(c.text); line > 0 {
		r.problem(c, "unclosed brace at line %d", c.line+line-1)
		return nil
	}
	f, err := r.parse(c)
	if err != nil {
		r.problem(c, "%s", r.syntaxMessage(c, err))
		return nil
	}
	var decl *ast.BibDecl
	for _, d := range f.Entries {
		if b, ok := d.(*ast.BibDecl); ok {
			decl = b
			break
		}
	}
	if decl == nil || decl.Key == nil {
		r.problem(c, "not a BibTeX entry")
		return nil
	}
	c.key = decl.Key.Name
	fields := map[string]string{}
	for _, t := range decl.Tags {
		v, err := r.render(t.Value)
		if err != nil {
			r.problem(c, "field %s: %v", t.Name, err)
			return nil
		}
		fields[t.Name] = v
	}
	text := func(name string) string { return latexToText(fields[name]) }
	rec := &workRecord{file: r.name, line: c.line, noun: "entry", key: c.key,
		typ: bibType(decl.Type), title: text("title"), abstract: text("abstract"),
		doi: text("doi"), publisher: text("publisher"),
		pagination: pagination(text("volume"), firstOf(text("number"), text("issue")), text("pages")),
		rawType:    strings.ToLower(decl.Type), chapter: text("chapter"), booktitle: text("booktitle"),
		volume: text("volume"), issue: firstOf(text("number"), text("issue")), pages: text("pages")}
	for _, v := range []string{"journal", "journaltitle", "booktitle"} {
		if rec.venue == "" {
			rec.venue = text(v)
		}
	}
	year := firstOf(text("year"), text("date"))
	if year != "" {
		y, ok := yearOf(year)
		if !ok {
			r.problem(c, "bad year %q", year)
			return nil
		}
		rec.year = y
	}
	if d := normDOI(rec.doi); d != "" {
		rec.url = "https://doi.org/" + d
	} else {
		rec.url = text("url")
	}
	for _, name := range splitAuthors(fields["author"]) {
		if n := bibName(name); n != (personName{}) {
			rec.authors = append(rec.authors, author{name: n})
		}
	}
	rec.keywords = splitKeywords(text("keywords"))
	return rec
}

// render turns a field's value back into its LaTeX text, with macros
// expanded and inner braces kept (they protect names and accents).
func (r *bibReader) render(x ast.Expr) (string, error) {
	switch t := x.(type) {
	case *ast.ParsedText:
		s, err := r.renderAll(t.Values)
		if t.Delim == ast.BraceDelimiter && t.Depth > 0 {
			s = "{" + s + "}"
		}
		return s, err
	case *ast.Text:
		switch t.Kind {
		case ast.TextSpace:
			return " ", nil
		case ast.TextComma:
			return ",", nil
		case ast.TextNBSP:
			return "~", nil
		case ast.TextMath:
			return "$" + t.Value + "$", nil
		case ast.TextHyphen:
			return "-", nil
		}
		return t.Value, nil
	case *ast.CmdText:
		return r.renderAll(t.Values)
	case *ast.Ident:
		if v, ok := r.macros[strings.ToLower(t.Name)]; ok {
			return v, nil
		}
		return "", fmt.Errorf("undefined @string macro %q", t.Name)
	case *ast.Number:
		return t.Value, nil
	case *ast.UnparsedText:
		return t.Value, nil
	case *ast.ConcatExpr:
		a, err := r.render(t.X)
		if err != nil {
			return "", err
		}
		b, err := r.render(t.Y)
		return a + b, err
	}
	return "", fmt.Errorf("malformed value")
}

// renderAll renders a sequence of values, one after the other.
func (r *bibReader) renderAll(xs []ast.Expr) (string, error) {
	var b strings.Builder
	for _, x := range xs {
		s, err := r.render(x)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// bibType maps a BibTeX entry type to a publication type.
func bibType(t string) string {
	switch strings.ToLower(t) {
	case "book", "booklet", "mvbook":
		return "BOOK"
	case "incollection", "inbook", "inproceedings_chapter", "bookchapter":
		return "CHAPTER"
	}
	return "ARTICLE"
}

// splitAuthors splits an author field at each " and " outside braces,
// dropping "others" (the "et al." of BibTeX).
func splitAuthors(s string) []string {
	and := func(s string, i int) int {
		if !strings.ContainsRune(" \t\r\n", rune(s[i])) {
			return 0
		}
		rest := strings.TrimLeft(s[i:], " \t\r\n")
		if len(rest) > 4 && strings.EqualFold(rest[:3], "and") && strings.ContainsRune(" \t\r\n", rune(rest[3])) {
			return len(s) - i - len(rest) + 3
		}
		return 0
	}
	var names []string
	for _, n := range splitBraced(s, and) {
		if n != "" && !strings.EqualFold(n, "others") {
			names = append(names, n)
		}
	}
	return names
}

// bibName reads one BibTeX name: "Last, First", "Last, Jr, First",
// "First von Last", or a braced name kept whole ("{World Bank}").
func bibName(s string) personName {
	s = strings.TrimSpace(s)
	if wholeBraced(s) {
		return personName{Literal: latexToText(s)}
	}
	parts := splitTopLevel(s, ',')
	for i := range parts {
		parts[i] = latexToText(parts[i])
	}
	switch len(parts) {
	case 1:
		ws := strings.Fields(parts[0])
		if len(ws) < 2 {
			return personName{Family: parts[0]}
		}
		cut := len(ws) - 1
		for i := 1; i < len(ws)-1; i++ {
			if r := []rune(ws[i]); len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
				cut = i // the "von" part starts the family name
				break
			}
		}
		return personName{Given: strings.Join(ws[:cut], " "), Family: strings.Join(ws[cut:], " ")}
	case 2:
		return personName{Given: parts[1], Family: parts[0]}
	default:
		return personName{Given: parts[len(parts)-1], Family: parts[0] + " " + parts[1]}
	}
}

// unclosedBrace returns the line (counting from 1) of the last brace in
// text that is never closed, or 0 when the braces balance. Escaped braces
// (\{ and \}) do not count.
func unclosedBrace(text string) int {
	var open []int
	line := 1
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			line++
		case '\\':
			i++
		case '{':
			open = append(open, line)
		case '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return 0
	}
	return open[len(open)-1]
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
		if n := sepLen(s, i); depth == 0 && n > 0 {
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

// yearOf returns the year that a date or year field starts with.
func yearOf(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || len(s) > 4 && s[4] >= '0' && s[4] <= '9' {
		return 0, false
	}
	return y, true
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
