package schema

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// Limits bound what one request may ask for. A zero field takes its default.
type Limits struct {
	MaxDepth             int           // nesting of fields; default 10 (introspection is not counted)
	MaxAliases           int           // aliased fields in one operation; default 15
	MaxPageSize          int           // largest `first`; default 100
	MaxSubgraphNodes     int           // largest neighborhood `limit`; default 1000
	MaxNeighborhoodDepth int           // largest neighborhood `depth`; default 4
	MaxPathLength        int           // largest path `maxLength`; default 10
	PathBudget           int           // nodes a path search may visit; default 100000
	MaxCost              int           // estimated cost of one operation; default 50000
	DefaultListCost      int           // assumed length of a list field without `first`; default 10
	MaxQueryBytes        int           // length of the query text; default 64 KiB
	MaxSelections        int           // fields and fragments written in the query; default 500
	MaxTokens            int           // lexical tokens in the query text; default 1000
	MaxDirectives        int           // directives at one location; default 5
	MaxArguments         int           // arguments of one field or directive; default 10
	MaxInputDepth        int           // nesting of lists and objects in one argument or variable; default 8
	MaxListLength        int           // items of one list (or fields of one object) in an argument or variable; default 1000
	MaxSameNameFields    int           // fields merged into one key of the answer (same name or alias); default 4
	MaxErrors            int           // errors in one response; default 100, as graphql-js
	NoIntrospection      bool          // refuse __schema and __type (__typename stays)
	Timeout              time.Duration // per request, parsing and validation included; default 5s
	ResponseCacheBytes   int           // encoded responses kept per loaded graph, by request; default 64 MiB, -1 for none
	DocumentCacheBytes   int           // parsed and validated documents kept per loaded graph, by estimated size; default 16 MiB
	Log                  *slog.Logger  // where panics and internal errors are logged; default discards
}

// withDefaults fills in zero fields.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxDepth, 10)
	def(&l.MaxAliases, 15)
	def(&l.MaxPageSize, 100)
	def(&l.MaxSubgraphNodes, 1000)
	def(&l.MaxNeighborhoodDepth, 4)
	def(&l.MaxPathLength, 10)
	def(&l.PathBudget, 100000)
	def(&l.MaxCost, 50000)
	def(&l.DefaultListCost, 10)
	def(&l.MaxQueryBytes, 64<<10)
	def(&l.MaxSelections, 500)
	def(&l.MaxTokens, 1000)
	def(&l.MaxDirectives, 5)
	def(&l.MaxArguments, 10)
	def(&l.MaxInputDepth, 8)
	def(&l.MaxListLength, 1000)
	def(&l.MaxSameNameFields, 4)
	def(&l.MaxErrors, 100)
	def(&l.DocumentCacheBytes, 16<<20)
	switch {
	case l.ResponseCacheBytes == 0:
		l.ResponseCacheBytes = 64 << 20
	case l.ResponseCacheBytes < 0:
		l.ResponseCacheBytes = 0
	}
	if l.Timeout <= 0 {
		l.Timeout = 5 * time.Second
	}
	if l.Log == nil {
		l.Log = slog.New(slog.DiscardHandler)
	}
	return l
}

// argBound is the allowed range of an integer argument.
type argBound struct {
	min, max int
	limit    string // the name of the maximum
	code     string // the code when above max
}

// argRange names the range an integer argument must lie in; the Limits
// give its bounds. A field declares the range of each of its integer
// arguments (argRanges), and both the analysis before execution and the
// resolver check it.
type argRange int

const (
	pageSize          argRange = iota + 1 // first: 0 to MaxPageSize
	subgraphNodes                         // limit: 1 to MaxSubgraphNodes
	neighborhoodDepth                     // depth: 0 to MaxNeighborhoodDepth
	pathLength                            // maxLength: 1 to MaxPathLength
	atLeastOne                            // minWeight: 1 or more
)

// argRanges are the ranges of one field's integer arguments, by name.
type argRanges map[string]argRange

// bound returns the bounds of range r.
func (l Limits) bound(r argRange) argBound {
	switch r {
	case pageSize:
		return argBound{0, l.MaxPageSize, "maxPageSize", CodePageSizeLimit}
	case subgraphNodes:
		return argBound{1, l.MaxSubgraphNodes, "maxSubgraphNodes", CodePageSizeLimit}
	case neighborhoodDepth:
		return argBound{0, l.MaxNeighborhoodDepth, "maxNeighborhoodDepth", CodeBadUserInput}
	case pathLength:
		return argBound{1, l.MaxPathLength, "maxPathLength", CodeBadUserInput}
	}
	return argBound{1, int(^uint(0) >> 1), "", CodeBadUserInput}
}

// checkArg checks integer argument name of field against range r.
func (l Limits) checkArg(field, name string, r argRange, v int) *Error {
	b := l.bound(r)
	switch {
	case v < b.min:
		return errorf(CodeBadUserInput, "schema: %s: %s must be at least %d, not %d", field, name, b.min, v)
	case v > b.max:
		return limitError(b.code, b.limit, b.max, v, "schema: %s: %s must be at most %d, not %d", field, name, b.max, v)
	}
	return nil
}

// maxSteps bounds the fields the analysis visits with fragments expanded.
const maxSteps = 100000

// analysis walks the selected operation, fragments expanded, to measure
// depth, aliases, arguments and cost before anything runs.
type analysis struct {
	s         *Schema
	ctx       context.Context
	schema    *graphql.Schema
	lim       Limits
	fragments map[string]*ast.FragmentDefinition
	vars      map[string]any
	varDefs   map[string]ast.Value
	aliases   int
	depth     int
	steps     int // fields visited, fragments expanded: bounded, since fragments can nest exponentially
	errs      []*Error

	introspectionTooDeep bool           // reported once
	introspectionOff     bool           // reported once
	listSizes            map[string]int // average lengths of introspection's lists in this schema
	sizes                map[string]int // real lengths of the lists of the whole-graph field being priced

}

// analyze measures op and returns the limits it breaks.
func (s *Schema) analyze(ctx context.Context, doc *ast.Document, op *ast.OperationDefinition, vars map[string]any) []*Error {
	schema, lim := &s.gql, s.lim
	a := &analysis{s: s, ctx: ctx, schema: schema, lim: lim, vars: vars, listSizes: s.listSizes,
		fragments: map[string]*ast.FragmentDefinition{}, varDefs: map[string]ast.Value{}}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			a.fragments[f.Name.Value] = f
		}
	}
	for _, vd := range op.VariableDefinitions {
		if vd.Variable != nil && vd.Variable.Name != nil && vd.DefaultValue != nil {
			a.varDefs[vd.Variable.Name.Value] = vd.DefaultValue
		}
	}
	root := schema.QueryType()
	if op.Operation != ast.OperationTypeQuery {
		return nil // the standard rules reject it: there are no mutations or subscriptions
	}
	cost := a.cost(op.SelectionSet, root, 1, false, map[string]bool{})
	if a.depth > lim.MaxDepth {
		a.errs = append(a.errs, limitError(CodeDepthLimit, "maxDepth", lim.MaxDepth, a.depth,
			"schema: the query nests %d fields deep; at most %d are allowed", a.depth, lim.MaxDepth))
	}
	if a.aliases > lim.MaxAliases {
		a.errs = append(a.errs, limitError(CodeAliasLimit, "maxAliases", lim.MaxAliases, a.aliases,
			"schema: the query uses %d aliases; at most %d are allowed", a.aliases, lim.MaxAliases))
	}
	if cost > lim.MaxCost && len(a.errs) == 0 { // the cost of a query that breaks other limits says little
		a.errs = append(a.errs, limitError(CodeCostLimit, "maxCost", lim.MaxCost, cost,
			"schema: the query's estimated cost is %d; at most %d is allowed (ask for fewer items with first or limit)", cost, lim.MaxCost))
	}
	return a.errs
}

// cost returns the estimated cost of a selection set on parent at the given
// depth. A field costs 1 plus its children's cost times the number of items
// it returns: its `first` or `limit`, or DefaultListCost for other lists. The
// lists directly inside a paged object (a connection's edges) count once.
func (a *analysis) cost(set *ast.SelectionSet, parent graphql.Type, depth int, paged bool, inFrag map[string]bool) int {
	if set == nil {
		return 0
	}
	total := 0
	for _, sel := range set.Selections {
		if a.steps++; a.steps > maxSteps {
			return 1 << 40 // beyond any cost limit
		}
		switch s := sel.(type) {
		case *ast.Field:
			total = saturate(total + a.fieldCost(s, parent, depth, paged, inFrag))
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != nil && s.TypeCondition.Name != nil {
				t = a.schema.Type(s.TypeCondition.Name.Value)
			}
			total += a.cost(s.SelectionSet, t, depth, paged, inFrag)
		case *ast.FragmentSpread:
			name := s.Name.Value
			f := a.fragments[name]
			if f == nil || inFrag[name] {
				continue // unknown fragments and cycles are the standard rules' business
			}
			inFrag[name] = true
			var t graphql.Type = parent
			if f.TypeCondition != nil && f.TypeCondition.Name != nil {
				t = a.schema.Type(f.TypeCondition.Name.Value)
			}
			total += a.cost(f.SelectionSet, t, depth, paged, inFrag)
			delete(inFrag, name)
		}
	}
	return total
}

func (a *analysis) fieldCost(f *ast.Field, parent graphql.Type, depth int, paged bool, inFrag map[string]bool) int {
	name := f.Name.Value
	sizes := a.sizes // they apply to this level only
	a.sizes = nil
	defer func() { a.sizes = sizes }()
	if f.Alias != nil && f.Alias.Value != "" {
		a.aliases++
	}
	if strings.HasPrefix(name, "__") {
		if name == "__typename" {
			return 0
		}
		if a.lim.NoIntrospection && !a.introspectionOff {
			a.introspectionOff = true
			a.errs = append(a.errs, limitError(CodeValidationFailed, "introspection", 0, 0,
				"schema: introspection (%s) is turned off on this server", name))
		}
		// Introspection nests deep by design (ofType in ofType), so its
		// depth is not counted; its lists multiply, so their nesting is
		// bounded, and each is priced at its average length in this schema.
		if !a.introspectionTooDeep && a.introspectionLists(f.SelectionSet, 0, inFrag) {
			a.introspectionTooDeep = true
			a.errs = append(a.errs, limitError(CodeDepthLimit, "maxIntrospectionDepth", maxIntrospectionLists-1, maxIntrospectionLists,
				"schema: the introspection query nests fields, interfaces, possibleTypes or inputFields %d deep; at most %d are allowed",
				maxIntrospectionLists, maxIntrospectionLists-1))
		}
		return saturate(1 + a.introspectionCost(f.SelectionSet, inFrag))
	}
	a.depth = max(a.depth, depth)
	def := fieldDef(parent, name)
	if def == nil {
		return 1
	}
	factor, pagedChild := 1, false
	size, sized := -1, false
	for _, arg := range f.Arguments {
		v, ok := a.intValue(arg.Value)
		if !ok {
			continue
		}
		if r, ok := a.s.ranges[parent.Name()+"."+name][arg.Name.Value]; ok {
			if e := a.lim.checkArg(parent.Name()+"."+name, arg.Name.Value, r, v); e != nil {
				a.errs = append(a.errs, e)
			}
		}
		if arg.Name.Value == "first" || arg.Name.Value == "limit" {
			size, sized = v, true
		}
	}
	if !sized {
		for _, arg := range def.Args {
			if d, ok := arg.DefaultValue.(int); ok && (arg.Name() == "first" || arg.Name() == "limit") {
				size, sized = d, true
			}
		}
	}
	_, isList := unwrapNonNull(def.Type).(*graphql.List)
	if n, ok := sizes[name]; ok && isList {
		return saturate(1 + n*a.cost(f.SelectionSet, namedType(def.Type), depth+1, false, inFrag))
	}
	if parent == a.schema.QueryType() && len(a.errs) == 0 && a.s.wholeRaw[name] != nil {
		if args, ok := a.wholeArgs(f, def); ok {
			// A field that fails (an unknown id, a limit of its own) is priced
			// by the usual guesses, and execution reports its error in its
			// place in the answer.
			if w, err := a.s.resolveWhole(a.ctx, def, args, a.s.wholeRaw[name]); err == nil {
				a.sizes = w.sizes
				return saturate(1 + a.cost(f.SelectionSet, namedType(def.Type), depth+1, false, inFrag))
			}
		}
	}
	switch {
	case sized:
		factor, pagedChild = min(max(size, 0), 1<<20), !isList
	case isList && a.listArgLength(f) >= 0:
		factor = a.listArgLength(f) // nodes(ids: [...]): one item per id
	case isList && !paged:
		factor = a.lim.DefaultListCost
	}
	return saturate(1 + factor*a.cost(f.SelectionSet, namedType(def.Type), depth+1, pagedChild, inFrag))
}

// introspectionCost prices an introspection selection: a list field costs
// its average length in this schema times its children.
func (a *analysis) introspectionCost(set *ast.SelectionSet, inFrag map[string]bool) int {
	if set == nil {
		return 0
	}
	total := 0
	for _, sel := range set.Selections {
		if a.steps++; a.steps > maxSteps {
			return 1 << 40
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != nil && s.Alias.Value != "" {
				a.aliases++
			}
			factor, ok := a.listSizes[s.Name.Value]
			if !ok {
				factor = 1
			}
			total = saturate(total + 1 + factor*a.introspectionCost(s.SelectionSet, inFrag))
		case *ast.InlineFragment:
			total = saturate(total + a.introspectionCost(s.SelectionSet, inFrag))
		case *ast.FragmentSpread:
			name := s.Name.Value
			f := a.fragments[name]
			if f == nil || inFrag[name] {
				continue
			}
			inFrag[name] = true
			total = saturate(total + a.introspectionCost(f.SelectionSet, inFrag))
			delete(inFrag, name)
		}
	}
	return total
}

// introspectionSizes returns the average length of each list of the
// introspection types in schema, rounded up: the number of types and
// directives, and per type its fields, interfaces, possible types, enum
// values and input fields, and per field or directive its arguments.
func introspectionSizes(schema *graphql.Schema) map[string]int {
	types := schema.TypeMap()
	var fields, args, ifaces, possible, enums, inputs, withArgs int
	for _, t := range types {
		switch x := t.(type) {
		case *graphql.Object:
			for _, f := range x.Fields() {
				fields++
				args += len(f.Args)
			}
			ifaces += len(x.Interfaces())
		case *graphql.Interface:
			for _, f := range x.Fields() {
				fields++
				args += len(f.Args)
			}
			possible += len(schema.PossibleTypes(x))
		case *graphql.Union:
			possible += len(x.Types())
		case *graphql.Enum:
			enums += len(x.Values())
		case *graphql.InputObject:
			inputs += len(x.Fields())
		}
	}
	withArgs = fields
	for _, d := range schema.Directives() {
		args += len(d.Args)
		withArgs++
	}
	avg := func(sum, n int) int { return max(1, (sum+n-1)/max(n, 1)) }
	n := len(types)
	return map[string]int{
		"types": n, "directives": len(schema.Directives()), "locations": 1,
		"fields": avg(fields, n), "interfaces": avg(ifaces, n), "possibleTypes": avg(possible, n),
		"enumValues": avg(enums, n), "inputFields": avg(inputs, n), "args": avg(args, withArgs),
	}
}

// listArgLength returns the length of f's longest list argument, or -1 when
// it has none: a list field that takes a list (nodes(ids:)) returns as many.
func (a *analysis) listArgLength(f *ast.Field) int {
	n := -1
	for _, arg := range f.Arguments {
		switch v := arg.Value.(type) {
		case *ast.ListValue:
			n = max(n, len(v.Values))
		case *ast.Variable:
			if v.Name == nil {
				continue
			}
			if l, ok := a.vars[v.Name.Value].([]any); ok {
				n = max(n, len(l))
			} else if d, ok := a.varDefs[v.Name.Value].(*ast.ListValue); ok && a.vars[v.Name.Value] == nil {
				n = max(n, len(d.Values))
			}
		}
	}
	return n
}

// maxIntrospectionLists is the nesting of introspection's type lists that
// is refused, as graphql-js's MaxIntrospectionDepthRule does: the standard
// introspection query nests them once.
const maxIntrospectionLists = 3

// introspectionLists reports whether set nests introspection's type lists
// (fields, interfaces, possibleTypes, inputFields) maxIntrospectionLists
// deep, depth being the nesting above set.
func (a *analysis) introspectionLists(set *ast.SelectionSet, depth int, inFrag map[string]bool) bool {
	if set == nil {
		return false
	}
	for _, sel := range set.Selections {
		if a.steps++; a.steps > maxSteps {
			return true
		}
		switch s := sel.(type) {
		case *ast.Field:
			d := depth
			switch s.Name.Value {
			case "fields", "interfaces", "possibleTypes", "inputFields":
				if d++; d >= maxIntrospectionLists {
					return true
				}
			}
			if a.introspectionLists(s.SelectionSet, d, inFrag) {
				return true
			}
		case *ast.InlineFragment:
			if a.introspectionLists(s.SelectionSet, depth, inFrag) {
				return true
			}
		case *ast.FragmentSpread:
			name := s.Name.Value
			f := a.fragments[name]
			if f == nil || inFrag[name] {
				continue
			}
			inFrag[name] = true
			deep := a.introspectionLists(f.SelectionSet, depth, inFrag)
			delete(inFrag, name)
			if deep {
				return true
			}
		}
	}
	return false
}

// saturate caps a cost so that deep queries cannot overflow it.
func saturate(c int) int { return min(c, 1<<40) }

// intValue returns the integer an argument holds, reading variables.
func (a *analysis) intValue(v ast.Value) (int, bool) {
	switch x := v.(type) {
	case *ast.IntValue:
		n, err := strconv.Atoi(x.Value)
		return n, err == nil
	case *ast.Variable:
		if x.Name == nil {
			return 0, false
		}
		if raw, ok := a.vars[x.Name.Value]; ok {
			return intOf(raw)
		}
		if d, ok := a.varDefs[x.Name.Value]; ok {
			return a.intValue(d)
		}
	}
	return 0, false
}

// intOf reads an integer from a decoded JSON value.
func intOf(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

// fieldDef returns the definition of field name on t, or nil.
func fieldDef(t graphql.Type, name string) *graphql.FieldDefinition {
	switch x := t.(type) {
	case *graphql.Object:
		return x.Fields()[name]
	case *graphql.Interface:
		return x.Fields()[name]
	}
	return nil
}

func unwrapNonNull(t graphql.Type) graphql.Type {
	if nn, ok := t.(*graphql.NonNull); ok {
		return nn.OfType
	}
	return t
}

// namedType strips lists and non-nulls from t.
func namedType(t graphql.Type) graphql.Type {
	for {
		switch x := t.(type) {
		case *graphql.NonNull:
			t = x.OfType
		case *graphql.List:
			t = x.OfType
		default:
			return t
		}
	}
}
