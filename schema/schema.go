// Package schema is scsgraph's GraphQL API: the types and resolvers over one
// graph.View, the limits that keep a request cheap (depth, aliases, page
// sizes, estimated cost, a deadline), and Execute, the entry point that the
// GraphQL-over-HTTP transport (package gqlhttp) calls.
//
// A Schema serves one view and holds no other state, so a server that
// reloads its data builds a new Schema and swaps it in. Every error a client
// sees carries extensions.code (see the Code constants); resolver panics and
// internal errors are logged and reported without their details.
package schema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
	"github.com/graphql-go/graphql/language/visitor"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema/internal/lru"
)

// Schema is the GraphQL schema over one view of the graph.
type Schema struct {
	gql  graphql.Schema
	view *graph.View
	lim  Limits
	docs *lru.Cache[cachedDoc] // documents that parsed and passed the limits and the standard rules
	// listSizes are the average lengths of introspection's lists, for its cost.
	listSizes map[string]int
	ranges    map[string]argRanges              // by Type.field: the ranges of its integer arguments
	whole     *lru.Cache[wholeValue]            // resolved whole-graph fields, by field and arguments
	wholeRaw  map[string]graphql.FieldResolveFn // the guarded resolvers of whole-graph fields, by name
}

// Request is one GraphQL request.
type Request struct {
	Query         string
	Variables     map[string]any
	OperationName string
	QueriesOnly   bool // sent with GET: only queries may run
}

// Result is the answer to a request, with what the transport needs to
// choose the status and to log it.
type Result struct {
	Response     *graphql.Result
	RequestError bool   // rejected before execution: GraphQL over HTTP answers 400
	Operation    string // the name of the operation chosen, "" when anonymous
}

// New builds the schema over view. Zero fields of lim take their defaults.
func New(view *graph.View, lim Limits) (*Schema, error) {
	if view == nil {
		return nil, errors.New("schema: new: no view")
	}
	lim = lim.withDefaults()
	b := newBuilder(view, lim)
	gql, err := graphql.NewSchema(graphql.SchemaConfig{Query: b.query(), Types: b.types()})
	if err != nil {
		return nil, fmt.Errorf("schema: new: %w", err)
	}
	s := &Schema{gql: gql, view: view, lim: lim, listSizes: introspectionSizes(&gql), ranges: b.ranges,
		docs:  lru.New(lim.DocumentCacheBytes, func(key string, d cachedDoc) int { return len(key) + d.bytes }),
		whole: lru.New(maxWholeItems, func(_ string, w wholeValue) int { return 1 + w.items })}
	s.wholeResolvers()
	warmEnums(&s.gql)
	return s, nil
}

// warmEnums builds the lookup maps that graphql-go's enums build on first
// use, without a lock: two requests serializing an enum for the first time
// would race (go test -race finds it in TestWholeGraphShared). The
// introspection enums (__TypeKind, __DirectiveLocation) are graphql-go's
// package variables, shared by every schema, so they are warmed once, under
// warmShared: two schemas built at once would race on them otherwise (go
// test -race finds it in package gqlhttp's parallel tests).
func warmEnums(gql *graphql.Schema) {
	warmShared.Do(func() { warmEnum(graphql.TypeKindEnumType); warmEnum(graphql.DirectiveLocationEnumType) })
	for _, t := range gql.TypeMap() {
		if e, ok := t.(*graphql.Enum); ok && e != graphql.TypeKindEnumType && e != graphql.DirectiveLocationEnumType {
			warmEnum(e)
		}
	}
}

// warmShared warms graphql-go's own enums once per process.
var warmShared sync.Once

// warmEnum builds e's lookup maps.
func warmEnum(e *graphql.Enum) {
	e.Serialize(nil)
	e.ParseValue("")
}

// View returns the view the schema serves.
func (s *Schema) View() *graph.View { return s.view }

// Limits returns the limits in force, defaults filled in.
func (s *Schema) Limits() Limits { return s.lim }

// Do parses, validates and runs a request within the request deadline.
func (s *Schema) Do(ctx context.Context, req Request) *graphql.Result {
	return s.Execute(ctx, req).Response
}

// DecodeVariables decodes the JSON variables of a request, once their
// nesting and list lengths are known to be within the limits: decoding
// 80,000 ids costs megabytes.
func (s *Schema) DecodeVariables(raw []byte) (map[string]any, *Error) {
	if e := s.lim.scanVariables(raw); e != nil {
		return nil, e
	}
	var vars map[string]any
	if err := json.Unmarshal(raw, &vars); err != nil {
		return nil, errorf(CodeBadRequest, "schema: variables is not a JSON object: %s", truncate(err.Error(), 200))
	}
	return vars, nil
}

// Execute runs req. Its result says whether the request was rejected
// before execution (parse, validation, limits, variables). The request's
// deadline covers parsing, validation and execution; the work before
// validation is bounded by the limits in front of it (see bounds.go).
func (s *Schema) Execute(ctx context.Context, req Request) Result {
	res, info := s.do(ctx, req)
	info.Response = res
	return info
}

// do runs req for Execute.
func (s *Schema) do(ctx context.Context, req Request) (res *graphql.Result, info Result) {
	ctx, cancel := context.WithTimeout(ctx, s.lim.Timeout)
	defer cancel()
	fail := func(e *Error) (*graphql.Result, Result) {
		info.RequestError = true
		return &graphql.Result{Errors: failure(e)}, info
	}
	if strings.TrimSpace(req.Query) == "" {
		return fail(errorf(CodeBadRequest, "schema: no query given"))
	}
	if len(req.Query) > s.lim.MaxQueryBytes {
		return fail(limitError(CodeQueryTooLarge, "maxQueryBytes", s.lim.MaxQueryBytes, len(req.Query),
			"schema: the query is %d bytes long; at most %d are allowed", len(req.Query), s.lim.MaxQueryBytes))
	}
	body, ok := breakLines(req.Query)
	if !ok {
		return fail(limitError(CodeQueryTooLarge, "maxLineBytes", maxLine, 0,
			"schema: a line of the query is longer than %d bytes; pass long strings as variables", maxLine))
	}
	if e := checkVariableValues(req.Variables, s.lim); e != nil {
		return fail(e)
	}
	cached, hit := s.docs.Get(body)
	doc := cached.doc
	if !hit {
		var fails []gqlerrors.FormattedError
		if doc, cached.bytes, fails = s.parse(body); fails != nil {
			info.RequestError = true
			return &graphql.Result{Errors: fails}, info
		}
	}
	op, e := selectOperation(doc, req.OperationName)
	if e != nil {
		return fail(e)
	}
	if req.QueriesOnly && op.Operation != ast.OperationTypeQuery {
		return fail(errorf(CodeMethodNotAllowed, "schema: a %s cannot be sent with GET; use POST", op.Operation))
	}
	if op.Operation != ast.OperationTypeQuery {
		return fail(errorf(CodeValidationFailed, "schema: the API is read-only: it has no %s type", op.Operation))
	}
	if e := checkVariables(op, req.Variables); e != nil {
		return fail(e)
	}
	if errs := s.analyze(ctx, doc, op, req.Variables); len(errs) > 0 {
		out := make([]gqlerrors.FormattedError, len(errs))
		for i, e := range errs {
			out[i] = formatted(e)
		}
		info.RequestError = true
		return &graphql.Result{Errors: out}, info
	}
	if !hit {
		if fails := s.validate(ctx, doc); fails != nil {
			info.RequestError = true
			return &graphql.Result{Errors: lineColumns(body, fails)}, info
		}
		s.docs.Put(body, cachedDoc{doc, cached.bytes})
	}
	// Only the names of operations in valid documents reach logs and
	// metrics, so that junk names cannot take their places.
	if op.Name != nil {
		info.Operation = operationLabel(op.Name.Value)
	}
	res = s.execute(ctx, doc, req)
	res.Errors = lineColumns(body, res.Errors)
	info.RequestError = s.codeErrors(ctx, res)
	return res, info
}

// lineColumns turns the locations graphql-go gives for a document parsed
// without its text (line 1, column offset+1) into lines and columns of
// body, with one pass over body for all errors.
func lineColumns(body string, errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	var starts []int // the offset of each line's first byte
	for i := range errs {
		for j, loc := range errs[i].Locations {
			if loc.Line != 1 {
				continue
			}
			if starts == nil {
				starts = lineStarts(body)
			}
			off := loc.Column - 1
			line := sort.Search(len(starts), func(k int) bool { return starts[k] > off }) // 1-based
			if line > 0 {
				errs[i].Locations[j] = location.SourceLocation{Line: line, Column: off - starts[line-1] + 1}
			}
		}
	}
	return errs
}

// lineStarts returns the offsets where the lines of body start; lines end
// at \n, \r or \r\n, as the GraphQL spec says.
func lineStarts(body string) []int {
	starts := []int{0}
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\r':
			if i+1 < len(body) && body[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// windDown is how long a request that ran past its deadline waits for
// graphql-go to unwind (every resolver then returns at once) before it
// answers anyway.
const windDown = time.Second

// execute runs doc. graphql.Execute answers at the deadline but leaves its
// goroutine completing the result; here it is handed a context whose Done
// never fires, so that it returns only when that work is over, and
// resolvers, which see the real context, stop at the deadline (see guard).
// A request past its deadline answers one TIMEOUT error.
func (s *Schema) execute(ctx context.Context, doc *ast.Document, req Request) *graphql.Result {
	done := make(chan *graphql.Result, 1)
	go func() {
		done <- graphql.Execute(graphql.ExecuteParams{Schema: s.gql, AST: doc, OperationName: req.OperationName,
			Args: req.Variables, Context: detached{ctx}})
	}()
	var res *graphql.Result
	select {
	case res = <-done:
	case <-ctx.Done():
		select {
		case res = <-done:
		case <-time.After(windDown):
			s.lim.Log.WarnContext(ctx, "schema: execution still running after the deadline", "request_id", RequestID(ctx))
		}
	}
	if err := ctx.Err(); err != nil || res == nil {
		// Fields resolved after the deadline answered nothing: the result
		// is not the answer.
		return &graphql.Result{Errors: []gqlerrors.FormattedError{formatted(timeoutError(s.lim))}}
	}
	if len(res.Errors) > s.lim.MaxErrors {
		res.Errors = append(res.Errors[:s.lim.MaxErrors], formatted(s.lim.errorsError()))
	}
	return res
}

// detached is a request's context for graphql.Execute: its Done channel
// is nil, and resolvers get the request's context back from it.
type detached struct{ context.Context }

// Done returns nil: graphql.Execute waits for its execution to end.
func (detached) Done() <-chan struct{} { return nil }

// requestContext returns the request's context of a resolver's context.
func requestContext(ctx context.Context) context.Context {
	if d, ok := ctx.(detached); ok {
		return d.Context
	}
	return ctx
}

// failure is the error list of a rejected request: e, at the locations of
// locs[0] when given.
func failure(e *Error, locs ...gqlerrors.FormattedError) []gqlerrors.FormattedError {
	fe := formatted(e)
	if len(locs) > 0 {
		fe.Locations = locs[0].Locations
	}
	return []gqlerrors.FormattedError{fe}
}

// cachedDoc is a parsed and validated document, with its estimated size.
type cachedDoc struct {
	doc   *ast.Document
	bytes int
}

// astBytesPerToken is what a parsed document takes in memory per token of
// its text, measured (TestDocumentBytes) and rounded up.
const astBytesPerToken = 200

// parse parses body and checks it against everything that depends on the
// text alone and is cheap: tokens, selections, directives, arguments,
// input values, merged fields, fragment cycles and untyped variables. It
// returns the document's estimated size in memory. A document that also
// passes the limits and validation is cached by do, so that a query sent
// again skips all this; the checks that depend on the variables run on
// every request.
func (s *Schema) parse(body string) (*ast.Document, int, []gqlerrors.FormattedError) {
	fail := func(e *Error, locs ...gqlerrors.FormattedError) (*ast.Document, int, []gqlerrors.FormattedError) {
		return nil, 0, failure(e, locs...)
	}
	tokens := countTokens(body, s.lim.MaxTokens)
	if tokens > s.lim.MaxTokens {
		return fail(s.lim.tokensError(tokens))
	}
	src := source.NewSource(&source.Source{Body: []byte(body), Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err != nil {
		// The parser quotes the source around the error: keep its first line only.
		return fail(errorf(CodeParseFailed, "%s", truncate(firstLine(err.Error()), 200)), gqlerrors.FormatError(err))
	}
	// Every node's location points at src. graphql-go finds the line and
	// column of each error by scanning the whole text with a regular
	// expression (quadratic in the lines); without the text it gives the
	// offset as the column of line 1, and lineColumns puts it right.
	src.Body = nil
	if v := untypedVariable(doc); v != "" {
		return fail(errorf(CodeParseFailed, "schema: variable $%s has no type", truncate(v, 100)))
	}
	if n := countSelections(doc); n > s.lim.MaxSelections {
		return fail(limitError(CodeCostLimit, "maxSelections", s.lim.MaxSelections, n,
			"schema: the query selects %d fields and fragments; at most %d are allowed", n, s.lim.MaxSelections))
	}
	if name := fragmentCycle(doc); name != "" {
		return fail(errorf(CodeValidationFailed, "schema: fragment %q spreads itself, directly or through other fragments", truncate(name, 100)))
	}
	if e := checkShape(doc, s.lim); e != nil {
		return fail(e)
	}
	return doc, len(body) + tokens*astBytesPerToken, nil
}

// validate runs the standard validation rules within ctx's deadline: each
// rule stops at the deadline or when MaxErrors errors are reported. The
// parser accepts a few malformed documents that make validation panic;
// such a document is invalid, and it is answered as one rather than as an
// internal error. It returns nil for a valid document.
func (s *Schema) validate(ctx context.Context, doc *ast.Document) (fails []gqlerrors.FormattedError) {
	defer func() {
		if r := recover(); r != nil {
			s.lim.Log.Warn("validation panicked on a malformed document", "panic", fmt.Sprint(r))
			fails = failure(errorf(CodeValidationFailed, "schema: the document is malformed"))
		}
	}()
	vr := graphql.ValidateDocument(&s.gql, doc, s.boundedRules(ctx))
	if err := ctx.Err(); err != nil {
		return failure(timeoutError(s.lim))
	}
	if vr.IsValid {
		return nil
	}
	errs := vr.Errors
	if len(errs) >= s.lim.MaxErrors { // the rules stopped there
		errs = append(errs[:s.lim.MaxErrors], formatted(s.lim.errorsError()))
	}
	for i := range errs {
		if codeOf(errs[i]) == "" {
			errs[i].Extensions = map[string]any{"code": CodeValidationFailed}
		}
	}
	return errs
}

// boundedRules are graphql-go's standard rules, each told to stop (a
// visitor's BREAK) once ctx is done or MaxErrors errors are reported.
func (s *Schema) boundedRules(ctx context.Context) []graphql.ValidationRuleFn {
	rules := make([]graphql.ValidationRuleFn, len(graphql.SpecifiedRules))
	for i, rule := range graphql.SpecifiedRules {
		rules[i] = func(vc *graphql.ValidationContext) *graphql.ValidationRuleInstance {
			inst := rule(vc)
			stop := func() bool { return len(vc.Errors()) >= s.lim.MaxErrors || ctx.Err() != nil }
			wrap := func(fn visitor.VisitFunc) visitor.VisitFunc {
				if fn == nil {
					return nil
				}
				return func(p visitor.VisitFuncParams) (string, any) {
					if stop() {
						return visitor.ActionBreak, nil
					}
					return fn(p)
				}
			}
			o := inst.VisitorOpts
			if o == nil {
				return inst
			}
			w := &visitor.VisitorOptions{Enter: wrap(o.Enter), Leave: wrap(o.Leave)}
			if o.KindFuncMap != nil {
				w.KindFuncMap = map[string]visitor.NamedVisitFuncs{}
				for k, f := range o.KindFuncMap {
					w.KindFuncMap[k] = visitor.NamedVisitFuncs{Kind: wrap(f.Kind), Enter: wrap(f.Enter), Leave: wrap(f.Leave)}
				}
			}
			for _, m := range []struct{ from, to *map[string]visitor.VisitFunc }{{&o.EnterKindMap, &w.EnterKindMap}, {&o.LeaveKindMap, &w.LeaveKindMap}} {
				if *m.from != nil {
					*m.to = map[string]visitor.VisitFunc{}
					for k, f := range *m.from {
						(*m.to)[k] = wrap(f)
					}
				}
			}
			return &graphql.ValidationRuleInstance{VisitorOpts: w}
		}
	}
	return rules
}

// untypedVariable returns the name of a variable declared without a type
// (the parser lets "query($a:)" through), or "".
func untypedVariable(doc *ast.Document) string {
	for _, d := range doc.Definitions {
		op, ok := d.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		for _, v := range op.VariableDefinitions {
			if v.Type == nil && v.Variable != nil && v.Variable.Name != nil {
				return v.Variable.Name.Value
			}
		}
	}
	return ""
}

// operationLabel is an operation name as logs and metrics show it: names
// are GraphQL names, so anything else (a client's operationName that
// matches nothing) is cut short.
func operationLabel(name string) string {
	return truncate(name, 64)
}

// selectOperation picks the operation to run, as execution will.
func selectOperation(doc *ast.Document, name string) (*ast.OperationDefinition, *Error) {
	var ops []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			ops = append(ops, op)
		}
	}
	if name == "" {
		switch len(ops) {
		case 0:
			return nil, errorf(CodeBadRequest, "schema: the document holds no operation")
		case 1:
			return ops[0], nil
		}
		return nil, errorf(CodeBadRequest, "schema: the document holds %d operations: name one with operationName", len(ops))
	}
	for _, op := range ops {
		if op.Name != nil && op.Name.Value == name {
			return op, nil
		}
	}
	return nil, errorf(CodeBadRequest, "schema: no operation named %q", truncate(name, 100))
}

// codeErrors gives every execution error a code and reports whether
// execution never started (a variable that does not fit its type).
func (s *Schema) codeErrors(ctx context.Context, res *graphql.Result) (requestError bool) {
	for i := range res.Errors {
		fe := &res.Errors[i]
		if codeOf(*fe) != "" {
			continue
		}
		orig := fe.OriginalError()
		switch {
		case errors.Is(orig, context.DeadlineExceeded) || errors.Is(orig, context.Canceled):
			*fe = formatted(timeoutError(s.lim))
		case res.Data == nil && strings.HasPrefix(fe.Message, `Variable "$`):
			fe.Extensions = map[string]any{"code": CodeBadUserInput}
			requestError = true
		default:
			// graphql-go's own execution errors, such as a null in a non-null
			// field: a fault of ours, not of the request.
			s.lim.Log.ErrorContext(ctx, "schema: execution error", "error", fe.Message, "path", fe.Path, "request_id", RequestID(ctx))
			ie := internalError(RequestID(ctx))
			fe.Message, fe.Extensions = ie.Message, ie.Extensions()
		}
	}
	return requestError
}

// guard wraps fn, the resolver of field (Type.field), as every resolver
// is wrapped where its object is declared (builder.newObject).
func (s *Schema) guard(field string, fn graphql.FieldResolveFn) graphql.FieldResolveFn {
	return s.lim.guard(field, fn)
}

// guard wraps fn, the resolver of field (Type.field): a panic becomes an
// INTERNAL error, every error carries a code, and after the request's
// deadline the field answers nothing at once.
func (l Limits) guard(field string, fn graphql.FieldResolveFn) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (out any, err error) {
		defer func() {
			if r := recover(); r != nil {
				l.Log.ErrorContext(p.Context, "schema: resolver panic", "field", field, "panic", fmt.Sprint(r),
					"stack", string(debug.Stack()), "request_id", RequestID(p.Context))
				out, err = nil, internalError(RequestID(p.Context))
			}
		}()
		p.Context = requestContext(p.Context)
		if p.Context.Err() != nil {
			// The request is over (deadline or client gone) and its result
			// will be dropped: graphql-go goes on completing what was
			// resolved, so each field answers at once, allocating nothing,
			// and lists are empty.
			return zeroValue(p.Info.ReturnType), nil
		}
		out, err = fn(p)
		if err != nil {
			e, known := classify(err, l)
			if !known {
				l.Log.ErrorContext(p.Context, "schema: resolver error", "field", field, "error", err, "request_id", RequestID(p.Context))
				if e.Code == CodeInternal {
					e = internalError(RequestID(p.Context))
					e.Err = err
				} else {
					e.RequestID = RequestID(p.Context)
				}
			}
			return nil, e
		}
		return out, nil
	}
}

// ctxKey keys the request id in a context.
type ctxKey struct{}

// WithRequestID returns ctx carrying a request id, which log lines name.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestID returns the request id WithRequestID put in ctx, or "".
func RequestID(ctx context.Context) string {
	if ctx == nil {
		return ""
	}
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// zeroValue is what a field returns after the deadline: nothing, with no
// error to allocate where its type allows it.
func zeroValue(t graphql.Output) any {
	nn, ok := t.(*graphql.NonNull)
	if !ok {
		return nil
	}
	switch x := nn.OfType.(type) {
	case *graphql.List:
		return []any{}
	case *graphql.Scalar:
		switch x {
		case graphql.Int:
			return 0
		case graphql.Float:
			return 0.0
		case graphql.Boolean:
			return false
		}
		return ""
	}
	return nil
}
