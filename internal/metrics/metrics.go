// Package metrics owns what Masthead tells Prometheus: request latency by
// route, database round-trip time, the chrome and page caches' hits and
// misses, the scheduled articles waiting, the background job queue, and
// the Go runtime's own figures. It keeps its own registry, so that nothing
// registers behind its back and tests can build several.
// The metrics page is never part of the public site: the app serves it
// only on a listener of its own (--metrics-addr).
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's registry and the collectors the middleware
// feeds.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	queries  prometheus.Histogram
}

// New returns a registry holding the request histogram and the Go runtime
// and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "masthead_http_request_duration_seconds",
			Help: "Time to serve a request, by route pattern and status class.",
			// From a cached page to a slow search or upload.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "status"}),
		queries: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "masthead_db_query_seconds",
			Help: "Time of each database round trip (a statement, or a batch of them), from the driver's view.",
			// From an index lookup to a slow search.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
	}
	m.registry.MustRegister(m.requests, m.queries,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// CacheCounts registers the hits and misses of a cache that counts its
// own, read at each scrape.
func (m *Metrics) CacheCounts(cache string, counts func() (hits, misses uint64)) {
	for _, result := range []string{"hit", "miss"} {
		m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "masthead_cache_requests_total",
			Help:        "Lookups in an in-process cache, by result.",
			ConstLabels: prometheus.Labels{"cache": cache, "result": result},
		}, func() float64 {
			hits, misses := counts()
			if result == "hit" {
				return float64(hits)
			}
			return float64(misses)
		}))
	}
}

// Gauge registers a figure read at each scrape, with a deadline so that a
// slow database cannot hang the scrape; a failed read reports -1.
func (m *Metrics) Gauge(name, help string, read func(context.Context) (int, error)) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := read(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
}

// Sample is one series of a labelled gauge: its label values, in the
// order the gauge names its labels, and its value.
type Sample struct {
	Labels []string
	Value  float64
}

// GaugeSet registers a gauge with labels whose series are all read at
// each scrape, with the same deadline as Gauge. read reports its own
// failures in the values it returns (-1, as Gauge does), so that a
// dashboard sees a failed read rather than series that vanish.
func (m *Metrics) GaugeSet(name, help string, labels []string, read func(context.Context) []Sample) {
	m.registry.MustRegister(&gaugeSet{desc: prometheus.NewDesc(name, help, labels, nil), read: read})
}

// gaugeSet is a collector whose series are not known until it is read.
type gaugeSet struct {
	desc *prometheus.Desc
	read func(context.Context) []Sample
}

func (g *gaugeSet) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

func (g *gaugeSet) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, s := range g.read(ctx) {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, s.Value, s.Labels...)
	}
}

// Measure times every request that next serves. next must be the
// ServeMux itself: the mux sets r.Pattern on the request it is given,
// which is how requests are grouped by route and not by path (paths are
// unbounded, and each would be a series of its own).
func (m *Metrics) Measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, statusClass(sw.status)).Observe(time.Since(start).Seconds())
	})
}

// ObserveQuery records one database round trip.
func (m *Metrics) ObserveQuery(d time.Duration) { m.queries.Observe(d.Seconds()) }

// RouteTimer returns the request-time histogram of one route and status,
// for responses served without passing through Measure (page-cache hits,
// which skip routing). Resolving the labels once keeps them off the path
// of each hit.
func (m *Metrics) RouteTimer(route string, status int) prometheus.Observer {
	return m.requests.WithLabelValues(route, statusClass(status))
}

func statusClass(status int) string {
	if status == 0 {
		status = http.StatusOK
	}
	return strconv.Itoa(status/100) + "xx"
}

// statusWriter records the status the handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
