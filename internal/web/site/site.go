// Package site serves the reader-facing publication: home, articles,
// sections, topics, authors, static pages and their designed error pages.
// Handlers are methods on Site and return errors; one adapter turns an
// error into the right status page.
package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/readers"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/theme"
)

// Site holds what the reader pages depend on.
type Site struct {
	store store.Store
	theme *theme.Theme
	media media.Storage
	log   *slog.Logger
	now   func() time.Time
	sizes sizeCache // media file sizes for feed enclosures
	// chromes caches what every page shows around its content, when a
	// change feed keeps it current; nil reads it for every page.
	chromes *chromeCache
	// readers runs reader accounts and the newsletter; nil leaves the
	// sign-in page a placeholder.
	readers *readers.Service
	// horizon, with a change feed, is when cached pages expire by the
	// clock alone; nil keeps no page in the page cache.
	horizon *horizon
	// latest keeps the newest stories between changes; nil reads them
	// for every page.
	latest *latestCache
	// parts keeps the header and footer rendered; columns, by edition,
	// article pages' latest column (partMemo).
	parts   partMemo
	columns sync.Map // edition code → *partMemo
	// readsReplica is set when store is a read replica that may lag.
	readsReplica bool
}

// Config is what New needs to build a Site.
type Config struct {
	Store    store.Store
	Media    media.Storage
	ThemeDir string // optional overlay over the embedded theme
	Logger   *slog.Logger
	Now      func() time.Time // defaults to time.Now
	// Changes, when set, lets the site cache between changes what every
	// page loads (chrome_cache.go). It must follow the primary database,
	// whatever Store reads from.
	Changes *store.ChangeFeed
	// Readers, when set, opens reader accounts and the newsletter.
	Readers *readers.Service
	// ReadsReplica says that Store is a replica that may lag behind the
	// primary the change feed follows: pages for the page cache then
	// check that it has caught up before they are kept.
	ReadsReplica bool
}

// New loads the theme and returns a Site ready to serve.
func New(cfg Config) (*Site, error) {
	if cfg.Store == nil || cfg.Media == nil {
		return nil, errors.New("site: store and media are required")
	}
	th, err := theme.Load(cfg.ThemeDir, templateFuncs())
	if err != nil {
		return nil, err
	}
	s := &Site{store: cfg.Store, theme: th, media: cfg.Media, log: cfg.Logger, now: cfg.Now, readers: cfg.Readers}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if cfg.Changes != nil {
		s.chromes = newChromeCache(cfg.Changes)
		s.horizon = newHorizon(cfg.Changes)
		s.latest = newLatestCache(cfg.Changes)
	}
	s.readsReplica = cfg.ReadsReplica
	return s, nil
}

// Theme returns the loaded theme, for tests and asset checks.
func (s *Site) Theme() *theme.Theme { return s.theme }

// handlerFunc is a reader-page handler that reports failure as an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: a news.ErrNotFound becomes the designed 404
// page, anything else is logged and becomes the designed 500 page. The
// error text never reaches the reader.
func (s *Site) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if errors.Is(err, context.Canceled) {
			return
		}
		status := http.StatusInternalServerError
		if errors.Is(err, news.ErrNotFound) {
			if r.Method == http.MethodGet && s.redirect(w, r) {
				return
			}
			status = http.StatusNotFound
		} else {
			s.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err)
		}
		s.renderError(w, r, status)
	})
}

// notFound is an error that the adapter turns into the 404 page.
func notFound(what string) error {
	return fmt.Errorf("%s: %w", what, news.ErrNotFound)
}

func (s *Site) renderError(w http.ResponseWriter, r *http.Request, status int) {
	page := errorPage{Status: status}
	base, err := s.base(r)
	if err == nil {
		page.basePage = base
		page.Title = http.StatusText(status)
		if status == http.StatusNotFound {
			page.Title = s.theme.T(page.Lang, "Page not found")
		}
		page.NoIndex = true
		if status == http.StatusNotFound {
			page.Latest, _ = s.latestCards(r.Context(), page.chrome, 6, 0, nil)
		}
		if body, err := s.theme.Render("error", page); err == nil {
			writeHTML(w, status, body)
			return
		} else {
			s.log.ErrorContext(r.Context(), "error page failed", "err", err)
		}
	}
	// The designed page could not be made (the database is down, say):
	// fall back to plain text rather than nothing.
	http.Error(w, http.StatusText(status), status)
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	w.Write(body) //nolint:errcheck // a failed write means the reader left
}

// render writes a page template with status 200.
func (s *Site) render(w http.ResponseWriter, name string, page any) error {
	if p, ok := page.(interface{ readerID() int64 }); ok && p.readerID() != 0 {
		// A page with the reader's name and buttons is theirs alone.
		if w.Header().Get("Cache-Control") == "" {
			w.Header().Set("Cache-Control", "private, no-cache")
		}
		if h, ok := page.(cardHolder); ok {
			if err := s.markSaved(h); err != nil {
				return err
			}
		}
	}
	body, err := s.theme.Render(name, page)
	if err != nil {
		return err
	}
	writeHTML(w, http.StatusOK, body)
	return nil
}

func templateFuncs() template.FuncMap {
	return template.FuncMap{}
}
