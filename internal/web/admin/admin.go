// Package admin serves the newsroom under /admin/: signing staff in and
// out, the one-time set-up of the first administrator, and the editorial
// dashboard. Handlers are methods on Admin and return errors; permission
// checks come from internal/newsroom.
package admin

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"github.com/mastheadhq/masthead/internal/web"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

//go:embed templates/*.html templates/*.css templates/*.js
var files embed.FS

// Admin holds what the newsroom pages depend on.
type Admin struct {
	store    store.Store
	log      *slog.Logger
	now      func() time.Time
	pages    *template.Template
	css      []byte
	params   auth.PasswordParams
	newsroom *newsroom.Newsroom
	script   []byte        // the article editor's own behaviour
	accounts *auth.Limiter // failed sign-ins per email address (in the store: all nodes count)
	clients  *auth.Limiter // failed sign-ins per client address (likewise)
	media    *media.Library
	// webhooksAllowPrivate, wireAllowPrivate: see Config.
	webhooksAllowPrivate bool
	wireAllowPrivate     bool
}

// Config is what New needs.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time
	// PasswordParams defaults to auth.DefaultPasswordParams.
	PasswordParams *auth.PasswordParams
	// Media takes uploads for the media library; without it the library
	// pages are not served.
	Media *media.Library
	// WebhooksAllowPrivate lets administrators register webhooks for
	// private and loopback addresses.
	WebhooksAllowPrivate bool
	// WireAllowPrivate lets editors add wire sources on private and
	// loopback addresses.
	WireAllowPrivate bool
}

// Sign-in limits: enough for a forgetful person, far too few for guessing.
const (
	accountFailures = 5
	clientFailures  = 20
	failureWindow   = 15 * time.Minute
)

// New parses the newsroom templates and returns a ready Admin.
func New(cfg Config) (*Admin, error) {
	pages, err := template.ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	css, err := files.ReadFile("templates/admin.css")
	if err != nil {
		return nil, err
	}
	script, err := files.ReadFile("templates/article.js")
	if err != nil {
		return nil, err
	}
	a := &Admin{
		store: cfg.Store, log: cfg.Logger, now: cfg.Now, pages: pages, css: css, script: script,
		params:               auth.DefaultPasswordParams,
		accounts:             auth.NewLimiter(cfg.Store, "staff-account", accountFailures, failureWindow),
		clients:              auth.NewLimiter(cfg.Store, "staff-client", clientFailures, failureWindow),
		media:                cfg.Media,
		webhooksAllowPrivate: cfg.WebhooksAllowPrivate,
		wireAllowPrivate:     cfg.WireAllowPrivate,
	}
	if cfg.PasswordParams != nil {
		a.params = *cfg.PasswordParams
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	a.newsroom = &newsroom.Newsroom{Store: a.store, Now: a.now}
	return a, nil
}

// Routes registers the newsroom's addresses.
func (a *Admin) Routes(mux *web.Mux) {
	mux.Handle("GET /admin/{$}", a.signedIn(a.dashboard))
	mux.Handle("GET /admin/login", a.handle(a.loginForm))
	mux.Handle("POST /admin/login", a.handle(a.login))
	mux.Handle("POST /admin/logout", a.signedIn(a.logout))
	mux.Handle("POST /admin/logout-everywhere", a.signedIn(a.logoutEverywhere))
	mux.Handle("GET /admin/setup", a.handle(a.setupForm))
	mux.Handle("POST /admin/setup", a.handle(a.setup))
	mux.HandleFunc("GET /admin/admin.css", a.stylesheet)
	a.articleRoutes(mux)
	a.manageRoutes(mux)
	a.integrationRoutes(mux)
	a.wireRoutes(mux)
	mux.HandleFunc("GET /admin/static/{file}", serveStatic)
	if a.media != nil {
		a.mediaRoutes(mux)
	}

	// Staff, the audit log, one's own account and two-factor sign-in.
	mux.Handle("GET /admin/login/code", a.handle(a.codeForm))
	mux.Handle("POST /admin/login/code", a.handle(a.checkCode))
	mux.Handle("GET /admin/audit", a.signedIn(a.permitted(newsroom.ViewAuditLog, a.auditLog)))
	mux.Handle("GET /admin/subscribers/{$}", a.signedIn(a.permitted(newsroom.ViewSubscribers, a.subscribers)))
	mux.Handle("GET /admin/subscribers.csv", a.signedIn(a.permitted(newsroom.ExportSubscribers, a.subscribersCSV)))
	mux.Handle("GET /admin/users/{$}", a.signedIn(a.permitted(newsroom.ManageUsers, a.staffList)))
	mux.Handle("POST /admin/users/{$}", a.signedIn(a.permitted(newsroom.ManageUsers, a.createStaff)))
	mux.Handle("GET /admin/users/{id}", a.signedIn(a.permitted(newsroom.ManageUsers, a.staffPage)))
	mux.Handle("POST /admin/users/{id}/role", a.signedIn(a.permitted(newsroom.ManageUsers, a.changeRole)))
	mux.Handle("POST /admin/users/{id}/disable", a.signedIn(a.permitted(newsroom.ManageUsers, a.disableStaff)))
	mux.Handle("POST /admin/users/{id}/enable", a.signedIn(a.permitted(newsroom.ManageUsers, a.enableStaff)))
	mux.Handle("POST /admin/users/{id}/password", a.signedIn(a.permitted(newsroom.ManageUsers, a.resetStaffPassword)))
	mux.Handle("POST /admin/users/{id}/signout", a.signedIn(a.permitted(newsroom.ManageUsers, a.signOutStaff)))
	mux.Handle("POST /admin/users/{id}/totp-off", a.signedIn(a.permitted(newsroom.ManageUsers, a.resetStaffTOTP)))
	mux.Handle("GET /admin/account", a.signedIn(a.account))
	mux.Handle("POST /admin/account/name", a.signedIn(a.renameAccount))
	mux.Handle("POST /admin/account/password", a.signedIn(a.changeOwnPassword))
	mux.Handle("POST /admin/account/sessions/end", a.signedIn(a.endOwnSession))
	mux.Handle("GET /admin/account/totp", a.signedIn(a.totpSetup))
	mux.Handle("POST /admin/account/totp/new", a.signedIn(a.totpSetup))
	mux.Handle("GET /admin/account/totp.png", a.signedIn(a.totpQRCode))
	mux.Handle("POST /admin/account/totp", a.signedIn(a.enableTOTP))
	mux.Handle("POST /admin/account/totp/off", a.signedIn(a.disableTOTP))
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle turns an error into a plain status page; the newsroom's error
// text never reaches the browser.
func (a *Admin) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, news.ErrNotFound):
			status = http.StatusNotFound
		case errors.Is(err, news.ErrForbidden):
			status = http.StatusForbidden
		case errors.Is(err, news.ErrInvalid):
			status = http.StatusBadRequest
		default:
			a.log.ErrorContext(r.Context(), "newsroom page failed", "path", r.URL.Path, "err", err)
		}
		http.Error(w, http.StatusText(status), status)
	})
}

// render writes a template through a buffer, so a failing template never
// sends half a page.
func (a *Admin) render(w http.ResponseWriter, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := a.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Newsroom pages show unpublished work: never cache them anywhere.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

func (a *Admin) stylesheet(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(a.css) //nolint:errcheck
}

func (a *Admin) articleScript(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(a.script) //nolint:errcheck
}
