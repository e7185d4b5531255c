package schema

import (
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
	Timeout              time.Duration // per request; default 5s
	ResponseCacheBytes   int           // encoded responses kept per loaded graph, by request; default 64 MiB, -1 for none
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

// bound returns the range of the integer argument name, if it has one.
func (l Limits) bound(name string) (argBound, bool) {
	switch name {
	case "first":
		return argBound{0, l.MaxPageSize, "maxPageSize", CodePageSizeLimit}, true
	case "limit":
		return argBound{1, l.MaxSubgraphNodes, "maxSubgraphNodes", CodePageSizeLimit}, true
	case "depth":
		return argBound{0, l.MaxNeighborhoodDepth, "maxNeighborhoodDepth", CodeBadUserInput}, true
	case "maxLength":
		return argBound{1, l.MaxPathLength, "maxPathLength", CodeBadUserInput}, true
	case "minWeight":
		return argBound{1, int(^uint(0) >> 1), "", CodeBadUserInput}, true
	}
	return argBound{}, false
}

// checkArg checks an integer argument against its range.
func (l Limits) checkArg(field, name string, v int) *Error {
	b, ok := l.bound(name)
	switch {
	case !ok:
		return nil
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
	schema    *graphql.Schema
	lim       Limits
	fragments map[string]*ast.FragmentDefinition
	vars      map[string]any
	varDefs   map[string]ast.Value
	aliases   int
	depth     int
	steps     int // fields visited, fragments expanded: bounded, since fragments can nest exponentially
	errs      []*Error

	introspectionTooDeep bool // reported once

}

// analyze measures op and returns the limits it breaks.
func analyze(schema *graphql.Schema, doc *ast.Document, op *ast.OperationDefinition, vars map[string]any, lim Limits) []*Error {
	a := &analysis{schema: schema, lim: lim, vars: vars,
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
	if strings.HasPrefix(name, "__") {
		// Introspection is cheap and nests deep by design (ofType in
		// ofType), but its lists multiply: bound their nesting instead.
		if !a.introspectionTooDeep && a.introspectionLists(f.SelectionSet, 0, inFrag) {
			a.introspectionTooDeep = true
			a.errs = append(a.errs, limitError(CodeDepthLimit, "maxIntrospectionDepth", maxIntrospectionLists-1, maxIntrospectionLists,
				"schema: the introspection query nests fields, interfaces, possibleTypes or inputFields %d deep; at most %d are allowed",
				maxIntrospectionLists, maxIntrospectionLists-1))
		}
		return 0
	}
	if f.Alias != nil && f.Alias.Value != "" {
		a.aliases++
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
		if e := a.lim.checkArg(parent.Name()+"."+name, arg.Name.Value, v); e != nil {
			a.errs = append(a.errs, e)
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
	switch {
	case sized:
		factor, pagedChild = min(max(size, 0), 1<<20), !isList
	case isList && !paged:
		factor = a.lim.DefaultListCost
	}
	return saturate(1 + factor*a.cost(f.SelectionSet, namedType(def.Type), depth+1, pagedChild, inFrag))
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
