// Package gqlhttp serves a schema.Schema over HTTP (GraphQL over HTTP):
// request parsing for GET and POST, content negotiation, statuses, request
// ids and the response cache, as graph-gophers' relay and gqlgen's transport
// do. The GraphQL work itself is schema.Schema.Execute.
package gqlhttp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"weak"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	fastjson "github.com/segmentio/encoding/json"

	"github.com/scsgraph/scsgraph/schema"
	"github.com/scsgraph/scsgraph/schema/internal/lru"
)

// Media types of GraphQL over HTTP.
const (
	mediaJSON     = "application/json"
	mediaResponse = "application/graphql-response+json"
)

// DefaultMaxBodyBytes is the largest request body NewHandler accepts.
const DefaultMaxBodyBytes = 1 << 20

// HandlerOption configures NewHandler.
type HandlerOption func(*handler)

// WithMaxBodyBytes sets the largest request body; larger ones get 413
// with the code PAYLOAD_TOO_LARGE and the limit "maxBodyBytes". n <= 0
// keeps DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(h *handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// Outcome is what the handler tells an observer about one request.
type Outcome struct {
	Operation string        // the operation's name; "" when anonymous or never parsed
	Status    int           // the HTTP status sent
	Duration  time.Duration // from the first byte read to the last written
	Errors    []ErrorInfo   // one per error in the response
	Cached    bool          // answered from the response cache
}

// ErrorInfo is the code of one error in a response, and the limit it names.
type ErrorInfo struct {
	Code  string
	Limit string // "" when the error is not about a limit
}

// WithObserver has fn called after each request, for metrics. It runs on
// the request's goroutine and must be quick.
func WithObserver(fn func(Outcome)) HandlerOption { return func(h *handler) { h.observe = fn } }

// WithRequestSchema has the handler take each request's schema from fn
// rather than from NewHandler's get, so that a server can pin one schema
// to a request for its whole duration.
func WithRequestSchema(fn func(*http.Request) *schema.Schema) HandlerOption {
	return func(h *handler) { h.getFor = fn }
}

type handler struct {
	get     func() *schema.Schema
	getFor  func(*http.Request) *schema.Schema
	log     *slog.Logger
	maxBody int64
	observe func(Outcome)
	caches  responseCaches
}

// NewHandler serves GraphQL over HTTP with the schema get returns at each
// request (so a reload can swap it), or the one WithRequestSchema's function
// returns: POST with a JSON body {query, variables, operationName}, or GET
// with those as query parameters (queries only). It answers
// application/graphql-response+json when Accept asks for it, with 400 for
// requests that fail before execution, and application/json otherwise,
// with 200. Either way, a request the transport refuses gets its HTTP
// status (400, 405, 406, 413, 415) and 503 comes before any data is loaded.
// Each request gets an id (the one
// schema.WithRequestID put in its context, a valid X-Request-Id header, or a new
// one), sent back in X-Request-Id and named in every log line and in
// internal errors.
func NewHandler(get func() *schema.Schema, log *slog.Logger, opts ...HandlerOption) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{get: get, log: log, maxBody: DefaultMaxBodyBytes, caches: responseCaches{m: map[weak.Pointer[schema.Schema]]*lru.Cache[cachedAnswer]{}}}
	for _, o := range opts {
		o(h)
	}
	return h
}

// encodeResult encodes an executed result as encoding/json would, byte
// for byte (keys of maps sorted, HTML characters escaped), with
// segmentio's encoder, which walks graphql-go's maps of any without
// reflection on every value: it took half the time encoding/json took on
// a depth-2 neighborhood.
func encodeResult(res *graphql.Result) ([]byte, error) {
	return fastjson.Marshal(res)
}

// wireRequest is the JSON form of a request.
type wireRequest struct {
	Query         string          `json:"query"`
	RawVariables  json.RawMessage `json:"variables"` // checked by Schema.DecodeVariables as they are decoded
	Variables     map[string]any  `json:"-"`
	OperationName string          `json:"operationName"`
	Extensions    map[string]any  `json:"extensions"`
}

// wireErrors is the body of a request error: the spec wants no data entry
// when execution did not start.
type wireErrors struct {
	Errors []gqlerrors.FormattedError `json:"errors"`
}

// RequestIDFromHeader returns the request id a client sent in
// X-Request-Id when it is a short token, or a new random id.
func RequestIDFromHeader(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); validRequestID(id) {
		return id
	}
	return newRequestID()
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := schema.RequestID(r.Context())
	if id == "" {
		id = RequestIDFromHeader(r)
	}
	w.Header().Set("X-Request-Id", id)
	log := h.log.With("request_id", id, "method", r.Method, "path", r.URL.Path)
	a := h.safeServe(w, r.WithContext(schema.WithRequestID(r.Context(), id)), id, log)
	body := a.body
	var err error
	switch {
	case body != nil: // from the response cache
	case a.preExec:
		body, err = json.Marshal(wireErrors{Errors: a.res.Errors})
	default:
		body, err = encodeResult(a.res)
		if err == nil && a.cache != nil && a.status == http.StatusOK && len(a.res.Errors) == 0 {
			a.cache.Put(a.cacheKey, cachedAnswer{body, a.op})
		}
	}
	if err != nil {
		log.Error("graphql: encode result", "error", err)
		a.status = http.StatusInternalServerError
		a.res = &graphql.Result{Errors: []gqlerrors.FormattedError{schema.InternalError(id).Formatted()}}
		body, err = json.Marshal(wireErrors{Errors: a.res.Errors})
		if err != nil {
			body = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
		}
	}
	w.Header().Set("Content-Type", a.media+"; charset=utf-8")
	w.WriteHeader(a.status)
	if _, err := w.Write(body); err != nil {
		log.Info("graphql: write response", "error", err)
	}
	took := time.Since(start)
	infos := make([]ErrorInfo, len(a.res.Errors))
	codes := make([]string, len(a.res.Errors))
	for i, fe := range a.res.Errors {
		infos[i].Code = schema.CodeOf(fe)
		infos[i].Limit, _ = fe.Extensions["limit"].(string)
		codes[i] = infos[i].Code
	}
	cached := a.body != nil
	log.Info("graphql", "status", a.status, "operation", a.op, "errors", len(a.res.Errors), "codes", strings.Join(codes, ","), "cached", cached, "duration", took)
	if h.observe != nil {
		h.observe(Outcome{Operation: a.op, Status: a.status, Duration: took, Errors: infos, Cached: cached})
	}
}

// answer is what serve decided to send.
type answer struct {
	media   string
	status  int
	res     *graphql.Result
	op      string // the operation name, for the log and metrics
	preExec bool   // rejected before execution: the body has no data entry

	body     []byte                   // the encoded answer, when it came from the response cache
	cache    *lru.Cache[cachedAnswer] // where to keep the encoded answer if it has no errors
	cacheKey string
}

// cachedAnswer is an answer without errors, kept in the response cache.
type cachedAnswer struct {
	body []byte
	op   string
}

// responseCaches holds a response cache for each schema served, of
// Limits.ResponseCacheBytes (none when it is -1), for as long as the schema
// lives: a Schema's store never changes, so an answer stays right while the
// Schema serves, and a reload's new Schema starts with an empty cache.
type responseCaches struct {
	mu sync.Mutex
	m  map[weak.Pointer[schema.Schema]]*lru.Cache[cachedAnswer]
}

// of returns the response cache of s, or nil when s keeps none.
func (rc *responseCaches) of(s *schema.Schema) *lru.Cache[cachedAnswer] {
	n := s.Limits().ResponseCacheBytes
	if n <= 0 {
		return nil
	}
	k := weak.Make(s)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if c, ok := rc.m[k]; ok {
		return c
	}
	c := lru.New(n, func(key string, c cachedAnswer) int { return len(key) + len(c.body) + len(c.op) })
	rc.m[k] = c
	runtime.AddCleanup(s, rc.forget, k)
	return c
}

// forget drops the cache of a schema that is gone.
func (rc *responseCaches) forget(k weak.Pointer[schema.Schema]) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	delete(rc.m, k)
}

// reject is an answer with one coded error and no data.
func reject(media string, status int, e *schema.Error) answer {
	return answer{media: media, status: status, preExec: true, res: &graphql.Result{Errors: []gqlerrors.FormattedError{e.Formatted()}}}
}

// safeServe is serve with panics turned into a generic 500: the panic and
// its stack go to the log under the request id, never to the client.
func (h *handler) safeServe(w http.ResponseWriter, r *http.Request, id string, log *slog.Logger) (a answer) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("graphql: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			a = reject(mediaJSON, http.StatusInternalServerError, schema.InternalError(id))
		}
	}()
	return h.serve(w, r)
}

// serve reads the request, runs it, and says what to answer.
func (h *handler) serve(w http.ResponseWriter, r *http.Request) answer {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		return reject(mediaJSON, http.StatusNotAcceptable, schema.Errorf(schema.CodeNotAcceptable,
			"schema: Accept allows neither %s nor %s", mediaResponse, mediaJSON))
	}
	var req wireRequest
	getOnly := false
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		req.Query, req.OperationName, getOnly = q.Get("query"), q.Get("operationName"), true
		for _, v := range []string{req.Query, req.OperationName, q.Get("variables")} {
			if !utf8.ValidString(v) {
				return reject(media, http.StatusBadRequest, schema.Errorf(schema.CodeBadRequest, "schema: the query string is not valid UTF-8"))
			}
		}
		if v := q.Get("variables"); v != "" {
			req.RawVariables = json.RawMessage(v)
		}
	case http.MethodPost:
		if e := h.readBody(w, r, &req); e != nil {
			status := http.StatusBadRequest
			switch e.Code {
			case schema.CodeUnsupportedType:
				status = http.StatusUnsupportedMediaType
			case schema.CodePayloadTooLarge:
				status = http.StatusRequestEntityTooLarge
			}
			return reject(media, status, e)
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		return reject(media, http.StatusMethodNotAllowed, schema.Errorf(schema.CodeMethodNotAllowed, "schema: use GET or POST"))
	}
	var s *schema.Schema
	switch {
	case h.getFor != nil:
		s = h.getFor(r)
	case h.get != nil:
		s = h.get()
	}
	if s == nil {
		return reject(media, http.StatusServiceUnavailable, schema.Errorf(schema.CodeInternal, "schema: no data loaded yet"))
	}
	// Variables are decoded only once their nesting and list lengths are
	// known to be within bounds: decoding 80,000 ids costs megabytes.
	if len(req.RawVariables) > 0 {
		vars, e := s.DecodeVariables(req.RawVariables)
		if e != nil {
			return reject(media, http.StatusBadRequest, e)
		}
		req.Variables = vars
	}
	key, responses := "", h.caches.of(s)
	if responses != nil {
		key = responseKey(req)
	}
	if key != "" {
		if c, ok := responses.Get(key); ok {
			return answer{media: media, status: http.StatusOK, res: &graphql.Result{}, op: c.op, body: c.body}
		}
	}
	info := s.Execute(r.Context(), schema.Request{Query: req.Query, Variables: req.Variables, OperationName: req.OperationName, QueriesOnly: getOnly})
	res := info.Response
	a := answer{media: media, status: http.StatusOK, res: res, op: info.Operation, preExec: info.RequestError}
	if key != "" {
		a.cache, a.cacheKey = responses, key
	}
	switch {
	case len(res.Errors) > 0 && schema.CodeOf(res.Errors[0]) == schema.CodeMethodNotAllowed:
		w.Header().Set("Allow", "POST")
		a.status = http.StatusMethodNotAllowed
	case len(res.Errors) > 0 && schema.CodeOf(res.Errors[0]) == schema.CodeBadRequest:
		a.status = http.StatusBadRequest // not a well-formed request: no query, no such operation
	case info.RequestError && media == mediaResponse:
		a.status = http.StatusBadRequest
	}
	return a
}

// responseKey identifies a request in the response cache: the operation's
// name, the variables as JSON (encoding/json sorts object keys, so equal
// variables give equal keys) and the query text; "" when the variables do
// not encode. GET and POST share it: a request that GET may not run fails,
// and failures are not kept.
func responseKey(req wireRequest) string {
	vars, err := json.Marshal(req.Variables)
	if err != nil {
		return ""
	}
	return req.OperationName + "\x00" + string(vars) + "\x00" + req.Query
}

// readBody decodes a POST body into req: JSON, valid UTF-8, at most
// h.maxBody bytes, one object and nothing after it.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request, req *wireRequest) *schema.Error {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != mediaJSON {
		return schema.Errorf(schema.CodeUnsupportedType, "schema: send the request as %s, not %s", mediaJSON, strconv.Quote(schema.Truncate(r.Header.Get("Content-Type"), 100)))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return schema.LimitErrorf(schema.CodePayloadTooLarge, "maxBodyBytes", int(h.maxBody), 0,
				"schema: the body is larger than %d bytes", h.maxBody)
		}
		return schema.Errorf(schema.CodeBadRequest, "schema: reading the body: %s", schema.Truncate(err.Error(), 200))
	}
	return decodeBody(body, req)
}

// decodeBody decodes a POST body that fits the size limit.
func decodeBody(body []byte, req *wireRequest) *schema.Error {
	if !utf8.Valid(body) {
		return schema.Errorf(schema.CodeBadRequest, "schema: the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(req); err != nil {
		return schema.Errorf(schema.CodeBadRequest, "schema: the body is not a GraphQL request in JSON: %s", schema.Truncate(err.Error(), 200))
	}
	if _, err := dec.Token(); err != io.EOF {
		return schema.Errorf(schema.CodeBadRequest, "schema: the body holds more than one JSON value")
	}
	return nil
}

// negotiate picks the response media type from an Accept header: the
// GraphQL response type when asked for by name, application/json when no
// Accept is sent, for */* and application/*, and when asked for by name.
func negotiate(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	best, bestQ, bestSpec := "", 0.0, -1
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		for _, offer := range []string{mediaResponse, mediaJSON} {
			spec := specificity(mt, offer)
			if spec < 0 || q <= 0 {
				continue
			}
			// Higher q wins, then a more specific range; on a tie, the GraphQL
			// type when named, application/json for wildcards (older clients).
			preferred := mediaResponse
			if spec < 2 {
				preferred = mediaJSON
			}
			if q > bestQ || q == bestQ && spec > bestSpec || q == bestQ && spec == bestSpec && offer == preferred {
				best, bestQ, bestSpec = offer, q, spec
			}
		}
	}
	return best, best != ""
}

// specificity says how a media range matches offer: 2 exactly, 1 by type/*,
// 0 by */*, -1 not at all.
func specificity(rng, offer string) int {
	switch {
	case rng == offer:
		return 2
	case rng == "application/*":
		return 1
	case rng == "*/*":
		return 0
	}
	return -1
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails: see crypto/rand.Read
	return hex.EncodeToString(b[:])
}
