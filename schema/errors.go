package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/scsgraph/scsgraph/graph"
)

// Error codes, found in each GraphQL error's extensions.code.
const (
	CodeParseFailed      = "GRAPHQL_PARSE_FAILED"      // the query is not valid GraphQL syntax
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED" // the query does not fit the schema
	CodeBadRequest       = "BAD_REQUEST"               // no query, no such operation, a malformed HTTP request
	CodeQueryTooLarge    = "QUERY_TOO_LARGE"           // the query text is longer than Limits.MaxQueryBytes
	CodeDepthLimit       = "DEPTH_LIMIT"               // fields nest deeper than Limits.MaxDepth
	CodeAliasLimit       = "ALIAS_LIMIT"               // more aliases than Limits.MaxAliases
	CodePageSizeLimit    = "PAGE_SIZE_LIMIT"           // first or limit above its maximum
	CodeCostLimit        = "COST_LIMIT"                // the estimated cost is above Limits.MaxCost
	CodeBadUserInput     = "BAD_USER_INPUT"            // a bad argument, variable or cursor
	CodeNotFound         = "NOT_FOUND"                 // an id that names no node
	CodeTimeout          = "TIMEOUT"                   // the request ran past Limits.Timeout
	CodeInternal         = "INTERNAL"                  // a bug; details are logged, not shown
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"        // HTTP: a mutation over GET, or another method
	CodeNotAcceptable    = "NOT_ACCEPTABLE"            // HTTP: Accept allows no type we serve
	CodeUnsupportedType  = "UNSUPPORTED_MEDIA_TYPE"    // HTTP: a POST body that is not JSON
	CodePayloadTooLarge  = "PAYLOAD_TOO_LARGE"         // HTTP: a body above the handler's limit
)

// Error is an error with a code for GraphQL clients. Its Extensions hold
// the code and, for a limit, its name and value.
type Error struct {
	Code    string
	Message string
	Limit   string // the limit's name ("maxDepth"), when a limit was hit
	Max     int    // the limit's value
	Got     int    // what the request asked for
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Extensions returns the code and limit, for graphql-go's error formatting.
func (e *Error) Extensions() map[string]any {
	ext := map[string]any{"code": e.Code}
	if e.Limit != "" {
		ext["limit"] = e.Limit
		ext["max"] = e.Max
		ext["got"] = e.Got
	}
	return ext
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func limitError(code, limit string, max, got int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Limit: limit, Max: max, Got: got}
}

// notFound is the error for an id that names no node.
func notFound(what, id string) *Error {
	return errorf(CodeNotFound, "schema: %s: no node %q", what, truncate(id, 100))
}

// formatted turns e into the error form a graphql.Result carries.
func formatted(e *Error) gqlerrors.FormattedError {
	return gqlerrors.FormattedError{Message: e.Message, Locations: nil, Extensions: e.Extensions()}
}

// classify gives a resolver's error a code. Errors that say nothing useful to
// a client become INTERNAL with a plain message; the caller logs the detail.
func classify(err error) (*Error, bool) {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e, true
	case errors.Is(err, graph.ErrNotFound):
		return errorf(CodeNotFound, "%s", err.Error()), true
	case errors.Is(err, graph.ErrBudget):
		return errorf(CodeCostLimit, "%s", err.Error()), true
	case errors.Is(err, context.DeadlineExceeded):
		return errorf(CodeTimeout, "schema: the request took longer than allowed"), true
	case errors.Is(err, context.Canceled):
		return errorf(CodeTimeout, "schema: the request was cancelled"), true
	}
	return errorf(CodeInternal, "schema: internal error"), false
}

// codeOf returns the code in a formatted error's extensions, or "".
func codeOf(fe gqlerrors.FormattedError) string {
	c, _ := fe.Extensions["code"].(string)
	return c
}

// truncate shortens s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
