package api

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/web"
)

// contentPrefixes are where the Content API answers: Ghost's own path,
// which its clients build from the site's address, a shorter one, and the
// versioned paths that clients configured for Ghost 2 to 4 still build
// (Ghost 5 and later answer those too, in the current shape).
var contentPrefixes = []string{
	"/ghost/api/content/", "/api/content/",
	"/ghost/api/v2/content/", "/ghost/api/v3/content/", "/ghost/api/v4/content/", "/ghost/api/canary/content/",
}

// contentVersion is the Ghost Content API version Masthead answers as.
const contentVersion = "v6.0"

func (a *API) contentRoutes(mux *web.Mux) {
	for _, p := range contentPrefixes {
		for _, res := range []string{"posts", "pages", "tags", "authors"} {
			mux.Handle("GET "+p+res+"/{$}", a.ghostHandler(a.withContentKey(a.browse(res))))
			mux.Handle("GET "+p+res+"/{id}/{$}", a.ghostHandler(a.withContentKey(a.readByID(res))))
			mux.Handle("GET "+p+res+"/slug/{slug}/{$}", a.ghostHandler(a.withContentKey(a.readBySlug(res))))
		}
		mux.Handle("GET "+p+"tiers/{$}", a.ghostHandler(a.withContentKey(a.browseTiers)))
		mux.Handle("GET "+p+"newsletters/{$}", a.ghostHandler(a.withContentKey(a.browseNewsletters)))
		mux.Handle("GET "+p+"offers/{id}/{$}", a.ghostHandler(a.withContentKey(a.readOffer)))
		mux.Handle("GET "+p+"settings/{$}", a.ghostHandler(a.withContentKey(a.browseSettings)))
		mux.Handle("OPTIONS "+p+"{path...}", http.HandlerFunc(preflight))
		mux.Handle("GET "+p+"{path...}", a.ghostHandler(func(http.ResponseWriter, *http.Request) error {
			return notFoundError("Resource not found")
		}))
	}
}

// contentHeaders are on every Content API answer. Any site may read it
// from a browser, as Ghost allows: the key is public and the content is
// what readers see.
func contentHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Content-Version", contentVersion)
	h.Add("Vary", "Accept-Version")
	if r.Method == http.MethodGet {
		h.Set("Cache-Control", "public, max-age=0")
	}
}

// preflight answers a browser's CORS check before a cross-site GET.
func preflight(w http.ResponseWriter, r *http.Request) {
	contentHeaders(w, r)
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
		h.Set("Access-Control-Allow-Headers", asked)
		h.Add("Vary", "Access-Control-Request-Headers")
	}
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

var acceptVersion = regexp.MustCompile(`^v\d+(\.\d+)?$`)

// withContentKey lets a request through only with a working Content API
// key, answering as Ghost does when it is missing or unknown.
func (a *API) withContentKey(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if v := r.Header.Get("Accept-Version"); v != "" && !acceptVersion.MatchString(strings.TrimSpace(v)) {
			return badRequest("Requested version is not supported.", "Accept-Version must look like v6.0, not "+quoteShort(v)+".")
		}
		keys := r.URL.Query()["key"]
		switch {
		case len(keys) == 0:
			return &ghostError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: "Authorization failed",
				Context: "Unable to determine the authenticated member or integration. Check the supplied Content API Key and ensure cookies are being passed through if member auth is failing."}
		case len(keys) > 1:
			return badRequest("Invalid Request", "Multiple keys provided.")
		}
		k, err := a.store.ActiveAPIKey(r.Context(), auth.HashAPISecret(keys[0]))
		if errors.Is(err, news.ErrNotFound) || (err == nil && k.Kind != news.APIKeyContent) {
			return &ghostError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: "Unknown Content API Key"}
		}
		if err != nil {
			return err
		}
		return h(w, r)
	}
}

func quoteShort(s string) string {
	if len(s) > 20 {
		s = s[:20] + "…"
	}
	return "“" + s + "”"
}
