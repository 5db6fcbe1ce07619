// Package app wires Masthead together: configuration, logging, the store
// chosen by the DSN, media storage, the web surfaces and the server. It is
// the only package that imports concrete backends.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/demo"
	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/metrics"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/readers"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/web/admin"
	"github.com/mastheadhq/masthead/internal/web/api"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
	"github.com/mastheadhq/masthead/internal/web/site"
	"github.com/mastheadhq/masthead/internal/webhooks"
)

// drainTimeout is how long a shutdown waits for requests in flight.
const drainTimeout = 15 * time.Second

// Main is one running publication: its store, media and web handler.
type Main struct {
	Config config.Config
	Log    *slog.Logger
	Store  store.Store
	// ReadStore serves the reader pages: a replica given by --db-read, or
	// Store itself.
	ReadStore store.Store
	Media     media.Storage
	// Changes follows the primary database's change version, so that
	// caches on this node drop what other nodes (or this one) changed.
	Changes *store.ChangeFeed
	// Node names this process among the nodes that share the database,
	// in claims of periodic jobs.
	Node string
	// MailSender delivers mail (SMTP, or files in <data>/mail); account
	// mail goes through MailQueue, the newsletter straight through it.
	MailSender mail.Sender
	MailQueue  *mail.Queue
	// Readers runs reader accounts and subscriptions; Newsletter sends
	// the daily digest and section alerts.
	Readers    *readers.Service
	Newsletter *mail.Mailer

	handler  http.Handler
	metrics  *metrics.Metrics
	pages    *pagecache.Cache
	purger   *purger
	routes   []string
	stopFeed func()
}

// Open connects to the publication's database (running migrations), opens
// its media folder and builds the web handler.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*Main, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	m := &Main{Config: cfg, Log: log, Store: st, Node: nodeName()}
	m.Media, err = openMedia(ctx, cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	if err := m.applyConfig(ctx); err != nil {
		st.Close()
		return nil, err
	}
	m.ReadStore = st
	if cfg.DBRead != "" {
		if m.ReadStore, err = postgres.OpenReplica(ctx, cfg.DBRead); err != nil {
			st.Close()
			return nil, fmt.Errorf("--db-read: %w", err)
		}
	}
	if err := m.followChanges(ctx); err != nil {
		m.Close()
		return nil, err
	}
	if err := m.openMail(); err != nil {
		m.Close()
		return nil, err
	}
	s, err := site.New(site.Config{Store: m.ReadStore, Media: m.Media, ThemeDir: cfg.ThemeDir, Logger: log,
		Changes: m.Changes, Readers: m.Readers, ReadsReplica: m.ReadStore != m.Store})
	if err != nil {
		m.Close()
		return nil, err
	}
	library := &media.Library{Storage: m.Media, MaxBytes: cfg.MaxUpload, MaxPixels: cfg.MaxPixels, Worker: cfg.MediaWorker}
	newsroomUI, err := admin.New(admin.Config{Store: st, Logger: log, Media: library, WebhooksAllowPrivate: cfg.WebhooksAllowPrivate,
		WireAllowPrivate: cfg.WireAllowPrivate})
	if err != nil {
		m.Close()
		return nil, err
	}
	mux := web.NewMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", m.readyz)
	s.Routes(mux)
	newsroomUI.Routes(mux)
	api.New(api.Config{Store: st, Logger: log, Media: library}).Routes(mux)
	// Further editions' addresses (/az/…) reach the same routes.
	var h http.Handler = s.EditionPrefixes(mux)
	if cfg.MetricsAddr != "" {
		m.metrics = m.newMetrics(s)
		h = m.metrics.Measure(h)
	}
	origins, err := cfg.ImageOriginList()
	if err != nil {
		m.Close()
		return nil, err
	}
	m.handler = web.Chain(web.AllowImagesFrom(h, origins), log, cfg.TrustedProxies...)
	// The page cache answers hits before anything else (see
	// internal/web/pagecache); misses go through the chain.
	if m.pages = m.newPageCache(s); m.pages != nil {
		m.handler = m.pages.Handler(m.handler)
		if m.metrics != nil {
			m.metrics.CacheCounts("page", func() (uint64, uint64) {
				st := m.pages.Stats()
				return st.Hits, st.Misses
			})
			m.metrics.Gauge("masthead_page_cache_bytes", "Memory the page cache holds: pages in every encoding, headers and keys.",
				func(context.Context) (int, error) { return int(m.pages.Stats().Bytes), nil })
		}
	}
	m.routes = mux.Patterns()
	return m, nil
}

// openStore opens the publication's database as the configuration names
// it: --db, or the SQLite file in --data.
func openStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	if _, _, err := cfg.Database(); err != nil {
		return nil, err
	}
	return openDatabase(ctx, cfg.DSN())
}

// openDatabase opens the database a DSN names with the backend its scheme
// chooses, running migrations. Every command opens databases through it,
// so that "db copy" reads and writes them exactly as serve will.
func openDatabase(ctx context.Context, dsn string) (store.Store, error) {
	kind, target, err := config.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("database %q: %w", config.Redact(dsn), err)
	}
	switch kind {
	case "sqlite":
		return sqlite.Open(ctx, target)
	case "postgres":
		return postgres.Open(ctx, target)
	}
	return nil, fmt.Errorf("unsupported database %q", kind)
}

// openMedia returns the object storage the configuration names, or the
// media folder inside --data.
func openMedia(ctx context.Context, cfg config.Config) (media.Storage, error) {
	if cfg.S3.Bucket == "" {
		return media.NewFolder(filepath.Join(cfg.DataDir, "media"))
	}
	s3, err := media.NewS3(ctx, media.S3Config{
		Bucket: cfg.S3.Bucket, Endpoint: cfg.S3.Endpoint, Region: cfg.S3.Region,
		AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey, Prefix: cfg.S3.Prefix, PathStyle: cfg.S3.PathStyle,
	})
	if err != nil {
		return nil, fmt.Errorf("media storage: %w", err)
	}
	return s3, nil
}

// applyConfig saves settings given at start-up that belong to the
// publication, such as its public address.
func (m *Main) applyConfig(ctx context.Context) error {
	if m.Config.BaseURL == "" {
		return nil
	}
	s, err := m.Store.Settings(ctx)
	if err != nil && !errors.Is(err, errNotFound) {
		return err
	}
	if s.BaseURL == m.Config.BaseURL {
		return nil
	}
	s.BaseURL = m.Config.BaseURL
	return m.Store.SaveSettings(ctx, s)
}

// SeedDemo fills an empty publication with the demo content; a publication
// that has content is left alone.
func (m *Main) SeedDemo(ctx context.Context, now time.Time) error {
	lib := &media.Library{Storage: m.Media}
	start := time.Now()
	empty, err := m.Store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		m.Log.Info("demo: the database has content; leaving it as it is")
		return nil
	}
	if err := demo.Seed(ctx, m.Store, lib, now); err != nil {
		return fmt.Errorf("demo publication: %w", err)
	}
	m.Log.Info("demo publication created", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Handler is the whole site behind the shared middleware.
func (m *Main) Handler() http.Handler { return m.handler }

// Routes lists every route pattern the handler serves, e.g.
// "POST /admin/articles/{id}/{$}", so tests can walk them all.
func (m *Main) Routes() []string { return m.routes }

// Serve serves on ln until ctx is done, then drains requests in flight.
// Background jobs run alongside for as long as it serves.
func (m *Main) Serve(ctx context.Context, ln net.Listener) error {
	jobsCtx, stopJobs := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.Scheduler().Run(jobsCtx)
	}()
	wg.Go(func() { m.Periodic().Run(jobsCtx) })
	wg.Go(func() { m.Webhooks().Run(jobsCtx) })
	if l, ok := m.ReadStore.(relatedLoader); ok {
		// Loaded now, beside the first pages, rather than by the first
		// page that ranks related stories.
		wg.Go(func() {
			if err := l.LoadRelatedIndex(jobsCtx); err != nil && jobsCtx.Err() == nil {
				m.Log.Warn("related stories are ranked in SQL until the index loads", "err", err)
			}
		})
	}
	if m.metrics != nil {
		wg.Go(func() {
			if err := m.serveMetrics(jobsCtx); err != nil {
				m.Log.Error("metrics server stopped", "err", err)
			}
		})
	}
	srv := web.NewServer(ln.Addr().String(), m.handler, m.Log)
	if m.pages != nil && m.Config.ExpressLane {
		srv.Express(m.pages)
	}
	err := srv.Serve(ctx, ln, drainTimeout)
	stopJobs()
	wg.Wait()
	return err
}

// relatedLoader is a store that ranks related stories in memory once it
// has loaded what they are ranked by (SQLite's).
type relatedLoader interface {
	LoadRelatedIndex(ctx context.Context) error
}

// Scheduler returns the job that publishes scheduled articles. Each
// article it publishes is told to webhooks, as a publication by hand is.
func (m *Main) Scheduler() *jobs.Scheduler {
	return &jobs.Scheduler{Store: m.Store, Log: m.Log, Published: func(ctx context.Context, a news.Article) {
		if err := newsroom.QueueArticleEvent(ctx, m.Store, news.EventArticlePublished, a, time.Now()); err != nil {
			m.Log.Error("webhook event not queued", "article", a.ID, "err", err)
		}
	}}
}

// Webhooks returns the dispatcher that delivers queued webhook events.
func (m *Main) Webhooks() *webhooks.Dispatcher {
	return &webhooks.Dispatcher{Store: m.Store, Log: m.Log, AllowPrivate: m.Config.WebhooksAllowPrivate}
}

// Close stops following changes and releases the database.
func (m *Main) Close() error {
	if m.stopFeed != nil {
		m.stopFeed()
	}
	if m.MailQueue != nil {
		m.MailQueue.Close()
	}
	if m.pages != nil {
		m.pages.Close()
	}
	if m.purger != nil {
		m.purger.close()
	}
	if m.ReadStore != nil && m.ReadStore != m.Store {
		return errors.Join(m.ReadStore.Close(), m.Store.Close())
	}
	return m.Store.Close()
}

func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n")) //nolint:errcheck
}

// readyz tells a load balancer whether this node can serve: the database
// answers (migrations ran when it was opened).
func (m *Main) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := m.Store.Ping(ctx)
	if err == nil && m.ReadStore != m.Store {
		err = m.ReadStore.Ping(ctx)
	}
	if err != nil {
		m.Log.Warn("readiness check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n")) //nolint:errcheck
		return
	}
	w.Write([]byte("ready\n")) //nolint:errcheck
}
