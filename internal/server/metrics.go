package server

import (
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that two servers in one process (as in tests) do not collide.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   *prometheus.HistogramVec
	// refused counts the requests refused for want of room, by the cap
	// they met; clientsGone the answers cut short because their client
	// left, closed its connection or stopped reading.
	refused     *prometheus.CounterVec
	clientsGone *prometheus.CounterVec
	// routes holds the route patterns of the server's router (see
	// knownRoutes); it is written once, before the first request.
	routes map[string]bool
}

func newMetrics(archive Archive) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archive_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "archive_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"route"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "archive_search_duration_seconds",
			Help:    "Time the search layer took for one search, by outcome (ok, bad_request, error).",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 16),
		}, []string{"outcome"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archive_http_refused_total",
			Help: "Requests refused with a 503 for want of room, by the cap they met (exports, feeds, large answers, response budget, connections).",
		}, []string{"cap"}),
		clientsGone: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archive_http_clients_gone_total",
			Help: "Answers cut short by their client, by what it did (left, closed the connection, stopped reading).",
		}, []string{"reason"}),
	}
	version := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	m.registry.MustRegister(
		m.requests, m.latency, m.search, m.refused, m.clientsGone,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "archive_build_info",
			Help:        "Always 1; the labels say which build of the archive is running.",
			ConstLabels: prometheus.Labels{"version": version},
		}, func() float64 { return 1 }),
		&indexCollector{archive: archive},
	)
	return m
}

// indexCollector reports what the index being served holds, read when
// Prometheus scrapes, so it follows hot swaps.
type indexCollector struct{ archive Archive }

var (
	paragraphsDesc = prometheus.NewDesc("archive_index_paragraphs", "Paragraphs in the index being served, by language.", []string{"lang"}, nil)
	statementsDesc = prometheus.NewDesc("archive_index_statements", "Statements in the index being served.", nil, nil)
	ageDesc        = prometheus.NewDesc("archive_index_age_seconds", "Seconds since the index being served was built.", nil, nil)
)

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- paragraphsDesc
	ch <- statementsDesc
	ch <- ageDesc
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	rd, release := c.archive.Acquire()
	defer release()
	for lang, n := range rd.ParagraphCounts() {
		ch <- prometheus.MustNewConstMetric(paragraphsDesc, prometheus.GaugeValue, float64(n), lang)
	}
	ch <- prometheus.MustNewConstMetric(statementsDesc, prometheus.GaugeValue, float64(len(rd.Statements())))
	if built := rd.Built(); !built.IsZero() {
		ch <- prometheus.MustNewConstMetric(ageDesc, prometheus.GaugeValue, time.Since(built).Seconds())
	}
}

// instrument counts each request by its route pattern, method and status,
// and times it. Every label is drawn from a fixed set, whatever the request
// holds: a label value made from request input would let each invented
// method or path add a series, growing memory and /metrics without bound.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := m.routeLabel(r)
		m.requests.WithLabelValues(route, methodLabel(r.Method), codeLabel(ww.Status())).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// knownRoutes records the server's route patterns, the only values the
// route label may take besides "unmatched".
func (m *metrics) knownRoutes(routes chi.Routes) {
	known := map[string]bool{}
	// Walk fails only when the function it calls does, and this one cannot.
	_ = chi.Walk(routes, func(_ string, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		known[route] = true
		return nil
	})
	m.routes = known
}

// routeLabel is the chi pattern of the route that answered r, or
// "unmatched" when no listed route did: never the raw path.
func (m *metrics) routeLabel(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); m.routes[p] {
			return p
		}
	}
	return "unmatched"
}

// methodLabel is the method if it is one HTTP defines, else "other": a
// client may send any token as its method.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "other"
}

// codeLabel is the status code if it is a real one (100–599), else
// "other"; a handler that wrote nothing answered 200.
func codeLabel(status int) string {
	switch {
	case status == 0:
		return "200"
	case status >= 100 && status <= 599:
		return strconv.Itoa(status)
	}
	return "other"
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
