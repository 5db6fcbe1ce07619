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

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// API holds what the API handlers depend on.
type API struct {
	store store.Store // reads for the Content API may come from a replica
	log   *slog.Logger
	now   func() time.Time
}

// Config is what New needs.
type Config struct {
	// Store is where the Content API reads and keys are checked.
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time
}

// New returns a ready API.
func New(cfg Config) *API {
	a := &API{store: cfg.Store, log: cfg.Logger, now: cfg.Now}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a
}

// Routes registers the APIs' addresses.
func (a *API) Routes(mux *web.Mux) {
	a.contentRoutes(mux)
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
