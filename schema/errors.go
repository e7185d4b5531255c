package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

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
	CodeUnavailable      = "STORE_UNAVAILABLE"         // the database behind the store cannot be reached; retry
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
	Max     int    // the limit's value (milliseconds for "timeout")
	Got     int    // what the request asked for; 0 when not measured
	// RequestID names the request in the server's log, for internal errors.
	RequestID string
	// Err is the error this one was made from, if any; clients never see it.
	Err error
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the error e was made from, or nil, so that errors.Is and
// errors.As see through e.
func (e *Error) Unwrap() error { return e.Err }

// Extensions returns the code and limit, for graphql-go's error formatting.
func (e *Error) Extensions() map[string]any {
	ext := map[string]any{"code": e.Code}
	if e.Limit != "" {
		ext["limit"] = e.Limit
		ext["max"] = e.Max
		if e.Got > 0 {
			ext["got"] = e.Got
		}
	}
	if e.RequestID != "" {
		ext["requestId"] = e.RequestID
	}
	return ext
}

// timeoutError is the error for a request that ran past lim.Timeout.
func timeoutError(lim Limits) *Error {
	ms := int(lim.Timeout.Milliseconds())
	return limitError(CodeTimeout, "timeout", ms, 0, "schema: the request took longer than %s", lim.Timeout)
}

// errorsError is the last error of a response cut at l.MaxErrors errors.
func (l Limits) errorsError() *Error {
	return limitError(CodeValidationFailed, "maxErrors", l.MaxErrors, 0,
		"schema: more than %d errors; the rest are not shown", l.MaxErrors)
}

// internalError is the one error a client sees for a bug: no detail, only
// the request id under which the detail was logged.
func internalError(requestID string) *Error {
	e := errorf(CodeInternal, "schema: internal error")
	if requestID != "" {
		e.Message += " (request id " + requestID + "; the details are in the server's log)"
		e.RequestID = requestID
	}
	return e
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: UserText(fmt.Sprintf(format, args...))}
}

func limitError(code, limit string, max, got int, format string, args ...any) *Error {
	return &Error{Code: code, Message: UserText(fmt.Sprintf(format, args...)), Limit: limit, Max: max, Got: got}
}

// packagePrefixes are the Go package names that start the parts of internal
// error messages ("schema: node: ...") and mean nothing to a user.
var packagePrefixes = []string{"schema: ", "graph: ", "loaders: "}

// UserText removes Go package names from the start of msg, of each line
// and of each part after ": ", so that an error shown to a user reads "node: no node ...",
// not "schema: node: no node ...".
func UserText(msg string) string {
	var b strings.Builder
	for start := true; msg != ""; {
		if start {
			cut := false
			for _, p := range packagePrefixes {
				if rest, ok := strings.CutPrefix(msg, p); ok {
					msg, cut = rest, true
				}
			}
			if cut {
				continue
			}
		}
		i := strings.IndexAny(msg, ":\n")
		switch {
		case i < 0:
			b.WriteString(msg)
			msg = ""
		case msg[i] == '\n':
			b.WriteString(msg[:i+1])
			msg, start = msg[i+1:], true
		case strings.HasPrefix(msg[i:], ": "):
			b.WriteString(msg[:i+2])
			msg, start = msg[i+2:], true
		default:
			b.WriteString(msg[:i+1])
			msg, start = msg[i+1:], false
		}
	}
	return b.String()
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
// a client become INTERNAL with a plain message, and a database that cannot
// be reached STORE_UNAVAILABLE; for both, known is false and the caller logs
// the detail.
func classify(err error, lim Limits) (e *Error, known bool) {
	var coded *Error
	switch {
	case errors.As(err, &coded):
		return coded, true
	case errors.Is(err, graph.ErrNotFound):
		e, known = errorf(CodeNotFound, "%s", err.Error()), true
	case errors.Is(err, graph.ErrBudget):
		e, known = limitError(CodeCostLimit, "pathBudget", lim.PathBudget, 0, "%s", err.Error()), true
	case errors.Is(err, context.DeadlineExceeded):
		e, known = timeoutError(lim), true
	case errors.Is(err, context.Canceled):
		e, known = errorf(CodeTimeout, "schema: the request was cancelled"), true
	case errors.Is(err, graph.ErrUnavailable):
		e = errorf(CodeUnavailable, "schema: the graph store's database cannot be reached just now; retry in a few seconds")
	default:
		e = errorf(CodeInternal, "schema: internal error")
	}
	e.Err = err
	return e, known
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
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Errorf returns an error with code and a message for clients, for the
// transport's own errors.
func Errorf(code, format string, args ...any) *Error { return errorf(code, format, args...) }

// LimitErrorf returns an error with code for a request over the limit named
// limit, whose value is max.
func LimitErrorf(code, limit string, max, got int, format string, args ...any) *Error {
	return limitError(code, limit, max, got, format, args...)
}

// InternalError is the one error a client sees for a bug: no detail, only
// the request id under which the detail was logged.
func InternalError(requestID string) *Error { return internalError(requestID) }

// Formatted returns e in the form a graphql.Result carries.
func (e *Error) Formatted() gqlerrors.FormattedError { return formatted(e) }

// CodeOf returns the code in a formatted error's extensions, or "".
func CodeOf(fe gqlerrors.FormattedError) string { return codeOf(fe) }

// Truncate shortens s to at most n bytes on a rune boundary, marking the
// cut, for a message.
func Truncate(s string, n int) string { return truncate(s, n) }
