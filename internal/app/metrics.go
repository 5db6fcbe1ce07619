package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/mastheadhq/masthead/internal/metrics"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// newMetrics builds the metrics of this process when --metrics-addr asks
// for them: the chrome cache's counts and the scheduled articles waiting
// come from the site and the store at each scrape.
func (m *Main) newMetrics(s *site.Site) *metrics.Metrics {
	mt := metrics.New()
	mt.CacheCounts("chrome", s.ChromeCacheCounts)
	mt.CacheCounts("parts", s.PartCounts)
	for _, st := range []store.Store{m.Store, m.ReadStore} {
		if timed, ok := st.(interface{ SetQueryObserver(func(time.Duration)) }); ok {
			timed.SetQueryObserver(mt.ObserveQuery)
		}
	}
	mt.Gauge("masthead_scheduled_articles", "Articles scheduled and waiting for the scheduler to publish them.",
		func(ctx context.Context) (int, error) {
			return m.Store.CountArticles(ctx, store.ArticleFilter{Status: news.StatusScheduled})
		})
	mt.GaugeSet("masthead_job_queue",
		"Background work waiting (due) or under way (running), by job, read from the database at each scrape.",
		[]string{"job", "state"}, m.jobQueueSamples)
	if _, ok := m.Store.(*sqlite.DB); ok {
		mt.GaugeSet("masthead_sqlite_page_cache_bytes",
			"SQLite's cached pages, in the server's shared pool and outside it (every page, when there is no pool).",
			[]string{"where"}, sqlitePageCacheSamples)
	}
	return mt
}

// sqlitePageCacheSamples reports sqlite.PageCacheUse.
func sqlitePageCacheSamples(context.Context) []metrics.Sample {
	pooled, outside := sqlite.PageCacheUse()
	return []metrics.Sample{
		{Labels: []string{"pool"}, Value: float64(pooled)},
		{Labels: []string{"outside"}, Value: float64(outside)},
	}
}

// scheduledPublishing names the scheduler's queue among the periodic jobs
// in the job queue metric.
const scheduledPublishing = "publish_scheduled"

// jobQueueSamples reports the job queue: the scheduled articles due for
// publishing, and each periodic job's runs under way and due again after
// their node gave up. Every job this node runs has both series even when
// idle, so that a dashboard's query finds them; a failed read reports -1.
func (m *Main) jobQueueSamples(ctx context.Context) []metrics.Sample {
	counts := map[string]*store.JobRuns{}
	var names []string
	for _, j := range m.Periodic().Jobs {
		counts[j.Name] = &store.JobRuns{Job: j.Name}
		names = append(names, j.Name)
	}
	due := 0
	q, err := m.Store.JobQueue(ctx, time.Now())
	if err != nil {
		m.Log.WarnContext(ctx, "metrics: read the job queue", "err", err)
		due = -1
		for _, c := range counts {
			c.Running, c.Due = -1, -1
		}
	}
	if err == nil {
		due = q.DueArticles
		for _, r := range q.Runs {
			if counts[r.Job] == nil {
				names = append(names, r.Job) // a job this node does not run
			}
			counts[r.Job] = &r
		}
	}
	// Scheduled articles are published in one transaction each tick, so
	// they are never seen running.
	samples := []metrics.Sample{{Labels: []string{scheduledPublishing, "due"}, Value: float64(due)}}
	for _, name := range names {
		c := counts[name]
		samples = append(samples,
			metrics.Sample{Labels: []string{name, "due"}, Value: float64(c.Due)},
			metrics.Sample{Labels: []string{name, "running"}, Value: float64(c.Running)})
	}
	return samples
}

// MetricsHandler serves the Prometheus metrics page, which is never on the
// public site; it answers 404 when --metrics-addr is not set.
func (m *Main) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	if m.metrics != nil {
		mux.Handle("GET /metrics", m.metrics.Handler())
	}
	return mux
}

// serveMetrics serves the metrics page on --metrics-addr until ctx ends.
func (m *Main) serveMetrics(ctx context.Context) error {
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("--metrics-addr: %w", err)
	}
	m.Log.Info("metrics are served", "addr", "http://"+ln.Addr().String()+"/metrics")
	srv := web.NewServer(ln.Addr().String(), m.MetricsHandler(), m.Log)
	if err := srv.Serve(ctx, ln, drainTimeout); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
