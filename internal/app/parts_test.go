package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
)

// TestRenderedPartsAreTheBytesRenderedInPlace compares every page of a
// publication, as a server that keeps headers, footers, banners, article
// newsletter forms and latest columns rendered (the built-in theme) writes it, with the same page from a
// server that renders them in place for each page (a theme directory laid
// over the built-in one, empty: the same templates). Both read one
// database; after each change to what the parts show, both are asked
// again, with their page caches bypassed, and must still agree.
func TestRenderedPartsAreTheBytesRenderedInPlace(t *testing.T) {
	dir := t.TempDir()
	kept := openParts(t, dir, "")
	inPlace := openParts(t, dir, t.TempDir())
	w := seedCacheWorld(t, kept.Store)
	ctx := t.Context()
	// A menu entry for a section marks that page current in the header.
	must(t, kept.Store.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Frontpage", URL: "/"}, {Label: "Sport", URL: "/category/sport/"}}))
	must(t, kept.Store.SetMenu(ctx, news.MenuFooter, []news.MenuItem{{Label: "About", URL: "/about/"}}))
	must(t, kept.Store.SetBanners(ctx, []news.Banner{{Title: "Tide tables", URL: "https://example.org/tides", Image: &w.picture}}))

	compare := func(when string) {
		t.Helper()
		for _, p := range w.htmlPages() {
			a, b := partsPage(t, kept, p), partsPage(t, inPlace, p)
			if !bytes.Equal(a, b) {
				i := 0
				for i < min(len(a), len(b)) && a[i] == b[i] {
					i++
				}
				t.Fatalf("%s, %s: the page with kept parts differs from the page rendered in place at byte %d:\n%s\n---\n%s",
					when, p, i, excerpt(a, i), excerpt(b, i))
			}
		}
	}
	compare("at first")
	compare("asked again")
	// Both keep latest columns, which are the same for any theme; only
	// the built-in theme's pages find their header and footer kept, two
	// for each page asked again.
	if kh, ih := partCount(t, kept, "hit"), partCount(t, inPlace, "hit"); kh < ih+float64(2*len(w.htmlPages())) {
		t.Fatalf("%v parts found rendered already, against %v with a theme of its own: want %d more", kh, ih, 2*len(w.htmlPages()))
	}

	settings, err := kept.Store.Settings(ctx)
	must(t, err)
	settings.Name = "Cache Chronicle"
	must(t, kept.Store.SaveSettings(ctx, settings))
	syncParts(t, kept, inPlace)
	compare("after the publication's name changed")
	if page := partsPage(t, kept, "/about/"); bytes.Count(page, []byte("Cache Chronicle")) < 2 || bytes.Contains(page, []byte("Cache Courier")) {
		t.Errorf("the header and footer do not show the new name")
	}

	must(t, kept.Store.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Sports desk", URL: "/category/sport/"}}))
	must(t, kept.Store.SetBanners(ctx, []news.Banner{{Title: "Ferry times", URL: "https://example.org/ferries"}}))
	w.sport.Name = "Sports"
	must(t, kept.Store.UpdateCategory(ctx, &w.sport))
	syncParts(t, kept, inPlace)
	compare("after a menu, the banners and a section changed")
	if page := partsPage(t, kept, w.articlePaths["quince"]); !bytes.Contains(page, []byte("Ferry times")) || !bytes.Contains(page, []byte("Every new article in Economy")) {
		t.Errorf("an article page does not show the new banner or its section's alert")
	}

	late := w.article(t, "Late edition", "late", w.news, w.oil, w.ann, -1)
	syncParts(t, kept, inPlace)
	compare("after a publication")
	if page := partsPage(t, kept, w.articlePaths["filler"]); !bytes.Contains(page, []byte(late.Title)) {
		t.Errorf("the latest column does not show the new story")
	}
}

func openParts(t *testing.T, dataDir, themeDir string) *app.Main {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.ThemeDir = dataDir, themeDir
	cfg.MetricsAddr = freeAddr(t)
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// partsPage renders path on m, past its page cache (a query string is
// never kept), and returns the page.
func partsPage(t *testing.T, m *app.Main, path string) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+"?fresh", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.Bytes()
}

// syncParts lets the servers hear of the changes made through one of
// them, as their change feeds would within half a second.
func syncParts(t *testing.T, ms ...*app.Main) {
	t.Helper()
	for _, m := range ms {
		must(t, m.Changes.Check(t.Context()))
	}
}

// partCount reads m's count of lookups of kept parts with that result.
func partCount(t *testing.T, m *app.Main, result string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	m.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return max(0, sample(rec.Body.String(), `masthead_cache_requests_total{cache="parts",result="`+result+`"}`))
}

func excerpt(b []byte, at int) string {
	lo, hi := max(0, at-120), min(len(b), at+120)
	return strings.ReplaceAll(string(b[lo:hi]), "\n", "⏎")
}
