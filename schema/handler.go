package schema

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
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

// WithMaxBodyBytes sets the largest request body; larger ones get 413.
func WithMaxBodyBytes(n int64) HandlerOption { return func(h *handler) { h.maxBody = n } }

type handler struct {
	get     func() *Schema
	log     *slog.Logger
	maxBody int64
}

// NewHandler serves GraphQL over HTTP with the schema get returns at each
// request (so a reload can swap it): POST with a JSON body {query,
// variables, operationName}, or GET with those as query parameters (queries
// only). It answers application/graphql-response+json when Accept asks for
// it, with 400 for requests that fail before execution, and
// application/json otherwise, with 200. Each request gets an id, sent back
// in X-Request-Id and named in every log line.
func NewHandler(get func() *Schema, log *slog.Logger, opts ...HandlerOption) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{get: get, log: log, maxBody: DefaultMaxBodyBytes}
	for _, o := range opts {
		o(h)
	}
	return h
}

// wireRequest is the JSON form of a request.
type wireRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
	Extensions    map[string]any `json:"extensions"`
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	log := h.log.With("request_id", id, "method", r.Method, "path", r.URL.Path)
	a := h.serve(w, r, id)
	body, err := json.Marshal(a.res)
	if err != nil {
		log.Error("graphql: encode result", "error", err)
		a.status = http.StatusInternalServerError
		body = []byte(`{"errors":[{"message":"schema: the result could not be encoded","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", a.media+"; charset=utf-8")
	w.WriteHeader(a.status)
	if _, err := w.Write(body); err != nil {
		log.Info("graphql: write response", "error", err)
	}
	log.Info("graphql", "status", a.status, "operation", a.op, "errors", len(a.res.Errors), "duration", time.Since(start))
}

// answer is what serve decided to send.
type answer struct {
	media  string
	status int
	res    *graphql.Result
	op     string // the operation name, for the log
}

// reject is an answer with one coded error and no data.
func reject(media string, status int, code, msg string) answer {
	return answer{media: media, status: status, res: &graphql.Result{Errors: []gqlerrors.FormattedError{formatted(errorf(code, "%s", msg))}}}
}

// serve reads the request, runs it, and says what to answer.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, id string) answer {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		return reject(mediaJSON, http.StatusNotAcceptable, CodeNotAcceptable,
			"schema: Accept allows neither "+mediaResponse+" nor "+mediaJSON)
	}
	var req wireRequest
	getOnly := false
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		req.Query, req.OperationName, getOnly = q.Get("query"), q.Get("operationName"), true
		if v := q.Get("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				return reject(media, http.StatusBadRequest, CodeBadRequest, "schema: variables is not a JSON object: "+truncate(err.Error(), 200))
			}
		}
	case http.MethodPost:
		ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || ct != mediaJSON {
			return reject(media, http.StatusUnsupportedMediaType, CodeUnsupportedType,
				"schema: send the request as "+mediaJSON+", not "+strconv.Quote(truncate(r.Header.Get("Content-Type"), 100)))
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return reject(media, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
					"schema: the body is larger than "+strconv.FormatInt(h.maxBody, 10)+" bytes")
			}
			return reject(media, http.StatusBadRequest, CodeBadRequest, "schema: the body is not a GraphQL request in JSON: "+truncate(err.Error(), 200))
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		return reject(media, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "schema: use GET or POST")
	}
	s := h.get()
	if s == nil {
		return reject(media, http.StatusServiceUnavailable, CodeInternal, "schema: no data loaded yet")
	}
	res, requestError := s.do(WithRequestID(r.Context(), id), Request{Query: req.Query, Variables: req.Variables, OperationName: req.OperationName}, getOnly)
	a := answer{media: media, status: http.StatusOK, res: res, op: req.OperationName}
	switch {
	case len(res.Errors) > 0 && codeOf(res.Errors[0]) == CodeMethodNotAllowed:
		w.Header().Set("Allow", "POST")
		a.status = http.StatusMethodNotAllowed
	case len(res.Errors) > 0 && codeOf(res.Errors[0]) == CodeBadRequest:
		a.status = http.StatusBadRequest // not a well-formed request: no query, no such operation
	case requestError && media == mediaResponse:
		a.status = http.StatusBadRequest
	}
	return a
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
