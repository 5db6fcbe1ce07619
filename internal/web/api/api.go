// Package api serves Masthead's JSON APIs: the read-only Content API in
// Ghost's shape under /ghost/api/content/ (and /api/content/), which
// Ghost's own clients and front-end starters use unchanged, and Masthead's
// own read/write API under /api/v1/. Handlers are methods on API and
// return errors; each surface maps them to its own error body in one
// place.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// API holds what the API handlers depend on.
type API struct {
	store    store.Store
	log      *slog.Logger
	now      func() time.Time
	newsroom *newsroom.Newsroom
	media    *media.Library
	limiter  *auth.Limiter // requests per admin token
}

// Config is what New needs.
type Config struct {
	// Store is where the Content API reads and keys are checked.
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time
	// Media takes uploads; without it /api/v1/media refuses them.
	Media *media.Library
	// RateLimit is how many requests one admin token may make per
	// RateWindow; zero takes DefaultRateLimit per minute.
	RateLimit  int
	RateWindow time.Duration
}

// DefaultRateLimit is how many requests an admin token may make a minute:
// plenty for an importer or an app's editors, little for a runaway loop.
const DefaultRateLimit = 600

// New returns a ready API.
func New(cfg Config) *API {
	a := &API{store: cfg.Store, log: cfg.Logger, now: cfg.Now, media: cfg.Media}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	limit, window := cfg.RateLimit, cfg.RateWindow
	if limit <= 0 {
		limit = DefaultRateLimit
	}
	if window <= 0 {
		window = time.Minute
	}
	a.limiter = auth.NewLimiter(cfg.Store, "api-token", limit, window)
	a.limiter.Now = a.now
	a.newsroom = &newsroom.Newsroom{Store: cfg.Store, Now: a.now}
	return a
}

// Routes registers the APIs' addresses.
func (a *API) Routes(mux *web.Mux) {
	a.contentRoutes(mux)
	a.v1Routes(mux)
}

// baseURL is the publication's absolute address: the configured one, or
// the one the request came in on.
func baseURL(settings news.Settings, r *http.Request) string {
	if settings.BaseURL != "" {
		return strings.TrimRight(settings.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
