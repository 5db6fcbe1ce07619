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
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// newMetrics builds the metrics of this process when --metrics-addr asks
// for them: the chrome cache's counts and the scheduled articles waiting
// come from the site and the store at each scrape.
func (m *Main) newMetrics(s *site.Site) *metrics.Metrics {
	mt := metrics.New()
	mt.CacheCounts("chrome", s.ChromeCacheCounts)
	for _, st := range []store.Store{m.Store, m.ReadStore} {
		if timed, ok := st.(interface{ SetQueryObserver(func(time.Duration)) }); ok {
			timed.SetQueryObserver(mt.ObserveQuery)
		}
	}
	mt.Gauge("masthead_scheduled_articles", "Articles scheduled and waiting for the scheduler to publish them.",
		func(ctx context.Context) (int, error) {
			return m.Store.CountArticles(ctx, store.ArticleFilter{Status: news.StatusScheduled})
		})
	return mt
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
