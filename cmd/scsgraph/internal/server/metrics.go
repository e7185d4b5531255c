package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema/gqlhttp"
)

// maxOperationLabels bounds the operation names metrics keep apart: names
// come from clients, and each would otherwise be a new time series. Later
// names are counted as "other".
const maxOperationLabels = 200

// metrics are the Prometheus metrics of one server, in a registry of its
// own (never the global one).
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec   // GraphQL requests by operation and status
	latency    *prometheus.HistogramVec // GraphQL latency by operation
	errors     *prometheus.CounterVec   // GraphQL errors by code
	rejections *prometheus.CounterVec   // limit rejections by code and limit
	cacheHits  *prometheus.CounterVec   // GraphQL requests answered from the response cache, by operation
	http       *prometheus.CounterVec   // every HTTP request by route and status
	reloads    *prometheus.CounterVec   // reloads by result
	nodes      prometheus.Gauge
	edges      prometheus.Gauge
	quads      prometheus.Gauge
	version    prometheus.Gauge
	loadedAt   prometheus.Gauge
	digest     *prometheus.GaugeVec   // 1 for the digest of the graph served
	polls      *prometheus.CounterVec // polls of the store's manifest by result
	lastPoll   *prometheus.GaugeVec   // 1 for the result of the last poll
	lastPollAt prometheus.Gauge

	mu  sync.Mutex
	ops map[string]bool // operation names given their own label
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), ops: map[string]bool{}}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_graphql_requests_total",
		Help: "GraphQL requests, by operation name and HTTP status."}, []string{"operation", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "scsgraph_graphql_request_duration_seconds",
		Help:    "Time to answer a GraphQL request, by operation name.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"operation"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_graphql_errors_total",
		Help: "Errors in GraphQL responses, by extensions.code."}, []string{"code"})
	m.rejections = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_graphql_rejections_total",
		Help: "Requests refused by a limit, by error code and the limit's name."}, []string{"code", "limit"})
	m.cacheHits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_graphql_cache_hits_total",
		Help: "GraphQL requests answered from the response cache, by operation name."}, []string{"operation"})
	m.http = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_http_requests_total",
		Help: "HTTP requests, by route and status."}, []string{"route", "status"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_reloads_total",
		Help: "Data reloads, by result (ok or error)."}, []string{"result"})
	m.nodes = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_graph_nodes", Help: "Nodes in the graph served."})
	m.edges = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_graph_edges", Help: "Edges in the graph served."})
	m.quads = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_graph_quads", Help: "Quads in the graph served."})
	m.version = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_graph_version", Help: "Generation of the graph served: 1 at start, +1 per successful reload."})
	m.loadedAt = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_graph_loaded_timestamp_seconds", Help: "When the graph served was loaded (Unix time)."})
	m.digest = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "scsgraph_graph_digest_info",
		Help: "1 for the content digest of the graph served (a store's manifest digest, or the sha256 of the data files)."}, []string{"digest"})
	m.polls = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scsgraph_store_polls_total",
		Help: "Polls of the store's manifest (--poll), by result: unchanged, reloaded, no_manifest, reload_failed, error."}, []string{"result"})
	m.lastPoll = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "scsgraph_store_last_poll",
		Help: "1 for the result of the last poll of the store's manifest, 0 for the others."}, []string{"result"})
	m.lastPollAt = prometheus.NewGauge(prometheus.GaugeOpts{Name: "scsgraph_store_last_poll_timestamp_seconds",
		Help: "When the store's manifest was last polled (Unix time)."})
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.errors, m.rejections, m.cacheHits, m.http, m.reloads,
		m.nodes, m.edges, m.quads, m.version, m.loadedAt, m.digest, m.polls, m.lastPoll, m.lastPollAt,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// operation returns the label for an operation name.
func (m *metrics) operation(name string) string {
	if name == "" {
		return "(anonymous)"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ops[name] {
		return name
	}
	if len(m.ops) >= maxOperationLabels {
		return "(other)"
	}
	m.ops[name] = true
	return name
}

// observe records one GraphQL request; gqlhttp.WithObserver calls it.
func (m *metrics) observe(o gqlhttp.Outcome) {
	op := m.operation(o.Operation)
	m.requests.WithLabelValues(op, strconv.Itoa(o.Status)).Inc()
	m.latency.WithLabelValues(op).Observe(o.Duration.Seconds())
	if o.Cached {
		m.cacheHits.WithLabelValues(op).Inc()
	}
	for _, e := range o.Errors {
		code := e.Code
		if code == "" {
			code = "(none)"
		}
		m.errors.WithLabelValues(code).Inc()
		if e.Limit != "" {
			m.rejections.WithLabelValues(code, e.Limit).Inc()
		}
	}
}

// graphLoaded sets the graph gauges for the graph now served.
func (m *metrics) graphLoaded(v graphVersion, st graph.Stats) {
	m.nodes.Set(float64(st.Nodes))
	m.edges.Set(float64(st.Edges))
	m.quads.Set(float64(st.Quads))
	m.version.Set(float64(v.generation))
	m.loadedAt.Set(float64(v.loadedAt.Unix()))
	m.digest.Reset()
	if v.digest != "" {
		m.digest.WithLabelValues(v.digest).Set(1)
	}
}

// polled counts a poll of the store's manifest and records its result.
func (m *metrics) polled(result string, at time.Time) {
	m.polls.WithLabelValues(result).Inc()
	for _, r := range pollResults {
		v := 0.0
		if r == result {
			v = 1
		}
		m.lastPoll.WithLabelValues(r).Set(v)
	}
	m.lastPollAt.Set(float64(at.Unix()))
}

// reloaded counts a reload.
func (m *metrics) reloaded(err error) {
	if err != nil {
		m.reloads.WithLabelValues("error").Inc()
		return
	}
	m.reloads.WithLabelValues("ok").Inc()
}
