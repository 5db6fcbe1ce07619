package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/web"
)

func TestAllowImagesFromWidensImgSrcOnly(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("page")) })
	own := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	})
	csp := func(h http.Handler) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		return rec.Header().Get("Content-Security-Policy")
	}
	plain := csp(web.Chain(page, log))
	widened := csp(web.Chain(web.AllowImagesFrom(page, []string{"https://cdn.example"}), log))
	if !strings.Contains(widened, "img-src 'self' data: https://cdn.example;") ||
		strings.Replace(widened, " https://cdn.example", "", 1) != plain {
		t.Errorf("widened policy %q from %q", widened, plain)
	}
	if got := csp(web.Chain(web.AllowImagesFrom(page, nil), log)); got != plain {
		t.Errorf("no origins changed the policy: %q", got)
	}
	if got := csp(web.Chain(web.AllowImagesFrom(own, []string{"https://cdn.example"}), log)); got != "default-src 'none'; sandbox" {
		t.Errorf("a response's own policy became %q", got)
	}
}
